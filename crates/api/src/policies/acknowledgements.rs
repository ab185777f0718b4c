//! Acknowledgements: a person attests, for himself or herself only, to having read the
//! newest version of a policy assigned to him or her; the policies a person owes, with the
//! text to read; the acknowledgements a person made.

use confitrek_domain::permissions::may_acknowledge_for;
use confitrek_domain::policies::{attestation, check_acknowledgement};
use confitrek_domain::webhooks::Event as WebhookEvent;
use confitrek_types::{
    AcknowledgeInput, AcknowledgementDto, AcknowledgementStatus, AssignedPolicyDto,
};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::duties::AgencyPolicies;
use super::service::{agency_of, due_for};
use super::{version_dto, version_number};
use crate::access::visible_person;
use crate::auth::Caller;
use crate::compliance::service::refresh_person;
use crate::db::entity::acknowledgement;
use crate::db::{people, policies};
use crate::http::{ApiError, ApiResult};

fn acknowledgement_dto(
    all: &AgencyPolicies,
    row: acknowledgement::Model,
) -> Option<AcknowledgementDto> {
    let version = all.version(row.policy_version_id)?;
    let policy = all.policy_of_version(version)?;
    Some(AcknowledgementDto {
        id: row.id,
        person_id: row.person_id,
        policy_id: policy.id,
        policy_code: policy.code.clone(),
        policy_title: policy.title.clone(),
        policy_version_id: version.id,
        version: version_number(version),
        acknowledged_at: row.acknowledged_at,
        ip: row.ip,
        content_sha256: row.content_sha256,
        attestation: row.attestation,
    })
}

/// The signed-in person acknowledges the newest version of a policy assigned to him or her.
pub async fn acknowledge(
    db: &DatabaseConnection,
    caller: &Caller,
    input: AcknowledgeInput,
) -> ApiResult<AcknowledgementDto> {
    let scope = caller.scope()?;
    let person_id = input
        .person_id
        .or(caller.person_id)
        .ok_or(ApiError::Forbidden)?;
    if !may_acknowledge_for(caller.person_id, person_id) {
        return Err(ApiError::Forbidden);
    }
    let txn = crate::db::begin_write(db).await?;
    let agency = agency_of(&txn, scope).await?;
    let person = people::get(&txn, scope, person_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let all = AgencyPolicies::load(&txn, scope, &agency.time_zone).await?;
    let not_yours = || {
        ApiError::field(
            "policy_version_id",
            "is not a version of a policy assigned to you",
        )
    };
    let version = all.version(input.policy_version_id).ok_or_else(not_yours)?;
    let policy = all.policy_of_version(version).ok_or_else(not_yours)?;
    if !all.assigned(policy, &person) {
        return Err(not_yours());
    }
    let latest = all
        .versions_of(policy.id)
        .iter()
        .map(|v| version_number(v))
        .max()
        .unwrap_or(0);
    check_acknowledgement(version_number(version), latest, input.attest)?;
    let mine = policies::acknowledgements_of_person(&txn, scope, person.id).await?;
    if let Some(earlier) = mine.iter().find(|a| a.policy_version_id == version.id) {
        return Err(ApiError::Conflict(format!(
            "version {} of {} was already acknowledged at {}",
            version.version, policy.title, earlier.acknowledged_at
        )));
    }
    let row = policies::insert_acknowledgement(
        &txn,
        scope,
        policies::NewAcknowledgement {
            person_id: person.id,
            policy_version_id: version.id,
            acknowledged_at: caller.clock.now(),
            ip: caller.meta.ip.clone(),
            content_sha256: version.content_sha256.clone(),
            attestation: attestation(&policy.title, version_number(version)),
        },
    )
    .await?;
    caller
        .audit(
            &txn,
            scope.id(),
            "policy.acknowledge",
            ("acknowledgement", row.id),
        )
        .await?;
    let event = WebhookEvent::policy_acknowledged(row.id, person.id, policy.id, version.id);
    crate::webhooks::emit(&txn, &caller.clock, scope, event).await?;
    refresh_person(&txn, &caller.clock, scope, person.id).await?;
    txn.commit().await?;
    acknowledgement_dto(&all, row)
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("acknowledged version vanished")))
}

/// The person's acknowledgements, newest first.
pub async fn acknowledgements(
    db: &DatabaseConnection,
    caller: &Caller,
    person_id: Uuid,
) -> ApiResult<Vec<AcknowledgementDto>> {
    let scope = caller.scope()?;
    let person = visible_person(db, caller, person_id).await?;
    let agency = agency_of(db, scope).await?;
    let all = AgencyPolicies::load(db, scope, &agency.time_zone).await?;
    let mut rows = policies::acknowledgements_of_person(db, scope, person.id).await?;
    rows.reverse();
    Ok(rows
        .into_iter()
        .filter_map(|a| acknowledgement_dto(&all, a))
        .collect())
}

/// The policies assigned to the person, each with its current version's text, its due date
/// and whether the person acknowledged it: the officer's "My policies".
pub async fn assigned(
    db: &DatabaseConnection,
    caller: &Caller,
    person_id: Uuid,
) -> ApiResult<Vec<AssignedPolicyDto>> {
    let scope = caller.scope()?;
    let person = visible_person(db, caller, person_id).await?;
    let agency = agency_of(db, scope).await?;
    let today = caller.clock.today_in(&agency.time_zone);
    let all = AgencyPolicies::load(db, scope, &agency.time_zone).await?;
    let mine = policies::acknowledgements_of_person(db, scope, person.id).await?;
    let mut list = Vec::new();
    for policy in all.rows.iter().filter(|p| all.assigned(p, &person)) {
        let versions = all.versions_of(policy.id);
        let Some(current) = versions.iter().max_by_key(|v| v.version) else {
            continue;
        };
        // An acknowledgement of the current version (none can be newer).
        let acknowledgement = mine
            .iter()
            .find(|a| a.policy_version_id == current.id)
            .cloned()
            .and_then(|a| acknowledgement_dto(&all, a));
        let (from, due) = due_for(policy, current.published_on, &person);
        // The text to read, which the agency's view of its policies leaves out.
        let current = policies::version(db, scope, current.id)
            .await?
            .ok_or(ApiError::NotFound)?;
        let status = match &acknowledgement {
            Some(_) => AcknowledgementStatus::Acknowledged,
            None if today > due => AcknowledgementStatus::Overdue,
            None => AcknowledgementStatus::Pending,
        };
        list.push(AssignedPolicyDto {
            policy_id: policy.id,
            code: policy.code.clone(),
            title: policy.title.clone(),
            current: version_dto(&current),
            assigned_on: from,
            due,
            status,
            acknowledgement,
        });
    }
    // What still needs doing first, the soonest due first.
    list.sort_by_key(|p| {
        (
            p.status == AcknowledgementStatus::Acknowledged,
            p.due,
            p.policy_id,
        )
    });
    Ok(list)
}
