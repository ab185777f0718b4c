//! The audit log's hash chain: events are written unsealed and the sealer chains them, what
//! the application writes verifies, an event changed, removed or taken out of the chain
//! behind its back is named, parallel writers (with the sealer running beside them) never
//! fail and never fork an agency's chain, the events of an older database are sealed after
//! the migration, and reading the log is itself recorded.

use std::time::Duration;

use confitrek_api::db::audit_chain::GENESIS;
use confitrek_api::db::audit_seal::seal;
use confitrek_api::db::audit_verify::{BrokenLink, Fault, Verdict, verify};
use confitrek_api::db::entity::audit_event::{self, Column as C, Entity as AuditEvents};
use confitrek_types::{AuditEventDto, Page, PersonDto, Role, RoleInput};
use migrations::{Migrator, MigratorTrait};
use reqwest::{Method, StatusCode};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;
use uuid::Uuid;

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    the_events_of_a_working_agency_verify,
    an_event_edited_in_the_database_is_the_first_broken_link,
    a_deleted_event_is_reported_as_a_gap,
    an_event_taken_out_of_the_chain_is_named_and_not_sealed_again,
    fifty_parallel_audited_writes_leave_one_unbroken_chain,
    fifty_parallel_writes_that_audit_midway_all_succeed_beside_the_sealer,
    reading_the_log_is_recorded_as_audit_read,
    events_written_before_the_chain_are_sealed_after_its_migration,
);

/// The agency's events in chain order, once the events written so far are sealed.
pub async fn chain(db: &DatabaseConnection, agency: Uuid) -> Vec<audit_event::Model> {
    seal(db).await.unwrap();
    AuditEvents::find()
        .filter(C::AgencyId.eq(agency))
        .order_by_asc(C::Seq)
        .all(db)
        .await
        .unwrap()
}

/// Sends `body` and answers the status alone: parallel writes are judged all together.
async fn status_of(api: &Api, method: Method, path: &str, body: &impl Serialize) -> StatusCode {
    api.client
        .request(method, format!("{}{path}", api.base))
        .bearer_auth(&api.token)
        .json(body)
        .send()
        .await
        .unwrap()
        .status()
}

/// An agency with a few audited writes and sign-ins behind it.
async fn busy_agency(app: &TestApp) -> Agency {
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    app.login(&agency.coordinator).await;
    for badge in ["A-1", "A-2", "A-3"] {
        let _: PersonDto = admin
            .post_as(
                "/api/v1/people",
                &person_input("Dana", "Lind", badge),
                StatusCode::CREATED,
            )
            .await;
    }
    agency
}

/// Changes a stored event behind the application's back.
pub async fn tamper(db: &DatabaseConnection, id: Uuid, column: &str, value: &str) {
    db.execute(
        Query::update()
            .table(Alias::new("audit_events"))
            .value(Alias::new(column), value)
            .and_where(Expr::col(Alias::new("id")).eq(id)),
    )
    .await
    .unwrap();
}

async fn the_events_of_a_working_agency_verify(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = busy_agency(&app).await;
    app.seed_agency("Beta").await;
    app.login("admin@beta.test").await;

    // Written unsealed, and sealed in one go.
    let written = AuditEvents::find().all(&app.db).await.unwrap();
    assert!(
        written
            .iter()
            .all(|e| (&e.seq, &e.prev_hash, &e.hash) == (&None, &None, &None))
    );
    assert_eq!(seal(&app.db).await.unwrap(), written.len() as u64);
    assert_eq!(seal(&app.db).await.unwrap(), 0);

    let events = chain(&app.db, agency.id).await;
    assert!(events.len() >= 5, "{} events", events.len());
    assert_eq!(events[0].prev_hash.as_deref(), Some(GENESIS));
    assert_eq!(
        events.iter().map(|e| e.seq.unwrap()).collect::<Vec<_>>(),
        (1..=events.len() as i64).collect::<Vec<_>>()
    );
    for pair in events.windows(2) {
        assert_eq!(pair[1].prev_hash, pair[0].hash);
    }
    let total = AuditEvents::find().all(&app.db).await.unwrap().len() as u64;
    assert_eq!(
        verify(&app.db, None).await.unwrap(),
        Verdict::Intact {
            chains: 2,
            events: total
        }
    );
    assert_eq!(
        verify(&app.db, Some(agency.id)).await.unwrap(),
        Verdict::Intact {
            chains: 1,
            events: events.len() as u64
        }
    );
}

