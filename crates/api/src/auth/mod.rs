//! Sign-in, tokens and the authenticated caller.

pub mod api_keys;
pub mod caller;
pub mod handlers;
pub mod mfa;
pub mod passwords;
pub mod security_handlers;
pub mod settings;
pub mod sign_ins;
pub mod signing_in;
pub mod throttle;
pub mod tokens;

pub use caller::{Caller, Enrolling};
