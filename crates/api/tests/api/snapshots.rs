//! Stored verdicts that change by time alone are re-evaluated by the server's own job, and
//! only those.

use confitrek_api::compliance::service::refresh_due;
use confitrek_api::db::AgencyScope;
use confitrek_api::db::compliance::snapshot_of;
use confitrek_api::db::entity::compliance_snapshot::{Column, Entity};
use reqwest::StatusCode;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;
use time::macros::date;
use uuid::Uuid;

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    verdicts_whose_next_change_has_come_are_re_evaluated_and_no_others,
    two_servers_re_evaluating_one_agency_at_once_judge_each_person_once,
);

async fn a_person(api: &Api, badge: &str) -> Uuid {
    let created = api
        .post("/api/v1/people", &person_json("Dana", "Lindqvist", badge))
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let body: Value = created.json().await.unwrap();
    Uuid::parse_str(body["id"].as_str().unwrap()).unwrap()
}

async fn verdicts_whose_next_change_has_come_are_re_evaluated_and_no_others(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let scope = AgencyScope::new(agency.id);
    let coordinator = app.login(&agency.coordinator).await;
    let stale = a_person(&coordinator, "B-1").await;
    let current = a_person(&coordinator, "B-2").await;
    assert_eq!(
        refresh_due(&app.db, &app.clock).await.unwrap(),
        0,
        "nothing has changed yet"
    );

    // One verdict was stored long ago, with a change due since.
    Entity::update_many()
        .col_expr(Column::AsOf, Expr::value(date!(2000 - 01 - 01)))
        .col_expr(
            Column::NextChangeAt,
            Expr::value(Some(date!(2000 - 01 - 02))),
        )
        .filter(Column::PersonId.eq(stale))
        .exec(&app.db)
        .await
        .unwrap();
    let untouched = snapshot_of(&app.db, scope, current).await.unwrap().unwrap();

    assert_eq!(refresh_due(&app.db, &app.clock).await.unwrap(), 1);
    let today = app.clock.today_in("America/Chicago");
    let refreshed = snapshot_of(&app.db, scope, stale).await.unwrap().unwrap();
    assert!(refreshed.as_of >= today, "judged on the agency's today");
    assert!(
        refreshed
            .next_change_at
            .is_none_or(|next| next > refreshed.as_of)
    );
    let after = snapshot_of(&app.db, scope, current).await.unwrap().unwrap();
    assert_eq!(
        after.computed_at, untouched.computed_at,
        "a verdict not due is left alone"
    );
    assert_eq!(
        refresh_due(&app.db, &app.clock).await.unwrap(),
        0,
        "and nothing is due any more"
    );
}

/// Two servers' jobs (two pools of connections) re-evaluate the same agency at the same
/// moment: each person due is judged by one of them, and neither fails.
async fn two_servers_re_evaluating_one_agency_at_once_judge_each_person_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let coordinator = app.login(&agency.coordinator).await;
    let mut due = Vec::new();
    for n in 0..12 {
        due.push(a_person(&coordinator, &format!("B-{n}")).await);
    }
    Entity::update_many()
        .col_expr(Column::AsOf, Expr::value(date!(2000 - 01 - 01)))
        .col_expr(
            Column::NextChangeAt,
            Expr::value(Some(date!(2000 - 01 - 02))),
        )
        .filter(Column::PersonId.is_in(due.clone()))
        .exec(&app.db)
        .await
        .unwrap();

    let first = confitrek_api::db::connect(&app.config).await.unwrap();
    let second = confitrek_api::db::connect(&app.config).await.unwrap();
    let (a, b) = tokio::join!(
        refresh_due(&first, &app.clock),
        refresh_due(&second, &app.clock)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a + b, due.len(), "judged {a} and {b} times");
    assert_eq!(
        refresh_due(&app.db, &app.clock).await.unwrap(),
        0,
        "nothing left due"
    );
}
