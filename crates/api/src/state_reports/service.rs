//! State-report use cases, for the training office (`Action::ManageStateReports`). Every
//! write runs in one transaction with its audit event; every download and preview is
//! audited as an export. Nothing is ever sent to a state from here.

use std::collections::BTreeMap;

use confitrek_domain::permissions::Action;
use confitrek_domain::state_reports::due::{self, YearFiled};
use confitrek_domain::state_reports::lifecycle::{self, Standing, Step, StepRefused};
use confitrek_domain::state_reports::{Change, Snapshot, diff};
use confitrek_types as dto;
use confitrek_types::{ReportFormat, StateReportKind, StateReportStatus};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::gather::{self, Agency, PeriodAsked};
use super::reimbursement;
use super::render;
use crate::access::require;
use crate::auth::Caller;
use crate::db::entity::state_report;
use crate::db::{AgencyScope, state_reports as repo};
use crate::http::error::OnConstraint;
use crate::http::pagination::PageRequest;
use crate::http::{ApiError, ApiResult};

fn internal(e: serde_json::Error) -> ApiError {
    ApiError::Internal(e.into())
}

fn snapshot_of(row: &state_report::Model) -> ApiResult<Snapshot> {
    serde_json::from_value(row.snapshot.clone()).map_err(internal)
}

