use sea_orm::entity::prelude::*;

/// A credential awarded by the training office (those earned through training are derived
/// from the records, not stored).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "credentials")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    pub person_id: Uuid,
    pub credential_type_id: Uuid,
    pub issued_on: TimeDate,
    /// The last day it is valid; `None` never expires.
    pub expires_on: Option<TimeDate>,
    pub note: Option<String>,
    /// The user who awarded it.
    pub awarded_by: Option<Uuid>,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
