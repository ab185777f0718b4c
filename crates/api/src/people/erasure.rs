//! Erasing a person on request: the person, his or her training (with certificates and
//! their files), credentials, waivers, acknowledgements, enrolments, requests, verdicts and
//! notifications, expenses on the person or the training (with receipts and their files), pay
//! rates and reimbursement claims, and what an import kept of them; the person's rows in
//! stored state reports are struck. A login of the person is kept only as
//! an anonymous, switched-off account, because the audit log names logins as actors. The
//! audit log keeps that the erasure happened, by whom, and the person's id: no name.
//!
//! A person named in a use-of-force incident is not erased: incident reports are records
//! the agency must keep.

use confitrek_domain::permissions::Action;
use sea_orm::{ConnectionTrait, DbErr, Value};
use uuid::Uuid;

use crate::access::require;
use crate::app::AppState;
use crate::auth::Caller;
use crate::db::people;
use crate::http::{ApiError, ApiResult};
use crate::retention::{BY_LOGIN, statement};

/// Tables whose rows belong to one person by `person_id`.
pub const BY_PERSON: [&str; 10] = [
    "acknowledgements",
    "person_pay_rates",
    "reimbursement_claims",
    "compliance_snapshots",
    "credentials",
    "notifications",
    "session_enrollments",
    "training_requests",
    "waivers",
    "training_records",
];

const RECORDS: &str = "SELECT id FROM training_records WHERE person_id = $1";
/// Expense lines on the person or on his or her records (a session's lines are the session's).
const EXPENSES: &str = "SELECT id FROM expense_lines WHERE person_id = $1 \
    OR record_id IN (SELECT id FROM training_records WHERE person_id = $1)";

pub async fn erase(state: &AppState, caller: &Caller, id: Uuid) -> ApiResult<()> {
    require(caller, Action::ErasePeople)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(&state.db).await?;
    people::get(&txn, scope, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    // The person's verdict goes with the person: what is kept of the agency's verdicts is
    // rebuilt whole. First, as every write of verdicts locks the agency's generation first.
    crate::db::compliance::reset_verdicts(&txn, scope).await?;
    let backend = txn.get_database_backend();
    let person = || vec![Value::from(id)];
    let in_incidents = txn
        .query_one_raw(statement(
            backend,
            "SELECT COUNT(*) AS n FROM uof_incident_officers WHERE person_id = $1",
            person(),
        ))
        .await?
        .map(|row| row.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0);
    if in_incidents > 0 {
        return Err(ApiError::Conflict(
            "This person is named in use-of-force incidents, which the agency must keep as they were reported; deactivate the person instead.".into(),
        ));
    }
    let files: Vec<Uuid> = txn
        .query_all_raw(statement(
            backend,
            &format!("SELECT id FROM certificates WHERE record_id IN ({RECORDS})"),
            person(),
        ))
        .await?
        .iter()
        .map(|row| row.try_get::<Uuid>("", "id"))
        .collect::<Result<_, DbErr>>()?;
    let receipts: Vec<Uuid> = txn
        .query_all_raw(statement(
            backend,
            &format!("SELECT id FROM expense_receipts WHERE expense_id IN ({EXPENSES})"),
            person(),
        ))
        .await?
        .iter()
        .map(|row| row.try_get::<Uuid>("", "id"))
        .collect::<Result<_, DbErr>>()?;
    let files: Vec<Uuid> = files.into_iter().chain(receipts).collect();
    let by_records = [
        format!("DELETE FROM expense_receipts WHERE expense_id IN ({EXPENSES})"),
        format!("DELETE FROM expense_lines WHERE id IN ({EXPENSES})"),
        format!("DELETE FROM certificates WHERE record_id IN ({RECORDS})"),
        format!("DELETE FROM training_record_revisions WHERE record_id IN ({RECORDS})"),
        format!("DELETE FROM import_batch_items WHERE entity_id = $1 OR entity_id IN ({RECORDS})"),
    ];
    for sql in by_records {
        txn.execute_raw(statement(backend, &sql, person())).await?;
    }
    for table in BY_PERSON {
        let sql = format!("DELETE FROM {table} WHERE person_id = $1");
        txn.execute_raw(statement(backend, &sql, person())).await?;
    }
    let others = [
        "DELETE FROM calendar_feeds WHERE subject_id = $1",
        "UPDATE people SET supervisor_id = NULL WHERE supervisor_id = $1",
    ];
    for sql in others {
        txn.execute_raw(statement(backend, sql, person())).await?;
    }
    crate::state_reports::service::strike_person(&txn, scope, id).await?;
    anonymize_logins(state, &txn, id).await?;
    txn.execute_raw(statement(
        backend,
        "DELETE FROM people WHERE id = $1",
        person(),
    ))
    .await?;
    caller
        .audit(&txn, scope.id(), "person.erase", ("person", id))
        .await?;
    txn.commit().await?;
    for file in files {
        crate::files::remove_committed(&state.db, &state.files, scope, file).await?;
    }
    Ok(())
}

/// The person's logins lose their email, password, second factor, sessions and
/// notifications, and are switched off.
async fn anonymize_logins(
    state: &AppState,
    txn: &impl ConnectionTrait,
    person: Uuid,
) -> ApiResult<()> {
    let backend = txn.get_database_backend();
    let logins = txn
        .query_all_raw(statement(
            backend,
            "SELECT id, email FROM users WHERE person_id = $1",
            vec![person.into()],
        ))
        .await?;
    for row in logins {
        let login: Uuid = row.try_get("", "id")?;
        let email: String = row.try_get("", "email")?;
        let key = state.keys.account_key(&email);
        txn.execute_raw(statement(
            backend,
            "DELETE FROM login_lockouts WHERE account_key = $1",
            vec![key.into()],
        ))
        .await?;
        for table in BY_LOGIN.iter().chain(&["notifications"]) {
            let sql = format!("DELETE FROM {table} WHERE user_id = $1");
            txn.execute_raw(statement(backend, &sql, vec![login.into()]))
                .await?;
        }
        let sql = "UPDATE users SET person_id = NULL, email = $1, password_hash = NULL, \
            invitation_token_hash = NULL, invitation_expires_at = NULL, mfa_secret = NULL, \
            mfa_pending_secret = NULL, mfa_enabled_at = NULL, mfa_last_step = NULL, \
            disabled_at = $2 WHERE id = $3";
        let values = vec![
            format!("erased-{}@invalid", login.simple()).into(),
            state.clock.now().into(),
            login.into(),
        ];
        txn.execute_raw(statement(backend, sql, values)).await?;
    }
    Ok(())
}
