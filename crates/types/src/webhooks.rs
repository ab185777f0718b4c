//! Webhooks: URLs of another system that hear about changes, each message signed per the
//! Standard Webhooks scheme (<https://www.standardwebhooks.com/>).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use confitrek_vocabulary::webhooks::*;

/// A URL subscribed to some of the agency's events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookDto {
    pub id: Uuid,
    #[cfg_attr(
        feature = "openapi",
        schema(example = "https://records.example.gov/hooks/confitrek")
    )]
    pub url: String,
    pub description: Option<String>,
    pub events: Vec<WebhookEventType>,
    /// A disabled endpoint is sent no new events; tests and replays still go.
    pub enabled: bool,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: time::OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub updated_at: time::OffsetDateTime,
    /// After a rotation, the previous secret signs beside the new one until then.
    #[serde(with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub previous_secret_expires_at: Option<time::OffsetDateTime>,
}

/// A webhook as created or replaced whole. The URL must be `https` and reach a public
/// address (the server checks what the name resolves to).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WebhookInput {
    #[cfg_attr(
        feature = "openapi",
        schema(
            example = "https://records.example.gov/hooks/confitrek",
            max_length = 2048
        )
    )]
    pub url: String,
    /// The events to send, at least one (not `webhook.test`).
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 16))]
    pub events: Vec<WebhookEventType>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub description: Option<String>,
    #[serde(default = "enabled_by_default")]
    #[cfg_attr(feature = "openapi", schema(default = true))]
    pub enabled: bool,
}

fn enabled_by_default() -> bool {
    true
}

/// A new webhook and its signing secret, shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookCreated {
    pub webhook: WebhookDto,
    /// `whsec_` and the base64 of the key: verify `webhook-signature` with it. Shown once.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    )]
    pub secret: String,
}

/// A webhook's new signing secret, shown this once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookSecretDto {
    pub secret: String,
    /// Until then messages carry a second signature made with the previous secret.
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub previous_secret_expires_at: time::OffsetDateTime,
}

/// One message to one endpoint, with its attempts (newest first, the latest 20).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookDeliveryDto {
    /// The message's `webhook-id`: the same on every attempt and replay.
    pub id: Uuid,
    pub event_id: Uuid,
    pub event_type: WebhookEventType,
    pub state: WebhookDeliveryState,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: time::OffsetDateTime,
    /// When it is tried next (pending only).
    #[serde(with = "time::serde::rfc3339::option")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub next_attempt_at: Option<time::OffsetDateTime>,
    /// Attempts made in all.
    pub attempt_count: u32,
    pub attempts: Vec<WebhookAttemptDto>,
}

/// One POST to the endpoint and what came back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookAttemptDto {
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub attempted_at: time::OffsetDateTime,
    /// The HTTP status; none when no answer came (refused, timed out).
    #[cfg_attr(feature = "openapi", schema(example = 200))]
    pub status: Option<u16>,
    pub duration_ms: u64,
    /// The start of the response body, at most 1,024 characters.
    pub response_excerpt: Option<String>,
    /// Why the attempt failed, when it did.
    pub error: Option<String>,
}
