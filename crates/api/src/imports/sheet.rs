//! A file as a [`Sheet`] of text cells: CSV as Excel and people write it (UTF-8 with or
//! without a byte-order mark, or Windows-1252; commas, semicolons or tabs; quoted fields;
//! Windows line ends), and workbooks (XLSX, XLS, ODS) with formulas read as their values.
//! What the file is comes from its content, never its name; every bound is checked before
//! the work it limits.

use std::io::Cursor;

use calamine::{Data, Reader};
use confitrek_domain::import::{MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS, Sheet};

/// What the parts of a workbook may unpack to, in all: a larger total is a zip bomb.
const MAX_UNPACKED_BYTES: u64 = 512 * 1024 * 1024;
/// Parts of a workbook compress well, but not a thousand to one.
const MAX_RATIO: u64 = 1000;

/// Why a file cannot be read, for the person who chose it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Unreadable(pub String);

fn unreadable(reason: impl Into<String>) -> Unreadable {
    Unreadable(reason.into())
}

/// The sheet of a file, and the name of the worksheet read (for a workbook).
pub fn read(bytes: &[u8], sheet: Option<&str>) -> Result<(Sheet, Option<String>), Unreadable> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(unreadable(format!(
            "the file is larger than {} MB: split it by year",
            MAX_FILE_BYTES / 1024 / 1024
        )));
    }
    match bytes {
        [0x50, 0x4B, 0x03, 0x04, ..] => {
            check_unpacked_size(bytes)?;
            workbook(bytes, sheet).map(|(s, name)| (s, Some(name)))
        }
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, ..] => {
            if encrypted_package(bytes) {
                return Err(unreadable(
                    "the workbook is protected by a password: save a copy without one and upload that",
                ));
            }
            workbook(bytes, sheet).map(|(s, name)| (s, Some(name)))
        }
        _ if sheet.is_some() => Err(unreadable("a CSV file has no sheets: leave the sheet out")),
        _ => csv(bytes).map(|s| (s, None)),
    }
}

/// An Office file encrypted with a password is a compound file holding a stream named
/// "EncryptedPackage" (its name is stored in UTF-16).
fn encrypted_package(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.windows(name.len()).any(|w| w == name.as_slice())
}

fn check_unpacked_size(bytes: &[u8]) -> Result<(), Unreadable> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| {
        unreadable("the workbook is damaged or cut short: save it again and upload the copy")
    })?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let part = archive.by_index_raw(i).map_err(|_| {
            unreadable("the workbook is damaged: save it again and upload the copy")
        })?;
        total = total.saturating_add(part.size());
        if part.size() > part.compressed_size().max(1).saturating_mul(MAX_RATIO)
            || total > MAX_UNPACKED_BYTES
        {
            return Err(unreadable(
                "the workbook unpacks to far more than it holds: it is not a spreadsheet ConfiTrek reads",
            ));
        }
    }
    Ok(())
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        Data::DateTime(d) if d.is_datetime() => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{day:02}")
        }
        // A duration cell (a time of day, "1:30") is hours.
        Data::DateTime(d) => number(d.as_f64() * 24.0),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// A number as a person would type it: `1234`, not `1234.0`; `1.5`, not
