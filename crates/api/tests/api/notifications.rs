//! Notifications: made once per event, delivered over real SMTP (aiosmtpd on loopback)
//! exactly once by any number of workers, retried with backoff, listed per user.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use confitrek_api::db::entity::{
    compliance_snapshot, credential, credential_type, notification, notification_settings,
};
use confitrek_api::db::notifications as outbox;
use confitrek_api::db::{AgencyScope, agencies};
use confitrek_api::notifications::delivery::{self, Mailer, RetryPolicy};
use confitrek_api::notifications::enqueue;
use confitrek_types::{
    ComplianceReportDto, ComplianceStatus, LoginRequest, NotificationDto, NotificationKind,
    NotificationKindSetting, NotificationSettingsDto, NotificationSettingsInput, Page,
    RequirementResultDto, RequirementStatus, UnreadCountDto,
};
use reqwest::{Method, StatusCode};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::both_databases;
use crate::helpers::{Agency, Api, Backend, TestApp, free_port, spawn_app};

/// A real SMTP server on loopback that stores what it accepts in a Maildir.
struct SmtpServer {
    child: Option<Child>,
    port: u16,
    dir: tempfile::TempDir,
}

impl SmtpServer {
    /// Picks a port; nothing listens on it until `start`.
    fn unstarted() -> Self {
        Self {
            child: None,
            port: free_port(),
            dir: tempfile::tempdir().unwrap(),
        }
    }

    async fn started() -> Self {
        let mut server = Self::unstarted();
        server.start().await;
        server
    }

    async fn start(&mut self) {
        // scripts/test names the Python that scripts/setup gave aiosmtpd.
        let python = std::env::var("CONFITREK_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
        let child = Command::new(python)
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{}", self.port))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(self.dir.path().join("mail"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("a Python with aiosmtpd (scripts/setup installs it)");
        self.child = Some(child);
        // Up to 30 s: Python starts slowly on a machine busy compiling.
        for _ in 0..600 {
            if tokio::net::TcpStream::connect(("127.0.0.1", self.port))
                .await
                .is_ok()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the SMTP server did not start");
    }

    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().ok();
            child.wait().ok();
        }
    }

    fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message accepted: (Message-ID, To, Subject).
    fn messages(&self) -> Vec<(String, String, String)> {
        let mut found = Vec::new();
        for sub in ["new", "cur"] {
            let dir = self.dir.path().join("mail").join(sub);
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                found.push(headers(&entry.path()));
            }
        }
        found.sort();
        found
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn headers(path: &Path) -> (String, String, String) {
    let text = std::fs::read_to_string(path).unwrap();
    let header = |name: &str| {
        text.lines()
            .take_while(|l| !l.is_empty())
            .find_map(|l| {
                let (key, value) = l.split_once(':')?;
                key.eq_ignore_ascii_case(name)
                    .then(|| value.trim().to_owned())
            })
            .unwrap_or_default()
    };
    (header("Message-ID"), header("To"), header("Subject"))
}

fn today() -> Date {
    confitrek_api::clock::Clock::system().today_in("America/Chicago")
}

fn requirement(
    id: &str,
    title: &str,
    status: RequirementStatus,
    due: Date,
) -> RequirementResultDto {
    RequirementResultDto {
        requirement_id: id.into(),
        title: title.into(),
        topics: vec![],
        citations: vec![],
        unconfirmed: None,
        status,
        period_start: None,
        period_end: None,
        due: Some(due),
        unit: "hours".into(),
        required: 24.0,
        earned: 10.0,
        remaining: 14.0,
        counted: vec![],
        waiver_id: None,
        explanation: String::new(),
    }
}

/// The officer's stored verdict: 24 hours due in 20 days (the 30-day reminder is due) and
/// a firearms qualification overdue since yesterday; a TASER credential that expires in 5
/// days (the 7-day reminder).
pub(crate) async fn seed_deadlines(app: &TestApp, agency: &Agency) {
    let today = today();
    let report = ComplianceReportDto {
        person_id: agency.officer_person,
        as_of: today,
        status: ComplianceStatus::NonCompliant,
        jurisdiction: "MN".into(),
        requirements: vec![
            requirement(
                "mn.total",
                "Continuing education hours",
                RequirementStatus::AtRisk,
                today + time::Duration::days(20),
            ),
            requirement(
                "agency.firearms",
                "Firearms qualification",
                RequirementStatus::Overdue,
                today - time::Duration::days(1),
            ),
            requirement(
                "mn.crisis",
                "Crisis intervention",
                RequirementStatus::Met,
                today + time::Duration::days(5),
            ),
        ],
        next_change_at: None,
    };
    compliance_snapshot::ActiveModel {
        person_id: Set(agency.officer_person),
        agency_id: Set(agency.id),
        as_of: Set(today),
        status: Set(ComplianceStatus::NonCompliant),
        next_change_at: Set(None),
        report: Set(serde_json::to_value(report).unwrap()),
        computed_at: Set(OffsetDateTime::now_utc()),
        generation: Set(0),
    }
    .insert(&app.db)
    .await
    .unwrap();
    let now = OffsetDateTime::now_utc();
    let taser = credential_type::ActiveModel {
        id: Set(Uuid::now_v7()),
        agency_id: Set(agency.id),
        code: Set("taser".into()),
        name: Set("TASER instructor".into()),
        validity_months: Set(Some(24)),
        renewed_by: Set(json!({ "course_ids": [], "events": [] })),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&app.db)
    .await
    .unwrap();
    credential::ActiveModel {
        id: Set(Uuid::now_v7()),
        agency_id: Set(agency.id),
        person_id: Set(agency.officer_person),
        credential_type_id: Set(taser.id),
        issued_on: Set(today - time::Duration::days(725)),
        expires_on: Set(Some(today + time::Duration::days(5))),
        note: Set(None),
        awarded_by: Set(None),
        created_at: Set(now),
    }
    .insert(&app.db)
    .await
    .unwrap();
}

/// Switches the agency's reminders of state reports off, with the default lead times: whether
/// one is due depends on the day of the year a test runs, so the tests that count every
/// message leave them out (they have a test of their own).
pub(crate) async fn without_state_report_reminders(app: &TestApp, agency: Uuid) {
    notification_settings::ActiveModel {
        agency_id: Set(agency),
        lead_days: Set(json!([90, 30, 7])),
        disabled_kinds: Set(json!(["state_report_due"])),
        updated_at: Set(OffsetDateTime::now_utc()),
    }
    .insert(&app.db)
    .await
    .unwrap();
}

/// The caller's notifications, newest first.
async fn notifications(api: &Api, query: &str) -> Page<NotificationDto> {
    api.get_as(&format!("/api/v1/notifications{query}"), StatusCode::OK)
        .await
}

async fn unread_count(api: &Api) -> u64 {
    let count: UnreadCountDto = api
        .get_as("/api/v1/notifications/unread-count", StatusCode::OK)
        .await;
    count.unread
}

/// Settings with these lead times and every kind left as it is.
fn lead_days(days: &[i64]) -> NotificationSettingsInput {
    NotificationSettingsInput {
        lead_days: days.to_vec(),
        kinds: vec![],
    }
}

/// Officer: reminder, flag, credential. Supervisor: flag. Coordinator and admin: flag, digest.
const EXPECTED: usize = 8;

async fn enqueue_pass(app: &TestApp, agency: Uuid, email: bool) -> usize {
    let agency = agencies::get(&app.db, AgencyScope::new(agency))
        .await
        .unwrap()
        .unwrap();
    enqueue::enqueue_agency(&app.db, &app.clock, &agency, today(), email)
        .await
        .unwrap()
}

fn mailer(smtp: &SmtpServer) -> Arc<Mailer> {
    Arc::new(Mailer::new(&smtp.url(), "ConfiTrek <training@agency.test>").unwrap())
}

fn quick_policy() -> RetryPolicy {
    RetryPolicy {
        base: Duration::from_secs(1),
        cap: Duration::from_secs(60),
        max_attempts: 5,
        lease: Duration::from_secs(30),
        batch: 3,
    }
}

async fn rows(app: &TestApp) -> Vec<notification::Model> {
    notification::Entity::find().all(&app.db).await.unwrap()
}

fn message_ids(messages: &[(String, String, String)]) -> BTreeMap<String, usize> {
    let mut ids = BTreeMap::new();
    for (id, _, _) in messages {
        *ids.entry(id.clone()).or_insert(0) += 1;
    }
    ids
}

async fn two_workers_deliver_each_message_exactly_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    seed_deadlines(&app, &agency).await;
    without_state_report_reminders(&app, agency.id).await;
    let smtp = SmtpServer::started().await;

