use sea_orm::entity::prelude::*;

/// An agency's notification settings; an agency without a row has the defaults.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notification_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub agency_id: Uuid,
    /// JSON array of days.
    pub lead_days: Json,
    /// JSON array of the kinds switched off.
    pub disabled_kinds: Json,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
