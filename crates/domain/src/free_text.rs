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
    #[error(
        "looks like it contains a date of birth; give the age in its field instead, and keep personal identifiers out of free text"
    )]
    LooksLikeDateOfBirth,
    #[error(
        "looks like it contains a phone number or an e-mail address; free text must not hold personal identifiers"
    )]
    LooksLikeContact,
    #[error(
        "looks like it contains an identification number (licence, ID or account number); free text must not hold personal identifiers: case numbers go in their own field"
    )]
    LooksLikeIdentifier,
}

static SSN: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::expect_used)] // a constant pattern, covered by the tests below
    Regex::new(r"(?:^|[^0-9])(?:\d{3}-\d{2}-\d{4}|\d{3} \d{2} \d{4}|\d{9})(?:[^0-9]|$)")
        .expect("valid SSN pattern")
});

/// Characters that change what a reader sees without being seen: control characters, and
/// the Unicode overrides and isolates of text direction (U+202A-U+202E, U+2066-U+2069,
/// U+061C), which can show `gnp.exe` as `exe.png` (CVE-2021-42574, "Trojan Source").
pub fn is_hidden_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}')
}

/// Trimmed free text, at most `max` characters, free of anything that looks like an SSN.
pub fn parse_free_text(raw: &str, max: usize) -> Result<String, FreeTextError> {
    let text = raw.trim();
    let len = text.chars().count();
    if len > max {
        return Err(FreeTextError::TooLong { max, len });
    }
    if text
        .chars()
        .any(|c| is_hidden_control(c) && c != '\n' && c != '\t' && c != '\r')
    {
        return Err(FreeTextError::ControlCharacters);
    }
    if looks_like_ssn(text) {
        return Err(FreeTextError::LooksLikeSsn);
    }
    Ok(text.to_owned())
}

/// Incident narratives (and the like) are read by reviewers and state programs, so besides
/// SSNs they refuse what identifies a person: a date of birth, a phone number or e-mail
/// address, a licence or ID number, or any run of seven or more digits (no fact of an
/// incident is written that way; times, counts and dates are shorter).
pub fn parse_narrative(raw: &str, max: usize) -> Result<String, FreeTextError> {
    let text = parse_free_text(raw, max)?;
    if DATE_OF_BIRTH.is_match(&text) {
        return Err(FreeTextError::LooksLikeDateOfBirth);
    }
    if EMAIL.is_match(&text) || PHONE.is_match(&text) {
        return Err(FreeTextError::LooksLikeContact);
    }
    if IDENTIFIER.is_match(&text) || LONG_NUMBER.is_match(&text) {
        return Err(FreeTextError::LooksLikeIdentifier);
    }
    Ok(text)
}

#[allow(clippy::expect_used)] // constant patterns, covered by the tests below
fn pattern(re: &str) -> Regex {
    Regex::new(re).expect("valid pattern")
}

static DATE_OF_BIRTH: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\b(?:d\.?\s?o\.?\s?b\b|date\s+of\s+birth|birth\s*date|birthday|born\s+(?:on\s+)?(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))",
    )
});
static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"));
static PHONE: LazyLock<Regex> =
    LazyLock::new(|| pattern(r"(?:\(\d{3}\)\s?|\b\d{3}[-. ])\d{3}[-. ]\d{4}\b"));
static IDENTIFIER: LazyLock<Regex> = LazyLock::new(|| {
    pattern(
        r"(?i)\b(?:ssn|social\s+security|driver'?s?\s+licen[cs]e|licen[cs]e\s+(?:no|number|#)|dl\s*(?:#|no\b|number)|passport|state\s+id\b)",
    )
});
static LONG_NUMBER: LazyLock<Regex> = LazyLock::new(|| pattern(r"\d{7,}"));

pub fn looks_like_ssn(text: &str) -> bool {
    SSN.is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_direction_overrides_are_refused_and_scripts_are_not() {
        assert!(parse_free_text("invoice \u{202E}fdp.exe", 100).is_err());
        assert!(parse_free_text("\u{2066}hidden\u{2069}", 100).is_err());
        assert!(parse_free_text("שלום and مرحبا and Zoë", 100).is_ok());
        assert!(crate::people::PersonName::parse("Ann\u{202E}a").is_err());
        assert!(crate::people::PersonName::parse("Nguyễn Thị").is_ok());
    }

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
    fn narratives_refuse_identifiers_but_keep_the_facts() {
        use FreeTextError::*;
        let cases = [
            (
                "Subject DOB 04/12/1990 fled on foot",
                Err(LooksLikeDateOfBirth),
                "DOB",
            ),
            ("d.o.b. 1990-04-12", Err(LooksLikeDateOfBirth), "dotted"),
            (
                "date of birth given at booking",
                Err(LooksLikeDateOfBirth),
                "spelled out",
            ),
            (
                "subject was born on 4/12/1990",
                Err(LooksLikeDateOfBirth),
                "born on",
            ),
            ("called him at 612-555-0142", Err(LooksLikeContact), "phone"),
            (
                "(612) 555-0142",
                Err(LooksLikeContact),
                "phone with area code",
            ),
            ("mail j.doe@example.com", Err(LooksLikeContact), "e-mail"),
            ("DL# A123-456-789-012", Err(LooksLikeIdentifier), "licence"),
            (
                "driver's license checked",
                Err(LooksLikeIdentifier),
                "licence spelled",
            ),
            ("account 12345678", Err(LooksLikeIdentifier), "long number"),
            ("SSN on file", Err(LooksLikeIdentifier), "the word SSN"),
            ("x 123-45-6789", Err(LooksLikeSsn), "an SSN itself"),
            (
                "At 23:40 on 2026-03-14 two officers responded to a disturbance at the 1400 block; the subject struck Officer 2 and was taken down with an ECD.",
                Ok(()),
                "an ordinary narrative with a date, a time and a block number",
            ),
            (
                "subject born and raised locally",
                Ok(()),
                "born without a date",
            ),
            (
                "case 26-004512 noted",
                Ok(()),
                "a case number with a hyphen",
            ),
        ];
        for (text, expected, why) in cases {
            assert_eq!(
                parse_narrative(text, 2000).map(|_| ()),
                expected,
                "{why}: {text}"
            );
        }
        assert_eq!(
            parse_narrative(&"a".repeat(2001), 2000),
            Err(TooLong {
                max: 2000,
                len: 2001
            })
        );
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
