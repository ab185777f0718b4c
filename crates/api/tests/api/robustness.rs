//! No input stalls a worker, no write is lost to another, and the agency keeps an admin:
//! dates the engine cannot judge are refused at once, parallel writers and the server's own
//! jobs never see "database is locked", constraint violations answer 409.

use std::time::Duration;

use std::collections::BTreeMap;

use confitrek_domain::permissions::Role;
use confitrek_types::{
    DeactivateRequest, NotificationSettingsInput, PersonDto, PersonInput, PersonStatus,
    SessionInput, TrainingRecordDto, TrainingRecordInput, TrainingRequestDto, TrainingRequestInput,
};
use reqwest::{Method, StatusCode};
use sea_orm::{ConnectionTrait, Statement};
use serde::Serialize;
use serde_json::json;
use time::macros::date;
use uuid::Uuid;

use crate::both_databases;
use crate::helpers::{
    Api, Backend, create_course, create_session, crisis_course, fields, person_input, person_json,
    problem, session_input, spawn_app, spawn_app_with,
};

/// An in-service record of `person`, as the office enters one.
fn in_service(person: Uuid, title: String) -> TrainingRecordInput {
    TrainingRecordInput {
        person_id: person,
        course_id: None,
        title: Some(title),
        completed_on: date!(2026 - 03 - 02),
        hours: Some(BTreeMap::from([("use_of_force".to_owned(), 1.0)])),
        events: None,
    }
}

/// Sends the request and hands back the answer whatever its status: the parallel writers
/// collect their failures instead of stopping at the first.
async fn answer(
    api: &Api,
    method: Method,
    path: &str,
    body: Option<&(impl Serialize + ?Sized)>,
) -> reqwest::Response {
    let mut request = api
        .client
        .request(method, format!("{}{path}", api.base))
        .bearer_auth(&api.token);
    if let Some(body) = body {
        request = request.json(body);
    }
    request.send().await.unwrap()
}

both_databases!(
    dates_the_engine_cannot_judge_are_refused_while_health_answers,
    parallel_writers_and_the_jobs_lose_no_write,
    the_last_admin_who_signs_in_cannot_be_taken_off_duty,
    deleting_a_course_a_request_refers_to_is_a_conflict,
    a_column_holding_an_unknown_value_is_an_error_never_a_default,
);

