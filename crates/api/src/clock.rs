//! Calendar dates in an agency's time zone. Deadlines and training dates are the agency's
//! calendar dates, so "today" for a verdict is the agency's today, not the server's: at
//! 7 p.m. on June 30 in Minnesota it is already July 1 in UTC.
//!
//! What reads the time reads it from a [`Clock`], so a test can move the server's time
//! forward (an expired token, a lockout that ends, a retry that comes due) without waiting.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use time::{Date, Month, OffsetDateTime};

/// The server's time. Cheap to clone: clones share the same time.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    /// How far ahead of the system time this clock runs, in nanoseconds; `None` for the
    /// system clock itself, which cannot be moved.
    shift: Option<Arc<AtomicI64>>,
}

impl Clock {
    /// The system's time.
    pub fn system() -> Self {
        Clock { shift: None }
    }

    /// The system's time plus a shift that [`Clock::advance`] moves forward, for tests: time
    /// keeps flowing, so what is ordered by the time it happened stays ordered.
    pub fn shifted() -> Self {
        Clock {
            shift: Some(Arc::new(AtomicI64::new(0))),
        }
    }

    /// Moves a shifted clock (and its clones) forward by `by`; the system clock stays as it is.
    pub fn advance(&self, by: time::Duration) {
        if let Some(shift) = &self.shift {
            let nanos = i64::try_from(by.whole_nanoseconds().max(0)).unwrap_or(i64::MAX);
            shift.fetch_add(nanos, Ordering::SeqCst);
        }
    }

    /// The current instant.
    pub fn now(&self) -> OffsetDateTime {
        let now = OffsetDateTime::now_utc();
        match &self.shift {
            None => now,
            Some(shift) => {
                now.saturating_add(time::Duration::nanoseconds(shift.load(Ordering::SeqCst)))
            }
        }
    }

    /// Today's date in the zone `name`; in UTC for a name the database does not know.
    pub fn today_in(&self, name: &str) -> Date {
        date_of(self.now(), name)
    }

    /// Today in UTC, for what belongs to no agency (e.g. which rule-set version is current).
    pub fn utc_today(&self) -> Date {
        self.now().date()
    }
}

/// Whether `name` is a zone of the IANA database (compiled in, so the host's does not matter).
pub fn is_known_zone(name: &str) -> bool {
    jiff::tz::db().get(name).is_ok()
}

/// The date of the instant `at` in the zone `name` (UTC for a name the database does not
/// know): the agency's calendar day of something that happened then.
pub fn date_of(at: OffsetDateTime, name: &str) -> Date {
    let zone = jiff::tz::db().get(name).unwrap_or(jiff::tz::TimeZone::UTC);
    jiff::Timestamp::from_second(at.unix_timestamp())
        .ok()
        .and_then(|t| date_in(t, &zone))
        .unwrap_or_else(|| at.date())
}

fn date_in(at: jiff::Timestamp, zone: &jiff::tz::TimeZone) -> Option<Date> {
    let day = zone.to_datetime(at).date();
    let month = Month::try_from(u8::try_from(day.month()).ok()?).ok()?;
    Date::from_calendar_date(i32::from(day.year()), month, u8::try_from(day.day()).ok()?).ok()
}

/// The instant the calendar day `day` begins in the zone `name` (UTC for a name the database
/// does not know); `None` for a day the zone database cannot place.
pub fn start_of_day(day: Date, name: &str) -> Option<OffsetDateTime> {
    let zone = jiff::tz::db().get(name).unwrap_or(jiff::tz::TimeZone::UTC);
    let civil = jiff::civil::Date::new(
        i16::try_from(day.year()).ok()?,
        i8::try_from(u8::from(day.month())).ok()?,
        i8::try_from(day.day()).ok()?,
    )
    .ok()?;
    let at = civil.to_zoned_datetime(zone).ok()?.timestamp();
    OffsetDateTime::from_unix_timestamp(at.as_second()).ok()
}

/// The zone a new agency of a state starts with (the zone of its capital; an agency in
/// another zone of the state changes it in its settings).
pub fn state_zone(state_code: &str) -> &'static str {
    match state_code {
        "MN" => "America/Chicago",
        "IN" => "America/Indiana/Indianapolis",
        "OH" => "America/New_York",
        "OR" => "America/Los_Angeles",
        _ => "UTC",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(zone: &str, rfc3339: &str) -> Option<Date> {
        let at: jiff::Timestamp = rfc3339.parse().ok()?;
        date_in(at, &jiff::tz::db().get(zone).ok()?)
    }

    #[test]
    fn the_evening_of_june_30_in_minnesota_is_still_june_30() {
        // 2026-07-01T00:30Z is 19:30 on June 30 in Chicago (CDT, UTC-5).
        assert_eq!(
            date("America/Chicago", "2026-07-01T00:30:00Z"),
            Date::from_calendar_date(2026, Month::June, 30).ok()
        );
        assert_eq!(
            date("UTC", "2026-07-01T00:30:00Z"),
            Date::from_calendar_date(2026, Month::July, 1).ok()
        );
        // In winter Chicago is UTC-6: 05:59Z on January 1 is still December 31.
        assert_eq!(
            date("America/Chicago", "2027-01-01T05:59:00Z"),
            Date::from_calendar_date(2026, Month::December, 31).ok()
        );
    }

    #[test]
    fn an_instant_falls_on_the_agency_s_calendar_day() {
        let at = OffsetDateTime::from_unix_timestamp(1_782_865_800).unwrap(); // 2026-07-01T00:30Z
        assert_eq!(
            date_of(at, "America/Chicago"),
            Date::from_calendar_date(2026, Month::June, 30).unwrap()
        );
        assert_eq!(
            date_of(at, "Nowhere/Special"),
            Date::from_calendar_date(2026, Month::July, 1).unwrap()
        );
    }

    #[test]
    fn every_state_zone_is_in_the_database_and_unknown_names_are_refused() {
        for state in ["MN", "IN", "OH", "OR", "XX"] {
            assert!(is_known_zone(state_zone(state)), "{state}");
        }
        assert!(!is_known_zone("America/Lakeview"));
        assert!(!is_known_zone(""));
    }

    #[test]
    fn a_shifted_clock_moves_forward_with_its_clones_and_the_system_clock_does_not() {
        let clock = Clock::shifted();
        let clone = clock.clone();
        let before = clock.now();
        clone.advance(time::Duration::days(3));
        let after = clock.now();
        assert!(after - before >= time::Duration::days(3));
        assert!(after - before < time::Duration::days(3) + time::Duration::minutes(1));
        assert!(clock.utc_today() > OffsetDateTime::now_utc().date());

        let system = Clock::system();
        system.advance(time::Duration::days(3));
        assert!((system.now() - OffsetDateTime::now_utc()).abs() < time::Duration::minutes(1));
    }

    #[test]
    fn a_shifted_clock_keeps_flowing() {
        let clock = Clock::shifted();
        let first = clock.now();
        std::thread::sleep(std::time::Duration::from_millis(2));
        assert!(clock.now() > first);
    }

    #[test]
    fn the_clock_s_today_is_the_agency_s_calendar_day() {
        let clock = Clock::shifted();
        let now = clock.now();
        assert_eq!(
            clock.today_in("America/Chicago"),
            date_of(now, "America/Chicago")
        );
        assert_eq!(clock.today_in("Nowhere/Special"), clock.utc_today());
    }
}
