use sea_orm::entity::prelude::*;

/// A version of a closed incident that an amendment replaced, kept as it was.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "uof_incident_versions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    pub incident_id: Uuid,
    pub version: i32,
    pub document: Json,
    pub training: Option<Json>,
    pub replaced_at: TimeDateTimeWithTimeZone,
    pub replaced_by: Uuid,
    pub reason: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
