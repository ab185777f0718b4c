use sea_orm::entity::prelude::*;

/// A training record as it was before a correction.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "training_record_revisions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub record_id: Uuid,
    pub agency_id: Uuid,
    /// `{ title, completed_on, minutes_by_topic, events, verification, rejection_reason }`
    pub previous: Json,
    pub changed_by: Option<Uuid>,
    pub changed_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
