//! Reimbursement applications as state reports: the application the reimbursement service
//! computes (Minnesota's, Rule 6700.1800; Ohio's CPT reimbursement, OAC 109:2-18-04) turned
//! into a [`Snapshot`], so that it is prepared, reviewed, transmitted, received, versioned
//! and downloaded like every other report. Every fact of the program keeps its sources and
//! what they leave open; one row per officer, keyed by the person's id.

use confitrek_vocabulary::{
    MinnesotaApplication, OhioReimbursement, ReimbursementFact, ReimbursementReason,
};
use time::Date;

use super::snapshot::{Column, Fact, Row, Snapshot};
use super::{StateReportKind, hours};
use crate::compliance::ruleset_reports::StateReportRule;
use crate::reimbursement::dollars;

const MN_COLUMNS: [(&str, &str, &[&str], Option<&str>); 11] = [
    ("name", "Officer", &["MN-19", "MN-20"], None),
    (
        "badge",
        "Badge",
        &[],
        Some(
            "The agency's badge or employee number, to tell officers apart; POST is not known to ask for it.",
        ),
    ),
    (
        "post_licence_number",
        "POST licence number",
        &["MN-19", "MN-20"],
        Some("The person's licence number in ConfiTrek; its status with POST is not checked."),
    ),
    ("part_time", "Part-time", &["MN-19"], None),
    ("hire_date", "Hired", &["MN-20"], None),
    ("separated_on", "Separated", &["MN-20"], None),
    (
        "months",
        "Months with the agency",
        &["MN-20"],
        Some(
            "The rule text says 8 of the 12 months before the application [MN-19]; how a partial month counts is not said.",
        ),
    ),
    (
        "credits",
        "Credits",
        &["MN-20", "MN-12"],
        Some(
            "The rule text says 16 hours made available by the unit [MN-19]; the current POST page says 16 credits completed [MN-20].",
        ),
    ),
    ("eligible", "Eligible", &["MN-19", "MN-20"], None),
    (
        "reasons_unmet",
        "Conditions not met",
        &["MN-19", "MN-20"],
        None,
    ),
    (
        "claimed_elsewhere",
        "Claimed by another unit",
        &["MN-19"],
        Some("Which unit claims an officer two units employed is not said: the units agree."),
    ),
];

const OH_COLUMNS: [(&str, &str, &[&str], Option<&str>); 8] = [
    ("name", "Officer", &["OH-19"], None),
    (
        "badge",
        "Badge",
        &[],
        Some(
            "The agency's badge or employee number, to tell officers apart; OPOTC is not known to ask for it.",
        ),
    ),
    ("exempt", "Academy-year exemption", &["OH-3"], None),
    (
        "qualifying_hours",
        "Qualifying CPT hours",
        &["OH-19", "OH-15"],
        None,
    ),
    (
        "counted_hours",
        "Hours reimbursed",
        &["OH-19", "OH-4"],
        None,
    ),
    ("base_amount", "Hours times base rate", &["OH-19"], None),
    (
        "reimbursable_amount",
        "Reimbursable amount",
        &["OH-19"],
        Some("At the year's funded percent; empty when the percent or a rate is unknown."),
    ),
    ("reasons", "Reasons", &["OH-19"], None),
];

fn columns(specs: &[(&str, &str, &[&str], Option<&str>)]) -> Vec<Column> {
    specs
        .iter()
        .map(|(key, header, cites, unconfirmed)| Column::new(key, header, cites, *unconfirmed))
        .collect()
}

/// The columns of a reimbursement application; empty for the other kinds.
pub fn layout(kind: StateReportKind) -> Vec<Column> {
    match kind {
        StateReportKind::MnReimbursement => columns(&MN_COLUMNS),
        StateReportKind::OhReimbursement => columns(&OH_COLUMNS),
        _ => Vec::new(),
    }
}

fn yes(b: bool) -> String {
    if b { "yes" } else { "no" }.to_owned()
}

