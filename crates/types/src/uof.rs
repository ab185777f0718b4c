//! Use of Force incidents: the document an officer fills in, its workflow, the training of
//! the involved officers as it stood on the incident day, and the exports.
//!
//! The elements and their values follow the FBI National Use-of-Force Data Collection
//! (see `reference/uof-data-elements.md` in the design notes; tags such as `[U-6]` name its
//! sources). Where the FBI's enumeration is only partly published, the published values are
//! given, with `other`/`unknown` where the FBI accepts them.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::compliance::RequirementResultDto;

pub use confitrek_vocabulary::uof::*;

/// The statement the author attests to on submission, as the Terms of Service require.
pub const UOF_ATTESTATION: &str = "I attest that this incident occurred as recorded here, and that I record it for my agency's use-of-force reporting and review.";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SubmitIncidentInput {
    /// Must be true: the submitter attests to [`UOF_ATTESTATION`].
    pub attest: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ReviewIncidentInput {
    /// Required to return an incident to its author; optional to mark it reviewed.
    #[serde(default)]
    pub comment: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AmendIncidentInput {
    pub incident: IncidentInput,
    /// Why the closed incident changes.
    #[cfg_attr(feature = "openapi", schema(min_length = 1))]
    pub reason: String,
}

/// An involved officer as the roster names him or her.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvolvedOfficerDto {
    pub person_id: Uuid,
    pub name: String,
    pub badge_number: Option<String>,
    pub unit: Option<String>,
    /// Whole years since the hire date, on the incident day.
    pub years_of_service: Option<u16>,
}

/// One training area of an officer's report on the incident day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TrainingAreaDto {
    pub area: TrainingArea,
    /// The topic (or event) codes of the officer's rule set that cover the area; empty when
    /// the rule set has none.
    pub topics: Vec<String>,
    /// The requirements of the officer's report that count one of those topics, as the
    /// engine judged them on the incident day.
    pub requirements: Vec<RequirementResultDto>,
    /// The last training in the area finished on or before the incident day.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub last_trained_on: Option<Date>,
}

/// An involved officer's training as it stood on the incident day, stored at submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfficerTrainingDto {
    pub person_id: Uuid,
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub as_of: Date,
    pub jurisdiction: String,
    pub areas: Vec<TrainingAreaDto>,
}

/// A version of the incident replaced by an amendment (or the current one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IncidentVersionDto {
    pub version: u32,
    pub incident: IncidentInput,
    pub qualification: QualificationDto,
    pub training: Vec<OfficerTrainingDto>,
    /// When and by whom this version was replaced, and why.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub replaced_at: OffsetDateTime,
    /// Who replaced it: a person's name, or a login's email when it is no person's.
    pub replaced_by: String,
    pub reason: String,
}

/// What the caller may do with the incident now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IncidentActions {
    pub edit: bool,
    pub submit: bool,
    pub review: bool,
    pub return_to_author: bool,
    pub close: bool,
    pub amend: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IncidentDto {
    pub id: Uuid,
    pub status: IncidentStatus,
    /// 1, then one more with each amendment.
    pub version: u32,
    pub incident: IncidentInput,
    pub qualification: QualificationDto,
    pub officers: Vec<InvolvedOfficerDto>,
    /// Empty until submission.
    pub training: Vec<OfficerTrainingDto>,
    /// Who wrote it: a person's name, or a login's email when it is no person's.
    pub author: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub submitted_at: Option<OffsetDateTime>,
    /// The statement attested to on submission.
    pub attestation: Option<String>,
    /// Who reviewed it: a person's name, or a login's email when it is no person's.
    pub reviewed_by: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub reviewed_at: Option<OffsetDateTime>,
    pub review_comment: Option<String>,
    #[serde(with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub closed_at: Option<OffsetDateTime>,
    /// Earlier versions, oldest first.
    pub history: Vec<IncidentVersionDto>,
    pub actions: IncidentActions,
}

/// An incident in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IncidentSummaryDto {
    pub id: Uuid,
    pub case_number: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub incident_date: Option<Date>,
    pub status: IncidentStatus,
    pub qualifies: bool,
    pub officers: Vec<String>,
    pub subjects: u32,
    pub force: Vec<ForceType>,
    pub version: u32,
}

/// One bar of an aggregate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CountDto {
    pub key: String,
    pub label: String,
    pub count: u32,
}

/// Incidents (drafts aside) whose date falls in `from`..=`to`, counted four ways. A force
/// type or an injury counts once per incident that has it; a unit once per incident one of
/// its officers was involved in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UofAggregatesDto {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub from: Date,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub to: Date,
    pub incidents: u32,
    pub qualifying: u32,
    /// Every month of the range, `YYYY-MM`, zero months included.
    pub by_month: Vec<CountDto>,
    pub by_force_type: Vec<CountDto>,
    pub by_injury: Vec<CountDto>,
    pub by_unit: Vec<CountDto>,
}

/// One entry of the bulk envelope: an action, when it was made, and the incident [U-14].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "PascalCase")]
pub struct FederalSubmission {
    /// `Add`.
    pub action: String,
    /// RFC 3339.
    pub action_time: String,
    pub incident: FederalIncident,
}
