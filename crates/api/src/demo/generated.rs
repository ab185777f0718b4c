//! `confitrek demo --people N --years Y --seed S`: a Minnesota agency of any size with years
//! of training history, for demonstrations and benchmarks. Everything is drawn from a ChaCha
//! stream seeded with S, so the same N, Y and S on the same day give the same roster, the
//! same records and the same verdicts; dates are laid out backwards from the agency's today
//! so the picture is current whenever it runs. Row ids are fresh each time.

use confitrek_domain::people::{PersonDraft, PersonKind, PersonStatus, ValidPerson};
use confitrek_domain::permissions::Role;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sea_orm::DatabaseConnection;
use serde_json::json;
use time::{Date, Duration, Month};
use uuid::Uuid;

use crate::clock::Clock;
use crate::compliance::service::refresh_everyone;
use crate::db::agencies::{self, NewAgency};
use crate::db::compliance::{self, NewTrainingRecord};
use crate::db::{AgencyScope, people};

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub people: u32,
    pub years: u32,
    pub seed: u64,
}

impl Shape {
    pub fn agency_name(&self) -> String {
        format!(
            "Generated Police Department ({} people, {} years, seed {})",
            self.people, self.years, self.seed
        )
    }

    /// The part of the demo logins' addresses that tells generated agencies apart.
    fn login_domain(&self) -> String {
        format!(
            "gen-{}-{}-{}.demo.confitrek.test",
            self.people, self.years, self.seed
        )
    }
}

const FIRST: [&str; 40] = [
    "Alex", "Bailey", "Blake", "Cameron", "Carmen", "Chris", "Dakota", "Dana", "Devin", "Drew",
    "Eden", "Elliot", "Emerson", "Finley", "Frankie", "Harper", "Hayden", "Jamie", "Jesse",
    "Jordan", "Kai", "Kendall", "Lane", "Lee", "Logan", "Marley", "Morgan", "Noel", "Parker",
    "Peyton", "Quinn", "Reese", "Riley", "Rowan", "Sam", "Shawn", "Skyler", "Taylor", "Tatum",
    "Toni",
];

const LAST: [&str; 48] = [
    "Abdi",
    "Andersen",
    "Berg",
    "Bjork",
    "Carlson",
    "Dahl",
    "Ekstrom",
    "Erickson",
    "Fischer",
    "Garcia",
    "Gustafson",
    "Hagen",
    "Hansen",
    "Her",
    "Holm",
    "Iverson",
    "Jensen",
    "Johnson",
    "Kowalski",
    "Larson",
    "Lee",
    "Lindahl",
    "Lund",
    "Martinez",
    "Moua",
    "Nelson",
    "Nguyen",
    "Nilsen",
    "Olson",
    "Omar",
    "Peterson",
    "Quist",
    "Ramirez",
    "Rasmussen",
    "Schmidt",
    "Sorensen",
    "Strand",
    "Thao",
    "Thompson",
    "Vang",
    "Wagner",
    "Warsame",
    "Xiong",
    "Yang",
    "Young",
    "Zimmerman",
    "Hassan",
    "Ortiz",
];

/// (unit, share in per mille, civilian, title)
const UNITS: [(&str, u32, bool, &str); 8] = [
    ("Patrol", 520, false, "Patrol Officer"),
    ("Investigations", 120, false, "Detective"),
    ("Traffic", 80, false, "Traffic Officer"),
    ("School Resource", 40, false, "School Resource Officer"),
    ("K9", 20, false, "K9 Handler"),
    ("Dispatch", 100, true, "Dispatcher"),
    ("Records", 60, true, "Records Technician"),
    ("Administration", 60, true, "Administrative Assistant"),
];

/// Which person each demo login is: the chief, the coordinator, Patrol's first sergeant and a
/// patrol officer are always the first four people.
const LOGINS: [(&str, Role, usize); 4] = [
    ("admin", Role::AgencyAdmin, 0),
    ("coordinator", Role::Coordinator, 1),
    ("supervisor", Role::Supervisor, 2),
    ("officer", Role::Officer, 3),
];

struct Member {
    draft: PersonDraft,
    /// How diligent the person is about training, 0..100: drives how much history is missing.
    diligence: u32,
}

fn badge(i: usize) -> String {
    format!("G-{}", 10001 + i)
}

fn day_in(rng: &mut ChaCha8Rng, from: Date, to: Date) -> Date {
    let span = (to - from).whole_days().max(0);
    from + Duration::days(rng.random_range(0..=span))
}

fn june_30(year: i32) -> Date {
    // June 30 exists in every year `time` represents; MIN is never reached.
    Date::from_calendar_date(year, Month::June, 30).unwrap_or(Date::MIN)
}

