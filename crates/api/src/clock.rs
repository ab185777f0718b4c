//! Calendar dates in an agency's time zone. Deadlines and training dates are the agency's
//! calendar dates, so "today" for a verdict is the agency's today, not the server's: at
//! 7 p.m. on June 30 in Minnesota it is already July 1 in UTC.

use time::{Date, Month, OffsetDateTime};

/// Whether `name` is a zone of the IANA database (compiled in, so the host's does not matter).
pub fn is_known_zone(name: &str) -> bool {
    jiff::tz::db().get(name).is_ok()
}

/// Today's date in the zone `name`; in UTC for a name the database does not know.
pub fn today_in(name: &str) -> Date {
    let zone = jiff::tz::db().get(name).unwrap_or(jiff::tz::TimeZone::UTC);
    date_in(jiff::Timestamp::now(), &zone).unwrap_or_else(utc_today)
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

/// Today in UTC, for what belongs to no agency (e.g. which rule-set version is current).
pub fn utc_today() -> Date {
    OffsetDateTime::now_utc().date()
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
}
