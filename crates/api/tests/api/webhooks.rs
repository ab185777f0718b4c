//! Webhooks end to end: the server's own workers deliver to receivers on loopback, which
//! check each message's Standard Webhooks signature with the secret the admin was shown.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use confitrek_types::{
    AcknowledgeInput, AcknowledgementDto, AgencyDto, Assignment, AuditEventDto,
    AwardCredentialInput, ComplianceReportDto, ComplianceStatus, ContactReason, CredentialDto,
    CredentialTypeDto, CredentialTypeInput, ForceType,
    ImportBatchDto, IncidentDto, IncidentInput, Injury, LocationType, Page,
    PolicyDto, PolicyInput, PolicyVersionDto, PolicyVersionInput, RejectRequest, RenewalDto, ReviewIncidentInput, SubjectInput, SubmitIncidentInput, TrainingRecordDto,
    TrainingRecordInput, UofAccessInput, UserDto, WebhookCreated, WebhookDeliveryDto,
    WebhookDeliveryState, WebhookDto, WebhookEventType, WebhookInput, WebhookSecretDto,
    YesNoUnknown,
};
use hmac::{Hmac, Mac};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::Sha256;
use time::Date;
use time::macros::date;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use uuid::Uuid;

use crate::both_databases;
use crate::helpers::*;

both_databases!(
    a_receiver_verifies_the_signature_and_a_500_is_retried_until_it_answers_200,
    a_hanging_receiver_slows_neither_the_write_nor_other_deliveries,
    a_test_event_is_delivered_and_replayed_with_its_id,
    a_rotated_secret_signs_beside_the_new_one_for_a_day,
    only_the_agencys_admins_manage_its_webhooks,
    bad_urls_are_refused_with_the_field_named_and_nothing_written,
    internal_addresses_are_not_sent_to_even_when_stored,
    events_are_written_only_for_what_an_enabled_webhook_hears,
    a_credential_entering_its_reminder_window_is_told_once,
    acknowledgements_incidents_and_imports_are_told,
    the_delivery_log_is_kept_thirty_days,
);

/// What a receiver does with a message.
#[derive(Clone, Copy)]
enum Answer {
    Status(u16),
    /// Never answers, holding the connection.
    Hang,
}

#[derive(Debug, Clone)]
struct Received {
    headers: HashMap<String, String>,
    body: String,
}

impl Received {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap()
    }

    fn header(&self, name: &str) -> &str {
        self.headers.get(name).map(String::as_str).unwrap_or("")
    }
}

/// A receiver on loopback: answers its `script` in turn, then `then`.
struct Receiver {
    url: String,
    got: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    async fn start(script: Vec<Answer>, then: Answer) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hooks", listener.local_addr().unwrap());
        let got: Arc<Mutex<Vec<Received>>> = Arc::default();
        let log = got.clone();
        tokio::spawn(async move {
            loop {
                let Ok((mut socket, _)) = listener.accept().await else {
                    return;
                };
                let log = log.clone();
                let script = script.clone();
                tokio::spawn(async move {
                    let Some(received) = read_request(&mut socket).await else {
                        return;
                    };
                    let answer = {
                        let mut log = log.lock().unwrap();
                        log.push(received);
                        script.get(log.len() - 1).copied().unwrap_or(then)
                    };
                    match answer {
                        Answer::Status(code) => {
                            let body = format!("{{\"answered\":{code}}}");
                            let response = format!(
                                "HTTP/1.1 {code} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                                body.len()
                            );
                            let _ = socket.write_all(response.as_bytes()).await;
                        }
                        Answer::Hang => {
                            tokio::time::sleep(Duration::from_secs(600)).await;
                        }
                    }
                });
            }
        });
        Receiver { url, got }
    }

    fn received(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }

    /// Waits until `n` messages came, or fails after `within`.
    async fn wait_for(&self, n: usize, within: Duration) -> Vec<Received> {
        let started = Instant::now();
        loop {
            let got = self.received();
            if got.len() >= n {
                return got;
            }
            assert!(
                started.elapsed() < within,
                "{} of {n} messages within {within:?}",
                got.len()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

async fn read_request(socket: &mut tokio::net::TcpStream) -> Option<Received> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).to_string();
    let headers: HashMap<String, String> = head
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    while buffer.len() < head_end + length {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    Some(Received {
        headers,
        body: String::from_utf8_lossy(&buffer[head_end..head_end + length]).to_string(),
    })
}

/// The receiver's side of Standard Webhooks: a signature of the header, made with the
/// secret's key over `id.timestamp.body`, and a timestamp within five minutes.
fn signed_with(message: &Received, secret: &str) -> bool {
    let key = STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap())
        .unwrap();
    let id = message.header("webhook-id");
    let timestamp: i64 = message.header("webhook-timestamp").parse().unwrap();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    assert!((now - timestamp).abs() < 300, "a fresh timestamp");
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(format!("{id}.{timestamp}.{}", message.body).as_bytes());
    let expected = format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()));
    message
        .header("webhook-signature")
        .split(' ')
        .any(|s| s == expected)
}

/// A server whose workers poll often and retry at a thousandth of the real schedule
/// (5 ms, 300 ms, 1.8 s ...), with deliveries running.
async fn app_with_workers(backend: Backend, timeout_seconds: u64) -> TestApp {
    let app = spawn_app_with(backend, |c| {
        c.webhook_retry_scale = 0.001;
        c.webhook_poll_milliseconds = 50;
        c.webhook_timeout_seconds = timeout_seconds;
    })
    .await;
    confitrek_api::jobs::spawn_webhook_deliveries(app.db.clone(), app.clock.clone(), &app.config)
        .unwrap();
    app
}

