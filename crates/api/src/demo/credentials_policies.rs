//! The demo agency's credentials and policies, added once (when the agency has no credential
//! types, and when it has no pursuit policy), on dates around the agency's today:
//!
//! - "TASER X2 user", valid 12 months (renewed by a TASER course if the catalog has one),
//!   required of the TASER carriers through a training profile: current for most, expiring
//!   within weeks for Taylor Bergstrom, lapsed for Rowan Hassan (non-compliant for it).
//! - "Firearms qualification card", valid 12 months, earned by every firearms
//!   qualification on record: credentials derived from training, required by nothing.
//! - "Vehicle pursuit policy", assigned to all sworn officers: version 1 from January 2025,
//!   version 2 published ten days ago with 30 days to acknowledge, acknowledged by every
//!   officer but Alex Johansson and Rowan Hassan (at risk for it).

use confitrek_domain::compliance::Assignment;
use confitrek_domain::credentials::{
    AwardDraft, CredentialTypeDraft, Renewal, ValidAward, ValidCredentialType,
};
use confitrek_domain::people::PersonKind;
use confitrek_domain::policies::{PolicyDraft, ValidPolicy, attestation};
use sea_orm::ConnectionTrait;
use serde_json::json;
use time::{Date, Duration, OffsetDateTime, Time};
use uuid::Uuid;

use super::ROSTER;
use crate::clock::Clock;
use crate::compliance::service::refresh_everyone;
use crate::db::{AgencyScope, agencies, agency_rules, credentials, policies};
use crate::policies::sha256_hex;

/// Indexes into the roster.
const DANA: usize = 3;
const JORDAN: usize = 4;
const RILEY: usize = 6;
const TAYLOR: usize = 7;
const ALEX: usize = 9;
const PARKER: usize = 12;
const ROWAN: usize = 16;

const PURSUIT_V1: &str = "Lakeview Police Department Policy 4.2: Vehicle pursuits

1. A pursuit may be started only to apprehend a person suspected of a violent felony.
2. No more than two police vehicles take part unless a supervisor directs otherwise.
3. Officers end a pursuit when the danger to the public outweighs the need to apprehend.";

const PURSUIT_V2: &str = "Lakeview Police Department Policy 4.2: Vehicle pursuits (revised)

1. A pursuit may be started only to apprehend a person suspected of a violent felony.
2. A supervisor must approve a pursuit as soon as practical and may end it at any time.
3. No more than two police vehicles take part unless the supervisor directs otherwise.
4. Officers end a pursuit when the danger to the public outweighs the need to apprehend.
5. Intentional contact (PIT) is used only by officers trained in it within 12 months.";

fn invalid(what: &str, e: impl std::fmt::Debug) -> anyhow::Error {
    anyhow::anyhow!("demo {what}: {e:?}")
}

/// Mid-morning in Minnesota on `day`: the same calendar day in the agency's zone.
fn morning(day: Date) -> OffsetDateTime {
    day.with_time(Time::from_hms(15, 0, 0).unwrap_or(Time::MIDNIGHT))
        .assume_utc()
}

pub async fn seed(
    db: &impl ConnectionTrait,
    clock: &Clock,
    scope: AgencyScope,
    person: impl Fn(usize) -> Option<Uuid>,
) -> anyhow::Result<()> {
    let agency = agencies::get(db, scope)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo agency vanished"))?;
    let today = clock.today_in(&agency.time_zone);
    let mut changed = false;
    if credentials::types(db, scope).await?.is_empty() {
        seed_credentials(db, clock, scope, &person, today).await?;
        changed = true;
    }
    if !policies::policies(db, scope)
        .await?
        .iter()
        .any(|p| p.code == "vehicle_pursuit")
    {
        seed_policy(db, clock, scope, &person, today).await?;
        changed = true;
    }
    if changed {
        refresh_everyone(db, clock, scope)
            .await
            .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    }
    Ok(())
}

