//! Expense lines, always scoped to the caller's agency, and the costs read from them.

use std::collections::{BTreeMap, HashMap};

use confitrek_domain::expenses::split_equally;
use confitrek_types::{EnrollmentStatus, ExpenseCategory, ExpenseStatus};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use time::Date;
use uuid::Uuid;

use super::entity::expense_line::{self, Entity as ExpenseLines};
use super::entity::session_enrollment::{self, Entity as Enrollments};
use super::entity::training_record::{self, Entity as TrainingRecords};

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
