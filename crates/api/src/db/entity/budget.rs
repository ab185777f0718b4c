use sea_orm::entity::prelude::*;

/// What the agency, or one unit, may spend on training in a fiscal year.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "budgets")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    /// Named by the calendar year it ends in.
    pub fiscal_year: i32,
    /// None: agency-wide.
    pub unit: Option<String>,
    /// The unit, or "" for agency-wide: unique per agency and year.
    pub unit_key: String,
    pub amount_cents: i64,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
