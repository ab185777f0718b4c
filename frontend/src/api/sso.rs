//! Single sign-on: the agency's identity providers (admins), and which of them the sign-in
//! page offers for an address.

use confitrek_types::{
    IdentityProviderDto, IdentityProviderInput, Page, SsoDiscovery, SsoDiscoveryRequest,
};
use reqwest::Method;
use uuid::Uuid;

use super::ApiResult;
use super::transport::{delete, get, send_json};

/// The agency's providers (an agency has a handful: one page holds them).
pub async fn identity_providers() -> ApiResult<Vec<IdentityProviderDto>> {
    let page: Page<IdentityProviderDto> =
        get("/identity-providers", &[("limit", "200".into())]).await?;
    Ok(page.items)
}

pub async fn create_identity_provider(
    input: &IdentityProviderInput,
) -> ApiResult<IdentityProviderDto> {
    send_json(Method::POST, "/identity-providers", input).await
}

/// Replaces a provider's settings; a `client_secret` of `None` keeps the stored one.
pub async fn replace_identity_provider(
    id: Uuid,
    input: &IdentityProviderInput,
) -> ApiResult<IdentityProviderDto> {
    send_json(Method::PUT, &format!("/identity-providers/{id}"), input).await
}

pub async fn delete_identity_provider(id: Uuid) -> ApiResult<()> {
    delete(&format!("/identity-providers/{id}")).await
}

/// The providers to offer on the sign-in page for the typed address.
pub async fn discover(email: &str) -> ApiResult<SsoDiscovery> {
    let body = SsoDiscoveryRequest {
        email: email.trim().to_owned(),
    };
    send_json(Method::POST, "/auth/sso/discover", &body).await
}

/// Where the browser goes to sign in through a provider, coming back to `next`.
pub fn start_url(provider: Uuid, next: Option<&str>) -> String {
    let base = format!("/api/v1/auth/sso/{provider}/start");
    match next {
        Some(next) => format!("{base}?next={}", form_urlencoded_value(next)),
        None => base,
    }
}

/// `text` as a query value.
fn form_urlencoded_value(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_start_link_carries_where_to_go_next_escaped() {
        let id = Uuid::nil();
        assert_eq!(start_url(id, None), format!("/api/v1/auth/sso/{id}/start"));
        assert_eq!(
            start_url(id, Some("/people?unit=Patrol & K9")),
            format!("/api/v1/auth/sso/{id}/start?next=/people%3Funit%3DPatrol%20%26%20K9")
        );
    }
}