    assert_eq!(enqueue_pass(&app, agency.id, true).await, EXPECTED);
    assert_eq!(
        enqueue_pass(&app, agency.id, true).await,
        0,
        "a second pass makes nothing new"
    );
    assert_eq!(rows(&app).await.len(), EXPECTED);

    let mailer = mailer(&smtp);
    let now = OffsetDateTime::now_utc();
    let (a, b) = tokio::join!(
        tokio::spawn(delivery::deliver_due(
            app.db.clone(),
            mailer.clone(),
            "worker-a".into(),
            quick_policy(),
            now
        )),
        tokio::spawn(delivery::deliver_due(
            app.db.clone(),
            mailer.clone(),
            "worker-b".into(),
            quick_policy(),
            now
        )),
    );
    let (a, b) = (a.unwrap().unwrap(), b.unwrap().unwrap());
    assert_eq!(a.sent + b.sent, EXPECTED, "{a:?} {b:?}");

    let messages = smtp.messages();
    assert_eq!(messages.len(), EXPECTED);
    assert!(
        message_ids(&messages).values().all(|n| *n == 1),
        "{messages:?}"
    );
    let to_officer: Vec<&String> = messages
        .iter()
        .filter(|(_, to, _)| to.contains(&agency.officer))
        .map(|(_, _, subject)| subject)
        .collect();
    assert_eq!(to_officer.len(), 3, "{messages:?}");
    assert!(
        to_officer
            .iter()
            .any(|s| s.contains("Continuing education hours is due by"))
    );
    assert!(
        to_officer
            .iter()
            .any(|s| s.contains("TASER instructor expires on"))
    );
    assert!(
        to_officer
            .iter()
            .any(|s| s.contains("Olive Officer is not compliant: Firearms qualification"))
    );
    let to_supervisor = messages
        .iter()
        .filter(|(_, to, _)| to.contains(&agency.supervisor))
        .count();
    assert_eq!(to_supervisor, 1, "the flag reaches the unit's supervisor");
    assert!(
        messages
            .iter()
            .any(|(_, to, s)| to.contains(&agency.coordinator)
                && s.starts_with("Training compliance, week"))
    );
    for row in rows(&app).await {
        assert_eq!(row.email_state, "sent");
        assert_eq!(row.attempts, 1);
        assert!(row.claimed_by.is_none());
        assert!(
            messages
                .iter()
                .any(|(id, _, _)| id == &mailer.message_id(row.id)),
            "stable Message-ID"
        );
    }

    // Another pass finds nothing due and sends nothing again.
    let again = delivery::deliver_due(
        app.db.clone(),
        mailer,
        "worker-c".into(),
        quick_policy(),
        now,
    )
    .await
    .unwrap();
    assert_eq!(again.sent, 0);
    assert_eq!(smtp.messages().len(), EXPECTED);

    // The officer sees his or her own, with their delivery.
    let officer = app.login(&agency.officer).await;
    let page = notifications(&officer, "").await;
    assert_eq!(page.items.len(), 3);
    assert!(
        page.items
            .iter()
            .all(|n| n.email_state == "sent" && n.sent_at.is_some())
    );
}

