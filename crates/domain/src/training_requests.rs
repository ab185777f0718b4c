//! Training requests: a person asks to attend a course or one of its sessions; the training
//! office, or the person's supervisor, approves or denies with a comment; approval of a
//! session enrolls the person on its roster.

use crate::free_text::parse_free_text;
use crate::permissions::{Action, Role, may};
use crate::validation::ValidationErrors;

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

/// Whether the caller may decide a request of someone he or she sees: the training office
/// for anyone, a supervisor for the people of his or her unit, never for oneself.
pub fn may_decide(role: Role, own_request: bool) -> bool {
    !own_request && (may(role, Action::ManageTraining) || role == Role::Supervisor)
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
    fn who_decides() {
        assert!(may_decide(Role::Coordinator, false));
        assert!(may_decide(Role::AgencyAdmin, false));
        assert!(may_decide(Role::Supervisor, false));
        assert!(!may_decide(Role::Officer, false));
        assert!(!may_decide(Role::Supervisor, true), "not one's own request");
        assert!(!may_decide(Role::Coordinator, true));
        assert!(!may_decide(Role::PlatformOperator, false));
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
