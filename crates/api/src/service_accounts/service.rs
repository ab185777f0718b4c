//! The use cases of service accounts and their keys, each in one transaction.

use confitrek_domain::service_accounts::{self as rules, PREFIX_LEN};
use confitrek_types::{
    ApiKeyCreated, ApiKeyDto, ApiKeyInput, Page, Role, ServiceAccountDto, ServiceAccountInput,
};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::auth::Caller;
use crate::auth::tokens::{random_hex, random_token, sha256_hex};
use crate::db::entity::{api_key, service_account};
use crate::db::service_accounts::{self as repo, AccountChange, NewAccount, NewKey};
use crate::db::users::{self, NewUser};
use crate::db::{AgencyScope, agencies};
use crate::http::error::OnConstraint;
use crate::http::pagination::PageRequest;
use crate::http::{ApiError, ApiResult};

const TAKEN: &str = "is already the name of a service account of this agency";

/// Random bytes of a key's secret part: 256 bits.
const SECRET_BYTES: usize = 32;

fn key_dto(k: api_key::Model) -> ApiKeyDto {
    ApiKeyDto {
        id: k.id,
        name: k.name,
        prefix: format!("{}{}", rules::KEY_START, k.prefix),
        rate_limit_per_minute: k.rate_limit_per_minute,
        expires_at: k.expires_at,
        last_used_at: k.last_used_at,
        revoked_at: k.revoked_at,
        created_at: k.created_at,
    }
}

fn account_dto(a: service_account::Model, keys: Vec<ApiKeyDto>) -> ServiceAccountDto {
    ServiceAccountDto {
        id: a.id,
        scopes: rules::scopes_from_text(&a.scopes),
        name: a.name,
        description: a.description,
        disabled_at: a.disabled_at,
        created_at: a.created_at,
        keys,
    }
}

/// The accounts with their keys.
async fn with_keys(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    accounts: Vec<service_account::Model>,
) -> ApiResult<Vec<ServiceAccountDto>> {
    let keys = repo::keys_of(db, scope, accounts.iter().map(|a| a.id).collect()).await?;
    Ok(accounts
        .into_iter()
        .map(|a| {
            let own = keys
                .iter()
                .filter(|k| k.service_account_id == a.id)
                .cloned()
                .map(key_dto)
                .collect();
            account_dto(a, own)
        })
        .collect())
}

pub async fn list(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    page: &PageRequest<Uuid>,
) -> ApiResult<Page<ServiceAccountDto>> {
    let mut rows = repo::list(db, scope, page.after, page.rows()).await?;
    let next_cursor = page.cut(&mut rows, |a| a.id);
    let items = with_keys(db, scope, rows).await?;
    Ok(Page { items, next_cursor })
}

async fn found(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
) -> ApiResult<service_account::Model> {
    repo::get(db, scope, id).await?.ok_or(ApiError::NotFound)
}

async fn one(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    account: service_account::Model,
) -> ApiResult<ServiceAccountDto> {
    let mut dtos = with_keys(db, scope, vec![account]).await?;
    dtos.pop().ok_or(ApiError::NotFound)
}

/// A new account: its login (which never signs in with a password) and its details.
pub async fn create(
    db: &sea_orm::DatabaseConnection,
    caller: &Caller,
    input: ServiceAccountInput,
) -> ApiResult<ServiceAccountDto> {
    let scope = caller.scope()?;
    let valid = rules::parse_account(&input.name, input.description.as_deref(), &input.scopes)?;
    let now = caller.clock.now();
    let txn = crate::db::begin_write(db).await?;
    let login_id = Uuid::now_v7();
    let login = users::insert(
        &txn,
        NewUser {
            agency_id: Some(scope.id()),
            person_id: None,
            // Never an address anyone reads (`.invalid` cannot be registered); unique as
            // every login's is.
            email: format!("{}@service-accounts.invalid", login_id.simple()),
            // Keys reach only the operations of their scopes; within them, what a training
            // coordinator may do.
            role: Role::Coordinator,
            password_hash: None,
            invitation: None,
            service_account: true,
        },
        now,
    )
    .await?;
    let new = NewAccount {
        id: login.id,
        name: valid.name,
        description: valid.description,
        scopes: rules::scopes_to_text(&valid.scopes),
    };
    let account = repo::insert(&txn, scope, new, now)
        .await
        .on_unique("name", TAKEN)?;
    caller
        .audit(
            &txn,
            scope.id(),
            "service_account.create",
            ("service_account", account.id),
        )
        .await?;
    txn.commit().await?;
    Ok(account_dto(account, Vec::new()))
}