async fn a_killed_worker_and_its_restart_deliver_no_duplicates(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    seed_deadlines(&app, &agency).await;
    without_state_report_reminders(&app, agency.id).await;
    let smtp = SmtpServer::started().await;
    assert_eq!(enqueue_pass(&app, agency.id, true).await, EXPECTED);
    let mailer = mailer(&smtp);

    // A process claimed two rows and died before sending them: its lease will run out.
    let now = OffsetDateTime::now_utc();
    let dead = outbox::claim(
        &app.db,
        "dead-process",
        now,
        now + Duration::from_secs(5),
        2,
    )
    .await
    .unwrap();
    assert_eq!(dead.len(), 2);

    // A worker is killed (its task aborted) while it delivers, one message at a time.
    let policy = RetryPolicy {
        batch: 1,
        ..quick_policy()
    };
    let worker = tokio::spawn({
        let (db, mailer, policy) = (app.db.clone(), mailer.clone(), policy.clone());
        async move {
            loop {
                delivery::deliver_due(
                    db.clone(),
                    mailer.clone(),
                    "killed".into(),
                    policy.clone(),
                    OffsetDateTime::now_utc(),
                )
                .await
                .unwrap();
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    });
    for _ in 0..200 {
        if smtp.messages().len() >= 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    worker.abort();
    let _ = worker.await;
    assert!(
        smtp.messages().len() < EXPECTED,
        "killed before it finished"
    );

    // The restarted worker runs after the dead process's lease ran out.
    let later = OffsetDateTime::now_utc() + Duration::from_secs(10);
    delivery::deliver_due(
        app.db.clone(),
        mailer.clone(),
        "restarted".into(),
        policy,
        later,
    )
    .await
    .unwrap();
    // A delivery the killed worker had in flight finishes on its own; wait for it.
    for _ in 0..200 {
        if rows(&app).await.iter().all(|r| r.email_state == "sent") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let messages = smtp.messages();
    assert_eq!(messages.len(), EXPECTED, "{messages:?}");
    assert!(
        message_ids(&messages).values().all(|n| *n == 1),
        "{messages:?}"
    );
    assert!(rows(&app).await.iter().all(|r| r.email_state == "sent"));
}

async fn an_unreachable_mail_server_is_retried_with_backoff_until_it_answers(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    seed_deadlines(&app, &agency).await;
    without_state_report_reminders(&app, agency.id).await;
    let mut smtp = SmtpServer::unstarted();
    assert_eq!(enqueue_pass(&app, agency.id, true).await, EXPECTED);
    let mailer = mailer(&smtp);
    // Whole seconds (PostgreSQL keeps microseconds only), after the rows were made.
    let t0 = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap() + Duration::from_secs(1);
    let pass = |now| {
        delivery::deliver_due(
            app.db.clone(),
            mailer.clone(),
            "w".into(),
            quick_policy(),
            now,
        )
    };

    let first = pass(t0).await.unwrap();
    assert_eq!((first.sent, first.retried), (0, EXPECTED));
    for row in rows(&app).await {
        assert_eq!((row.email_state.as_str(), row.attempts), ("pending", 1));
        assert_eq!(row.next_attempt_at, t0 + Duration::from_secs(1));
        assert!(row.last_error.is_some());
    }
    assert_eq!(
        pass(t0).await.unwrap(),
        delivery::Delivered::default(),
        "not due before its backoff"
    );
    let second = pass(t0 + Duration::from_secs(1)).await.unwrap();
    assert_eq!(second.retried, EXPECTED);
    for row in rows(&app).await {
        assert_eq!(row.attempts, 2);
        assert_eq!(
            row.next_attempt_at,
            t0 + Duration::from_secs(3),
            "the wait doubled"
        );
    }
    assert_eq!(pass(t0 + Duration::from_secs(2)).await.unwrap().retried, 0);

    smtp.start().await;
    let third = pass(t0 + Duration::from_secs(3)).await.unwrap();
    assert_eq!(third.sent, EXPECTED);
    assert_eq!(smtp.messages().len(), EXPECTED);
    assert!(
        rows(&app)
            .await
            .iter()
            .all(|r| r.email_state == "sent" && r.attempts == 3 && r.last_error.is_none())
    );

    // With the server gone for good, a message is given up after the last attempt.
    smtp.stop();
    let scope = AgencyScope::new(agency.id);
    let admin_id = notification::Entity::find()
        .filter(notification::Column::Kind.eq("weekly_digest"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .user_id;
    let new = outbox::NewNotification {
        user_id: admin_id,
        person_id: None,
        kind: NotificationKind::WeeklyDigest,
        event_key: "test:given-up".into(),
        subject: "s".into(),
        body: "b".into(),
        email: true,
    };
    assert!(outbox::insert_once(&app.db, scope, new, t0).await.unwrap());
    let last_try = RetryPolicy {
        max_attempts: 1,
        ..quick_policy()
    };
    let done = delivery::deliver_due(
        app.db.clone(),
        mailer.clone(),
        "w".into(),
        last_try,
        t0 + Duration::from_secs(60),
    )
    .await
    .unwrap();
    assert_eq!(done.failed, 1);
    let given_up = notification::Entity::find()
        .filter(notification::Column::EventKey.eq("test:given-up"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(given_up.email_state, "failed");
}

async fn each_user_sees_and_reads_only_his_or_her_own(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let other = app.seed_agency("Beta").await;
    seed_deadlines(&app, &agency).await;
    without_state_report_reminders(&app, agency.id).await;
    // Without a mail server the notifications are in the app only.
    assert_eq!(enqueue_pass(&app, agency.id, false).await, EXPECTED);
    assert!(rows(&app).await.iter().all(|r| r.email_state == "skipped"));

    let officer = app.login(&agency.officer).await;
    let first = notifications(&officer, "?limit=2").await;
    assert_eq!(first.items.len(), 2);
    let cursor = first.next_cursor.as_deref().unwrap();
    let second = notifications(&officer, &format!("?limit=2&cursor={cursor}")).await;
    assert_eq!(second.items.len(), 1);
    assert!(second.next_cursor.is_none());
    assert!(first.items[0].id > first.items[1].id, "newest first");

    assert_eq!(unread_count(&officer).await, 3);
    let id = first.items[0].id;
    let read: NotificationDto = officer
        .send(Method::POST, &format!("/api/v1/notifications/{id}/read"))
        .expect(StatusCode::OK)
        .await;
    assert!(read.read_at.is_some());
    assert_eq!(unread_count(&officer).await, 2);

    // A coordinator's notification is not the officer's; another agency's admin sees none.
    let coordinator = app.login(&agency.coordinator).await;
    let theirs = notifications(&coordinator, "").await;
    assert_eq!(theirs.items.len(), 2);
    let theirs_id = theirs.items[0].id;
    officer
        .send(
            Method::POST,
            &format!("/api/v1/notifications/{theirs_id}/read"),
        )
        .problem(StatusCode::NOT_FOUND)
        .await;
    let stranger = app.login(&other.admin).await;
    stranger
        .send(Method::POST, &format!("/api/v1/notifications/{id}/read"))
        .problem(StatusCode::NOT_FOUND)
        .await;
    let empty = notifications(&stranger, "").await;
    assert!(empty.items.is_empty());
    let unread = rows(&app)
        .await
        .iter()
        .filter(|r| r.read_at.is_none())
        .count();
    assert_eq!(unread, EXPECTED - 1, "only the officer's own was marked");

    // All at once: the officer's two left, and nobody else's.
    let all: UnreadCountDto = officer
        .send(Method::POST, "/api/v1/notifications/read")
        .expect(StatusCode::OK)
        .await;
    assert_eq!(all.unread, 0);
    let unread = rows(&app)
        .await
        .iter()
        .filter(|r| r.read_at.is_none())
        .count();
    assert_eq!(unread, EXPECTED - 3, "the coordinator's are still unread");
}

async fn admins_set_lead_times_and_kinds_and_bad_input_writes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    seed_deadlines(&app, &agency).await;
    let admin = app.login(&agency.admin).await;
    let coordinator = app.login(&agency.coordinator).await;
    coordinator
        .get_problem("/api/v1/notifications/settings", StatusCode::FORBIDDEN)
        .await;
    coordinator
        .put_problem(
            "/api/v1/notifications/settings",
            &lead_days(&[10]),
            StatusCode::FORBIDDEN,
        )
        .await;

    let defaults: NotificationSettingsDto = admin
        .get_as("/api/v1/notifications/settings", StatusCode::OK)
        .await;
    assert_eq!(defaults.lead_days, [90, 30, 7]);
    assert!(defaults.kinds.iter().all(|k| k.enabled));

    // (body, field named in the 422, a sentence)
    let bad = [
        (lead_days(&[0]), "lead_days", "zero days"),
        (lead_days(&[366]), "lead_days", "more than a year"),
        (lead_days(&[30, 30]), "lead_days", "twice the same"),
        (
            lead_days(&[1, 2, 3, 4, 5, 6, 7]),
            "lead_days",
            "seven lead times",
        ),
    ];
    for (body, field, why) in bad {
        let answer = admin
            .put_problem(
                "/api/v1/notifications/settings",
                &body,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        assert_eq!(answer.errors[0].field, field, "{why}");
    }
    // A kind the API does not know: the raw body, as no typed request can say it.
    let answer = admin
        .put_problem(
            "/api/v1/notifications/settings",
            &json!({ "lead_days": [30], "kinds": [{ "kind": "fax", "enabled": true }] }),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(answer.errors[0].field, "kinds[0].kind", "an unknown kind");
    assert_eq!(
        app.count("notification_settings").await,
        0,
        "nothing written"
    );

    let saved: NotificationSettingsDto = admin
        .put_as(
            "/api/v1/notifications/settings",
            &NotificationSettingsInput {
                kinds: vec![NotificationKindSetting {
                    kind: NotificationKind::WeeklyDigest,
                    enabled: false,
                }],
                ..lead_days(&[14, 60])
            },
            StatusCode::OK,
        )
        .await;
    assert_eq!(saved.lead_days, [60, 14]);
    let digest = saved
        .kinds
        .iter()
        .find(|k| k.kind == NotificationKind::WeeklyDigest)
        .unwrap();
    assert!(!digest.enabled);

    // The pass follows them: no digest, the deadline 20 days away falls in the 60-day bracket.
    enqueue_pass(&app, agency.id, false).await;
    let all = rows(&app).await;
    assert!(all.iter().all(|r| r.kind != NotificationKind::WeeklyDigest));
    let reminder = all
        .iter()
        .find(|r| r.kind == NotificationKind::DeadlineReminder)
        .unwrap();
    assert!(
        reminder.event_key.ends_with(":60"),
        "{}",
        reminder.event_key
    );
    let credential = all
        .iter()
        .find(|r| r.kind == NotificationKind::CredentialExpiry)
        .unwrap();
    assert!(
        credential.event_key.ends_with(":14"),
        "{}",
        credential.event_key
    );
}

async fn a_sign_in_from_a_new_device_warns_the_account_owner(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let sign_in = |agent: &'static str| {
        let app = &app;
        let email = agency.officer.clone();
        async move {
            let response = app
                .client
                .post(app.url("/api/v1/auth/login"))
                .header("user-agent", agent)
                .json(&LoginRequest {
                    email,
                    password: crate::helpers::PASSWORD.into(),
                    code: None,
                })
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), StatusCode::OK);
        }
    };
    let alerts = || async {
        notification::Entity::find()
            .filter(notification::Column::Kind.eq("login_alert"))
            .all(&app.db)
            .await
            .unwrap()
    };
    sign_in("Phone/1.0").await;
    assert!(
        alerts().await.is_empty(),
        "the very first sign-in warns nobody"
    );
    sign_in("Phone/1.0").await;
    assert!(alerts().await.is_empty(), "the same device again");
    sign_in("Laptop/2.0").await;
    let warned = alerts().await;
    assert_eq!(warned.len(), 1);
    assert_eq!(warned[0].subject, "New sign-in to your ConfiTrek account");
    sign_in("Laptop/2.0").await;
    assert_eq!(alerts().await.len(), 1, "a known device is not new twice");
    // Devices are kept as hashes only.
    assert_eq!(app.count("login_devices").await, 2);
    let officer = app.login(&agency.officer).await;
    let page = notifications(&officer, "").await;
    assert!(
        page.items
            .iter()
            .any(|n| n.kind == NotificationKind::LoginAlert)
    );
}

both_databases!(
    two_workers_deliver_each_message_exactly_once,
    a_killed_worker_and_its_restart_deliver_no_duplicates,
    an_unreachable_mail_server_is_retried_with_backoff_until_it_answers,
    each_user_sees_and_reads_only_his_or_her_own,
    admins_set_lead_times_and_kinds_and_bad_input_writes_nothing,
    a_sign_in_from_a_new_device_warns_the_account_owner,
);
