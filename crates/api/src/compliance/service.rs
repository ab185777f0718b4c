//! Evaluating a person: load what the engine needs within the agency, call it, shape the
//! answer; and keep the stored snapshot current.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use confitrek_domain::compliance::waivers::WaiverTerms;
use confitrek_domain::compliance::{
    self as engine, Acknowledgement, Amount, ComplianceReport, CredentialHeld, Evaluation, Minutes,
    PeriodVerdict, PersonFacts, PolicyVersionAssigned, Requirement, TopicCode, TrainingRecord,
    Waiver, WaiverEffect,
};
use confitrek_domain::compliance::{
    Assignment, Jurisdiction, Member, RuleSet, agency_requirement, is_period_end, state_rules_apply,
};
use confitrek_domain::training::counts_hours;
use confitrek_types as dto;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use time::Date;
use uuid::Uuid;

use super::jurisdictions::{self, source_dto};
use crate::auth::Caller;
use crate::clock::Clock;
use crate::db::compliance::NewWaiver;
use crate::db::entity::{
    acknowledgement, agency, agency_requirement, credential, person, training_profile,
    training_record, waiver,
};
use crate::db::{AgencyScope, agencies, agency_rules, batch, compliance, people, topics};
use crate::http::{ApiError, ApiResult};

fn facts(p: &person::Model) -> PersonFacts {
    PersonFacts {
        status: p.status,
        roles: p
            .role_flags
            .split(',')
            .filter(|f| !f.is_empty())
            .map(str::to_owned)
            .collect(),
        hire_date: p.hire_date,
        certified_on: p.certified_on,
        license_cycle: p.license_cycle_start.zip(p.license_cycle_end),
        records_complete_from: p.history_from,
    }
}

fn record(r: &training_record::Model) -> TrainingRecord {
    use serde::Deserialize;
    let minutes = BTreeMap::<String, u32>::deserialize(&r.minutes_by_topic).unwrap_or_default();
    TrainingRecord {
        id: r.id,
        completed_on: r.completed_on,
        minutes_by_topic: minutes
            .into_iter()
            .map(|(t, m)| (TopicCode::from(t), Minutes(m)))
            .collect(),
        events: Vec::deserialize(&r.events).unwrap_or_default(),
    }
}

pub fn effect_from_dto(effect: dto::WaiverEffectDto) -> Option<WaiverEffect> {
    Some(match effect {
        dto::WaiverEffectDto::Exempt => WaiverEffect::Exempt,
        dto::WaiverEffectDto::ExtendDays { days } => WaiverEffect::ExtendDays { days },
        dto::WaiverEffectDto::ReduceHours { hours } => WaiverEffect::ReduceBy {
            minutes: Minutes::from_decimal_hours(hours)?,
        },
    })
}

pub fn effect_dto(effect: WaiverEffect) -> dto::WaiverEffectDto {
    match effect {
        WaiverEffect::Exempt => dto::WaiverEffectDto::Exempt,
        WaiverEffect::ExtendDays { days } => dto::WaiverEffectDto::ExtendDays { days },
        WaiverEffect::ReduceBy { minutes } => dto::WaiverEffectDto::ReduceHours {
            hours: minutes.as_hours(),
        },
    }
}

pub fn waiver(w: &waiver::Model) -> Option<Waiver> {
    Some(Waiver {
        id: w.id,
        requirement_id: w.requirement_id.clone(),
        period_due: w.period_due,
        effect: serde_json::from_value(w.effect.clone()).ok()?,
        reason: w.reason.clone(),
        approved_by: w.approved_by.clone(),
    })
}

/// What judges every person of an agency, loaded once: the agency (its state and at-risk
/// window), its jurisdiction's rule versions, its training profiles and own requirements.
pub struct AgencyRules {
    agency: agency::Model,
    jurisdiction: Option<Jurisdiction>,
    profiles: Vec<training_profile::Model>,
    own: Vec<agency_requirement::Model>,
    credentials: crate::credentials::held::AgencyCredentials,
    policies: crate::policies::duties::AgencyPolicies,
    /// The agency's own topics whose hours do not count toward totals.
    own_non_creditable: Vec<String>,
}

