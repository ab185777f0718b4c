//! Training: topics, the course catalog, sessions with their rosters, and training records
//! with their verification and correction history.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use crate::TopicDto;

pub use confitrek_vocabulary::training::*;

/// Where a topic is defined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TopicOrigin {
    /// The jurisdiction's rule set: read-only.
    State,
    /// The agency's own.
    Agency,
}

/// A topic records and courses may give hours in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicEntryDto {
    /// Set on the agency's own topics (to change or delete them).
    pub id: Option<Uuid>,
    #[cfg_attr(feature = "openapi", schema(example = "crisis_intervention"))]
    pub code: String,
    pub title: String,
    /// Whether its hours count toward total-hours requirements.
    pub creditable: bool,
    pub origin: TopicOrigin,
}

/// `GET /topics`: the topics of the jurisdiction's rule set in force, then the agency's own,
/// and the events (qualifications that earn no hours) records may name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TopicsDto {
    #[cfg_attr(feature = "openapi", schema(example = "MN"))]
    pub jurisdiction: String,
    pub topics: Vec<TopicEntryDto>,
    pub events: Vec<TopicDto>,
}

/// An agency topic as written by a client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TopicInput {
    /// Lower-case letters, digits and `_`; never a code of the state's topics.
    #[cfg_attr(feature = "openapi", schema(example = "defensive_tactics"))]
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(example = "Defensive tactics"))]
    pub title: String,
    /// Defaults to true.
    #[serde(default)]
    pub creditable: Option<bool>,
}

/// A course as written by a client: the body of `POST /courses` and `PUT /courses/{id}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CourseInput {
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Crisis Intervention Team refresher")
    )]
    pub title: String,
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(example = "Minnesota CIT Officers Association")
    )]
    pub provider: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "MN-CE-24-0117"))]
    pub post_course_number: Option<String>,
    pub delivery: Delivery,
    /// Cost per attendee in cents, 0 to 10,000,000.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(example = 15000, minimum = 0, maximum = 10_000_000)
    )]
    pub cost_cents: Option<i64>,
    /// Decimal hours by topic code that attending earns.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = json!({ "crisis_intervention": 8 })))]
    pub hours: BTreeMap<String, f64>,
    /// Events that attending completes, e.g. `firearms_qualification`.
    #[serde(default)]
    pub events: Vec<String>,
    /// Inactive courses stay on records but are not offered. Defaults to true.
    #[serde(default)]
    pub active: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CourseDto {
    pub id: Uuid,
    pub title: String,
    pub provider: Option<String>,
    pub post_course_number: Option<String>,
    pub delivery: Delivery,
    pub cost_cents: Option<i64>,
    pub hours: BTreeMap<String, f64>,
    pub total_hours: f64,
    pub events: Vec<String>,
    pub active: bool,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: time::OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: time::OffsetDateTime,
}

/// A session as written by a client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SessionInput {
    pub course_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date, example = "2026-05-04"))]
    pub starts_on: Date,
    /// The same day as `starts_on` if omitted.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date, example = "2026-05-04"))]
    pub ends_on: Option<Date>,
    /// When it starts on each day, "HH:MM" (00:00 to 23:59) in the agency's time zone; null
    /// or omitted for a session listed by its days only.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "08:00",
            pattern = "^[0-2]?[0-9]:[0-5][0-9]$",
            max_length = 5
        )
    )]
    pub start_time: Option<String>,
    /// When it ends on each day, after the start time; only with a start time.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "16:30",
            pattern = "^[0-2]?[0-9]:[0-5][0-9]$",
            max_length = 5
        )
    )]
    pub end_time: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "Training room B"))]
    pub location: Option<String>,
    #[serde(default)]
    pub instructor: Option<String>,
    /// Places, 1 to 1000; unlimited if omitted.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = 12, minimum = 1, maximum = 1000))]
    pub capacity: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionDto {
    pub id: Uuid,
    pub course_id: Uuid,
    pub course_title: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub starts_on: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub ends_on: Date,
    /// "HH:MM" in the agency's time zone, on each day; null for a session listed by its days.
    #[serde(default)]
    pub start_time: Option<String>,
    #[serde(default)]
    pub end_time: Option<String>,
    pub location: Option<String>,
    pub instructor: Option<String>,
    pub capacity: Option<u32>,
    /// People on the roster, whatever their status.
    pub enrolled: u32,
    /// People whose attendance is recorded.
    pub attended: u32,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: time::OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: time::OffsetDateTime,
}

