//! The evaluation: one pure function from a person's facts, requirements, records,
//! credentials and waivers on a day to a report.

use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use super::amounts::Minutes;
use super::calendar::{add_months, next_day, plus_days, previous_day};
use super::inputs::{CredentialHeld, PersonFacts, TrainingRecord, Waiver, WaiverEffect};
use super::periods::{Lookup, Period, period_on, previous};
use super::rules::{Binding, Measure, PeriodRule, PeriodsJudged, Requirement};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequirementStatus {
    /// Done for the period.
    Met,
    /// Not done, due later than the at-risk window.
    Pending,
    /// Not done and due within the at-risk window, in a grace period, or undecidable for
    /// lack of data.
    AtRisk,
    /// Not done by the due date (and any grace).
    Overdue,
    /// Waived for the period by an approved waiver.
    Waived,
    NotApplicable,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OverallStatus {
    Compliant,
    AtRisk,
    NonCompliant,
    NotApplicable,
}

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
    pub status: OverallStatus,
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
    /// Topics whose hours do not count toward totals (e.g. Ohio's firearms requalification
    /// is not creditable as CPT).
    pub non_creditable_topics: &'a [String],
    pub as_of: Date,
    /// Days before a due date when a shortfall becomes "at risk" (an agency setting).
    pub at_risk_days: u16,
}

/// The evaluation with its records sorted by date once, so each window is a slice.
struct Ctx<'a, 'r> {
    eval: Evaluation<'a, 'r>,
    by_date: Vec<&'a TrainingRecord>,
    /// Each record's hours by topic, flattened once: requirements read them many times.
    entries: Vec<(&'a str, Minutes)>,
    /// For each record of `by_date`, its slice of `entries`.
    spans: Vec<(usize, usize)>,
}

impl<'a, 'r> std::ops::Deref for Ctx<'a, 'r> {
    type Target = Evaluation<'a, 'r>;
    fn deref(&self) -> &Evaluation<'a, 'r> {
        &self.eval
    }
}

impl<'a> Ctx<'a, '_> {
    /// Positions in `by_date` of the records dated within `window`.
    fn window_range(&self, window: Period) -> std::ops::Range<usize> {
        let from = self.by_date.partition_point(|r| r.completed_on < window.start);
        let to = self.by_date.partition_point(|r| r.completed_on <= window.end);
        from..to.max(from)
    }

    /// The records dated within `window` (and not after the as-of date), oldest first.
    fn in_window(&self, window: Period) -> &[&'a TrainingRecord] {
        self.by_date.get(self.window_range(window)).unwrap_or(&[])
    }

    fn topics_of(&self, position: usize) -> &[(&'a str, Minutes)] {
        let (from, to) = self.spans[position];
        &self.entries[from..to]
    }
}

struct Judged<'a> {
    result: RequirementResult<'a>,
    next_change: Option<Date>,
    /// An outstanding shortfall of the period before the current one.
    from_previous: bool,
}

pub fn evaluate<'r>(evaluation: &Evaluation<'_, 'r>) -> ComplianceReport<'r> {
    let mut by_date: Vec<&TrainingRecord> = evaluation
        .records
        .iter()
        .filter(|r| r.completed_on <= evaluation.as_of)
        .collect();
    by_date.sort_by_key(|r| (r.completed_on, r.id));
        let mut entries = Vec::new();
    let mut spans = Vec::with_capacity(by_date.len());
    for record in &by_date {
        let from = entries.len();
        entries.extend(record.minutes_by_topic.iter().map(|(t, m)| (t.as_str(), *m)));
        spans.push((from, entries.len()));
    }
    let ctx = Ctx { eval: *evaluation, by_date, entries, spans };
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
        OverallStatus::NonCompliant
    } else if statuses().any(|s| s == RequirementStatus::AtRisk) {
        OverallStatus::AtRisk
    } else if statuses().all(|s| s == RequirementStatus::NotApplicable) {
        OverallStatus::NotApplicable
    } else {
        OverallStatus::Compliant
    };
    ComplianceReport {
        as_of: input.as_of,
        status,
        requirements,
        next_change_at,
    }
}

/// What was earned toward a measure in a window of days.
struct Progress {
    required: Amount,
    earned: Amount,
    met: bool,
    counted: Vec<Uuid>,
    /// Hours short (for sentences), or zero.
    short: Minutes,
}

