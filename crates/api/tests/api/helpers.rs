//! `spawn_app`, seeding through the repositories, and a small typed client.

use std::path::PathBuf;
use std::sync::LazyLock;

use confitrek_api::app::Application;
use confitrek_api::auth::passwords;
use confitrek_api::clock::Clock;
use confitrek_api::config::{Config, sqlite_url};
use confitrek_api::db::{self, AgencyScope, agencies, people, users};
use confitrek_domain::people::{PersonDraft, PersonKind, PersonStatus, ValidPerson};
use confitrek_domain::permissions::Role;
use reqwest::{Response, StatusCode};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use serde_json::{Value, json};
use uuid::Uuid;

pub const PASSWORD: &str = "quiet river lantern 42";
static PASSWORD_HASH: LazyLock<String> = LazyLock::new(|| passwords::hash(PASSWORD).unwrap());

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Declares a test that runs on both databases: `both_databases!(name);` for an
/// `async fn name(backend: Backend)`.
#[macro_export]
macro_rules! both_databases {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::helpers::Backend::Sqlite).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    if $crate::helpers::skip_postgres() {
                        return;
                    }
                    super::$name($crate::helpers::Backend::Postgres).await
                }
            }
        )*
    };
}

/// Only when the test command found no PostgreSQL on a developer's machine (it says so);
/// CI never sets this.
pub fn skip_postgres() -> bool {
    std::env::var("CONFITREK_SKIP_POSTGRES").is_ok_and(|v| v == "1")
}

fn postgres_admin_url() -> String {
    std::env::var("CONFITREK_TEST_POSTGRES_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

pub struct TestApp {
    pub address: String,
    pub db: DatabaseConnection,
    /// The configuration the server runs with, for jobs a test starts beside it.
    pub config: Config,
    /// The server's clock: a test moves it forward instead of waiting.
    pub clock: Clock,
    pub client: reqwest::Client,
    _data_dir: tempfile::TempDir,
    pg_database: Option<String>,
}

/// A fresh database: a new SQLite file, or a uniquely named PostgreSQL database.
async fn fresh_database(backend: Backend, dir: &std::path::Path) -> (String, Option<String>) {
    match backend {
        Backend::Sqlite => (sqlite_url(&dir.join("test.db")), None),
        Backend::Postgres => {
            let url = fresh_postgres_database().await;
            let name = url.rsplit_once('/').unwrap().1.to_owned();
            (url, Some(name))
        }
    }
}

/// The URL of a new, uniquely named PostgreSQL database.
pub async fn fresh_postgres_database() -> String {
    let name = format!("confitrek_test_{}", Uuid::now_v7().simple());
    let admin = Database::connect(postgres_admin_url()).await.expect(
        "PostgreSQL at 127.0.0.1:5432 (user postgres) is required; set CONFITREK_SKIP_POSTGRES=1 to skip on a machine without it",
    );
    admin
        .execute_raw(Statement::from_string(
            admin.get_database_backend(),
            format!("CREATE DATABASE {name}"),
        ))
        .await
        .unwrap();
    admin.close().await.ok();
    let base = postgres_admin_url();
    format!("{}/{name}", base.rsplit_once('/').unwrap().0)
}

pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, |_| {}).await
}

pub async fn spawn_app_with(backend: Backend, adjust: impl FnOnce(&mut Config)) -> TestApp {
    let data_dir = tempfile::tempdir().unwrap();
    let (database_url, pg_database) = fresh_database(backend, data_dir.path()).await;
    spawn_app_at(data_dir, database_url, pg_database, adjust).await
}

/// A server in this process on a PostgreSQL database made by [`fresh_postgres_database`]
/// that other servers use too; the database is dropped with the app.
pub async fn spawn_app_on_postgres(database_url: String) -> TestApp {
    let name = database_url.rsplit_once('/').unwrap().1.to_owned();
    let data_dir = tempfile::tempdir().unwrap();
    spawn_app_at(data_dir, database_url, Some(name), |_| {}).await
}

