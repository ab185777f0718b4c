//! Minnesota's reimbursement application for a fiscal year (Rule 6700.1800): every officer
//! the caller sees with licence number and eligibility with its reasons, the agency's
//! continuing-education costs, the share where the allocation is known, and the CLEO's
//! affirmation.

use std::collections::BTreeMap;

use confitrek_domain::compliance::ruleset_reimbursement::{EqualShares, Reimbursement};
use confitrek_domain::compliance::{Minutes, RuleSet};
use confitrek_domain::people::PersonKind;
use confitrek_domain::permissions::Action;
use confitrek_domain::reimbursement::FiscalYear;
use confitrek_domain::reimbursement::minnesota::{self, Officer};
use confitrek_types::{
    CleoAffirmation, MinnesotaApplication, MinnesotaOfficer, ReimbursementCostLine,
    ReimbursementCosts, ReimbursementShare,
};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::{cited, fact, minutes_by_topic, other_program, reason, rules_on, sources};
use crate::access::require;
use crate::auth::Caller;
use crate::db::entity::person;
use crate::db::{agencies, expenses, reimbursement};
use crate::http::{ApiError, ApiResult};

/// What the application prints for the CLEO, as given in the request.
#[derive(Debug, Clone, Default)]
pub struct Cleo {
    pub name: Option<String>,
    pub title: Option<String>,
}

/// The application of the fiscal year ending in `fiscal_year`, for the people the caller
/// sees (a supervisor: his or her unit).
pub async fn minnesota_application(
    db: &DatabaseConnection,
    caller: &Caller,
    fiscal_year: i32,
    cleo: Cleo,
) -> ApiResult<MinnesotaApplication> {
    require(caller, Action::ReadReimbursement)?;
    let scope = caller.scope()?;
    let agency = agencies::get(db, scope).await?.ok_or(ApiError::NotFound)?;
    let today = caller.clock.today_in(&agency.time_zone);
    // The July start is the program's; which version applies is decided by the year's end.
    let probe = FiscalYear::new(fiscal_year, 7)
        .map_err(|e| ApiError::field("fiscal_year", e.to_string()))?;
    let set = rules_on(db, &agency, probe.end()).await?;
    let (set, program) = match set.as_ref().map(|s| (s, s.reimbursement.as_ref())) {
        Some((s, Some(Reimbursement::EqualShares(p)))) => (s, p),
        _ => return Err(other_program(&agency, "Minnesota")),
    };
    let year = minnesota::fiscal_year(program, fiscal_year)
        .map_err(|e| ApiError::field("fiscal_year", e.to_string()))?;

    let people = officers_in(
        crate::reports::roster::people(db, caller, None).await?,
        year,
    );
    let creditable = creditable_minutes(db, scope, set, year).await?;
    let claims: BTreeMap<Uuid, (bool, Option<String>)> =
        reimbursement::claims(db, scope, fiscal_year)
            .await?
            .into_iter()
            .map(|c| (c.person_id, (c.claimed_elsewhere, c.note)))
            .collect();
    let mut officers = Vec::with_capacity(people.len());
    for p in people {
        let (claimed_elsewhere, claim_note) = claims.get(&p.id).cloned().unwrap_or_default();
        let part_time = p.role_flags.split(',').any(|f| f == "part_time");
        let officer = Officer {
            licence_number: p.license_number.clone(),
            hire_date: p.hire_date,
            separated_on: p.separated_on,
            part_time,
            training: creditable.get(&p.id).cloned().unwrap_or_default(),
            claimed_elsewhere,
        };
        let e = minnesota::eligibility(program, year, &officer);
        officers.push(MinnesotaOfficer {
            person_id: p.id,
            name: format!("{}, {}", p.last_name, p.first_name),
            badge: p.badge,
            licence_number: p.license_number,
            unit: p.unit,
            part_time,
            hire_date: p.hire_date,
            separated_on: p.separated_on,
            months: e.months,
            credits: e.credits.as_hours(),
            eligible: e.eligible,
            reasons: e.reasons.iter().map(reason).collect(),
            claimed_elsewhere,
            claim_note,
        });
    }
    let eligible_count = officers.iter().filter(|o| o.eligible).count();
    let costs = costs(db, agency.id, program, year).await?;
    let share = minnesota::share(program, year, eligible_count, costs.total_cents).map(|s| {
        ReimbursementShare {
            per_officer_cents: s.per_officer_cents,
            total_cents: s.total_cents,
            citations: s.citations,
            unconfirmed: s.unconfirmed,
        }
    });
    let due_on = minnesota::due_on(program, year);
    let affirmation = CleoAffirmation {
        name: cleo.name,
        title: cleo.title,
        statement: program.affirmation.statement.clone(),
        citations: program.affirmation.citations.clone(),
        unconfirmed: program.affirmation.unconfirmed.clone(),
    };
    let facts = facts(program);
    let cited_ids = facts
        .iter()
        .flat_map(|f| &f.citations)
        .chain(&program.citations)
        .chain(share.iter().flat_map(|s| &s.citations));
    let sources = sources(set, cited_ids);
    Ok(MinnesotaApplication {
        agency: agency.name,
        fiscal_year,
        starts_on: year.start(),
        ends_on: year.end(),
        due_on,
        days_left: (due_on - today).whole_days(),
        eligible_count: u32::try_from(eligible_count).unwrap_or(u32::MAX),
        officers,
        costs,
        share,
        affirmation,
        sources,
        facts,
        unconfirmed: program.unconfirmed.clone(),
    })
}

