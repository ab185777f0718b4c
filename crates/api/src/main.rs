fn main() -> std::process::ExitCode {
    confitrek_api::cli::main()
}
