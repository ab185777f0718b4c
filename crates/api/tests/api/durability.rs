//! Writes that survive a crash: the server is killed with SIGKILL over and over while
//! clients write, and every write it acknowledged must be there afterwards, with SQLite's
//! integrity check ok and the data files readable by the server's user only.
//!
//! `CONFITREK_KILL_ROUNDS` sets the number of kills (200 by default).

use std::io::BufRead;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use confitrek_types::{LoginRequest, PersonDto, TokenResponse};
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database, Statement};
use uuid::Uuid;

use crate::helpers::{Backend, person_input};

const PASSWORD: &str = "durability-lantern-1";
const WRITERS: usize = 4;

fn rounds() -> usize {
    std::env::var("CONFITREK_KILL_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200)
}

fn confitrek(data: &std::path::Path, database_url: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_confitrek"));
    command
        .env("CONFITREK_DATA_DIR", data)
        .env("DATABASE_URL", database_url)
        .env("CONFITREK_BIND", "127.0.0.1:0")
        .env("RUST_LOG", "info");
    command
}

/// Starts the server; its address once it says it listens.
fn serve(data: &std::path::Path, database_url: &str) -> (Child, String) {
    let mut server = confitrek(data, database_url)
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = server.stderr.take().unwrap();
    let mut lines = std::io::BufReader::new(stderr).lines();
    let port = lines
        .by_ref()
        .map_while(Result::ok)
        .find(|l| l.contains("listening on: 127.0.0.1:"))
        .and_then(|l| {
            let at = l.find("listening on: 127.0.0.1:")? + "listening on: 127.0.0.1:".len();
            l[at..]
                .split(|c: char| !c.is_ascii_digit())
                .next()?
                .parse::<u16>()
                .ok()
        })
        .expect("the server did not start");
    // Keep reading its log, so that it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (server, format!("http://127.0.0.1:{port}"))
}

async fn sign_in(client: &reqwest::Client, base: &str) -> String {
    let body = LoginRequest {
        email: "coordinator@demo.confitrek.test".into(),
        password: PASSWORD.into(),
        code: None,
    };
    let response = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: TokenResponse = response.json().await.unwrap();
    body.access_token
}

/// Writes people until the server goes away; the ids it acknowledged.
async fn write_until_killed(
    acks: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    client: reqwest::Client,
    base: String,
    token: String,
    writer: usize,
) -> Vec<Uuid> {
    let mut acknowledged = Vec::new();
    for n in 0.. {
        let person = person_input(
            "Kill",
            &format!("Test{writer}x{n}"),
            &format!("K{writer}-{}", &Uuid::now_v7().simple().to_string()[20..]),
        );
        let sent = client
            .post(format!("{base}/api/v1/people"))
            .bearer_auth(&token)
            .json(&person)
            .send()
            .await;
        let Ok(response) = sent else { break };
        if response.status() != StatusCode::CREATED {
            // A server killed mid-request answers nothing; any answer but 201 is a failure.
            let status = response.status();
            let body = response.text().await.unwrap_or_default();
            panic!("a write was answered {status}: {body}");
        }
        let Ok(body) = response.json::<PersonDto>().await else {
            break;
        };
        acknowledged.push(body.id);
        acks.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
    acknowledged
}

async fn killed_over_and_over(backend: Backend) {
    let data = tempfile::tempdir().unwrap();
    let database_url = match backend {
        Backend::Sqlite => confitrek_api::config::sqlite_url(&data.path().join("confitrek.db")),
        Backend::Postgres => crate::helpers::fresh_postgres_database().await,
    };
    let demo = confitrek(data.path(), &database_url)
        .args(["demo", "--password", PASSWORD])
        .output()
        .unwrap();
    assert!(
        demo.status.success(),
        "{}",
        String::from_utf8_lossy(&demo.stderr)
    );
    confitrek_api::webhooks::sender::install_tls_provider();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    let (server, base) = serve(data.path(), &database_url);
    // The sign-in is kept in the database: its token works across restarts.
    let token = sign_in(&client, &base).await;
    let mut server = Some(server);
    let mut base = base;
    let mut acknowledged = Vec::new();
    for round in 0..rounds() {
        if server.is_none() {
            let (started, address) = serve(data.path(), &database_url);
            server = Some(started);
            base = address;
        }
        let acks = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let writers: Vec<_> = (0..WRITERS)
            .map(|w| {
                let writer = write_until_killed(
                    acks.clone(),
                    client.clone(),
                    base.clone(),
                    token.clone(),
                    w,
                );
                tokio::spawn(writer)
            })
            .collect();
        // Once the stream flows (a starting server has its own work first), kill at a
        // different moment of it each round.
        let flowing = tokio::time::Instant::now() + Duration::from_secs(60);
        while acks.load(std::sync::atomic::Ordering::SeqCst) == 0
            && tokio::time::Instant::now() < flowing
        {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        tokio::time::sleep(Duration::from_millis(10 + (round as u64 * 37) % 200)).await;
        let mut victim = server.take().unwrap();
        victim.kill().unwrap();
        victim.wait().unwrap();
        let before = acknowledged.len();
        for writer in writers {
            acknowledged.extend(writer.await.unwrap());
        }
        if std::env::var_os("CONFITREK_KILL_TRACE").is_some() {
            eprintln!("round {round}: {} writes", acknowledged.len() - before);
        }
    }
    assert!(
        acknowledged.len() > rounds(),
        "{} writes in {} rounds: too few to mean anything",
        acknowledged.len(),
        rounds()
    );

    let db = Database::connect(database_url.as_str()).await.unwrap();
    let backend_kind = db.get_database_backend();
    let stored: std::collections::HashSet<Uuid> = db
        .query_all_raw(Statement::from_string(
            backend_kind,
            "SELECT id FROM people WHERE first_name = 'Kill'",
        ))
        .await
        .unwrap()
        .into_iter()
        .map(|row| row.try_get::<Uuid>("", "id").unwrap())
        .collect();
    let lost: Vec<&Uuid> = acknowledged
        .iter()
        .filter(|id| !stored.contains(id))
        .collect();
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged writes lost",
        lost.len(),
        acknowledged.len()
    );
    eprintln!(
        "{backend:?}: {} SIGKILLs, {} acknowledged writes, none lost",
        rounds(),
        acknowledged.len()
    );
    if backend == Backend::Sqlite {
        let check = db
            .query_one_raw(Statement::from_string(
                backend_kind,
                "PRAGMA integrity_check",
            ))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(check.try_get_by_index::<String>(0).unwrap(), "ok");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode =
                |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(data.path()), 0o700);
            for file in [
                "confitrek.db",
                "confitrek.db-wal",
                "confitrek.db-shm",
                "token-secret",
                "file-key",
            ] {
                let path = data.path().join(file);
                if path.exists() {
                    assert_eq!(mode(&path), 0o600, "{file}");
                }
            }
        }
    }
}

crate::both_databases!(killed_over_and_over);