async fn dates_the_engine_cannot_judge_are_refused_while_health_answers(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let officer = app.login(&agency.officer).await;
    let coordinator = app.login(&agency.coordinator).await;
    let own = format!("/api/v1/people/{}/compliance", agency.officer_person);

    // Each of these once spun a worker for ever; now each answers at once, several at a time.
    let far = ["9999-12-31", "9998-07-01", "2200-01-01", "1899-12-31"];
    let paths: Vec<(&Api, String)> = far
        .iter()
        .flat_map(|day| {
            [
                (&officer, format!("{own}?as_of={day}")),
                (
                    &coordinator,
                    format!("/api/v1/reports/compliance?as_of={day}&format=csv"),
                ),
            ]
        })
        .collect();
    let asked = paths.iter().map(|(api, path)| api.get(path));
    let health = app.client.get(app.url("/health")).send();
    let (answers, health) = tokio::join!(futures_util::future::join_all(asked), health);
    assert_eq!(health.unwrap().status(), StatusCode::OK);
    for answer in answers {
        let body = problem(answer, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(fields(&body), ["as_of"]);
    }

    let what_if = json!({
        "jurisdiction": "MN", "as_of": "9999-12-31",
        "person": { "license_cycle_start": "2023-07-01", "license_cycle_end": "2026-06-30" },
    });
    let refused = problem(
        coordinator
            .post("/api/v1/compliance/evaluate", &what_if)
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&refused), ["as_of"]);
    let mut hired_late = person_json("Late", "Hire", "B-9");
    hired_late["hire_date"] = json!("2300-01-01");
    let refused = problem(
        coordinator.post("/api/v1/people", &hired_late).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(fields(&refused), ["hire_date"]);

    // The last judgeable day is judged.
    let last = officer.get(&format!("{own}?as_of=2199-12-31")).await;
    assert_eq!(last.status(), StatusCode::OK);
}

/// Writers of several kinds at once (people, records, verifications, deletions, settings),
/// with the re-evaluation and notification jobs running every second and the audit sealer
/// ten times a second: every write answers 2xx and is there afterwards.
async fn parallel_writers_and_the_jobs_lose_no_write(backend: Backend) {
    const WRITERS: usize = 8;
    const WRITES_EACH: usize = 125;
    let app = spawn_app_with(backend, |c| {
        c.refresh_interval_seconds = 1;
        c.notify_interval_seconds = 1;
    })
    .await;
    let agency = app.seed_agency("Alpha").await;
    confitrek_api::jobs::spawn_snapshot_refresh(
        app.db.clone(),
        app.clock.clone(),
        Duration::from_secs(1),
    );
    confitrek_api::jobs::spawn_notifications(app.db.clone(), app.clock.clone(), &app.config)
        .unwrap();
    confitrek_api::jobs::spawn_audit_sealer(app.db.clone(), Duration::from_millis(100));
    let coordinator = app.login(&agency.coordinator).await;
    let admin = app.login(&agency.admin).await;
    let records_before = app.count("training_records").await;
    let people_before = app.count("people").await;

    // Each writer answers the writes that failed, and how many people and records it made.
    // Records go to the person the writer created last: a few each, as in a real roster.
    // Each writer creates people, records training for the one it created last, verifies
    // and deletes records, and (the admins) changes the notification settings.
    let writer = |n: usize, api: Api, is_admin: bool, mut person: uuid::Uuid| async move {
        let (mut failures, mut people, mut records) = (Vec::new(), 0, 0);
        let mut last_record: Option<String> = None;
        for i in 0..WRITES_EACH {
            let response = match (i % 8, last_record.take()) {
                (0, kept) => {
                    last_record = kept;
                    people += 1;
                    let body = person_input("Par", "Allel", &format!("P-{n}-{i}"));
                    let response = answer(&api, Method::POST, "/api/v1/people", Some(&body)).await;
                    if response.status() == StatusCode::CREATED {
                        let created: PersonDto = response.json().await.unwrap();
                        person = created.id;
                        continue;
                    }
                    response
                }
                (3, kept) if is_admin => {
                    last_record = kept;
                    let body = NotificationSettingsInput {
                        lead_days: vec![60 + (i % 30) as i64, 7],
                        kinds: vec![],
                    };
                    let path = "/api/v1/notifications/settings";
                    answer(&api, Method::PUT, path, Some(&body)).await
                }
                (4, Some(id)) => {
                    let path = format!("/api/v1/training-records/{id}/verify");
                    let verified = answer(&api, Method::POST, &path, None::<&()>).await;
                    last_record = Some(id);
                    verified
                }
                (6, Some(id)) => {
                    records -= 1;
                    let path = format!("/api/v1/training-records/{id}");
                    answer(&api, Method::DELETE, &path, None::<&()>).await
                }
                _ => {
                    records += 1;
                    let body = in_service(person, "In-service".into());
                    let path = "/api/v1/training-records";
                    let response = answer(&api, Method::POST, path, Some(&body)).await;
                    if response.status() == StatusCode::CREATED {
                        let created: TrainingRecordDto = response.json().await.unwrap();
                        last_record = Some(created.id.to_string());
                        continue;
                    }
                    response
                }
            };
            let status = response.status();
            if !status.is_success() {
                let text = response.text().await.unwrap_or_default();
                failures.push(format!("{status}: {text}"));
            }
        }
        (failures, people, records)
    };
    let mut tasks = Vec::new();
    for n in 0..WRITERS {
        let is_admin = n % 2 == 1;
        let api = if is_admin { &admin } else { &coordinator };
        tasks.push(tokio::spawn(writer(
            n,
            api.clone(),
            is_admin,
            agency.officer_person,
        )));
    }
    let (mut failures, mut people, mut records) = (Vec::new(), 0, 0);
    for task in tasks {
        let (f, p, r) = task.await.unwrap();
        failures.extend(f);
        people += p;
        records += r;
    }
    let total = WRITERS * WRITES_EACH;
    let shown = &failures[..failures.len().min(5)];
    assert!(
        failures.is_empty(),
        "{} of {total} writes failed: {shown:?}",
        failures.len()
    );
    assert_eq!(app.count("people").await - people_before, people);
    assert_eq!(
        app.count("training_records").await - records_before,
        records
    );
    if backend == Backend::Sqlite {
        let row = app
            .db
            .query_one_raw(Statement::from_string(
                app.db.get_database_backend(),
                "PRAGMA journal_mode",
            ))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.try_get_by_index::<String>(0).unwrap(), "wal");
    }
}

