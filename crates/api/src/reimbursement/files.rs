//! The applications as files, in the portal's order: the officers with licence numbers and
//! eligibility with its reasons, then the costs, then the CLEO's affirmation; each fact's
//! sources and `unconfirmed` mark after. CSV holds one block per part, separated by an empty
//! line; the PDF one section per part.

use confitrek_domain::reimbursement::dollars;
use confitrek_types::{
    MinnesotaApplication, OhioReimbursement, ReimbursementFact, ReimbursementReason, SourceDto,
};

use crate::http::{ApiError, ApiResult};
use crate::reports::Generated;
use crate::reports::pdf::{self, Block, Column, Document};
use crate::reports::table::defuse;

/// Blocks of rows (each block's first row its header), written as one CSV file.
fn csv_blocks(blocks: &[Vec<Vec<String>>]) -> ApiResult<Vec<u8>> {
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            writer
                .write_record([""])
                .map_err(|e| ApiError::Internal(e.into()))?;
        }
        for row in block {
            writer
                .write_record(row.iter().map(|c| defuse(c).into_owned()))
                .map_err(|e| ApiError::Internal(e.into()))?;
        }
    }
    writer
        .into_inner()
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("{e}")))
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_owned()).collect()
}

fn money(cents: Option<i64>) -> String {
    cents.map(dollars).unwrap_or_else(|| "unknown".into())
}

