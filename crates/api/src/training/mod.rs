//! Training: `/topics`, `/courses`, `/sessions` (rosters and attendance) and
//! `/training-records` (verification and corrections). Every write that changes what a
//! person has done re-evaluates that person in the same transaction.

pub mod attendance;
pub mod certificate_service;
pub mod certificates;
pub mod course_service;
pub mod courses;
pub mod record_service;
pub mod records;
pub mod session_service;
pub mod sessions;
pub mod topic_service;
pub mod topics;

use std::collections::{BTreeMap, BTreeSet};

use confitrek_domain::compliance::{Jurisdiction, RuleSet};
use confitrek_domain::training::Catalog;
use confitrek_types as dto;
use sea_orm::ConnectionTrait;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::compliance::jurisdictions;
use crate::db::entity::{course, person, training_record, training_session};
use crate::db::stored_files::Certificates;
use crate::db::{self, AgencyScope, agencies, people};
use crate::http::{ApiError, ApiResult};

/// What training input is checked against: the agency's today, its state's rules and the
/// topic and event codes records may name.
pub struct TrainingContext {
    pub today: Date,
    /// When the context was read, by the server's clock: the time of what is written with it.
    pub now: time::OffsetDateTime,
    pub jurisdiction_code: String,
    pub jurisdiction: Option<Jurisdiction>,
    pub catalog: Catalog,
    /// Codes of the state's topics and events (any version), which agency topics may not take.
    pub state_codes: BTreeSet<String>,
}

impl TrainingContext {
    pub fn rules_today(&self) -> Option<&RuleSet> {
        self.jurisdiction
            .as_ref()
            .and_then(|j| jurisdictions::in_force(j, self.today))
    }
}

pub async fn context(
    db: &impl ConnectionTrait,
    clock: &crate::clock::Clock,
    scope: AgencyScope,
) -> ApiResult<TrainingContext> {
    let agency = agencies::get(db, scope).await?.ok_or(ApiError::NotFound)?;
    let jurisdiction = jurisdictions::load(db, &agency.state_code)
        .await?
        .map(|(j, _)| j);
    let mut catalog = Catalog::default();
    let mut state_codes = BTreeSet::new();
    for version in jurisdiction.iter().flat_map(|j| j.versions()) {
        catalog
            .topics
            .extend(version.topics.iter().map(|t| t.code.clone()));
        catalog
            .events
            .extend(version.events.iter().map(|t| t.code.clone()));
        state_codes.extend(
            version
                .topics
                .iter()
                .chain(&version.events)
                .map(|t| t.code.clone()),
        );
    }
    catalog.topics.extend(
        db::topics::list(db, scope)
            .await?
            .into_iter()
            .map(|t| t.code),
    );
    Ok(TrainingContext {
        today: clock.today_in(&agency.time_zone),
        now: clock.now(),
        jurisdiction_code: agency.state_code,
        jurisdiction,
        catalog,
        state_codes,
    })
}

/// `{ "topic": minutes }` as stored, into decimal hours.
pub fn hours_of(minutes: &serde_json::Value) -> BTreeMap<String, f64> {
    serde_json::from_value::<BTreeMap<String, u32>>(minutes.clone())
        .unwrap_or_default()
        .into_iter()
        .map(|(code, m)| (code, f64::from(m) / 60.0))
        .collect()
}

fn total_hours(minutes: &serde_json::Value) -> f64 {
    let sum: u32 = serde_json::from_value::<BTreeMap<String, u32>>(minutes.clone())
        .unwrap_or_default()
        .values()
        .sum();
    f64::from(sum) / 60.0
}

pub(crate) fn events_of(events: &serde_json::Value) -> Vec<String> {
    serde_json::from_value(events.clone()).unwrap_or_default()
}

pub fn course_dto(c: course::Model) -> dto::CourseDto {
    dto::CourseDto {
        id: c.id,
        hours: hours_of(&c.minutes_by_topic),
        total_hours: total_hours(&c.minutes_by_topic),
        events: events_of(&c.events),
        delivery: c.delivery,
        title: c.title,
        provider: c.provider,
        post_course_number: c.post_course_number,
        cost_cents: c.cost_cents,
        active: c.active,
        created_at: c.created_at,
        updated_at: c.updated_at,
    }
}

pub fn session_dto(
    s: training_session::Model,
    course_title: String,
    (enrolled, attended): (u32, u32),
) -> dto::SessionDto {
    dto::SessionDto {
        id: s.id,
        course_id: s.course_id,
        course_title,
        starts_on: s.starts_on,
        ends_on: s.ends_on,
        start_time: s.start_time,
        end_time: s.end_time,
        location: s.location,
        instructor: s.instructor,
        capacity: s.capacity.and_then(|c| u32::try_from(c).ok()),
        enrolled,
        attended,
        created_at: s.created_at,
        updated_at: s.updated_at,
    }
}

pub fn display_name(p: &person::Model) -> String {
    format!("{}, {}", p.last_name, p.first_name)
}

fn updated_at(r: &training_record::Model) -> OffsetDateTime {
    r.updated_at.unwrap_or(r.created_at)
}

pub fn record_dto(r: training_record::Model, person_name: String) -> dto::TrainingRecordDto {
    dto::TrainingRecordDto {
        id: r.id,
        person_id: r.person_id,
        person_name,
        hours: hours_of(&r.minutes_by_topic),
        total_hours: total_hours(&r.minutes_by_topic),
        events: events_of(&r.events),
        source: r.source,
        verification: r.verification,
        updated_at: updated_at(&r),
        title: r.title,
        completed_on: r.completed_on,
        course_id: r.course_id,
        session_id: r.session_id,
        rejection_reason: r.rejection_reason,
        certificate: None,
        verified_by: r.verified_by,
        verified_at: r.verified_at,
        created_at: r.created_at,
    }
}

/// Records with the names of their people, loaded in one query.
pub async fn record_dtos(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    records: Vec<training_record::Model>,
) -> ApiResult<Vec<dto::TrainingRecordDto>> {
    let mut ids: Vec<Uuid> = records.iter().map(|r| r.person_id).collect();
    ids.sort();
    ids.dedup();
    let names: BTreeMap<Uuid, String> = people::many(db, scope, ids)
        .await?
        .iter()
        .map(|p| (p.id, display_name(p)))
        .collect();
    let record_ids: Vec<Uuid> = records.iter().map(|r| r.id).collect();
    let mut certificates: BTreeMap<Uuid, dto::CertificateDto> =
        crate::db::stored_files::of_owners::<Certificates>(db, scope, record_ids)
            .await?
            .into_iter()
            .map(|c| (c.record_id, crate::training::certificates::dto(c)))
            .collect();
    Ok(records
        .into_iter()
        .map(|r| {
            let name = names.get(&r.person_id).cloned().unwrap_or_default();
            let certificate = certificates.remove(&r.id);
            dto::TrainingRecordDto {
                certificate,
                ..record_dto(r, name)
            }
        })
        .collect())
}
