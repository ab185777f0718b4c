//! A row of a file as what it stands for: a person of the roster, or a training record with
//! its natural key, its rows of a file with one row per record and topic gathered into one.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use time::Date;

use super::cells::{parse_date, parse_hours, parse_list, shorten};
use super::mapping::{Columns, normalize};
use super::{ImportField as F, MAX_CELL_CHARS, MatchRule, RowError, Sheet};
use crate::people::{PersonDraft, PersonKind, PersonStatus};
use crate::training::Verification;

fn cell_error(columns: &Columns, row: u32, column: usize, value: &str, reason: String) -> RowError {
    RowError {
        row,
        column: columns.headers.get(column).cloned(),
        value: Some(shorten(value)),
        reason,
    }
}

/// The cells of a row that are too long to be any field, as errors.
pub(super) fn long_cells(
    columns: &Columns,
    row: u32,
    cells: &[String],
    errors: &mut Vec<RowError>,
) {
    for (i, cell) in cells.iter().enumerate() {
        if cell.chars().count() > MAX_CELL_CHARS {
            errors.push(cell_error(
                columns,
                row,
                i,
                cell,
                format!("a cell holds at most {MAX_CELL_CHARS} characters"),
            ));
        }
    }
}

/// The value of a vocabulary written by its code or its label, in any case.
pub(super) fn one_of<T: Copy>(
    cell: &str,
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Option<T> {
    let wanted = normalize(cell);
    all.iter()
        .copied()
        .find(|v| normalize(code(*v)) == wanted || normalize(label(*v)) == wanted)
}

/// Parses the cell of `field` with `parse`, pushing its error; `None` when blank or wrong.
pub(super) fn parsed<T>(
    columns: &Columns,
    row: u32,
    cells: &[String],
    field: F,
    errors: &mut Vec<RowError>,
    parse: impl FnOnce(&str) -> Result<T, String>,
) -> Option<T> {
    let value = columns.cell(cells, field)?;
    match parse(value) {
        Ok(v) => Some(v),
        Err(reason) => {
            let at = columns.of(field).unwrap_or_default();
            errors.push(cell_error(columns, row, at, value, reason));
            None
        }
    }
}

pub(super) fn date_cell(
    columns: &Columns,
    row: u32,
    cells: &[String],
    field: F,
    errors: &mut Vec<RowError>,
) -> Option<Date> {
    parsed(columns, row, cells, field, errors, parse_date)
}

/// A roster row: what the file says of one person. A blank cell says nothing (an existing
/// person keeps what he or she has); the server validates the whole person.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonRow {
    pub row: u32,
    pub last_name: Option<String>,
    pub first_name: Option<String>,
    pub badge: Option<String>,
    pub email: Option<String>,
    pub unit: Option<String>,
    pub rank: Option<String>,
    pub kind: Option<PersonKind>,
    pub status: Option<PersonStatus>,
    pub role_flags: Option<Vec<String>>,
    pub hire_date: Option<Date>,
    pub certified_on: Option<Date>,
    pub license_number: Option<String>,
    pub license_cycle_start: Option<Date>,
    pub license_cycle_end: Option<Date>,
    pub history_from: Option<Date>,
}

