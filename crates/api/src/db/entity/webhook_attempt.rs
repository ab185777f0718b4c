use sea_orm::entity::prelude::*;

/// One POST of a delivery and what came back.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_attempts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    pub delivery_id: Uuid,
    pub endpoint_id: Uuid,
    pub attempted_at: TimeDateTimeWithTimeZone,
    pub status: Option<i32>,
    pub duration_ms: i64,
    #[sea_orm(column_type = "Text", nullable)]
    pub response_excerpt: Option<String>,
    pub error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
