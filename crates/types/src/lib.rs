//! The request and response types of ConfiTrek's REST API, shared by the server and the SPA.
//!
//! Plain serde structs: no server code, no IO, builds for wasm32. OpenAPI schemas are derived
//! behind the `openapi` feature, which only the server enables.
//!
//! The vocabularies, bounds and shared documents that the domain's rules speak too are
//! `confitrek-vocabulary`'s; each module here re-exports its part of them, so a client names
//! them all from this crate. The domain never depends on this crate.

pub mod agencies;
pub mod audit;
pub mod auth;
pub mod calendar;
pub mod certificates;
pub mod compliance;
pub mod credentials;
pub mod dashboard;
pub mod expenses;
pub mod exports;
pub mod health;
pub mod imports;
pub mod matrix;
pub mod notifications;
pub mod people;
pub mod policies;
pub mod problem;
pub mod reimbursement;
pub mod reports;
pub mod roi;
pub mod scim;
pub mod service_accounts;
pub mod spreadsheets;
pub mod sso;
pub mod state_reports;
pub mod training;
pub mod training_requests;
pub mod uof;
pub mod webhooks;
pub mod what_if;

pub use agencies::*;
pub use audit::*;
pub use auth::*;
pub use calendar::*;
pub use certificates::*;
pub use compliance::*;
pub use confitrek_vocabulary::UnknownCode;
pub use credentials::*;
pub use dashboard::*;
pub use expenses::*;
pub use exports::*;
pub use health::*;
pub use imports::*;
pub use matrix::*;
pub use notifications::*;
pub use people::*;
pub use policies::*;
pub use problem::*;
pub use reimbursement::*;
pub use reports::*;
pub use roi::*;
pub use service_accounts::*;
pub use spreadsheets::*;
pub use sso::*;
pub use state_reports::*;
pub use training::*;
pub use training_requests::*;
pub use uof::*;
pub use webhooks::*;
pub use what_if::*;

use serde::{Deserialize, Serialize};

/// One page of a list. Pass `next_cursor` back as `cursor` to get the next page; it is
/// absent on the last page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

// Written by hand so that a page refers to its item's schema (`PersonDto`) instead of
// copying it inline, which clients would generate as one anonymous class per list.
// `ComposeSchema` is what utoipa's `path` macro calls for a generic body such as
// `Page<PersonDto>` (utoipa derives `PartialSchema` from it).
#[cfg(feature = "openapi")]
impl<T: utoipa::ToSchema> utoipa::__dev::ComposeSchema for Page<T> {
    fn compose(
        _: Vec<utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>>,
    ) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Ref, SchemaType, Type};
        ObjectBuilder::new()
            .description(Some(
                "One page of a list. Pass `next_cursor` back as `cursor` to get the next page; it is absent on the last page.",
            ))
            .property(
                "items",
                ArrayBuilder::new().items(Ref::from_schema_name(T::name())),
            )
            .required("items")
            .property(
                "next_cursor",
                ObjectBuilder::new()
                    .schema_type(SchemaType::from_iter([Type::String, Type::Null])),
            )
            .into()
    }
}

#[cfg(feature = "openapi")]
impl<T: utoipa::ToSchema> utoipa::ToSchema for Page<T> {
    fn schemas(
        schemas: &mut Vec<(
            String,
            utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
        )>,
    ) {
        schemas.push((T::name().into(), T::schema()));
        T::schemas(schemas);
    }
}
