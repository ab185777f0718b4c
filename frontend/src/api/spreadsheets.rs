//! Spreadsheets in the shape imports read: where the browser downloads the template of a
//! kind of file, and the agency's roster or training history (the session cookie goes
//! along; the server's Content-Disposition names the file).

use confitrek_types::{ImportKind, SpreadsheetFormat};

/// The headers a file of `kind` is imported with, and one example row.
pub fn template_url(kind: ImportKind, format: SpreadsheetFormat) -> String {
    format!(
        "/api/v1/spreadsheets/{}/template?format={}",
        kind.as_str(),
        format.as_str()
    )
}

/// The agency's rows of `kind` (its roster, its training history) in the template's shape.
pub fn export_url(kind: ImportKind, format: SpreadsheetFormat) -> String {
    format!(
        "/api/v1/spreadsheets/{}?format={}",
        kind.as_str(),
        format.as_str()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downloads_name_their_kind_and_format() {
        assert_eq!(
            template_url(ImportKind::Training, SpreadsheetFormat::Xlsx),
            "/api/v1/spreadsheets/training/template?format=xlsx"
        );
        assert_eq!(
            export_url(ImportKind::People, SpreadsheetFormat::Csv),
            "/api/v1/spreadsheets/people?format=csv"
        );
    }
}
