//! Import use cases: a file is uploaded (kept encrypted, its columns mapped by suggestion),
//! its mapping confirmed or changed, previewed (nothing written), committed all or nothing
//! in one transaction, and undone as a whole while nothing later depends on it.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use confitrek_domain::import::{
    self, ImportMapping, ImportStatus, MAX_LISTED_ERRORS, Sheet, TopicName, VerdictChanges,
};
use confitrek_domain::permissions::Action;
use confitrek_types::{
    ImportBatchDto, ImportPreviewDto, ImportProgress, ImportStage, ImportUploadQuery,
};
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::plan::{Change, Plan, plan, topic_names};
use super::progress::Progress;
use super::sheet;
use crate::access::require;
use crate::app::AppState;
use crate::auth::Caller;
use crate::compliance::service::{
    PersonHistory, agency_rules, judge, refresh_people, refresh_people_counted,
};
use crate::db::entity::{
    acknowledgement, course, credential, import_batch, person, training_record,
};
use crate::db::imports::{self as repo, Item};
use crate::db::{AgencyScope, topics};
use crate::exports::tables::row_of;
use crate::http::{ApiError, ApiResult};
use crate::training::{TrainingContext, context};

const FILE_NAME_MAX: usize = 200;

/// A commit running longer than this is one whose server stopped: its transaction never
/// committed, so the batch can be committed again.
const STALE_COMMIT: time::Duration = time::Duration::minutes(15);

/// Where the batch is now: a commit whose server stopped is as if never started.
fn status_of(b: &import_batch::Model, now: OffsetDateTime) -> ImportStatus {
    match (b.status, b.started_at) {
        (ImportStatus::Committing, Some(at)) if at < now - STALE_COMMIT => ImportStatus::Uploaded,
        (status, _) => status,
    }
}

pub fn batch_dto(
    b: import_batch::Model,
    same_file_as: Option<Uuid>,
    progress: Option<ImportProgress>,
    now: OffsetDateTime,
) -> ImportBatchDto {
    let status = status_of(&b, now);
    let failure = match (b.status, status) {
        (ImportStatus::Committing, ImportStatus::Uploaded) => Some(
            "the server stopped before the import finished; nothing was imported: import it again"
                .to_owned(),
        ),
        _ => b.failure,
    };
    ImportBatchDto {
        progress: progress.filter(|_| status == ImportStatus::Committing),
        failure,
        id: b.id,
        kind: b.kind,
        status,
        file_name: b.file_name,
        sha256: b.sha256,
        size_bytes: b.size_bytes,
        sheet: b.sheet,
        headers: serde_json::from_value(b.headers).unwrap_or_default(),
        rows: u32::try_from(b.row_count).unwrap_or_default(),
        mapping: serde_json::from_value(b.mapping).unwrap_or_default(),
        counts: b.counts.and_then(|c| serde_json::from_value(c).ok()),
        same_file_as,
        created_by: b.created_by,
        created_at: b.created_at,
        committed_at: b.committed_at,
        undone_at: b.undone_at,
    }
}

fn file_name(raw: &str) -> ApiResult<String> {
    let name: String = raw.trim().chars().filter(|c| !c.is_control()).collect();
    if name.is_empty() || name.chars().count() > FILE_NAME_MAX {
        return Err(ApiError::field(
            "file_name",
            format!("must have 1 to {FILE_NAME_MAX} characters"),
        ));
    }
    Ok(name)
}

pub(crate) async fn topics_of(
    db: &impl ConnectionTrait,
    clock: &crate::clock::Clock,
    scope: AgencyScope,
) -> ApiResult<(TrainingContext, Vec<TopicName>)> {
    let ctx = context(db, clock, scope).await?;
    let own = topics::list(db, scope).await?;
    let names = topic_names(&ctx, own);
    Ok((ctx, names))
}

/// Reads a file off the request thread: a large workbook takes a moment.
async fn read_sheet(
    bytes: Vec<u8>,
    sheet_name: Option<String>,
) -> ApiResult<(Sheet, Option<String>)> {
    tokio::task::spawn_blocking(move || sheet::read(&bytes, sheet_name.as_deref()))
        .await
        .map_err(|e| ApiError::Internal(e.into()))?
        .map_err(|e| ApiError::field("file", e.0))
}

