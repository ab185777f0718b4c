//! What a window of days holds toward a measure: the evaluation's records sorted by date
//! once, and the sums and counts read from them.

use uuid::Uuid;

use super::amounts::Minutes;
use super::evaluate::{Amount, Evaluation};
use super::inputs::{CredentialHeld, TrainingRecord};
use super::periods::Period;
use super::rules::Measure;

/// The evaluation with its records sorted by date once, so each window is a slice.
pub(super) struct Ctx<'a, 'r> {
    pub(super) eval: Evaluation<'a, 'r>,
    pub(super) by_date: Vec<&'a TrainingRecord>,
    /// Each record's hours by topic, flattened once: requirements read them many times.
    pub(super) entries: Vec<(&'a str, Minutes)>,
    /// For each record of `by_date`, its slice of `entries`.
    pub(super) spans: Vec<(usize, usize)>,
}

impl<'a, 'r> std::ops::Deref for Ctx<'a, 'r> {
    type Target = Evaluation<'a, 'r>;
    fn deref(&self) -> &Evaluation<'a, 'r> {
        &self.eval
    }
}

impl<'a> Ctx<'a, '_> {
    /// Positions in `by_date` of the records dated within `window`.
    #[inline]
    pub(super) fn window_range(&self, window: Period) -> std::ops::Range<usize> {
        let from = self
            .by_date
            .partition_point(|r| r.completed_on < window.start);
        let to = self
            .by_date
            .partition_point(|r| r.completed_on <= window.end);
        from..to.max(from)
    }

    /// The records dated within `window` (and not after the as-of date), oldest first.
    #[inline]
    pub(super) fn in_window(&self, window: Period) -> &[&'a TrainingRecord] {
        self.by_date.get(self.window_range(window)).unwrap_or(&[])
    }

    fn topics_of(&self, position: usize) -> &[(&'a str, Minutes)] {
        let (from, to) = self.spans[position];
        &self.entries[from..to]
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

#[inline]
pub(super) fn counts_toward(topics: &[String], topic: &str, non_creditable: &[String]) -> bool {
    if topics.is_empty() {
        !non_creditable.iter().any(|t| t == topic)
    } else {
        topics.iter().any(|t| t == topic)
    }
}

/// The ids of records taken from a window, which are already in (date, id) order.
#[inline]
fn sorted_ids(records: Vec<&TrainingRecord>) -> Vec<Uuid> {
    records.into_iter().map(|r| r.id).collect()
}

/// What was earned in `window`. With `collect` false the counted records are not gathered:
/// for a check whose only question is whether the measure was met.
#[inline]
pub(super) fn progress(
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
