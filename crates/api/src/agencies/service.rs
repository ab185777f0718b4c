//! Creating and changing agencies: each change in one transaction with its audit event.

use confitrek_domain::agency::{NewAgencyChecked, SettingsChange, ValidAgency};
use confitrek_domain::permissions::Role;
use confitrek_types::SubscriptionStatus;
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use crate::auth::Caller;
use crate::clock;
use crate::db::agencies::{self, NewAgency};
use crate::db::entity::agency;
use crate::http::{ApiError, ApiResult};
use crate::users::{Invited, invite};

/// Creates the agency and invites its first admin; the agency takes the zone of its
/// state's capital unless another is given.
pub async fn create(
    db: &DatabaseConnection,
    caller: &Caller,
    new: NewAgencyChecked,
    subscription_status: Option<SubscriptionStatus>,
) -> ApiResult<(agency::Model, Invited)> {
    let NewAgencyChecked {
        agency: valid,
        admin_email,
        time_zone,
    } = new;
    let time_zone = time_zone.unwrap_or_else(|| clock::state_zone(&valid.state_code).to_owned());
    let txn = crate::db::begin_write(db).await?;
    let agency = agencies::insert(
        &txn,
        NewAgency {
            name: valid.name,
            state_code: valid.state_code,
            subscription_status: subscription_status.unwrap_or(SubscriptionStatus::Trial),
            modules: valid.modules,
            time_zone,
        },
        caller.clock.now(),
    )
    .await?;
    caller
        .audit(&txn, agency.id, "agency.create", ("agency", agency.id))
        .await?;
    let invited = invite(
        &txn,
        caller,
        agency.id,
        admin_email,
        Role::AgencyAdmin,
        None,
    )
    .await?;
    txn.commit().await?;
    Ok((agency, invited))
}

/// Changes an agency's name, state, subscription or modules; its time zone stays.
pub async fn update(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
    valid: ValidAgency,
    subscription_status: SubscriptionStatus,
) -> ApiResult<agency::Model> {
    let txn = crate::db::begin_write(db).await?;
    let existing = agencies::get_by_id(&txn, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let time_zone = existing.time_zone.clone();
    let updated = agencies::update(
        &txn,
        existing,
        NewAgency {
            name: valid.name,
            state_code: valid.state_code,
            subscription_status,
            modules: valid.modules,
            time_zone,
        },
        caller.clock.now(),
    )
    .await?;
    caller
        .audit(&txn, updated.id, "agency.update", ("agency", updated.id))
        .await?;
    txn.commit().await?;
    Ok(updated)
}

/// Changes the caller's agency's settings and judges everyone again with them.
pub async fn update_settings(
    db: &DatabaseConnection,
    caller: &Caller,
    change: SettingsChange,
) -> ApiResult<agency::Model> {
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let existing = agencies::get(&txn, scope)
        .await?
        .ok_or(ApiError::NotFound)?;
    let updated = agencies::set_settings(
        &txn,
        scope,
        i32::from(change.at_risk_days),
        change.time_zone.unwrap_or(existing.time_zone),
        change.count_unverified.unwrap_or(existing.count_unverified),
        change.ori.unwrap_or(existing.ori),
        change
            .fiscal_year_start
            .map_or(existing.fiscal_year_start_month, |start| {
                i32::from(u8::from(start.month()))
            }),
        caller.clock.now(),
    )
    .await?
    .ok_or(ApiError::NotFound)?;
    caller
        .audit(&txn, scope.id(), "agency.settings", ("agency", scope.id()))
        .await?;
    crate::compliance::service::refresh_everyone(&txn, &caller.clock, scope).await?;
    txn.commit().await?;
    Ok(updated)
}