pub async fn upload(
    state: &AppState,
    caller: &Caller,
    query: ImportUploadQuery,
    bytes: &[u8],
) -> ApiResult<ImportBatchDto> {
    require(caller, Action::ImportData)?;
    let scope = caller.scope()?;
    let name = file_name(&query.file_name)?;
    let (sheet, sheet_name) = read_sheet(bytes.to_vec(), query.sheet.clone()).await?;
    let (_, topics) = topics_of(&state.db, &caller.clock, scope).await?;
    let mapping = import::suggest(query.kind, &sheet.headers, &topics);
    let sha256 = crate::files::sha256_hex(bytes);
    let batch = new_batch(
        caller,
        scope,
        &query,
        name,
        sha256,
        bytes.len(),
        sheet_name,
        &sheet,
        &mapping,
    );
    let id = batch.id;
    state.files.put_as(scope, id, bytes).await?;
    let written = async {
        let txn = crate::db::begin_write(&state.db).await?;
        let batch = repo::insert(&txn, batch).await?;
        caller
            .audit(&txn, scope.id(), "import.upload", ("import_batch", id))
            .await?;
        txn.commit().await?;
        ApiResult::Ok(batch)
    }
    .await;
    let batch = match written {
        Ok(b) => b,
        Err(e) => {
            state.files.delete(scope, id).await?;
            return Err(e);
        }
    };
    let same = repo::same_file(&state.db, scope, &batch.sha256, id).await?;
    Ok(batch_dto(batch, same, None, caller.clock.now()))
}

#[allow(clippy::too_many_arguments)]
fn new_batch(
    caller: &Caller,
    scope: AgencyScope,
    query: &ImportUploadQuery,
    file_name: String,
    sha256: String,
    size: usize,
    sheet_name: Option<String>,
    sheet: &Sheet,
    mapping: &ImportMapping,
) -> import_batch::Model {
    import_batch::Model {
        id: Uuid::now_v7(),
        agency_id: scope.id(),
        kind: query.kind,
        status: ImportStatus::Uploaded,
        file_name,
        sha256,
        size_bytes: i64::try_from(size).unwrap_or(i64::MAX),
        sheet: sheet_name,
        headers: serde_json::json!(sheet.headers),
        row_count: i32::try_from(sheet.rows.len()).unwrap_or(i32::MAX),
        mapping: serde_json::json!(mapping),
        counts: None,
        created_by: caller.user_id,
        created_at: caller.clock.now(),
        committed_at: None,
        undone_at: None,
        started_at: None,
        failure: None,
    }
}

async fn batch_of(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: Uuid,
) -> ApiResult<import_batch::Model> {
    require(caller, Action::ImportData)?;
    repo::get(db, caller.scope()?, id)
        .await?
        .ok_or(ApiError::NotFound)
}

pub async fn get(state: &AppState, caller: &Caller, id: Uuid) -> ApiResult<ImportBatchDto> {
    let batch = batch_of(&state.db, caller, id).await?;
    let same = repo::same_file(&state.db, caller.scope()?, &batch.sha256, id).await?;
    Ok(batch_dto(
        batch,
        same,
        state.imports.get(id),
        caller.clock.now(),
    ))
}

pub async fn list(
    state: &AppState,
    caller: &Caller,
    before: Option<Uuid>,
    limit: u64,
) -> ApiResult<Vec<ImportBatchDto>> {
    require(caller, Action::ImportData)?;
    let rows = repo::list(&state.db, caller.scope()?, before, limit).await?;
    Ok(rows
        .into_iter()
        .map(|b| {
            let progress = state.imports.get(b.id);
            batch_dto(b, None, progress, caller.clock.now())
        })
        .collect())
}

fn uploaded(batch: &import_batch::Model, now: OffsetDateTime) -> ApiResult<()> {
    match status_of(batch, now) {
        ImportStatus::Uploaded => Ok(()),
        other => Err(ApiError::Conflict(format!(
            "the batch is {}: upload the file again to import it anew",
            other.as_str()
        ))),
    }
}

