//! Speaking OpenID Connect to a provider (the `openidconnect` crate): discovery from the
//! issuer, the authorization request with PKCE and a nonce, the code exchange and the ID
//! token's checks (signature against the provider's published keys, issuer, audience = our
//! client id, nonce, expiry).
//!
//! Its HTTP is a small client of its own (hyper, rustls on ring, the webpki roots): no
//! redirects followed (a provider's endpoints answer directly; following a redirect would let
//! one send the server elsewhere), plain HTTP only to loopback and only where the server
//! allows it, short timeouts, answers of at most 1 MiB. Nothing here logs a code, a token or a
//! secret: errors are described by kind only.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreJwsSigningAlgorithm, CoreProviderMetadata,
};
use openidconnect::{
    AsyncHttpClient, AuthorizationCode, ClientId, ClientSecret, CsrfToken, HttpRequest,
    HttpResponse, IssuerUrl, Nonce, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl,
    RequestTokenError, Scope, TokenResponse,
};

const MAX_ANSWER: usize = 1024 * 1024;

/// What ConfiTrek needs of a provider to speak to it.
pub struct ProviderSettings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Option<String>,
    pub redirect_uri: String,
    /// Plain HTTP to loopback is allowed (the server's setting, for tests).
    pub allow_http_loopback: bool,
}

/// Where to send the browser, and what to keep until it comes back.
pub struct Authorization {
    pub url: String,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

/// What the provider vouched for in a verified ID token.
#[derive(Debug)]
pub struct Identity {
    pub email: Option<String>,
    pub email_verified: Option<bool>,
}

/// Why talking to the provider failed.
#[derive(Debug)]
pub enum OidcError {
    /// The provider could not be reached, or answered something unusable (discovery, its
    /// keys, the token endpoint).
    Unavailable(String),
    /// The provider's answer failed a check: the ID token's signature, issuer, audience,
    /// nonce or expiry, or no ID token at all.
    Rejected(String),
}

#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("plain http to {0} is refused: only https, or http to this machine where allowed")]
    PlainHttp(String),
    #[error("request: {0}")]
    Request(#[from] hyper_util::client::legacy::Error),
    #[error("reading the answer: {0}")]
    Body(String),
    #[error("no answer within {} seconds", ANSWER_WITHIN.as_secs())]
    Timeout,
    #[error("building the request or answer: {0}")]
    Http(#[from] openidconnect::http::Error),
}

const ANSWER_WITHIN: Duration = Duration::from_secs(10);

type Connector = hyper_rustls::HttpsConnector<HttpConnector>;

/// The one HTTP client for providers, built at first use.
struct Http(Client<Connector, Full<Bytes>>);

static HTTP: OnceLock<Result<Http, String>> = OnceLock::new();

impl Http {
    fn new() -> anyhow::Result<Self> {
        let roots = rustls::RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth();
        let mut plain = HttpConnector::new();
        plain.set_connect_timeout(Some(Duration::from_secs(5)));
        plain.enforce_http(false);
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .wrap_connector(plain);
        Ok(Self(Client::builder(TokioExecutor::new()).build(connector)))
    }
}

/// The client as one sign-in uses it: whether plain HTTP to loopback is allowed.
pub struct Transport {
    http: &'static Http,
    allow_http_loopback: bool,
}

fn transport(allow_http_loopback: bool) -> Result<Transport, OidcError> {
    let http = HTTP
        .get_or_init(|| Http::new().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| OidcError::Unavailable(format!("no HTTP client: {e}")))?;
    Ok(Transport {
        http,
        allow_http_loopback,
    })
}

fn loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

impl<'c> AsyncHttpClient<'c> for Transport {
    type Error = HttpError;
    type Future = Pin<Box<dyn Future<Output = Result<HttpResponse, HttpError>> + 'c>>;

    fn call(&'c self, request: HttpRequest) -> Self::Future {
        Box::pin(async move {
            let uri = request.uri();
            if uri.scheme_str() != Some("https") {
                let host = uri.host().unwrap_or_default().to_owned();
                if !(self.allow_http_loopback
                    && uri.scheme_str() == Some("http")
                    && loopback(&host))
                {
                    return Err(HttpError::PlainHttp(host));
                }
            }
            let (parts, body) = request.into_parts();
            let request =
                openidconnect::http::Request::from_parts(parts, Full::new(Bytes::from(body)));
            let exchange = async {
                let response = self.http.0.request(request).await?;
                let (parts, body) = response.into_parts();
                let bytes = Limited::new(body, MAX_ANSWER)
                    .collect()
                    .await
                    .map_err(|e| HttpError::Body(e.to_string()))?
                    .to_bytes();
                Ok::<_, HttpError>(openidconnect::http::Response::from_parts(
                    parts,
                    bytes.to_vec(),
                ))
            };
            tokio::time::timeout(ANSWER_WITHIN, exchange)
                .await
                .map_err(|_| HttpError::Timeout)?
        })
    }
}

async fn discover(issuer: &str, allow_http: bool) -> Result<CoreProviderMetadata, OidcError> {
    let issuer = IssuerUrl::new(issuer.to_owned())
        .map_err(|e| OidcError::Unavailable(format!("the issuer URL: {e}")))?;
    CoreProviderMetadata::discover_async(issuer, &transport(allow_http)?)
        .await
        .map_err(|e| OidcError::Unavailable(format!("discovery: {}", discovery_kind(&e))))
}

/// Discovery documents read for the start of a sign-in, by issuer, kept a few minutes: a
/// start asks for the authorization endpoint only, and need not cost the provider two
/// requests each time. The callback reads the document afresh, for the provider's keys.
static RECENT: Mutex<Vec<(String, Instant, CoreProviderMetadata)>> = Mutex::new(Vec::new());
const KEPT_FOR: Duration = Duration::from_secs(300);
const KEPT_AT_MOST: usize = 64;

async fn discover_recent(
    issuer: &str,
    allow_http: bool,
) -> Result<CoreProviderMetadata, OidcError> {
    let now = Instant::now();
    let kept = RECENT.lock().ok().and_then(|recent| {
        recent
            .iter()
            .find(|(i, at, _)| i == issuer && now.duration_since(*at) < KEPT_FOR)
            .map(|(_, _, metadata)| metadata.clone())
    });
    if let Some(metadata) = kept {
        return Ok(metadata);
    }
    let metadata = discover(issuer, allow_http).await?;
    if let Ok(mut recent) = RECENT.lock() {
        recent.retain(|(i, at, _)| i != issuer && now.duration_since(*at) < KEPT_FOR);
        if recent.len() >= KEPT_AT_MOST {
            recent.remove(0);
        }
        recent.push((issuer.to_owned(), now, metadata.clone()));
    }
    Ok(metadata)
}

fn discovery_kind<E: std::error::Error>(e: &openidconnect::DiscoveryError<E>) -> String {
    use openidconnect::DiscoveryError as D;
    match e {
        D::Request(inner) => format!("request failed ({inner})"),
        D::Response(status, _, _) => format!("answered {status}"),
        D::Parse(_) => "an unreadable document".into(),
        D::Validation(why) => format!("not valid ({why})"),
        D::UrlParse(why) => format!("a bad URL ({why})"),
        D::Other(why) => why.clone(),
        _ => "failed".into(),
    }
}

fn client(
    metadata: CoreProviderMetadata,
    settings: &ProviderSettings,
) -> Result<
    CoreClient<
        openidconnect::EndpointSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointMaybeSet,
        openidconnect::EndpointMaybeSet,
    >,
    OidcError,
> {
    let redirect = RedirectUrl::new(settings.redirect_uri.clone())
        .map_err(|e| OidcError::Unavailable(format!("the redirect URI: {e}")))?;
    Ok(CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(settings.client_id.clone()),
        settings.client_secret.clone().map(ClientSecret::new),
    )
    .set_redirect_uri(redirect))
}

/// Reads the provider's discovery document and makes the authorization request: a fresh
/// `state`, nonce and PKCE (S256) verifier, and the scopes for an e-mail address.
pub async fn authorization(settings: &ProviderSettings) -> Result<Authorization, OidcError> {
    let client = client(
        discover_recent(&settings.issuer, settings.allow_http_loopback).await?,
        settings,
    )?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state, nonce) = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("email".into()))
        .set_pkce_challenge(challenge)
        .url();
    Ok(Authorization {
        url: url.to_string(),
        state: state.secret().clone(),
        nonce: nonce.secret().clone(),
        pkce_verifier: verifier.secret().clone(),
    })
}