fn day(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn money(cents: Option<i64>) -> String {
    cents.map(dollars).unwrap_or_default()
}

fn program_fact(f: &ReimbursementFact) -> Fact {
    Fact {
        label: f.code.replace('_', " "),
        value: f.statement.clone(),
        citations: f.citations.clone(),
        unconfirmed: f.unconfirmed.clone(),
    }
}

fn cited(label: &str, value: String, citations: &[String], unconfirmed: Option<&str>) -> Fact {
    Fact {
        label: label.to_owned(),
        value,
        citations: citations.to_vec(),
        unconfirmed: unconfirmed.map(str::to_owned),
    }
}

fn sentences<'a>(reasons: impl Iterator<Item = &'a ReimbursementReason>) -> String {
    reasons
        .map(|r| r.sentence.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Minnesota's application of a fiscal year as a report. The amount asked is not a figure of
/// the application (POST pays equal shares): [`minnesota_requested`] says when one is known.
pub fn minnesota(
    report: &StateReportRule,
    application: &MinnesotaApplication,
    as_of: Date,
) -> Snapshot {
    let a = application;
    let mut facts = vec![
        Fact::plain("Agency", a.agency.clone()),
        Fact::plain(
            "Fiscal year",
            format!("FY{} ({} to {})", a.fiscal_year, a.starts_on, a.ends_on),
        ),
        cited(
            "Due",
            a.due_on.to_string(),
            &report
                .due
                .iter()
                .flat_map(|d| d.citations.clone())
                .collect::<Vec<_>>(),
            report.due.iter().find_map(|d| d.unconfirmed.as_deref()),
        ),
        Fact::plain("Eligible officers", a.eligible_count.to_string()),
    ];
    for line in &a.costs.by_category {
        facts.push(cited(
            &format!("Costs: {}", line.category.replace('_', " ")),
            dollars(line.cents),
            &a.costs.citations,
            a.costs.unconfirmed.as_deref(),
        ));
    }
    facts.push(cited(
        "Costs: total",
        dollars(a.costs.total_cents),
        &a.costs.citations,
        a.costs.unconfirmed.as_deref(),
    ));
    if let Some(share) = &a.share {
        facts.push(cited(
            "Estimated share per eligible officer",
            dollars(share.per_officer_cents),
            &share.citations,
            share.unconfirmed.as_deref(),
        ));
        facts.push(cited(
            "Estimated share, total",
            dollars(share.total_cents),
            &share.citations,
            share.unconfirmed.as_deref(),
        ));
    }
    let aff = &a.affirmation;
    if let Some(name) = &aff.name {
        facts.push(Fact::plain("Chief law enforcement officer", name.clone()));
    }
    if let Some(title) = &aff.title {
        facts.push(Fact::plain("CLEO's title", title.clone()));
    }
    facts.push(cited(
        "CLEO's affirmation",
        aff.statement.clone(),
        &aff.citations,
        aff.unconfirmed.as_deref(),
    ));
    facts.extend(a.facts.iter().map(program_fact));
    facts.push(Fact::plain("Data as of", as_of.to_string()));
    let rows = a
        .officers
        .iter()
        .map(|o| Row {
            key: o.person_id.to_string(),
            label: format!(
                "Officer {}",
                if o.badge.is_empty() {
                    &o.name
                } else {
                    &o.badge
                }
            ),
            cells: vec![
                o.name.clone(),
                o.badge.clone(),
                o.licence_number.clone().unwrap_or_default(),
                yes(o.part_time),
                day(o.hire_date),
                day(o.separated_on),
                o.months.to_string(),
                format!("{:.2}", o.credits),
                yes(o.eligible),
                sentences(o.reasons.iter().filter(|r| !r.met)),
                yes(o.claimed_elsewhere),
            ],
        })
        .collect();
    Snapshot {
        kind: StateReportKind::MnReimbursement,
        title: report.title.clone(),
        period: a.fiscal_year.to_string(),
        period_label: format!(
            "Fiscal year {} ({} to {})",
            a.fiscal_year, a.starts_on, a.ends_on
        ),
        facts,
        notes: report.notes.clone(),
        columns: layout(StateReportKind::MnReimbursement),
        rows,
    }
}

/// What Minnesota's application asks for: the estimated share where the fiscal year's
/// allocation is known, else nothing (POST divides its allocation in equal shares).
pub fn minnesota_requested(application: &MinnesotaApplication) -> Option<i64> {
    application.share.as_ref().map(|s| s.total_cents)
}

/// Ohio's CPT reimbursement of a calendar year as a report.
pub fn ohio(report: &StateReportRule, r: &OhioReimbursement, as_of: Date) -> Snapshot {
    let total_minutes = |h: f64| hours((h * 60.0).round().max(0.0) as u64);
    let mut facts = vec![
        Fact::plain("Agency", r.agency.clone()),
        Fact::plain("Calendar year", r.year.to_string()),
        Fact::plain("Qualifying CPT hours", total_minutes(r.qualifying_hours)),
        Fact::plain("Hours reimbursed", total_minutes(r.counted_hours)),
        Fact::plain("Hours times base rates", money(r.base_cents)),
        Fact::plain(
            "Funded percent",
            r.funding_percent
                .map(|p| format!("{}{p}%", if r.funding_up_to { "up to " } else { "" }))
                .unwrap_or_else(|| "unknown".to_owned()),
        ),
        Fact::plain("Reimbursable amount", money(r.reimbursable_cents)),
    ];
    facts.extend(r.facts.iter().map(program_fact));
    facts.push(Fact::plain("Data as of", as_of.to_string()));
    let rows = r
        .officers
        .iter()
        .map(|o| Row {
            key: o.person_id.to_string(),
            label: format!(
                "Officer {}",
                if o.badge.is_empty() {
                    &o.name
                } else {
                    &o.badge
                }
            ),
            cells: vec![
                o.name.clone(),
                o.badge.clone(),
                yes(o.exempt),
                total_minutes(o.qualifying_hours),
                total_minutes(o.counted_hours),
                money(o.base_cents),
                money(o.reimbursable_cents),
                sentences(o.reasons.iter()),
            ],
        })
        .collect();
    Snapshot {
        kind: StateReportKind::OhReimbursement,
        title: report.title.clone(),
        period: r.year.to_string(),
        period_label: format!("Calendar year {}", r.year),
        facts,
        notes: report.notes.clone(),
        columns: layout(StateReportKind::OhReimbursement),
        rows,
    }
}

/// What Ohio's reimbursement asks for: the year's computed total (at the funded percent),
/// or nothing while a rate or the percent is unknown.
pub fn ohio_requested(r: &OhioReimbursement) -> Option<i64> {
    r.reimbursable_cents
}