/// Confirms or changes how the file's columns are read; checked against the file at once.
pub async fn set_mapping(
    state: &AppState,
    caller: &Caller,
    id: Uuid,
    mapping: ImportMapping,
) -> ApiResult<ImportBatchDto> {
    let scope = caller.scope()?;
    let batch = batch_of(&state.db, caller, id).await?;
    uploaded(&batch, caller.clock.now())?;
    let headers: Vec<String> = serde_json::from_value(batch.headers.clone()).unwrap_or_default();
    let (_, topics) = topics_of(&state.db, &caller.clock, scope).await?;
    if let Err(errors) = import::Columns::resolve(batch.kind, &headers, &mapping, &topics) {
        let mut invalid = confitrek_domain::ValidationErrors::default();
        for e in errors {
            let field = match &e.column {
                Some(column) => format!("columns.{column}"),
                None => "columns".to_owned(),
            };
            invalid.push(field, e.reason);
        }
        return Err(invalid.into());
    }
    let txn = crate::db::begin_write(&state.db).await?;
    let batch = repo::set_mapping(&txn, batch, serde_json::json!(mapping)).await?;
    txn.commit().await?;
    Ok(batch_dto(batch, None, None, caller.clock.now()))
}

async fn sheet_of(
    state: &AppState,
    scope: AgencyScope,
    batch: &import_batch::Model,
) -> ApiResult<Sheet> {
    let bytes = state.files.get(scope, batch.id, &batch.sha256).await?;
    Ok(read_sheet(bytes, batch.sheet.clone()).await?.0)
}

/// What committing would do, with every error; nothing is written.
pub async fn preview(state: &AppState, caller: &Caller, id: Uuid) -> ApiResult<ImportPreviewDto> {
    let scope = caller.scope()?;
    let batch = batch_of(&state.db, caller, id).await?;
    uploaded(&batch, caller.clock.now())?;
    let sheet = sheet_of(state, scope, &batch).await?;
    preview_of(&state.db, &caller.clock, scope, &batch, sheet).await
}

/// The preview of a file that is not kept: the command line's dry run, with the suggested
/// mapping. Nothing is written, not even the batch.
pub async fn dry_run(
    state: &AppState,
    caller: &Caller,
    query: ImportUploadQuery,
    bytes: Vec<u8>,
) -> ApiResult<(ImportBatchDto, ImportPreviewDto)> {
    require(caller, Action::ImportData)?;
    let scope = caller.scope()?;
    let name = file_name(&query.file_name)?;
    let size = bytes.len();
    let sha256 = crate::files::sha256_hex(&bytes);
    let (sheet, sheet_name) = read_sheet(bytes, query.sheet.clone()).await?;
    let (_, topics) = topics_of(&state.db, &caller.clock, scope).await?;
    let mapping = import::suggest(query.kind, &sheet.headers, &topics);
    let batch = new_batch(
        caller, scope, &query, name, sha256, size, sheet_name, &sheet, &mapping,
    );
    let preview = preview_of(&state.db, &caller.clock, scope, &batch, sheet).await?;
    let same = repo::same_file(&state.db, scope, &batch.sha256, batch.id).await?;
    Ok((batch_dto(batch, same, None, caller.clock.now()), preview))
}

async fn preview_of(
    db: &DatabaseConnection,
    clock: &crate::clock::Clock,
    scope: AgencyScope,
    batch: &import_batch::Model,
    sheet: Sheet,
) -> ApiResult<ImportPreviewDto> {
    let (ctx, topics) = topics_of(db, clock, scope).await?;
    let plan = plan(db, scope, &ctx, &topics, batch, &sheet).await?;
    // The file's text is not needed to judge the verdicts: its memory goes first.
    drop(sheet);
    let verdicts = verdicts(db, clock, scope, &plan).await?;
    Ok(ImportPreviewDto {
        batch_id: batch.id,
        summary: import::summary(batch.kind, &plan.counts, &verdicts),
        counts: plan.counts,
        errors: plan.errors.into_iter().take(MAX_LISTED_ERRORS).collect(),
        matched_by: plan.matched_by,
        unknown_topics: plan.unknown_topics,
        verdicts,
    })
}