fn changes_of(row: &state_report::Model) -> Vec<String> {
    row.changes
        .clone()
        .and_then(|c| serde_json::from_value::<Vec<Change>>(c).ok())
        .unwrap_or_default()
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn column_dto(c: &confitrek_domain::state_reports::Column) -> dto::StateReportColumnDto {
    dto::StateReportColumnDto {
        key: c.key.clone(),
        header: c.header.clone(),
        citations: c.citations.clone(),
        unconfirmed: c.unconfirmed.clone(),
    }
}

/// Reports as the API answers them; `latest` is the newest version of each kind and period.
async fn dtos(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    rows: Vec<state_report::Model>,
    latest: &BTreeMap<(StateReportKind, String), i32>,
) -> ApiResult<Vec<dto::StateReportDto>> {
    let mut ids: Vec<Uuid> = Vec::new();
    for r in &rows {
        ids.push(r.prepared_by);
        ids.extend(r.reviewed_by);
        ids.extend(r.transmitted_by);
    }
    ids.sort_unstable();
    ids.dedup();
    let names = crate::users::service::names(db, scope, ids).await?;
    let name = |id: &Uuid| names.get(id).cloned().unwrap_or_default();
    rows.into_iter()
        .map(|r| {
            let snapshot = snapshot_of(&r)?;
            let newest = latest
                .get(&(r.kind, r.period.clone()))
                .copied()
                .unwrap_or(r.version);
            Ok(dto::StateReportDto {
                id: r.id,
                kind: r.kind,
                period: r.period.clone(),
                period_label: r.period_label.clone(),
                session_id: r.session_id,
                version: u32::try_from(r.version).unwrap_or(0),
                superseded: newest > r.version,
                status: r.status,
                rows: u32::try_from(r.row_count).unwrap_or(0),
                snapshot_sha256: r.snapshot_sha256.clone(),
                rule_set_version: r.rule_set_version.and_then(|v| u32::try_from(v).ok()),
                changes: changes_of(&r),
                columns: snapshot.columns.iter().map(column_dto).collect(),
                prepared_by: name(&r.prepared_by),
                prepared_at: r.prepared_at,
                reviewed_by: r.reviewed_by.as_ref().map(name),
                reviewed_at: r.reviewed_at,
                review_note: r.review_note,
                transmitted_by: r.transmitted_by.as_ref().map(name),
                transmitted_at: r.transmitted_at,
                transmitted_via: r.transmitted_via,
                transmission_reference: r.transmission_reference,
                amount_requested_cents: r.amount_requested_cents,
                amount_received_cents: r.amount_received_cents,
                received_on: r.received_on,
            })
        })
        .collect()
}

async fn one_dto(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    row: state_report::Model,
) -> ApiResult<dto::StateReportDto> {
    let latest = repo::latest(db, scope, row.kind, &row.period)
        .await?
        .map(|l| ((row.kind, row.period.clone()), l.version))
        .into_iter()
        .collect();
    let mut one = dtos(db, scope, vec![row], &latest).await?;
    one.pop().ok_or(ApiError::NotFound)
}

/// The kinds the agency's state asks for, each with the year due next and its dates.
fn kinds(
    agency: &Agency,
    standings: &[(StateReportKind, String, StateReportStatus)],
) -> Vec<dto::StateReportKindDto> {
    let Some(rules) = agency.rules_today() else {
        return Vec::new();
    };
    rules
        .reports
        .iter()
        .map(|report| {
            let filed = |year: i32| {
                let year = year.to_string();
                let of_year = standings
                    .iter()
                    .filter(|(k, p, _)| *k == report.kind && *p == year);
                let mut filed = YearFiled::NotPrepared;
                for (_, _, status) in of_year {
                    filed = match status {
                        StateReportStatus::Transmitted | StateReportStatus::Received => {
                            return YearFiled::Transmitted;
                        }
                        _ => YearFiled::Prepared,
                    };
                }
                filed
            };
            let next = due::next_due(report, agency.today, filed);
            dto::StateReportKindDto {
                kind: report.kind,
                title: report.title.clone(),
                period: report.kind.period(),
                citations: report.citations.clone(),
                unconfirmed: report.unconfirmed.clone(),
                notes: report.notes.clone(),
                next_year: next.as_ref().map(|n| n.year),
                due: next
                    .map(|n| {
                        n.dates
                            .iter()
                            .map(|d| dto::StateReportDueDto {
                                date: d.date,
                                days_left: d.days_left,
                                citations: d.rule.citations.clone(),
                                unconfirmed: d.rule.unconfirmed.clone(),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            }
        })
        .collect()
}

/// The kinds the agency's state asks for as on `today`, each with the period due next and
/// its dates: what the notification pass reminds the training office of.
pub async fn due_on(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    today: time::Date,
) -> ApiResult<Vec<dto::StateReportKindDto>> {
    let agency = Agency::on(db, scope, today).await?;
    let standings = repo::standings(db, scope).await?;
    Ok(kinds(&agency, &standings))
}

pub async fn list(
    db: &DatabaseConnection,
    caller: &Caller,
    query: &dto::StateReportListQuery,
) -> ApiResult<dto::StateReportList> {
    require(caller, Action::ManageStateReports)?;
    let scope = caller.scope()?;
    let page = PageRequest::<Uuid>::parse(query.limit, query.cursor.as_deref())?;
    let agency = Agency::load(db, &caller.clock, scope).await?;
    let standings = repo::standings(db, scope).await?;
    let mut rows = repo::list(db, scope, query.kind, page.after, page.rows()).await?;
    let next_cursor = page.cut(&mut rows, |r| r.id);
    let latest = repo::latest_versions(db, scope, query.kind)
        .await?
        .into_iter()
        .map(|(k, p, v)| ((k, p), v))
        .collect();
    Ok(dto::StateReportList {
        state_code: agency.model.state_code.clone(),
        kinds: kinds(&agency, &standings),
        items: dtos(db, scope, rows, &latest).await?,
        next_cursor,
    })
}

pub async fn get(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
) -> ApiResult<dto::StateReportDto> {
    require(caller, Action::ManageStateReports)?;
    let scope = caller.scope()?;
    let row = repo::get(db, scope, id).await?.ok_or(ApiError::NotFound)?;
    one_dto(db, scope, row).await
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A report of `kind` for `period` as the data stand now, the version of the rules it was
/// prepared under, and what it asks for (reimbursement applications).
async fn live(
    db: &DatabaseConnection,
    caller: &Caller,
    agency: &Agency,
    kind: StateReportKind,
    period: PeriodAsked,
    cleo: reimbursement::Cleo,
) -> ApiResult<(Snapshot, Option<u32>, Option<i64>)> {
    match period {
        PeriodAsked::Year(year) if kind.carries_amounts() => {
            let p = reimbursement::live(db, caller, agency, kind, year, cleo).await?;
            Ok((p.snapshot, p.rule_set_version, p.amount_requested_cents))
        }
        _ => {
            let scope = caller.scope()?;
            let (snapshot, version) = gather::live(db, scope, agency, kind, period).await?;
            Ok((snapshot, version, None))
        }
    }
}

/// Prepares a report from the data as they stand: version 1, or the next version with what
/// changed against the one before.
pub async fn prepare(
    db: &DatabaseConnection,
    caller: &Caller,
    input: dto::PrepareStateReportInput,
) -> ApiResult<dto::StateReportDto> {
    require(caller, Action::ManageStateReports)?;
    let scope = caller.scope()?;
    let agency = Agency::load(db, &caller.clock, scope).await?;
    agency.offered(input.kind, agency.rules_today())?;
    let latest = agency.latest_year(input.kind);
    let period = gather::period(input.kind, input.year, input.session_id, latest)?;
    let cleo = reimbursement::cleo(input.cleo_name.as_deref(), input.cleo_title.as_deref())?;
    let (snapshot, rule_set_version, amount_requested_cents) =
        live(db, caller, &agency, input.kind, period, cleo).await?;
    let stored = serde_json::to_value(&snapshot).map_err(internal)?;
    let bytes = serde_json::to_vec(&snapshot).map_err(internal)?;
    let txn = crate::db::begin_write(db).await?;
    let previous = repo::latest(&txn, scope, input.kind, &snapshot.period).await?;
    let changes = match &previous {
        Some(p) => Some(serde_json::to_value(diff(&snapshot_of(p)?, &snapshot)).map_err(internal)?),
        None => None,
    };
    let row = state_report::Model {
        id: Uuid::now_v7(),
        agency_id: scope.id(),
        kind: input.kind,
        period: snapshot.period.clone(),
        period_label: snapshot.period_label.chars().take(400).collect(),
        session_id: match period {
            PeriodAsked::Session(id) => Some(id),
            PeriodAsked::Year(_) => None,
        },
        version: previous.as_ref().map_or(1, |p| p.version + 1),
        status: StateReportStatus::Prepared,
        snapshot: stored,
        snapshot_sha256: sha256_hex(&bytes),
        row_count: i32::try_from(snapshot.rows.len()).unwrap_or(i32::MAX),
        rule_set_version: rule_set_version.and_then(|v| i32::try_from(v).ok()),
        changes,
        prepared_by: caller.user_id,
        prepared_at: caller.clock.now(),
        reviewed_by: None,
        reviewed_at: None,
        review_note: None,
        transmitted_by: None,
        transmitted_at: None,
        transmitted_via: None,
        transmission_reference: None,
        amount_requested_cents,
        amount_received_cents: None,
        received_on: None,
        received_by: None,
        received_at: None,
    };
    let row = repo::insert(&txn, row).await.on_unique(
        "kind",
        "another version of this report was prepared at the same moment: reload and try again",
    )?;
    caller
        .audit(
            &txn,
            scope.id(),
            "state_report.prepare",
            ("state_report", row.id),
        )
        .await?;
    txn.commit().await?;
    one_dto(db, scope, row).await
}

/// What a step records besides the new status.
pub enum StepInput {
    Review(dto::ReviewStateReportInput),
    Transmitted(dto::TransmitStateReportInput),
    Received(dto::RecordReceivedInput),
}

/// Takes a step in a report's life: reviewed, marked transmitted, money received.
pub async fn take_step(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
    input: StepInput,
) -> ApiResult<dto::StateReportDto> {
    require(caller, Action::ManageStateReports)?;
    let scope = caller.scope()?;
    let agency = Agency::load(db, &caller.clock, scope).await?;
    let txn = crate::db::begin_write(db).await?;
    let before = repo::get(&txn, scope, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let latest = repo::latest(&txn, scope, before.kind, &before.period)
        .await?
        .map_or(before.version, |l| l.version);
    let standing = Standing {
        status: before.status,
        version: u32::try_from(before.version).unwrap_or(0),
        latest: u32::try_from(latest).unwrap_or(0),
        carries_amounts: before.kind.carries_amounts(),
    };
    let (step, action) = match &input {
        StepInput::Review(_) => (Step::Review, "state_report.review"),
        StepInput::Transmitted(_) => (Step::MarkTransmitted, "state_report.transmitted"),
        StepInput::Received(_) => (Step::RecordReceived, "state_report.received"),
    };
    let status = lifecycle::step(standing, step).map_err(|refused| match refused {
        StepRefused::NoAmounts => ApiError::field("amount_received_cents", refused.to_string()),
        _ => ApiError::Conflict(refused.to_string()),
    })?;
    let now = caller.clock.now();
    let mut after = before.clone();
    after.status = status;
    match input {
        StepInput::Review(r) => {
            after.review_note = lifecycle::parse_note(r.note.as_deref())?;
            after.reviewed_by = Some(caller.user_id);
            after.reviewed_at = Some(now);
        }
        StepInput::Transmitted(t) => {
            after.transmission_reference = lifecycle::parse_reference(t.reference.as_deref())?;
            after.transmitted_via = Some(t.method);
            after.transmitted_by = Some(caller.user_id);
            after.transmitted_at = Some(now);
        }
        StepInput::Received(r) => {
            // The agency's day of the transmission: an evening in Minnesota is already
            // tomorrow in UTC.
            let transmitted_on = before
                .transmitted_at
                .map(|t| crate::clock::date_of(t, &agency.model.time_zone));
            lifecycle::check_received(
                r.amount_received_cents,
                r.received_on,
                transmitted_on,
                agency.today,
            )?;
            after.amount_received_cents = Some(r.amount_received_cents);
            after.received_on = Some(r.received_on);
            after.received_by = Some(caller.user_id);
            after.received_at = Some(now);
        }
    }
    if !repo::replace(&txn, scope, &before, after.clone()).await? {
        return Err(ApiError::Conflict(
            "the report changed meanwhile: reload it and try again".into(),
        ));
    }
    caller
        .audit(&txn, scope.id(), action, ("state_report", id))
        .await?;
    txn.commit().await?;
    one_dto(db, scope, after).await
}

/// A prepared version as a file, rendered from what was stored when it was prepared.
pub async fn download(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
    format: ReportFormat,
) -> ApiResult<(String, Vec<u8>)> {
    require(caller, Action::ManageStateReports)?;
    let scope = caller.scope()?;
    let agency = Agency::load(db, &caller.clock, scope).await?;
    let row = repo::get(db, scope, id).await?.ok_or(ApiError::NotFound)?;
    let snapshot = snapshot_of(&row)?;
    let status = vec![format!(
        "Version {} as prepared on {} (data SHA-256 {}). Status: {}.",
        row.version,
        row.prepared_at.date(),
        row.snapshot_sha256,
        row.status.label().to_lowercase(),
    )];
    let file = render::file(
        &snapshot,
        format,
        &status,
        &agency.model,
        &crate::reports::Generated::now(&caller.clock),
    )?;
    caller
        .audit_alone(
            db,
            scope.id(),
            "state_report.download",
            ("state_report", id),
        )
        .await?;
    Ok((
        format!("{}-{}-v{}", row.kind, row.period, row.version),
        file,
    ))
}

/// What preparing would produce now, as a file; nothing is stored.
pub async fn preview(
    db: &DatabaseConnection,
    caller: &Caller,
    query: &dto::StateReportPreviewQuery,
) -> ApiResult<(String, Vec<u8>)> {
    require(caller, Action::ManageStateReports)?;
    let scope = caller.scope()?;
    let agency = Agency::load(db, &caller.clock, scope).await?;
    agency.offered(query.kind, agency.rules_today())?;
    let latest = agency.latest_year(query.kind);
    let period = gather::period(query.kind, query.year, query.session_id, latest)?;
    let (snapshot, _, _) = live(
        db,
        caller,
        &agency,
        query.kind,
        period,
        reimbursement::Cleo::default(),
    )
    .await?;
    let status = vec![format!(
        "Preview of the data as of {}: not prepared, not for filing.",
        agency.today
    )];
    let format = query.format.unwrap_or_default();
    let file = render::file(
        &snapshot,
        format,
        &status,
        &agency.model,
        &crate::reports::Generated::now(&caller.clock),
    )?;
    caller
        .audit_alone(
            db,
            scope.id(),
            "state_report.preview",
            ("agency", scope.id()),
        )
        .await?;
    Ok((format!("{}-{}-preview", query.kind, snapshot.period), file))
}

/// Strikes an erased person from every report version the agency keeps (in the erasure's
/// transaction): the row stays, empty, so a version still adds up, and what changed no longer
/// names the row. The SHA-256 is of the content as it now stands. One version in memory at a
/// time.
pub async fn strike_person(
    txn: &impl ConnectionTrait,
    scope: AgencyScope,
    person: Uuid,
) -> ApiResult<()> {
    let key = person.to_string();
    for id in repo::ids(txn, scope).await? {
        let Some(mut row) = repo::get(txn, scope, id).await? else {
            continue;
        };
        let mut snapshot = snapshot_of(&row)?;
        let Some(label) = snapshot.strike(&key) else {
            continue;
        };
        let changes: Option<Vec<Change>> = row
            .changes
            .clone()
            .and_then(|c| serde_json::from_value(c).ok());
        row.changes = changes
            .map(|list| {
                let kept: Vec<Change> = list.into_iter().filter(|c| c.row() != label).collect();
                serde_json::to_value(kept)
            })
            .transpose()
            .map_err(internal)?;
        row.snapshot_sha256 = sha256_hex(&serde_json::to_vec(&snapshot).map_err(internal)?);
        row.snapshot = serde_json::to_value(&snapshot).map_err(internal)?;
        repo::rewrite_content(txn, scope, &row).await?;
    }
    Ok(())
}
