use confitrek_types::TrainingRequestStatus;
use sea_orm::entity::prelude::*;

/// A person's request to attend a course or one of its sessions.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "training_requests")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    pub person_id: Uuid,
    pub course_id: Uuid,
    pub session_id: Option<Uuid>,
    pub note: Option<String>,
    /// `pending`, `approved`, `denied` or `withdrawn`.
    pub status: TrainingRequestStatus,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<TimeDateTimeWithTimeZone>,
    pub decision_comment: Option<String>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
