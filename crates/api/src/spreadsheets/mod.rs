//! Spreadsheets in the shape imports read: the template of each kind of file, and the
//! agency's roster and training history written the same way, so they import back unchanged.

pub mod handlers;
pub mod service;