/// A webhook of `url` hearing `events`, as the tests subscribe it.
fn webhook_input(url: &str, events: &[WebhookEventType]) -> WebhookInput {
    WebhookInput {
        url: url.into(),
        events: events.to_vec(),
        description: None,
        enabled: true,
    }
}

/// Subscribes `url` to `events`; returns the webhook's id and its secret.
async fn subscribe(admin: &Api, url: &str, events: &[WebhookEventType]) -> (Uuid, String) {
    let body = WebhookInput {
        description: Some("Records system".into()),
        ..webhook_input(url, events)
    };
    let created: WebhookCreated = admin
        .post_as("/api/v1/webhooks", &body, StatusCode::CREATED)
        .await;
    (created.webhook.id, created.secret)
}

/// Turns the webhook on or off, keeping its URL and events.
async fn set_enabled(
    admin: &Api,
    webhook: Uuid,
    url: &str,
    events: &[WebhookEventType],
    enabled: bool,
) -> WebhookDto {
    let body = WebhookInput {
        enabled,
        ..webhook_input(url, events)
    };
    admin
        .put_as(
            &format!("/api/v1/webhooks/{webhook}"),
            &body,
            StatusCode::OK,
        )
        .await
}

/// Queues the webhook's test message.
async fn send_test(admin: &Api, webhook: Uuid) -> WebhookDeliveryDto {
    admin
        .send(Method::POST, &format!("/api/v1/webhooks/{webhook}/test"))
        .expect(StatusCode::ACCEPTED)
        .await
}

async fn today(api: &Api) -> Date {
    let agency: AgencyDto = api.get_as("/api/v1/agencies/current", StatusCode::OK).await;
    agency.today
}

fn hours(topic: &str, hours: f64) -> Option<BTreeMap<String, f64>> {
    Some(BTreeMap::from([(topic.to_owned(), hours)]))
}

/// The office records training for `person`; answers the record.
async fn record_training(api: &Api, person: Uuid, on: Date) -> TrainingRecordDto {
    let body = TrainingRecordInput {
        person_id: person,
        course_id: None,
        title: Some("In-service".into()),
        completed_on: on,
        hours: hours("use_of_force", 2.0),
        events: None,
    };
    api.post_as("/api/v1/training-records", &body, StatusCode::CREATED)
        .await
}

async fn deliveries(admin: &Api, webhook: Uuid) -> Vec<WebhookDeliveryDto> {
    let page: Page<WebhookDeliveryDto> = admin
        .get_as(
            &format!("/api/v1/webhooks/{webhook}/deliveries"),
            StatusCode::OK,
        )
        .await;
    page.items
}

