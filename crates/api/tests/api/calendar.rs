//! Calendar feeds: iCalendar at a secret URL, checked against the engine's own report;
//! rotation retires the old URL; nobody reaches a feed that is not his or hers.

use confitrek_types::{
    AwardCredentialInput, CalendarFeedDto, CalendarFeedKind, ComplianceReportDto, CredentialDto,
    CredentialTypeDto, CredentialTypeInput, Delivery, EnrollmentRequest, PersonDto, PersonInput,
    RenewalDto, RequirementResultDto, RequirementStatus, SessionDetailDto, SessionInput,
};
use reqwest::{Method, StatusCode};
use sea_orm::ConnectionTrait;
use time::Duration;
use time::macros::date;

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    a_person_feed_holds_deadlines_credential_expiries_and_sessions_as_the_engine_says,
    rotating_a_feed_retires_its_old_url_and_no_feed_is_reached_by_another,
);

fn ics_date(date: time::Date) -> String {
    date.to_string().replace('-', "")
}

/// The feed's text, unfolded, after checking the transport and the line rules.
async fn fetch(app: &TestApp, url: &str) -> String {
    let response = reqwest::get(app.url(url)).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let text = response.text().await.unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "line of {} octets: {line}", line.len());
        assert!(!line.contains('\n') && !line.contains('\r'));
    }
    text.replace("\r\n ", "")
}

/// The events of an unfolded calendar, each as its property lines.
fn events(text: &str) -> Vec<Vec<String>> {
    let mut all = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in text.split("\r\n") {
        match line {
            "BEGIN:VEVENT" => current = Some(Vec::new()),
            "END:VEVENT" => all.extend(current.take()),
            _ => {
                if let Some(event) = current.as_mut() {
                    event.push(line.to_owned());
                }
            }
        }
    }
    all
}

fn property<'a>(event: &'a [String], name: &str) -> Option<&'a str> {
    event
        .iter()
        .find_map(|l| l.strip_prefix(name).and_then(|r| r.strip_prefix(':')))
}

async fn feeds(api: &Api) -> Vec<CalendarFeedDto> {
    api.get_as("/api/v1/calendar-feeds", StatusCode::OK).await
}

