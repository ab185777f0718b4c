//! Roster use cases: each loads within the caller's agency, validates through `domain`, and
//! writes the change and its audit event in one transaction.

use std::collections::HashMap;

use confitrek_domain::people::may_sign_in;
use confitrek_domain::people::{BadgeNumber, PersonDraft, PersonStatus, ValidPerson};
use confitrek_domain::permissions::{self, Action};
use confitrek_types::{Page, PersonDto, RosterSort, SortOrder};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::person_dto;
use crate::access::{require, visible_people, visible_person};
use crate::auth::Caller;
use crate::clock::Clock;
use crate::compliance::service::refresh_person;
use crate::dashboard::standing_dto;
use crate::db::entity::person;
use crate::db::people::{self, NameKey, PeopleFilter, Visible};
use crate::db::{AgencyScope, agencies, compliance, refresh_tokens, users};
use crate::http::error::OnConstraint;
use crate::http::pagination;
use crate::http::{ApiError, ApiResult};

fn taken(badge: &str) -> String {
    format!("{badge} is already used by another person in this agency")
}

/// Validates a draft through `domain`, then checks what only the database can tell: the badge
/// is free and the supervisor is on this agency's roster. Every problem is reported at once,
/// so a form with a bad email and a taken badge shows both.
async fn validate(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    draft: PersonDraft,
    self_id: Option<Uuid>,
) -> ApiResult<ValidPerson> {
    let badge = BadgeNumber::parse(&draft.badge).ok();
    let supervisor = draft.supervisor_id.filter(|s| Some(*s) != self_id);
    let parsed = ValidPerson::parse(draft, self_id);
    let mut errors = parsed.as_ref().err().cloned().unwrap_or_default();
    if let Some(badge) = &badge
        && people::badge_holder(db, scope, badge.as_str(), self_id)
            .await?
            .is_some()
    {
        errors.push("badge", taken(badge.as_str()));
    }
    if let Some(supervisor) = supervisor
        && people::get(db, scope, supervisor).await?.is_none()
    {
        errors.push("supervisor_id", "is not a person in this agency");
    }
    match parsed {
        Ok(person) if errors.is_empty() => Ok(person),
        _ => Err(errors.into()),
    }
}

/// A person who is no longer active cannot sign in: end the sessions of his or her logins.
async fn end_sessions_if_inactive(
    db: &impl ConnectionTrait,
    clock: &Clock,
    scope: AgencyScope,
    person: &person::Model,
) -> ApiResult<()> {
    if may_sign_in(person.status) {
        return Ok(());
    }
    let logins = users::ids_of_person(db, scope, person.id).await?;
    let now = clock.now();
    for login in &logins {
        crate::db::sign_ins::end(db, *login, crate::db::sign_ins::Which::All, now).await?;
    }
    Ok(refresh_tokens::revoke_users(db, &logins, now).await?)
}

/// Refuses to take off duty the agency's last admin who can sign in.
async fn keep_an_admin(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    person: Uuid,
    status: PersonStatus,
) -> ApiResult<()> {
    if may_sign_in(status) {
        return Ok(());
    }
    let logins = crate::users::service::admin_logins(db, scope).await?;
    if permissions::leaves_an_admin(&logins, person) {
        Ok(())
    } else {
        Err(ApiError::Conflict(
            "This is the agency's last admin who can sign in; make another person admin first."
                .into(),
        ))
    }
}

/// Validates `draft` and adds the person, judged, within `txn`. What adding a person asks
/// whoever adds one (an admin, provisioning); the caller checks permissions and audits.
pub(crate) async fn insert_person(
    txn: &impl ConnectionTrait,
    clock: &Clock,
    scope: AgencyScope,
    mut draft: PersonDraft,
) -> ApiResult<person::Model> {
    // A person's history in ConfiTrek starts the day he or she is added, unless told otherwise.
    if draft.history_from.is_none() {
        let agency = agencies::get(txn, scope).await?.ok_or(ApiError::NotFound)?;
        draft.history_from = Some(clock.today_in(&agency.time_zone));
    }
    let person = validate(txn, scope, draft, None).await?;
    let created = people::insert(txn, scope, &person, clock.now())
        .await
        .on_unique("badge", taken(person.badge.as_str()))?;
    refresh_person(txn, clock, scope, created.id).await?;
    Ok(created)
}

