//! Two-step sign-in with an authenticator app (TOTP, RFC 6238: SHA-1, 6 digits, 30-second
//! steps, the form every common app reads from a QR code), and recovery codes.

use confitrek_domain::sign_in::{TOTP_STEP_SECONDS, fresh_step, totp_steps};
use confitrek_types::{MfaEnrolment, MfaStatus, RecoveryCodes};
use time::OffsetDateTime;
use totp_rs::{Algorithm, Secret, TOTP};

use super::Caller;
use super::tokens::sha256_hex;
use crate::app::AppState;
use crate::db::entity::user;
use crate::db::{mfa, sign_ins, users};
use crate::http::{ApiError, ApiResult};

const ISSUER: &str = "ConfiTrek";
const SECRET_BYTES: usize = 20;
const RECOVERY_CODES: usize = 10;
/// Letters and digits no one misreads for another (no 0/o, 1/l/i).
const RECOVERY_ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

fn totp(secret: Vec<u8>) -> ApiResult<TOTP> {
    TOTP::new(Algorithm::SHA1, 6, 1, TOTP_STEP_SECONDS as u64, secret)
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("a TOTP secret: {e:?}")))
}

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// The step among those tried at `now` whose code is `code`.
fn matching_step(secret: Vec<u8>, code: &str, now: OffsetDateTime) -> ApiResult<Option<i64>> {
    let totp = totp(secret)?;
    Ok(totp_steps(now).into_iter().find(|step| {
        u64::try_from(step * TOTP_STEP_SECONDS).is_ok_and(|t| same(&totp.generate(t), code))
    }))
}

/// What a user typed, without spaces and dashes, lowercased.
fn normalized(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `code` is the login's current authenticator code or one of its unused recovery
/// codes; either is spent by this check. A code of a step already used is refused.
pub async fn check_code(
    state: &AppState,
    db: &impl sea_orm::ConnectionTrait,
    user: &user::Model,
    code: &str,
    now: OffsetDateTime,
) -> ApiResult<bool> {
    let Some(sealed) = &user.mfa_secret else {
        return Ok(false);
    };
    let code = normalized(code);
    if code.len() > 64 {
        return Ok(false);
    }
    if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
        let secret = state.files.unseal(sealed)?;
        return Ok(match matching_step(secret, &code, now)? {
            Some(step) if fresh_step(step, user.mfa_last_step) => {
                mfa::spend_step(db, user.id, step).await?
            }
            _ => false,
        });
    }
    Ok(mfa::spend_code(db, user.id, &sha256_hex(&code), now).await?)
}

/// Starts enrolment: a new secret, kept pending until a code from it is confirmed.
pub async fn start(state: &AppState, caller: &Caller) -> ApiResult<MfaEnrolment> {
    let user = users::get(&state.db, caller.user_id)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    if user.mfa_secret.is_some() {
        return Err(ApiError::Conflict(
            "Two-step sign-in is already set up; an administrator can reset it.".into(),
        ));
    }
    let mut secret = vec![0u8; SECRET_BYTES];
    getrandom::fill(&mut secret).map_err(|e| anyhow::anyhow!("random secret: {e}"))?;
    let sealed = state.files.seal(&secret)?;
    mfa::set_pending(&state.db, user.id, Some(sealed)).await?;
    let encoded = Secret::Raw(secret).to_encoded().to_string();
    let account = form_urlencoded::byte_serialize(user.email.as_bytes())
        .collect::<String>()
        .replace('+', "%20");
    let otpauth_uri = format!(
        "otpauth://totp/{ISSUER}:{account}?secret={encoded}&issuer={ISSUER}&algorithm=SHA1&digits=6&period={TOTP_STEP_SECONDS}"
    );
    let qr_svg = qrcode::QrCode::new(otpauth_uri.as_bytes())
        .map_err(|e| anyhow::anyhow!("a QR code: {e}"))?
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .build();
    Ok(MfaEnrolment {
        secret: encoded,
        otpauth_uri,
        qr_svg,
    })
}

