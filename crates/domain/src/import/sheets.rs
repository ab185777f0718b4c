//! Sheets in the shape imports read back: the template an agency fills in (the header row
//! and one example row), and its roster and training history written the same way, so a
//! file exported from ConfiTrek imports again unchanged.
//!
//! Every header is one [`suggest`] maps back to its field; a training file has a column of
//! hours per topic ("Crisis intervention (hrs)") instead of a topic column and an hours
//! column. Dates are written `YYYY-MM-DD`, lists `a; b`, vocabularies by their code, hours
//! as decimals to the hundredth (within 0.3 minutes, so the same whole minutes come back).

use std::collections::BTreeMap;

use time::{Date, Duration, Month};

use super::mapping::{TopicName, suggest};
use super::{ImportField as F, ImportKind, Sheet};
use crate::compliance::Minutes;
use crate::people::{PersonDraft, PersonKind, PersonStatus};
use crate::training::Verification;

/// A training record as a training history file writes it: the person (by badge, with the
/// licence number, email and name beside it), the day, the course and what it earned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRecord {
    pub badge: String,
    pub license_number: Option<String>,
    pub email: Option<String>,
    pub last_name: String,
    pub first_name: String,
    pub completed_on: Date,
    pub title: String,
    /// The POST course number of the record's course, if it has one.
    pub course_number: Option<String>,
    pub minutes_by_topic: BTreeMap<String, Minutes>,
    pub events: Vec<String>,
    pub verification: Verification,
}

/// What a column of a written sheet holds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Column {
    Field(F),
    /// The hours of one topic, by code.
    Topic(String),
}

/// The columns of a file of `kind`, in the order of its fields; a kind that reads hours
/// with a topic (training) gets a column per topic of `topics` in their place.
fn layout(kind: ImportKind, topics: &[TopicName]) -> Vec<Column> {
    let fields = kind.fields();
    let by_topic = fields.contains(&F::Topic) && fields.contains(&F::Hours);
    let mut columns = Vec::new();
    for &field in fields {
        match field {
            F::Topic if by_topic => {
                columns.extend(topics.iter().map(|t| Column::Topic(t.code.clone())));
            }
            F::Hours if by_topic => {}
            _ => columns.push(Column::Field(field)),
        }
    }
    columns
}

/// What the import reads a lone header as: its field, or the topic of its hours.
fn read_as(kind: ImportKind, header: &str, topics: &[TopicName]) -> (Option<F>, Option<String>) {
    let mapping = suggest(kind, &[header.to_owned()], topics);
    mapping
        .columns
        .into_iter()
        .next()
        .map_or((None, None), |c| (c.field, c.topic))
}

/// "last_name" as a header: "Last name".
fn words(code: &str) -> String {
    let text = code.replace('_', " ");
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// The header of a column: the field's label when the import reads it back as the field
/// ("Last name"), else its code in words ("Badge"); a topic's title with its unit
/// ("Use of force (hrs)"), else its code, when two topics share a title.
fn header(kind: ImportKind, column: &Column, topics: &[TopicName]) -> String {
    match column {
        Column::Field(field) => {
            let fallback = words(field.as_str());
            [field.label().to_owned(), fallback.clone()]
                .into_iter()
                .find(|h| read_as(kind, h, topics).0 == Some(*field))
                .unwrap_or(fallback)
        }
        Column::Topic(code) => {
            let fallback = format!("{code} (hrs)");
            topics
                .iter()
                .find(|t| &t.code == code)
                .map(|t| format!("{} (hrs)", t.title))
                .filter(|h| read_as(kind, h, topics) == (None, Some(code.clone())))
                .unwrap_or(fallback)
        }
    }
}

fn headers(kind: ImportKind, columns: &[Column], topics: &[TopicName]) -> Vec<String> {
    columns.iter().map(|c| header(kind, c, topics)).collect()
}

/// A day as the import reads it first: `YYYY-MM-DD`.
fn date_cell(day: Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        day.year(),
        u8::from(day.month()),
        day.day()
    )
}

/// Minutes as decimal hours to the hundredth, without trailing zeros: 90 is "1.5", 100 is
/// "1.67" (read back as 100.2 minutes, which rounds to 100).
fn hours_cell(minutes: Minutes) -> String {
    let hundredths = (u64::from(minutes.0) * 100 + 30) / 60;
    let (whole, part) = (hundredths / 100, hundredths % 100);
    match part {
        0 => whole.to_string(),
        p if p % 10 == 0 => format!("{whole}.{}", p / 10),
        p => format!("{whole}.{p:02}"),
    }
}

/// A list as one cell: "a; b" (what `parse_list` splits).
fn list_cell(items: &[String]) -> String {
    items.join("; ")
}

fn text(value: &Option<String>) -> String {
    value.clone().unwrap_or_default()
}

fn day(value: Option<Date>) -> String {
    value.map(date_cell).unwrap_or_default()
}

