//! One hour, one period: for an hours requirement judged over fixed periods, each minute of a
//! record counts toward one period only. Periods are settled oldest first: a period takes
//! its own records, then those of a waiver's extension up to its shortfall, then (where the
//! rule set lets late hours make it up) later records up to what is still short. What a
//! period takes from a later record no later period counts again.

use time::Date;
use uuid::Uuid;

use super::amounts::Minutes;
use super::calendar::plus_days;
use super::evaluate::Owing;
use super::inputs::WaiverEffect;
use super::periods::{Period, previous};
use super::progress::Ctx;
use super::rules::{LateHours, Measure, Requirement};

/// The most closed periods settled before the current one: enough for any history a report
/// reads (six years of annual periods, three cycles), and a bound on the work.
pub const MAX_CLOSED: usize = 8;

/// Hours a later record gave to a closed period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MadeUp {
    pub record: Uuid,
    pub completed_on: Date,
    pub minutes: Minutes,
}

/// How a closed period of an hours requirement stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closed {
    pub period: Period,
    /// The deadline: the period's end, or a waiver's extension of it.
    pub due: Date,
    pub required: Minutes,
    /// Hours credited by the deadline.
    pub by_deadline: Minutes,
    /// The records credited by the deadline, oldest first, for a period still short today
    /// (empty otherwise: listing them for every period met would cost every evaluation).
    pub on_time: Vec<Uuid>,
    /// Late records credited to the period, oldest first.
    pub made_up: Vec<MadeUp>,
    pub waiver: Option<Uuid>,
    /// Waived whole: nothing was owed.
    pub waived: bool,
    /// Exempt by the rule itself (the certification year): nothing was owed.
    pub exempt: bool,
}

impl Closed {
    /// A period the rule itself exempts.
    pub(super) fn nothing_owed(period: Period, required: Minutes) -> Self {
        Closed {
            period,
            due: period.end,
            required,
            by_deadline: Minutes::ZERO,
            on_time: Vec::new(),
            made_up: Vec::new(),
            waiver: None,
            waived: false,
            exempt: true,
        }
    }

    pub fn met_on_time(&self) -> bool {
        self.waived || self.exempt || self.by_deadline >= self.required
    }

    /// The hours short on the deadline.
    pub fn shortfall(&self) -> Minutes {
        if self.waived || self.exempt {
            Minutes::ZERO
        } else {
            self.required.saturating_sub(self.by_deadline)
        }
    }

    pub fn made_up_total(&self) -> Minutes {
        self.made_up.iter().map(|m| m.minutes).sum()
    }

    /// What is still owed after late records.
    pub fn outstanding(&self) -> Minutes {
        self.shortfall().saturating_sub(self.made_up_total())
    }

    /// The day the last late hour needed was completed, once the shortfall is made up.
    pub fn made_up_on(&self) -> Option<Date> {
        (!self.met_on_time() && self.outstanding() == Minutes::ZERO)
            .then(|| self.made_up.last().map(|m| m.completed_on))
            .flatten()
    }
}

/// The closed periods before `current` (oldest first) and the minutes each record gave to
/// them, which the current period does not count again.
#[derive(Debug, Default)]
pub(super) struct Settled {
    pub(super) closed: Vec<Closed>,
    /// (position in the evaluation's records by date, minutes taken), by position.
    taken: Vec<(usize, Minutes)>,
}

impl Settled {
    fn taken_at(&self, position: usize) -> Minutes {
        self.taken
            .binary_search_by_key(&position, |(p, _)| *p)
            .map_or(Minutes::ZERO, |i| self.taken[i].1)
    }

    fn take(&mut self, position: usize, minutes: Minutes) {
        match self.taken.binary_search_by_key(&position, |(p, _)| *p) {
            Ok(i) => self.taken[i].1 = self.taken[i].1 + minutes,
            Err(i) => self.taken.insert(i, (position, minutes)),
        }
    }

    /// Minutes of the records at `positions` that closed periods already took.
    pub(super) fn taken_within(&self, positions: std::ops::Range<usize>) -> Minutes {
        let from = self.taken.partition_point(|(p, _)| *p < positions.start);
        let to = self.taken.partition_point(|(p, _)| *p < positions.end);
        self.taken[from..to].iter().map(|(_, m)| *m).sum()
    }

    /// Whether closed periods took every minute the record at `position` has toward the
    /// requirement.
    pub(super) fn used_up(&self, ctx: &Ctx<'_, '_>, columns: &[usize], position: usize) -> bool {
        let own = ctx.minutes(position..position + 1, columns);
        own > Minutes::ZERO && self.taken_at(position) >= own
    }
}