async fn spawn_app_at(
    data_dir: tempfile::TempDir,
    database_url: String,
    pg_database: Option<String>,
    adjust: impl FnOnce(&mut Config),
) -> TestApp {
    // The server's log, for a test that needs it: `TEST_LOG=1 cargo test ...`.
    if std::env::var_os("TEST_LOG").is_some() {
        confitrek_api::telemetry::init();
    }
    // Every HTTP client of the process, the tests' own too, uses the server's TLS provider.
    confitrek_api::webhooks::sender::install_tls_provider();
    let mut config = Config {
        bind: "127.0.0.1:0".parse().unwrap(),
        static_dir: PathBuf::from("/nonexistent"),
        json_limit: 64 * 1024,
        require_mfa: false,
        webhook_allow_private: true,
        ..Config::new(
            data_dir.path().to_path_buf(),
            database_url,
            "t".repeat(48),
            "f".repeat(48),
        )
    };
    adjust(&mut config);
    let db = db::connect(&config).await.unwrap();
    db::migrate(&db).await.unwrap();
    let clock = Clock::shifted();
    let app = Application::build_with_clock(config.clone(), db.clone(), clock.clone())
        .await
        .unwrap();
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        db,
        config,
        clock,
        client: reqwest::Client::new(),
        _data_dir: data_dir,
        pg_database,
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let Some(name) = self.pg_database.take() else {
            return;
        };
        // Drop runs outside async; use a short-lived runtime of its own.
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async {
                if let Ok(admin) = Database::connect(postgres_admin_url()).await {
                    let sql = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
                    let _ = admin
                        .execute_raw(Statement::from_string(admin.get_database_backend(), sql))
                        .await;
                }
            });
        })
        .join()
        .ok();
    }
}

/// A seeded agency with a login for each agency role.
pub struct Agency {
    pub id: Uuid,
    pub admin: String,
    pub coordinator: String,
    pub supervisor: String,
    pub officer: String,
    /// The roster entries linked to the supervisor's and officer's logins.
    pub supervisor_person: Uuid,
    pub officer_person: Uuid,
}

