//! The use cases of expense lines: enter, correct, move on, delete. Each writes in one
//! transaction with its audit event.

use confitrek_domain::expenses::{
    self as rules, ExpenseDraft, ExpenseEntry, ExpenseTarget, ValidExpense,
};
use confitrek_domain::permissions::Action;
use confitrek_types::{ExpenseDto, ExpenseInput, ExpenseStatus, ExpenseStatusChange};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use crate::access::{require, sees, visible_people};
use crate::auth::Caller;
use crate::db::entity::expense_line;
use crate::db::expenses::{self as repo, NewExpense};
use crate::db::people::Visible;
use crate::db::stored_files::Receipts;
use crate::db::{AgencyScope, people, sessions, training_records};
use crate::http::{ApiError, ApiResult};

/// What a line's target is, checked: ids for the row and the person it falls on (none for a
/// session's line).
struct Target {
    ids: (Option<Uuid>, Option<Uuid>, Option<Uuid>),
    subject: Option<Uuid>,
}

/// The target, if it is of the agency and the caller sees it (422 naming its field if not).
async fn target(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    visible: &Visible,
    input: &ExpenseInput,
) -> ApiResult<Target> {
    let person_seen = async |id: Uuid| -> ApiResult<bool> {
        Ok(people::get(db, scope, id)
            .await?
            .is_some_and(|p| sees(visible, &p)))
    };
    match rules::parse_target(input.record_id, input.session_id, input.person_id)? {
        ExpenseTarget::Record(id) => match training_records::get(db, scope, id).await? {
            Some(r) if person_seen(r.person_id).await? => Ok(Target {
                ids: (Some(id), None, None),
                subject: Some(r.person_id),
            }),
            _ => Err(ApiError::field(
                "record_id",
                "is not a training record you can see",
            )),
        },
        ExpenseTarget::Session(id) => match sessions::get(db, scope, id).await? {
            Some(_) => Ok(Target {
                ids: (None, Some(id), None),
                subject: None,
            }),
            None => Err(ApiError::field(
                "session_id",
                "is not a session of this agency",
            )),
        },
        ExpenseTarget::Person(id) if person_seen(id).await? => Ok(Target {
            ids: (None, None, Some(id)),
            subject: Some(id),
        }),
        ExpenseTarget::Person(_) => {
            Err(ApiError::field("person_id", "is not a person you can see"))
        }
    }
}

fn content(input: &ExpenseInput, today: time::Date) -> ApiResult<ValidExpense> {
    Ok(ValidExpense::parse(
        ExpenseDraft {
            category: input.category,
            amount_cents: input.amount_cents,
            incurred_on: input.incurred_on,
            paid_by: input.paid_by,
            description: input.description.clone(),
        },
        today,
    )?)
}

/// Enter a line: the training office in any status but rejected; a person his or her own,
/// `requested`.
#[tracing::instrument(skip_all)]
pub async fn create(
    db: &sea_orm::DatabaseConnection,
    caller: &Caller,
    input: ExpenseInput,
) -> ApiResult<ExpenseDto> {
    let scope = caller.scope()?;
    require(caller, Action::ReadExpenses)?;
    let visible = visible_people(db, caller).await?;
    let fiscal = super::fiscal_context(db, &caller.clock, scope).await?;
    let valid = content(&input, fiscal.today);
    let txn = crate::db::begin_write(db).await?;
    let target = target(&txn, scope, &visible, &input).await?;
    let valid = valid?;
    let status = match rules::expense_entry(caller.role, caller.person_id, target.subject) {
        ExpenseEntry::Refused => return Err(ApiError::Forbidden),
        ExpenseEntry::TrainingOffice => match input.status.unwrap_or(ExpenseStatus::Requested) {
            ExpenseStatus::Rejected => {
                return Err(ApiError::field(
                    "status",
                    "must be requested, approved or paid: reject a line once it is entered",
                ));
            }
            status => status,
        },
        ExpenseEntry::OwnRequest => match input.status {
            None | Some(ExpenseStatus::Requested) => ExpenseStatus::Requested,
            Some(_) => {
                return Err(ApiError::field(
                    "status",
                    "must be requested: the training office approves",
                ));
            }
        },
    };
    let (record_id, session_id, person_id) = target.ids;
    let created = repo::insert(
        &txn,
        scope,
        NewExpense {
            record_id,
            session_id,
            person_id,
            content: valid,
            status,
            requested_by: caller.user_id,
        },
        caller.clock.now(),
    )
    .await?;
    caller
        .audit(&txn, scope.id(), "expense.create", ("expense", created.id))
        .await?;
    let dto = super::dtos(&txn, scope, &fiscal, vec![created])
        .await?
        .remove(0);
    txn.commit().await?;
    Ok(dto)
}

