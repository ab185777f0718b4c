//! Service accounts and their API keys: which operations a key may call (by scope), what
//! a key looks like, when it stands, and what an admin may write.
//!
//! A key reaches only the operations listed in [`SCOPED_OPERATIONS`]; within them it acts
//! with the rights of a training coordinator, and with the use-of-force review permission
//! when it holds [`ApiScope::UseOfForce`]. Everything else (users, settings, the audit log,
//! exports, integrations themselves) needs a person's sign-in.

use time::{Date, Duration, OffsetDateTime};

use crate::ValidationErrors;
use crate::free_text::parse_free_text;

pub use confitrek_vocabulary::ApiScope;

/// Every key starts so, which tells it from a session token at a glance (and to secret
/// scanners).
pub const KEY_START: &str = "ctk_";
/// The public part that finds a key: 12 lower-case hex digits.
pub const PREFIX_LEN: usize = 12;
pub const NAME_MAX: usize = 100;
pub const DESCRIPTION_MAX: usize = 500;
pub const RATE_LIMIT_DEFAULT: i32 = 600;
pub const RATE_LIMIT_MAX: i32 = 6000;
/// A key may be made to expire at most this many days ahead.
pub const EXPIRY_MAX_DAYS: i64 = 730;

/// The operations a key may call, by method and path template (as the OpenAPI document
/// writes them), and the scope each needs. Operations open to anyone (the state rules) are
/// not listed: they need no key. Kept in one table so that the server's check
/// and the document's `api_key` requirements cannot drift apart.
pub const SCOPED_OPERATIONS: &[(&str, &str, ApiScope)] = {
    use ApiScope::*;
    &[
        ("GET", "/api/v1/agencies/current", RosterRead),
        ("GET", "/api/v1/people", RosterRead),
        ("GET", "/api/v1/people/units", RosterRead),
        ("GET", "/api/v1/people/export", RosterRead),
        ("GET", "/api/v1/people/{id}", RosterRead),
        ("GET", "/api/v1/people/{id}/compliance", RosterRead),
        ("GET", "/api/v1/people/{id}/compliance/history", RosterRead),
        ("GET", "/api/v1/people/{id}/waivers", RosterRead),
        ("GET", "/api/v1/people/{id}/policies", RosterRead),
        ("GET", "/api/v1/dashboard", RosterRead),
        ("GET", "/api/v1/requirements", RosterRead),
        ("GET", "/api/v1/profiles", RosterRead),
        ("GET", "/api/v1/credential-types", RosterRead),
        ("GET", "/api/v1/credentials", RosterRead),
        ("GET", "/api/v1/policies", RosterRead),
        ("GET", "/api/v1/policies/{id}", RosterRead),
        ("GET", "/api/v1/acknowledgements", RosterRead),
        ("GET", "/api/v1/topics", RosterRead),
        ("GET", "/api/v1/courses", RosterRead),
        ("GET", "/api/v1/courses/{id}", RosterRead),
        ("GET", "/api/v1/sessions", RosterRead),
        ("GET", "/api/v1/sessions/{id}", RosterRead),
        ("GET", "/api/v1/training-records", RosterRead),
        ("GET", "/api/v1/training-records/{id}", RosterRead),
        (
            "GET",
            "/api/v1/training-records/{id}/certificate",
            RosterRead,
        ),
        ("POST", "/api/v1/training-records", TrainingWrite),
        ("PUT", "/api/v1/training-records/{id}", TrainingWrite),
        ("DELETE", "/api/v1/training-records/{id}", TrainingWrite),
        (
            "POST",
            "/api/v1/training-records/{id}/verify",
            TrainingWrite,
        ),
        (
            "POST",
            "/api/v1/training-records/{id}/reject",
            TrainingWrite,
        ),
        (
            "PUT",
            "/api/v1/training-records/{id}/certificate",
            TrainingWrite,
        ),
        (
            "DELETE",
            "/api/v1/training-records/{id}/certificate",
            TrainingWrite,
        ),
        ("POST", "/api/v1/sessions", TrainingWrite),
        ("PUT", "/api/v1/sessions/{id}", TrainingWrite),
        ("DELETE", "/api/v1/sessions/{id}", TrainingWrite),
        ("POST", "/api/v1/sessions/{id}/enrollments", TrainingWrite),
        (
            "DELETE",
            "/api/v1/sessions/{id}/enrollments/{person_id}",
            TrainingWrite,
        ),
        ("POST", "/api/v1/sessions/{id}/attendance", TrainingWrite),
        ("GET", "/api/v1/uof/incidents", UseOfForce),
        ("POST", "/api/v1/uof/incidents", UseOfForce),
        ("GET", "/api/v1/uof/incidents/{id}", UseOfForce),
        ("PUT", "/api/v1/uof/incidents/{id}", UseOfForce),
        ("POST", "/api/v1/uof/incidents/{id}/submit", UseOfForce),
        ("POST", "/api/v1/uof/incidents/{id}/review", UseOfForce),
        ("POST", "/api/v1/uof/incidents/{id}/return", UseOfForce),
        ("POST", "/api/v1/uof/incidents/{id}/close", UseOfForce),
        ("POST", "/api/v1/uof/incidents/{id}/amend", UseOfForce),
        ("GET", "/api/v1/uof/aggregates", UseOfForce),
        ("GET", "/api/v1/uof/exports/agency.csv", UseOfForce),
        ("GET", "/api/v1/uof/exports/federal", UseOfForce),
        ("GET", "/api/v1/reports/compliance", Reports),
        ("GET", "/api/v1/reports/topics", Reports),
        ("GET", "/api/v1/people/{id}/transcript", Reports),
        ("GET", "/api/v1/sessions/{id}/sign-in-sheet", Reports),
        ("GET", "/api/v1/roi", Reports),
        ("GET", "/api/v1/expenses", Reports),
        ("GET", "/api/v1/expenses/summary", Reports),
        ("GET", "/api/v1/expenses/export", Reports),
        ("GET", "/api/v1/expenses/{id}", Reports),
        ("GET", "/api/v1/expenses/{id}/receipt", Reports),
        ("GET", "/api/v1/budgets", Reports),
        ("POST", "/api/v1/expenses", TrainingWrite),
        ("PUT", "/api/v1/expenses/{id}", TrainingWrite),
        ("DELETE", "/api/v1/expenses/{id}", TrainingWrite),
        ("POST", "/api/v1/expenses/{id}/status", TrainingWrite),
        ("PUT", "/api/v1/expenses/{id}/receipt", TrainingWrite),
        ("DELETE", "/api/v1/expenses/{id}/receipt", TrainingWrite),
        // A key reads and downloads state reports; preparing, reviewing and marking one
        // transmitted are a person's attestations, made with a person's sign-in.
        ("GET", "/api/v1/state-reports", Reports),
        ("GET", "/api/v1/state-reports/preview", Reports),
        ("GET", "/api/v1/state-reports/{id}", Reports),
        ("GET", "/api/v1/state-reports/{id}/download", Reports),
        ("GET", "/api/v1/reimbursement", Reports),
        (
            "GET",
            "/api/v1/reimbursement/minnesota/{fiscal_year}",
            Reports,
        ),
        ("GET", "/api/v1/reimbursement/ohio/{year}", Reports),
    ]
};

