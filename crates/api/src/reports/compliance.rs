//! The agency compliance report as of a day: every person the caller sees, every
//! requirement, earned against required, status and explanation, with the version of the
//! state's rules in force that day and the sources it cites, and the deadlines each person
//! missed in the six years before that day.

use confitrek_types::{
    ComplianceHistoryDto, ComplianceReportDto, ReportFormat, RequirementResultDto,
};
use sea_orm::DatabaseConnection;
use time::Date;

use super::Generated;
use super::roster::Roster;
use super::table::{Body, append_csv, csv, hours};
use crate::auth::Caller;
use crate::compliance::service::{AgencyRules, agency_rules, evaluate_people, history_range};
use crate::db::AgencyScope;
use crate::db::entity::person;
use crate::http::ApiResult;

pub struct ComplianceReport {
    pub as_of: Date,
    pub(super) rules: AgencyRules,
    /// The range of the missed deadlines: the six years up to `as_of`.
    pub(super) range: (Date, Date),
    scope: AgencyScope,
    roster: Roster,
    clock: crate::clock::Clock,
}

/// A person of the report, judged: the report on `as_of` and the missed deadlines.
pub(super) type Judged = (person::Model, ComplianceReportDto, ComplianceHistoryDto);

/// People judged at a time: few queries per page, and a page's reports and histories are
/// all a report holds of its people, however large the agency.
const PAGE: u64 = 250;

/// Checks the parameters and loads the agency's rules for a report on `as_of` (the agency's
/// today by default) of every person the caller sees (of `unit`, if given); the people are
/// read and judged as the report is written ([`ComplianceReport::pages`]).
pub async fn prepare(
    db: &DatabaseConnection,
    caller: &Caller,
    as_of: Option<Date>,
    unit: Option<&str>,
) -> ApiResult<ComplianceReport> {
    let as_of = as_of
        .map(|d| confitrek_domain::compliance::judgeable("as_of", d))
        .transpose()?;
    let scope = caller.scope()?;
    let roster = Roster::of(db, caller, unit).await?;
    let rules = agency_rules(db, scope).await?;
    let as_of = as_of.unwrap_or_else(|| caller.clock.today_in(&rules.agency().time_zone));
    let range = history_range((None, Some(as_of)), as_of)?;
    Ok(ComplianceReport {
        as_of,
        rules,
        range,
        scope,
        roster,
        clock: caller.clock.clone(),
    })
}

/// The report's people a page at a time, by name.
pub(super) struct Pages<'r> {
    report: &'r ComplianceReport,
    last: Option<person::Model>,
    done: bool,
}

impl Pages<'_> {
    /// The next people, judged on the report's day; on today the stored verdicts are read
    /// (as the dashboard and the matrix read them), judging again only those with none
    /// current. `None` once everyone has been read.
    pub(super) async fn next(&mut self, db: &DatabaseConnection) -> ApiResult<Option<Vec<Judged>>> {
        if self.done {
            return Ok(None);
        }
        let r = self.report;
        let people = r.roster.page(db, self.last.as_ref(), PAGE).await?;
        self.done = (people.len() as u64) < PAGE;
        self.last = people.last().cloned();
        if people.is_empty() {
            return Ok(None);
        }
        let reports =
            evaluate_people(db, &r.clock, r.scope, &r.rules, r.as_of, r.range, &people).await?;
        Ok(Some(
            people
                .into_iter()
                .zip(reports)
                .map(|(p, (report, history))| (p, report, history))
                .collect(),
        ))
    }
}

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

pub(super) fn date(d: Option<Date>) -> String {
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
    pub(super) fn pages(&self) -> Pages<'_> {
        Pages {
            report: self,
            last: None,
            done: false,
        }
    }

    fn rule_set_label(&self) -> String {
        match self.rules.rule_set_on(self.as_of) {
            Some(set) => format!("{} v{}", set.jurisdiction, set.version),
            None => String::new(),
        }
    }

    /// Writes the report to `body` as it reads the people: the CSV a page of people at a
    /// time, the PDF a page of people's rows at a time (see [`super::compliance_pdf`]).
    pub async fn write(
        &self,
        db: &DatabaseConnection,
        format: ReportFormat,
        generated: &Generated,
        body: &Body,
    ) -> ApiResult<()> {
        match format {
            ReportFormat::Csv => self.write_csv(db, body).await,
            ReportFormat::Pdf => self.write_pdf(db, generated, body).await,
        }
    }

    /// One row per person and requirement; a person with no requirement has one row.
    async fn write_csv(&self, db: &DatabaseConnection, body: &Body) -> ApiResult<()> {
        let rule_set = self.rule_set_label();
        let mut out = csv(&HEADER, &[])?;
        let mut pages = self.pages();
        while let Some(page) = pages.next(db).await? {
            let mut rows = Vec::new();
            for judged in &page {
                self.csv_rows(judged, &rule_set, &mut rows);
            }
            append_csv(&mut out, &rows)?;
            body.send(std::mem::take(&mut out)).await?;
        }
        body.send(out).await
    }

    fn csv_rows(&self, (p, report, history): &Judged, rule_set: &str, rows: &mut Vec<Vec<String>>) {
        let missed = [
            self.range.0.to_string(),
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
            row.push(rule_set.to_owned());
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
                rule_set.to_owned(),
                sources(r),
            ]);
            row.extend(missed.iter().cloned());
            rows.push(row);
        }
    }
}