impl PersonRow {
    /// The person this row makes of `existing` (or of no one): what the row says wins, a
    /// blank cell keeps what the person has, and a new person is an active officer whose
    /// records are complete from `today` unless the row says otherwise.
    pub fn over(&self, existing: Option<PersonDraft>, today: Date) -> PersonDraft {
        let new = existing.is_none();
        let mut d = existing.unwrap_or_else(PersonDraft::active_officer);
        let text = |given: &Option<String>, kept: &mut String| {
            if let Some(v) = given {
                kept.clone_from(v);
            }
        };
        text(&self.first_name, &mut d.first_name);
        text(&self.last_name, &mut d.last_name);
        text(&self.badge, &mut d.badge);
        let optional = |given: &Option<String>, kept: &mut Option<String>| {
            if given.is_some() {
                kept.clone_from(given);
            }
        };
        optional(&self.rank, &mut d.title);
        optional(&self.email, &mut d.email);
        optional(&self.unit, &mut d.unit);
        optional(&self.license_number, &mut d.license_number);
        d.kind = self.kind.unwrap_or(d.kind);
        d.status = self.status.unwrap_or(d.status);
        if let Some(flags) = &self.role_flags {
            d.role_flags.clone_from(flags);
        }
        d.hire_date = self.hire_date.or(d.hire_date);
        d.certified_on = self.certified_on.or(d.certified_on);
        d.license_cycle_start = self.license_cycle_start.or(d.license_cycle_start);
        d.license_cycle_end = self.license_cycle_end.or(d.license_cycle_end);
        d.history_from = self
            .history_from
            .or(d.history_from)
            .or(new.then_some(today));
        d
    }
}

/// Reads roster row `i` of the sheet.
pub fn person_row(
    columns: &Columns,
    i: usize,
    cells: &[String],
) -> Result<PersonRow, Vec<RowError>> {
    let row = Sheet::row_number(i);
    let mut errors = Vec::new();
    long_cells(columns, row, cells, &mut errors);
    let text = |f: F| columns.cell(cells, f).map(str::to_owned);
    let person = PersonRow {
        row,
        last_name: text(F::LastName),
        first_name: text(F::FirstName),
        badge: text(F::Badge),
        email: text(F::Email),
        unit: text(F::Unit),
        rank: text(F::Rank),
        kind: parsed(columns, row, cells, F::Kind, &mut errors, |c| {
            one_of(c, PersonKind::ALL, PersonKind::as_str, PersonKind::label)
                .or_else(|| match normalize(c).as_str() {
                    "sworn" | "peaceofficer" | "licensed" => Some(PersonKind::Officer),
                    "nonsworn" | "staff" => Some(PersonKind::Civilian),
                    _ => None,
                })
                .ok_or_else(|| format!("{:?} is neither officer (sworn) nor civilian", shorten(c)))
        }),
        status: parsed(columns, row, cells, F::Status, &mut errors, |c| {
            one_of(
                c,
                PersonStatus::ALL,
                PersonStatus::as_str,
                PersonStatus::label,
            )
            .ok_or_else(|| format!("{:?} is not active, inactive or separated", shorten(c)))
        }),
        role_flags: columns.cell(cells, F::RoleFlags).map(parse_list),
        hire_date: date_cell(columns, row, cells, F::HireDate, &mut errors),
        certified_on: date_cell(columns, row, cells, F::CertifiedOn, &mut errors),
        license_number: text(F::LicenseNumber),
        license_cycle_start: date_cell(columns, row, cells, F::LicenseCycleStart, &mut errors),
        license_cycle_end: date_cell(columns, row, cells, F::LicenseCycleEnd, &mut errors),
        history_from: date_cell(columns, row, cells, F::HistoryFrom, &mut errors),
    };
    if person.badge.is_none() {
        errors.push(RowError {
            row,
            column: columns.header(F::Badge),
            value: None,
            reason: "the badge or employee ID is required: it tells people apart".into(),
        });
    }
    if errors.is_empty() {
        Ok(person)
    } else {
        Err(errors)
    }
}

/// What makes two training rows the same record: the person (as the file names him or
/// her), the day, and the course (its title, or its POST number when there is no title).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RecordKey {
    pub person: (MatchRule, String),
    pub completed_on: Date,
    pub course: String,
}

/// The natural key of a course title: case, spacing and punctuation do not matter.
pub fn title_key(title: &str) -> String {
    title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A training record as the file gives it, gathered from one row or, in a file with a row
/// per record and topic, from all the rows of the record.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingRow {
    /// The first row of the record.
    pub row: u32,
    /// Every row that gave part of it.
    pub rows: Vec<u32>,
    pub key: RecordKey,
    pub last_name: Option<String>,
    pub first_name: Option<String>,
    pub title: Option<String>,
    pub course_number: Option<String>,
    /// Decimal hours by topic code.
    pub hours: BTreeMap<String, f64>,
    pub events: Vec<String>,
    pub verification: Option<Verification>,
}

