//! Policy use cases: each loads within the caller's agency, validates through `domain`, and
//! writes the change, its audit event and the refreshed verdicts in one transaction.

use confitrek_domain::ValidationErrors;
use confitrek_domain::compliance::PersonFacts;
use confitrek_domain::compliance::calendar::plus_days;
use confitrek_domain::people::PersonStatus;
use confitrek_domain::permissions::Action;
use confitrek_domain::policies::{PolicyDraft, ValidPolicy, assigned_on, parse_content, progress};
use confitrek_types::{
    PendingAcknowledgementDto, PolicyDetailDto, PolicyDto, PolicyInput, PolicyProgressDto,
    PolicyVersionDto, PolicyVersionInput,
};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use time::Date;
use uuid::Uuid;

use super::duties::AgencyPolicies;
use super::{policy_dto, sha256_hex, version_dto, version_number};
use crate::access::{require, sees, visible_people};
use crate::auth::Caller;
use crate::compliance::agency_rule_service::check_assignment;
use crate::compliance::service::refresh_everyone;
use crate::db::entity::{acknowledgement, agency, person, policy, policy_version};
use crate::db::stored_files::{self, PolicyDocuments};
use crate::db::{AgencyScope, agencies, policies};
use crate::http::error::OnConstraint;
use crate::http::{ApiError, ApiResult};

pub(super) async fn agency_of(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
) -> ApiResult<agency::Model> {
    agencies::get(db, scope).await?.ok_or(ApiError::NotFound)
}

/// What decides when a version starts to bind the person.
fn start_facts(person: &person::Model) -> PersonFacts {
    PersonFacts {
        status: person.status,
        roles: Vec::new(),
        hire_date: person.hire_date,
        certified_on: person.certified_on,
        license_cycle: None,
        records_complete_from: person.history_from,
    }
}

/// The last day for the person to acknowledge a version published on `published_on`.
pub(super) fn due_for(
    policy: &policy::Model,
    published_on: Date,
    person: &person::Model,
) -> (Date, Date) {
    let from = assigned_on(published_on, &start_facts(person));
    (from, plus_days(from, i64::from(policy.due_days)))
}

pub async fn list(db: &DatabaseConnection, caller: &Caller) -> ApiResult<Vec<PolicyDto>> {
    visible_people(db, caller).await?;
    let scope = caller.scope()?;
    let agency = agency_of(db, scope).await?;
    let all = AgencyPolicies::load(db, scope, &agency.time_zone).await?;
    Ok(all
        .rows
        .iter()
        .map(|p| policy_dto(p, &all.versions_of(p.id)))
        .collect())
}

fn progress_dto(
    policy: &policy::Model,
    current: &policy_version::Model,
    assigned: &[&person::Model],
    acknowledged: &[acknowledgement::Model],
    today: Date,
) -> PolicyProgressDto {
    let ids: Vec<Uuid> = assigned.iter().map(|p| p.id).collect();
    let by: Vec<Uuid> = acknowledged.iter().map(|a| a.person_id).collect();
    let counted = progress(&ids, &by);
    let pending = counted
        .pending
        .iter()
        .filter_map(|id| assigned.iter().find(|p| p.id == *id))
        .map(|p| {
            let (_, due) = due_for(policy, current.published_on, p);
            PendingAcknowledgementDto {
                person_id: p.id,
                name: format!("{}, {}", p.last_name, p.first_name),
                badge: p.badge.clone(),
                due,
                overdue: today > due,
            }
        })
        .collect();
    PolicyProgressDto {
        version: version_number(current),
        assigned: u32::try_from(counted.assigned).unwrap_or(u32::MAX),
        acknowledged: u32::try_from(counted.acknowledged).unwrap_or(u32::MAX),
        pending,
    }
}

/// A policy with its versions (newest first) and, for its current version, how many of the
/// active people it is assigned to (of those the caller may see) acknowledged it.
pub async fn get(db: &DatabaseConnection, caller: &Caller, id: Uuid) -> ApiResult<PolicyDetailDto> {
    let visible = visible_people(db, caller).await?;
    let scope = caller.scope()?;
    let agency = agency_of(db, scope).await?;
    let all = AgencyPolicies::load(db, scope, &agency.time_zone).await?;
    let policy = all
        .rows
        .iter()
        .find(|p| p.id == id)
        .ok_or(ApiError::NotFound)?;
    let mut versions = policies::versions_of(db, scope, policy.id).await?;
    versions.sort_by_key(|v| std::cmp::Reverse(v.version));
    let progress = match versions.first() {
        Some(current) => {
            let roster = policies::roster(db, scope).await?;
            let assigned: Vec<&person::Model> = roster
                .iter()
                .filter(|p| p.status == PersonStatus::Active)
                .filter(|p| sees(&visible, p) && all.assigned(policy, p))
                .collect();
            let acknowledged =
                policies::acknowledgements_of_versions(db, scope, &[current.id]).await?;
            Some(progress_dto(
                policy,
                current,
                &assigned,
                &acknowledged,
                caller.clock.today_in(&agency.time_zone),
            ))
        }
        None => None,
    };
    Ok(PolicyDetailDto {
        policy: policy_dto(policy, &versions.iter().collect::<Vec<_>>()),
        versions: versions.iter().map(version_dto).collect(),
        progress,
    })
}

