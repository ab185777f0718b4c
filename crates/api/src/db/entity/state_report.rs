use confitrek_types::{StateReportKind, StateReportStatus, TransmissionMethod};
use sea_orm::entity::prelude::*;

/// One prepared version of a state report, with its life.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "state_reports")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    pub kind: StateReportKind,
    /// The calendar year (`2026`) or the session's id.
    pub period: String,
    pub period_label: String,
    pub session_id: Option<Uuid>,
    pub version: i32,
    pub status: StateReportStatus,
    /// `confitrek_domain::state_reports::Snapshot`, as prepared.
    pub snapshot: Json,
    pub snapshot_sha256: String,
    pub row_count: i32,
    pub rule_set_version: Option<i32>,
    /// `[confitrek_domain::state_reports::Change]` against the previous version.
    pub changes: Option<Json>,
    pub prepared_by: Uuid,
    pub prepared_at: TimeDateTimeWithTimeZone,
    pub reviewed_by: Option<Uuid>,
    pub reviewed_at: Option<TimeDateTimeWithTimeZone>,
    pub review_note: Option<String>,
    pub transmitted_by: Option<Uuid>,
    pub transmitted_at: Option<TimeDateTimeWithTimeZone>,
    pub transmitted_via: Option<TransmissionMethod>,
    pub transmission_reference: Option<String>,
    pub amount_requested_cents: Option<i64>,
    pub amount_received_cents: Option<i64>,
    pub received_on: Option<TimeDate>,
    pub received_by: Option<Uuid>,
    pub received_at: Option<TimeDateTimeWithTimeZone>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
