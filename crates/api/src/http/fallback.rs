//! What answers when no route matched: a problem for anything under `/api` (405 with `Allow`
//! when the path exists under another method, else 404); elsewhere a file of the built SPA,
//! or its `index.html` so that deep links to client routes work. Files are sent as the build
//! precompressed them (`.br`, `.gz`) when the browser takes that encoding; files named with
//! a content hash are cached for a year, everything else revalidated.

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
        // `/health` and `/ready` are operations too: another method there is 405.
        return Err(unrouted(&req, &routes).into());
    }
    let asset = asset_name(req.path()).map(|name| static_dir.join(name));
    let file = match asset {
        Some(path) if path.is_file() => path,
        _ => static_dir.join("index.html"),
    };
    match serve(&req, &file) {
        Some(response) => Ok(response),
        None => Ok(HttpResponse::NotFound().content_type("text/plain; charset=utf-8").body(
            "The ConfiTrek web app is not built. Run the quick-start command in README.md, or use the API under /api/v1 (documentation at /api/docs).\n",
        )),
    }
}

/// The file a path names in the build directory: one plain name (the build is flat), never
/// a way out of it.
fn asset_name(path: &str) -> Option<&str> {
    let name = path.strip_prefix('/')?;
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    plain.then_some(name)
}

/// Whether a file name carries the build's content hash (`name-0123456789abcdef.ext` or
/// `..._bg.wasm`): its content never changes under that name.
fn is_hashed(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Whether the request's `Accept-Encoding` lists `coding` (without `q=0`).
fn accepts(req: &HttpRequest, coding: &str) -> bool {
    req.headers()
        .get(actix_web::http::header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',').any(|part| {
                let mut fields = part.split(';').map(str::trim);
                fields.next() == Some(coding) && !fields.any(|f| f.replace(' ', "") == "q=0")
            })
        })
}

/// The file as a response: its precompressed twin when the browser takes it.
fn serve(req: &HttpRequest, path: &std::path::Path) -> Option<HttpResponse> {
    use actix_web::http::header::{self, ContentEncoding};
    let name = path.file_name()?.to_str()?;
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let twin = [
        (ContentEncoding::Brotli, "br"),
        (ContentEncoding::Gzip, "gz"),
    ]
    .into_iter()
    .filter(|(coding, _)| accepts(req, coding.as_str()))
    .map(|(coding, ext)| (coding, path.with_file_name(format!("{name}.{ext}"))))
    .find(|(_, twin)| twin.is_file());
    let file = match twin {
        Some((coding, twin)) => actix_files::NamedFile::open(twin)
            .ok()?
            .set_content_type(mime)
            .set_content_encoding(coding),
        None => actix_files::NamedFile::open(path)
            .ok()?
            .set_content_type(mime),
    };
    // Named after the twin, the file would be offered as a download: it is a page.
    let mut response = file
        .disable_content_disposition()
        .use_last_modified(true)
        .into_response(req);
    let cache = if is_hashed(name) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let headers = response.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static(cache),
    );
    headers.insert(
        header::VARY,
        header::HeaderValue::from_static("accept-encoding"),
    );
    Some(response)
}

#[cfg(test)]
mod asset_tests {
    use super::*;

    #[test]
    fn only_plain_names_of_the_build_are_served_and_hashed_ones_are_kept() {
        assert_eq!(
            asset_name("/confitrek-frontend-4be1de826622ded0_bg.wasm"),
            Some("confitrek-frontend-4be1de826622ded0_bg.wasm")
        );
        assert_eq!(asset_name("/../etc/passwd"), None);
        assert_eq!(asset_name("/.env"), None);
        assert_eq!(asset_name("/people/new"), None);
        assert_eq!(asset_name("/"), None);
        assert!(is_hashed("confitrek-frontend-4be1de826622ded0_bg.wasm"));
        assert!(is_hashed("style-75e7a664ace21821.css"));
        assert!(is_hashed("confitrek-frontend-4be1de826622ded0.js"));
        assert!(!is_hashed("index.html"));
        assert!(!is_hashed("favicon.ico"));
    }
}
