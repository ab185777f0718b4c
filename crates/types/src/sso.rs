//! Single sign-on: the agency's OpenID Connect identity providers, and what the sign-in page
//! asks about them.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::auth::Role;

/// An identity provider as an admin writes it. The client secret is write-only: it is never
/// answered back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct IdentityProviderInput {
    /// What the sign-in page's button says: "Sign in with …".
    #[cfg_attr(
        feature = "openapi",
        schema(example = "County Microsoft Entra ID", min_length = 1, max_length = 80)
    )]
    pub display_name: String,
    /// The provider's issuer URL (`https://`), from which its discovery document
    /// (`/.well-known/openid-configuration`) is read. Compared exactly with the `iss` of its
    /// tokens.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "https://login.microsoftonline.com/{tenant}/v2.0",
            max_length = 512
        )
    )]
    pub issuer: String,
    /// The client id the provider gave ConfiTrek; ID tokens must name it as their audience.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 255))]
    pub client_id: String,
    /// The client secret the provider gave ConfiTrek. Required when adding a provider;
    /// omitted or null when changing one keeps the stored secret. Stored encrypted, never
    /// answered back.
    #[serde(default)]
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 512, write_only)
    )]
    pub client_secret: Option<String>,
    /// The e-mail domains whose people sign in through this provider (exact domains, not
    /// their subdomains). An address of another domain is refused even if the provider
    /// vouches for it.
    #[cfg_attr(
        feature = "openapi",
        schema(value_type = Vec<EmailDomainName>, example = json!(["county.gov"]), min_items = 1, max_items = 20)
    )]
    pub allowed_domains: Vec<String>,
    /// Offered on the sign-in page and accepted. Default true.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Just-in-time logins: a person the provider vouches for, of an allowed domain, with no
    /// login gets one with this role (officer, supervisor or coordinator) at the first
    /// sign-in. Null (the default): nobody is signed in without a login an admin made.
    #[serde(default)]
    pub jit_role: Option<Role>,
    /// The agency lets the provider's multi-factor sign-in count instead of ConfiTrek's own
    /// second step (the authenticator app). Default false: a login that uses or must use
    /// ConfiTrek's second step still gives its code after the provider's sign-in.
    #[serde(default)]
    pub provider_mfa: bool,
}

/// An e-mail domain in the document: a DNS name of at most 253 characters.
#[cfg(feature = "openapi")]
pub struct EmailDomainName;

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for EmailDomainName {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};
        ObjectBuilder::new()
            .schema_type(SchemaType::new(Type::String))
            .description(Some(
                "An e-mail domain: a DNS name such as `county.gov` (internationalised names in their `xn--` form).",
            ))
            .min_length(Some(3))
            .max_length(Some(253))
            .examples(["county.gov"])
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for EmailDomainName {}

fn yes() -> bool {
    true
}

/// An identity provider of the agency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdentityProviderDto {
    pub id: Uuid,
    pub display_name: String,
    pub issuer: String,
    pub client_id: String,
    /// A client secret is stored (it is never shown). False after a restore from an export,
    /// which does not carry it: sign-ins through the provider fail until it is entered again.
    pub has_client_secret: bool,
    pub allowed_domains: Vec<String>,
    pub enabled: bool,
    pub jit_role: Option<Role>,
    pub provider_mfa: bool,
    /// The redirect URI to register at the provider for ConfiTrek's client.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "https://confitrek.county.gov/api/v1/auth/sso/callback")
    )]
    pub redirect_uri: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// Whose providers the sign-in page should offer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SsoDiscoveryRequest {
    /// The address typed on the sign-in page; only its domain is used.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "officer@county.gov", max_length = 254)
    )]
    pub email: String,
}

/// A provider the sign-in page offers: "Sign in with {display_name}", a link to
/// `/api/v1/auth/sso/{id}/start`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SsoProviderOption {
    pub id: Uuid,
    pub display_name: String,
}

/// The enabled providers whose allowed domains include the address's domain (none for an
/// address no provider serves).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SsoDiscovery {
    pub providers: Vec<SsoProviderOption>,
}

/// ConfiTrek's own second step after a provider's sign-in, as the sign-in page's form posts
/// it (`application/x-www-form-urlencoded`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SsoCodeForm {
    /// The 6-digit code the login's authenticator app shows now, or a recovery code.
    #[cfg_attr(feature = "openapi", schema(example = "123456", max_length = 64))]
    pub code: String,
}

/// Why a sign-in through an identity provider failed, as `/login?sso_error=` names it.
pub fn sso_error_message(code: &str) -> &'static str {
    match code {
        "no_email" => {
            "The identity provider did not share your e-mail address with ConfiTrek. Ask your administrator to check the provider's settings."
        }
        "email_not_verified" => {
            "The identity provider has not verified your e-mail address, so ConfiTrek cannot use it to sign you in."
        }
        "domain_not_allowed" => {
            "Your e-mail address is not of a domain your agency signs in with through this provider."
        }
        "no_account" => {
            "There is no ConfiTrek login for your e-mail address. Ask your agency's administrator to invite you."
        }
        "account_disabled" => {
            "Your ConfiTrek login is switched off. Ask your agency's administrator."
        }
        "locked" => {
            "Your account is locked after too many attempts. Wait a few minutes, or ask your agency's administrator to release it."
        }
        "cancelled" => "Sign-in was cancelled at the identity provider.",
        "expired" => "That sign-in link has expired or was already used. Start again.",
        "provider_unavailable" => {
            "The identity provider could not be reached or answered in a way ConfiTrek cannot use. Try again, or sign in with your password."
        }
        "rejected" => {
            "The identity provider's answer could not be verified, so you were not signed in."
        }
        "code_failed" => "Too many wrong codes. Start again.",
        _ => {
            "Sign-in through your identity provider failed. Try again, or sign in with your password."
        }
    }
}