async fn seed_credentials(
    db: &impl ConnectionTrait,
    clock: &Clock,
    scope: AgencyScope,
    person: &impl Fn(usize) -> Option<Uuid>,
    today: Date,
) -> anyhow::Result<()> {
    let taser_courses = credentials::courses_titled(db, scope, "taser").await?;
    let firearms_courses = credentials::courses_titled(db, scope, "firearms qualification").await?;
    let kinds = [
        ("taser_x2", "TASER X2 user", taser_courses, vec![]),
        (
            "firearms_card",
            "Firearms qualification card",
            firearms_courses,
            vec!["firearms_qualification".to_owned()],
        ),
    ];
    let mut taser = None;
    for (code, name, course_ids, events) in kinds {
        let valid = ValidCredentialType::parse(CredentialTypeDraft {
            code: code.into(),
            name: name.into(),
            validity_months: Some(12),
            renewal: Renewal { course_ids, events },
        })
        .map_err(|e| invalid("credential type", e))?;
        let renewed_by = serde_json::to_value(&valid.renewal)?;
        let row = credentials::save_type(db, scope, None, valid, renewed_by, clock.now()).await?;
        if code == "taser_x2" {
            taser = Some(row);
        }
    }
    let taser = taser.ok_or_else(|| anyhow::anyhow!("demo TASER type"))?;
    // (who, issued this many days ago): current, current, current, expiring in about three
    // weeks, lapsed about two months ago.
    let awards = [
        (JORDAN, 120),
        (RILEY, 200),
        (PARKER, 40),
        (TAYLOR, 345),
        (ROWAN, 425),
    ];
    let mut carriers = Vec::new();
    for (i, days_ago) in awards {
        let Some(id) = person(i) else { continue };
        let award = ValidAward::parse(
            AwardDraft {
                issued_on: today - Duration::days(days_ago),
                expires_on: None,
                note: Some("TASER X2 user course, Lakeview PD Training Unit".into()),
            },
            Some(12),
            today,
        )
        .map_err(|e| invalid("award", e))?;
        credentials::insert(
            db,
            scope,
            credentials::NewCredential {
                person_id: id,
                credential_type_id: taser.id,
                award,
                awarded_by: None,
            },
            clock.now(),
        )
        .await?;
        carriers.push(id);
    }
    let requirement = json!({
        "id": "agency.taser_x2",
        "title": "TASER X2 user certification",
        "subject": "TASER X2 user certification",
        "citations": ["Lakeview PD Policy 3.10 (conducted energy weapons)"],
        "period": { "kind": "at_all_times" },
        "measure": { "kind": "credential", "credential_type": "taser_x2" }
    });
    if agency_rules::requirements(db, scope)
        .await?
        .iter()
        .all(|r| r.code != "agency.taser_x2")
    {
        let code = "agency.taser_x2".into();
        agency_rules::save_requirement(db, scope, None, code, requirement, clock.now()).await?;
        let assignment = serde_json::to_value(Assignment::People { people: carriers })?;
        agency_rules::save_profile(
            db,
            scope,
            None,
            "TASER carriers".into(),
            json!(["agency.taser_x2"]),
            assignment,
            clock.now(),
        )
        .await?;
    }
    Ok(())
}

async fn seed_policy(
    db: &impl ConnectionTrait,
    clock: &Clock,
    scope: AgencyScope,
    person: &impl Fn(usize) -> Option<Uuid>,
    today: Date,
) -> anyhow::Result<()> {
    let valid = ValidPolicy::parse(PolicyDraft {
        code: "vehicle_pursuit".into(),
        title: "Vehicle pursuit policy".into(),
        due_days: 30,
        assignment: Assignment::Officers,
    })
    .map_err(|e| invalid("policy", e))?;
    let assignment = serde_json::to_value(&valid.assignment)?;
    let title = valid.title.clone();
    let policy = policies::save_policy(db, scope, None, valid, assignment, clock.now()).await?;
    let first_published = Date::from_calendar_date(2025, time::Month::January, 6)?;
    let published = [
        (1, first_published, PURSUIT_V1),
        (2, today - Duration::days(10), PURSUIT_V2),
    ];
    let mut versions = Vec::new();
    for (number, published_on, content) in published {
        let row = policies::insert_version(
            db,
            scope,
            policies::NewVersion {
                policy_id: policy.id,
                version: number,
                content: content.to_owned(),
                content_sha256: sha256_hex(content),
                file_id: None,
                published_on,
                created_by: None,
            },
            clock.now(),
        )
        .await?;
        versions.push(row);
    }
    for (i, entry) in ROSTER.iter().enumerate() {
        let Some(id) = person(i).filter(|_| entry.4 == PersonKind::Officer) else {
            continue;
        };
        let spread = i64::try_from(i % 7).unwrap_or(0);
        for version in &versions {
            let on = if version.version == 1 {
                first_published + Duration::days(2 + spread)
            } else if i == ALEX || i == ROWAN {
                continue;
            } else {
                // Dana acknowledged on the day it came out; the others over the next week.
                let after = if i == DANA { 0 } else { 1 + spread };
                version.published_on + Duration::days(after)
            };
            policies::insert_acknowledgement(
                db,
                scope,
                policies::NewAcknowledgement {
                    person_id: id,
                    policy_version_id: version.id,
                    acknowledged_at: morning(on.min(today)),
                    ip: Some("192.0.2.10".into()),
                    content_sha256: version.content_sha256.clone(),
                    attestation: attestation(&title, u32::try_from(version.version)?),
                },
            )
            .await?;
        }
    }
    Ok(())
}
