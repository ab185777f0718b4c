//! Hours in one topic per person over a range of days, with totals: the records whose hours
//! count for the agency (as the engine counts them), completed within the range.

use std::collections::BTreeMap;

use confitrek_types::ReportFormat;
use sea_orm::DatabaseConnection;
use time::Date;

use super::pdf::{Block, Column, Document};
use super::table::{csv, hours};
use super::{Generated, roster};
use crate::auth::Caller;
use crate::compliance::service::{AgencyRules, agency_rules};
use crate::db::batch;
use crate::db::entity::person;
use crate::http::{ApiError, ApiResult};

pub struct TopicReport {
    pub rules: AgencyRules,
    pub topic: String,
    pub title: String,
    pub from: Date,
    pub to: Date,
    /// Each person, with the number of records and the minutes in the topic.
    pub people: Vec<(person::Model, usize, u64)>,
}

pub async fn build(
    db: &DatabaseConnection,
    caller: &Caller,
    topic: &str,
    range: (Date, Date),
    unit: Option<&str>,
) -> ApiResult<TopicReport> {
    let scope = caller.scope()?;
    let rules = agency_rules(db, scope).await?;
    let titles = roster::topic_titles(db, scope, &rules).await?;
    let Some(title) = titles.get(topic).cloned() else {
        return Err(ApiError::field(
            "topic",
            "is not a topic of the agency's rules or its own",
        ));
    };
    let people = roster::people(db, caller, unit).await?;
    let ids: Vec<_> = people.iter().map(|p| p.id).collect();
    let mut records = batch::records_of_people(db, scope, &ids).await?;
    let (from, to) = range;
    let people = people
        .into_iter()
        .map(|p| {
            let (mut count, mut minutes) = (0, 0u64);
            for r in records.remove(&p.id).unwrap_or_default() {
                if r.completed_on < from || r.completed_on > to || !rules.counts(&r) {
                    continue;
                }
                let by_topic: BTreeMap<String, u32> =
                    serde_json::from_value(r.minutes_by_topic).unwrap_or_default();
                if let Some(m) = by_topic.get(topic) {
                    count += 1;
                    minutes += u64::from(*m);
                }
            }
            (p, count, minutes)
        })
        .collect();
    Ok(TopicReport {
        rules,
        topic: topic.to_owned(),
        title,
        from,
        to,
        people,
    })
}

fn as_hours(minutes: u64) -> String {
    hours(minutes as f64 / 60.0)
}

impl TopicReport {
    fn rows(&self) -> Vec<Vec<String>> {
        self.people
            .iter()
            .map(|(p, count, minutes)| {
                vec![
                    p.last_name.clone(),
                    p.first_name.clone(),
                    p.badge.clone(),
                    p.unit.clone().unwrap_or_default(),
                    count.to_string(),
                    as_hours(*minutes),
                ]
            })
            .collect()
    }

    fn total(&self) -> Vec<String> {
        let records: usize = self.people.iter().map(|(_, c, _)| c).sum();
        let minutes: u64 = self.people.iter().map(|(_, _, m)| m).sum();
        vec![
            "Total".into(),
            format!("{} people", self.people.len()),
            String::new(),
            String::new(),
            records.to_string(),
            as_hours(minutes),
        ]
    }

    /// One row per person, then the total.
    pub fn csv(&self) -> ApiResult<Vec<u8>> {
        let mut rows = self.rows();
        rows.push(self.total());
        csv(
            &[
                "last_name",
                "first_name",
                "badge",
                "unit",
                "records",
                "hours",
            ],
            &rows,
        )
    }

    pub fn pdf(&self, generated: &Generated) -> Vec<u8> {
        let mut rows = self.rows();
        rows.push(self.total());
        let blocks = vec![
            Block::Text(format!(
                "Hours of {} ({}) in training records completed from {} to {} that count for the agency.",
                self.title, self.topic, self.from, self.to
            )),
            Block::Table {
                columns: vec![
                    Column::left("Last name", 2.0),
                    Column::left("First name", 2.0),
                    Column::left("Badge", 1.2),
                    Column::left("Unit", 1.8),
                    Column::right("Records", 0.9),
                    Column::right("Hours", 0.9),
                ],
                rows,
                bold_last: true,
            },
        ];
        super::pdf::render(&Document {
            header: generated.header(
                self.rules.agency(),
                &format!("Topic report: {}", self.title),
                format!("From {} to {}", self.from, self.to),
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
