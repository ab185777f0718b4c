//! HTTP plumbing shared by every resource: the error type, body and query extractors,
//! downloads, pagination cursors, request ids, and the fallbacks for unknown routes.

pub mod defences;
pub mod download;
pub mod error;
pub mod fallback;
pub mod idempotency;
pub mod json;
pub mod pagination;
pub mod request;
pub mod upload;

pub use error::{ApiError, ApiResult};
pub use json::{JsonBody, QueryParams};
pub use request::RequestMeta;
pub use upload::{SpreadsheetUpload, Upload};

/// `201 Created` with the new resource's `Location` (a path under `/api/v1`) and its body.
pub fn created(location: String, body: &impl serde::Serialize) -> actix_web::HttpResponse {
    actix_web::HttpResponse::Created()
        .insert_header((actix_web::http::header::LOCATION, location))
        .json(body)
}
