//! The state's reimbursement of the agency's training costs: Minnesota's application
//! (Rule 6700.1800) and Ohio's CPT reimbursement (OAC 109:2-18-04), each computed by one
//! service function from what ConfiTrek already knows (the roster, verified training, the
//! expenses, officers' base hourly rates) and the facts of the state's rule set, rendered as
//! JSON, CSV and PDF. Officers' pay rates and the record that another unit claims an officer
//! are kept here too.

pub mod files;
pub mod handlers;
pub mod minnesota;
pub mod ohio;
pub mod pay_rates;

use std::collections::{BTreeMap, BTreeSet};

use confitrek_domain::compliance::ruleset_reimbursement::{Fact, Reimbursement};
use confitrek_domain::compliance::{Minutes, RuleSet};
use confitrek_domain::reimbursement::Reason;
use confitrek_types::{ReimbursementFact, ReimbursementReason, SourceDto};
use sea_orm::ConnectionTrait;
use time::Date;

use crate::compliance::jurisdictions;
use crate::db::entity::agency;
use crate::http::{ApiError, ApiResult};

/// The version of the agency's state rules in force on `day` (or its earliest), owned.
pub async fn rules_on(
    db: &impl ConnectionTrait,
    agency: &agency::Model,
    day: Date,
) -> ApiResult<Option<RuleSet>> {
    Ok(jurisdictions::load(db, &agency.state_code)
        .await?
        .and_then(|(j, _)| jurisdictions::in_force(&j, day).cloned()))
}

/// Refused when the agency's state runs another program (or none).
pub fn other_program(agency: &agency::Model, wanted: &str) -> ApiError {
    ApiError::Conflict(format!(
        "The agency's state is {}: it has no {wanted} reimbursement program.",
        agency.state_code
    ))
}

pub fn fact(code: &str, f: &Fact) -> ReimbursementFact {
    cited(code, &f.statement, &f.citations, &f.unconfirmed)
}

pub fn cited(
    code: &str,
    statement: &str,
    citations: &[String],
    unconfirmed: &Option<String>,
) -> ReimbursementFact {
    ReimbursementFact {
        code: code.to_owned(),
        statement: statement.to_owned(),
        citations: citations.to_vec(),
        unconfirmed: unconfirmed.clone(),
    }
}

pub fn reason(r: &Reason) -> ReimbursementReason {
    ReimbursementReason {
        code: r.code.to_owned(),
        met: r.met,
        sentence: r.sentence.clone(),
        citations: r.citations.clone(),
        unconfirmed: r.unconfirmed.clone(),
    }
}

/// The sources that `citations` name, in the rule set's order.
pub fn sources<'a>(
    set: &RuleSet,
    citations: impl IntoIterator<Item = &'a String>,
) -> Vec<SourceDto> {
    let named: BTreeSet<&str> = citations.into_iter().map(String::as_str).collect();
    set.sources
        .iter()
        .filter(|s| named.contains(s.id.as_str()))
        .map(|s| jurisdictions::source_dto(set, &s.id))
        .collect()
}

/// `{ "topic": minutes }` as stored.
pub fn minutes_by_topic(json: &serde_json::Value) -> BTreeMap<String, Minutes> {
    serde_json::from_value::<BTreeMap<String, u32>>(json.clone())
        .unwrap_or_default()
        .into_iter()
        .map(|(code, m)| (code, Minutes(m)))
        .collect()
}

/// A CLEO's name or title as given: trimmed, bounded, no control characters.
pub fn cleo_field(field: &str, value: Option<&str>) -> ApiResult<Option<String>> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if value.chars().count() > confitrek_types::CLEO_FIELD_MAX {
        return Err(ApiError::field(
            field,
            format!(
                "must be at most {} characters",
                confitrek_types::CLEO_FIELD_MAX
            ),
        ));
    }
    if value.chars().any(char::is_control) {
        return Err(ApiError::field(field, "must not hold control characters"));
    }
    Ok(Some(value.to_owned()))
}

/// The program of a rule set, or the answer that the state has none.
pub fn program_of(set: Option<&RuleSet>) -> Option<&Reimbursement> {
    set.and_then(|s| s.reimbursement.as_ref())
}

/// An application as asked: the data, or a file to download.
pub enum Answer<T> {
    Json(T),
    File {
        format: confitrek_types::ReportFormat,
        name: String,
        bytes: Vec<u8>,
    },
}

