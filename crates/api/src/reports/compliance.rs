//! The agency compliance report as of a day: every person the caller sees, every
//! requirement, earned against required, status and explanation, with the version of the
//! state's rules in force that day and the sources it cites, and the deadlines each person
//! missed in the six years before that day.

use confitrek_types::{
    ComplianceHistoryDto, ComplianceReportDto, ReportFormat, RequirementResultDto,
};
use sea_orm::DatabaseConnection;
use time::Date;

use confitrek_domain::dashboard::{self, Item, Standing};

use super::pdf::{Block, Column, Document};
use super::table::{csv, hours};
use super::transcript::{missed_periods, missed_row, missed_table};
use super::{Generated, roster, words};
use crate::auth::Caller;
use crate::compliance::service::{
    AgencyRules, agency_rules, agency_today, evaluate_people, history_range,
};
use crate::db::entity::person;
use crate::http::ApiResult;

pub struct ComplianceReport {
    pub as_of: Date,
    pub rules: AgencyRules,
    /// The range of the missed deadlines: the six years up to `as_of`.
    pub range: (Date, Date),
    pub people: Vec<(person::Model, ComplianceReportDto, ComplianceHistoryDto)>,
}

/// Judges every person the caller sees (of `unit`, if given) on `as_of`, the agency's today
/// by default; on today the stored verdicts are read instead (as the dashboard and the
/// matrix read them), judging again only those with none current.
pub async fn build(
    db: &DatabaseConnection,
    caller: &Caller,
    as_of: Option<Date>,
    unit: Option<&str>,
) -> ApiResult<ComplianceReport> {
    let as_of = as_of
        .map(|d| confitrek_domain::compliance::judgeable("as_of", d))
        .transpose()?;
    let scope = caller.scope()?;
    let people = roster::people(db, caller, unit).await?;
    let rules = agency_rules(db, scope).await?;
    let as_of = as_of.unwrap_or_else(|| agency_today(rules.agency()));
    let range = history_range((None, Some(as_of)), as_of)?;
    let reports = evaluate_people(db, scope, &rules, as_of, range, &people).await?;
    Ok(ComplianceReport {
        as_of,
        rules,
        range,
        people: people
            .into_iter()
            .zip(reports)
            .map(|(p, (report, history))| (p, report, history))
            .collect(),
    })
}

/// Rows of each table on the first page, which stays one page.
const SUMMARY_ROWS: usize = 8;

const HEADER: [&str; 23] = [
    "as_of",
    "person_id",
    "last_name",
    "first_name",
    "badge",
    "unit",
    "overall_status",
    "requirement_id",
    "requirement",
    "measure",
    "required",
    "earned",
    "remaining",
    "period_start",
    "period_end",
    "due",
    "status",
    "explanation",
    "rule_set",
    "sources",
    "missed_deadlines_from",
    "missed_deadlines",
    "made_up_late",
];

