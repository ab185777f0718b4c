//! The involved officers' training as it stood on the incident day: the engine's report for
//! that day, narrowed to the requirements that count a topic of each use-of-force training
//! area, and the last training in the area.

use confitrek_domain::uof::last_trained_on;
use confitrek_types::{OfficerTrainingDto, TrainingArea, TrainingAreaDto};
use sea_orm::ConnectionTrait;
use time::Date;

use crate::compliance::service::{PersonHistory, agency_rules, judge};
use crate::db::AgencyScope;
use crate::db::entity::{person, training_record};
use crate::http::ApiResult;

/// The topic and event codes a record counts toward.
fn codes(record: &training_record::Model) -> Vec<String> {
    let mut codes: Vec<String> = record
        .minutes_by_topic
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    if let Some(events) = record.events.as_array() {
        codes.extend(events.iter().filter_map(|e| e.as_str().map(str::to_owned)));
    }
    codes
}

/// Each officer's training on `day`, in the order given.
pub async fn on_day(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    officers: &[person::Model],
    day: Date,
) -> ApiResult<Vec<OfficerTrainingDto>> {
    let rules = agency_rules(db, scope).await?;
    let ids: Vec<_> = officers.iter().map(|p| p.id).collect();
    let mut histories = PersonHistory::load_many(db, scope, &rules, &ids).await?;
    let rule_set = rules.rule_set_on(day);
    Ok(officers
        .iter()
        .map(|officer| {
            let history = histories.remove(&officer.id).unwrap_or_default();
            let report = judge(&rules, officer, &history, day);
            let counted: Vec<(Date, Vec<String>)> = history
                .records
                .iter()
                .filter(|r| rules.counts(r))
                .map(|r| (r.completed_on, codes(r)))
                .collect();
            let areas = TrainingArea::ALL
                .iter()
                .map(|&area| {
                    let topics = rule_set
                        .map(|rs| rs.uof_area_codes(area))
                        .unwrap_or_default();
                    TrainingAreaDto {
                        area,
                        requirements: report
                            .requirements
                            .iter()
                            .filter(|r| r.topics.iter().any(|t| topics.contains(t)))
                            .cloned()
                            .collect(),
                        last_trained_on: last_trained_on(
                            counted.iter().map(|(d, c)| (*d, c.as_slice())),
                            &topics,
                            day,
                        ),
                        topics,
                    }
                })
                .collect();
            OfficerTrainingDto {
                person_id: officer.id,
                name: crate::training::display_name(officer),
                as_of: day,
                jurisdiction: report.jurisdiction,
                areas,
            }
        })
        .collect())
}
