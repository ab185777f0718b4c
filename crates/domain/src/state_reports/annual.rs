//! The calendar-year reports (Ohio's CPT roster, Indiana's in-service report): one row per
//! officer on the roster that year, with hours completed in the year per mandated topic,
//! the rest, the total, and whether every minimum of the year is met.
//!
//! The year's minimums are the rule set's calendar-year requirements whose ids start with
//! the report's `requirements` prefix and that are in effect that year. Hours count when
//! they are hours of the state's creditable topics in records the agency counts (the
//! caller passes only those records); hours under the agency's own topics are not the
//! state's and are left out.

use std::collections::{BTreeMap, BTreeSet};

use time::{Date, Month};
use uuid::Uuid;

use super::layout::{layout, topic_column};
use super::snapshot::{Column, Fact, Row, Snapshot};
use super::{StateReportKind, due, hours};
use crate::compliance::ruleset_reports::StateReportRule;
use crate::compliance::{Measure, PeriodRule, Requirement, RuleSet};
use crate::people::{PersonKind, PersonStatus};

/// Hours and events of one training record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordHours {
    pub completed_on: Date,
    pub minutes_by_topic: BTreeMap<String, u32>,
    pub events: Vec<String>,
}

/// An officer, with the records of his or hers that the agency counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Officer {
    pub id: Uuid,
    pub kind: PersonKind,
    pub first_name: String,
    pub last_name: String,
    pub badge: String,
    pub licence_number: Option<String>,
    pub role_flags: Vec<String>,
    pub status: PersonStatus,
    pub hire_date: Option<Date>,
    pub certified_on: Option<Date>,
    pub records: Vec<RecordHours>,
}

impl Officer {
    /// On the year's roster: a sworn officer appointed by the end of the year and not
    /// separated (ConfiTrek keeps no separation date, so a separated officer is left out).
    pub fn on_roster(&self, year: i32) -> bool {
        self.kind == PersonKind::Officer
            && self.status != PersonStatus::Separated
            && self.hire_date.is_none_or(|d| d.year() <= year)
    }

    /// How the officer is appointed, as the rosters print it.
    pub fn appointment(&self) -> &'static str {
        let has = |flag: &str| self.role_flags.iter().any(|f| f == flag);
        if has("reserve") {
            "reserve"
        } else if has("part_time") {
            "part-time"
        } else {
            "full-time"
        }
    }

    /// The row's name in a list of changes.
    pub fn label(&self) -> String {
        format!("Officer {}", self.badge)
    }
}

/// What an annual report is prepared from.
pub struct AnnualInput<'a> {
    pub report: &'a StateReportRule,
    /// The version of the state's rules in force for the year.
    pub rules: &'a RuleSet,
    pub year: i32,
    /// The agency's today: whether the year has closed.
    pub as_of: Date,
    pub agency: &'a str,
    /// The agency counts unverified records' hours as well as verified ones'.
    pub counts_unverified: bool,
    pub officers: &'a [Officer],
}

/// The year's minimums of the report, from the rule set.
pub struct YearRules<'a> {
    pub requirements: Vec<&'a Requirement>,
    /// The topic columns, in the order the requirements name them, then the report's own.
    pub topics: Vec<Column>,
    pub topic_codes: Vec<String>,
    /// The total-hours requirement's citations (the report's when there is none).
    pub citations: Vec<String>,
    pub required_minutes: u32,
}

fn in_effect(r: &Requirement, year: i32) -> bool {
    let (Ok(start), Ok(end)) = (
        Date::from_calendar_date(year, Month::January, 1),
        Date::from_calendar_date(year, Month::December, 31),
    ) else {
        return false;
    };
    r.period == PeriodRule::CalendarYear
        && r.effective_from.is_none_or(|f| f <= end)
        && r.effective_until.is_none_or(|u| u >= start)
}

