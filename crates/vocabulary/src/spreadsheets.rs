//! Spreadsheet formats.

vocabulary! {
    /// The file a spreadsheet download is written as.
    SpreadsheetFormat {
        /// Comma-separated values (RFC 4180, UTF-8, CRLF line ends); a cell that starts like
        /// a formula is prefixed with `'`, which an import reads back away.
        Csv = "csv", "CSV";
        /// An Excel workbook of one sheet, every cell text.
        Xlsx = "xlsx", "Excel workbook";
    }
}