async fn the_last_admin_who_signs_in_cannot_be_taken_off_duty(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let chief = app
        .seed_person(agency.id, "Carla", "Chief", "C-1", None)
        .await;
    // The agency's only admin login is the chief's own.
    app.db
        .execute_raw(Statement::from_sql_and_values(
            app.db.get_database_backend(),
            if backend == Backend::Sqlite {
                "UPDATE users SET person_id = ? WHERE email = ?"
            } else {
                "UPDATE users SET person_id = $1 WHERE email = $2"
            },
            [chief.into(), agency.admin.clone().into()],
        ))
        .await
        .unwrap();
    let admin = app.login(&agency.admin).await;
    let deactivate = format!("/api/v1/people/{chief}/deactivate");

    let body = admin
        .post_problem(
            &deactivate,
            &DeactivateRequest::default(),
            StatusCode::CONFLICT,
        )
        .await;
    assert!(body.detail.unwrap().contains("last admin"));
    let replaced = PersonInput {
        status: Some(PersonStatus::Separated),
        ..person_input("Carla", "Chief", "C-1")
    };
    let chief_path = format!("/api/v1/people/{chief}");
    admin
        .put_problem(&chief_path, &replaced, StatusCode::CONFLICT)
        .await;
    let person: PersonDto = admin.get_as(&chief_path, StatusCode::OK).await;
    assert_eq!(person.status, PersonStatus::Active, "nothing was written");

    // With a second admin who signs in, the chief may go.
    let deputy = app
        .seed_person(agency.id, "Dan", "Deputy", "D-1", None)
        .await;
    app.seed_user(
        Some(agency.id),
        "deputy@alpha.test",
        Role::AgencyAdmin,
        Some(deputy),
    )
    .await;
    let inactive = DeactivateRequest {
        status: Some(PersonStatus::Inactive),
    };
    let _: PersonDto = admin.post_as(&deactivate, &inactive, StatusCode::OK).await;
    let deputy_admin = app.login("deputy@alpha.test").await;
    deputy_admin
        .post_problem(
            &format!("/api/v1/people/{deputy}/deactivate"),
            &DeactivateRequest::default(),
            StatusCode::CONFLICT,
        )
        .await;
}

async fn deleting_a_course_a_request_refers_to_is_a_conflict(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;
    let course = create_course(&coordinator, &crisis_course("Crisis Intervention")).await;
    let session = SessionInput {
        capacity: Some(5),
        ..session_input(course, date!(2027 - 02 - 10))
    };
    let session = create_session(&coordinator, &session).await;
    let asked = TrainingRequestInput {
        course_id: None,
        session_id: Some(session),
        note: None,
    };
    let _: TrainingRequestDto = officer
        .post_as("/api/v1/training-requests", &asked, StatusCode::CREATED)
        .await;

    coordinator
        .delete_problem(&format!("/api/v1/courses/{course}"), StatusCode::CONFLICT)
        .await;
    assert_eq!(app.count("courses").await, 1, "nothing was deleted");
}