pub fn year_rules<'a>(report: &StateReportRule, rules: &'a RuleSet, year: i32) -> YearRules<'a> {
    let requirements: Vec<&Requirement> = match &report.requirements {
        Some(prefix) => rules
            .requirements
            .iter()
            .filter(|r| r.id.starts_with(prefix.as_str()) && in_effect(r, year))
            .collect(),
        None => Vec::new(),
    };
    let mut cited: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    let mut total = None;
    for r in &requirements {
        let topics = match &r.measure {
            Measure::Hours { topics, minimum } if topics.is_empty() => {
                total.get_or_insert((r.citations.clone(), minimum.0));
                continue;
            }
            Measure::Hours { topics, .. } | Measure::TopicsChosen { topics, .. } => topics,
            _ => continue,
        };
        for t in topics {
            if !cited.contains_key(t.as_str()) {
                order.push(t);
            }
            let entry = cited.entry(t).or_default();
            entry.extend(r.citations.iter().map(String::as_str));
        }
    }
    for t in &report.topics {
        if !cited.contains_key(t.as_str()) {
            order.push(t);
        }
        let entry = cited.entry(t).or_default();
        entry.extend(report.topics_citations.iter().map(String::as_str));
    }
    let title = |code: &str| {
        rules
            .topics
            .iter()
            .find(|t| t.code == code)
            .map(|t| t.title.clone())
            .unwrap_or_else(|| code.replace('_', " "))
    };
    let topics = order
        .iter()
        .map(|code| {
            let citations: Vec<String> = cited[code].iter().map(|c| (*c).to_owned()).collect();
            topic_column(code, &title(code), &citations)
        })
        .collect();
    let (citations, required_minutes) = total.unwrap_or_else(|| (report.citations.clone(), 0));
    YearRules {
        requirements,
        topics,
        topic_codes: order.iter().map(|c| (*c).to_owned()).collect(),
        citations,
        required_minutes,
    }
}

/// Where an officer stands with the year's minimums.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Complete,
    /// Short by this many minutes in all (the total, or the topics' own minimums).
    Short(u32),
    /// Exempt in the year basic training was completed (Ohio, OAC 109:2-18-02(C)).
    Exempt,
    /// No minimum of the year applies to the officer (an inactive officer).
    NotApplicable,
}

/// Judges the year's minutes by topic (creditable ones only in `total`).
pub fn verdict(
    officer: &Officer,
    year: i32,
    requirements: &[&Requirement],
    by_topic: &BTreeMap<String, u32>,
    total: u32,
) -> Verdict {
    let applying: Vec<&&Requirement> = requirements
        .iter()
        .filter(|r| r.applies.applies(officer.status, &officer.role_flags))
        .collect();
    if applying.is_empty() {
        return Verdict::NotApplicable;
    }
    let academy_year = officer.certified_on.is_some_and(|d| d.year() == year);
    if academy_year
        && applying
            .iter()
            .any(|r| r.applies.exempt_in_certification_year)
    {
        return Verdict::Exempt;
    }
    let of = |topics: &[String]| -> u32 {
        topics
            .iter()
            .map(|t| by_topic.get(t).copied().unwrap_or(0))
            .sum()
    };
    let (mut total_short, mut topics_short) = (0u32, 0u32);
    for r in applying {
        match &r.measure {
            Measure::Hours { topics, minimum } if topics.is_empty() => {
                total_short = total_short.max(minimum.0.saturating_sub(total));
            }
            Measure::Hours { topics, minimum } => {
                topics_short += minimum.0.saturating_sub(of(topics));
            }
            Measure::TopicsChosen {
                topics,
                count,
                minimum_each,
            } => {
                let mut gaps: Vec<u32> = topics
                    .iter()
                    .map(|t| minimum_each.0.saturating_sub(of(std::slice::from_ref(t))))
                    .collect();
                gaps.sort_unstable();
                topics_short += gaps.iter().take(usize::from(*count)).sum::<u32>();
            }
            _ => {}
        }
    }
    // Topic hours count toward the total too: what is still needed is the larger shortfall.
    match total_short.max(topics_short) {
        0 => Verdict::Complete,
        short => Verdict::Short(short),
    }
}

