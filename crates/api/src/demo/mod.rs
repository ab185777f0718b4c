//! `confitrek demo`: a demo agency in Minnesota with 25 people and a login for each role.
//! Running it again keeps the agency and gives the demo logins new passwords.

use confitrek_domain::people::{PersonDraft, PersonKind, PersonStatus, ValidPerson};
use confitrek_domain::permissions::Role;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, Set};
use time::macros::date;
use uuid::Uuid;

use crate::auth::passwords;
use crate::auth::tokens::random_token;
use crate::clock::Clock;
use crate::compliance::service::refresh_person;
use crate::db::agencies::{self, NewAgency};
use crate::db::compliance::{self, NewTrainingRecord};
use crate::db::entity::user;
use crate::db::{AgencyScope, people, users};
use serde_json::json;

mod credentials_policies;
pub mod generated;
mod incidents;
mod training;

pub const AGENCY_NAME: &str = "Lakeview Police Department";

/// (first, last, title, unit, kind, hired year)
const ROSTER: [(&str, &str, &str, &str, PersonKind, i32); 25] = [
    (
        "Avery",
        "Brooks",
        "Chief of Police",
        "Administration",
        PersonKind::Officer,
        2004,
    ),
    (
        "Morgan",
        "Ellis",
        "Training Coordinator",
        "Administration",
        PersonKind::Officer,
        2011,
    ),
    (
        "Sam",
        "Okafor",
        "Sergeant",
        "Patrol",
        PersonKind::Officer,
        2012,
    ),
    (
        "Dana",
        "Lindqvist",
        "Patrol Officer",
        "Patrol",
        PersonKind::Officer,
        2019,
    ),
    (
        "Jordan",
        "Reyes",
        "Patrol Officer",
        "Patrol",
        PersonKind::Officer,
        2020,
    ),
    (
        "Casey",
        "Nguyen",
        "Patrol Officer",
        "Patrol",
        PersonKind::Officer,
        2021,
    ),
    (
        "Riley",
        "Haugen",
        "Patrol Officer",
        "Patrol",
        PersonKind::Officer,
        2018,
    ),
    (
        "Taylor",
        "Bergstrom",
        "Patrol Officer",
        "Patrol",
        PersonKind::Officer,
        2023,
    ),
    (
        "Jamie",
        "Olson",
        "Patrol Officer",
        "Patrol",
        PersonKind::Officer,
        2016,
    ),
    (
        "Alex",
        "Johansson",
        "Patrol Officer",
        "Patrol",
        PersonKind::Officer,
        2022,
    ),
    (
        "Quinn",
        "Abdi",
        "Patrol Officer",
        "Patrol",
        PersonKind::Officer,
        2024,
    ),
    (
        "Drew",
        "Larson",
        "K9 Handler",
        "Patrol",
        PersonKind::Officer,
        2015,
    ),
    (
        "Parker",
        "Vang",
        "School Resource Officer",
        "Patrol",
        PersonKind::Officer,
        2017,
    ),
    (
        "Hayden",
        "Schmidt",
        "Sergeant",
        "Investigations",
        PersonKind::Officer,
        2010,
    ),
    (
        "Reese",
        "Yang",
        "Detective",
        "Investigations",
        PersonKind::Officer,
        2014,
    ),
    (
        "Emerson",
        "Kowalski",
        "Detective",
        "Investigations",
        PersonKind::Officer,
        2013,
    ),
    (
        "Rowan",
        "Hassan",
        "Detective",
        "Investigations",
        PersonKind::Officer,
        2019,
    ),
    (
        "Skyler",
        "Peterson",
        "Reserve Officer",
        "Patrol",
        PersonKind::Officer,
        2021,
    ),
    (
        "Finley",
        "Moreno",
        "Part-time Officer",
        "Patrol",
        PersonKind::Officer,
        2022,
    ),
    (
        "Blake",
        "Anderson",
        "Lieutenant",
        "Administration",
        PersonKind::Officer,
        2008,
    ),
    (
        "Cameron",
        "Thao",
        "Dispatcher",
        "Dispatch",
        PersonKind::Civilian,
        2016,
    ),
    (
        "Logan",
        "Carlson",
        "Dispatcher",
        "Dispatch",
        PersonKind::Civilian,
        2020,
    ),
    (
        "Micah",
        "Warsame",
        "Records Technician",
        "Records",
        PersonKind::Civilian,
        2018,
    ),
    (
        "Sage",
        "Lindgren",
        "Crime Analyst",
        "Investigations",
        PersonKind::Civilian,
        2021,
    ),
    (
        "Kendall",
        "Fischer",
        "Administrative Assistant",
        "Administration",
        PersonKind::Civilian,
        2015,
    ),
];

