//! sea-orm entities: the tables as the API reads them. They never leave the crate: handlers
//! answer with DTOs from `confitrek-types`.

pub mod agency;
pub mod audit_event;
pub mod person;
pub mod refresh_token;
pub mod user;
