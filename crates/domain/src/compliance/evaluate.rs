//! The evaluation: one pure function from a person's facts, requirements, records,
//! credentials and waivers on a day to a report.

use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use super::allocation::{Closed, Settled, settle};
use super::amounts::Minutes;
use super::calendar::{next_day, plus_days};
use super::explain::sentence;
use super::inputs::{
    Acknowledgement, CredentialHeld, PersonFacts, PolicyVersionAssigned, TrainingRecord, Waiver,
    WaiverEffect,
};
use super::periods::{Lookup, Period, period_on, previous};
use super::progress::{Ctx, Progress, progress};
use super::rules::{Binding, LateHours, Measure, PeriodRule, PeriodsJudged, Requirement};
use super::timing::{credential_status, rolling_status};

pub use confitrek_vocabulary::{ComplianceStatus, RequirementStatus};

/// Hours for hour measures, a count for events, topics chosen and credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "unit", content = "value", rename_all = "snake_case")]
pub enum Amount {
    Minutes(Minutes),
    Count(u32),
}

/// Borrows the requirement's text from the rule set it judged: a roster of thousands is
/// evaluated without copying any of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequirementResult<'a> {
    pub requirement_id: &'a str,
    pub title: &'a str,
    /// The topic codes (or event) it counts; empty for a total of every topic, a credential
    /// or an acknowledgement.
    pub topics: Vec<&'a str>,
    pub citations: &'a [String],
    pub unconfirmed: Option<&'a str>,
    pub status: RequirementStatus,
    pub period: Option<Period>,
    pub due: Option<Date>,
    pub required: Amount,
    pub earned: Amount,
    pub remaining: Amount,
    /// The records (or credential) that counted, by date then id.
    pub counted: Vec<Uuid>,
    pub waiver: Option<Uuid>,
    /// One sentence a coordinator can read aloud.
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComplianceReport<'a> {
    pub as_of: Date,
    pub status: ComplianceStatus,
    pub requirements: Vec<RequirementResult<'a>>,
    /// The next day on which a status changes by the passing of time alone.
    pub next_change_at: Option<Date>,
}

/// Everything the evaluation looks at. The report borrows from `requirements` (lifetime
/// `'r`) only.
#[derive(Debug, Clone, Copy)]
pub struct Evaluation<'a, 'r> {
    pub person: &'a PersonFacts,
    pub requirements: &'r [Requirement],
    pub records: &'a [TrainingRecord],
    pub credentials: &'a [CredentialHeld],
    pub waivers: &'a [Waiver],
    /// Policy versions assigned to the person, for acknowledgement requirements.
    pub policies: &'a [PolicyVersionAssigned],
    pub acknowledgements: &'a [Acknowledgement],
    /// Topics whose hours do not count toward totals (e.g. Ohio's firearms requalification
    /// is not creditable as CPT).
    pub non_creditable_topics: &'a [String],
    pub as_of: Date,
    /// Days before a due date when a shortfall becomes "at risk" (an agency setting).
    pub at_risk_days: u16,
}

struct Judged<'a> {
    result: RequirementResult<'a>,
    next_change: Option<Date>,
    /// An outstanding shortfall of the period before the current one.
    from_previous: bool,
}

pub fn evaluate<'r>(evaluation: &Evaluation<'_, 'r>) -> ComplianceReport<'r> {
    let ctx = Ctx::new(evaluation);
    let input = &ctx;
    let mut judged: Vec<Judged<'r>> = input
        .requirements
        .iter()
        .filter_map(|r| judge(input, r))
        .collect();
    // One result per requirement: a shortfall still outstanding from the closed period comes
    // before what is being earned now (after a new version, two versions may speak to one id).
    judged.sort_by(|a, b| {
        (&a.result.requirement_id, !a.from_previous)
            .cmp(&(&b.result.requirement_id, !b.from_previous))
    });
    judged.dedup_by(|later, first| later.result.requirement_id == first.result.requirement_id);
    let next_change_at = judged
        .iter()
        .filter_map(|j| j.next_change)
        .filter(|d| *d > input.as_of)
        .min();
    let requirements: Vec<RequirementResult<'r>> = judged.into_iter().map(|j| j.result).collect();
    let statuses = || requirements.iter().map(|r| r.status);
    let status = if statuses().any(|s| s == RequirementStatus::Overdue) {
        ComplianceStatus::NonCompliant
    } else if statuses().any(|s| s == RequirementStatus::AtRisk) {
        ComplianceStatus::AtRisk
    } else if statuses().all(|s| s == RequirementStatus::NotApplicable) {
        ComplianceStatus::NotApplicable
    } else {
        ComplianceStatus::Compliant
    };
    ComplianceReport {
        as_of: input.as_of,
        status,
        requirements,
        next_change_at,
    }
}