fn person_key(columns: &Columns, cells: &[String]) -> Option<(MatchRule, String)> {
    [
        (F::Badge, MatchRule::Badge),
        (F::LicenseNumber, MatchRule::LicenseNumber),
        (F::Email, MatchRule::Email),
    ]
    .into_iter()
    .find_map(|(field, rule)| {
        let value = columns.cell(cells, field)?;
        Some((
            rule,
            // Badges are kept upper-case, email addresses are read in any case.
            match rule {
                MatchRule::Email => value.to_lowercase(),
                MatchRule::Badge => value.to_ascii_uppercase(),
                MatchRule::LicenseNumber => value.to_owned(),
            },
        ))
    })
}

/// The person a row names, by the first of badge, licence number and email it gives; an
/// error when it gives none.
pub(super) fn person_of(
    columns: &Columns,
    row: u32,
    cells: &[String],
    errors: &mut Vec<RowError>,
) -> Option<(MatchRule, String)> {
    let person = person_key(columns, cells);
    if person.is_none() {
        errors.push(RowError {
            row,
            column: columns.header(columns.match_rule().map_or(F::Badge, |r| match r {
                MatchRule::Badge => F::Badge,
                MatchRule::LicenseNumber => F::LicenseNumber,
                MatchRule::Email => F::Email,
            })),
            value: None,
            reason: "names no person: give the badge, licence number or email".into(),
        });
    }
    person
}

/// The hours a row gives by topic: its topic columns, and its hours in the topic its topic
/// column names (or the topic of hours without one).
pub(super) fn hours_of(
    columns: &Columns,
    row: u32,
    cells: &[String],
    errors: &mut Vec<RowError>,
) -> BTreeMap<String, f64> {
    let mut hours = BTreeMap::new();
    for (at, code) in &columns.topic_columns {
        let value = cells.get(*at).map(String::as_str).unwrap_or_default();
        match parse_hours(value) {
            Ok(Some(h)) if h > 0.0 => {
                hours.insert(code.clone(), h);
            }
            Ok(_) => {}
            Err(reason) => errors.push(cell_error(columns, row, *at, value, reason)),
        }
    }
    if let Some(h) = parsed(columns, row, cells, F::Hours, errors, parse_hours).flatten() {
        let topic = match columns.cell(cells, F::Topic) {
            Some(name) => match columns.topic_names.get(&normalize(name)) {
                Some(code) => Some(code.clone()),
                None => {
                    let at = columns.of(F::Topic).unwrap_or_default();
                    errors.push(cell_error(
                        columns,
                        row,
                        at,
                        name,
                        "is not a topic of this agency: map it to one, or create it".into(),
                    ));
                    None
                }
            },
            None => columns.hours_topic.clone(),
        };
        if let Some(topic) = topic {
            *hours.entry(topic).or_insert(0.0) += h;
        }
    }
    hours
}

