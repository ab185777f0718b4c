use confitrek_types::Delivery;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "courses")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    pub title: String,
    pub provider: Option<String>,
    pub post_course_number: Option<String>,
    /// `in_person`, `online` or `hybrid`.
    pub delivery: Delivery,
    pub cost_cents: Option<i64>,
    /// `{ "topic_code": minutes, ... }`, as on training records.
    pub minutes_by_topic: Json,
    pub events: Json,
    pub active: bool,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
