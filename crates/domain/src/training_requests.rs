//! Training requests: a person asks to attend a course or one of its sessions; the training
//! office, or the person's supervisor, approves or denies with a comment; approval of a
//! session enrolls the person on its roster.

use crate::free_text::parse_free_text;
use crate::validation::ValidationErrors;
use uuid::Uuid;

/// Longest note or decision comment.
pub const MAX_NOTE: usize = 1000;

pub use confitrek_vocabulary::TrainingRequestStatus;

/// The decision on a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Approve,
    Deny,
}

/// A person's note to a request, or a decision's comment: optional free text, no
/// identifiers. A denial must say why.
pub fn parse_note(
    field: &str,
    raw: Option<&str>,
    required: bool,
) -> Result<Option<String>, ValidationErrors> {
    let text = match raw.map(|r| parse_free_text(r, MAX_NOTE)) {
        Some(Ok(text)) => text,
        Some(Err(e)) => return Err(ValidationErrors::single(field, e.to_string())),
        None => String::new(),
    };
    if text.is_empty() {
        return if required {
            Err(ValidationErrors::single(
                field,
                "is required: say why the request is denied",
            ))
        } else {
            Ok(None)
        };
    }
    Ok(Some(text))
}

/// The course a request is for: the course named, or the course of the session named; a
/// session of another course than the one named is refused.
pub fn course_asked(
    course: Option<Uuid>,
    course_of_session: Option<Uuid>,
) -> Result<Uuid, ValidationErrors> {
    let mut errors = ValidationErrors::default();
    match (course, course_of_session) {
        (Some(course), Some(of_session)) if of_session != course => errors.push(
            "session_id",
            "is a session of another course than course_id",
        ),
        (_, Some(of_session)) => return Ok(of_session),
        (Some(course), None) => return Ok(course),
        (None, None) => errors.push("course_id", "is required: the course, or a session of it"),
    }
    Err(errors)
}

/// A decision is taken once, on a pending request.
pub fn may_change(status: TrainingRequestStatus) -> bool {
    status == TrainingRequestStatus::Pending
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_optional_free_text_without_identifiers_and_a_denial_says_why() {
        assert_eq!(parse_note("note", None, false), Ok(None));
        assert_eq!(parse_note("note", Some("  "), false), Ok(None));
        assert_eq!(
            parse_note("note", Some(" Needed for CIT team "), false),
            Ok(Some("Needed for CIT team".into()))
        );
        let ssn = parse_note("note", Some("my SSN is 123-45-6789"), false).unwrap_err();
        assert_eq!(ssn.0[0].field, "note");
        let unexplained = parse_note("comment", Some(""), true).unwrap_err();
        assert_eq!(unexplained.0[0].field, "comment");
        assert!(parse_note("note", Some(&"x".repeat(MAX_NOTE + 1)), false).is_err());
    }

    #[test]
    fn a_request_is_for_the_course_named_or_the_course_of_its_session() {
        let (course, other) = (Uuid::from_u128(1), Uuid::from_u128(2));
        assert_eq!(course_asked(Some(course), None), Ok(course));
        assert_eq!(
            course_asked(None, Some(course)),
            Ok(course),
            "the session's"
        );
        assert_eq!(course_asked(Some(course), Some(course)), Ok(course));
        let field = |r: Result<Uuid, ValidationErrors>| r.unwrap_err().0[0].field.clone();
        assert_eq!(field(course_asked(Some(course), Some(other))), "session_id");
        assert_eq!(field(course_asked(None, None)), "course_id");
    }

    #[test]
    fn a_decision_is_taken_once() {
        assert!(may_change(TrainingRequestStatus::Pending));
        for done in [
            TrainingRequestStatus::Approved,
            TrainingRequestStatus::Denied,
            TrainingRequestStatus::Withdrawn,
        ] {
            assert!(!may_change(done));
            assert_eq!(TrainingRequestStatus::parse(done.as_str()), Some(done));
        }
    }
}
