//! `GET /dashboard`: folded from the stored verdicts, scoped to what the caller may see,
//! current after every write; and the generated demo agency it is measured on.

use confitrek_api::clock::Clock;
use confitrek_api::db::entity::{compliance_snapshot, person, training_record};
use confitrek_api::demo::generated::{self, Shape};
use confitrek_types::{
    ComplianceReportDto, DashboardDto, DashboardScope, PersonDto, RequirementStatus,
};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
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
    Clock::system().today_in("America/Chicago")
}

async fn dashboard(api: &Api, query: &str) -> DashboardDto {
    api.get_as(&format!("/api/v1/dashboard{query}"), StatusCode::OK)
        .await
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
    let (agency, logins) = generated::create(&app.db, &app.clock, shape).await.unwrap();
    assert_eq!(logins.len(), 4);
    let content = generated_content(&app, agency).await;
    assert_eq!(content.len(), 40);

    // The same seed gives the same agency; another seed another one.
    let again = spawn_app(backend).await;
    let (agency_again, _) = generated::create(&again.db, &again.clock, shape)
        .await
        .unwrap();
    assert_eq!(generated_content(&again, agency_again).await, content);
    let other = spawn_app(backend).await;
    let (agency_other, _) = generated::create(&other.db, &other.clock, Shape { seed: 12, ..shape })
        .await
        .unwrap();
    assert_ne!(generated_content(&other, agency_other).await, content);

    let coordinator = app.generated_coordinator(agency).await;
    let d = dashboard(&coordinator, "?limit=2000").await;
    assert_eq!(d.scope, DashboardScope::Agency);
    assert_eq!(d.as_of, today());

    // Totals are the stored verdicts counted, and units add up to them.
    let statuses: Vec<String> = compliance_snapshot::Entity::find()
        .filter(compliance_snapshot::Column::AgencyId.eq(agency))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.status.as_str().to_owned())
        .collect();
    let count = |s: &str| statuses.iter().filter(|x| *x == s).count() as u32;
    let totals = &d.totals;
    assert_eq!(totals.people, 40);
    for (status, counted) in [
        ("compliant", totals.compliant),
        ("at_risk", totals.at_risk),
        ("non_compliant", totals.non_compliant),
        ("not_applicable", totals.not_applicable),
    ] {
        assert_eq!(counted, count(status), "{status}");
    }
    let judged = count("compliant") + count("at_risk") + count("non_compliant");
    let rate = totals.rate.unwrap();
    assert!(
        (rate - f64::from(count("compliant") + count("at_risk")) / f64::from(judged)).abs() < 1e-9
    );
    let unit_people: u32 = d.units.iter().map(|u| u.counts.people).sum();
    assert_eq!(unit_people, 40);

    // Everyone needing attention is listed, and drilling down to the person says the same.
    let attention = &d.attention;
    assert_eq!(
        attention.len() as u32,
        count("at_risk") + count("non_compliant")
    );
    assert_eq!(d.attention_total, attention.len() as u32);
    for entry in attention.iter().take(5) {
        let report: ComplianceReportDto = coordinator
            .get_as(
                &format!("/api/v1/people/{}/compliance", entry.person_id),
                StatusCode::OK,
            )
            .await;
        assert_eq!(report.status, entry.status);
        for lacking in &entry.lacking {
            let r = report
                .requirements
                .iter()
                .find(|r| r.requirement_id == lacking.requirement_id)
                .unwrap();
            assert_eq!(r.status, lacking.status);
            assert_eq!(r.due, lacking.due);
            assert_eq!(r.explanation, lacking.explanation);
        }
    }
    // Requirements name their topics, and topics carry the rule set's titles.
    let crisis = d
        .topics
        .iter()
        .find(|t| t.topic == "crisis_intervention")
        .expect("crisis intervention is a topic of Minnesota's requirements");
    assert!(crisis.title.starts_with("Crisis Intervention"));
    let limited = dashboard(&coordinator, "?limit=1").await;
    assert!(limited.attention.len() <= 1);
    assert_eq!(limited.attention_total, d.attention_total);
}

