use sea_orm::entity::prelude::*;

/// A URL of another system subscribed to some of the agency's events.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_endpoints")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    pub url: String,
    pub description: Option<String>,
    /// JSON array of event types.
    pub events: Json,
    pub enabled: bool,
    /// The signing key, sealed with the file key.
    pub secret: String,
    pub previous_secret: Option<String>,
    pub previous_secret_expires_at: Option<TimeDateTimeWithTimeZone>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
