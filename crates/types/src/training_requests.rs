use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

pub use confitrek_vocabulary::training_requests::*;

/// A person asks for a session of a course (enrolled on approval), or for a course with no
/// session chosen yet. Give `session_id`, or `course_id`, or both when they agree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TrainingRequestInput {
    #[serde(default)]
    pub course_id: Option<Uuid>,
    #[serde(default)]
    pub session_id: Option<Uuid>,
    /// Why, for the one who decides (at most 1,000 characters; no personal identifiers).
    #[serde(default)]
    pub note: Option<String>,
}

/// Approve or deny; a denial says why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TrainingRequestDecision {
    #[serde(default)]
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingRequestDto {
    pub id: Uuid,
    pub person_id: Uuid,
    /// "Last, First", for the one who decides.
    pub person_name: String,
    pub course_id: Uuid,
    pub course_title: String,
    pub session_id: Option<Uuid>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub session_starts_on: Option<Date>,
    pub note: Option<String>,
    pub status: TrainingRequestStatus,
    pub decision_comment: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub decided_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
}