/// Confirms enrolment with a code of the pending secret; answers the recovery codes, shown
/// this once. Every other sign-in of the login ends: they were made without the factor.
pub async fn confirm(state: &AppState, caller: &Caller, code: &str) -> ApiResult<RecoveryCodes> {
    let now = state.clock.now();
    let user = users::get(&state.db, caller.user_id)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    let wrong = || {
        ApiError::field(
            "code",
            "is not the code the app shows now; try the next one",
        )
    };
    let Some(sealed) = user.mfa_pending_secret.clone() else {
        return Err(ApiError::field(
            "code",
            "start setting up two-step sign-in first",
        ));
    };
    let code = normalized(code);
    let step = matching_step(state.files.unseal(&sealed)?, &code, now)?.ok_or_else(wrong)?;
    let codes: Vec<String> = (0..RECOVERY_CODES).map(|_| recovery_code()).collect();
    let hashes = codes.iter().map(|c| sha256_hex(&normalized(c))).collect();
    let txn = crate::db::begin_write(&state.db).await?;
    mfa::confirm(&txn, user.id, sealed, step, now).await?;
    mfa::replace_codes(&txn, user.id, hashes).await?;
    sign_ins::enrolled(&txn, user.id).await?;
    if let Some(current) = caller.sign_in_id {
        sign_ins::end(&txn, user.id, sign_ins::Which::AllBut(current), now).await?;
    }
    audit_own(&txn, caller, "user.mfa_enrol").await?;
    txn.commit().await?;
    Ok(RecoveryCodes {
        recovery_codes: codes,
    })
}

pub async fn status(state: &AppState, caller: &Caller) -> ApiResult<MfaStatus> {
    let user = users::get(&state.db, caller.user_id)
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    let left = mfa::codes_left(&state.db, user.id).await?;
    Ok(MfaStatus {
        enabled: user.mfa_secret.is_some(),
        required: super::sign_ins::mfa_required(state, &user).await?,
        recovery_codes_left: u32::try_from(left).unwrap_or(u32::MAX),
    })
}

async fn audit_own(
    db: &impl sea_orm::ConnectionTrait,
    caller: &Caller,
    action: &str,
) -> ApiResult<()> {
    let entry = crate::db::audit::AuditEntry {
        agency_id: caller.agency_id,
        actor_user_id: Some(caller.user_id),
        action,
        success: true,
        target: Some(("user", caller.user_id)),
        meta: &caller.meta,
        at: caller.clock.now(),
    };
    Ok(crate::db::audit::record(db, entry).await?)
}

/// `xxxx-xxxx-xxxx`: 12 characters of 31, about 59 bits.
fn recovery_code() -> String {
    let mut bytes = [0u8; 12];
    // The OS generator failing is not something a server can go on from.
    #[allow(clippy::expect_used)]
    getrandom::fill(&mut bytes).expect("the operating system's random number generator");
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| RECOVERY_ALPHABET[usize::from(*b) % RECOVERY_ALPHABET.len()] as char)
        .collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    /// RFC 6238 Appendix B: the SHA-1 secret `12345678901234567890` gives 94287082 at
    /// 59 s and 07081804 at 1111111109 s (8 digits); their last six digits are the 6-digit codes.
    #[test]
    fn codes_match_the_rfc_test_vectors_within_one_step() {
        let secret = b"12345678901234567890".to_vec();
        let at = datetime!(1970-01-01 00:00:59 UTC);
        assert_eq!(
            matching_step(secret.clone(), "287082", at).unwrap(),
            Some(1)
        );
        let at = OffsetDateTime::from_unix_timestamp(1_111_111_109).unwrap();
        assert!(
            matching_step(secret.clone(), "081804", at)
                .unwrap()
                .is_some()
        );
        // One step later is still accepted; two are not.
        let later = at + time::Duration::seconds(30);
        assert!(
            matching_step(secret.clone(), "081804", later)
                .unwrap()
                .is_some()
        );
        let much_later = at + time::Duration::seconds(61);
        assert_eq!(matching_step(secret, "081804", much_later).unwrap(), None);
    }

    #[test]
    fn recovery_codes_read_unambiguously() {
        let code = recovery_code();
        assert_eq!(code.len(), 14);
        assert!(!code.contains(['0', 'o', '1', 'l', 'i']));
        assert_eq!(normalized(" ABCD-efgh-2345 "), "abcdefgh2345");
    }
}