/// `1.4999999999999998` (what a formula's floating point leaves).
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{f:.0}")
    } else {
        let text = format!("{f:.6}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

fn workbook(bytes: &[u8], wanted: Option<&str>) -> Result<(Sheet, String), Unreadable> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|_| {
        unreadable(
            "the file is not a workbook ConfiTrek reads (XLSX, XLS or ODS), or it is damaged",
        )
    })?;
    let names = book.sheet_names();
    let name = match wanted {
        Some(w) => names
            .iter()
            .find(|n| n.as_str() == w)
            .cloned()
            .ok_or_else(|| {
                unreadable(format!(
                    "the workbook has no sheet {w:?}; its sheets are {}",
                    names.join(", ")
                ))
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| unreadable("the workbook has no sheet"))?,
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|_| unreadable(format!("the sheet {name:?} cannot be read: it is damaged")))?;
    let (height, width) = range.get_size();
    if width > MAX_COLUMNS {
        return Err(too_wide(width));
    }
    if height > MAX_ROWS + 1 {
        return Err(too_long());
    }
    let mut rows = range
        .rows()
        .map(|r| r.iter().map(cell_text).collect::<Vec<_>>());
    let headers = rows.next().unwrap_or_default();
    Ok((sheet(headers, rows.collect())?, name))
}

fn too_wide(width: usize) -> Unreadable {
    unreadable(format!(
        "the file has {width} columns; a roster or training history has at most {MAX_COLUMNS}"
    ))
}

fn too_long() -> Unreadable {
    unreadable(format!(
        "the file has more than {MAX_ROWS} rows: split it by year"
    ))
}

/// Text as Windows-1252, what Excel's plain "CSV" writes on Windows.
fn windows_1252(bytes: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

/// The separator of a CSV file: whichever of comma, semicolon and tab its first line holds
/// most of, outside quotes.
fn separator(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or_default();
    let mut quoted = false;
    let mut counts = [0usize; 3];
    for c in first.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|i| (counts[*i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

fn csv(bytes: &[u8]) -> Result<Sheet, Unreadable> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err(unreadable(
            "the file is not text: upload a CSV file or a workbook (XLSX, XLS, ODS)",
        ));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => std::borrow::Cow::Borrowed(t),
        Err(_) => std::borrow::Cow::Owned(windows_1252(bytes)),
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator(&text))
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let headers = match records.next() {
        Some(Ok(r)) => r.iter().map(str::to_owned).collect(),
        Some(Err(e)) => return Err(unreadable(format!("the first line cannot be read: {e}"))),
        None => return Err(unreadable("the file is empty")),
    };
    let mut rows = Vec::new();
    for record in records {
        if rows.len() >= MAX_ROWS {
            return Err(too_long());
        }
        let record = record
            .map_err(|e| unreadable(format!("line {} cannot be read: {e}", rows.len() + 2)))?;
        if record.len() > MAX_COLUMNS {
            return Err(too_wide(record.len()));
        }
        rows.push(record.iter().map(undefused).collect());
    }
    sheet(headers, rows)
}

/// A cell as it was before a `'` was put in front of what a spreadsheet would run as a
/// formula (`crate::reports::table::defuse`, which CSV downloads apply): `'=x` is `=x`.
fn undefused(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_owned(),
        _ => cell.to_owned(),
    }
}

/// Header and rows made as wide as the widest row (a blank header is "Column N"), without
/// the blank rows a spreadsheet leaves at its end.
fn sheet(mut headers: Vec<String>, mut rows: Vec<Vec<String>>) -> Result<Sheet, Unreadable> {
    while rows
        .last()
        .is_some_and(|r| r.iter().all(|c| c.trim().is_empty()))
    {
        rows.pop();
    }
    let width = rows
        .iter()
        .map(Vec::len)
        .chain([headers.len()])
        .max()
        .unwrap_or_default();
    if width > MAX_COLUMNS {
        return Err(too_wide(width));
    }
    headers.resize(width, String::new());
    for (i, h) in headers.iter_mut().enumerate() {
        *h = h.trim().to_owned();
        if h.is_empty() {
            *h = format!("Column {}", i + 1);
        }
    }
    let mut seen = std::collections::HashSet::new();
    if let Some(twice) = headers.iter().find(|h| !seen.insert(h.as_str())) {
        return Err(unreadable(format!(
            "two columns are headed {twice:?}: give each column its own header"
        )));
    }
    for row in &mut rows {
        row.resize(width, String::new());
    }
    Ok(Sheet { headers, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zipped(parts: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(9));
        for (name, content) in parts {
            zip.start_file(*name, options).unwrap();
            zip.write_all(content).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    fn workbook_of(rows: &[Vec<String>]) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                sheet
                    .write_string(r as u32, c as u16, cell.as_str())
                    .unwrap();
            }
        }
        book.save_to_buffer().unwrap()
    }

    #[test]
    fn a_zip_bomb_is_refused_before_it_is_unpacked() {
        // 64 MB of zeros deflate to about 64 kB: far more than a sheet's text compresses.
        let zeros = vec![b'0'; 64 * 1024 * 1024];
        let bomb = zipped(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/worksheets/sheet1.xml", &zeros),
        ]);
        assert!(bomb.len() < 1024 * 1024);
        let refused = read(&bomb, None).unwrap_err().0;
        assert!(refused.contains("unpacks to far more"), "{refused}");
    }

    #[test]
    fn a_cut_short_or_password_protected_workbook_is_named_as_such() {
        let book = workbook_of(&[
            vec!["Badge".into(), "Date".into()],
            vec!["B-1".into(), "2026-01-02".into()],
        ]);
        assert!(read(&book, None).is_ok());
        let refused = read(&book[..book.len() / 2], None).unwrap_err().0;
        assert!(refused.contains("damaged"), "{refused}");
        // What Excel saves with a password: a compound file around an encrypted package.
        let mut protected = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        protected.extend(vec![0u8; 504]);
        protected.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        let refused = read(&protected, None).unwrap_err().0;
        assert!(refused.contains("password"), "{refused}");
    }

    #[test]
    fn a_workbook_ten_thousand_columns_wide_is_refused() {
        let header: Vec<String> = (0..10_000).map(|i| format!("C{i}")).collect();
        let refused = read(&workbook_of(&[header]), None).unwrap_err().0;
        assert!(refused.contains("10000 columns"), "{refused}");
    }

    #[test]
    fn csv_as_excel_writes_it_reads_the_same() {
        let utf8 = "\u{FEFF}Last Name;Badge #;Hrs\r\n\"Doe; Jr\";B-1;1.5\r\n\r\n";
        let (sheet, name) = read(utf8.as_bytes(), None).unwrap();
        assert_eq!(name, None);
        assert_eq!(sheet.headers, ["Last Name", "Badge #", "Hrs"]);
        assert_eq!(sheet.rows, [["Doe; Jr", "B-1", "1.5"]]);
        let ansi = b"Last,First\r\nN\xFA\xF1ez,Jos\xE9\r\n";
        let (sheet, _) = read(ansi, None).unwrap();
        assert_eq!(sheet.rows, [["Núñez", "José"]]);
    }

    #[test]
    fn what_is_not_a_spreadsheet_is_refused_for_the_whole_file() {
        assert!(read(b"\x7FELF\x00\x01", None).is_err());
        assert!(read(b"PK\x03\x04truncated", None).is_err());
        assert!(read(b"", None).is_err());
        assert!(
            read(b"a,a\n1,2\n", None)
                .unwrap_err()
                .0
                .contains("two columns")
        );
        let wide = vec!["x"; MAX_COLUMNS + 1].join(",");
        assert!(
            read(wide.as_bytes(), None)
                .unwrap_err()
                .0
                .contains("columns")
        );
    }

    #[test]
    fn a_cell_defused_by_a_csv_download_reads_as_it_was() {
        let text =
            "Name,Badge,Note\r\n\"'=HYPERLINK(\"\"x\"\")\",'-12,'plain\r\nO'Neil,''=1,'@x\r\n";
        let (sheet, _) = read(text.as_bytes(), None).unwrap();
        assert_eq!(
            sheet.rows,
            [
                ["=HYPERLINK(\"x\")", "-12", "'plain"],
                ["O'Neil", "''=1", "@x"]
            ]
        );
    }

    #[test]
    fn numbers_read_as_they_were_typed() {
        assert_eq!(number(1234.0), "1234");
        assert_eq!(number(1.4999999999999998), "1.5");
        assert_eq!(number(0.25), "0.25");
    }
}
