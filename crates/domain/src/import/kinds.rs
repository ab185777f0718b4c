//! Rows of the other kinds a file may hold: credentials awarded, policy acknowledgements
//! signed on paper, and the course catalog. Each is read on its own; [`gather`] sets apart
//! the rows that repeat one another.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use confitrek_vocabulary::Delivery;
use time::Date;

use super::cells::{parse_list, parse_money};
use super::mapping::{Columns, normalize};
use super::rows::{date_cell, hours_of, long_cells, one_of, parsed, person_of, title_key};
use super::{ImportField as F, MatchRule, RowError, Sheet};

fn required(columns: &Columns, row: u32, field: F, what: &str) -> RowError {
    RowError {
        row,
        column: columns.header(field),
        value: None,
        reason: format!("the {what} is required"),
    }
}

fn finish<T>(value: Option<T>, errors: Vec<RowError>) -> Result<T, Vec<RowError>> {
    match value {
        Some(v) if errors.is_empty() => Ok(v),
        _ => Err(errors),
    }
}

/// A credential awarded to a person, as a row gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialRow {
    pub row: u32,
    pub person: (MatchRule, String),
    pub last_name: Option<String>,
    /// The credential type's code or name, as written.
    pub credential_type: String,
    pub issued_on: Date,
    /// Blank: as the type's validity says.
    pub expires_on: Option<Date>,
    pub note: Option<String>,
}

impl CredentialRow {
    /// What makes two rows the same credential: the person, the type, the issue date.
    pub fn key(&self) -> ((MatchRule, String), String, Date) {
        (
            self.person.clone(),
            normalize(&self.credential_type),
            self.issued_on,
        )
    }
}

pub fn credential_row(
    columns: &Columns,
    i: usize,
    cells: &[String],
) -> Result<CredentialRow, Vec<RowError>> {
    let row = Sheet::row_number(i);
    let mut errors = Vec::new();
    long_cells(columns, row, cells, &mut errors);
    let person = person_of(columns, row, cells, &mut errors);
    let credential_type = columns.cell(cells, F::CredentialType).map(str::to_owned);
    if credential_type.is_none() {
        errors.push(required(columns, row, F::CredentialType, "credential type"));
    }
    let issued_on = date_cell(columns, row, cells, F::IssuedOn, &mut errors);
    if columns.cell(cells, F::IssuedOn).is_none() {
        errors.push(required(columns, row, F::IssuedOn, "issue date"));
    }
    let expires_on = date_cell(columns, row, cells, F::ExpiresOn, &mut errors);
    let value = match (person, credential_type, issued_on) {
        (Some(person), Some(credential_type), Some(issued_on)) => Some(CredentialRow {
            row,
            person,
            last_name: columns.cell(cells, F::LastName).map(str::to_owned),
            credential_type,
            issued_on,
            expires_on,
            note: columns.cell(cells, F::Note).map(str::to_owned),
        }),
        _ => None,
    };
    finish(value, errors)
}

/// A policy acknowledgement signed on paper, as a row gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcknowledgementRow {
    pub row: u32,
    pub person: (MatchRule, String),
    pub last_name: Option<String>,
    /// The policy's code or title, as written.
    pub policy: String,
    /// Blank: the version in force on the day it was signed.
    pub version: Option<u32>,
    pub acknowledged_on: Date,
}

pub fn acknowledgement_row(
    columns: &Columns,
    i: usize,
    cells: &[String],
) -> Result<AcknowledgementRow, Vec<RowError>> {
    let row = Sheet::row_number(i);
    let mut errors = Vec::new();
    long_cells(columns, row, cells, &mut errors);
    let person = person_of(columns, row, cells, &mut errors);
    let policy = columns.cell(cells, F::Policy).map(str::to_owned);
    if policy.is_none() {
        errors.push(required(columns, row, F::Policy, "policy"));
    }
    let version = parsed(columns, row, cells, F::PolicyVersion, &mut errors, |c| {
        let text = c.trim();
        let text = text
            .strip_prefix(['v', 'V'])
            .unwrap_or(text)
            .trim_end_matches(".0");
        text.parse::<u32>()
            .ok()
            .filter(|v| *v >= 1)
            .ok_or_else(|| format!("{c:?} is not a version number (1, 2, ...)"))
    });
    let acknowledged_on = date_cell(columns, row, cells, F::AcknowledgedOn, &mut errors);
    if columns.cell(cells, F::AcknowledgedOn).is_none() {
        errors.push(required(
            columns,
            row,
            F::AcknowledgedOn,
            "date acknowledged",
        ));
    }
    let value = match (person, policy, acknowledged_on) {
        (Some(person), Some(policy), Some(acknowledged_on)) => Some(AcknowledgementRow {
            row,
            person,
            last_name: columns.cell(cells, F::LastName).map(str::to_owned),
            policy,
            version,
            acknowledged_on,
        }),
        _ => None,
    };
    finish(value, errors)
}

