//! The reports an agency files with its state's POST board, each prepared version with its
//! life: prepared (by, when, the data as JSON with its SHA-256, the rule-set version),
//! reviewed (by, when, note), marked transmitted (by, when, how, reference); and, for the
//! kinds that ask for money, the amounts requested and received and when.
//!
//! One row per version: preparing the same kind and period again adds version n + 1, with
//! what changed against version n.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum StateReports {
    Table,
    Id,
    AgencyId,
    /// `oh_cpt_roster`, `in_inservice_report`, `or_f6_roster`, `mn_affidavit_of_attendance`;
    /// room for the reimbursement applications.
    Kind,
    /// The calendar year (`2026`) or the session's id.
    Period,
    PeriodLabel,
    /// The session a per-session report covers (no foreign key: the report outlives it).
    SessionId,
    Version,
    /// prepared, reviewed, transmitted, received
    Status,
    /// The report's rows as prepared (JSON), what downloads render.
    Snapshot,
    SnapshotSha256,
    RowCount,
    RuleSetVersion,
    /// What changed against the previous version (JSON list), null for the first.
    Changes,
    PreparedBy,
    PreparedAt,
    ReviewedBy,
    ReviewedAt,
    ReviewNote,
    TransmittedBy,
    TransmittedAt,
    TransmittedVia,
    TransmissionReference,
    AmountRequestedCents,
    AmountReceivedCents,
    ReceivedOn,
    ReceivedBy,
    ReceivedAt,
}

#[derive(DeriveIden)]
enum Agencies {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use StateReports as S;
        let ts = |c: S| {
            ColumnDef::new(c)
                .timestamp_with_time_zone()
                .not_null()
                .to_owned()
        };
        let optional_ts = |c: S| {
            ColumnDef::new(c)
                .timestamp_with_time_zone()
                .null()
                .to_owned()
        };
        m.create_table(
            Table::create()
                .table(S::Table)
                .col(ColumnDef::new(S::Id).uuid().not_null().primary_key())
                .col(ColumnDef::new(S::AgencyId).uuid().not_null())
                .col(ColumnDef::new(S::Kind).string_len(40).not_null())
                .col(ColumnDef::new(S::Period).string_len(40).not_null())
                .col(ColumnDef::new(S::PeriodLabel).string_len(400).not_null())
                .col(ColumnDef::new(S::SessionId).uuid().null())
                .col(ColumnDef::new(S::Version).integer().not_null())
                .col(ColumnDef::new(S::Status).string_len(16).not_null())
                .col(ColumnDef::new(S::Snapshot).json().not_null())
                .col(ColumnDef::new(S::SnapshotSha256).string_len(64).not_null())
                .col(ColumnDef::new(S::RowCount).integer().not_null())
                .col(ColumnDef::new(S::RuleSetVersion).integer().null())
                .col(ColumnDef::new(S::Changes).json().null())
                .col(ColumnDef::new(S::PreparedBy).uuid().not_null())
                .col(ts(S::PreparedAt))
                .col(ColumnDef::new(S::ReviewedBy).uuid().null())
                .col(optional_ts(S::ReviewedAt))
                .col(ColumnDef::new(S::ReviewNote).string_len(2000).null())
                .col(ColumnDef::new(S::TransmittedBy).uuid().null())
                .col(optional_ts(S::TransmittedAt))
                .col(ColumnDef::new(S::TransmittedVia).string_len(16).null())
                .col(
                    ColumnDef::new(S::TransmissionReference)
                        .string_len(200)
                        .null(),
                )
                .col(ColumnDef::new(S::AmountRequestedCents).big_integer().null())
                .col(ColumnDef::new(S::AmountReceivedCents).big_integer().null())
                .col(ColumnDef::new(S::ReceivedOn).date().null())
                .col(ColumnDef::new(S::ReceivedBy).uuid().null())
                .col(optional_ts(S::ReceivedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(S::Table, S::AgencyId)
                        .to(Agencies::Table, Agencies::Id),
                )
                .to_owned(),
        )
        .await?;
        // One row per version of a kind and period: two preparations at once cannot both be
        // version n + 1.
        m.create_index(
            Index::create()
                .name("state_reports_version_idx")
                .table(S::Table)
                .col(S::AgencyId)
                .col(S::Kind)
                .col(S::Period)
                .col(S::Version)
                .unique()
                .to_owned(),
        )
        .await?;
        // The agency's list, newest first.
        m.create_index(
            Index::create()
                .name("state_reports_agency_idx")
                .table(S::Table)
                .col(S::AgencyId)
                .col(S::Id)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(StateReports::Table).to_owned())
            .await
    }
}