/// (email, role, index into ROSTER of the linked person)
const LOGINS: [(&str, Role, Option<usize>); 5] = [
    ("operator@demo.confitrek.test", Role::PlatformOperator, None),
    ("admin@demo.confitrek.test", Role::AgencyAdmin, Some(0)),
    (
        "coordinator@demo.confitrek.test",
        Role::Coordinator,
        Some(1),
    ),
    ("supervisor@demo.confitrek.test", Role::Supervisor, Some(2)),
    ("officer@demo.confitrek.test", Role::Officer, Some(3)),
];

fn draft(i: usize, supervisor: Option<Uuid>) -> PersonDraft {
    let (first, last, title, unit, kind, hired) = ROSTER[i];
    let officer = kind == PersonKind::Officer;
    PersonDraft {
        kind,
        first_name: first.into(),
        last_name: last.into(),
        title: Some(title.into()),
        badge: format!("LV-{}", 1001 + i),
        email: Some(format!(
            "{}.{}@lakeview.example",
            first.to_lowercase(),
            last.to_lowercase()
        )),
        unit: Some(unit.into()),
        supervisor_id: supervisor,
        status: PersonStatus::Active,
        hire_date: time::Date::from_calendar_date(hired, time::Month::March, 1 + (i as u8 % 28))
            .ok(),
        separated_on: None,
        license_number: officer.then(|| format!("MN-{}", 40200 + i * 37)),
        // Minnesota licenses run in three-year cycles ending June 30.
        license_cycle_start: officer.then_some(date!(2024 - 07 - 01)),
        license_cycle_end: officer.then_some(date!(2027 - 06 - 30)),
        notes: None,
        role_flags: match title {
            "School Resource Officer" => vec!["sro".into()],
            "Sergeant" | "Lieutenant" | "Chief of Police" => vec!["supervisor".into()],
            "Reserve Officer" => vec!["reserve".into()],
            "Part-time Officer" => vec!["part_time".into()],
            "K9 Handler" => vec!["k9_handler".into()],
            _ => vec![],
        },
        certified_on: None,
        // The agency has kept its records in ConfiTrek since the current cycle began.
        history_from: Some(date!(2024 - 07 - 01)),
    }
}

fn ymd_or(year: i32, month: u8, day: u8) -> time::Date {
    time::Month::try_from(month)
        .ok()
        .and_then(|m| time::Date::from_calendar_date(year, m, day).ok())
        .unwrap_or(date!(2025 - 01 - 01))
}

/// A varied, deterministic history: most officers on track, some short of hours or of a
/// mandated topic, a few missing their annual use-of-force training or qualification.
fn training(
    i: usize,
) -> Vec<(
    time::Date,
    &'static str,
    serde_json::Value,
    serde_json::Value,
)> {
    let day = |y: i32, m: u8, d: usize| ymd_or(y, m, 1 + (d % 28) as u8);
    let mut records = vec![(
        day(2025, 3, i),
        "Annual in-service",
        json!({ "general": 60 * if i % 4 == 3 { 12 } else { 30 + (i * 7) % 12 } }),
        json!([]),
    )];
    if !i.is_multiple_of(4) {
        records.push((
            day(2025, 9, i + 3),
            "Crisis intervention (CIT)",
            json!({ "crisis_intervention": 360 }),
            json!([]),
        ));
    }
    if !i.is_multiple_of(5) {
        records.push((
            day(2025, 10, i + 5),
            "Autism awareness",
            json!({ "autism": 240 }),
            json!([]),
        ));
    }
    if !i.is_multiple_of(3) {
        records.push((
            day(2026, 1, i + 7),
            "Community, conflict and bias",
            json!({ "conflict_management": 60, "community_diversity": 60, "crimes_motivated_by_bias": 60 }),
            json!([]),
        ));
    }
    for year in [2024, 2025, 2026] {
        if !i.is_multiple_of(6) || year < 2026 {
            records.push((
                day(year, 2, i + 11),
                "Use of force and firearms (A-K)",
                json!({ "use_of_force": 120 }),
                json!([]),
            ));
            records.push((
                day(year, 4, i + 13),
                "Firearms qualification",
                json!({}),
                json!(["firearms_qualification"]),
            ));
        }
    }
    if !i.is_multiple_of(7) {
        records.push((
            day(2023, 5, i),
            "EVOC refresher",
            json!({ "evoc": 480 }),
            json!([]),
        ));
    }
    records
}