/// The Minnesota licence cycle (three years ending June 30) of the person's cohort that
/// contains `today`: cohorts renew in different years, as real rosters do.
fn licence_cycle(cohort: i32, today: Date) -> (Date, Date) {
    let mut end = june_30(today.year());
    if end < today {
        end = june_30(today.year() + 1);
    }
    let end = june_30(end.year() + cohort);
    let start = june_30(end.year() - 3) + Duration::days(1);
    (start, end)
}

fn member(rng: &mut ChaCha8Rng, i: usize, today: Date, history_start: Date) -> Member {
    let (unit, civilian, title) = match i {
        0 => ("Administration", false, "Chief of Police"),
        1 => ("Administration", false, "Training Coordinator"),
        2 => ("Patrol", false, "Sergeant"),
        3 => ("Patrol", false, "Patrol Officer"),
        _ => {
            let mut pick = rng.random_range(0..1000u32);
            let mut chosen = UNITS[0];
            for u in UNITS {
                if pick < u.1 {
                    chosen = u;
                    break;
                }
                pick -= u.1;
            }
            // One sworn officer in twelve leads the others of the unit.
            let title = if !chosen.2 && rng.random_range(0..12) == 0 {
                "Sergeant"
            } else {
                chosen.3
            };
            (chosen.0, chosen.2, title)
        }
    };
    let first = FIRST[rng.random_range(0..FIRST.len())];
    let last = LAST[rng.random_range(0..LAST.len())];
    // A few hired in the last year (mid-cycle), most over the last twenty-five.
    let hired = if rng.random_range(0..20) == 0 {
        today - Duration::days(rng.random_range(10..365))
    } else {
        today - Duration::days(rng.random_range(365..25 * 365))
    };
    let kind = if civilian {
        PersonKind::Civilian
    } else {
        PersonKind::Officer
    };
    let cycle = (!civilian).then(|| {
        let (start, end) = licence_cycle(rng.random_range(0..3), today);
        // A first licence starts its cycle on the day of hire.
        (start.max(hired), end)
    });
    let status = match rng.random_range(0..100) {
        0 => PersonStatus::Inactive,
        _ => PersonStatus::Active,
    };
    let role_flags = match title {
        "School Resource Officer" => vec!["sro".into()],
        "Sergeant" | "Chief of Police" => vec!["supervisor".into()],
        "K9 Handler" => vec!["k9_handler".into()],
        _ => vec![],
    };
    Member {
        diligence: rng.random_range(55..101),
        draft: PersonDraft {
            kind,
            first_name: first.into(),
            last_name: last.into(),
            title: Some(title.into()),
            badge: badge(i),
            email: Some(format!(
                "{}.{}.{}@generated.example",
                first.to_lowercase(),
                last.to_lowercase(),
                i + 1
            )),
            unit: Some(unit.into()),
            supervisor_id: None,
            status,
            hire_date: Some(hired),
            separated_on: None,
            license_number: (!civilian).then(|| format!("MN-{}", 50000 + i)),
            license_cycle_start: cycle.map(|c| c.0),
            license_cycle_end: cycle.map(|c| c.1),
            notes: None,
            role_flags,
            certified_on: None,
            history_from: Some(history_start.max(hired)),
        },
    }
}

/// A year of one person's training, as the training office would have recorded it.
fn year_of_training(
    rng: &mut ChaCha8Rng,
    person_id: Uuid,
    m: &Member,
    from: Date,
    to: Date,
) -> Vec<NewTrainingRecord> {
    let mut out = Vec::new();
    let mut add = |rng: &mut ChaCha8Rng, chance: u32, title: &str, minutes, events| {
        if rng.random_range(0..100) < chance {
            out.push(NewTrainingRecord {
                person_id,
                completed_on: day_in(rng, from, to),
                title: title.into(),
                minutes_by_topic: minutes,
                events,
            });
        }
    };
    let d = m.diligence;
    let general = 60 * rng.random_range(8..20);
    if m.draft.kind == PersonKind::Civilian {
        add(
            rng,
            d,
            "Annual in-service",
            json!({ "general": general }),
            json!([]),
        );
        return out;
    }
    add(
        rng,
        d,
        "Annual in-service",
        json!({ "general": general }),
        json!([]),
    );
    add(
        rng,
        d.saturating_add(5),
        "Use of force and firearms (A-K)",
        json!({ "use_of_force": 120 }),
        json!([]),
    );
    add(
        rng,
        d.saturating_add(5),
        "Firearms qualification",
        json!({}),
        json!(["firearms_qualification"]),
    );
    // The mandated topics come once or twice a three-year cycle.
    let mandated = d / 2 + 15;
    let crisis = 60 * rng.random_range(6..9);
    add(
        rng,
        mandated,
        "Crisis intervention (CIT)",
        json!({ "crisis_intervention": crisis }),
        json!([]),
    );
    add(
        rng,
        mandated,
        "Autism awareness",
        json!({ "autism": 240 }),
        json!([]),
    );
    add(
        rng,
        mandated,
        "Community, conflict and bias",
        json!({ "conflict_management": 120, "community_diversity": 180, "crimes_motivated_by_bias": 60 }),
        json!([]),
    );
    add(
        rng,
        mandated,
        "Officer wellness",
        json!({ "officer_wellness": 120 }),
        json!([]),
    );
    add(rng, 25, "EVOC refresher", json!({ "evoc": 480 }), json!([]));
    if m.draft.role_flags.iter().any(|f| f == "sro") {
        add(
            rng,
            d,
            "School resource officer course",
            json!({ "school_resource_officer": 960 }),
            json!([]),
        );
    }
    out
}

