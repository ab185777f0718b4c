//! Provisioning over SCIM: the agency's tokens, the people its identity provider provisioned,
//! the groups it pushed and their members. Every function takes the agency's scope, but one:
//! a token is found by its hash before its agency is known, as a sign-in finds its login.

pub mod filter;
pub mod groups;
pub mod tokens;
pub mod users;
