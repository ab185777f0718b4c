//! Service accounts and their API keys (admins).

use confitrek_types::{ApiKeyCreated, ApiKeyInput, Page, ServiceAccountDto, ServiceAccountInput};
use reqwest::Method;
use uuid::Uuid;

use super::ApiResult;
use super::transport::{delete, empty_object, get, send_json};

/// The agency's service accounts with their keys (an agency has a handful: one page).
pub async fn service_accounts() -> ApiResult<Page<ServiceAccountDto>> {
    get("/service-accounts", &[("limit", "200".into())]).await
}

pub async fn create_service_account(input: &ServiceAccountInput) -> ApiResult<ServiceAccountDto> {
    send_json(Method::POST, "/service-accounts", input).await
}

pub async fn disable_service_account(id: Uuid) -> ApiResult<ServiceAccountDto> {
    send_json(
        Method::POST,
        &format!("/service-accounts/{id}/disable"),
        &empty_object(),
    )
    .await
}

/// A new key: the answer holds its secret, shown this once.
pub async fn create_api_key(account: Uuid, input: &ApiKeyInput) -> ApiResult<ApiKeyCreated> {
    send_json(
        Method::POST,
        &format!("/service-accounts/{account}/keys"),
        input,
    )
    .await
}

pub async fn revoke_api_key(account: Uuid, key: Uuid) -> ApiResult<()> {
    delete(&format!("/service-accounts/{account}/keys/{key}")).await
}