async fn each_role_sees_its_own_part_and_no_other_agency(backend: Backend) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let beta = app.seed_agency("Beta").await;
    let coordinator = app.login(&alpha.coordinator).await;
    create_person(
        &coordinator,
        &untrained_officer("Pat", "A-1", "Patrol", false),
    )
    .await;
    create_person(
        &coordinator,
        &untrained_officer("Tia", "A-2", "Traffic", true),
    )
    .await;
    let beta_coordinator = app.login(&beta.coordinator).await;
    create_person(
        &beta_coordinator,
        &untrained_officer("Bo", "B-1", "Patrol", true),
    )
    .await;

    let d = dashboard(&coordinator, "").await;
    // Pat and Tia, never Beta's Bo. (The seeded sergeant and officer were written straight
    // to the database, with no verdict stored: a dashboard only reads verdicts.)
    assert_eq!(d.totals.people, 2);
    assert_eq!(d.totals.at_risk, 1);
    assert_eq!(d.totals.non_compliant, 1);
    let names: Vec<&str> = d.attention.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Tester, Tia", "Tester, Pat"], "non-compliant first");
    let tia = &d.attention[0];
    assert_eq!(tia.unit.as_deref(), Some("Traffic"));
    assert!(tia.lacking.iter().all(|l| matches!(
        l.status,
        RequirementStatus::Overdue | RequirementStatus::AtRisk
    )));

    let supervisor = app.login(&alpha.supervisor).await;
    let unit = dashboard(&supervisor, "").await;
    assert_eq!(unit.scope, DashboardScope::Unit);
    assert_eq!(unit.unit.as_deref(), Some("Patrol"));
    assert_eq!(unit.totals.people, 1);
    assert_eq!(unit.attention[0].name, "Tester, Pat");
    assert_eq!(
        dashboard(&supervisor, "?unit=Patrol").await.totals,
        unit.totals
    );
    supervisor
        .get_problem("/api/v1/dashboard?unit=Traffic", StatusCode::FORBIDDEN)
        .await;
    // A coordinator drills into a unit and sees what its supervisor sees.
    assert_eq!(
        dashboard(&coordinator, "?unit=Patrol").await.totals,
        unit.totals
    );

    // The officer's own entry, once written through the API, has a verdict to show.
    let olive = untrained_officer("Olive", "alpha-O1", "Patrol", false);
    let _: PersonDto = coordinator
        .put_as(
            &format!("/api/v1/people/{}", alpha.officer_person),
            &olive,
            StatusCode::OK,
        )
        .await;
    let officer_api = app.login(&alpha.officer).await;
    let own = dashboard(&officer_api, "").await;
    assert_eq!(own.scope, DashboardScope::Person);
    assert_eq!(own.totals.people, 1);
    assert_eq!(own.attention[0].name, "Tester, Olive");
    officer_api
        .get_problem("/api/v1/dashboard?unit=Patrol", StatusCode::FORBIDDEN)
        .await;

    for query in ["limit=0", "limit=many", "limit=2001"] {
        let body = coordinator
            .get_problem(
                &format!("/api/v1/dashboard?{query}"),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        assert_eq!(problem_fields(&body), ["limit"], "{query}");
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
        before.totals.people, 0,
        "no verdict stored for the seeded people"
    );

    let pat = create_person(
        &coordinator,
        &untrained_officer("Pat", "A-1", "Patrol", false),
    )
    .await;
    let after = dashboard(&coordinator, "").await;
    assert_eq!(after.totals.people, 1);
    assert_eq!(after.totals.at_risk, 1);

    // Moving Pat to Traffic moves the unit counts at once.
    let moved = untrained_officer("Pat", "A-1", "Traffic", false);
    let _: PersonDto = coordinator
        .put_as(&format!("/api/v1/people/{pat}"), &moved, StatusCode::OK)
        .await;
    let d = dashboard(&coordinator, "").await;
    let traffic = d
        .units
        .iter()
        .find(|u| u.unit.as_deref() == Some("Traffic"))
        .expect("Traffic now has Pat");
    assert_eq!(traffic.counts.at_risk, 1);

    // A waiver of everything Pat lacks makes Pat compliant on the next read.
    let report: ComplianceReportDto = coordinator
        .get_as(&format!("/api/v1/people/{pat}/compliance"), StatusCode::OK)
        .await;
    for r in &report.requirements {
        if r.status != RequirementStatus::AtRisk {
            continue;
        }
        exempt(&coordinator, pat, r).await;
    }
    let d = dashboard(&coordinator, "").await;
    assert_eq!(d.totals.at_risk, 0);
    assert_eq!(d.attention.len(), 0);
}
