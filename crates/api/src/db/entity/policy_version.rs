use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "policy_versions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub policy_id: Uuid,
    pub agency_id: Uuid,
    /// 1, 2, ... within the policy.
    pub version: i32,
    #[sea_orm(column_type = "Text")]
    pub content: String,
    /// Hex SHA-256 of `content`'s UTF-8 bytes.
    pub content_sha256: String,
    pub file_id: Option<Uuid>,
    /// The agency's date of publication.
    pub published_on: TimeDate,
    pub created_by: Option<Uuid>,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
