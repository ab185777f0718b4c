//! Expense lines, always scoped to the caller's agency, and the costs read from them.

use std::collections::{BTreeMap, HashMap};

use confitrek_domain::expenses::{ValidExpense, split_equally};
use confitrek_types::{EnrollmentStatus, ExpenseCategory, ExpenseStatus};
use sea_orm::sea_query::{Query, SelectStatement};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::AgencyScope;
use super::entity::expense_line::{self, Entity as ExpenseLines};
use super::entity::session_enrollment::{self, Entity as Enrollments};
use super::entity::training_record::{self, Entity as TrainingRecords};
use super::entity::{person, training_session};
use super::people::{Visible, visible_ids};

/// The statuses whose money counts as a cost: committed (approved) or spent (paid).
const COSTED: [ExpenseStatus; 2] = [ExpenseStatus::Approved, ExpenseStatus::Paid];

/// The agency's approved or paid lines incurred in [from, to], oldest first.
pub async fn costed_between(
    db: &impl ConnectionTrait,
    agency_id: Uuid,
    from: Date,
    to: Date,
) -> Result<Vec<expense_line::Model>, DbErr> {
    ExpenseLines::find()
        .filter(expense_line::Column::AgencyId.eq(agency_id))
        .filter(expense_line::Column::Status.is_in(COSTED))
        .filter(expense_line::Column::IncurredOn.gte(from))
        .filter(expense_line::Column::IncurredOn.lte(to))
        .order_by_asc(expense_line::Column::IncurredOn)
        .order_by_asc(expense_line::Column::Id)
        .all(db)
        .await
}

/// The agency's approved or paid expense amounts incurred in [from, to], per category, in cents.
pub async fn costs_between(
    db: &impl sea_orm::ConnectionTrait,
    agency_id: Uuid,
    from: time::Date,
    to: time::Date,
) -> Result<Vec<(confitrek_types::ExpenseCategory, i64)>, sea_orm::DbErr> {
    let mut totals: BTreeMap<ExpenseCategory, i64> = BTreeMap::new();
    for line in costed_between(db, agency_id, from, to).await? {
        *totals.entry(line.category).or_default() += line.amount_cents;
    }
    Ok(totals.into_iter().collect())
}

/// The same, per person (person-attached lines, lines on the person's training records, and
/// each person's equal share of session lines among the session's attendees).
pub async fn costs_by_person_between(
    db: &impl sea_orm::ConnectionTrait,
    agency_id: Uuid,
    from: time::Date,
    to: time::Date,
) -> Result<Vec<(Uuid, i64)>, sea_orm::DbErr> {
    let lines = costed_between(db, agency_id, from, to).await?;
    let shares = person_shares(db, agency_id, &lines).await?;
    let mut totals: BTreeMap<Uuid, i64> = BTreeMap::new();
    for (_, person, cents) in shares {
        *totals.entry(person).or_default() += cents;
    }
    Ok(totals.into_iter().collect())
}

/// Each line's cost per person it falls on: `(line id, person id, cents)`. A session line
/// with no attendees yet falls on nobody.
pub async fn person_shares(
    db: &impl ConnectionTrait,
    agency_id: Uuid,
    lines: &[expense_line::Model],
) -> Result<Vec<(Uuid, Uuid, i64)>, DbErr> {
    let record_ids: Vec<Uuid> = lines.iter().filter_map(|l| l.record_id).collect();
    let session_ids: Vec<Uuid> = lines.iter().filter_map(|l| l.session_id).collect();
    let record_people = record_people(db, agency_id, record_ids).await?;
    let attendees = attendees_of(db, agency_id, session_ids).await?;
    let mut shares = Vec::new();
    for line in lines {
        if let Some(person) = line.person_id {
            shares.push((line.id, person, line.amount_cents));
        } else if let Some(person) = line.record_id.and_then(|r| record_people.get(&r)) {
            shares.push((line.id, *person, line.amount_cents));
        } else if let Some(people) = line.session_id.and_then(|s| attendees.get(&s)) {
            let parts = split_equally(line.amount_cents, people.len());
            shares.extend(people.iter().zip(parts).map(|(p, c)| (line.id, *p, c)));
        }
    }
    Ok(shares)
}

/// The person of each of these records.
pub async fn record_people(
    db: &impl ConnectionTrait,
    agency_id: Uuid,
    record_ids: Vec<Uuid>,
) -> Result<HashMap<Uuid, Uuid>, DbErr> {
    if record_ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(TrainingRecords::find()
        .filter(training_record::Column::AgencyId.eq(agency_id))
        .filter(training_record::Column::Id.is_in(record_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.person_id))
        .collect())
}

