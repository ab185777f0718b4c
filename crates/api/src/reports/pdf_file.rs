//! A PDF file written object by object and handed over as it grows, so a report of many
//! pages can go to the client while the next pages are laid out: `pdf_writer` writes each
//! object, this module keeps the byte offsets and writes the cross-reference table and the
//! trailer at the end (PDF 1.7, section 7.5).

use std::fmt::Write as _;

use pdf_writer::{Chunk, Ref};

pub struct PdfFile {
    /// Bytes written and not yet handed over.
    pending: Vec<u8>,
    /// Bytes handed over before `pending`.
    handed: usize,
    /// Each object's offset in the file, by id (index 0 is the free head of the table).
    offsets: Vec<Option<usize>>,
    next_id: i32,
}

impl PdfFile {
    /// A file whose first `reserved` object ids are the caller's to write (the catalog and
    /// other objects named before the pages exist); [`PdfFile::id`] allocates the next ones.
    pub fn new(reserved: i32) -> Self {
        Self {
            pending: b"%PDF-1.7\n%\x80\x80\x80\x80\n\n".to_vec(),
            handed: 0,
            offsets: Vec::new(),
            next_id: reserved + 1,
        }
    }

    pub fn id(&mut self) -> Ref {
        let id = Ref::new(self.next_id);
        self.next_id += 1;
        id
    }

    /// Writes the object `id` that `write` puts into a chunk of its own.
    pub fn object(&mut self, id: Ref, write: impl FnOnce(&mut Chunk)) {
        let mut chunk = Chunk::new();
        write(&mut chunk);
        let index = usize::try_from(id.get()).unwrap_or_default();
        if self.offsets.len() <= index {
            self.offsets.resize(index + 1, None);
        }
        self.offsets[index] = Some(self.handed + self.pending.len());
        self.pending.extend_from_slice(chunk.as_bytes());
    }

    /// The bytes written since the last call, to send on.
    pub fn take(&mut self) -> Vec<u8> {
        let bytes = std::mem::take(&mut self.pending);
        self.handed += bytes.len();
        bytes
    }

    /// Writes the cross-reference table and the trailer naming the catalog and the document
    /// information; what remains to hand over.
    pub fn finish(mut self, catalog: Ref, info: Ref) -> Vec<u8> {
        let start = self.handed + self.pending.len();
        let size = self.offsets.len().max(1);
        let mut table = format!("xref\n0 {size}\n0000000000 65535 f\r\n");
        for offset in self.offsets.iter().skip(1) {
            // Every id allocated is written; an unwritten one would be a free entry.
            match offset {
                Some(at) => {
                    let _ = write!(table, "{at:010} 00000 n\r\n");
                }
                None => table.push_str("0000000000 65535 f\r\n"),
            }
        }
        let _ = write!(
            table,
            "trailer\n<<\n  /Size {size}\n  /Root {} 0 R\n  /Info {} 0 R\n>>\nstartxref\n{start}\n%%EOF",
            catalog.get(),
            info.get()
        );
        self.pending.extend_from_slice(table.as_bytes());
        self.pending
    }
}
