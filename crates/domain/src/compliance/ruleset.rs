//! Rule sets as data: one versioned, effective-dated document per jurisdiction, every rule
//! with its citations. Loading validates the document and names the file, the rule and the
//! problem of every error.

use std::borrow::Cow;
use std::collections::BTreeSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use time::Date;

use super::amounts::Minutes;
use super::inputs::PersonFacts;
use super::periods::{Lookup, period_on};
use super::rules::{
    Applicability, Binding, Measure, MissedDeadline, PeriodRule, PeriodsJudged, Requirement,
};
use super::ruleset_reimbursement::{self, Reimbursement};
use super::ruleset_reports::{self, ReportFile, StateReportRule};
use super::schema;

/// A source the rules cite: a statute, a rule, a page of the state's site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Source {
    /// Cited by requirements' `citations`, e.g. `MN-8`.
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub url: Option<String>,
    /// The date (or "current through …") the source states.
    #[serde(default)]
    pub date: Option<String>,
}

/// A topic of training hours, or (among `events`) something done that earns no hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Topic {
    /// Stable code used by records and requirements, e.g. `crisis_intervention`.
    pub code: String,
    pub title: String,
    /// Hours in this topic count toward totals (false: Ohio's firearms requalification).
    #[serde(default = "yes")]
    pub creditable: bool,
    /// The use-of-force training area the topic (or event) covers: `use_of_force`,
    /// `de_escalation`, `crisis_intervention` or `firearms_qualification`. A use-of-force
    /// incident shows its officers' training in these areas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uof_area: Option<String>,
}

fn yes() -> bool {
    true
}

/// A requirement as written in a rule-set file: hours in decimal form. An agency's own
/// requirement is one such document.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Requirement")]
struct RequirementFile {
    /// Stable, `state.area.name`, e.g. `mn.mlo.autism`; waivers refer to it.
    id: String,
    /// Names the rule in lists.
    title: String,
    /// Names what is missing in a sentence: "needs 4.0 more hours of {subject} by
    /// 2026-06-30". The title in lower case if omitted.
    #[serde(default)]
    subject: Option<String>,
    /// Source ids (each one of the document's `sources`); for an agency's own requirement,
    /// its policy.
    citations: Vec<String>,
    /// Set where a fact is unconfirmed or the encoding differs from the rule: what to
    /// confirm, or how it differs.
    #[serde(default)]
    unconfirmed: Option<String>,
    /// Who the rule applies to; everyone active if omitted.
    #[serde(default)]
    applies: Applicability,
    /// The window the rule is judged over.
    period: PeriodRule,
    /// What must be done in the period.
    measure: MeasureFile,
    /// The first day the rule applies, for a mandate that starts within a version.
    #[serde(default)]
    #[schemars(schema_with = "schema::optional_date")]
    effective_from: Option<Date>,
    /// The last day the rule applies, compared with a period's start: a mandate replaced by
    /// another.
    #[serde(default)]
    #[schemars(schema_with = "schema::optional_date")]
    effective_until: Option<Date>,
    /// When a rule new in a version starts to bind a person.
    #[serde(default)]
    binding: Binding,
    /// Days after the due date before a shortfall is non-compliance.
    #[serde(default)]
    grace_days: u16,
    /// For hours over a cycle or year: a person hired inside a period owes only the share
    /// for the days left in it, rounded up to the quarter hour.
    #[serde(default)]
    prorate_first_period: bool,
    /// What missing this rule's deadline means, where it differs from the document's
    /// `missed_deadline`.
    #[serde(default)]
    missed_deadline: Option<MissedDeadline>,
}