pub fn person_draft(first: &str, last: &str, badge: &str, unit: Option<&str>) -> PersonDraft {
    PersonDraft {
        kind: PersonKind::Officer,
        first_name: first.into(),
        last_name: last.into(),
        title: None,
        badge: badge.into(),
        email: None,
        unit: unit.map(Into::into),
        supervisor_id: None,
        status: PersonStatus::Active,
        hire_date: None,
        separated_on: None,
        license_number: None,
        license_cycle_start: None,
        license_cycle_end: None,
        notes: None,
        role_flags: vec![],
        certified_on: None,
        history_from: None,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// Another server on this app's database and data directory with nothing kept in memory
    /// yet: a second process behind a load balancer, or this one restarted. The database
    /// stays this app's to drop.
    pub async fn another_server(&self) -> TestApp {
        use secrecy::ExposeSecret;
        let url = self.config.database_url.expose_secret().to_owned();
        let data_dir = self.config.data_dir.clone();
        spawn_app_at(tempfile::tempdir().unwrap(), url, None, |c| {
            c.data_dir = data_dir;
        })
        .await
    }

    /// The same signed-in client, speaking to this server instead.
    pub fn as_seen_by(&self, api: &Api) -> Api {
        Api {
            base: self.address.clone(),
            ..api.clone()
        }
    }

    pub async fn seed_person(
        &self,
        agency: Uuid,
        first: &str,
        last: &str,
        badge: &str,
        unit: Option<&str>,
    ) -> Uuid {
        let person = ValidPerson::parse(person_draft(first, last, badge, unit), None).unwrap();
        people::insert(
            &self.db,
            AgencyScope::new(agency),
            &person,
            self.clock.now(),
        )
        .await
        .unwrap()
        .id
    }

    /// Ira Investigator (I-1) of Investigations: someone of the agency outside the seeded
    /// Patrol unit.
    pub async fn seed_investigator(&self, agency: Uuid) -> Uuid {
        self.seed_person(agency, "Ira", "Investigator", "I-1", Some("Investigations"))
            .await
    }

    pub async fn seed_user(
        &self,
        agency: Option<Uuid>,
        email: &str,
        role: Role,
        person: Option<Uuid>,
    ) {
        users::insert(
            &self.db,
            users::NewUser {
                agency_id: agency,
                person_id: person,
                email: email.into(),
                role,
                password_hash: Some(PASSWORD_HASH.clone()),
                invitation: None,
                service_account: false,
            },
            self.clock.now(),
        )
        .await
        .unwrap();
    }

    /// An agency named `name` with one login per role; emails are `<role>@<name>.test`.
    pub async fn seed_agency(&self, name: &str) -> Agency {
        let agency = agencies::insert(
            &self.db,
            agencies::NewAgency {
                name: name.into(),
                state_code: "MN".into(),
                subscription_status: confitrek_types::SubscriptionStatus::Active,
                modules: vec![],
                time_zone: "America/Chicago".into(),
            },
            self.clock.now(),
        )
        .await
        .unwrap();
        let slug = name.to_lowercase().replace(' ', "-");
        let supervisor_person = self
            .seed_person(
                agency.id,
                "Sam",
                "Sergeant",
                &format!("{slug}-S1"),
                Some("Patrol"),
            )
            .await;
        let officer_person = self
            .seed_person(
                agency.id,
                "Olive",
                "Officer",
                &format!("{slug}-O1"),
                Some("Patrol"),
            )
            .await;
        let email = |role: &str| format!("{role}@{slug}.test");
        self.seed_user(Some(agency.id), &email("admin"), Role::AgencyAdmin, None)
            .await;
        self.seed_user(
            Some(agency.id),
            &email("coordinator"),
            Role::Coordinator,
            None,
        )
        .await;
        self.seed_user(
            Some(agency.id),
            &email("supervisor"),
            Role::Supervisor,
            Some(supervisor_person),
        )
        .await;
        self.seed_user(
            Some(agency.id),
            &email("officer"),
            Role::Officer,
            Some(officer_person),
        )
        .await;
        Agency {
            id: agency.id,
            admin: email("admin"),
            coordinator: email("coordinator"),
            supervisor: email("supervisor"),
            officer: email("officer"),
            supervisor_person,
            officer_person,
        }
    }

    /// A training record of `person` written straight to the database, as the office
    /// would enter it: "In-service" on `on`, `minutes` by topic, no events.
    pub async fn seed_record(&self, agency: Uuid, person: Uuid, on: time::Date, minutes: Value) {
        let new = confitrek_api::db::compliance::NewTrainingRecord {
            person_id: person,
            completed_on: on,
            title: "In-service".into(),
            minutes_by_topic: minutes,
            events: json!([]),
        };
        confitrek_api::db::compliance::insert_record(
            &self.db,
            AgencyScope::new(agency),
            new,
            self.clock.now(),
        )
        .await
        .unwrap();
    }

    /// Turns the use-of-force module on for the agency, the rest of it left as it is.
    pub async fn enable_uof(&self, agency: Uuid) {
        let existing = agencies::get(&self.db, AgencyScope::new(agency))
            .await
            .unwrap()
            .unwrap();
        let new = agencies::NewAgency {
            name: existing.name.clone(),
            state_code: existing.state_code.clone(),
            subscription_status: existing.subscription_status,
            modules: vec!["uof".into()],
            time_zone: existing.time_zone.clone(),
        };
        agencies::update(&self.db, existing, new, self.clock.now())
            .await
            .unwrap();
    }

    /// A coordinator of a generated agency, coordinator@gen.test, signed in.
    pub async fn generated_coordinator(&self, agency: Uuid) -> Api {
        self.seed_user(
            Some(agency),
            "coordinator@gen.test",
            Role::Coordinator,
            None,
        )
        .await;
        self.login("coordinator@gen.test").await
    }

    pub async fn login_response(&self, email: &str, password: &str) -> Response {
        self.client
            .post(self.url("/api/v1/auth/login"))
            .json(&json!({ "email": email, "password": password }))
            .send()
            .await
            .unwrap()
    }

    /// Signs in and returns a client that sends the bearer token.
    pub async fn login(&self, email: &str) -> Api {
        let response = self.login_response(email, PASSWORD).await;
        assert_eq!(response.status(), StatusCode::OK, "login of {email}");
        let body: Value = response.json().await.unwrap();
        Api {
            base: self.address.clone(),
            client: self.client.clone(),
            token: body["access_token"].as_str().unwrap().to_owned(),
            refresh_token: body["refresh_token"].as_str().unwrap().to_owned(),
        }
    }

    pub async fn count(&self, table: &str) -> i64 {
        let row = self
            .db
            .query_one_raw(Statement::from_string(
                self.db.get_database_backend(),
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get::<i64>("", "n").unwrap()
    }

    /// The encrypted files under the data directory (finished ones and partial writes).
    /// The server's data directory (its encrypted files are under `files/`).
    pub fn data_dir(&self) -> &std::path::Path {
        self._data_dir.path()
    }

    pub fn files_on_disk(&self) -> Vec<std::path::PathBuf> {
        fn walk(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, found);
                } else {
                    found.push(path);
                }
            }
        }
        let mut found = Vec::new();
        walk(&self._data_dir.path().join("files"), &mut found);
        found
    }
}

