//! A record's certificate: filed, replaced and removed in one transaction with its audit
//! event; the encrypted file is written before and removed after the transaction.

use confitrek_domain::permissions::{self, Action};
use confitrek_domain::training::evidence_reopens;
use uuid::Uuid;

use crate::app::AppState;
use crate::auth::Caller;
use crate::db::AgencyScope;
use crate::db::entity::{certificate, training_record};
use crate::db::stored_files::{self, Certificates};
use crate::documents::{self, Previous};
use crate::http::{ApiError, ApiResult};

/// The record, if its person is one the caller may see (404 otherwise, as for a missing one).
pub async fn visible_record(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
) -> ApiResult<(AgencyScope, training_record::Model)> {
    let (record, _) =
        crate::training::record_service::visible_record(&state.db, caller, id).await?;
    Ok((caller.scope()?, record))
}

/// The training office files certificates for anyone it sees; a person for his or her own
/// record while it is not verified (evidence for a report, or after a refusal) — the same
/// rule as correcting the record.
fn may_file(caller: &Caller, record: &training_record::Model) -> ApiResult<()> {
    let verification = record.verification;
    if permissions::may_correct(
        caller.role,
        caller.person_id,
        record.person_id,
        verification,
    ) {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

/// Files `bytes` as the certificate of a record the caller sees, replacing the one before;
/// new evidence from the person sends a refused record back to the queue.
pub async fn file(
    state: &AppState,
    caller: &Caller,
    record_id: Uuid,
    bytes: &[u8],
) -> ApiResult<certificate::Model> {
    let (scope, record) = visible_record(state, caller, record_id).await?;
    may_file(caller, &record)?;
    let by_office = permissions::may(caller.role, Action::ManageTraining);
    let event = ("certificate.upload", ("training_record", record.id));
    documents::file::<Certificates>(
        state,
        caller,
        (record.id, Previous::Replaced),
        bytes,
        event,
        async |txn| {
            if evidence_reopens(by_office, record.verification) {
                let now = caller.clock.now();
                crate::db::training_records::back_to_queue(txn, record.clone(), now).await?;
                let clock = &caller.clock;
                crate::compliance::service::refresh_person(txn, clock, scope, record.person_id)
                    .await?;
            }
            Ok(())
        },
    )
    .await
}

/// Removes the certificate of a record the caller sees, for good.
pub async fn remove(state: &AppState, caller: &Caller, record_id: Uuid) -> ApiResult<()> {
    let (_, record) = visible_record(state, caller, record_id).await?;
    may_file(caller, &record)?;
    let event = ("certificate.delete", ("training_record", record.id));
    documents::remove::<Certificates>(state, caller, record.id, event).await
}

/// The encrypted file of a record's certificate, if it has one: read before deleting the
/// record, removed from disk once the deletion is committed.
pub async fn file_of_record(
    db: &impl sea_orm::ConnectionTrait,
    scope: AgencyScope,
    record_id: Uuid,
) -> ApiResult<Option<Uuid>> {
    Ok(stored_files::of_owner::<Certificates>(db, scope, record_id)
        .await?
        .map(|c| c.id))
}