pub async fn agency_rules(db: &impl ConnectionTrait, scope: AgencyScope) -> ApiResult<AgencyRules> {
    let agency = agencies::get(db, scope).await?.ok_or(ApiError::NotFound)?;
    let jurisdiction = jurisdictions::load(db, &agency.state_code)
        .await?
        .map(|(j, _)| j);
    let credentials = crate::credentials::held::AgencyCredentials::load(db, scope).await?;
    let policies =
        crate::policies::duties::AgencyPolicies::load(db, scope, &agency.time_zone).await?;
    Ok(AgencyRules {
        credentials,
        policies,
        agency,
        jurisdiction,
        profiles: agency_rules::profiles(db, scope).await?,
        own: agency_rules::requirements(db, scope).await?,
        own_non_creditable: topics::non_creditable(db, scope).await?,
    })
}

impl AgencyRules {
    /// Every requirement that judges the person on `day`: the state's (for sworn officers)
    /// and the agency's own that the person's training profiles assign.
    fn requirements_for(
        &self,
        person: &person::Model,
        facts: &PersonFacts,
        day: Date,
    ) -> Cow<'_, [Requirement]> {
        let Some(jurisdiction) = &self.jurisdiction else {
            return Cow::Owned(Vec::new());
        };
        let mut requirements = if state_rules_apply(person.kind) {
            jurisdiction.requirements_for(facts, day)
        } else {
            Cow::Owned(Vec::new())
        };
        let own = self.own_requirements_of(person, jurisdictions::in_force(jurisdiction, day));
        if !own.is_empty() {
            requirements.to_mut().extend(own);
        }
        requirements
    }

    /// The agency's own requirements that reach the person through his or her profiles.
    fn own_requirements_of(
        &self,
        person: &person::Model,
        rules: Option<&RuleSet>,
    ) -> Vec<Requirement> {
        let flags = role_flags(person);
        let member = Member {
            id: person.id,
            kind: person.kind,
            unit: person.unit.as_deref(),
            role_flags: &flags,
        };
        let mut codes: Vec<String> = Vec::new();
        for profile in &self.profiles {
            let assignment: Option<Assignment> =
                serde_json::from_value(profile.assignment.clone()).ok();
            if assignment.is_some_and(|a| member.is_in(&a)) {
                codes.extend(
                    serde_json::from_value::<Vec<String>>(profile.requirement_codes.clone())
                        .unwrap_or_default(),
                );
            }
        }
        let mut requirements = Vec::new();
        for row in self.own.iter().filter(|row| codes.contains(&row.code)) {
            match agency_requirement(row.document.clone(), rules) {
                Ok(r) => requirements.push(r),
                // Validated when saved; a later rule set may have dropped a topic it counts.
                Err(errors) => {
                    tracing::warn!(code = %row.code, ?errors, "agency requirement no longer validates")
                }
            }
        }
        requirements
    }
}

fn role_flags(person: &person::Model) -> Vec<String> {
    person
        .role_flags
        .split(',')
        .filter(|f| !f.is_empty())
        .map(str::to_owned)
        .collect()
}

/// People re-evaluated per round: their histories read in a few queries, their verdicts
/// stored in one statement.
const REFRESH_CHUNK: usize = 200;

/// Re-evaluates some people of the agency (a session's attendees, an import's people),
/// loading its rules once.
pub async fn refresh_people(
    db: &impl ConnectionTrait,
    clock: &Clock,
    scope: AgencyScope,
    person_ids: &[Uuid],
) -> ApiResult<()> {
    refresh_people_counted(db, clock, scope, person_ids, |_| {}).await
}

