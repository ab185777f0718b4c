//! A person's compliance history: every period of every hours requirement the engine settles
//! (the closed ones before the current, at most
//! [`MAX_CLOSED`](super::allocation::MAX_CLOSED), and the current one), each
//! with its verdict on the deadline and today. It reads the same settlement as [`evaluate`],
//! so a period is never judged two ways.
//!
//! [`evaluate`]: super::evaluate::evaluate

use time::Date;

pub use confitrek_vocabulary::PeriodVerdict;

use super::allocation::{Closed, settle};
use super::amounts::Minutes;
use super::calendar::plus_days;
use super::evaluate::{
    Amount, Evaluation, Owing, owing, required_minutes, waiver_for, windowed, without_settled,
};
use super::inputs::WaiverEffect;
use super::periods::{Lookup, Period, period_on};
use super::progress::{Ctx, progress};
use super::rules::{LateHours, Measure, PeriodsJudged, Requirement};

/// One period of one requirement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodHistory<'r> {
    pub requirement: &'r Requirement,
    /// For the current period: what is credited so far, nothing made up.
    pub settled: Closed,
    pub verdict: PeriodVerdict,
    /// What the missed deadline means, for a period missed and not made up.
    pub consequence: Option<&'r str>,
    /// One sentence a coordinator can read aloud.
    pub explanation: String,
}

/// Every settled period of the hours requirements that apply to the person, per requirement
/// oldest first. Requirements of other measures (events, credentials, acknowledgements) are
/// judged by [`evaluate`](super::evaluate::evaluate) alone.
pub fn history<'r>(evaluation: &Evaluation<'_, 'r>) -> Vec<PeriodHistory<'r>> {
    let ctx = Ctx::new(evaluation);
    let person = evaluation.person;
    let mut periods = Vec::new();
    for requirement in evaluation.requirements {
        if !matches!(requirement.measure, Measure::Hours { .. })
            || !windowed(&requirement.period)
            || !requirement.applies.applies(person.status, &person.roles)
        {
            continue;
        }
        let current = match period_on(&requirement.period, person, evaluation.as_of) {
            Lookup::In(current) => current,
            // The first period's dates, before it begins (Oregon: the first cycle starts on
            // the January 1 after a certification in the second half of a year).
            Lookup::NotStarted(start) => {
                if let Lookup::In(first) = period_on(&requirement.period, person, start) {
                    periods.push(not_started(requirement, first));
                }
                continue;
            }
            Lookup::MissingData(_) => continue,
        };
        let settled = settle(
            &ctx,
            requirement,
            current,
            |p| owing(&ctx, requirement, p),
            |p| required_minutes(requirement, person, p),
        );
        // After a new rule-set version two entries speak for one requirement: the old one
        // for the closed period it governs, the new one for the current period.
        let closed = settled.closed.iter().enumerate().filter(|(i, _)| {
            let last = *i + 1 == settled.closed.len();
            match requirement.judges {
                PeriodsJudged::Both => true,
                PeriodsJudged::PreviousOnly => last,
                PeriodsJudged::CurrentOnly => !last,
            }
        });
        for (_, c) in closed {
            periods.push(closed_history(requirement, c.clone()));
        }
        if requirement.judges != PeriodsJudged::PreviousOnly {
            match owing(&ctx, requirement, current) {
                Owing::Owed => {
                    let credited = |window| {
                        let p = progress(&ctx, requirement, window, Minutes::ZERO, true);
                        without_settled(&ctx, requirement, window, p, &settled)
                    };
                    periods.push(current_history(&ctx, requirement, current, credited));
                }
                Owing::Exempt => {
                    let required = required_minutes(requirement, person, current);
                    periods.push(closed_history(
                        requirement,
                        Closed::nothing_owed(current, required),
                    ));
                }
                Owing::NotJudged => {}
            }
        }
    }
    periods
}

