//! ConfiTrek's server: HTTP (actix-web), persistence (sea-orm), the CLI.
//!
//! A request travels: route -> handler (parse and authorize, thin) -> service (one use case
//! in one transaction) -> repository (always scoped to an agency) -> response DTO. Business
//! rules live in `confitrek-domain`, never here.

pub mod access;
pub mod agencies;
pub mod app;
pub mod audit;
pub mod auth;
pub mod calendar;
pub mod cli;
pub mod clock;
pub mod compliance;
pub mod config;
pub mod credentials;
pub mod dashboard;
pub mod db;
#[cfg(feature = "demo")]
pub mod demo;
pub mod documents;
pub mod expenses;
pub mod exports;
pub mod files;
pub mod http;
pub mod imports;
pub mod jobs;
pub mod matrix;
pub mod notifications;
pub mod openapi;
pub mod people;
pub mod policies;
pub mod reimbursement;
pub mod reports;
pub mod retention;
pub mod roi;
pub mod scim;
pub mod service_accounts;
pub mod spreadsheets;
pub mod sso;
pub mod state_reports;
pub mod telemetry;
pub mod training;
pub mod training_requests;
pub mod uof;
pub mod users;
pub mod webhooks;
