//! Sign-in, tokens and the authenticated caller.

pub mod caller;
pub mod handlers;
pub mod passwords;
pub mod session;
pub mod tokens;

pub use caller::Caller;
