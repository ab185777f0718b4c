//! The per-session reports (Oregon's F-6 roster, a Minnesota sponsor's Affidavit of
//! Attendance): the session's course and days on every line, then one line per attendee with
//! the hours (credits) his or her record of the session carries.

use std::collections::{BTreeMap, BTreeSet};

use time::Date;
use uuid::Uuid;

use super::layout::layout;
use super::snapshot::{Fact, Row, Snapshot};
use super::{StateReportKind, hours};
use crate::compliance::RuleSet;
use crate::compliance::ruleset_reports::StateReportRule;

/// The session, with its course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionFacts {
    pub id: Uuid,
    pub course_title: String,
    pub course_number: Option<String>,
    pub starts_on: Date,
    pub ends_on: Date,
    /// The course's hours by topic.
    pub course_minutes_by_topic: BTreeMap<String, u32>,
    pub instructor: Option<String>,
}

impl SessionFacts {
    pub fn days(&self) -> String {
        if self.starts_on == self.ends_on {
            self.starts_on.to_string()
        } else {
            format!("{} to {}", self.starts_on, self.ends_on)
        }
    }
}

/// A person who attended, with the hours by topic his or her record of the session carries
/// (none when attendance was taken without a record).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendee {
    pub id: Uuid,
    pub first_name: String,
    pub last_name: String,
    pub badge: String,
    pub licence_number: Option<String>,
    pub minutes_by_topic: BTreeMap<String, u32>,
}

pub struct SessionInput<'a> {
    pub report: &'a StateReportRule,
    /// The version of the state's rules in force on the session's first day.
    pub rules: &'a RuleSet,
    pub agency: &'a str,
    pub as_of: Date,
    pub session: &'a SessionFacts,
    pub attendees: &'a [Attendee],
}

fn creditable_minutes(rules: &RuleSet, by_topic: &BTreeMap<String, u32>) -> u32 {
    let creditable: BTreeSet<&str> = rules
        .topics
        .iter()
        .filter(|t| t.creditable)
        .map(|t| t.code.as_str())
        .collect();
    by_topic
        .iter()
        .filter(|(t, _)| creditable.contains(t.as_str()))
        .map(|(_, m)| m)
        .sum()
}

/// "Annual firearms / use of force 4.0; General law enforcement 4.0": the report's categories
/// with hours in them, in the report's order; creditable hours of no category last as
/// "Other".
fn categories(
    report: &StateReportRule,
    rules: &RuleSet,
    by_topic: &BTreeMap<String, u32>,
) -> String {
    let mut parts = Vec::new();
    let mut placed: BTreeSet<&str> = BTreeSet::new();
    for c in &report.categories {
        let minutes: u32 = c
            .topics
            .iter()
            .map(|t| by_topic.get(t).copied().unwrap_or(0))
            .sum();
        placed.extend(c.topics.iter().map(String::as_str));
        if minutes > 0 {
            parts.push(format!("{} {}", c.name, hours(u64::from(minutes))));
        }
    }
    let rest: BTreeMap<String, u32> = by_topic
        .iter()
        .filter(|(t, _)| !placed.contains(t.as_str()))
        .map(|(t, m)| (t.clone(), *m))
        .collect();
    let other = creditable_minutes(rules, &rest);
    if other > 0 {
        parts.push(format!("Other {}", hours(u64::from(other))));
    }
    parts.join("; ")
}

/// Prepares a per-session report.
pub fn session(input: &SessionInput<'_>) -> Snapshot {
    let SessionInput {
        report,
        rules,
        session,
        ..
    } = *input;
    let columns = layout(report.kind, &[], &[]);
    let course_minutes = creditable_minutes(rules, &session.course_minutes_by_topic);
    let mut attendees: Vec<&Attendee> = input.attendees.iter().collect();
    attendees.sort_by(|a, b| {
        (&a.last_name, &a.first_name, &a.badge).cmp(&(&b.last_name, &b.first_name, &b.badge))
    });
    let rows = attendees
        .into_iter()
        .map(|a| {
            let earned = creditable_minutes(rules, &a.minutes_by_topic);
            let value = |key: &str| -> String {
                match key {
                    "course_title" => session.course_title.clone(),
                    "course_number" | "post_course_number" => {
                        session.course_number.clone().unwrap_or_default()
                    }
                    "sponsor" => input.agency.to_owned(),
                    "session_start" => session.starts_on.to_string(),
                    "session_end" => session.ends_on.to_string(),
                    "session_hours" | "course_credits" => hours(u64::from(course_minutes)),
                    "instructor" => session.instructor.clone().unwrap_or_default(),
                    "last_name" => a.last_name.clone(),
                    "first_name" => a.first_name.clone(),
                    "dpsst_number" | "post_licence_number" => {
                        a.licence_number.clone().unwrap_or_default()
                    }
                    "hours_credited" | "credits_earned" => hours(u64::from(earned)),
                    "maintenance_category" => categories(report, rules, &a.minutes_by_topic),
                    // The learning assessment is not recorded: left empty, as its header says.
                    _ => String::new(),
                }
            };
            Row {
                key: a.id.to_string(),
                label: format!("Officer {}", a.badge),
                cells: columns.iter().map(|c| value(&c.key)).collect(),
            }
        })
        .collect();
    let period_label = format!("{}, {}", session.course_title, session.days());
    let facts = vec![
        Fact::plain("Agency", input.agency.to_owned()),
        Fact {
            label: "Report".into(),
            value: report.title.clone(),
            citations: report.citations.clone(),
            unconfirmed: report.unconfirmed.clone(),
        },
        Fact::plain("Session", period_label.clone()),
        Fact {
            label: "Due".into(),
            value: match report.kind {
                StateReportKind::OrF6Roster => "No due date: filed as training happens".into(),
                _ => "No due date found".into(),
            },
            citations: report.citations.clone(),
            unconfirmed: (report.kind != StateReportKind::OrF6Roster)
                .then(|| "No due date for the affidavit is in the reference.".to_owned()),
        },
        Fact::plain(
            "Rule set",
            format!(
                "{} version {} (in force from {})",
                rules.jurisdiction, rules.version, rules.effective_from
            ),
        ),
        Fact::plain("Data as of", input.as_of.to_string()),
    ];
    Snapshot {
        kind: report.kind,
        title: report.title.clone(),
        period: session.id.to_string(),
        period_label,
        facts,
        notes: report.notes.clone(),
        columns,
        rows,
    }
}
