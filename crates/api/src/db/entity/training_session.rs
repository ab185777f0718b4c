use sea_orm::entity::prelude::*;

/// A dated offering of a course.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "training_sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    pub course_id: Uuid,
    pub starts_on: TimeDate,
    pub ends_on: TimeDate,
    /// "HH:MM" in the agency's time zone.
    pub start_time: Option<String>,
    pub end_time: Option<String>,
    pub location: Option<String>,
    pub instructor: Option<String>,
    pub capacity: Option<i32>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
