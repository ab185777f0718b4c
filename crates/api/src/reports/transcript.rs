//! A person's training transcript: who, every training record with its hours by topic and
//! verification, the credentials held, where he or she stands today, and the deadlines of the
//! last six years that were missed, with how each was put right.

use std::collections::{BTreeMap, HashSet};

use confitrek_types::{
    ComplianceHistoryDto, ComplianceReportDto, CredentialDto, CredentialSource, PeriodHistoryDto,
    PeriodVerdict, ReportFormat,
};
use sea_orm::DatabaseConnection;

use super::pdf::{Block, Column, Document};
use super::table::{csv, hours};
use super::{Generated, roster, words};
use crate::auth::Caller;
use crate::compliance::service::{agency_rules, evaluate_with, history_with};
use crate::db::compliance;
use crate::db::entity::{agency, person, training_record};
use crate::db::stored_files::{self, Certificates};
use crate::http::ApiResult;

pub struct Transcript {
    pub agency: agency::Model,
    pub person: person::Model,
    pub records: Vec<training_record::Model>,
    /// Records with a certificate on file.
    pub certified: HashSet<uuid::Uuid>,
    pub credentials: Vec<CredentialDto>,
    pub compliance: ComplianceReportDto,
    /// The last six years, for the missed deadlines.
    pub history: ComplianceHistoryDto,
    topics: BTreeMap<String, String>,
}

/// The transcript of a person the caller may see (404 otherwise).
pub async fn build(
    db: &DatabaseConnection,
    caller: &Caller,
    person_id: uuid::Uuid,
) -> ApiResult<Transcript> {
    let person = crate::people::service::get(db, caller, person_id).await?;
    let scope = caller.scope()?;
    let rules = agency_rules(db, scope).await?;
    let records = compliance::records_of(db, scope, person.id).await?;
    let certified =
        stored_files::of_owners::<Certificates>(db, scope, records.iter().map(|r| r.id).collect())
            .await?
            .into_iter()
            .map(|c| c.record_id)
            .collect();
    let credentials = crate::credentials::awards::list(db, caller, person.id).await?;
    let compliance = evaluate_with(
        db,
        scope,
        &rules,
        &person,
        caller.clock.today_in(&rules.agency().time_zone),
    )
    .await?;
    let history = history_with(db, &caller.clock, scope, &rules, &person, (None, None)).await?;
    let topics = roster::topic_titles(db, scope, &rules).await?;
    Ok(Transcript {
        agency: rules.agency().clone(),
        person,
        records,
        certified,
        credentials,
        compliance,
        history,
        topics,
    })
}

fn minutes(r: &training_record::Model) -> BTreeMap<String, u32> {
    serde_json::from_value(r.minutes_by_topic.clone()).unwrap_or_default()
}

