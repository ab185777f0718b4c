//! `GET /compliance/matrix`: people by requirements from the stored verdicts, the same as
//! each person's compliance, narrowed, ordered and paged, as CSV, scoped to what the caller
//! may see, current after every write.

use std::collections::{HashMap, HashSet};

use confitrek_api::clock::Clock;
use confitrek_api::db::entity::person;
use confitrek_api::demo::generated::{self, Shape};
use confitrek_types::{
    ComplianceReportDto, ComplianceStatus, MatrixPageDto, MatrixRowDto, PersonDto,
    RequirementStatus,
};
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
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

async fn matrix(api: &Api, query: &str) -> MatrixPageDto {
    api.get_as(&format!("/api/v1/compliance/matrix{query}"), StatusCode::OK)
        .await
}

async fn compliance(api: &Api, person: Uuid) -> ComplianceReportDto {
    api.get_as(
        &format!("/api/v1/people/{person}/compliance"),
        StatusCode::OK,
    )
    .await
}

/// Every row of every page, following `next_cursor`; `query` starts with `&` or is empty.
async fn all_pages(api: &Api, limit: u32, query: &str) -> Vec<MatrixRowDto> {
    let mut rows = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let after = cursor
            .as_deref()
            .map(|c| format!("&cursor={c}"))
            .unwrap_or_default();
        let page = matrix(api, &format!("?limit={limit}{query}{after}")).await;
        assert!(page.items.len() <= limit as usize);
        rows.extend(page.items);
        pages += 1;
        assert!(pages < 1000, "the pages never end");
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    rows
}

fn ids(rows: &[MatrixRowDto]) -> Vec<Uuid> {
    rows.iter().map(|r| r.person_id).collect()
}

/// The people of a CSV download, in its order.
fn csv_people(lines: &[HashMap<String, String>]) -> Vec<Uuid> {
    lines
        .iter()
        .map(|l| l["person_id"].parse().unwrap())
        .collect()
}

/// Pat of Patrol, whose qualification is only at risk, and Tia of Traffic, overdue.
async fn pat_and_tia(api: &Api) -> (Uuid, Uuid) {
    let pat = create_person(api, &untrained_officer("Pat", "A-1", "Patrol", false)).await;
    let tia = create_person(api, &untrained_officer("Tia", "A-2", "Traffic", true)).await;
    (pat, tia)
}

async fn generated_agency(app: &TestApp) -> (Uuid, Api) {
    let shape = Shape {
        people: 40,
        years: 3,
        seed: 11,
    };
    let (agency, _) = generated::create(&app.db, &app.clock, shape).await.unwrap();
    (agency, app.generated_coordinator(agency).await)
}

async fn the_matrix_is_each_persons_stored_verdict_page_after_page(backend: Backend) {
    let app = spawn_app(backend).await;
    let (agency, coordinator) = generated_agency(&app).await;
    let on_roster: HashSet<Uuid> = person::Entity::find()
        .filter(person::Column::AgencyId.eq(agency))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|p| p.status != confitrek_types::PersonStatus::Separated)
        .map(|p| p.id)
        .collect();

    let first = matrix(&coordinator, "").await;
    assert_eq!(first.as_of, today());
    assert_eq!(first.total as usize, on_roster.len());
    let rows = all_pages(&coordinator, 7, "").await;
    let seen = ids(&rows);
    assert_eq!(seen.len(), on_roster.len(), "no one twice, no one missed");
    assert_eq!(seen.iter().copied().collect::<HashSet<_>>(), on_roster);
    let names: Vec<String> = rows.iter().map(|r| r.name.to_lowercase()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "by name by default");

    // The columns are every requirement of the people shown, each cell one of them.
    let columns: HashSet<&str> = first
        .requirements
        .iter()
        .map(|c| c.requirement_id.as_str())
        .collect();
    assert!(!columns.is_empty());
    for row in rows.iter().take(12) {
        let id = row.person_id;
        let report = compliance(&coordinator, id).await;
        assert_eq!(row.status, Some(report.status), "{id}");
        assert_eq!(row.cells.len(), report.requirements.len(), "{id}");
        for (cell, r) in row.cells.iter().zip(&report.requirements) {
            assert!(columns.contains(cell.requirement_id.as_str()));
            assert_eq!(cell.requirement_id, r.requirement_id);
            assert_eq!(cell.status, r.status);
            assert_eq!(cell.remaining, r.remaining);
            assert_eq!(cell.measure, r.unit);
            assert_eq!(cell.due, r.due);
        }
    }
}