/// "no: 15.75 credits ... [MN-20, MN-12] (unconfirmed: ...)"
fn reasons_text(reasons: &[ReimbursementReason], with_unconfirmed: bool) -> String {
    reasons
        .iter()
        .map(|r| {
            let mut text = format!(
                "{}: {} [{}]",
                if r.met { "yes" } else { "no" },
                r.sentence,
                r.citations.join(", ")
            );
            if with_unconfirmed && r.unconfirmed.is_some() {
                text.push_str(" (unconfirmed)");
            }
            text
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn facts_block(facts: &[ReimbursementFact], sources: &[SourceDto]) -> Vec<Vec<String>> {
    let mut rows = vec![row(&["Fact", "Statement", "Sources", "Unconfirmed"])];
    for f in facts {
        rows.push(vec![
            f.code.clone(),
            f.statement.clone(),
            f.citations.join(", "),
            f.unconfirmed.clone().unwrap_or_default(),
        ]);
    }
    rows.push(Vec::new());
    rows.push(row(&["Source", "Title", "Address", "Date"]));
    for s in sources {
        rows.push(vec![
            s.id.clone(),
            s.title.clone(),
            s.url.clone().unwrap_or_default(),
            s.date.clone().unwrap_or_default(),
        ]);
    }
    rows
}

fn facts_pdf(facts: &[ReimbursementFact], sources: &[SourceDto]) -> Vec<Block> {
    vec![
        Block::Heading("Facts, their sources and what is unconfirmed".into()),
        Block::Table {
            columns: vec![
                Column::left("Fact", 1.2),
                Column::left("Statement", 4.0),
                Column::left("Sources", 0.9),
                Column::left("Unconfirmed", 3.5),
            ],
            rows: facts
                .iter()
                .map(|f| {
                    vec![
                        f.code.replace('_', " "),
                        f.statement.clone(),
                        f.citations.join(", "),
                        f.unconfirmed.clone().unwrap_or_default(),
                    ]
                })
                .collect(),
            bold_last: false,
        },
        Block::Table {
            columns: vec![
                Column::left("Source", 0.7),
                Column::left("Title", 3.0),
                Column::left("Address", 5.0),
                Column::left("Date", 1.2),
            ],
            rows: sources
                .iter()
                .map(|s| {
                    vec![
                        s.id.clone(),
                        s.title.clone(),
                        s.url.clone().unwrap_or_default(),
                        s.date.clone().unwrap_or_default(),
                    ]
                })
                .collect(),
            bold_last: false,
        },
    ]
}

fn cost_rows(a: &MinnesotaApplication) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = a
        .costs
        .by_category
        .iter()
        .map(|c| vec![c.category.replace('_', " "), dollars(c.cents)])
        .collect();
    rows.push(vec!["Total".into(), dollars(a.costs.total_cents)]);
    rows
}

fn officer_rows(a: &MinnesotaApplication, with_unconfirmed: bool) -> Vec<Vec<String>> {
    a.officers
        .iter()
        .map(|o| {
            vec![
                o.name.clone(),
                o.badge.clone(),
                o.licence_number.clone().unwrap_or_default(),
                if o.part_time { "yes" } else { "no" }.into(),
                o.months.to_string(),
                format!("{:.2}", o.credits),
                if o.eligible {
                    "eligible"
                } else {
                    "not eligible"
                }
                .into(),
                reasons_text(&o.reasons, with_unconfirmed),
            ]
        })
        .collect()
}

pub fn minnesota_csv(a: &MinnesotaApplication) -> ApiResult<Vec<u8>> {
    let about = vec![
        row(&["Minnesota POST training reimbursement application (Minn. R. 6700.1800)"]),
        row(&["Agency", &a.agency]),
        row(&[
            "Fiscal year",
            &format!("FY{} ({} to {})", a.fiscal_year, a.starts_on, a.ends_on),
        ]),
        row(&["Due", &a.due_on.to_string()]),
        row(&["Eligible officers", &a.eligible_count.to_string()]),
    ];
    let mut officers = vec![row(&[
        "Officer",
        "Badge",
        "Licence number",
        "Part-time",
        "Months with agency",
        "Credits",
        "Eligibility",
        "Reasons",
    ])];
    officers.extend(officer_rows(a, true));
    let mut costs = vec![row(&["Cost category", "Amount"])];
    costs.extend(cost_rows(a));
    let affirmation = vec![
        row(&["CLEO affirmation", &a.affirmation.statement]),
        row(&["Name", a.affirmation.name.as_deref().unwrap_or_default()]),
        row(&["Title", a.affirmation.title.as_deref().unwrap_or_default()]),
        row(&["Signature", ""]),
        row(&["Date", ""]),
    ];
    csv_blocks(&[
        about,
        officers,
        costs,
        affirmation,
        facts_block(&a.facts, &a.sources),
    ])
}

pub fn minnesota_pdf(
    a: &MinnesotaApplication,
    generated: &Generated,
    agency: &crate::db::entity::agency::Model,
) -> Vec<u8> {
    let mut blocks = vec![
        Block::Text(format!(
            "Fiscal year {} ({} to {}). Due {} through the POST portal, even when no money is requested. {} of {} officers eligible.",
            a.fiscal_year,
            a.starts_on,
            a.ends_on,
            a.due_on,
            a.eligible_count,
            a.officers.len()
        )),
        Block::Heading("Officers".into()),
        Block::Table {
            columns: vec![
                Column::left("Officer", 1.6),
                Column::left("Badge", 0.7),
                Column::left("Licence", 0.9),
                Column::left("Part-time", 0.6),
                Column::right("Months", 0.6),
                Column::right("Credits", 0.6),
                Column::left("Eligibility", 0.9),
                Column::left("Reasons", 5.0),
            ],
            rows: officer_rows(a, true),
            bold_last: false,
        },
        Block::Heading("Continuing education costs".into()),
        Block::Text(a.costs.statement.clone()),
        Block::Table {
            columns: vec![Column::left("Category", 3.0), Column::right("Amount", 1.0)],
            rows: cost_rows(a),
            bold_last: true,
        },
        Block::Heading("Chief law enforcement officer's affirmation".into()),
        Block::Text(a.affirmation.statement.clone()),
        Block::Text(format!(
            "Name: {}   Title: {}",
            a.affirmation
                .name
                .as_deref()
                .unwrap_or("______________________________"),
            a.affirmation
                .title
                .as_deref()
                .unwrap_or("____________________")
        )),
        Block::Text("Signature: ______________________________   Date: ____________".into()),
    ];
    if let Some(u) = &a.unconfirmed {
        blocks.push(Block::Text(format!("Unconfirmed: {u}")));
    }
    blocks.extend(facts_pdf(&a.facts, &a.sources));
    pdf::render(&Document {
        header: generated.header(
            agency,
            "Minnesota POST training reimbursement application",
            format!(
                "Fiscal year {} ({} to {})",
                a.fiscal_year, a.starts_on, a.ends_on
            ),
        ),
        landscape: true,
        blocks,
    })
}

fn ohio_rows(r: &OhioReimbursement, with_unconfirmed: bool) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = r
        .officers
        .iter()
        .map(|o| {
            vec![
                o.name.clone(),
                o.badge.clone(),
                if o.exempt { "yes" } else { "no" }.into(),
                format!("{:.2}", o.qualifying_hours),
                format!("{:.2}", o.counted_hours),
                money(o.base_cents),
                money(o.reimbursable_cents),
                reasons_text(&o.reasons, with_unconfirmed),
            ]
        })
        .collect();
    rows.push(vec![
        "Total".into(),
        String::new(),
        String::new(),
        format!("{:.2}", r.qualifying_hours),
        format!("{:.2}", r.counted_hours),
        money(r.base_cents),
        money(r.reimbursable_cents),
        funding_text(r),
    ]);
    rows
}

fn funding_text(r: &OhioReimbursement) -> String {
    match r.funding_percent {
        Some(p) if r.funding_up_to => format!("funded up to {p}%"),
        Some(p) => format!("funded at {p}%"),
        None => "funding percent unknown (unconfirmed)".into(),
    }
}

const OHIO_HEADER: [&str; 8] = [
    "Officer",
    "Badge",
    "Academy year",
    "Qualifying hours",
    "Hours reimbursed",
    "Base amount",
    "Reimbursable",
    "Reasons",
];

pub fn ohio_csv(r: &OhioReimbursement) -> ApiResult<Vec<u8>> {
    let about = vec![
        row(&["Ohio CPT reimbursement (OAC 109:2-18-04)"]),
        row(&["Agency", &r.agency]),
        row(&["Year", &r.year.to_string()]),
        row(&["Funding", &funding_text(r)]),
    ];
    let mut officers = vec![row(&OHIO_HEADER)];
    officers.extend(ohio_rows(r, true));
    csv_blocks(&[about, officers, facts_block(&r.facts, &r.sources)])
}

pub fn ohio_pdf(
    r: &OhioReimbursement,
    generated: &Generated,
    agency: &crate::db::entity::agency::Model,
) -> Vec<u8> {
    let shares = [1.6, 0.7, 0.6, 0.8, 0.8, 0.9, 0.9, 4.5];
    let mut blocks = vec![
        Block::Text(format!(
            "Calendar year {}: base hourly rate times qualifying CPT hours per officer; {}.",
            r.year,
            funding_text(r)
        )),
        Block::Table {
            columns: OHIO_HEADER
                .iter()
                .zip(shares)
                .enumerate()
                .map(|(i, (t, s))| {
                    if (3..7).contains(&i) {
                        Column::right(t, s)
                    } else {
                        Column::left(t, s)
                    }
                })
                .collect(),
            rows: ohio_rows(r, true),
            bold_last: true,
        },
    ];
    if let Some(u) = &r.unconfirmed {
        blocks.push(Block::Text(format!("Unconfirmed: {u}")));
    }
    blocks.extend(facts_pdf(&r.facts, &r.sources));
    pdf::render(&Document {
        header: generated.header(
            agency,
            "Ohio CPT reimbursement",
            format!("Calendar year {}", r.year),
        ),
        landscape: true,
        blocks,
    })
}
