//! Agency requirement and training profile use cases. Every change runs in one transaction
//! with its audit event and re-evaluates the agency's people in it.

use confitrek_domain::ValidationErrors;
use confitrek_domain::compliance::{Assignment, agency_requirement, own_requirement};
use confitrek_domain::free_text::parse_free_text;
use confitrek_domain::people::ROLE_FLAGS;
use confitrek_domain::permissions::Action;
use confitrek_types::{AgencyRequirementDto, ProfileDto, ProfileInput};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use uuid::Uuid;

use super::jurisdictions::{self, rule_dto};
use super::service::refresh_everyone;
use crate::access::{require, visible_people};
use crate::auth::Caller;
use crate::clock::Clock;
use crate::db::entity::{agency_requirement as requirement_row, training_profile};
use crate::db::{AgencyScope, agencies, agency_rules, credentials, people};
use crate::http::error::OnConstraint;
use crate::http::{ApiError, ApiResult};

/// The jurisdiction rules in force today, whose topics and events agency rules may count.
async fn rules_today(
    db: &impl ConnectionTrait,
    clock: &Clock,
    scope: AgencyScope,
) -> ApiResult<Option<confitrek_domain::compliance::RuleSet>> {
    let agency = agencies::get(db, scope).await?.ok_or(ApiError::NotFound)?;
    Ok(jurisdictions::load(db, &agency.state_code)
        .await?
        .and_then(|(j, _)| jurisdictions::in_force(&j, clock.today_in(&agency.time_zone)).cloned()))
}

async fn requirement_dto(
    db: &impl ConnectionTrait,
    clock: &Clock,
    scope: AgencyScope,
    row: requirement_row::Model,
) -> ApiResult<AgencyRequirementDto> {
    let rules = rules_today(db, clock, scope).await?;
    let parsed = agency_requirement(row.document.clone(), rules.as_ref()).map_err(|e| {
        ApiError::Internal(anyhow::anyhow!("stored agency requirement invalid: {e:?}"))
    })?;
    Ok(AgencyRequirementDto {
        id: row.id,
        code: row.code,
        rule: rule_dto(rules.as_ref(), &parsed),
        document: row.document,
    })
}

/// Validates a requirement document against the agency's jurisdiction and credential
/// types; returns its code.
async fn validate_requirement(
    db: &impl ConnectionTrait,
    clock: &Clock,
    scope: AgencyScope,
    document: &serde_json::Value,
) -> ApiResult<String> {
    let rules = rules_today(db, clock, scope).await?;
    let types: Vec<String> = credentials::types(db, scope)
        .await?
        .into_iter()
        .map(|t| t.code)
        .collect();
    let (_, code) = own_requirement(document.clone(), rules.as_ref(), &types)?;
    Ok(code)
}

/// Saves a requirement (new when `existing` is `None`), audits it and re-evaluates the agency.
async fn save_requirement(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    existing: Option<requirement_row::Model>,
    code: String,
    document: serde_json::Value,
    action: &str,
) -> ApiResult<AgencyRequirementDto> {
    let scope = caller.scope()?;
    let row =
        agency_rules::save_requirement(txn, scope, existing, code, document, caller.clock.now())
            .await
            .on_unique(
                "id",
                "is already used by another requirement of this agency",
            )?;
    caller
        .audit(txn, scope.id(), action, ("agency_requirement", row.id))
        .await?;
    refresh_everyone(txn, &caller.clock, scope).await?;
    requirement_dto(txn, &caller.clock, scope, row).await
}

async fn referenced(db: &impl ConnectionTrait, scope: AgencyScope, code: &str) -> ApiResult<bool> {
    Ok(agency_rules::profiles(db, scope).await?.iter().any(|p| {
        serde_json::from_value::<Vec<String>>(p.requirement_codes.clone())
            .unwrap_or_default()
            .iter()
            .any(|c| c == code)
    }))
}

fn profile_dto(p: training_profile::Model) -> ProfileDto {
    ProfileDto {
        id: p.id,
        name: p.name,
        requirement_codes: serde_json::from_value(p.requirement_codes).unwrap_or_default(),
        assignment: serde_json::from_value(p.assignment)
            .unwrap_or(Assignment::People { people: vec![] }),
    }
}

/// Checks a profile against the agency: known requirement codes, role flags and people.
async fn validate_profile(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    input: &ProfileInput,
) -> ApiResult<String> {
    let mut errors = ValidationErrors::default();
    let name = match parse_free_text(&input.name, 100) {
        Ok(n) if n.is_empty() => {
            errors.push("name", "is required");
            None
        }
        other => errors.collect("name", other),
    };
    let codes: Vec<String> = agency_rules::requirements(db, scope)
        .await?
        .into_iter()
        .map(|r| r.code)
        .collect();
    for (i, code) in input.requirement_codes.iter().enumerate() {
        if !codes.contains(code) {
            errors.push(
                format!("requirement_codes.{i}"),
                "is not one of the agency's requirements",
            );
        }
    }
    check_assignment(db, scope, &input.assignment, &mut errors).await?;
    errors.into_result()?;
    name.ok_or_else(|| ApiError::field("name", "is required"))
}