/// The attendees of each of these sessions, in the order of their ids (so a split gives the
/// same person the same cent every time).
pub async fn attendees_of(
    db: &impl ConnectionTrait,
    agency_id: Uuid,
    session_ids: Vec<Uuid>,
) -> Result<HashMap<Uuid, Vec<Uuid>>, DbErr> {
    if session_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = Enrollments::find()
        .filter(session_enrollment::Column::AgencyId.eq(agency_id))
        .filter(session_enrollment::Column::SessionId.is_in(session_ids))
        .filter(session_enrollment::Column::Status.eq(EnrollmentStatus::Attended))
        .order_by_asc(session_enrollment::Column::PersonId)
        .all(db)
        .await?;
    let mut attendees: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for row in rows {
        attendees
            .entry(row.session_id)
            .or_default()
            .push(row.person_id);
    }
    Ok(attendees)
}

/// A new line's stored fields.
pub struct NewExpense {
    pub record_id: Option<Uuid>,
    pub session_id: Option<Uuid>,
    pub person_id: Option<Uuid>,
    pub content: ValidExpense,
    pub status: ExpenseStatus,
    pub requested_by: Uuid,
}

pub async fn insert(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    new: NewExpense,
    now: OffsetDateTime,
) -> Result<expense_line::Model, DbErr> {
    let decided = new.status != ExpenseStatus::Requested;
    expense_line::ActiveModel {
        id: Set(Uuid::now_v7()),
        agency_id: Set(scope.id()),
        record_id: Set(new.record_id),
        session_id: Set(new.session_id),
        person_id: Set(new.person_id),
        category: Set(new.content.category),
        amount_cents: Set(new.content.amount_cents),
        incurred_on: Set(new.content.incurred_on),
        paid_by: Set(new.content.paid_by),
        description: Set(new.content.description),
        status: Set(new.status),
        rejection_reason: Set(None),
        requested_by: Set(new.requested_by),
        decided_by: Set(decided.then_some(new.requested_by)),
        decided_at: Set(decided.then_some(now)),
        paid_at: Set((new.status == ExpenseStatus::Paid).then_some(now)),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await
}

pub async fn get(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
) -> Result<Option<expense_line::Model>, DbErr> {
    ExpenseLines::find_by_id(id)
        .filter(expense_line::Column::AgencyId.eq(scope.id()))
        .one(db)
        .await
}

/// Replaces a line's target and content.
pub async fn correct(
    db: &impl ConnectionTrait,
    existing: expense_line::Model,
    target: (Option<Uuid>, Option<Uuid>, Option<Uuid>),
    content: ValidExpense,
    now: OffsetDateTime,
) -> Result<expense_line::Model, DbErr> {
    let mut model: expense_line::ActiveModel = existing.into();
    model.record_id = Set(target.0);
    model.session_id = Set(target.1);
    model.person_id = Set(target.2);
    model.category = Set(content.category);
    model.amount_cents = Set(content.amount_cents);
    model.incurred_on = Set(content.incurred_on);
    model.paid_by = Set(content.paid_by);
    model.description = Set(content.description);
    model.updated_at = Set(now);
    model.update(db).await
}

/// Moves a line from `from` to `to`, if it is still at `from` (`None` if someone moved it
/// meanwhile).
#[allow(clippy::too_many_arguments)]
pub async fn set_status(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
    from: ExpenseStatus,
    to: ExpenseStatus,
    by: Uuid,
    reason: Option<String>,
    now: OffsetDateTime,
) -> Result<Option<expense_line::Model>, DbErr> {
    let mut update = ExpenseLines::update_many()
        .col_expr(expense_line::Column::Status, to.into())
        .col_expr(expense_line::Column::RejectionReason, reason.into())
        .col_expr(expense_line::Column::UpdatedAt, now.into());
    if to == ExpenseStatus::Paid {
        update = update.col_expr(expense_line::Column::PaidAt, Some(now).into());
    } else {
        update = update
            .col_expr(expense_line::Column::DecidedBy, Some(by).into())
            .col_expr(expense_line::Column::DecidedAt, Some(now).into());
    }
    let updated = update
        .filter(expense_line::Column::AgencyId.eq(scope.id()))
        .filter(expense_line::Column::Id.eq(id))
        .filter(expense_line::Column::Status.eq(from))
        .exec(db)
        .await?;
    if updated.rows_affected == 0 {
        return Ok(None);
    }
    get(db, scope, id).await
}

pub async fn delete(db: &impl ConnectionTrait, scope: AgencyScope, id: Uuid) -> Result<(), DbErr> {
    ExpenseLines::delete_many()
        .filter(expense_line::Column::AgencyId.eq(scope.id()))
        .filter(expense_line::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// What a list of lines is narrowed to.
#[derive(Debug, Clone, Default)]
pub struct ExpenseFilter {
    /// Incurred in [from, to].
    pub period: Option<(Date, Date)>,
    pub status: Option<ExpenseStatus>,
    pub person_id: Option<Uuid>,
    pub unit: Option<String>,
    pub course_id: Option<Uuid>,
    pub session_id: Option<Uuid>,
    pub record_id: Option<Uuid>,
}

/// Lines that fall on one of `people` (a subquery of person ids): on the person, on one of
/// his or her records, or on a session he or she attended.
fn falls_on(people: SelectStatement) -> Condition {
    let records = Query::select()
        .column(training_record::Column::Id)
        .from(TrainingRecords)
        .and_where(training_record::Column::PersonId.in_subquery(people.clone()))
        .to_owned();
    let sessions = Query::select()
        .column(session_enrollment::Column::SessionId)
        .from(Enrollments)
        .and_where(session_enrollment::Column::Status.eq(EnrollmentStatus::Attended))
        .and_where(session_enrollment::Column::PersonId.in_subquery(people.clone()))
        .to_owned();
    Condition::any()
        .add(expense_line::Column::PersonId.in_subquery(people))
        .add(expense_line::Column::RecordId.in_subquery(records))
        .add(expense_line::Column::SessionId.in_subquery(sessions))
}

fn person_ids(cond: Condition) -> SelectStatement {
    Query::select()
        .column(person::Column::Id)
        .from(person::Entity)
        .cond_where(cond)
        .to_owned()
}

/// The lines the caller sees (those falling on people of `visible`; every line for the
/// training office), narrowed by `filter`.
fn condition(scope: AgencyScope, visible: &Visible, filter: &ExpenseFilter) -> Condition {
    let mut cond = Condition::all().add(expense_line::Column::AgencyId.eq(scope.id()));
    if !matches!(visible, Visible::All) {
        cond = cond.add(falls_on(visible_ids(scope, visible)));
    }
    if let Some((from, to)) = filter.period {
        cond = cond
            .add(expense_line::Column::IncurredOn.gte(from))
            .add(expense_line::Column::IncurredOn.lte(to));
    }
    if let Some(status) = filter.status {
        cond = cond.add(expense_line::Column::Status.eq(status));
    }
    if let Some(person) = filter.person_id {
        cond = cond.add(falls_on(person_ids(
            Condition::all()
                .add(person::Column::AgencyId.eq(scope.id()))
                .add(person::Column::Id.eq(person)),
        )));
    }
    if let Some(unit) = &filter.unit {
        cond = cond.add(falls_on(person_ids(
            Condition::all()
                .add(person::Column::AgencyId.eq(scope.id()))
                .add(person::Column::Unit.eq(unit.as_str())),
        )));
    }
    if let Some(course) = filter.course_id {
        let records = Query::select()
            .column(training_record::Column::Id)
            .from(TrainingRecords)
            .and_where(training_record::Column::AgencyId.eq(scope.id()))
            .and_where(training_record::Column::CourseId.eq(course))
            .to_owned();
        let sessions = Query::select()
            .column(training_session::Column::Id)
            .from(training_session::Entity)
            .and_where(training_session::Column::AgencyId.eq(scope.id()))
            .and_where(training_session::Column::CourseId.eq(course))
            .to_owned();
        cond = cond.add(
            Condition::any()
                .add(expense_line::Column::RecordId.in_subquery(records))
                .add(expense_line::Column::SessionId.in_subquery(sessions)),
        );
    }
    if let Some(session) = filter.session_id {
        cond = cond.add(expense_line::Column::SessionId.eq(session));
    }
    if let Some(record) = filter.record_id {
        cond = cond.add(expense_line::Column::RecordId.eq(record));
    }
    cond
}

/// A page of the lines, newest entered first, before the cursor id.
pub async fn list(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    visible: &Visible,
    filter: &ExpenseFilter,
    before: Option<Uuid>,
    limit: u64,
) -> Result<Vec<expense_line::Model>, DbErr> {
    let mut cond = condition(scope, visible, filter);
    if let Some(before) = before {
        cond = cond.add(expense_line::Column::Id.lt(before));
    }
    ExpenseLines::find()
        .filter(cond)
        .order_by_desc(expense_line::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Every line of the filter, by the day incurred (for summaries and exports).
pub async fn all(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    visible: &Visible,
    filter: &ExpenseFilter,
) -> Result<Vec<expense_line::Model>, DbErr> {
    ExpenseLines::find()
        .filter(condition(scope, visible, filter))
        .order_by_asc(expense_line::Column::IncurredOn)
        .order_by_asc(expense_line::Column::Id)
        .all(db)
        .await
}

/// Whether the caller sees this line (see [`list`]).
pub async fn visible(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    visible: &Visible,
    id: Uuid,
) -> Result<Option<expense_line::Model>, DbErr> {
    ExpenseLines::find()
        .filter(condition(scope, visible, &ExpenseFilter::default()))
        .filter(expense_line::Column::Id.eq(id))
        .one(db)
        .await
}
