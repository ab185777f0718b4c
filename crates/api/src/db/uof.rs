//! Use-of-force incidents, their officers and their replaced versions, always scoped to the
//! caller's agency.

use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use time::Date;
use uuid::Uuid;

use super::AgencyScope;
use super::entity::person;
use super::entity::uof_incident::{self, Column, Entity as Incidents};
use super::entity::uof_incident_officer::{self, Entity as Officers};
use super::entity::uof_incident_version::{self, Entity as Versions};

pub async fn insert(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    incident: uof_incident::Model,
) -> Result<uof_incident::Model, DbErr> {
    let mut model: uof_incident::ActiveModel = incident.into();
    model.agency_id = Set(scope.id());
    model.insert(db).await
}

pub async fn get(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
) -> Result<Option<uof_incident::Model>, DbErr> {
    Incidents::find_by_id(id)
        .filter(Column::AgencyId.eq(scope.id()))
        .one(db)
        .await
}

/// Writes `after` over the incident if it is still as `before` left it (same status and
/// version); `false` if someone moved it meanwhile.
pub async fn replace(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    before: &uof_incident::Model,
    after: uof_incident::Model,
) -> Result<bool, DbErr> {
    let result = Incidents::update_many()
        .col_expr(Column::CaseNumber, after.case_number.into())
        .col_expr(Column::Status, after.status.into())
        .col_expr(Column::IncidentDate, after.incident_date.into())
        .col_expr(Column::Qualifies, after.qualifies.into())
        .col_expr(Column::ForceTypes, after.force_types.into())
        .col_expr(Column::Document, after.document.into())
        .col_expr(Column::Training, after.training.into())
        .col_expr(Column::Version, after.version.into())
        .col_expr(Column::SubmittedAt, after.submitted_at.into())
        .col_expr(Column::Attestation, after.attestation.into())
        .col_expr(Column::ReviewedBy, after.reviewed_by.into())
        .col_expr(Column::ReviewedAt, after.reviewed_at.into())
        .col_expr(Column::ReviewComment, after.review_comment.into())
        .col_expr(Column::ClosedAt, after.closed_at.into())
        .col_expr(Column::UpdatedAt, after.updated_at.into())
        .filter(Column::AgencyId.eq(scope.id()))
        .filter(Column::Id.eq(before.id))
        .filter(Column::Status.eq(before.status.as_str()))
        .filter(Column::Version.eq(before.version))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Makes `people` the incident's officers.
pub async fn set_officers(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    incident_id: Uuid,
    people: &[Uuid],
) -> Result<(), DbErr> {
    Officers::delete_many()
        .filter(uof_incident_officer::Column::AgencyId.eq(scope.id()))
        .filter(uof_incident_officer::Column::IncidentId.eq(incident_id))
        .exec(db)
        .await?;
    if people.is_empty() {
        return Ok(());
    }
    Officers::insert_many(
        people
            .iter()
            .map(|person| uof_incident_officer::ActiveModel {
                incident_id: Set(incident_id),
                person_id: Set(*person),
                agency_id: Set(scope.id()),
            }),
    )
    .exec(db)
    .await?;
    Ok(())
}

/// Who may be listed: every incident for a reviewer, one's own otherwise.
#[derive(Debug, Clone, Copy)]
pub enum Readable {
    All,
    AuthoredBy(Uuid),
}

#[derive(Debug, Default)]
pub struct IncidentFilter {
    pub status: Option<String>,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub qualifies: Option<bool>,
    pub person_id: Option<Uuid>,
    pub unit: Option<String>,
    pub force_type: Option<String>,
}

fn condition(scope: AgencyScope, readable: Readable, filter: &IncidentFilter) -> Condition {
    let mut cond = Condition::all().add(Column::AgencyId.eq(scope.id()));
    if let Readable::AuthoredBy(user) = readable {
        cond = cond.add(Column::AuthorId.eq(user));
    }
    if let Some(status) = &filter.status {
        cond = cond.add(Column::Status.eq(status.as_str()));
    }
    if let Some(from) = filter.from {
        cond = cond.add(Column::IncidentDate.gte(from));
    }
    if let Some(to) = filter.to {
        cond = cond.add(Column::IncidentDate.lte(to));
    }
    if let Some(qualifies) = filter.qualifies {
        cond = cond.add(Column::Qualifies.eq(qualifies));
    }
    if let Some(person) = filter.person_id {
        cond = cond.add(
            Column::Id.in_subquery(
                Query::select()
                    .column(uof_incident_officer::Column::IncidentId)
                    .from(Officers)
                    .and_where(uof_incident_officer::Column::AgencyId.eq(scope.id()))
                    .and_where(uof_incident_officer::Column::PersonId.eq(person))
                    .to_owned(),
            ),
        );
    }
    if let Some(unit) = &filter.unit {
        cond = cond.add(
            Column::Id.in_subquery(
                Query::select()
                    .column(uof_incident_officer::Column::IncidentId)
                    .from(Officers)
                    .and_where(uof_incident_officer::Column::AgencyId.eq(scope.id()))
                    .and_where(
                        uof_incident_officer::Column::PersonId.in_subquery(
                            Query::select()
                                .column(person::Column::Id)
                                .from(person::Entity)
                                .and_where(person::Column::AgencyId.eq(scope.id()))
                                .and_where(person::Column::Unit.eq(unit.as_str()))
                                .to_owned(),
                        ),
                    )
                    .to_owned(),
            ),
        );
    }
    if let Some(force) = &filter.force_type {
        // Codes are snake_case words; quoted, none is inside another.
        cond =
            cond.add(Expr::col(Column::ForceTypes).like(LikeExpr::new(format!("%\"{force}\"%"))));
    }
    cond
}

/// A page of incidents, newest first, after the cursor id.
pub async fn list(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    readable: Readable,
    filter: &IncidentFilter,
    before: Option<Uuid>,
    limit: u64,
) -> Result<Vec<uof_incident::Model>, DbErr> {
    let mut cond = condition(scope, readable, filter);
    if let Some(before) = before {
        cond = cond.add(Column::Id.lt(before));
    }
    Incidents::find()
        .filter(cond)
        .order_by_desc(Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Every incident past its draft whose date is in `from..=to`, oldest first: what the
/// aggregates and the exports read.
pub async fn reported_between(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    from: Date,
    to: Date,
) -> Result<Vec<uof_incident::Model>, DbErr> {
    let filter = IncidentFilter {
        from: Some(from),
        to: Some(to),
        ..IncidentFilter::default()
    };
    Incidents::find()
        .filter(condition(scope, Readable::All, &filter))
        .filter(Column::Status.ne("draft"))
        .order_by_asc(Column::IncidentDate)
        .order_by_asc(Column::Id)
        .all(db)
        .await
}

pub async fn insert_version(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    version: uof_incident_version::Model,
) -> Result<(), DbErr> {
    let mut model: uof_incident_version::ActiveModel = version.into();
    model.agency_id = Set(scope.id());
    model.insert(db).await?;
    Ok(())
}

/// The versions amendments replaced, oldest first.
pub async fn versions_of(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    incident_id: Uuid,
) -> Result<Vec<uof_incident_version::Model>, DbErr> {
    Versions::find()
        .filter(uof_incident_version::Column::AgencyId.eq(scope.id()))
        .filter(uof_incident_version::Column::IncidentId.eq(incident_id))
        .order_by_asc(uof_incident_version::Column::Version)
        .all(db)
        .await
}
