//! What the rules and the wire both speak: the closed vocabularies (roles, statuses, kinds,
//! the FBI's use-of-force values), the bounds a form and the server both check, the federal
//! qualification rule the web app previews, and the few documents the rules read and the
//! wire carries unchanged (an incident as its author records it, the federal export of it,
//! SCIM resources as RFC 7643 defines them, an import's column mapping, a reimbursement
//! application).
//!
//! The domain (`confitrek-domain`), the wire types (`confitrek-types`, which re-exports all of
//! this) and through them the server and the web app depend on this crate; it depends on
//! none of them. It must stay pure and build for wasm32: serde, time and uuid only, plus the
//! optional derives behind `openapi` (utoipa), `schema` (schemars) and `db` (sea-orm column
//! mapping). Never a server, database-driver or UI crate, never IO or a clock.

#[macro_use]
mod vocabulary;

pub mod agencies;
pub mod auth;
pub mod calendar;
pub mod compliance;
pub mod credentials;
pub mod expenses;
pub mod imports;
pub mod matrix;
pub mod notifications;
pub mod people;
pub mod reimbursement;
pub mod roi;
pub mod scim;
pub mod service_accounts;
pub mod spreadsheets;
pub mod state_reports;
pub mod training;
pub mod training_requests;
pub mod uof;
pub mod webhooks;

pub use agencies::*;
pub use auth::*;
pub use calendar::*;
pub use compliance::*;
pub use credentials::*;
pub use expenses::*;
pub use imports::*;
pub use matrix::*;
pub use notifications::*;
pub use people::*;
pub use reimbursement::*;
pub use roi::*;
pub use service_accounts::*;
pub use spreadsheets::*;
pub use state_reports::*;
pub use training::*;
pub use training_requests::*;
pub use uof::*;
pub use vocabulary::UnknownCode;
pub use webhooks::*;
