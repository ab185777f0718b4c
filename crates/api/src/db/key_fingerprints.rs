//! The secrets every server of one database must share: the token secret (a session signed
//! by one server must verify on all) and the file key (a file encrypted by one must decrypt
//! on all). The first server to start records a keyed fingerprint of each; a server started
//! with a different one refuses to start, naming the variable. The table never holds a
//! secret: only HMAC-SHA256 of a fixed label under it.

use base64::Engine;
use base64::engine::general_purpose::STANDARD_NO_PAD;
use hmac::{Hmac, Mac};
use sea_orm::{ConnectionTrait, DbErr, Value};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;
use time::OffsetDateTime;

use crate::config::Config;
use crate::retention::statement;

/// What is fingerprinted: the same for every secret, so the fingerprint says nothing but
/// "the same key or not".
const LABEL: &[u8] = b"confitrek key fingerprint v1";

/// A secret servers must share, as the database names it and as the operator sets it.
pub struct SharedKey<'a> {
    /// The row's name.
    pub name: &'static str,
    /// The environment variable that sets it.
    pub variable: &'static str,
    pub secret: &'a SecretString,
}

/// The secrets of `config` that every server of its database must share.
pub fn shared_keys(config: &Config) -> [SharedKey<'_>; 2] {
    [
        SharedKey {
            name: "token_secret",
            variable: "CONFITREK_TOKEN_SECRET",
            secret: &config.token_secret,
        },
        SharedKey {
            name: "file_key",
            variable: "CONFITREK_FILE_KEY",
            secret: &config.file_key,
        },
    ]
}

/// HMAC-SHA256 of the fixed label under the secret, in base64: the same secret always gives
/// the same fingerprint, and the fingerprint does not give the secret back.
pub fn fingerprint(secret: &SecretString) -> String {
    // HMAC takes a key of any length: this cannot fail.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.expose_secret().as_bytes()) else {
        return String::new();
    };
    mac.update(LABEL);
    STANDARD_NO_PAD.encode(mac.finalize().into_bytes())
}

/// Compares the fingerprint of this server's secret with the one recorded for the database:
/// the error names the variable to set and says what a difference breaks.
pub fn compare(key: &SharedKey<'_>, recorded: &str, ours: &str) -> anyhow::Result<()> {
    if recorded == ours {
        return Ok(());
    }
    let breaks = match key.name {
        "file_key" => "the files the other servers stored could not be decrypted by this one",
        _ => "the sessions the other servers signed would be refused by this one",
    };
    anyhow::bail!(
        "{} differs from the one the other servers of this database were started with: \
         every server of one database must have the same {} ({breaks}). Set it to theirs.",
        key.variable,
        key.variable
    )
}

/// Records the fingerprints of this server's shared secrets if no server has yet, then checks
/// them against the recorded ones. Two servers starting at once with different secrets: one
/// records, the other refuses.
pub async fn record_or_check(
    db: &impl ConnectionTrait,
    config: &Config,
    now: OffsetDateTime,
) -> anyhow::Result<()> {
    for key in shared_keys(config) {
        let ours = fingerprint(key.secret);
        let recorded = record(db, key.name, &ours, now).await?;
        compare(&key, &recorded, &ours)?;
    }
    Ok(())
}

/// Inserts the fingerprint unless one is recorded under the name; the one recorded either way.
async fn record(
    db: &impl ConnectionTrait,
    name: &str,
    fingerprint: &str,
    now: OffsetDateTime,
) -> Result<String, DbErr> {
    let backend = db.get_database_backend();
    db.execute_raw(statement(
        backend,
        "INSERT INTO key_fingerprints (name, fingerprint, recorded_at) VALUES ($1, $2, $3) \
         ON CONFLICT (name) DO NOTHING",
        vec![
            Value::from(name),
            Value::from(fingerprint),
            Value::from(now),
        ],
    ))
    .await?;
    let row = db
        .query_one_raw(statement(
            backend,
            "SELECT fingerprint FROM key_fingerprints WHERE name = $1",
            vec![Value::from(name)],
        ))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("key fingerprint {name}")))?;
    row.try_get::<String>("", "fingerprint")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key<'a>(
        name: &'static str,
        variable: &'static str,
        secret: &'a SecretString,
    ) -> SharedKey<'a> {
        SharedKey {
            name,
            variable,
            secret,
        }
    }

    #[test]
    fn the_same_secret_matches_and_another_is_refused_by_name() {
        let ours = SecretString::from("a".repeat(48));
        let theirs = SecretString::from("b".repeat(48));
        let token = key("token_secret", "CONFITREK_TOKEN_SECRET", &ours);
        assert!(compare(&token, &fingerprint(&ours), &fingerprint(&ours)).is_ok());
        let refused = compare(&token, &fingerprint(&theirs), &fingerprint(&ours))
            .unwrap_err()
            .to_string();
        assert!(
            refused.starts_with("CONFITREK_TOKEN_SECRET differs"),
            "{refused}"
        );
        assert!(refused.contains("sessions"), "{refused}");
        let file = key("file_key", "CONFITREK_FILE_KEY", &ours);
        let refused = compare(&file, &fingerprint(&theirs), &fingerprint(&ours))
            .unwrap_err()
            .to_string();
        assert!(
            refused.starts_with("CONFITREK_FILE_KEY differs"),
            "{refused}"
        );
        assert!(refused.contains("decrypted"), "{refused}");
    }

    #[test]
    fn a_fingerprint_is_stable_and_does_not_contain_the_secret() {
        let secret = SecretString::from("s3cret-".repeat(8));
        let print = fingerprint(&secret);
        assert_eq!(print, fingerprint(&SecretString::from("s3cret-".repeat(8))));
        assert_ne!(print, fingerprint(&SecretString::from("s3cret+".repeat(8))));
        assert!(!print.contains("s3cret"));
        // SHA-256's 32 bytes in unpadded base64.
        assert_eq!(print.len(), 43);
    }
}
