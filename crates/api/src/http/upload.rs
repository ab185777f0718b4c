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

fn declared_binary(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|m| UPLOAD_TYPES.contains(&m.trim().to_ascii_lowercase().as_str()))
}

/// The whole body, at most [`MAX_BYTES`]. A body that ends before its declared length (a
/// dropped connection) is a 400, and nothing is stored.
pub struct Upload(pub web::Bytes);

impl FromRequest for Upload {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let binary = declared_binary(req);
        let mut payload = payload.take();
        Box::pin(async move {
            if !binary {
                return Err(ApiError::UnsupportedMediaType);
            }
            if declared.is_some_and(|n| n > MAX_BYTES) {
                return Err(ApiError::PayloadTooLarge { limit: MAX_BYTES });
            }
            let mut body = web::BytesMut::new();
            while let Some(chunk) = payload.next().await {
                let chunk = chunk.map_err(|e| {
                    ApiError::Malformed(format!("the upload did not arrive whole: {e}"))
                })?;
                if body.len() + chunk.len() > MAX_BYTES {
                    return Err(ApiError::PayloadTooLarge { limit: MAX_BYTES });
                }
                body.extend_from_slice(&chunk);
            }
            if declared.is_some_and(|n| n != body.len()) {
                return Err(ApiError::Malformed(
                    "the upload did not arrive whole: fewer bytes than announced".into(),
                ));
            }
            Ok(Upload(body.freeze()))
        })
    }
}
