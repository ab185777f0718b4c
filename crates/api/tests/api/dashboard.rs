//! `GET /dashboard`: folded from the stored verdicts, scoped to what the caller may see,
//! current after every write; and the generated demo agency it is measured on.

use confitrek_api::clock::today_in;
use confitrek_api::db::entity::{compliance_snapshot, person, training_record};
use confitrek_api::demo::generated::{self, Shape};
use confitrek_domain::permissions::Role;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use time::Date;
use uuid::Uuid;

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    the_dashboard_folds_every_stored_verdict_of_a_generated_agency,
    each_role_sees_its_own_part_and_no_other_agency,
    the_dashboard_is_current_after_every_write,
);

fn today() -> Date {
    today_in("America/Chicago")
}

/// A Minnesota officer with no training. `days` < 0: records complete from three years
/// back, so the closed years' use-of-force training and qualifications are overdue
/// (non-compliant). Otherwise records complete from today: nothing closed is judged, and
/// this year's qualification, due December 31, is at risk (the window is 90 days).
fn officer(first: &str, badge: &str, unit: &str, days: i64) -> Value {
    let today = today();
    let history = if days < 0 {
        Date::from_calendar_date(today.year() - 3, time::Month::July, 1).unwrap()
    } else {
        today
    };
    json!({
        "kind": "officer", "first_name": first, "last_name": "Tester", "badge": badge,
        "unit": unit, "history_from": history, "hire_date": "2010-01-04",
    })
}

async fn created(api: &Api, body: &Value) -> Uuid {
    let response = api.post("/api/v1/people", body).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let body: Value = response.json().await.unwrap();
    body["id"].as_str().unwrap().parse().unwrap()
}

async fn dashboard(api: &Api, query: &str) -> Value {
    let response = api.get(&format!("/api/v1/dashboard{query}")).await;
    assert_eq!(response.status(), StatusCode::OK, "dashboard{query}");
    response.json().await.unwrap()
}