fn binds(requirement: &Requirement, period: Period) -> bool {
    let started = match (requirement.effective_from, requirement.binding) {
        (None, _) => true,
        (Some(from), Binding::Immediately) => period.end >= from,
        (Some(from), Binding::NextFullPeriod) => period.start >= from,
    };
    started
        && requirement
            .effective_until
            .is_none_or(|until| period.start <= until)
}

pub(super) fn waiver_for<'a>(
    input: &Ctx<'a, '_>,
    requirement: &Requirement,
    due: Date,
) -> Option<&'a Waiver> {
    // Several waivers for one period: the most recent decision (highest id) wins.
    input
        .waivers
        .iter()
        .filter(|w| w.requirement_id == requirement.id && w.period_due == due)
        .max_by_key(|w| w.id)
}

fn amounts(required: Amount, earned: Amount) -> Amount {
    match (required, earned) {
        (Amount::Minutes(r), Amount::Minutes(e)) => Amount::Minutes(r.saturating_sub(e)),
        (Amount::Count(r), Amount::Count(e)) => Amount::Count(r.saturating_sub(e)),
        _ => required,
    }
}

fn result(
    requirement: &Requirement,
    status: RequirementStatus,
    explanation: String,
) -> RequirementResult<'_> {
    RequirementResult {
        requirement_id: &requirement.id,
        title: &requirement.title,
        topics: requirement.measure.topics(),
        citations: &requirement.citations,
        unconfirmed: requirement.unconfirmed.as_deref(),
        status,
        period: None,
        due: None,
        required: Amount::Count(0),
        earned: Amount::Count(0),
        remaining: Amount::Count(0),
        counted: Vec::new(),
        waiver: None,
        explanation,
    }
}

fn judged(result: RequirementResult<'_>, next_change: Option<Date>) -> Option<Judged<'_>> {
    Some(Judged {
        result,
        next_change,
        from_previous: false,
    })
}

fn judge<'a>(input: &Ctx<'_, '_>, requirement: &'a Requirement) -> Option<Judged<'a>> {
    let person = input.person;
    if !requirement.applies.applies(person.status, &person.roles) {
        let explanation = format!("does not apply to this person ({})", person.status.as_str());
        return judged(
            result(requirement, RequirementStatus::NotApplicable, explanation),
            None,
        );
    }
    let period = match period_on(&requirement.period, person, input.as_of) {
        Lookup::In(period) => period,
        Lookup::NotStarted(start) => {
            let explanation = format!("first period starts {start}");
            return judged(
                result(requirement, RequirementStatus::NotApplicable, explanation),
                Some(start),
            );
        }
        Lookup::MissingData(what) => {
            let explanation = format!("cannot be judged without {what}");
            return judged(
                result(requirement, RequirementStatus::AtRisk, explanation),
                None,
            );
        }
    };
    // Hours settle oldest period first, so that no hour counts toward two periods.
    let settled = if windowed(&requirement.period) {
        settle(
            input,
            requirement,
            period,
            |p| owing(input, requirement, p),
            |p| required_minutes(requirement, person, p),
        )
    } else {
        Settled::default()
    };
    // The closed period first: its shortfall stands even when the rule no longer binds now.
    if requirement.judges != PeriodsJudged::CurrentOnly
        && let Some(outstanding) = previous_shortfall(input, requirement, period, &settled)
    {
        return Some(outstanding);
    }
    if requirement.judges == PeriodsJudged::PreviousOnly {
        return None;
    }
    if before_first_period(requirement, person, period) {
        let first = super::periods::first_due(&requirement.period, person).unwrap_or(period.end);
        let explanation = format!("first due {first}, the first renewal after hire");
        return judged(
            result(requirement, RequirementStatus::NotApplicable, explanation),
            Some(next_day(period.end)),
        );
    }
    if !binds(requirement, period) || exempt_this_year(requirement, person, period) {
        let explanation = match (requirement.effective_from, requirement.binding) {
            (Some(from), Binding::NextFullPeriod) if period.start < from => {
                format!("binds from the first period starting on or after {from}")
            }
            (Some(from), _) if !windowed(&requirement.period) && period.end < from => {
                format!("binds from {from}")
            }
            (Some(from), Binding::Immediately) if period.end < from => {
                format!("binds from the first period ending on or after {from}")
            }
            _ => "does not bind in this period".to_owned(),
        };
        let next = windowed(&requirement.period).then(|| next_day(period.end));
        return judged(
            result(requirement, RequirementStatus::NotApplicable, explanation),
            next,
        );
    }
    Some(judge_period(input, requirement, period, &settled))
}

