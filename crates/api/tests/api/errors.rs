use confitrek_types::{PersonInput, Readiness};
use reqwest::{Method, StatusCode};
use serde_json::json;
use time::macros::date;

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    bad_bodies_get_a_problem_naming_the_field_and_write_nothing,
    unknown_routes_and_wrong_methods_are_problems,
    health_and_ready_answer,
    the_web_app_serves_client_routes_and_the_api_does_not,
);

async fn bad_bodies_get_a_problem_naming_the_field_and_write_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let people_before = app.count("people").await;
    let audit_before = app.count("audit_events").await;
    let send = |content_type: &'static str, body: String| {
        api.send(Method::POST, "/api/v1/people")
            .bytes(content_type, body.into_bytes())
    };
    // Bodies a client with the shared types could send, that the server refuses all the same.
    let typed = |person: PersonInput| serde_json::to_string(&person).unwrap();
    let with_notes = |notes: &str| PersonInput {
        notes: Some(notes.to_owned()),
        ..person_input("A", "B", "1")
    };
    let several = PersonInput {
        email: Some("x@".into()),
        license_cycle_start: Some(date!(2027 - 06 - 30)),
        license_cycle_end: Some(date!(2024 - 07 - 01)),
        ..person_input("", "B", "B#1")
    };

    let cases: Vec<(&str, &str, String, StatusCode, Vec<&str>)> = vec![
        ("malformed JSON", "application/json", "{\"kind\": ".into(), StatusCode::BAD_REQUEST, vec![]),
        ("an empty body", "application/json", String::new(), StatusCode::BAD_REQUEST, vec![]),
        ("a form post", "application/x-www-form-urlencoded", "kind=officer".into(), StatusCode::UNSUPPORTED_MEDIA_TYPE, vec![]),
        ("a body over the limit", "application/json", format!("{{\"notes\": \"{}\"}}", "x".repeat(70 * 1024)), StatusCode::PAYLOAD_TOO_LARGE, vec![]),
        ("a missing field", "application/json", json!({"kind": "officer", "last_name": "B", "badge": "1"}).to_string(), StatusCode::UNPROCESSABLE_ENTITY, vec!["first_name"]),
        ("a number for a name", "application/json", json!({"kind": "officer", "first_name": 7, "last_name": "B", "badge": "1"}).to_string(), StatusCode::UNPROCESSABLE_ENTITY, vec!["first_name"]),
        ("a number for a kind", "application/json", json!({"kind": 7, "first_name": "A", "last_name": "B", "badge": "1"}).to_string(), StatusCode::UNPROCESSABLE_ENTITY, vec!["kind"]),
        ("an unknown kind", "application/json", json!({"kind": "deputy", "first_name": "A", "last_name": "B", "badge": "1"}).to_string(), StatusCode::UNPROCESSABLE_ENTITY, vec!["kind"]),
        ("a spreadsheet date", "application/json", json!({"kind": "officer", "first_name": "A", "last_name": "B", "badge": "1", "hire_date": "6/3/2019"}).to_string(), StatusCode::UNPROCESSABLE_ENTITY, vec!["hire_date"]),
        ("an unknown field", "application/json", json!({"kind": "officer", "first_name": "A", "last_name": "B", "badge": "1", "ssn": "x"}).to_string(), StatusCode::UNPROCESSABLE_ENTITY, vec!["ssn"]),
        ("an SSN in the notes", "application/json", typed(with_notes("SSN 123 45 6789")), StatusCode::UNPROCESSABLE_ENTITY, vec!["notes"]),
        ("several invalid fields", "application/json", typed(several), StatusCode::UNPROCESSABLE_ENTITY, vec!["first_name", "badge", "email", "license_cycle_end"]),
    ];
    for (why, content_type, body, status, expected_fields) in cases {
        let body = send(content_type, body).problem(status).await;
        assert_eq!(problem_fields(&body), expected_fields, "{why}");
        assert!(body.request_id.is_some(), "{why}");
    }
    let ssn = send("application/json", typed(with_notes("123-45-6789")))
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert!(
        ssn.errors[0].message.contains("Social Security number"),
        "{ssn:?}"
    );

    for (query, field) in [
        ("limit=abc", "limit"),
        ("cursor=nonsense", "cursor"),
        ("status=retired", "status"),
    ] {
        let bad = api
            .get_problem(
                &format!("/api/v1/people?{query}"),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        assert_eq!(problem_fields(&bad), [field], "{query}");
    }

    assert_eq!(app.count("people").await, people_before);
    assert_eq!(app.count("audit_events").await, audit_before);
}

