//! Agencies: the tenants of ConfiTrek.

use crate::free_text::parse_free_text;
use crate::validation::ValidationErrors;

/// The two-letter codes of the states, the District of Columbia and the territories whose
/// POST rules an agency may follow.
pub const STATE_CODES: [&str; 56] = [
    "AK", "AL", "AR", "AS", "AZ", "CA", "CO", "CT", "DC", "DE", "FL", "GA", "GU", "HI", "IA", "ID",
    "IL", "IN", "KS", "KY", "LA", "MA", "MD", "ME", "MI", "MN", "MO", "MP", "MS", "MT", "NC", "ND",
    "NE", "NH", "NJ", "NM", "NV", "NY", "OH", "OK", "OR", "PA", "PR", "RI", "SC", "SD", "TN", "TX",
    "UT", "VA", "VI", "VT", "WA", "WI", "WV", "WY",
];

/// An ORI, the FBI's Originating Agency Identifier: nine characters, letters and digits,
/// upper case (e.g. `MN0270100`) [U-14].
pub fn is_ori(s: &str) -> bool {
    s.len() == 9
        && s.chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
}

/// Optional modules an agency may subscribe to.
pub const MODULES: [&str; 1] = ["uof"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidAgency {
    pub name: String,
    pub state_code: String,
    pub modules: Vec<String>,
}

impl ValidAgency {
    pub fn parse(
        name: &str,
        state_code: &str,
        modules: &[String],
    ) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let name = match parse_free_text(name, 200) {
            Ok(n) if n.is_empty() => {
                errors.push("name", "is required");
                None
            }
            other => errors.collect("name", other),
        };
        let code = state_code.trim().to_ascii_uppercase();
        if !STATE_CODES.contains(&code.as_str()) {
            errors.push(
                "state_code",
                "must be a two-letter US state code such as MN",
            );
        }
        let mut known = Vec::new();
        for (i, module) in modules.iter().enumerate() {
            if MODULES.contains(&module.as_str()) {
                if !known.contains(module) {
                    known.push(module.clone());
                }
            } else {
                errors.push(
                    format!("modules.{i}"),
                    format!("must be one of: {}", MODULES.join(", ")),
                );
            }
        }
        match name {
            Some(name) if errors.is_empty() => Ok(Self {
                name,
                state_code: code,
                modules: known,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn an_ori_is_nine_upper_case_letters_and_digits() {
        assert!(super::is_ori("MN0270100"));
        assert!(!super::is_ori("MN027010"), "eight");
        assert!(!super::is_ori("mn0270100"), "lower case");
        assert!(!super::is_ori("MN-270100"), "a hyphen");
    }
    use super::*;

    #[test]
    fn agencies_name_a_real_state_and_known_modules() {
        let ok = ValidAgency::parse(" Lakeview PD ", "mn", &["uof".into(), "uof".into()]).unwrap();
        assert_eq!(
            (ok.name.as_str(), ok.state_code.as_str(), ok.modules.len()),
            ("Lakeview PD", "MN", 1)
        );
        let err = ValidAgency::parse("", "XX", &["payroll".into()]).unwrap_err();
        let fields: Vec<_> = err.0.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "state_code", "modules.0"]);
    }
}