/// The reason a password was refused, as a sentence's end.
fn refusal(error: &crate::http::ApiError) -> String {
    error
        .to_problem()
        .errors
        .first()
        .map_or_else(|| "is refused".into(), |e| e.message.clone())
}

fn check_password(password: Option<&str>) -> anyhow::Result<()> {
    if let Some(p) = password {
        passwords::check_policy(p, &[])
            .map_err(|e| anyhow::anyhow!("--password {}", refusal(&e)))?;
    }
    Ok(())
}

/// A generated agency of `shape.people` people (see `generated`), with its demo logins.
pub async fn create_generated(
    db: &DatabaseConnection,
    clock: &Clock,
    shape: generated::Shape,
    password: Option<String>,
) -> anyhow::Result<()> {
    check_password(password.as_deref())?;
    let (agency_id, logins) = generated::create(db, clock, shape).await?;
    let txn = crate::db::begin_write(db).await?;
    let email = |role: Role| {
        logins
            .iter()
            .find(|(_, r, _)| *r == role)
            .map(|(e, _, _)| e.clone())
            .unwrap_or_default()
    };
    let (author, reviewer) = (email(Role::Officer), email(Role::Supervisor));
    agencies::mark_demo(&txn, agency_id).await?;
    set_logins(&txn, clock, agency_id, password, logins).await?;
    let mut rng = rand::SeedableRng::seed_from_u64(shape.seed ^ 0x00F0_F00F);
    let per_year = (shape.people / 8).max(12);
    seed_incidents(
        &txn,
        clock,
        agency_id,
        (&author, &reviewer),
        &mut rng,
        per_year,
        shape.years,
    )
    .await?;
    txn.commit().await?;
    // Statistics for the planner after a bulk load, as autovacuum would gather them later:
    // until then PostgreSQL plans the use-of-force aggregates as if the tables were empty.
    db.execute_unprepared("ANALYZE").await?;
    if db.get_database_backend() == sea_orm::DatabaseBackend::Sqlite {
        // SQLite keeps, besides each index's summary, samples of its values; with them it
        // prepares a statement again whenever a parameter's value changes, which costs more
        // than the better plan saves and which an agency's own database, never analysed
        // this way, does not do. The summaries stay.
        db.execute_unprepared("DELETE FROM sqlite_stat4").await?;
        db.execute_unprepared("ANALYZE sqlite_schema").await?;
    }
    Ok(())
}

/// Adds use-of-force incidents to an agency that has none yet: written by the officer login,
/// reviewed by the supervisor login, involving the active sworn officers.
async fn seed_incidents(
    txn: &sea_orm::DatabaseTransaction,
    clock: &Clock,
    agency_id: Uuid,
    (author, reviewer): (&str, &str),
    rng: &mut rand_chacha::ChaCha8Rng,
    per_year: u32,
    years: u32,
) -> anyhow::Result<()> {
    let scope = AgencyScope::new(agency_id);
    if incidents::any(txn, scope).await? {
        return Ok(());
    }
    let login = |email: &str| {
        let email = email.to_owned();
        async move {
            users::find_by_email(txn, &email)
                .await?
                .map(|u| u.id)
                .ok_or_else(|| anyhow::anyhow!("no demo login {email}"))
        }
    };
    let logins = (login(author).await?, login(reviewer).await?);
    let agency = agencies::get(txn, scope)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no agency {agency_id}"))?;
    let officers: Vec<Uuid> = people::list(
        txn,
        scope,
        &people::Visible::All,
        &Default::default(),
        None,
        100_000,
    )
    .await?
    .into_iter()
    .filter(|p| p.kind == PersonKind::Officer && p.status == PersonStatus::Active)
    .map(|p| p.id)
    .collect();
    let stream = incidents::Stream {
        officers: &officers,
        logins,
        per_year,
        years,
    };
    let today = clock.today_in(&agency.time_zone);
    let count = incidents::generate(txn, scope, rng, today, stream).await?;
    println!("Recorded {count} use-of-force incidents over {years} year(s).");
    Ok(())
}

