//! Training: what a person completed (records), the agency's catalog of courses with their
//! dated sessions, and the agency's own topics.
//!
//! A record holds hours per topic code and events (requalifications) that earn no hours;
//! the compliance engine counts them. Where a record came from (`RecordSource`) and whether
//! a coordinator has checked it (`Verification`) decide whether its hours count: only
//! verified hours, unless the agency chooses to count unverified ones too.

mod catalog;
mod hours;
mod record;

pub use catalog::{
    CourseDraft, Delivery, EnrollmentStatus, SessionDraft, TopicDraft, ValidCourse, ValidSession,
    ValidTopic, places_left,
};
pub use hours::{HoursError, MAX_HOURS_PER_TOPIC, MAX_HOURS_TOTAL, TrainingContent};
pub use record::{
    RecordDraft, RecordSource, RejectionReason, ValidRecord, Verification, counts_hours,
    evidence_reopens,
};

use std::collections::BTreeSet;

/// The topic and event codes a record or course may name: the jurisdiction's (any version,
/// since a record may be dated under an earlier one) and the agency's own topics.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    pub topics: BTreeSet<String>,
    pub events: BTreeSet<String>,
}

impl Catalog {
    pub fn knows_topic(&self, code: &str) -> bool {
        self.topics.contains(code)
    }

    pub fn knows_event(&self, code: &str) -> bool {
        self.events.contains(code)
    }
}

#[cfg(test)]
mod tests;
