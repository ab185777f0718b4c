//! The schema of ConfiTrek: the only place it is defined. One set of migrations serves
//! SQLite and PostgreSQL, so only SeaQuery builders are used. Never edit a migration that
//! has shipped; add a new one.

pub use sea_orm_migration::prelude::*;

mod m20261126_000001_foundation;
mod m20261126_000002_compliance;
mod m20261126_000003_agency_requirements;
mod m20261126_000004_agency_time_zone;
mod m20261126_000005_training;
mod m20261126_000006_credentials_policies;
mod m20261126_000007_certificates;
mod m20261126_000008_training_requests;
mod m20261126_000009_policy_documents;
mod m20261126_000010_notifications;
mod m20261126_000011_calendar_feeds;
mod m20261126_000012_snapshot_generations;
mod m20261126_000013_uof_incidents;
mod m20261206_000014_imports;
mod m20261206_000015_import_jobs;
mod m20261206_000016_login_state;
mod m20261206_000017_session_times;
mod m20261206_000018_sign_in_security;
mod m20261206_000019_audit_chain;
mod m20261206_000020_retention;
mod m20261206_000021_api_keys;
mod m20261206_000022_webhooks;
mod m20261206_000023_identity_providers;
mod m20261206_000024_scim;
mod m20261206_000025_expenses;
mod m20261206_000026_reimbursement;
mod m20261206_000027_state_reports;
mod m20261207_000028_key_fingerprints;
mod m20261207_000029_verdict_generations;
mod m20261207_000030_uof_counted_columns;
mod m20261207_000031_uof_reported_index;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_foundation::Migration),
            Box::new(m20261126_000002_compliance::Migration),
            Box::new(m20261126_000003_agency_requirements::Migration),
            Box::new(m20261126_000004_agency_time_zone::Migration),
            Box::new(m20261126_000005_training::Migration),
            Box::new(m20261126_000006_credentials_policies::Migration),
            Box::new(m20261126_000007_certificates::Migration),
            Box::new(m20261126_000008_training_requests::Migration),
            Box::new(m20261126_000009_policy_documents::Migration),
            Box::new(m20261126_000010_notifications::Migration),
            Box::new(m20261126_000011_calendar_feeds::Migration),
            Box::new(m20261126_000012_snapshot_generations::Migration),
            Box::new(m20261126_000013_uof_incidents::Migration),
            Box::new(m20261206_000014_imports::Migration),
            Box::new(m20261206_000015_import_jobs::Migration),
            Box::new(m20261206_000016_login_state::Migration),
            Box::new(m20261206_000017_session_times::Migration),
            Box::new(m20261206_000018_sign_in_security::Migration),
            Box::new(m20261206_000019_audit_chain::Migration),
            Box::new(m20261206_000020_retention::Migration),
            Box::new(m20261206_000021_api_keys::Migration),
            Box::new(m20261206_000022_webhooks::Migration),
            Box::new(m20261206_000023_identity_providers::Migration),
            Box::new(m20261206_000024_scim::Migration),
            Box::new(m20261206_000025_expenses::Migration),
            Box::new(m20261206_000027_state_reports::Migration),
            Box::new(m20261206_000026_reimbursement::Migration),
            Box::new(m20261207_000028_key_fingerprints::Migration),
            Box::new(m20261207_000029_verdict_generations::Migration),
            Box::new(m20261207_000030_uof_counted_columns::Migration),
            Box::new(m20261207_000031_uof_reported_index::Migration),
        ]
    }
}