/// Exchanges the code (with the PKCE verifier and our client's credentials) and checks the
/// ID token the provider answers.
pub async fn identity(
    settings: &ProviderSettings,
    code: String,
    pkce_verifier: String,
    nonce: String,
) -> Result<Identity, OidcError> {
    let client = client(
        discover(&settings.issuer, settings.allow_http_loopback).await?,
        settings,
    )?;
    let request = client
        .exchange_code(AuthorizationCode::new(code))
        .map_err(|e| OidcError::Unavailable(format!("the provider has no token endpoint: {e}")))?
        .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier));
    let tokens = request
        .request_async(&transport(settings.allow_http_loopback)?)
        .await
        .map_err(|e| OidcError::Unavailable(format!("the code exchange: {}", token_kind(&e))))?;
    let id_token = tokens
        .id_token()
        .ok_or_else(|| OidcError::Rejected("no ID token in the answer".into()))?;
    // Signed with the provider's published keys, never with the client secret (HMAC), and
    // never unsigned.
    use CoreJwsSigningAlgorithm as A;
    let verifier = client.id_token_verifier().set_allowed_algs([
        A::RsaSsaPkcs1V15Sha256,
        A::RsaSsaPkcs1V15Sha384,
        A::RsaSsaPkcs1V15Sha512,
        A::RsaSsaPssSha256,
        A::RsaSsaPssSha384,
        A::RsaSsaPssSha512,
        A::EcdsaP256Sha256,
        A::EcdsaP384Sha384,
        A::EdDsa,
    ]);
    let claims = id_token
        .claims(&verifier, &Nonce::new(nonce))
        .map_err(|e| OidcError::Rejected(format!("the ID token: {e}")))?;
    Ok(Identity {
        email: claims.email().map(|e| e.as_str().to_owned()),
        email_verified: claims.email_verified(),
    })
}

/// The kind of a failed code exchange; never its body, which may hold tokens.
fn token_kind<RE: std::error::Error, T: openidconnect::ErrorResponse>(
    e: &RequestTokenError<RE, T>,
) -> String {
    match e {
        RequestTokenError::ServerResponse(answer) => {
            // The error code only (`invalid_grant`, ...): its description is the provider's prose.
            let code = serde_json::to_value(answer)
                .ok()
                .and_then(|v| v.get("error").and_then(|c| c.as_str()).map(str::to_owned))
                .unwrap_or_else(|| "an error".into());
            format!("the provider answered {code}")
        }
        RequestTokenError::Request(inner) => format!("request failed ({inner})"),
        RequestTokenError::Parse(..) => "an unreadable answer".into(),
        RequestTokenError::Other(why) => why.clone(),
    }
}
