//! A policy's documents: kept encrypted with their row written in one transaction with its
//! audit event, and found for a version by those who may read the policy.

use confitrek_domain::permissions::may_read_policy;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::duties::AgencyPolicies;
use crate::app::AppState;
use crate::auth::Caller;
use crate::db::entity::policy_document;
use crate::db::stored_files::{self, PolicyDocuments};
use crate::db::{agencies, people, policies};
use crate::documents::{self, Previous};
use crate::http::{ApiError, ApiResult};

/// Keeps `bytes` as a document of the policy `policy_id`.
pub async fn upload(
    state: &AppState,
    caller: &Caller,
    policy_id: Uuid,
    bytes: &[u8],
) -> ApiResult<policy_document::Model> {
    let scope = caller.scope()?;
    let policy = policies::policy(&state.db, scope, policy_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let event = ("policy.document_upload", ("policy", policy.id));
    let owner = (policy.id, Previous::Kept);
    documents::file::<PolicyDocuments>(state, caller, owner, bytes, event, async |_| Ok(())).await
}

/// The policy's code and the document of its version `number`, if the caller may read the
/// policy (404 otherwise, as for a missing one).
pub async fn of_version(
    db: &DatabaseConnection,
    caller: &Caller,
    policy_id: Uuid,
    number: u32,
) -> ApiResult<(String, policy_document::Model)> {
    let scope = caller.scope()?;
    let agency = agencies::get(db, scope).await?.ok_or(ApiError::NotFound)?;
    let all = AgencyPolicies::load(db, scope, &agency.time_zone).await?;
    let policy = all
        .rows
        .iter()
        .find(|p| p.id == policy_id)
        .ok_or(ApiError::NotFound)?;
    let person = match caller.person_id {
        Some(person) => people::get(db, scope, person).await?,
        None => None,
    };
    let assigned = person.is_some_and(|p| all.assigned(policy, &p));
    if !may_read_policy(caller.role, assigned) {
        return Err(ApiError::NotFound);
    }
    let version = all
        .versions_of(policy.id)
        .into_iter()
        .find(|v| super::version_number(v) == number)
        .ok_or(ApiError::NotFound)?;
    let document = match version.file_id {
        Some(file) => stored_files::get::<PolicyDocuments>(db, scope, file).await?,
        None => None,
    }
    .ok_or(ApiError::NotFound)?;
    Ok((policy.code.clone(), document))
}
