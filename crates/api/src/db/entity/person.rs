use confitrek_types::{PersonKind, PersonStatus};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "people")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    pub kind: PersonKind,
    pub first_name: String,
    pub last_name: String,
    pub title: Option<String>,
    pub badge: String,
    pub email: Option<String>,
    pub unit: Option<String>,
    pub supervisor_id: Option<Uuid>,
    pub status: PersonStatus,
    pub hire_date: Option<TimeDate>,
    /// The last day with the agency.
    pub separated_on: Option<TimeDate>,
    pub license_number: Option<String>,
    pub license_cycle_start: Option<TimeDate>,
    pub license_cycle_end: Option<TimeDate>,
    pub notes: Option<String>,
    /// Comma-separated, sorted role flags (`part_time,sro`).
    pub role_flags: String,
    pub certified_on: Option<TimeDate>,
    pub history_from: Option<TimeDate>,
    /// Lower-case names, badge and email, for substring search on both databases.
    pub search_text: String,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
