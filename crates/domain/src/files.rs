//! What an uploaded document may be. Certificates arrive from phones and scanners: the type
//! is read from the content, never from the name or the declared type, and a file that was
//! cut off in transit is refused rather than stored half.

/// Largest certificate or policy document accepted.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Pdf,
    Png,
    Jpeg,
}

impl FileKind {
    pub fn content_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Png => "image/png",
            FileKind::Jpeg => "image/jpeg",
        }
    }

    pub fn from_content_type(content_type: &str) -> Option<Self> {
        [FileKind::Pdf, FileKind::Png, FileKind::Jpeg]
            .into_iter()
            .find(|k| k.content_type() == content_type)
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Png => "png",
            FileKind::Jpeg => "jpg",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum FileProblem {
    #[error("is empty")]
    Empty,
    #[error("is larger than 10 MB")]
    TooLarge,
    #[error("is not a PDF, PNG or JPEG file")]
    NotAllowed,
    #[error("is incomplete: the {0} file ends before its end marker (was the upload cut off?)")]
    Truncated(&'static str),
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
/// The IEND chunk: length 0, type, CRC.
const PNG_END: &[u8] = b"\x00\x00\x00\x00IEND\xae\x42\x60\x82";

/// The kind of a document from its bytes, or why it is refused.
pub fn check(bytes: &[u8]) -> Result<FileKind, FileProblem> {
    if bytes.is_empty() {
        return Err(FileProblem::Empty);
    }
    if bytes.len() > MAX_BYTES {
        return Err(FileProblem::TooLarge);
    }
    // Writers may add a few bytes after the end marker (a newline, padding).
    let tail = |n: usize| &bytes[bytes.len().saturating_sub(n)..];
    let contains =
        |haystack: &[u8], needle: &[u8]| haystack.windows(needle.len()).any(|w| w == needle);
    if bytes.starts_with(b"%PDF-") {
        return if contains(tail(1024), b"%%EOF") {
            Ok(FileKind::Pdf)
        } else {
            Err(FileProblem::Truncated("PDF"))
        };
    }
    if bytes.starts_with(PNG_SIGNATURE) {
        return if contains(tail(64), PNG_END) {
            Ok(FileKind::Png)
        } else {
            Err(FileProblem::Truncated("PNG"))
        };
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return if contains(tail(64), &[0xFF, 0xD9]) {
            Ok(FileKind::Jpeg)
        } else {
            Err(FileProblem::Truncated("JPEG"))
        };
    }
    Err(FileProblem::NotAllowed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PDF: &[u8] =
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

    fn png() -> Vec<u8> {
        let mut bytes = PNG_SIGNATURE.to_vec();
        bytes.extend_from_slice(
            b"\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde",
        );
        bytes.extend_from_slice(PNG_END);
        bytes
    }

    #[test]
    fn pdf_png_and_jpeg_are_recognised_by_their_content() {
        assert_eq!(check(PDF), Ok(FileKind::Pdf));
        assert_eq!(check(&png()), Ok(FileKind::Png));
        assert_eq!(
            check(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', 0xFF, 0xD9]),
            Ok(FileKind::Jpeg)
        );
    }

    #[test]
    fn anything_else_is_refused_whatever_its_name() {
        // A Windows executable and an ELF binary renamed to certificate.pdf.
        assert_eq!(
            check(b"MZ\x90\x00\x03\x00\x00\x00"),
            Err(FileProblem::NotAllowed)
        );
        assert_eq!(check(b"\x7fELF\x02\x01\x01"), Err(FileProblem::NotAllowed));
        assert_eq!(check(b"<html><script>"), Err(FileProblem::NotAllowed));
        assert_eq!(check(b""), Err(FileProblem::Empty));
    }

    #[test]
    fn a_file_cut_off_before_its_end_marker_is_refused() {
        assert_eq!(check(&PDF[..40]), Err(FileProblem::Truncated("PDF")));
        let png = png();
        assert_eq!(
            check(&png[..png.len() - 6]),
            Err(FileProblem::Truncated("PNG"))
        );
        assert_eq!(
            check(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 16]),
            Err(FileProblem::Truncated("JPEG"))
        );
    }

    #[test]
    fn more_than_ten_megabytes_is_refused() {
        let mut big = PDF.to_vec();
        big.resize(MAX_BYTES + 1, b' ');
        assert_eq!(check(&big), Err(FileProblem::TooLarge));
    }
}
