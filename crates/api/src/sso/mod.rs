//! Single sign-on through the agency's OpenID Connect identity providers: the admin's list of
//! providers, and the sign-in through one (authorization code with PKCE and a nonce), which
//! ends exactly as a password sign-in does.
//!
//! The rules (which address is taken, whose login it is, whether ConfiTrek still asks its
//! own second factor) are in `confitrek_domain::sso`.

pub mod flow;
pub mod flow_handlers;
pub mod handlers;
mod oidc;
pub mod providers;
pub mod sign_in;

use actix_web::HttpRequest;

/// Where providers send the browser back. Its query (a code and its state) is kept out of
/// the request log.
pub const CALLBACK_PATH: &str = "/api/v1/auth/sso/callback";

/// Where providers send the browser back: this server's own callback, as the browser
/// reached the server (behind a proxy, as it forwards the scheme and host).
pub fn redirect_uri(req: &HttpRequest) -> String {
    let info = req.connection_info();
    format!("{}://{}{CALLBACK_PATH}", info.scheme(), info.host())
}
