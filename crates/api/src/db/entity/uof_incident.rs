use confitrek_types::IncidentStatus;
use sea_orm::entity::prelude::*;

/// A use-of-force incident: its document (`IncidentInput` as JSON), and the columns lists and
/// filters need, derived from the document whenever it is written.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "uof_incidents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    pub case_number: Option<String>,
    /// `draft`, `submitted`, `reviewed` or `closed`.
    pub status: IncidentStatus,
    pub incident_date: Option<TimeDate>,
    pub qualifies: bool,
    /// The force types used, a JSON array of codes.
    pub force_types: String,
    /// How many subjects it has.
    pub subject_count: i32,
    /// The injuries of its subjects, a JSON array of codes.
    pub injuries: String,
    pub document: Json,
    /// The involved officers' training on the incident day, stored at submission.
    pub training: Option<Json>,
    pub version: i32,
    /// The user who wrote it.
    pub author_id: Uuid,
    pub submitted_at: Option<TimeDateTimeWithTimeZone>,
    pub attestation: Option<String>,
    pub reviewed_by: Option<Uuid>,
    pub reviewed_at: Option<TimeDateTimeWithTimeZone>,
    pub review_comment: Option<String>,
    pub closed_at: Option<TimeDateTimeWithTimeZone>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
