//! The `scim_users` table: a person of the roster that the identity provider provisioned.
//! The SCIM user's id is the person's.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "scim_users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub person_id: Uuid,
    pub agency_id: Uuid,
    /// The login the identity provider manages for the person, if any.
    pub user_id: Option<Uuid>,
    pub user_name: String,
    /// `user_name` in lower case, unique in the agency.
    pub user_name_key: String,
    pub external_id: Option<String>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
