//! Several `confitrek serve` processes, the real binary, on one PostgreSQL database and one
//! S3-compatible bucket as behind a load balancer, each with its own data directory: started
//! at once on a fresh database they migrate it once; one started with another token secret
//! refuses to start; a session signed by one is accepted by the others; a certificate
//! uploaded to one is served by the others from the bucket, encrypted there; and the
//! notification email they share goes out exactly once, none lost, when one of them is
//! killed in the middle of sending it.

use std::collections::BTreeMap;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use confitrek_api::config::ObjectStorage;
use confitrek_api::db::entity::notification;
use confitrek_types::{LoginRequest, Me, TokenResponse};
use migrations::MigratorTrait;
use reqwest::StatusCode;
use sea_orm::EntityTrait;

use crate::helpers::{
    Api, PASSWORD, free_port, fresh_postgres_database, skip_postgres, spawn_app_on_postgres,
};
use crate::notifications::{seed_deadlines, without_state_report_reminders};
use crate::object_storage::{PDF, S3Server};

const TOKEN_SECRET: &str = "the token secret the three servers share, 48 chars";
const FILE_KEY: &str = "the file key the three servers share, at least 32 chars";
/// The notification lease the servers run with: a killed server's claims are taken over
/// this long after it made them. Long enough that a server slowed down by a machine busy
/// with other tests still records a message it sent before its claim runs out.
const LEASE_SECONDS: u64 = 15;

/// Marks every descriptor the child would inherit past stdin, stdout and stderr
/// close-on-exec, so a server or mail server started here never holds what the test runner
/// was started with (such as the lock of the command that runs the tests), and has the
/// kernel kill the child if the test dies without dropping it.
fn inherit_nothing(command: &mut Command) -> &mut Command {
    // SAFETY: the closure runs in the child between fork and exec and only calls fcntl and
    // prctl, which are async-signal-safe; fcntl on a descriptor that is not open fails
    // harmlessly.
    unsafe {
        command.pre_exec(|| {
            for fd in 3..1024 {
                libc::fcntl(fd, libc::F_SETFD, libc::FD_CLOEXEC);
            }
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            Ok(())
        });
    }
    command
}

/// A mail server on loopback (aiosmtpd) that stores what it accepts in a Maildir and, while
/// the test holds it, keeps every client waiting before it accepts a recipient.
struct HeldSmtp {
    child: Option<Child>,
    port: u16,
    dir: tempfile::TempDir,
}

/// aiosmtpd's Maildir handler, waiting before it accepts a recipient while the file `hold`
/// exists, and leaving the file `waited` when a client has waited. A client that dies while
/// it waits has sent no message yet: the wait is where a killed server is caught.
const HELD_HANDLER: &str = r#"
import asyncio, os
from aiosmtpd.handlers import Mailbox

class Held(Mailbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        base = os.environ["HELD_SMTP_DIR"]
        while os.path.exists(os.path.join(base, "hold")):
            open(os.path.join(base, "waited"), "w").close()
            await asyncio.sleep(0.02)
        envelope.rcpt_tos.append(address)
        return "250 OK"
"#;

impl HeldSmtp {
    async fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("held_mail.py"), HELD_HANDLER).unwrap();
        let port = free_port();
        // scripts/test names the Python that scripts/setup gave aiosmtpd.
        let python = std::env::var("CONFITREK_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
        let child = inherit_nothing(&mut Command::new(python))
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "held_mail.Held"])
            .arg(dir.path().join("mail"))
            .env("PYTHONPATH", dir.path())
            .env("HELD_SMTP_DIR", dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("a Python with aiosmtpd (scripts/setup installs it)");
        let server = Self {
            child: Some(child),
            port,
            dir,
        };
        // Up to 30 s: Python starts slowly on a machine busy compiling.
        for _ in 0..600 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the SMTP server did not start");
    }

    fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Keeps every client waiting before its recipient is accepted, until `release`.
    fn hold(&self) {
        std::fs::write(self.dir.path().join("hold"), "").unwrap();
    }

    fn release(&self) {
        std::fs::remove_file(self.dir.path().join("hold")).unwrap();
    }

    /// Whether a client has waited on the hold.
    fn waited(&self) -> bool {
        self.dir.path().join("waited").exists()
    }

    /// Every message accepted: its Message-ID and when it was stored.
    fn messages(&self) -> Vec<(String, SystemTime)> {
        let mut found = Vec::new();
        for sub in ["new", "cur"] {
            let dir = self.dir.path().join("mail").join(sub);
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                let id = text
                    .lines()
                    .take_while(|l| !l.is_empty())
                    .find_map(|l| {
                        let (key, value) = l.split_once(':')?;
                        key.eq_ignore_ascii_case("Message-ID")
                            .then(|| value.trim().to_owned())
                    })
                    .unwrap_or_default();
                let stored = entry.metadata().and_then(|m| m.modified()).unwrap();
                found.push((id, stored));
            }
        }
        found
    }
}

