//! What moving a large agency in costs: 1,000 people and 100,000 training records (ten
//! years, one row per record with a column per topic), imported through the same service
//! functions the handlers call, as CSV and as XLSX, on SQLite and on PostgreSQL.
//!
//! One measured run per step (upload, preview, commit with re-evaluation, undo), printed
//! with rows per second and the process's peak memory during the step (the files
//! themselves, made before, included). `CONFITREK_BENCH_ONLY=sqlite|postgres` runs one. PostgreSQL is measured
//! when it answers at `CONFITREK_BENCH_POSTGRES` (default `postgres://postgres@127.0.0.1:5432`).
//! Run with `cargo bench -p confitrek-api --bench import`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step of a benchmark is a failed run

use std::time::Instant;

use confitrek_api::app::AppState;
use confitrek_api::auth::tokens::TokenKeys;
use confitrek_api::config::sqlite_url;
use confitrek_api::imports::service;
use confitrek_types::{ImportKind, ImportUploadQuery};
use sea_orm::{ConnectionTrait, Database};

mod support;

const PEOPLE: usize = 1_000;
const RECORDS_EACH: usize = 100;

fn roster_csv() -> Vec<u8> {
    let mut csv = String::from(
        "Last Name,First Name,Badge #,Unit,Hire Date,License Cycle Start,License Cycle End,Records From\n",
    );
    for i in 0..PEOPLE {
        csv.push_str(&format!(
            "Officer{i},Pat,BENCH-{i:04},Unit {},2015-01-01,2026-07-01,2029-06-30,2016-01-01\n",
            i % 12
        ));
    }
    csv.into_bytes()
}

/// The record `k` of person `i`: a day in the ten years before 2026, hours in two topics.
fn record(i: usize, k: usize) -> (String, String, u32, u32) {
    let day = time::macros::date!(2016 - 01 - 04) + time::Duration::days((k * 36) as i64);
    (
        format!("BENCH-{i:04}"),
        day.to_string(),
        2 + (k % 3) as u32,
        (k % 2) as u32,
    )
}

const HISTORY_HEADER: [&str; 5] = [
    "Badge #",
    "Date Completed",
    "Course",
    "Hrs",
    "Crisis Intervention (hrs)",
];

fn history_csv() -> Vec<u8> {
    let mut csv = HISTORY_HEADER.join(",");
    csv.push('\n');
    for i in 0..PEOPLE {
        for k in 0..RECORDS_EACH {
            let (badge, day, general, crisis) = record(i, k);
            csv.push_str(&format!(
                "{badge},{day},In-service {k},{general},{crisis}\n"
            ));
        }
    }
    csv.into_bytes()
}

fn history_xlsx() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in HISTORY_HEADER.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    let mut r = 1u32;
    for i in 0..PEOPLE {
        for k in 0..RECORDS_EACH {
            let (badge, day, general, crisis) = record(i, k);
            sheet.write_string(r, 0, &badge).unwrap();
            sheet.write_string(r, 1, &day).unwrap();
            sheet.write_string(r, 2, format!("In-service {k}")).unwrap();
            sheet.write_number(r, 3, f64::from(general)).unwrap();
            sheet.write_number(r, 4, f64::from(crisis)).unwrap();
            r += 1;
        }
    }
    book.save_to_buffer().unwrap()
}

fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Starts a step: the process's peak memory is counted again from what it holds now.
fn start() -> Instant {
    // What earlier steps freed goes back to the system first (the allocator keeps it
    // otherwise), then writing 5 to clear_refs resets the high-water mark (see proc(5)).
    // SAFETY: malloc_trim only releases free memory of glibc's allocator.
    unsafe {
        libc::malloc_trim(0);
    }
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    Instant::now()
}

fn report(step: &str, rows: usize, started: Instant) {
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "  {step:32} {seconds:7.2} s  {:>9.0} rows/s  peak {:>4.0} MB",
        rows as f64 / seconds,
        peak_mb()
    );
}

async fn run(label: &str, database_url: String, dir: &std::path::Path) {
    println!("{label}");
    let config = support::config(dir, database_url);
    let db = support::migrated(&config).await;
    let (_, caller) = support::demo(&db).await;
    let keys = TokenKeys::new(&config.token_secret, 15, 30);
    let state = AppState::new(config, db, keys, confitrek_api::clock::Clock::system()).unwrap();
    let query = |kind, name: &str| ImportUploadQuery {
        kind,
        file_name: name.into(),
        sheet: None,
    };

    let started = start();
    let roster = service::upload(
        &state,
        &caller,
        query(ImportKind::People, "roster.csv"),
        &roster_csv(),
    )
    .await
    .unwrap();
    let committed = service::commit(&state, &caller, roster.id).await.unwrap();
    assert_eq!(committed.counts.unwrap().new as usize, PEOPLE);
    report("roster: upload and commit", PEOPLE, started);

    for (name, bytes) in [
        ("history.csv", history_csv()),
        ("history.xlsx", history_xlsx()),
    ] {
        let rows = PEOPLE * RECORDS_EACH;
        println!("  {name}: {} MB", bytes.len() / 1024 / 1024);
        let started = start();
        let batch = service::upload(&state, &caller, query(ImportKind::Training, name), &bytes)
            .await
            .unwrap();
        report("upload (read, map, store)", rows, started);
        let started = start();
        let preview = service::preview(&state, &caller, batch.id).await.unwrap();
        assert_eq!(preview.counts.errors, 0, "{:?}", preview.errors.first());
        assert_eq!(preview.counts.new as usize, rows);
        report("preview", rows, started);
        let started = start();
        let committed = service::commit(&state, &caller, batch.id).await.unwrap();
        assert_eq!(committed.counts.unwrap().new as usize, rows);
        report("commit with re-evaluation", rows, started);
        let started = start();
        service::undo(&state, &caller, batch.id).await.unwrap();
        report("undo", rows, started);
    }
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let only = std::env::var("CONFITREK_BENCH_ONLY").unwrap_or_default();
        if only != "postgres" {
            run(
                "SQLite",
                sqlite_url(&dir.path().join("bench.db")),
                dir.path(),
            )
            .await;
        }
        if only == "sqlite" {
            return;
        }

        let server = std::env::var("CONFITREK_BENCH_POSTGRES")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
        let name = format!("confitrek_bench_{}", std::process::id());
        match Database::connect(format!("{server}/postgres")).await {
            Ok(admin) => {
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .unwrap();
                let dir = tempfile::tempdir().unwrap();
                run("PostgreSQL", format!("{server}/{name}"), dir.path()).await;
                admin
                    .execute_unprepared(&format!("DROP DATABASE {name} WITH (FORCE)"))
                    .await
                    .unwrap();
            }
            Err(e) => println!("PostgreSQL: not measured ({e})"),
        }
    });
    println!("(the open-source peer imports 5,000-7,000 rows a second)");
}
