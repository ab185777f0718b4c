//! The agency's own requirements and training profiles as their forms hold them, and the
//! requests the API takes. Pure: no signals, no HTTP, so it is tested natively.

pub mod profile;
pub mod requirement;
