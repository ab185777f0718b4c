//! The content of a record or course: hours per topic and events.
//!
//! Bounds. A record is one course or one event, dated the day it was completed, so a bound
//! per day cannot be checked on it: a 40-hour crisis-intervention course is one record.
//! Continuing-education courses a coordinator records run at most a few 40-hour weeks, so a
//! record or course may hold at most [`MAX_HOURS_PER_TOPIC`] hours in one topic and
//! [`MAX_HOURS_TOTAL`] in all; a larger number is a typing slip (minutes typed as hours),
//! refused before it makes someone compliant. A session checks the per-day bound: its course
//! cannot hold more than 24 hours for each day the session runs (see `ValidSession`).
//! Hours are kept as whole minutes; a topic must earn at least one.

use std::collections::{BTreeMap, BTreeSet};

use super::Catalog;
use crate::compliance::Minutes;
use crate::validation::ValidationErrors;

pub const MAX_HOURS_PER_TOPIC: u32 = 80;
pub const MAX_HOURS_TOTAL: u32 = 160;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HoursError {
    #[error("must be more than 0 hours (at least one minute)")]
    NotPositive,
    #[error("must be at most {max} hours in one topic")]
    TooMany { max: u32 },
    #[error("is not a topic of this agency or its state's rules")]
    UnknownTopic,
}

/// Hours by topic and events, validated against the catalog.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrainingContent {
    pub minutes_by_topic: BTreeMap<String, Minutes>,
    /// Sorted, without repeats.
    pub events: Vec<String>,
}

impl TrainingContent {
    /// Checks every topic and event, pushing an error per invalid entry (`hours.<code>`,
    /// `events.<i>`) onto `errors`; `None` if any was invalid.
    pub fn parse(
        hours: &BTreeMap<String, f64>,
        events: &[String],
        catalog: &Catalog,
        errors: &mut ValidationErrors,
    ) -> Option<Self> {
        let before = errors.0.len();
        let mut minutes_by_topic = BTreeMap::new();
        for (code, value) in hours {
            let field = format!("hours.{code}");
            if !catalog.knows_topic(code) {
                errors.push(field, HoursError::UnknownTopic.to_string());
                continue;
            }
            match topic_minutes(*value) {
                Ok(m) => {
                    minutes_by_topic.insert(code.clone(), m);
                }
                Err(e) => errors.push(field, e.to_string()),
            }
        }
        let mut seen = BTreeSet::new();
        for (i, event) in events.iter().enumerate() {
            let event = event.trim();
            if catalog.knows_event(event) {
                seen.insert(event.to_owned());
            } else {
                errors.push(
                    format!("events.{i}"),
                    "is not an event of this agency's state rules",
                );
            }
        }
        if hours.is_empty() && events.is_empty() {
            errors.push(
                "hours",
                "name at least one topic with its hours, or an event",
            );
        }
        let total: Minutes = minutes_by_topic.values().copied().sum();
        if total > Minutes::from_hours(MAX_HOURS_TOTAL) {
            errors.push(
                "hours",
                format!("must add up to at most {MAX_HOURS_TOTAL} hours (got {total})"),
            );
        }
        (errors.0.len() == before).then(|| TrainingContent {
            minutes_by_topic,
            events: seen.into_iter().collect(),
        })
    }

    pub fn total(&self) -> Minutes {
        self.minutes_by_topic.values().copied().sum()
    }
}

fn topic_minutes(hours: f64) -> Result<Minutes, HoursError> {
    if hours.is_finite() && hours > f64::from(MAX_HOURS_PER_TOPIC) {
        return Err(HoursError::TooMany {
            max: MAX_HOURS_PER_TOPIC,
        });
    }
    match Minutes::from_decimal_hours(hours) {
        Some(m) if m > Minutes::ZERO => Ok(m),
        _ => Err(HoursError::NotPositive),
    }
}
