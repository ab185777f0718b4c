//! Access tokens (short-lived HS256 JWTs) and opaque random tokens (refresh, invitation).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use uuid::Uuid;

/// `bytes` random bytes from the operating system, URL-safe base64.
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    // The OS generator failing is not something a server can go on from.
    #[allow(clippy::expect_used)]
    getrandom::fill(&mut buf).expect("the operating system's random number generator");
    URL_SAFE_NO_PAD.encode(buf)
}

/// `len` random lower-case hex digits, e.g. the public part of an API key.
pub fn random_hex(len: usize) -> String {
    let mut buf = vec![0u8; len.div_ceil(2)];
    #[allow(clippy::expect_used)]
    getrandom::fill(&mut buf).expect("the operating system's random number generator");
    let mut hex: String = buf.iter().map(|b| format!("{b:02x}")).collect();
    hex.truncate(len);
    hex
}

/// How opaque tokens are kept at rest: a leaked table holds nothing usable.
pub fn sha256_hex(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Debug, Serialize, Deserialize)]
pub struct AccessClaims {
    pub sub: Uuid,
    /// The sign-in the token belongs to: ending it refuses the token at the next request.
    pub sid: Uuid,
    pub iat: i64,
    pub exp: i64,
}

/// Seconds an access token is still taken after its `exp`: the servers' clocks may differ a
/// little.
const EXPIRY_LEEWAY_SECONDS: i64 = 5;

pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    account_salt: String,
    pub access_ttl: time::Duration,
    pub refresh_ttl: time::Duration,
}

impl TokenKeys {
    pub fn new(secret: &SecretString, access_minutes: i64, refresh_days: i64) -> Self {
        let bytes = secret.expose_secret().as_bytes();
        let mut validation = Validation::new(Algorithm::HS256);
        // Expiry is judged against the server's clock (see `verify_access`), not the library's
        // reading of the system time.
        validation.validate_exp = false;
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp", "sub"]);
        Self {
            encoding: EncodingKey::from_secret(bytes),
            decoding: DecodingKey::from_secret(bytes),
            validation,
            account_salt: sha256_hex(&format!("lockout\n{}", secret.expose_secret())),
            access_ttl: time::Duration::minutes(access_minutes),
            refresh_ttl: time::Duration::days(refresh_days),
        }
    }

    pub fn issue_access(
        &self,
        user_id: Uuid,
        sign_in: Uuid,
        now: OffsetDateTime,
    ) -> anyhow::Result<String> {
        let claims = AccessClaims {
            sub: user_id,
            sid: sign_in,
            iat: now.unix_timestamp(),
            exp: (now + self.access_ttl).unix_timestamp(),
        };
        Ok(jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &self.encoding,
        )?)
    }

    /// The user and sign-in of a valid access token that has not expired at `now`.
    pub fn verify_access(&self, token: &str, now: OffsetDateTime) -> Option<(Uuid, Uuid)> {
        jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &self.validation)
            .ok()
            .filter(|data| data.claims.exp >= now.unix_timestamp() - EXPIRY_LEEWAY_SECONDS)
            .map(|data| (data.claims.sub, data.claims.sid))
    }

    /// A keyed hash of an email, naming an account in the lockout table without naming the
    /// person (an unkeyed hash of an email is reversed by guessing).
    pub fn account_key(&self, email: &str) -> String {
        sha256_hex(&format!(
            "{}\n{}",
            self.account_salt,
            email.trim().to_lowercase()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_access_token_verifies_until_it_expires_and_only_with_its_key() {
        let keys = TokenKeys::new(&SecretString::from("k".repeat(40)), 15, 30);
        let other = TokenKeys::new(&SecretString::from("x".repeat(40)), 15, 30);
        let user = Uuid::now_v7();
        let sign_in = Uuid::now_v7();
        let now = OffsetDateTime::now_utc();
        let token = keys.issue_access(user, sign_in, now).unwrap();
        assert_eq!(keys.verify_access(&token, now), Some((user, sign_in)));
        assert_eq!(other.verify_access(&token, now), None);
        let old = keys
            .issue_access(user, sign_in, now - time::Duration::hours(1))
            .unwrap();
        assert_eq!(keys.verify_access(&old, now), None);
        assert_eq!(keys.verify_access("not-a-token", now), None);
    }

    #[test]
    fn an_access_token_expires_by_the_given_time_with_a_few_seconds_of_leeway() {
        let keys = TokenKeys::new(&SecretString::from("k".repeat(40)), 15, 30);
        let (user, sign_in) = (Uuid::now_v7(), Uuid::now_v7());
        let now = OffsetDateTime::now_utc();
        let token = keys.issue_access(user, sign_in, now).unwrap();
        let expiry = now + time::Duration::minutes(15);
        assert_eq!(
            keys.verify_access(&token, expiry + time::Duration::seconds(4)),
            Some((user, sign_in))
        );
        assert_eq!(
            keys.verify_access(&token, expiry + time::Duration::seconds(6)),
            None
        );
        // Judged by the time given, not the system's: a token issued in the past is still good
        // at that past time.
        let past = now - time::Duration::days(2);
        let issued_then = keys.issue_access(user, sign_in, past).unwrap();
        assert_eq!(
            keys.verify_access(&issued_then, past + time::Duration::minutes(1)),
            Some((user, sign_in))
        );
    }

    #[test]
    fn random_tokens_differ_and_hash_to_hex() {
        assert_ne!(random_token(32), random_token(32));
        assert_eq!(sha256_hex("abc").len(), 64);
    }
}
