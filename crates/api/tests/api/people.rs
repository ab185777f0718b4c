use confitrek_types::{
    AuditEventDto, ComplianceStatus, DeactivateRequest, NotificationDto, Page, PersonDto,
    PersonInput, PersonStatus, ReminderRequest, RemindersSent, RequirementStatus,
};
use reqwest::{Method, StatusCode};
use serde_json::json;
use time::macros::date;

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    a_coordinator_creates_reads_and_replaces_a_person,
    a_duplicate_badge_is_a_field_error_and_writes_nothing,
    the_roster_searches_filters_and_pages,
    the_roster_shows_standing_sorts_and_exports_what_it_shows,
    the_office_reminds_selected_people_of_what_is_open,
    deactivating_a_person_ends_the_login_and_keeps_the_record,
    officers_and_supervisors_see_only_what_their_role_allows,
);

/// The last names of a page of the roster, in its order.
fn last_names(page: &Page<PersonDto>) -> Vec<&str> {
    page.items.iter().map(|p| p.last_name.as_str()).collect()
}

async fn a_coordinator_creates_reads_and_replaces_a_person(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let body = PersonInput {
        title: Some("Patrol Officer".into()),
        email: Some("Dana@Example.org".into()),
        unit: Some("Patrol".into()),
        supervisor_id: Some(agency.supervisor_person),
        hire_date: Some(date!(2019 - 06 - 03)),
        license_number: Some("MN-48213".into()),
        license_cycle_start: Some(date!(2024 - 02 - 29)),
        license_cycle_end: Some(date!(2027 - 06 - 30)),
        notes: Some("Prefers early shifts".into()),
        ..person_input(" Dana ", "Lindqvist", "b-112")
    };

    let created = api
        .send(Method::POST, "/api/v1/people")
        .json(&body)
        .expect_status(StatusCode::CREATED)
        .await;
    let person: PersonDto = created.json();
    let location = created.header("location");
    assert_eq!(location, format!("/api/v1/people/{}", person.id));
    assert_eq!(person.first_name, "Dana");
    assert_eq!(person.badge, "B-112");
    assert_eq!(person.email.as_deref(), Some("dana@example.org"));
    assert_eq!(person.status, PersonStatus::Active);
    assert_eq!(person.license_cycle_start, Some(date!(2024 - 02 - 29)));

    let read: PersonDto = api.get_as(location, StatusCode::OK).await;
    assert_eq!(read, person);

    let mut changed = body.clone();
    changed.unit = Some("Investigations".into());
    changed.license_cycle_end = Some(date!(2027 - 06 - 29));
    changed.supervisor_id = Some(person.id);
    let own = api
        .put_problem(location, &changed, StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(problem_fields(&own), ["supervisor_id"]);
    changed.supervisor_id = None;
    let replaced: PersonDto = api.put_as(location, &changed, StatusCode::OK).await;
    assert_eq!(replaced.unit.as_deref(), Some("Investigations"));
    assert_eq!(replaced.supervisor_id, None);
    assert_eq!(replaced.license_cycle_end, Some(date!(2027 - 06 - 29)));
    assert_eq!(replaced.created_at, person.created_at);

    let admin = app.login(&agency.admin).await;
    let events: Page<AuditEventDto> = admin
        .get_as("/api/v1/audit-events?limit=10", StatusCode::OK)
        .await;
    let writes: Vec<&str> = events
        .items
        .iter()
        .filter(|e| e.target_type.as_deref() == Some("person"))
        .map(|e| e.action.as_str())
        .collect();
    assert_eq!(writes, ["person.update", "person.create"]);
}

async fn a_duplicate_badge_is_a_field_error_and_writes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    let first: PersonDto = api
        .post_as(
            "/api/v1/people",
            &person_input("Ann", "Able", "B-7"),
            StatusCode::CREATED,
        )
        .await;
    let before = app.count("people").await;

    let duplicate = api
        .post_problem(
            "/api/v1/people",
            &person_input("Bo", "Baker", " b-7 "),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&duplicate), ["badge"]);
    assert_eq!(
        duplicate.errors[0].message,
        "B-7 is already used by another person in this agency"
    );
    assert_eq!(app.count("people").await, before);
    let both = PersonInput {
        email: Some("bo@".into()),
        ..person_input("Bo", "Baker", "B-7")
    };
    let both = api
        .post_problem("/api/v1/people", &both, StatusCode::UNPROCESSABLE_ENTITY)
        .await;
    assert_eq!(problem_fields(&both), ["email", "badge"]);

    // Replacing a person with his own badge is fine; taking another's is not.
    let path = format!("/api/v1/people/{}", first.id);
    let _: PersonDto = api
        .put_as(&path, &person_input("Ann", "Able", "B-7"), StatusCode::OK)
        .await;
    let taken = api
        .put_problem(
            &path,
            &person_input("Ann", "Able", "ALPHA-O1"),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&taken), ["badge"]);

    // Another agency may use the same badge.
    let other = app.seed_agency("Beta").await;
    let beta = app.login(&other.coordinator).await;
    let _: PersonDto = beta
        .post_as(
            "/api/v1/people",
            &person_input("Cy", "Cole", "B-7"),
            StatusCode::CREATED,
        )
        .await;
}

