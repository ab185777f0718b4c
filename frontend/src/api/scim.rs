//! Provisioning from the agency's identity provider (SCIM): the tokens it provisions with,
//! and what each group it pushed maps to.

use confitrek_types::Page;
use confitrek_types::scim::{
    NewScimToken, ScimGroupDto, ScimGroupMapping, ScimTokenCreated, ScimTokenDto,
};
use reqwest::Method;
use uuid::Uuid;

use super::ApiResult;
use super::transport::{delete, get, send_json};

/// Where the identity provider sends its requests: this server's `/scim/v2`.
pub fn base_url() -> String {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    format!("{origin}/scim/v2")
}

/// The agency's SCIM tokens, revoked ones too (the first 200).
pub async fn tokens() -> ApiResult<Page<ScimTokenDto>> {
    get("/scim-tokens", &[("limit", "200".to_owned())]).await
}

/// A new token, with its secret: shown once.
pub async fn create_token(request: &NewScimToken) -> ApiResult<ScimTokenCreated> {
    send_json(Method::POST, "/scim-tokens", request).await
}

pub async fn revoke_token(id: Uuid) -> ApiResult<()> {
    delete(&format!("/scim-tokens/{id}")).await
}

/// The groups the identity provider pushed, by name (the first 200).
pub async fn groups() -> ApiResult<Page<ScimGroupDto>> {
    get("/scim-groups", &[("limit", "200".to_owned())]).await
}

pub async fn map_group(id: Uuid, mapping: &ScimGroupMapping) -> ApiResult<ScimGroupDto> {
    send_json(Method::PUT, &format!("/scim-groups/{id}/mapping"), mapping).await
}
