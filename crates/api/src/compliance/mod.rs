//! Compliance: the jurisdictions' rule sets, and each person's verdict as the engine in
//! `confitrek_domain::compliance` gives it.

pub mod agency_rule_service;
pub mod agency_rules;
pub mod handlers;
pub mod jurisdictions;
pub mod service;
pub mod verdict_cache;
pub mod what_if;