/// Validates `draft` and makes `existing` that person, within `txn`: never the agency's last
/// admin who can sign in taken off duty; sessions ended when the person no longer may sign
/// in. Not judged again: the callers do that, one person or many at once.
async fn write_person(
    txn: &impl ConnectionTrait,
    clock: &crate::clock::Clock,
    scope: AgencyScope,
    existing: person::Model,
    mut draft: PersonDraft,
) -> ApiResult<person::Model> {
    let id = existing.id;
    // Omitted, the start of the person's history stays where it was.
    draft.history_from = draft.history_from.or(existing.history_from);
    let person = validate(txn, scope, draft, Some(id)).await?;
    keep_an_admin(txn, scope, id, person.status).await?;
    let updated = people::replace(txn, existing, &person, clock.now())
        .await
        .on_unique("badge", taken(person.badge.as_str()))?;
    end_sessions_if_inactive(txn, clock, scope, &updated).await?;
    Ok(updated)
}

/// Validates `draft` and makes `existing` that person, judged again, within `txn`. What
/// changing a person asks whoever changes one (an admin, provisioning); the caller checks
/// permissions and audits.
pub(crate) async fn update_person(
    txn: &impl ConnectionTrait,
    clock: &crate::clock::Clock,
    scope: AgencyScope,
    existing: person::Model,
    draft: PersonDraft,
) -> ApiResult<person::Model> {
    let updated = write_person(txn, clock, scope, existing, draft).await?;
    refresh_person(txn, clock, scope, updated.id).await?;
    Ok(updated)
}

/// [`update_person`] for several people at once (a group's members given its unit), judged
/// again together.
pub(crate) async fn update_people(
    txn: &impl ConnectionTrait,
    clock: &crate::clock::Clock,
    scope: AgencyScope,
    changes: Vec<(person::Model, PersonDraft)>,
) -> ApiResult<Vec<person::Model>> {
    if changes.is_empty() {
        return Ok(Vec::new());
    }
    let mut updated = Vec::with_capacity(changes.len());
    for (existing, draft) in changes {
        updated.push(write_person(txn, clock, scope, existing, draft).await?);
    }
    let ids: Vec<Uuid> = updated.iter().map(|p| p.id).collect();
    crate::compliance::service::refresh_people(txn, clock, scope, &ids).await?;
    Ok(updated)
}

pub async fn create(
    db: &DatabaseConnection,
    caller: &Caller,
    draft: PersonDraft,
) -> ApiResult<PersonDto> {
    require(caller, Action::WritePeople)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let created = insert_person(&txn, &caller.clock, scope, draft).await?;
    caller
        .audit(&txn, scope.id(), "person.create", ("person", created.id))
        .await?;
    txn.commit().await?;
    answer(db, scope, created).await
}

