//! The reports a state asks of its agencies, as rule-set data (`[[reports]]`): what each is,
//! when it is due and on what authority, and which of the rule set's requirements and topics
//! fill it. A new due date, or a second one when sources disagree (Indiana), is a data
//! change. The shape of each report (its columns) is in `crate::state_reports`.

use std::collections::BTreeSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::{Date, Month};

pub use confitrek_vocabulary::StateReportKind;

/// A report as written in a rule-set file.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Report")]
pub(super) struct ReportFile {
    /// Which report; it must be one of the document's jurisdiction.
    kind: StateReportKind,
    /// What the state calls it.
    title: String,
    /// Source ids (each one of the document's `sources`) that ask for the report.
    citations: Vec<String>,
    /// What is not confirmed about the report as a whole (its layout, its form).
    #[serde(default)]
    unconfirmed: Option<String>,
    /// Plain English about the report.
    #[serde(default)]
    notes: Vec<String>,
    /// When the report for a calendar year is due. None: continuous, filed per session.
    #[serde(default)]
    due: Vec<DueFile>,
    /// The prefix of the ids of the requirements whose hours the report shows, e.g.
    /// `oh.cpt.`: each topic they name gets its own column, their minimums decide
    /// whether an officer is complete.
    #[serde(default)]
    requirements: Option<String>,
    /// More topics shown in their own columns (mandated subjects without a minimum).
    #[serde(default)]
    topics: Vec<String>,
    /// The sources that mandate `topics`.
    #[serde(default)]
    topics_citations: Vec<String>,
    /// Topics or events listed apart and never counted (Ohio's firearms requalification).
    #[serde(default)]
    listed_apart: Vec<String>,
    /// The state's categories a session's hours are credited to, by topic.
    #[serde(default)]
    categories: Vec<CategoryFile>,
}

/// A due date of a calendar year's report.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "ReportDue")]
struct DueFile {
    /// The month, 1 to 12.
    #[schemars(range(min = 1, max = 12))]
    month: u8,
    /// The day of the month.
    #[schemars(range(min = 1, max = 31))]
    day: u8,
    /// Years after the reported year: 1 for "January 31 of the following year".
    #[serde(default = "one")]
    #[schemars(range(min = 0, max = 2))]
    years_after: u8,
    citations: Vec<String>,
    #[serde(default)]
    unconfirmed: Option<String>,
}

fn one() -> u8 {
    1
}

/// A category of the state's, and the topics credited to it.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "ReportCategory")]
struct CategoryFile {
    name: String,
    topics: Vec<String>,
    citations: Vec<String>,
    #[serde(default)]
    unconfirmed: Option<String>,
}

/// A report the state asks for, validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StateReportRule {
    pub kind: StateReportKind,
    pub title: String,
    pub citations: Vec<String>,
    pub unconfirmed: Option<String>,
    pub notes: Vec<String>,
    pub due: Vec<ReportDue>,
    pub requirements: Option<String>,
    pub topics: Vec<String>,
    pub topics_citations: Vec<String>,
    pub listed_apart: Vec<String>,
    pub categories: Vec<ReportCategory>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportDue {
    pub month: Month,
    pub day: u8,
    pub years_after: u8,
    pub citations: Vec<String>,
    pub unconfirmed: Option<String>,
}

