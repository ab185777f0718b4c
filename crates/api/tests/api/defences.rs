//! What every response tells the browser (no caching of API answers, a Content-Security-Policy
//! on pages, HSTS over HTTPS) and the refusal of a request that acts with the session cookie
//! from another site's page.

use std::collections::BTreeMap;

use base64::Engine;
use confitrek_types::{CourseDto, CourseInput, Delivery, LoginRequest};
use reqwest::StatusCode;
use sha2::{Digest, Sha256};

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    pages_carry_a_strict_policy_and_api_answers_are_never_stored,
    another_sites_page_cannot_act_with_the_session_cookie,
);

const INLINE: &str = "import init from '/app.js'; init('/app_bg.wasm');";

async fn pages_carry_a_strict_policy_and_api_answers_are_never_stored(backend: Backend) {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        format!("<!doctype html><html><head><script type=\"module\">{INLINE}</script></head><body><script src=\"/boot.js\"></script></body></html>"),
    )
    .unwrap();
    let static_dir = dist.path().to_path_buf();
    let app = spawn_app_with(backend, move |c| c.static_dir = static_dir).await;
    let agency = app.seed_agency("Alpha").await;

    // The app page, at any of its addresses: its own scripts and the inline one by hash.
    let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(INLINE.as_bytes()));
    for path in ["/", "/login", "/people/123"] {
        let page = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK, "{path}");
        let policy = page.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
        assert!(policy.contains(&format!("'sha256-{hash}'")), "{policy}");
        assert!(policy.contains("'wasm-unsafe-eval'"), "{policy}");
        assert!(!policy.contains("unsafe-inline"), "{policy}");
    }
    let docs = app.client.get(app.url("/api/docs/")).send().await.unwrap();
    assert!(
        docs.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );

    // API answers, good and bad, are never stored.
    let api = app.login(&agency.coordinator).await;
    for response in [
        api.get("/api/v1/me").await,
        api.get("/api/v1/people").await,
        app.client.get(app.url("/api/v1/me")).send().await.unwrap(),
    ] {
        assert_eq!(
            response.headers()["cache-control"],
            "no-store",
            "{}",
            response.url()
        );
    }

    // Over HTTPS (as a proxy in front says), browsers are told to keep to it.
    let plain = app.client.get(app.url("/api/v1/me")).send().await.unwrap();
    assert!(plain.headers().get("strict-transport-security").is_none());
    let https = app
        .client
        .get(app.url("/api/v1/me"))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    assert!(
        https.headers()["strict-transport-security"]
            .to_str()
            .unwrap()
            .starts_with("max-age=")
    );
}

async fn another_sites_page_cannot_act_with_the_session_cookie(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let signed_in = browser
        .post(app.url("/api/v1/auth/login"))
        .json(&LoginRequest {
            email: agency.coordinator.clone(),
            password: PASSWORD.into(),
            code: None,
        })
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), StatusCode::OK);
    let course = |n: u32| CourseInput {
        title: format!("Course {n}"),
        provider: Some("Lakeview PD".into()),
        post_course_number: None,
        delivery: Delivery::InPerson,
        cost_cents: Some(0),
        hours: BTreeMap::from([("use_of_force".to_owned(), 2.0)]),
        events: vec![],
        active: None,
    };
    let own_origin = app.url("").trim_end_matches('/').to_owned();
    let cases = [
        (Some("http://evil.example"), None, StatusCode::FORBIDDEN),
        (Some("null"), None, StatusCode::FORBIDDEN),
        (None, Some("cross-site"), StatusCode::FORBIDDEN),
        (
            Some(own_origin.as_str()),
            Some("same-origin"),
            StatusCode::CREATED,
        ),
        (None, None, StatusCode::CREATED),
    ];
    for (i, (origin, fetch_site, expected)) in cases.into_iter().enumerate() {
        let mut request = browser
            .post(app.url("/api/v1/courses"))
            .json(&course(i as u32));
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        if let Some(site) = fetch_site {
            request = request.header("sec-fetch-site", site);
        }
        let response = request.send().await.unwrap();
        assert_eq!(
            response.status(),
            expected,
            "origin {origin:?}, fetch site {fetch_site:?}"
        );
    }
    assert_eq!(
        app.count("courses").await,
        2,
        "only the same site's posts wrote"
    );
    // Reading is not acting: another site's page gets nothing it could not already link to,
    // and a client with a bearer token (no cookie) is no browser at all.
    let read = browser
        .get(app.url("/api/v1/people"))
        .header("origin", "http://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), StatusCode::OK);
    let bearer = app.login(&agency.coordinator).await;
    let _: CourseDto = bearer
        .post_as("/api/v1/courses", &course(9), StatusCode::CREATED)
        .await;
}
