//! Calendar feeds: iCalendar at a secret URL, checked against the engine's own report;
//! rotation retires the old URL; nobody reaches a feed that is not his or hers.

use reqwest::StatusCode;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};
use time::Duration;

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    a_person_feed_holds_deadlines_credential_expiries_and_sessions_as_the_engine_says,
    rotating_a_feed_retires_its_old_url_and_no_feed_is_reached_by_another,
);

async fn json_of(response: reqwest::Response) -> Value {
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert!(status.is_success(), "{status}: {body}");
    body
}

fn ics_date(date: &str) -> String {
    date.replace('-', "")
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

async fn feeds(api: &Api) -> Vec<Value> {
    json_of(api.get("/api/v1/calendar-feeds").await)
        .await
        .as_array()
        .unwrap()
        .clone()
}

async fn a_person_feed_holds_deadlines_credential_expiries_and_sessions_as_the_engine_says(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;
    let today = confitrek_api::clock::today_in("America/Chicago");
    let cycle_end = today + Duration::days(60);
    let mut olive = person_json("Olive", "Officer", "alpha-O1");
    olive["unit"] = json!("Patrol");
    olive["hire_date"] = json!("2015-05-01");
    olive["license_cycle_start"] = json!((cycle_end - Duration::days(3 * 365)).to_string());
    olive["license_cycle_end"] = json!(cycle_end.to_string());
    json_of(
        coordinator
            .put(&format!("/api/v1/people/{}", agency.officer_person), &olive)
            .await,
    )
    .await;
    let kind = json_of(
        coordinator
            .post(
                "/api/v1/credential-types",
                &json!({ "code": "taser", "name": "TASER; X2, user", "validity_months": 12 }),
            )
            .await,
    )
    .await;
    json_of(
        coordinator
            .post(
                "/api/v1/credentials",
                &json!({ "person_id": agency.officer_person, "credential_type_id": kind["id"],
                         "issued_on": "2026-01-31", "expires_on": "2027-01-31" }),
            )
            .await,
    )
    .await;
    let course = json_of(
        coordinator
            .post(
                "/api/v1/courses",
                &json!({ "title": "Use of Force, part 2", "delivery": "in_person",
                         "hours": { "use_of_force": 4 } }),
            )
            .await,
    )
    .await;
    let starts = today + Duration::days(20);
    let session = json_of(
        coordinator
            .post(
                "/api/v1/sessions",
                &json!({ "course_id": course["id"], "starts_on": starts.to_string(),
                         "location": "Range\\North; bay 2" }),
            )
            .await,
    )
    .await;
    json_of(
        coordinator
            .post(
                &format!(
                    "/api/v1/sessions/{}/enrollments",
                    session["id"].as_str().unwrap()
                ),
                &json!({ "person_ids": [agency.officer_person] }),
            )
            .await,
    )
    .await;

    let mine = feeds(&officer).await;
    assert_eq!(mine.len(), 1, "an officer has his or her own feed only");
    assert_eq!(mine[0]["kind"], "person");
    let text = fetch(&app, mine[0]["url"].as_str().unwrap()).await;
    let person_events = events(&text);

    // Every unmet requirement with a due date is an all-day event on that date.
    let report = json_of(
        officer
            .get(&format!(
                "/api/v1/people/{}/compliance",
                agency.officer_person
            ))
            .await,
    )
    .await;
    let unmet: Vec<&Value> = report["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| ["pending", "at_risk", "overdue"].contains(&r["status"].as_str().unwrap()))
        .filter(|r| r["due"].is_string())
        .collect();
    assert!(
        !unmet.is_empty(),
        "the cycle ending soon leaves hours to earn"
    );
    for r in &unmet {
        let due = ics_date(r["due"].as_str().unwrap());
        let title = format!("Due: {}", r["title"].as_str().unwrap())
            .replace(',', "\\,")
            .replace(';', "\\;");
        assert!(
            person_events.iter().any(|e| {
                property(e, "DTSTART;VALUE=DATE") == Some(due.as_str())
                    && property(e, "SUMMARY") == Some(title.as_str())
            }),
            "no event for {r}"
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
        Some(ics_date(&starts.to_string()).as_str())
    );
    assert_eq!(property(class, "LOCATION"), Some("Range\\\\North\\; bay 2"));
    for e in &person_events {
        assert!(property(e, "UID").is_some_and(|u| u.ends_with("@confitrek")));
        assert!(property(e, "DTSTAMP").is_some_and(|s| s.len() == 16 && s.ends_with('Z')));
    }
    // UIDs are stable: a second fetch names the same events.
    let again = events(&fetch(&app, mine[0]["url"].as_str().unwrap()).await);
    let uids = |es: &[Vec<String>]| {
        es.iter()
            .map(|e| property(e, "UID").unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(uids(&person_events), uids(&again));

    // The agency feed: every session, and the day's deadlines summarised with names.
    let office = feeds(&coordinator).await;
    assert_eq!(office.len(), 1);
    assert_eq!(office[0]["kind"], "agency");
    let agency_events = events(&fetch(&app, office[0]["url"].as_str().unwrap()).await);
    assert!(
        agency_events
            .iter()
            .any(|e| property(e, "SUMMARY") == Some("Use of Force\\, part 2"))
    );
    // Deadlines from today to six months ahead are summarised, one event a day.
    let soon = unmet
        .iter()
        .map(|r| r["due"].as_str().unwrap())
        .find(|d| *d >= today.to_string().as_str() && *d <= cycle_end.to_string().as_str())
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
    let old_url = own["url"].as_str().unwrap().to_owned();
    fetch(&app, &old_url).await;
    // Listing again shows the same URL: nothing changes until it is rotated.
    assert_eq!(feeds(&officer).await[0]["url"], own["url"]);

    let rotate = format!(
        "/api/v1/calendar-feeds/{}/rotate",
        own["id"].as_str().unwrap()
    );
    // Nobody else rotates (or learns of) a person's feed: not the supervisor, not another agency.
    problem(
        supervisor.post(&rotate, &json!({})).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(other.post(&rotate, &json!({})).await, StatusCode::NOT_FOUND).await;
    assert_eq!(feeds(&officer).await[0]["url"], own["url"]);

    let rotated = json_of(officer.post(&rotate, &json!({})).await).await;
    let new_url = rotated["url"].as_str().unwrap();
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
    let rotate_office = format!(
        "/api/v1/calendar-feeds/{}/rotate",
        office["id"].as_str().unwrap()
    );
    problem(
        officer.post(&rotate_office, &json!({})).await,
        StatusCode::FORBIDDEN,
    )
    .await;
    problem(
        other.post(&rotate_office, &json!({})).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let rotated = json_of(coordinator.post(&rotate_office, &json!({})).await).await;
    assert_ne!(rotated["url"], office["url"]);

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
