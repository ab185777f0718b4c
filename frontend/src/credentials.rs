//! Credential types and credentials: the forms' fields, the requests they make, and the
//! words the lists use.

use confitrek_types::{
    AwardCredentialInput, CredentialSource, CredentialStanding, CredentialTypeDto,
    CredentialTypeInput, FieldProblem, RenewalDto,
};
use uuid::Uuid;

use crate::format::{optional, parse_date_input};

/// The fields drawn on the credential type form, named as the API names them.
pub const TYPE_FIELDS: &[&str] = &[
    "code",
    "name",
    "validity_months",
    "renewed_by.course_ids",
    "renewed_by.events",
];

/// The fields drawn on the award form.
pub const AWARD_FIELDS: &[&str] = &["credential_type_id", "issued_on", "expires_on", "note"];

#[derive(Debug, Clone, PartialEq, Default)]
pub struct CredentialTypeFields {
    pub code: String,
    pub name: String,
    /// Blank: never expires.
    pub validity_months: String,
    /// Course ids, as the checkboxes hold them.
    pub course_ids: Vec<String>,
    pub events: Vec<String>,
}

fn problem(field: &str, message: &str) -> FieldProblem {
    FieldProblem {
        field: field.into(),
        message: message.into(),
    }
}

impl CredentialTypeFields {
    pub fn of(kind: &CredentialTypeDto) -> Self {
        CredentialTypeFields {
            code: kind.code.clone(),
            name: kind.name.clone(),
            validity_months: kind
                .validity_months
                .map(|m| m.to_string())
                .unwrap_or_default(),
            course_ids: kind
                .renewed_by
                .course_ids
                .iter()
                .map(Uuid::to_string)
                .collect(),
            events: kind.renewed_by.events.clone(),
        }
    }

    /// What cannot even be sent is reported here, in the server's shape.
    pub fn to_input(&self) -> Result<CredentialTypeInput, Vec<FieldProblem>> {
        let mut errors = Vec::new();
        let validity_months = match self.validity_months.trim() {
            "" => None,
            text => match text.parse::<i64>() {
                Ok(months) => Some(months),
                Err(_) => {
                    errors.push(problem(
                        "validity_months",
                        "must be a whole number of months, or blank for a credential that never expires",
                    ));
                    None
                }
            },
        };
        let course_ids = self
            .course_ids
            .iter()
            .filter_map(|id| Uuid::parse_str(id).ok())
            .collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(CredentialTypeInput {
            code: self.code.trim().to_owned(),
            name: self.name.trim().to_owned(),
            validity_months,
            renewed_by: RenewalDto {
                course_ids,
                events: self.events.clone(),
            },
        })
    }
}

/// "12 months (1 year)", "Never expires".
pub fn validity_text(months: Option<u16>) -> String {
    match months {
        None => "Never expires".into(),
        Some(1) => "1 month".into(),
        Some(m) if m % 12 == 0 && m / 12 == 1 => format!("{m} months (1 year)"),
        Some(m) if m % 12 == 0 => format!("{m} months ({} years)", m / 12),
        Some(m) => format!("{m} months"),
    }
}

/// What earns or renews a credential, in words; `course` names a course id when known.
pub fn renewal_text(renewal: &RenewalDto, course: impl Fn(Uuid) -> Option<String>) -> String {
    let mut parts: Vec<String> = renewal
        .course_ids
        .iter()
        .map(|id| course(*id).unwrap_or_else(|| "a course no longer in the catalog".into()))
        .collect();
    parts.extend(renewal.events.iter().map(|e| e.replace('_', " ")));
    if parts.is_empty() {
        "Awarded only".into()
    } else {
        parts.join("; ")
    }
}

pub fn standing_label(standing: CredentialStanding) -> &'static str {
    match standing {
        CredentialStanding::NotYetValid => "Not yet valid",
        CredentialStanding::Current => "Current",
        CredentialStanding::ExpiringSoon => "Expiring soon",
        CredentialStanding::Expired => "Expired",
    }
}

pub fn standing_class(standing: CredentialStanding) -> &'static str {
    match standing {
        CredentialStanding::NotYetValid => "badge neutral",
        CredentialStanding::Current => "badge good",
        CredentialStanding::ExpiringSoon => "badge warn",
        CredentialStanding::Expired => "badge bad",
    }
}

