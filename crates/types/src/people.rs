use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

pub use confitrek_vocabulary::people::*;

/// Where a person stands, from the verdict stored for him or her.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StandingDto {
    pub status: crate::ComplianceStatus,
    /// The day the verdict was reached.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub as_of: Date,
    /// The worst open requirement: overdue before at risk before pending, the soonest due
    /// first. Null when every requirement is met, waived or does not apply.
    pub worst: Option<crate::LackingDto>,
}

/// A person on the roster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PersonDto {
    pub id: Uuid,
    pub kind: PersonKind,
    pub first_name: String,
    pub last_name: String,
    pub title: Option<String>,
    /// Badge number or employee ID, unique in the agency, upper-case.
    pub badge: String,
    pub email: Option<String>,
    pub unit: Option<String>,
    pub supervisor_id: Option<Uuid>,
    pub status: PersonStatus,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub hire_date: Option<Date>,
    /// The last day the person was with the agency (a transfer or separation); null while
    /// employed.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub separated_on: Option<Date>,
    pub license_number: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub license_cycle_start: Option<Date>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub license_cycle_end: Option<Date>,
    pub notes: Option<String>,
    /// Flags that decide which requirements apply: part_time, reserve, supervisor, sro,
    /// k9_handler, instructor.
    pub role_flags: Vec<String>,
    /// Basic certification date (cycles in some states are anchored on it).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub certified_on: Option<Date>,
    /// The first day from which this person's training history in ConfiTrek is complete;
    /// earlier periods are not judged.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub history_from: Option<Date>,
    /// Where the person stands by the verdict stored for him or her, with the worst open
    /// requirement. Given by the roster (`GET /people`) and a person's read; null in the
    /// answer to a write, and for someone not judged yet.
    #[serde(default)]
    pub standing: Option<StandingDto>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: time::OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: time::OffsetDateTime,
}

impl PersonDto {
    pub fn display_name(&self) -> String {
        format!("{}, {}", self.last_name, self.first_name)
    }
}

/// A person as written by a client: the body of `POST /people` and `PUT /people/{id}`.
/// `PUT` replaces every field, so send the whole person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PersonInput {
    pub kind: PersonKind,
    #[cfg_attr(feature = "openapi", schema(example = "Dana"))]
    pub first_name: String,
    #[cfg_attr(feature = "openapi", schema(example = "Lindqvist"))]
    pub last_name: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "Patrol Officer"))]
    pub title: Option<String>,
    #[cfg_attr(feature = "openapi", schema(example = "B-112"))]
    pub badge: String,
    /// An email address, or null for none; a blank string is refused.
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(example = "Patrol"))]
    pub unit: Option<String>,
    #[serde(default)]
    pub supervisor_id: Option<Uuid>,
    /// Defaults to `active`.
    #[serde(default)]
    pub status: Option<PersonStatus>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date, example = "2019-06-03"))]
    pub hire_date: Option<Date>,
    /// The last day with the agency (a transfer or separation), not before the hire date;
    /// null while employed.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date, example = json!(null)))]
    pub separated_on: Option<Date>,
    #[serde(default)]
    pub license_number: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date, example = "2024-07-01"))]
    pub license_cycle_start: Option<Date>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date, example = "2027-06-30"))]
    pub license_cycle_end: Option<Date>,
    /// Free text. Must not hold personal identifiers such as Social Security numbers.
    #[serde(default)]
    pub notes: Option<String>,
    /// part_time, reserve, supervisor, sro, k9_handler, instructor.
    #[serde(default)]
    pub role_flags: Vec<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub certified_on: Option<Date>,
    /// Defaults to the day the person is added.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub history_from: Option<Date>,
}

impl From<&PersonDto> for PersonInput {
    fn from(p: &PersonDto) -> Self {
        Self {
            kind: p.kind,
            first_name: p.first_name.clone(),
            last_name: p.last_name.clone(),
            title: p.title.clone(),
            badge: p.badge.clone(),
            email: p.email.clone(),
            unit: p.unit.clone(),
            supervisor_id: p.supervisor_id,
            status: Some(p.status),
            hire_date: p.hire_date,
            separated_on: p.separated_on,
            license_number: p.license_number.clone(),
            license_cycle_start: p.license_cycle_start,
            license_cycle_end: p.license_cycle_end,
            notes: p.notes.clone(),
            role_flags: p.role_flags.clone(),
            certified_on: p.certified_on,
            history_from: p.history_from,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeactivateRequest {
    /// `inactive` (the default) or `separated`.
    #[serde(default)]
    pub status: Option<PersonStatus>,
}