async fn an_event_edited_in_the_database_is_the_first_broken_link(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = busy_agency(&app).await;
    let events = chain(&app.db, agency.id).await;
    let edited = &events[2];

    tamper(&app.db, edited.id, "action", "person.read").await;

    assert_eq!(
        verify(&app.db, None).await.unwrap(),
        Verdict::Broken(BrokenLink {
            agency_id: Some(agency.id),
            seq: Some(3),
            event_id: edited.id,
            fault: Fault::HashMismatch,
        })
    );
    // A forged hash of its own then breaks the link to the event after it.
    let forged = "f".repeat(64);
    tamper(&app.db, edited.id, "hash", &forged).await;
    let Verdict::Broken(broken) = verify(&app.db, Some(agency.id)).await.unwrap() else {
        panic!("the chain still verifies");
    };
    assert_eq!(
        (broken.event_id, broken.fault),
        (edited.id, Fault::HashMismatch)
    );
}

async fn a_deleted_event_is_reported_as_a_gap(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = busy_agency(&app).await;
    let events = chain(&app.db, agency.id).await;

    AuditEvents::delete_by_id(events[1].id)
        .exec(&app.db)
        .await
        .unwrap();

    assert_eq!(
        verify(&app.db, Some(agency.id)).await.unwrap(),
        Verdict::Broken(BrokenLink {
            agency_id: Some(agency.id),
            seq: Some(3),
            event_id: events[2].id,
            fault: Fault::Gap { expected: 2 },
        })
    );
}

async fn fifty_parallel_audited_writes_leave_one_unbroken_chain(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    let before = chain(&app.db, agency.id).await.len();

    let writes = (0..50).map(|i| {
        let admin = &admin;
        async move {
            let body = person_input("Dana", "Lind", &format!("P-{i}"));
            status_of(admin, Method::POST, "/api/v1/people", &body).await
        }
    });
    let statuses = futures_util::future::join_all(writes).await;

    assert!(
        statuses.iter().all(|s| *s == StatusCode::CREATED),
        "{statuses:?}"
    );
    assert_eq!(chain(&app.db, agency.id).await.len(), before + 50);
    assert_eq!(
        verify(&app.db, Some(agency.id)).await.unwrap(),
        Verdict::Intact {
            chains: 1,
            events: before as u64 + 50
        }
    );
}

/// The last event's `seq` cleared: the chain before it holds, but the event has a hash and
/// no place, and the sealer does not chain it again (with whatever it now says).
async fn an_event_taken_out_of_the_chain_is_named_and_not_sealed_again(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = busy_agency(&app).await;
    let last = chain(&app.db, agency.id).await.pop().unwrap();

    app.db
        .execute(
            Query::update()
                .table(Alias::new("audit_events"))
                .value(Alias::new("seq"), sea_orm::Value::BigInt(None))
                .and_where(Expr::col(Alias::new("id")).eq(last.id)),
        )
        .await
        .unwrap();

    let broken = BrokenLink {
        agency_id: Some(agency.id),
        seq: None,
        event_id: last.id,
        fault: Fault::Unchained,
    };
    assert_eq!(
        verify(&app.db, Some(agency.id)).await.unwrap(),
        Verdict::Broken(broken.clone())
    );
    assert_eq!(seal(&app.db).await.unwrap(), 0);
    assert_eq!(
        verify(&app.db, None).await.unwrap(),
        Verdict::Broken(broken)
    );
}