/// `rows` as the change leaves them.
fn apply<M: Clone>(rows: &mut Vec<M>, change: &Change<M>, id: impl Fn(&M) -> Uuid) {
    match change {
        Change::New(m) => rows.push(m.clone()),
        Change::Updated { after, .. } => {
            if let Some(m) = rows.iter_mut().find(|m| id(m) == id(after)) {
                *m = after.clone();
            }
        }
    }
}

/// Each affected person's verdict today, before and after the plan.
async fn verdicts(
    db: &DatabaseConnection,
    clock: &crate::clock::Clock,
    scope: AgencyScope,
    plan: &Plan,
) -> ApiResult<VerdictChanges> {
    let rules = agency_rules(db, scope).await?;
    let today = clock.today_in(&rules.agency().time_zone);
    let ids = plan.affected();
    let mut histories = PersonHistory::load_many(db, scope, &rules, &ids).await?;
    let existing: HashMap<Uuid, person::Model> = crate::db::people::many(db, scope, ids.clone())
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    // Each person's changes, gathered once: not a scan of the whole plan per person.
    let mut records: HashMap<Uuid, Vec<&Change<training_record::Model>>> = HashMap::new();
    for change in &plan.records {
        records
            .entry(change.after().person_id)
            .or_default()
            .push(change);
    }
    let people: HashMap<Uuid, &person::Model> = plan
        .people
        .iter()
        .map(Change::after)
        .map(|p| (p.id, p))
        .collect();
    let mut changes = VerdictChanges::default();
    for id in ids {
        let mut history = histories.remove(&id).unwrap_or_default();
        let before = existing
            .get(&id)
            .map(|p| judge(&rules, p, &history, today).status);
        for change in records.remove(&id).unwrap_or_default() {
            apply(&mut history.records, change, |r| r.id);
        }
        for change in plan
            .credentials
            .iter()
            .filter(|c| c.after().person_id == id)
        {
            apply(&mut history.awarded, change, |c| c.id);
        }
        for a in plan.acknowledgements.iter().filter(|a| a.person_id == id) {
            history.acknowledgements.push(a.clone());
        }
        let person = people.get(&id).copied().or_else(|| existing.get(&id));
        if let (Some(before), Some(person)) = (before, person) {
            let after = judge(&rules, person, &history, today).status;
            import::count_verdict(before, after, &mut changes);
        }
    }
    Ok(changes)
}

