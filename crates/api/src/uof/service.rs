//! Writing incidents through their workflow, and reading them back as the API shows them.

use std::collections::BTreeMap;

use confitrek_domain::uof::{self as rules, Stage, Step};
use confitrek_types::{
    ForceType, IncidentActions, IncidentDto, IncidentInput, IncidentStatus, IncidentSummaryDto,
    IncidentVersionDto, InvolvedOfficerDto, OfficerTrainingDto, Page, UOF_ATTESTATION,
};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use super::{actor, gate};
use crate::auth::Caller;
use crate::db::entity::{person, uof_incident, uof_incident_version};
use crate::db::uof::{IncidentFilter, Readable};
use crate::db::{AgencyScope, people, uof as repo};
use crate::http::error::OnConstraint;
use crate::http::pagination::PageRequest;
use crate::http::{ApiError, ApiResult};

fn internal(e: serde_json::Error) -> ApiError {
    ApiError::Internal(e.into())
}

pub fn document(model: &uof_incident::Model) -> ApiResult<IncidentInput> {
    serde_json::from_value(model.document.clone()).map_err(internal)
}

/// The stored training panel, narrowed to the officers whose training the caller may see.
fn training(
    caller: &Caller,
    json: &Option<serde_json::Value>,
) -> ApiResult<Vec<OfficerTrainingDto>> {
    let all: Vec<OfficerTrainingDto> = match json {
        Some(v) => serde_json::from_value(v.clone()).map_err(internal)?,
        None => Vec::new(),
    };
    Ok(all
        .into_iter()
        .filter(|t| rules::may_see_training(caller.uof_reviewer, caller.person_id, t.person_id))
        .collect())
}

/// The incident's officers from the roster, in the document's order; an id that is not a
/// person of the agency is named as `officers.N.person_id`.
/// The incident checked at `stage` and its officers found on the roster, every problem
/// reported at once: a form with a missing narrative and an unknown officer shows both.
async fn checked(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    input: &IncidentInput,
    stage: Stage,
    today: Date,
) -> ApiResult<(IncidentInput, Vec<person::Model>)> {
    let validated = rules::validate(input, stage, today);
    let mut errors = validated.as_ref().err().cloned().unwrap_or_default();
    let ids: Vec<Uuid> = input.officers.iter().map(|o| o.person_id).collect();
    let mut found: BTreeMap<Uuid, person::Model> = people::many(db, scope, ids.clone())
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut officers = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        // An officer listed twice is refused by validation; here each id is taken once.
        match found.remove(id) {
            Some(p) => officers.push(p),
            None if officers.iter().any(|p: &person::Model| p.id == *id) => {}
            None => errors.push(
                format!("officers.{i}.person_id"),
                "is not a person of this agency",
            ),
        }
    }
    match validated {
        Ok(incident) if errors.is_empty() => Ok((incident, officers)),
        _ => Err(errors.into()),
    }
}

/// The columns derived from the document, which lists, aggregates and exports filter and
/// count by.
fn derive(model: &mut uof_incident::Model, incident: &IncidentInput) -> ApiResult<()> {
    let force: std::collections::BTreeSet<&str> = incident
        .subjects
        .iter()
        .flat_map(|s| s.force.iter().map(|f| f.as_str()))
        .collect();
    model.case_number = incident.case_number.clone();
    model.incident_date = incident.incident_date;
    model.qualifies = rules::qualification(incident).qualifies;
    model.force_types = serde_json::to_string(&force).map_err(internal)?;
    model.document = serde_json::to_value(incident).map_err(internal)?;
    (model.subject_count, model.injuries) = subject_columns(&model.document);
    Ok(())
}