/// A status or role the server never wrote (another tool, a hand edit) is not read as
/// "inactive" or "officer": the request fails and says so, and nothing is decided on a guess.
async fn a_column_holding_an_unknown_value_is_an_error_never_a_default(backend: Backend) {
    use confitrek_api::db::entity::{person, user};
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    person::Entity::update_many()
        .col_expr(person::Column::Status, Expr::value("retired"))
        .filter(person::Column::Id.eq(agency.officer_person))
        .exec(&app.db)
        .await
        .unwrap();
    coordinator
        .get_problem(
            &format!("/api/v1/people/{}", agency.officer_person),
            StatusCode::INTERNAL_SERVER_ERROR,
        )
        .await;
    coordinator
        .get_problem("/api/v1/people", StatusCode::INTERNAL_SERVER_ERROR)
        .await;

    user::Entity::update_many()
        .col_expr(user::Column::Role, Expr::value("superuser"))
        .filter(user::Column::Email.eq(agency.supervisor.as_str()))
        .exec(&app.db)
        .await
        .unwrap();
    let signed_in = app
        .login_response(&agency.supervisor, crate::helpers::PASSWORD)
        .await;
    problem(signed_in, StatusCode::INTERNAL_SERVER_ERROR).await;
}

both_databases!(a_request_past_its_time_is_answered_503_and_keeps_nothing);

/// A write that cannot get its lock within the request timeout is abandoned: 503 with
/// `Retry-After`, and its transaction rolled back.
async fn a_request_past_its_time_is_answered_503_and_keeps_nothing(backend: Backend) {
    let app = spawn_app_with(backend, |c| c.request_timeout_seconds = 1).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let people_before = app.count("people").await;

    // Another writer holds the lock the roster's write needs, longer than the timeout.
    let holder = confitrek_api::db::begin_write(&app.db).await.unwrap();
    let lock = match backend {
        Backend::Sqlite => "UPDATE agencies SET name = name",
        Backend::Postgres => "LOCK TABLE people IN EXCLUSIVE MODE",
    };
    holder
        .execute_raw(Statement::from_string(app.db.get_database_backend(), lock))
        .await
        .unwrap();
    let started = std::time::Instant::now();
    let response = coordinator
        .post("/api/v1/people", &person_json("Slow", "Write", "S-1"))
        .await;
    assert_eq!(response.headers()["retry-after"], "5");
    let body = problem(response, StatusCode::SERVICE_UNAVAILABLE).await;
    assert_eq!(body["type"], "urn:confitrek:problem:timeout");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "answered at the timeout"
    );
    holder.rollback().await.unwrap();

    assert_eq!(app.count("people").await, people_before, "nothing was kept");
    // The abandoned request left no connection behind in a transaction: writes go on.
    for n in 0..10 {
        let body = person_input("After", "Wards", &format!("A-{n}"));
        let _: PersonDto = coordinator
            .post_as("/api/v1/people", &body, StatusCode::CREATED)
            .await;
    }
    assert_eq!(app.count("people").await, people_before + 10);
}

both_databases!(an_export_is_one_snapshot_while_certificates_are_replaced);

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

/// Certificates replaced over and over while the admin exports: every export is whole
/// (its rows and its files from one moment), none answers 500.
async fn an_export_is_one_snapshot_while_certificates_are_replaced(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let admin = app.login(&agency.admin).await;
    let mut paths = Vec::new();
    for n in 0..3 {
        let body = in_service(agency.officer_person, format!("In-service {n}"));
        let record: TrainingRecordDto = coordinator
            .post_as("/api/v1/training-records", &body, StatusCode::CREATED)
            .await;
        let path = format!("/api/v1/training-records/{}/certificate", record.id);
        coordinator
            .send(Method::PUT, &path)
            .bytes("application/pdf", PDF.to_vec())
            .expect_status(StatusCode::CREATED)
            .await;
        paths.push(path);
    }
    let replacing = {
        let coordinator = coordinator.clone();
        tokio::spawn(async move {
            let mut replaced = 0;
            for round in 0..20 {
                let path = &paths[round % paths.len()];
                let put = coordinator
                    .put_bytes(path, "application/pdf", PDF.to_vec())
                    .await;
                assert_eq!(put.status(), StatusCode::CREATED);
                replaced += 1;
            }
            replaced
        })
    };
    for _ in 0..6 {
        let export = admin.get("/api/v1/exports").await;
        assert_eq!(export.status(), StatusCode::OK);
        assert!(!export.bytes().await.unwrap().is_empty());
    }
    assert_eq!(replacing.await.unwrap(), 20);
}