/// Creates the demo logins, or gives existing ones a new password, and prints them.
async fn set_logins(
    txn: &sea_orm::DatabaseTransaction,
    clock: &Clock,
    agency_id: Uuid,
    password: Option<String>,
    logins: Vec<(String, Role, Option<Uuid>)>,
) -> anyhow::Result<()> {
    println!("\nDemo logins:");
    for (email, role, person_id) in logins {
        let password = password.clone().unwrap_or_else(|| random_token(12));
        let hash = passwords::hash(&password)?;
        // The demo's sergeant reviews the agency's use-of-force incidents.
        let uof_reviewer = role == Role::Supervisor;
        match users::find_by_email(txn, &email).await? {
            Some(existing) => {
                let mut model: user::ActiveModel = existing.into();
                model.password_hash = Set(Some(hash));
                model.uof_reviewer = Set(uof_reviewer);
                model.update(txn).await?;
            }
            None => {
                let created = users::insert(
                    txn,
                    users::NewUser {
                        agency_id: confitrek_domain::permissions::is_agency_role(role)
                            .then_some(agency_id),
                        person_id,
                        email: email.clone(),
                        role,
                        password_hash: Some(hash),
                        invitation: None,
                        service_account: false,
                    },
                    clock.now(),
                )
                .await?;
                if uof_reviewer && let Some(agency) = created.agency_id {
                    users::set_uof_reviewer(
                        txn,
                        AgencyScope::new(agency),
                        created.id,
                        true,
                        clock.now(),
                    )
                    .await?;
                }
            }
        }
        println!("  {:<18} {email:<44} {password}", role.as_str());
    }
    Ok(())
}

pub async fn create(
    db: &DatabaseConnection,
    clock: &Clock,
    password: Option<String>,
) -> anyhow::Result<()> {
    check_password(password.as_deref())?;
    let txn = crate::db::begin_write(db).await?;
    let agency = match agencies::find_by_name(&txn, AGENCY_NAME).await? {
        Some(agency) => agency,
        None => {
            let agency = agencies::insert(
                &txn,
                NewAgency {
                    name: AGENCY_NAME.into(),
                    state_code: "MN".into(),
                    subscription_status: confitrek_types::SubscriptionStatus::Trial,
                    modules: vec!["uof".into()],
                    time_zone: crate::clock::state_zone("MN").into(),
                },
                clock.now(),
            )
            .await?;
            let scope = AgencyScope::new(agency.id);
            let mut ids = Vec::new();
            for (i, entry) in ROSTER.iter().enumerate() {
                // Patrol reports to Sergeant Okafor, everyone else to the chief.
                let supervisor = match i {
                    0 => None,
                    _ if entry.3 == "Patrol" && i != 2 => ids.get(2).copied(),
                    _ => ids.first().copied(),
                };
                let person = ValidPerson::parse(draft(i, supervisor), None)
                    .map_err(|e| anyhow::anyhow!("demo roster: {e:?}"))?;
                let id = people::insert(&txn, scope, &person, clock.now()).await?.id;
                if ROSTER[i].4 == PersonKind::Officer {
                    for (on, title, minutes, events) in training(i) {
                        let record = NewTrainingRecord {
                            person_id: id,
                            completed_on: on,
                            title: title.into(),
                            minutes_by_topic: minutes,
                            events,
                        };
                        compliance::insert_record(&txn, scope, record, clock.now()).await?;
                    }
                }
                refresh_person(&txn, clock, scope, id)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e:?}"))?;
                ids.push(id);
            }
            println!("Created {AGENCY_NAME} (MN) with {} people.", ids.len());
            agency
        }
    };
    let scope = AgencyScope::new(agency.id);
    let roster = people::list(
        &txn,
        scope,
        &people::Visible::All,
        &Default::default(),
        None,
        100,
    )
    .await?;
    let person_id = |i: usize| {
        let badge = format!("LV-{}", 1001 + i);
        roster.iter().find(|p| p.badge == badge).map(|p| p.id)
    };
    training::seed(&txn, clock, scope, &person_id).await?;
    credentials_policies::seed(&txn, clock, scope, &person_id).await?;
    let logins = LOGINS
        .iter()
        .map(|(email, role, person)| (email.to_string(), *role, person.and_then(person_id)))
        .collect();
    agencies::mark_demo(&txn, agency.id).await?;
    set_logins(&txn, clock, agency.id, password, logins).await?;
    let mut rng = rand::SeedableRng::seed_from_u64(2026);
    seed_incidents(
        &txn,
        clock,
        agency.id,
        (
            "officer@demo.confitrek.test",
            "supervisor@demo.confitrek.test",
        ),
        &mut rng,
        12,
        1,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