pub async fn update(
    db: &sea_orm::DatabaseConnection,
    caller: &Caller,
    id: Uuid,
    input: ServiceAccountInput,
) -> ApiResult<ServiceAccountDto> {
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let account = found(&txn, scope, id).await?;
    let valid = rules::parse_account(&input.name, input.description.as_deref(), &input.scopes)?;
    let change = AccountChange::Details {
        name: valid.name,
        description: valid.description,
        scopes: rules::scopes_to_text(&valid.scopes),
    };
    let now = caller.clock.now();
    let account = repo::update(&txn, account, change, now)
        .await
        .on_unique("name", TAKEN)?;
    caller
        .audit(
            &txn,
            scope.id(),
            "service_account.update",
            ("service_account", id),
        )
        .await?;
    let dto = one(&txn, scope, account).await?;
    txn.commit().await?;
    Ok(dto)
}

/// Switches the account off for good: its keys are revoked; its history stays, named.
pub async fn disable(
    db: &sea_orm::DatabaseConnection,
    caller: &Caller,
    id: Uuid,
) -> ApiResult<ServiceAccountDto> {
    let scope = caller.scope()?;
    let now = caller.clock.now();
    let txn = crate::db::begin_write(db).await?;
    let mut account = found(&txn, scope, id).await?;
    if account.disabled_at.is_none() {
        repo::revoke(&txn, scope, id, None, now).await?;
        account = repo::update(&txn, account, AccountChange::Disabled(now), now).await?;
        caller
            .audit(
                &txn,
                scope.id(),
                "service_account.disable",
                ("service_account", id),
            )
            .await?;
    }
    let dto = one(&txn, scope, account).await?;
    txn.commit().await?;
    Ok(dto)
}

/// A new key of the account; its secret is in the answer and nowhere else.
pub async fn create_key(
    db: &sea_orm::DatabaseConnection,
    caller: &Caller,
    account_id: Uuid,
    input: ApiKeyInput,
) -> ApiResult<ApiKeyCreated> {
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let account = found(&txn, scope, account_id).await?;
    if account.disabled_at.is_some() {
        return Err(ApiError::Conflict(
            "The service account is disabled: it can have no new keys.".into(),
        ));
    }
    let agency = agencies::get(&txn, scope)
        .await?
        .ok_or(ApiError::NotFound)?;
    let today = caller.clock.today_in(&agency.time_zone);
    let valid = rules::parse_key_input(
        &input.name,
        input.expires_on,
        input.rate_limit_per_minute,
        today,
    )?;
    // It works through its last day in the agency's time zone.
    let expires_at = match valid.expires_on {
        Some(day) => {
            let next = day
                .next_day()
                .ok_or_else(|| ApiError::field("expires_on", "is too far ahead"))?;
            let at = crate::clock::start_of_day(next, &agency.time_zone);
            Some(at.ok_or_else(|| ApiError::field("expires_on", "is not a day of the calendar"))?)
        }
        None => None,
    };
    let prefix: String = random_hex(PREFIX_LEN);
    let secret = random_token(SECRET_BYTES);
    let new = NewKey {
        account: account.id,
        name: valid.name,
        prefix: prefix.clone(),
        secret_hash: sha256_hex(&secret),
        rate_limit_per_minute: valid.rate_limit_per_minute,
        expires_at,
    };
    let key = repo::insert_key(&txn, scope, new, caller.clock.now()).await?;
    caller
        .audit(&txn, scope.id(), "api_key.create", ("api_key", key.id))
        .await?;
    txn.commit().await?;
    Ok(ApiKeyCreated {
        secret: format!("{}{prefix}_{secret}", rules::KEY_START),
        key: key_dto(key),
    })
}

/// Revokes a key at once; revoking it again changes nothing.
pub async fn revoke_key(
    db: &sea_orm::DatabaseConnection,
    caller: &Caller,
    account_id: Uuid,
    key_id: Uuid,
) -> ApiResult<()> {
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    repo::get_key(&txn, scope, account_id, key_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let now = caller.clock.now();
    if repo::revoke(&txn, scope, account_id, Some(key_id), now).await? > 0 {
        caller
            .audit(&txn, scope.id(), "api_key.revoke", ("api_key", key_id))
            .await?;
    }
    txn.commit().await?;
    Ok(())
}