/// [`refresh_people`], telling `done` how many people each round judged.
pub async fn refresh_people_counted(
    db: &impl ConnectionTrait,
    clock: &Clock,
    scope: AgencyScope,
    person_ids: &[Uuid],
    mut done: impl FnMut(usize),
) -> ApiResult<()> {
    let rules = agency_rules(db, scope).await?;
    let day = clock.today_in(&rules.agency.time_zone);
    let hooks = crate::webhooks::Listeners::of(db, clock, scope).await?;
    for chunk in person_ids.chunks(REFRESH_CHUNK) {
        let found = people::many(db, scope, chunk.to_vec()).await?;
        let mut histories = PersonHistory::load_many(db, scope, &rules, chunk).await?;
        let mut snapshots = Vec::with_capacity(found.len());
        for person in &found {
            let history = histories.remove(&person.id).unwrap_or_default();
            let report = judge(&rules, person, &history, day);
            snapshots.push(compliance::Snapshot {
                person_id: person.id,
                as_of: day,
                status: report.status,
                next_change_at: report.next_change_at,
                report: serde_json::to_value(&report).map_err(anyhow::Error::from)?,
            });
        }
        save_verdicts(db, clock, scope, &hooks, snapshots).await?;
        done(chunk.len());
    }
    Ok(())
}

/// Re-evaluates, agency by agency, every person whose stored verdict has changed by time
/// alone since it was computed (its `next_change_at` has come in the agency's time zone), so
/// that what lists and dashboards read is right at any moment. Safe to run from several
/// processes at once: each agency is re-evaluated under its lock, and who is due is read
/// again under it, so a person is judged once (and told to webhooks once) whoever runs
/// first. Returns how many people this call re-evaluated.
pub async fn refresh_due(db: &sea_orm::DatabaseConnection, clock: &Clock) -> ApiResult<usize> {
    let mut refreshed = 0;
    let mut after = None;
    loop {
        let page = agencies::list_all(db, after, 100).await?;
        let Some(last) = page.last() else {
            return Ok(refreshed);
        };
        after = Some(last.id);
        for agency in &page {
            let scope = AgencyScope::new(agency.id);
            let today = clock.today_in(&agency.time_zone);
            // A read without the lock first, so that an agency with nothing due costs no
            // write transaction.
            if compliance::snapshots_due(db, scope, today)
                .await?
                .is_empty()
            {
                continue;
            }
            let txn = crate::db::begin_write(db).await?;
            crate::db::lock_agency_for(&txn, scope, crate::db::AgencyJob::Refresh).await?;
            let due = compliance::snapshots_due(&txn, scope, today).await?;
            refresh_people(&txn, clock, scope, &due).await?;
            txn.commit().await?;
            refreshed += due.len();
        }
    }
}

/// Re-evaluates every person of the agency, after a change to its own requirements.
pub async fn refresh_everyone(
    db: &impl ConnectionTrait,
    clock: &Clock,
    scope: AgencyScope,
) -> ApiResult<()> {
    // Everyone's verdict is written again: what is kept of them is rebuilt whole rather
    // than brought up to date person by person.
    compliance::reset_verdicts(db, scope).await?;
    let ids = people::ids(db, scope).await?;
    refresh_people(db, clock, scope, &ids).await
}

/// The person's report on `as_of` (the agency's today if `None`), from the jurisdiction of the
/// person's agency.
pub async fn evaluate_person(
    db: &impl ConnectionTrait,
    clock: &Clock,
    scope: AgencyScope,
    person: &person::Model,
    as_of: Option<Date>,
) -> ApiResult<dto::ComplianceReportDto> {
    let as_of = as_of.map(|d| engine::judgeable("as_of", d)).transpose()?;
    let rules = agency_rules(db, scope).await?;
    let as_of = as_of.unwrap_or_else(|| clock.today_in(&rules.agency.time_zone));
    evaluate_with(db, scope, &rules, person, as_of).await
}

pub(crate) async fn evaluate_with(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    rules: &AgencyRules,
    person: &person::Model,
    as_of: Date,
) -> ApiResult<dto::ComplianceReportDto> {
    let history = PersonHistory::load(db, scope, rules, person.id).await?;
    Ok(judge(rules, person, &history, as_of))
}

/// What the engine weighs for one person besides the agency's rules, as stored: his or her
/// training records (all of them; [`judge`] keeps those that count), waivers, awarded
/// credentials and policy acknowledgements.
#[derive(Debug, Default)]
pub struct PersonHistory {
    pub records: Vec<training_record::Model>,
    pub waivers: Vec<waiver::Model>,
    pub awarded: Vec<credential::Model>,
    pub acknowledgements: Vec<acknowledgement::Model>,
}