async fn the_roster_searches_filters_and_pages(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    for (i, (first, last, unit)) in [
        ("Ann", "Able", "Patrol"),
        ("Bo", "Baker", "Patrol"),
        ("Cy", "Cole", "Dispatch"),
        ("Di", "Dunn", "Dispatch"),
        ("Ed", "Eck", "Patrol"),
        ("Fay", "Fox", "Records"),
    ]
    .into_iter()
    .enumerate()
    {
        app.seed_person(agency.id, first, last, &format!("R-{i}"), Some(unit))
            .await;
    }
    let api = app.login(&agency.coordinator).await;
    let names = async |path: &str| -> Vec<String> {
        let page: Page<PersonDto> = api.get_as(path, StatusCode::OK).await;
        last_names(&page).into_iter().map(str::to_owned).collect()
    };

    // Pages of three walk the whole roster in name order, with no repeats.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/people?limit=3&cursor={c}"),
            None => "/api/v1/people?limit=3".into(),
        };
        let page: Page<PersonDto> = api.get_as(&path, StatusCode::OK).await;
        seen.extend(last_names(&page).into_iter().map(str::to_owned));
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    assert_eq!(
        seen,
        [
            "Able", "Baker", "Cole", "Dunn", "Eck", "Fox", "Officer", "Sergeant"
        ]
    );

    assert_eq!(names("/api/v1/people?q=DUN").await, ["Dunn"]);
    assert_eq!(names("/api/v1/people?q=r-5").await, ["Fox"]);
    assert_eq!(names("/api/v1/people?q=ann%20able").await, ["Able"]);
    assert_eq!(names("/api/v1/people?q=%25").await, Vec::<String>::new());
    assert_eq!(
        names("/api/v1/people?unit=Dispatch").await,
        ["Cole", "Dunn"]
    );
    let units: Vec<String> = api.get_as("/api/v1/people/units", StatusCode::OK).await;
    assert_eq!(units, ["Dispatch", "Patrol", "Records"]);
    assert_eq!(
        names("/api/v1/people?status=inactive").await,
        Vec::<String>::new()
    );
}

