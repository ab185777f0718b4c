pub mod audit;
pub mod login;
pub mod person;
pub mod person_edit;
pub mod roster;
pub mod rules;
pub mod users;
pub mod welcome;