impl PersonHistory {
    /// One person's history, in a query per table (none where the agency has no
    /// credential types or no policies).
    pub async fn load(
        db: &impl ConnectionTrait,
        scope: AgencyScope,
        rules: &AgencyRules,
        person_id: Uuid,
    ) -> ApiResult<Self> {
        Ok(Self {
            records: compliance::records_of(db, scope, person_id).await?,
            waivers: compliance::waivers_of(db, scope, person_id).await?,
            awarded: if rules.credentials.is_empty() {
                Vec::new()
            } else {
                crate::db::credentials::of_person(db, scope, person_id).await?
            },
            acknowledgements: if rules.policies.is_empty() {
                Vec::new()
            } else {
                crate::db::policies::acknowledgements_of_person(db, scope, person_id).await?
            },
        })
    }

    /// The histories of many people of the agency, in a few queries per table.
    pub async fn load_many(
        db: &impl ConnectionTrait,
        scope: AgencyScope,
        rules: &AgencyRules,
        person_ids: &[Uuid],
    ) -> ApiResult<HashMap<Uuid, Self>> {
        let mut records = batch::records_of_people(db, scope, person_ids).await?;
        let mut waivers = batch::waivers_of_people(db, scope, person_ids).await?;
        let mut awarded = if rules.credentials.is_empty() {
            HashMap::new()
        } else {
            batch::credentials_of_people(db, scope, person_ids).await?
        };
        let mut acknowledgements = if rules.policies.is_empty() {
            HashMap::new()
        } else {
            batch::acknowledgements_of_people(db, scope, person_ids).await?
        };
        Ok(person_ids
            .iter()
            .map(|id| {
                let history = Self {
                    records: records.remove(id).unwrap_or_default(),
                    waivers: waivers.remove(id).unwrap_or_default(),
                    awarded: awarded.remove(id).unwrap_or_default(),
                    acknowledgements: acknowledgements.remove(id).unwrap_or_default(),
                };
                (*id, history)
            })
            .collect())
    }
}

/// The reports of many people of the agency on `as_of`, with their missed deadlines in
/// `range`, their histories loaded in a few queries: what a roster-wide report costs, not a
/// handful of queries per person. Each report is exactly the one [`evaluate_person`] gives
/// for the same day, each history the one [`person_history`] gives for the same range.
///
/// On the agency's today the stored verdicts are the reports, as the dashboard and the
/// matrix read them; only someone with none stored, or whose verdict may have changed
/// since with the passing of time, is judged again.
pub async fn evaluate_people(
    db: &impl ConnectionTrait,
    clock: &Clock,
    scope: AgencyScope,
    rules: &AgencyRules,
    as_of: Date,
    range: (Date, Date),
    people: &[person::Model],
) -> ApiResult<Vec<(dto::ComplianceReportDto, dto::ComplianceHistoryDto)>> {
    let ids: Vec<Uuid> = people.iter().map(|p| p.id).collect();
    let mut stored = if as_of == clock.today_in(&rules.agency().time_zone) {
        current_verdicts(db, scope, &ids, as_of).await?
    } else {
        HashMap::new()
    };
    let mut histories = PersonHistory::load_many(db, scope, rules, &ids).await?;
    Ok(people
        .iter()
        .map(|person| {
            let loaded = histories.remove(&person.id).unwrap_or_default();
            (
                stored
                    .remove(&person.id)
                    .unwrap_or_else(|| judge(rules, person, &loaded, as_of)),
                history_of(rules, person, &loaded, as_of, range),
            )
        })
        .collect())
}

