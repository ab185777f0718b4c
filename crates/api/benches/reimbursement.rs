//! What a 1,000-officer agency's reimbursement costs: a fresh SQLite database in a temporary
//! directory with a Minnesota agency and an Ohio agency of 1,000 officers each, four verified
//! training records per officer in the year, two base hourly rates per Ohio officer and an
//! approved expense per Minnesota officer, computed through the same service functions the
//! handlers call (every officer's eligibility or hours times rates, the costs, the sources).
//!
//! - `minnesota/application 1000 officers`: FY2026's application as data;
//! - `minnesota/application 1000 officers, pdf`: the same, rendered as the PDF download;
//! - `ohio/figures 1000 officers`: 2024's figures as data.
//!
//! Target: under one second each. Run with
//! `cargo bench -p confitrek-api --bench reimbursement`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step of a benchmark is a failed run

use confitrek_api::auth::Caller;
use confitrek_api::db::compliance::{NewTrainingRecord, insert_records};
use confitrek_api::db::entity::expense_line;
use confitrek_api::db::{AgencyScope, agencies, people, reimbursement};
use confitrek_api::reimbursement::{files, minnesota, ohio};
use confitrek_domain::people::{PersonDraft, PersonKind, PersonStatus, ValidPerson};
use confitrek_types::{ExpenseCategory, ExpensePaidBy, ExpenseStatus};
use criterion::{Criterion, criterion_group, criterion_main};
use sea_orm::{ActiveModelTrait, DatabaseConnection, Set};
use serde_json::json;
use time::macros::date;
use tokio::runtime::Runtime;
use uuid::Uuid;

mod support;

const OFFICERS: usize = 1_000;

struct World {
    db: DatabaseConnection,
    minnesota: Caller,
    ohio: Caller,
    _dir: tempfile::TempDir,
}

fn draft(i: usize, state: &str) -> PersonDraft {
    PersonDraft {
        kind: PersonKind::Officer,
        first_name: format!("Officer{i}"),
        last_name: format!("{state}Roster{:04}", i),
        title: None,
        badge: format!("{state}-{i:04}"),
        email: None,
        unit: Some(
            if i.is_multiple_of(2) {
                "Patrol"
            } else {
                "Investigations"
            }
            .into(),
        ),
        supervisor_id: None,
        status: PersonStatus::Active,
        hire_date: Some(if i.is_multiple_of(10) {
            date!(2025 - 11 - 02)
        } else {
            date!(2015 - 05 - 01)
        }),
        separated_on: i.is_multiple_of(25).then_some(date!(2026 - 03 - 15)),
        license_number: (!i.is_multiple_of(50)).then(|| format!("{state}-{}", 40_000 + i)),
        license_cycle_start: None,
        license_cycle_end: None,
        notes: None,
        role_flags: if i.is_multiple_of(7) {
            vec!["part_time".into()]
        } else {
            vec![]
        },
        certified_on: Some(if i.is_multiple_of(40) {
            date!(2024 - 05 - 01)
        } else {
            date!(2014 - 05 - 01)
        }),
        history_from: None,
    }
}

async fn agency(db: &DatabaseConnection, state: &str) -> (Caller, Vec<Uuid>) {
    let name = format!("{state} bench agency");
    let (scope, caller) = support::agency(db, &name, state, "America/Chicago").await;
    let mut ids = Vec::with_capacity(OFFICERS);
    for i in 0..OFFICERS {
        let person = ValidPerson::parse(draft(i, state), None).unwrap();
        ids.push(
            people::insert(
                db,
                scope,
                &person,
                confitrek_api::clock::Clock::system().now(),
            )
            .await
            .unwrap()
            .id,
        );
    }
    (caller, ids)
}

async fn records(
    db: &DatabaseConnection,
    scope: AgencyScope,
    ids: &[Uuid],
    days: [time::Date; 4],
    topic: &str,
) {
    let records = ids
        .iter()
        .enumerate()
        .flat_map(|(i, person)| {
            days.iter().map(move |day| NewTrainingRecord {
                person_id: *person,
                completed_on: *day,
                title: "In-service".into(),
                // 4 to 8 hours a record: some officers short of the minimum, some over the cap.
                minutes_by_topic: json!({ topic: 240 + (i % 5) * 60 }),
                events: json!([]),
            })
        })
        .collect();
    insert_records(
        db,
        scope,
        records,
        confitrek_api::clock::Clock::system().now(),
    )
    .await
    .unwrap();
}

