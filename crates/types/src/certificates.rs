use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The certificate of a training record: what was uploaded, checked by its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CertificateDto {
    pub record_id: Uuid,
    /// `application/pdf`, `image/png` or `image/jpeg`, read from the content.
    #[cfg_attr(feature = "openapi", schema(example = "application/pdf"))]
    pub content_type: String,
    pub size_bytes: u64,
    /// SHA-256 of the content, hex.
    pub sha256: String,
    #[serde(with = "time::serde::rfc3339")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub uploaded_at: time::OffsetDateTime,
}