/// The stored verdicts of some people that still hold on `today`: none changes by the
/// passing of time before `next_change_at`.
async fn current_verdicts(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    ids: &[Uuid],
    today: Date,
) -> ApiResult<HashMap<Uuid, dto::ComplianceReportDto>> {
    let mut current = HashMap::with_capacity(ids.len());
    // Chunks keep each statement's list of ids short.
    for chunk in ids.chunks(500) {
        for s in compliance::snapshots_of(db, scope, chunk).await? {
            if s.next_change_at.is_some_and(|day| day <= today) {
                continue;
            }
            let mut report: dto::ComplianceReportDto =
                serde_json::from_value(s.report).map_err(anyhow::Error::from)?;
            // The verdict holds today; it says so as a report of today would.
            report.as_of = today;
            current.insert(s.person_id, report);
        }
    }
    Ok(current)
}

impl AgencyRules {
    pub fn agency(&self) -> &agency::Model {
        &self.agency
    }

    pub fn jurisdiction(&self) -> Option<&Jurisdiction> {
        self.jurisdiction.as_ref()
    }

    /// The version of the agency's state rules in force on `day`, if the state has rules.
    pub fn rule_set_on(&self, day: Date) -> Option<&RuleSet> {
        jurisdictions::in_force(self.jurisdiction.as_ref()?, day)
    }

    /// The records of a history whose hours count for the agency: verified ones, and
    /// unverified ones too where the agency counts them.
    pub fn counts(&self, record: &training_record::Model) -> bool {
        counts_hours(record.verification, self.agency.count_unverified)
    }
}

/// What the engine is given for one person, built from what is already loaded.
struct Inputs<'a> {
    facts: PersonFacts,
    requirements: Cow<'a, [Requirement]>,
    records: Vec<TrainingRecord>,
    credentials: Vec<CredentialHeld>,
    waivers: Vec<Waiver>,
    policies: Vec<PolicyVersionAssigned>,
    acknowledgements: Vec<Acknowledgement>,
    non_creditable: Vec<String>,
    at_risk_days: u16,
    as_of: Date,
}

impl<'a> Inputs<'a> {
    fn new(
        rules: &'a AgencyRules,
        jurisdiction: &Jurisdiction,
        person: &person::Model,
        history: &PersonHistory,
        as_of: Date,
    ) -> Self {
        let facts = facts(person);
        let mut requirements = rules.requirements_for(person, &facts, as_of);
        // Only verified hours count, unless the agency counts unverified ones too.
        let records: Vec<TrainingRecord> = history
            .records
            .iter()
            .filter(|r| rules.counts(r))
            .map(record)
            .collect();
        let waivers: Vec<Waiver> = history.waivers.iter().filter_map(waiver).collect();
        // Credentials awarded and earned by the records that count; the policies that reach
        // the person, with their versions and his or her acknowledgements.
        let courses: HashMap<Uuid, Uuid> = history
            .records
            .iter()
            .filter_map(|r| Some((r.id, r.course_id?)))
            .collect();
        let credentials = rules
            .credentials
            .held_with(&history.awarded, &records, &courses);
        let duties = rules.policies.duties_of(person, &facts);
        let acknowledgements: Vec<_> = history
            .acknowledgements
            .iter()
            .filter_map(|a| rules.policies.acknowledgement(a))
            .collect();
        if !duties.requirements.is_empty() {
            requirements
                .to_mut()
                .extend(duties.requirements.iter().cloned());
        }
        let mut non_creditable: Vec<String> = jurisdiction
            .versions()
            .iter()
            .flat_map(|v| v.non_creditable_topics())
            .chain(rules.own_non_creditable.iter().cloned())
            .collect();
        non_creditable.sort();
        non_creditable.dedup();
        Self {
            facts,
            requirements,
            records,
            credentials,
            waivers,
            policies: duties.versions,
            acknowledgements,
            non_creditable,
            at_risk_days: u16::try_from(rules.agency.at_risk_days).unwrap_or(90),
            as_of,
        }
    }

    fn evaluation(&self) -> Evaluation<'_, '_> {
        Evaluation {
            person: &self.facts,
            requirements: &self.requirements,
            records: &self.records,
            credentials: &self.credentials,
            waivers: &self.waivers,
            policies: &self.policies,
            acknowledgements: &self.acknowledgements,
            non_creditable_topics: &self.non_creditable,
            as_of: self.as_of,
            at_risk_days: self.at_risk_days,
        }
    }
}