fn closed_history(requirement: &Requirement, closed: Closed) -> PeriodHistory<'_> {
    let due = closed.due;
    let (verdict, explanation) = if closed.exempt {
        (
            PeriodVerdict::Exempt,
            format!(
                "exempt: the year of certification, ending {}",
                closed.period.end
            ),
        )
    } else if closed.waived {
        (
            PeriodVerdict::Waived,
            format!("waived for the period ending {}", closed.period.end),
        )
    } else if closed.met_on_time() {
        (
            PeriodVerdict::MetOnTime,
            format!(
                "met on time: {} of {} hours by {due}",
                closed.by_deadline, closed.required
            ),
        )
    } else if let Some(on) = closed.made_up_on() {
        (
            PeriodVerdict::MadeUpLate,
            format!(
                "missed on {due}, {} hours short; made up late on {on}",
                closed.shortfall()
            ),
        )
    } else {
        let rest = match requirement.missed.late_hours {
            LateHours::MakeUp => format!("{} hours still to make up", closed.outstanding()),
            LateHours::WhereEarned => {
                "hours completed later count toward the period they were completed in".to_owned()
            }
        };
        (
            PeriodVerdict::Missed,
            format!(
                "missed on {due}, {} hours short; {rest}",
                closed.shortfall()
            ),
        )
    };
    let consequence = (verdict == PeriodVerdict::Missed)
        .then_some(requirement.missed.consequence.as_deref())
        .flatten();
    PeriodHistory {
        requirement,
        settled: closed,
        verdict,
        consequence,
        explanation,
    }
}

fn not_started(requirement: &Requirement, first: Period) -> PeriodHistory<'_> {
    PeriodHistory {
        requirement,
        settled: Closed {
            period: first,
            due: first.end,
            required: required_of(requirement),
            by_deadline: Minutes::ZERO,
            on_time: Vec::new(),
            made_up: Vec::new(),
            waiver: None,
            waived: false,
            exempt: false,
        },
        verdict: PeriodVerdict::NotStarted,
        consequence: None,
        explanation: format!(
            "first period {} to {}, not started yet",
            first.start, first.end
        ),
    }
}

fn required_of(requirement: &Requirement) -> Minutes {
    match &requirement.measure {
        Measure::Hours { minimum, .. } => *minimum,
        _ => Minutes::ZERO,
    }
}

fn current_history<'r>(
    ctx: &Ctx<'_, '_>,
    requirement: &'r Requirement,
    period: Period,
    credited: impl Fn(Period) -> super::progress::Progress,
) -> PeriodHistory<'r> {
    let waiver = waiver_for(ctx, requirement, period.end);
    let (due, reduce, waived) = match waiver.map(|w| w.effect) {
        Some(WaiverEffect::Exempt) => (period.end, Minutes::ZERO, true),
        Some(WaiverEffect::ExtendDays { days }) => {
            (plus_days(period.end, i64::from(days)), Minutes::ZERO, false)
        }
        Some(WaiverEffect::ReduceBy { minutes }) => (period.end, minutes, false),
        None => (period.end, Minutes::ZERO, false),
    };
    let required = required_minutes(requirement, ctx.person, period).saturating_sub(reduce);
    let p = credited(Period {
        start: period.start,
        end: due.max(period.end),
    });
    let earned = match p.earned {
        Amount::Minutes(m) => m,
        Amount::Count(_) => Minutes::ZERO,
    };
    let settled = Closed {
        period,
        due,
        required,
        by_deadline: earned,
        on_time: p.counted,
        made_up: Vec::new(),
        waiver: waiver.map(|w| w.id),
        waived,
        exempt: false,
    };
    let (verdict, explanation) = if waived {
        (
            PeriodVerdict::Waived,
            format!("waived for the period ending {}", period.end),
        )
    } else {
        (
            PeriodVerdict::InProgress,
            format!("{earned} of {required} hours so far; due {due}"),
        )
    };
    PeriodHistory {
        requirement,
        settled,
        verdict,
        consequence: None,
        explanation,
    }
}

/// The periods of a history that overlap `from..=to`.
pub fn within<'h, 'r>(
    history: &'h [PeriodHistory<'r>],
    from: Date,
    to: Date,
) -> impl Iterator<Item = &'h PeriodHistory<'r>> {
    history
        .iter()
        .filter(move |h| h.settled.period.start <= to && h.settled.period.end >= from)
}