async fn unknown_routes_and_wrong_methods_are_problems(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;

    for path in [
        "/api/v1/no-such-thing",
        "/api/v2/people",
        "/api/v1/people/not-a-uuid",
    ] {
        api.get_problem(path, StatusCode::NOT_FOUND).await;
    }
    let wrong = app
        .client
        .delete(app.url("/api/v1/people"))
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.headers()["allow"], "GET, POST");
    problem(wrong, StatusCode::METHOD_NOT_ALLOWED).await;
    let wrong = app
        .client
        .patch(app.url(&format!("/api/v1/people/{}", agency.officer_person)))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.headers()["allow"], "GET, PUT, DELETE");
    problem(wrong, StatusCode::METHOD_NOT_ALLOWED).await;
}

async fn health_and_ready_answer(backend: Backend) {
    let app = spawn_app(backend).await;
    let health = app.client.get(app.url("/health")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    assert!(health.headers().contains_key("x-request-id"));
    let ready = app.client.get(app.url("/ready")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    let ready: Readiness = ready.json().await.unwrap();
    let expected = if backend == Backend::Sqlite {
        "sqlite"
    } else {
        "postgresql"
    };
    assert_eq!(ready.database, expected);
    assert_eq!(ready.status, "ready");
    // Operations like the others: another method is 405 naming the one they take.
    for path in ["/health", "/ready"] {
        let wrong = app.client.post(app.url(path)).send().await.unwrap();
        assert_eq!(wrong.headers()["allow"], "GET");
        problem(wrong, StatusCode::METHOD_NOT_ALLOWED).await;
    }
    if backend == Backend::Sqlite {
        use sea_orm::{ConnectionTrait, Statement};
        let pragma =
            |sql: &str| Statement::from_string(app.db.get_database_backend(), sql.to_owned());
        let fk = app
            .db
            .query_one_raw(pragma("PRAGMA foreign_keys"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(fk.try_get_by_index::<i32>(0).unwrap(), 1);
        let wal = app
            .db
            .query_one_raw(pragma("PRAGMA journal_mode"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(wal.try_get_by_index::<String>(0).unwrap(), "wal");
    }
}

async fn the_web_app_serves_client_routes_and_the_api_does_not(backend: Backend) {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>ConfiTrek</title>",
    )
    .unwrap();
    let dir = dist.path().to_path_buf();
    let app = spawn_app_with(backend, move |c| c.static_dir = dir).await;

    for path in [
        "/",
        "/people",
        "/people/0192a1b2-0000-7000-8000-000000000000/edit",
    ] {
        let page = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(page.status(), StatusCode::OK, "{path}");
        assert!(
            page.text()
                .await
                .unwrap()
                .contains("<title>ConfiTrek</title>"),
            "{path}"
        );
    }
    problem(
        app.client
            .get(app.url("/api/v1/nothing"))
            .send()
            .await
            .unwrap(),
        StatusCode::NOT_FOUND,
    )
    .await;
    let docs = app.client.get(app.url("/api/docs/")).send().await.unwrap();
    assert_eq!(docs.status(), StatusCode::OK);
    let spec: serde_json::Value = app
        .client
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(spec["paths"]["/api/v1/people"].is_object());
}