/// What must be done in the period.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
#[schemars(rename = "Measure")]
enum MeasureFile {
    /// Hours in any of `topics`; no topics: the total of every creditable topic. An hour
    /// counts toward every rule whose topics include it.
    Hours {
        /// Topic codes, each one of the document's `topics`.
        #[serde(default)]
        topics: Vec<String>,
        /// Decimal hours, 0 to 100000.
        #[schemars(range(min = 0, max = 100_000))]
        minimum_hours: f64,
    },
    /// `count` of the topics, each with at least `minimum_hours_each` hours.
    TopicsChosen {
        topics: Vec<String>,
        #[schemars(range(min = 1))]
        count: u8,
        #[schemars(range(min = 0, max = 100_000))]
        minimum_hours_each: f64,
    },
    /// One event (e.g. a firearms requalification), one of the document's `events`.
    Event { event: String },
    /// A credential of this type, current on the day.
    Credential { credential_type: String },
    /// The newest version of a policy assigned to the person, acknowledged within
    /// `within_days` days of being assigned (period `at_all_times`).
    Acknowledgement { policy: String, within_days: u16 },
}

/// A version of one jurisdiction's continuing-education rules, every rule citing its
/// sources. See rules/README.md.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RuleSetFile {
    /// The two-letter upper-case state code, e.g. `MN`.
    #[schemars(pattern(r"^[A-Z]{2}$"))]
    jurisdiction: String,
    /// What the document covers, in words.
    name: String,
    /// The published version, 1 or more; a new version has a higher number.
    #[schemars(range(min = 1))]
    version: u32,
    /// The day this version takes force.
    #[schemars(schema_with = "schema::date")]
    effective_from: Date,
    /// Plain English about what the document does not model.
    #[serde(default)]
    notes: Vec<String>,
    sources: Vec<Source>,
    /// The topics training records use.
    topics: Vec<Topic>,
    /// Things done that earn no hours, named like topics.
    #[serde(default)]
    events: Vec<Topic>,
    /// What a missed deadline means under these rules, for every requirement that does not
    /// say otherwise: late hours count where earned if omitted.
    #[serde(default)]
    missed_deadline: Option<MissedDeadline>,
    requirements: Vec<RequirementFile>,
    /// The reports the state asks of its agencies, when they are due, and what fills them.
    #[serde(default)]
    reports: Vec<ReportFile>,
    /// The state's reimbursement of the agency's training costs, where it has one.
    #[serde(default)]
    reimbursement: Option<Reimbursement>,
}

/// The JSON Schema (draft 7) of a rule-set document, as committed in `rules/schema.json`.
pub fn rule_set_schema() -> serde_json::Value {
    schema::root::<RuleSetFile>("ConfiTrek rule set")
}

/// The JSON Schema (draft 7) of one requirement document: an agency's own requirement.
pub fn requirement_schema() -> serde_json::Value {
    schema::root::<RequirementFile>("ConfiTrek requirement")
}

/// One validated version of a jurisdiction's rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleSet {
    pub jurisdiction: String,
    pub name: String,
    pub version: u32,
    pub effective_from: Date,
    pub notes: Vec<String>,
    pub sources: Vec<Source>,
    pub topics: Vec<Topic>,
    /// Events that earn no hours (requalifications), named like topics.
    pub events: Vec<Topic>,
    pub requirements: Vec<Requirement>,
    /// The reports the state asks of its agencies.
    pub reports: Vec<StateReportRule>,
    /// The state's reimbursement program, if it has one.
    pub reimbursement: Option<Reimbursement>,
}

/// A problem in a rule-set document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{file}{}{}: {problem}",
    rule.as_ref().map(|r| format!(", rule {r}")).unwrap_or_default(),
    field.as_ref().map(|f| format!(", {f}")).unwrap_or_default()
)]
pub struct RuleSetError {
    pub file: String,
    pub rule: Option<String>,
    /// The field of the rule at fault, as a dotted path (`measure.minimum_hours`).
    pub field: Option<String>,
    pub problem: String,
}

impl RuleSet {
    /// Parses and validates a TOML rule-set document; `file` names it in errors.
    pub fn from_toml(file: &str, text: &str) -> Result<Self, Vec<RuleSetError>> {
        let raw: RuleSetFile = toml::from_str(text).map_err(|e| {
            vec![RuleSetError {
                file: file.into(),
                rule: None,
                field: None,
                problem: e.message().to_owned() + &location(text, e.span()),
            }]
        })?;
        Self::validate(file, raw)
    }

