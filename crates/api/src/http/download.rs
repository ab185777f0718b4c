//! Every file the server hands out (a report, an export, a stored document) starts from
//! [`attachment`], so each carries the same headers: a filename that cannot break out of
//! its header, and no cached copy of an agency's records.

use actix_web::http::header;
use actix_web::{HttpResponse, HttpResponseBuilder};

/// The head of a download of `content_type`, saved as `name.extension`; the body (whole or
/// streamed) is the caller's.
pub fn attachment(content_type: &str, name: &str, extension: &str) -> HttpResponseBuilder {
    let mut head = HttpResponse::Ok();
    head.insert_header((header::CONTENT_TYPE, content_type))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}.{extension}\"", safe_name(name)),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"));
    head
}

/// Only safe characters reach the header: names come from dates, codes and badges, and
/// anything else (a quote, a slash, a line break) becomes a hyphen.
fn safe_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_cannot_leave_its_header() {
        let response = attachment("text/csv", "roster \"2026\"\r\n/../x", "csv").finish();
        let header = |name| response.headers().get(name).and_then(|v| v.to_str().ok());
        assert_eq!(
            header(header::CONTENT_DISPOSITION),
            Some("attachment; filename=\"roster--2026-------x.csv\"")
        );
        assert_eq!(header(header::CACHE_CONTROL), Some("private, no-store"));
    }
}
