//! Password hashing with argon2id (the crate's defaults: m=19456 KiB, t=2, p=1).

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use std::sync::LazyLock;

use crate::http::ApiError;

/// A password a user may choose (see [`confitrek_domain::passwords`]): `context` holds
/// the words it must not be made of, the user's email and the agency's name.
pub fn check_policy(password: &str, context: &[&str]) -> Result<(), ApiError> {
    match confitrek_domain::passwords::refusal(password, context) {
        Some(reason) => Err(ApiError::field("password", reason)),
        None => Ok(()),
    }
}

pub fn hash(password: &str) -> anyhow::Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
}

/// Verified against a real hash even for an unknown user, so that the time a failed sign-in
/// takes says nothing about whether the email exists.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash("not a password of anyone").unwrap_or_default());

pub fn verify(password: &str, stored: Option<&str>) -> bool {
    let stored = stored.unwrap_or(DUMMY_HASH.as_str());
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok()
}

/// Runs the hashing work off the async runtime's threads.
pub async fn verify_blocking(password: String, stored: Option<String>) -> bool {
    actix_web::rt::task::spawn_blocking(move || verify(&password, stored.as_deref()))
        .await
        .unwrap_or(false)
}

pub async fn hash_blocking(password: String) -> anyhow::Result<String> {
    actix_web::rt::task::spawn_blocking(move || hash(&password)).await?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let h = hash("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", Some(&h)));
        assert!(!verify("wrong horse battery", Some(&h)));
        assert!(!verify("anything", None));
    }

    #[test]
    fn the_policy_names_the_field() {
        assert!(check_policy("short", &[]).is_err());
        assert!(check_policy("long enough passphrase", &[]).is_ok());
        assert!(check_policy(&"x".repeat(129), &[]).is_err());
    }
}
