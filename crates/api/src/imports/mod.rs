//! Imports from a spreadsheet (see `confitrek_domain::import` for how a file is read):
//! upload, mapping, preview, commit and undo of a batch.

pub mod handlers;
mod kinds;
mod plan;
pub mod progress;
pub mod service;
pub mod sheet;
mod undo;