async fn filters_and_orders_narrow_and_sort_every_page(backend: Backend) {
    let app = spawn_app(backend).await;
    let (_, coordinator) = generated_agency(&app).await;
    let everyone = all_pages(&coordinator, 200, "").await;

    // Worst first: the overall statuses never get better down the list, page after page.
    let rank = |s: Option<ComplianceStatus>| match s {
        Some(ComplianceStatus::NonCompliant) => 0,
        Some(ComplianceStatus::AtRisk) => 1,
        Some(ComplianceStatus::Compliant) => 2,
        Some(ComplianceStatus::NotApplicable) => 3,
        None => 4,
    };
    let worst = all_pages(&coordinator, 6, "&sort=worst").await;
    assert_eq!(worst.len(), everyone.len());
    let ranks: Vec<u8> = worst.iter().map(|r| rank(r.status)).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
    assert_eq!(
        ranks.first(),
        everyone.iter().map(|r| rank(r.status)).min().as_ref()
    );

    // Soonest open due first; those owing nothing dated last.
    let due = all_pages(&coordinator, 6, "&sort=due").await;
    assert_eq!(due.len(), everyone.len());
    let dues: Vec<Option<Date>> = due.iter().map(|r| r.next_due).collect();
    let dated = dues.iter().take_while(|d| d.is_some()).count();
    assert!(dues[dated..].iter().all(Option::is_none));
    assert!(dues[..dated].windows(2).all(|w| w[0] <= w[1]), "{dues:?}");

    // A requirement: its cell alone, and only the people it applies to.
    let requirement = everyone
        .iter()
        .flat_map(|r| &r.cells)
        .map(|c| c.requirement_id.clone())
        .next()
        .expect("someone has a requirement");
    let narrowed = all_pages(&coordinator, 5, &format!("&requirement={requirement}")).await;
    let applies = everyone
        .iter()
        .filter(|r| r.cells.iter().any(|c| c.requirement_id == requirement))
        .count();
    assert_eq!(narrowed.len(), applies);
    for row in &narrowed {
        assert_eq!(row.cells.len(), 1);
        assert_eq!(row.cells[0].requirement_id, requirement);
    }

    // A status: the people with a cell in it, every one of them.
    for status in [
        RequirementStatus::Overdue,
        RequirementStatus::AtRisk,
        RequirementStatus::Met,
    ] {
        let with = all_pages(&coordinator, 9, &format!("&status={}", status.as_str())).await;
        let expected: Vec<Uuid> = everyone
            .iter()
            .filter(|r| r.cells.iter().any(|c| c.status == status))
            .map(|r| r.person_id)
            .collect();
        assert_eq!(ids(&with), expected, "{status:?}");
    }

    // A unit: its people alone.
    let unit = everyone
        .iter()
        .find_map(|r| r.unit.clone())
        .expect("someone has a unit");
    let of_unit = all_pages(&coordinator, 200, &format!("&unit={unit}")).await;
    assert!(!of_unit.is_empty());
    assert!(of_unit.iter().all(|r| r.unit.as_ref() == Some(&unit)));
    assert_eq!(
        of_unit.len(),
        everyone
            .iter()
            .filter(|r| r.unit.as_ref() == Some(&unit))
            .count()
    );
    let nobody = matrix(&coordinator, "?unit=No%20such%20unit").await;
    assert_eq!(nobody.total, 0);
    assert!(nobody.items.is_empty());
    assert!(nobody.requirements.is_empty());
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
    let expected: usize = everyone.iter().map(|r| r.cells.len().max(1)).sum();
    assert_eq!(lines.len(), expected, "one line per person and requirement");
    // In the order asked, person after person, with what the page says.
    let mut order: Vec<Uuid> = Vec::new();
    for person in csv_people(&lines) {
        if order.last() != Some(&person) {
            order.push(person);
        }
    }
    assert_eq!(order, ids(&everyone));
    let by_person: HashMap<Uuid, &MatrixRowDto> =
        everyone.iter().map(|r| (r.person_id, r)).collect();
    for line in lines.iter().take(60) {
        let row = by_person[&line["person_id"].parse::<Uuid>().unwrap()];
        assert_eq!(line["as_of"], today().to_string());
        assert_eq!(
            line["overall_status"],
            row.status.map(|s| s.as_str()).unwrap_or("")
        );
        let cell = row
            .cells
            .iter()
            .find(|c| c.requirement_id == line["requirement_id"])
            .expect("the line is one of the person's cells");
        assert_eq!(line["status"], cell.status.as_str());
        assert_eq!(
            line["due"],
            cell.due.map(|d| d.to_string()).unwrap_or_default()
        );
        assert_eq!(line["remaining"], format!("{:.1}", cell.remaining));
    }
    // Filters narrow the file as they narrow the pages; the download is audited.
    let overdue = all_pages(&coordinator, 200, "&status=overdue").await;
    let response = coordinator
        .get("/api/v1/compliance/matrix?format=csv&status=overdue")
        .await;
    let people: HashSet<Uuid> = csv_people(&csv_rows(response).await).into_iter().collect();
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
    let (pat, tia) = pat_and_tia(&coordinator).await;
    let beta_coordinator = app.login(&beta.coordinator).await;
    let bo = create_person(
        &beta_coordinator,
        &untrained_officer("Bo", "B-1", "Patrol", true),
    )
    .await;

    // The agency's four: the seeded sergeant and officer (written straight to the
    // database, no verdict stored yet: no status, no cells), Pat and Tia; never Beta's Bo.
    let rows = all_pages(&coordinator, 200, "").await;
    let seen = ids(&rows);
    assert_eq!(seen.len(), 4);
    assert!(!seen.contains(&bo));
    let sergeant = rows
        .iter()
        .find(|r| r.person_id == alpha.supervisor_person)
        .unwrap();
    assert_eq!(sergeant.status, None);
    assert!(sergeant.cells.is_empty());
    let tia_row = rows.iter().find(|r| r.person_id == tia).unwrap();
    assert_eq!(tia_row.status, Some(ComplianceStatus::NonCompliant));
    let worst = matrix(&coordinator, "?sort=worst&limit=1").await;
    assert_eq!(worst.items[0].person_id, tia);
    let beta_rows = all_pages(&beta_coordinator, 200, "").await;
    assert!(!ids(&beta_rows).contains(&pat));

    // A supervisor: the unit and self, whatever unit is asked for.
    let supervisor = app.login(&alpha.supervisor).await;
    let unit: HashSet<Uuid> = ids(&all_pages(&supervisor, 200, "").await)
        .into_iter()
        .collect();
    let expected: HashSet<Uuid> = [pat, alpha.supervisor_person, alpha.officer_person]
        .into_iter()
        .collect();
    assert_eq!(unit, expected);
    let traffic = matrix(&supervisor, "?unit=Traffic").await;
    assert_eq!(traffic.total, 0, "Traffic is not the supervisor's to see");
    let csv = supervisor.get("/api/v1/compliance/matrix?format=csv").await;
    let people: HashSet<Uuid> = csv_people(&csv_rows(csv).await).into_iter().collect();
    assert_eq!(people, expected);

    // An officer: only self.
    let officer_api = app.login(&alpha.officer).await;
    let own = all_pages(&officer_api, 200, "").await;
    assert_eq!(ids(&own), [alpha.officer_person]);

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
    assert_eq!(matrix(&coordinator, "").await.total, 2);
    let pat = create_person(
        &coordinator,
        &untrained_officer("Pat", "A-1", "Patrol", false),
    )
    .await;
    let page = matrix(&coordinator, "?unit=Patrol&status=at_risk").await;
    assert_eq!(page.total, 1);
    assert_eq!(page.items[0].person_id, pat);

    // Moving Pat to Traffic shows at once.
    let moved = untrained_officer("Pat", "A-1", "Traffic", false);
    let _: PersonDto = coordinator
        .put_as(&format!("/api/v1/people/{pat}"), &moved, StatusCode::OK)
        .await;
    assert_eq!(
        matrix(&coordinator, "?unit=Patrol&status=at_risk")
            .await
            .total,
        0
    );
    let traffic = matrix(&coordinator, "?unit=Traffic").await;
    assert_eq!(traffic.items[0].person_id, pat);

    // Waiving what Pat lacks turns the cells to waived on the next read.
    let report = compliance(&coordinator, pat).await;
    let lacking: Vec<_> = report
        .requirements
        .iter()
        .filter(|r| r.status == RequirementStatus::AtRisk)
        .collect();
    assert!(!lacking.is_empty());
    for r in &lacking {
        exempt(&coordinator, pat, r).await;
    }
    let waived = matrix(&coordinator, "?status=waived&unit=Traffic").await;
    assert_eq!(waived.total, 1);
    let cells = &waived.items[0].cells;
    for r in &lacking {
        let cell = cells
            .iter()
            .find(|c| c.requirement_id == r.requirement_id)
            .unwrap();
        assert_eq!(cell.status, RequirementStatus::Waived);
    }
}

async fn bad_input_is_refused_naming_the_field(backend: Backend) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let coordinator = app.login(&alpha.coordinator).await;
    let long = "x".repeat(201);
    let by_name = matrix(&coordinator, "?limit=1").await;
    let name_cursor = by_name.next_cursor.unwrap();
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
        let body = coordinator
            .get_problem(
                &format!("/api/v1/compliance/matrix?{query}"),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        assert_eq!(problem_fields(&body), [field], "{query}");
    }
    // Blank filters narrow nothing.
    assert_eq!(
        matrix(&coordinator, "?unit=&requirement=%20").await.total,
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
    let mut report: ComplianceReportDto = serde_json::from_value(stored.report.clone()).unwrap();
    for r in &mut report.requirements {
        r.explanation = marker.into();
    }
    let mut row = stored.into_active_model();
    row.report = Set(serde_json::to_value(report).unwrap());
    row.next_change_at = Set(next_change_at);
    row.update(&app.db).await.unwrap();
}

async fn the_agency_report_of_today_reads_the_same_stored_verdicts(backend: Backend) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let coordinator = app.login(&alpha.coordinator).await;
    let (pat, tia) = pat_and_tia(&coordinator).await;
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
