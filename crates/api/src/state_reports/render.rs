//! A state report's snapshot as a file: CSV (the layout's keys as the header row, one line
//! per row) or PDF (the facts with their sources, the table under the layout's headers, then
//! every column with its source or what is unconfirmed about it).

use confitrek_domain::state_reports::Snapshot;
use confitrek_domain::state_reports::snapshot::source_text;
use confitrek_types::ReportFormat;

use crate::http::ApiResult;
use crate::reports::Generated;
use crate::reports::pdf::{self, Block, Column, Document};
use crate::reports::table::csv;

/// The CSV file: exactly the layout's keys, then the rows' cells.
pub fn to_csv(snapshot: &Snapshot) -> ApiResult<Vec<u8>> {
    let header: Vec<&str> = snapshot.columns.iter().map(|c| c.key.as_str()).collect();
    let rows: Vec<Vec<String>> = snapshot.rows.iter().map(|r| r.cells.clone()).collect();
    csv(&header, &rows)
}

/// A column's share of the page: names and texts wider than numbers.
fn share(key: &str) -> f32 {
    match key {
        "last_name" | "first_name" | "course_title" | "maintenance_category" | "sponsor" => 1.6,
        "mlo_learning_assessment_not_recorded" | "police_powers_suspension" => 1.4,
        // Numbers the state files by: on one line where they fit.
        "post_course_number"
        | "course_number"
        | "post_licence_number"
        | "dpsst_number"
        | "opotc_number"
        | "licence_number" => 1.5,
        _ => 1.0,
    }
}

/// The PDF: `status` says what the file is (a prepared version, or a preview of live data).
pub fn to_pdf(
    snapshot: &Snapshot,
    status: &[String],
    generated: &Generated,
    agency: &crate::db::entity::agency::Model,
) -> Vec<u8> {
    let mut blocks = Vec::new();
    for line in status {
        blocks.push(Block::Text(line.clone()));
    }
    for fact in &snapshot.facts {
        let source = if fact.citations.is_empty() && fact.unconfirmed.is_none() {
            String::new()
        } else {
            format!(
                " [{}]",
                source_text(&fact.citations, fact.unconfirmed.as_deref())
            )
        };
        blocks.push(Block::Text(format!(
            "{}: {}{source}",
            fact.label, fact.value
        )));
    }
    for note in &snapshot.notes {
        blocks.push(Block::Text(note.clone()));
    }
    let columns: Vec<Column> = snapshot
        .columns
        .iter()
        .map(|c| {
            if c.key.starts_with("hours") || c.key.ends_with("hours") || c.key.ends_with("credits")
            {
                Column::right(&c.header, share(&c.key))
            } else {
                Column::left(&c.header, share(&c.key))
            }
        })
        .collect();
    let rows: Vec<Vec<String>> = snapshot.rows.iter().map(|r| r.cells.clone()).collect();
    blocks.push(Block::Heading(format!(
        "{} ({} rows)",
        snapshot.title,
        snapshot.rows.len()
    )));
    blocks.push(Block::Table {
        columns,
        rows,
        bold_last: false,
    });
    blocks.push(Block::PageBreak);
    blocks.push(Block::Heading("Columns and their sources".into()));
    blocks.push(Block::Table {
        columns: vec![
            Column::left("Column", 1.6),
            Column::left("CSV key", 1.6),
            Column::left("Source", 5.0),
        ],
        rows: snapshot
            .columns
            .iter()
            .map(|c| vec![c.header.clone(), c.key.clone(), c.source_text()])
            .collect(),
        bold_last: false,
    });
    pdf::render(&Document {
        header: generated.header(agency, &snapshot.title, snapshot.period_label.clone()),
        landscape: true,
        blocks,
    })
}

pub fn file(
    snapshot: &Snapshot,
    format: ReportFormat,
    status: &[String],
    agency: &crate::db::entity::agency::Model,
    generated: &Generated,
) -> ApiResult<Vec<u8>> {
    match format {
        ReportFormat::Csv => to_csv(snapshot),
        ReportFormat::Pdf => Ok(to_pdf(snapshot, status, generated, agency)),
    }
}