/// Waits until the webhook's newest delivery is no longer pending.
async fn settled(admin: &Api, webhook: Uuid) -> WebhookDeliveryDto {
    let started = Instant::now();
    loop {
        let log = deliveries(admin, webhook).await;
        if let Some(newest) = log.first()
            && newest.state != WebhookDeliveryState::Pending
        {
            return newest.clone();
        }
        assert!(started.elapsed() < Duration::from_secs(15), "{log:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn a_receiver_verifies_the_signature_and_a_500_is_retried_until_it_answers_200(
    backend: Backend,
) {
    // The real schedule: the retry waits its 5 seconds on the server's clock.
    let app = spawn_app_with(backend, |c| {
        c.webhook_poll_milliseconds = 50;
        c.webhook_timeout_seconds = 10;
    })
    .await;
    confitrek_api::jobs::spawn_webhook_deliveries(app.db.clone(), app.clock.clone(), &app.config)
        .unwrap();
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    let coordinator = app.login(&agency.coordinator).await;
    let receiver = Receiver::start(vec![Answer::Status(500)], Answer::Status(200)).await;
    let (webhook, secret) = subscribe(
        &admin,
        &receiver.url,
        &[WebhookEventType::TrainingRecordCreated],
    )
    .await;

    let on = today(&coordinator).await;
    let record = record_training(&coordinator, agency.officer_person, on).await;

    receiver.wait_for(1, Duration::from_secs(10)).await;
    let started = Instant::now();
    while deliveries(&admin, webhook).await[0].attempt_count != 1 {
        assert!(started.elapsed() < Duration::from_secs(10));
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Well before 5 real seconds: the retry comes because the clock moved.
    app.clock.advance(time::Duration::seconds(6));
    let got = receiver.wait_for(2, Duration::from_secs(3)).await;
    for message in &got {
        assert!(signed_with(message, &secret), "the receiver checks it");
        assert_eq!(message.header("content-type"), "application/json");
    }
    // The retry is the same message: same id, same body.
    assert_eq!(got[0].header("webhook-id"), got[1].header("webhook-id"));
    assert_eq!(got[0].body, got[1].body);
    let body = got[1].json();
    assert_eq!(body["type"], "training_record.created");
    assert!(body["timestamp"].as_str().unwrap().ends_with('Z'));
    assert_eq!(body["data"]["training_record_id"], record.id.to_string());
    assert_eq!(body["data"]["person_id"], agency.officer_person.to_string());
    assert_eq!(body["data"]["verification"], "verified");
    assert!(
        !got[1].body.contains("Olive") && !got[1].body.contains("Officer"),
        "ids, not names"
    );

    let delivery = settled(&admin, webhook).await;
    assert_eq!(delivery.state, WebhookDeliveryState::Delivered);
    assert_eq!(delivery.id.to_string(), got[0].header("webhook-id"));
    assert_eq!(delivery.attempt_count, 2);
    let attempts = &delivery.attempts;
    assert_eq!(
        (attempts[0].status, attempts[1].status),
        (Some(200), Some(500)),
        "newest first"
    );
    assert_eq!(
        attempts[1].response_excerpt.as_deref(),
        Some("{\"answered\":500}")
    );
    assert_eq!(
        attempts[1].error.as_deref(),
        Some("the receiver answered 500")
    );
    assert_eq!(attempts[0].error, None);
    assert!(attempts[0].duration_ms < 5_000);
}

async fn a_hanging_receiver_slows_neither_the_write_nor_other_deliveries(backend: Backend) {
    let app = app_with_workers(backend, 5).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    let coordinator = app.login(&agency.coordinator).await;
    let hanging = Receiver::start(vec![], Answer::Hang).await;
    let healthy = Receiver::start(vec![], Answer::Status(204)).await;
    let events = [WebhookEventType::TrainingRecordCreated];
    let (stuck, _) = subscribe(&admin, &hanging.url, &events).await;
    subscribe(&admin, &healthy.url, &events).await;
    let on = today(&coordinator).await;

    // The first event: the hanging receiver takes it and holds the attempt.
    record_training(&coordinator, agency.officer_person, on).await;
    hanging.wait_for(1, Duration::from_secs(5)).await;
    healthy.wait_for(1, Duration::from_secs(5)).await;

    // While it hangs, a write answers at once and the healthy receiver hears of it.
    let started = Instant::now();
    record_training(&coordinator, agency.supervisor_person, on).await;
    let write = started.elapsed();
    healthy.wait_for(2, Duration::from_secs(3)).await;
    let heard = started.elapsed();
    assert!(
        write < Duration::from_millis(2_000),
        "the write took {write:?} beside a receiver that hangs"
    );
    assert!(
        heard < Duration::from_secs(4),
        "the other receiver heard after {heard:?}"
    );
    let log = deliveries(&admin, stuck).await;
    let first = log.last().unwrap();
    assert_eq!(first.attempt_count, 0, "its attempt is still hanging");

    // After the timeout the attempt is recorded as failed and the delivery waits its retry.
    let started = Instant::now();
    let timed_out = loop {
        let log = deliveries(&admin, stuck).await;
        let first = log.last().unwrap().clone();
        if first.attempt_count >= 1 {
            break first;
        }
        assert!(started.elapsed() < Duration::from_secs(10));
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let attempt = timed_out.attempts.last().unwrap();
    assert_eq!(attempt.status, None);
    assert_eq!(attempt.error.as_deref(), Some("no answer within 5 s"));
    assert!(attempt.duration_ms >= 4_900);
}

async fn a_test_event_is_delivered_and_replayed_with_its_id(backend: Backend) {
    let app = spawn_app_with(backend, |c| {
        c.webhook_poll_milliseconds = 50;
    })
    .await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    let receiver = Receiver::start(vec![], Answer::Status(200)).await;
    let events = [WebhookEventType::VerdictChanged];
    let (webhook, secret) = subscribe(&admin, &receiver.url, &events).await;
    let path = format!("/api/v1/webhooks/{webhook}");

    // A disabled webhook still takes the test: it is how an admin checks the receiver.
    let replaced = set_enabled(&admin, webhook, &receiver.url, &events, false).await;
    assert!(!replaced.enabled);
    let queued = send_test(&admin, webhook).await;
    assert_eq!(queued.state, WebhookDeliveryState::Pending);
    assert_eq!(queued.event_type, WebhookEventType::Test);
    let replay = format!("{path}/deliveries/{}/replay", queued.id);

    // Queued and not yet sent (no worker runs yet): a replay has nothing to do.
    admin
        .send(Method::POST, &replay)
        .problem(StatusCode::CONFLICT)
        .await;

    confitrek_api::jobs::spawn_webhook_deliveries(app.db.clone(), app.clock.clone(), &app.config)
        .unwrap();
    let got = receiver.wait_for(1, Duration::from_secs(10)).await;
    assert!(signed_with(&got[0], &secret));
    assert_eq!(got[0].json()["type"], "webhook.test");
    assert_eq!(got[0].json()["data"]["webhook_id"], webhook.to_string());
    assert_eq!(
        settled(&admin, webhook).await.state,
        WebhookDeliveryState::Delivered
    );

    let replayed: WebhookDeliveryDto = admin
        .send(Method::POST, &replay)
        .expect(StatusCode::ACCEPTED)
        .await;
    assert_eq!(replayed.state, WebhookDeliveryState::Pending);
    let got = receiver.wait_for(2, Duration::from_secs(10)).await;
    assert_eq!(got[1].header("webhook-id"), got[0].header("webhook-id"));
    assert_eq!(got[1].body, got[0].body);
    assert!(signed_with(&got[1], &secret));
    let delivery = settled(&admin, webhook).await;
    assert_eq!(delivery.attempt_count, 2);
    assert_eq!(delivery.attempts.len(), 2);

    // Each change is in the audit log.
    let audit: Page<AuditEventDto> = admin
        .get_as("/api/v1/audit-events?limit=50", StatusCode::OK)
        .await;
    let actions: Vec<&str> = audit.items.iter().map(|e| e.action.as_str()).collect();
    for action in [
        "webhook.create",
        "webhook.update",
        "webhook.test",
        "webhook.replay",
    ] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }

    // Gone with its log.
    admin.delete_expect(&path, StatusCode::NO_CONTENT).await;
    admin.get_problem(&path, StatusCode::NOT_FOUND).await;
    assert_eq!(app.count("webhook_deliveries").await, 0);
    assert_eq!(app.count("webhook_attempts").await, 0);
}

async fn a_rotated_secret_signs_beside_the_new_one_for_a_day(backend: Backend) {
    let app = app_with_workers(backend, 10).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    let receiver = Receiver::start(vec![], Answer::Status(200)).await;
    let (webhook, old) =
        subscribe(&admin, &receiver.url, &[WebhookEventType::VerdictChanged]).await;
    let path = format!("/api/v1/webhooks/{webhook}");

    send_test(&admin, webhook).await;
    let got = receiver.wait_for(1, Duration::from_secs(10)).await;
    assert_eq!(got[0].header("webhook-signature").split(' ').count(), 1);

    let rotated: WebhookSecretDto = admin
        .send(Method::POST, &format!("{path}/secret"))
        .expect(StatusCode::OK)
        .await;
    let new = rotated.secret.clone();
    assert!(new.starts_with("whsec_") && new != old);
    let until = rotated.previous_secret_expires_at;
    let hours = (until - time::OffsetDateTime::now_utc()).whole_minutes() as f64 / 60.0;
    assert!((23.9..=24.0).contains(&hours), "{hours}");
    let shown = admin
        .send(Method::GET, &path)
        .expect_status(StatusCode::OK)
        .await;
    let webhook_shown: WebhookDto = shown.json();
    assert_eq!(
        webhook_shown.previous_secret_expires_at,
        Some(rotated.previous_secret_expires_at)
    );
    // Checked on the wire: the answer has no `secret` member at all.
    assert!(
        shown.json::<Value>().get("secret").is_none(),
        "the secret is never shown again"
    );

    send_test(&admin, webhook).await;
    let got = receiver.wait_for(2, Duration::from_secs(10)).await;
    let message = &got[1];
    assert_eq!(message.header("webhook-signature").split(' ').count(), 2);
    assert!(signed_with(message, &new), "a receiver that switched");
    assert!(
        signed_with(message, &old),
        "a receiver that has not switched yet"
    );

    // Nothing of the secrets is kept in the clear.
    let row = confitrek_api::db::webhooks::get(
        &app.db,
        confitrek_api::db::AgencyScope::new(agency.id),
        webhook,
    )
    .await
    .unwrap()
    .unwrap();
    let stored = format!("{} {:?}", row.secret, row.previous_secret);
    for secret in [&old, &new] {
        let key = secret.strip_prefix("whsec_").unwrap();
        assert!(!stored.contains(key));
    }
}

async fn only_the_agencys_admins_manage_its_webhooks(backend: Backend) {
    let app = spawn_app(backend).await;
    let alpha = app.seed_agency("Alpha").await;
    let bravo = app.seed_agency("Bravo").await;
    let admin = app.login(&alpha.admin).await;
    let events = [WebhookEventType::VerdictChanged];
    let (webhook, _) = subscribe(&admin, "http://127.0.0.1:9/hooks", &events).await;
    let body = webhook_input("http://127.0.0.1:9/other", &events);

    for email in [&alpha.coordinator, &alpha.supervisor, &alpha.officer] {
        let api = app.login(email).await;
        api.get_problem("/api/v1/webhooks", StatusCode::FORBIDDEN)
            .await;
        // The role is refused before the input is judged.
        api.post_problem(
            "/api/v1/webhooks",
            &webhook_input("nonsense", &events),
            StatusCode::FORBIDDEN,
        )
        .await;
        api.send(Method::POST, &format!("/api/v1/webhooks/{webhook}/test"))
            .problem(StatusCode::FORBIDDEN)
            .await;
    }
    problem(
        app.client
            .get(app.url("/api/v1/webhooks"))
            .send()
            .await
            .unwrap(),
        StatusCode::UNAUTHORIZED,
    )
    .await;

    // Another agency's admin finds nothing of it.
    let other = app.login(&bravo.admin).await;
    let path = format!("/api/v1/webhooks/{webhook}");
    let page: Page<WebhookDto> = other.get_as("/api/v1/webhooks", StatusCode::OK).await;
    assert_eq!(page.items, Vec::<WebhookDto>::new());
    other.get_problem(&path, StatusCode::NOT_FOUND).await;
    other.put_problem(&path, &body, StatusCode::NOT_FOUND).await;
    other.delete_problem(&path, StatusCode::NOT_FOUND).await;
    for action in ["test", "secret"] {
        other
            .send(Method::POST, &format!("{path}/{action}"))
            .problem(StatusCode::NOT_FOUND)
            .await;
    }
    other
        .get_problem(&format!("{path}/deliveries"), StatusCode::NOT_FOUND)
        .await;
    assert_eq!(app.count("webhook_deliveries").await, 0);
    let mine: WebhookDto = admin.get_as(&path, StatusCode::OK).await;
    assert_eq!(mine.url, "http://127.0.0.1:9/hooks");
}

async fn bad_urls_are_refused_with_the_field_named_and_nothing_written(backend: Backend) {
    let app = spawn_app_with(backend, |c| c.webhook_allow_private = false).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    let verdicts = [WebhookEventType::VerdictChanged];
    let long = format!("https://hooks.example.gov/{}", "a".repeat(2048));
    let cases: Vec<(&str, &str)> = vec![
        ("http://hooks.example.gov/in", "must start with https://"),
        ("ftp://hooks.example.gov/in", "must start with https://"),
        ("not a url", "is not an absolute URL"),
        (&long, "must be at most 2048 characters"),
        (
            "https://user:pw@hooks.example.gov/",
            "must not carry a user name or password (authenticate the messages by their signature)",
        ),
        (
            "https://127.0.0.1/hooks",
            "must not point to a private, local or reserved address",
        ),
        (
            "https://10.1.2.3/hooks",
            "must not point to a private, local or reserved address",
        ),
        (
            "https://169.254.169.254/latest/meta-data",
            "must not point to a private, local or reserved address",
        ),
        (
            "https://[::1]/hooks",
            "must not point to a private, local or reserved address",
        ),
        (
            "https://[::ffff:192.168.0.1]/",
            "must not point to a private, local or reserved address",
        ),
        (
            "https://0x7f.1/hooks",
            "must not point to a private, local or reserved address",
        ),
        (
            "https://localhost/hooks",
            "must not point to a private, local or reserved address",
        ),
        (
            "https://no-such-host.invalid/hooks",
            "does not resolve to an address",
        ),
    ];
    for (url, message) in cases {
        let refused = admin
            .post_problem(
                "/api/v1/webhooks",
                &webhook_input(url, &verdicts),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        assert_eq!(problem_fields(&refused), ["url"], "{url}");
        assert_eq!(refused.errors[0].message, message, "{url}");
    }

    // The name is judged by what it resolves to, not only by how it reads: this machine's
    // own name resolves to an address of its own.
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
    let host = host.trim();
    let internal = !host.is_empty()
        && tokio::net::lookup_host((host, 443))
            .await
            .map(|found| {
                let found: Vec<_> = found.map(|a| a.ip()).collect();
                !found.is_empty()
                    && found
                        .iter()
                        .all(|ip| !confitrek_domain::webhooks::is_public(*ip))
            })
            .unwrap_or(false);
    if internal {
        let refused = admin
            .post_problem(
                "/api/v1/webhooks",
                &webhook_input(&format!("https://{host}/hooks"), &verdicts),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        assert_eq!(
            refused.errors[0].message,
            "must not point to a private, local or reserved address"
        );
    }

    let other: Vec<(WebhookInput, Vec<&str>)> = vec![
        (webhook_input("https://[::1]/", &[]), vec!["url", "events"]),
        (
            webhook_input("https://1.1.1.1/", &[WebhookEventType::Test]),
            vec!["events.0"],
        ),
        (
            webhook_input(
                "https://1.1.1.1/",
                &[
                    WebhookEventType::VerdictChanged,
                    WebhookEventType::VerdictChanged,
                ],
            ),
            vec!["events.1"],
        ),
        (
            WebhookInput {
                description: Some("d".repeat(201)),
                ..webhook_input("https://1.1.1.1/", &verdicts)
            },
            vec!["description"],
        ),
    ];
    for (body, expected) in other {
        let refused = admin
            .post_problem("/api/v1/webhooks", &body, StatusCode::UNPROCESSABLE_ENTITY)
            .await;
        assert_eq!(problem_fields(&refused), expected, "{body:?}");
    }
    // An event the server does not know: no typed body can say it, so it is sent raw.
    let unknown = json!({ "url": "https://1.1.1.1/", "events": ["no.such.event"] });
    let refused = admin
        .post_problem(
            "/api/v1/webhooks",
            &unknown,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&refused), ["events[0]"], "{unknown}");
    assert_eq!(app.count("webhook_endpoints").await, 0);

    // A public address is fine; changing it to an internal one is refused and changes nothing.
    let (webhook, _) = subscribe(&admin, "https://1.1.1.1/hooks", &verdicts).await;
    let path = format!("/api/v1/webhooks/{webhook}");
    let refused = admin
        .put_problem(
            &path,
            &webhook_input("https://192.168.1.10/hooks", &verdicts),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    assert_eq!(problem_fields(&refused), ["url"]);
    let kept: WebhookDto = admin.get_as(&path, StatusCode::OK).await;
    assert_eq!(kept.url, "https://1.1.1.1/hooks");
}

/// A row written before the instance stopped allowing internal addresses (or by hand) is
/// still never sent to one: the worker checks the address and the resolved name at send time.
async fn internal_addresses_are_not_sent_to_even_when_stored(backend: Backend) {
    let app = spawn_app_with(backend, |c| {
        c.webhook_allow_private = false;
        c.webhook_poll_milliseconds = 50;
    })
    .await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    let receiver = Receiver::start(vec![], Answer::Status(200)).await;
    let port = receiver
        .url
        .rsplit_once(':')
        .unwrap()
        .1
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let files = confitrek_api::files::FileStore::new(
        app.config.data_dir.join("files"),
        &app.config.file_key,
    )
    .unwrap();
    let scope = confitrek_api::db::AgencyScope::new(agency.id);
    let mut webhooks = Vec::new();
    for url in [
        format!("https://127.0.0.1:{port}/hooks"),
        format!("https://localhost:{port}/hooks"),
    ] {
        let row = confitrek_api::db::webhooks::insert(
            &app.db,
            scope,
            confitrek_api::db::webhooks::Subscription {
                url,
                description: None,
                events: vec![WebhookEventType::VerdictChanged],
                enabled: true,
            },
            files.seal(&[7u8; 32]).unwrap(),
            time::OffsetDateTime::now_utc(),
        )
        .await
        .unwrap();
        webhooks.push(row.id);
        send_test(&admin, row.id).await;
    }
    confitrek_api::jobs::spawn_webhook_deliveries(app.db.clone(), app.clock.clone(), &app.config)
        .unwrap();
    let started = Instant::now();
    for webhook in webhooks {
        loop {
            let log = deliveries(&admin, webhook).await;
            if let Some(attempt) = log[0].attempts.first() {
                let error = attempt.error.as_deref().unwrap();
                assert!(
                    error.contains("must not point to a private, local or reserved address"),
                    "{error}"
                );
                assert_eq!(attempt.status, None);
                break;
            }
            assert!(started.elapsed() < Duration::from_secs(10));
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    assert!(
        receiver.received().is_empty(),
        "nothing reached the receiver"
    );
}

/// The person's verdict, as the office reads it.
async fn verdict_of(api: &Api, person: Uuid) -> ComplianceReportDto {
    api.get_as(
        &format!("/api/v1/people/{person}/compliance"),
        StatusCode::OK,
    )
    .await
}

async fn events_are_written_only_for_what_an_enabled_webhook_hears(backend: Backend) {
    let app = spawn_app_with(backend, |c| c.webhook_poll_milliseconds = 50).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    let coordinator = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;
    let on = today(&coordinator).await;

    // Nobody listens: the write writes no event.
    record_training(&coordinator, agency.officer_person, on).await;
    assert_eq!(app.count("webhook_events").await, 0);

    // Disabled: still nothing.
    let receiver = Receiver::start(vec![], Answer::Status(200)).await;
    let events = [
        WebhookEventType::VerdictChanged,
        WebhookEventType::TrainingRecordVerified,
        WebhookEventType::TrainingRecordRejected,
    ];
    let (webhook, secret) = subscribe(&admin, &receiver.url, &events).await;
    set_enabled(&admin, webhook, &receiver.url, &events, false).await;
    record_training(&coordinator, agency.officer_person, on).await;
    assert_eq!(app.count("webhook_events").await, 0);

    // Enabled: an officer's own report (pending, so no verdict change), then its verification
    // (a verdict change: the hours now count) and a rejection of another.
    set_enabled(&admin, webhook, &receiver.url, &events, true).await;
    confitrek_api::jobs::spawn_webhook_deliveries(app.db.clone(), app.clock.clone(), &app.config)
        .unwrap();
    let reports: Vec<TrainingRecordDto> = futures_util::future::join_all((0..2).map(|_| {
        let officer = officer.clone();
        let body = TrainingRecordInput {
            person_id: agency.officer_person,
            course_id: None,
            title: Some("Online".into()),
            completed_on: on,
            hours: hours("crisis_intervention", 16.0),
            events: None,
        };
        async move {
            officer
                .post_as("/api/v1/training-records", &body, StatusCode::CREATED)
                .await
        }
    }))
    .await;
    let verdict_before = verdict_of(&coordinator, agency.officer_person).await;
    let path =
        |r: &TrainingRecordDto, what: &str| format!("/api/v1/training-records/{}/{what}", r.id);
    let _: TrainingRecordDto = coordinator
        .send(Method::POST, &path(&reports[0], "verify"))
        .expect(StatusCode::OK)
        .await;
    let reason = RejectRequest {
        reason: "No certificate attached".into(),
    };
    let _: TrainingRecordDto = coordinator
        .post_as(&path(&reports[1], "reject"), &reason, StatusCode::OK)
        .await;
    let verdict_after = verdict_of(&coordinator, agency.officer_person).await;

    let changed = verdict_before.status != verdict_after.status;
    let expected = 2 + usize::from(changed);
    receiver.wait_for(expected, Duration::from_secs(10)).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let got: Vec<Received> = receiver.received();
    assert_eq!(got.len(), expected, "{got:?}");
    let kinds: Vec<String> = got
        .iter()
        .map(|m| {
            assert!(signed_with(m, &secret));
            m.json()["type"].as_str().unwrap().to_owned()
        })
        .collect();
    assert!(kinds.contains(&"training_record.verified".to_owned()));
    assert!(kinds.contains(&"training_record.rejected".to_owned()));
    let rejected = got
        .iter()
        .find(|m| m.json()["type"] == "training_record.rejected")
        .unwrap()
        .json();
    assert_eq!(
        rejected["data"]["training_record_id"],
        reports[1].id.to_string()
    );
    assert_eq!(rejected["data"]["verification"], "rejected");
    if changed {
        let verdict = got
            .iter()
            .find(|m| m.json()["type"] == "verdict.changed")
            .unwrap()
            .json();
        let status =
            |value: &Value| -> ComplianceStatus { serde_json::from_value(value.clone()).unwrap() };
        assert_eq!(
            verdict["data"]["person_id"],
            agency.officer_person.to_string()
        );
        assert_eq!(status(&verdict["data"]["status"]), verdict_after.status);
        assert_eq!(
            status(&verdict["data"]["previous_status"]),
            verdict_before.status
        );
    }
}

async fn a_credential_entering_its_reminder_window_is_told_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    let (webhook, _) = subscribe(
        &admin,
        "http://127.0.0.1:9/hooks",
        &[WebhookEventType::CredentialExpiring],
    )
    .await;
    let kind = CredentialTypeInput {
        code: "taser_instructor".into(),
        name: "TASER instructor".into(),
        validity_months: Some(24),
        renewed_by: RenewalDto::default(),
    };
    let kind: CredentialTypeDto = admin
        .post_as("/api/v1/credential-types", &kind, StatusCode::CREATED)
        .await;
    let today = today(&admin).await;
    let expires = today + time::Duration::days(20);
    // Neither the officer (who has a login) nor a person without one is left out.
    let spare = app
        .seed_person(agency.id, "Nia", "Nolog", "ALPHA-N1", Some("Patrol"))
        .await;
    for person in [agency.officer_person, spare] {
        let award = AwardCredentialInput {
            person_id: person,
            credential_type_id: kind.id,
            issued_on: today - time::Duration::days(700),
            expires_on: Some(expires),
            note: None,
        };
        let _: CredentialDto = admin
            .post_as("/api/v1/credentials", &award, StatusCode::CREATED)
            .await;
    }
    for _ in 0..3 {
        confitrek_api::notifications::enqueue::enqueue_all(&app.db, &app.clock, false)
            .await
            .unwrap();
    }
    assert_eq!(app.count("webhook_events").await, 2, "once per credential");
    confitrek_api::webhooks::worker::Worker::new(
        app.db.clone(),
        std::sync::Arc::new(
            confitrek_api::files::FileStore::new(
                app.config.data_dir.join("files"),
                &app.config.file_key,
            )
            .unwrap(),
        ),
        confitrek_api::webhooks::worker::Settings::of(&app.config),
        app.clock.clone(),
    )
    .unwrap()
    .pass()
    .await
    .unwrap();
    let log = deliveries(&admin, webhook).await;
    assert_eq!(log.len(), 2);
    assert!(
        log.iter()
            .all(|d| d.event_type == WebhookEventType::CredentialExpiring)
    );
}

async fn the_delivery_log_is_kept_thirty_days(backend: Backend) {
    let app = spawn_app_with(backend, |c| c.webhook_poll_milliseconds = 50).await;
    let agency = app.seed_agency("Alpha").await;
    let admin = app.login(&agency.admin).await;
    let receiver = Receiver::start(vec![], Answer::Status(200)).await;
    let (webhook, _) = subscribe(&admin, &receiver.url, &[WebhookEventType::VerdictChanged]).await;
    send_test(&admin, webhook).await;
    confitrek_api::jobs::spawn_webhook_deliveries(app.db.clone(), app.clock.clone(), &app.config)
        .unwrap();
    settled(&admin, webhook).await;

    let keys = confitrek_api::auth::tokens::TokenKeys::new(&app.config.token_secret, 15, 30);
    let state = confitrek_api::app::AppState::new(
        app.config.clone(),
        app.db.clone(),
        keys,
        app.clock.clone(),
    )
    .unwrap();
    let now = time::OffsetDateTime::now_utc();
    confitrek_api::retention::run(&state, now + time::Duration::days(29))
        .await
        .unwrap();
    assert_eq!(app.count("webhook_deliveries").await, 1);
    confitrek_api::retention::run(&state, now + time::Duration::days(31))
        .await
        .unwrap();
    for table in ["webhook_attempts", "webhook_deliveries", "webhook_events"] {
        assert_eq!(app.count(table).await, 0, "{table}");
    }
    assert_eq!(app.count("webhook_endpoints").await, 1, "the webhook stays");
}

/// The incident the officer reports: one subject knocked unconscious, the officer slightly
/// hurt.
fn incident(officer: Uuid) -> IncidentInput {
    let subject = SubjectInput {
        force: vec![ForceType::HandsFistsFeet],
        ..uof_subject(Injury::Unconsciousness)
    };
    let involved = uof_officer(officer);
    IncidentInput {
        case_number: Some("26-004512".into()),
        incident_date: Some(date!(2026 - 03 - 14)),
        incident_time: Some("23:40".into()),
        address: Some("1400 block of Main St".into()),
        location_type: Some(LocationType::HighwayRoadStreet),
        contact_reason: Some(ContactReason::UnlawfulSuspiciousActivity),
        offense: Some("Aggravated assault".into()),
        officers_approached: Some(YesNoUnknown::Yes),
        ambush: Some(YesNoUnknown::No),
        supervisor_present: Some(YesNoUnknown::No),
        other_agency_officers: Some(1),
        subjects: vec![subject],
        officers: vec![involved],
        narrative: Some(
            "Officers responded to a disturbance; the subject struck an officer and was taken down."
                .into(),
        ),
        ..IncidentInput::default()
    }
}

async fn acknowledgements_incidents_and_imports_are_told(backend: Backend) {
    let app = app_with_workers(backend, 10).await;
    let agency = app.seed_agency("Alpha").await;
    let scope = confitrek_api::db::AgencyScope::new(agency.id);
    let existing = confitrek_api::db::agencies::get(&app.db, scope)
        .await
        .unwrap()
        .unwrap();
    let modules = confitrek_api::db::agencies::NewAgency {
        name: existing.name.clone(),
        state_code: existing.state_code.clone(),
        subscription_status: existing.subscription_status,
        modules: vec!["uof".into()],
        time_zone: existing.time_zone.clone(),
    };
    confitrek_api::db::agencies::update(&app.db, existing, modules, app.clock.now())
        .await
        .unwrap();
    let admin = app.login(&agency.admin).await;
    let coordinator = app.login(&agency.coordinator).await;
    let officer = app.login(&agency.officer).await;
    let supervisor = app.login(&agency.supervisor).await;
    let receiver = Receiver::start(vec![], Answer::Status(200)).await;
    let events = [
        WebhookEventType::PolicyAcknowledged,
        WebhookEventType::IncidentSubmitted,
        WebhookEventType::IncidentClosed,
        WebhookEventType::ImportCommitted,
    ];
    let (_, secret) = subscribe(&admin, &receiver.url, &events).await;

    // A policy version the officer acknowledges.
    let policy = PolicyInput {
        code: "vehicle_pursuit".into(),
        title: "Vehicle pursuit policy".into(),
        due_days: 14,
        assignment: Assignment::Officers,
    };
    let policy: PolicyDto = coordinator
        .post_as("/api/v1/policies", &policy, StatusCode::CREATED)
        .await;
    let content = PolicyVersionInput {
        content: "4.2 Vehicle pursuits: only for a violent felony.".into(),
        document_id: None,
    };
    let version: PolicyVersionDto = coordinator
        .post_as(
            &format!("/api/v1/policies/{}/versions", policy.id),
            &content,
            StatusCode::CREATED,
        )
        .await;
    let attest = AcknowledgeInput {
        policy_version_id: version.id,
        attest: true,
        person_id: None,
    };
    let acknowledgement: AcknowledgementDto = officer
        .post_as("/api/v1/acknowledgements", &attest, StatusCode::CREATED)
        .await;

    // An incident submitted, reviewed (which tells nothing) and closed.
    let created: IncidentDto = officer
        .post_as(
            "/api/v1/uof/incidents",
            &incident(agency.officer_person),
            StatusCode::CREATED,
        )
        .await;
    let incident = created.id;
    let path = format!("/api/v1/uof/incidents/{incident}");
    let _: IncidentDto = officer
        .post_as(
            &format!("{path}/submit"),
            &SubmitIncidentInput { attest: true },
            StatusCode::OK,
        )
        .await;
    let users: Page<UserDto> = admin
        .get_as("/api/v1/users?limit=100", StatusCode::OK)
        .await;
    let reviewer = users
        .items
        .iter()
        .find(|u| u.email == agency.supervisor)
        .unwrap()
        .id;
    let _: UserDto = admin
        .put_as(
            &format!("/api/v1/users/{reviewer}/uof-access"),
            &UofAccessInput { reviewer: true },
            StatusCode::OK,
        )
        .await;
    let _: IncidentDto = supervisor
        .post_as(
            &format!("{path}/review"),
            &ReviewIncidentInput::default(),
            StatusCode::OK,
        )
        .await;
    let _: IncidentDto = supervisor
        .send(Method::POST, &format!("{path}/close"))
        .expect(StatusCode::OK)
        .await;

    // A roster import, committed: one event for the batch.
    let roster = "Last Name,First Name,Badge #\r\nLindqvist,Dana,B-100\r\nOkafor,Chidi,B-101\r\n";
    let batch: ImportBatchDto = coordinator
        .send(
            Method::POST,
            "/api/v1/imports?kind=people&file_name=roster.csv",
        )
        .bytes("text/csv", roster.into())
        .expect(StatusCode::CREATED)
        .await;
    let batch = batch.id;
    coordinator
        .send(Method::POST, &format!("/api/v1/imports/{batch}/commit"))
        .expect_status(StatusCode::ACCEPTED)
        .await;

    let got = receiver.wait_for(4, Duration::from_secs(15)).await;
    let bodies: Vec<Value> = got
        .iter()
        .map(|m| {
            assert!(signed_with(m, &secret));
            m.json()
        })
        .collect();
    let of = |kind: &str| {
        bodies
            .iter()
            .find(|b| b["type"] == kind)
            .unwrap_or_else(|| panic!("{kind} in {bodies:?}"))
            .clone()
    };
    let told = of("policy.acknowledged");
    assert_eq!(
        told["data"]["acknowledgement_id"],
        acknowledgement.id.to_string()
    );
    assert_eq!(told["data"]["person_id"], agency.officer_person.to_string());
    assert_eq!(told["data"]["policy_id"], policy.id.to_string());
    assert_eq!(told["data"]["policy_version_id"], version.id.to_string());
    assert_eq!(
        of("incident.submitted")["data"]["incident_id"],
        incident.to_string()
    );
    assert_eq!(of("incident.submitted")["data"]["status"], "submitted");
    assert_eq!(of("incident.closed")["data"]["status"], "closed");
    for body in &bodies {
        let text = body.to_string();
        assert!(
            !text.contains("Main St") && !text.contains("Aggravated"),
            "nothing of the incident's content: {text}"
        );
    }
    let imported = of("import.committed");
    assert_eq!(imported["data"]["import_id"], batch.to_string());
    assert_eq!(imported["data"]["kind"], "people");
    assert_eq!(imported["data"]["created"], 2);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(receiver.received().len(), 4, "the review tells nothing");
}
