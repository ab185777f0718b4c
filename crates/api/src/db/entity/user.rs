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
    /// The TOTP secret, encrypted with the server's file key; set once enrolment is confirmed.
    pub mfa_secret: Option<String>,
    /// A secret being enrolled, encrypted likewise, until a code from it confirms it.
    pub mfa_pending_secret: Option<String>,
    pub mfa_enabled_at: Option<TimeDateTimeWithTimeZone>,
    /// The last time step whose code was accepted: a code works once.
    pub mfa_last_step: Option<i64>,
    /// The login of a service account: it acts only through API keys.
    pub service_account: bool,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
