//! Service accounts: how another system (a records system, a scheduler, an HR system) uses
//! the API without a person's password, through API keys limited to scopes.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

pub use confitrek_vocabulary::service_accounts::*;

/// A service account as written by an admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ServiceAccountInput {
    /// Unique in the agency, e.g. the system it stands for.
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "Records management system",
            min_length = 1,
            max_length = 100
        )
    )]
    pub name: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub description: Option<String>,
    /// At least one.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 4))]
    pub scopes: Vec<ApiScope>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ServiceAccountDto {
    /// Also the actor id its changes and audit events carry.
    pub id: Uuid,
    pub name: String,
    pub description: Option<String>,
    pub scopes: Vec<ApiScope>,
    /// Set once the account is switched off: its keys stop working; its history stays.
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub disabled_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
    /// Its keys, newest first, revoked ones included.
    pub keys: Vec<ApiKeyDto>,
}

/// A new API key of a service account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ApiKeyInput {
    /// What the key is for or where it is kept, e.g. `production`.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "production", min_length = 1, max_length = 100)
    )]
    pub name: String,
    /// The last day the key works (in the agency's time zone), at most two years ahead;
    /// null: until revoked.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub expires_on: Option<Date>,
    /// Requests a minute the key may make before it is answered 429 with `Retry-After`.
    /// Defaults to 600.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 6000))]
    pub rate_limit_per_minute: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKeyDto {
    pub id: Uuid,
    pub name: String,
    /// The start of the key (`ctk_` and its public part), to tell keys apart.
    #[cfg_attr(feature = "openapi", schema(example = "ctk_3fa9c2d17b0e"))]
    pub prefix: String,
    pub rate_limit_per_minute: i32,
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub expires_at: Option<OffsetDateTime>,
    /// To within a minute; null if never used.
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub last_used_at: Option<OffsetDateTime>,
    #[serde(default, with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub revoked_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: OffsetDateTime,
}

/// A key just made: the only time its secret is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKeyCreated {
    pub key: ApiKeyDto,
    /// Send it as the `X-API-Key` header. It is not kept and cannot be shown again.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "ctk_3fa9c2d17b0e_Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE")
    )]
    pub secret: String,
}
