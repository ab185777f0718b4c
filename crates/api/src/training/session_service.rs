//! Session use cases: the offering of a course on dates, and who is on its roster.

use std::collections::BTreeMap;

use confitrek_domain::ValidationErrors;
use confitrek_domain::compliance::Minutes;
use confitrek_domain::permissions::Action;
use confitrek_domain::training::{EnrollmentStatus, SessionDraft, ValidSession, places_left};
use confitrek_types as dto;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use uuid::Uuid;

use super::{display_name, session_dto};
use crate::access::{require, sees, visible_people};
use crate::auth::Caller;
use crate::db::entity::{course, person, training_session};
use crate::db::sessions::{self, DateKey, SessionFilter};
use crate::db::{AgencyScope, courses, people, training_records};
use crate::http::{ApiError, ApiResult};

fn course_minutes(c: &course::Model) -> Minutes {
    serde_json::from_value::<BTreeMap<String, u32>>(c.minutes_by_topic.clone())
        .unwrap_or_default()
        .values()
        .map(|m| Minutes(*m))
        .sum()
}

fn draft(input: &dto::SessionInput) -> SessionDraft {
    SessionDraft {
        starts_on: input.starts_on,
        ends_on: input.ends_on.unwrap_or(input.starts_on),
        start_time: input.start_time.clone(),
        end_time: input.end_time.clone(),
        location: input.location.clone(),
        instructor: input.instructor.clone(),
        capacity: input.capacity,
    }
}

/// The course a session is of: a course of this agency, or a field error.
async fn course_of(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    course_id: Uuid,
) -> ApiResult<course::Model> {
    courses::get(db, scope, course_id)
        .await?
        .ok_or_else(|| ApiError::field("course_id", "is not a course of this agency"))
}

/// Sessions as the API shows them, with their course titles and roster counts.
pub async fn dtos(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    rows: Vec<training_session::Model>,
) -> ApiResult<Vec<dto::SessionDto>> {
    let ids: Vec<Uuid> = rows.iter().map(|s| s.id).collect();
    let counts = sessions::counts(db, scope, ids).await?;
    let mut course_ids: Vec<Uuid> = rows.iter().map(|s| s.course_id).collect();
    course_ids.sort();
    course_ids.dedup();
    let titles: BTreeMap<Uuid, String> = courses::many(db, scope, course_ids)
        .await?
        .into_iter()
        .map(|c| (c.id, c.title))
        .collect();
    Ok(rows
        .into_iter()
        .map(|s| {
            let title = titles.get(&s.course_id).cloned().unwrap_or_default();
            let count = counts.get(&s.id).copied().unwrap_or_default();
            session_dto(s, title, count)
        })
        .collect())
}

pub async fn list(
    db: &DatabaseConnection,
    caller: &Caller,
    filter: &SessionFilter,
    after: Option<DateKey>,
    limit: u64,
) -> ApiResult<Vec<dto::SessionDto>> {
    require(caller, Action::ReadOwnAgency)?;
    let scope = caller.scope()?;
    let rows = sessions::list(db, scope, filter, after, limit).await?;
    dtos(db, scope, rows).await
}

pub async fn create(
    db: &DatabaseConnection,
    caller: &Caller,
    input: dto::SessionInput,
) -> ApiResult<dto::SessionDto> {
    require(caller, Action::ManageTraining)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let course = course_of(&txn, scope, input.course_id).await?;
    let valid = ValidSession::parse(draft(&input), course_minutes(&course), 0)?;
    let created = sessions::insert(&txn, scope, course.id, &valid, caller.clock.now()).await?;
    caller
        .audit(&txn, scope.id(), "session.create", ("session", created.id))
        .await?;
    let dto = session_dto(created, course.title, (0, 0));
    txn.commit().await?;
    Ok(dto)
}

