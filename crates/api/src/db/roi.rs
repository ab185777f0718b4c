//! The counts behind the return-on-investment page: what the agency did in bulk within a
//! span of time, each counted in the database (never by loading the rows).

use confitrek_types::ImportCounts;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
};
use time::OffsetDateTime;

use super::AgencyScope;
use super::entity::{audit_event, import_batch, training_record};

/// Audit actions of the reports a coordinator would otherwise assemble by hand.
const REPORT_ACTIONS: [&str; 5] = [
    "report.compliance",
    "report.transcript",
    "report.topic",
    "report.audit",
    "report.matrix",
];

/// Rows new or changed by imports committed in [from, to) and not undone.
pub async fn imported_rows(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    from: OffsetDateTime,
    to: OffsetDateTime,
) -> Result<u64, DbErr> {
    use import_batch::Column as C;
    // One small JSON value per committed batch: an agency commits a handful a year.
    let counts: Vec<Option<serde_json::Value>> = import_batch::Entity::find()
        .select_only()
        .column(C::Counts)
        .filter(C::AgencyId.eq(scope.id()))
        .filter(C::CommittedAt.gte(from))
        .filter(C::CommittedAt.lt(to))
        .filter(C::UndoneAt.is_null())
        .into_tuple()
        .all(db)
        .await?;
    Ok(counts
        .into_iter()
        .flatten()
        .filter_map(|v| serde_json::from_value::<ImportCounts>(v).ok())
        .map(|c| u64::from(c.new) + u64::from(c.updated))
        .sum())
}

/// Training records written in [from, to) by recording a session's attendance.
pub async fn attendance_records(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    from: OffsetDateTime,
    to: OffsetDateTime,
) -> Result<u64, DbErr> {
    use training_record::Column as C;
    training_record::Entity::find()
        .filter(C::AgencyId.eq(scope.id()))
        .filter(C::SessionId.is_not_null())
        .filter(C::CreatedAt.gte(from))
        .filter(C::CreatedAt.lt(to))
        .count(db)
        .await
}

/// Reports generated in [from, to), from the audit trail.
pub async fn reports_generated(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    from: OffsetDateTime,
    to: OffsetDateTime,
) -> Result<u64, DbErr> {
    use audit_event::Column as C;
    audit_event::Entity::find()
        .filter(C::AgencyId.eq(scope.id()))
        .filter(C::Action.is_in(REPORT_ACTIONS))
        .filter(C::Outcome.eq("success"))
        .filter(C::OccurredAt.gte(from))
        .filter(C::OccurredAt.lt(to))
        .count(db)
        .await
}

/// Sworn officers on the roster today (active or inactive, not separated).
pub async fn officers(db: &impl ConnectionTrait, scope: AgencyScope) -> Result<u64, DbErr> {
    use super::entity::person::{Column as C, Entity as People};
    use confitrek_types::{PersonKind, PersonStatus};
    People::find()
        .filter(C::AgencyId.eq(scope.id()))
        .filter(C::Kind.eq(PersonKind::Officer))
        .filter(C::Status.ne(PersonStatus::Separated))
        .count(db)
        .await
}

/// Audit actions of generating a reimbursement application, one per program, with the kind
/// of state report the program's application is prepared as.
const REIMBURSEMENT_ACTIONS: [(&str, confitrek_types::StateReportKind); 2] = [
    (
        "reimbursement.minnesota",
        confitrek_types::StateReportKind::MnReimbursement,
    ),
    (
        "reimbursement.ohio",
        confitrek_types::StateReportKind::OhReimbursement,
    ),
];

/// Reimbursement applications prepared in [from, to): each application first prepared as a
/// state report (one per period, however many versions), and a program whose application was
/// only generated (downloaded) once however often it was generated.
pub async fn reimbursements_prepared(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    from: OffsetDateTime,
    to: OffsetDateTime,
) -> Result<u64, DbErr> {
    use super::entity::state_report::{Column as R, Entity as Reports};
    use audit_event::Column as C;
    let mut applications = 0;
    for (action, kind) in REIMBURSEMENT_ACTIONS {
        let prepared = Reports::find()
            .filter(R::AgencyId.eq(scope.id()))
            .filter(R::Kind.eq(kind))
            .filter(R::Version.eq(1))
            .filter(R::PreparedAt.gte(from))
            .filter(R::PreparedAt.lt(to))
            .count(db)
            .await?;
        if prepared > 0 {
            applications += prepared;
            continue;
        }
        let generated = audit_event::Entity::find()
            .filter(C::AgencyId.eq(scope.id()))
            .filter(C::Action.eq(action))
            .filter(C::Outcome.eq("success"))
            .filter(C::OccurredAt.gte(from))
            .filter(C::OccurredAt.lt(to))
            .count(db)
            .await?;
        applications += u64::from(generated > 0);
    }
    Ok(applications)
}

/// Kinds of state report that ask for money (reimbursement applications), or the others.
fn kinds(asking_money: bool) -> Vec<confitrek_types::StateReportKind> {
    confitrek_types::StateReportKind::ALL
        .iter()
        .copied()
        .filter(|k| k.carries_amounts() == asking_money)
        .collect()
}

/// State reports first prepared in [from, to) (a later version of the same report and
/// period is not counted again): reimbursement applications, or the other reports.
pub async fn reports_first_prepared(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    from: OffsetDateTime,
    to: OffsetDateTime,
    asking_money: bool,
) -> Result<u64, DbErr> {
    use super::entity::state_report::{Column as C, Entity as Reports};
    Reports::find()
        .filter(C::AgencyId.eq(scope.id()))
        .filter(C::Kind.is_in(kinds(asking_money)))
        .filter(C::Version.eq(1))
        .filter(C::PreparedAt.gte(from))
        .filter(C::PreparedAt.lt(to))
        .count(db)
        .await
}

/// Every version of the reimbursement applications prepared in [from, to) or whose money
/// came on a day of [first, last], oldest first: a handful a year.
pub async fn reimbursements(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    (from, to): (OffsetDateTime, OffsetDateTime),
    (first, last): (time::Date, time::Date),
) -> Result<Vec<super::entity::state_report::Model>, DbErr> {
    use super::entity::state_report::{Column as C, Entity as Reports};
    use sea_orm::{Condition, QueryOrder};
    Reports::find()
        .filter(C::AgencyId.eq(scope.id()))
        .filter(C::Kind.is_in(kinds(true)))
        .filter(
            Condition::any()
                .add(
                    Condition::all()
                        .add(C::PreparedAt.gte(from))
                        .add(C::PreparedAt.lt(to)),
                )
                .add(
                    Condition::all()
                        .add(C::ReceivedOn.gte(first))
                        .add(C::ReceivedOn.lte(last)),
                ),
        )
        .order_by_asc(C::PreparedAt)
        .all(db)
        .await
}
