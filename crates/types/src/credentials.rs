use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

pub use confitrek_vocabulary::credentials::*;

/// What earns or renews a credential: a record of one of these courses or events.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RenewalDto {
    /// Courses of the agency's catalog.
    #[serde(default)]
    pub course_ids: Vec<Uuid>,
    /// Event codes of the jurisdiction, e.g. `firearms_qualification`.
    #[serde(default)]
    pub events: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CredentialTypeInput {
    /// Stable code that agency requirements name (`measure.credential_type`).
    #[cfg_attr(feature = "openapi", schema(example = "taser_x2"))]
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(example = "TASER X2 user"))]
    pub name: String,
    /// Months a credential stays valid from its issue (1 to 600); omitted or null: it never
    /// expires.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = 12, minimum = 1, maximum = 600))]
    pub validity_months: Option<i64>,
    #[serde(default)]
    pub renewed_by: RenewalDto,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CredentialTypeDto {
    pub id: Uuid,
    pub code: String,
    pub name: String,
    pub validity_months: Option<u16>,
    pub renewed_by: RenewalDto,
}

/// Award a credential to a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AwardCredentialInput {
    pub person_id: Uuid,
    pub credential_type_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub issued_on: Date,
    /// The last day it is valid; omitted: from the type's validity (the day before the same
    /// date that many months later), or never for a type that does not expire.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub expires_on: Option<Date>,
    #[serde(default)]
    pub note: Option<String>,
}

/// How a person came to hold a credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum CredentialSource {
    /// Awarded by the training office; can be taken back.
    Awarded,
    /// Earned by a training record of a renewing course or event; follows the record.
    Training,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CredentialDto {
    /// The award's id, or for one earned through training the record's id.
    pub id: Uuid,
    pub person_id: Uuid,
    pub credential_type_id: Uuid,
    #[cfg_attr(feature = "openapi", schema(example = "taser_x2"))]
    pub credential_type_code: String,
    pub credential_type_name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub issued_on: Date,
    /// The last day it is valid; null: it never expires.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub expires_on: Option<Date>,
    pub note: Option<String>,
    pub source: CredentialSource,
    /// For one earned through training: the record.
    pub training_record_id: Option<Uuid>,
    pub standing: CredentialStanding,
}
