//! What the engine is told about a person: facts, records, credentials and waivers.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use super::amounts::Minutes;
use crate::people::PersonStatus;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonFacts {
    pub status: PersonStatus,
    /// Role flags that decide which requirements apply: `part_time`, `reserve`,
    /// `supervisor`, `sro`, ... (sorted or not: the engine does not care).
    pub roles: Vec<String>,
    pub hire_date: Option<Date>,
    /// Basic certification date, for cycles anchored on it (Oregon).
    pub certified_on: Option<Date>,
    /// The person's recorded licence cycle (start, end), for cycles kept per person (Minnesota).
    pub license_cycle: Option<(Date, Date)>,
    /// The first day from which the agency's records of this person are complete (when the
    /// person was added, or the earliest imported history). A past period that started
    /// earlier is not judged: missing records there mean missing history, not missed training.
    pub records_complete_from: Option<Date>,
}

/// A topic code, e.g. `crisis_intervention`. Records are many and topics few: records share
/// one copy of each code.
pub type TopicCode = Arc<str>;

/// Completed training: hours per topic code, and events (requalifications) that earn no hours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingRecord {
    pub id: Uuid,
    pub completed_on: Date,
    /// Each topic at most once (a topic named twice counts twice).
    pub minutes_by_topic: Vec<(TopicCode, Minutes)>,
    pub events: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredentialHeld {
    pub id: Uuid,
    pub credential_type: String,
    pub issued_on: Date,
    /// Last day it is valid; `None` never expires.
    pub expires_on: Option<Date>,
}

impl CredentialHeld {
    pub fn valid_on(&self, day: Date) -> bool {
        self.issued_on <= day && self.expires_on.is_none_or(|end| day <= end)
    }
}

/// An approved change to one requirement for one period of one person: the rule's own grace
/// or waiver device, or the agency's decision (leave of absence), always with a reason and an
/// approver.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiver {
    pub id: Uuid,
    pub requirement_id: String,
    /// The due date of the period it applies to.
    pub period_due: Date,
    pub effect: WaiverEffect,
    pub reason: String,
    pub approved_by: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum WaiverEffect {
    /// The requirement does not bind for that period.
    Exempt,
    /// The due date moves later by this many days.
    ExtendDays { days: u16 },
    /// The requirement asks this much less (e.g. prorated for a leave).
    ReduceBy { minutes: Minutes },
}

/// A version of a policy as it applies to one person: from the later of its publication, the
/// assignment of the policy to the person, and the person's start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyVersionAssigned {
    pub policy: String,
    pub version: u32,
    pub assigned_on: Date,
}

/// The person's attestation of having read a policy version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acknowledgement {
    pub id: Uuid,
    pub policy: String,
    pub version: u32,
    pub acknowledged_on: Date,
}