impl Drop for HeldSmtp {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().ok();
            child.wait().ok();
        }
    }
}

/// One `confitrek serve` process, killed when dropped.
struct Server {
    child: Option<Child>,
    port: u16,
    log: PathBuf,
}

/// The command of a server on `database_url`, its log in `dir`.
/// Where the servers meet: the database, the mail server and the bucket.
struct Shared<'a> {
    database_url: &'a str,
    smtp_url: &'a str,
    bucket: &'a ObjectStorage,
}

/// Server `number`, with a data directory of its own: what the servers share is in the
/// database and the bucket.
fn serve_command(
    dir: &Path,
    shared: &Shared,
    token_secret: &str,
    port: u16,
    number: usize,
) -> Command {
    use secrecy::ExposeSecret;
    let log = std::fs::File::create(dir.join(format!("server-{number}.log"))).unwrap();
    let bucket = shared.bucket;
    let mut command = Command::new(env!("CARGO_BIN_EXE_confitrek"));
    inherit_nothing(&mut command)
        .arg("serve")
        .current_dir(dir)
        .env_remove("CONFITREK_CONFIG")
        .env("DATABASE_URL", shared.database_url)
        .env("CONFITREK_DATA_DIR", dir.join(format!("data-{number}")))
        .env("CONFITREK_S3_BUCKET", &bucket.bucket)
        .env(
            "CONFITREK_S3_ENDPOINT",
            bucket.endpoint.as_deref().unwrap_or_default(),
        )
        .env(
            "CONFITREK_S3_REGION",
            bucket.region.as_deref().unwrap_or_default(),
        )
        .env(
            "CONFITREK_S3_ACCESS_KEY_ID",
            bucket.access_key_id.as_deref().unwrap_or_default(),
        )
        .env(
            "CONFITREK_S3_SECRET_ACCESS_KEY",
            bucket
                .secret_access_key
                .as_ref()
                .map(|s| s.expose_secret().to_owned())
                .unwrap_or_default(),
        )
        .env("CONFITREK_BIND", format!("127.0.0.1:{port}"))
        .env("CONFITREK_TOKEN_SECRET", token_secret)
        .env("CONFITREK_FILE_KEY", FILE_KEY)
        .env("CONFITREK_STATIC_DIR", "/nonexistent")
        .env("CONFITREK_REQUIRE_MFA", "false")
        .env("CONFITREK_SMTP_URL", shared.smtp_url)
        .env("CONFITREK_MAIL_FROM", "ConfiTrek <training@agency.test>")
        .env("CONFITREK_NOTIFY_INTERVAL_SECONDS", "1")
        .env("CONFITREK_NOTIFY_LEASE_SECONDS", LEASE_SECONDS.to_string())
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log);
    command
}

impl Server {
    fn start(dir: &Path, shared: &Shared, number: usize) -> Self {
        let port = free_port();
        let child = serve_command(dir, shared, TOKEN_SECRET, port, number)
            .spawn()
            .unwrap();
        Self {
            child: Some(child),
            port,
            log: dir.join(format!("server-{number}.log")),
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn pid(&self) -> u32 {
        self.child.as_ref().map(Child::id).unwrap_or_default()
    }

    /// SIGKILL: the process gets no chance to finish anything.
    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().ok();
            child.wait().ok();
        }
    }

