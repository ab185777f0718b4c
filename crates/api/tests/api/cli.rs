//! `confitrek rules schema` and `confitrek rules eval`, run as a rule-set author runs them,
//! and `confitrek audit verify` as an operator runs it.

use std::process::{Command, Output};

use confitrek_types::{WhatIfRecord, WhatIfRequest};
use secrecy::ExposeSecret;
use serde_json::Value;
use time::macros::date;
use uuid::Uuid;

use crate::both_databases;
use crate::helpers::*;

use crate::what_if::rules_file;

fn confitrek(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_confitrek"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

/// An input file of `rules eval`.
fn input(body: &WhatIfRequest) -> tempfile::NamedTempFile {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), serde_json::to_string(body).unwrap()).unwrap();
    file
}

/// A Minnesota officer in the 2023–2026 cycle with 42 of the 48 hours.
fn dana() -> WhatIfRequest {
    WhatIfRequest {
        jurisdiction: "MN".into(),
        version: None,
        as_of: date!(2026 - 01 - 15),
        person: mn_cycle_facts(),
        records: vec![WhatIfRecord {
            id: None,
            completed_on: date!(2024 - 05 - 01),
            hours: hours(&[("general", 40.0), ("crisis_intervention", 2.0)]),
            events: vec![],
        }],
        credentials: vec![],
        policy_versions: vec![],
        acknowledgements: vec![],
        waivers: vec![],
        at_risk_days: None,
    }
}

#[test]
fn rules_schema_prints_the_committed_schema() {
    let output = confitrek(&["rules", "schema"]);
    assert!(output.status.success());
    let committed = std::fs::read_to_string(rules_file("schema.json")).unwrap();
    assert_eq!(stdout(&output).trim_end(), committed.trim_end());
    let requirement = confitrek(&["rules", "schema", "--requirement"]);
    let schema: Value = serde_json::from_slice(&requirement.stdout).unwrap();
    assert_eq!(schema["title"], "ConfiTrek requirement");
}

#[test]
fn rules_eval_prints_a_line_per_requirement() {
    let file = input(&dana());
    let path = file.path().to_str().unwrap();
    let output = confitrek(&["rules", "eval", &rules_file("mn.toml"), "--input", path]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "MN as of 2026-01-15: non_compliant (rule-set version 1)"
    );
    let total = lines
        .iter()
        .find(|l| l.contains("mn.ce.total"))
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(
        total,
        "pending mn.ce.total 42.0/48.0 hours due 2026-06-30 needs 6.0 more hours of continuing education by 2026-06-30"
    );
    let wellness = lines.iter().find(|l| l.contains("mn.wellness")).unwrap();
    assert!(wellness.starts_with("not_applicable"), "{wellness}");

    // --as-of judges another day without editing the file.
    let later = confitrek(&[
        "rules",
        "eval",
        &rules_file("mn.toml"),
        "--input",
        path,
        "--as-of",
        "2026-07-01",
    ]);
    assert!(
        stdout(&later).starts_with("MN as of 2026-07-01: non_compliant"),
        "{}",
        stdout(&later)
    );
}

#[test]
fn rules_eval_names_every_problem_with_its_file() {
    let mut body = dana();
    let hours = &mut body.records[0].hours;
    hours.insert("crisis_intervnetion".into(), 2.0);
    hours.insert("general".into(), -1.0);
    let file = input(&body);
    let path = file.path().to_str().unwrap();
    let output = confitrek(&["rules", "eval", &rules_file("mn.toml"), "-i", path]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output).lines().collect::<Vec<_>>(),
        [
            format!("{path}: records[0].hours.crisis_intervnetion: is not a topic of the MN rules"),
            format!("{path}: records[0].hours.general: must be a number of hours from 0 to 2000"),
        ]
    );

    let elsewhere = confitrek(&["rules", "eval", &rules_file("oh.toml"), "-i", path]);
    assert_eq!(elsewhere.status.code(), Some(1));
    assert!(stderr(&elsewhere).contains("jurisdiction: must be OH"));

    let broken = tempfile::NamedTempFile::new().unwrap();
    let text = std::fs::read_to_string(rules_file("mn.toml"))
        .unwrap()
        .replacen("citations = [\"MN-1\"", "citations = [\"NOWHERE-1\"", 1);
    std::fs::write(broken.path(), text).unwrap();
    let invalid = confitrek(&["rules", "eval", broken.path().to_str().unwrap(), "-i", path]);
    assert_eq!(invalid.status.code(), Some(1));
    assert!(
        stderr(&invalid).contains("rule mn.ce.total, citations: cites NOWHERE-1"),
        "{}",
        stderr(&invalid)
    );
}

/// `confitrek serve` stops on SIGTERM (giving requests under way their grace) and exits.
#[test]
fn serve_stops_on_sigterm() {
    let data = tempfile::tempdir().unwrap();
    let mut server = Command::new(env!("CARGO_BIN_EXE_confitrek"))
        .arg("serve")
        .env("CONFITREK_DATA_DIR", data.path())
        .env("CONFITREK_BIND", "127.0.0.1:0")
        .env("RUST_LOG", "info")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Serving once it says it listens.
    let stderr = server.stderr.take().unwrap();
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(stderr));
    assert!(
        lines.any(|l| l.is_ok_and(|l| l.contains("listening"))),
        "the server did not start"
    );
    let killed = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        if let Some(status) = server.try_wait().unwrap() {
            assert!(status.success(), "exited with {status}");
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "still running 20 s after SIGTERM"
        );
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
}

both_databases!(audit_verify_says_ok_or_names_the_first_broken_link);

/// `confitrek audit verify` on the server's own configuration: one line when the log holds,
/// the broken event and exit status 1 when it does not.
async fn audit_verify_says_ok_or_names_the_first_broken_link(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    app.login(&agency.admin).await;
    app.login(&agency.coordinator).await;
    let url = app.config.database_url.expose_secret().to_owned();
    let verify = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_confitrek"))
            .args(["audit", "verify"])
            .args(args)
            .env("DATABASE_URL", &url)
            .env_remove("CONFITREK_CONFIG")
            .env("CONFITREK_DATA_DIR", app.data_dir())
            .output()
            .unwrap()
    };

    let intact = verify(&[]);
    assert!(intact.status.success(), "{}", stderr(&intact));
    assert_eq!(stdout(&intact), "audit log OK: 2 events in 1 chain\n");

    let first = crate::audit_chain::chain(&app.db, agency.id).await[0].id;
    crate::audit_chain::tamper(&app.db, first, "action", "auth.logout").await;
    let broken = verify(&[]);
    assert_eq!(broken.status.code(), Some(1));
    assert_eq!(
        stderr(&broken).trim_end(),
        format!(
            "error: audit log broken: agency {}, seq 1, event {first}: hash mismatch (the event was changed)",
            agency.id
        )
    );

    let elsewhere = Uuid::now_v7().to_string();
    let other = verify(&["--agency", &elsewhere]);
    assert!(other.status.success(), "{}", stderr(&other));
    assert_eq!(stdout(&other), "audit log OK: 0 events in 1 chain\n");
}
