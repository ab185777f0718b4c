//! `/requirements` and `/profiles`: an agency's own requirements and the training profiles
//! that assign them. Every change re-evaluates the agency's people in the same transaction.

use actix_web::{HttpResponse, delete, get, post, put, web};
use confitrek_domain::ValidationErrors;
use confitrek_domain::compliance::{Assignment, agency_requirement, own_requirement};
use confitrek_domain::free_text::parse_free_text;
use confitrek_domain::people::ROLE_FLAGS;
use confitrek_domain::permissions::Action;
use confitrek_types::{AgencyRequirementDto, Problem, ProfileDto, ProfileInput};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::jurisdictions::{self, rule_dto};
use super::service::refresh_everyone;
use crate::access::{require, visible_people};
use crate::app::AppState;
use crate::auth::Caller;
use crate::db::entity::{agency_requirement as requirement_row, training_profile};
use crate::db::{AgencyScope, agencies, agency_rules, credentials, people};
use crate::http::error::OnConstraint;
use crate::http::{ApiError, ApiResult, JsonBody};

/// The jurisdiction rules in force today, whose topics and events agency rules may count.
async fn rules_today(
    db: &impl ConnectionTrait,
    clock: &crate::clock::Clock,
    scope: AgencyScope,
) -> ApiResult<Option<confitrek_domain::compliance::RuleSet>> {
    let agency = agencies::get(db, scope).await?.ok_or(ApiError::NotFound)?;
    Ok(jurisdictions::load(db, &agency.state_code)
        .await?
        .and_then(|(j, _)| jurisdictions::in_force(&j, clock.today_in(&agency.time_zone)).cloned()))
}

