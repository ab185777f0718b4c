//! What a server keeps of an agency's stored verdicts (its dashboards and its compliance
//! matrix) is brought up to date by each write, reading only what changed, and then answers
//! exactly what a server starting cold builds from the database: after some people's
//! verdicts change, after a person is erased, after the agency's time zone or rules change.

use confitrek_types::{
    AgencyDto, AgencySettings, DashboardDto, DeactivateRequest, MatrixPageDto, PersonDto,
    PersonInput, PersonStatus, TrainingRecordDto,
};
use reqwest::StatusCode;
use time::Date;

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    kept_views_follow_writes_of_some_people_as_a_cold_build_would,
    kept_views_follow_wholesale_changes_as_a_cold_build_would,
);

fn today() -> Date {
    confitrek_api::clock::Clock::system().today_in("America/Chicago")
}

/// Every view a coordinator reads from what the server keeps.
#[derive(Debug, PartialEq)]
struct Views {
    /// The agency's and each unit's dashboard.
    dashboards: Vec<DashboardDto>,
    /// Every page of the matrix in each order.
    matrix: Vec<MatrixPageDto>,
}

async fn views(app: &TestApp, api: &Api) -> Views {
    let api = app.as_seen_by(api);
    let mut dashboards = Vec::new();
    for query in ["", "?unit=Patrol", "?unit=Traffic"] {
        dashboards.push(
            api.get_as(&format!("/api/v1/dashboard{query}"), StatusCode::OK)
                .await,
        );
    }
    let mut matrix = Vec::new();
    for sort in ["name", "worst", "due"] {
        let mut cursor = String::new();
        loop {
            let query = format!("/api/v1/compliance/matrix?limit=2&sort={sort}{cursor}");
            let page: MatrixPageDto = api.get_as(&query, StatusCode::OK).await;
            let next = page.next_cursor.as_ref().map(|c| format!("&cursor={c}"));
            matrix.push(page);
            match next {
                Some(next) => cursor = next,
                None => break,
            }
        }
    }
    Views { dashboards, matrix }
}

/// The views of `app` (which keeps them from before the last write), checked against those of
/// a server that starts cold on the same database.
async fn same_as_cold(app: &TestApp, api: &Api, step: &str) -> Views {
    let kept = views(app, api).await;
    let cold = app.another_server().await;
    assert_eq!(kept, views(&cold, api).await, "after {step}");
    kept
}

async fn kept_views_follow_writes_of_some_people_as_a_cold_build_would(backend: Backend) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let api = app.login(&alpha.coordinator).await;
    let pat = create_person(&api, &untrained_officer("Pat", "A-1", "Patrol", false)).await;
    let lee = create_person(&api, &untrained_officer("Lee", "A-2", "Patrol", true)).await;
    create_person(&api, &untrained_officer("Kim", "A-3", "Traffic", false)).await;
    let mut before = same_as_cold(&app, &api, "people were added").await;

    let record = record_input(
        pat,
        "Crisis intervention refresher",
        today(),
        &[("crisis_intervention", 4.0)],
    );
    let _: TrainingRecordDto = api
        .post_as("/api/v1/training-records", &record, StatusCode::CREATED)
        .await;
    let after = same_as_cold(&app, &api, "a training record").await;
    assert_ne!(before, after, "the record shows");
    before = after;

    let moved = PersonInput {
        last_name: "Moved".into(),
        ..untrained_officer("Lee", "A-2", "Traffic", true)
    };
    let path = format!("/api/v1/people/{lee}");
    let _: PersonDto = api.put_as(&path, &moved, StatusCode::OK).await;
    let after = same_as_cold(&app, &api, "a move to another unit").await;
    assert_ne!(before, after, "the move shows");
    before = after;

    create_person(&api, &untrained_officer("Ash", "A-4", "Traffic", true)).await;
    let after = same_as_cold(&app, &api, "a new person").await;
    assert_ne!(before, after, "the new person shows");
    before = after;

    let path = format!("/api/v1/people/{pat}/deactivate");
    let separated = DeactivateRequest {
        status: Some(PersonStatus::Separated),
    };
    let _: PersonDto = api.post_as(&path, &separated, StatusCode::OK).await;
    let after = same_as_cold(&app, &api, "a separation").await;
    assert_ne!(before, after, "the separation shows");
}

async fn kept_views_follow_wholesale_changes_as_a_cold_build_would(backend: Backend) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let api = app.login(&alpha.coordinator).await;
    let admin = app.login(&alpha.admin).await;
    let pat = create_person(&api, &untrained_officer("Pat", "A-1", "Patrol", false)).await;
    create_person(&api, &untrained_officer("Lee", "A-2", "Patrol", true)).await;
    create_person(&api, &untrained_officer("Kim", "A-3", "Traffic", false)).await;
    let mut before = same_as_cold(&app, &api, "people were added").await;

    admin
        .delete_expect(&format!("/api/v1/people/{pat}"), StatusCode::NO_CONTENT)
        .await;
    let after = same_as_cold(&app, &api, "an erasure").await;
    assert_ne!(before, after, "the erasure shows");
    before = after;

    // Nobody is at risk any more with a window shorter than the days to December 31.
    let settings = |time_zone: &str| AgencySettings {
        at_risk_days: 1,
        time_zone: Some(time_zone.into()),
        count_unverified: None,
        ori: None,
        fiscal_year_start_month: None,
    };
    let path = "/api/v1/agencies/current/settings";
    let _: AgencyDto = admin
        .put_as(path, &settings("America/Chicago"), StatusCode::OK)
        .await;
    let after = same_as_cold(&app, &api, "a change of the agency's rules").await;
    if today() < Date::from_calendar_date(today().year(), time::Month::December, 31).unwrap() {
        assert_ne!(before, after, "the window shows");
    }

    let _: AgencyDto = admin
        .put_as(path, &settings("America/Denver"), StatusCode::OK)
        .await;
    same_as_cold(&app, &api, "a change of time zone").await;

    // And a write of one person after them is again read alone.
    create_person(&api, &untrained_officer("Ash", "A-4", "Traffic", true)).await;
    same_as_cold(&app, &api, "a new person after the wholesale changes").await;
}