async fn a_person_feed_holds_deadlines_credential_expiries_and_sessions_as_the_engine_says(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;
    let today = app.clock.today_in("America/Chicago");
    let cycle_end = today + Duration::days(60);
    let olive = PersonInput {
        unit: Some("Patrol".into()),
        hire_date: Some(date!(2015 - 05 - 01)),
        license_cycle_start: Some(cycle_end - Duration::days(3 * 365)),
        license_cycle_end: Some(cycle_end),
        ..person_input("Olive", "Officer", "alpha-O1")
    };
    let _: PersonDto = coordinator
        .put_as(
            &format!("/api/v1/people/{}", agency.officer_person),
            &olive,
            StatusCode::OK,
        )
        .await;
    let kind: CredentialTypeDto = coordinator
        .post_as(
            "/api/v1/credential-types",
            &CredentialTypeInput {
                code: "taser".into(),
                name: "TASER; X2, user".into(),
                validity_months: Some(12),
                renewed_by: RenewalDto::default(),
            },
            StatusCode::CREATED,
        )
        .await;
    let _: CredentialDto = coordinator
        .post_as(
            "/api/v1/credentials",
            &AwardCredentialInput {
                person_id: agency.officer_person,
                credential_type_id: kind.id,
                issued_on: date!(2026 - 01 - 31),
                expires_on: Some(date!(2027 - 01 - 31)),
                note: None,
            },
            StatusCode::CREATED,
        )
        .await;
    let course = create_course(
        &coordinator,
        &course_input(
            "Use of Force, part 2",
            Delivery::InPerson,
            &[("use_of_force", 4.0)],
        ),
    )
    .await;
    let starts = today + Duration::days(20);
    let session = SessionInput {
        location: Some("Range\\North; bay 2".into()),
        ..session_input(course, starts)
    };
    let session = create_session(&coordinator, &session).await;
    let _: SessionDetailDto = coordinator
        .post_as(
            &format!("/api/v1/sessions/{session}/enrollments"),
            &EnrollmentRequest {
                person_ids: vec![agency.officer_person],
            },
            StatusCode::OK,
        )
        .await;

    let mine = feeds(&officer).await;
    assert_eq!(mine.len(), 1, "an officer has his or her own feed only");
    assert_eq!(mine[0].kind, CalendarFeedKind::Person);
    let text = fetch(&app, &mine[0].url).await;
    let person_events = events(&text);

    // Every unmet requirement with a due date is an all-day event on that date.
    let report: ComplianceReportDto = officer
        .get_as(
            &format!("/api/v1/people/{}/compliance", agency.officer_person),
            StatusCode::OK,
        )
        .await;
    let unmet: Vec<&RequirementResultDto> = report
        .requirements
        .iter()
        .filter(|r| {
            matches!(
                r.status,
                RequirementStatus::Pending | RequirementStatus::AtRisk | RequirementStatus::Overdue
            )
        })
        .filter(|r| r.due.is_some())
        .collect();
    assert!(
        !unmet.is_empty(),
        "the cycle ending soon leaves hours to earn"
    );
    for r in &unmet {
        let due = ics_date(r.due.unwrap());
        let title = format!("Due: {}", r.title)
            .replace(',', "\\,")
            .replace(';', "\\;");
        assert!(
            person_events.iter().any(|e| {
                property(e, "DTSTART;VALUE=DATE") == Some(due.as_str())
                    && property(e, "SUMMARY") == Some(title.as_str())
            }),
            "no event for {r:?}"
        );
    }
    let credential = person_events
        .iter()
        .find(|e| property(e, "SUMMARY") == Some("Expires: TASER\\; X2\\, user"))
        .expect("the credential's expiry");
    assert_eq!(property(credential, "DTSTART;VALUE=DATE"), Some("20270131"));
    assert_eq!(property(credential, "DTEND;VALUE=DATE"), Some("20270201"));
    let class = person_events
        .iter()
        .find(|e| property(e, "SUMMARY") == Some("Use of Force\\, part 2"))
        .expect("the session on the roster");
    assert_eq!(
        property(class, "DTSTART;VALUE=DATE"),
        Some(ics_date(starts).as_str())
    );
    assert_eq!(property(class, "LOCATION"), Some("Range\\\\North\\; bay 2"));
    for e in &person_events {
        assert!(property(e, "UID").is_some_and(|u| u.ends_with("@confitrek")));
        assert!(property(e, "DTSTAMP").is_some_and(|s| s.len() == 16 && s.ends_with('Z')));
    }
    // UIDs are stable: a second fetch names the same events.
    let again = events(&fetch(&app, &mine[0].url).await);
    let uids = |es: &[Vec<String>]| {
        es.iter()
            .map(|e| property(e, "UID").unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(uids(&person_events), uids(&again));

    // The agency feed: every session, and the day's deadlines summarised with names.
    let office = feeds(&coordinator).await;
    assert_eq!(office.len(), 1);
    assert_eq!(office[0].kind, CalendarFeedKind::Agency);
    let agency_events = events(&fetch(&app, &office[0].url).await);
    assert!(
        agency_events
            .iter()
            .any(|e| property(e, "SUMMARY") == Some("Use of Force\\, part 2"))
    );
    // Deadlines from today to six months ahead are summarised, one event a day.
    let soon = unmet
        .iter()
        .filter_map(|r| r.due)
        .find(|d| *d >= today && *d <= cycle_end)
        .expect("a deadline at the cycle's end");
    let due = ics_date(soon);
    let summary = agency_events
        .iter()
        .find(|e| {
            property(e, "DTSTART;VALUE=DATE") == Some(due.as_str())
                && property(e, "SUMMARY").is_some_and(|s| s.contains("deadline"))
        })
        .expect("the day's deadlines in the agency feed");
    let description = property(summary, "DESCRIPTION").unwrap();
    assert!(
        description.starts_with("Officer\\, Olive (ALPHA-O1): needs "),
        "{description}"
    );
    // One line per requirement, the newlines escaped; one person however many lines.
    let lines = description.split("\\n").count();
    assert_eq!(
        property(summary, "SUMMARY").unwrap(),
        format!(
            "{lines} deadline{} (1 person)",
            if lines == 1 { "" } else { "s" }
        )
    );
}

async fn rotating_a_feed_retires_its_old_url_and_no_feed_is_reached_by_another(backend: Backend) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let beta = app.seed_agency("Beta").await;
    let officer = app.login(&alpha.officer).await;
    let supervisor = app.login(&alpha.supervisor).await;
    let coordinator = app.login(&alpha.coordinator).await;
    let other = app.login(&beta.coordinator).await;

    let own = feeds(&officer).await.remove(0);
    let old_url = own.url.clone();
    fetch(&app, &old_url).await;
    // Listing again shows the same URL: nothing changes until it is rotated.
    assert_eq!(feeds(&officer).await[0].url, own.url);

    let rotate = format!("/api/v1/calendar-feeds/{}/rotate", own.id);
    // Nobody else rotates (or learns of) a person's feed: not the supervisor, not another agency.
    for stranger in [&supervisor, &other] {
        stranger
            .send(Method::POST, &rotate)
            .problem(StatusCode::NOT_FOUND)
            .await;
    }
    assert_eq!(feeds(&officer).await[0].url, own.url);

    let rotated: CalendarFeedDto = officer
        .send(Method::POST, &rotate)
        .expect(StatusCode::OK)
        .await;
    let new_url = rotated.url.as_str();
    assert_ne!(new_url, old_url);
    problem(
        reqwest::get(app.url(&old_url)).await.unwrap(),
        StatusCode::NOT_FOUND,
    )
    .await;
    fetch(&app, new_url).await;

    // A guessed token, or one in the shape of a real one, names nothing.
    for guess in [
        "/api/v1/calendar/guess.ics".to_owned(),
        format!("/api/v1/calendar/{}.ics", "A".repeat(43)),
        old_url.replace(".ics", "x.ics"),
    ] {
        problem(
            reqwest::get(app.url(&guess)).await.unwrap(),
            StatusCode::NOT_FOUND,
        )
        .await;
    }

    // The agency feed: coordinators rotate it, an officer may not.
    let office = feeds(&coordinator).await.remove(0);
    let rotate_office = format!("/api/v1/calendar-feeds/{}/rotate", office.id);
    officer
        .send(Method::POST, &rotate_office)
        .problem(StatusCode::FORBIDDEN)
        .await;
    other
        .send(Method::POST, &rotate_office)
        .problem(StatusCode::NOT_FOUND)
        .await;
    let rotated: CalendarFeedDto = coordinator
        .send(Method::POST, &rotate_office)
        .expect(StatusCode::OK)
        .await;
    assert_ne!(rotated.url, office.url);

    let audited = app
        .db
        .query_one_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM audit_events WHERE action = 'calendar_feed.rotate'",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    assert_eq!(audited, 2);
}
