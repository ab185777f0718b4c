//! What a feed shows. A person's: each unmet requirement's due date (from the stored verdict,
//! with what is still needed), each awarded credential's expiry, and the sessions he or she
//! is on the roster of. The agency's: every session, and one event a day summarising whose
//! deadlines fall on it in the coming months.

use std::collections::{BTreeMap, HashMap};

use confitrek_types::{ComplianceReportDto, RequirementStatus};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use time::{Date, Duration};
use uuid::Uuid;

use super::ics::Event;
use crate::db::entity::{
    compliance_snapshot, course, credential, credential_type, person, session_enrollment,
    training_session,
};
use crate::db::{AgencyScope, compliance, credentials};

/// How far back sessions are listed, and how far ahead the agency's deadlines.
const PAST_SESSIONS_DAYS: i64 = 365;
const AGENCY_DEADLINE_DAYS: i64 = 183;

fn unmet(status: RequirementStatus) -> bool {
    matches!(
        status,
        RequirementStatus::Pending | RequirementStatus::AtRisk | RequirementStatus::Overdue
    )
}

fn report(snapshot: &compliance_snapshot::Model) -> Option<ComplianceReportDto> {
    serde_json::from_value(snapshot.report.clone()).ok()
}

pub async fn person_events(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    person_id: Uuid,
    today: Date,
) -> Result<Vec<Event>, DbErr> {
    let mut events = Vec::new();
    if let Some(report) = compliance::snapshot_of(db, scope, person_id)
        .await?
        .as_ref()
        .and_then(report)
    {
        for r in report.requirements.iter().filter(|r| unmet(r.status)) {
            let Some(due) = r.due else { continue };
            events.push(Event {
                uid: format!("deadline-{person_id}-{}-{due}@confitrek", r.requirement_id),
                first_day: due,
                last_day: due,
                summary: format!("Due: {}", r.title),
                description: Some(r.explanation.clone()),
                location: None,
                categories: Some("Deadline".into()),
            });
        }
    }
    let types: HashMap<Uuid, String> = credentials::types(db, scope)
        .await?
        .into_iter()
        .map(|t: credential_type::Model| (t.id, t.name))
        .collect();
    for c in credentials::of_person(db, scope, person_id).await? {
        let credential::Model {
            id,
            credential_type_id,
            expires_on: Some(expires),
            ..
        } = c
        else {
            continue;
        };
        let name = types
            .get(&credential_type_id)
            .map_or("Credential", String::as_str);
        events.push(Event {
            uid: format!("credential-{id}-{expires}@confitrek"),
            first_day: expires,
            last_day: expires,
            summary: format!("Expires: {name}"),
            description: Some(format!(
                "{name} expires on {expires}; renew it before then."
            )),
            location: None,
            categories: Some("Credential".into()),
        });
    }
    let enrolled: Vec<Uuid> = session_enrollment::Entity::find()
        .filter(session_enrollment::Column::AgencyId.eq(scope.id()))
        .filter(session_enrollment::Column::PersonId.eq(person_id))
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.session_id)
        .collect();
    let sessions = sessions(db, scope, today, Some(enrolled)).await?;
    events.extend(sessions);
    events.sort_by(|a, b| (a.first_day, &a.uid).cmp(&(b.first_day, &b.uid)));
    Ok(events)
}

pub async fn agency_events(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    today: Date,
) -> Result<Vec<Event>, DbErr> {
    let mut events = sessions(db, scope, today, None).await?;
    let until = today + Duration::days(AGENCY_DEADLINE_DAYS);
    let names: HashMap<Uuid, String> = person::Entity::find()
        .filter(person::Column::AgencyId.eq(scope.id()))
        .filter(person::Column::Status.eq("active"))
        .all(db)
        .await?
        .into_iter()
        .map(|p| {
            (
                p.id,
                format!("{}, {} ({})", p.last_name, p.first_name, p.badge),
            )
        })
        .collect();
    let mut by_day: BTreeMap<Date, Vec<String>> = BTreeMap::new();
    // A page of documents at a time, however large the agency.
    let mut after = None;
    loop {
        let page = compliance::snapshots_after(db, scope, None, after, 500).await?;
        let Some(last) = page.last() else { break };
        after = Some(last.person_id);
        for snapshot in &page {
            let Some(name) = names.get(&snapshot.person_id) else {
                continue;
            };
            let Ok(report) = snapshot.report() else {
                continue;
            };
            for r in report.requirements.iter().filter(|r| unmet(r.status)) {
                if let Some(due) = r.due.filter(|d| *d >= today && *d <= until) {
                    by_day
                        .entry(due)
                        .or_default()
                        .push(format!("{name}: {}", r.explanation));
                }
            }
        }
    }
    for (day, mut lines) in by_day {
        lines.sort();
        let people = {
            let mut names: Vec<&str> = lines
                .iter()
                .filter_map(|l| l.split_once(": ").map(|(n, _)| n))
                .collect();
            names.dedup();
            names.len()
        };
        let count = lines.len();
        events.push(Event {
            uid: format!("deadlines-{}-{day}@confitrek", scope.id()),
            first_day: day,
            last_day: day,
            summary: format!(
                "{count} deadline{} ({people} {})",
                if count == 1 { "" } else { "s" },
                if people == 1 { "person" } else { "people" }
            ),
            description: Some(lines.join("\n")),
            location: None,
            categories: Some("Deadline".into()),
        });
    }
    events.sort_by(|a, b| (a.first_day, &a.uid).cmp(&(b.first_day, &b.uid)));
    Ok(events)
}

/// The agency's sessions from a year ago on; only `only`'s when given.
async fn sessions(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    today: Date,
    only: Option<Vec<Uuid>>,
) -> Result<Vec<Event>, DbErr> {
    let mut query = training_session::Entity::find()
        .filter(training_session::Column::AgencyId.eq(scope.id()))
        .filter(training_session::Column::EndsOn.gte(today - Duration::days(PAST_SESSIONS_DAYS)))
        .order_by_asc(training_session::Column::StartsOn)
        .order_by_asc(training_session::Column::Id);
    if let Some(ids) = only {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        query = query.filter(training_session::Column::Id.is_in(ids));
    }
    let rows = query.all(db).await?;
    let titles: HashMap<Uuid, String> = course::Entity::find()
        .filter(course::Column::AgencyId.eq(scope.id()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.title))
        .collect();
    Ok(rows
        .into_iter()
        .map(|s| {
            let title = titles
                .get(&s.course_id)
                .cloned()
                .unwrap_or_else(|| "Training session".into());
            // The event spans the session's days; its hours are told in words.
            let hours = match (&s.start_time, &s.end_time) {
                (Some(start), Some(end)) => Some(format!("Hours: {start} to {end} each day")),
                (Some(start), None) => Some(format!("Starts at {start}")),
                _ => None,
            };
            let instructor = s.instructor.as_ref().map(|i| format!("Instructor: {i}"));
            let description = [hours, instructor]
                .into_iter()
                .flatten()
                .reduce(|a, b| format!("{a}. {b}"));
            Event {
                uid: format!("session-{}@confitrek", s.id),
                first_day: s.starts_on,
                last_day: s.ends_on.max(s.starts_on),
                summary: title,
                description,
                location: s.location,
                categories: Some("Training".into()),
            }
        })
        .collect())
}
