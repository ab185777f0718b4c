//! Publishing a new version of a state's rules: the document must validate, name the state
//! of the path and come after every version already published, so nothing is overwritten.

use super::ruleset::{RuleSet, RuleSetError};
use crate::validation::ValidationErrors;

/// A rule-set document checked for publication as the next version of `jurisdiction`,
/// whose latest version so far is `latest` (0 for none).
pub fn publishable(
    document: serde_json::Value,
    jurisdiction: &str,
    latest: u32,
) -> Result<RuleSet, ValidationErrors> {
    let set = RuleSet::from_json("body", document).map_err(named)?;
    let mut errors = ValidationErrors::default();
    if set.jurisdiction != jurisdiction {
        errors.push(
            "jurisdiction",
            format!("must be {jurisdiction}, as in the path"),
        );
    } else if set.version <= latest {
        errors.push(
            "version",
            format!("must be higher than the latest version, {latest}"),
        );
    } else if i32::try_from(set.version).is_err() {
        errors.push("version", "is too large");
    }
    errors.into_result()?;
    Ok(set)
}

/// The errors of a document, each named by the rule and field at fault.
fn named(errors: Vec<RuleSetError>) -> ValidationErrors {
    let mut named = ValidationErrors::default();
    for e in errors {
        let field = match (e.rule, e.field) {
            (Some(rule), Some(field)) => format!("requirements.{rule}.{field}"),
            (Some(rule), None) => format!("requirements.{rule}"),
            (None, Some(field)) => field,
            (None, None) => "body".into(),
        };
        named.push(field, e.problem);
    }
    named
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Minnesota's rules as published, under another state or version number.
    fn document(jurisdiction: &str, version: u32) -> serde_json::Value {
        let text = include_str!("../../../../rules/mn.toml");
        let mut doc: serde_json::Value = toml::from_str(text).unwrap();
        doc["jurisdiction"] = jurisdiction.into();
        doc["version"] = version.into();
        doc
    }

    fn fields(result: Result<RuleSet, ValidationErrors>) -> Vec<String> {
        result
            .err()
            .map(|e| e.0.into_iter().map(|e| e.field).collect())
            .unwrap_or_default()
    }

    #[test]
    fn a_version_is_published_only_after_the_latest() {
        assert!(
            publishable(document("MN", 3), "MN", 2).is_ok(),
            "the next one"
        );
        assert_eq!(
            fields(publishable(document("MN", 2), "MN", 2)),
            ["version"],
            "the same"
        );
        assert_eq!(
            fields(publishable(document("MN", 1), "MN", 2)),
            ["version"],
            "an older one"
        );
        assert!(
            publishable(document("MN", 1), "MN", 0).is_ok(),
            "the first one"
        );
    }

    #[test]
    fn a_version_names_the_state_of_the_path() {
        assert_eq!(
            fields(publishable(document("MN", 3), "OH", 0)),
            ["jurisdiction"]
        );
    }

    #[test]
    fn a_version_too_large_to_store_is_refused() {
        assert_eq!(
            fields(publishable(document("MN", u32::MAX), "MN", 2)),
            ["version"]
        );
    }

    #[test]
    fn a_document_that_does_not_parse_names_the_field() {
        let mut doc = document("MN", 3);
        doc["effective_from"] = serde_json::json!("July");
        assert_eq!(fields(publishable(doc, "MN", 2)), ["effective_from"]);
    }
}
