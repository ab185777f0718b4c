//! Page layout of the PDF reports: headings, paragraphs and tables flowed onto US Letter
//! pages, each with the report's header (agency, title, as-of date, when it was generated)
//! and "Page i of n". Text is set in the standard Helvetica fonts, which every PDF reader
//! has, with WinAnsi encoding: no font file is embedded and nothing is fetched.

use pdf_writer::writers::{Catalog, DocumentInfo};
use pdf_writer::{Content, Filter, Name, Rect, Ref, Str, TextStr};

use super::pdf_file::PdfFile;

/// What every page repeats at its top.
#[derive(Clone)]
pub struct Header {
    pub agency: String,
    pub title: String,
    /// E.g. "As of 2026-11-26" or "From 2026-01-01 to 2026-06-30".
    pub period: String,
    /// When the report was generated, written out (RFC 3339, UTC).
    pub generated: String,
}

#[derive(Clone)]
pub struct Column {
    pub title: String,
    /// A share of the page's width; the shares of a table need not add up to one.
    pub share: f32,
    pub align: Align,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

impl Column {
    pub fn left(title: &str, share: f32) -> Self {
        Self {
            title: title.to_owned(),
            share,
            align: Align::Left,
        }
    }

    pub fn right(title: &str, share: f32) -> Self {
        Self {
            title: title.to_owned(),
            share,
            align: Align::Right,
        }
    }
}

pub enum Block {
    Heading(String),
    /// A paragraph, wrapped to the page.
    Text(String),
    /// A table whose header row is repeated on every page it runs onto. A row whose first
    /// cell is bold (a total) is marked by `bold_last`. Rows with an empty first cell belong
    /// to the last row that had one (a person's requirements): on a new page the first of
    /// them repeats it, "(continued)".
    Table {
        columns: Vec<Column>,
        rows: Vec<Vec<String>>,
        bold_last: bool,
    },
    /// What follows starts on a new page.
    PageBreak,
}

pub struct Document {
    pub header: Header,
    pub landscape: bool,
    pub blocks: Vec<Block>,
}

const MARGIN: f32 = 36.0;
const TEXT_SIZE: f32 = 9.0;
const TABLE_SIZE: f32 = 7.5;
const HEADING_SIZE: f32 = 11.0;
const CELL_PAD: f32 = 3.0;
/// The header's height below the top margin, and the footer's above the bottom one.
const HEADER_HEIGHT: f32 = 48.0;
const FOOTER_HEIGHT: f32 = 16.0;

#[derive(Clone, Copy)]
enum Font {
    Regular,
    Bold,
}

enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        font: Font,
        text: Vec<u8>,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
    },
    Shade {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
    },
}

/// Helvetica's advance widths (per 1000 units of the font size) for the printable ASCII
/// characters, from Adobe's metrics for the standard fonts.
const REGULAR: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
const BOLD: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667,
    611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556,
    278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];

/// The text in WinAnsi (Windows-1252): Latin-1 letters and the common typographic marks;
/// anything else becomes `?`.
pub fn win_ansi(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => b' ',
            ' '..='~' => c as u8,
            '\u{A0}'..='\u{FF}' => c as u32 as u8,
            '€' => 0x80,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            '…' => 0x85,
            _ => b'?',
        })
        .collect()
}

fn width(text: &[u8], size: f32, font: Font) -> f32 {
    let table = match font {
        Font::Regular => &REGULAR,
        Font::Bold => &BOLD,
    };
    let units: u32 = text
        .iter()
        .map(|&b| match b {
            32..=126 => u32::from(table[usize::from(b - 32)]),
            _ => 556,
        })
        .sum();
    units as f32 * size / 1000.0
}

