//! Service accounts and their API keys.

use std::collections::HashMap;

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::AgencyScope;
use super::entity::api_key::{self, Entity as ApiKeys};
use super::entity::service_account::{self, Entity as ServiceAccounts};
use super::entity::user;

pub struct NewAccount {
    /// Its login's id.
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub scopes: String,
}

pub async fn insert(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    new: NewAccount,
    now: OffsetDateTime,
) -> Result<service_account::Model, DbErr> {
    service_account::ActiveModel {
        id: Set(new.id),
        agency_id: Set(scope.id()),
        name: Set(new.name),
        description: Set(new.description),
        scopes: Set(new.scopes),
        created_at: Set(now),
        updated_at: Set(now),
        disabled_at: Set(None),
    }
    .insert(db)
    .await
}

pub async fn get(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
) -> Result<Option<service_account::Model>, DbErr> {
    ServiceAccounts::find_by_id(id)
        .filter(service_account::Column::AgencyId.eq(scope.id()))
        .one(db)
        .await
}

/// The agency's accounts after `after`, by id.
pub async fn list(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<service_account::Model>, DbErr> {
    let query = ServiceAccounts::find().filter(service_account::Column::AgencyId.eq(scope.id()));
    super::pages::oldest_first(query, service_account::Column::Id, after, limit)
        .all(db)
        .await
}

/// What an admin changed.
pub enum AccountChange {
    Details {
        name: String,
        description: Option<String>,
        scopes: String,
    },
    Disabled(OffsetDateTime),
}

pub async fn update(
    db: &impl ConnectionTrait,
    account: service_account::Model,
    change: AccountChange,
    now: OffsetDateTime,
) -> Result<service_account::Model, DbErr> {
    let mut model: service_account::ActiveModel = account.into();
    match change {
        AccountChange::Details {
            name,
            description,
            scopes,
        } => {
            model.name = Set(name);
            model.description = Set(description);
            model.scopes = Set(scopes);
        }
        AccountChange::Disabled(at) => model.disabled_at = Set(Some(at)),
    }
    model.updated_at = Set(now);
    model.update(db).await
}

/// The names of the agency's accounts among `ids` (logins that are not accounts are left
/// out), for naming the actors of audit events.
pub async fn names(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    ids: Vec<Uuid>,
) -> Result<HashMap<Uuid, String>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Uuid, String)> = ServiceAccounts::find()
        .select_only()
        .column(service_account::Column::Id)
        .column(service_account::Column::Name)
        .filter(service_account::Column::AgencyId.eq(scope.id()))
        .filter(service_account::Column::Id.is_in(ids))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| (id, format!("{name} (service account)")))
        .collect())
}

/// The keys of the accounts, newest first.
pub async fn keys_of(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    accounts: Vec<Uuid>,
) -> Result<Vec<api_key::Model>, DbErr> {
    if accounts.is_empty() {
        return Ok(Vec::new());
    }
    ApiKeys::find()
        .filter(api_key::Column::AgencyId.eq(scope.id()))
        .filter(api_key::Column::ServiceAccountId.is_in(accounts))
        .order_by_desc(api_key::Column::Id)
        .all(db)
        .await
}

pub struct NewKey {
    pub account: Uuid,
    pub name: String,
    pub prefix: String,
    pub secret_hash: String,
    pub rate_limit_per_minute: i32,
    pub expires_at: Option<OffsetDateTime>,
}

pub async fn insert_key(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    new: NewKey,
    now: OffsetDateTime,
) -> Result<api_key::Model, DbErr> {
    api_key::ActiveModel {
        id: Set(Uuid::now_v7()),
        agency_id: Set(scope.id()),
        service_account_id: Set(new.account),
        name: Set(new.name),
        prefix: Set(new.prefix),
        secret_hash: Set(new.secret_hash),
        rate_limit_per_minute: Set(new.rate_limit_per_minute),
        expires_at: Set(new.expires_at),
        last_used_at: Set(None),
        revoked_at: Set(None),
        created_at: Set(now),
    }
    .insert(db)
    .await
}

/// Revokes the account's key `key`, or every key of the account still standing; answers
/// how many were revoked now.
pub async fn revoke(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    account: Uuid,
    key: Option<Uuid>,
    now: OffsetDateTime,
) -> Result<u64, DbErr> {
    let mut update = ApiKeys::update_many()
        .col_expr(api_key::Column::RevokedAt, Expr::value(now))
        .filter(api_key::Column::AgencyId.eq(scope.id()))
        .filter(api_key::Column::ServiceAccountId.eq(account))
        .filter(api_key::Column::RevokedAt.is_null());
    if let Some(key) = key {
        update = update.filter(api_key::Column::Id.eq(key));
    }
    Ok(update.exec(db).await?.rows_affected)
}

pub async fn get_key(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    account: Uuid,
    key: Uuid,
) -> Result<Option<api_key::Model>, DbErr> {
    ApiKeys::find_by_id(key)
        .filter(api_key::Column::AgencyId.eq(scope.id()))
        .filter(api_key::Column::ServiceAccountId.eq(account))
        .one(db)
        .await
}

/// A key found by its public prefix, with its account and the account's login, before any
/// agency is known: the key names the agency.
pub async fn key_by_prefix(
    db: &impl ConnectionTrait,
    prefix: &str,
) -> Result<Option<(api_key::Model, service_account::Model, user::Model)>, DbErr> {
    let Some((key, Some(account))) = ApiKeys::find()
        .filter(api_key::Column::Prefix.eq(prefix))
        .find_also_related(ServiceAccounts)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let login = user::Entity::find_by_id(account.id).one(db).await?;
    Ok(login.map(|login| (key, account, login)))
}

/// Notes a use; a lost race with another request of the same key changes nothing.
pub async fn key_used(
    db: &impl ConnectionTrait,
    id: Uuid,
    at: OffsetDateTime,
) -> Result<(), DbErr> {
    ApiKeys::update_many()
        .col_expr(api_key::Column::LastUsedAt, Expr::value(at))
        .filter(api_key::Column::Id.eq(id))
        .filter(
            sea_orm::Condition::any()
                .add(api_key::Column::LastUsedAt.is_null())
                .add(api_key::Column::LastUsedAt.lt(at)),
        )
        .exec(db)
        .await
        .map(|_| ())
}
