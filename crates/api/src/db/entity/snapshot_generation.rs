use sea_orm::entity::prelude::*;

/// Moves whenever one of the agency's stored verdicts is written (see `db::compliance`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "snapshot_generations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub agency_id: Uuid,
    pub generation: i64,
    /// The last generation at which the agency's verdicts changed wholesale (people
    /// removed, everyone re-evaluated): what was kept from before it is rebuilt whole.
    pub reset_generation: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