/// Claims the batch for its commit, or says why it cannot be committed.
async fn claim(state: &AppState, caller: &Caller, id: Uuid) -> ApiResult<import_batch::Model> {
    let scope = caller.scope()?;
    let batch = batch_of(&state.db, caller, id).await?;
    uploaded(&batch, caller.clock.now())?;
    let now = state.clock.now();
    let txn = crate::db::begin_write(&state.db).await?;
    let claimed = repo::claim(&txn, scope, id, now, now - STALE_COMMIT).await?;
    let batch = repo::get(&txn, scope, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    txn.commit().await?;
    if !claimed {
        uploaded(&batch, now)?;
        return Err(ApiError::Conflict(
            "the batch is being imported already".into(),
        ));
    }
    Ok(batch)
}

/// Writes the batch, all or nothing, and waits for the end (the command line's commit):
/// refused while any row has an error; a file whose every row is already in ConfiTrek
/// changes nothing and says so in its counts.
pub async fn commit(state: &AppState, caller: &Caller, id: Uuid) -> ApiResult<ImportBatchDto> {
    let batch = claim(state, caller, id).await?;
    finish(state, caller, batch).await
}

/// Starts the commit as the server's own work and answers at once: the batch is
/// `committing`, with its progress, until it is `committed`, or `uploaded` again with the
/// reason it imported nothing. Leaving the page does not stop it.
pub async fn start_commit(
    state: Arc<AppState>,
    caller: &Caller,
    id: Uuid,
) -> ApiResult<ImportBatchDto> {
    let batch = claim(&state, caller, id).await?;
    let progress = Progress {
        jobs: &state.imports,
        id,
    };
    progress.stage(ImportStage::Reading, 0);
    let answer = batch_dto(
        batch.clone(),
        None,
        state.imports.get(id),
        caller.clock.now(),
    );
    let caller = caller.clone();
    tokio::spawn(async move {
        // The outcome is on the batch; `finish` has recorded a failure.
        let _ = finish(&state, &caller, batch).await;
    });
    Ok(answer)
}

/// Runs a claimed commit; a failure leaves the batch to commit again, saying why.
async fn finish(
    state: &AppState,
    caller: &Caller,
    batch: import_batch::Model,
) -> ApiResult<ImportBatchDto> {
    let scope = caller.scope()?;
    let id = batch.id;
    let progress = Progress {
        jobs: &state.imports,
        id,
    };
    let done = write_batch(state, caller, batch, progress).await;
    state.imports.forget(id);
    if let Err(error) = &done {
        let reason = match error {
            ApiError::Conflict(reason) => reason.clone(),
            ApiError::Validation(errors) => errors
                .0
                .iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect::<Vec<_>>()
                .join("; "),
            other => {
                tracing::error!(?other, batch = %id, "import commit failed");
                "the server could not finish the import; nothing was imported".to_owned()
            }
        };
        if let Err(e) = repo::set_failed(&state.db, scope, id, &reason).await {
            tracing::error!(error = ?e, batch = %id, "recording a failed import");
        }
    }
    done
}

async fn write_batch(
    state: &AppState,
    caller: &Caller,
    batch: import_batch::Model,
    progress: Progress<'_>,
) -> ApiResult<ImportBatchDto> {
    let scope = caller.scope()?;
    let id = batch.id;
    progress.stage(ImportStage::Reading, 0);
    let sheet = sheet_of(state, scope, &batch).await?;
    let txn = crate::db::begin_write(&state.db).await?;
    // Read again inside the transaction: what is written is what the plan saw.
    let batch = repo::get(&txn, scope, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if batch.status != ImportStatus::Committing {
        return Err(ApiError::Conflict(format!(
            "the batch is {}",
            batch.status.as_str()
        )));
    }
    progress.stage(ImportStage::Checking, sheet.rows.len());
    let (ctx, topics) = topics_of(&txn, &caller.clock, scope).await?;
    let plan = plan(&txn, scope, &ctx, &topics, &batch, &sheet).await?;
    drop(sheet);
    if plan.counts.errors > 0 {
        let rows = match plan.counts.errors {
            1 => "1 row has an error".to_owned(),
            n => format!("{n} rows have errors"),
        };
        return Err(ApiError::Conflict(format!(
            "{rows}; the preview lists them. Nothing was imported."
        )));
    }
    let affected = plan.affected();
    let counts = plan.counts;
    progress.stage(ImportStage::Writing, plan.writes());
    write(&txn, scope, batch.id, plan, progress).await?;
    let event = confitrek_domain::webhooks::Event::import_committed(
        id,
        batch.kind.as_str(),
        u64::from(counts.new),
        u64::from(counts.updated),
    );
    let batch = repo::set_committed(&txn, batch, counts, caller.clock.now()).await?;
    caller
        .audit(&txn, scope.id(), "import.commit", ("import_batch", id))
        .await?;
    crate::webhooks::emit(&txn, &caller.clock, scope, event).await?;
    progress.stage(ImportStage::Judging, affected.len());
    refresh_people_counted(&txn, &caller.clock, scope, &affected, |n| {
        progress.advance(n)
    })
    .await?;
    txn.commit().await?;
    Ok(batch_dto(batch, None, None, caller.clock.now()))
}

/// New rows written between two progress reports.
const WRITE_STEP: usize = 5_000;

async fn write(
    txn: &impl ConnectionTrait,
    scope: AgencyScope,
    batch_id: Uuid,
    plan: Plan,
    progress: Progress<'_>,
) -> ApiResult<()> {
    let mut items = Vec::new();
    let id = |p: &person::Model| p.id;
    write_changes::<person::Entity>(
        txn,
        ("person", "people"),
        plan.people,
        id,
        &mut items,
        progress,
    )
    .await?;
    let id = |r: &training_record::Model| r.id;
    let at = ("training_record", "training_records");
    write_changes::<training_record::Entity>(txn, at, plan.records, id, &mut items, progress)
        .await?;
    let id = |c: &credential::Model| c.id;
    let at = ("credential", "credentials");
    write_changes::<credential::Entity>(txn, at, plan.credentials, id, &mut items, progress)
        .await?;
    let id = |c: &course::Model| c.id;
    write_changes::<course::Entity>(
        txn,
        ("course", "courses"),
        plan.courses,
        id,
        &mut items,
        progress,
    )
    .await?;
    let acknowledgements: Vec<Change<acknowledgement::Model>> =
        plan.acknowledgements.into_iter().map(Change::New).collect();
    let id = |a: &acknowledgement::Model| a.id;
    let at = ("acknowledgement", "acknowledgements");
    write_changes::<acknowledgement::Entity>(txn, at, acknowledgements, id, &mut items, progress)
        .await?;
    repo::insert_items(txn, scope, batch_id, items).await?;
    Ok(())
}

/// Writes the changes of one table (`(entity, table)`): the changed rows one by one, the
/// new ones many to a statement; each becomes an item of the batch, a changed one with
/// what it held before.
async fn write_changes<E>(
    txn: &impl ConnectionTrait,
    (entity, table): (&'static str, &str),
    changes: Vec<Change<E::Model>>,
    id: impl Fn(&E::Model) -> Uuid,
    items: &mut Vec<Item>,
    progress: Progress<'_>,
) -> ApiResult<()>
where
    E: EntityTrait,
    E::Model: IntoActiveModel<E::ActiveModel>,
    E::ActiveModel: ActiveModelTrait<Entity = E> + ActiveModelBehavior + Send,
{
    // New rows go out a step at a time: what is held is one step's statements, not the
    // whole file's.
    let mut new = Vec::with_capacity(WRITE_STEP);
    for change in changes {
        match change {
            Change::New(m) => {
                items.push(Item {
                    entity,
                    entity_id: id(&m),
                    before: None,
                });
                new.push(m.into_active_model().reset_all());
                if new.len() == WRITE_STEP {
                    repo::insert_chunks::<E, _>(txn, std::mem::take(&mut new)).await?;
                    progress.advance(WRITE_STEP);
                }
            }
            Change::Updated { before, after } => {
                items.push(Item {
                    entity,
                    entity_id: id(&after),
                    before: Some(row_of::<E>(table, &before, &[])?.into()),
                });
                after.into_active_model().reset_all().update(txn).await?;
                progress.advance(1);
            }
        }
    }
    let rest = new.len();
    repo::insert_chunks::<E, _>(txn, new).await?;
    progress.advance(rest);
    Ok(())
}

/// Takes a committed batch back as a whole: its new rows deleted, its changed rows as they
/// were. Refused, naming the rows, while a later change depends on what it wrote.
pub async fn undo(state: &AppState, caller: &Caller, id: Uuid) -> ApiResult<ImportBatchDto> {
    let scope = caller.scope()?;
    batch_of(&state.db, caller, id).await?;
    let txn = crate::db::begin_write(&state.db).await?;
    let batch = repo::get(&txn, scope, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if batch.status != ImportStatus::Committed {
        return Err(ApiError::Conflict(format!(
            "only a committed batch can be undone; this one is {}",
            batch.status.as_str()
        )));
    }
    let committed_at = batch.committed_at.unwrap_or(batch.created_at);
    let items = repo::items(&txn, scope, id).await?;
    let blockers = super::undo::blockers(&txn, scope, &items, committed_at).await?;
    if !blockers.is_empty() {
        let listed: Vec<String> = blockers
            .iter()
            .take(10)
            .map(|b| format!("{} {}: {}", b.entity, b.id, b.reason))
            .collect();
        return Err(ApiError::Conflict(format!(
            "{} rows changed since the import depend on it: {}",
            blockers.len(),
            listed.join("; ")
        )));
    }
    let affected = super::undo::take_back(&txn, scope, &items).await?;
    let batch = repo::set_undone(&txn, batch, caller.clock.now()).await?;
    caller
        .audit(&txn, scope.id(), "import.undo", ("import_batch", id))
        .await?;
    let still: BTreeSet<Uuid> = crate::db::people::many(&txn, scope, affected)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    refresh_people(
        &txn,
        &caller.clock,
        scope,
        &still.into_iter().collect::<Vec<_>>(),
    )
    .await?;
    txn.commit().await?;
    Ok(batch_dto(batch, None, None, caller.clock.now()))
}
