//! How values are written for people and read back from inputs.

use confitrek_types::{ComplianceStatus, PersonDto, RequirementStatus, WaiverEffectDto};
use leptos::prelude::use_context;
use time::macros::format_description;
use time::{Date, OffsetDateTime, UtcOffset};

/// `<input type=date>` speaks `YYYY-MM-DD`, as the API does.
pub fn date_input(date: Option<Date>) -> String {
    date.and_then(|d| d.format(format_description!("[year]-[month]-[day]")).ok())
        .unwrap_or_default()
}

/// An empty input is no date; anything else must be a real date.
pub fn parse_date_input(text: &str) -> Result<Option<Date>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    Date::parse(text, format_description!("[year]-[month]-[day]"))
        .map(Some)
        .map_err(|_| "must be a date written YYYY-MM-DD".to_owned())
}

/// A person among others to choose from: the name as the roster writes it, then the badge
/// that tells apart two people of the same name ("Lindqvist, Dana (1234)").
pub fn person_choice(person: &PersonDto) -> String {
    format!("{} ({})", person.display_name(), person.badge)
}

pub fn date(date: Option<Date>) -> String {
    date.map_or_else(|| "—".to_owned(), |d| date_input(Some(d)))
}

/// A moment as the agency reads it, to the minute, in its time zone and labelled with the
/// zone ("2026-12-06 05:14 CST"); in UTC, labelled, where no agency zone is known.
pub fn timestamp(at: OffsetDateTime) -> String {
    let zone = use_context::<crate::session::Session>()
        .and_then(|s| s.me_untracked())
        .and_then(|me| me.agency)
        .map(|a| a.time_zone)
        .filter(|z| !z.is_empty());
    zone.and_then(|zone| in_zone(at, &zone))
        .unwrap_or_else(|| utc_timestamp(at))
}

fn utc_timestamp(at: OffsetDateTime) -> String {
    at.to_offset(UtcOffset::UTC)
        .format(format_description!(
            "[year]-[month]-[day] [hour]:[minute] UTC"
        ))
        .unwrap_or_else(|_| at.to_string())
}

/// The browser's own time zone database (Intl) converts: nothing to ship for it.
#[cfg(target_arch = "wasm32")]
fn in_zone(at: OffsetDateTime, zone: &str) -> Option<String> {
    use wasm_bindgen::JsValue;
    let millis = (at.unix_timestamp_nanos() / 1_000_000) as f64;
    let date = js_sys::Date::new(&JsValue::from_f64(millis));
    let options = js_sys::Object::new();
    for (key, value) in [
        ("timeZone", zone),
        ("year", "numeric"),
        ("month", "2-digit"),
        ("day", "2-digit"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
        ("hourCycle", "h23"),
        ("timeZoneName", "short"),
    ] {
        js_sys::Reflect::set(&options, &key.into(), &value.into()).ok()?;
    }
    // Canadian English writes the day as YYYY-MM-DD, like the rest of the app.
    let text: String = date.to_locale_string("en-CA", &options).into();
    Some(text.replacen(", ", " ", 1))
}

#[cfg(not(target_arch = "wasm32"))]
fn in_zone(_at: OffsetDateTime, _zone: &str) -> Option<String> {
    None
}

/// Blank text is an absent optional field.
pub fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Today in the agency's time zone, as the server said at sign-in; the browser's own day
/// when there is no agency (or before the session is known).
pub fn today() -> Date {
    let agency_day = use_context::<crate::session::Session>()
        .and_then(|s| s.me_untracked())
        .and_then(|me| me.today);
    agency_day.unwrap_or_else(browser_today)
}

/// Today in the browser's own time zone.
fn browser_today() -> Date {
    let now = web_sys::js_sys::Date::new_0();
    let month = time::Month::try_from(now.get_month() as u8 + 1).unwrap_or(time::Month::January);
    Date::from_calendar_date(now.get_full_year() as i32, month, now.get_date() as u8)
        .unwrap_or(Date::MIN)
}

/// The role flags the API knows, in the order the form shows them.
pub const ROLE_FLAGS: [(&str, &str); 6] = [
    ("part_time", "Part-time"),
    ("reserve", "Reserve"),
    ("supervisor", "Supervisor"),
    ("sro", "School resource officer"),
    ("k9_handler", "K9 handler"),
    ("instructor", "Instructor"),
];

/// A flag's label; a flag this app does not know is shown as the API spells it.
pub fn role_flag_label(flag: &str) -> String {
    ROLE_FLAGS
        .iter()
        .find(|(value, _)| *value == flag)
        .map_or_else(|| flag.to_owned(), |(_, label)| (*label).to_owned())
}

/// The CSS class that colours a badge; the text says the same, for those who cannot see it.
pub fn compliance_class(status: ComplianceStatus) -> &'static str {
    match status {
        ComplianceStatus::Compliant => "badge good",
        ComplianceStatus::AtRisk => "badge warn",
        ComplianceStatus::NonCompliant => "badge bad",
        ComplianceStatus::NotApplicable => "badge quiet",
    }
}

