//! SCIM users: each request one use case in one transaction, audited as `scim.user.*` with
//! the token's maker as the actor. A new user may be a person already on the roster (the
//! one with the employee number as badge, else the one with the e-mail): that person is
//! taken, not doubled.

use confitrek_domain::people::{BadgeNumber, Email, PersonStatus};
use confitrek_domain::scim::Paging;
use confitrek_domain::scim::filter::Condition;
use confitrek_domain::scim::patch::Edit;
use confitrek_domain::scim::user::{
    self as rules, Candidate, ProvisionedUser, person_draft, provisional_badge,
};
use confitrek_types::scim::{ScimUser, ScimUserList};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use uuid::Uuid;

use super::auth::ScimClient;
use super::http::{ListQuery, Projection, ScimError, ScimResult};
use super::{logins, resources};
use crate::db::entity::{person, scim_user};
use crate::db::scim::users::{self as links, Link};
use crate::db::{AgencyScope, people};
use crate::people::draft_of;
use crate::people::service::{insert_person, update_person};

/// A page of the agency's provisioned users that meet the filter, narrowed as asked.
pub async fn list(
    db: &DatabaseConnection,
    client: &ScimClient,
    query: &ListQuery,
) -> ScimResult<serde_json::Value> {
    let projection = query.projection()?;
    let condition = match query.filter.as_deref() {
        Some(filter) => rules::user_filter(filter)?,
        None => Condition::Always(true),
    };
    let paging = Paging::new(query.start_index, query.count);
    let scope = client.scope;
    let (rows, total) = links::page(db, scope, &condition, paging.offset, paging.count).await?;
    let ids = rows.iter().map(|l| l.person_id).collect();
    let persons = people::many(db, scope, ids).await?;
    let resources: Vec<ScimUser> = rows
        .iter()
        .filter_map(|link| {
            let person = persons.iter().find(|p| p.id == link.person_id)?;
            Some(resources::user(link, person, &client.base))
        })
        .collect();
    let page = ScimUserList::page(resources, paging.start_index(), total);
    Ok(projection.apply_list(&page))
}

async fn load(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
) -> ScimResult<(scim_user::Model, person::Model)> {
    let link = links::get(db, scope, id)
        .await?
        .ok_or_else(ScimError::not_found)?;
    let person = people::get(db, scope, id)
        .await?
        .ok_or_else(ScimError::not_found)?;
    Ok((link, person))
}

/// One provisioned user, narrowed as asked.
pub async fn read(
    db: &DatabaseConnection,
    client: &ScimClient,
    id: Uuid,
    projection: &Projection,
) -> ScimResult<serde_json::Value> {
    let projection = projection.checked()?;
    let (link, person) = load(db, client.scope, id).await?;
    Ok(projection.apply(&resources::user(&link, &person, &client.base)))
}

/// The person a new user is on the roster, if the roster has him or her already.
async fn adopted(
    txn: &impl ConnectionTrait,
    scope: AgencyScope,
    user: &ProvisionedUser,
) -> ScimResult<Option<Uuid>> {
    let mut candidates = Vec::new();
    let by_badge = match user.employee_number.as_deref().map(BadgeNumber::parse) {
        Some(Ok(badge)) => people::badge_holder(txn, scope, badge.as_str(), None)
            .await?
            .map(|p| p.id),
        _ => None,
    };
    candidates.extend(by_badge);
    let by_email = match user.email.as_deref().map(Email::parse) {
        Some(Ok(email)) => links::people_with_email(txn, scope, email.as_str()).await?,
        _ => Vec::new(),
    };
    candidates.extend(&by_email);
    let provisioned = links::provisioned(txn, scope, candidates).await?;
    let candidate = |person: Uuid| Candidate {
        person,
        provisioned: provisioned.contains(&person),
    };
    let by_email: Vec<Candidate> = by_email.into_iter().map(candidate).collect();
    Ok(rules::adoption(by_badge.map(candidate), &by_email)?)
}

/// Refuses an employee number that is another person's badge.
async fn badge_free(
    txn: &impl ConnectionTrait,
    scope: AgencyScope,
    user: &ProvisionedUser,
    person: Option<Uuid>,
) -> ScimResult<()> {
    if let Some(Ok(badge)) = user.employee_number.as_deref().map(BadgeNumber::parse)
        && people::badge_holder(txn, scope, badge.as_str(), person)
            .await?
            .is_some()
    {
        return Err(ScimError::uniqueness(
            "employeeNumber is another person's badge in this agency",
        ));
    }
    Ok(())
}

/// Refuses a user name that another provisioned user has.
async fn user_name_free(
    txn: &impl ConnectionTrait,
    scope: AgencyScope,
    user: &ProvisionedUser,
    person: Option<Uuid>,
) -> ScimResult<()> {
    let holder = links::by_user_name(txn, scope, &user.user_name).await?;
    if holder.is_some_and(|h| Some(h.person_id) != person) {
        return Err(ScimError::uniqueness(
            "userName is already provisioned in this agency",
        ));
    }
    Ok(())
}

