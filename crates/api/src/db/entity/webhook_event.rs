use confitrek_types::WebhookEventType;
use sea_orm::entity::prelude::*;

/// Something that happened, written with the change, waiting to be fanned out.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    pub event_type: WebhookEventType,
    pub event_key: Option<String>,
    /// The message body, exactly as signed.
    #[sea_orm(column_type = "Text")]
    pub payload: String,
    pub created_at: TimeDateTimeWithTimeZone,
    pub fanned_out_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
