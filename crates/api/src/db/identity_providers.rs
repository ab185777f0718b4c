//! The agency's identity providers, and the sign-ins under way through them.
//!
//! Two look-ups come before any agency is known, as a password sign-in's look-up by e-mail
//! does: the providers that serve an e-mail domain (the sign-in page asks), and a sign-in
//! under way by the hash of the key the browser brings back.

use confitrek_types::Role;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::AgencyScope;
use super::entity::identity_provider::{self, Column, Entity as Providers};
use super::entity::sso_attempt::{self, Entity as Attempts};

/// A provider's settings as stored (the secret already sealed).
pub struct ProviderFields {
    pub display_name: String,
    pub issuer: String,
    pub client_id: String,
    /// `None`: keep the stored one.
    pub sealed_secret: Option<String>,
    pub allowed_domains: Vec<String>,
    pub enabled: bool,
    pub jit_role: Option<Role>,
    pub provider_mfa: bool,
}

pub async fn list(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<identity_provider::Model>, DbErr> {
    let query = Providers::find().filter(Column::AgencyId.eq(scope.id()));
    super::pages::oldest_first(query, Column::Id, after, limit)
        .all(db)
        .await
}

pub async fn get(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
) -> Result<Option<identity_provider::Model>, DbErr> {
    Providers::find_by_id(id)
        .filter(Column::AgencyId.eq(scope.id()))
        .one(db)
        .await
}

pub async fn insert(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    fields: ProviderFields,
    now: OffsetDateTime,
) -> Result<identity_provider::Model, DbErr> {
    identity_provider::ActiveModel {
        id: Set(Uuid::now_v7()),
        agency_id: Set(scope.id()),
        display_name: Set(fields.display_name),
        issuer: Set(fields.issuer),
        client_id: Set(fields.client_id),
        client_secret: Set(fields.sealed_secret),
        allowed_domains: Set(serde_json::json!(fields.allowed_domains)),
        enabled: Set(fields.enabled),
        jit_role: Set(fields.jit_role),
        provider_mfa: Set(fields.provider_mfa),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await
}

pub async fn update(
    db: &impl ConnectionTrait,
    existing: identity_provider::Model,
    fields: ProviderFields,
    now: OffsetDateTime,
) -> Result<identity_provider::Model, DbErr> {
    let mut model: identity_provider::ActiveModel = existing.into();
    model.display_name = Set(fields.display_name);
    model.issuer = Set(fields.issuer);
    model.client_id = Set(fields.client_id);
    if let Some(sealed) = fields.sealed_secret {
        model.client_secret = Set(Some(sealed));
    }
    model.allowed_domains = Set(serde_json::json!(fields.allowed_domains));
    model.enabled = Set(fields.enabled);
    model.jit_role = Set(fields.jit_role);
    model.provider_mfa = Set(fields.provider_mfa);
    model.updated_at = Set(now);
    model.update(db).await
}

/// Removes the provider and its sign-ins under way; false if it is not the agency's.
pub async fn delete(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
) -> Result<bool, DbErr> {
    Attempts::delete_many()
        .filter(sso_attempt::Column::ProviderId.eq(id))
        .filter(sso_attempt::Column::AgencyId.eq(scope.id()))
        .exec(db)
        .await?;
    let result = Providers::delete_many()
        .filter(Column::Id.eq(id))
        .filter(Column::AgencyId.eq(scope.id()))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// The domains a stored provider lists.
pub fn domains(provider: &identity_provider::Model) -> Vec<String> {
    serde_json::from_value(provider.allowed_domains.clone()).unwrap_or_default()
}

/// The enabled providers, of any agency, that list `domain` (lower case), oldest first.
pub async fn enabled_for_domain(
    db: &impl ConnectionTrait,
    domain: &str,
) -> Result<Vec<identity_provider::Model>, DbErr> {
    // The JSON array as text holds `"domain"`; a domain has no LIKE wildcard (`%`, `_`), so
    // the pattern matches that string only. The list is then checked exactly.
    let pattern = format!("%\"{domain}\"%");
    let rows = Providers::find()
        .filter(Column::Enabled.eq(true))
        .filter(
            Expr::col(Column::AllowedDomains)
                .cast_as("TEXT")
                .like(pattern),
        )
        .order_by_asc(Column::Id)
        .limit(50)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter(|p| domains(p).iter().any(|d| d == domain))
        .collect())
}

/// A provider by id, whatever its agency: the sign-in's start names it before anyone is
/// signed in.
pub async fn find(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<identity_provider::Model>, DbErr> {
    Providers::find_by_id(id).one(db).await
}

/// What stage a sign-in under way is at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Gone to the provider, keyed by its `state`.
    Authorize,
    /// Back from the provider; ConfiTrek's own code is awaited.
    Code,
}

impl Stage {
    fn as_str(self) -> &'static str {
        match self {
            Stage::Authorize => "authorize",
            Stage::Code => "code",
        }
    }
}

pub struct NewAttempt {
    pub agency_id: Uuid,
    pub provider_id: Uuid,
    pub key_hash: String,
    pub stage: Stage,
    pub nonce: Option<String>,
    pub sealed_verifier: Option<String>,
    pub redirect_uri: String,
    pub user_id: Option<Uuid>,
    pub next_path: Option<String>,
    pub expires_at: OffsetDateTime,
}

pub async fn insert_attempt(
    db: &impl ConnectionTrait,
    new: NewAttempt,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    sso_attempt::ActiveModel {
        id: Set(Uuid::now_v7()),
        agency_id: Set(new.agency_id),
        provider_id: Set(new.provider_id),
        key_hash: Set(new.key_hash),
        stage: Set(new.stage.as_str().to_owned()),
        nonce: Set(new.nonce),
        pkce_verifier: Set(new.sealed_verifier),
        redirect_uri: Set(new.redirect_uri),
        user_id: Set(new.user_id),
        next_path: Set(new.next_path),
        failures: Set(0),
        spent_at: Set(None),
        created_at: Set(now),
        expires_at: Set(new.expires_at),
    }
    .insert(db)
    .await
    .map(drop)
}

/// The sign-in under way at `stage` keyed by `key_hash`, spent or not, unless it has expired.
pub async fn find_attempt(
    db: &impl ConnectionTrait,
    key_hash: &str,
    stage: Stage,
    now: OffsetDateTime,
) -> Result<Option<sso_attempt::Model>, DbErr> {
    Attempts::find()
        .filter(sso_attempt::Column::KeyHash.eq(key_hash))
        .filter(sso_attempt::Column::Stage.eq(stage.as_str()))
        .filter(sso_attempt::Column::ExpiresAt.gt(now))
        .one(db)
        .await
}

/// Spends the sign-in under way: true for the one request that does, false for any other
/// (a replay, even one racing the first).
pub async fn spend_attempt(
    db: &impl ConnectionTrait,
    id: Uuid,
    now: OffsetDateTime,
) -> Result<bool, DbErr> {
    let result = Attempts::update_many()
        .col_expr(sso_attempt::Column::SpentAt, Expr::value(Some(now)))
        .filter(sso_attempt::Column::Id.eq(id))
        .filter(sso_attempt::Column::SpentAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Counts a wrong code; answers how many there have been.
pub async fn count_failure(
    db: &impl ConnectionTrait,
    attempt: &sso_attempt::Model,
) -> Result<i32, DbErr> {
    Attempts::update_many()
        .col_expr(
            sso_attempt::Column::Failures,
            Expr::col(sso_attempt::Column::Failures).add(1),
        )
        .filter(sso_attempt::Column::Id.eq(attempt.id))
        .exec(db)
        .await?;
    Ok(attempt.failures + 1)
}

/// Deletes sign-ins under way that have expired.
pub async fn forget_expired(db: &impl ConnectionTrait, now: OffsetDateTime) -> Result<u64, DbErr> {
    let result = Attempts::delete_many()
        .filter(sso_attempt::Column::ExpiresAt.lte(now))
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}
