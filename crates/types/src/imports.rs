//! Imports from a spreadsheet: a batch is uploaded, its columns mapped to fields, previewed
//! (nothing written), committed all or nothing, and undone as a whole.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

pub use confitrek_vocabulary::imports::*;

/// How far a commit under way has gone: `done` of `total` in its stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportProgress {
    pub stage: ImportStage,
    pub done: u32,
    pub total: u32,
}

/// An import batch: the file, what it was read as and what it did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportBatchDto {
    pub id: Uuid,
    pub kind: ImportKind,
    pub status: ImportStatus,
    pub file_name: String,
    /// The SHA-256 of the file, hex.
    pub sha256: String,
    pub size_bytes: i64,
    /// The sheet read, for a workbook.
    pub sheet: Option<String>,
    /// The headers of the file, in order.
    pub headers: Vec<String>,
    pub rows: u32,
    pub mapping: ImportMapping,
    /// What the commit did; none before it.
    pub counts: Option<ImportCounts>,
    /// Another batch that committed the same file and was not undone.
    pub same_file_as: Option<Uuid>,
    pub created_by: Uuid,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub committed_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub undone_at: Option<OffsetDateTime>,
    /// While `committing`: how far it has gone, when the server doing it can tell.
    pub progress: Option<ImportProgress>,
    /// Why the last commit imported nothing; the batch can be committed again.
    pub failure: Option<String>,
}

/// A dry run: what the commit would do, every error, nothing written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportPreviewDto {
    pub batch_id: Uuid,
    pub counts: ImportCounts,
    /// Every error, by row; at most 1,000 are listed (`counts.errors` has them all).
    pub errors: Vec<RowError>,
    /// How the rows were matched to people (a training file).
    pub matched_by: Option<MatchRule>,
    /// Topic names in the file that no topic code stands for yet.
    pub unknown_topics: Vec<String>,
    pub verdicts: VerdictChanges,
    /// One sentence for the coordinator: "12 new records for 4 people; 2 people would turn
    /// compliant."
    pub summary: String,
}

/// Why a committed batch cannot be undone: a later change depends on what it wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UndoBlocker {
    /// `person`, `training_record`, `credential`, `acknowledgement` or `course`.
    pub entity: String,
    pub id: Uuid,
    pub reason: String,
}

/// `POST /imports` query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
#[serde(deny_unknown_fields)]
pub struct ImportUploadQuery {
    pub kind: ImportKind,
    /// The file's name, as the user knows it (at most 200 characters).
    pub file_name: String,
    /// The sheet of a workbook to read; the first if omitted.
    pub sheet: Option<String>,
}