pub fn source_label(source: CredentialSource) -> &'static str {
    match source {
        CredentialSource::Awarded => "Awarded",
        CredentialSource::Training => "Earned through training",
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct AwardFields {
    pub credential_type_id: String,
    pub issued_on: String,
    /// Blank: from the type's validity.
    pub expires_on: String,
    pub note: String,
}

impl AwardFields {
    pub fn to_input(&self, person_id: Uuid) -> Result<AwardCredentialInput, Vec<FieldProblem>> {
        let mut errors = Vec::new();
        let credential_type_id = Uuid::parse_str(&self.credential_type_id).ok();
        if credential_type_id.is_none() {
            errors.push(problem("credential_type_id", "choose a credential type"));
        }
        let issued_on = match parse_date_input(&self.issued_on) {
            Ok(Some(day)) => Some(day),
            Ok(None) => {
                errors.push(problem("issued_on", "is required"));
                None
            }
            Err(message) => {
                errors.push(problem("issued_on", &message));
                None
            }
        };
        let expires_on = parse_date_input(&self.expires_on).unwrap_or_else(|message| {
            errors.push(problem("expires_on", &message));
            None
        });
        match (credential_type_id, issued_on) {
            (Some(credential_type_id), Some(issued_on)) if errors.is_empty() => {
                Ok(AwardCredentialInput {
                    person_id,
                    credential_type_id,
                    issued_on,
                    expires_on,
                    note: optional(&self.note),
                })
            }
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn fields(errors: Vec<FieldProblem>) -> Vec<String> {
        errors.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_credential_type_becomes_the_request_and_back() {
        let course = Uuid::from_u128(7);
        let form = CredentialTypeFields {
            code: " taser_x2 ".into(),
            name: " TASER X2 user ".into(),
            validity_months: " 12 ".into(),
            course_ids: vec![course.to_string()],
            events: vec!["firearms_qualification".into()],
        };
        let input = form.to_input().unwrap();
        assert_eq!(input.code, "taser_x2");
        assert_eq!(input.name, "TASER X2 user");
        assert_eq!(input.validity_months, Some(12));
        assert_eq!(input.renewed_by.course_ids, [course]);
        let stored = CredentialTypeDto {
            id: Uuid::nil(),
            code: input.code.clone(),
            name: input.name.clone(),
            validity_months: Some(12),
            renewed_by: input.renewed_by.clone(),
        };
        assert_eq!(CredentialTypeFields::of(&stored).to_input().unwrap(), input);

        let never = CredentialTypeFields {
            validity_months: "  ".into(),
            ..form.clone()
        };
        assert_eq!(never.to_input().unwrap().validity_months, None);
        let words = CredentialTypeFields {
            validity_months: "a year".into(),
            ..form
        };
        assert_eq!(fields(words.to_input().unwrap_err()), ["validity_months"]);
    }

    #[test]
    fn validity_and_renewal_read_as_words() {
        assert_eq!(validity_text(None), "Never expires");
        assert_eq!(validity_text(Some(1)), "1 month");
        assert_eq!(validity_text(Some(12)), "12 months (1 year)");
        assert_eq!(validity_text(Some(36)), "36 months (3 years)");
        assert_eq!(validity_text(Some(18)), "18 months");
        let course = Uuid::from_u128(7);
        let renewal = RenewalDto {
            course_ids: vec![course, Uuid::from_u128(8)],
            events: vec!["firearms_qualification".into()],
        };
        let named = |id: Uuid| (id == course).then(|| "TASER recertification".to_owned());
        assert_eq!(
            renewal_text(&renewal, named),
            "TASER recertification; a course no longer in the catalog; firearms qualification"
        );
        assert_eq!(renewal_text(&RenewalDto::default(), named), "Awarded only");
    }

    #[test]
    fn an_award_needs_a_type_and_an_issue_date_and_may_leave_the_expiry_to_the_type() {
        let person = Uuid::from_u128(1);
        let kind = Uuid::from_u128(2);
        let form = AwardFields {
            credential_type_id: kind.to_string(),
            issued_on: "2026-03-15".into(),
            expires_on: String::new(),
            note: "  ".into(),
        };
        let input = form.to_input(person).unwrap();
        assert_eq!(input.issued_on, date!(2026 - 03 - 15));
        assert_eq!(input.expires_on, None);
        assert_eq!(input.note, None);
        assert_eq!(input.person_id, person);
        let bad = AwardFields {
            credential_type_id: String::new(),
            issued_on: String::new(),
            expires_on: "next year".into(),
            note: String::new(),
        };
        assert_eq!(
            fields(bad.to_input(person).unwrap_err()),
            ["credential_type_id", "issued_on", "expires_on"]
        );
    }

    #[test]
    fn every_standing_has_words_and_a_colour() {
        for standing in [
            CredentialStanding::NotYetValid,
            CredentialStanding::Current,
            CredentialStanding::ExpiringSoon,
            CredentialStanding::Expired,
        ] {
            assert!(!standing_label(standing).is_empty());
            assert!(standing_class(standing).starts_with("badge "));
        }
        assert_eq!(
            source_label(CredentialSource::Training),
            "Earned through training"
        );
    }
}
