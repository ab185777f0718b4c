use confitrek_types::ComplianceStatus;
use sea_orm::entity::prelude::*;

/// The last evaluation of a person, stored so that lists and dashboards never evaluate.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "compliance_snapshots")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub person_id: Uuid,
    pub agency_id: Uuid,
    pub as_of: TimeDate,
    pub status: ComplianceStatus,
    pub next_change_at: Option<TimeDate>,
    pub report: Json,
    pub computed_at: TimeDateTimeWithTimeZone,
    /// The agency's snapshot generation of the write that stored it.
    pub generation: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