/// A rule set's source by id, or the bare id where the state has no version in force.
fn sources_on(jurisdiction: &Jurisdiction, day: Date) -> impl Fn(&str) -> dto::SourceDto + '_ {
    let sources = jurisdictions::in_force(jurisdiction, day);
    move |id| match sources {
        Some(set) => source_dto(set, id),
        None => dto::SourceDto {
            id: id.to_owned(),
            title: id.to_owned(),
            url: None,
            date: None,
        },
    }
}

/// One person's report from what is already loaded: the one place where a person is judged,
/// whether alone or with the whole roster.
pub(crate) fn judge(
    rules: &AgencyRules,
    person: &person::Model,
    history: &PersonHistory,
    as_of: Date,
) -> dto::ComplianceReportDto {
    let state_code = &rules.agency.state_code;
    let Some(jurisdiction) = &rules.jurisdiction else {
        return dto::ComplianceReportDto {
            person_id: person.id,
            as_of,
            status: dto::ComplianceStatus::NotApplicable,
            jurisdiction: state_code.clone(),
            requirements: vec![],
            next_change_at: None,
        };
    };
    let inputs = Inputs::new(rules, jurisdiction, person, history, as_of);
    let report = engine::evaluate(&inputs.evaluation());
    report_dto(
        person.id,
        state_code,
        report,
        sources_on(jurisdiction, as_of),
    )
}

/// A person's compliance history on the agency's today: every settled period of every hours
/// requirement overlapping `from..=to` (see [`engine::history`]).
pub async fn person_history(
    db: &impl ConnectionTrait,
    clock: &Clock,
    scope: AgencyScope,
    person: &person::Model,
    range: (Option<Date>, Option<Date>),
) -> ApiResult<dto::ComplianceHistoryDto> {
    let rules = agency_rules(db, scope).await?;
    history_with(db, clock, scope, &rules, person, range).await
}

/// [`person_history`] with the agency's rules already loaded.
pub(crate) async fn history_with(
    db: &impl ConnectionTrait,
    clock: &Clock,
    scope: AgencyScope,
    rules: &AgencyRules,
    person: &person::Model,
    range: (Option<Date>, Option<Date>),
) -> ApiResult<dto::ComplianceHistoryDto> {
    let as_of = clock.today_in(&rules.agency.time_zone);
    let range = history_range(range, as_of)?;
    let loaded = PersonHistory::load(db, scope, rules, person.id).await?;
    Ok(history_of(rules, person, &loaded, as_of, range))
}

/// The history of one person from what is already loaded: every settled period overlapping
/// `from..=to`, judged on `as_of`, and how many of them missed their deadline.
pub(crate) fn history_of(
    rules: &AgencyRules,
    person: &person::Model,
    loaded: &PersonHistory,
    as_of: Date,
    (from, to): (Date, Date),
) -> dto::ComplianceHistoryDto {
    let periods: Vec<dto::PeriodHistoryDto> = match &rules.jurisdiction {
        Some(jurisdiction) => {
            let inputs = Inputs::new(rules, jurisdiction, person, loaded, as_of);
            let history = engine::history(&inputs.evaluation());
            engine::history::within(&history, from, to)
                .map(period_dto)
                .collect()
        }
        None => Vec::new(),
    };
    let missed = periods
        .iter()
        .filter(|p| matches!(p.verdict, PeriodVerdict::Missed | PeriodVerdict::MadeUpLate))
        .count();
    let made_up = periods
        .iter()
        .filter(|p| p.verdict == PeriodVerdict::MadeUpLate)
        .count();
    dto::ComplianceHistoryDto {
        person_id: person.id,
        as_of,
        from,
        to,
        missed: u32::try_from(missed).unwrap_or(u32::MAX),
        made_up: u32::try_from(made_up).unwrap_or(u32::MAX),
        periods,
    }
}

