//! The `calendar_feeds` table: a secret URL per person and per agency.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "calendar_feeds")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    /// `person` or `agency`.
    pub kind: confitrek_types::CalendarFeedKind,
    /// The person's id, or the agency's for the agency feed.
    pub subject_id: Uuid,
    /// The random input the URL's token is derived from; replaced on rotation.
    pub nonce: String,
    /// SHA-256 of the URL's token, to find the feed a URL names.
    pub token_hash: String,
    pub created_at: TimeDateTimeWithTimeZone,
    pub rotated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