/// The line, if the caller sees it (404 otherwise, as for a missing one).
pub async fn visible_line(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: Uuid,
) -> ApiResult<expense_line::Model> {
    require(caller, Action::ReadExpenses)?;
    let scope = caller.scope()?;
    let visible = visible_people(db, caller).await?;
    repo::visible(db, scope, &visible, id)
        .await?
        .ok_or(ApiError::NotFound)
}

pub async fn get(
    db: &sea_orm::DatabaseConnection,
    caller: &Caller,
    id: Uuid,
) -> ApiResult<ExpenseDto> {
    let line = visible_line(db, caller, id).await?;
    let scope = caller.scope()?;
    let fiscal = super::fiscal_context(db, &caller.clock, scope).await?;
    Ok(super::dtos(db, scope, &fiscal, vec![line]).await?.remove(0))
}

/// Correct a line's target and content until it is paid (the training office).
#[tracing::instrument(skip_all)]
pub async fn correct(
    db: &sea_orm::DatabaseConnection,
    caller: &Caller,
    id: Uuid,
    input: ExpenseInput,
) -> ApiResult<ExpenseDto> {
    require(caller, Action::ManageExpenses)?;
    let scope = caller.scope()?;
    let fiscal = super::fiscal_context(db, &caller.clock, scope).await?;
    let txn = crate::db::begin_write(db).await?;
    let existing = visible_line(&txn, caller, id).await?;
    if !rules::may_edit(existing.status) {
        return Err(ApiError::Conflict(
            "a paid expense stays as it was paid".into(),
        ));
    }
    if input.status.is_some_and(|s| s != existing.status) {
        return Err(ApiError::field(
            "status",
            "is changed through POST /expenses/{id}/status, not here",
        ));
    }
    let valid = content(&input, fiscal.today);
    let target = target(&txn, scope, &crate::db::people::Visible::All, &input).await?;
    let updated = repo::correct(&txn, existing, target.ids, valid?, caller.clock.now()).await?;
    caller
        .audit(&txn, scope.id(), "expense.correct", ("expense", id))
        .await?;
    let dto = super::dtos(&txn, scope, &fiscal, vec![updated])
        .await?
        .remove(0);
    txn.commit().await?;
    Ok(dto)
}

/// Approve, pay or reject a line (the training office).
#[tracing::instrument(skip_all)]
pub async fn change_status(
    db: &sea_orm::DatabaseConnection,
    caller: &Caller,
    id: Uuid,
    change: ExpenseStatusChange,
) -> ApiResult<ExpenseDto> {
    require(caller, Action::ManageExpenses)?;
    let scope = caller.scope()?;
    let reason = match change.status {
        ExpenseStatus::Rejected => Some(rules::parse_reason(change.reason.as_deref())?),
        _ if change.reason.is_some() => {
            return Err(ApiError::field("reason", "is given only with a rejection"));
        }
        _ => None,
    };
    let fiscal = super::fiscal_context(db, &caller.clock, scope).await?;
    let txn = crate::db::begin_write(db).await?;
    let existing = visible_line(&txn, caller, id).await?;
    if !rules::may_move(existing.status, change.status) {
        return Err(ApiError::Conflict(format!(
            "a {} expense cannot become {}",
            existing.status, change.status
        )));
    }
    let updated = repo::set_status(
        &txn,
        scope,
        id,
        existing.status,
        change.status,
        caller.user_id,
        reason,
        caller.clock.now(),
    )
    .await?
    .ok_or_else(|| ApiError::Conflict("the expense was changed meanwhile".into()))?;
    let action = match change.status {
        ExpenseStatus::Approved => "expense.approve",
        ExpenseStatus::Paid => "expense.pay",
        ExpenseStatus::Rejected | ExpenseStatus::Requested => "expense.reject",
    };
    caller
        .audit(&txn, scope.id(), action, ("expense", id))
        .await?;
    let dto = super::dtos(&txn, scope, &fiscal, vec![updated])
        .await?
        .remove(0);
    txn.commit().await?;
    Ok(dto)
}

/// Delete a line that is not paid, with its receipt (the training office).
#[tracing::instrument(skip_all)]
pub async fn delete(state: &crate::app::AppState, caller: &Caller, id: Uuid) -> ApiResult<()> {
    require(caller, Action::ManageExpenses)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(&state.db).await?;
    let existing = visible_line(&txn, caller, id).await?;
    if !rules::may_edit(existing.status) {
        return Err(ApiError::Conflict("a paid expense is kept".into()));
    }
    let receipt = crate::db::stored_files::of_owner::<Receipts>(&txn, scope, id).await?;
    repo::delete(&txn, scope, id).await?;
    caller
        .audit(&txn, scope.id(), "expense.delete", ("expense", id))
        .await?;
    txn.commit().await?;
    if let Some(receipt) = receipt {
        crate::files::remove_committed(&state.db, &state.files, scope, receipt.id).await?;
    }
    Ok(())
}
