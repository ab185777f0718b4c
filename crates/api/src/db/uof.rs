//! Use-of-force incidents, their officers and their replaced versions, always scoped to the
//! caller's agency.

use std::collections::{BTreeMap, HashMap};

use confitrek_domain::uof as rules;
use confitrek_types::{ForceType, IncidentStatus, Injury};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, LikeExpr, Order, Query, SelectStatement};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbBackend, DbErr, EntityTrait,
    FromQueryResult, QueryFilter, QueryOrder, QueryResult, QuerySelect, Set,
};
use time::{Date, OffsetDateTime};
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
        .col_expr(Column::SubjectCount, after.subject_count.into())
        .col_expr(Column::Injuries, after.injuries.into())
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

/// Makes `people` the incident's officers, in that order.
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
    Officers::insert_many((0..).zip(people).map(|(position, person)| {
        uof_incident_officer::ActiveModel {
            incident_id: Set(incident_id),
            person_id: Set(*person),
            agency_id: Set(scope.id()),
            position: Set(position),
        }
    }))
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
        cond = cond.add(holds(Column::ForceTypes, force));
    }
    cond
}

/// An incident as a list shows it: its columns, not its document.
#[derive(Debug, Clone, FromQueryResult)]
pub struct Listed {
    pub id: Uuid,
    pub case_number: Option<String>,
    pub incident_date: Option<Date>,
    pub status: IncidentStatus,
    pub qualifies: bool,
    pub force_types: String,
    pub subject_count: i32,
    pub version: i32,
}

/// A page of incidents, newest first, after the cursor id.
pub async fn list(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    readable: Readable,
    filter: &IncidentFilter,
    before: Option<Uuid>,
    limit: u64,
) -> Result<Vec<Listed>, DbErr> {
    let mut cond = condition(scope, readable, filter);
    if let Some(before) = before {
        cond = cond.add(Column::Id.lt(before));
    }
    Incidents::find()
        .select_only()
        .columns([
            Column::Id,
            Column::CaseNumber,
            Column::IncidentDate,
            Column::Status,
            Column::Qualifies,
            Column::ForceTypes,
            Column::SubjectCount,
            Column::Version,
        ])
        .filter(cond)
        .order_by_desc(Column::Id)
        .limit(limit)
        .into_model::<Listed>()
        .all(db)
        .await
}

/// The incidents past their draft dated `from..=to`, or only the qualifying ones among them:
/// what the aggregates and the exports read.
#[derive(Debug, Clone, Copy)]
pub struct Reported {
    pub from: Date,
    pub to: Date,
    pub qualifying_only: bool,
}

impl Reported {
    fn condition(self, scope: AgencyScope) -> Condition {
        let filter = IncidentFilter {
            from: Some(self.from),
            to: Some(self.to),
            qualifies: self.qualifying_only.then_some(true),
            ..IncidentFilter::default()
        };
        condition(scope, Readable::All, &filter)
            .add(Column::Status.ne(IncidentStatus::Draft.as_str()))
    }

    fn ids(self, scope: AgencyScope) -> SelectStatement {
        Query::select()
            .column(Column::Id)
            .from(Incidents)
            .cond_where(self.condition(scope))
            .to_owned()
    }
}

/// A reported incident as the exports write it out.
#[derive(Debug, Clone, FromQueryResult)]
pub struct ReportedIncident {
    pub id: Uuid,
    pub status: IncidentStatus,
    pub version: i32,
    pub submitted_at: Option<OffsetDateTime>,
    /// The document as stored, as text: read straight into its type, not through a tree of
    /// JSON values first.
    pub document: String,
}

/// The reported incidents, oldest first.
pub async fn reported(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    range: Reported,
) -> Result<Vec<ReportedIncident>, DbErr> {
    Incidents::find()
        .select_only()
        .columns([
            Column::Id,
            Column::Status,
            Column::Version,
            Column::SubmittedAt,
        ])
        .column_as(
            Expr::col(Column::Document).cast_as(Alias::new("text")),
            "document",
        )
        .filter(range.condition(scope))
        .order_by_asc(Column::IncidentDate)
        .order_by_asc(Column::Id)
        .into_model::<ReportedIncident>()
        .all(db)
        .await
}

/// The roster entries of the officers of the incidents `which` selects, by incident, each
/// incident's in the order of its document (people no longer on the roster left out). The
/// pairs and the people apart, each person once: an officer is in many incidents, and a
/// person's row read again beside every pair costs more than the query.
async fn officers_where(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    which: sea_orm::sea_query::SimpleExpr,
) -> Result<BTreeMap<Uuid, Vec<person::Model>>, DbErr> {
    use uof_incident_officer::Column as Officer;
    let pairs: Vec<(Uuid, Uuid)> = Officers::find()
        .select_only()
        .columns([Officer::IncidentId, Officer::PersonId])
        .filter(Officer::AgencyId.eq(scope.id()))
        .filter(which.clone())
        .order_by_asc(Officer::IncidentId)
        .order_by_asc(Officer::Position)
        .into_tuple()
        .all(db)
        .await?;
    let involved = Query::select()
        .column(Officer::PersonId)
        .from(Officers)
        .and_where(Officer::AgencyId.eq(scope.id()))
        .and_where(which)
        .to_owned();
    let people: HashMap<Uuid, person::Model> = person::Entity::find()
        .filter(person::Column::AgencyId.eq(scope.id()))
        .filter(person::Column::Id.in_subquery(involved))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut out: BTreeMap<Uuid, Vec<person::Model>> = BTreeMap::new();
    for (incident_id, person_id) in pairs {
        if let Some(person) = people.get(&person_id) {
            out.entry(incident_id).or_default().push(person.clone());
        }
    }
    Ok(out)
}

