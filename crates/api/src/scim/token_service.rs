//! SCIM token use cases (agency admins): a token is shown once, when it is made, and kept
//! only as its SHA-256.

use confitrek_domain::ValidationErrors;
use confitrek_domain::free_text::parse_free_text;
use confitrek_domain::permissions::Action;
use confitrek_types::Page;
use confitrek_types::scim::{NewScimToken, ScimTokenCreated, ScimTokenDto};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::access::require;
use crate::auth::Caller;
use crate::auth::tokens::{random_token, sha256_hex};
use crate::db::entity::scim_token;
use crate::db::scim::tokens::{self, NewToken};
use crate::http::pagination::ListQuery;
use crate::http::{ApiError, ApiResult};

/// The most tokens an agency may have in use at once (neither revoked nor expired).
pub const MAX_LIVE_TOKENS: u64 = 25;
/// The longest a token may be made to last.
pub const MAX_DAYS: u32 = 1095;
/// What every token starts with, so that one found in a log or a repository is recognised.
pub const PREFIX: &str = "scim_";

pub fn token_dto(t: scim_token::Model) -> ScimTokenDto {
    ScimTokenDto {
        id: t.id,
        name: t.name,
        created_by: t.created_by,
        created_at: t.created_at,
        expires_at: t.expires_at,
        last_used_at: t.last_used_at,
        revoked_at: t.revoked_at,
    }
}

/// Makes a token; its secret is in the answer only.
pub async fn create(
    db: &DatabaseConnection,
    caller: &Caller,
    new: NewScimToken,
) -> ApiResult<ScimTokenCreated> {
    require(caller, Action::ManageIntegrations)?;
    let scope = caller.scope()?;
    let mut errors = ValidationErrors::default();
    let name = match parse_free_text(&new.name, 100) {
        Ok(name) if name.is_empty() => {
            errors.push("name", "is required");
            None
        }
        parsed => errors.collect("name", parsed),
    };
    if new
        .expires_in_days
        .is_some_and(|days| !(1..=MAX_DAYS).contains(&days))
    {
        errors.push(
            "expires_in_days",
            format!("must be between 1 and {MAX_DAYS}"),
        );
    }
    let (Some(name), true) = (name, errors.is_empty()) else {
        return Err(errors.into());
    };
    let days = new.expires_in_days;
    let now = caller.clock.now();
    let txn = crate::db::begin_write(db).await?;
    if tokens::live(&txn, scope, now).await? >= MAX_LIVE_TOKENS {
        return Err(ApiError::Conflict(format!(
            "The agency has {MAX_LIVE_TOKENS} SCIM tokens in use; revoke one first."
        )));
    }
    let secret = format!("{PREFIX}{}", random_token(32));
    let token = NewToken {
        name,
        token_hash: sha256_hex(&secret),
        created_by: Some(caller.user_id),
        expires_at: days.map(|d| now + time::Duration::days(d.into())),
    };
    let token = tokens::insert(&txn, scope, token, now).await?;
    caller
        .audit(
            &txn,
            scope.id(),
            "scim.token.create",
            ("scim_token", token.id),
        )
        .await?;
    txn.commit().await?;
    Ok(ScimTokenCreated {
        token: token_dto(token),
        secret,
    })
}

/// A page of the agency's tokens, revoked ones too, oldest first.
pub async fn list(
    db: &DatabaseConnection,
    caller: &Caller,
    query: &ListQuery,
) -> ApiResult<Page<ScimTokenDto>> {
    require(caller, Action::ManageIntegrations)?;
    let page = query.page::<Uuid>()?;
    let rows = tokens::list(db, caller.scope()?, page.after, page.rows()).await?;
    Ok(page.page(rows, |t| t.id, token_dto))
}

/// Revokes a token; revoking a revoked one changes nothing.
pub async fn revoke(db: &DatabaseConnection, caller: &Caller, id: Uuid) -> ApiResult<()> {
    require(caller, Action::ManageIntegrations)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let token = tokens::get(&txn, scope, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if token.revoked_at.is_none() {
        tokens::revoke(&txn, token, caller.clock.now()).await?;
        caller
            .audit(&txn, scope.id(), "scim.token.revoke", ("scim_token", id))
            .await?;
    }
    txn.commit().await?;
    Ok(())
}
