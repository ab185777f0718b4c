use confitrek_types::NotificationKind;
use sea_orm::entity::prelude::*;

/// One message to one user: the in-app list and the email outbox at once.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    pub user_id: Uuid,
    pub person_id: Option<Uuid>,
    pub kind: NotificationKind,
    /// Unique: the same event is inserted once or not at all.
    pub event_key: String,
    pub subject: String,
    pub body: String,
    pub created_at: TimeDateTimeWithTimeZone,
    pub read_at: Option<TimeDateTimeWithTimeZone>,
    /// `pending`, `sent`, `failed`, `skipped`.
    pub email_state: String,
    pub attempts: i32,
    pub next_attempt_at: TimeDateTimeWithTimeZone,
    /// A worker that claimed the row owns it until then.
    pub claimed_until: Option<TimeDateTimeWithTimeZone>,
    pub claimed_by: Option<String>,
    pub sent_at: Option<TimeDateTimeWithTimeZone>,
    pub last_error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