pub async fn replace(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
    input: dto::SessionInput,
) -> ApiResult<dto::SessionDto> {
    require(caller, Action::ManageTraining)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let existing = sessions::get(&txn, scope, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let course = course_of(&txn, scope, input.course_id).await?;
    let enrolled = sessions::roster_size(&txn, scope, id).await?;
    let enrolled = u32::try_from(enrolled).unwrap_or(u32::MAX);
    let valid = ValidSession::parse(draft(&input), course_minutes(&course), enrolled)?;
    let updated = sessions::update(&txn, existing, course.id, &valid, caller.clock.now()).await?;
    caller
        .audit(&txn, scope.id(), "session.update", ("session", id))
        .await?;
    let dto = dtos(&txn, scope, vec![updated]).await?.remove(0);
    txn.commit().await?;
    Ok(dto)
}

/// Deletes a session and its roster, unless attendance was recorded (the records refer to it).
pub async fn delete(db: &DatabaseConnection, caller: &Caller, id: Uuid) -> ApiResult<()> {
    require(caller, Action::ManageTraining)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let existing = sessions::get(&txn, scope, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !training_records::of_session(&txn, scope, id)
        .await?
        .is_empty()
    {
        return Err(ApiError::Conflict(
            "Attendance at this session is recorded; its training records refer to it.".into(),
        ));
    }
    sessions::delete(&txn, existing).await?;
    caller
        .audit(&txn, scope.id(), "session.delete", ("session", id))
        .await?;
    txn.commit().await?;
    Ok(())
}

/// The session and the part of its roster the caller may see.
pub async fn detail(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: Uuid,
) -> ApiResult<dto::SessionDetailDto> {
    require(caller, Action::ReadOwnAgency)?;
    let scope = caller.scope()?;
    let session = sessions::get(db, scope, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let visible = visible_people(db, caller).await?;
    let enrollments = sessions::roster(db, scope, id).await?;
    let records = training_records::of_session(db, scope, id).await?;
    let ids = enrollments.iter().map(|e| e.person_id).collect();
    let people: BTreeMap<Uuid, person::Model> = people::many(db, scope, ids)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut roster: Vec<dto::RosterEntryDto> = enrollments
        .into_iter()
        .filter_map(|e| {
            let p = people.get(&e.person_id).filter(|p| sees(&visible, p))?;
            Some(dto::RosterEntryDto {
                person_id: p.id,
                name: display_name(p),
                badge: p.badge.clone(),
                unit: p.unit.clone(),
                status: e.status,
                record_id: records.get(&p.id).copied(),
            })
        })
        .collect();
    roster.sort_by(|a, b| a.name.cmp(&b.name).then(a.person_id.cmp(&b.person_id)));
    let session = dtos(db, scope, vec![session]).await?.remove(0);
    Ok(dto::SessionDetailDto { session, roster })
}

/// People of the agency among `ids`; each unknown one (or another agency's) is a field error
/// `<field>.<index>`.
pub async fn people_of_agency(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    field: &str,
    ids: &[Uuid],
    errors: &mut ValidationErrors,
) -> ApiResult<BTreeMap<Uuid, person::Model>> {
    let found: BTreeMap<Uuid, person::Model> = people::many(db, scope, ids.to_vec())
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    for (i, id) in ids.iter().enumerate() {
        if !found.contains_key(id) {
            errors.push(format!("{field}.{i}"), "is not a person in this agency");
        }
    }
    Ok(found)
}

/// Puts people on the roster, within the session's capacity. People already on it stay as
/// they are.
pub async fn enroll(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
    person_ids: Vec<Uuid>,
) -> ApiResult<dto::SessionDetailDto> {
    require(caller, Action::ManageTraining)?;
    let scope = caller.scope()?;
    if person_ids.is_empty() {
        return Err(ApiError::field("person_ids", "name at least one person"));
    }
    let txn = crate::db::begin_write(db).await?;
    let session = sessions::get(&txn, scope, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let mut errors = ValidationErrors::default();
    people_of_agency(&txn, scope, "person_ids", &person_ids, &mut errors).await?;
    errors.into_result()?;
    let on_roster: Vec<Uuid> = sessions::roster(&txn, scope, id)
        .await?
        .into_iter()
        .map(|e| e.person_id)
        .collect();
    let mut new: Vec<Uuid> = person_ids
        .into_iter()
        .filter(|p| !on_roster.contains(p))
        .collect();
    new.sort();
    new.dedup();
    let capacity = session.capacity.and_then(|c| u32::try_from(c).ok());
    if let (Some(capacity), Some(left)) = (capacity, places_left(capacity, on_roster.len()))
        && new.len() > left
    {
        return Err(ApiError::field(
            "person_ids",
            format!(
                "the session has {capacity} places and {left} left; {} more people were sent",
                new.len()
            ),
        ));
    }
    for person in &new {
        sessions::set_enrollment(
            &txn,
            scope,
            id,
            *person,
            EnrollmentStatus::Enrolled,
            caller.clock.now(),
        )
        .await?;
    }
    caller
        .audit(&txn, scope.id(), "session.enroll", ("session", id))
        .await?;
    let detail = detail(&txn, caller, id).await?;
    txn.commit().await?;
    Ok(detail)
}

/// Takes a person off the roster. Attendance already recorded stays recorded: delete the
/// record to undo it.
pub async fn unenroll(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
    person_id: Uuid,
) -> ApiResult<()> {
    require(caller, Action::ManageTraining)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    sessions::get(&txn, scope, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if training_records::of_session(&txn, scope, id)
        .await?
        .contains_key(&person_id)
    {
        return Err(ApiError::Conflict(
            "Attendance is recorded for this person; delete the training record to undo it.".into(),
        ));
    }
    if !sessions::remove_enrollment(&txn, scope, id, person_id).await? {
        return Err(ApiError::NotFound);
    }
    caller
        .audit(&txn, scope.id(), "session.unenroll", ("session", id))
        .await?;
    txn.commit().await?;
    Ok(())
}