/// The scope a key needs for an operation; none: keys may not call it.
pub fn scope_of(method: &str, path_template: &str) -> Option<ApiScope> {
    SCOPED_OPERATIONS
        .iter()
        .find(|(m, p, _)| *m == method && *p == path_template)
        .map(|(_, _, scope)| *scope)
}

/// Whether a key of an account granted `granted` may call an operation of `template`.
pub fn may_call(granted: &[ApiScope], method: &str, path_template: &str) -> bool {
    scope_of(method, path_template).is_some_and(|needed| granted.contains(&needed))
}

/// A key as presented: its public prefix and its secret part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PresentedKey<'a> {
    pub prefix: &'a str,
    pub secret: &'a str,
}

/// Splits `ctk_<prefix>_<secret>`; anything else is not a key.
pub fn parse_key(raw: &str) -> Option<PresentedKey<'_>> {
    let rest = raw.strip_prefix(KEY_START)?;
    let (prefix, secret) = rest.split_once('_')?;
    let hex = |s: &str| {
        s.chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
    };
    let secret_ok = (32..=64).contains(&secret.len())
        && secret
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    (prefix.len() == PREFIX_LEN && hex(prefix) && secret_ok)
        .then_some(PresentedKey { prefix, secret })
}

/// Why a key that was found does not work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyRefusal {
    Revoked,
    Expired,
    AccountDisabled,
}

