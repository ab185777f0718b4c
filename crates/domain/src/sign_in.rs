//! Signing in: who needs a second factor, when wrong passwords lock an account, when a
//! sign-in ends, and which one-time code is accepted.
//!
//! The limits follow NIST SP 800-63B (rev. 3): §5.2.2 (rate limiting: an account is locked
//! after a handful of failures, far below the 100 it allows), §4.2.3 / §4.3.3 (reauthentication
//! at most 12 hours after sign-in, and after 30 minutes inactive at AAL2 and above).

use time::{Duration, OffsetDateTime};

use crate::permissions::Role;

/// Wrong passwords that lock an account when they fall within [`FAILURE_WINDOW`].
pub const MAX_FAILURES: i32 = 5;
pub const FAILURE_WINDOW: Duration = Duration::minutes(15);

/// The bounds of the agency's settings.
pub const LOCKOUT_MINUTES: std::ops::RangeInclusive<i32> = 1..=1440;
pub const IDLE_MINUTES: std::ops::RangeInclusive<i32> = 5..=480;
pub const SESSION_HOURS: std::ops::RangeInclusive<i32> = 1..=24;

/// An agency's rule for second factors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MfaPolicy {
    /// Admins and coordinators need one (the server's setting: off only where an identity
    /// provider already asks for a second factor).
    pub for_managers: bool,
    /// The agency asks it of everyone.
    pub for_everyone: bool,
}

/// Whether a login must use a second factor: admins and coordinators (they read and change
/// everyone's records) unless the server leaves it to an identity provider, everyone when
/// the agency says so.
pub fn mfa_required(role: Role, policy: MfaPolicy) -> bool {
    match role {
        Role::AgencyAdmin | Role::Coordinator => policy.for_managers || policy.for_everyone,
        Role::Supervisor | Role::Officer => policy.for_everyone,
        Role::PlatformOperator => policy.for_managers,
    }
}

/// The wrong passwords counted for one account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failures {
    pub count: i32,
    pub window_started_at: OffsetDateTime,
    /// Set once locked: `Some(None)` waits for an admin, `Some(Some(t))` ends at `t`.
    pub locked: Option<Option<OffsetDateTime>>,
}

/// Whether the account is locked at `now`: `None` if not; else when it unlocks by itself
/// (`None` inside: when an admin releases it).
pub fn locked_at(
    failures: Option<&Failures>,
    now: OffsetDateTime,
) -> Option<Option<OffsetDateTime>> {
    match failures?.locked? {
        Some(until) if until <= now => None,
        lock => Some(lock),
    }
}

/// The count after one more wrong password at `now`; locks once [`MAX_FAILURES`] fall in
/// [`FAILURE_WINDOW`], for `lockout_minutes` (none: until an admin releases it).
pub fn after_failure(
    previous: Option<&Failures>,
    now: OffsetDateTime,
    lockout_minutes: Option<i32>,
) -> Failures {
    let fresh = previous.is_none_or(|p| {
        now - p.window_started_at >= FAILURE_WINDOW || p.locked.is_some() // a lock that ended
    });
    let (count, window_started_at) = match previous {
        Some(p) if !fresh => (p.count.saturating_add(1), p.window_started_at),
        _ => (1, now),
    };
    let locked = (count >= MAX_FAILURES)
        .then(|| lockout_minutes.map(|m| now + Duration::minutes(i64::from(m))));
    Failures {
        count,
        window_started_at,
        locked,
    }
}

/// A sign-in's limits, fixed when it began.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInLimits {
    pub expires_at: OffsetDateTime,
    pub idle_minutes: i32,
}

pub fn limits(began: OffsetDateTime, idle_minutes: i32, session_hours: i32) -> SignInLimits {
    SignInLimits {
        expires_at: began + Duration::hours(i64::from(session_hours)),
        idle_minutes,
    }
}

/// Whether a sign-in still stands at `now`: not ended, not past its absolute end, and used
/// within its idle limit.
pub fn sign_in_stands(
    limits: SignInLimits,
    last_seen_at: OffsetDateTime,
    ended: bool,
    now: OffsetDateTime,
) -> bool {
    !ended
        && now < limits.expires_at
        && now - last_seen_at < Duration::minutes(i64::from(limits.idle_minutes))
}

/// Noting each use would write on every request: once a minute is precise enough for a
/// limit counted in minutes.
pub fn worth_noting_use(last_seen_at: OffsetDateTime, now: OffsetDateTime) -> bool {
    now - last_seen_at >= Duration::minutes(1)
}

/// TOTP (RFC 6238) with 30-second steps; a code of the step before or after is accepted too
/// (clocks drift; RFC 6238 §5.2 allows one step back).
pub const TOTP_STEP_SECONDS: i64 = 30;
pub const TOTP_SKEW_STEPS: i64 = 1;

/// The steps whose codes are tried at `now`, current first.
pub fn totp_steps(now: OffsetDateTime) -> [i64; 3] {
    let step = now.unix_timestamp().div_euclid(TOTP_STEP_SECONDS);
    [step, step - TOTP_SKEW_STEPS, step + TOTP_SKEW_STEPS]
}

