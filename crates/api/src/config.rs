//! Configuration, typed and layered: defaults, then an optional TOML file, then environment
//! variables (`CONFITREK_*`, `DATABASE_URL`). Loaded once at start-up and passed down.
//! It works with no configuration at all: SQLite in `./data`, a token secret generated on
//! first run.

use std::fs;
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

#[derive(Clone)]
pub struct Config {
    pub bind: SocketAddr,
    pub data_dir: PathBuf,
    pub database_url: SecretString,
    pub token_secret: SecretString,
    /// Key material for the files encrypted at rest (at least 32 characters).
    pub file_key: SecretString,
    /// An S3-compatible bucket for the encrypted files. Unset: `files/` in the data directory.
    pub object_storage: Option<ObjectStorage>,
    /// Where the built SPA lives (`frontend/dist`).
    pub static_dir: PathBuf,
    pub access_token_minutes: i64,
    pub refresh_token_days: i64,
    /// Largest JSON body accepted, in bytes.
    pub json_limit: usize,
    /// Mark cookies `Secure`. Unset: only when the request came over HTTPS.
    pub cookie_secure: Option<bool>,
    /// How often stored verdicts whose next change has come are re-evaluated.
    pub refresh_interval_seconds: u64,
    /// `smtp://host:port` (plain), `smtp://host?tls=required` or `smtps://user:pass@host`.
    /// Unset: notifications stay in the app and their email is marked skipped.
    pub smtp_url: Option<SecretString>,
    /// The From of notification email, e.g. `ConfiTrek <training@agency.example>`.
    pub mail_from: String,
    /// How often due notifications are made and pending email is sent.
    pub notify_interval_seconds: u64,
    /// How long a server's claim on a notification email holds: a claim of a server that died
    /// is taken over by another once it has run out. Renewed right before each send.
    pub notify_lease_seconds: u64,
    /// Connections each server opens to the database at most (PostgreSQL: the sum over the
    /// servers must stay under its `max_connections`).
    pub database_max_connections: u32,
    /// The longest a request may take before it is answered 503 and its work abandoned.
    pub request_timeout_seconds: u64,
    /// Admins and coordinators must sign in with a second factor. Off only where an identity
    /// provider in front of ConfiTrek already asks for one.
    pub require_mfa: bool,
    /// Failed sign-ins one address may make in a minute before it is answered 429.
    pub login_failures_per_minute: u32,
    /// How often the audit events written since are sealed into their chains.
    pub audit_seal_interval_seconds: u64,
    /// Webhooks may point to plain `http` and to private, loopback and link-local addresses.
    /// Off: only `https` to public addresses, so an admin cannot make the server probe the
    /// internal network. On only in tests and on a closed network.
    pub webhook_allow_private: bool,
    /// How long a webhook receiver has to answer one delivery.
    pub webhook_timeout_seconds: u64,
    /// Multiplies the webhook retry schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h);
    /// 1 but in tests.
    pub webhook_retry_scale: f64,
    /// How often the webhook workers look for events to fan out and deliveries due.
    pub webhook_poll_milliseconds: u64,
    /// Identity providers may have a plain `http://` issuer on this machine (loopback): for
    /// a provider run beside the server in tests, never in production.
    pub sso_allow_http_loopback: bool,
}

/// An S3-compatible bucket (`CONFITREK_S3_*`). What is unset comes from the standard
/// `AWS_*` environment (`AWS_REGION`, `AWS_ACCESS_KEY_ID`, ...) or the instance's role.
#[derive(Clone)]
pub struct ObjectStorage {
    pub bucket: String,
    /// e.g. `https://s3.example.org` for a server other than Amazon's; addressed path-style.
    pub endpoint: Option<String>,
    pub region: Option<String>,
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<SecretString>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("bind", &self.bind)
            .field("data_dir", &self.data_dir)
            .field("database", &self.database_kind())
            .field("static_dir", &self.static_dir)
            .field(
                "bucket",
                &self.object_storage.as_ref().map(|b| b.bucket.as_str()),
            )
            .finish_non_exhaustive()
    }
}

