//! Training requests: a person asks for a course or a session; the training office, or the
//! person's supervisor, approves or denies with a comment; approving a session enrolls the
//! person on its roster, within its capacity.

pub mod handlers;
mod service;
