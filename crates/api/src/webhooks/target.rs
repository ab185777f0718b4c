//! Where a webhook may point. An admin must not be able to make the server probe the
//! internal network: a URL is refused unless it is `https` to a public address, the name
//! checked by what it resolves to when it is saved and again at every connection (see
//! [`super::sender`]), since a name can be pointed elsewhere after it was checked. An
//! instance that sets `webhook_allow_private` (tests, a closed network) allows plain `http`
//! and private addresses.

use std::net::IpAddr;
use std::time::Duration;

use confitrek_domain::webhooks::{
    Host, MAX_URL_LENGTH, UrlRefusal, check_target, resolved_allowed,
};
use reqwest::Url;

/// How long saving a webhook waits for its name to resolve.
const RESOLVE_TIMEOUT: Duration = Duration::from_secs(5);

/// The URL as it will be used, or why it may not be.
pub async fn check_url(raw: &str, allow_private: bool) -> Result<Url, UrlRefusal> {
    let raw = raw.trim();
    if raw.chars().count() > MAX_URL_LENGTH {
        return Err(UrlRefusal::TooLong);
    }
    let url = parsed(raw, allow_private)?;
    if let Some(url::Host::Domain(name)) = url.host()
        && !allow_private
    {
        resolved_allowed(&resolve(name).await, allow_private)?;
    }
    Ok(url)
}

/// The URL parsed and checked without resolving its name: what a delivery checks before it
/// connects (the connection's resolver checks the name).
pub fn parsed(raw: &str, allow_private: bool) -> Result<Url, UrlRefusal> {
    let url = Url::parse(raw).map_err(|_| UrlRefusal::NotAUrl)?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(UrlRefusal::Credentials);
    }
    let host = match url.host() {
        None => return Err(UrlRefusal::NoHost),
        Some(url::Host::Domain(name)) => Host::Name(name),
        Some(url::Host::Ipv4(ip)) => Host::Address(IpAddr::V4(ip)),
        Some(url::Host::Ipv6(ip)) => Host::Address(IpAddr::V6(ip)),
    };
    check_target(url.scheme(), host, allow_private)?;
    Ok(url)
}

/// The addresses a name resolves to; none when it does not resolve in time.
pub async fn resolve(name: &str) -> Vec<IpAddr> {
    let lookup = tokio::net::lookup_host((name, 443));
    match tokio::time::timeout(RESOLVE_TIMEOUT, lookup).await {
        Ok(Ok(found)) => found.map(|a| a.ip()).collect(),
        _ => Vec::new(),
    }
}
