//! The reports an agency files with its state's POST board: prepared here from the
//! agency's records (the layouts and rules are in `confitrek_domain::state_reports`),
//! reviewed and marked transmitted by people of the training office, each version kept with
//! the data it was prepared from. ConfiTrek never sends a report to a state.

pub mod gather;
pub mod handlers;
pub mod reimbursement;
pub mod render;
pub mod service;