/// What the TOML file may hold; every key is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    bind: Option<String>,
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    token_secret: Option<String>,
    file_key: Option<String>,
    s3_bucket: Option<String>,
    s3_endpoint: Option<String>,
    s3_region: Option<String>,
    s3_access_key_id: Option<String>,
    s3_secret_access_key: Option<String>,
    static_dir: Option<PathBuf>,
    access_token_minutes: Option<i64>,
    refresh_token_days: Option<i64>,
    json_limit: Option<usize>,
    cookie_secure: Option<bool>,
    refresh_interval_seconds: Option<u64>,
    smtp_url: Option<String>,
    mail_from: Option<String>,
    notify_interval_seconds: Option<u64>,
    notify_lease_seconds: Option<u64>,
    database_max_connections: Option<u32>,
    request_timeout_seconds: Option<u64>,
    require_mfa: Option<bool>,
    login_failures_per_minute: Option<u32>,
    audit_seal_interval_seconds: Option<u64>,
    webhook_allow_private: Option<bool>,
    webhook_timeout_seconds: Option<u64>,
    webhook_retry_scale: Option<f64>,
    webhook_poll_milliseconds: Option<u64>,
    sso_allow_http_loopback: Option<bool>,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn env_parsed<T: std::str::FromStr>(name: &str) -> anyhow::Result<Option<T>>
where
    T::Err: std::fmt::Display,
{
    env(name)
        .map(|v| v.parse::<T>().map_err(|e| anyhow::anyhow!("{name}: {e}")))
        .transpose()
}

impl Config {
    /// The configuration of a server on this database with these secrets and nothing else
    /// said: the defaults [`Config::load`] starts from, and what tools and tests adjust.
    pub fn new(
        data_dir: PathBuf,
        database_url: String,
        token_secret: String,
        file_key: String,
    ) -> Self {
        let sqlite = database_url.starts_with("sqlite");
        Config {
            bind: ([127, 0, 0, 1], 8080).into(),
            data_dir,
            database_url: SecretString::from(database_url),
            token_secret: SecretString::from(token_secret),
            file_key: SecretString::from(file_key),
            object_storage: None,
            static_dir: PathBuf::from("frontend/dist"),
            access_token_minutes: 15,
            refresh_token_days: 30,
            json_limit: 256 * 1024,
            cookie_secure: None,
            refresh_interval_seconds: 300,
            smtp_url: None,
            mail_from: "ConfiTrek <notifications@localhost>".into(),
            notify_interval_seconds: 60,
            notify_lease_seconds: 300,
            database_max_connections: if sqlite { 8 } else { 16 },
            request_timeout_seconds: 60,
            require_mfa: true,
            login_failures_per_minute: 20,
            audit_seal_interval_seconds: 5,
            webhook_allow_private: false,
            webhook_timeout_seconds: 10,
            webhook_retry_scale: 1.0,
            webhook_poll_milliseconds: 1000,
            sso_allow_http_loopback: false,
        }
    }

