use sea_orm::entity::prelude::*;

/// An API key of a service account. Only the SHA-256 of its secret part is kept.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_keys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    pub service_account_id: Uuid,
    pub name: String,
    pub prefix: String,
    pub secret_hash: String,
    pub rate_limit_per_minute: i32,
    pub expires_at: Option<TimeDateTimeWithTimeZone>,
    pub last_used_at: Option<TimeDateTimeWithTimeZone>,
    pub revoked_at: Option<TimeDateTimeWithTimeZone>,
    pub created_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::service_account::Entity",
        from = "Column::ServiceAccountId",
        to = "super::service_account::Column::Id"
    )]
    ServiceAccount,
}

impl Related<super::service_account::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ServiceAccount.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
