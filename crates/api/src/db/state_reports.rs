//! Prepared state reports, one row per version, always within the caller's agency.

use confitrek_types::{StateReportKind, StateReportStatus};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::AgencyScope;
use super::entity::state_report::{self, Column, Entity as Reports};

/// The agency's reports, newest first, of one kind if asked; after `before` (a cursor).
pub async fn list(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    kind: Option<StateReportKind>,
    before: Option<Uuid>,
    limit: u64,
) -> Result<Vec<state_report::Model>, DbErr> {
    let mut query = Reports::find().filter(Column::AgencyId.eq(scope.id()));
    if let Some(kind) = kind {
        query = query.filter(Column::Kind.eq(kind.as_str()));
    }
    super::pages::newest_first(query, Column::Id, before, limit)
        .all(db)
        .await
}

pub async fn get(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
) -> Result<Option<state_report::Model>, DbErr> {
    Reports::find_by_id(id)
        .filter(Column::AgencyId.eq(scope.id()))
        .one(db)
        .await
}

/// The newest version of a kind and period.
pub async fn latest(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    kind: StateReportKind,
    period: &str,
) -> Result<Option<state_report::Model>, DbErr> {
    Reports::find()
        .filter(Column::AgencyId.eq(scope.id()))
        .filter(Column::Kind.eq(kind.as_str()))
        .filter(Column::Period.eq(period))
        .order_by_desc(Column::Version)
        .one(db)
        .await
}

/// The newest version's number of each given report's kind and period.
pub async fn latest_versions(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    kind: Option<StateReportKind>,
) -> Result<Vec<(StateReportKind, String, i32)>, DbErr> {
    let mut query = Reports::find()
        .select_only()
        .column(Column::Kind)
        .column(Column::Period)
        .column_as(Column::Version.max(), "version")
        .filter(Column::AgencyId.eq(scope.id()))
        .group_by(Column::Kind)
        .group_by(Column::Period);
    if let Some(kind) = kind {
        query = query.filter(Column::Kind.eq(kind.as_str()));
    }
    query.into_tuple().all(db).await
}

/// Every version's kind, period and status: where each year's report stands.
pub async fn standings(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
) -> Result<Vec<(StateReportKind, String, StateReportStatus)>, DbErr> {
    Reports::find()
        .select_only()
        .column(Column::Kind)
        .column(Column::Period)
        .column(Column::Status)
        .filter(Column::AgencyId.eq(scope.id()))
        .into_tuple()
        .all(db)
        .await
}

pub async fn insert(
    db: &impl ConnectionTrait,
    row: state_report::Model,
) -> Result<state_report::Model, DbErr> {
    row.into_active_model().reset_all().insert(db).await
}

/// Writes `after` over `before` if the row is still as read (its status unchanged): two
/// reviews at once make one.
pub async fn replace(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    before: &state_report::Model,
    after: state_report::Model,
) -> Result<bool, DbErr> {
    let result = Reports::update_many()
        .col_expr(Column::Status, after.status.into())
        .col_expr(Column::ReviewedBy, after.reviewed_by.into())
        .col_expr(Column::ReviewedAt, after.reviewed_at.into())
        .col_expr(Column::ReviewNote, after.review_note.into())
        .col_expr(Column::TransmittedBy, after.transmitted_by.into())
        .col_expr(Column::TransmittedAt, after.transmitted_at.into())
        .col_expr(Column::TransmittedVia, after.transmitted_via.into())
        .col_expr(
            Column::TransmissionReference,
            after.transmission_reference.into(),
        )
        .col_expr(
            Column::AmountReceivedCents,
            after.amount_received_cents.into(),
        )
        .col_expr(Column::ReceivedOn, after.received_on.into())
        .col_expr(Column::ReceivedBy, after.received_by.into())
        .col_expr(Column::ReceivedAt, after.received_at.into())
        .filter(Column::AgencyId.eq(scope.id()))
        .filter(Column::Id.eq(before.id))
        .filter(Column::Status.eq(before.status.as_str()))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// The agency's training records completed from `from` to `to`, for an annual report.
pub async fn records_between(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    from: time::Date,
    to: time::Date,
) -> Result<Vec<super::entity::training_record::Model>, DbErr> {
    use super::entity::training_record::{Column as C, Entity as Records};
    Records::find()
        .filter(C::AgencyId.eq(scope.id()))
        .filter(C::CompletedOn.gte(from))
        .filter(C::CompletedOn.lte(to))
        .order_by_asc(C::CompletedOn)
        .order_by_asc(C::Id)
        .all(db)
        .await
}

/// The records a session's attendance made.
pub async fn records_of_session(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    session_id: Uuid,
) -> Result<Vec<super::entity::training_record::Model>, DbErr> {
    use super::entity::training_record::{Column as C, Entity as Records};
    Records::find()
        .filter(C::AgencyId.eq(scope.id()))
        .filter(C::SessionId.eq(session_id))
        .all(db)
        .await
}

/// The ids of every version the agency keeps, oldest first.
pub async fn ids(db: &impl ConnectionTrait, scope: AgencyScope) -> Result<Vec<Uuid>, DbErr> {
    Reports::find()
        .select_only()
        .column(Column::Id)
        .filter(Column::AgencyId.eq(scope.id()))
        .order_by_asc(Column::Id)
        .into_tuple()
        .all(db)
        .await
}

/// Writes a version's content again (a person struck from it), keeping its life as it was.
pub async fn rewrite_content(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    row: &state_report::Model,
) -> Result<(), DbErr> {
    Reports::update_many()
        .col_expr(Column::Snapshot, row.snapshot.clone().into())
        .col_expr(Column::SnapshotSha256, row.snapshot_sha256.clone().into())
        .col_expr(Column::Changes, row.changes.clone().into())
        .filter(Column::AgencyId.eq(scope.id()))
        .filter(Column::Id.eq(row.id))
        .exec(db)
        .await?;
    Ok(())
}