/// Whether a key works at `now`.
pub fn key_stands(
    revoked_at: Option<OffsetDateTime>,
    expires_at: Option<OffsetDateTime>,
    account_disabled_at: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> Result<(), KeyRefusal> {
    if revoked_at.is_some() {
        return Err(KeyRefusal::Revoked);
    }
    if account_disabled_at.is_some() {
        return Err(KeyRefusal::AccountDisabled);
    }
    if expires_at.is_some_and(|at| now >= at) {
        return Err(KeyRefusal::Expired);
    }
    Ok(())
}

/// Writing `last_used_at` on every request would make each read a write: once a minute is
/// what an admin needs to tell a live key from a forgotten one.
pub fn worth_noting_use(last_used_at: Option<OffsetDateTime>, now: OffsetDateTime) -> bool {
    last_used_at.is_none_or(|at| now - at >= Duration::minutes(1))
}

/// A valid service account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAccount {
    pub name: String,
    pub description: Option<String>,
    /// Each scope once, in the vocabulary's order.
    pub scopes: Vec<ApiScope>,
}

pub fn parse_account(
    name: &str,
    description: Option<&str>,
    scopes: &[ApiScope],
) -> Result<ValidAccount, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let name = errors.collect("name", parse_free_text(name, NAME_MAX));
    if name.as_deref().is_some_and(str::is_empty) {
        errors.push("name", "must not be empty");
    }
    let description = match description.map(|d| parse_free_text(d, DESCRIPTION_MAX)) {
        Some(parsed) => errors
            .collect("description", parsed)
            .filter(|d| !d.is_empty()),
        None => None,
    };
    let named = scopes.len();
    let scopes: Vec<ApiScope> = ApiScope::ALL
        .iter()
        .copied()
        .filter(|s| scopes.contains(s))
        .collect();
    if scopes.is_empty() {
        errors.push("scopes", "must name at least one scope");
    } else if named > ApiScope::ALL.len() {
        errors.push(
            "scopes",
            format!(
                "must name at most {} scopes, each once",
                ApiScope::ALL.len()
            ),
        );
    }
    errors.into_result()?;
    Ok(ValidAccount {
        name: name.unwrap_or_default(),
        description,
        scopes,
    })
}

/// Scopes as stored: their wire names, space-separated.
pub fn scopes_to_text(scopes: &[ApiScope]) -> String {
    scopes
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Scopes as stored, read back; a name no longer known grants nothing.
pub fn scopes_from_text(text: &str) -> Vec<ApiScope> {
    text.split_whitespace()
        .filter_map(ApiScope::parse)
        .collect()
}

/// A valid new key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidKey {
    pub name: String,
    /// The last day it works, in the agency's time zone.
    pub expires_on: Option<Date>,
    pub rate_limit_per_minute: i32,
}

