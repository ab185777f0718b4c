//! How long an agency's data is kept, as the privacy policy promises: after a cancelled
//! subscription, 90 days of read-only access with export, then everything is deleted;
//! technical data about sign-ins (devices, sessions, lockout counts) at most 12 months.

use time::{Duration, OffsetDateTime};

/// Days a cancelled agency keeps its data, read-only, before it is deleted.
pub const RETENTION_DAYS: i64 = 90;
/// Technical data about sign-ins is deleted this long after it was last used.
pub const TECHNICAL_DATA_DAYS: i64 = 365;

/// When the subscription counts as cancelled after a change: the first cancellation stands
/// (cancelling again does not extend the 90 days); a renewed subscription clears it.
pub fn cancelled_at(
    previous: Option<OffsetDateTime>,
    cancelled: bool,
    now: OffsetDateTime,
) -> Option<OffsetDateTime> {
    match (cancelled, previous) {
        (false, _) => None,
        (true, Some(at)) => Some(at),
        (true, None) => Some(now),
    }
}

/// Whether a cancelled agency's data is due for deletion at `now`: from day 91 on.
pub fn purge_due(cancelled_at: OffsetDateTime, now: OffsetDateTime) -> bool {
    now >= cancelled_at + Duration::days(RETENTION_DAYS)
}

/// The moment before which technical data is deleted.
pub fn technical_cutoff(now: OffsetDateTime) -> OffsetDateTime {
    now - Duration::days(TECHNICAL_DATA_DAYS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const CANCELLED: OffsetDateTime = datetime!(2026-01-31 15:00 UTC);

    #[test]
    fn day_90_keeps_the_data_and_day_91_deletes_it() {
        assert!(!purge_due(CANCELLED, CANCELLED + Duration::days(89)));
        assert!(!purge_due(
            CANCELLED,
            CANCELLED + Duration::days(90) - Duration::seconds(1)
        ));
        assert!(purge_due(CANCELLED, CANCELLED + Duration::days(90)));
        // Across the leap day of 2028 the count is still in days, not months.
        let leap = datetime!(2028-02-01 00:00 UTC);
        assert!(purge_due(leap, datetime!(2028-05-01 00:00 UTC)));
        assert!(!purge_due(leap, datetime!(2028-04-30 23:59 UTC)));
    }

    #[test]
    fn the_first_cancellation_stands_and_a_renewal_clears_it() {
        let later = CANCELLED + Duration::days(30);
        assert_eq!(cancelled_at(None, true, CANCELLED), Some(CANCELLED));
        assert_eq!(cancelled_at(Some(CANCELLED), true, later), Some(CANCELLED));
        assert_eq!(cancelled_at(Some(CANCELLED), false, later), None);
        assert_eq!(cancelled_at(None, false, later), None);
    }

    #[test]
    fn technical_data_is_kept_twelve_months() {
        assert_eq!(
            technical_cutoff(datetime!(2026-12-06 00:00 UTC)),
            datetime!(2025-12-06 00:00 UTC)
        );
    }
}