/// Splits `text` into lines no wider than `max`, at spaces where it can, inside a word
/// where a word alone is too wide.
fn wrap(text: &[u8], size: f32, font: Font, max: f32) -> Vec<Vec<u8>> {
    let mut lines = Vec::new();
    let mut line: Vec<u8> = Vec::new();
    for word in text.split(|&b| b == b' ').filter(|w| !w.is_empty()) {
        let candidate = if line.is_empty() {
            word.to_vec()
        } else {
            [line.as_slice(), b" ", word].concat()
        };
        if width(&candidate, size, font) <= max {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        let mut rest = word;
        while width(rest, size, font) > max && rest.len() > 1 {
            let mut cut = rest.len() - 1;
            while cut > 1 && width(&rest[..cut], size, font) > max {
                cut -= 1;
            }
            lines.push(rest[..cut].to_vec());
            rest = &rest[cut..];
        }
        line = rest.to_vec();
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

const CATALOG: Ref = Ref::new(1);
const PAGE_TREE: Ref = Ref::new(2);
const REGULAR_FONT: Ref = Ref::new(3);
const BOLD_FONT: Ref = Ref::new(4);
const INFO: Ref = Ref::new(5);

/// A PDF being laid out and written at once: a page is deflated and written out as soon as
/// it is full, so a report of thousands of pages holds the drawing of one page, and its
/// bytes can be sent while the next pages are laid out ([`Writer::take`]). What depends on
/// the whole document (the page count in each footer, the page tree) is written at the end.
pub struct Writer {
    file: PdfFile,
    header: Header,
    width: f32,
    height: f32,
    y: f32,
    /// The drawing of the page being laid out.
    ops: Vec<Op>,
    /// The content streams of the pages written, in the order they were laid out.
    pages: Vec<Ref>,
}

impl Writer {
    pub fn new(header: Header, landscape: bool) -> Self {
        let (width, height) = if landscape {
            (792.0, 612.0)
        } else {
            (612.0, 792.0)
        };
        let mut writer = Self {
            file: PdfFile::new(INFO.get()),
            header,
            width,
            height,
            y: 0.0,
            ops: Vec::new(),
            pages: Vec::new(),
        };
        writer.y = writer.top();
        writer
    }

    fn top(&self) -> f32 {
        self.height - MARGIN - HEADER_HEIGHT
    }

    fn bottom(&self) -> f32 {
        MARGIN + FOOTER_HEIGHT
    }

    fn content_width(&self) -> f32 {
        self.width - 2.0 * MARGIN
    }

    pub fn block(&mut self, block: &Block) {
        match block {
            Block::Heading(text) => {
                self.ensure(HEADING_SIZE * 4.0);
                self.y -= HEADING_SIZE * 0.5;
                self.paragraph(text, HEADING_SIZE, Font::Bold);
            }
            Block::Text(text) => self.paragraph(text, TEXT_SIZE, Font::Regular),
            Block::Table {
                columns,
                rows,
                bold_last,
            } => {
                let mut table = self.table(columns);
                for (i, row) in rows.iter().enumerate() {
                    let bold = *bold_last && i + 1 == rows.len();
                    table.row_in(self, row, if bold { Font::Bold } else { Font::Regular });
                }
                table.end(self);
            }
            Block::PageBreak => {
                if self.y < self.top() {
                    self.new_page();
                }
            }
        }
    }

    /// Starts a table (see [`Block::Table`]) whose rows are given one by one.
    pub fn table(&mut self, columns: &[Column]) -> Table {
        let total: f32 = columns
            .iter()
            .map(|c| c.share)
            .sum::<f32>()
            .max(f32::EPSILON);
        let widths: Vec<f32> = columns
            .iter()
            .map(|c| c.share / total * self.content_width())
            .collect();
        let table = Table {
            columns: columns.to_vec(),
            heads: columns.iter().map(|c| c.title.clone()).collect(),
            widths,
            group: None,
        };
        // The header and at least one row stay together.
        self.ensure((TABLE_SIZE * 1.25 + 2.0 * CELL_PAD) * 2.0);
        table.heads_row(self);
        table
    }

    /// The index the page being laid out will have, for [`Writer::finish_leading_with`].
    pub fn page_mark(&self) -> usize {
        self.pages.len()
    }

    /// The bytes of the file written since the last call.
    pub fn take(&mut self) -> Vec<u8> {
        self.file.take()
    }

    /// Writes the last page and what depends on the whole document; the rest of the file.
    pub fn finish(self) -> Vec<u8> {
        self.finish_leading_with(0)
    }

    /// As [`Writer::finish`], the pages laid out from `mark` on put first: a summary that
    /// can only be written once everything else is known still opens the document.
    pub fn finish_leading_with(mut self, mark: usize) -> Vec<u8> {
        self.end_page();
        let mark = mark.min(self.pages.len());
        self.pages.rotate_left(mark);
        let count = self.pages.len();
        let mut kids = Vec::with_capacity(count);
        for (i, body) in std::mem::take(&mut self.pages).into_iter().enumerate() {
            let footer = self.file.id();
            let content = deflated(&self.footer(i + 1, count));
            self.file.object(footer, |c| {
                c.stream(footer, &content).filter(Filter::FlateDecode);
            });
            let page = self.file.id();
            let (width, height) = (self.width, self.height);
            self.file.object(page, |c| {
                let mut page = c.page(page);
                page.media_box(Rect::new(0.0, 0.0, width, height))
                    .parent(PAGE_TREE)
                    .contents_array([body, footer]);
                page.resources()
                    .fonts()
                    .pair(Name(b"F1"), REGULAR_FONT)
                    .pair(Name(b"F2"), BOLD_FONT);
            });
            kids.push(page);
        }
        self.file.object(PAGE_TREE, |c| {
            c.pages(PAGE_TREE)
                .kids(kids.iter().copied())
                .count(i32::try_from(count).unwrap_or(i32::MAX));
        });
        for (id, name) in [
            (REGULAR_FONT, &b"Helvetica"[..]),
            (BOLD_FONT, &b"Helvetica-Bold"[..]),
        ] {
            self.file.object(id, |c| {
                c.type1_font(id)
                    .base_font(Name(name))
                    .encoding_predefined(Name(b"WinAnsiEncoding"));
            });
        }
        let title = format!("{} - {}", self.header.title, self.header.agency);
        self.file.object(INFO, |c| {
            c.indirect(INFO)
                .start::<DocumentInfo>()
                .title(TextStr(&title))
                .producer(TextStr("ConfiTrek"));
        });
        self.file.object(CATALOG, |c| {
            c.indirect(CATALOG).start::<Catalog>().pages(PAGE_TREE);
        });
        self.file.finish(CATALOG, INFO)
    }

    fn new_page(&mut self) {
        self.end_page();
        self.y = self.top();
    }

    /// Writes the page laid out so far, with the header every page repeats.
    fn end_page(&mut self) {
        let (w, top) = (self.width, self.height - MARGIN);
        let h = &self.header;
        let header = [
            Op::Text {
                x: MARGIN,
                y: top - 11.0,
                size: 11.0,
                font: Font::Bold,
                text: win_ansi(&h.agency),
            },
            Op::Text {
                x: MARGIN,
                y: top - 27.0,
                size: 14.0,
                font: Font::Bold,
                text: win_ansi(&h.title),
            },
            Op::Text {
                x: MARGIN,
                y: top - 40.0,
                size: 8.0,
                font: Font::Regular,
                text: win_ansi(&format!("{}    Generated {}", h.period, h.generated)),
            },
            Op::Line {
                x1: MARGIN,
                y1: top - HEADER_HEIGHT + 4.0,
                x2: w - MARGIN,
                y2: top - HEADER_HEIGHT + 4.0,
            },
        ];
        let ops = std::mem::take(&mut self.ops);
        let content = deflated(&drawing(ops.iter().chain(&header)));
        let id = self.file.id();
        self.file.object(id, |c| {
            c.stream(id, &content).filter(Filter::FlateDecode);
        });
        self.pages.push(id);
    }

    /// "Page i of n" and the report's name, at the foot of page `number`.
    fn footer(&self, number: usize, count: usize) -> Vec<u8> {
        let h = &self.header;
        let page = win_ansi(&format!("Page {number} of {count}"));
        drawing(
            [
                Op::Text {
                    x: self.width - MARGIN - width(&page, 8.0, Font::Regular),
                    y: MARGIN,
                    size: 8.0,
                    font: Font::Regular,
                    text: page,
                },
                Op::Text {
                    x: MARGIN,
                    y: MARGIN,
                    size: 8.0,
                    font: Font::Regular,
                    text: win_ansi(&format!("{} - {}", h.title, h.agency)),
                },
            ]
            .iter(),
        )
    }

    /// Starts a new page unless `needed` points fit below the cursor.
    fn ensure(&mut self, needed: f32) {
        if self.y - needed < self.bottom() && self.y < self.top() {
            self.new_page();
        }
    }

    fn text_line(&mut self, x: f32, size: f32, font: Font, text: Vec<u8>) {
        let leading = size * 1.3;
        self.ensure(leading);
        self.y -= leading;
        let y = self.y + size * 0.3;
        self.ops.push(Op::Text {
            x,
            y,
            size,
            font,
            text,
        });
    }

    fn paragraph(&mut self, text: &str, size: f32, font: Font) {
        let max = self.content_width();
        for line in wrap(&win_ansi(text), size, font, max) {
            self.text_line(MARGIN, size, font, line);
        }
        self.y -= size * 0.4;
    }

    fn cells(&self, widths: &[f32], row: &[String], font: Font) -> Vec<Vec<Vec<u8>>> {
        // A single cell never takes more than a page.
        let most =
            (((self.top() - self.bottom()) / (TABLE_SIZE * 1.25)) as usize).saturating_sub(4);
        widths
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let text = row.get(i).map(String::as_str).unwrap_or("");
                // A line break in a cell is kept (a signature box is two empty lines high).
                let mut lines: Vec<Vec<u8>> = text
                    .split('\n')
                    .flat_map(|part| wrap(&win_ansi(part), TABLE_SIZE, font, w - 2.0 * CELL_PAD))
                    .collect();
                lines.truncate(most.max(1));
                lines
            })
            .collect()
    }

    fn draw_row(&mut self, table: &Table, cells: Vec<Vec<Vec<u8>>>, font: Font, shade: bool) {
        let height = row_height(&cells);
        let top = self.y;
        if shade {
            self.ops.push(Op::Shade {
                x: MARGIN,
                y: top - height,
                w: self.content_width(),
                h: height,
            });
        }
        let mut x = MARGIN;
        for ((column, w), lines) in table.columns.iter().zip(&table.widths).zip(cells) {
            let mut y = top - CELL_PAD - TABLE_SIZE;
            for line in lines {
                let tx = match column.align {
                    Align::Left => x + CELL_PAD,
                    Align::Right => x + w - CELL_PAD - width(&line, TABLE_SIZE, font),
                };
                self.ops.push(Op::Text {
                    x: tx,
                    y,
                    size: TABLE_SIZE,
                    font,
                    text: line,
                });
                y -= TABLE_SIZE * 1.25;
            }
            x += w;
        }
        self.y = top - height;
        self.ops.push(Op::Line {
            x1: MARGIN,
            y1: self.y,
            x2: self.width - MARGIN,
            y2: self.y,
        });
    }
}

/// A table being written row by row; its header row is repeated on every page it runs onto.
pub struct Table {
    columns: Vec<Column>,
    widths: Vec<f32>,
    heads: Vec<String>,
    /// The first cell of the last row that had one, repeated "(continued)" on a new page.
    group: Option<String>,
}

impl Table {
    pub fn row(&mut self, writer: &mut Writer, row: &[String]) {
        self.row_in(writer, row, Font::Regular);
    }

    fn row_in(&mut self, writer: &mut Writer, row: &[String], font: Font) {
        match row.first() {
            Some(first) if !first.is_empty() => self.group = Some(first.clone()),
            _ => {}
        }
        let mut cells = writer.cells(&self.widths, row, font);
        if writer.y - row_height(&cells) < writer.bottom() {
            writer.new_page();
            self.heads_row(writer);
            if let Some(name) = self
                .group
                .as_ref()
                .filter(|_| row.first().is_some_and(String::is_empty))
            {
                let mut continued = row.to_vec();
                continued[0] = format!("{name} (continued)");
                cells = writer.cells(&self.widths, &continued, font);
            }
        }
        writer.draw_row(self, cells, font, false);
    }

    fn heads_row(&self, writer: &mut Writer) {
        let cells = writer.cells(&self.widths, &self.heads, Font::Bold);
        writer.draw_row(self, cells, Font::Bold, true);
    }

    pub fn end(self, writer: &mut Writer) {
        writer.y -= TABLE_SIZE;
    }
}

fn row_height(cells: &[Vec<Vec<u8>>]) -> f32 {
    let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
    lines as f32 * TABLE_SIZE * 1.25 + 2.0 * CELL_PAD
}

/// Lays the document out and writes the PDF file.
pub fn render(doc: &Document) -> Vec<u8> {
    let mut writer = Writer::new(doc.header.clone(), doc.landscape);
    for block in &doc.blocks {
        writer.block(block);
    }
    let mut bytes = writer.take();
    bytes.extend(writer.finish());
    bytes
}

/// A page's drawing deflated, as PDF readers inflate it (`/FlateDecode`): text and lines
/// shrink several times over, and a report of a thousand people stays small to send.
fn deflated(content: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing to memory cannot fail.
    let _ = encoder.write_all(content);
    encoder.finish().unwrap_or_default()
}

fn drawing<'a>(ops: impl Iterator<Item = &'a Op>) -> Vec<u8> {
    let mut c = Content::new();
    c.set_line_width(0.4);
    c.set_stroke_gray(0.6);
    for op in ops {
        match op {
            Op::Shade { x, y, w, h } => {
                c.set_fill_gray(0.9);
                c.rect(*x, *y, *w, *h);
                c.fill_nonzero();
                c.set_fill_gray(0.0);
            }
            Op::Line { x1, y1, x2, y2 } => {
                c.move_to(*x1, *y1);
                c.line_to(*x2, *y2);
                c.stroke();
            }
            Op::Text {
                x,
                y,
                size,
                font,
                text,
            } => {
                let name = match font {
                    Font::Regular => Name(b"F1"),
                    Font::Bold => Name(b"F2"),
                };
                c.begin_text();
                c.set_font(name, *size);
                c.next_line(*x, *y);
                c.show(Str(text));
                c.end_text();
            }
        }
    }
    c.finish().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_words_and_sentences_wrap_within_the_width() {
        let text = win_ansi("needs 4.0 more hours of crisis intervention by 2027-06-30");
        for line in wrap(&text, 8.0, Font::Regular, 80.0) {
            assert!(width(&line, 8.0, Font::Regular) <= 80.0);
        }
        let word = win_ansi(&"x".repeat(200));
        let lines = wrap(&word, 8.0, Font::Regular, 50.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat().len(), 200, "nothing is lost");
    }

    #[test]
    fn text_outside_win_ansi_is_replaced_not_dropped() {
        assert_eq!(win_ansi("Müller – ok ✓"), b"M\xfcller \x96 ok ?");
    }

    #[test]
    fn a_long_table_runs_onto_pages_numbered_out_of_the_total() {
        let rows = (0..400)
            .map(|i| vec![format!("Person {i}"), "1.0".into()])
            .collect();
        let doc = Document {
            header: Header {
                agency: "Agency".into(),
                title: "Report".into(),
                period: "As of 2026-01-01".into(),
                generated: "2026-01-01T00:00:00Z".into(),
            },
            landscape: false,
            blocks: vec![Block::Table {
                columns: vec![Column::left("Name", 3.0), Column::right("Hours", 1.0)],
                rows,
                bold_last: false,
            }],
        };
        let bytes = render(&doc);
        assert!(bytes.starts_with(b"%PDF-"));
        let pdf = lopdf::Document::load_mem(&bytes).unwrap();
        let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
        assert!(pages.len() > 1, "400 rows take several pages");
        let first = pdf.extract_text(&[1]).unwrap();
        assert!(
            first.contains(&format!("Page 1 of {}", pages.len())),
            "{first}"
        );
        // The pages are deflated: no drawing is sent as plain text.
        assert!(!String::from_utf8_lossy(&bytes).contains("(Person 1)"));
    }

    #[test]
    fn a_person_whose_rows_run_onto_the_next_page_is_named_there_again() {
        let mut rows = vec![vec!["Able, Ann".to_owned(), "first".to_owned()]];
        rows.extend((0..150).map(|i| vec![String::new(), format!("requirement {i}")]));
        rows.push(vec!["Baker, Bo".to_owned(), "only".to_owned()]);
        let doc = Document {
            header: Header {
                agency: "Agency".into(),
                title: "Report".into(),
                period: "As of 2026-01-01".into(),
                generated: "2026-01-01T00:00:00Z".into(),
            },
            landscape: false,
            blocks: vec![
                Block::Text("A first page of its own.".into()),
                Block::PageBreak,
                Block::Table {
                    columns: vec![
                        Column::left("Person", 2.0),
                        Column::left("Requirement", 3.0),
                    ],
                    rows,
                    bold_last: false,
                },
            ],
        };
        let pdf = lopdf::Document::load_mem(&render(&doc)).unwrap();
        let pages = pdf.get_pages().len() as u32;
        assert!(pages >= 3, "{pages} pages");
        let first = pdf.extract_text(&[1]).unwrap();
        assert!(
            !first.contains("Able"),
            "the table starts on page 2: {first}"
        );
        let third = pdf.extract_text(&[3]).unwrap();
        assert!(third.contains("Able, Ann (continued)"), "{third}");
    }
}