async fn deactivating_a_person_ends_the_login_and_keeps_the_record(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;
    assert_eq!(officer.get("/api/v1/me").await.status(), StatusCode::OK);

    let path = format!("/api/v1/people/{}/deactivate", agency.officer_person);
    let refused = officer
        .post_problem(&path, &DeactivateRequest::default(), StatusCode::FORBIDDEN)
        .await;
    assert_eq!(refused.kind, "urn:confitrek:problem:forbidden");
    let separated = DeactivateRequest {
        status: Some(PersonStatus::Separated),
    };
    let done: PersonDto = coordinator.post_as(&path, &separated, StatusCode::OK).await;
    assert_eq!(done.status, PersonStatus::Separated);

    officer
        .get_problem("/api/v1/me", StatusCode::UNAUTHORIZED)
        .await;
    let refresh = app
        .client
        .post(app.url("/api/v1/auth/refresh"))
        .json(&json!({ "refresh_token": officer.refresh_token }))
        .send()
        .await
        .unwrap();
    problem(refresh, StatusCode::UNAUTHORIZED).await;
    problem(
        app.login_response(&agency.officer, PASSWORD).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;

    let kept: PersonDto = coordinator
        .get_as(
            &format!("/api/v1/people/{}", agency.officer_person),
            StatusCode::OK,
        )
        .await;
    assert_eq!(kept.status, PersonStatus::Separated);
    let active = coordinator
        .post_problem(
            &path,
            &DeactivateRequest {
                status: Some(PersonStatus::Active),
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&active), ["status"]);
}

async fn officers_and_supervisors_see_only_what_their_role_allows(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let dispatcher = app
        .seed_person(agency.id, "Dee", "Dispatch", "D-1", Some("Dispatch"))
        .await;
    let patrol = app
        .seed_person(agency.id, "Pat", "Patrol", "P-1", Some("Patrol"))
        .await;
    let officer = app.login(&agency.officer).await;
    let supervisor = app.login(&agency.supervisor).await;

    let seen: Page<PersonDto> = officer.get_as("/api/v1/people", StatusCode::OK).await;
    assert_eq!(last_names(&seen), ["Officer"]);
    officer
        .get_problem(&format!("/api/v1/people/{patrol}"), StatusCode::NOT_FOUND)
        .await;
    let _: PersonDto = officer
        .get_as(
            &format!("/api/v1/people/{}", agency.officer_person),
            StatusCode::OK,
        )
        .await;
    officer
        .post_problem(
            "/api/v1/people",
            &person_input("X", "Y", "X-1"),
            StatusCode::FORBIDDEN,
        )
        .await;
    let own = format!("/api/v1/people/{}", agency.officer_person);
    officer
        .put_problem(
            &own,
            &person_input("Olive", "Officer", "ALPHA-O1"),
            StatusCode::FORBIDDEN,
        )
        .await;

    let seen: Page<PersonDto> = supervisor.get_as("/api/v1/people", StatusCode::OK).await;
    assert_eq!(last_names(&seen), ["Officer", "Patrol", "Sergeant"]);
    supervisor
        .get_problem(
            &format!("/api/v1/people/{dispatcher}"),
            StatusCode::NOT_FOUND,
        )
        .await;
    supervisor
        .put_problem(
            &format!("/api/v1/people/{patrol}"),
            &person_input("Pat", "Patrol", "P-1"),
            StatusCode::FORBIDDEN,
        )
        .await;
}

/// A Minnesota officer: with `years_back` of complete history the closed years' training is
/// overdue (non-compliant); with none, nothing closed is judged.
fn officer_with_history(first: &str, last: &str, badge: &str, years_back: i32) -> PersonInput {
    let today = confitrek_api::clock::Clock::system().today_in("America/Chicago");
    let from =
        time::Date::from_calendar_date(today.year() - years_back, time::Month::July, 1).unwrap();
    let from = if years_back == 0 { today } else { from };
    PersonInput {
        unit: Some("Traffic".into()),
        hire_date: Some(date!(2010 - 01 - 04)),
        history_from: Some(from),
        ..person_input(first, last, badge)
    }
}

async fn the_roster_shows_standing_sorts_and_exports_what_it_shows(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let api = app.login(&agency.coordinator).await;
    for body in [
        officer_with_history("Ann", "Able", "S-1", 0),
        officer_with_history("Zed", "Zane", "S-2", 3),
        officer_with_history("Moe", "Mint", "S-3", 0),
    ] {
        let created: PersonDto = api
            .post_as("/api/v1/people", &body, StatusCode::CREATED)
            .await;
        // The answer to a write already says where the person stands.
        assert!(created.standing.is_some(), "{created:?}");
    }
    let zane = |page: &Page<PersonDto>| -> PersonDto {
        page.items
            .iter()
            .find(|p| p.last_name == "Zane")
            .cloned()
            .unwrap()
    };

    // Worst first: Zane, whose closed years are overdue, leads; his worst open requirement
    // is an overdue one with its deadline.
    let worst_first: Page<PersonDto> = api
        .get_as(
            "/api/v1/people?unit=Traffic&sort=compliance",
            StatusCode::OK,
        )
        .await;
    assert_eq!(last_names(&worst_first)[0], "Zane");
    let standing = zane(&worst_first).standing.unwrap();
    assert_eq!(standing.status, ComplianceStatus::NonCompliant);
    let worst = standing.worst.unwrap();
    assert_eq!(worst.status, RequirementStatus::Overdue);
    let due = worst.due.unwrap();
    assert!(!worst.title.is_empty());

    // Descending puts him last; names break ties A to Z either way.
    let best_first: Page<PersonDto> = api
        .get_as(
            "/api/v1/people?unit=Traffic&sort=compliance&order=desc",
            StatusCode::OK,
        )
        .await;
    assert_eq!(*last_names(&best_first).last().unwrap(), "Zane");
    let by_badge_desc: Page<PersonDto> = api
        .get_as(
            "/api/v1/people?unit=Traffic&sort=badge&order=desc",
            StatusCode::OK,
        )
        .await;
    assert_eq!(last_names(&by_badge_desc), ["Mint", "Zane", "Able"]);

    // Pages of one walk a sorted roster without repeats; a cursor of another order is a
    // field error.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => {
                format!("/api/v1/people?unit=Traffic&sort=badge&order=desc&limit=1&cursor={c}")
            }
            None => "/api/v1/people?unit=Traffic&sort=badge&order=desc&limit=1".into(),
        };
        let page: Page<PersonDto> = api.get_as(&path, StatusCode::OK).await;
        seen.extend(last_names(&page).into_iter().map(str::to_owned));
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
        assert!(seen.len() <= 3, "{seen:?}");
    }
    assert_eq!(seen, ["Mint", "Zane", "Able"]);
    let first: Page<PersonDto> = api
        .get_as(
            "/api/v1/people?unit=Traffic&sort=badge&limit=1",
            StatusCode::OK,
        )
        .await;
    let cursor = first.next_cursor.unwrap();
    let wrong = api
        .get_problem(
            &format!("/api/v1/people?unit=Traffic&sort=unit&limit=1&cursor={cursor}"),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&wrong), ["cursor"]);
    let bad_sort = api
        .get_problem(
            "/api/v1/people?sort=shoe_size",
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&bad_sort), ["sort"]);

    // The export holds what the page shows, in the same order, with the standing.
    let rows = csv_rows(
        api.get("/api/v1/people/export?unit=Traffic&sort=compliance")
            .await,
    )
    .await;
    let exported: Vec<&str> = rows.iter().map(|r| r["Last name"].as_str()).collect();
    assert_eq!(exported, last_names(&worst_first));
    assert_eq!(rows[0]["Compliance"], "Non-compliant");
    assert_eq!(rows[0]["Its status"], "Overdue");
    assert_eq!(rows[0]["Due"], due.to_string());
    let xlsx = api.get("/api/v1/people/export?format=xlsx").await;
    assert_eq!(xlsx.status(), StatusCode::OK);
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"));

    // An officer exports only himself or herself.
    let officer = app.login(&agency.officer).await;
    let own = csv_rows(officer.get("/api/v1/people/export").await).await;
    assert_eq!(own.len(), 1);
    assert_eq!(own[0]["Last name"], "Officer");
}

