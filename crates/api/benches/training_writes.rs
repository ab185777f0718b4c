//! What the verdict refresh costs per write: the demo agency (25 people, ~190 records, the
//! Minnesota rules) in a fresh SQLite database in a temporary directory, written through the
//! same service functions the handlers call, each in its own transaction with its audit event.
//!
//! - `refresh/one person`: re-evaluating one person and storing the snapshot, alone;
//! - `record/create with refresh`: one training record entered by a coordinator;
//! - `attendance/25 people`: a session's attendance for the whole roster, one transaction.
//!
//! Every written record is deleted again outside the measured time, so each iteration sees
//! the same data. Run with `cargo bench -p confitrek-api --bench training_writes`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step of a benchmark is a failed run

use std::time::{Duration, Instant};

use confitrek_api::auth::Caller;
use confitrek_api::db::{self, AgencyScope, people, sessions, training_records};
use confitrek_api::training::{attendance, record_service, session_service};
use confitrek_types::{AttendanceRequest, SessionInput, TrainingRecordInput};
use criterion::{Criterion, criterion_group, criterion_main};
use sea_orm::DatabaseConnection;
use tokio::runtime::Runtime;
use uuid::Uuid;

mod support;

struct Demo {
    db: DatabaseConnection,
    caller: Caller,
    scope: AgencyScope,
    people: Vec<Uuid>,
    dana: Uuid,
    course: Uuid,
    _dir: tempfile::TempDir,
}

async fn demo() -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let db = support::sqlite(dir.path()).await;
    let (scope, caller) = support::demo(&db).await;
    let roster = people::list(
        &db,
        scope,
        &people::Visible::All,
        &Default::default(),
        None,
        100,
    )
    .await
    .unwrap();
    let dana = roster.iter().find(|p| p.badge == "LV-1004").unwrap().id;
    let course = db::courses::list(&db, scope, Some(true), None, 1)
        .await
        .unwrap()[0]
        .id;
    Demo {
        db,
        caller,
        scope,
        people: roster.iter().map(|p| p.id).collect(),
        dana,
        course,
        _dir: dir,
    }
}

async fn forget(demo: &Demo, record_ids: impl IntoIterator<Item = Uuid>) {
    for id in record_ids {
        let row = training_records::get(&demo.db, demo.scope, id)
            .await
            .unwrap()
            .unwrap();
        training_records::delete(&demo.db, row).await.unwrap();
    }
}

fn writes(c: &mut Criterion) {
    let rt = Runtime::new().unwrap();
    let demo = rt.block_on(demo());
    let today = confitrek_api::clock::Clock::system().today_in("America/Chicago");

    let clock = confitrek_api::clock::Clock::system();
    let mut group = c.benchmark_group("refresh");
    group.bench_function("one person", |b| {
        b.iter(|| {
            rt.block_on(confitrek_api::compliance::service::refresh_person(
                &demo.db, &clock, demo.scope, demo.dana,
            ))
            .unwrap()
        })
    });
    group.finish();

    let mut group = c.benchmark_group("record");
    group.bench_function("create with refresh", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    let input = TrainingRecordInput {
                        person_id: demo.dana,
                        course_id: None,
                        title: Some("Roll-call training".into()),
                        completed_on: today,
                        hours: Some([("use_of_force".to_owned(), 1.0)].into()),
                        events: None,
                    };
                    let start = Instant::now();
                    let record = record_service::create(&demo.db, &demo.caller, input)
                        .await
                        .unwrap();
                    spent += start.elapsed();
                    forget(&demo, [record.id]).await;
                }
                spent
            })
        })
    });
    group.finish();

    let mut group = c.benchmark_group("attendance");
    group.sample_size(20);
    group.bench_function("25 people", |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    let session = session_service::create(
                        &demo.db,
                        &demo.caller,
                        SessionInput {
                            course_id: demo.course,
                            starts_on: today,
                            ends_on: None,
                            start_time: None,
                            end_time: None,
                            location: None,
                            instructor: None,
                            capacity: None,
                        },
                    )
                    .await
                    .unwrap();
                    let request = AttendanceRequest {
                        person_ids: demo.people.clone(),
                        completed_on: None,
                        no_shows: vec![],
                    };
                    let start = Instant::now();
                    let result = attendance::record(&demo.db, &demo.caller, session.id, request)
                        .await
                        .unwrap();
                    spent += start.elapsed();
                    assert_eq!(result.recorded.len(), demo.people.len());
                    forget(&demo, result.recorded.iter().map(|r| r.id)).await;
                    let row = sessions::get(&demo.db, demo.scope, session.id)
                        .await
                        .unwrap()
                        .unwrap();
                    sessions::delete(&demo.db, row).await.unwrap();
                }
                spent
            })
        })
    });
    group.finish();
}

criterion_group!(benches, writes);
criterion_main!(benches);
