//! The demo agency's course catalog and sessions, added once (when the agency has no
//! courses), on dates around the agency's today: a past crisis-intervention session whose
//! roster waits for its attendance to be recorded, upcoming sessions with people enrolled,
//! and an officer's self-reported training waiting for verification. Nothing here changes a
//! verdict: attendance is not recorded and the report is pending.

use std::collections::BTreeMap;

use confitrek_domain::training::{
    CourseDraft, Delivery, EnrollmentStatus, RecordDraft, RecordSource, SessionDraft, ValidCourse,
    ValidRecord, ValidSession, Verification,
};
use sea_orm::ConnectionTrait;
use time::Duration;
use uuid::Uuid;

use crate::clock::Clock;
use crate::compliance::service::refresh_person;
use crate::db::training_records::{self, NewRecord};
use crate::db::{AgencyScope, courses, sessions};
use crate::training::context;

/// (title, provider, POST course number, delivery, cost in cents, hours by topic, events)
type Course = (
    &'static str,
    &'static str,
    Option<&'static str>,
    Delivery,
    i64,
    &'static [(&'static str, f64)],
    &'static [&'static str],
);

const COURSES: [Course; 5] = [
    (
        "Crisis Intervention Team refresher",
        "Minnesota CIT Officers Association",
        Some("MN-CE-26-0117"),
        Delivery::Hybrid,
        15_000,
        &[("crisis_intervention", 8.0)],
        &[],
    ),
    (
        "Use of Force and De-escalation",
        "Lakeview PD Training Unit",
        Some("MN-CE-26-0342"),
        Delivery::InPerson,
        0,
        &[("use_of_force", 4.0), ("conflict_management", 2.0)],
        &[],
    ),
    (
        "Firearms qualification",
        "Lakeview PD Range",
        None,
        Delivery::InPerson,
        4_500,
        &[("use_of_force", 2.0)],
        &["firearms_qualification"],
    ),
    (
        "Autism awareness (online)",
        "MN POST Board",
        Some("MN-CE-25-0911"),
        Delivery::Online,
        2_500,
        &[("autism", 4.0)],
        &[],
    ),
    (
        "Officer wellness and resilience",
        "Lakeview PD Peer Support",
        None,
        Delivery::InPerson,
        0,
        &[("officer_wellness", 2.0)],
        &[],
    ),
];

/// (course index, days from today it starts, days it lasts, location, instructor, capacity,
/// roster indexes into the demo roster)
/// A demo session's hours: from 08:00, the course's hours spread over its days, with half
/// an hour for lunch on a day longer than four hours.
fn day_hours(total: confitrek_domain::compliance::Minutes, days: i64) -> (String, String) {
    let per_day = i64::from(total.0) / days.max(1);
    let lunch = if per_day > 240 { 30 } else { 0 };
    let end = (8 * 60 + per_day + lunch).min(23 * 60 + 59);
    (
        "08:00".to_owned(),
        format!("{:02}:{:02}", end / 60, end % 60),
    )
}

type Session = (
    usize,
    i64,
    i64,
    &'static str,
    &'static str,
    Option<u32>,
    &'static [usize],
);

const SESSIONS: [Session; 4] = [
    // The five officers who still need crisis-intervention hours in this cycle.
    (
        0,
        -7,
        1,
        "Lakeview PD, training room B",
        "Sgt. Hayden Schmidt",
        Some(12),
        &[0, 4, 8, 12, 16],
    ),
    (
        1,
        14,
        1,
        "Lakeview PD, training room B",
        "Lt. Blake Anderson",
        Some(16),
        &[3, 5, 9],
    ),
    (
        2,
        21,
        1,
        "County range",
        "Range master Drew Larson",
        Some(10),
        &[0, 6, 12, 18],
    ),
    (
        4,
        35,
        1,
        "City hall, room 210",
        "Peer support team",
        None,
        &[],
    ),
];

fn hours(pairs: &[(&str, f64)]) -> BTreeMap<String, f64> {
    pairs.iter().map(|(t, h)| ((*t).to_owned(), *h)).collect()
}

/// Adds the catalog unless the agency has courses already. `person` finds a demo person by
/// roster index.
pub async fn seed(
    db: &impl ConnectionTrait,
    clock: &Clock,
    scope: AgencyScope,
    person: impl Fn(usize) -> Option<Uuid>,
) -> anyhow::Result<()> {
    if !courses::list(db, scope, None, None, 1).await?.is_empty() {
        return Ok(());
    }
    let ctx = context(db, clock, scope)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let invalid = |what: &str, e| anyhow::anyhow!("demo {what}: {e:?}");
    let mut course_rows = Vec::new();
    for (title, provider, number, delivery, cost, topics, events) in COURSES {
        let draft = CourseDraft {
            title: title.into(),
            provider: Some(provider.into()),
            post_course_number: number.map(Into::into),
            delivery,
            cost_cents: Some(cost),
            hours: hours(topics),
            events: events.iter().map(|e| (*e).to_owned()).collect(),
            active: true,
        };
        let valid = ValidCourse::parse(draft, &ctx.catalog).map_err(|e| invalid("course", e))?;
        course_rows.push((
            courses::insert(db, scope, &valid, clock.now()).await?,
            valid,
        ));
    }
    for (course, starts_in, days, location, instructor, capacity, roster) in SESSIONS {
        let (row, valid_course) = &course_rows[course];
        let starts_on = ctx.today + Duration::days(starts_in);
        let (start_time, end_time) = day_hours(valid_course.content.total(), days);
        let draft = SessionDraft {
            starts_on,
            ends_on: starts_on + Duration::days(days - 1),
            start_time: Some(start_time),
            end_time: Some(end_time),
            location: Some(location.into()),
            instructor: Some(instructor.into()),
            capacity,
        };
        let valid = ValidSession::parse(draft, valid_course.content.total(), 0)
            .map_err(|e| invalid("session", e))?;
        let session = sessions::insert(db, scope, row.id, &valid, clock.now()).await?;
        for id in roster.iter().filter_map(|i| person(*i)) {
            sessions::set_enrollment(
                db,
                scope,
                session.id,
                id,
                EnrollmentStatus::Enrolled,
                clock.now(),
            )
            .await?;
        }
    }
    // Officer Lindqvist (the officer login) reported a wellness webinar; it awaits checking.
    if let Some(dana) = person(3) {
        let draft = RecordDraft {
            title: "Officer wellness webinar".into(),
            completed_on: ctx.today - Duration::days(10),
            hours: hours(&[("officer_wellness", 1.5)]),
            events: vec![],
        };
        let valid =
            ValidRecord::parse(draft, &ctx.catalog, ctx.today).map_err(|e| invalid("record", e))?;
        let new = NewRecord {
            person_id: dana,
            course_id: None,
            session_id: None,
            source: RecordSource::SelfReported,
            verification: Verification::Pending,
            verified_by: None,
        };
        training_records::insert(db, scope, new, &valid, clock.now()).await?;
        refresh_person(db, clock, scope, dana)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    }
    println!(
        "Added {} courses and {} sessions to the catalog.",
        COURSES.len(),
        SESSIONS.len()
    );
    Ok(())
}