/// The example of a field in a template's row. A field without one is left blank.
fn example(field: F, today: Date) -> String {
    let year = today.year();
    let on = |years: i32, month: Month, d: u8| {
        date_cell(Date::from_calendar_date(year + years, month, d).unwrap_or(today))
    };
    match field {
        F::LastName => "Lindqvist".into(),
        F::FirstName => "Dana".into(),
        F::Badge => "1234".into(),
        F::Email => "dana.lindqvist@example.org".into(),
        F::Unit => "Patrol".into(),
        F::Rank => "Patrol Officer".into(),
        F::Kind => PersonKind::Officer.as_str().into(),
        F::Status => PersonStatus::Active.as_str().into(),
        F::RoleFlags => "sro; instructor".into(),
        F::HireDate => on(-6, Month::June, 3),
        F::CertifiedOn => on(-6, Month::September, 15),
        F::LicenseNumber => "48213".into(),
        F::LicenseCycleStart | F::HistoryFrom => on(-1, Month::July, 1),
        F::LicenseCycleEnd => on(2, Month::June, 30),
        F::CompletedOn => date_cell(today.checked_sub(Duration::days(14)).unwrap_or(today)),
        F::CourseTitle => "Crisis intervention in-service".into(),
        F::CourseNumber => "C-2041".into(),
        F::Hours => "4".into(),
        F::Verification => Verification::Verified.as_str().into(),
        // The events codes are the state's; an example would be wrong in most states.
        _ => String::new(),
    }
}

/// The template of a file of `kind`: the headers and one example row. A training template
/// has a column of hours per topic of `topics` (the agency's state's and its own); the
/// example gives the first 4 hours and the second 2.
pub fn template(kind: ImportKind, topics: &[TopicName], today: Date) -> Sheet {
    let columns = layout(kind, topics);
    let mut topic_hours = ["4", "2"].into_iter();
    let row = columns
        .iter()
        .map(|c| match c {
            Column::Field(f) => example(*f, today),
            Column::Topic(_) => topic_hours.next().unwrap_or_default().to_owned(),
        })
        .collect();
    Sheet {
        headers: headers(kind, &columns, topics),
        rows: vec![row],
    }
}

fn person_cell(p: &PersonDraft, field: F) -> String {
    match field {
        F::LastName => p.last_name.clone(),
        F::FirstName => p.first_name.clone(),
        F::Badge => p.badge.clone(),
        F::Email => text(&p.email),
        F::Unit => text(&p.unit),
        F::Rank => text(&p.title),
        F::Kind => p.kind.as_str().into(),
        F::Status => p.status.as_str().into(),
        F::RoleFlags => list_cell(&p.role_flags),
        F::HireDate => day(p.hire_date),
        F::CertifiedOn => day(p.certified_on),
        F::LicenseNumber => text(&p.license_number),
        F::LicenseCycleStart => day(p.license_cycle_start),
        F::LicenseCycleEnd => day(p.license_cycle_end),
        F::HistoryFrom => day(p.history_from),
        _ => String::new(),
    }
}

/// The roster as a roster file: one row per person, in the order given. A blank cell is
/// what the person does not have (and what an import leaves as it is).
pub fn roster(people: &[PersonDraft]) -> Sheet {
    let columns = layout(ImportKind::People, &[]);
    let rows = people
        .iter()
        .map(|p| {
            columns
                .iter()
                .map(|c| match c {
                    Column::Field(f) => person_cell(p, *f),
                    Column::Topic(_) => String::new(),
                })
                .collect()
        })
        .collect();
    Sheet {
        headers: headers(ImportKind::People, &columns, &[]),
        rows,
    }
}

fn record_cell(r: &HistoryRecord, field: F) -> String {
    match field {
        F::Badge => r.badge.clone(),
        F::LicenseNumber => text(&r.license_number),
        F::Email => text(&r.email),
        F::LastName => r.last_name.clone(),
        F::FirstName => r.first_name.clone(),
        F::CompletedOn => date_cell(r.completed_on),
        F::CourseTitle => r.title.clone(),
        F::CourseNumber => text(&r.course_number),
        F::Events => list_cell(&r.events),
        F::Verification => r.verification.as_str().into(),
        _ => String::new(),
    }
}

/// The training history as a training file: one row per record, in the order given, with
/// a column of hours for each topic that holds any, in the order of `topics`. A code no
/// topic of `topics` has keeps its hours under its code (the import asks what it is).
pub fn training_history(records: &[HistoryRecord], topics: &[TopicName]) -> Sheet {
    let held = |code: &str| {
        records
            .iter()
            .any(|r| r.minutes_by_topic.get(code).is_some_and(|m| m.0 > 0))
    };
    let mut used: Vec<TopicName> = topics.iter().filter(|t| held(&t.code)).cloned().collect();
    for r in records {
        for (code, m) in &r.minutes_by_topic {
            if m.0 > 0 && !used.iter().any(|t| &t.code == code) {
                used.push(TopicName {
                    code: code.clone(),
                    title: code.clone(),
                });
            }
        }
    }
    let columns = layout(ImportKind::Training, &used);
    let rows = records
        .iter()
        .map(|r| {
            columns
                .iter()
                .map(|c| match c {
                    Column::Field(f) => record_cell(r, *f),
                    Column::Topic(code) => r
                        .minutes_by_topic
                        .get(code)
                        .filter(|m| m.0 > 0)
                        .map(|m| hours_cell(*m))
                        .unwrap_or_default(),
                })
                .collect()
        })
        .collect();
    Sheet {
        headers: headers(ImportKind::Training, &columns, topics),
        rows,
    }
}

#[cfg(test)]
#[path = "sheets_tests.rs"]
mod tests;
