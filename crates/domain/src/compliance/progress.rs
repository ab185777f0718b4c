//! What a window of days holds toward a measure. The evaluation's records are sorted by date
//! once and their minutes folded into running totals per topic a requirement names, so the
//! hours in any window are a subtraction per topic, however many records the person has.

use std::ops::Range;

use uuid::Uuid;

use super::amounts::Minutes;
use super::evaluate::{Amount, Evaluation, assigned_version};
use super::inputs::{CredentialHeld, TrainingRecord};
use super::periods::Period;
use super::rules::{Measure, Requirement};

/// The evaluation with its records sorted by date and summed by topic once.
pub(super) struct Ctx<'a, 'r> {
    pub(super) eval: Evaluation<'a, 'r>,
    /// The records up to the as-of date, by (date, id).
    pub(super) by_date: Vec<&'a TrainingRecord>,
    /// Columns of `totals`: one per topic some requirement names, then the creditable total.
    width: usize,
    /// Running totals: row `i` holds each column's minutes over `by_date[..i]`.
    totals: Vec<Minutes>,
    /// For each requirement (in the evaluation's order), its range of `columns`.
    requirement_columns: Vec<Range<usize>>,
    columns: Vec<usize>,
}

impl<'a, 'r> std::ops::Deref for Ctx<'a, 'r> {
    type Target = Evaluation<'a, 'r>;
    fn deref(&self) -> &Evaluation<'a, 'r> {
        &self.eval
    }
}

/// A topic list names its topics; an empty one means every creditable topic.
const TOTAL: usize = usize::MAX;

fn topics_of(measure: &Measure) -> Option<&[String]> {
    match measure {
        Measure::Hours { topics, .. } | Measure::TopicsChosen { topics, .. } => Some(topics),
        Measure::Event { .. } | Measure::Credential { .. } | Measure::Acknowledgement { .. } => {
            None
        }
    }
}

impl<'a, 'r> Ctx<'a, 'r> {
    pub(super) fn new(eval: &Evaluation<'a, 'r>) -> Self {
        let mut by_date: Vec<&TrainingRecord> = eval
            .records
            .iter()
            .filter(|r| r.completed_on <= eval.as_of)
            .collect();
        if !by_date.is_sorted_by_key(|r| (r.completed_on, r.id)) {
            by_date.sort_unstable_by_key(|r| (r.completed_on, r.id));
        }
        // Intern the topics the requirements name.
        let mut names: Vec<&str> = Vec::new();
        let mut columns = Vec::new();
        let mut requirement_columns = Vec::with_capacity(eval.requirements.len());
        for requirement in eval.requirements {
            let from = columns.len();
            match topics_of(&requirement.measure) {
                Some([]) => columns.push(TOTAL),
                Some(topics) => {
                    for topic in topics {
                        let column = match names.iter().position(|n| *n == topic) {
                            Some(column) => column,
                            None => {
                                names.push(topic);
                                names.len() - 1
                            }
                        };
                        if !columns[from..].contains(&column) {
                            columns.push(column);
                        }
                    }
                }
                None => {}
            }
            requirement_columns.push(from..columns.len());
        }
        let total = names.len();
        for column in &mut columns {
            if *column == TOTAL {
                *column = total;
            }
        }
        let width = total + 1;
        let mut totals = vec![Minutes::ZERO; width * (by_date.len() + 1)];
        for (i, record) in by_date.iter().enumerate() {
            let (before, after) = totals.split_at_mut((i + 1) * width);
            let row = &mut after[..width];
            row.copy_from_slice(&before[i * width..]);
            for (topic, minutes) in &record.minutes_by_topic {
                if let Some(column) = names.iter().position(|n| *n == &**topic) {
                    row[column] = row[column] + *minutes;
                }
                if !eval.non_creditable_topics.iter().any(|t| **t == **topic) {
                    row[total] = row[total] + *minutes;
                }
            }
        }
        Ctx {
            eval: *eval,
            by_date,
            width,
            totals,
            requirement_columns,
            columns,
        }
    }