/// Which closed periods a requirement settles: those its rules judged (`judged` says whether
/// a period binds and was the person's to meet), at most [`MAX_CLOSED`] of them.
pub(super) fn settle(
    ctx: &Ctx<'_, '_>,
    requirement: &Requirement,
    current: Period,
    judged: impl Fn(Period) -> Owing,
    required: impl Fn(Period) -> Minutes,
) -> Settled {
    let mut settled = Settled::default();
    if !matches!(requirement.measure, Measure::Hours { .. }) {
        return settled;
    }
    // Newest first, on the stack: this runs for every hours requirement of every person.
    let mut periods = [current; MAX_CLOSED];
    let mut exempt = [false; MAX_CLOSED];
    let mut found = 0;
    while found < MAX_CLOSED {
        match previous(
            &requirement.period,
            ctx.person,
            periods[found.saturating_sub(1)],
        ) {
            Some(p) => match judged(p) {
                Owing::NotJudged => break,
                owing => {
                    periods[found] = p;
                    exempt[found] = owing == Owing::Exempt;
                    found += 1;
                }
            },
            None => break,
        }
    }
    let columns = ctx.columns_of(requirement);
    settled.closed.reserve_exact(found);
    for (&period, &exempt) in periods[..found].iter().zip(&exempt).rev() {
        let closed = if exempt {
            Closed::nothing_owed(period, required(period))
        } else {
            settle_one(
                ctx,
                requirement,
                columns,
                period,
                required(period),
                &mut settled,
            )
        };
        settled.closed.push(closed);
    }
    settled
}

fn settle_one(
    ctx: &Ctx<'_, '_>,
    requirement: &Requirement,
    columns: &[usize],
    period: Period,
    required: Minutes,
    settled: &mut Settled,
) -> Closed {
    let waiver = super::evaluate::waiver_for(ctx, requirement, period.end);
    let (due, reduce, waived) = match waiver.map(|w| w.effect) {
        Some(WaiverEffect::Exempt) => (period.end, Minutes::ZERO, true),
        Some(WaiverEffect::ExtendDays { days }) => {
            (plus_days(period.end, i64::from(days)), Minutes::ZERO, false)
        }
        Some(WaiverEffect::ReduceBy { minutes }) => (period.end, minutes, false),
        None => (period.end, Minutes::ZERO, false),
    };
    let mut closed = Closed {
        period,
        due,
        required: required.saturating_sub(reduce),
        by_deadline: Minutes::ZERO,
        on_time: Vec::new(),
        made_up: Vec::new(),
        waiver: waiver.map(|w| w.id),
        waived,
        exempt: false,
    };
    if waived {
        return closed;
    }
    // Its own records: every minute not already given to an earlier period, summed from the
    // running totals. No later period reaches back into this window, so what it uses here
    // need not be marked as taken.
    let own = ctx.window_range(period);
    closed.by_deadline = ctx
        .minutes(own.clone(), columns)
        .saturating_sub(settled.taken_within(own.clone()));
    // A waiver's extension: records after the end count by the deadline, up to the shortfall.
    let extension = Period {
        start: super::calendar::next_day(period.end),
        end: due.min(ctx.as_of),
    };
    let mut extended = Vec::new();
    if extension.start <= extension.end && closed.by_deadline < closed.required {
        for position in ctx.window_range(extension) {
            let short = closed.required.saturating_sub(closed.by_deadline);
            if short == Minutes::ZERO {
                break;
            }
            let taken = take_up_to(ctx, columns, position, short, settled);
            if taken > Minutes::ZERO {
                closed.by_deadline = closed.by_deadline + taken;
                extended.push(ctx.by_date[position].id);
            }
        }
    }
    if requirement.missed.late_hours == LateHours::MakeUp
        && ctx.as_of > due
        && closed.outstanding() > Minutes::ZERO
    {
        let late = Period {
            start: super::calendar::next_day(due),
            end: ctx.as_of,
        };
        for position in ctx.window_range(late) {
            let short = closed.outstanding();
            if short == Minutes::ZERO {
                break;
            }
            let taken = take_up_to(ctx, columns, position, short, settled);
            if taken > Minutes::ZERO {
                let record = ctx.by_date[position];
                closed.made_up.push(MadeUp {
                    record: record.id,
                    completed_on: record.completed_on,
                    minutes: taken,
                });
            }
        }
    }
    // The records behind a shortfall that stands, for the report; a period met or made up
    // needs no list, and most are.
    if closed.outstanding() > Minutes::ZERO {
        closed.on_time = own
            .filter(|p| ctx.minutes(*p..*p + 1, columns) > settled.taken_at(*p))
            .map(|p| ctx.by_date[p].id)
            .chain(extended)
            .collect();
    }
    closed
}