/// The number of subjects and their injuries (a JSON array of codes) of an incident's
/// stored document, which lists and aggregates count by. Read from the document as stored,
/// so that one an earlier version wrote (a restored archive's) counts the same.
pub fn subject_columns(document: &serde_json::Value) -> (i32, String) {
    let subjects = document["subjects"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default();
    let injuries: std::collections::BTreeSet<&str> = subjects
        .iter()
        .flat_map(|s| s["injuries"].as_array().into_iter().flatten())
        .filter_map(serde_json::Value::as_str)
        .collect();
    let injuries = serde_json::Value::from(injuries.into_iter().collect::<Vec<_>>());
    (
        i32::try_from(subjects.len()).unwrap_or(i32::MAX),
        injuries.to_string(),
    )
}

const CASE_TAKEN: &str = "is already the case number of another incident";

/// A new incident row for `incident`, written by `author` at `at`, as a draft.
fn new_row(
    scope: AgencyScope,
    author: Uuid,
    at: OffsetDateTime,
    incident: &IncidentInput,
) -> ApiResult<uof_incident::Model> {
    let mut model = uof_incident::Model {
        id: Uuid::now_v7(),
        agency_id: scope.id(),
        case_number: None,
        status: IncidentStatus::Draft,
        incident_date: None,
        qualifies: false,
        force_types: String::new(),
        subject_count: 0,
        injuries: String::new(),
        document: serde_json::Value::Null,
        training: None,
        version: 1,
        author_id: author,
        submitted_at: None,
        attestation: None,
        reviewed_by: None,
        reviewed_at: None,
        review_comment: None,
        closed_at: None,
        created_at: at,
        updated_at: at,
    };
    derive(&mut model, incident)?;
    Ok(model)
}

async fn insert(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    model: uof_incident::Model,
    officers: &[person::Model],
) -> ApiResult<uof_incident::Model> {
    let created = repo::insert(db, scope, model)
        .await
        .on_unique("case_number", CASE_TAKEN)?;
    let ids: Vec<Uuid> = officers.iter().map(|p| p.id).collect();
    repo::set_officers(db, scope, created.id, &ids).await?;
    Ok(created)
}

/// A new draft by the caller, as the API shows it.
pub async fn create(
    db: &DatabaseConnection,
    caller: &Caller,
    input: &IncidentInput,
) -> ApiResult<IncidentDto> {
    let (scope, agency) = gate(db, caller).await?;
    let today = caller.clock.today_in(&agency.time_zone);
    let txn = crate::db::begin_write(db).await?;
    let (incident, officers) = checked(&txn, scope, input, Stage::Draft, today).await?;
    let model = new_row(scope, caller.user_id, caller.clock.now(), &incident)?;
    let created = insert(&txn, scope, model, &officers).await?;
    caller
        .audit(
            &txn,
            scope.id(),
            "uof_incident.create",
            ("uof_incident", created.id),
        )
        .await?;
    let dto = dto(&txn, caller, scope, created).await?;
    txn.commit().await?;
    Ok(dto)
}

/// An incident recorded as it already stands (generated demonstration data): written by
/// `author` at `at`; past its draft, validated as a submission and its officers' training
/// judged on its day; reviewed and closed by `reviewer` when its status says so.
pub async fn record(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    today: Date,
    (author, reviewer): (Uuid, Uuid),
    at: OffsetDateTime,
    input: &IncidentInput,
    status: IncidentStatus,
) -> ApiResult<uof_incident::Model> {
    let stage = if status == IncidentStatus::Draft {
        Stage::Draft
    } else {
        Stage::Submission
    };
    let (incident, officers) = checked(db, scope, input, stage, today).await?;
    let mut model = new_row(scope, author, at, &incident)?;
    model.status = status;
    if status != IncidentStatus::Draft {
        model.training = Some(snapshot(db, scope, &incident, &officers).await?);
        model.submitted_at = Some(at);
        model.attestation = Some(UOF_ATTESTATION.into());
    }
    if matches!(status, IncidentStatus::Reviewed | IncidentStatus::Closed) {
        model.reviewed_by = Some(reviewer);
        model.reviewed_at = Some(at + time::Duration::days(3));
    }
    if status == IncidentStatus::Closed {
        model.closed_at = Some(at + time::Duration::days(10));
    }
    insert(db, scope, model, &officers).await
}

/// The incident, if the caller may read it (404 otherwise, as for a missing one).
pub async fn readable(
    db: &impl ConnectionTrait,
    caller: &Caller,
    scope: AgencyScope,
    id: Uuid,
) -> ApiResult<uof_incident::Model> {
    let incident = repo::get(db, scope, id).await?.ok_or(ApiError::NotFound)?;
    if !rules::may_read(actor(caller, incident.author_id)) {
        return Err(ApiError::NotFound);
    }
    Ok(incident)
}

/// An incident the caller may read, as the API shows it; the reading is audited.
pub async fn read(db: &DatabaseConnection, caller: &Caller, id: Uuid) -> ApiResult<IncidentDto> {
    let (scope, _) = gate(db, caller).await?;
    let txn = crate::db::begin_write(db).await?;
    let incident = readable(&txn, caller, scope, id).await?;
    caller
        .audit(&txn, scope.id(), "uof_incident.read", ("uof_incident", id))
        .await?;
    let dto = dto(&txn, caller, scope, incident).await?;
    txn.commit().await?;
    Ok(dto)
}

/// What a step changes besides the status.
pub enum Change {
    /// A new document (editing a draft).
    Document(IncidentInput),
    Submit,
    Review(Option<String>),
    Return(String),
    Close,
    /// A new document for a closed incident, and why.
    Amend(IncidentInput, String),
}

/// Takes one step of the workflow on the incident; the incident as the API shows it after.
pub async fn take_step(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
    change: Change,
) -> ApiResult<IncidentDto> {
    let (scope, agency) = gate(db, caller).await?;
    let today = caller.clock.today_in(&agency.time_zone);
    let txn = crate::db::begin_write(db).await?;
    let after = step_in(&txn, caller, scope, today, id, change).await?;
    let dto = dto(&txn, caller, scope, after).await?;
    txn.commit().await?;
    Ok(dto)
}

async fn step_in(
    db: &impl ConnectionTrait,
    caller: &Caller,
    scope: AgencyScope,
    today: Date,
    id: Uuid,
    change: Change,
) -> ApiResult<uof_incident::Model> {
    let before = readable(db, caller, scope, id).await?;
    let (step, action) = match &change {
        Change::Document(_) => (Step::Edit, "uof_incident.update"),
        Change::Submit => (Step::Submit, "uof_incident.submit"),
        Change::Review(_) => (Step::Review, "uof_incident.review"),
        Change::Return(_) => (Step::Return, "uof_incident.return"),
        Change::Close => (Step::Close, "uof_incident.close"),
        Change::Amend(..) => (Step::Amend, "uof_incident.amend"),
    };
    let next = rules::step(before.status, step, actor(caller, before.author_id))?;
    let now = caller.clock.now();
    let mut after = before.clone();
    after.status = next;
    after.updated_at = now;
    match change {
        Change::Document(input) => {
            let (incident, officers) = checked(db, scope, &input, Stage::Draft, today).await?;
            derive(&mut after, &incident)?;
            let ids: Vec<Uuid> = officers.iter().map(|p| p.id).collect();
            repo::set_officers(db, scope, id, &ids).await?;
        }
        Change::Submit => {
            let document = document(&before)?;
            let (incident, officers) =
                checked(db, scope, &document, Stage::Submission, today).await?;
            after.training = Some(snapshot(db, scope, &incident, &officers).await?);
            after.submitted_at = Some(now);
            after.attestation = Some(UOF_ATTESTATION.into());
        }
        Change::Review(comment) => {
            after.reviewed_by = Some(caller.user_id);
            after.reviewed_at = Some(now);
            after.review_comment = comment;
        }
        Change::Return(comment) => {
            // Back to its author: the next submission judges the training afresh.
            after.reviewed_by = Some(caller.user_id);
            after.reviewed_at = Some(now);
            after.review_comment = Some(comment);
            after.training = None;
            after.submitted_at = None;
            after.attestation = None;
        }
        Change::Close => after.closed_at = Some(now),
        Change::Amend(input, reason) => {
            let (incident, officers) = checked(db, scope, &input, Stage::Submission, today).await?;
            repo::insert_version(
                db,
                scope,
                uof_incident_version::Model {
                    id: Uuid::now_v7(),
                    agency_id: scope.id(),
                    incident_id: id,
                    version: before.version,
                    document: before.document.clone(),
                    training: before.training.clone(),
                    replaced_at: now,
                    replaced_by: caller.user_id,
                    reason,
                },
            )
            .await?;
            derive(&mut after, &incident)?;
            after.training = Some(snapshot(db, scope, &incident, &officers).await?);
            after.version = before.version + 1;
            let ids: Vec<Uuid> = officers.iter().map(|p| p.id).collect();
            repo::set_officers(db, scope, id, &ids).await?;
        }
    }
    if !repo::replace(db, scope, &before, after.clone())
        .await
        .on_unique("case_number", CASE_TAKEN)?
    {
        return Err(ApiError::Conflict(
            "the incident changed meanwhile: reload it and try again".into(),
        ));
    }
    caller
        .audit(db, scope.id(), action, ("uof_incident", id))
        .await?;
    if after.status != before.status
        && let Some(event) = confitrek_domain::webhooks::Event::incident(id, after.status)
    {
        crate::webhooks::emit(db, &caller.clock, scope, event).await?;
    }
    Ok(after)
}

/// The officers' training on the incident day, as stored with the incident.
async fn snapshot(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    incident: &IncidentInput,
    officers: &[person::Model],
) -> ApiResult<serde_json::Value> {
    let day = incident
        .incident_date
        .ok_or_else(|| ApiError::field("incident_date", "is required to submit the incident"))?;
    let training = super::training::on_day(db, scope, officers, day).await?;
    serde_json::to_value(training).map_err(internal)
}

fn involved(officers: &[person::Model], day: Option<Date>) -> Vec<InvolvedOfficerDto> {
    officers
        .iter()
        .map(|p| InvolvedOfficerDto {
            person_id: p.id,
            name: crate::training::display_name(p),
            badge_number: Some(p.badge.clone()).filter(|b| !b.is_empty()),
            unit: p.unit.clone(),
            years_of_service: day.and_then(|d| rules::years_of_service(p.hire_date, d)),
        })
        .collect()
}

/// Years of service of each officer on the incident day, for the federal structure.
pub fn service_years(officers: &[person::Model], day: Option<Date>) -> BTreeMap<Uuid, Option<u16>> {
    involved(officers, day)
        .into_iter()
        .map(|o| (o.person_id, o.years_of_service))
        .collect()
}

/// The roster entries of the incident's officers (people since removed are left out).
pub async fn roster_officers(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    incident: &IncidentInput,
) -> ApiResult<Vec<person::Model>> {
    let ids: Vec<Uuid> = incident.officers.iter().map(|o| o.person_id).collect();
    let found = people::many(db, scope, ids.clone()).await?;
    Ok(ids
        .iter()
        .filter_map(|id| found.iter().find(|p| p.id == *id).cloned())
        .collect())
}

pub async fn dto(
    db: &impl ConnectionTrait,
    caller: &Caller,
    scope: AgencyScope,
    model: uof_incident::Model,
) -> ApiResult<IncidentDto> {
    let incident = document(&model)?;
    let officers = roster_officers(db, scope, &incident).await?;
    let versions = repo::versions_of(db, scope, model.id).await?;
    let mut user_ids = vec![model.author_id];
    user_ids.extend(model.reviewed_by);
    user_ids.extend(versions.iter().map(|v| v.replaced_by));
    let names = crate::users::service::names(db, scope, user_ids).await?;
    let name = |id: &Uuid| names.get(id).cloned().unwrap_or_default();
    let history = versions
        .iter()
        .map(|v| {
            let incident: IncidentInput =
                serde_json::from_value(v.document.clone()).map_err(internal)?;
            Ok(IncidentVersionDto {
                version: u32::try_from(v.version).unwrap_or(0),
                qualification: rules::qualification(&incident),
                incident,
                training: training(caller, &v.training)?,
                replaced_at: v.replaced_at,
                replaced_by: name(&v.replaced_by),
                reason: v.reason.clone(),
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    let status = model.status;
    Ok(IncidentDto {
        id: model.id,
        status,
        version: u32::try_from(model.version).unwrap_or(0),
        qualification: rules::qualification(&incident),
        officers: involved(&officers, incident.incident_date),
        incident,
        training: training(caller, &model.training)?,
        author: name(&model.author_id),
        created_at: model.created_at,
        submitted_at: model.submitted_at,
        attestation: model.attestation,
        reviewed_by: model.reviewed_by.as_ref().map(name),
        reviewed_at: model.reviewed_at,
        review_comment: model.review_comment,
        closed_at: model.closed_at,
        history,
        actions: actions_dto(rules::actions(status, actor(caller, model.author_id))),
    })
}

fn actions_dto(actions: rules::Actions) -> IncidentActions {
    let rules::Actions {
        edit,
        submit,
        review,
        return_to_author,
        close,
        amend,
    } = actions;
    IncidentActions {
        edit,
        submit,
        review,
        return_to_author,
        close,
        amend,
    }
}

/// A page of the incidents the caller may list (every one of the agency's for a reviewer,
/// his or her own otherwise), newest first; listing is audited. `scope` is the caller's
/// agency, found to have the module.
pub async fn list(
    db: &DatabaseConnection,
    caller: &Caller,
    scope: AgencyScope,
    filter: &IncidentFilter,
    page: &PageRequest<Uuid>,
) -> ApiResult<Page<IncidentSummaryDto>> {
    let readable = if caller.uof_reviewer {
        Readable::All
    } else {
        Readable::AuthoredBy(caller.user_id)
    };
    let mut rows = repo::list(db, scope, readable, filter, page.after, page.rows()).await?;
    let next_cursor = page.cut(&mut rows, |r| r.id);
    caller
        .audit_alone(db, scope.id(), "uof_incident.list", ("agency", scope.id()))
        .await?;
    Ok(Page {
        items: summaries(db, scope, rows).await?,
        next_cursor,
    })
}

/// A page of the list as it shows it: the incidents' columns and their officers' names.
async fn summaries(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    rows: Vec<repo::Listed>,
) -> ApiResult<Vec<IncidentSummaryDto>> {
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut officers = repo::officers_of(db, scope, &ids).await?;
    rows.into_iter()
        .map(|row| {
            let codes: Vec<String> = serde_json::from_str(&row.force_types).map_err(internal)?;
            let mut force: Vec<ForceType> =
                codes.iter().filter_map(|c| ForceType::parse(c)).collect();
            force.sort();
            Ok(IncidentSummaryDto {
                id: row.id,
                case_number: row.case_number,
                incident_date: row.incident_date,
                status: row.status,
                qualifies: row.qualifies,
                officers: officers
                    .remove(&row.id)
                    .unwrap_or_default()
                    .iter()
                    .map(crate::training::display_name)
                    .collect(),
                subjects: u32::try_from(row.subject_count).unwrap_or(0),
                force,
                version: u32::try_from(row.version).unwrap_or(0),
            })
        })
        .collect()
}