async fn the_office_reminds_selected_people_of_what_is_open(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    // The officer with a login: three years of history, so closed years are overdue.
    let olive = PersonInput {
        unit: Some("Patrol".into()),
        ..officer_with_history("Olive", "Officer", "alpha-O1", 3)
    };
    let _: PersonDto = coordinator
        .put_as(
            &format!("/api/v1/people/{}", agency.officer_person),
            &olive,
            StatusCode::OK,
        )
        .await;
    // Someone with open requirements but no login.
    let nora: PersonDto = coordinator
        .post_as(
            "/api/v1/people",
            &officer_with_history("Nora", "Nologin", "N-1", 3),
            StatusCode::CREATED,
        )
        .await;
    let nora = nora.id;

    let stranger = uuid::Uuid::now_v7();
    let unknown = coordinator
        .post_problem(
            "/api/v1/notifications/reminders",
            &ReminderRequest {
                person_ids: vec![agency.officer_person, stranger],
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&unknown), ["person_ids.1"]);
    let empty = coordinator
        .post_problem(
            "/api/v1/notifications/reminders",
            &ReminderRequest { person_ids: vec![] },
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&empty), ["person_ids"]);

    let body = ReminderRequest {
        person_ids: vec![agency.officer_person, nora],
    };
    let sent: RemindersSent = coordinator
        .post_as("/api/v1/notifications/reminders", &body, StatusCode::OK)
        .await;
    assert_eq!(sent.reminded, [agency.officer_person]);
    assert_eq!(sent.without_login, [nora]);
    // Asked again the same day: still one reminder.
    let _: RemindersSent = coordinator
        .post_as("/api/v1/notifications/reminders", &body, StatusCode::OK)
        .await;

    let officer = app.login(&agency.officer).await;
    let told: Page<NotificationDto> = officer
        .get_as("/api/v1/notifications", StatusCode::OK)
        .await;
    let reminders: Vec<&NotificationDto> = told
        .items
        .iter()
        .filter(|n| n.subject == "A reminder from the training office")
        .collect();
    assert_eq!(reminders.len(), 1, "{told:?}");
    assert!(reminders[0].body.contains("\n- "));

    // Only the training office reminds.
    officer
        .post_problem(
            "/api/v1/notifications/reminders",
            &body,
            StatusCode::FORBIDDEN,
        )
        .await;
}
