//! The compliance matrix: people by requirements, from the stored verdicts.

use serde::{Deserialize, Serialize};
use time::Date;
use uuid::Uuid;

use crate::{ComplianceStatus, PersonStatus, RequirementStatus};

pub use confitrek_vocabulary::matrix::*;

/// One requirement's stored verdict for one person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatrixCellDto {
    #[cfg_attr(feature = "openapi", schema(example = "mn.mlo.crisis"))]
    pub requirement_id: String,
    pub status: RequirementStatus,
    /// What is still owed, in `measure`, as the person's compliance reports it.
    pub remaining: f64,
    /// `hours` or `count` (events, credentials, topics chosen).
    pub measure: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub due: Option<Date>,
}

/// A person and his or her cells.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatrixRowDto {
    pub person_id: Uuid,
    /// As the roster shows it: "Last, First".
    pub name: String,
    pub badge: String,
    pub unit: Option<String>,
    pub person_status: PersonStatus,
    /// The person's overall verdict, the worst of the requirements; absent until the first
    /// verdict is stored (someone added moments ago).
    pub status: Option<ComplianceStatus>,
    /// The soonest due date of an open requirement shown.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub next_due: Option<Date>,
    /// One per requirement that applies to the person (only `requirement` when asked for),
    /// in the order of the person's compliance report.
    pub cells: Vec<MatrixCellDto>,
}

/// A column of the matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatrixColumnDto {
    pub requirement_id: String,
    pub title: String,
}

/// A page of the compliance matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MatrixPageDto {
    /// The agency's today: the day the stored verdicts are kept current to.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub as_of: Date,
    /// The requirements of every person matching (not only of this page), by code.
    pub requirements: Vec<MatrixColumnDto>,
    /// How many people match, across every page.
    pub total: u32,
    pub items: Vec<MatrixRowDto>,
    /// Ask again with this `cursor` (and the same filters and sort) for the next page;
    /// absent on the last page.
    pub next_cursor: Option<String>,
}
