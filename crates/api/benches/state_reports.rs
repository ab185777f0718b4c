//! What preparing a state report costs: an Ohio agency of 1,000 officers, each with four
//! training records in the year (the year's three mandated topics, general hours, a
//! firearms requalification), in a fresh SQLite database in a temporary directory, through
//! the same service functions the handlers call.
//!
//! - `ohio cpt roster/preview csv, 1000 officers`: the roster from live data, as CSV;
//! - `ohio cpt roster/prepare, 1000 officers`: prepared and stored (a new version each time,
//!   with what changed against the one before), its audit event, its answer.
//!
//! Target: under one second each. Run with
//! `cargo bench -p confitrek-api --bench state_reports`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step of a benchmark is a failed run

use std::time::Duration;

use confitrek_api::auth::Caller;
use confitrek_api::db::compliance::{NewTrainingRecord, insert_record};
use confitrek_api::db::people;
use confitrek_api::state_reports::service;
use confitrek_domain::people::{PersonDraft, PersonKind, PersonStatus, ValidPerson};
use confitrek_types::{
    PrepareStateReportInput, ReportFormat, StateReportKind, StateReportPreviewQuery,
};
use criterion::{Criterion, criterion_group, criterion_main};
use sea_orm::{DatabaseConnection, TransactionTrait};
use serde_json::json;
use time::macros::date;
use tokio::runtime::Runtime;

mod support;

const OFFICERS: usize = 1_000;

struct Agency {
    db: DatabaseConnection,
    caller: Caller,
    _dir: tempfile::TempDir,
}

async fn ohio() -> Agency {
    let dir = tempfile::tempdir().unwrap();
    let db = support::sqlite(dir.path()).await;
    let (scope, caller) =
        support::agency(&db, "Franklin County Sheriff", "OH", "America/New_York").await;
    let txn = db.begin().await.unwrap();
    for i in 0..OFFICERS {
        let draft = PersonDraft {
            kind: PersonKind::Officer,
            first_name: format!("Officer{i}"),
            last_name: format!("Roster{:04}", i),
            title: None,
            badge: format!("{}", 10_000 + i),
            email: None,
            unit: Some(["Patrol", "Investigations", "Courts"][i % 3].into()),
            supervisor_id: None,
            status: PersonStatus::Active,
            hire_date: Some(date!(2012 - 01 - 01)),
            separated_on: None,
            license_number: Some(format!("OPOTC-{i:06}")),
            license_cycle_start: None,
            license_cycle_end: None,
            notes: None,
            role_flags: if i % 10 == 0 {
                vec!["reserve".into()]
            } else {
                vec![]
            },
            certified_on: Some(date!(2012 - 06 - 01)),
            history_from: None,
        };
        let person = people::insert(
            &txn,
            scope,
            &ValidPerson::parse(draft, None).unwrap(),
            confitrek_api::clock::Clock::system().now(),
        )
        .await
        .unwrap();
        let records = [
            (
                date!(2023 - 02 - 01),
                json!({ "school_threat_safety": 180, "legal_updates": 180 }),
                json!([]),
            ),
            (
                date!(2023 - 04 - 01),
                json!({ "arrest_search_seizure": 120 }),
                json!([]),
            ),
            (
                date!(2023 - 06 - 01),
                json!({ "general": 60 * (14 + (i % 4) as u32) }),
                json!([]),
            ),
            (
                date!(2023 - 09 - 01),
                json!({}),
                json!(["firearms_requalification"]),
            ),
        ];
        for (on, minutes, events) in records {
            let new = NewTrainingRecord {
                person_id: person.id,
                completed_on: on,
                title: "In-service".into(),
                minutes_by_topic: minutes,
                events,
            };
            insert_record(
                &txn,
                scope,
                new,
                confitrek_api::clock::Clock::system().now(),
            )
            .await
            .unwrap();
        }
    }
    txn.commit().await.unwrap();
    Agency {
        db,
        caller,
        _dir: dir,
    }
}

fn roster(c: &mut Criterion) {
    let rt = Runtime::new().unwrap();
    let agency = rt.block_on(ohio());
    let mut group = c.benchmark_group("ohio cpt roster");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("preview csv, 1000 officers", |b| {
        b.iter(|| {
            let query = StateReportPreviewQuery {
                kind: StateReportKind::OhCptRoster,
                year: Some(2023),
                session_id: None,
                format: Some(ReportFormat::Csv),
            };
            let (_, file) = rt
                .block_on(service::preview(&agency.db, &agency.caller, &query))
                .unwrap();
            assert!(file.len() > 50_000);
        })
    });
    group.bench_function("prepare, 1000 officers", |b| {
        b.iter(|| {
            let input = PrepareStateReportInput {
                kind: StateReportKind::OhCptRoster,
                year: Some(2023),
                session_id: None,
                cleo_name: None,
                cleo_title: None,
            };
            let report = rt
                .block_on(service::prepare(&agency.db, &agency.caller, input))
                .unwrap();
            assert_eq!(report.rows as usize, OFFICERS);
        })
    });
    group.finish();
}

criterion_group!(benches, roster);
criterion_main!(benches);
