//! What a dashboard shows, folded from the stored verdicts of the people in view: the rate
//! of compliance overall, per unit, per requirement and per topic, and who needs attention
//! with what each lacks and by when. It reads verdicts; it never judges anyone itself.

use std::collections::BTreeMap;

use time::Date;
use uuid::Uuid;

use crate::compliance::{ComplianceStatus, RequirementStatus};

/// A person in view, with the verdict stored for him or her.
#[derive(Debug, Clone)]
pub struct Standing<'a> {
    pub person_id: Uuid,
    /// As the roster shows it: "Last, First".
    pub name: &'a str,
    pub badge: &'a str,
    pub unit: Option<&'a str>,
    pub status: ComplianceStatus,
    pub requirements: Vec<Item<'a>>,
}

/// One requirement's stored verdict.
#[derive(Debug, Clone)]
pub struct Item<'a> {
    pub requirement_id: &'a str,
    pub title: &'a str,
    pub topics: &'a [String],
    pub status: RequirementStatus,
    pub due: Option<Date>,
    pub remaining: f64,
    /// `hours` or `count`.
    pub unit: &'a str,
    pub explanation: &'a str,
}

/// People by overall status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub compliant: u32,
    pub at_risk: u32,
    pub non_compliant: u32,
    pub not_applicable: u32,
}

/// The counts of two sets of people, as of their union.
impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, other: Self) {
        self.compliant += other.compliant;
        self.at_risk += other.at_risk;
        self.non_compliant += other.non_compliant;
        self.not_applicable += other.not_applicable;
    }
}

impl Counts {
    fn add(&mut self, status: ComplianceStatus) {
        match status {
            ComplianceStatus::Compliant => self.compliant += 1,
            ComplianceStatus::AtRisk => self.at_risk += 1,
            ComplianceStatus::NonCompliant => self.non_compliant += 1,
            ComplianceStatus::NotApplicable => self.not_applicable += 1,
        }
    }

    pub fn people(&self) -> u32 {
        self.compliant + self.at_risk + self.non_compliant + self.not_applicable
    }

    /// The share of the people with requirements who are not out of compliance: someone
    /// at risk has not missed anything yet. `None` when nobody in view has requirements.
    pub fn rate(&self) -> Option<f64> {
        let judged = self.compliant + self.at_risk + self.non_compliant;
        (judged > 0).then(|| f64::from(self.compliant + self.at_risk) / f64::from(judged))
    }
}

/// People by the status of one requirement (or of the requirements that count one topic).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RequirementCounts {
    pub met: u32,
    pub pending: u32,
    pub at_risk: u32,
    pub overdue: u32,
    pub waived: u32,
}

impl RequirementCounts {
    fn add(&mut self, status: RequirementStatus) {
        match status {
            RequirementStatus::Met => self.met += 1,
            RequirementStatus::Pending => self.pending += 1,
            RequirementStatus::AtRisk => self.at_risk += 1,
            RequirementStatus::Overdue => self.overdue += 1,
            RequirementStatus::Waived => self.waived += 1,
            RequirementStatus::NotApplicable => {}
        }
    }

    /// People the requirement binds.
    pub fn people(&self) -> u32 {
        self.met + self.pending + self.at_risk + self.overdue + self.waived
    }

    /// The share of them not overdue; `None` when it binds nobody in view.
    pub fn rate(&self) -> Option<f64> {
        let people = self.people();
        (people > 0).then(|| f64::from(people - self.overdue) / f64::from(people))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequirementRow<'a> {
    pub requirement_id: &'a str,
    pub title: &'a str,
    pub topics: &'a [String],
    pub counts: RequirementCounts,
}

/// A person out of compliance or at risk, with the requirements that make it so, the
/// soonest due first.
#[derive(Debug, Clone)]
pub struct Attention<'a> {
    pub standing: &'a Standing<'a>,
    pub lacking: Vec<&'a Item<'a>>,
}

impl Attention<'_> {
    /// Who is listed first: the non-compliant, then by the most urgent due date (none
    /// last), then by name.
    pub fn order(&self) -> (bool, bool, Option<Date>, &str) {
        let due = self.lacking.first().and_then(|i| i.due);
        (
            self.standing.status != ComplianceStatus::NonCompliant,
            due.is_none(),
            due,
            self.standing.name,
        )
    }
}

