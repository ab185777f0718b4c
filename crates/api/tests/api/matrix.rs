//! `GET /compliance/matrix`: people by requirements from the stored verdicts, the same as
//! each person's compliance, narrowed, ordered and paged, as CSV, scoped to what the caller
//! may see, current after every write.

use std::collections::{HashMap, HashSet};

use confitrek_api::clock::Clock;
use confitrek_api::db::entity::person;
use confitrek_api::demo::generated::{self, Shape};
use confitrek_domain::permissions::Role;
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde_json::{Value, json};
use time::Date;
use uuid::Uuid;

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    the_matrix_is_each_persons_stored_verdict_page_after_page,
    filters_and_orders_narrow_and_sort_every_page,
    the_csv_holds_every_row_matching,
    each_role_sees_its_own_part_and_no_other_agency,
    the_matrix_is_current_after_every_write,
    bad_input_is_refused_naming_the_field,
    the_agency_report_of_today_reads_the_same_stored_verdicts,
);

fn today() -> Date {
    Clock::system().today_in("America/Chicago")
}

/// A Minnesota officer with no training: `overdue` makes the closed years' requirements
/// overdue (non-compliant); otherwise this year's qualification is only at risk.
fn officer(first: &str, badge: &str, unit: &str, overdue: bool) -> Value {
    let today = today();
    let history = if overdue {
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

async fn matrix(api: &Api, query: &str) -> Value {
    let response = api.get(&format!("/api/v1/compliance/matrix{query}")).await;
    assert_eq!(response.status(), StatusCode::OK, "matrix{query}");
    response.json().await.unwrap()
}

/// Every row of every page, following `next_cursor`; `query` starts with `&` or is empty.
async fn all_pages(api: &Api, limit: u32, query: &str) -> Vec<Value> {
    let mut rows = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let after = cursor
            .as_deref()
            .map(|c| format!("&cursor={c}"))
            .unwrap_or_default();
        let page = matrix(api, &format!("?limit={limit}{query}{after}")).await;
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= limit as usize);
        rows.extend(items.iter().cloned());
        pages += 1;
        assert!(pages < 1000, "the pages never end");
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    rows
}

fn ids(rows: &[Value]) -> Vec<String> {
    rows.iter()
        .map(|r| r["person_id"].as_str().unwrap().to_owned())
        .collect()
}

async fn generated_agency(app: &TestApp) -> (Uuid, Api) {
    let shape = Shape {
        people: 40,
        years: 3,
        seed: 11,
    };
    let (agency, _) = generated::create(&app.db, &app.clock, shape).await.unwrap();
    app.seed_user(
        Some(agency),
        "coordinator@gen.test",
        Role::Coordinator,
        None,
    )
    .await;
    (agency, app.login("coordinator@gen.test").await)
}

async fn the_matrix_is_each_persons_stored_verdict_page_after_page(backend: Backend) {
    let app = spawn_app(backend).await;
    let (agency, coordinator) = generated_agency(&app).await;
    let on_roster: HashSet<String> = person::Entity::find()
        .filter(person::Column::AgencyId.eq(agency))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|p| p.status != confitrek_types::PersonStatus::Separated)
        .map(|p| p.id.to_string())
        .collect();

    let first = matrix(&coordinator, "").await;
    assert_eq!(first["as_of"], today().to_string());
    assert_eq!(first["total"].as_u64().unwrap(), on_roster.len() as u64);
    let rows = all_pages(&coordinator, 7, "").await;
    let seen = ids(&rows);
    assert_eq!(seen.len(), on_roster.len(), "no one twice, no one missed");
    assert_eq!(seen.iter().cloned().collect::<HashSet<_>>(), on_roster);
    let names: Vec<String> = rows
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_lowercase())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "by name by default");

    // The columns are every requirement of the people shown, each cell one of them.
    let columns: HashSet<&str> = first["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["requirement_id"].as_str().unwrap())
        .collect();
    assert!(!columns.is_empty());
    for row in rows.iter().take(12) {
        let id = row["person_id"].as_str().unwrap();
        let report: Value = coordinator
            .get(&format!("/api/v1/people/{id}/compliance"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(row["status"], report["status"], "{id}");
        let requirements = report["requirements"].as_array().unwrap();
        let cells = row["cells"].as_array().unwrap();
        assert_eq!(cells.len(), requirements.len(), "{id}");
        for (cell, r) in cells.iter().zip(requirements) {
            assert!(columns.contains(cell["requirement_id"].as_str().unwrap()));
            assert_eq!(cell["requirement_id"], r["requirement_id"]);
            assert_eq!(cell["status"], r["status"]);
            assert_eq!(cell["remaining"], r["remaining"]);
            assert_eq!(cell["measure"], r["unit"]);
            assert_eq!(cell["due"], r["due"]);
        }
    }
}

async fn filters_and_orders_narrow_and_sort_every_page(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, coordinator) = generated_agency(&app).await;
    let everyone = all_pages(&coordinator, 200, "").await;

    // Worst first: the overall statuses never get better down the list, page after page.
    let rank = |s: &Value| match s.as_str() {
        Some("non_compliant") => 0,
        Some("at_risk") => 1,
        Some("compliant") => 2,
        Some("not_applicable") => 3,
        _ => 4,
    };
    let worst = all_pages(&coordinator, 6, "&sort=worst").await;
    assert_eq!(worst.len(), everyone.len());
    let ranks: Vec<u8> = worst.iter().map(|r| rank(&r["status"])).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
    assert_eq!(
        ranks.first(),
        everyone.iter().map(|r| rank(&r["status"])).min().as_ref()
    );

    // Soonest open due first; those owing nothing dated last.
    let due = all_pages(&coordinator, 6, "&sort=due").await;
    assert_eq!(due.len(), everyone.len());
    let dues: Vec<Option<&str>> = due.iter().map(|r| r["next_due"].as_str()).collect();
    let dated = dues.iter().take_while(|d| d.is_some()).count();
    assert!(dues[dated..].iter().all(Option::is_none));
    assert!(dues[..dated].windows(2).all(|w| w[0] <= w[1]), "{dues:?}");

    // A requirement: its cell alone, and only the people it applies to.
    let requirement = everyone
        .iter()
        .flat_map(|r| r["cells"].as_array().unwrap())
        .map(|c| c["requirement_id"].as_str().unwrap().to_owned())
        .next()
        .expect("someone has a requirement");
    let narrowed = all_pages(&coordinator, 5, &format!("&requirement={requirement}")).await;
    let applies = everyone
        .iter()
        .filter(|r| {
            r["cells"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["requirement_id"] == requirement.as_str())
        })
        .count();
    assert_eq!(narrowed.len(), applies);
    for row in &narrowed {
        let cells = row["cells"].as_array().unwrap();
        assert_eq!(cells.len(), 1);
        assert_eq!(cells[0]["requirement_id"], requirement.as_str());
    }

    // A status: the people with a cell in it, every one of them.
    for status in ["overdue", "at_risk", "met"] {
        let with = all_pages(&coordinator, 9, &format!("&status={status}")).await;
        let expected: Vec<String> = ids(&everyone
            .iter()
            .filter(|r| {
                r["cells"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|c| c["status"] == status)
            })
            .cloned()
            .collect::<Vec<_>>());
        assert_eq!(ids(&with), expected, "{status}");
    }

    // A unit: its people alone.
    let unit = everyone
        .iter()
        .find_map(|r| r["unit"].as_str())
        .expect("someone has a unit")
        .to_owned();
    let of_unit = all_pages(&coordinator, 200, &format!("&unit={unit}")).await;
    assert!(!of_unit.is_empty());
    assert!(of_unit.iter().all(|r| r["unit"] == unit.as_str()));
    assert_eq!(
        of_unit.len(),
        everyone
            .iter()
            .filter(|r| r["unit"] == unit.as_str())
            .count()
    );
    let nobody = matrix(&coordinator, "?unit=No%20such%20unit").await;
    assert_eq!(nobody["total"], 0);
    assert_eq!(nobody["items"], json!([]));
    assert_eq!(nobody["requirements"], json!([]));
}

async fn the_csv_holds_every_row_matching(backend: Backend) {
    let app = spawn_app(backend).await;
    let (agency, coordinator) = generated_agency(&app).await;
    let everyone = all_pages(&coordinator, 200, "&sort=worst").await;
    let response = coordinator
        .get("/api/v1/compliance/matrix?format=csv&sort=worst")
        .await;
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"compliance-matrix-")
    );
    let lines = csv_rows(response).await;
    let expected: usize = everyone
        .iter()
        .map(|r| r["cells"].as_array().unwrap().len().max(1))
        .sum();
    assert_eq!(lines.len(), expected, "one line per person and requirement");
    // In the order asked, person after person, with what the page says.
    let mut order: Vec<String> = Vec::new();
    for line in &lines {
        if order.last() != Some(&line["person_id"]) {
            order.push(line["person_id"].clone());
        }
    }
    assert_eq!(order, ids(&everyone));
    let by_person: HashMap<&str, &Value> = everyone
        .iter()
        .map(|r| (r["person_id"].as_str().unwrap(), r))
        .collect();
    for line in lines.iter().take(60) {
        let row = by_person[line["person_id"].as_str()];
        assert_eq!(line["as_of"], today().to_string());
        assert_eq!(line["overall_status"], row["status"].as_str().unwrap_or(""));
        let cell = row["cells"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["requirement_id"] == line["requirement_id"].as_str())
            .expect("the line is one of the person's cells");
        assert_eq!(line["status"], cell["status"].as_str().unwrap());
        assert_eq!(line["due"], cell["due"].as_str().unwrap_or(""));
        assert_eq!(
            line["remaining"],
            format!("{:.1}", cell["remaining"].as_f64().unwrap())
        );
    }
    // Filters narrow the file as they narrow the pages; the download is audited.
    let overdue = all_pages(&coordinator, 200, "&status=overdue").await;
    let response = coordinator
        .get("/api/v1/compliance/matrix?format=csv&status=overdue")
        .await;
    let people: HashSet<String> = csv_rows(response)
        .await
        .into_iter()
        .map(|l| l["person_id"].clone())
        .collect();
    assert_eq!(people, ids(&overdue).into_iter().collect());
    let audited = confitrek_api::db::entity::audit_event::Entity::find()
        .filter(confitrek_api::db::entity::audit_event::Column::AgencyId.eq(agency))
        .filter(confitrek_api::db::entity::audit_event::Column::Action.eq("report.matrix"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(audited.len(), 2);
}

async fn each_role_sees_its_own_part_and_no_other_agency(backend: Backend) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let beta = app.seed_agency("Beta").await;
    let coordinator = app.login(&alpha.coordinator).await;
    let pat = created(&coordinator, &officer("Pat", "A-1", "Patrol", false)).await;
    let tia = created(&coordinator, &officer("Tia", "A-2", "Traffic", true)).await;
    let beta_coordinator = app.login(&beta.coordinator).await;
    let bo = created(&beta_coordinator, &officer("Bo", "B-1", "Patrol", true)).await;

    // The agency's four: the seeded sergeant and officer (written straight to the
    // database, no verdict stored yet: no status, no cells), Pat and Tia; never Beta's Bo.
    let rows = all_pages(&coordinator, 200, "").await;
    let seen = ids(&rows);
    assert_eq!(seen.len(), 4);
    assert!(!seen.contains(&bo.to_string()));
    let sergeant = rows
        .iter()
        .find(|r| r["person_id"] == alpha.supervisor_person.to_string())
        .unwrap();
    assert_eq!(sergeant["status"], Value::Null);
    assert_eq!(sergeant["cells"], json!([]));
    let tia_row = rows
        .iter()
        .find(|r| r["person_id"] == tia.to_string())
        .unwrap();
    assert_eq!(tia_row["status"], "non_compliant");
    let worst = matrix(&coordinator, "?sort=worst&limit=1").await;
    assert_eq!(worst["items"][0]["person_id"], tia.to_string());
    let beta_rows = all_pages(&beta_coordinator, 200, "").await;
    assert!(!ids(&beta_rows).contains(&pat.to_string()));

    // A supervisor: the unit and self, whatever unit is asked for.
    let supervisor = app.login(&alpha.supervisor).await;
    let unit: HashSet<String> = ids(&all_pages(&supervisor, 200, "").await)
        .into_iter()
        .collect();
    let expected: HashSet<String> = [
        pat.to_string(),
        alpha.supervisor_person.to_string(),
        alpha.officer_person.to_string(),
    ]
    .into_iter()
    .collect();
    assert_eq!(unit, expected);
    let traffic = matrix(&supervisor, "?unit=Traffic").await;
    assert_eq!(
        traffic["total"], 0,
        "Traffic is not the supervisor's to see"
    );
    let csv = supervisor.get("/api/v1/compliance/matrix?format=csv").await;
    let people: HashSet<String> = csv_rows(csv)
        .await
        .into_iter()
        .map(|l| l["person_id"].clone())
        .collect();
    assert_eq!(people, expected);

    // An officer: only self.
    let officer_api = app.login(&alpha.officer).await;
    let own = all_pages(&officer_api, 200, "").await;
    assert_eq!(ids(&own), [alpha.officer_person.to_string()]);

    let anonymous = app
        .client
        .get(app.url("/api/v1/compliance/matrix"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}

async fn the_matrix_is_current_after_every_write(backend: Backend) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let coordinator = app.login(&alpha.coordinator).await;
    assert_eq!(matrix(&coordinator, "").await["total"], 2);
    let pat = created(&coordinator, &officer("Pat", "A-1", "Patrol", false)).await;
    let page = matrix(&coordinator, "?unit=Patrol&status=at_risk").await;
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["person_id"], pat.to_string());

    // Moving Pat to Traffic shows at once.
    let moved = officer("Pat", "A-1", "Traffic", false);
    let response = coordinator
        .put(&format!("/api/v1/people/{pat}"), &moved)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        matrix(&coordinator, "?unit=Patrol&status=at_risk").await["total"],
        0
    );
    let traffic = matrix(&coordinator, "?unit=Traffic").await;
    assert_eq!(traffic["items"][0]["person_id"], pat.to_string());

    // Waiving what Pat lacks turns the cells to waived on the next read.
    let report: Value = coordinator
        .get(&format!("/api/v1/people/{pat}/compliance"))
        .await
        .json()
        .await
        .unwrap();
    let lacking: Vec<&Value> = report["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "at_risk")
        .collect();
    assert!(!lacking.is_empty());
    for r in &lacking {
        let waiver = json!({
            "requirement_id": r["requirement_id"], "period_due": r["due"],
            "effect": { "kind": "exempt" }, "reason": "Medical leave for most of the cycle",
            "approved_by": "Chief Brooks",
        });
        let response = coordinator
            .post(&format!("/api/v1/people/{pat}/waivers"), &waiver)
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    let waived = matrix(&coordinator, "?status=waived&unit=Traffic").await;
    assert_eq!(waived["total"], 1);
    let cells = waived["items"][0]["cells"].as_array().unwrap();
    for r in &lacking {
        let cell = cells
            .iter()
            .find(|c| c["requirement_id"] == r["requirement_id"])
            .unwrap();
        assert_eq!(cell["status"], "waived");
    }
}

async fn bad_input_is_refused_naming_the_field(backend: Backend) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let coordinator = app.login(&alpha.coordinator).await;
    let long = "x".repeat(201);
    let by_name = matrix(&coordinator, "?limit=1").await;
    let name_cursor = by_name["next_cursor"].as_str().unwrap().to_owned();
    let cases: Vec<(String, &str)> = vec![
        ("limit=0".into(), "limit"),
        ("limit=201".into(), "limit"),
        ("limit=many".into(), "limit"),
        ("status=late".into(), "status"),
        ("status=non_compliant".into(), "status"),
        ("person_status=retired".into(), "person_status"),
        ("sort=badge".into(), "sort"),
        ("format=xml".into(), "format"),
        ("cursor=not-a-cursor".into(), "cursor"),
        (format!("unit={long}"), "unit"),
        (format!("requirement={long}"), "requirement"),
        // A cursor of the order by name, asked worst first.
        (format!("sort=worst&cursor={name_cursor}"), "cursor"),
    ];
    for (query, field) in cases {
        let response = coordinator
            .get(&format!("/api/v1/compliance/matrix?{query}"))
            .await;
        let body = problem(response, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(fields(&body), [field], "{query}");
    }
    // Blank filters narrow nothing.
    assert_eq!(
        matrix(&coordinator, "?unit=&requirement=%20").await["total"],
        2
    );
}

/// The stored verdict of `person` with every explanation replaced by `marker`, current until
/// `next_change_at`: what the report shows tells which verdict it read.
async fn mark_stored_verdict(
    app: &TestApp,
    person: Uuid,
    marker: &str,
    next_change_at: Option<Date>,
) {
    use confitrek_api::db::entity::compliance_snapshot;
    let stored = compliance_snapshot::Entity::find_by_id(person)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut report = stored.report.clone();
    for r in report["requirements"].as_array_mut().unwrap() {
        r["explanation"] = json!(marker);
    }
    let mut row = stored.into_active_model();
    row.report = Set(report);
    row.next_change_at = Set(next_change_at);
    row.update(&app.db).await.unwrap();
}

async fn the_agency_report_of_today_reads_the_same_stored_verdicts(backend: Backend) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let coordinator = app.login(&alpha.coordinator).await;
    let pat = created(&coordinator, &officer("Pat", "A-1", "Patrol", false)).await;
    let tia = created(&coordinator, &officer("Tia", "A-2", "Traffic", true)).await;
    let later = today() + time::Duration::days(30);
    mark_stored_verdict(&app, pat, "stored verdict of Pat", Some(later)).await;
    // Tia's verdict may have changed by today with the passing of time: judged again.
    mark_stored_verdict(&app, tia, "stored verdict of Tia", Some(today())).await;

    let explanations = |rows: Vec<HashMap<String, String>>, who: Uuid| -> Vec<String> {
        rows.into_iter()
            .filter(|r| r["person_id"] == who.to_string())
            .map(|r| r["explanation"].clone())
            .collect()
    };
    let today_csv = coordinator
        .get("/api/v1/reports/compliance?format=csv")
        .await;
    let rows = csv_rows(today_csv).await;
    // The seeded sergeant and officer have no verdict stored: they are judged and listed.
    let sergeant = rows
        .iter()
        .filter(|r| r["person_id"] == alpha.supervisor_person.to_string())
        .count();
    assert!(sergeant > 0);
    let of_pat = explanations(rows.clone(), pat);
    assert!(!of_pat.is_empty());
    assert!(
        of_pat.iter().all(|e| e == "stored verdict of Pat"),
        "{of_pat:?}"
    );
    let of_tia = explanations(rows, tia);
    assert!(!of_tia.is_empty());
    assert!(
        of_tia.iter().all(|e| e != "stored verdict of Tia"),
        "{of_tia:?}"
    );

    // Another day is judged from the records, as before.
    let yesterday = today() - time::Duration::days(1);
    let other_day = coordinator
        .get(&format!(
            "/api/v1/reports/compliance?format=csv&as_of={yesterday}"
        ))
        .await;
    let of_pat = explanations(csv_rows(other_day).await, pat);
    assert!(!of_pat.is_empty());
    assert!(
        of_pat.iter().all(|e| e != "stored verdict of Pat"),
        "{of_pat:?}"
    );
}
