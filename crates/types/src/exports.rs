//! The agency's full export.

use serde::{Deserialize, Serialize};

/// Ask for the full export encrypted with a passphrase: the answer is an age file
/// (<https://age-encryption.org>) that `age -d` or `rage -d` opens with the same passphrase.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EncryptedExportRequest {
    /// 12 to 128 characters. Keep it apart from the file: without it the export cannot be
    /// read, and nobody can recover it.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 12,
            max_length = 128,
            example = "correct horse battery staple"
        )
    )]
    pub passphrase: String,
}

/// Never prints the passphrase, so a request cannot end up in a log.
impl std::fmt::Debug for EncryptedExportRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EncryptedExportRequest")
            .field("passphrase", &"[redacted]")
            .finish()
    }
}