#[derive(Debug, Clone)]
pub struct Dashboard<'a> {
    pub totals: Counts,
    /// By unit name; people without a unit under `None`, last.
    pub units: Vec<(Option<&'a str>, Counts)>,
    /// The worst rate first.
    pub requirements: Vec<RequirementRow<'a>>,
    /// By topic code, the worst rate first: a person counts once per topic, with the worst
    /// status among the requirements that count it.
    pub topics: Vec<(&'a str, RequirementCounts)>,
    /// Non-compliant people first, then at risk; within each, the soonest deadline first.
    pub attention: Vec<Attention<'a>>,
}

/// Worse statuses sort later.
fn severity(status: RequirementStatus) -> u8 {
    match status {
        RequirementStatus::NotApplicable => 0,
        RequirementStatus::Met | RequirementStatus::Waived => 1,
        RequirementStatus::Pending => 2,
        RequirementStatus::AtRisk => 3,
        RequirementStatus::Overdue => 4,
    }
}

/// A person's worst open requirement, as the roster shows it: overdue before at risk before
/// pending, then the soonest due (an undated one last). `None` when every requirement is
/// met, waived or does not apply.
pub fn worst_open<'i, 'a>(items: &'i [Item<'a>]) -> Option<&'i Item<'a>> {
    open_worst_first(items).into_iter().next()
}

/// Every requirement not met, waived or inapplicable, the worst first (as `worst_open`).
pub fn open_worst_first<'i, 'a>(items: &'i [Item<'a>]) -> Vec<&'i Item<'a>> {
    let mut open: Vec<&Item> = items
        .iter()
        .filter(|i| severity(i.status) >= severity(RequirementStatus::Pending))
        .collect();
    open.sort_by_key(|i| {
        (
            std::cmp::Reverse(severity(i.status)),
            i.due.is_none(),
            i.due,
            i.requirement_id,
        )
    });
    open
}

fn worst_rate_first(a: Option<f64>, b: Option<f64>) -> std::cmp::Ordering {
    a.unwrap_or(2.0).total_cmp(&b.unwrap_or(2.0))
}

pub fn fold<'a>(people: &'a [Standing<'a>]) -> Dashboard<'a> {
    let mut totals = Counts::default();
    let mut units: BTreeMap<Option<&str>, Counts> = BTreeMap::new();
    let mut requirements: BTreeMap<&str, RequirementRow<'a>> = BTreeMap::new();
    let mut topics: BTreeMap<&str, RequirementCounts> = BTreeMap::new();
    let mut attention = Vec::new();
    for person in people {
        totals.add(person.status);
        units.entry(person.unit).or_default().add(person.status);
        let mut worst_by_topic: BTreeMap<&str, RequirementStatus> = BTreeMap::new();
        for item in &person.requirements {
            requirements
                .entry(item.requirement_id)
                .or_insert_with(|| RequirementRow {
                    requirement_id: item.requirement_id,
                    title: item.title,
                    topics: item.topics,
                    counts: RequirementCounts::default(),
                })
                .counts
                .add(item.status);
            if item.status == RequirementStatus::NotApplicable {
                continue;
            }
            for topic in item.topics {
                let worst = worst_by_topic
                    .entry(topic)
                    .or_insert(RequirementStatus::NotApplicable);
                if severity(item.status) > severity(*worst) {
                    *worst = item.status;
                }
            }
        }
        for (topic, status) in worst_by_topic {
            topics.entry(topic).or_default().add(status);
        }
        if matches!(
            person.status,
            ComplianceStatus::NonCompliant | ComplianceStatus::AtRisk
        ) {
            let mut lacking: Vec<&Item> = person
                .requirements
                .iter()
                .filter(|i| {
                    matches!(
                        i.status,
                        RequirementStatus::Overdue | RequirementStatus::AtRisk
                    )
                })
                .collect();
            lacking.sort_by_key(|i| (i.due.is_none(), i.due, i.requirement_id));
            attention.push(Attention {
                standing: person,
                lacking,
            });
        }
    }
    attention.sort_by(|a, b| a.order().cmp(&b.order()));
    let mut units: Vec<_> = units.into_iter().collect();
    // `None` sorts first in a BTreeMap; people without a unit go last.
    let without_unit = usize::from(units.first().is_some_and(|(u, _)| u.is_none()));
    units.rotate_left(without_unit);
    let mut requirements: Vec<_> = requirements.into_values().collect();
    requirements.sort_by(|a, b| {
        worst_rate_first(a.counts.rate(), b.counts.rate())
            .then(a.requirement_id.cmp(b.requirement_id))
    });
    let mut topics: Vec<_> = topics.into_iter().collect();
    topics.sort_by(|a, b| worst_rate_first(a.1.rate(), b.1.rate()).then(a.0.cmp(b.0)));
    Dashboard {
        totals,
        units,
        requirements,
        topics,
        attention,
    }
}

#[cfg(test)]
#[path = "dashboard_tests.rs"]
mod tests;
