//! What the benchmarks start from: a server's configuration in a temporary directory, a
//! migrated database, and an agency with a coordinator to act as.

// Each benchmark takes the part it needs.
#![allow(dead_code)]

use std::path::Path;

use confitrek_api::auth::Caller;
use confitrek_api::clock::Clock;
use confitrek_api::config::{Config, sqlite_url};
use confitrek_api::db::{self, AgencyScope, agencies, users};
use confitrek_domain::permissions::Role;
use confitrek_types::SubscriptionStatus;
use sea_orm::DatabaseConnection;

/// A server on `database_url` keeping its files in `dir`.
pub fn config(dir: &Path, database_url: String) -> Config {
    Config {
        bind: "127.0.0.1:0".parse().unwrap(),
        static_dir: dir.to_path_buf(),
        json_limit: 64 * 1024,
        require_mfa: false,
        ..Config::new(
            dir.to_path_buf(),
            database_url,
            "t".repeat(48),
            "f".repeat(48),
        )
    }
}

/// A SQLite database in `dir`, migrated.
pub async fn sqlite(dir: &Path) -> DatabaseConnection {
    migrated(&config(dir, sqlite_url(&dir.join("bench.db")))).await
}

pub async fn migrated(config: &Config) -> DatabaseConnection {
    let db = db::connect(config).await.unwrap();
    db::migrate(&db).await.unwrap();
    db
}

/// The demonstration agency, and its coordinator.
pub async fn demo(db: &DatabaseConnection) -> (AgencyScope, Caller) {
    confitrek_api::demo::create(db, &Clock::system(), Some("bench-lantern-orchard-1".into()))
        .await
        .unwrap();
    let agency = agencies::find_by_name(db, confitrek_api::demo::AGENCY_NAME)
        .await
        .unwrap()
        .unwrap();
    let login = users::find_by_email(db, "coordinator@demo.confitrek.test")
        .await
        .unwrap()
        .unwrap();
    (
        AgencyScope::new(agency.id),
        Caller::acting_as(&login, Clock::system()),
    )
}

/// A new agency under `state`'s rules with no one on its roster, and a coordinator.
pub async fn agency(
    db: &DatabaseConnection,
    name: &str,
    state: &str,
    time_zone: &str,
) -> (AgencyScope, Caller) {
    let now = Clock::system().now();
    let agency = agencies::insert(
        db,
        agencies::NewAgency {
            name: name.into(),
            state_code: state.into(),
            subscription_status: SubscriptionStatus::Active,
            modules: vec![],
            time_zone: time_zone.into(),
        },
        now,
    )
    .await
    .unwrap();
    let login = users::insert(
        db,
        users::NewUser {
            agency_id: Some(agency.id),
            person_id: None,
            email: format!("coordinator@{}.bench", state.to_lowercase()),
            role: Role::Coordinator,
            password_hash: None,
            invitation: None,
            service_account: false,
        },
        now,
    )
    .await
    .unwrap();
    (
        AgencyScope::new(agency.id),
        Caller::acting_as(&login, Clock::system()),
    )
}