/// Whether a period was the person's to meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Owing {
    /// It binds, the person had started by its end, and ConfiTrek holds the records for it.
    Owed,
    /// The person's certification year, which the rule exempts (Ohio).
    Exempt,
    /// Before the rule, the person's start, the first renewal or the records ConfiTrek holds.
    NotJudged,
}

pub(super) fn owed(input: &Ctx<'_, '_>, requirement: &Requirement, prev: Period) -> bool {
    owing(input, requirement, prev) == Owing::Owed
}

pub(super) fn owing(input: &Ctx<'_, '_>, requirement: &Requirement, prev: Period) -> Owing {
    let person = input.person;
    let started = person
        .hire_date
        .or(person.certified_on)
        .or(person.license_cycle.map(|c| c.0));
    // A period whose deadline passed before the agency kept this person's records in
    // ConfiTrek is history we do not have, not a missed deadline. One whose deadline came
    // after is judged: the agency had until then to record what was done.
    let history_missing = person
        .records_complete_from
        .is_some_and(|from| prev.end < from);
    // Cheapest first: this runs for each closed period of each requirement of each person.
    if history_missing
        || started.is_none_or(|s| s > prev.end)
        || !binds(requirement, prev)
        || before_first_period(requirement, person, prev)
    {
        Owing::NotJudged
    } else if exempt_this_year(requirement, person, prev) {
        Owing::Exempt
    } else {
        Owing::Owed
    }
}

/// The hours a period asks of the person, before any waiver.
pub(super) fn required_minutes(
    requirement: &Requirement,
    person: &PersonFacts,
    period: Period,
) -> Minutes {
    match &requirement.measure {
        Measure::Hours { minimum, .. } => {
            minimum.saturating_sub(first_period_reduction(requirement, person, period))
        }
        _ => Minutes::ZERO,
    }
}

pub(super) fn windowed(rule: &PeriodRule) -> bool {
    !matches!(rule, PeriodRule::Rolling { .. } | PeriodRule::AtAllTimes)
}

/// A licence cycle that ends before the person's first renewal (Minnesota: June 30 of the
/// third calendar year after hire) is not the person's to meet.
fn before_first_period(requirement: &Requirement, person: &PersonFacts, period: Period) -> bool {
    super::periods::first_due(&requirement.period, person).is_some_and(|first| period.end < first)
}

fn exempt_this_year(requirement: &Requirement, person: &PersonFacts, period: Period) -> bool {
    requirement.applies.exempt_in_certification_year
        && person.certified_on.is_some_and(|c| period.contains(c))
}

/// A windowed requirement missed in the period before this one stays overdue until records
/// after that period make up the shortfall (no state found lets time alone cure it); hours
/// that count where earned never make it up.
fn previous_shortfall<'a>(
    input: &Ctx<'_, '_>,
    requirement: &'a Requirement,
    period: Period,
    settled: &Settled,
) -> Option<Judged<'a>> {
    let prev = previous(&requirement.period, input.person, period)?;
    if !owed(input, requirement, prev) {
        return None;
    }
    if let Measure::Hours { .. } = requirement.measure {
        let closed = settled.closed.last().filter(|c| c.period == prev)?;
        return missed_hours(input, requirement, closed);
    }
    let waiver = waiver_for(input, requirement, prev.end);
    let (due, reduce) = match waiver.map(|w| w.effect) {
        Some(WaiverEffect::Exempt) => return None,
        Some(WaiverEffect::ExtendDays { days }) => {
            (plus_days(prev.end, i64::from(days)), Minutes::ZERO)
        }
        Some(WaiverEffect::ReduceBy { minutes }) => (prev.end, minutes),
        None => (prev.end, Minutes::ZERO),
    };
    let within = progress(
        input,
        requirement,
        Period {
            start: prev.start,
            end: due.min(input.as_of).max(prev.start),
        },
        reduce,
        false,
    );
    if within.met {
        return None;
    }
    // Late events or topics, up to today, count toward the missed period where late hours
    // make it up.
    let late_window = Period {
        start: prev.start,
        end: match requirement.missed.late_hours {
            LateHours::MakeUp => input.as_of.max(prev.end),
            LateHours::WhereEarned => due.min(input.as_of).max(prev.start),
        },
    };
    let late = progress(input, requirement, late_window, reduce, true);
    if late.met {
        return None;
    }
    Some(outstanding(
        input,
        requirement,
        prev,
        due,
        late,
        waiver.map(|w| w.id),
    ))
}