fn date(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn sources(r: &RequirementResultDto) -> String {
    r.citations
        .iter()
        .map(|c| match &c.url {
            Some(url) => format!("{} {} <{url}>", c.id, c.title),
            None => format!("{} {}", c.id, c.title),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

impl ComplianceReport {
    fn rule_set_label(&self) -> String {
        match self.rules.rule_set_on(self.as_of) {
            Some(set) => format!("{} v{}", set.jurisdiction, set.version),
            None => String::new(),
        }
    }

    /// One row per person and requirement; a person with no requirement has one row.
    pub fn csv(&self) -> ApiResult<Vec<u8>> {
        let rule_set = self.rule_set_label();
        let mut rows = Vec::new();
        let from = self.range.0.to_string();
        for (p, report, history) in &self.people {
            let missed = [
                from.clone(),
                history.missed.to_string(),
                history.made_up.to_string(),
            ];
            let person = [
                self.as_of.to_string(),
                p.id.to_string(),
                p.last_name.clone(),
                p.first_name.clone(),
                p.badge.clone(),
                p.unit.clone().unwrap_or_default(),
                super::code(report.status),
            ];
            if report.requirements.is_empty() {
                let mut row = person.to_vec();
                row.extend(std::iter::repeat_n(String::new(), 11));
                row.push(rule_set.clone());
                row.push(String::new());
                row.extend(missed.iter().cloned());
                rows.push(row);
            }
            for r in &report.requirements {
                let mut row = person.to_vec();
                row.extend([
                    r.requirement_id.clone(),
                    r.title.clone(),
                    r.unit.clone(),
                    hours(r.required),
                    hours(r.earned),
                    hours(r.remaining),
                    date(r.period_start),
                    date(r.period_end),
                    date(r.due),
                    super::code(r.status),
                    r.explanation.clone(),
                    rule_set.clone(),
                    sources(r),
                ]);
                row.extend(missed.iter().cloned());
                rows.push(row);
            }
        }
        csv(&HEADER, &rows)
    }

    pub fn pdf(&self, generated: &Generated) -> Vec<u8> {
        let mut blocks = self.summary_page();
        blocks.push(Block::PageBreak);
        blocks.push(Block::Heading("Each person's requirements".into()));
        let mut rows = Vec::new();
        for (p, report, _) in &self.people {
            let name = format!(
                "{}, {} ({}){} - {}",
                p.last_name,
                p.first_name,
                p.badge,
                p.unit
                    .as_deref()
                    .map(|u| format!(", {u}"))
                    .unwrap_or_default(),
                words(report.status)
            );
            if report.requirements.is_empty() {
                rows.push(vec![name.clone(), "No requirements".into()]);
            }
            for (i, r) in report.requirements.iter().enumerate() {
                rows.push(vec![
                    if i == 0 { name.clone() } else { String::new() },
                    r.title.clone(),
                    hours(r.earned),
                    hours(r.required),
                    hours(r.remaining),
                    date(r.due),
                    words(r.status),
                    r.explanation.clone(),
                ]);
            }
        }
        blocks.push(Block::Table {
            columns: vec![
                Column::left("Person", 3.0),
                Column::left("Requirement", 3.0),
                Column::right("Earned", 0.9),
                Column::right("Required", 0.9),
                Column::right("Remaining", 1.0),
                Column::left("Due", 1.2),
                Column::left("Status", 1.1),
                Column::left("Explanation", 4.5),
            ],
            rows,
            bold_last: false,
        });
        blocks.extend(self.missed_deadlines());
        blocks.extend(self.sources());
        super::pdf::render(&Document {
            header: generated.header(
                self.rules.agency(),
                "Compliance report",
                format!("As of {}", self.as_of),
            ),
            landscape: true,
            blocks,
        })
    }

    /// The first page: the rule set, the rate and what it counts, the people by status and
    /// by unit, and who needs attention first; what follows is the detail.
    fn summary_page(&self) -> Vec<Block> {
        let standings: Vec<(&person::Model, Vec<Item>)> = self
            .people
            .iter()
            .map(|(p, report, _)| (p, crate::dashboard::items(report)))
            .collect();
        let names: Vec<String> = self
            .people
            .iter()
            .map(|(p, _, _)| format!("{}, {} ({})", p.last_name, p.first_name, p.badge))
            .collect();
        let standings: Vec<Standing> = standings
            .into_iter()
            .zip(&self.people)
            .zip(&names)
            .map(|(((p, items), (_, report, _)), name)| Standing {
                person_id: p.id,
                name,
                badge: &p.badge,
                unit: p.unit.as_deref(),
                status: report.status,
                requirements: items,
            })
            .collect();
        let folded = dashboard::fold(&standings);
        let totals = folded.totals;
        let rate = totals.rate().map_or_else(
            || "no one has requirements".to_owned(),
            |r| format!("{:.0} %", r * 100.0),
        );
        let rules = match self.rules.rule_set_on(self.as_of) {
            Some(set) => format!(
                "Judged under {} rules, version {} (in force from {}); sources are listed at the end.",
                set.name, set.version, set.effective_from
            ),
            None => "The agency's state has no rules in ConfiTrek.".to_owned(),
        };
        let share = |n: u32| match totals.people() {
            0 => "-".to_owned(),
            all => format!("{:.0} %", f64::from(n) / f64::from(all) * 100.0),
        };
        let mut blocks = vec![
            Block::Heading(format!("Summary: compliance rate {rate}")),
            Block::Text(format!("{} people. {rules}", totals.people())),
            Block::Text(confitrek_types::RATE_DEFINITION.to_owned()),
            Block::Table {
                columns: vec![
                    Column::left("Standing", 3.0),
                    Column::right("People", 1.0),
                    Column::right("Share", 1.0),
                ],
                rows: [
                    ("Compliant", totals.compliant),
                    (
                        "At risk (a deadline is near, nothing missed yet)",
                        totals.at_risk,
                    ),
                    (
                        "Non-compliant (a deadline was missed)",
                        totals.non_compliant,
                    ),
                    ("Not applicable (no requirements)", totals.not_applicable),
                ]
                .into_iter()
                .map(|(label, n)| vec![label.to_owned(), n.to_string(), share(n)])
                .collect(),
                bold_last: false,
            },
        ];
        let units: Vec<Vec<String>> = folded
            .units
            .iter()
            .take(SUMMARY_ROWS)
            .map(|(unit, c)| {
                vec![
                    unit.unwrap_or("No unit").to_owned(),
                    c.people().to_string(),
                    c.compliant.to_string(),
                    c.at_risk.to_string(),
                    c.non_compliant.to_string(),
                    c.rate()
                        .map_or_else(|| "-".into(), |r| format!("{:.0} %", r * 100.0)),
                ]
            })
            .collect();
        if folded.units.len() > 1 {
            blocks.push(Block::Table {
                columns: vec![
                    Column::left("Unit", 3.0),
                    Column::right("People", 1.0),
                    Column::right("Compliant", 1.0),
                    Column::right("At risk", 1.0),
                    Column::right("Non-compliant", 1.2),
                    Column::right("Rate", 1.0),
                ],
                rows: units,
                bold_last: false,
            });
        }
        let attention: Vec<Vec<String>> = folded
            .attention
            .iter()
            .take(SUMMARY_ROWS)
            .map(|a| {
                let first = a.lacking.first();
                vec![
                    a.standing.name.to_owned(),
                    a.standing.unit.unwrap_or("").to_owned(),
                    words(a.standing.status),
                    first.map(|i| i.title.to_owned()).unwrap_or_default(),
                    date(first.and_then(|i| i.due)),
                ]
            })
            .collect();
        let more = folded.attention.len().saturating_sub(SUMMARY_ROWS);
        blocks.push(Block::Heading(format!(
            "Needs attention first: {} people{}",
            folded.attention.len(),
            if more > 0 {
                format!(" ({more} more in the detail)")
            } else {
                String::new()
            }
        )));
        if attention.is_empty() {
            blocks.push(Block::Text(
                "Nobody is out of compliance or at risk.".into(),
            ));
        } else {
            blocks.push(Block::Table {
                columns: vec![
                    Column::left("Person", 3.0),
                    Column::left("Unit", 1.5),
                    Column::left("Standing", 1.3),
                    Column::left("Most urgent requirement", 4.0),
                    Column::left("Due", 1.2),
                ],
                rows: attention,
                bold_last: false,
            });
        }
        blocks
    }

    /// The sources of the rule set in force, at the end of the report.
    fn sources(&self) -> Vec<Block> {
        let Some(set) = self.rules.rule_set_on(self.as_of) else {
            return Vec::new();
        };
        vec![
            Block::Heading(format!(
                "Sources of the {} rules, version {}",
                set.name, set.version
            )),
            Block::Table {
                columns: vec![
                    Column::left("Source", 1.0),
                    Column::left("Title", 4.0),
                    Column::left("Address", 4.0),
                ],
                rows: set
                    .sources
                    .iter()
                    .map(|s| {
                        vec![
                            s.id.clone(),
                            s.title.clone(),
                            s.url.clone().unwrap_or_default(),
                        ]
                    })
                    .collect(),
                bold_last: false,
            },
        ]
    }

    /// "Missed deadlines from 2020-12-06 to 2026-12-06: 3 missed, 2 made up", then each
    /// missed period of each person.
    fn missed_deadlines(&self) -> Vec<Block> {
        let (from, to) = self.range;
        let missed: u32 = self.people.iter().map(|(_, _, h)| h.missed).sum();
        let made_up: u32 = self.people.iter().map(|(_, _, h)| h.made_up).sum();
        let people = self.people.iter().filter(|(_, _, h)| h.missed > 0).count();
        let heading = Block::Heading(format!(
            "Missed deadlines from {from} to {to}: {missed} missed by {people} people, {made_up} made up"
        ));
        let mut rows = Vec::new();
        for (p, _, history) in &self.people {
            for (i, period) in missed_periods(history).enumerate() {
                let mut row = vec![if i == 0 {
                    format!("{}, {} ({})", p.last_name, p.first_name, p.badge)
                } else {
                    String::new()
                }];
                row.extend(missed_row(period));
                rows.push(row);
            }
        }
        if rows.is_empty() {
            return vec![heading, Block::Text("None.".into())];
        }
        vec![
            heading,
            missed_table(Some(Column::left("Person", 2.5)), rows),
        ]
    }

    pub fn file(&self, format: ReportFormat, generated: &Generated) -> ApiResult<Vec<u8>> {
        match format {
            ReportFormat::Csv => self.csv(),
            ReportFormat::Pdf => Ok(self.pdf(generated)),
        }
    }
}
