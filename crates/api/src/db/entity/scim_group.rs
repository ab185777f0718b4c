//! The `scim_groups` table: a group the identity provider pushed, and what an admin maps it
//! to.

use confitrek_types::Role;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "scim_groups")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    pub display_name: String,
    /// `display_name` in lower case, for filters.
    pub display_name_key: String,
    pub external_id: Option<String>,
    /// The unit membership gives; null: none.
    pub unit: Option<String>,
    /// The role membership gives the member's login; null: none.
    pub role: Option<Role>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
