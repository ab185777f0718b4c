//! A file uploaded as the raw request body, declared with a binary `Content-Type` (a
//! cross-site HTML form can send none of them). The content then decides what the file is
//! (see `confitrek_domain::files`); this only reads it whole, within the limit.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use confitrek_domain::files::MAX_BYTES;
use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;

use super::ApiError;

/// The media types an upload may be declared as.
pub const UPLOAD_TYPES: [&str; 4] = [
    "application/pdf",
    "image/png",
    "image/jpeg",
    "application/octet-stream",
];

/// The media types a spreadsheet to import may be declared as.
pub const SPREADSHEET_TYPES: [&str; 7] = [
    "text/csv",
    "text/plain",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-excel",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/csv",
    "application/octet-stream",
];

/// A spreadsheet to import, as the raw body: at most 32 MB, declared with one of
/// [`SPREADSHEET_TYPES`]; what it is, the content decides.
#[derive(Debug)]
pub struct SpreadsheetUpload(pub web::Bytes);

fn declared(req: &HttpRequest, types: &[&str]) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| types.contains(&m.trim().to_ascii_lowercase().as_str()))
}

/// Reads the whole body, refusing a type not in `types` (415) and more than `limit` bytes
/// (413); a body that ends before its declared length (a dropped connection) is a 400.
fn read_body(
    req: &HttpRequest,
    payload: &mut Payload,
    types: &'static [&'static str],
    limit: usize,
) -> LocalBoxFuture<'static, Result<web::Bytes, ApiError>> {
    let length = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    let accepted = declared(req, types);
    let mut payload = payload.take();
    Box::pin(async move {
        if !accepted {
            return Err(ApiError::UnsupportedMediaType);
        }
        if length.is_some_and(|n| n > limit) {
            return Err(ApiError::PayloadTooLarge { limit });
        }
        let mut body = web::BytesMut::new();
        while let Some(chunk) = payload.next().await {
            let chunk = chunk.map_err(|e| {
                ApiError::Malformed(format!("the upload did not arrive whole: {e}"))
            })?;
            if body.len() + chunk.len() > limit {
                return Err(ApiError::PayloadTooLarge { limit });
            }
            body.extend_from_slice(&chunk);
        }
        if length.is_some_and(|n| n != body.len()) {
            return Err(ApiError::Malformed(
                "the upload did not arrive whole: fewer bytes than announced".into(),
            ));
        }
        Ok(body.freeze())
    })
}

/// The whole body, at most [`MAX_BYTES`].
#[derive(Debug)]
pub struct Upload(pub web::Bytes);

impl FromRequest for Upload {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = read_body(req, payload, &UPLOAD_TYPES, MAX_BYTES);
        Box::pin(async move { body.await.map(Upload) })
    }
}

impl FromRequest for SpreadsheetUpload {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = read_body(
            req,
            payload,
            &SPREADSHEET_TYPES,
            confitrek_domain::import::MAX_FILE_BYTES,
        );
        Box::pin(async move { body.await.map(SpreadsheetUpload) })
    }
}