    /// Reads the file named by `CONFITREK_CONFIG` (or `confitrek.toml` if present), then the
    /// environment. Creates the data directory and, if needed, the token secret.
    pub fn load() -> anyhow::Result<Self> {
        let file = match env("CONFITREK_CONFIG") {
            Some(path) => read_file(Path::new(&path))?,
            None if Path::new("confitrek.toml").exists() => read_file(Path::new("confitrek.toml"))?,
            None => FileConfig::default(),
        };
        let data_dir = env("CONFITREK_DATA_DIR")
            .map(PathBuf::from)
            .or(file.data_dir)
            .unwrap_or_else(|| PathBuf::from("data"));
        fs::create_dir_all(&data_dir)
            .with_context(|| format!("creating data directory {}", data_dir.display()))?;
        // The database, the files and the secrets live here: the server's user only.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&data_dir, fs::Permissions::from_mode(0o700))
                .with_context(|| format!("restricting data directory {}", data_dir.display()))?;
        }
        let bind: Option<SocketAddr> = env("CONFITREK_BIND")
            .or(file.bind)
            .map(|bind| {
                bind.parse()
                    .with_context(|| format!("CONFITREK_BIND: not an address: {bind}"))
            })
            .transpose()?;
        let database_url = env("DATABASE_URL")
            .or(file.database_url)
            .unwrap_or_else(|| sqlite_url(&data_dir.join("confitrek.db")));
        let token_secret = match env("CONFITREK_TOKEN_SECRET").or(file.token_secret) {
            Some(secret) => secret,
            None => stored_secret(&data_dir.join("token-secret"))?,
        };
        if token_secret.len() < 32 {
            bail!("the token secret must be at least 32 characters");
        }
        let file_key = match env("CONFITREK_FILE_KEY").or(file.file_key) {
            Some(key) => key,
            None => stored_secret(&data_dir.join("file-key"))?,
        };
        if file_key.len() < 32 {
            bail!("the file key must be at least 32 characters");
        }
        let object_storage =
            env("CONFITREK_S3_BUCKET")
                .or(file.s3_bucket)
                .map(|bucket| ObjectStorage {
                    bucket,
                    endpoint: env("CONFITREK_S3_ENDPOINT").or(file.s3_endpoint),
                    region: env("CONFITREK_S3_REGION").or(file.s3_region),
                    access_key_id: env("CONFITREK_S3_ACCESS_KEY_ID").or(file.s3_access_key_id),
                    secret_access_key: env("CONFITREK_S3_SECRET_ACCESS_KEY")
                        .or(file.s3_secret_access_key)
                        .map(SecretString::from),
                });
        let base = Config::new(data_dir, database_url, token_secret, file_key);
        let config = Config {
            bind: bind.unwrap_or(base.bind),
            object_storage,
            static_dir: env("CONFITREK_STATIC_DIR")
                .map(PathBuf::from)
                .or(file.static_dir)
                .unwrap_or(base.static_dir),
            access_token_minutes: env_parsed("CONFITREK_ACCESS_TOKEN_MINUTES")?
                .or(file.access_token_minutes)
                .unwrap_or(base.access_token_minutes),
            refresh_token_days: env_parsed("CONFITREK_REFRESH_TOKEN_DAYS")?
                .or(file.refresh_token_days)
                .unwrap_or(base.refresh_token_days),
            json_limit: env_parsed("CONFITREK_JSON_LIMIT")?
                .or(file.json_limit)
                .unwrap_or(base.json_limit),
            refresh_interval_seconds: env_parsed("CONFITREK_REFRESH_INTERVAL_SECONDS")?
                .or(file.refresh_interval_seconds)
                .unwrap_or(base.refresh_interval_seconds),
            notify_interval_seconds: env_parsed("CONFITREK_NOTIFY_INTERVAL_SECONDS")?
                .or(file.notify_interval_seconds)
                .unwrap_or(base.notify_interval_seconds),
            notify_lease_seconds: env_parsed("CONFITREK_NOTIFY_LEASE_SECONDS")?
                .or(file.notify_lease_seconds)
                .unwrap_or(base.notify_lease_seconds),
            database_max_connections: env_parsed("CONFITREK_DATABASE_MAX_CONNECTIONS")?
                .or(file.database_max_connections)
                .unwrap_or(base.database_max_connections),
            request_timeout_seconds: env_parsed("CONFITREK_REQUEST_TIMEOUT_SECONDS")?
                .or(file.request_timeout_seconds)
                .unwrap_or(base.request_timeout_seconds),
            require_mfa: env_parsed("CONFITREK_REQUIRE_MFA")?
                .or(file.require_mfa)
                .unwrap_or(base.require_mfa),
            login_failures_per_minute: env_parsed("CONFITREK_LOGIN_FAILURES_PER_MINUTE")?
                .or(file.login_failures_per_minute)
                .unwrap_or(base.login_failures_per_minute),
            audit_seal_interval_seconds: env_parsed("CONFITREK_AUDIT_SEAL_INTERVAL_SECONDS")?
                .or(file.audit_seal_interval_seconds)
                .unwrap_or(base.audit_seal_interval_seconds),
            webhook_allow_private: env_parsed("CONFITREK_WEBHOOK_ALLOW_PRIVATE")?
                .or(file.webhook_allow_private)
                .unwrap_or(base.webhook_allow_private),
            webhook_timeout_seconds: env_parsed("CONFITREK_WEBHOOK_TIMEOUT_SECONDS")?
                .or(file.webhook_timeout_seconds)
                .unwrap_or(base.webhook_timeout_seconds),
            webhook_retry_scale: env_parsed("CONFITREK_WEBHOOK_RETRY_SCALE")?
                .or(file.webhook_retry_scale)
                .unwrap_or(base.webhook_retry_scale),
            webhook_poll_milliseconds: env_parsed("CONFITREK_WEBHOOK_POLL_MILLISECONDS")?
                .or(file.webhook_poll_milliseconds)
                .unwrap_or(base.webhook_poll_milliseconds),
            sso_allow_http_loopback: env_parsed("CONFITREK_SSO_ALLOW_HTTP_LOOPBACK")?
                .or(file.sso_allow_http_loopback)
                .unwrap_or(base.sso_allow_http_loopback),
            cookie_secure: env_parsed("CONFITREK_COOKIE_SECURE")?.or(file.cookie_secure),
            smtp_url: env("CONFITREK_SMTP_URL")
                .or(file.smtp_url)
                .map(SecretString::from),
            mail_from: env("CONFITREK_MAIL_FROM")
                .or(file.mail_from)
                .unwrap_or(base.mail_from),
            ..base
        };
        if config.notify_interval_seconds < 1 {
            bail!("the notification interval must be at least one second");
        }
        if config.notify_lease_seconds < 5 {
            bail!("the notification lease must be at least 5 seconds");
        }
        if !(1..=1000).contains(&config.database_max_connections) {
            bail!("the database connections per server must be from 1 to 1000");
        }
        if config.request_timeout_seconds < 1 {
            bail!("the request timeout must be at least one second");
        }
        if config.refresh_interval_seconds < 1 {
            bail!("the refresh interval must be at least one second");
        }
        if config.login_failures_per_minute < 1 {
            bail!("the failed sign-ins allowed per minute must be at least one");
        }
        if config.audit_seal_interval_seconds < 1 {
            bail!("the audit seal interval must be at least one second");
        }
        if !(1..=60).contains(&config.webhook_timeout_seconds) {
            bail!("the webhook timeout must be from 1 to 60 seconds");
        }
        if !(config.webhook_retry_scale.is_finite() && config.webhook_retry_scale > 0.0) {
            bail!("the webhook retry scale must be a positive number");
        }
        if config.webhook_poll_milliseconds < 10 {
            bail!("the webhook poll interval must be at least 10 milliseconds");
        }
        if config.access_token_minutes < 1 || config.refresh_token_days < 1 {
            bail!("token lifetimes must be positive");
        }
        Ok(config)
    }

    pub fn database_kind(&self) -> &'static str {
        if self.database_url.expose_secret().starts_with("postgres") {
            "postgresql"
        } else {
            "sqlite"
        }
    }
}

fn read_file(path: &Path) -> anyhow::Result<FileConfig> {
    let text = fs::read_to_string(path)
        .with_context(|| format!("reading configuration file {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("in configuration file {}", path.display()))
}

pub fn sqlite_url(path: &Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}

/// The secret kept in the data directory, generated once, readable by the owner only.
fn stored_secret(path: &Path) -> anyhow::Result<String> {
    if let Ok(secret) = fs::read_to_string(path) {
        return Ok(secret.trim().to_owned());
    }
    let secret = crate::auth::tokens::random_token(48);
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(path)
        .with_context(|| format!("creating secret {}", path.display()))?;
    file.write_all(secret.as_bytes())?;
    Ok(secret)
}
