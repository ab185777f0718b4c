//! What-if evaluation: the engine run on facts given in the request, nothing loaded about a
//! person and nothing stored. `POST /compliance/evaluate` and `confitrek rules eval` both go
//! through [`evaluate`], so the two answer alike.

mod scenario;

use std::collections::BTreeSet;

use actix_web::{post, web};
use confitrek_domain::compliance::{
    self as engine, Evaluation, Jurisdiction, RuleSet, state_rules_apply,
};
use confitrek_domain::permissions::Action;
use confitrek_types::{Problem, SourceDto, WhatIfReportDto, WhatIfRequest};
use uuid::Uuid;

use self::scenario::Scenario;
use super::jurisdictions::{self, source_dto};
use super::service::{period_dto, report_dto};
use crate::access::require;
use crate::app::AppState;
use crate::auth::Caller;
use crate::db::agencies;
use crate::http::{ApiError, ApiResult, JsonBody};

/// The most hours one record may give one topic: about a working year. More is a typo.
pub const MAX_RECORD_HOURS: f64 = 2_000.0;

/// Days before a due date when a shortfall becomes "at risk", when neither the request nor an
/// agency says.
pub const DEFAULT_AT_RISK_DAYS: u16 = 90;

/// Judges the request by `jurisdiction`'s rules (every version, or the one the request names).
/// `at_risk_days` applies when the request gives none.
pub fn evaluate(
    jurisdiction: &Jurisdiction,
    request: WhatIfRequest,
    at_risk_days: u16,
) -> ApiResult<WhatIfReportDto> {
    let code = jurisdiction
        .versions()
        .first()
        .map(|v| v.jurisdiction.clone())
        .unwrap_or_default();
    if request.jurisdiction.trim().to_ascii_uppercase() != code {
        return Err(ApiError::field(
            "jurisdiction",
            format!("must be {code}, the jurisdiction of these rules"),
        ));
    }
    let chosen = match request.version {
        None => jurisdiction.clone(),
        Some(number) => {
            let set = jurisdiction
                .versions()
                .iter()
                .find(|v| v.version == number)
                .ok_or_else(|| {
                    let known: Vec<String> = jurisdiction
                        .versions()
                        .iter()
                        .map(|v| v.version.to_string())
                        .collect();
                    ApiError::field(
                        "version",
                        format!(
                            "{code} has no version {number} (it has {})",
                            known.join(", ")
                        ),
                    )
                })?;
            Jurisdiction::new(vec![set.clone()])
        }
    };
    let scenario = Scenario::parse(&chosen, request, at_risk_days)?;
    let picked = if state_rules_apply(scenario.kind) {
        chosen.picked_for(&scenario.facts, scenario.as_of)
    } else {
        Vec::new()
    };
    let versions: BTreeSet<u32> = picked.iter().map(|(v, _)| *v).collect();
    let requirements: Vec<_> = picked.into_iter().map(|(_, r)| r).collect();
    let mut non_creditable: Vec<String> = chosen
        .versions()
        .iter()
        .flat_map(RuleSet::non_creditable_topics)
        .collect();
    non_creditable.sort();
    non_creditable.dedup();
    let evaluation = Evaluation {
        person: &scenario.facts,
        requirements: &requirements,
        records: &scenario.records,
        credentials: &scenario.credentials,
        waivers: &scenario.waivers,
        policies: &scenario.policies,
        acknowledgements: &scenario.acknowledgements,
        non_creditable_topics: &non_creditable,
        as_of: scenario.as_of,
        at_risk_days: scenario.at_risk_days,
    };
    let report = engine::try_evaluate(&evaluation)?;
    let history = engine::history(&evaluation);
    // A citation's source, from the version in force on the day, else any version naming it.
    let in_force = jurisdictions::in_force(&chosen, scenario.as_of);
    let source = |id: &str| -> SourceDto {
        in_force
            .into_iter()
            .chain(chosen.versions().iter().rev())
            .find(|set| set.sources.iter().any(|s| s.id == id))
            .or(in_force)
            .map(|set| source_dto(set, id))
            .unwrap_or_else(|| SourceDto {
                id: id.to_owned(),
                title: id.to_owned(),
                url: None,
                date: None,
            })
    };
    let dto = report_dto(Uuid::nil(), &code, report, source);
    Ok(WhatIfReportDto {
        as_of: dto.as_of,
        status: dto.status,
        jurisdiction: dto.jurisdiction,
        rule_set_versions: versions.into_iter().collect(),
        requirements: dto.requirements,
        next_change_at: dto.next_change_at,
        history: history.iter().map(period_dto).collect(),
    })
}

/// What-if: judge facts and training given in the request by a jurisdiction's rules.
///
/// Nothing is loaded about a person and nothing is stored. The answer has the shape of
/// `GET /people/{id}/compliance`. Without `version`, each rule comes from the version of the
/// jurisdiction's rules that governs the person's period on `as_of`; with it, only that
/// version's rules judge. Topic and event codes are those
/// `GET /jurisdictions/{code}` lists; an unknown one is refused with its path, e.g.
/// `records[2].hours.crisis_intervnetion`.
#[utoipa::path(
    tag = "compliance",
    request_body = WhatIfRequest,
    responses(
        (status = 200, body = WhatIfReportDto),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid; `errors` names each by its path", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/compliance/evaluate")]
pub async fn evaluate_what_if(
    state: web::Data<AppState>,
    caller: Caller,
    body: JsonBody<WhatIfRequest>,
) -> ApiResult<web::Json<WhatIfReportDto>> {
    require(&caller, Action::EvaluateWhatIf)?;
    let request = body.into_inner();
    let code = request.jurisdiction.trim().to_ascii_uppercase();
    let Some((jurisdiction, _)) = jurisdictions::load(&state.db, &code).await? else {
        return Err(ApiError::field(
            "jurisdiction",
            format!("ConfiTrek has no rules for {code:?}"),
        ));
    };
    let at_risk_days = agencies::get(&state.db, caller.scope()?)
        .await?
        .and_then(|a| u16::try_from(a.at_risk_days).ok())
        .unwrap_or(DEFAULT_AT_RISK_DAYS);
    Ok(web::Json(evaluate(&jurisdiction, request, at_risk_days)?))
}