    /// The columns a requirement's topics sum over (one per topic, or the total).
    pub(super) fn columns_of(&self, requirement: &Requirement) -> &[usize] {
        // Requirements are judged by reference into the evaluation's slice.
        let index = self
            .requirements
            .iter()
            .position(|r| std::ptr::eq(r, requirement))
            .unwrap_or(usize::MAX);
        self.requirement_columns
            .get(index)
            .and_then(|range| self.columns.get(range.clone()))
            .unwrap_or(&[])
    }

    /// Positions in `by_date` of the records dated within `window`.
    #[inline]
    pub(super) fn window_range(&self, window: Period) -> Range<usize> {
        let from = self
            .by_date
            .partition_point(|r| r.completed_on < window.start);
        let to = self
            .by_date
            .partition_point(|r| r.completed_on <= window.end);
        from..to.max(from)
    }

    /// Minutes in `columns` over the records at `positions`.
    #[inline]
    pub(super) fn minutes(&self, positions: Range<usize>, columns: &[usize]) -> Minutes {
        let (before, through) = (positions.start * self.width, positions.end * self.width);
        columns
            .iter()
            .map(|c| self.totals[through + c] - self.totals[before + c])
            .sum()
    }
}

/// What was earned toward a measure in a window of days.
pub(super) struct Progress {
    pub(super) required: Amount,
    pub(super) earned: Amount,
    pub(super) met: bool,
    pub(super) counted: Vec<Uuid>,
    /// Hours short (for sentences), or zero.
    pub(super) short: Minutes,
}

/// What `requirement` earned in `window`. With `collect` false the counted records are not
/// gathered: for a check whose only question is whether the measure was met.
pub(super) fn progress(
    input: &Ctx<'_, '_>,
    requirement: &Requirement,
    window: Period,
    reduce: Minutes,
    collect: bool,
) -> Progress {
    let range = input.window_range(window);
    let columns = input.columns_of(requirement);
    // The records at these positions with minutes in these columns, oldest first.
    let contributing = |columns: &[usize]| -> Vec<Uuid> {
        range
            .clone()
            .filter(|p| input.minutes(*p..*p + 1, columns) > Minutes::ZERO)
            .map(|p| input.by_date[p].id)
            .collect()
    };
    match &requirement.measure {
        Measure::Hours { minimum, .. } => {
            let required = minimum.saturating_sub(reduce);
            let earned = input.minutes(range.clone(), columns);
            Progress {
                required: Amount::Minutes(required),
                earned: Amount::Minutes(earned),
                met: earned >= required,
                counted: if collect {
                    contributing(columns)
                } else {
                    Vec::new()
                },
                short: required.saturating_sub(earned),
            }
        }
        Measure::TopicsChosen {
            count,
            minimum_each,
            ..
        } => {
            let done: Vec<usize> = columns
                .iter()
                .copied()
                .filter(|c| input.minutes(range.clone(), &[*c]) >= *minimum_each)
                .collect();
            let done_count = u32::try_from(done.len()).unwrap_or(u32::MAX);
            let required = u32::from(*count);
            Progress {
                required: Amount::Count(required),
                earned: Amount::Count(done_count),
                met: done_count >= required,
                counted: if collect {
                    contributing(&done)
                } else {
                    Vec::new()
                },
                short: Minutes(minimum_each.0 * required.saturating_sub(done_count)),
            }
        }
        Measure::Event { event } => {
            let counted: Vec<Uuid> = input.by_date[range]
                .iter()
                .filter(|r| r.events.iter().any(|e| e == event))
                .map(|r| r.id)
                .collect();
            let done = u32::try_from(counted.len()).unwrap_or(u32::MAX);
            Progress {
                required: Amount::Count(1),
                earned: Amount::Count(done),
                met: done >= 1,
                counted,
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
        Measure::Acknowledgement { policy, .. } => {
            let acknowledged = assigned_version(input, policy).and_then(|version| {
                input
                    .acknowledgements
                    .iter()
                    .filter(|a| {
                        a.policy == *policy
                            && a.version >= version.version
                            && a.acknowledged_on <= input.as_of
                    })
                    .min_by_key(|a| (a.acknowledged_on, a.id))
            });
            Progress {
                required: Amount::Count(1),
                earned: Amount::Count(u32::from(acknowledged.is_some())),
                met: acknowledged.is_some(),
                counted: acknowledged.map(|a| a.id).into_iter().collect(),
                short: Minutes::ZERO,
            }
        }
    }
}
