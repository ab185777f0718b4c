//! Provisioning from an agency's identity provider over SCIM 2.0 (RFC 7643, RFC 7644): the
//! part of it that is rules. Which filters are answered and how they read, how a PATCH
//! changes a user or a group, how a SCIM user becomes a person of the roster, and what the
//! groups a person is in give him or her (a unit, a role).
//!
//! Identity providers send more than ConfiTrek keeps (phone numbers, addresses, a
//! department...): what is not kept is accepted and ignored, so that an identity provider's
//! default attribute mappings work; what is kept is checked.

pub mod filter;
pub mod group;
pub mod mapping;
pub mod patch;
pub mod projection;
pub mod user;

/// Why a SCIM request is refused, by the `scimType` of RFC 7644 §3.12. The message is the
/// error's `detail`: a sentence the identity provider's admin can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScimProblem {
    /// 400: the filter does not parse, or names what cannot be filtered on.
    #[error("{0}")]
    InvalidFilter(String),
    /// 400: a PATCH path does not parse.
    #[error("{0}")]
    InvalidPath(String),
    /// 400: a value is missing, of the wrong type, or not one ConfiTrek can keep.
    #[error("{0}")]
    InvalidValue(String),
    /// 400: the request does not read as SCIM.
    #[error("{0}")]
    InvalidSyntax(String),
    /// 400: an operation without the path it needs.
    #[error("{0}")]
    NoTarget(String),
    /// 409: a value that must be unique in the agency is another resource's.
    #[error("{0}")]
    Uniqueness(String),
}

impl ScimProblem {
    /// The `scimType` of the error.
    pub fn scim_type(&self) -> &'static str {
        match self {
            ScimProblem::InvalidFilter(_) => "invalidFilter",
            ScimProblem::InvalidPath(_) => "invalidPath",
            ScimProblem::InvalidValue(_) => "invalidValue",
            ScimProblem::InvalidSyntax(_) => "invalidSyntax",
            ScimProblem::NoTarget(_) => "noTarget",
            ScimProblem::Uniqueness(_) => "uniqueness",
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            ScimProblem::Uniqueness(_) => 409,
            _ => 400,
        }
    }
}

/// The most schema URNs a resource or a PATCH may name.
pub const MAX_SCHEMAS: usize = 8;

/// The longest text kept of an identifier the identity provider gives (a user name, an
/// external id, a group's name).
pub const IDENTIFIER_MAX: usize = 256;

/// An identifier of the identity provider's, trimmed: 1 to 256 characters, no control
/// characters. `attribute` names it in the error.
pub fn identifier(attribute: &str, raw: &str) -> Result<String, ScimProblem> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(ScimProblem::InvalidValue(format!(
            "{attribute} must not be empty"
        )));
    }
    if text.chars().count() > IDENTIFIER_MAX {
        return Err(ScimProblem::InvalidValue(format!(
            "{attribute} must be at most {IDENTIFIER_MAX} characters"
        )));
    }
    if text.chars().any(crate::free_text::is_hidden_control) {
        return Err(ScimProblem::InvalidValue(format!(
            "{attribute} must not contain control or text-direction characters"
        )));
    }
    Ok(text.to_owned())
}

/// An optional identifier: blank is absent.
pub fn optional_identifier(
    attribute: &str,
    raw: Option<&str>,
) -> Result<Option<String>, ScimProblem> {
    match raw.map(str::trim).filter(|t| !t.is_empty()) {
        Some(text) => identifier(attribute, text).map(Some),
        None => Ok(None),
    }
}

/// Paging of a list (RFC 7644 §3.4.2.4): `startIndex` is 1-based, below 1 reads as 1;
/// `count` below 0 reads as 0, above the most a page holds as that most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub offset: u64,
    pub count: u64,
}

/// The most resources one page holds.
pub const MAX_PAGE: u64 = 200;
/// A page's size when `count` is not given.
pub const DEFAULT_PAGE: u64 = 100;

impl Paging {
    pub fn new(start_index: Option<i64>, count: Option<i64>) -> Self {
        let start = start_index.unwrap_or(1).max(1);
        let count = count.map_or(DEFAULT_PAGE, |c| c.max(0).unsigned_abs().min(MAX_PAGE));
        Paging {
            offset: start.unsigned_abs() - 1,
            count,
        }
    }

    /// The `startIndex` of the answer.
    pub fn start_index(&self) -> u64 {
        self.offset + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_reads_out_of_range_values_as_the_rfc_says() {
        // (startIndex, count, offset, count, a sentence)
        let cases = [
            (None, None, 0, DEFAULT_PAGE, "nothing given: the first page"),
            (Some(0), Some(10), 0, 10, "an index below 1 is 1"),
            (Some(-5), Some(-1), 0, 0, "a negative count is 0"),
            (
                Some(51),
                Some(1000),
                50,
                MAX_PAGE,
                "a count above the most is the most",
            ),
        ];
        for (start, count, offset, size, why) in cases {
            let paging = Paging::new(start, count);
            assert_eq!((paging.offset, paging.count), (offset, size), "{why}");
        }
        assert_eq!(Paging::new(Some(51), None).start_index(), 51);
    }

    #[test]
    fn identifiers_are_trimmed_and_bounded() {
        assert_eq!(identifier("userName", " a@b ").unwrap(), "a@b");
        assert!(identifier("userName", "  ").is_err());
        assert!(identifier("userName", &"x".repeat(257)).is_err());
        assert!(identifier("userName", "a\u{202E}b").is_err());
        assert_eq!(optional_identifier("externalId", Some(" ")).unwrap(), None);
    }
}
