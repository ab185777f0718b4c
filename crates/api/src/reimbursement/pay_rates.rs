//! Officers' base hourly rates (effective-dated: a rate applies from its day until the next)
//! and the per-fiscal-year record that another unit claims an officer. Every write is
//! audited in its transaction.

use confitrek_domain::free_text::parse_free_text;
use confitrek_domain::permissions::{self, Action};
use confitrek_domain::reimbursement::fiscal::{FIRST_YEAR, LAST_YEAR};
use confitrek_types::{
    CLAIM_NOTE_MAX, ClaimDecisionDto, ClaimDecisionInput, HOURLY_RATE_MAX_CENTS, PayRateDto,
};
use sea_orm::DatabaseConnection;
use time::Date;
use uuid::Uuid;

use crate::access::require;
use crate::auth::Caller;
use crate::db::entity::person_pay_rate;
use crate::db::{people, reimbursement};
use crate::http::{ApiError, ApiResult};

fn dto(r: person_pay_rate::Model) -> PayRateDto {
    PayRateDto {
        id: r.id,
        person_id: r.person_id,
        effective_from: r.effective_from,
        hourly_rate_cents: r.hourly_rate_cents,
    }
}

/// A day a rate may start on: within the years reimbursement is computed for.
fn rate_day(day: Date) -> ApiResult<Date> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&day.year()) {
        Ok(day)
    } else {
        Err(ApiError::field(
            "effective_from",
            format!("must be a day from {FIRST_YEAR}-01-01 to {LAST_YEAR}-12-31"),
        ))
    }
}

/// A person's rates, oldest first: for the training office and the person.
pub async fn list(
    db: &DatabaseConnection,
    caller: &Caller,
    person: Uuid,
) -> ApiResult<Vec<PayRateDto>> {
    let scope = caller.scope()?;
    if !permissions::may_read_pay_rates(caller.role, caller.person_id, person) {
        return Err(ApiError::Forbidden);
    }
    people::get(db, scope, person)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(reimbursement::pay_rates(db, scope, person)
        .await?
        .into_iter()
        .map(dto)
        .collect())
}

/// Sets the person's base hourly rate from `day` on (replacing that day's rate, if any).
pub async fn set(
    db: &DatabaseConnection,
    caller: &Caller,
    person: Uuid,
    day: Date,
    hourly_rate_cents: i64,
) -> ApiResult<PayRateDto> {
    require(caller, Action::ManageReimbursement)?;
    let scope = caller.scope()?;
    let day = rate_day(day)?;
    if !(1..=HOURLY_RATE_MAX_CENTS).contains(&hourly_rate_cents) {
        return Err(ApiError::field(
            "hourly_rate_cents",
            format!("must be from 1 to {HOURLY_RATE_MAX_CENTS} cents"),
        ));
    }
    let txn = crate::db::begin_write(db).await?;
    people::get(&txn, scope, person)
        .await?
        .ok_or(ApiError::NotFound)?;
    let row = reimbursement::set_pay_rate(
        &txn,
        scope,
        person,
        day,
        hourly_rate_cents,
        caller.user_id,
        caller.clock.now(),
    )
    .await?;
    caller
        .audit(&txn, scope.id(), "pay_rate.set", ("person", person))
        .await?;
    txn.commit().await?;
    Ok(dto(row))
}

/// Removes the person's rate of `day`.
pub async fn delete(
    db: &DatabaseConnection,
    caller: &Caller,
    person: Uuid,
    day: Date,
) -> ApiResult<()> {
    require(caller, Action::ManageReimbursement)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    people::get(&txn, scope, person)
        .await?
        .ok_or(ApiError::NotFound)?;
    if !reimbursement::delete_pay_rate(&txn, scope, person, day).await? {
        return Err(ApiError::NotFound);
    }
    caller
        .audit(&txn, scope.id(), "pay_rate.delete", ("person", person))
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Records whether another unit claims the person for the fiscal year ending in
/// `fiscal_year` (Minnesota: only one unit may claim an officer).
pub async fn decide_claim(
    db: &DatabaseConnection,
    caller: &Caller,
    fiscal_year: i32,
    person: Uuid,
    input: ClaimDecisionInput,
) -> ApiResult<ClaimDecisionDto> {
    require(caller, Action::ManageReimbursement)?;
    let scope = caller.scope()?;
    if !(FIRST_YEAR..=LAST_YEAR).contains(&fiscal_year) {
        return Err(ApiError::field(
            "fiscal_year",
            format!("must be a year from {FIRST_YEAR} to {LAST_YEAR}"),
        ));
    }
    let note = match input.note.as_deref() {
        Some(raw) => Some(
            parse_free_text(raw, CLAIM_NOTE_MAX)
                .map_err(|e| ApiError::field("note", e.to_string()))?,
        )
        .filter(|n| !n.is_empty()),
        None => None,
    };
    let txn = crate::db::begin_write(db).await?;
    people::get(&txn, scope, person)
        .await?
        .ok_or(ApiError::NotFound)?;
    let row = reimbursement::set_claim(
        &txn,
        scope,
        person,
        fiscal_year,
        input.claimed_elsewhere,
        note,
        caller.user_id,
        caller.clock.now(),
    )
    .await?;
    caller
        .audit(&txn, scope.id(), "reimbursement.claim", ("person", person))
        .await?;
    txn.commit().await?;
    Ok(ClaimDecisionDto {
        person_id: row.person_id,
        fiscal_year: row.fiscal_year,
        claimed_elsewhere: row.claimed_elsewhere,
        note: row.note,
        decided_at: row.decided_at,
    })
}
