//! How values are written for people and read back from inputs.

use confitrek_types::{PersonKind, PersonStatus};
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

pub fn date(date: Option<Date>) -> String {
    date.map_or_else(|| "—".to_owned(), |d| date_input(Some(d)))
}

/// Timestamps come in UTC and are shown in UTC, labelled, to the minute: the audit log is
/// read against other systems' logs, so no local-time guessing.
pub fn timestamp(at: OffsetDateTime) -> String {
    at.to_offset(UtcOffset::UTC)
        .format(format_description!(
            "[year]-[month]-[day] [hour]:[minute] UTC"
        ))
        .unwrap_or_else(|_| at.to_string())
}

pub fn status_label(status: PersonStatus) -> &'static str {
    match status {
        PersonStatus::Active => "Active",
        PersonStatus::Inactive => "Inactive",
        PersonStatus::Separated => "Separated",
    }
}

pub fn kind_label(kind: PersonKind) -> &'static str {
    match kind {
        PersonKind::Officer => "Officer",
        PersonKind::Civilian => "Civilian",
    }
}

pub fn parse_status(text: &str) -> Option<PersonStatus> {
    PersonStatus::ALL.into_iter().find(|s| s.as_str() == text)
}

pub fn parse_kind(text: &str) -> Option<PersonKind> {
    [PersonKind::Officer, PersonKind::Civilian]
        .into_iter()
        .find(|k| k.as_str() == text)
}

/// Blank text is an absent optional field.
pub fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
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
}