/// Roster, records and verdicts of a generated agency, without the ids that differ per run.
async fn generated_content(app: &TestApp, agency: Uuid) -> Vec<String> {
    let people = person::Entity::find()
        .filter(person::Column::AgencyId.eq(agency))
        .order_by_asc(person::Column::Badge)
        .all(&app.db)
        .await
        .unwrap();
    let mut lines = Vec::new();
    for p in people {
        let snapshot = compliance_snapshot::Entity::find_by_id(p.id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        let records = training_record::Entity::find()
            .filter(training_record::Column::PersonId.eq(p.id))
            .order_by_asc(training_record::Column::CompletedOn)
            .order_by_asc(training_record::Column::Title)
            .all(&app.db)
            .await
            .unwrap();
        lines.push(format!(
            "{} {} {} {:?} {} {:?} {:?} {} {}",
            p.badge,
            p.first_name,
            p.last_name,
            p.unit,
            p.kind,
            p.hire_date,
            p.license_cycle_end,
            snapshot.status,
            records
                .iter()
                .map(|r| format!("{}:{}:{}", r.completed_on, r.title, r.minutes_by_topic))
                .collect::<Vec<_>>()
                .join("|")
        ));
    }
    lines
}

async fn the_dashboard_folds_every_stored_verdict_of_a_generated_agency(backend: Backend) {
    let shape = Shape {
        people: 40,
        years: 3,
        seed: 11,
    };
    let app = spawn_app(backend).await;
    let (agency, logins) = generated::create(&app.db, shape).await.unwrap();
    assert_eq!(logins.len(), 4);
    let content = generated_content(&app, agency).await;
    assert_eq!(content.len(), 40);

    // The same seed gives the same agency; another seed another one.
    let again = spawn_app(backend).await;
    let (agency_again, _) = generated::create(&again.db, shape).await.unwrap();
    assert_eq!(generated_content(&again, agency_again).await, content);
    let other = spawn_app(backend).await;
    let (agency_other, _) = generated::create(&other.db, Shape { seed: 12, ..shape })
        .await
        .unwrap();
    assert_ne!(generated_content(&other, agency_other).await, content);

    app.seed_user(
        Some(agency),
        "coordinator@gen.test",
        Role::Coordinator,
        None,
    )
    .await;
    let coordinator = app.login("coordinator@gen.test").await;
    let d = dashboard(&coordinator, "?limit=2000").await;
    assert_eq!(d["scope"], "agency");
    assert_eq!(d["as_of"], today().to_string());

    // Totals are the stored verdicts counted, and units add up to them.
    let statuses: Vec<String> = compliance_snapshot::Entity::find()
        .filter(compliance_snapshot::Column::AgencyId.eq(agency))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.status.as_str().to_owned())
        .collect();
    let count = |s: &str| statuses.iter().filter(|x| *x == s).count() as u64;
    let totals = &d["totals"];
    assert_eq!(totals["people"], 40);
    for status in ["compliant", "at_risk", "non_compliant", "not_applicable"] {
        assert_eq!(totals[status].as_u64().unwrap(), count(status), "{status}");
    }
    let judged = count("compliant") + count("at_risk") + count("non_compliant");
    let rate = totals["rate"].as_f64().unwrap();
    assert!((rate - (count("compliant") + count("at_risk")) as f64 / judged as f64).abs() < 1e-9);
    let unit_people: u64 = d["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["counts"]["people"].as_u64().unwrap())
        .sum();
    assert_eq!(unit_people, 40);

    // Everyone needing attention is listed, and drilling down to the person says the same.
    let attention = d["attention"].as_array().unwrap();
    assert_eq!(
        attention.len() as u64,
        count("at_risk") + count("non_compliant")
    );
    assert_eq!(
        d["attention_total"].as_u64().unwrap(),
        attention.len() as u64
    );
    for entry in attention.iter().take(5) {
        let id = entry["person_id"].as_str().unwrap();
        let report: Value = coordinator
            .get(&format!("/api/v1/people/{id}/compliance"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(report["status"], entry["status"]);
        for lacking in entry["lacking"].as_array().unwrap() {
            let r = report["requirements"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["requirement_id"] == lacking["requirement_id"])
                .unwrap();
            assert_eq!(r["status"], lacking["status"]);
            assert_eq!(r["due"], lacking["due"]);
            assert_eq!(r["explanation"], lacking["explanation"]);
        }
    }
    // Requirements name their topics, and topics carry the rule set's titles.
    let topics = d["topics"].as_array().unwrap();
    let crisis = topics
        .iter()
        .find(|t| t["topic"] == "crisis_intervention")
        .expect("crisis intervention is a topic of Minnesota's requirements");
    assert!(
        crisis["title"]
            .as_str()
            .unwrap()
            .starts_with("Crisis Intervention")
    );
    let limited = dashboard(&coordinator, "?limit=1").await;
    assert!(limited["attention"].as_array().unwrap().len() <= 1);
    assert_eq!(limited["attention_total"], d["attention_total"]);
}

async fn each_role_sees_its_own_part_and_no_other_agency(backend: Backend) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let beta = app.seed_agency("Beta").await;
    let coordinator = app.login(&alpha.coordinator).await;
    created(&coordinator, &officer("Pat", "A-1", "Patrol", 30)).await;
    created(&coordinator, &officer("Tia", "A-2", "Traffic", -10)).await;
    let beta_coordinator = app.login(&beta.coordinator).await;
    created(&beta_coordinator, &officer("Bo", "B-1", "Patrol", -10)).await;

    let d = dashboard(&coordinator, "").await;
    // Pat and Tia, never Beta's Bo. (The seeded sergeant and officer were written straight
    // to the database, with no verdict stored: a dashboard only reads verdicts.)
    assert_eq!(d["totals"]["people"], 2);
    assert_eq!(d["totals"]["at_risk"], 1);
    assert_eq!(d["totals"]["non_compliant"], 1);
    let names: Vec<&str> = d["attention"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Tester, Tia", "Tester, Pat"], "non-compliant first");
    let tia = &d["attention"][0];
    assert_eq!(tia["unit"], "Traffic");
    assert!(
        tia["lacking"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["status"] == "overdue" || l["status"] == "at_risk")
    );

    let supervisor = app.login(&alpha.supervisor).await;
    let unit = dashboard(&supervisor, "").await;
    assert_eq!(unit["scope"], "unit");
    assert_eq!(unit["unit"], "Patrol");
    assert_eq!(unit["totals"]["people"], 1);
    assert_eq!(unit["attention"][0]["name"], "Tester, Pat");
    assert_eq!(
        dashboard(&supervisor, "?unit=Patrol").await["totals"],
        unit["totals"]
    );
    let other_unit = supervisor.get("/api/v1/dashboard?unit=Traffic").await;
    assert_eq!(other_unit.status(), StatusCode::FORBIDDEN);
    // A coordinator drills into a unit and sees what its supervisor sees.
    assert_eq!(
        dashboard(&coordinator, "?unit=Patrol").await["totals"],
        unit["totals"]
    );

    // The officer's own entry, once written through the API, has a verdict to show.
    let olive = officer("Olive", "alpha-O1", "Patrol", 5);
    let response = coordinator
        .put(&format!("/api/v1/people/{}", alpha.officer_person), &olive)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let officer_api = app.login(&alpha.officer).await;
    let own = dashboard(&officer_api, "").await;
    assert_eq!(own["scope"], "person");
    assert_eq!(own["totals"]["people"], 1);
    assert_eq!(own["attention"][0]["name"], "Tester, Olive");
    let foreign = officer_api.get("/api/v1/dashboard?unit=Patrol").await;
    assert_eq!(foreign.status(), StatusCode::FORBIDDEN);

    for query in ["limit=0", "limit=many", "limit=2001"] {
        let bad = coordinator.get(&format!("/api/v1/dashboard?{query}")).await;
        let body = problem(bad, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(fields(&body), ["limit"], "{query}");
    }

    let anonymous = app
        .client
        .get(app.url("/api/v1/dashboard"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

async fn the_dashboard_is_current_after_every_write(backend: Backend) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let coordinator = app.login(&alpha.coordinator).await;
    let before = dashboard(&coordinator, "").await;
    assert_eq!(
        before["totals"]["people"], 0,
        "no verdict stored for the seeded people"
    );

    let pat = created(&coordinator, &officer("Pat", "A-1", "Patrol", 30)).await;
    let after = dashboard(&coordinator, "").await;
    assert_eq!(after["totals"]["people"], 1);
    assert_eq!(after["totals"]["at_risk"], 1);

    // Moving Pat to Traffic moves the unit counts at once.
    let moved = officer("Pat", "A-1", "Traffic", 30);
    let response = coordinator
        .put(&format!("/api/v1/people/{pat}"), &moved)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let d = dashboard(&coordinator, "").await;
    let traffic = d["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit"] == "Traffic")
        .expect("Traffic now has Pat");
    assert_eq!(traffic["counts"]["at_risk"], 1);

    // A waiver of everything Pat lacks makes Pat compliant on the next read.
    let report: Value = coordinator
        .get(&format!("/api/v1/people/{pat}/compliance"))
        .await
        .json()
        .await
        .unwrap();
    for r in report["requirements"].as_array().unwrap() {
        if r["status"] != "at_risk" {
            continue;
        }
        let waiver = json!({
            "requirement_id": r["requirement_id"], "period_due": r["due"],
            "effect": { "kind": "exempt" }, "reason": "Medical leave for most of the cycle",
            "approved_by": "Chief Brooks",
        });
        let response = coordinator
            .post(&format!("/api/v1/people/{pat}/waivers"), &waiver)
            .await;
        assert_eq!(response.status(), StatusCode::CREATED, "{waiver}");
    }
    let d = dashboard(&coordinator, "").await;
    assert_eq!(d["totals"]["at_risk"], 0);
    assert_eq!(d["attention"].as_array().unwrap().len(), 0);
}