impl Transcript {
    fn by_topic(&self, r: &training_record::Model) -> String {
        minutes(r)
            .iter()
            .map(|(code, m)| {
                let title = self.topics.get(code).unwrap_or(code);
                format!("{title} {}", hours(f64::from(*m) / 60.0))
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn total(r: &training_record::Model) -> String {
        hours(f64::from(minutes(r).values().sum::<u32>()) / 60.0)
    }

    fn record_rows(&self) -> Vec<Vec<String>> {
        self.records
            .iter()
            .map(|r| {
                vec![
                    r.completed_on.to_string(),
                    r.title.clone(),
                    self.by_topic(r),
                    Self::total(r),
                    r.source.as_str().to_owned(),
                    r.verification.as_str().to_owned(),
                    if self.certified.contains(&r.id) {
                        "yes"
                    } else {
                        "no"
                    }
                    .into(),
                ]
            })
            .collect()
    }

    /// One row per training record.
    pub fn csv(&self) -> ApiResult<Vec<u8>> {
        csv(
            &[
                "completed_on",
                "title",
                "hours_by_topic",
                "total_hours",
                "source",
                "verification",
                "certificate_on_file",
            ],
            &self.record_rows(),
        )
    }

    pub fn pdf(&self, generated: &Generated) -> Vec<u8> {
        let p = &self.person;
        let optional = |label: &str, value: Option<String>| {
            value.map(|v| format!("{label}: {v}")).unwrap_or_default()
        };
        let who = [
            format!("Badge {}", p.badge),
            optional("Title", p.title.clone()),
            optional("Unit", p.unit.clone()),
            format!("Status: {}", p.status),
            optional("Hired", p.hire_date.map(|d| d.to_string())),
            optional("Licence", p.license_number.clone()),
            optional(
                "Licence cycle",
                p.license_cycle_start
                    .zip(p.license_cycle_end)
                    .map(|(s, e)| format!("{s} to {e}")),
            ),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(".  ");
        let mut blocks = vec![
            Block::Heading(format!("{} {}", p.first_name, p.last_name)),
            Block::Text(who),
            Block::Heading(format!("Training records ({})", self.records.len())),
        ];
        let mut rows = self.record_rows();
        let total: u32 = self
            .records
            .iter()
            .map(|r| minutes(r).values().sum::<u32>())
            .sum();
        rows.push(vec![
            "Total".into(),
            String::new(),
            String::new(),
            hours(f64::from(total) / 60.0),
        ]);
        blocks.push(Block::Table {
            columns: vec![
                Column::left("Date", 1.1),
                Column::left("Title", 3.0),
                Column::left("Hours by topic", 3.5),
                Column::right("Hours", 0.8),
                Column::left("Source", 1.2),
                Column::left("Verification", 1.1),
                Column::left("Certificate", 0.9),
            ],
            rows,
            bold_last: true,
        });
        blocks.push(Block::Heading("Credentials".into()));
        if self.credentials.is_empty() {
            blocks.push(Block::Text("None.".into()));
        } else {
            blocks.push(Block::Table {
                columns: vec![
                    Column::left("Credential", 3.0),
                    Column::left("Issued", 1.2),
                    Column::left("Expires", 1.2),
                    Column::left("How", 1.2),
                    Column::left("Standing", 1.4),
                ],
                rows: self
                    .credentials
                    .iter()
                    .map(|c| {
                        vec![
                            c.credential_type_name.clone(),
                            c.issued_on.to_string(),
                            c.expires_on
                                .map(|d| d.to_string())
                                .unwrap_or("never".into()),
                            match c.source {
                                CredentialSource::Awarded => "awarded",
                                CredentialSource::Training => "by training",
                            }
                            .into(),
                            words(c.standing),
                        ]
                    })
                    .collect(),
                bold_last: false,
            });
        }
        let c = &self.compliance;
        blocks.push(Block::Heading(format!(
            "Compliance on {}: {}",
            c.as_of,
            words(c.status)
        )));
        blocks.push(Block::Table {
            columns: vec![
                Column::left("Requirement", 3.0),
                Column::right("Earned", 0.8),
                Column::right("Required", 0.8),
                Column::left("Due", 1.1),
                Column::left("Status", 1.0),
                Column::left("Explanation", 4.0),
            ],
            rows: c
                .requirements
                .iter()
                .map(|r| {
                    vec![
                        r.title.clone(),
                        hours(r.earned),
                        hours(r.required),
                        r.due.map(|d| d.to_string()).unwrap_or_default(),
                        words(r.status),
                        r.explanation.clone(),
                    ]
                })
                .collect(),
            bold_last: false,
        });
        blocks.extend(missed_deadlines(&self.history));
        super::pdf::render(&Document {
            header: generated.header(
                &self.agency,
                "Training transcript",
                format!("{} {}, as of {}", p.first_name, p.last_name, c.as_of),
            ),
            landscape: false,
            blocks,
        })
    }

    pub fn file(&self, format: ReportFormat, generated: &Generated) -> ApiResult<Vec<u8>> {
        match format {
            ReportFormat::Csv => self.csv(),
            ReportFormat::Pdf => Ok(self.pdf(generated)),
        }
    }
}

/// "Missed deadlines from 2020-12-06 to 2026-12-06: 3 missed, 2 made up", then one row per
/// missed period: what it was short and when (if ever) it was made up.
pub(super) fn missed_deadlines(history: &ComplianceHistoryDto) -> Vec<Block> {
    let heading = Block::Heading(format!(
        "Missed deadlines from {} to {}: {} missed, {} made up",
        history.from, history.to, history.missed, history.made_up
    ));
    let rows: Vec<Vec<String>> = missed_periods(history).map(missed_row).collect();
    if rows.is_empty() {
        return vec![heading, Block::Text("None.".into())];
    }
    vec![heading, missed_table(None, rows)]
}

/// The periods of a history that missed their deadline, made up later or not.
pub(super) fn missed_periods(
    history: &ComplianceHistoryDto,
) -> impl Iterator<Item = &PeriodHistoryDto> {
    history
        .periods
        .iter()
        .filter(|p| matches!(p.verdict, PeriodVerdict::Missed | PeriodVerdict::MadeUpLate))
}

pub(super) fn missed_row(p: &PeriodHistoryDto) -> Vec<String> {
    vec![
        p.title.clone(),
        p.due.to_string(),
        hours(p.shortfall_hours),
        p.made_up_on.map(|d| d.to_string()).unwrap_or_default(),
        p.verdict.label().to_owned(),
        match &p.consequence {
            Some(c) => format!("{} ({c})", p.explanation),
            None => p.explanation.clone(),
        },
    ]
}

/// The table of [`missed_row`]s, after a column naming the person when there is one.
pub(super) fn missed_table(person: Option<Column>, rows: Vec<Vec<String>>) -> Block {
    let mut columns: Vec<Column> = person.into_iter().collect();
    columns.extend([
        Column::left("Requirement", 3.0),
        Column::left("Deadline", 1.1),
        Column::right("Short", 0.8),
        Column::left("Made up on", 1.1),
        Column::left("Verdict", 1.4),
        Column::left("What happened", 4.0),
    ]);
    Block::Table {
        columns,
        rows,
        bold_last: false,
    }
}