/// A closed period of hours still short after what late records gave it.
fn missed_hours<'a>(
    input: &Ctx<'_, '_>,
    requirement: &'a Requirement,
    closed: &Closed,
) -> Option<Judged<'a>> {
    if closed.met_on_time() || closed.outstanding() == Minutes::ZERO {
        return None;
    }
    let earned = closed.by_deadline + closed.made_up_total();
    let mut counted = closed.on_time.clone();
    counted.extend(closed.made_up.iter().map(|m| m.record));
    let p = Progress {
        required: Amount::Minutes(closed.required),
        earned: Amount::Minutes(earned),
        met: false,
        counted,
        short: closed.outstanding(),
    };
    Some(outstanding(
        input,
        requirement,
        closed.period,
        closed.due,
        p,
        closed.waiver,
    ))
}

fn outstanding<'a>(
    input: &Ctx<'_, '_>,
    requirement: &'a Requirement,
    prev: Period,
    due: Date,
    late: Progress,
    waiver: Option<Uuid>,
) -> Judged<'a> {
    let grace_end = plus_days(due, i64::from(requirement.grace_days));
    let (status, next_change) = if input.as_of <= grace_end {
        (RequirementStatus::AtRisk, Some(next_day(grace_end)))
    } else {
        (RequirementStatus::Overdue, None)
    };
    let mut explanation = sentence(requirement, &late, status, due, grace_end, input.as_of);
    if status == RequirementStatus::Overdue {
        if requirement.missed.late_hours == LateHours::WhereEarned {
            explanation.push_str("; hours completed since count toward the current period only");
        }
        if let Some(consequence) = &requirement.missed.consequence {
            explanation.push_str(&format!(" ({consequence})"));
        }
    }
    let mut r = result(requirement, status, explanation);
    r.period = Some(prev);
    r.due = Some(due);
    r.required = late.required;
    r.earned = late.earned;
    r.remaining = amounts(late.required, late.earned);
    r.counted = late.counted;
    r.waiver = waiver;
    Judged {
        result: r,
        next_change,
        from_previous: true,
    }
}

