//! The `confitrek` command.

mod import;
mod rules;
mod storage;

use std::io::{IsTerminal, Read};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use confitrek_domain::people::Email;
use confitrek_domain::permissions::Role;

use crate::app::{Application, openapi};
use crate::auth::passwords;
use crate::auth::tokens::random_token;
use crate::config::Config;
use crate::db::{self, users};

#[derive(Parser)]
#[command(
    name = "confitrek",
    version,
    about = "Training compliance management for law enforcement"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (API and web app), migrating the database first.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create a platform operator. The password is read from standard input, or generated
    /// and printed once when standard input is a terminal or empty.
    CreateOperator {
        #[arg(long)]
        email: String,
    },
    /// Create (or reset the logins of) a demo agency in Minnesota with 25 people and a login
    /// for each role, printed at the end. With --people, a generated agency of that size
    /// with --years of training history instead, the same for the same --seed.
    #[cfg(feature = "demo")]
    Demo {
        /// One password for every demo login; random ones are generated if omitted.
        #[arg(long, env = "CONFITREK_DEMO_PASSWORD", hide_env_values = true)]
        password: Option<String>,
        /// Generate an agency of this many people (at least 4).
        #[arg(long)]
        people: Option<u32>,
        /// Years of training history of a generated agency.
        #[arg(long, default_value_t = 3, requires = "people")]
        years: u32,
        /// Seed of a generated agency: the same seed gives the same agency.
        #[arg(long, default_value_t = 1, requires = "people")]
        seed: u64,
    },
    /// Print the OpenAPI document.
    Openapi,
    /// Restore an agency from the ZIP that `GET /api/v1/exports` downloads, or from the
    /// encrypted one (`.zip.age`) that `POST /api/v1/exports` does, into an instance that does
    /// not hold that agency. The passphrase of an encrypted one is read from
    /// CONFITREK_EXPORT_PASSPHRASE or else from the first line of standard input. Files are
    /// encrypted again with this instance's key; logins come back without passwords, and an
    /// invitation token for each is printed.
    ImportExport {
        /// The export archive (.zip, or .zip.age encrypted with a passphrase).
        file: std::path::PathBuf,
    },
    /// Import a roster (`--kind people`), training history (`training`), credentials,
    /// policy acknowledgements signed on paper (`acknowledgements`) or the course catalog
    /// (`courses`) from a CSV file or a workbook, as the web app's import does: the columns
    /// are mapped by their headers, every row error is printed, and nothing is written while
    /// one is left.
    Import {
        /// The file: CSV, XLSX, XLS or ODS.
        file: std::path::PathBuf,
        /// The agency: its id or its exact name.
        #[arg(long)]
        agency: String,
        /// `people`, `training`, `credentials`, `acknowledgements` or `courses`.
        #[arg(long)]
        kind: String,
        /// The login the import is recorded under; the agency's first admin if omitted.
        #[arg(long = "as")]
        login: Option<String>,
        /// The worksheet of a workbook; the first if omitted.
        #[arg(long)]
        sheet: Option<String>,
        /// Print what the import would do, and write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Work with the stored files (certificates, policy documents, receipts).
    Files {
        #[command(subcommand)]
        command: FilesCommand,
    },
    /// Check the audit log.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Work with rule-set files.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Seal the audit events written so far, then walk each agency's chain of them (and the
    /// platform's), recompute every hash, and report the first event that does not hold;
    /// exit status 1 if there is one.
    Verify {
        /// Only this agency's chain.
        #[arg(long)]
        agency: Option<uuid::Uuid>,
    },
}

#[derive(Subcommand)]
enum FilesCommand {
    /// Copy the files of the data directory into the S3-compatible bucket configured with
    /// CONFITREK_S3_BUCKET, skipping those already there; run it again after an interruption.
    Migrate,
}

#[derive(Subcommand)]
enum RulesCommand {
    /// Validate rule-set files (TOML); with no file, the rule sets built into this binary.
    Check { files: Vec<std::path::PathBuf> },
    /// Print the JSON Schema of rule-set files (committed as rules/schema.json).
    Schema {
        /// The schema of one requirement (an agency's own requirement document) instead.
        #[arg(long)]
        requirement: bool,
    },
    /// Judge a person by rule-set files and print the report. The input is a JSON file with
    /// the body of `POST /api/v1/compliance/evaluate` (see rules/README.md).
    Eval {
        /// Rule-set files (TOML) of one jurisdiction: one, or several versions of it.
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
        /// The person, records, credentials and date to judge, as JSON; `-` for standard input.
        #[arg(long, short)]
        input: std::path::PathBuf,
        /// Judge on this day (YYYY-MM-DD) instead of the input's `as_of`.
        #[arg(long, value_parser = parse_date)]
        as_of: Option<time::Date>,
        /// Print the report as JSON, as the API answers.
        #[arg(long)]
        json: bool,
    },
}

