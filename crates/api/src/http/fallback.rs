//! What answers when no route matched: a problem for anything under `/api` (405 with `Allow`
//! when the path exists under another method, else 404), the SPA's `index.html` elsewhere so
//! that deep links to client routes work.

use std::path::PathBuf;
use std::sync::Arc;

use actix_web::{HttpRequest, HttpResponse, web};
use utoipa::openapi::OpenApi;
use utoipa::openapi::path::HttpMethod;

use super::ApiError;

/// The API's paths and their methods, read from the OpenAPI document so that no list of
/// routes is kept by hand.
#[derive(Debug, Default)]
pub struct RouteTable(Vec<(Vec<String>, Vec<&'static str>)>);

fn method_name(method: &HttpMethod) -> &'static str {
    match method {
        HttpMethod::Get => "GET",
        HttpMethod::Post => "POST",
        HttpMethod::Put => "PUT",
        HttpMethod::Delete => "DELETE",
        HttpMethod::Options => "OPTIONS",
        HttpMethod::Head => "HEAD",
        HttpMethod::Patch => "PATCH",
        HttpMethod::Trace => "TRACE",
    }
}

impl RouteTable {
    pub fn from_openapi(doc: &OpenApi) -> Self {
        let mut routes = Vec::new();
        for (path, item) in doc.paths.paths.iter() {
            let segments = path.split('/').map(str::to_owned).collect();
            let mut methods = Vec::new();
            for (method, operation) in [
                (HttpMethod::Get, &item.get),
                (HttpMethod::Post, &item.post),
                (HttpMethod::Put, &item.put),
                (HttpMethod::Delete, &item.delete),
                (HttpMethod::Patch, &item.patch),
            ] {
                if operation.is_some() {
                    methods.push(method_name(&method));
                }
            }
            routes.push((segments, methods));
        }
        Self(routes)
    }

    /// The methods allowed on `path`, if the API has such a path.
    pub fn allowed(&self, path: &str) -> Option<Vec<&'static str>> {
        let parts: Vec<&str> = path.trim_end_matches('/').split('/').collect();
        self.0
            .iter()
            .filter(|(segments, _)| {
                segments.len() == parts.len()
                    && segments
                        .iter()
                        .zip(&parts)
                        .all(|(s, p)| s.starts_with('{') || s == p)
            })
            // A literal segment beats a parameter: `/people/units` before `/people/{id}`.
            .max_by_key(|(segments, _)| segments.iter().filter(|s| !s.starts_with('{')).count())
            .map(|(_, methods)| methods.clone())
    }
}

pub async fn api_fallback(
    req: HttpRequest,
    routes: web::Data<Arc<RouteTable>>,
) -> Result<HttpResponse, ApiError> {
    Err(unrouted(&req, &routes))
}

/// A request no operation takes: 405 where the path is the API's under another method, 404
/// otherwise.
fn unrouted(req: &HttpRequest, routes: &RouteTable) -> ApiError {
    match routes.allowed(req.path()) {
        Some(allow) if !allow.contains(&req.method().as_str()) => {
            ApiError::MethodNotAllowed { allow }
        }
        _ => ApiError::NotFound,
    }
}

/// A path parameter that does not parse (`PUT /people/units` reaching `PUT /people/{id}`):
/// the path may be another operation's, answered 405, else nothing has that id, 404.
pub fn bad_path_parameter(req: &HttpRequest) -> ApiError {
    match req.app_data::<web::Data<Arc<RouteTable>>>() {
        Some(routes) => unrouted(req, routes),
        None => ApiError::NotFound,
    }
}

/// Client routes of the SPA get its `index.html`; the API's unknown paths get a problem.
pub async fn spa_fallback(
    req: HttpRequest,
    static_dir: web::Data<PathBuf>,
    routes: web::Data<Arc<RouteTable>>,
) -> actix_web::Result<HttpResponse> {
    if req.path().starts_with("/api/") || req.path() == "/api" {
        return Ok(api_fallback(req, routes).await?);
    }
    if req.method() != actix_web::http::Method::GET && req.method() != actix_web::http::Method::HEAD
    {
        return Err(ApiError::NotFound.into());
    }
    let index = static_dir.join("index.html");
    match actix_files::NamedFile::open(&index) {
        Ok(file) => Ok(file.use_last_modified(true).into_response(&req)),
        Err(_) => Ok(HttpResponse::NotFound().content_type("text/plain; charset=utf-8").body(
            "The ConfiTrek web app is not built. Run the quick-start command in README.md, or use the API under /api/v1 (documentation at /api/docs).\n",
        )),
    }
}
