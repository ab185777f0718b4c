use confitrek_types::Role;
use sea_orm::entity::prelude::*;

/// An OpenID Connect provider through which the agency's people sign in.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "identity_providers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    pub display_name: String,
    pub issuer: String,
    pub client_id: String,
    /// Encrypted with the server's file key; never answered back. `None` after a restore.
    pub client_secret: Option<String>,
    /// The e-mail domains, lower case, as a JSON array of strings.
    pub allowed_domains: Json,
    pub enabled: bool,
    /// The role of a login made at a first sign-in; `None`: none is made.
    pub jit_role: Option<Role>,
    /// The provider's multi-factor sign-in stands in for ConfiTrek's own second factor.
    pub provider_mfa: bool,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