async fn validate(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    input: PolicyInput,
) -> ApiResult<ValidPolicy> {
    let mut errors = ValidationErrors::default();
    check_assignment(db, scope, &input.assignment, &mut errors).await?;
    let parsed = ValidPolicy::parse(PolicyDraft {
        code: input.code,
        title: input.title,
        due_days: input.due_days,
        assignment: input.assignment,
    });
    match parsed {
        Ok(valid) if errors.is_empty() => Ok(valid),
        Ok(_) => Err(errors.into()),
        Err(mut domain) => {
            domain.0.extend(errors.0);
            Err(domain.into())
        }
    }
}

async fn save(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Option<Uuid>,
    input: PolicyInput,
) -> ApiResult<PolicyDto> {
    require(caller, Action::ManagePolicies)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let existing = match id {
        Some(id) => Some(
            policies::policy(&txn, scope, id)
                .await?
                .ok_or(ApiError::NotFound)?,
        ),
        None => None,
    };
    let valid = validate(&txn, scope, input).await?;
    let assignment = serde_json::to_value(&valid.assignment).map_err(anyhow::Error::from)?;
    let action = if existing.is_some() {
        "policy.update"
    } else {
        "policy.create"
    };
    let code = valid.code.clone();
    let row = policies::save_policy(&txn, scope, existing, valid, assignment, caller.clock.now())
        .await
        .on_unique(
            "code",
            format!("{code} is already the code of another policy"),
        )?;
    caller
        .audit(&txn, scope.id(), action, ("policy", row.id))
        .await?;
    let versions = policies::versions_of(&txn, scope, row.id).await?;
    if !versions.is_empty() {
        // Whom it reaches and the days to acknowledge change verdicts.
        refresh_everyone(&txn, &caller.clock, scope).await?;
    }
    txn.commit().await?;
    Ok(policy_dto(&row, &versions.iter().collect::<Vec<_>>()))
}

pub async fn create(
    db: &DatabaseConnection,
    caller: &Caller,
    input: PolicyInput,
) -> ApiResult<PolicyDto> {
    save(db, caller, None, input).await
}

pub async fn replace(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
    input: PolicyInput,
) -> ApiResult<PolicyDto> {
    save(db, caller, Some(id), input).await
}

/// Removes a policy nobody has acknowledged (acknowledgements are kept as evidence).
pub async fn delete(db: &DatabaseConnection, caller: &Caller, id: Uuid) -> ApiResult<()> {
    require(caller, Action::ManagePolicies)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let existing = policies::policy(&txn, scope, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let versions: Vec<Uuid> = policies::versions_of(&txn, scope, id)
        .await?
        .iter()
        .map(|v| v.id)
        .collect();
    let acknowledged = policies::count_acknowledgements_of_versions(&txn, scope, &versions).await?;
    if acknowledged > 0 {
        return Err(ApiError::Conflict(format!(
            "{} has {acknowledged} acknowledgement(s), which are kept as evidence; it cannot be deleted",
            existing.code
        )));
    }
    policies::delete_policy(&txn, scope, existing).await?;
    caller
        .audit(&txn, scope.id(), "policy.delete", ("policy", id))
        .await?;
    if !versions.is_empty() {
        refresh_everyone(&txn, &caller.clock, scope).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Publishes the next version, dated the agency's today: everyone the policy reaches owes an
/// acknowledgement of it within the policy's days.
pub async fn publish(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
    input: PolicyVersionInput,
) -> ApiResult<PolicyVersionDto> {
    require(caller, Action::ManagePolicies)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let policy = policies::policy(&txn, scope, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let content =
        parse_content(&input.content).map_err(|e| ApiError::field("content", e.to_string()))?;
    let document = match input.document_id {
        Some(id) => Some(
            stored_files::get::<PolicyDocuments>(&txn, scope, id)
                .await?
                .filter(|d| d.policy_id == policy.id)
                .ok_or_else(|| {
                    ApiError::field("document_id", "is not a document uploaded for this policy")
                })?,
        ),
        None => None,
    };
    // What is acknowledged: the text, and the document's content when there is one.
    let sha = match &document {
        Some(document) => sha256_hex(&format!("{content}\n{}", document.sha256)),
        None => sha256_hex(&content),
    };
    let existing = policies::versions_of(&txn, scope, id).await?;
    let current = existing.iter().max_by_key(|v| v.version);
    if let Some(current) = current
        && current.content_sha256 == sha
    {
        return Err(ApiError::field(
            "content",
            format!(
                "is the text of the current version ({}); change it to publish a new version",
                current.version
            ),
        ));
    }
    let agency = agency_of(&txn, scope).await?;
    let row = policies::insert_version(
        &txn,
        scope,
        policies::NewVersion {
            policy_id: policy.id,
            version: current.map_or(1, |v| v.version + 1),
            content,
            content_sha256: sha,
            file_id: document.map(|d| d.id),
            published_on: caller.clock.today_in(&agency.time_zone),
            created_by: Some(caller.user_id),
        },
        caller.clock.now(),
    )
    .await
    .map_err(|e| match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => ApiError::Conflict(
            "another version of this policy was published at the same moment; reload and try again"
                .into(),
        ),
        _ => e.into(),
    })?;
    caller
        .audit(
            &txn,
            scope.id(),
            "policy.publish",
            ("policy_version", row.id),
        )
        .await?;
    refresh_everyone(&txn, &caller.clock, scope).await?;
    txn.commit().await?;
    Ok(version_dto(&row))
}
