use confitrek_types::{RecordSource, Verification};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "training_records")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    pub person_id: Uuid,
    pub completed_on: TimeDate,
    pub title: String,
    /// `{ "topic_code": minutes, ... }`
    pub minutes_by_topic: Json,
    /// `["firearms_requalification", ...]`
    pub events: Json,
    pub created_at: TimeDateTimeWithTimeZone,
    pub course_id: Option<Uuid>,
    /// Set on records made by a session's attendance; one per person and session.
    pub session_id: Option<Uuid>,
    /// `coordinator`, `self_reported` or `import`.
    pub source: RecordSource,
    /// `pending`, `verified` or `rejected`.
    pub verification: Verification,
    pub rejection_reason: Option<String>,
    /// The user who verified or rejected it.
    pub verified_by: Option<Uuid>,
    pub verified_at: Option<TimeDateTimeWithTimeZone>,
    /// Filled for rows older than the column; always written since.
    pub updated_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