pub fn requirement_class(status: RequirementStatus) -> &'static str {
    match status {
        RequirementStatus::Met => "badge good",
        RequirementStatus::Pending => "badge neutral",
        RequirementStatus::AtRisk => "badge warn",
        RequirementStatus::Overdue => "badge bad",
        RequirementStatus::Waived | RequirementStatus::NotApplicable => "badge quiet",
    }
}

/// Where a requirement goes in the list: what needs doing first, what does not bind last.
pub fn requirement_rank(status: RequirementStatus) -> u8 {
    match status {
        RequirementStatus::Overdue => 0,
        RequirementStatus::AtRisk => 1,
        RequirementStatus::Pending => 2,
        RequirementStatus::Met => 3,
        RequirementStatus::Waived => 4,
        RequirementStatus::NotApplicable => 5,
    }
}

/// Hours with one decimal, as the server's explanations write them; counts as whole numbers.
pub fn amount(value: f64, unit: &str) -> String {
    if unit == "hours" {
        format!("{value:.1} hours")
    } else {
        format!("{value:.0}")
    }
}

/// "12.0 of 16.0 hours", "0 of 1".
pub fn progress_text(earned: f64, required: f64, unit: &str) -> String {
    if unit == "hours" {
        format!("{earned:.1} of {required:.1} hours")
    } else {
        format!("{earned:.0} of {required:.0}")
    }
}

pub fn waiver_effect(effect: &WaiverEffectDto) -> String {
    match effect {
        WaiverEffectDto::Exempt => "Exempt for the period".to_owned(),
        WaiverEffectDto::ExtendDays { days: 1 } => "Due date extended by 1 day".to_owned(),
        WaiverEffectDto::ExtendDays { days } => format!("Due date extended by {days} days"),
        WaiverEffectDto::ReduceHours { hours } => format!("{hours:.1} fewer hours required"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn date_inputs_round_trip_and_blank_is_no_date() {
        assert_eq!(
            parse_date_input("2024-07-01"),
            Ok(Some(date!(2024 - 07 - 01)))
        );
        assert_eq!(date_input(Some(date!(2024 - 07 - 01))), "2024-07-01");
        assert_eq!(parse_date_input("  "), Ok(None));
        assert!(parse_date_input("07/01/2024").is_err());
    }

    #[test]
    fn blank_optional_text_is_absent() {
        assert_eq!(optional("  "), None);
        assert_eq!(optional(" Patrol "), Some("Patrol".to_owned()));
    }

    #[test]
    fn progress_reads_in_the_unit_of_the_requirement() {
        assert_eq!(progress_text(12.0, 16.0, "hours"), "12.0 of 16.0 hours");
        assert_eq!(progress_text(0.0, 1.0, "count"), "0 of 1");
        assert_eq!(amount(4.5, "hours"), "4.5 hours");
    }

    #[test]
    fn overdue_comes_first_and_not_applicable_last() {
        let mut statuses = [
            RequirementStatus::NotApplicable,
            RequirementStatus::Met,
            RequirementStatus::Overdue,
            RequirementStatus::Pending,
            RequirementStatus::AtRisk,
        ];
        statuses.sort_by_key(|s| requirement_rank(*s));
        assert_eq!(statuses[0], RequirementStatus::Overdue);
        assert_eq!(statuses[1], RequirementStatus::AtRisk);
        assert_eq!(statuses[4], RequirementStatus::NotApplicable);
    }

    #[test]
    fn unknown_role_flags_keep_their_api_name() {
        assert_eq!(role_flag_label("sro"), "School resource officer");
        assert_eq!(role_flag_label("pilot"), "pilot");
    }
}

/// Cents as a person reads money: 123456789 → "$1,234,567.89", -500 → "-$5.00".
pub fn money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    let digits = (cents / 100).to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}${grouped}.{:02}", cents % 100)
}

#[cfg(test)]
mod money_tests {
    use super::money;

    #[test]
    fn money_groups_thousands_and_keeps_two_decimals() {
        assert_eq!(money(0), "$0.00");
        assert_eq!(money(5), "$0.05");
        assert_eq!(money(100_000), "$1,000.00");
        assert_eq!(money(123_456_789), "$1,234,567.89");
        assert_eq!(money(-500), "-$5.00");
        assert_eq!(money(i64::MIN), "-$92,233,720,368,547,758.08");
    }
}