/// The person as `user` says, within `txn`.
async fn update(
    txn: &impl ConnectionTrait,
    clock: &crate::clock::Clock,
    scope: AgencyScope,
    person: person::Model,
    user: &ProvisionedUser,
) -> ScimResult<person::Model> {
    badge_free(txn, scope, user, Some(person.id)).await?;
    let draft = person_draft(user, Some(draft_of(&person)), &person.badge)?;
    Ok(update_person(txn, clock, scope, person, draft).await?)
}

/// The person's login and the link as `user` says, within `txn`.
async fn link(
    txn: &impl ConnectionTrait,
    client: &ScimClient,
    person: &person::Model,
    link: Option<scim_user::Model>,
    user: &ProvisionedUser,
) -> ScimResult<scim_user::Model> {
    let scope = client.scope;
    let linked = link.as_ref().and_then(|l| l.user_id);
    let email = person.email.as_deref();
    let login = logins::ensure(txn, scope, &client.actor, person.id, email, linked).await?;
    let login = match login {
        Some(login) => {
            Some(logins::follow_active(txn, login, user.active, client.actor.clock.now()).await?)
        }
        None => None,
    };
    let new = Link {
        person_id: person.id,
        user_id: login.map(|l| l.id),
        user_name: user.user_name.clone(),
        external_id: user.external_id.clone(),
    };
    match link {
        Some(link) => links::update(txn, link, new, client.actor.clock.now()).await,
        None => links::insert(txn, scope, new, client.actor.clock.now()).await,
    }
    .map_err(|e| match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => {
            ScimError::uniqueness("userName is already provisioned in this agency")
        }
        _ => e.into(),
    })
}

/// Provisions a user: a person of the roster (found or added) and a login.
pub async fn create(
    db: &DatabaseConnection,
    client: &ScimClient,
    resource: &ScimUser,
) -> ScimResult<ScimUser> {
    let user = ProvisionedUser::from_resource(resource)?;
    let scope = client.scope;
    let txn = crate::db::begin_write(db).await?;
    user_name_free(&txn, scope, &user, None).await?;
    let person = match adopted(&txn, scope, &user).await? {
        Some(id) => {
            let found = people::get(&txn, scope, id).await?;
            update(
                &txn,
                &client.actor.clock,
                scope,
                found.ok_or_else(ScimError::not_found)?,
                &user,
            )
            .await?
        }
        None => {
            badge_free(&txn, scope, &user, None).await?;
            // The random low bits of a UUIDv7.
            let random = Uuid::now_v7().as_u64_pair().1;
            let draft = person_draft(&user, None, &provisional_badge(random))?;
            insert_person(&txn, &client.actor.clock, scope, draft).await?
        }
    };
    let link = link(&txn, client, &person, None, &user).await?;
    client
        .actor
        .audit(&txn, scope, "scim.user.create", ("person", person.id))
        .await?;
    txn.commit().await?;
    Ok(resources::user(&link, &person, &client.base))
}

/// Edits a user as a PUT or a PATCH asks, audited as `scim.user.replace` or
/// `scim.user.patch`.
pub async fn change(
    db: &DatabaseConnection,
    client: &ScimClient,
    id: Uuid,
    edit: Edit<ProvisionedUser>,
) -> ScimResult<ScimUser> {
    let action = format!("scim.user.{}", edit.verb());
    let scope = client.scope;
    let txn = crate::db::begin_write(db).await?;
    let (link, person) = load(&txn, scope, id).await?;
    let user = edit.apply(resources::provisioned(&link, &person))?;
    user_name_free(&txn, scope, &user, Some(id)).await?;
    let person = update(&txn, &client.actor.clock, scope, person, &user).await?;
    let link = self::link(&txn, client, &person, Some(link), &user).await?;
    client
        .actor
        .audit(&txn, scope, &action, ("person", id))
        .await?;
    txn.commit().await?;
    Ok(resources::user(&link, &person, &client.base))
}

/// Deprovisions a user: the person goes off duty (the records stay with the agency), the
/// login is switched off, and the user is no longer SCIM's (its memberships go too).
pub async fn delete(db: &DatabaseConnection, client: &ScimClient, id: Uuid) -> ScimResult<()> {
    let scope = client.scope;
    let txn = crate::db::begin_write(db).await?;
    let (link, person) = load(&txn, scope, id).await?;
    if person.status == PersonStatus::Active {
        let mut draft = draft_of(&person);
        draft.status = PersonStatus::Inactive;
        update_person(&txn, &client.actor.clock, scope, person, draft).await?;
    }
    if let Some(login) = link.user_id
        && let Some(login) = crate::db::users::get_in(&txn, scope, login).await?
    {
        logins::follow_active(&txn, login, false, client.actor.clock.now()).await?;
    }
    links::delete(&txn, scope, id).await?;
    client
        .actor
        .audit(&txn, scope, "scim.user.delete", ("person", id))
        .await?;
    txn.commit().await?;
    Ok(())
}