/// Reads one training row, not yet gathered with the others of its record.
fn training_row(
    columns: &Columns,
    i: usize,
    cells: &[String],
    errors: &mut Vec<RowError>,
) -> Option<TrainingRow> {
    let row = Sheet::row_number(i);
    let before = errors.len();
    long_cells(columns, row, cells, errors);
    let person = person_of(columns, row, cells, errors);
    let completed_on = date_cell(columns, row, cells, F::CompletedOn, errors);
    if completed_on.is_none() && columns.cell(cells, F::CompletedOn).is_none() {
        errors.push(RowError {
            row,
            column: columns.header(F::CompletedOn),
            value: None,
            reason: "the date completed is required".into(),
        });
    }
    let title = columns.cell(cells, F::CourseTitle).map(str::to_owned);
    let course_number = columns.cell(cells, F::CourseNumber).map(str::to_owned);
    if title.is_none() && course_number.is_none() {
        errors.push(RowError {
            row,
            column: columns
                .header(F::CourseTitle)
                .or(columns.header(F::CourseNumber)),
            value: None,
            reason: "the course title (or its POST course number) is required".into(),
        });
    }
    let hours = hours_of(columns, row, cells, errors);
    let verification = parsed(columns, row, cells, F::Verification, errors, |c| {
        one_of(
            c,
            Verification::ALL,
            Verification::as_str,
            Verification::label,
        )
        .or_else(|| match normalize(c).as_str() {
            "yes" | "y" | "true" | "x" => Some(Verification::Verified),
            "no" | "n" | "false" => Some(Verification::Pending),
            _ => None,
        })
        .ok_or_else(|| format!("{:?} is not verified, pending or rejected", shorten(c)))
    });
    let events = columns
        .cell(cells, F::Events)
        .map(parse_list)
        .unwrap_or_default();
    if errors.len() > before {
        return None;
    }
    let (person, completed_on) = (person?, completed_on?);
    let course = match (&title, &course_number) {
        (Some(t), _) => title_key(t),
        (None, Some(n)) => format!("#{}", title_key(n)),
        (None, None) => return None,
    };
    Some(TrainingRow {
        row,
        rows: vec![row],
        key: RecordKey {
            person,
            completed_on,
            course,
        },
        last_name: columns.cell(cells, F::LastName).map(str::to_owned),
        first_name: columns.cell(cells, F::FirstName).map(str::to_owned),
        title,
        course_number,
        hours,
        events,
        verification,
    })
}

/// Every record of a training sheet, gathered by natural key: the rows of one record (one
/// per topic) become one record; a row that repeats another exactly is counted as a
/// duplicate; a row that gives other hours for a topic of the same record is an error.
/// Returns the records, the errors, and the number of duplicate rows.
pub fn training_rows(columns: &Columns, sheet: &Sheet) -> (Vec<TrainingRow>, Vec<RowError>, u32) {
    let mut errors = Vec::new();
    let mut records: BTreeMap<RecordKey, TrainingRow> = BTreeMap::new();
    let mut duplicates = 0u32;
    let gathers = columns.of(F::Topic).is_some();
    for (i, cells) in sheet.rows.iter().enumerate() {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let Some(row) = training_row(columns, i, cells, &mut errors) else {
            continue;
        };
        match records.entry(row.key.clone()) {
            Entry::Vacant(v) => {
                v.insert(row);
            }
            Entry::Occupied(mut o) => {
                let record = o.get_mut();
                let same = |a: &TrainingRow, b: &TrainingRow| {
                    a.hours == b.hours && a.events == b.events && a.verification == b.verification
                };
                if same(record, &row) {
                    duplicates += 1;
                    continue;
                }
                let clash = row
                    .hours
                    .iter()
                    .find(|(code, h)| record.hours.get(*code).is_some_and(|mine| mine != *h));
                if !gathers || clash.is_some() {
                    errors.push(RowError {
                        row: row.row,
                        column: None,
                        value: None,
                        reason: format!(
                            "gives other hours for the same person, day and course as row {}",
                            record.row
                        ),
                    });
                    continue;
                }
                if row.hours.keys().all(|code| record.hours.contains_key(code))
                    && row.events.iter().all(|e| record.events.contains(e))
                {
                    duplicates += 1;
                    continue;
                }
                record.hours.extend(row.hours);
                for e in row.events {
                    if !record.events.contains(&e) {
                        record.events.push(e);
                    }
                }
                record.verification = record.verification.or(row.verification);
                record.rows.push(row.row);
            }
        }
    }
    let mut gathered: Vec<TrainingRow> = records.into_values().collect();
    gathered.sort_by_key(|r| r.row);
    (gathered, errors, duplicates)
}