fn judge_period<'a>(
    input: &Ctx<'_, '_>,
    requirement: &'a Requirement,
    period: Period,
    settled: &Settled,
) -> Judged<'a> {
    let is_windowed = windowed(&requirement.period);
    let waiver = if is_windowed {
        waiver_for(input, requirement, period.end)
    } else {
        None
    };
    let (mut due, reduce) = match waiver.map(|w| w.effect) {
        Some(WaiverEffect::Exempt) => {
            let mut r = result(
                requirement,
                RequirementStatus::Waived,
                format!("waived for the period ending {}", period.end),
            );
            r.period = Some(period);
            r.due = Some(period.end);
            r.waiver = waiver.map(|w| w.id);
            return Judged {
                result: r,
                next_change: Some(next_day(period.end)),
                from_previous: false,
            };
        }
        Some(WaiverEffect::ExtendDays { days }) => {
            (plus_days(period.end, i64::from(days)), Minutes::ZERO)
        }
        Some(WaiverEffect::ReduceBy { minutes }) => (period.end, minutes),
        None => (period.end, Minutes::ZERO),
    };
    let reduce = reduce + first_period_reduction(requirement, input.person, period);
    if let Measure::Acknowledgement {
        policy,
        within_days,
    } = &requirement.measure
    {
        match assigned_version(input, policy) {
            Some(version) => due = plus_days(version.assigned_on, i64::from(*within_days)),
            None => {
                let next = next_version_on(input, policy);
                let r = result(
                    requirement,
                    RequirementStatus::NotApplicable,
                    "no version of it is assigned to this person".to_owned(),
                );
                return Judged {
                    result: r,
                    next_change: next,
                    from_previous: false,
                };
            }
        }
    }
    let mut window = period;
    if is_windowed && due > period.end {
        window.end = due;
    }
    let p = without_settled(
        input,
        requirement,
        window,
        progress(input, requirement, window, reduce, true),
        settled,
    );
    let at_risk_from = |due: Date| plus_days(due, -i64::from(input.at_risk_days));
    let (status, next_change) = match (&requirement.measure, &requirement.period) {
        (Measure::Credential { .. }, _) => credential_status(input, requirement, &p, &mut due),
        (Measure::Acknowledgement { policy, .. }, _) if p.met => {
            (RequirementStatus::Met, next_version_on(input, policy))
        }
        (_, PeriodRule::Rolling { months }) => {
            rolling_status(input, requirement, *months, &p, &mut due, at_risk_from)
        }
        _ if p.met => (RequirementStatus::Met, Some(next_day(period.end))),
        _ => {
            let grace_end = plus_days(due, i64::from(requirement.grace_days));
            if input.as_of > grace_end {
                (RequirementStatus::Overdue, None)
            } else if input.as_of >= at_risk_from(due) {
                (RequirementStatus::AtRisk, Some(next_day(grace_end)))
            } else {
                (RequirementStatus::Pending, Some(at_risk_from(due)))
            }
        }
    };
    let grace_end = plus_days(due, i64::from(requirement.grace_days));
    let explanation = sentence(requirement, &p, status, due, grace_end, input.as_of);
    let mut r = result(requirement, status, explanation);
    r.period = Some(window);
    r.due = Some(due);
    r.required = p.required;
    r.earned = p.earned;
    r.remaining = amounts(p.required, p.earned);
    r.counted = p.counted;
    r.waiver = waiver.map(|w| w.id);
    Judged {
        result: r,
        next_change,
        from_previous: false,
    }
}

/// What a window holds once the hours closed periods took from its records are left out.
pub(super) fn without_settled(
    input: &Ctx<'_, '_>,
    requirement: &Requirement,
    window: Period,
    mut p: Progress,
    settled: &Settled,
) -> Progress {
    let (Amount::Minutes(required), Amount::Minutes(earned)) = (p.required, p.earned) else {
        return p;
    };
    let range = input.window_range(window);
    let taken = settled.taken_within(range.clone());
    if taken == Minutes::ZERO {
        return p;
    }
    let columns = input.columns_of(requirement);
    let earned = earned.saturating_sub(taken);
    p.earned = Amount::Minutes(earned);
    p.met = earned >= required;
    p.short = required.saturating_sub(earned);
    let used_up: Vec<Uuid> = range
        .filter(|position| settled.used_up(input, columns, *position))
        .map(|position| input.by_date[position].id)
        .collect();
    p.counted.retain(|id| !used_up.contains(id));
    p
}

/// The newest version of `policy` assigned to the person by the as-of date.
pub(super) fn assigned_version<'a>(
    input: &Ctx<'a, '_>,
    policy: &str,
) -> Option<&'a PolicyVersionAssigned> {
    input
        .policies
        .iter()
        .filter(|v| v.policy == policy && v.assigned_on <= input.as_of)
        .max_by_key(|v| (v.version, v.assigned_on))
}

/// When a version of `policy` assigned later than the as-of date starts to apply.
fn next_version_on(input: &Ctx<'_, '_>, policy: &str) -> Option<Date> {
    input
        .policies
        .iter()
        .filter(|v| v.policy == policy && v.assigned_on > input.as_of)
        .map(|v| v.assigned_on)
        .min()
}

/// For someone hired inside the period, the hours not asked of him or her: the minimum less
/// its share for the days from hire to the period's end, that share rounded up to the quarter
/// hour.
fn first_period_reduction(
    requirement: &Requirement,
    person: &PersonFacts,
    period: Period,
) -> Minutes {
    let (true, Measure::Hours { minimum, .. }, Some(hired)) = (
        requirement.prorate_first_period,
        &requirement.measure,
        person.hire_date,
    ) else {
        return Minutes::ZERO;
    };
    if hired <= period.start || hired > period.end {
        return Minutes::ZERO;
    }
    let days = |from: Date| u64::try_from((period.end - from).whole_days() + 1).unwrap_or(1);
    let share = u64::from(minimum.0) * days(hired) / days(period.start).max(1);
    let share = share.div_ceil(15) * 15;
    minimum.saturating_sub(Minutes(u32::try_from(share).unwrap_or(u32::MAX)))
}
