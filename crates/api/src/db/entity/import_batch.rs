use confitrek_types::{ImportKind, ImportStatus};
use sea_orm::entity::prelude::*;

/// A file uploaded to be imported; the file itself is kept encrypted under the batch's id.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "import_batches")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    pub kind: ImportKind,
    pub status: ImportStatus,
    pub file_name: String,
    pub sha256: String,
    pub size_bytes: i64,
    pub sheet: Option<String>,
    /// `["Last Name", ...]`
    pub headers: Json,
    pub row_count: i32,
    /// An `ImportMapping`.
    pub mapping: Json,
    /// The `ImportCounts` of the commit.
    pub counts: Option<Json>,
    pub created_by: Uuid,
    pub created_at: TimeDateTimeWithTimeZone,
    pub committed_at: Option<TimeDateTimeWithTimeZone>,
    pub undone_at: Option<TimeDateTimeWithTimeZone>,
    /// When the commit under way (`committing`) began.
    pub started_at: Option<TimeDateTimeWithTimeZone>,
    /// Why the last commit imported nothing.
    pub failure: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
