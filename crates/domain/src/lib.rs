//! The rules of ConfiTrek's business, pure.
//!
//! This crate owns what a valid person, licence cycle, badge or free-text field is, which
//! role may do what, and (later) the compliance engine. It must never import IO: no async,
//! no database, no HTTP, no clock. Time is always an argument.

pub mod agency;
pub mod codes;
pub mod compliance;
pub mod credentials;
pub mod dashboard;
pub mod expenses;
pub mod files;
pub mod free_text;
pub mod import;
pub mod matrix;
pub mod notifications;
pub mod passwords;
pub mod people;
pub mod permissions;
pub mod policies;
pub mod reimbursement;
pub mod retention;
pub mod roi;
pub mod scim;
pub mod service_accounts;
pub mod sign_in;
pub mod sso;
pub mod state_reports;
pub mod training;
pub mod training_requests;
pub mod uof;
pub mod validation;
pub mod webhooks;

pub use validation::{FieldError, ValidationErrors};
