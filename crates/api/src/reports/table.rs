//! A report's content as a table, written out as CSV (for spreadsheets) or as a PDF table;
//! the HTTP response that carries either, whole or streamed as it is written.

use actix_web::HttpResponse;
use actix_web::web::Bytes;
use confitrek_types::ReportFormat;
use tokio::sync::mpsc;

use crate::http::download::attachment;
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
    let mut writer = csv_writer(Vec::new());
    writer
        .write_record(header)
        .map_err(|e| ApiError::Internal(e.into()))?;
    let mut out = writer
        .into_inner()
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("{e}")))?;
    append_csv(&mut out, rows)?;
    Ok(out)
}

/// Writes more rows at the end of a CSV file, as [`csv`] writes them.
pub fn append_csv(out: &mut Vec<u8>, rows: &[Vec<String>]) -> ApiResult<()> {
    let mut writer = csv_writer(out);
    for row in rows {
        writer
            .write_record(row.iter().map(|c| defuse(c).into_owned()))
            .map_err(|e| ApiError::Internal(e.into()))?;
    }
    writer.flush().map_err(|e| ApiError::Internal(e.into()))
}

fn csv_writer<W: std::io::Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out)
}

/// Hours as the reports print them: one decimal place, as the engine's explanations do.
pub fn hours(h: f64) -> String {
    format!("{h:.1}")
}

/// The file, as a download named `name` (the extension follows the format).
pub fn download(format: ReportFormat, name: &str, body: Vec<u8>) -> HttpResponse {
    let (content_type, extension) = kind(format);
    attachment(content_type, name, extension).body(body)
}

fn kind(format: ReportFormat) -> (&'static str, &'static str) {
    match format {
        ReportFormat::Csv => ("text/csv; charset=utf-8", "csv"),
        ReportFormat::Pdf => ("application/pdf", "pdf"),
    }
}

/// Where a streamed download's bytes go: to the client, as they are written.
pub struct Body(mpsc::Sender<Result<Bytes, std::io::Error>>);

impl Body {
    /// Hands bytes to the client, waiting while the client is slower than the report, so
    /// no more than a few pieces are ever held.
    pub async fn send(&self, bytes: Vec<u8>) -> ApiResult<()> {
        if bytes.is_empty() {
            return Ok(());
        }
        self.0
            .send(Ok(Bytes::from(bytes)))
            .await
            .map_err(|_| ApiError::Internal(anyhow::anyhow!("the client closed the download")))
    }
}

/// A download whose body `write` produces as it goes, sent as it is written (chunked)
/// rather than built in memory first. The status is sent before the body, so what can fail
/// on the caller's input must be checked before; a failure while writing ends the
/// connection early, which the client sees as a broken download.
pub fn streamed<F>(
    format: ReportFormat,
    name: &str,
    write: impl FnOnce(Body) -> F + 'static,
) -> HttpResponse
where
    F: Future<Output = ApiResult<()>> + 'static,
{
    let (content_type, extension) = kind(format);
    let (sender, receiver) = mpsc::channel(2);
    let failed = sender.clone();
    actix_web::rt::spawn(async move {
        if let Err(error) = write(Body(sender)).await {
            if failed.is_closed() {
                tracing::debug!(%error, "the client left before the download ended");
            } else {
                tracing::error!(%error, "a download failed while being written");
                let _ = failed
                    .send(Err(std::io::Error::other("report failed")))
                    .await;
            }
        }
    });
    let pieces = futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|piece| (piece, receiver))
    });
    attachment(content_type, name, extension).streaming(pieces)
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
