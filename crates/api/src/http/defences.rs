//! What every response tells the browser, and what a browser's request must show: API
//! answers are never stored by caches; pages carry a Content-Security-Policy that allows only
//! this server's own scripts (and the hashes of the app page's inline ones), no framing; HTTPS
//! answers carry HSTS; and a request that changes something with the session cookie must come
//! from a page of this server (`Origin`, `Sec-Fetch-Site`), so no other site can act with a
//! visitor's session.

use std::path::Path;

use actix_web::HttpRequest;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use base64::Engine;
use sha2::{Digest, Sha256};

use super::ApiError;
use crate::auth::signing_in::{ACCESS_COOKIE, REFRESH_COOKIE};

/// The policy of the web app's pages: its own files, WebAssembly compiled, the inline
/// scripts of its page by hash, nothing framed, forms posted only here.
#[derive(Debug, Clone)]
pub struct ContentPolicy {
    app: HeaderValue,
}

const DOCS_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
    form-action 'self'; frame-ancestors 'none'";

impl ContentPolicy {
    /// The policy for the app page found in `static_dir` (its inline scripts hashed).
    pub fn for_app(static_dir: &Path) -> Self {
        let page = std::fs::read_to_string(static_dir.join("index.html")).unwrap_or_default();
        let hashes: String = inline_scripts(&page)
            .map(|script| {
                let digest = Sha256::digest(script.as_bytes());
                format!(
                    " 'sha256-{}'",
                    base64::engine::general_purpose::STANDARD.encode(digest)
                )
            })
            .collect();
        let policy = format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
             img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; \
             base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        );
        Self {
            app: HeaderValue::from_str(&policy)
                .unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'")),
        }
    }
}

/// The text of each inline `<script>` of a page (those without `src`).
fn inline_scripts(page: &str) -> impl Iterator<Item = &str> {
    page.split("<script").skip(1).filter_map(|rest| {
        let (attributes, body) = rest.split_once('>')?;
        if attributes.contains("src=") {
            return None;
        }
        body.split_once("</script>").map(|(script, _)| script)
    })
}

/// Whether a request comes from a page of this server, as far as the browser says: its
/// `Sec-Fetch-Site` and `Origin`. A client that says neither (not a browser) is taken.
pub fn from_this_site(req: &HttpRequest) -> bool {
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    if header("sec-fetch-site").is_some_and(|site| site != "same-origin" && site != "none") {
        return false;
    }
    header("origin").is_none_or(|origin| {
        let info = req.connection_info();
        origin == format!("{}://{}", info.scheme(), info.host())
    })
}

/// The form a page of this server posted (`application/x-www-form-urlencoded`): 415 for
/// another type, 403 when another site's page posted it (it would sign a visitor in to the
/// wrong account), 400 when it does not read.
pub fn form_from_this_site<T: serde::de::DeserializeOwned>(
    req: &HttpRequest,
    body: &[u8],
) -> Result<T, ApiError> {
    let form_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| {
            m.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        });
    if !form_type {
        return Err(ApiError::UnsupportedMediaType);
    }
    if !from_this_site(req) {
        return Err(ApiError::Forbidden);
    }
    serde_urlencoded::from_bytes(body)
        .map_err(|e| ApiError::Malformed(format!("the form does not read: {e}")))
}

/// Whether a request acts with the session cookie from another site's page.
fn cross_site_with_session(req: &ServiceRequest) -> bool {
    let changes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let with_cookie = req.cookie(ACCESS_COOKIE).is_some() || req.cookie(REFRESH_COOKIE).is_some();
    changes && with_cookie && !from_this_site(req.request())
}

pub async fn with_defences(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if cross_site_with_session(&req) {
        return Err(ApiError::Forbidden.into());
    }
    let https = req.connection_info().scheme() == "https";
    let api = req.path().starts_with("/api/") && !req.path().starts_with("/api/docs");
    let docs = req.path().starts_with("/api/docs");
    let policy = req
        .app_data::<actix_web::web::Data<ContentPolicy>>()
        .map(|p| p.app.clone());
    let mut response = next.call(req).await?;
    let headers = response.headers_mut();
    if api {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    let html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if docs {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(DOCS_POLICY),
        );
    } else if html && let Some(policy) = policy {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inline_scripts_are_hashed() {
        let page =
            r#"<script src="/boot.js"></script><script type="module">init('/a.wasm');</script>"#;
        let scripts: Vec<&str> = inline_scripts(page).collect();
        assert_eq!(scripts, ["init('/a.wasm');"]);
    }
}
