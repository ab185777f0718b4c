//! A prepared report's content: header facts, columns with their sources, and rows. Stored
//! as JSON when a report is prepared; the downloads render what was stored.

use serde::{Deserialize, Serialize};

use super::StateReportKind;

/// A column of a report, with what asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Column {
    /// The CSV header: stable, snake_case.
    pub key: String,
    /// The PDF header.
    pub header: String,
    /// Source ids of the rule set; empty when nothing asks for the column.
    pub citations: Vec<String>,
    /// What is not confirmed about the column; always set when `citations` is empty.
    pub unconfirmed: Option<String>,
}

impl Column {
    pub fn new(key: &str, header: &str, citations: &[&str], unconfirmed: Option<&str>) -> Self {
        Self {
            key: key.to_owned(),
            header: header.to_owned(),
            citations: citations.iter().map(|c| (*c).to_owned()).collect(),
            unconfirmed: unconfirmed.map(str::to_owned),
        }
    }

    /// "OH-1, OH-2", "unconfirmed: …", or both, as the PDF and the app print a source.
    pub fn source_text(&self) -> String {
        source_text(&self.citations, self.unconfirmed.as_deref())
    }
}

/// A fact printed above the table (agency, period, due dates), with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fact {
    pub label: String,
    pub value: String,
    pub citations: Vec<String>,
    pub unconfirmed: Option<String>,
}

impl Fact {
    pub fn plain(label: &str, value: String) -> Self {
        Self {
            label: label.to_owned(),
            value,
            citations: Vec::new(),
            unconfirmed: None,
        }
    }
}

/// One line of the table: an officer or an attendee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    /// What identifies the row across versions: the person's id.
    pub key: String,
    /// How a change names the row: "Officer 1042".
    pub label: String,
    /// One cell per column, in the columns' order.
    pub cells: Vec<String>,
}

/// A report as prepared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub kind: StateReportKind,
    pub title: String,
    /// The calendar year (`2026`) or the session's id.
    pub period: String,
    /// In words: "Calendar year 2026", or the course and days of the session.
    pub period_label: String,
    pub facts: Vec<Fact>,
    /// Notes of the rule set about the report, printed under the facts.
    pub notes: Vec<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

impl Snapshot {
    /// The cell of `row` in the column `key`.
    pub fn cell<'a>(&'a self, row: &'a Row, key: &str) -> Option<&'a str> {
        let i = self.columns.iter().position(|c| c.key == key)?;
        row.cells.get(i).map(String::as_str)
    }
}

/// How a row struck from a stored report at the agency's request reads.
pub const ERASED_ROW: &str = "Erased person";

impl Snapshot {
    /// Strikes the person's row (`key`, the person's id) from the report as prepared: the row
    /// stays, so the counts still add up, but says nothing of the person. The label the row
    /// had, when there was one, so the caller can strike it from what changed too.
    pub fn strike(&mut self, key: &str) -> Option<String> {
        let (i, row) = self
            .rows
            .iter_mut()
            .enumerate()
            .find(|(_, r)| r.key == key)?;
        let label = std::mem::replace(&mut row.label, ERASED_ROW.to_owned());
        // Distinct per struck row, so versions still line up row by row.
        row.key = format!("erased-{i}");
        row.cells.iter_mut().for_each(String::clear);
        Some(label)
    }
}

/// Citations, then what is unconfirmed.
pub fn source_text(citations: &[String], unconfirmed: Option<&str>) -> String {
    match (citations.is_empty(), unconfirmed) {
        (false, None) => citations.join(", "),
        (false, Some(u)) => format!("{}; unconfirmed: {u}", citations.join(", ")),
        (true, Some(u)) => format!("unconfirmed: {u}"),
        (true, None) => "unconfirmed".to_owned(),
    }
}
