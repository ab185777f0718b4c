use sea_orm::entity::prelude::*;

/// A sign-in through an identity provider under way: minutes old at most, used once.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sso_attempts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    pub provider_id: Uuid,
    /// SHA-256 of the `state` sent to the provider (stage `authorize`), or of the token in
    /// the browser's cookie while ConfiTrek's own code is awaited (stage `code`).
    pub key_hash: String,
    pub stage: String,
    pub nonce: Option<String>,
    /// The PKCE code verifier, encrypted with the server's file key.
    pub pkce_verifier: Option<String>,
    /// Sent with the authorization request, so sent again, the same, with the code.
    pub redirect_uri: String,
    /// Whom the provider signed in, while ConfiTrek's own code is awaited.
    pub user_id: Option<Uuid>,
    /// A path of the app to go to once signed in.
    pub next_path: Option<String>,
    /// Wrong codes given at stage `code`.
    pub failures: i32,
    /// When the browser came back with it (or gave the code): it works once.
    pub spent_at: Option<TimeDateTimeWithTimeZone>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub expires_at: TimeDateTimeWithTimeZone,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