/// Takes up to `short` of what the record at `position` still has toward the requirement.
fn take_up_to(
    ctx: &Ctx<'_, '_>,
    columns: &[usize],
    position: usize,
    short: Minutes,
    settled: &mut Settled,
) -> Minutes {
    let available = ctx
        .minutes(position..position + 1, columns)
        .saturating_sub(settled.taken_at(position));
    let taken = if available < short { available } else { short };
    if taken > Minutes::ZERO {
        settled.take(position, taken);
    }
    taken
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use time::macros::date;

    use super::*;
    use crate::compliance::evaluate::Owing;
    use crate::compliance::inputs::{PersonFacts, TrainingRecord};
    use crate::compliance::periods::{Lookup, period_on};
    use crate::compliance::rules::{
        Applicability, Binding, MissedDeadline, PeriodRule, PeriodsJudged,
    };
    use crate::compliance::{Evaluation, TopicCode};
    use crate::people::PersonStatus;

    fn yearly(late_hours: LateHours) -> Requirement {
        Requirement {
            id: "annual".into(),
            title: "Annual hours".into(),
            subject: "training".into(),
            citations: vec!["TEST".into()],
            unconfirmed: None,
            applies: Applicability::default(),
            period: PeriodRule::CalendarYear,
            measure: Measure::Hours {
                topics: vec![],
                minimum: Minutes::from_hours(24),
            },
            effective_from: None,
            effective_until: None,
            binding: Binding::Immediately,
            grace_days: 0,
            prorate_first_period: false,
            missed: MissedDeadline {
                late_hours,
                ..MissedDeadline::default()
            },
            judges: PeriodsJudged::Both,
        }
    }

    proptest! {
        /// Across every period of a requirement, the hours credited never exceed the hours
        /// recorded, and no record gives more than it has.
        #[test]
        fn hours_credited_never_exceed_hours_recorded(
            records in prop::collection::vec((0i64..3650, 0u32..3000), 0..40),
            as_of in 0i64..3650,
            make_up in any::<bool>(),
        ) {
            let start = date!(2017 - 01 - 01);
            let records: Vec<TrainingRecord> = records
                .iter()
                .enumerate()
                .map(|(i, (day, minutes))| TrainingRecord {
                    id: Uuid::from_u128(i as u128 + 1),
                    completed_on: start + time::Duration::days(*day),
                    minutes_by_topic: vec![(TopicCode::from("general"), Minutes(*minutes))],
                    events: vec![],
                })
                .collect();
            let person = PersonFacts {
                status: PersonStatus::Active,
                roles: vec![],
                hire_date: Some(date!(2016 - 06 - 01)),
                certified_on: None,
                license_cycle: None,
                records_complete_from: None,
            };
            let late = if make_up { LateHours::MakeUp } else { LateHours::WhereEarned };
            let requirements = [yearly(late)];
            let as_of = start + time::Duration::days(as_of);
            let evaluation = Evaluation {
                person: &person,
                requirements: &requirements,
                records: &records,
                credentials: &[],
                waivers: &[],
                policies: &[],
                acknowledgements: &[],
                non_creditable_topics: &[],
                as_of,
                at_risk_days: 90,
            };
            let ctx = Ctx::new(&evaluation);
            let Lookup::In(current) = period_on(&requirements[0].period, &person, as_of) else {
                panic!("a calendar year always holds the day");
            };
            let settled = settle(&ctx, &requirements[0], current, |_| Owing::Owed, |_| Minutes::from_hours(24));
            let columns = ctx.columns_of(&requirements[0]);
            for position in 0..ctx.by_date.len() {
                prop_assert!(settled.taken_at(position) <= ctx.minutes(position..position + 1, columns));
            }
            let credited: Minutes = settled
                .closed
                .iter()
                .map(|c| c.by_deadline + c.made_up_total())
                .sum();
            let range = ctx.window_range(current);
            let current_earned = ctx
                .minutes(range.clone(), columns)
                .saturating_sub(settled.taken_within(range));
            let recorded: Minutes = records
                .iter()
                .filter(|r| r.completed_on <= as_of)
                .map(|r| r.minutes_by_topic[0].1)
                .sum();
            prop_assert!(credited + current_earned <= recorded);
            if !make_up {
                prop_assert!(settled.closed.iter().all(|c| c.made_up.is_empty()));
            }
        }
    }
}
