//! Free text that may be stored.
//!
//! The Terms of Service forbid personally identifying information in free-text fields, so
//! text that looks like a US Social Security number (AAA-GG-SSSS, with dashes, spaces or
//! none) is refused rather than stored. A nine-digit run is refused too: in a note it is far
//! more likely an SSN than anything else a coordinator would type.

use std::sync::LazyLock;

use regex::Regex;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FreeTextError {
    #[error("must be at most {max} characters (got {len})")]
    TooLong { max: usize, len: usize },
    #[error(
        "looks like it contains a Social Security number; free text must not hold personal identifiers"
    )]
    LooksLikeSsn,
    #[error("must not contain control characters")]
    ControlCharacters,
}

static SSN: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::expect_used)] // a constant pattern, covered by the tests below
    Regex::new(r"(?:^|[^0-9])(?:\d{3}-\d{2}-\d{4}|\d{3} \d{2} \d{4}|\d{9})(?:[^0-9]|$)")
        .expect("valid SSN pattern")
});

/// Trimmed free text, at most `max` characters, free of anything that looks like an SSN.
pub fn parse_free_text(raw: &str, max: usize) -> Result<String, FreeTextError> {
    let text = raw.trim();
    let len = text.chars().count();
    if len > max {
        return Err(FreeTextError::TooLong { max, len });
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
    {
        return Err(FreeTextError::ControlCharacters);
    }
    if looks_like_ssn(text) {
        return Err(FreeTextError::LooksLikeSsn);
    }
    Ok(text.to_owned())
}

pub fn looks_like_ssn(text: &str) -> bool {
    SSN.is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ssn_shapes_are_refused_and_ordinary_numbers_are_not() {
        let cases = [
            ("SSN 123-45-6789 on file", true, "dashed"),
            ("123 45 6789", true, "spaced"),
            ("id:123456789.", true, "nine digits in a row"),
            ("Completed 8 hours on 2026-03-14", false, "a date"),
            ("badge 4471, unit 12", false, "short numbers"),
            ("phone 612-555-0142", false, "a phone number"),
            ("1234567890", false, "ten digits is not an SSN"),
            ("12-345-6789", false, "wrong grouping"),
        ];
        for (text, expected, why) in cases {
            assert_eq!(looks_like_ssn(text), expected, "{why}: {text}");
        }
    }

    #[test]
    fn free_text_is_trimmed_and_limited() {
        assert_eq!(parse_free_text("  note  ", 10), Ok("note".into()));
        assert_eq!(
            parse_free_text("abcdef", 5),
            Err(FreeTextError::TooLong { max: 5, len: 6 })
        );
        assert_eq!(
            parse_free_text("a\u{0}b", 5),
            Err(FreeTextError::ControlCharacters)
        );
        assert_eq!(
            parse_free_text("x 123-45-6789", 50),
            Err(FreeTextError::LooksLikeSsn)
        );
    }
}