/// Prepares an annual report.
pub fn annual(input: &AnnualInput<'_>) -> Snapshot {
    let AnnualInput {
        report,
        rules,
        year,
        as_of,
        ..
    } = *input;
    let year_rules = year_rules(report, rules, year);
    let columns = layout(report.kind, &year_rules.topics, &year_rules.citations);
    let creditable: BTreeSet<&str> = rules
        .topics
        .iter()
        .filter(|t| t.creditable)
        .map(|t| t.code.as_str())
        .collect();
    let closed = as_of.year() > year;
    let mut officers: Vec<&Officer> = input
        .officers
        .iter()
        .filter(|o| o.on_roster(year))
        .collect();
    officers.sort_by(|a, b| {
        (&a.last_name, &a.first_name, &a.badge).cmp(&(&b.last_name, &b.first_name, &b.badge))
    });
    let rows = officers
        .into_iter()
        .map(|o| {
            let mut by_topic: BTreeMap<String, u32> = BTreeMap::new();
            let mut requalified: Option<Date> = None;
            for r in o.records.iter().filter(|r| r.completed_on.year() == year) {
                for (topic, minutes) in &r.minutes_by_topic {
                    *by_topic.entry(topic.clone()).or_default() += minutes;
                }
                let apart = report.listed_apart.iter().any(|a| {
                    r.events.contains(a) || r.minutes_by_topic.get(a).is_some_and(|m| *m > 0)
                });
                if apart {
                    requalified = requalified.max(Some(r.completed_on));
                }
            }
            let total: u32 = by_topic
                .iter()
                .filter(|(t, _)| creditable.contains(t.as_str()))
                .map(|(_, m)| m)
                .sum();
            let in_topics: u32 = year_rules
                .topic_codes
                .iter()
                .filter(|t| creditable.contains(t.as_str()))
                .map(|t| by_topic.get(t).copied().unwrap_or(0))
                .sum();
            let verdict = verdict(o, year, &year_rules.requirements, &by_topic, total);
            let mut cells: BTreeMap<&str, String> = BTreeMap::new();
            cells.insert("last_name", o.last_name.clone());
            cells.insert("first_name", o.first_name.clone());
            cells.insert("badge", o.badge.clone());
            cells.insert("opotc_number", o.licence_number.clone().unwrap_or_default());
            cells.insert(
                "licence_number",
                o.licence_number.clone().unwrap_or_default(),
            );
            cells.insert("appointment_type", o.appointment().to_owned());
            let mut topic_cells = Vec::new();
            for code in &year_rules.topic_codes {
                let minutes = by_topic.get(code).copied().unwrap_or(0);
                topic_cells.push((format!("hours_{code}"), hours(u64::from(minutes))));
            }
            let other = hours(u64::from(total.saturating_sub(in_topics)));
            cells.insert("hours_general", other.clone());
            cells.insert("hours_other", other);
            cells.insert("hours_total", hours(u64::from(total)));
            cells.insert(
                "hours_required",
                hours(u64::from(year_rules.required_minutes)),
            );
            let answer = match verdict {
                Verdict::Complete => "yes",
                Verdict::Short(_) => "no",
                Verdict::Exempt => "exempt",
                Verdict::NotApplicable => "not applicable",
            };
            cells.insert("cpt_complete", answer.to_owned());
            cells.insert("compliant", answer.to_owned());
            let short = match verdict {
                Verdict::Short(m) => m,
                _ => 0,
            };
            cells.insert("shortfall_hours", hours(u64::from(short)));
            let suspension = if short > 0 && closed {
                "required until the hours are done"
            } else {
                ""
            };
            cells.insert("police_powers_suspension", suspension.to_owned());
            let academy = o.certified_on.is_some_and(|d| d.year() == year);
            cells.insert(
                "academy_year_exempt",
                if academy { "yes" } else { "no" }.to_owned(),
            );
            cells.insert(
                "firearms_requalified_on",
                requalified.map(|d| d.to_string()).unwrap_or_default(),
            );
            let cells = columns
                .iter()
                .map(|c| {
                    topic_cells
                        .iter()
                        .find(|(k, _)| *k == c.key)
                        .map(|(_, v)| v.clone())
                        .or_else(|| cells.get(c.key.as_str()).cloned())
                        .unwrap_or_default()
                })
                .collect();
            Row {
                key: o.id.to_string(),
                label: o.label(),
                cells,
            }
        })
        .collect();
    let mut facts = vec![
        Fact::plain("Agency", input.agency.to_owned()),
        Fact {
            label: "Report".into(),
            value: report.title.clone(),
            citations: report.citations.clone(),
            unconfirmed: report.unconfirmed.clone(),
        },
        Fact::plain("Period", format!("Calendar year {year}")),
    ];
    for d in due::due_dates(report, year, as_of) {
        facts.push(Fact {
            label: "Due".into(),
            value: d.date.to_string(),
            citations: d.rule.citations.clone(),
            unconfirmed: d.rule.unconfirmed.clone(),
        });
    }
    facts.push(Fact::plain(
        "Rule set",
        format!(
            "{} version {} (in force from {})",
            rules.jurisdiction, rules.version, rules.effective_from
        ),
    ));
    facts.push(Fact::plain(
        "Hours counted",
        if input.counts_unverified {
            format!("Verified and unverified training records completed in {year}, under the state's creditable topics")
        } else {
            format!("Verified training records completed in {year}, under the state's creditable topics")
        },
    ));
    facts.push(Fact::plain("Data as of", as_of.to_string()));
    Snapshot {
        kind: report.kind,
        title: report.title.clone(),
        period: year.to_string(),
        period_label: format!("Calendar year {year}"),
        facts,
        notes: report.notes.clone(),
        columns,
        rows,
    }
}

/// Whether a kind is prepared per year (calendar or fiscal) rather than per session.
pub fn is_annual(kind: StateReportKind) -> bool {
    kind.is_yearly()
}