async fn requirement_dto(
    db: &impl ConnectionTrait,
    clock: &crate::clock::Clock,
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
    clock: &crate::clock::Clock,
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

/// The agency's own requirements.
#[utoipa::path(tag = "compliance", responses((status = 200, body = Vec<AgencyRequirementDto>)))]
#[get("/requirements")]
pub async fn list_requirements(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<Vec<AgencyRequirementDto>>> {
    visible_people(&state.db, &caller).await?;
    let scope = caller.scope()?;
    let mut list = Vec::new();
    for row in agency_rules::requirements(&state.db, scope).await? {
        list.push(requirement_dto(&state.db, &caller.clock, scope, row).await?);
    }
    Ok(web::Json(list))
}

/// Add an agency requirement (the form of a rule in a rule set; citations name the policy).
#[utoipa::path(
    tag = "compliance",
    request_body(content = Object, description = "A requirement document, e.g. {\"id\": \"agency.taser\", \"title\": \"TASER recertification\", \"citations\": [\"Policy 300.4\"], \"period\": {\"kind\": \"rolling\", \"months\": 12}, \"measure\": {\"kind\": \"hours\", \"topics\": [\"use_of_force\"], \"minimum_hours\": 4}}"),
    responses(
        (status = 201, body = AgencyRequirementDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/requirements")]
pub async fn create_requirement(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<serde_json::Value>,
) -> ApiResult<HttpResponse> {
    require(&caller, Action::ManageRequirements)?;
    let scope = caller.scope()?;
    let document = body.into_inner();
    let txn = crate::db::begin_write(&state.db).await?;
    let code = validate_requirement(&txn, &caller.clock, scope, &document).await?;
    let dto = save_requirement(&txn, &caller, None, code, document, "requirement.create").await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(dto))
}

/// Replace an agency requirement.
#[utoipa::path(
    tag = "compliance",
    params(("id" = Uuid, Path, description = "The requirement's id")),
    request_body(content = Object, description = "A requirement document"),
    responses((status = 200, body = AgencyRequirementDto), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json"))
)]
#[put("/requirements/{id}")]
pub async fn replace_requirement(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<serde_json::Value>,
) -> ApiResult<web::Json<AgencyRequirementDto>> {
    require(&caller, Action::ManageRequirements)?;
    let scope = caller.scope()?;
    let document = body.into_inner();
    let txn = crate::db::begin_write(&state.db).await?;
    let existing = agency_rules::requirement(&txn, scope, id.into_inner())
        .await?
        .ok_or(ApiError::NotFound)?;
    let code = validate_requirement(&txn, &caller.clock, scope, &document).await?;
    if code != existing.code && referenced(&txn, scope, &existing.code).await? {
        return Err(ApiError::field(
            "id",
            "cannot change while a training profile uses it",
        ));
    }
    let dto = save_requirement(
        &txn,
        &caller,
        Some(existing),
        code,
        document,
        "requirement.update",
    )
    .await?;
    txn.commit().await?;
    Ok(web::Json(dto))
}

async fn referenced(db: &impl ConnectionTrait, scope: AgencyScope, code: &str) -> ApiResult<bool> {
    Ok(agency_rules::profiles(db, scope).await?.iter().any(|p| {
        serde_json::from_value::<Vec<String>>(p.requirement_codes.clone())
            .unwrap_or_default()
            .iter()
            .any(|c| c == code)
    }))
}

/// Remove an agency requirement that no training profile uses.
#[utoipa::path(
    tag = "compliance",
    params(("id" = Uuid, Path, description = "The requirement's id")),
    responses((status = 204, description = "Removed"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"))
)]
#[delete("/requirements/{id}")]
pub async fn delete_requirement(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    require(&caller, Action::ManageRequirements)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(&state.db).await?;
    let existing = agency_rules::requirement(&txn, scope, id.into_inner())
        .await?
        .ok_or(ApiError::NotFound)?;
    if referenced(&txn, scope, &existing.code).await? {
        return Err(ApiError::Conflict(format!(
            "{} is used by a training profile; remove it there first",
            existing.code
        )));
    }
    let target = existing.id;
    agency_rules::delete_requirement(&txn, existing).await?;
    caller
        .audit(
            &txn,
            scope.id(),
            "requirement.delete",
            ("agency_requirement", target),
        )
        .await?;
    refresh_everyone(&txn, &caller.clock, scope).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
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

/// The agency's training profiles.
#[utoipa::path(tag = "compliance", responses((status = 200, body = Vec<ProfileDto>)))]
#[get("/profiles")]
pub async fn list_profiles(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<Vec<ProfileDto>>> {
    visible_people(&state.db, &caller).await?;
    let rows = agency_rules::profiles(&state.db, caller.scope()?).await?;
    Ok(web::Json(rows.into_iter().map(profile_dto).collect()))
}

/// Create a training profile: agency requirements assigned to a group of people.
#[utoipa::path(
    tag = "compliance",
    request_body = ProfileInput,
    responses((status = 201, body = ProfileDto), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json"))
)]
#[post("/profiles")]
pub async fn create_profile(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<ProfileInput>,
) -> ApiResult<HttpResponse> {
    require(&caller, Action::ManageRequirements)?;
    let input = body.into_inner();
    let txn = crate::db::begin_write(&state.db).await?;
    let row = save_profile(&txn, &caller, None, input, "profile.create").await?;
    txn.commit().await?;
    Ok(HttpResponse::Created().json(profile_dto(row)))
}

/// Replace a training profile.
#[utoipa::path(
    tag = "compliance",
    params(("id" = Uuid, Path, description = "The profile's id")),
    request_body = ProfileInput,
    responses((status = 200, body = ProfileDto), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json"))
)]
#[put("/profiles/{id}")]
pub async fn replace_profile(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
    body: JsonBody<ProfileInput>,
) -> ApiResult<web::Json<ProfileDto>> {
    require(&caller, Action::ManageRequirements)?;
    let scope = caller.scope()?;
    let input = body.into_inner();
    let txn = crate::db::begin_write(&state.db).await?;
    let existing = agency_rules::profile(&txn, scope, id.into_inner())
        .await?
        .ok_or(ApiError::NotFound)?;
    let row = save_profile(&txn, &caller, Some(existing), input, "profile.update").await?;
    txn.commit().await?;
    Ok(web::Json(profile_dto(row)))
}

/// Remove a training profile.
#[utoipa::path(
    tag = "compliance",
    params(("id" = Uuid, Path, description = "The profile's id")),
    responses((status = 204, description = "Removed"), (status = 404, body = Problem, content_type = "application/problem+json"))
)]
#[delete("/profiles/{id}")]
pub async fn delete_profile(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    require(&caller, Action::ManageRequirements)?;
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(&state.db).await?;
    let existing = agency_rules::profile(&txn, scope, id.into_inner())
        .await?
        .ok_or(ApiError::NotFound)?;
    let target = existing.id;
    agency_rules::delete_profile(&txn, existing).await?;
    caller
        .audit(
            &txn,
            scope.id(),
            "profile.delete",
            ("training_profile", target),
        )
        .await?;
    refresh_everyone(&txn, &caller.clock, scope).await?;
    txn.commit().await?;
    Ok(HttpResponse::NoContent().finish())
}
