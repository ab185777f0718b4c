use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::Assignment;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PolicyInput {
    /// Stable code; the policy's requirement is `policy.<code>`.
    #[cfg_attr(feature = "openapi", schema(example = "vehicle_pursuit"))]
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(example = "Vehicle pursuit policy"))]
    pub title: String,
    /// Days the people it is assigned to have to acknowledge each new version (1 to 365).
    #[cfg_attr(feature = "openapi", schema(example = 14, minimum = 1, maximum = 365))]
    pub due_days: i64,
    /// Whom it is assigned to, as a training profile's assignment.
    pub assignment: Assignment,
}

/// A policy with its current (newest) version's number and date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PolicyDto {
    pub id: Uuid,
    pub code: String,
    pub title: String,
    pub due_days: u16,
    pub assignment: Assignment,
    /// Null until a first version is published.
    pub current_version: Option<u32>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub published_on: Option<Date>,
}

/// Publish a new version: its text, which the people it is assigned to acknowledge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PolicyVersionInput {
    pub content: String,
    /// A document uploaded for the policy (`POST /policies/{id}/documents`) that this version
    /// carries; its content is then part of what is acknowledged.
    #[serde(default)]
    pub document_id: Option<Uuid>,
}

/// A document uploaded for a policy (PDF, PNG or JPEG, recognised by its content).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PolicyDocumentDto {
    pub id: Uuid,
    pub policy_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(example = "application/pdf"))]
    pub content_type: String,
    pub size_bytes: u64,
    /// Hex SHA-256 of the file.
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PolicyVersionDto {
    pub id: Uuid,
    pub policy_id: Uuid,
    pub version: u32,
    pub content: String,
    /// Hex SHA-256 of what is acknowledged: the content's UTF-8 bytes, or, for a version
    /// with a document, of the content, a line break and the document's own SHA-256.
    pub content_sha256: String,
    /// The document of the version, when there is one: downloaded at
    /// `GET /policies/{policy_id}/versions/{version}/document`.
    pub file_id: Option<Uuid>,
    /// The agency's date of publication.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub published_on: Date,
}

/// Someone who has not acknowledged the current version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingAcknowledgementDto {
    pub person_id: Uuid,
    /// "Last, First".
    pub name: String,
    pub badge: String,
    /// The last day to acknowledge in time.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub due: Date,
    pub overdue: bool,
}

/// Of the active people the policy is assigned to (those the caller may see), how many
/// acknowledged the current version, and who has not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PolicyProgressDto {
    pub version: u32,
    pub assigned: u32,
    pub acknowledged: u32,
    pub pending: Vec<PendingAcknowledgementDto>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PolicyDetailDto {
    pub policy: PolicyDto,
    /// Newest first.
    pub versions: Vec<PolicyVersionDto>,
    /// Null until a first version is published.
    pub progress: Option<PolicyProgressDto>,
}

/// Acknowledge a policy version: the signed-in person attests to having read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AcknowledgeInput {
    /// The newest version of a policy assigned to the signed-in person.
    pub policy_version_id: Uuid,
    /// Must be true: "I have read and understood".
    pub attest: bool,
    /// The person acknowledging; omitted, the signed-in person. Nobody acknowledges for
    /// someone else.
    #[serde(default)]
    pub person_id: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcknowledgementDto {
    pub id: Uuid,
    pub person_id: Uuid,
    pub policy_id: Uuid,
    pub policy_code: String,
    pub policy_title: String,
    pub policy_version_id: Uuid,
    pub version: u32,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub acknowledged_at: OffsetDateTime,
    /// The address it was sent from.
    pub ip: Option<String>,
    /// The hash of the version's text as acknowledged.
    pub content_sha256: String,
    pub attestation: String,
}

/// Where a person stands with one policy assigned to him or her.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AcknowledgementStatus {
    /// The current version is acknowledged.
    Acknowledged,
    /// Not yet, and still in time.
    Pending,
    /// Not acknowledged by its due date.
    Overdue,
}

/// A policy assigned to a person, with the current version's text to read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AssignedPolicyDto {
    pub policy_id: Uuid,
    pub code: String,
    pub title: String,
    pub current: PolicyVersionDto,
    /// The day the current version began to bind the person.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub assigned_on: Date,
    /// The last day to acknowledge it in time.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub due: Date,
    pub status: AcknowledgementStatus,
    /// The acknowledgement of the current version, once made.
    pub acknowledgement: Option<AcknowledgementDto>,
}