/// Sworn officers with the agency at some time in the fiscal year (or without a hire date,
/// so the application says what is missing), by name.
fn officers_in(people: Vec<person::Model>, year: FiscalYear) -> Vec<person::Model> {
    let mut officers: Vec<person::Model> = people
        .into_iter()
        .filter(|p| p.kind == PersonKind::Officer)
        .filter(|p| p.hire_date.is_none_or(|d| d <= year.end()))
        .filter(|p| p.separated_on.is_none_or(|d| d >= year.start()))
        .collect();
    officers.sort_by(|a, b| {
        (&a.last_name, &a.first_name, &a.badge).cmp(&(&b.last_name, &b.first_name, &b.badge))
    });
    officers
}

/// Each person's verified training of the year: the day and its minutes in the rule set's
/// creditable topics (POST-approved credits; 1 credit = 1 hour).
async fn creditable_minutes(
    db: &DatabaseConnection,
    scope: crate::db::AgencyScope,
    set: &RuleSet,
    year: FiscalYear,
) -> ApiResult<BTreeMap<Uuid, Vec<(time::Date, Minutes)>>> {
    let creditable: Vec<&str> = set
        .topics
        .iter()
        .filter(|t| t.creditable)
        .map(|t| t.code.as_str())
        .collect();
    let mut by_person: BTreeMap<Uuid, Vec<(time::Date, Minutes)>> = BTreeMap::new();
    for t in reimbursement::verified_training(db, scope, year.start(), year.end()).await? {
        let minutes: Minutes = minutes_by_topic(&t.minutes_by_topic)
            .into_iter()
            .filter(|(code, _)| creditable.contains(&code.as_str()))
            .map(|(_, m)| m)
            .sum();
        by_person
            .entry(t.person_id)
            .or_default()
            .push((t.completed_on, minutes));
    }
    Ok(by_person)
}

/// The agency's approved and paid training expenses of the fiscal year, by category.
async fn costs(
    db: &DatabaseConnection,
    agency: Uuid,
    program: &EqualShares,
    year: FiscalYear,
) -> ApiResult<ReimbursementCosts> {
    let lines = expenses::costs_between(db, agency, year.start(), year.end()).await?;
    let by_category: Vec<ReimbursementCostLine> = lines
        .into_iter()
        .map(|(category, cents)| ReimbursementCostLine {
            category: crate::reports::code(category),
            cents,
        })
        .collect();
    Ok(ReimbursementCosts {
        total_cents: by_category.iter().map(|l| l.cents).sum(),
        by_category,
        statement: program.costs.statement.clone(),
        citations: program.costs.citations.clone(),
        unconfirmed: program.costs.unconfirmed.clone(),
    })
}

/// Every fact of the program, in the order a coordinator reads them.
pub fn facts(p: &EqualShares) -> Vec<confitrek_types::ReimbursementFact> {
    vec![
        cited(
            "fiscal_year",
            &p.fiscal_year.statement,
            &p.fiscal_year.citations,
            &p.fiscal_year.unconfirmed,
        ),
        cited(
            "due",
            &p.due.statement,
            &p.due.citations,
            &p.due.unconfirmed,
        ),
        fact("required_without_request", &p.required_without_request),
        fact("licensed", &p.licensed),
        cited(
            "months_with_agency",
            &p.months_with_agency.statement,
            &p.months_with_agency.citations,
            &p.months_with_agency.unconfirmed,
        ),
        cited(
            "credits",
            &p.credits.statement,
            &p.credits.citations,
            &p.credits.unconfirmed,
        ),
        fact("part_time_officers", &p.part_time_officers),
        fact("one_unit", &p.one_unit),
        fact("amount", &p.amount),
        fact("costs", &p.costs),
        fact("payment", &p.payment),
        fact("affirmation", &p.affirmation),
    ]
}