/// The range asked for, each end judged at once: from six years before `to`, to today, if
/// not given.
pub(crate) fn history_range(
    (from, to): (Option<Date>, Option<Date>),
    today: Date,
) -> ApiResult<(Date, Date)> {
    let to = to
        .map(|d| engine::judgeable("to", d))
        .transpose()?
        .unwrap_or(today);
    let from = match from {
        Some(d) => engine::judgeable("from", d)?,
        // February 29 has no day six years back: the 28th does.
        None => to
            .replace_year(to.year() - 6)
            .or_else(|_| (to - time::Duration::days(1)).replace_year(to.year() - 6))
            .unwrap_or(engine::FIRST_JUDGEABLE)
            .max(engine::FIRST_JUDGEABLE),
    };
    if from > to {
        return Err(ApiError::field("from", "must not be after `to`"));
    }
    Ok((from, to))
}

pub(crate) fn period_dto(p: &engine::PeriodHistory<'_>) -> dto::PeriodHistoryDto {
    let s = &p.settled;
    dto::PeriodHistoryDto {
        requirement_id: p.requirement.id.clone(),
        title: p.requirement.title.clone(),
        period_start: s.period.start,
        period_end: s.period.end,
        due: s.due,
        verdict: p.verdict,
        required_hours: s.required.as_hours(),
        hours_by_deadline: s.by_deadline.as_hours(),
        shortfall_hours: match p.verdict {
            PeriodVerdict::InProgress | PeriodVerdict::NotStarted => 0.0,
            _ => s.shortfall().as_hours(),
        },
        made_up_by: s
            .made_up
            .iter()
            .map(|m| dto::MadeUpDto {
                record_id: m.record,
                completed_on: m.completed_on,
                hours: m.minutes.as_hours(),
            })
            .collect(),
        made_up_on: s.made_up_on(),
        outstanding_hours: match p.verdict {
            PeriodVerdict::InProgress => s.required.saturating_sub(s.by_deadline).as_hours(),
            PeriodVerdict::NotStarted => 0.0,
            _ => s.outstanding().as_hours(),
        },
        consequence: p.consequence.map(str::to_owned),
        waiver_id: s.waiver,
        explanation: p.explanation.clone(),
    }
}

fn amount(a: Amount) -> f64 {
    match a {
        Amount::Minutes(m) => m.as_hours(),
        Amount::Count(n) => f64::from(n),
    }
}

pub(crate) fn report_dto(
    person_id: Uuid,
    jurisdiction: &str,
    report: ComplianceReport,
    source: impl Fn(&str) -> dto::SourceDto,
) -> dto::ComplianceReportDto {
    dto::ComplianceReportDto {
        person_id,
        as_of: report.as_of,
        status: report.status,
        jurisdiction: jurisdiction.to_owned(),
        next_change_at: report.next_change_at,
        requirements: report
            .requirements
            .into_iter()
            .map(|r| dto::RequirementResultDto {
                citations: r.citations.iter().map(|c| source(c)).collect(),
                requirement_id: r.requirement_id.to_owned(),
                title: r.title.to_owned(),
                topics: r.topics.iter().map(|t| (*t).to_owned()).collect(),
                unconfirmed: r.unconfirmed.map(str::to_owned),
                status: r.status,
                period_start: r.period.map(|p| p.start),
                period_end: r.period.map(|p| p.end),
                due: r.due,
                unit: if matches!(r.required, Amount::Minutes(_)) {
                    "hours"
                } else {
                    "count"
                }
                .to_owned(),
                required: amount(r.required),
                earned: amount(r.earned),
                remaining: amount(r.remaining),
                counted: r.counted,
                waiver_id: r.waiver,
                explanation: r.explanation,
            })
            .collect(),
    }
}

/// Re-evaluates a person as of today and stores the snapshot; call inside the transaction of
/// every write that affects the person.
pub async fn refresh_person(
    db: &impl ConnectionTrait,
    clock: &Clock,
    scope: AgencyScope,
    person_id: Uuid,
) -> ApiResult<()> {
    let rules = agency_rules(db, scope).await?;
    refresh_with(db, clock, scope, &rules, person_id).await
}