pub async fn replace(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
    draft: PersonDraft,
) -> ApiResult<PersonDto> {
    require(caller, Action::WritePeople)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let existing = people::get(&txn, scope, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let updated = update_person(&txn, &caller.clock, scope, existing, draft).await?;
    caller
        .audit(&txn, scope.id(), "person.update", ("person", id))
        .await?;
    txn.commit().await?;
    answer(db, scope, updated).await
}

/// Takes a person off active duty: the records stay with the agency, the login ends.
pub async fn deactivate(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
    status: PersonStatus,
) -> ApiResult<PersonDto> {
    require(caller, Action::WritePeople)?;
    if status == PersonStatus::Active {
        return Err(ApiError::field("status", "must be inactive or separated"));
    }
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let existing = people::get(&txn, scope, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    keep_an_admin(&txn, scope, id, status).await?;
    let updated = people::set_status(&txn, existing, status, caller.clock.now()).await?;
    end_sessions_if_inactive(&txn, &caller.clock, scope, &updated).await?;
    caller
        .audit(&txn, scope.id(), "person.deactivate", ("person", id))
        .await?;
    refresh_person(&txn, &caller.clock, scope, id).await?;
    txn.commit().await?;
    answer(db, scope, updated).await
}

pub async fn get(db: &DatabaseConnection, caller: &Caller, id: Uuid) -> ApiResult<person::Model> {
    visible_person(db, caller, id).await
}

/// A person with where he or she stands, as every answer about one person gives it.
async fn answer(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    person: person::Model,
) -> ApiResult<PersonDto> {
    let standing = match compliance::snapshot_of(db, scope, person.id).await? {
        Some(snapshot) => Some(standing_dto(&snapshot.report)?),
        None => None,
    };
    Ok(person_dto(person, standing))
}

/// One person the caller may see, with where he or she stands.
pub async fn read(db: &DatabaseConnection, caller: &Caller, id: Uuid) -> ApiResult<PersonDto> {
    let person = get(db, caller, id).await?;
    answer(db, caller.scope()?, person).await
}

/// How the roster is narrowed and ordered.
#[derive(Debug, Clone)]
pub struct RosterView {
    pub filter: PeopleFilter,
    pub sort: RosterSort,
    pub order: SortOrder,
}

/// Where the next page of the roster starts: after a name when ordered by name, A to Z (the
/// order stays right as people are added); else a count of rows, with the order it counts in.
#[derive(Debug, Serialize, Deserialize)]
#[serde(untagged)]
enum RosterCursor {
    After(NameKey),
    Skip {
        sort: RosterSort,
        order: SortOrder,
        offset: u64,
    },
}

/// Up to `limit` people of the roster the caller sees, from `cursor`, each with where he or
/// she stands.
pub async fn roster(
    db: &DatabaseConnection,
    caller: &Caller,
    view: &RosterView,
    cursor: Option<&str>,
    limit: u64,
) -> ApiResult<Page<PersonDto>> {
    let scope = caller.scope()?;
    let visible = visible_people(db, caller).await?;
    let by_name = (view.sort, view.order) == (RosterSort::Name, SortOrder::Asc);
    let cursor: Option<RosterCursor> = cursor.map(pagination::decode).transpose()?;
    let offset = match (&cursor, by_name) {
        (
            Some(RosterCursor::Skip {
                sort,
                order,
                offset,
            }),
            false,
        ) if (*sort, *order) == (view.sort, view.order) => *offset,
        (Some(RosterCursor::After(_)), true) | (None, _) => 0,
        _ => {
            return Err(ApiError::field(
                "cursor",
                "belongs to another order of the roster",
            ));
        }
    };
    let mut rows = if by_name {
        let after = match cursor {
            Some(RosterCursor::After(key)) => Some(key),
            _ => None,
        };
        people::list(db, scope, &visible, &view.filter, after, limit + 1).await?
    } else {
        let order = (view.sort, view.order);
        people::sorted(db, scope, &visible, &view.filter, order, offset, limit + 1).await?
    };
    let next_cursor = if rows.len() as u64 > limit {
        rows.truncate(limit as usize);
        let last = rows.last().ok_or(ApiError::NotFound)?;
        Some(pagination::encode(&if by_name {
            RosterCursor::After((last.last_name.clone(), last.first_name.clone(), last.id))
        } else {
            RosterCursor::Skip {
                sort: view.sort,
                order: view.order,
                offset: offset + limit,
            }
        }))
    } else {
        None
    };
    Ok(Page {
        items: with_standing(db, scope, rows).await?,
        next_cursor,
    })
}

/// More than any agency has: an export holds the whole of the caller's roster.
const WHOLE_ROSTER: u64 = 1_000_000;

/// Everyone of the roster the caller sees, narrowed and ordered as on the page, each with
/// where he or she stands.
pub async fn roster_all(
    db: &DatabaseConnection,
    caller: &Caller,
    view: &RosterView,
) -> ApiResult<Vec<PersonDto>> {
    let scope = caller.scope()?;
    let visible = visible_people(db, caller).await?;
    let order = (view.sort, view.order);
    let rows = people::sorted(db, scope, &visible, &view.filter, order, 0, WHOLE_ROSTER).await?;
    with_standing(db, scope, rows).await
}

/// People with where each stands, in the order given.
async fn with_standing(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    people: Vec<person::Model>,
) -> ApiResult<Vec<PersonDto>> {
    let ids: Vec<Uuid> = people.iter().map(|p| p.id).collect();
    let mut reports: HashMap<Uuid, serde_json::Value> = HashMap::new();
    // A page is at most a few hundred people; chunks keep each statement's list short.
    for chunk in ids.chunks(500) {
        for s in compliance::snapshots_of(db, scope, chunk).await? {
            reports.insert(s.person_id, s.report);
        }
    }
    people
        .into_iter()
        .map(|p| {
            let standing = reports.get(&p.id).map(standing_dto).transpose()?;
            Ok(person_dto(p, standing))
        })
        .collect()
}

/// The units the caller can see people in: the agency's for coordinators, a supervisor's own.
pub async fn units(db: &DatabaseConnection, caller: &Caller) -> ApiResult<Vec<String>> {
    Ok(match visible_people(db, caller).await? {
        Visible::All => people::units(db, caller.scope()?).await?,
        Visible::Unit { unit, .. } => unit.into_iter().collect(),
        Visible::Only(own) => match own {
            Some(id) => people::get(db, caller.scope()?, id)
                .await?
                .and_then(|p| p.unit)
                .into_iter()
                .collect(),
            None => Vec::new(),
        },
    })
}