/// A course of the catalog, as a row gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct CourseRow {
    pub row: u32,
    pub title: String,
    pub course_number: Option<String>,
    pub provider: Option<String>,
    pub delivery: Option<Delivery>,
    pub cost_cents: Option<i64>,
    /// Decimal hours by topic code.
    pub hours: BTreeMap<String, f64>,
    pub events: Vec<String>,
}

impl CourseRow {
    /// What makes two rows the same course: its POST course number, or its title when it
    /// has none.
    pub fn key(&self) -> String {
        match &self.course_number {
            Some(n) => format!("#{}", n.trim().to_lowercase()),
            None => title_key(&self.title),
        }
    }
}

pub fn course_row(
    columns: &Columns,
    i: usize,
    cells: &[String],
) -> Result<CourseRow, Vec<RowError>> {
    let row = Sheet::row_number(i);
    let mut errors = Vec::new();
    long_cells(columns, row, cells, &mut errors);
    let title = columns.cell(cells, F::CourseTitle).map(str::to_owned);
    if title.is_none() {
        errors.push(required(columns, row, F::CourseTitle, "course title"));
    }
    let delivery = parsed(columns, row, cells, F::Delivery, &mut errors, |c| {
        one_of(c, Delivery::ALL, Delivery::as_str, Delivery::label)
            .or_else(|| match normalize(c).as_str() {
                "classroom" | "inperson" | "live" | "range" => Some(Delivery::InPerson),
                "elearning" | "web" | "virtual" => Some(Delivery::Online),
                "blended" => Some(Delivery::Hybrid),
                _ => None,
            })
            .ok_or_else(|| format!("{c:?} is not in person, online or hybrid"))
    });
    let cost_cents = parsed(columns, row, cells, F::Cost, &mut errors, parse_money).flatten();
    let hours = hours_of(columns, row, cells, &mut errors);
    let value = title.map(|title| CourseRow {
        row,
        title,
        course_number: columns.cell(cells, F::CourseNumber).map(str::to_owned),
        provider: columns.cell(cells, F::Provider).map(str::to_owned),
        delivery,
        cost_cents,
        hours,
        events: columns
            .cell(cells, F::Events)
            .map(parse_list)
            .unwrap_or_default(),
    });
    finish(value, errors)
}

/// Reads every non-blank row with `read`, and sets apart the rows whose `key` an earlier
/// row gave: counted as duplicates when `same` as it, an error naming the first otherwise.
/// Returns the rows kept, the errors, and the number of duplicates.
pub fn gather<R, K: Ord>(
    sheet: &Sheet,
    mut read: impl FnMut(usize, &[String]) -> Result<R, Vec<RowError>>,
    key: impl Fn(&R) -> K,
    row_of: impl Fn(&R) -> u32,
    same: impl Fn(&R, &R) -> bool,
) -> (Vec<R>, Vec<RowError>, u32) {
    let mut kept: BTreeMap<K, R> = BTreeMap::new();
    let mut errors = Vec::new();
    let mut duplicates = 0u32;
    for (i, cells) in sheet.rows.iter().enumerate() {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let r = match read(i, cells) {
            Ok(r) => r,
            Err(e) => {
                errors.extend(e);
                continue;
            }
        };
        match kept.entry(key(&r)) {
            Entry::Vacant(v) => {
                v.insert(r);
            }
            Entry::Occupied(first) if same(first.get(), &r) => duplicates += 1,
            Entry::Occupied(first) => errors.push(RowError {
                row: row_of(&r),
                column: None,
                value: None,
                reason: format!(
                    "repeats row {} with other details: keep one of the two",
                    row_of(first.get())
                ),
            }),
        }
    }
    let mut rows: Vec<R> = kept.into_values().collect();
    rows.sort_by_key(|r| row_of(r));
    (rows, errors, duplicates)
}