async fn refresh_with(
    db: &impl ConnectionTrait,
    clock: &Clock,
    scope: AgencyScope,
    rules: &AgencyRules,
    person_id: Uuid,
) -> ApiResult<()> {
    let Some(person) = people::get(db, scope, person_id).await? else {
        return Ok(());
    };
    let day = clock.today_in(&rules.agency.time_zone);
    let report = evaluate_with(db, scope, rules, &person, day).await?;
    let snapshot = compliance::Snapshot {
        person_id,
        as_of: day,
        status: report.status,
        next_change_at: report.next_change_at,
        report: serde_json::to_value(&report).map_err(anyhow::Error::from)?,
    };
    let hooks = crate::webhooks::Listeners::of(db, clock, scope).await?;
    save_verdicts(db, clock, scope, &hooks, vec![snapshot]).await
}

/// Stores verdicts and, when a webhook hears `verdict.changed`, tells it of each person whose
/// verdict is not the one stored before (or who had none).
async fn save_verdicts(
    db: &impl ConnectionTrait,
    clock: &Clock,
    scope: AgencyScope,
    hooks: &crate::webhooks::Listeners,
    snapshots: Vec<compliance::Snapshot>,
) -> ApiResult<()> {
    use confitrek_domain::webhooks::{Event, WebhookEventType};
    if !hooks.hear(WebhookEventType::VerdictChanged) {
        return Ok(compliance::save_snapshots(db, scope, snapshots, clock.now()).await?);
    }
    let ids: Vec<Uuid> = snapshots.iter().map(|s| s.person_id).collect();
    let before: HashMap<Uuid, dto::ComplianceStatus> = compliance::statuses_of(db, scope, &ids)
        .await?
        .into_iter()
        .collect();
    let changed: Vec<Event> = snapshots
        .iter()
        .filter(|s| before.get(&s.person_id) != Some(&s.status))
        .map(|s| {
            Event::verdict_changed(
                s.person_id,
                before.get(&s.person_id).copied(),
                s.status,
                s.as_of,
            )
        })
        .collect();
    compliance::save_snapshots(db, scope, snapshots, clock.now()).await?;
    hooks.tell(db, changed).await
}

/// Records a waiver for one of the person's periods and judges the person again with it.
pub async fn create_waiver(
    db: &DatabaseConnection,
    caller: &Caller,
    person_id: Uuid,
    terms: WaiverTerms,
    period_due: Date,
) -> ApiResult<waiver::Model> {
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let person = crate::db::people::get(&txn, scope, person_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    check_waiver(&txn, scope, &person, &terms.requirement_id, period_due).await?;
    let new = NewWaiver {
        person_id: person.id,
        requirement_id: terms.requirement_id,
        period_due,
        effect: serde_json::to_value(terms.effect).map_err(anyhow::Error::from)?,
        reason: terms.reason,
        approved_by: terms.approved_by,
    };
    let row = compliance::insert_waiver(&txn, scope, new, caller.clock.now()).await?;
    caller
        .audit(&txn, scope.id(), "waiver.create", ("person", person.id))
        .await?;
    refresh_person(&txn, &caller.clock, scope, person.id).await?;
    txn.commit().await?;
    Ok(row)
}

/// Checks that a waiver names one of the person's requirements and the last day of one of
/// its periods, and that no waiver for that period exists yet.
async fn check_waiver(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    person: &person::Model,
    requirement_id: &str,
    period_due: Date,
) -> ApiResult<()> {
    let rules = agency_rules(db, scope).await?;
    let facts = facts(person);
    let candidates = rules.requirements_for(person, &facts, period_due);
    let Some(requirement) = candidates.iter().find(|r| r.id == requirement_id) else {
        return Err(ApiError::field(
            "requirement_id",
            "is not one of this person's requirements",
        ));
    };
    if !is_period_end(&requirement.period, &facts, period_due) {
        return Err(ApiError::field(
            "period_due",
            "must be the due date of one of the person's periods for this requirement (waivers apply to requirements judged over fixed periods)",
        ));
    }
    let taken = compliance::waivers_of(db, scope, person.id)
        .await?
        .iter()
        .any(|w| w.requirement_id == requirement_id && w.period_due == period_due);
    if taken {
        return Err(ApiError::field(
            "period_due",
            "already has a waiver for this requirement",
        ));
    }
    Ok(())
}
