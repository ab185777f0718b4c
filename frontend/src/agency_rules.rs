//! The agency's own requirements and training profiles as their forms hold them, and the
//! requests the API takes. Pure: no signals, no HTTP, so it is tested natively.

pub mod profile;
pub mod requirement;

use confitrek_types::Problem;

/// A problem found before sending, in the server's shape, so the form shows it the same way.
pub fn client_problem(errors: Vec<confitrek_types::FieldProblem>) -> Problem {
    Problem {
        kind: "urn:confitrek:problem:client".into(),
        title: "Invalid input".into(),
        status: 422,
        detail: None,
        request_id: None,
        errors,
    }
}
