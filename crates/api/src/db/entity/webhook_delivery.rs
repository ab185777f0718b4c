use confitrek_types::{WebhookDeliveryState, WebhookEventType};
use sea_orm::entity::prelude::*;

/// One message to one endpoint; its id is the message's `webhook-id`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "webhook_deliveries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    pub endpoint_id: Uuid,
    pub event_id: Uuid,
    pub event_type: WebhookEventType,
    pub state: WebhookDeliveryState,
    /// Attempts in the current round: a replay starts a new one.
    pub attempts: i32,
    pub attempt_count: i32,
    pub next_attempt_at: TimeDateTimeWithTimeZone,
    /// A worker that claimed the row owns it until then.
    pub claimed_until: Option<TimeDateTimeWithTimeZone>,
    pub claimed_by: Option<String>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub finished_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
