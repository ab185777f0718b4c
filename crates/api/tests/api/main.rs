//! API tests: each starts the real server on an ephemeral port against a fresh database and
//! speaks HTTP to it. Every test runs twice, on SQLite and on PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed step of a test is a failed test

mod helpers;

mod agencies;
mod agency_rules;
mod audit_chain;
mod auth;
mod calendar;
mod certificates;
mod cli;
mod compliance;
mod credentials;
mod dashboard;
mod defences;
mod durability;
mod errors;
mod expenses;
mod exports;
mod imports;
mod kept_verdicts;
mod integrations;
mod matrix;
mod notifications;
mod object_storage;
mod openapi;
mod people;
mod policies;
mod policy_documents;
mod reimbursement;
mod reports;
mod retention;
mod robustness;
mod roi;
mod role_matrix;
mod scim;
mod servers;
mod sign_in_security;
mod snapshots;
mod spreadsheets;
mod sso;
mod state_reports;
mod tenancy;
mod training;
mod training_requests;
mod uof;
mod users;
mod webhooks;
mod what_if;
