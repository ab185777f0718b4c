//! An agency's own requirement as the training office writes it: a rule in the form of a
//! state rule, under a code of the agency's choosing that cannot be mistaken for a state
//! rule's or a policy's, measured by a credential type the agency has.

use super::rules::{Measure, Requirement};
use super::ruleset::{RuleSet, agency_requirement};
use crate::policies::REQUIREMENT_PREFIX;
use crate::validation::ValidationErrors;

/// The longest code of an agency's requirement.
pub const CODE_MAX: usize = 100;

/// Checks a requirement document against the state's rules in force (`state_rules`) and the
/// agency's credential types; the requirement and its code.
pub fn own_requirement(
    document: serde_json::Value,
    state_rules: Option<&RuleSet>,
    credential_types: &[String],
) -> Result<(Requirement, String), ValidationErrors> {
    let requirement = agency_requirement(document, state_rules).map_err(|errors| {
        let mut named = ValidationErrors::default();
        for e in errors {
            named.push(e.field.unwrap_or_else(|| "body".into()), e.problem);
        }
        named
    })?;
    let code = requirement.id.trim().to_owned();
    let mut errors = ValidationErrors::default();
    if code.len() > CODE_MAX {
        errors.push("id", "must be at most 100 characters");
    } else if state_rules.is_some_and(|r| r.requirements.iter().any(|s| s.id == code)) {
        // Reports are keyed by the code: an agency's cannot shadow a state rule.
        errors.push(
            "id",
            "is the id of a state rule; choose another, e.g. agency.taser",
        );
    } else if code.starts_with(REQUIREMENT_PREFIX) {
        errors.push(
            "id",
            format!(
                "must not start with {REQUIREMENT_PREFIX}, which names the agency's policies; choose another, e.g. agency.taser"
            ),
        );
    } else if let Measure::Credential { credential_type } = &requirement.measure
        && !credential_types.contains(credential_type)
    {
        let message = if credential_types.is_empty() {
            "is not a credential type of the agency (it has none yet: add the credential type first)".to_owned()
        } else {
            format!(
                "is not a credential type of the agency; one of: {}",
                credential_types.join(", ")
            )
        };
        errors.push("measure.credential_type", message);
    }
    errors.into_result()?;
    Ok((requirement, code))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state_rules() -> RuleSet {
        RuleSet::from_toml("mn.toml", include_str!("../../../../rules/mn.toml")).unwrap()
    }

    fn hours(id: &str) -> serde_json::Value {
        serde_json::json!({
            "id": id,
            "title": "Firearms qualification",
            "citations": ["Lakeview Policy 300.4"],
            "period": { "kind": "rolling", "months": 12 },
            "measure": { "kind": "hours", "minimum_hours": 4 }
        })
    }

    fn credential(id: &str, credential_type: &str) -> serde_json::Value {
        let mut doc = hours(id);
        doc["measure"] =
            serde_json::json!({"kind": "credential", "credential_type": credential_type});
        doc
    }

    fn field(result: Result<(Requirement, String), ValidationErrors>) -> String {
        result
            .err()
            .map(|e| e.0[0].field.clone())
            .unwrap_or_default()
    }

    #[test]
    fn an_agency_code_stands_apart_from_state_rules_and_policies() {
        let rules = state_rules();
        let state_id = rules.requirements[0].id.clone();
        let ok = own_requirement(hours(" agency.firearms "), Some(&rules), &[]);
        assert_eq!(ok.map(|(_, code)| code), Ok("agency.firearms".into()));
        assert_eq!(
            field(own_requirement(hours(&state_id), Some(&rules), &[])),
            "id"
        );
        assert_eq!(
            field(own_requirement(hours("policy.ucr"), Some(&rules), &[])),
            "id"
        );
        let long = format!("agency.{}", "x".repeat(CODE_MAX));
        assert_eq!(
            field(own_requirement(hours(&long), Some(&rules), &[])),
            "id"
        );
    }

    #[test]
    fn a_credential_requirement_names_one_of_the_agency_s_types() {
        let types = ["taser".to_owned()];
        assert!(own_requirement(credential("agency.taser", "taser"), None, &types).is_ok());
        let unknown = own_requirement(credential("agency.k9", "k9"), None, &types);
        assert_eq!(field(unknown), "measure.credential_type");
        let none = own_requirement(credential("agency.k9", "k9"), None, &[]);
        assert!(none.unwrap_err().0[0].message.contains("has none yet"));
    }
}
