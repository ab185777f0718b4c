pub mod fields;
pub mod person_form;
pub mod person_select;
pub mod problem;
pub mod shell;