fn counts_toward(topics: &[String], topic: &str, non_creditable: &[String]) -> bool {
    if topics.is_empty() {
        !non_creditable.iter().any(|t| t == topic)
    } else {
        topics.iter().any(|t| t == topic)
    }
}

/// The ids of records taken from a window, which are already in (date, id) order.
fn sorted_ids(records: Vec<&TrainingRecord>) -> Vec<Uuid> {
    records.into_iter().map(|r| r.id).collect()
}

/// What was earned in `window`. With `collect` false the counted records are not gathered:
/// for a check whose only question is whether the measure was met.
fn progress(
    input: &Ctx<'_, '_>,
    measure: &Measure,
    window: Period,
    reduce: Minutes,
    collect: bool,
) -> Progress {
    let in_window = input.in_window(window).iter().copied();
    match measure {
        Measure::Hours { topics, minimum } => {
            let required = minimum.saturating_sub(reduce);
                        let mut earned = Minutes::ZERO;
            let mut counted = Vec::new();
            for position in input.window_range(window) {
                let minutes: Minutes = input
                    .topics_of(position)
                    .iter()
                    .filter(|(topic, _)| counts_toward(topics, topic, input.non_creditable_topics))
                    .map(|(_, m)| *m)
                    .sum();
                                if minutes > Minutes::ZERO {
                    earned = earned + minutes;
                                        if collect {
                        // In (date, id) order already: the records are sorted so.
                        counted.push(input.by_date[position].id);
                    }
                }
            }
            Progress {
                required: Amount::Minutes(required),
                earned: Amount::Minutes(earned),
                                met: earned >= required,
                counted,
                short: required.saturating_sub(earned),
            }
        }
        Measure::TopicsChosen {
            topics,
            count,
            minimum_each,
        } => {
            let records: Vec<&TrainingRecord> = in_window.collect();
            let mut done = 0u32;
            let mut counted = Vec::new();
            for topic in topics {
                let minutes: Minutes = records
                    .iter()
                    .filter_map(|r| r.minutes_by_topic.get(topic))
                    .copied()
                    .sum();
                if minutes >= *minimum_each {
                    done += 1;
                    counted.extend(
                        records
                            .iter()
                            .filter(|r| r.minutes_by_topic.contains_key(topic))
                            .copied(),
                    );
                }
            }
            counted.sort_by_key(|r| (r.completed_on, r.id));
            counted.dedup_by_key(|r| r.id);
            let required = u32::from(*count);
            Progress {
                required: Amount::Count(required),
                earned: Amount::Count(done),
                met: done >= required,
                counted: counted.into_iter().map(|r| r.id).collect(),
                short: Minutes(minimum_each.0 * required.saturating_sub(done)),
            }
        }
        Measure::Event { event } => {
            let counted: Vec<&TrainingRecord> = in_window
                .filter(|r| r.events.iter().any(|e| e == event))
                .collect();
            let done = u32::try_from(counted.len()).unwrap_or(u32::MAX);
            Progress {
                required: Amount::Count(1),
                earned: Amount::Count(done),
                met: done >= 1,
                counted: sorted_ids(counted),
                short: Minutes::ZERO,
            }
        }
        Measure::Credential { credential_type } => {
            let mut valid: Vec<&CredentialHeld> = input
                .credentials
                .iter()
                .filter(|c| &c.credential_type == credential_type && c.valid_on(input.as_of))
                .collect();
            valid.sort_by_key(|c| (c.expires_on.is_none(), c.expires_on, c.id));
            let held = u32::from(!valid.is_empty());
            Progress {
                required: Amount::Count(1),
                earned: Amount::Count(held),
                met: held == 1,
                counted: valid.last().map(|c| c.id).into_iter().collect(),
                short: Minutes::ZERO,
            }
        }
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

fn waiver_for<'a>(input: &Ctx<'a, '_>, requirement: &Requirement, due: Date) -> Option<&'a Waiver> {
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
    // The closed period first: its shortfall stands even when the rule no longer binds now.
    if requirement.judges != PeriodsJudged::CurrentOnly
        && let Some(outstanding) = previous_shortfall(input, requirement, period)
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
    Some(judge_period(input, requirement, period))
}

fn windowed(rule: &PeriodRule) -> bool {
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
/// after that period make up the shortfall (no state found lets time alone cure it).
fn previous_shortfall<'a>(
    input: &Ctx<'_, '_>,
    requirement: &'a Requirement,
    period: Period,
) -> Option<Judged<'a>> {
    let person = input.person;
    let prev = previous(&requirement.period, person, period)?;
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
    if history_missing
        || before_first_period(requirement, person, prev)
        || started.is_none_or(|s| s > prev.end)
        || !binds(requirement, prev)
        || exempt_this_year(requirement, person, prev)
    {
        return None;
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
    // Late records, up to today, count toward the missed period.
    let late_window = Period {
        start: prev.start,
        end: input.as_of.max(prev.end),
    };
    let within = progress(
        input,
        &requirement.measure,
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
    let late = progress(input, &requirement.measure, late_window, reduce, true);
    if late.met {
        return None;
    }
    let grace_end = plus_days(due, i64::from(requirement.grace_days));
    let (status, next_change) = if input.as_of <= grace_end {
        (RequirementStatus::AtRisk, Some(next_day(grace_end)))
    } else {
        (RequirementStatus::Overdue, None)
    };
    let explanation = sentence(requirement, &late, status, due, grace_end, input.as_of);
    let mut r = result(requirement, status, explanation);
    r.period = Some(prev);
    r.due = Some(due);
    r.required = late.required;
    r.earned = late.earned;
    r.remaining = amounts(late.required, late.earned);
    r.counted = late.counted;
    r.waiver = waiver.map(|w| w.id);
    Some(Judged {
        result: r,
        next_change,
        from_previous: true,
    })
}

fn judge_period<'a>(
    input: &Ctx<'_, '_>,
    requirement: &'a Requirement,
    period: Period,
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
    let mut window = period;
    if is_windowed && due > period.end {
        window.end = due;
    }
    let p = progress(input, &requirement.measure, window, reduce, true);
    let at_risk_from = |due: Date| plus_days(due, -i64::from(input.at_risk_days));
    let (status, next_change) = match (&requirement.measure, &requirement.period) {
        (Measure::Credential { .. }, _) => credential_status(input, requirement, &p, &mut due),
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

/// "At all times": met while a credential is valid; at risk as its expiry nears.
fn credential_status(
    input: &Ctx<'_, '_>,
    requirement: &Requirement,
    p: &Progress,
    due: &mut Date,
) -> (RequirementStatus, Option<Date>) {
    let Some(id) = p.counted.first() else {
        // Lapsed: the shortfall dates from the last expiry of a credential of this type.
        if let Measure::Credential { credential_type } = &requirement.measure {
            let lapsed = input
                .credentials
                .iter()
                .filter(|c| &c.credential_type == credential_type && c.issued_on <= input.as_of)
                .filter_map(|c| c.expires_on)
                .max();
            if let Some(end) = lapsed {
                *due = end;
            }
        }
        return (RequirementStatus::Overdue, None);
    };
    let expires = input
        .credentials
        .iter()
        .find(|c| c.id == *id)
        .and_then(|c| c.expires_on);
    match expires {
        None => (RequirementStatus::Met, None),
        Some(end) => {
            *due = end;
            let warn = plus_days(end, -i64::from(input.at_risk_days));
            if input.as_of >= warn {
                (RequirementStatus::AtRisk, Some(next_day(end)))
            } else {
                (RequirementStatus::Met, Some(warn))
            }
        }
    }
}

/// The last day whose look-back window of `months` still holds `day` (the window of a day
/// `d` starts the day after `d` minus `months`, so month-end clamping can add a day).
fn last_day_covering(day: Date, months: u16) -> Date {
    let months = i32::from(months);
    let mut last = previous_day(add_months(day, months));
    loop {
        let next = next_day(last);
        if next == last || next_day(add_months(next, -months)) > day {
            return last;
        }
        last = next;
    }
}

/// "Once every N months": met until the counted training grows older than N months. With
/// nothing in the window, someone who started (or whose history in ConfiTrek began) less
/// than N months ago has until N months after that start.
fn rolling_status(
    input: &Ctx<'_, '_>,
    requirement: &Requirement,
    months: u16,
    p: &Progress,
    due: &mut Date,
    at_risk_from: impl Fn(Date) -> Date,
) -> (RequirementStatus, Option<Date>) {
    let timeline = |due: Date| {
        if input.as_of >= at_risk_from(due) {
            (RequirementStatus::AtRisk, Some(next_day(due)))
        } else {
            (RequirementStatus::Pending, Some(at_risk_from(due)))
        }
    };
    if !p.met {
        let person = input.person;
        let topics: &[String] = match &requirement.measure {
            Measure::Hours { topics, .. } => topics,
            _ => &[],
        };
        // Done before and lapsed: due the last day the newest of it still counted.
        let lapsed = input
            .records
            .iter()
            .filter(|r| r.completed_on <= input.as_of)
            .filter(|r| {
                r.minutes_by_topic
                    .keys()
                    .any(|t| counts_toward(topics, t, input.non_creditable_topics))
            })
            .map(|r| r.completed_on)
            .max();
        if let Some(last) = lapsed {
            *due = last_day_covering(last, months);
            return (RequirementStatus::Overdue, None);
        }
        let started = match (person.hire_date, person.records_complete_from) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        // A rule that begins to bind on a date gives no one less time than that date.
        let first_due = started
            .map(|s| last_day_covering(s, months))
            .map(|d| requirement.effective_from.map_or(d, |from| d.max(from)));
        return match first_due {
            Some(first_due) if first_due >= input.as_of => {
                *due = first_due;
                timeline(first_due)
            }
            Some(first_due) => {
                *due = first_due;
                (RequirementStatus::Overdue, None)
            }
            None => {
                *due = input.as_of;
                (RequirementStatus::Overdue, None)
            }
        };
    }
    // Met until the newest records that reach the minimum age out of the window.
    let (Amount::Minutes(required), Measure::Hours { topics, .. }) =
        (p.required, &requirement.measure)
    else {
        return (RequirementStatus::Met, None);
    };
    let mut newest_first: Vec<&TrainingRecord> = input
        .records
        .iter()
        .filter(|r| p.counted.contains(&r.id))
        .collect();
    newest_first.sort_by_key(|r| std::cmp::Reverse((r.completed_on, r.id)));
    let mut sum = Minutes::ZERO;
    let mut oldest_needed = input.as_of;
    for record in newest_first {
        sum = sum
            + record
                .minutes_by_topic
                .iter()
                .filter(|(topic, _)| counts_toward(topics, topic, input.non_creditable_topics))
                .map(|(_, m)| *m)
                .sum();
        oldest_needed = record.completed_on;
        if sum >= required {
            break;
        }
    }
    *due = last_day_covering(oldest_needed, months);
    match timeline(*due) {
        (RequirementStatus::Pending, next) => (RequirementStatus::Met, next),
        other => other,
    }
}

fn sentence(
    requirement: &Requirement,
    p: &Progress,
    status: RequirementStatus,
    due: Date,
    grace_end: Date,
    as_of: Date,
) -> String {
    let subject = &requirement.subject;
    let what = match &requirement.measure {
        Measure::Hours { .. } => format!("{} more hours of {subject}", p.short),
        Measure::TopicsChosen {
            count,
            minimum_each,
            ..
        } => {
            let done = match p.earned {
                Amount::Count(done) => done,
                Amount::Minutes(_) => 0,
            };
            let missing = u32::from(*count).saturating_sub(done);
            format!("{missing} more {subject} topics at {minimum_each} hours each")
        }
        Measure::Event { .. } | Measure::Credential { .. } => format!("a current {subject}"),
    };
    match status {
        RequirementStatus::Met => match (
            &requirement.measure,
            &requirement.period,
            p.earned,
            p.required,
        ) {
            (Measure::Credential { .. }, ..) if due == as_of => {
                format!("met: {subject} held (does not expire)")
            }
            (_, PeriodRule::AtAllTimes | PeriodRule::Rolling { .. }, ..) => {
                format!("met: {subject} current until {due}")
            }
            (Measure::Hours { .. }, _, Amount::Minutes(e), Amount::Minutes(r)) => {
                format!("met: {e} of {r} hours of {subject} for the period ending {due}")
            }
            _ => format!("met: {subject} done for the period ending {due}"),
        },
        RequirementStatus::AtRisk if p.met => format!("met until {due}: renew {subject} by then"),
        RequirementStatus::Pending | RequirementStatus::AtRisk if as_of > due => {
            format!("needs {what} by {grace_end} (grace period after the {due} deadline)")
        }
        RequirementStatus::Pending | RequirementStatus::AtRisk => format!("needs {what} by {due}"),
        RequirementStatus::Overdue => format!("overdue: needed {what} by {due}"),
        RequirementStatus::Waived => format!("waived for the period ending {due}"),
        RequirementStatus::NotApplicable => "does not apply".to_owned(),
    }
}
