//! HTTP for the typed client: building URLs on the page's origin, the one-time refresh on
//! a 401, and turning every failure into a problem.

use std::cell::RefCell;

use confitrek_types::Problem;
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use reqwest::{Method, Response, StatusCode, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{ApiError, ApiResult};

const BASE_PATH: &str = "/api/v1";

/// The body of POSTs that carry nothing: `{}`, since the server wants JSON on every POST.
pub(super) fn empty_object() -> serde_json::Value {
    serde_json::Value::Object(serde_json::Map::new())
}

thread_local! {
    /// Called when the session is gone for good (refresh failed); the app sends the user to
    /// the login page. Wasm is single-threaded, so a thread-local is the whole app's state.
    static SESSION_EXPIRED: RefCell<Option<Box<dyn Fn()>>> = RefCell::new(None);
    /// The refresh in flight, shared by every call that got a 401 meanwhile: refresh tokens
    /// are single use and the server revokes the whole login when one is presented twice.
    static REFRESHING: RefCell<Option<Shared<LocalBoxFuture<'static, bool>>>> =
        const { RefCell::new(None) };
}

pub fn on_session_expired(handler: impl Fn() + 'static) {
    SESSION_EXPIRED.with(|h| *h.borrow_mut() = Some(Box::new(handler)));
}

fn session_expired() {
    SESSION_EXPIRED.with(|h| {
        if let Some(handler) = h.borrow().as_ref() {
            handler();
        }
    });
}

/// One request, kept as data so it can be sent again after a refresh.
pub(super) struct Call {
    method: Method,
    url: Url,
    /// The content type and the bytes.
    body: Option<(&'static str, Vec<u8>)>,
    /// Whether a lost session should send the app to the login page. Not for the check at
    /// start-up, which may finish after the user has already signed in again.
    reports_expiry: bool,
}

impl Call {
    pub(super) fn new(method: Method, path: &str, query: &[(&str, String)]) -> ApiResult<Self> {
        // reqwest on wasm needs an absolute URL; the API is on the page's own origin.
        let origin = web_sys::window()
            .ok_or_else(|| ApiError::network("no browser window"))?
            .location()
            .origin()
            .map_err(|_| ApiError::network("the page has no origin"))?;
        let mut url =
            Url::parse(&format!("{origin}{BASE_PATH}{path}")).map_err(ApiError::network)?;
        if !query.is_empty() {
            url.query_pairs_mut()
                .extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        Ok(Call {
            method,
            url,
            body: None,
            reports_expiry: true,
        })
    }

    pub(super) fn without_expiry_report(self) -> Self {
        Call {
            reports_expiry: false,
            ..self
        }
    }

    pub(super) fn with_json(mut self, body: &impl Serialize) -> ApiResult<Self> {
        let json = serde_json::to_string(body)
            .map_err(|e| ApiError::client_side(0, "Cannot encode the request", e.to_string()))?;
        self.body = Some(("application/json", json.into_bytes()));
        Ok(self)
    }

    /// A file as the whole body (an upload).
    pub(super) fn with_bytes(mut self, content_type: &'static str, bytes: Vec<u8>) -> Self {
        self.body = Some((content_type, bytes));
        self
    }

    pub(super) async fn send(&self) -> ApiResult<Response> {
        let mut request = reqwest::Client::new()
            .request(self.method.clone(), self.url.clone())
            .header(ACCEPT, "application/json, application/problem+json");
        if let Some((content_type, bytes)) = &self.body {
            request = request
                .header(CONTENT_TYPE, *content_type)
                .body(bytes.clone());
        }
        request.send().await.map_err(ApiError::network)
    }

    /// Sends the call; on a 401 refreshes the session once and retries. When even that
    /// fails the session is over and the app is told so.
    pub(super) async fn execute(self) -> ApiResult<Response> {
        let response = self.send().await?;
        if response.status() != StatusCode::UNAUTHORIZED {
            return checked(response).await;
        }
        if refresh_session().await {
            let retried = self.send().await?;
            if retried.status() != StatusCode::UNAUTHORIZED {
                return checked(retried).await;
            }
        }
        if self.reports_expiry {
            session_expired();
        }
        checked(response).await
    }
}

async fn refresh_session() -> bool {
    let refresh = REFRESHING.with(|slot| {
        slot.borrow_mut()
            .get_or_insert_with(|| post_refresh().boxed_local().shared())
            .clone()
    });
    let refreshed = refresh.clone().await;
    // Forget the finished refresh so that a later expiry refreshes again.
    REFRESHING.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot
            .as_ref()
            .is_some_and(|current| current.ptr_eq(&refresh))
        {
            *slot = None;
        }
    });
    refreshed
}

async fn post_refresh() -> bool {
    // An empty object makes the server use the refresh cookie.
    let Ok(call) =
        Call::new(Method::POST, "/auth/refresh", &[]).and_then(|c| c.with_json(&empty_object()))
    else {
        return false;
    };
    matches!(call.send().await, Ok(response) if response.status().is_success())
}

pub(super) async fn checked(response: Response) -> ApiResult<Response> {
    if response.status().is_success() {
        return Ok(response);
    }
    let status = response.status();
    let body = response.text().await.unwrap_or_default();
    Err(match serde_json::from_str::<Problem>(&body) {
        Ok(problem) => ApiError::from(problem),
        // Not our server's answer (a proxy, a crash page): keep what can be shown.
        Err(_) => ApiError::client_side(
            status.as_u16(),
            status.canonical_reason().unwrap_or("Request failed"),
            format!("The server answered {status} without details."),
        ),
    })
}

pub(super) async fn decoded<T: DeserializeOwned>(response: Response) -> ApiResult<T> {
    let status = response.status().as_u16();
    response.json::<T>().await.map_err(|e| {
        ApiError::client_side(
            status,
            "The server's answer could not be read",
            e.to_string(),
        )
    })
}

pub(super) async fn get<T: DeserializeOwned>(path: &str, query: &[(&str, String)]) -> ApiResult<T> {
    decoded(Call::new(Method::GET, path, query)?.execute().await?).await
}

pub(super) async fn send_json<T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: &impl Serialize,
) -> ApiResult<T> {
    decoded(
        Call::new(method, path, &[])?
            .with_json(body)?
            .execute()
            .await?,
    )
    .await
}

/// A DELETE, which answers 204 with no body.
pub(super) async fn delete(path: &str) -> ApiResult<()> {
    Call::new(Method::DELETE, path, &[])?
        .execute()
        .await
        .map(drop)
}

pub(super) fn with_cursor(
    mut query: Vec<(&'static str, String)>,
    cursor: Option<&str>,
) -> Vec<(&'static str, String)> {
    if let Some(cursor) = cursor {
        query.push(("cursor", cursor.to_owned()));
    }
    query
}