/// A signed-in API client.
#[derive(Clone)]
pub struct Api {
    pub base: String,
    pub client: reqwest::Client,
    pub token: String,
    pub refresh_token: String,
}

impl Api {
    pub async fn get(&self, path: &str) -> Response {
        self.client
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap()
    }

    pub async fn post(&self, path: &str, body: &Value) -> Response {
        self.client
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn put(&self, path: &str, body: &Value) -> Response {
        self.client
            .put(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// A raw upload: the body is the file.
    pub async fn put_bytes(&self, path: &str, content_type: &str, body: Vec<u8>) -> Response {
        self.client
            .put(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn delete(&self, path: &str) -> Response {
        self.client
            .delete(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap()
    }
}

/// Asserts the status and that the body is problem+json; returns the body.
pub async fn problem(response: Response, status: StatusCode) -> Value {
    assert_eq!(response.status(), status);
    let content_type = response
        .headers()
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(content_type, "application/problem+json");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["status"], status.as_u16());
    assert!(
        body["type"]
            .as_str()
            .unwrap()
            .starts_with("urn:confitrek:problem:")
    );
    assert!(body["title"].is_string());
    body
}

/// The field names of a validation problem.
pub fn fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["field"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

pub fn person_json(first: &str, last: &str, badge: &str) -> Value {
    json!({ "kind": "officer", "first_name": first, "last_name": last, "badge": badge })
}

/// An officer with nothing but a name and a badge, as [`person_json`] but typed.
pub fn person_input(first: &str, last: &str, badge: &str) -> confitrek_types::PersonInput {
    confitrek_types::PersonInput {
        kind: PersonKind::Officer,
        first_name: first.into(),
        last_name: last.into(),
        title: None,
        badge: badge.into(),
        email: None,
        unit: None,
        supervisor_id: None,
        status: None,
        hire_date: None,
        separated_on: None,
        license_number: None,
        license_cycle_start: None,
        license_cycle_end: None,
        notes: None,
        role_flags: vec![],
        certified_on: None,
        history_from: None,
    }
}

/// Adds a person through the API; the new person's id.
pub async fn create_person(api: &Api, body: &confitrek_types::PersonInput) -> Uuid {
    let created: confitrek_types::PersonDto = api
        .post_as("/api/v1/people", body, StatusCode::CREATED)
        .await;
    created.id
}

/// A Minnesota officer hired in 2015 on the 2023–2026 licence cycle, whose history in
/// ConfiTrek starts with it.
pub fn mn_cycle_officer(first: &str, last: &str, badge: &str) -> confitrek_types::PersonInput {
    confitrek_types::PersonInput {
        hire_date: Some(time::macros::date!(2015 - 05 - 01)),
        license_cycle_start: Some(time::macros::date!(2023 - 07 - 01)),
        license_cycle_end: Some(time::macros::date!(2026 - 06 - 30)),
        history_from: Some(time::macros::date!(2023 - 07 - 01)),
        ..person_input(first, last, badge)
    }
}

/// A Minnesota officer "Tester" of `unit` with no training: `overdue` makes the closed
/// years' requirements overdue (non-compliant), records complete from three years back;
/// otherwise records complete from today, nothing closed is judged and this year's
/// qualification is only at risk.
pub fn untrained_officer(
    first: &str,
    badge: &str,
    unit: &str,
    overdue: bool,
) -> confitrek_types::PersonInput {
    let today = Clock::system().today_in("America/Chicago");
    let history = if overdue {
        time::Date::from_calendar_date(today.year() - 3, time::Month::July, 1).unwrap()
    } else {
        today
    };
    confitrek_types::PersonInput {
        unit: Some(unit.into()),
        history_from: Some(history),
        hire_date: Some(time::macros::date!(2010 - 01 - 04)),
        ..person_input(first, "Tester", badge)
    }
}

/// Decimal hours by topic code, as courses and records take them.
pub fn hours(topics: &[(&str, f64)]) -> std::collections::BTreeMap<String, f64> {
    topics.iter().map(|(t, h)| ((*t).to_owned(), *h)).collect()
}

/// An active course of the catalog with nothing but a title, a delivery and its hours.
pub fn course_input(
    title: &str,
    delivery: confitrek_types::Delivery,
    topics: &[(&str, f64)],
) -> confitrek_types::CourseInput {
    confitrek_types::CourseInput {
        title: title.into(),
        provider: None,
        post_course_number: None,
        delivery,
        cost_cents: None,
        hours: hours(topics),
        events: vec![],
        active: None,
    }
}

/// An in-person course of eight hours of crisis intervention.
pub fn crisis_course(title: &str) -> confitrek_types::CourseInput {
    course_input(
        title,
        confitrek_types::Delivery::InPerson,
        &[("crisis_intervention", 8.0)],
    )
}

/// A one-day session of `course` with no times, place, instructor or limit.
pub fn session_input(course: Uuid, on: time::Date) -> confitrek_types::SessionInput {
    confitrek_types::SessionInput {
        course_id: course,
        starts_on: on,
        ends_on: None,
        start_time: None,
        end_time: None,
        location: None,
        instructor: None,
        capacity: None,
    }
}

/// Adds a course to the catalog; its id.
pub async fn create_course(api: &Api, body: &confitrek_types::CourseInput) -> Uuid {
    let course: confitrek_types::CourseDto = api
        .post_as("/api/v1/courses", body, StatusCode::CREATED)
        .await;
    course.id
}

/// Schedules a session; its id.
pub async fn create_session(api: &Api, body: &confitrek_types::SessionInput) -> Uuid {
    let session: confitrek_types::SessionDto = api
        .post_as("/api/v1/sessions", body, StatusCode::CREATED)
        .await;
    session.id
}

/// Records that `people` attended the session, no-shows none; what it recorded.
pub async fn attend(
    api: &Api,
    session: Uuid,
    people: &[Uuid],
) -> confitrek_types::AttendanceResult {
    api.post_as(
        &format!("/api/v1/sessions/{session}/attendance"),
        &confitrek_types::AttendanceRequest {
            person_ids: people.to_vec(),
            completed_on: None,
            no_shows: vec![],
        },
        StatusCode::OK,
    )
    .await
}

/// A training record of `person` outside the catalog: a title, a day and hours by topic.
pub fn record_input(
    person: Uuid,
    title: &str,
    on: time::Date,
    topics: &[(&str, f64)],
) -> confitrek_types::TrainingRecordInput {
    confitrek_types::TrainingRecordInput {
        person_id: person,
        course_id: None,
        title: Some(title.into()),
        completed_on: on,
        hours: Some(hours(topics)),
        events: None,
    }
}

/// Uploads a spreadsheet to import as a batch of `kind`, the body declared as `content_type`.
pub async fn upload_import(
    api: &Api,
    kind: &str,
    name: &str,
    content_type: &str,
    body: Vec<u8>,
) -> confitrek_types::ImportBatchDto {
    api.send(
        reqwest::Method::POST,
        &format!("/api/v1/imports?kind={kind}&file_name={name}"),
    )
    .bytes(content_type, body)
    .expect(StatusCode::CREATED)
    .await
}

pub async fn import_preview(
    api: &Api,
    batch: &confitrek_types::ImportBatchDto,
) -> confitrek_types::ImportPreviewDto {
    api.get_as(
        &format!("/api/v1/imports/{}/preview", batch.id),
        StatusCode::OK,
    )
    .await
}

/// Starts the commit (202, the batch `committing`) and follows it to its end: the batch as
/// it ends, `committed` or `uploaded` again with the failure.
pub async fn commit_import(
    api: &Api,
    batch: &confitrek_types::ImportBatchDto,
) -> confitrek_types::ImportBatchDto {
    use confitrek_types::{ImportBatchDto, ImportStatus};
    let id = batch.id;
    let started = api
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/imports/{id}/commit"),
        )
        .expect_status(StatusCode::ACCEPTED)
        .await;
    assert_eq!(started.header("location"), format!("/api/v1/imports/{id}"));
    let started: ImportBatchDto = started.json();
    assert_eq!(started.status, ImportStatus::Committing, "{started:#?}");
    // Bounded: a commit of these files takes well under a second.
    for _ in 0..600 {
        let now: ImportBatchDto = api
            .get_as(&format!("/api/v1/imports/{id}"), StatusCode::OK)
            .await;
        if now.status != ImportStatus::Committing {
            return now;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the commit of {id} did not end");
}

/// Exempts `person` from the period of `requirement`: medical leave for most of the cycle,
/// approved by Chief Brooks.
pub async fn exempt(
    api: &Api,
    person: Uuid,
    requirement: &confitrek_types::RequirementResultDto,
) -> confitrek_types::WaiverDto {
    let waiver = confitrek_types::WaiverInput {
        requirement_id: requirement.requirement_id.clone(),
        period_due: requirement.due.unwrap(),
        effect: confitrek_types::WaiverEffectDto::Exempt,
        reason: "Medical leave for most of the cycle".into(),
        approved_by: "Chief Brooks".into(),
    };
    api.post_as(
        &format!("/api/v1/people/{person}/waivers"),
        &waiver,
        StatusCode::CREATED,
    )
    .await
}

/// The facts of [`mn_cycle_officer`], as a what-if request gives them.
pub fn mn_cycle_facts() -> confitrek_types::WhatIfPerson {
    confitrek_types::WhatIfPerson {
        hire_date: Some(time::macros::date!(2015 - 05 - 01)),
        license_cycle_start: Some(time::macros::date!(2023 - 07 - 01)),
        license_cycle_end: Some(time::macros::date!(2026 - 06 - 30)),
        records_complete_from: Some(time::macros::date!(2023 - 07 - 01)),
        ..confitrek_types::WhatIfPerson::default()
    }
}

/// How many migrations to undo to stand just before the migration `name`.
pub fn migrations_from(name: &str) -> u32 {
    use migrations::{Migrator, MigratorTrait};
    let names: Vec<String> = Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect();
    let at = names.iter().position(|n| n == name).unwrap();
    (names.len() - at) as u32
}

/// A port nothing listens on, for a server a test starts itself.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A CSV download's rows as maps from column to cell (after checking it is one).
pub async fn csv_rows(response: Response) -> Vec<std::collections::HashMap<String, String>> {
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"].to_str().unwrap(),
        "text/csv; charset=utf-8"
    );
    let bytes = response.bytes().await.unwrap();
    let mut reader = csv::Reader::from_reader(bytes.as_ref());
    let columns: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            columns
                .iter()
                .cloned()
                .zip(r.iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

pub use typed::*;

/// The typed client: requests and answers as the shared wire types, each call checking the
/// status (and a problem's shape) before the test reads the body.
mod typed {
    use confitrek_types::Problem;
    use reqwest::header::HeaderMap;
    use reqwest::{Method, StatusCode};
    use serde::Serialize;
    use serde::de::DeserializeOwned;

    use super::Api;

    /// A request of the typed client, sent by one of its finishers: each checks the status
    /// first and, when it is not the one expected, fails saying what was asked and what came
    /// back.
    pub struct Call {
        method: Method,
        path: String,
        request: reqwest::RequestBuilder,
    }

    /// An answer whose status was as expected, for a test that reads its headers or raw text.
    pub struct Reply {
        pub method: Method,
        pub path: String,
        pub headers: HeaderMap,
        pub text: String,
    }

    impl Api {
        /// Any request; `get_as`, `post_as`, `put_as`, `delete_expect` and the `*_problem`
        /// calls are this with the usual finisher.
        pub fn send(&self, method: Method, path: &str) -> Call {
            Call {
                request: self
                    .client
                    .request(method.clone(), format!("{}{path}", self.base))
                    .bearer_auth(&self.token),
                method,
                path: path.to_owned(),
            }
        }

        pub async fn get_as<T: DeserializeOwned>(&self, path: &str, status: StatusCode) -> T {
            self.send(Method::GET, path).expect(status).await
        }

        pub async fn post_as<T: DeserializeOwned>(
            &self,
            path: &str,
            body: &impl Serialize,
            status: StatusCode,
        ) -> T {
            self.send(Method::POST, path)
                .json(body)
                .expect(status)
                .await
        }

        pub async fn put_as<T: DeserializeOwned>(
            &self,
            path: &str,
            body: &impl Serialize,
            status: StatusCode,
        ) -> T {
            self.send(Method::PUT, path).json(body).expect(status).await
        }

        pub async fn delete_expect(&self, path: &str, status: StatusCode) {
            self.send(Method::DELETE, path).expect_status(status).await;
        }

        pub async fn get_problem(&self, path: &str, status: StatusCode) -> Problem {
            self.send(Method::GET, path).problem(status).await
        }

        pub async fn post_problem(
            &self,
            path: &str,
            body: &impl Serialize,
            status: StatusCode,
        ) -> Problem {
            self.send(Method::POST, path)
                .json(body)
                .problem(status)
                .await
        }

        pub async fn put_problem(
            &self,
            path: &str,
            body: &impl Serialize,
            status: StatusCode,
        ) -> Problem {
            self.send(Method::PUT, path)
                .json(body)
                .problem(status)
                .await
        }

        pub async fn delete_problem(&self, path: &str, status: StatusCode) -> Problem {
            self.send(Method::DELETE, path).problem(status).await
        }
    }

    impl Call {
        pub fn json(self, body: &impl Serialize) -> Self {
            Self {
                request: self.request.json(body),
                ..self
            }
        }

        /// A raw body, for an upload.
        pub fn bytes(self, content_type: &str, body: Vec<u8>) -> Self {
            Self {
                request: self
                    .request
                    .header(reqwest::header::CONTENT_TYPE, content_type)
                    .body(body),
                ..self
            }
        }

        /// Checks the status; the answer's headers and text.
        pub async fn expect_status(self, status: StatusCode) -> Reply {
            let response = self.request.send().await.unwrap();
            let actual = response.status();
            let headers = response.headers().clone();
            let text = response.text().await.unwrap();
            assert_eq!(
                actual, status,
                "{} {} answered {actual} instead of {status}: {text}",
                self.method, self.path
            );
            Reply {
                method: self.method,
                path: self.path,
                headers,
                text,
            }
        }

        /// Checks the status; the body as `T`.
        pub async fn expect<T: DeserializeOwned>(self, status: StatusCode) -> T {
            self.expect_status(status).await.json()
        }

        /// Checks the status and that the body is a problem of this server saying the same
        /// status.
        pub async fn problem(self, status: StatusCode) -> Problem {
            let reply = self.expect_status(status).await;
            let content_type = reply
                .headers
                .get("content-type")
                .and_then(|v| v.to_str().ok());
            assert_eq!(
                content_type,
                Some("application/problem+json"),
                "{} {}: {}",
                reply.method,
                reply.path,
                reply.text
            );
            let problem: Problem = reply.json();
            assert_eq!(problem.status, status.as_u16(), "{problem:?}");
            assert!(
                problem.kind.starts_with("urn:confitrek:problem:"),
                "{problem:?}"
            );
            problem
        }
    }

    impl Reply {
        pub fn json<T: DeserializeOwned>(&self) -> T {
            serde_json::from_str(&self.text).unwrap_or_else(|e| {
                panic!(
                    "{} {} answered what is not a {}: {e}: {}",
                    self.method,
                    self.path,
                    std::any::type_name::<T>(),
                    self.text
                )
            })
        }

        pub fn header(&self, name: &str) -> &str {
            self.headers
                .get(name)
                .unwrap_or_else(|| panic!("{} {} has no {name} header", self.method, self.path))
                .to_str()
                .unwrap()
        }
    }

    /// The fields a validation problem names, in its order.
    pub fn problem_fields(problem: &Problem) -> Vec<&str> {
        problem.errors.iter().map(|e| e.field.as_str()).collect()
    }
}

/// Use-of-force test data shared by the incident and webhook tests.
mod uof_data {
    use confitrek_types::{
        Disposition, Ethnicity, ForceType, Impairment, Injury, OfficerInput, Race, Resistance, Sex,
        SubjectInput, YesNoUnknown,
    };
    use uuid::Uuid;

    /// The subject of the incidents the use-of-force tests report: resisted handcuffing, was
    /// struck and shocked, and came to `injury`.
    pub fn uof_subject(injury: Injury) -> SubjectInput {
        SubjectInput {
            reference: Some("P-20-1187".into()),
            sex: Some(Sex::Male),
            races: vec![Race::Black],
            ethnicity: Some(Ethnicity::NotHispanicLatino),
            age: Some(27),
            height_feet: Some(6),
            height_inches: Some(1),
            weight_pounds: Some(210),
            impaired: Some(YesNoUnknown::Yes),
            impairments: vec![Impairment::Alcohol],
            threat_perceived: Some(YesNoUnknown::Yes),
            armed: Some(YesNoUnknown::No),
            resisted: Some(YesNoUnknown::Yes),
            resistance: vec![Resistance::ResistedHandcuffing],
            force: vec![
                ForceType::HandsFistsFeet,
                ForceType::ElectronicControlDevice,
            ],
            injuries: vec![injury],
            disposition: Some(Disposition::Arrested),
        }
    }

    /// An officer involved in those incidents, slightly hurt.
    pub fn uof_officer(person: Uuid) -> OfficerInput {
        OfficerInput {
            person_id: person,
            sex: Some(Sex::Female),
            races: vec![Race::White],
            ethnicity: Some(Ethnicity::NotHispanicLatino),
            age: Some(34),
            height_feet: None,
            height_inches: None,
            weight_pounds: None,
            full_time: Some(true),
            on_duty: Some(true),
            identifiable: Some(YesNoUnknown::Yes),
            applied_force: Some(true),
            discharged_firearm: Some(false),
            injuries: vec![Injury::Minor],
        }
    }
}

pub use uof_data::*;