async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let db = support::sqlite(dir.path()).await;

    let (minnesota, mn_ids) = agency(&db, "MN").await;
    let mn_scope = AgencyScope::new(minnesota.agency_id.unwrap());
    let fy2026 = [
        date!(2025 - 08 - 01),
        date!(2025 - 11 - 15),
        date!(2026 - 02 - 10),
        date!(2026 - 05 - 20),
    ];
    records(&db, mn_scope, &mn_ids, fy2026, "general").await;
    let now = time::OffsetDateTime::now_utc();
    for person in &mn_ids {
        expense_line::ActiveModel {
            id: Set(Uuid::now_v7()),
            agency_id: Set(mn_scope.id()),
            record_id: Set(None),
            session_id: Set(None),
            person_id: Set(Some(*person)),
            category: Set(ExpenseCategory::Registration),
            amount_cents: Set(12_500),
            incurred_on: Set(date!(2025 - 09 - 01)),
            paid_by: Set(ExpensePaidBy::Agency),
            description: Set("CE course".into()),
            status: Set(ExpenseStatus::Approved),
            rejection_reason: Set(None),
            requested_by: Set(minnesota.user_id),
            decided_by: Set(None),
            decided_at: Set(None),
            paid_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
        }
        .insert(&db)
        .await
        .unwrap();
    }

    let (ohio, oh_ids) = agency(&db, "OH").await;
    let oh_scope = AgencyScope::new(ohio.agency_id.unwrap());
    let year2024 = [
        date!(2024 - 01 - 01),
        date!(2024 - 04 - 15),
        date!(2024 - 08 - 01),
        date!(2024 - 12 - 31),
    ];
    records(&db, oh_scope, &oh_ids, year2024, "general").await;
    for (i, person) in oh_ids.iter().enumerate() {
        let base = 2_800 + (i as i64 % 20) * 50;
        reimbursement::set_pay_rate(
            &db,
            oh_scope,
            *person,
            date!(2023 - 01 - 01),
            base,
            ohio.user_id,
            time::OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
        reimbursement::set_pay_rate(
            &db,
            oh_scope,
            *person,
            date!(2024 - 07 - 01),
            base + 150,
            ohio.user_id,
            time::OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
    }
    World {
        db,
        minnesota,
        ohio,
        _dir: dir,
    }
}

fn reimbursement_bench(c: &mut Criterion) {
    let rt = Runtime::new().unwrap();
    let world = rt.block_on(world());
    let mn_agency = rt
        .block_on(agencies::get(
            &world.db,
            AgencyScope::new(world.minnesota.agency_id.unwrap()),
        ))
        .unwrap()
        .unwrap();

    let mut group = c.benchmark_group("minnesota");
    group.sample_size(10);
    group.bench_function("application 1000 officers", |b| {
        b.iter(|| {
            let a = rt
                .block_on(minnesota::minnesota_application(
                    &world.db,
                    &world.minnesota,
                    2026,
                    Default::default(),
                ))
                .unwrap();
            assert_eq!(a.officers.len(), OFFICERS);
            a
        })
    });
    group.bench_function("application 1000 officers, pdf", |b| {
        b.iter(|| {
            let a = rt
                .block_on(minnesota::minnesota_application(
                    &world.db,
                    &world.minnesota,
                    2026,
                    Default::default(),
                ))
                .unwrap();
            files::minnesota_pdf(
                &a,
                &confitrek_api::reports::Generated::now(&confitrek_api::clock::Clock::system()),
                &mn_agency,
            )
        })
    });
    group.finish();

    let mut group = c.benchmark_group("ohio");
    group.sample_size(10);
    group.bench_function("figures 1000 officers", |b| {
        b.iter(|| {
            let r = rt
                .block_on(ohio::ohio_reimbursement(&world.db, &world.ohio, 2024))
                .unwrap();
            // Every tenth officer was hired in November 2025: not on the 2024 figures.
            assert_eq!(r.officers.len(), OFFICERS - OFFICERS / 10);
            r
        })
    });
    group.finish();
}

criterion_group!(benches, reimbursement_bench);
criterion_main!(benches);
