use sea_orm::entity::prelude::*;

/// A row a committed import wrote: created, or updated from what `before` held.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "import_batch_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub batch_id: Uuid,
    pub agency_id: Uuid,
    /// `person` or `training_record`.
    pub entity: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub entity_id: Uuid,
    /// `created` or `updated`.
    pub action: String,
    /// The row as it was before an update.
    pub before: Option<Json>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