    /// Parses and validates a JSON rule-set document (as published through the API).
    pub fn from_json(file: &str, value: serde_json::Value) -> Result<Self, Vec<RuleSetError>> {
        let raw: RuleSetFile = serde_path_to_error::deserialize(value).map_err(|e| {
            let path = e.path().to_string();
            vec![RuleSetError {
                file: file.into(),
                rule: None,
                field: (path != ".").then_some(path),
                problem: e.into_inner().to_string(),
            }]
        })?;
        Self::validate(file, raw)
    }

    fn validate(file: &str, raw: RuleSetFile) -> Result<Self, Vec<RuleSetError>> {
        let mut errors = Vec::new();
        let mut err = |rule: Option<&str>, field: Option<&str>, problem: String| {
            errors.push(RuleSetError {
                file: file.into(),
                rule: rule.map(Into::into),
                field: field.map(Into::into),
                problem,
            })
        };
        let code = raw.jurisdiction.trim();
        if code.len() != 2 || !code.chars().all(|c| c.is_ascii_uppercase()) {
            err(
                None,
                Some("jurisdiction"),
                format!("jurisdiction must be a two-letter upper-case code, not {code:?}"),
            );
        }
        if raw.version == 0 {
            err(None, Some("version"), "version must be 1 or more".into());
        }
        let source_ids: BTreeSet<&str> = raw.sources.iter().map(|s| s.id.as_str()).collect();
        if source_ids.len() != raw.sources.len() {
            err(None, Some("sources"), "two sources share an id".into());
        }
        let topic_codes: BTreeSet<&str> = raw.topics.iter().map(|t| t.code.as_str()).collect();
        if topic_codes.len() != raw.topics.len() {
            err(None, Some("topics"), "two topics share a code".into());
        }
        let event_codes: BTreeSet<&str> = raw.events.iter().map(|t| t.code.as_str()).collect();
        for topic in raw.topics.iter().chain(&raw.events) {
            if let Some(area) = &topic.uof_area
                && confitrek_vocabulary::TrainingArea::parse(area).is_none()
            {
                err(
                    None,
                    Some("uof_area"),
                    format!(
                        "{}: uof_area must be use_of_force, de_escalation, crisis_intervention or firearms_qualification, not {area:?}",
                        topic.code
                    ),
                );
            }
        }
        let missed_citations = raw.missed_deadline.iter().flat_map(|m| &m.citations);
        for c in missed_citations.filter(|c| !source_ids.contains(c.as_str())) {
            err(
                None,
                Some("missed_deadline.citations"),
                format!("cites {c}, which is not among the sources"),
            );
        }
        let mut seen = BTreeSet::new();
        let mut requirements = Vec::new();
        let known = Known {
            sources: Some(&source_ids),
            topics: &topic_codes,
            events: &event_codes,
            missed: raw.missed_deadline.as_ref(),
        };
        for r in &raw.requirements {
            if !seen.insert(r.id.as_str()) {
                err(
                    Some(r.id.as_str()),
                    Some("id"),
                    "the id is used twice".into(),
                );
            }
            if let Some(requirement) = requirement(r, &known, &mut err) {
                requirements.push(requirement);
            }
        }
        let reports = ruleset_reports::validate_reports(
            &raw.reports,
            &ruleset_reports::Known {
                jurisdiction: code,
                sources: &source_ids,
                topics: &topic_codes,
                events: &event_codes,
            },
            &mut err,
        );
        if let Some(program) = &raw.reimbursement {
            ruleset_reimbursement::validate(program, &source_ids, &topic_codes, &mut err);
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(RuleSet {
            jurisdiction: code.to_owned(),
            name: raw.name,
            version: raw.version,
            effective_from: raw.effective_from,
            notes: raw.notes,
            sources: raw.sources,
            topics: raw.topics,
            events: raw.events,
            requirements,
            reports,
            reimbursement: raw.reimbursement,
        })
    }

    /// The topic and event codes that cover a use-of-force training area.
    pub fn uof_area_codes(&self, area: confitrek_vocabulary::TrainingArea) -> Vec<String> {
        self.topics
            .iter()
            .chain(&self.events)
            .filter(|t| t.uof_area.as_deref() == Some(area.as_str()))
            .map(|t| t.code.clone())
            .collect()
    }

    /// Topics whose hours do not count toward totals.
    pub fn non_creditable_topics(&self) -> Vec<String> {
        self.topics
            .iter()
            .filter(|t| !t.creditable)
            .map(|t| t.code.clone())
            .collect()
    }
}

/// What a requirement may refer to. Without `sources`, citations are free text (an agency's
/// own requirement cites its policy, not a state source).
struct Known<'a> {
    sources: Option<&'a BTreeSet<&'a str>>,
    topics: &'a BTreeSet<&'a str>,
    events: &'a BTreeSet<&'a str>,
    /// The document's `missed_deadline`.
    missed: Option<&'a MissedDeadline>,
}

