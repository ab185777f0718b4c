//! Body and query extractors that answer every bad input with a problem that names the
//! field, where actix's own extractors would only say that deserialisation failed.

use std::future::{Ready, ready};
use std::ops::Deref;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

use super::ApiError;
use crate::app::AppState;

/// A JSON request body, at most `Config::json_limit` bytes, `Content-Type: application/json`.
#[derive(Debug)]
pub struct JsonBody<T>(pub T);

impl<T> Deref for JsonBody<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> JsonBody<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

fn is_json(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|m| {
            let m = m.trim().to_ascii_lowercase();
            m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
        })
        .unwrap_or(false)
}

impl<T: DeserializeOwned + 'static> FromRequest for JsonBody<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = req
            .app_data::<web::Data<AppState>>()
            .map(|s| s.config.json_limit)
            .unwrap_or(256 * 1024);
        let json = is_json(req);
        let declared = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let mut payload = payload.take();
        Box::pin(async move {
            if declared.is_some_and(|n| n > limit) {
                return Err(ApiError::PayloadTooLarge { limit });
            }
            if !json {
                return Err(ApiError::UnsupportedMediaType);
            }
            let mut body = web::BytesMut::new();
            while let Some(chunk) = payload.next().await {
                let chunk = chunk
                    .map_err(|e| ApiError::Malformed(format!("could not read the body: {e}")))?;
                if body.len() + chunk.len() > limit {
                    return Err(ApiError::PayloadTooLarge { limit });
                }
                body.extend_from_slice(&chunk);
            }
            parse_json(&body).map(JsonBody)
        })
    }
}

/// Parses JSON, naming the field that has the wrong type or is missing.
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::Malformed(
            "the body is empty; send a JSON object".into(),
        ));
    }
    // Every body of this API is an object; serde would also build a struct from an array.
    if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return Err(ApiError::field("body", "must be a JSON object"));
    }
    let mut de = serde_json::Deserializer::from_slice(body);
    let parsed = serde_path_to_error::deserialize(&mut de);
    if parsed.is_ok()
        && let Err(e) = de.end()
    {
        return Err(ApiError::Malformed(format!(
            "the body is not valid JSON: {e}"
        )));
    }
    match parsed {
        Ok(value) => Ok(value),
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            // serde_json reports a number or a list where a word of a closed list belongs as
            // a syntax error, though the document is valid JSON: it is the field's fault.
            if inner.is_syntax() && serde_json::from_slice::<serde::de::IgnoredAny>(body).is_ok() {
                let field = if path == "." { "body" } else { path.as_str() };
                return Err(ApiError::field(
                    field,
                    "has the wrong type: send one of its allowed words",
                ));
            }
            if inner.is_syntax() || inner.is_eof() || inner.is_io() {
                return Err(ApiError::Malformed(format!(
                    "the body is not valid JSON: {inner}"
                )));
            }
            Err(field_error(&path, &inner.to_string()))
        }
    }
}

/// serde reports a missing or unknown field as a message on the enclosing object; move the
/// field's name into the path so the client sees which field it is.
fn field_error(path: &str, message: &str) -> ApiError {
    let message = message.split(" at line ").next().unwrap_or(message);
    let quoted = message.split('`').nth(1);
    let parent = if path == "." {
        String::new()
    } else {
        format!("{path}.")
    };
    if message.starts_with("missing field")
        && let Some(name) = quoted
    {
        return ApiError::field(&format!("{parent}{name}"), "is required");
    }
    if message.starts_with("unknown field") {
        // Here the path already ends at the unknown field.
        let field = if path == "." {
            quoted.unwrap_or("body")
        } else {
            path
        };
        return ApiError::field(field, "is not a known field");
    }
    let field = if path == "." { "body" } else { path };
    // time's parser names the component it choked on; a person needs the expected form.
    if message.contains("component") || message.contains("invalid date") {
        return ApiError::field(field, "must be a date written YYYY-MM-DD, e.g. 2024-07-01");
    }
    ApiError::field(field, message.to_owned())
}

/// Query parameters, with the same field-naming errors as `JsonBody`.
#[derive(Debug)]
pub struct QueryParams<T>(pub T);

impl<T> Deref for QueryParams<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned> FromRequest for QueryParams<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let query = req.query_string().as_bytes();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query));
        ready(
            serde_path_to_error::deserialize(de)
                .map(QueryParams)
                .map_err(|e| {
                    let path = e.path().to_string();
                    field_error(&path, &e.into_inner().to_string())
                }),
        )
    }
}