/// Minnesota's application in the format asked; every generation is audited as an export.
pub async fn minnesota_download(
    db: &sea_orm::DatabaseConnection,
    caller: &crate::auth::Caller,
    fiscal_year: i32,
    query: &confitrek_types::MinnesotaQuery,
) -> ApiResult<Answer<confitrek_types::MinnesotaApplication>> {
    let cleo = minnesota::Cleo {
        name: cleo_field("cleo_name", query.cleo_name.as_deref())?,
        title: cleo_field("cleo_title", query.cleo_title.as_deref())?,
    };
    let application = minnesota::minnesota_application(db, caller, fiscal_year, cleo).await?;
    let scope = caller.scope()?;
    caller
        .audit_alone(
            db,
            scope.id(),
            "reimbursement.minnesota",
            ("agency", scope.id()),
        )
        .await?;
    let name = format!("mn-reimbursement-fy{fiscal_year}");
    file(
        db,
        caller,
        query.format,
        name,
        application,
        files::minnesota_csv,
        files::minnesota_pdf,
    )
    .await
}

/// Ohio's figures in the format asked; every generation is audited as an export.
pub async fn ohio_download(
    db: &sea_orm::DatabaseConnection,
    caller: &crate::auth::Caller,
    year: i32,
    query: &confitrek_types::OhioQuery,
) -> ApiResult<Answer<confitrek_types::OhioReimbursement>> {
    let figures = ohio::ohio_reimbursement(db, caller, year).await?;
    let scope = caller.scope()?;
    caller
        .audit_alone(db, scope.id(), "reimbursement.ohio", ("agency", scope.id()))
        .await?;
    let name = format!("oh-reimbursement-{year}");
    file(
        db,
        caller,
        query.format,
        name,
        figures,
        files::ohio_csv,
        files::ohio_pdf,
    )
    .await
}

async fn file<T>(
    db: &sea_orm::DatabaseConnection,
    caller: &crate::auth::Caller,
    format: Option<confitrek_types::ReimbursementFormat>,
    name: String,
    value: T,
    csv: fn(&T) -> ApiResult<Vec<u8>>,
    pdf: fn(&T, &crate::reports::Generated, &agency::Model) -> Vec<u8>,
) -> ApiResult<Answer<T>> {
    use confitrek_types::{ReimbursementFormat as F, ReportFormat};
    Ok(match format.unwrap_or_default() {
        F::Json => Answer::Json(value),
        F::Csv => Answer::File {
            format: ReportFormat::Csv,
            name,
            bytes: csv(&value)?,
        },
        F::Pdf => {
            let agency = crate::db::agencies::get(db, caller.scope()?)
                .await?
                .ok_or(ApiError::NotFound)?;
            Answer::File {
                format: ReportFormat::Pdf,
                name,
                bytes: pdf(
                    &value,
                    &crate::reports::Generated::now(&caller.clock),
                    &agency,
                ),
            }
        }
    })
}

/// The agency's state program, for the reimbursement page: which one, its facts and
/// sources, and the current year by the agency's today.
pub async fn program(
    db: &sea_orm::DatabaseConnection,
    caller: &crate::auth::Caller,
) -> ApiResult<confitrek_types::ReimbursementProgram> {
    crate::access::require(
        caller,
        confitrek_domain::permissions::Action::ReadReimbursement,
    )?;
    let agency = crate::db::agencies::get(db, caller.scope()?)
        .await?
        .ok_or(ApiError::NotFound)?;
    let today = caller.clock.today_in(&agency.time_zone);
    let set = rules_on(db, &agency, today).await?;
    let current = |start_month: u8| {
        confitrek_domain::reimbursement::FiscalYear::containing(today, start_month)
            .ok()
            .map(|y| y.end_year())
    };
    let (program, title, current_year, facts, cited): (&str, String, _, _, Vec<String>) =
        match program_of(set.as_ref()) {
            Some(Reimbursement::EqualShares(p)) => (
                "minnesota",
                p.title.clone(),
                current(p.fiscal_year.start_month),
                minnesota::facts(p),
                p.citations.clone(),
            ),
            Some(Reimbursement::HourlyRate(p)) => (
                "ohio",
                p.title.clone(),
                current(p.year.start_month),
                ohio::facts(p),
                p.citations.clone(),
            ),
            Some(Reimbursement::NoneFound(f)) => (
                "none",
                "No state reimbursement program found".into(),
                None,
                vec![fact("none_found", f)],
                Vec::new(),
            ),
            None => (
                "none",
                format!("No rules for {} in ConfiTrek", agency.state_code),
                None,
                Vec::new(),
                Vec::new(),
            ),
        };
    let sources = match &set {
        Some(set) => sources(set, facts.iter().flat_map(|f| &f.citations).chain(&cited)),
        None => Vec::new(),
    };
    Ok(confitrek_types::ReimbursementProgram {
        jurisdiction: agency.state_code.clone(),
        program: program.into(),
        title,
        current_year,
        facts,
        sources,
    })
}
