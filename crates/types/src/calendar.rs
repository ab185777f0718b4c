//! Calendar feeds: secret iCalendar URLs a calendar app subscribes to.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

pub use confitrek_vocabulary::calendar::*;

/// A feed the caller may subscribe to. Anyone holding `url` reads the feed without signing
/// in: share it like a password, and rotate it if it leaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CalendarFeedDto {
    pub id: Uuid,
    pub kind: CalendarFeedKind,
    /// Who the feed is about: the person, or the agency.
    pub subject_id: Uuid,
    #[cfg_attr(
        feature = "openapi",
        schema(example = "/api/v1/calendar/3qk9YgVh0v2cJx0yq8b0m2zJ8Vx6f3dQm0cX9H1Zr4U.ics")
    )]
    /// The feed's path on this server (prefix it with the server's origin).
    pub url: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    #[serde(with = "time::serde::rfc3339")]
    pub rotated_at: OffsetDateTime,
}