/// Checks an assignment (a profile's or a policy's) against the agency: known role flags,
/// people on its roster. Errors name `assignment.role_flags.N`, `assignment.people.N`.
pub(crate) async fn check_assignment(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    assignment: &Assignment,
    errors: &mut ValidationErrors,
) -> ApiResult<()> {
    match assignment {
        Assignment::RoleFlags { role_flags } => {
            for (i, flag) in role_flags.iter().enumerate() {
                if !ROLE_FLAGS.contains(&flag.as_str()) {
                    errors.push(
                        format!("assignment.role_flags.{i}"),
                        format!("must be one of: {}", ROLE_FLAGS.join(", ")),
                    );
                }
            }
        }
        Assignment::People { people: ids } => {
            for (i, id) in ids.iter().enumerate() {
                if people::get(db, scope, *id).await?.is_none() {
                    errors.push(
                        format!("assignment.people.{i}"),
                        "is not a person in this agency",
                    );
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// Validates and saves a profile (new when `existing` is `None`), audits it and re-evaluates
/// the agency.
async fn save_profile(
    txn: &impl ConnectionTrait,
    caller: &Caller,
    existing: Option<training_profile::Model>,
    input: ProfileInput,
    action: &str,
) -> ApiResult<training_profile::Model> {
    let scope = caller.scope()?;
    let name = validate_profile(txn, scope, &input).await?;
    let assignment = serde_json::to_value(input.assignment).map_err(anyhow::Error::from)?;
    let codes = serde_json::json!(input.requirement_codes);
    let row = agency_rules::save_profile(
        txn,
        scope,
        existing,
        name,
        codes,
        assignment,
        caller.clock.now(),
    )
    .await
    .on_unique("name", "is already the name of another profile")?;
    caller
        .audit(txn, scope.id(), action, ("training_profile", row.id))
        .await?;
    refresh_everyone(txn, &caller.clock, scope).await?;
    Ok(row)
}

/// The agency's own requirements, to anyone who may see people of the agency.
pub async fn requirements(
    db: &DatabaseConnection,
    caller: &Caller,
) -> ApiResult<Vec<AgencyRequirementDto>> {
    visible_people(db, caller).await?;
    let scope = caller.scope()?;
    let mut list = Vec::new();
    for row in agency_rules::requirements(db, scope).await? {
        list.push(requirement_dto(db, &caller.clock, scope, row).await?);
    }
    Ok(list)
}

pub async fn create_requirement(
    db: &DatabaseConnection,
    caller: &Caller,
    document: serde_json::Value,
) -> ApiResult<AgencyRequirementDto> {
    require(caller, Action::ManageRequirements)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let code = validate_requirement(&txn, &caller.clock, scope, &document).await?;
    let dto = save_requirement(&txn, caller, None, code, document, "requirement.create").await?;
    txn.commit().await?;
    Ok(dto)
}

/// Replaces a requirement; its code changes only while no training profile uses it.
pub async fn replace_requirement(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
    document: serde_json::Value,
) -> ApiResult<AgencyRequirementDto> {
    require(caller, Action::ManageRequirements)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let existing = agency_rules::requirement(&txn, scope, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let code = validate_requirement(&txn, &caller.clock, scope, &document).await?;
    if code != existing.code && referenced(&txn, scope, &existing.code).await? {
        return Err(ApiError::field(
            "id",
            "cannot change while a training profile uses it",
        ));
    }
    let action = "requirement.update";
    let dto = save_requirement(&txn, caller, Some(existing), code, document, action).await?;
    txn.commit().await?;
    Ok(dto)
}

/// Removes a requirement no training profile uses.
pub async fn delete_requirement(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
) -> ApiResult<()> {
    require(caller, Action::ManageRequirements)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let existing = agency_rules::requirement(&txn, scope, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    if referenced(&txn, scope, &existing.code).await? {
        return Err(ApiError::Conflict(format!(
            "{} is used by a training profile; remove it there first",
            existing.code
        )));
    }
    agency_rules::delete_requirement(&txn, existing).await?;
    caller
        .audit(
            &txn,
            scope.id(),
            "requirement.delete",
            ("agency_requirement", id),
        )
        .await?;
    refresh_everyone(&txn, &caller.clock, scope).await?;
    txn.commit().await?;
    Ok(())
}

/// The agency's training profiles, to anyone who may see people of the agency.
pub async fn profiles(db: &DatabaseConnection, caller: &Caller) -> ApiResult<Vec<ProfileDto>> {
    visible_people(db, caller).await?;
    let rows = agency_rules::profiles(db, caller.scope()?).await?;
    Ok(rows.into_iter().map(profile_dto).collect())
}

pub async fn create_profile(
    db: &DatabaseConnection,
    caller: &Caller,
    input: ProfileInput,
) -> ApiResult<ProfileDto> {
    require(caller, Action::ManageRequirements)?;
    let txn = crate::db::begin_write(db).await?;
    let row = save_profile(&txn, caller, None, input, "profile.create").await?;
    txn.commit().await?;
    Ok(profile_dto(row))
}

pub async fn replace_profile(
    db: &DatabaseConnection,
    caller: &Caller,
    id: Uuid,
    input: ProfileInput,
) -> ApiResult<ProfileDto> {
    require(caller, Action::ManageRequirements)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let existing = agency_rules::profile(&txn, scope, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let row = save_profile(&txn, caller, Some(existing), input, "profile.update").await?;
    txn.commit().await?;
    Ok(profile_dto(row))
}

pub async fn delete_profile(db: &DatabaseConnection, caller: &Caller, id: Uuid) -> ApiResult<()> {
    require(caller, Action::ManageRequirements)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let existing = agency_rules::profile(&txn, scope, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    agency_rules::delete_profile(&txn, existing).await?;
    caller
        .audit(&txn, scope.id(), "profile.delete", ("training_profile", id))
        .await?;
    refresh_everyone(&txn, &caller.clock, scope).await?;
    txn.commit().await?;
    Ok(())
}