fn requirement(
    r: &RequirementFile,
    known: &Known<'_>,
    err: &mut impl FnMut(Option<&str>, Option<&str>, String),
) -> Option<Requirement> {
    let id = Some(r.id.as_str());
    if r.id.trim().is_empty() {
        err(id, Some("id"), "needs an id".into());
    }
    if r.title.trim().is_empty() {
        err(id, Some("title"), "needs a title".into());
    }
    if r.citations.iter().all(|c| c.trim().is_empty()) {
        err(
            id,
            Some("citations"),
            "has no citation: every rule cites its source".into(),
        );
    }
    let missed = r
        .missed_deadline
        .as_ref()
        .or(known.missed)
        .cloned()
        .unwrap_or_default();
    if let Some(sources) = known.sources {
        for c in r.citations.iter().filter(|c| !sources.contains(c.as_str())) {
            err(
                id,
                Some("citations"),
                format!("cites {c}, which is not among the sources"),
            );
        }
        // The document's own `missed_deadline` is checked once, with the document.
        let own = r.missed_deadline.iter().flat_map(|m| &m.citations);
        for c in own.filter(|c| !sources.contains(c.as_str())) {
            err(
                id,
                Some("missed_deadline.citations"),
                format!("cites {c}, which is not among the sources"),
            );
        }
    }
    let mut unknown = |topics: &[String]| {
        for t in topics.iter().filter(|t| !known.topics.contains(t.as_str())) {
            err(
                id,
                Some("measure.topics"),
                format!("counts topic {t}, which is not among the topics"),
            );
        }
    };
    let measure = match &r.measure {
        MeasureFile::Hours {
            topics,
            minimum_hours,
        } => {
            unknown(topics);
            Minutes::from_decimal_hours(*minimum_hours).map(|minimum| Measure::Hours {
                topics: topics.clone(),
                minimum,
            })
        }
        MeasureFile::TopicsChosen {
            topics,
            count,
            minimum_hours_each,
        } => {
            unknown(topics);
            if usize::from(*count) > topics.len() || *count == 0 {
                err(
                    id,
                    Some("measure.count"),
                    format!("asks for {count} of {} topics", topics.len()),
                );
            }
            Minutes::from_decimal_hours(*minimum_hours_each).map(|minimum_each| {
                Measure::TopicsChosen {
                    topics: topics.clone(),
                    count: *count,
                    minimum_each,
                }
            })
        }
        MeasureFile::Event { event } => {
            if !known.events.contains(event.as_str()) {
                err(
                    id,
                    Some("measure.event"),
                    format!("expects event {event}, which is not among the events"),
                );
            }
            Some(Measure::Event {
                event: event.clone(),
            })
        }
        MeasureFile::Credential { credential_type } => Some(Measure::Credential {
            credential_type: credential_type.clone(),
        }),
        MeasureFile::Acknowledgement {
            policy,
            within_days,
        } => {
            if r.period != PeriodRule::AtAllTimes {
                err(
                    id,
                    Some("period"),
                    "a policy acknowledgement is judged at all times".into(),
                );
            }
            Some(Measure::Acknowledgement {
                policy: policy.clone(),
                within_days: *within_days,
            })
        }
    };
    let Some(measure) = measure else {
        let field = match r.measure {
            MeasureFile::TopicsChosen { .. } => "measure.minimum_hours_each",
            _ => "measure.minimum_hours",
        };
        err(
            id,
            Some(field),
            "minimum hours must be a number from 0 to 100000".into(),
        );
        return None;
    };
    if let (Some(from), Some(until)) = (r.effective_from, r.effective_until)
        && until < from
    {
        err(
            id,
            Some("effective_until"),
            format!("effective_until {until} is before effective_from {from}"),
        );
    }
    if let Some((field, problem)) = period_problem(&r.period) {
        err(id, Some(field), problem);
    }
    let fixed_period = !matches!(
        r.period,
        PeriodRule::Rolling { .. } | PeriodRule::AtAllTimes
    );
    if r.prorate_first_period && !(fixed_period && matches!(measure, Measure::Hours { .. })) {
        err(
            id,
            Some("prorate_first_period"),
            "only hours over a fixed period (cycle or year) can be prorated".into(),
        );
    }
    Some(Requirement {
        id: r.id.clone(),
        subject: r.subject.clone().unwrap_or_else(|| r.title.to_lowercase()),
        title: r.title.clone(),
        citations: r.citations.clone(),
        unconfirmed: r.unconfirmed.clone(),
        applies: r.applies.clone(),
        period: r.period.clone(),
        measure,
        effective_from: r.effective_from,
        effective_until: r.effective_until,
        binding: r.binding,
        grace_days: r.grace_days,
        prorate_first_period: r.prorate_first_period,
        missed,
        judges: PeriodsJudged::Both,
    })
}

