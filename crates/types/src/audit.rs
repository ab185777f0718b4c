use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One entry of the append-only audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEventDto {
    pub id: Uuid,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub occurred_at: time::OffsetDateTime,
    pub actor_user_id: Option<Uuid>,
    /// Who acted, as people read it: the name of the login's person, else its email.
    #[serde(default)]
    pub actor_name: Option<String>,
    #[cfg_attr(feature = "openapi", schema(example = "person.create"))]
    pub action: String,
    /// `success` or `failure`.
    pub outcome: String,
    pub target_type: Option<String>,
    pub target_id: Option<Uuid>,
    /// What was acted on, as people read it, for a person or a login; null otherwise.
    #[serde(default)]
    pub target_name: Option<String>,
    pub ip: Option<String>,
    pub request_id: Option<String>,
}
