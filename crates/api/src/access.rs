//! The caller's access, checked for the API. The decisions are the rules in
//! `confitrek_domain::permissions`; this module applies them to a signed-in caller.
//! Handlers call these; they never compare roles themselves.

use confitrek_domain::permissions::{self, Action, DashboardView, PeopleVisibility};
use sea_orm::ConnectionTrait;

use crate::auth::Caller;
use crate::db::people::{self, Visible};
use crate::http::{ApiError, ApiResult};

pub fn require(caller: &Caller, action: Action) -> ApiResult<()> {
    if permissions::may(caller.role, action) {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

/// The part of the roster the caller may see.
pub async fn visible_people(db: &impl ConnectionTrait, caller: &Caller) -> ApiResult<Visible> {
    Ok(match permissions::people_visibility(caller.role) {
        PeopleVisibility::Agency => Visible::All,
        PeopleVisibility::OwnUnit => {
            let unit = match caller.person_id {
                Some(id) => people::get(db, caller.scope()?, id)
                    .await?
                    .and_then(|p| p.unit),
                None => None,
            };
            Visible::Unit {
                unit,
                own: caller.person_id,
            }
        }
        PeopleVisibility::OwnSelf => Visible::Only(caller.person_id),
        PeopleVisibility::None => return Err(ApiError::Forbidden),
    })
}

/// Whether a person (already loaded within the caller's agency) is visible to the caller.
pub fn sees(visible: &Visible, person: &crate::db::entity::person::Model) -> bool {
    match visible {
        Visible::All => true,
        Visible::Unit { unit, own } => {
            *own == Some(person.id) || (unit.is_some() && person.unit.as_ref() == unit.as_ref())
        }
        Visible::Only(own) => *own == Some(person.id),
    }
}

/// A person of the caller's agency whom the caller may see; anyone else is answered exactly
/// as someone who does not exist.
pub async fn visible_person(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: uuid::Uuid,
) -> ApiResult<crate::db::entity::person::Model> {
    let visible = visible_people(db, caller).await?;
    people::get(db, caller.scope()?, id)
        .await?
        .filter(|p| sees(&visible, p))
        .ok_or(ApiError::NotFound)
}

/// The dashboard the caller sees, `requested_unit` if given (see
/// [`permissions::dashboard_view`]); the roster is read only for a caller who does not see
/// the whole agency.
pub async fn dashboard_view(
    db: &impl ConnectionTrait,
    caller: &Caller,
    requested_unit: Option<&str>,
) -> ApiResult<DashboardView> {
    let visibility = permissions::people_visibility(caller.role);
    let (own_unit, own_person) = match visibility {
        PeopleVisibility::Agency => (None, None),
        _ => match visible_people(db, caller).await? {
            Visible::Unit { unit, own } => (unit, own),
            Visible::Only(own) => (None, own),
            Visible::All => (None, None),
        },
    };
    permissions::dashboard_view(visibility, own_unit.as_deref(), own_person, requested_unit)
        .ok_or(ApiError::Forbidden)
}