/// Fifty requests at once that each record an event and write other rows before or after
/// it, with the sealer sealing beside them all the while: the supervisor signing in (the
/// event first, then the login's row), the admin setting the supervisor's role (the login's
/// row first, then the event), and the admin updating one person (the person's row, the
/// event, then the person's verdict). With the chain locked midway through each
/// transaction, the first two deadlock on PostgreSQL; now not one fails.
async fn fifty_parallel_writes_that_audit_midway_all_succeed_beside_the_sealer(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    let login = confitrek_api::db::users::find_by_email(&app.db, &agency.supervisor)
        .await
        .unwrap()
        .unwrap();
    let role_url = format!("/api/v1/users/{}/role", login.id);
    let person_url = format!("/api/v1/people/{}", agency.officer_person);
    confitrek_api::jobs::spawn_audit_sealer(app.db.clone(), Duration::from_millis(20));

    let writes = (0..50).map(|i| {
        let (app, admin, agency) = (&app, &admin, &agency);
        let (role_url, person_url) = (&role_url, &person_url);
        async move {
            let status = match i % 3 {
                0 => app
                    .login_response(&agency.supervisor, PASSWORD)
                    .await
                    .status(),
                1 => {
                    let body = RoleInput {
                        role: Role::Supervisor,
                    };
                    status_of(admin, Method::PUT, role_url, &body).await
                }
                _ => {
                    let body = person_input(&format!("Olive{i}"), "Officer", "alpha-O1");
                    status_of(admin, Method::PUT, person_url, &body).await
                }
            };
            (i % 3, status)
        }
    });
    let statuses = futures_util::future::join_all(writes).await;

    assert!(
        statuses.iter().all(|(_, s)| *s == StatusCode::OK),
        "{statuses:?}"
    );
    // The sealer catches up on its own...
    let unsealed = || AuditEvents::find().filter(C::Seq.is_null()).count(&app.db);
    for _ in 0..500 {
        if unsealed().await.unwrap() == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(unsealed().await.unwrap(), 0);
    // ...into one chain that holds, every write in it.
    let events = chain(&app.db, agency.id).await;
    for (action, count) in [
        ("auth.login", 17 + 1),
        ("user.change_role", 17),
        ("person.update", 16),
    ] {
        let found = events.iter().filter(|e| e.action == action).count();
        assert_eq!(found, count, "{action}");
    }
    assert_eq!(
        verify(&app.db, Some(agency.id)).await.unwrap(),
        Verdict::Intact {
            chains: 1,
            events: events.len() as u64
        }
    );
}

async fn reading_the_log_is_recorded_as_audit_read(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;

    let _: Page<AuditEventDto> = admin.get_as("/api/v1/audit-events", StatusCode::OK).await;

    let last = chain(&app.db, agency.id).await.pop().unwrap();
    assert_eq!(last.action, "audit.read");
    assert_eq!(last.outcome, "success");
    assert_eq!(last.target_type.as_deref(), Some("agency"));
    assert_eq!(last.target_id, Some(agency.id));
    let actor = confitrek_api::db::users::find_by_email(&app.db, &agency.admin)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(last.actor_user_id, Some(actor.id));
    // A refused read records nothing.
    let events = chain(&app.db, agency.id).await.len();
    let supervisor = app.login(&agency.supervisor).await;
    supervisor
        .send(Method::GET, "/api/v1/audit-events")
        .expect_status(StatusCode::FORBIDDEN)
        .await;
    let after = chain(&app.db, agency.id).await;
    assert!(after[events..].iter().all(|e| e.action != "audit.read"));
}

/// A database from before the chain: the migration leaves its events unsealed, the sealer
/// gives them their places in `(occurred_at, id)` order, and the chain goes on from there.
async fn events_written_before_the_chain_are_sealed_after_its_migration(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    Migrator::down(&app.db, Some(after_the_chain()))
        .await
        .unwrap();
    let mut ids = Vec::new();
    let start = time::OffsetDateTime::now_utc();
    for (i, agency_id) in [Some(agency.id), None, Some(agency.id), Some(agency.id)]
        .into_iter()
        .enumerate()
    {
        let id = Uuid::now_v7();
        ids.push(id);
        // Written in id order, but the last one happened first.
        let step = if i == 3 { -1 } else { i as i64 };
        let at = start + time::Duration::nanoseconds(step * 1_111);
        // Only the old schema's columns.
        let mut event = <audit_event::ActiveModel as ActiveModelTrait>::default();
        event.id = Set(id);
        event.agency_id = Set(agency_id);
        event.actor_user_id = Set(None);
        event.action = Set(format!("old.{i}"));
        event.outcome = Set("success".into());
        event.target_type = Set(Some("person\nip=1:x".into()));
        event.target_id = Set(None);
        event.ip = Set(None);
        event.request_id = Set(Some("r".into()));
        event.occurred_at = Set(at);
        AuditEvents::insert(event)
            .exec_without_returning(&app.db)
            .await
            .unwrap();
    }

    Migrator::up(&app.db, None).await.unwrap();

    let migrated = AuditEvents::find().all(&app.db).await.unwrap();
    assert_eq!(migrated.len(), 4);
    assert!(migrated.iter().all(|e| e.seq.is_none() && e.hash.is_none()));
    assert_eq!(seal(&app.db).await.unwrap(), 4);
    let events = chain(&app.db, agency.id).await;
    assert_eq!(
        events.iter().map(|e| (e.id, e.seq)).collect::<Vec<_>>(),
        [(ids[3], Some(1)), (ids[0], Some(2)), (ids[2], Some(3))]
    );
    assert_eq!(
        verify(&app.db, None).await.unwrap(),
        Verdict::Intact {
            chains: 2,
            events: 4
        }
    );
    app.login(&agency.admin).await;
    let events = chain(&app.db, agency.id).await;
    assert_eq!(events.last().unwrap().seq, Some(4));
    assert_eq!(events[3].prev_hash, events[2].hash);
    assert!(matches!(
        verify(&app.db, None).await.unwrap(),
        Verdict::Intact { events: 5, .. }
    ));
}

/// How many migrations to undo to stand just before the chain's.
fn after_the_chain() -> u32 {
    migrations_from("m20261206_000019_audit_chain")
}
