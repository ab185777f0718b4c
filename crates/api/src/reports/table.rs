//! A report's content as a table, written out as CSV (for spreadsheets) or as a PDF table;
//! the HTTP response that carries either.

use actix_web::HttpResponse;
use actix_web::http::header;
use confitrek_types::ReportFormat;

use crate::http::{ApiError, ApiResult};

/// Cells a spreadsheet would read as a formula are prefixed with a quote (CWE-1236): a
/// name or title starting with `=` must not run when the coordinator opens the file.
pub fn defuse(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// Writes the header row and the rows as CSV (RFC 4180 quoting, CRLF line ends).
pub fn csv(header: &[&str], rows: &[Vec<String>]) -> ApiResult<Vec<u8>> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    writer
        .write_record(header)
        .map_err(|e| ApiError::Internal(e.into()))?;
    for row in rows {
        writer
            .write_record(row.iter().map(|c| defuse(c).into_owned()))
            .map_err(|e| ApiError::Internal(e.into()))?;
    }
    writer
        .into_inner()
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("{e}")))
}

/// Hours as the reports print them: one decimal place, as the engine's explanations do.
pub fn hours(h: f64) -> String {
    format!("{h:.1}")
}

/// The file, as a download named `name` (the extension follows the format).
pub fn download(format: ReportFormat, name: &str, body: Vec<u8>) -> HttpResponse {
    let (content_type, extension) = match format {
        ReportFormat::Csv => ("text/csv; charset=utf-8", "csv"),
        ReportFormat::Pdf => ("application/pdf", "pdf"),
    };
    attachment(content_type, extension, name, body)
}

/// A file of `content_type`, as a download named `name.extension`, never cached.
pub fn attachment(content_type: &str, extension: &str, name: &str, body: Vec<u8>) -> HttpResponse {
    // Only safe characters reach the header: names come from dates, codes and badges.
    let name: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, content_type))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}.{extension}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_quotes_are_escaped() {
        let rows = vec![vec![
            "=HYPERLINK(\"x\")".to_owned(),
            "-2".to_owned(),
            "O'Neil, \"Pat\"".to_owned(),
            "plain".to_owned(),
        ]];
        let text = String::from_utf8(csv(&["a", "b", "c", "d"], &rows).unwrap()).unwrap();
        assert_eq!(
            text,
            "a,b,c,d\r\n\"'=HYPERLINK(\"\"x\"\")\",'-2,\"O'Neil, \"\"Pat\"\"\",plain\r\n"
        );
    }
}