/// A code of `step` is accepted only if no code of that step or a later one was (RFC 6238
/// §5.2: a verifier must not accept the same code twice).
pub fn fresh_step(step: i64, last_accepted: Option<i64>) -> bool {
    last_accepted.is_none_or(|last| step > last)
}

/// The browser and system a user agent names, as a person would say them (`Firefox on
/// Windows`); an agent that names neither is shown as it is, cut to 60 printable characters.
pub fn device_label(user_agent: Option<&str>) -> String {
    let Some(ua) = user_agent.map(str::trim).filter(|ua| !ua.is_empty()) else {
        return "Unknown device".into();
    };
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ]
    .into_iter()
    .find(|(mark, _)| ua.contains(mark))
    .map(|(_, name)| name);
    let system = [
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Android", "Android"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ]
    .into_iter()
    .find(|(mark, _)| ua.contains(mark))
    .map(|(_, name)| name);
    match (browser, system) {
        (Some(b), Some(s)) => format!("{b} on {s}"),
        (Some(b), None) => b.to_owned(),
        (None, Some(s)) => s.to_owned(),
        (None, None) => ua
            .chars()
            .filter(|c| c.is_ascii_graphic() || *c == ' ')
            .take(60)
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const T0: OffsetDateTime = datetime!(2026-12-06 10:00 UTC);

    fn fail_times(minutes: &[i64], lockout: Option<i32>) -> Failures {
        let mut state = None;
        for m in minutes {
            state = Some(after_failure(
                state.as_ref(),
                T0 + Duration::minutes(*m),
                lockout,
            ));
        }
        state.unwrap()
    }

    #[test]
    fn five_failures_in_fifteen_minutes_lock_for_the_agency_minutes() {
        let f = fail_times(&[0, 1, 2, 3, 14], Some(15));
        assert_eq!(f.count, 5);
        let until = T0 + Duration::minutes(29);
        assert_eq!(f.locked, Some(Some(until)));
        assert_eq!(
            locked_at(Some(&f), T0 + Duration::minutes(20)),
            Some(Some(until))
        );
        // The lock ends at its minute, not a second later.
        assert_eq!(locked_at(Some(&f), until), None);
    }

    #[test]
    fn four_failures_do_not_lock_and_a_window_that_passed_starts_again() {
        let f = fail_times(&[0, 1, 2, 3], Some(15));
        assert_eq!(f.locked, None);
        // The fifth comes 15 minutes after the first: a new window.
        let f = fail_times(&[0, 1, 2, 3, 15], Some(15));
        assert_eq!((f.count, f.locked), (1, None));
    }

    #[test]
    fn without_lockout_minutes_only_an_admin_unlocks() {
        let f = fail_times(&[0, 0, 0, 0, 0], None);
        assert_eq!(f.locked, Some(None));
        assert_eq!(locked_at(Some(&f), T0 + Duration::days(365)), Some(None));
    }

    #[test]
    fn after_a_lock_ends_counting_starts_over() {
        let f = fail_times(&[0, 0, 0, 0, 0, 40], Some(15));
        assert_eq!((f.count, f.locked), (1, None));
    }

    #[test]
    fn a_sign_in_ends_idle_or_at_its_absolute_end() {
        let lim = limits(T0, 30, 12);
        assert!(sign_in_stands(lim, T0, false, T0 + Duration::minutes(29)));
        assert!(!sign_in_stands(lim, T0, false, T0 + Duration::minutes(30)));
        assert!(!sign_in_stands(lim, T0, true, T0));
        let busy = T0 + Duration::hours(12) - Duration::minutes(1);
        assert!(sign_in_stands(lim, busy, false, busy));
        assert!(!sign_in_stands(lim, busy, false, T0 + Duration::hours(12)));
    }

    #[test]
    fn a_code_works_once_and_never_an_older_one() {
        assert!(fresh_step(100, None));
        assert!(fresh_step(101, Some(100)));
        assert!(!fresh_step(100, Some(100)));
        assert!(!fresh_step(99, Some(100)));
        let steps = totp_steps(datetime!(1970-01-01 00:01:00 UTC));
        assert_eq!(steps, [2, 1, 3]);
    }

    #[test]
    fn devices_are_named_as_people_name_them() {
        let firefox =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
        assert_eq!(device_label(Some(firefox)), "Firefox on Windows");
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
        assert_eq!(device_label(Some(iphone)), "Safari on iPhone");
        assert_eq!(device_label(Some("python-httpx/0.28")), "python-httpx/0.28");
        assert_eq!(device_label(None), "Unknown device");
    }

    #[test]
    fn admins_and_coordinators_need_a_second_factor_and_everyone_if_the_agency_says() {
        let managers = MfaPolicy {
            for_managers: true,
            for_everyone: false,
        };
        assert!(mfa_required(Role::AgencyAdmin, managers));
        assert!(mfa_required(Role::Coordinator, managers));
        assert!(!mfa_required(Role::Officer, managers));
        let everyone = MfaPolicy {
            for_managers: true,
            for_everyone: true,
        };
        assert!(mfa_required(Role::Officer, everyone));
        assert!(mfa_required(Role::Supervisor, everyone));
        let left_to_the_identity_provider = MfaPolicy::default();
        assert!(!mfa_required(
            Role::AgencyAdmin,
            left_to_the_identity_provider
        ));
    }
}