/// An agency's own requirement (annual firearms qualification, TASER recertification, K9
/// handler hours), in the same form as a rule in a rule set. Its topics and events are those
/// of the agency's jurisdiction; its citations name the agency's policy.
pub fn agency_requirement(
    value: serde_json::Value,
    rules: Option<&RuleSet>,
) -> Result<Requirement, Vec<RuleSetError>> {
    let raw: RequirementFile = serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        vec![RuleSetError {
            file: "body".into(),
            rule: None,
            field: (path != ".").then_some(path),
            problem: e.into_inner().to_string(),
        }]
    })?;
    let topics: BTreeSet<&str> = rules
        .iter()
        .flat_map(|r| &r.topics)
        .map(|t| t.code.as_str())
        .collect();
    let events: BTreeSet<&str> = rules
        .iter()
        .flat_map(|r| &r.events)
        .map(|t| t.code.as_str())
        .collect();
    let known = Known {
        sources: None,
        topics: &topics,
        events: &events,
        missed: None,
    };
    let mut errors = Vec::new();
    let mut err = |rule: Option<&str>, field: Option<&str>, problem: String| {
        errors.push(RuleSetError {
            file: "body".into(),
            rule: rule.map(Into::into),
            field: field.map(Into::into),
            problem,
        })
    };
    let requirement = requirement(&raw, &known, &mut err);
    match requirement {
        Some(r) if errors.is_empty() => Ok(r),
        _ => Err(errors),
    }
}

