use serde::{Deserialize, Serialize};

/// An RFC 9457 problem details body (`application/problem+json`), sent for every failure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A stable identifier of the kind of problem, e.g. `urn:confitrek:problem:validation`.
    #[serde(rename = "type")]
    #[cfg_attr(
        feature = "openapi",
        schema(example = "urn:confitrek:problem:validation")
    )]
    pub kind: String,
    #[cfg_attr(feature = "openapi", schema(example = "Invalid input"))]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(example = 422))]
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The id of the request, also found in the server's log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// One entry per invalid field (validation problems only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldProblem {
    /// The field as the client named it; nested fields are joined with dots.
    #[cfg_attr(feature = "openapi", schema(example = "badge"))]
    pub field: String,
    #[cfg_attr(
        feature = "openapi",
        schema(example = "is already used by another person in this agency")
    )]
    pub message: String,
}

impl Problem {
    /// Field errors a client found before sending, in the server's shape, so a form shows
    /// them exactly as it shows the server's.
    pub fn invalid_input(errors: Vec<FieldProblem>) -> Problem {
        Problem {
            kind: "urn:confitrek:problem:client".into(),
            title: "Invalid input".into(),
            status: 422,
            detail: None,
            request_id: None,
            errors,
        }
    }

    /// The message for one field, if the problem names it.
    pub fn field_message(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}
