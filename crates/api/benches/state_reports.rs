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
use confitrek_api::config::{Config, sqlite_url};
use confitrek_api::db::compliance::{NewTrainingRecord, insert_record};
use confitrek_api::db::{self, AgencyScope, agencies, people, users};
use confitrek_api::http::RequestMeta;
use confitrek_api::state_reports::service;
use confitrek_domain::people::{PersonDraft, PersonKind, PersonStatus, ValidPerson};
use confitrek_domain::permissions::Role;
use confitrek_types::{
    PrepareStateReportInput, ReportFormat, StateReportKind, StateReportPreviewQuery,
};
use criterion::{Criterion, criterion_group, criterion_main};
use sea_orm::{DatabaseConnection, TransactionTrait};
use secrecy::SecretString;
use serde_json::json;
use time::macros::date;
use tokio::runtime::Runtime;

const OFFICERS: usize = 1_000;

struct Agency {
    db: DatabaseConnection,
    caller: Caller,
    _dir: tempfile::TempDir,
}

fn config(dir: &std::path::Path) -> Config {
    Config {
        bind: "127.0.0.1:0".parse().unwrap(),
        data_dir: dir.to_path_buf(),
        database_url: SecretString::from(sqlite_url(&dir.join("bench.db"))),
        token_secret: SecretString::from("t".repeat(48)),
        file_key: SecretString::from("f".repeat(48)),
        object_storage: None,
        static_dir: dir.to_path_buf(),
        access_token_minutes: 15,
        refresh_token_days: 30,
        json_limit: 64 * 1024,
        cookie_secure: None,
        refresh_interval_seconds: 300,
        smtp_url: None,
        mail_from: "ConfiTrek <notifications@localhost>".into(),
        notify_interval_seconds: 60,
        notify_lease_seconds: 300,
        database_max_connections: 8,
        request_timeout_seconds: 60,
        require_mfa: false,
        login_failures_per_minute: 20,
        audit_seal_interval_seconds: 5,
        webhook_allow_private: false,
        webhook_timeout_seconds: 10,
        webhook_retry_scale: 1.0,
        webhook_poll_milliseconds: 1000,
        sso_allow_http_loopback: false,
    }
}

async fn ohio() -> Agency {
    let dir = tempfile::tempdir().unwrap();
    let db = db::connect(&config(dir.path())).await.unwrap();
    db::migrate(&db).await.unwrap();
    let agency = agencies::insert(
        &db,
        agencies::NewAgency {
            name: "Franklin County Sheriff".into(),
            state_code: "OH".into(),
            subscription_status: confitrek_types::SubscriptionStatus::Active,
            modules: vec![],
            time_zone: "America/New_York".into(),
        },
        confitrek_api::clock::Clock::system().now(),
    )
    .await
    .unwrap();
    let scope = AgencyScope::new(agency.id);
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
    let user = users::insert(
        &db,
        users::NewUser {
            agency_id: Some(agency.id),
            person_id: None,
            email: "coordinator@franklin.test".into(),
            role: Role::Coordinator,
            password_hash: None,
            invitation: None,
            service_account: false,
        },
        confitrek_api::clock::Clock::system().now(),
    )
    .await
    .unwrap();
    let caller = Caller {
        user_id: user.id,
        email: user.email,
        role: Role::Coordinator,
        agency_id: Some(agency.id),
        person_id: None,
        uof_reviewer: false,
        sign_in_id: None,
        mfa_enabled: false,
        verdicts: None,
        meta: RequestMeta::default(),
        clock: confitrek_api::clock::Clock::system(),
    };
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
