use serde::{Deserialize, Serialize};

/// What `GET /health` answers: the process is alive.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// Always `ok`.
    pub status: String,
}

/// What `GET /ready` answers when the server can serve: its database answers and has every
/// migration the server knows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Readiness {
    /// Always `ready`.
    pub status: String,
    /// `postgresql` or `sqlite`.
    pub database: String,
}
