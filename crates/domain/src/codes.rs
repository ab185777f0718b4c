//! Codes: the stable names an agency gives its own credential types and policies, which
//! requirements refer to (`measure.credential_type`, `policy.<code>`) and which never change
//! with a title's wording.

/// The longest code accepted.
pub const MAX_CODE_LEN: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("is required")]
    Empty,
    #[error("must be at most {max} characters")]
    TooLong { max: usize },
    #[error(
        "must start with a lower-case letter and hold only lower-case letters, digits and underscores, e.g. taser_x2"
    )]
    Invalid,
}

/// A trimmed code: `[a-z][a-z0-9_]*`, at most [`MAX_CODE_LEN`] characters.
pub fn parse_code(raw: &str) -> Result<String, CodeError> {
    let code = raw.trim();
    let mut chars = code.chars();
    match chars.next() {
        None => Err(CodeError::Empty),
        _ if code.len() > MAX_CODE_LEN => Err(CodeError::TooLong { max: MAX_CODE_LEN }),
        Some(first)
            if first.is_ascii_lowercase()
                && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') =>
        {
            Ok(code.to_owned())
        }
        _ => Err(CodeError::Invalid),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_lower_case_words_joined_by_underscores() {
        let cases = [
            ("taser_x2", Ok("taser_x2")),
            ("  vehicle_pursuit ", Ok("vehicle_pursuit")),
            ("", Err(CodeError::Empty)),
            ("   ", Err(CodeError::Empty)),
            ("Taser", Err(CodeError::Invalid)),
            ("2fa", Err(CodeError::Invalid)),
            ("taser-x2", Err(CodeError::Invalid)),
            ("taser x2", Err(CodeError::Invalid)),
            ("tåser", Err(CodeError::Invalid)),
        ];
        for (raw, expected) in cases {
            assert_eq!(parse_code(raw), expected.map(str::to_owned), "{raw:?}");
        }
        assert_eq!(parse_code(&"a".repeat(64)).map(|c| c.len()), Ok(64));
        assert_eq!(
            parse_code(&"a".repeat(65)),
            Err(CodeError::TooLong { max: 64 })
        );
    }
}