/// The officers of the incidents `ids` (a page of the list).
pub async fn officers_of(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    ids: &[Uuid],
) -> Result<BTreeMap<Uuid, Vec<person::Model>>, DbErr> {
    if ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    let which = uof_incident_officer::Column::IncidentId.is_in(ids.iter().copied());
    officers_where(db, scope, which).await
}

/// The officers of the reported incidents of a range.
pub async fn officers_reported(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    range: Reported,
) -> Result<BTreeMap<Uuid, Vec<person::Model>>, DbErr> {
    let which = uof_incident_officer::Column::IncidentId.in_subquery(range.ids(scope));
    officers_where(db, scope, which).await
}

/// `1` where `cond` holds, `0` elsewhere: summed, how many rows it holds for.
fn one_if(cond: impl sea_orm::sea_query::IntoCondition) -> Expr {
    Expr::case(cond, 1i32).finally(0i32).into()
}

/// Whether a JSON array of codes holds `code`. Codes are snake_case words; quoted, none is
/// inside another.
fn holds(column: Column, code: &str) -> Expr {
    Expr::col(column).like(LikeExpr::new(format!("%\"{code}\"%")))
}

/// The reported incidents of a range counted by month (`YYYY-MM`): each incident once, and
/// once for each force type and subject injury it has, however many subjects share it.
pub async fn count_by_month(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    range: Reported,
) -> Result<Vec<rules::MonthCounts>, DbErr> {
    // Dates are `YYYY-MM-DD` text on SQLite.
    let month = match db.get_database_backend() {
        DbBackend::Postgres => Expr::cust("to_char(incident_date, 'YYYY-MM')"),
        _ => Expr::cust("substr(incident_date, 1, 7)"),
    };
    let mut query = Query::select();
    query
        .expr_as(month.clone(), "month")
        .expr_as(Expr::col(Column::Id).count(), "incidents")
        .expr_as(one_if(Column::Qualifies.eq(true)).sum(), "qualifying");
    for (i, force) in ForceType::ALL.iter().enumerate() {
        query.expr_as(
            one_if(holds(Column::ForceTypes, force.as_str())).sum(),
            format!("force_{i}"),
        );
    }
    for (i, injury) in Injury::ALL.iter().enumerate() {
        query.expr_as(
            one_if(holds(Column::Injuries, injury.as_str())).sum(),
            format!("injury_{i}"),
        );
    }
    query
        .from(Incidents)
        .cond_where(range.condition(scope))
        .add_group_by([month.clone()])
        .order_by_expr(month, Order::Asc);
    let count = |row: &QueryResult, name: &str| -> Result<u32, DbErr> {
        let n: i64 = row.try_get("", name)?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    };
    let mut out = Vec::new();
    for row in db.query_all(&query).await? {
        let month: String = row.try_get("", "month")?;
        let parsed = month
            .split_once('-')
            .and_then(|(y, m)| Some((y.parse().ok()?, m.parse().ok()?)))
            .ok_or_else(|| DbErr::Custom(format!("not a month: {month}")))?;
        let mut counts = rules::MonthCounts {
            month: parsed,
            incidents: count(&row, "incidents")?,
            qualifying: count(&row, "qualifying")?,
            ..rules::MonthCounts::default()
        };
        for (i, force) in ForceType::ALL.iter().enumerate() {
            counts
                .force
                .insert(*force, count(&row, &format!("force_{i}"))?);
        }
        for (i, injury) in Injury::ALL.iter().enumerate() {
            counts
                .injuries
                .insert(*injury, count(&row, &format!("injury_{i}"))?);
        }
        out.push(counts);
    }
    Ok(out)
}

/// The reported incidents of a range counted by the units of their officers, each incident
/// once per unit (`None`: officers in no unit).
pub async fn count_by_unit(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    range: Reported,
) -> Result<Vec<(Option<String>, u32)>, DbErr> {
    use uof_incident_officer::Column as O;
    let query = Query::select()
        .column((person::Entity, person::Column::Unit))
        .expr_as(
            Expr::col((Officers, O::IncidentId)).count_distinct(),
            "incidents",
        )
        .from(Officers)
        .inner_join(
            person::Entity,
            Expr::col((person::Entity, person::Column::Id)).equals((Officers, O::PersonId)),
        )
        .and_where(Expr::col((Officers, O::AgencyId)).eq(scope.id()))
        .and_where(Expr::col((person::Entity, person::Column::AgencyId)).eq(scope.id()))
        .and_where(Expr::col((Officers, O::IncidentId)).in_subquery(range.ids(scope)))
        .group_by_col((person::Entity, person::Column::Unit))
        .to_owned();
    db.query_all(&query)
        .await?
        .iter()
        .map(|row| {
            let unit: Option<String> = row.try_get("", "unit")?;
            let n: i64 = row.try_get("", "incidents")?;
            Ok((unit, u32::try_from(n).unwrap_or(u32::MAX)))
        })
        .collect()
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