    /// Waits until the server answers `/ready` 200, failing with its log if it exits.
    async fn wait_ready(&mut self, client: &reqwest::Client) {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(60) {
            if let Some(status) = self.child.as_mut().and_then(|c| c.try_wait().unwrap()) {
                let log = std::fs::read_to_string(&self.log).unwrap_or_default();
                panic!("a server exited ({status}) before it was ready:\n{log}");
            }
            if let Ok(answer) = client.get(self.url("/ready")).send().await
                && answer.status() == StatusCode::OK
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("a server was not ready within 60 s");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The Message-ID the servers give a notification's email.
fn message_id(row: &notification::Model) -> String {
    format!("<{}@agency.test>", row.id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_servers_share_one_database() {
    if skip_postgres() {
        return;
    }
    let database_url = fresh_postgres_database().await;
    let smtp = HeldSmtp::start().await;
    let s3 = S3Server::started().await;
    let bucket = s3.bucket().await;
    let smtp_url = smtp.url();
    let shared = Shared {
        database_url: &database_url,
        smtp_url: &smtp_url,
        bucket: &bucket,
    };
    let dir = tempfile::tempdir().unwrap();
    // Every HTTP client of the process uses the server's TLS provider.
    confitrek_api::webhooks::sender::install_tls_provider();
    let client = reqwest::Client::new();

    // Three servers start at once on the empty database: one migrates, the others wait for
    // it and find nothing left to do.
    let started = Instant::now();
    let mut servers: Vec<Server> = (0..3)
        .map(|n| Server::start(dir.path(), &shared, n))
        .collect();
    for server in &mut servers {
        server.wait_ready(&client).await;
    }
    eprintln!(
        "three servers started at once on a fresh database were ready in {} ms",
        started.elapsed().as_millis()
    );
    // Seeding and reading rows go through a connection of the test's own.
    let app = spawn_app_on_postgres(database_url.clone()).await;
    let migrations: i64 = app.count("seaql_migrations").await;
    assert_eq!(
        usize::try_from(migrations).unwrap(),
        migrations::Migrator::migrations().len(),
        "every migration applied once"
    );

    // A fourth server with another token secret refuses to start and names the variable.
    let mut refused = serve_command(
        dir.path(),
        &shared,
        "another token secret, of at least 32 characters",
        free_port(),
        3,
    );
    let status = tokio::task::spawn_blocking(move || refused.status())
        .await
        .unwrap()
        .unwrap();
    assert!(!status.success(), "a server with another secret started");
    let log = std::fs::read_to_string(dir.path().join("server-3.log")).unwrap();
    assert!(log.contains("CONFITREK_TOKEN_SECRET differs"), "{log}");

    // A session signed by one server is accepted by the others.
    let agencies = [
        app.seed_agency("Alpha").await,
        app.seed_agency("Bravo").await,
        app.seed_agency("Charlie").await,
    ];
    let signed_in = client
        .post(servers[0].url("/api/v1/auth/login"))
        .json(&LoginRequest {
            email: agencies[0].coordinator.clone(),
            password: PASSWORD.into(),
            code: None,
        })
        .send()
        .await
        .unwrap();
    let status = signed_in.status();
    let body = signed_in.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{body}");
    let token = serde_json::from_str::<TokenResponse>(&body)
        .unwrap()
        .access_token;
    for server in &servers[1..] {
        let me = client
            .get(server.url("/api/v1/me"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(me.status(), StatusCode::OK);
        let me: Me = me.json().await.unwrap();
        assert_eq!(me.email, agencies[0].coordinator);
    }

    // Notifications come due in the three agencies: eight messages each. The mail server
    // holds every client at its first recipient, so nothing is sent, and a server holding
    // claims is killed while it waits there, in the middle of sending.
    smtp.hold();
    for agency in &agencies {
        without_state_report_reminders(&app, agency.id).await;
        seed_deadlines(&app, agency).await;
    }
    let made = Instant::now();
    let victim = loop {
        assert!(
            made.elapsed() < Duration::from_secs(60),
            "no server was sending"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
        let rows = notification::Entity::find().all(&app.db).await.unwrap();
        if rows.len() < 24 || !smtp.waited() {
            continue;
        }
        // The server holding the most claims on unsent email.
        let claims = |server: &Server| {
            let prefix = format!("{}-", server.pid());
            rows.iter()
                .filter(|r| r.email_state == "pending")
                .filter(|r| {
                    r.claimed_by
                        .as_deref()
                        .is_some_and(|w| w.starts_with(&prefix))
                })
                .count()
        };
        let (index, held) = servers
            .iter()
            .enumerate()
            .map(|(i, s)| (i, claims(s)))
            .max_by_key(|(_, held)| *held)
            .unwrap();
        // A message that passed the mail server before the hold (a sign-in's, say) must be
        // recorded first: killed in between, a server would send it again.
        let prefix = format!("{}-", servers[index].pid());
        let stored: std::collections::HashSet<String> =
            smtp.messages().into_iter().map(|(id, _)| id).collect();
        let in_flight = rows.iter().any(|r| {
            r.email_state == "pending"
                && r.claimed_by
                    .as_deref()
                    .is_some_and(|w| w.starts_with(&prefix))
                && stored.contains(&message_id(r))
        });
        if held > 0 && !in_flight {
            servers[index].kill();
            smtp.release();
            break index;
        }
    };

    // The two left deliver the rest, the killed server's claims once their lease has run out.
    let mut rows = Vec::new();
    while made.elapsed() < Duration::from_secs(120) {
        rows = notification::Entity::find().all(&app.db).await.unwrap();
        if rows.iter().all(|r| r.email_state != "pending") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(rows.len() >= 24, "{} notifications made", rows.len());
    let unsent: Vec<_> = rows.iter().filter(|r| r.email_state != "sent").collect();
    assert!(unsent.is_empty(), "not sent: {unsent:?}");
    let mut sent: BTreeMap<String, usize> = BTreeMap::new();
    for (id, _) in smtp.messages() {
        *sent.entry(id).or_default() += 1;
    }
    for row in &rows {
        assert_eq!(
            sent.get(&message_id(row)).copied(),
            Some(1),
            "{} sent once (attempts {}, the server killed: {})",
            row.id,
            row.attempts,
            victim
        );
    }
    assert_eq!(
        sent.values().sum::<usize>(),
        rows.len(),
        "nothing else sent"
    );

    for (index, server) in servers.iter().enumerate() {
        if index == victim {
            continue;
        }
        let ready = client.get(server.url("/ready")).send().await.unwrap();
        assert_eq!(ready.status(), StatusCode::OK);
    }
    // A certificate uploaded to one of the two left is in the bucket, encrypted, and the
    // other serves it from there, though not in its own data directory.
    let alpha = |server: &Server| Api {
        base: server.url(""),
        client: client.clone(),
        token: token.clone(),
        refresh_token: String::new(),
    };
    let left: Vec<&Server> = (0..3)
        .filter(|i| *i != victim)
        .map(|i| &servers[i])
        .collect();
    let record = crate::certificates::a_record(&alpha(left[0]), agencies[0].officer_person).await;
    let path = format!("/api/v1/training-records/{record}/certificate");
    let uploaded = alpha(left[0])
        .put_bytes(&path, "application/pdf", PDF.to_vec())
        .await;
    assert_eq!(uploaded.status(), StatusCode::CREATED);
    let keys = s3.keys(&bucket).await;
    assert_eq!(keys.len(), 1, "{keys:?}");
    assert!(keys[0].starts_with(&agencies[0].id.to_string()), "{keys:?}");
    let raw = s3.raw(&bucket, &keys[0]).await;
    assert!(!raw.windows(5).any(|w| w == b"%PDF-"), "encrypted at rest");
    let download = alpha(left[1]).get(&path).await;
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.bytes().await.unwrap().as_ref(), PDF);
    for n in 0..3 {
        let files = dir.path().join(format!("data-{n}/files"));
        let agency = files.join(agencies[0].id.to_string());
        assert!(!agency.exists(), "{} holds files", agency.display());
    }

    drop(servers);
}