/// `today` is the agency's today.
pub fn parse_key_input(
    name: &str,
    expires_on: Option<Date>,
    rate_limit_per_minute: Option<i32>,
    today: Date,
) -> Result<ValidKey, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    let name = errors.collect("name", parse_free_text(name, NAME_MAX));
    if name.as_deref().is_some_and(str::is_empty) {
        errors.push("name", "must not be empty");
    }
    if let Some(day) = expires_on {
        if day < today {
            errors.push("expires_on", "must be today or later");
        } else if day - today > Duration::days(EXPIRY_MAX_DAYS) {
            errors.push(
                "expires_on",
                format!("must be at most {EXPIRY_MAX_DAYS} days ahead"),
            );
        }
    }
    let rate = rate_limit_per_minute.unwrap_or(RATE_LIMIT_DEFAULT);
    if !(1..=RATE_LIMIT_MAX).contains(&rate) {
        errors.push(
            "rate_limit_per_minute",
            format!("must be from 1 to {RATE_LIMIT_MAX}"),
        );
    }
    errors.into_result()?;
    Ok(ValidKey {
        name: name.unwrap_or_default(),
        expires_on,
        rate_limit_per_minute: rate,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn a_key_reaches_only_the_operations_of_its_scopes() {
        let reader = [ApiScope::RosterRead];
        assert!(may_call(&reader, "GET", "/api/v1/people/{id}/compliance"));
        assert!(!may_call(&reader, "POST", "/api/v1/training-records"));
        assert!(may_call(
            &[ApiScope::TrainingWrite],
            "POST",
            "/api/v1/training-records"
        ));
        // Nothing outside the table, whatever the scopes: not users, not the audit log.
        assert!(!may_call(ApiScope::ALL, "GET", "/api/v1/users"));
        assert!(!may_call(ApiScope::ALL, "GET", "/api/v1/audit-events"));
        assert!(!may_call(ApiScope::ALL, "POST", "/api/v1/exports"));
        assert!(!may_call(&[], "GET", "/api/v1/people"));
    }

    #[test]
    fn each_operation_is_listed_once() {
        let mut seen = std::collections::BTreeSet::new();
        for (method, path, _) in SCOPED_OPERATIONS {
            assert!(seen.insert((method, path)), "{method} {path} twice");
        }
    }

    #[test]
    fn keys_are_parsed_strictly() {
        let secret = "a".repeat(43);
        let raw = format!("ctk_0123456789ab_{secret}");
        let key = parse_key(&raw).unwrap();
        assert_eq!(key.prefix, "0123456789ab");
        assert_eq!(key.secret, secret);
        assert!(parse_key(&format!("ctk_0123456789AB_{secret}")).is_none());
        assert!(parse_key(&format!("ctk_0123456789a_{secret}")).is_none());
        assert!(parse_key("ctk_0123456789ab_short").is_none());
        assert!(parse_key(&format!("xyz_0123456789ab_{secret}")).is_none());
        assert!(parse_key("eyJhbGciOiJIUzI1NiJ9.e30.sig").is_none());
    }

    #[test]
    fn a_key_stands_until_revoked_expired_or_its_account_disabled() {
        let now = datetime!(2026-12-06 12:00 UTC);
        assert_eq!(key_stands(None, None, None, now), Ok(()));
        assert_eq!(
            key_stands(Some(now), None, None, now),
            Err(KeyRefusal::Revoked)
        );
        assert_eq!(
            key_stands(None, None, Some(now), now),
            Err(KeyRefusal::AccountDisabled)
        );
        // It works up to the instant it expires, not at it.
        let at = datetime!(2026-12-07 05:00 UTC);
        assert_eq!(
            key_stands(None, Some(at), None, at - Duration::SECOND),
            Ok(())
        );
        assert_eq!(
            key_stands(None, Some(at), None, at),
            Err(KeyRefusal::Expired)
        );
    }

    #[test]
    fn accounts_need_a_name_and_a_scope() {
        let valid = parse_account(
            " RMS ",
            Some(""),
            &[ApiScope::Reports, ApiScope::RosterRead, ApiScope::Reports],
        )
        .unwrap();
        assert_eq!(valid.name, "RMS");
        assert_eq!(valid.description, None);
        assert_eq!(valid.scopes, vec![ApiScope::RosterRead, ApiScope::Reports]);
        assert_eq!(
            scopes_from_text(&scopes_to_text(&valid.scopes)),
            valid.scopes
        );
        let errors = parse_account("", None, &[]).unwrap_err();
        let fields: Vec<_> = errors.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "scopes"]);
        assert!(parse_account(&"x".repeat(101), None, &[ApiScope::Reports]).is_err());
        // Each scope once is at most four: five names are refused, as the document says.
        assert!(parse_account("RMS", None, &[ApiScope::Reports; 5]).is_err());
    }

    #[test]
    fn a_key_expires_from_today_to_two_years_ahead() {
        let today = date!(2026 - 12 - 06);
        assert!(parse_key_input("prod", Some(today), None, today).is_ok());
        assert!(parse_key_input("prod", Some(date!(2026 - 12 - 05)), None, today).is_err());
        // 2028 is a leap year: 730 days ahead is 2028-12-05.
        assert!(parse_key_input("prod", Some(date!(2028 - 12 - 05)), None, today).is_ok());
        assert!(parse_key_input("prod", Some(date!(2028 - 12 - 06)), None, today).is_err());
        let key = parse_key_input("prod", None, None, today).unwrap();
        assert_eq!(key.rate_limit_per_minute, RATE_LIMIT_DEFAULT);
        let errors = parse_key_input("prod", None, Some(0), today).unwrap_err();
        assert_eq!(errors.0[0].field, "rate_limit_per_minute");
        assert!(parse_key_input("prod", None, Some(RATE_LIMIT_MAX + 1), today).is_err());
    }

    #[test]
    fn use_is_noted_once_a_minute() {
        let now = datetime!(2026-12-06 12:00 UTC);
        assert!(worth_noting_use(None, now));
        assert!(!worth_noting_use(Some(now - Duration::seconds(59)), now));
        assert!(worth_noting_use(Some(now - Duration::seconds(60)), now));
    }
}