/// One person on a session's roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RosterEntryDto {
    pub person_id: Uuid,
    /// "Last, First".
    pub name: String,
    pub badge: String,
    pub unit: Option<String>,
    pub status: EnrollmentStatus,
    /// The training record made by this session's attendance, if any.
    pub record_id: Option<Uuid>,
}

/// `GET /sessions/{id}`: the session and the part of its roster the caller may see.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionDetailDto {
    pub session: SessionDto,
    pub roster: Vec<RosterEntryDto>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EnrollmentRequest {
    pub person_ids: Vec<Uuid>,
}

/// The body of `POST /sessions/{id}/attendance`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AttendanceRequest {
    /// Everyone who attended; people not on the roster are added to it.
    pub person_ids: Vec<Uuid>,
    /// The day the training was completed; the session's last day if omitted.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub completed_on: Option<Date>,
    /// People on the roster who did not come: marked as no-shows.
    #[serde(default)]
    pub no_shows: Vec<Uuid>,
}

/// What recording a session's attendance did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceResult {
    /// One verified record per attendee newly recorded.
    pub recorded: Vec<TrainingRecordDto>,
    /// Attendees whose attendance at this session was already recorded: left as they were,
    /// so sending the same sheet twice records nobody twice.
    pub already_recorded: Vec<Uuid>,
    pub no_shows: Vec<Uuid>,
}

/// A training record as written by a client: the body of `POST /training-records`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TrainingRecordInput {
    pub person_id: Uuid,
    /// A course of the catalog: its title, hours and events are used for what is omitted.
    #[serde(default)]
    pub course_id: Option<Uuid>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "Autism awareness (online)"))]
    pub title: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date, example = "2026-03-14"))]
    pub completed_on: Date,
    /// Decimal hours by topic code.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = json!({ "autism": 4 })))]
    pub hours: Option<BTreeMap<String, f64>>,
    #[serde(default)]
    pub events: Option<Vec<String>>,
}

/// A correction: the body of `PUT /training-records/{id}`, the record's whole content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TrainingRecordUpdate {
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub completed_on: Date,
    #[serde(default)]
    pub hours: BTreeMap<String, f64>,
    #[serde(default)]
    pub events: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingRecordDto {
    pub id: Uuid,
    pub person_id: Uuid,
    /// "Last, First".
    pub person_name: String,
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub completed_on: Date,
    pub hours: BTreeMap<String, f64>,
    pub total_hours: f64,
    pub events: Vec<String>,
    pub course_id: Option<Uuid>,
    pub session_id: Option<Uuid>,
    pub source: RecordSource,
    pub verification: Verification,
    pub rejection_reason: Option<String>,
    /// Its certificate, if one was uploaded (`/training-records/{id}/certificate`).
    #[serde(default)]
    pub certificate: Option<crate::CertificateDto>,
    /// The login that verified or rejected it.
    pub verified_by: Option<Uuid>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub verified_at: Option<time::OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: time::OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: time::OffsetDateTime,
}

/// A record's content before a correction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordValuesDto {
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub completed_on: Date,
    pub hours: BTreeMap<String, f64>,
    pub events: Vec<String>,
    pub verification: Verification,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordRevisionDto {
    /// The login that made the correction.
    pub changed_by: Option<Uuid>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub changed_at: time::OffsetDateTime,
    pub previous: RecordValuesDto,
}

/// `GET /training-records/{id}`: the record and its corrections, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingRecordDetailDto {
    pub record: TrainingRecordDto,
    pub revisions: Vec<RecordRevisionDto>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RejectRequest {
    /// Told to the person: what is wrong and how to fix it.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "The certificate shows 4 hours, not 8.", min_length = 1)
    )]
    pub reason: String,
}