/// Creates the agency with its people, their history and their verdicts; returns the
/// agency's id and the demo logins as (email, role, person id).
pub async fn create(
    db: &DatabaseConnection,
    clock: &Clock,
    shape: Shape,
) -> anyhow::Result<(Uuid, Vec<(String, Role, Option<Uuid>)>)> {
    anyhow::ensure!(shape.people >= 4, "--people must be at least 4");
    anyhow::ensure!(
        (1..=20).contains(&shape.years),
        "--years must be between 1 and 20"
    );
    let name = shape.agency_name();
    if let Some(existing) = agencies::find_by_name(db, &name).await? {
        let scope = AgencyScope::new(existing.id);
        let mut ids = Vec::new();
        for (_, _, i) in LOGINS {
            if let Some(p) = people::badge_holder(db, scope, &badge(i), None).await? {
                ids.push(p.id);
            }
        }
        return Ok((existing.id, logins(&shape, &ids)));
    }
    let time_zone = crate::clock::state_zone("MN");
    let today = clock.today_in(time_zone);
    let history_start = Date::from_calendar_date(
        today.year() - i32::try_from(shape.years).unwrap_or(1),
        today.month(),
        1,
    )?;
    let mut rng = ChaCha8Rng::seed_from_u64(shape.seed);
    let txn = crate::db::begin_write(db).await?;
    let agency = agencies::insert(
        &txn,
        NewAgency {
            name: name.clone(),
            state_code: "MN".into(),
            subscription_status: confitrek_types::SubscriptionStatus::Trial,
            modules: vec!["uof".into()],
            time_zone: time_zone.into(),
        },
        clock.now(),
    )
    .await?;
    let scope = AgencyScope::new(agency.id);
    let members: Vec<Member> = (0..shape.people as usize)
        .map(|i| member(&mut rng, i, today, history_start))
        .collect();
    // Each unit's first sergeant leads it; sergeants and the coordinator report to the chief.
    let mut ids: Vec<Uuid> = Vec::with_capacity(members.len());
    let mut leads: Vec<(String, Uuid)> = Vec::new();
    let mut records = Vec::new();
    for (i, m) in members.iter().enumerate() {
        let mut draft = m.draft.clone();
        let unit = draft.unit.clone().unwrap_or_default();
        let sergeant = draft.title.as_deref() == Some("Sergeant");
        draft.supervisor_id = match leads.iter().find(|(u, _)| *u == unit) {
            _ if i == 0 => None,
            Some((_, lead)) if !sergeant => Some(*lead),
            _ => ids.first().copied(),
        };
        let person = ValidPerson::parse(draft, None)
            .map_err(|e| anyhow::anyhow!("generated person {i}: {e:?}"))?;
        let id = people::insert(&txn, scope, &person, clock.now()).await?.id;
        if sergeant && !leads.iter().any(|(u, _)| *u == unit) {
            leads.push((unit, id));
        }
        let first_day = m.draft.history_from.unwrap_or(history_start);
        let mut from = first_day;
        while from < today {
            let to = (from + Duration::days(364)).min(today);
            records.extend(year_of_training(&mut rng, id, m, from, to));
            from = to + Duration::days(1);
        }
        ids.push(id);
    }
    let count = records.len();
    compliance::insert_records(&txn, scope, records, clock.now()).await?;
    refresh_everyone(&txn, clock, scope)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    txn.commit().await?;
    println!(
        "Created {name} (MN) with {} people and {count} training records since {history_start}.",
        ids.len()
    );
    Ok((agency.id, logins(&shape, &ids)))
}

fn logins(shape: &Shape, ids: &[Uuid]) -> Vec<(String, Role, Option<Uuid>)> {
    LOGINS
        .iter()
        .map(|(who, role, i)| {
            (
                format!("{who}@{}", shape.login_domain()),
                *role,
                ids.get(*i).copied(),
            )
        })
        .collect()
}