/// What is wrong with a period, and the field at fault.
fn period_problem(rule: &PeriodRule) -> Option<(&'static str, String)> {
    match *rule {
        PeriodRule::LicenseCycle {
            years,
            end_month,
            end_day,
            ..
        } => {
            if years == 0 {
                Some((
                    "period.years",
                    "a licence cycle needs at least one year".into(),
                ))
            } else if !(1..=12).contains(&end_month) || !(1..=31).contains(&end_day) {
                Some((
                    "period.end_day",
                    format!("{end_month}/{end_day} is not a date"),
                ))
            } else {
                None
            }
        }
        PeriodRule::CertificationCycle { years: 0 } => {
            Some(("period.years", "a cycle needs at least one year".into()))
        }
        PeriodRule::FiscalYear { start_month } if !(1..=12).contains(&start_month) => Some((
            "period.start_month",
            format!("fiscal year start month {start_month} is not a month"),
        )),
        PeriodRule::Rolling { months: 0 } => Some((
            "period.months",
            "a rolling period needs at least one month".into(),
        )),
        _ => None,
    }
}

fn location(text: &str, span: Option<std::ops::Range<usize>>) -> String {
    match span {
        Some(span) => {
            let line = text[..span.start.min(text.len())].lines().count().max(1);
            format!(" (line {line})")
        }
        None => String::new(),
    }
}

/// Every published version of one jurisdiction's rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Jurisdiction {
    versions: Vec<RuleSet>,
}

impl Jurisdiction {
    /// Versions sorted by effective date; a later published version with the same date wins.
    pub fn new(mut versions: Vec<RuleSet>) -> Self {
        versions.sort_by_key(|v| (v.effective_from, v.version));
        Self { versions }
    }

    pub fn versions(&self) -> &[RuleSet] {
        &self.versions
    }

    /// The version in force on a day.
    pub fn in_force(&self, day: Date) -> Option<&RuleSet> {
        self.versions.iter().rev().find(|v| v.effective_from <= day)
    }

    /// The requirements that judge a person on `as_of`. A version governs the periods that
    /// began while it was in force: a version published in the middle of a cycle binds from
    /// the next cycle, and the cycle just closed stays judged by the version it began under.
    /// Rolling and at-all-times requirements follow the version in force on `as_of`.
    /// With a single version nothing needs choosing, and the rules are lent, not copied.
    pub fn requirements_for(&self, person: &PersonFacts, as_of: Date) -> Cow<'_, [Requirement]> {
        if let [only] = self.versions.as_slice() {
            return Cow::Borrowed(&only.requirements);
        }
        Cow::Owned(
            self.picked_for(person, as_of)
                .into_iter()
                .map(|(_, r)| r)
                .collect(),
        )
    }

    /// [`Self::requirements_for`], each with the number of the version it comes from.
    pub fn picked_for(&self, person: &PersonFacts, as_of: Date) -> Vec<(u32, Requirement)> {
        let governs = |version: &RuleSet, day: Date| {
            self.in_force(day)
                .or_else(|| self.versions.first())
                .is_some_and(|g| std::ptr::eq(g, version))
        };
        let mut chosen = Vec::new();
        for version in &self.versions {
            for requirement in &version.requirements {
                let windowed = !matches!(
                    requirement.period,
                    PeriodRule::Rolling { .. } | PeriodRule::AtAllTimes
                );
                let (current, previous) = match period_on(&requirement.period, person, as_of) {
                    Lookup::In(p) if windowed => (
                        p.start,
                        super::periods::previous(&requirement.period, person, p).map(|q| q.start),
                    ),
                    // Not started, undecidable, rolling or at all times: today's version.
                    _ => (as_of, None),
                };
                let judges = match (
                    governs(version, current),
                    previous.is_some_and(|d| governs(version, d)),
                ) {
                    (true, true) => PeriodsJudged::Both,
                    (true, false) if previous.is_none() => PeriodsJudged::Both,
                    (true, false) => PeriodsJudged::CurrentOnly,
                    (false, true) => PeriodsJudged::PreviousOnly,
                    (false, false) => continue,
                };
                chosen.push((
                    version.version,
                    Requirement {
                        judges,
                        ..requirement.clone()
                    },
                ));
            }
        }
        chosen
    }
}
