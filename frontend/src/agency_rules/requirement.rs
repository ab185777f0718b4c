//! An agency requirement: the form's fields and the document the API takes (a rule in the
//! form of the rule-set files, see rules/README.md).
//!
//! The form covers what agencies write: hours over topics, an event, or a current
//! credential, per calendar year, fiscal year, rolling months or at all times, for some
//! roles. Anything else a stored document holds (a licence-cycle period, statuses, effective
//! dates, a grace period) is kept as it is when the form saves it.

use confitrek_types::FieldProblem;
use serde_json::{Map, Value, json};

use crate::components::role_flags::in_canonical_order;

/// The fields drawn on the form, named by their path in the document.
pub const FIELDS: &[&str] = &[
    "id",
    "title",
    "citations",
    "measure.kind",
    "measure.topics",
    "measure.minimum_hours",
    "measure.event",
    "measure.credential_type",
    "period.kind",
    "period.months",
    "period.start_month",
    "applies.roles_any",
];

pub const MEASURES: [(&str, &str); 3] = [
    ("hours", "Hours of training"),
    ("event", "An event, such as a qualification"),
    ("credential", "A credential that must be current"),
];

pub const PERIODS: [(&str, &str); 4] = [
    ("calendar_year", "Each calendar year"),
    ("fiscal_year", "Each fiscal year"),
    ("rolling", "Once every so many months (rolling)"),
    ("at_all_times", "At all times"),
];

pub const MONTHS: [(&str, &str); 12] = [
    ("1", "January"),
    ("2", "February"),
    ("3", "March"),
    ("4", "April"),
    ("5", "May"),
    ("6", "June"),
    ("7", "July"),
    ("8", "August"),
    ("9", "September"),
    ("10", "October"),
    ("11", "November"),
    ("12", "December"),
];

/// The form's values as its inputs hold them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RequirementFields {
    /// The requirement's `id` in its document, e.g. `agency.k9_hours`.
    pub code: String,
    pub title: String,
    /// Several citations are separated by semicolons.
    pub citations: String,
    /// A kind of `MEASURES`, or another kind kept as stored.
    pub measure: String,
    pub topics: Vec<String>,
    pub minimum_hours: String,
    pub event: String,
    pub credential_type: String,
    /// A kind of `PERIODS`, or another kind kept as stored.
    pub period: String,
    pub months: String,
    pub start_month: String,
    pub roles_any: Vec<String>,
}

fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

fn texts(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|items| items.iter().map(text).collect())
        .unwrap_or_default()
}

impl RequirementFields {
    /// A new requirement: hours each calendar year, for everyone its profiles reach.
    pub fn blank() -> Self {
        RequirementFields {
            measure: "hours".into(),
            period: "calendar_year".into(),
            months: "12".into(),
            start_month: "1".into(),
            ..Default::default()
        }
    }

    pub fn of(document: &Value) -> Self {
        let measure = &document["measure"];
        let period = &document["period"];
        let mut fields = RequirementFields {
            code: text(&document["id"]),
            title: text(&document["title"]),
            citations: texts(&document["citations"]).join("; "),
            measure: text(&measure["kind"]),
            topics: texts(&measure["topics"]),
            minimum_hours: text(&measure["minimum_hours"]),
            event: text(&measure["event"]),
            credential_type: text(&measure["credential_type"]),
            period: text(&period["kind"]),
            months: text(&period["months"]),
            start_month: text(&period["start_month"]),
            roles_any: texts(&document["applies"]["roles_any"]),
        };
        let blank = Self::blank();
        if fields.months.is_empty() {
            fields.months = blank.months;
        }
        if fields.start_month.is_empty() {
            fields.start_month = blank.start_month;
        }
        fields
    }

    /// The document to send. It starts from the stored one (`original`) so that what the form
    /// does not show is kept. What cannot even be sent (hours that are not a number) is
    /// reported here, in the server's shape; everything else is the server's to judge.
    pub fn to_document(&self, original: Option<&Value>) -> Result<Value, Vec<FieldProblem>> {
        let mut errors = Vec::new();
        let mut fail = |field: &str, message: &str| {
            errors.push(FieldProblem {
                field: field.into(),
                message: message.into(),
            })
        };
        let kept = |key: &str| original.map(|o| &o[key]).filter(|v| v.is_object()).cloned();
        let measure = match self.measure.as_str() {
            "hours" => match self.minimum_hours.trim() {
                "" => {
                    fail("measure.minimum_hours", "is required");
                    None
                }
                hours => match hours.parse::<f64>() {
                    Ok(hours) if hours.is_finite() => Some(json!({
                        "kind": "hours",
                        "topics": self.topics,
                        "minimum_hours": hours,
                    })),
                    _ => {
                        fail(
                            "measure.minimum_hours",
                            "must be a number of hours, e.g. 16 or 4.5",
                        );
                        None
                    }
                },
            },
            "event" if self.event.is_empty() => {
                fail("measure.event", "is required: choose one");
                None
            }
            "event" => Some(json!({ "kind": "event", "event": self.event })),
            "credential" => match self.credential_type.trim() {
                "" => {
                    fail("measure.credential_type", "is required");
                    None
                }
                credential => Some(json!({ "kind": "credential", "credential_type": credential })),
            },
            _ => {
                let stored = kept("measure");
                if stored.is_none() {
                    fail("measure.kind", "is required: choose one");
                }
                stored
            }
        };
        let period = match self.period.as_str() {
            "calendar_year" | "at_all_times" => Some(json!({ "kind": self.period })),
            "fiscal_year" => match self.start_month.trim().parse::<u8>() {
                Ok(month) => Some(json!({ "kind": "fiscal_year", "start_month": month })),
                Err(_) => {
                    fail("period.start_month", "is required: choose a month");
                    None
                }
            },
            "rolling" => match self.months.trim() {
                "" => {
                    fail("period.months", "is required");
                    None
                }
                months => match months.parse::<u16>() {
                    Ok(months) => Some(json!({ "kind": "rolling", "months": months })),
                    Err(_) => {
                        fail("period.months", "must be a whole number of months, e.g. 12");
                        None
                    }
                },
            },
            _ => {
                let stored = kept("period");
                if stored.is_none() {
                    fail("period.kind", "is required: choose one");
                }
                stored
            }
        };
        let (Some(measure), Some(period)) = (measure, period) else {
            return Err(errors);
        };
        let mut document = original
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_else(Map::new);
        let mut applies = document
            .get("applies")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_else(Map::new);
        applies.insert(
            "roles_any".into(),
            json!(in_canonical_order(self.roles_any.clone())),
        );
        let citations: Vec<&str> = self
            .citations
            .split([';', '\n'])
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .collect();
        document.insert("id".into(), json!(self.code.trim()));
        document.insert("title".into(), json!(self.title.trim()));
        document.insert("citations".into(), json!(citations));
        document.insert("applies".into(), Value::Object(applies));
        document.insert("period".into(), period);
        document.insert("measure".into(), measure);
        Ok(Value::Object(document))
    }
}

#[cfg(test)]
#[path = "requirement_tests.rs"]
mod tests;
