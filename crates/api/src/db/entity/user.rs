use confitrek_types::Role;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Option<Uuid>,
    pub person_id: Option<Uuid>,
    pub email: String,
    pub role: Role,
    pub password_hash: Option<String>,
    pub invitation_token_hash: Option<String>,
    pub invitation_expires_at: Option<TimeDateTimeWithTimeZone>,
    /// Holds the use-of-force review permission.
    pub uof_reviewer: bool,
    /// Set while an admin has switched the login off.
    pub disabled_at: Option<TimeDateTimeWithTimeZone>,
    pub last_sign_in_at: Option<TimeDateTimeWithTimeZone>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
