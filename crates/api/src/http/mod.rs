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
