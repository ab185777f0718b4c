//! The agency compliance report as a PDF, written as its people are read: each person's
//! requirements go into the document (and on to the client) a page of people at a time;
//! what needs everyone (the summary that opens the report, the missed deadlines that close
//! it) is gathered on the way in compact form and laid out at the end.

use std::collections::BTreeMap;

use confitrek_domain::compliance::ComplianceStatus;
use confitrek_domain::dashboard::{self, Counts, Item, Standing};
use sea_orm::DatabaseConnection;
use time::Date;

use super::compliance::{ComplianceReport, Judged, date};
use super::pdf::{Block, Column, Writer};
use super::table::{Body, hours};
use super::transcript::{missed_periods, missed_row, missed_table};
use super::{Generated, words};
use crate::http::ApiResult;

/// Rows of each table on the first page, which stays one page.
const SUMMARY_ROWS: usize = 8;

impl ComplianceReport {
    pub(super) async fn write_pdf(
        &self,
        db: &DatabaseConnection,
        generated: &Generated,
        body: &Body,
    ) -> ApiResult<()> {
        let header = generated.header(
            self.rules.agency(),
            "Compliance report",
            format!("As of {}", self.as_of),
        );
        let mut pdf = Writer::new(header, true);
        pdf.block(&Block::Heading("Each person's requirements".into()));
        let mut table = pdf.table(&[
            Column::left("Person", 3.0),
            Column::left("Requirement", 3.0),
            Column::right("Earned", 0.9),
            Column::right("Required", 0.9),
            Column::right("Remaining", 1.0),
            Column::left("Due", 1.2),
            Column::left("Status", 1.1),
            Column::left("Explanation", 4.5),
        ]);
        let mut summary = Summary::default();
        let mut missed = Missed::default();
        let mut pages = self.pages();
        while let Some(page) = pages.next(db).await? {
            for (p, report, history) in &page {
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
                    table.row(&mut pdf, &[name.clone(), "No requirements".into()]);
                }
                for (i, r) in report.requirements.iter().enumerate() {
                    let row = [
                        if i == 0 { name.clone() } else { String::new() },
                        r.title.clone(),
                        hours(r.earned),
                        hours(r.required),
                        hours(r.remaining),
                        date(r.due),
                        words(r.status),
                        r.explanation.clone(),
                    ];
                    table.row(&mut pdf, &row);
                }
                missed.add(p, history);
            }
            summary.add(&page);
            body.send(pdf.take()).await?;
        }
        table.end(&mut pdf);
        for block in missed.blocks(self.range) {
            pdf.block(&block);
        }
        for block in self.sources() {
            pdf.block(&block);
        }
        pdf.block(&Block::PageBreak);
        let summary_page = pdf.page_mark();
        for block in self.summary_page(&summary) {
            pdf.block(&block);
        }
        body.send(pdf.take()).await?;
        body.send(pdf.finish_leading_with(summary_page)).await
    }

    /// The first page: the rule set, the rate and what it counts, the people by status and
    /// by unit, and who needs attention first; what follows is the detail.
    fn summary_page(&self, summary: &Summary) -> Vec<Block> {
        let totals = summary.totals;
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
        let units = summary.units();
        if units.len() > 1 {
            blocks.push(Block::Table {
                columns: vec![
                    Column::left("Unit", 3.0),
                    Column::right("People", 1.0),
                    Column::right("Compliant", 1.0),
                    Column::right("At risk", 1.0),
                    Column::right("Non-compliant", 1.2),
                    Column::right("Rate", 1.0),
                ],
                rows: units
                    .iter()
                    .take(SUMMARY_ROWS)
                    .map(|(unit, c)| {
                        vec![
                            unit.as_deref().unwrap_or("No unit").to_owned(),
                            c.people().to_string(),
                            c.compliant.to_string(),
                            c.at_risk.to_string(),
                            c.non_compliant.to_string(),
                            c.rate()
                                .map_or_else(|| "-".into(), |r| format!("{:.0} %", r * 100.0)),
                        ]
                    })
                    .collect(),
                bold_last: false,
            });
        }
        let more = summary.needing.saturating_sub(SUMMARY_ROWS);
        blocks.push(Block::Heading(format!(
            "Needs attention first: {} people{}",
            summary.needing,
            if more > 0 {
                format!(" ({more} more in the detail)")
            } else {
                String::new()
            }
        )));
        if summary.first.is_empty() {
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
                rows: summary
                    .first
                    .iter()
                    .map(|u| {
                        vec![
                            u.name.clone(),
                            u.unit.clone(),
                            words(u.status),
                            u.title.clone(),
                            date(u.due),
                        ]
                    })
                    .collect(),
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
}

/// The summary of everyone read so far, as [`dashboard::fold`] makes it of them all.
#[derive(Default)]
struct Summary {
    totals: Counts,
    units: BTreeMap<Option<String>, Counts>,
    /// How many people need attention, and the first of them in the dashboard's order.
    needing: usize,
    first: Vec<Urgent>,
}

/// A person who needs attention, as the summary names him or her.
struct Urgent {
    /// The dashboard's order ([`dashboard::Attention::order`]).
    key: (bool, bool, Option<Date>, String),
    name: String,
    unit: String,
    status: ComplianceStatus,
    title: String,
    due: Option<Date>,
}

impl Summary {
    fn add(&mut self, page: &[Judged]) {
        let names: Vec<String> = page
            .iter()
            .map(|(p, _, _)| format!("{}, {} ({})", p.last_name, p.first_name, p.badge))
            .collect();
        let standings: Vec<Standing> = page
            .iter()
            .zip(&names)
            .map(|((p, report, _), name)| Standing {
                person_id: p.id,
                name,
                badge: &p.badge,
                unit: p.unit.as_deref(),
                status: report.status,
                requirements: crate::dashboard::items(report),
            })
            .collect();
        let folded = dashboard::fold(&standings);
        self.totals += folded.totals;
        for (unit, counts) in &folded.units {
            *self.units.entry(unit.map(str::to_owned)).or_default() += *counts;
        }
        self.needing += folded.attention.len();
        // The pages come in the roster's order, as `fold` would have seen them: with a
        // stable sort, the first of the earlier pages stay ahead of equals on this one.
        self.first
            .extend(folded.attention.iter().take(SUMMARY_ROWS).map(|a| {
                let first: Option<&&Item> = a.lacking.first();
                let (non_compliant_last, no_due, due, name) = a.order();
                Urgent {
                    key: (non_compliant_last, no_due, due, name.to_owned()),
                    name: a.standing.name.to_owned(),
                    unit: a.standing.unit.unwrap_or("").to_owned(),
                    status: a.standing.status,
                    title: first.map(|i| i.title.to_owned()).unwrap_or_default(),
                    due,
                }
            }));
        self.first.sort_by(|a, b| a.key.cmp(&b.key));
        self.first.truncate(SUMMARY_ROWS);
    }

    /// The units by name, people without a unit last, as the dashboard lists them.
    fn units(&self) -> Vec<(&Option<String>, &Counts)> {
        let mut units: Vec<_> = self.units.iter().collect();
        let without_unit = usize::from(units.first().is_some_and(|(u, _)| u.is_none()));
        units.rotate_left(without_unit);
        units
    }
}

/// The deadlines missed in the report's range: every missed period's row (few, next to the
/// requirements of everyone) and the totals of its heading.
#[derive(Default)]
struct Missed {
    rows: Vec<Vec<String>>,
    missed: u32,
    made_up: u32,
    people: usize,
}

impl Missed {
    fn add(
        &mut self,
        p: &crate::db::entity::person::Model,
        history: &confitrek_types::ComplianceHistoryDto,
    ) {
        self.missed += history.missed;
        self.made_up += history.made_up;
        self.people += usize::from(history.missed > 0);
        for (i, period) in missed_periods(history).enumerate() {
            let mut row = vec![if i == 0 {
                format!("{}, {} ({})", p.last_name, p.first_name, p.badge)
            } else {
                String::new()
            }];
            row.extend(missed_row(period));
            self.rows.push(row);
        }
    }

    /// "Missed deadlines from 2020-12-06 to 2026-12-06: 3 missed by 2 people, 2 made up",
    /// then each missed period of each person.
    fn blocks(self, (from, to): (Date, Date)) -> Vec<Block> {
        let heading = Block::Heading(format!(
            "Missed deadlines from {from} to {to}: {} missed by {} people, {} made up",
            self.missed, self.people, self.made_up
        ));
        if self.rows.is_empty() {
            return vec![heading, Block::Text("None.".into())];
        }
        vec![
            heading,
            missed_table(Some(Column::left("Person", 2.5)), self.rows),
        ]
    }
}
