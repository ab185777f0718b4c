//! A waiver as the training office asks for it: which requirement, what it does, why and on
//! whose approval. Whether the requirement and period are the person's own is judged with
//! the person's rules (see `is_period_end`).

use super::inputs::WaiverEffect;
use crate::free_text::parse_free_text;
use crate::validation::ValidationErrors;

/// The longest requirement id a waiver names.
pub const REQUIREMENT_ID_MAX: usize = 100;

/// A waiver's terms, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaiverTerms {
    pub requirement_id: String,
    pub effect: WaiverEffect,
    pub reason: String,
    pub approved_by: String,
}

impl WaiverTerms {
    /// Checks the terms and names every field that is wrong. `effect` is `None` for a
    /// reduction whose hours are not a number from 0 to 100,000.
    pub fn parse(
        requirement_id: &str,
        effect: Option<WaiverEffect>,
        reason: &str,
        approved_by: &str,
    ) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let reason = errors.collect("reason", parse_free_text(reason, 500));
        let approved_by = errors.collect("approved_by", parse_free_text(approved_by, 200));
        if effect.is_none() {
            errors.push("effect.hours", "must be a number of hours from 0 to 100000");
        }
        for (field, value) in [("reason", &reason), ("approved_by", &approved_by)] {
            if value.as_ref().is_some_and(String::is_empty) {
                errors.push(field, "is required");
            }
        }
        let requirement_id = requirement_id.trim();
        if requirement_id.is_empty() || requirement_id.len() > REQUIREMENT_ID_MAX {
            errors.push("requirement_id", "is required (at most 100 characters)");
        }
        match effect {
            Some(WaiverEffect::ExtendDays { days: 0 }) => {
                errors.push("effect.days", "must be at least 1")
            }
            Some(WaiverEffect::ReduceBy { minutes }) if minutes.0 == 0 => {
                errors.push("effect.hours", "must be more than 0")
            }
            _ => {}
        }
        match (reason, approved_by, effect) {
            (Some(reason), Some(approved_by), Some(effect)) if errors.is_empty() => Ok(Self {
                requirement_id: requirement_id.to_owned(),
                effect,
                reason,
                approved_by,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compliance::Minutes;

    fn fields(result: Result<WaiverTerms, ValidationErrors>) -> Vec<String> {
        result
            .err()
            .map(|e| e.0.into_iter().map(|e| e.field).collect())
            .unwrap_or_default()
    }

    #[test]
    fn a_waiver_names_its_requirement_reason_and_approver() {
        let ok = WaiverTerms::parse(
            " mn.ce.total ",
            Some(WaiverEffect::Exempt),
            " Leave ",
            "Chief",
        )
        .unwrap();
        assert_eq!(
            (ok.requirement_id.as_str(), ok.reason.as_str()),
            ("mn.ce.total", "Leave")
        );
        let blank = WaiverTerms::parse(" ", Some(WaiverEffect::Exempt), "", " ");
        assert_eq!(fields(blank), ["reason", "approved_by", "requirement_id"]);
        let long = "r".repeat(REQUIREMENT_ID_MAX + 1);
        let long = WaiverTerms::parse(&long, Some(WaiverEffect::Exempt), "Leave", "Chief");
        assert_eq!(fields(long), ["requirement_id"]);
    }

    #[test]
    fn an_effect_that_changes_nothing_is_refused() {
        let cases = [
            (
                Some(WaiverEffect::ExtendDays { days: 0 }),
                vec!["effect.days"],
            ),
            (Some(WaiverEffect::ExtendDays { days: 1 }), vec![]),
            (
                Some(WaiverEffect::ReduceBy {
                    minutes: Minutes(0),
                }),
                vec!["effect.hours"],
            ),
            (
                Some(WaiverEffect::ReduceBy {
                    minutes: Minutes(1),
                }),
                vec![],
            ),
            (None, vec!["effect.hours"]),
        ];
        for (effect, expected) in cases {
            let parsed = WaiverTerms::parse("mn.ce.total", effect, "Leave", "Chief");
            assert_eq!(fields(parsed), expected, "{effect:?}");
        }
    }
}
