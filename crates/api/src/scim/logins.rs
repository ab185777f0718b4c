//! The login of a provisioned person, found by e-mail or made: without a password, for its
//! owner signs in through the agency's identity provider, or by a link to set a password
//! that an admin sends from the users page. It is switched off while the identity provider
//! says the user is not active (the person's sessions end with the person's deactivation).

use confitrek_domain::people::Email;
use confitrek_domain::scim::mapping::DEFAULT_ROLE;
use sea_orm::ConnectionTrait;
use time::OffsetDateTime;
use uuid::Uuid;

use super::auth::Actor;
use super::http::{ScimError, ScimResult};
use crate::db::entity::user;
use crate::db::users::{self, LoginUpdate, NewUser};
use crate::db::{AgencyScope, scim};

fn taken() -> ScimError {
    ScimError::uniqueness("emails: the address is another login's")
}

fn taken_or(e: sea_orm::DbErr) -> ScimError {
    match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => taken(),
        _ => e.into(),
    }
}

/// The login of `person` with `email`: the one the link names (its e-mail changed if need
/// be), else one linked to the person, else the agency's login with that e-mail if it is
/// nobody else's, else a new one. No e-mail: the login stays as it is (or there is none).
pub async fn ensure(
    txn: &impl ConnectionTrait,
    scope: AgencyScope,
    actor: &Actor,
    person: Uuid,
    email: Option<&str>,
    linked: Option<Uuid>,
) -> ScimResult<Option<user::Model>> {
    let current = match linked {
        Some(id) => users::get_in(txn, scope, id).await?,
        None => None,
    };
    let current = match current {
        Some(login) => Some(login),
        None => match users::ids_of_person(txn, scope, person).await?.first() {
            Some(id) => users::get_in(txn, scope, *id).await?,
            None => None,
        },
    };
    let Some(email) = email else {
        return Ok(current);
    };
    let email =
        Email::parse(email).map_err(|e| ScimError::invalid_value(format!("emails: {e}")))?;
    let email = email.as_str();
    let holder = users::find_by_email(txn, email).await?;
    if let Some(login) = current {
        return match holder {
            Some(h) if h.id == login.id => Ok(Some(login)),
            Some(_) => Err(taken()),
            None => Ok(Some(
                scim::users::claim_login(txn, login, email, person, actor.clock.now())
                    .await
                    .map_err(taken_or)?,
            )),
        };
    }
    match holder {
        // A service account's login is never a person's.
        Some(h)
            if h.agency_id == Some(scope.id())
                && !h.service_account
                && h.person_id.is_none_or(|p| p == person) =>
        {
            Ok(Some(
                scim::users::claim_login(txn, h, email, person, actor.clock.now()).await?,
            ))
        }
        Some(_) => Err(taken()),
        None => {
            let login = users::insert(
                txn,
                NewUser {
                    agency_id: Some(scope.id()),
                    person_id: Some(person),
                    email: email.to_owned(),
                    role: DEFAULT_ROLE,
                    password_hash: None,
                    invitation: None,
                    service_account: false,
                },
                actor.clock.now(),
            )
            .await
            .map_err(taken_or)?;
            actor
                .audit(txn, scope, "scim.login.create", ("user", login.id))
                .await?;
            Ok(Some(login))
        }
    }
}

/// Switches the login off while the user is not active, and on again when it is.
pub async fn follow_active(
    txn: &impl ConnectionTrait,
    login: user::Model,
    active: bool,
    now: OffsetDateTime,
) -> ScimResult<user::Model> {
    let disabled = login.disabled_at.is_some();
    let change = match (active, disabled) {
        (false, false) => Some(LoginUpdate::Disabled(Some(now))),
        (true, true) => Some(LoginUpdate::Disabled(None)),
        _ => None,
    };
    Ok(match change {
        Some(change) => users::update_login(txn, login, change, now).await?,
        None => login,
    })
}
