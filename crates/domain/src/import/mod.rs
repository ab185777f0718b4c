//! Moving an agency off its spreadsheet: which column is which field (matched by the names
//! people write: "Last Name", "Badge #", "Hrs", "Date Completed"), what a cell means (dates
//! as Excel and people write them, hours), and which rows are the same record.
//!
//! A file is read into a [`Sheet`] of text cells by the server; everything here is pure.

mod cells;
mod kinds;
mod mapping;
mod rows;
mod sheets;

pub use cells::{parse_date, parse_hours, parse_list, parse_money, shorten};
pub use confitrek_vocabulary::{
    ColumnMapping, ImportCounts, ImportField, ImportKind, ImportMapping, ImportStatus, MatchRule,
    RowError, TopicMapping, VerdictChanges,
};
pub use kinds::{
    AcknowledgementRow, CourseRow, CredentialRow, acknowledgement_row, course_row, credential_row,
    gather,
};
pub use mapping::{Columns, TopicName, fields_of, normalize, suggest};
pub use rows::{PersonRow, RecordKey, TrainingRow, person_row, title_key, training_rows};
pub use sheets::{HistoryRecord, roster, template, training_history};

use confitrek_vocabulary::ComplianceStatus;

/// A file larger than this is refused before it is read.
pub const MAX_FILE_BYTES: usize = 32 * 1024 * 1024;
/// A file with more columns than this is not a roster or a training history.
pub const MAX_COLUMNS: usize = 200;
/// Rows of one file: twenty years of records for a thousand officers, twice over.
pub const MAX_ROWS: usize = 200_000;
/// A cell longer than this holds no field ConfiTrek imports.
pub const MAX_CELL_CHARS: usize = 1_000;
/// A preview lists at most this many errors (it counts them all).
pub const MAX_LISTED_ERRORS: usize = 1_000;

/// A file read as text: the header row and the rows under it, each as long as the header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Sheet {
    /// The spreadsheet's number of the `i`-th row under the header (the header is row 1).
    pub fn row_number(i: usize) -> u32 {
        u32::try_from(i + 2).unwrap_or(u32::MAX)
    }
}

/// Counts one person whose verdict goes from `before` to `after` because of an import.
pub fn count_verdict(before: ComplianceStatus, after: ComplianceStatus, into: &mut VerdictChanges) {
    into.people += 1;
    match after {
        _ if before == after => into.unchanged += 1,
        ComplianceStatus::Compliant => into.turn_compliant += 1,
        ComplianceStatus::AtRisk => into.turn_at_risk += 1,
        ComplianceStatus::NonCompliant => into.turn_non_compliant += 1,
        ComplianceStatus::NotApplicable => into.unchanged += 1,
    }
}

/// "12 new, 3 updated, 40 unchanged; 2 people would turn compliant, 1 at risk."
pub fn summary(kind: ImportKind, counts: &ImportCounts, verdicts: &VerdictChanges) -> String {
    let what = match kind {
        ImportKind::People => "people",
        ImportKind::Training => "records",
        ImportKind::Credentials => "credentials",
        ImportKind::Acknowledgements => "acknowledgements",
        ImportKind::Courses => "courses",
    };
    let mut s = format!(
        "{} rows: {} new {what}, {} updated, {} unchanged",
        counts.rows, counts.new, counts.updated, counts.unchanged
    );
    if counts.duplicates_in_file > 0 {
        s.push_str(&format!(
            ", {} repeated in the file",
            counts.duplicates_in_file
        ));
    }
    if counts.errors > 0 {
        s.push_str(&format!(
            "; {} rows with errors: fix them and upload the file again, nothing is imported while one is left",
            counts.errors
        ));
    }
    let turns: Vec<String> = [
        (verdicts.turn_compliant, "compliant"),
        (verdicts.turn_at_risk, "at risk"),
        (verdicts.turn_non_compliant, "non-compliant"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} would turn {what}"))
    .collect();
    if !turns.is_empty() {
        s.push_str(&format!(
            "; of {} people, {}",
            verdicts.people,
            turns.join(", ")
        ));
    }
    s.push('.');
    s
}

#[cfg(test)]
mod tests;