fn parse_date(s: &str) -> Result<time::Date, String> {
    time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]"))
        .map_err(|_| format!("{s:?} is not a date written YYYY-MM-DD"))
}

/// Prints every problem with its file and rule; exit status 1 if there is any.
fn check_rules(files: &[std::path::PathBuf]) -> ExitCode {
    let mut problems = Vec::new();
    if files.is_empty() {
        problems.extend(crate::compliance::jurisdictions::check_built_in());
    }
    for path in files {
        let name = path.display().to_string();
        match std::fs::read_to_string(path) {
            Ok(text) => match confitrek_domain::compliance::RuleSet::from_toml(&name, &text) {
                Ok(set) => println!(
                    "{name}: {} version {}, {} rules, valid",
                    set.jurisdiction,
                    set.version,
                    set.requirements.len()
                ),
                Err(errors) => problems.extend(errors),
            },
            Err(e) => {
                eprintln!("{name}: cannot read: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    for p in &problems {
        eprintln!("{p}");
    }
    if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Openapi = cli.command {
        return match openapi().to_pretty_json() {
            Ok(json) => {
                println!("{json}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        };
    }
    if let Command::Rules { command } = &cli.command {
        return match command {
            RulesCommand::Check { files } => check_rules(files),
            RulesCommand::Schema { requirement } => rules::schema(*requirement),
            RulesCommand::Eval {
                files,
                input,
                as_of,
                json,
            } => rules::eval(&rules::EvalArgs {
                files,
                input,
                as_of: *as_of,
                json: *json,
            }),
        };
    }
    crate::telemetry::init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command) -> anyhow::Result<()> {
    let config = Config::load()?;
    let db = db::connect(&config).await?;
    db::migrate(&db).await?;
    match command {
        Command::Serve => {
            tracing::info!(config = ?config, "starting");
            // Before serving: a server whose secrets differ from the others' would refuse
            // their sessions and fail to read their files.
            let clock = crate::clock::Clock::system();
            db::key_fingerprints::record_or_check(&db, &config, clock.now()).await?;
            crate::files::FileStore::open(&config)?.check().await?;
            crate::jobs::spawn_snapshot_refresh(
                db.clone(),
                clock.clone(),
                std::time::Duration::from_secs(config.refresh_interval_seconds),
            );
            crate::jobs::spawn_notifications(db.clone(), clock.clone(), &config)?;
            crate::jobs::spawn_webhook_deliveries(db.clone(), clock.clone(), &config)?;
            crate::jobs::spawn_audit_sealer(
                db.clone(),
                std::time::Duration::from_secs(config.audit_seal_interval_seconds),
            );
            let keys = crate::auth::tokens::TokenKeys::new(
                &config.token_secret,
                config.access_token_minutes,
                config.refresh_token_days,
            );
            let jobs = crate::app::AppState::new(config.clone(), db.clone(), keys, clock.clone())?;
            crate::jobs::spawn_retention(std::sync::Arc::new(jobs));
            Application::build_with_clock(config, db, clock)
                .await?
                .run_until_signalled()
                .await?;
        }
        Command::Migrate => println!("migrations applied ({})", config.database_kind()),
        Command::CreateOperator { email } => create_operator(&db, &email).await?,
        #[cfg(feature = "demo")]
        Command::Demo {
            password,
            people: None,
            ..
        } => crate::demo::create(&db, &crate::clock::Clock::system(), password).await?,
        #[cfg(feature = "demo")]
        Command::Demo {
            password,
            people: Some(people),
            years,
            seed,
        } => {
            let shape = crate::demo::generated::Shape {
                people,
                years,
                seed,
            };
            crate::demo::create_generated(&db, &crate::clock::Clock::system(), shape, password)
                .await?
        }
        Command::ImportExport { file } => import_export(&config, &db, &file).await?,
        Command::Import {
            file,
            agency,
            kind,
            login,
            sheet,
            dry_run,
        } => {
            let args = import::ImportArgs {
                file: &file,
                agency: &agency,
                kind: &kind,
                login: login.as_deref(),
                sheet,
                dry_run,
            };
            import::import(config, db, args).await?
        }
        Command::Audit {
            command: AuditCommand::Verify { agency },
        } => verify_audit(&db, agency).await?,
        Command::Files {
            command: FilesCommand::Migrate,
        } => {
            let done = storage::migrate(&config).await?;
            println!(
                "files copied into the bucket: {}, already there: {}",
                done.copied, done.present
            );
        }
        Command::Openapi | Command::Rules { .. } => {}
    }
    Ok(())
}

async fn verify_audit(
    db: &sea_orm::DatabaseConnection,
    agency: Option<uuid::Uuid>,
) -> anyhow::Result<()> {
    match db::audit_verify::verify(db, agency).await? {
        db::audit_verify::Verdict::Intact { chains, events } => {
            let s = if chains == 1 { "" } else { "s" };
            println!("audit log OK: {events} events in {chains} chain{s}");
            Ok(())
        }
        db::audit_verify::Verdict::Broken(link) => {
            anyhow::bail!("audit log broken: {link}")
        }
    }
}

async fn import_export(
    config: &Config,
    db: &sea_orm::DatabaseConnection,
    file: &std::path::Path,
) -> anyhow::Result<()> {
    let mut bytes =
        std::fs::read(file).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    if crate::exports::passphrase::is_encrypted(&bytes) {
        let passphrase = export_passphrase()?;
        bytes = tokio::task::spawn_blocking(move || {
            crate::exports::passphrase::decrypt(&bytes, &passphrase)
        })
        .await?
        .map_err(|e| anyhow::anyhow!("{} cannot be decrypted: {e}", file.display()))?;
    }
    let files = crate::files::FileStore::open(config)?;
    let restored =
        crate::exports::import::restore(db, &files, &bytes, crate::clock::Clock::system().now())
            .await?;
    println!(
        "restored agency {:?} ({}): {} rows, {} files",
        restored.agency_name, restored.agency_id, restored.rows, restored.files
    );
    println!(
        "each login sets its password with its invitation token (POST /api/v1/auth/accept-invite) before {}:",
        restored
            .invitations_expire_at
            .format(&time::format_description::well_known::Rfc3339)?
    );
    for (email, token) in &restored.invitations {
        println!("  {email}  {token}");
    }
    Ok(())
}

/// The passphrase of an encrypted export: CONFITREK_EXPORT_PASSPHRASE, or else the first line
/// of standard input when that is not a terminal (a pipe, a file, a secret manager).
fn export_passphrase() -> anyhow::Result<secrecy::SecretString> {
    const VARIABLE: &str = "CONFITREK_EXPORT_PASSPHRASE";
    let given = match std::env::var(VARIABLE) {
        Ok(value) => value,
        Err(std::env::VarError::NotUnicode(_)) => anyhow::bail!("{VARIABLE} is not valid UTF-8"),
        Err(std::env::VarError::NotPresent) if !std::io::stdin().is_terminal() => {
            let mut line = String::new();
            std::io::stdin().read_line(&mut line)?;
            line.trim_end_matches(['\n', '\r']).to_owned()
        }
        Err(std::env::VarError::NotPresent) => String::new(),
    };
    if given.is_empty() {
        anyhow::bail!(
            "the export is encrypted (an age file): give its passphrase in {VARIABLE} or on the first line of standard input"
        );
    }
    Ok(secrecy::SecretString::from(given))
}

async fn create_operator(db: &sea_orm::DatabaseConnection, email: &str) -> anyhow::Result<()> {
    let email = Email::parse(email).map_err(|e| anyhow::anyhow!("--email {e}"))?;
    let mut given = String::new();
    if !std::io::stdin().is_terminal() {
        std::io::stdin().read_to_string(&mut given)?;
    }
    let given = given.trim_end_matches(['\n', '\r']).to_owned();
    let (password, generated) = if given.is_empty() {
        (random_token(18), true)
    } else {
        (given, false)
    };
    passwords::check_policy(&password, &[email.as_str()]).map_err(|e| {
        let reason = e.to_problem().errors.first().map(|e| e.message.clone());
        anyhow::anyhow!(
            "the password {}",
            reason.unwrap_or_else(|| "is refused".into())
        )
    })?;
    if users::find_by_email(db, email.as_str()).await?.is_some() {
        anyhow::bail!("{} already has a login", email.as_str());
    }
    users::insert(
        db,
        users::NewUser {
            agency_id: None,
            person_id: None,
            email: email.as_str().to_owned(),
            role: Role::PlatformOperator,
            password_hash: Some(passwords::hash(&password)?),
            invitation: None,
            service_account: false,
        },
        crate::clock::Clock::system().now(),
    )
    .await?;
    println!("platform operator {} created", email.as_str());
    if generated {
        println!("password (shown once): {password}");
    }
    Ok(())
}
