//! The sections of the integrations page, one per way in or out.

pub mod api_keys;
pub mod scim;
pub mod sso;
pub mod webhooks;
