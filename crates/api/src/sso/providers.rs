//! The agency's identity providers: an admin adds, changes, switches off and removes them.
//! Each change is audited in its transaction; the client secret is sealed with the server's
//! file key and never answered back.

use confitrek_domain::permissions::Action;
use confitrek_domain::sso::{IssuerRule, ProviderDraft, ValidProvider};
use confitrek_types::{
    IdentityProviderDto, IdentityProviderInput, Page, SsoDiscovery, SsoProviderOption,
};
use uuid::Uuid;

use crate::access::require;
use crate::app::AppState;
use crate::auth::Caller;
use crate::db::entity::identity_provider;
use crate::db::identity_providers::{self as repo, ProviderFields};
use crate::http::error::OnConstraint;
use crate::http::pagination::PageRequest;
use crate::http::{ApiError, ApiResult};

pub fn dto(p: identity_provider::Model, redirect_uri: &str) -> IdentityProviderDto {
    IdentityProviderDto {
        allowed_domains: repo::domains(&p),
        id: p.id,
        display_name: p.display_name,
        issuer: p.issuer,
        client_id: p.client_id,
        has_client_secret: p.client_secret.is_some(),
        enabled: p.enabled,
        jit_role: p.jit_role,
        provider_mfa: p.provider_mfa,
        redirect_uri: redirect_uri.to_owned(),
        created_at: p.created_at,
        updated_at: p.updated_at,
    }
}

fn issuer_rule(state: &AppState) -> IssuerRule {
    if state.config.sso_allow_http_loopback {
        IssuerRule::AlsoHttpLoopback
    } else {
        IssuerRule::HttpsOnly
    }
}

/// The input checked, its secret sealed.
fn parse(state: &AppState, input: IdentityProviderInput, new: bool) -> ApiResult<ProviderFields> {
    let draft = ProviderDraft {
        display_name: input.display_name,
        issuer: input.issuer,
        client_id: input.client_id,
        client_secret: input.client_secret,
        allowed_domains: input.allowed_domains,
        enabled: input.enabled,
        jit_role: input.jit_role,
        provider_mfa: input.provider_mfa,
    };
    let valid = ValidProvider::parse(draft, issuer_rule(state), new)?;
    let sealed_secret = match &valid.client_secret {
        Some(secret) => Some(state.files.seal(secret.as_bytes())?),
        None => None,
    };
    Ok(ProviderFields {
        display_name: valid.display_name,
        issuer: valid.issuer.as_str().to_owned(),
        client_id: valid.client_id,
        sealed_secret,
        allowed_domains: valid
            .allowed_domains
            .iter()
            .map(|d| d.as_str().to_owned())
            .collect(),
        enabled: valid.enabled,
        jit_role: valid.jit_role,
        provider_mfa: valid.provider_mfa,
    })
}

const DUPLICATE: &str = "names a provider the agency already has (the same issuer and client id)";

pub async fn list(
    state: &AppState,
    caller: &Caller,
    page: &PageRequest<Uuid>,
    redirect_uri: &str,
) -> ApiResult<Page<IdentityProviderDto>> {
    require(caller, Action::ManageIntegrations)?;
    let rows = repo::list(&state.db, caller.scope()?, page.after, page.rows()).await?;
    Ok(page.page(rows, |p| p.id, |p| dto(p, redirect_uri)))
}

pub async fn get(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    redirect_uri: &str,
) -> ApiResult<IdentityProviderDto> {
    require(caller, Action::ManageIntegrations)?;
    let found = repo::get(&state.db, caller.scope()?, id).await?;
    Ok(dto(found.ok_or(ApiError::NotFound)?, redirect_uri))
}

pub async fn create(
    state: &AppState,
    caller: &Caller,
    input: IdentityProviderInput,
    redirect_uri: &str,
) -> ApiResult<IdentityProviderDto> {
    require(caller, Action::ManageIntegrations)?;
    let scope = caller.scope()?;
    let fields = parse(state, input, true)?;
    let txn = crate::db::begin_write(&state.db).await?;
    let now = state.clock.now();
    let created = repo::insert(&txn, scope, fields, now)
        .await
        .on_unique("client_id", DUPLICATE)?;
    caller
        .audit(
            &txn,
            scope.id(),
            "identity_provider.create",
            ("identity_provider", created.id),
        )
        .await?;
    txn.commit().await?;
    Ok(dto(created, redirect_uri))
}

pub async fn replace(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    input: IdentityProviderInput,
    redirect_uri: &str,
) -> ApiResult<IdentityProviderDto> {
    require(caller, Action::ManageIntegrations)?;
    let scope = caller.scope()?;
    let fields = parse(state, input, false)?;
    let txn = crate::db::begin_write(&state.db).await?;
    let existing = repo::get(&txn, scope, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let now = state.clock.now();
    let secret_changed = fields.sealed_secret.is_some();
    let saved = repo::update(&txn, existing, fields, now)
        .await
        .on_unique("client_id", DUPLICATE)?;
    let target = ("identity_provider", saved.id);
    caller
        .audit(&txn, scope.id(), "identity_provider.update", target)
        .await?;
    if secret_changed {
        caller
            .audit(&txn, scope.id(), "identity_provider.secret_change", target)
            .await?;
    }
    txn.commit().await?;
    Ok(dto(saved, redirect_uri))
}

pub async fn delete(state: &AppState, caller: &Caller, id: Uuid) -> ApiResult<()> {
    require(caller, Action::ManageIntegrations)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(&state.db).await?;
    if !repo::delete(&txn, scope, id).await? {
        return Err(ApiError::NotFound);
    }
    caller
        .audit(
            &txn,
            scope.id(),
            "identity_provider.delete",
            ("identity_provider", id),
        )
        .await?;
    txn.commit().await?;
    Ok(())
}

/// The enabled providers the sign-in page offers for an address: those that list its domain.
/// An address without a domain, or of a domain no provider lists, gets none; whether a login
/// has the address is not told.
pub async fn discover(state: &AppState, email: &str) -> ApiResult<SsoDiscovery> {
    if email.len() > 254 {
        return Err(ApiError::field("email", "must be at most 254 characters"));
    }
    let domain = confitrek_domain::sso::domain_of(email)
        .and_then(|d| confitrek_domain::sso::EmailDomain::parse(d).ok());
    let Some(domain) = domain else {
        return Ok(SsoDiscovery {
            providers: Vec::new(),
        });
    };
    let rows = repo::enabled_for_domain(&state.db, domain.as_str()).await?;
    Ok(SsoDiscovery {
        providers: rows
            .into_iter()
            .filter(|p| p.client_secret.is_some())
            .map(|p| SsoProviderOption {
                id: p.id,
                display_name: p.display_name,
            })
            .collect(),
    })
}
