//! Ohio's CPT reimbursement for a calendar year (OAC 109:2-18-04): per officer the
//! qualifying hours (capped, in date order) at the base hourly rate in effect on each
//! training day, the year's funded percent, and the agency's totals.

use std::collections::BTreeMap;

use confitrek_domain::compliance::Minutes;
use confitrek_domain::compliance::ruleset_reimbursement::{HourlyRate, Reimbursement};
use confitrek_domain::people::PersonKind;
use confitrek_domain::permissions::Action;
use confitrek_domain::reimbursement::FiscalYear;
use confitrek_domain::reimbursement::ohio::{self, Officer, PayRate, Training};
use confitrek_types::{OhioLine, OhioOfficer, OhioReimbursement, ReimbursementFact};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::{cited, fact, minutes_by_topic, other_program, reason, rules_on, sources};
use crate::access::require;
use crate::auth::Caller;
use crate::db::{agencies, reimbursement};
use crate::http::{ApiError, ApiResult};

/// The figures of calendar year `year` for the people the caller sees.
pub async fn ohio_reimbursement(
    db: &DatabaseConnection,
    caller: &Caller,
    year: i32,
) -> ApiResult<OhioReimbursement> {
    require(caller, Action::ReadReimbursement)?;
    let scope = caller.scope()?;
    let agency = agencies::get(db, scope).await?.ok_or(ApiError::NotFound)?;
    let probe = FiscalYear::new(year, 1).map_err(|e| ApiError::field("year", e.to_string()))?;
    let set = rules_on(db, &agency, probe.end()).await?;
    let (set, program) = match set.as_ref().map(|s| (s, s.reimbursement.as_ref())) {
        Some((s, Some(Reimbursement::HourlyRate(p)))) => (s, p),
        _ => return Err(other_program(&agency, "Ohio")),
    };
    let span = ohio::year(program, year).map_err(|e| ApiError::field("year", e.to_string()))?;

    let mut training: BTreeMap<Uuid, Vec<Training>> = BTreeMap::new();
    for t in reimbursement::verified_training(db, scope, span.start(), span.end()).await? {
        let qualifying =
            ohio::qualifying_minutes(program, set, &minutes_by_topic(&t.minutes_by_topic));
        training.entry(t.person_id).or_default().push(Training {
            id: t.id,
            completed_on: t.completed_on,
            qualifying,
        });
    }
    let mut rates: BTreeMap<Uuid, Vec<PayRate>> = BTreeMap::new();
    for r in reimbursement::all_pay_rates(db, scope).await? {
        rates.entry(r.person_id).or_default().push(PayRate {
            effective_from: r.effective_from,
            hourly_cents: r.hourly_rate_cents,
        });
    }
    let mut people: Vec<_> = crate::reports::roster::people(db, caller, None)
        .await?
        .into_iter()
        .filter(|p| p.kind == PersonKind::Officer)
        .filter(|p| p.hire_date.is_none_or(|d| d <= span.end()))
        .filter(|p| p.separated_on.is_none_or(|d| d >= span.start()))
        .collect();
    people.sort_by(|a, b| {
        (&a.last_name, &a.first_name, &a.badge).cmp(&(&b.last_name, &b.first_name, &b.badge))
    });
    let mut officers = Vec::with_capacity(people.len());
    for p in people {
        let officer = Officer {
            certified_on: p.certified_on,
            training: training.remove(&p.id).unwrap_or_default(),
            rates: rates.remove(&p.id).unwrap_or_default(),
        };
        let c = ohio::compute(program, span, &officer);
        officers.push(OhioOfficer {
            person_id: p.id,
            name: format!("{}, {}", p.last_name, p.first_name),
            badge: p.badge,
            unit: p.unit,
            exempt: c.exempt,
            qualifying_hours: c.qualifying.as_hours(),
            counted_hours: c.counted.as_hours(),
            base_cents: c.base_cents,
            reimbursable_cents: c.reimbursable_cents,
            lines: c
                .lines
                .iter()
                .map(|l| OhioLine {
                    record_id: l.record,
                    completed_on: l.completed_on,
                    hours: l.counted.as_hours(),
                    hourly_rate_cents: l.hourly_cents,
                    amount_cents: l.amount_cents,
                })
                .collect(),
            reasons: c.reasons.iter().map(reason).collect(),
        });
    }
    let funding = program.funding_for(year);
    let total = |f: fn(&OhioOfficer) -> Option<i64>| -> Option<i64> {
        officers.iter().map(f).sum::<Option<i64>>()
    };
    let minutes = |f: fn(&OhioOfficer) -> f64| -> f64 {
        // Summed as minutes so totals are exact.
        let m: Minutes = officers
            .iter()
            .map(|o| Minutes::from_decimal_hours(f(o)).unwrap_or_default())
            .sum();
        m.as_hours()
    };
    let mut facts = facts(program);
    facts.push(match funding {
        Some(f) => cited(
            "funding",
            &format!(
                "The state funds {}{}% of the computed amount for {year}.",
                if f.up_to { "up to " } else { "" },
                f.percent
            ),
            &f.citations,
            &f.unconfirmed,
        ),
        None => cited(
            "funding",
            &format!("No funding percent is known for {year}: amounts are shown at 100%."),
            &program.citations,
            &Some(format!(
                "The share of {year} CPT the state funds was not found; confirm with OPOTC."
            )),
        ),
    });
    let funding_citations = funding.map(|f| f.citations.clone()).unwrap_or_default();
    let cited_ids = facts
        .iter()
        .flat_map(|f| &f.citations)
        .chain(&program.citations)
        .chain(&funding_citations);
    Ok(OhioReimbursement {
        agency: agency.name.clone(),
        year,
        qualifying_hours: minutes(|o| o.qualifying_hours),
        counted_hours: minutes(|o| o.counted_hours),
        base_cents: total(|o| o.base_cents),
        funding_percent: funding.map(|f| f.percent),
        funding_up_to: funding.is_some_and(|f| f.up_to),
        reimbursable_cents: total(|o| o.reimbursable_cents),
        sources: sources(set, cited_ids),
        officers,
        facts,
        unconfirmed: program.unconfirmed.clone(),
    })
}

/// Every fact of the program, in the order a coordinator reads them.
pub fn facts(p: &HourlyRate) -> Vec<ReimbursementFact> {
    vec![
        cited(
            "year",
            &p.year.statement,
            &p.year.citations,
            &p.year.unconfirmed,
        ),
        fact("authorities", &p.authorities),
        fact("rate", &p.rate),
        cited(
            "maximum_hours",
            &p.maximum_hours.statement,
            &p.maximum_hours.citations,
            &p.maximum_hours.unconfirmed,
        ),
        cited(
            "excluded_topics",
            &p.excluded_topics.statement,
            &p.excluded_topics.citations,
            &p.excluded_topics.unconfirmed,
        ),
        fact("academy_year", &p.academy_year),
    ]
}
