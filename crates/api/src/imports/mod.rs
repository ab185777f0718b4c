//! Imports from a spreadsheet (see `confitrek_domain::import` for how a file is read):
//! upload, mapping, preview, commit and undo of a batch.

pub mod handlers;
mod plan;
pub mod service;
pub mod sheet;
mod undo;