impl ReportDue {
    /// The date the report for `year` is due. A February 29 falls on the 28th in other years.
    pub fn for_year(&self, year: i32) -> Option<Date> {
        let year = year.checked_add(i32::from(self.years_after))?;
        Date::from_calendar_date(year, self.month, self.day)
            .or_else(|_| Date::from_calendar_date(year, self.month, self.day.saturating_sub(1)))
            .ok()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportCategory {
    pub name: String,
    pub topics: Vec<String>,
    pub citations: Vec<String>,
    pub unconfirmed: Option<String>,
}

/// What a report may refer to in its document.
pub(super) struct Known<'a> {
    pub jurisdiction: &'a str,
    pub sources: &'a BTreeSet<&'a str>,
    pub topics: &'a BTreeSet<&'a str>,
    pub events: &'a BTreeSet<&'a str>,
}

/// Where validation says what is wrong: `(rule, field, problem)`.
type Problems<'a> = dyn FnMut(Option<&str>, Option<&str>, String) + 'a;

/// Validates the document's reports; problems go to `err(rule, field, problem)` with the
/// report's kind as the rule.
pub(super) fn validate_reports(
    raw: &[ReportFile],
    known: &Known<'_>,
    err: &mut impl FnMut(Option<&str>, Option<&str>, String),
) -> Vec<StateReportRule> {
    let mut seen = BTreeSet::new();
    let mut reports = Vec::new();
    for r in raw {
        let id = Some(r.kind.as_str());
        if !seen.insert(r.kind) {
            err(id, Some("kind"), "the kind is listed twice".into());
        }
        if r.kind.state_code() != known.jurisdiction {
            err(
                id,
                Some("kind"),
                format!(
                    "is a report of {}, not of {}",
                    r.kind.state_code(),
                    known.jurisdiction
                ),
            );
        }
        if r.title.trim().is_empty() {
            err(id, Some("title"), "needs a title".into());
        }
        let cited =
            |err: &mut Problems<'_>, field: &str, citations: &[String], may_be_empty: bool| {
                if citations.is_empty() && !may_be_empty {
                    err(id, Some(field), "has no citation".into());
                }
                for c in citations
                    .iter()
                    .filter(|c| !known.sources.contains(c.as_str()))
                {
                    err(
                        id,
                        Some(field),
                        format!("cites {c}, which is not among the sources"),
                    );
                }
            };
        cited(err, "citations", &r.citations, false);
        cited(
            err,
            "topics_citations",
            &r.topics_citations,
            r.topics.is_empty(),
        );
        let mut due = Vec::new();
        for d in &r.due {
            cited(err, "due.citations", &d.citations, false);
            let month = Month::try_from(d.month).ok();
            let valid = month.and_then(|m| Date::from_calendar_date(2024, m, d.day).ok());
            match (month, valid) {
                (Some(month), Some(_)) => due.push(ReportDue {
                    month,
                    day: d.day,
                    years_after: d.years_after,
                    citations: d.citations.clone(),
                    unconfirmed: d.unconfirmed.clone(),
                }),
                _ => err(
                    id,
                    Some("due.day"),
                    format!("{}/{} is not a date", d.month, d.day),
                ),
            }
        }
        for c in &r.categories {
            cited(err, "categories.citations", &c.citations, false);
        }
        let named = r
            .topics
            .iter()
            .chain(r.categories.iter().flat_map(|c| &c.topics));
        for t in named.filter(|t| !known.topics.contains(t.as_str())) {
            err(
                id,
                Some("topics"),
                format!("names topic {t}, which is not among the topics"),
            );
        }
        for t in r
            .listed_apart
            .iter()
            .filter(|t| !known.topics.contains(t.as_str()) && !known.events.contains(t.as_str()))
        {
            err(
                id,
                Some("listed_apart"),
                format!("names {t}, which is neither a topic nor an event"),
            );
        }
        reports.push(StateReportRule {
            kind: r.kind,
            title: r.title.clone(),
            citations: r.citations.clone(),
            unconfirmed: r.unconfirmed.clone(),
            notes: r.notes.clone(),
            due,
            requirements: r.requirements.clone(),
            topics: r.topics.clone(),
            topics_citations: r.topics_citations.clone(),
            listed_apart: r.listed_apart.clone(),
            categories: r
                .categories
                .iter()
                .map(|c| ReportCategory {
                    name: c.name.clone(),
                    topics: c.topics.clone(),
                    citations: c.citations.clone(),
                    unconfirmed: c.unconfirmed.clone(),
                })
                .collect(),
        });
    }
    reports
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn due(month: Month, day: u8) -> ReportDue {
        ReportDue {
            month,
            day,
            years_after: 1,
            citations: vec![],
            unconfirmed: None,
        }
    }

    #[test]
    fn a_year_is_due_in_the_following_year() {
        assert_eq!(
            due(Month::January, 31).for_year(2026),
            Some(date!(2027 - 01 - 31))
        );
        assert_eq!(
            due(Month::March, 31).for_year(2026),
            Some(date!(2027 - 03 - 31))
        );
    }

    #[test]
    fn february_29_falls_on_the_28th_outside_leap_years() {
        assert_eq!(
            due(Month::February, 29).for_year(2026),
            Some(date!(2027 - 02 - 28))
        );
        assert_eq!(
            due(Month::February, 29).for_year(2027),
            Some(date!(2028 - 02 - 29))
        );
    }
}
