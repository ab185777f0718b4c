use super::*;
use std::net::IpAddr;
use time::macros::{date, datetime};

fn ip(text: &str) -> IpAddr {
    text.parse().unwrap()
}

#[test]
fn the_retry_schedule_is_standard_webhooks_and_ends_after_eight_attempts() {
    let waits: Vec<u64> = (1..=7)
        .map(|n| retry_delay(n, 1.0).unwrap().as_secs())
        .collect();
    assert_eq!(waits, [5, 300, 1800, 7200, 18000, 36000, 36000]);
    assert_eq!(MAX_ATTEMPTS, 8);
    assert_eq!(retry_delay(8, 1.0), None);
    assert_eq!(retry_delay(0, 1.0), None);
    // Tests shrink the schedule; a nonsense scale is the real one.
    assert_eq!(retry_delay(2, 0.001), Some(Duration::from_millis(300)));
    assert_eq!(retry_delay(1, f64::NAN), Some(Duration::from_secs(5)));
    assert_eq!(retry_delay(1, -1.0), Some(Duration::from_secs(5)));
}

#[test]
fn an_attempt_delivers_on_2xx_only_and_fails_after_the_last() {
    let cases = [
        (Some(200), 1, AttemptOutcome::Delivered, "200 delivers"),
        (
            Some(204),
            8,
            AttemptOutcome::Delivered,
            "even the last attempt",
        ),
        (
            Some(500),
            1,
            AttemptOutcome::RetryIn(Duration::from_secs(5)),
            "a 500 is retried",
        ),
        (
            Some(301),
            2,
            AttemptOutcome::RetryIn(Duration::from_secs(300)),
            "a redirect is not followed: retried",
        ),
        (
            None,
            3,
            AttemptOutcome::RetryIn(Duration::from_secs(1800)),
            "no answer (a timeout) is retried",
        ),
        (
            Some(410),
            8,
            AttemptOutcome::Failed,
            "the eighth failure gives up",
        ),
        (
            None,
            8,
            AttemptOutcome::Failed,
            "likewise without an answer",
        ),
    ];
    for (status, attempt, expected, why) in cases {
        assert_eq!(outcome(status, attempt, 1.0), expected, "{why}");
    }
}

#[test]
fn only_publicly_routable_addresses_are_public() {
    let cases = [
        ("93.184.215.14", true, "a public IPv4 address"),
        ("2606:4700:4700::1111", true, "a public IPv6 address"),
        ("127.0.0.1", false, "loopback"),
        ("10.1.2.3", false, "private 10/8"),
        ("172.16.0.1", false, "private 172.16/12"),
        ("172.32.0.1", true, "just past 172.16/12"),
        ("192.168.1.1", false, "private 192.168/16"),
        ("169.254.169.254", false, "link-local: cloud metadata"),
        ("100.64.0.1", false, "carrier-grade NAT"),
        ("0.0.0.0", false, "unspecified"),
        ("0.1.2.3", false, "this network"),
        ("224.0.0.1", false, "multicast"),
        ("255.255.255.255", false, "broadcast"),
        ("240.0.0.1", false, "reserved"),
        ("192.0.2.1", false, "documentation"),
        ("198.18.0.1", false, "benchmarking"),
        ("::1", false, "IPv6 loopback"),
        ("::", false, "IPv6 unspecified"),
        ("fe80::1", false, "IPv6 link-local"),
        ("fd00::1", false, "IPv6 unique local"),
        ("ff02::1", false, "IPv6 multicast"),
        ("2001:db8::1", false, "IPv6 documentation"),
        ("2001:0:4136:e378::1", false, "Teredo"),
        ("::ffff:127.0.0.1", false, "loopback mapped into IPv6"),
        ("::ffff:10.0.0.1", false, "private mapped into IPv6"),
        ("::ffff:93.184.215.14", true, "public mapped into IPv6"),
        ("64:ff9b::a00:1", false, "NAT64 of a private address"),
        ("2002:a00:1::1", false, "6to4 of a private address"),
        ("2002:5db8:d70e::1", true, "6to4 of a public address"),
    ];
    for (address, public, why) in cases {
        assert_eq!(is_public(ip(address)), public, "{why}: {address}");
    }
}

#[test]
fn a_target_must_be_https_and_public_unless_the_instance_allows_private() {
    let name = Host::Name("hooks.example.gov");
    let cases = [
        ("https", name, false, Ok(()), "https to a name"),
        ("http", name, false, Err(UrlRefusal::NotHttps), "plain http"),
        (
            "ftp",
            name,
            true,
            Err(UrlRefusal::NotHttps),
            "not http at all",
        ),
        ("http", name, true, Ok(()), "http where allowed"),
        (
            "https",
            Host::Address(ip("10.0.0.5")),
            false,
            Err(UrlRefusal::PrivateAddress),
            "a private address",
        ),
        (
            "https",
            Host::Name("localhost"),
            false,
            Err(UrlRefusal::PrivateAddress),
            "localhost",
        ),
        (
            "https",
            Host::Name("printer.local."),
            false,
            Err(UrlRefusal::PrivateAddress),
            "an mDNS name",
        ),
        (
            "http",
            Host::Address(ip("127.0.0.1")),
            true,
            Ok(()),
            "loopback where allowed",
        ),
    ];
    for (scheme, host, allow, expected, why) in cases {
        assert_eq!(check_target(scheme, host, allow), expected, "{why}");
    }
}

#[test]
fn a_name_is_sent_to_only_when_every_address_it_resolves_to_is_public() {
    let public = ip("93.184.215.14");
    let private = ip("10.0.0.1");
    assert_eq!(resolved_allowed(&[public], false), Ok(()));
    assert_eq!(
        resolved_allowed(&[public, private], false),
        Err(UrlRefusal::PrivateAddress)
    );
    assert_eq!(resolved_allowed(&[private], true), Ok(()));
    assert_eq!(resolved_allowed(&[], true), Err(UrlRefusal::Unresolved));
}

#[test]
fn a_subscription_names_real_events_once_each() {
    use WebhookEventType as E;
    let ok = ValidSubscription::parse(
        &[E::ImportCommitted, E::VerdictChanged],
        Some("  Records system  "),
    )
    .unwrap();
    assert_eq!(ok.events, [E::VerdictChanged, E::ImportCommitted]);
    assert_eq!(ok.description.as_deref(), Some("Records system"));
    assert_eq!(
        ValidSubscription::parse(&[E::VerdictChanged], Some(" "))
            .unwrap()
            .description,
        None
    );

    let fields = |events: &[E], description: Option<&str>| -> Vec<String> {
        ValidSubscription::parse(events, description)
            .unwrap_err()
            .0
            .into_iter()
            .map(|e| e.field)
            .collect()
    };
    assert_eq!(fields(&[], None), ["events"]);
    assert_eq!(
        fields(&[E::VerdictChanged, E::VerdictChanged], None),
        ["events.1"]
    );
    assert_eq!(fields(&[E::Test], None), ["events.0"]);
    assert_eq!(
        fields(&[E::VerdictChanged], Some(&"x".repeat(201))),
        ["description"]
    );
    assert_eq!(
        fields(&[E::VerdictChanged], Some("hook \u{202E}exe")),
        ["description"]
    );
}

#[test]
fn a_payload_is_type_timestamp_and_data_with_ids_only() {
    let person = Uuid::now_v7();
    let event = Event::verdict_changed(
        person,
        Some(ComplianceStatus::Compliant),
        ComplianceStatus::NonCompliant,
        date!(2026 - 07 - 01),
    );
    let body: Value =
        serde_json::from_str(&event.payload(datetime!(2026-07-01 12:30:05.123 UTC))).unwrap();
    assert_eq!(body["type"], "verdict.changed");
    assert_eq!(body["timestamp"], "2026-07-01T12:30:05Z");
    assert_eq!(body["data"]["person_id"], person.to_string());
    assert_eq!(body["data"]["status"], "non_compliant");
    assert_eq!(body["data"]["previous_status"], "compliant");
    assert_eq!(body["data"]["as_of"], "2026-07-01");
}

#[test]
fn only_submitting_and_closing_an_incident_tell_receivers() {
    use confitrek_vocabulary::IncidentStatus as S;
    let id = Uuid::now_v7();
    assert_eq!(
        Event::incident(id, S::Submitted).unwrap().kind,
        WebhookEventType::IncidentSubmitted
    );
    assert_eq!(
        Event::incident(id, S::Closed).unwrap().kind,
        WebhookEventType::IncidentClosed
    );
    assert!(Event::incident(id, S::Draft).is_none());
}

#[test]
fn a_decided_record_is_verified_or_rejected_and_a_credential_window_is_told_once() {
    let (record, person) = (Uuid::now_v7(), Uuid::now_v7());
    assert_eq!(
        Event::record_decided(record, person, Verification::Rejected).kind,
        WebhookEventType::TrainingRecordRejected
    );
    assert_eq!(
        Event::record_decided(record, person, Verification::Verified).kind,
        WebhookEventType::TrainingRecordVerified
    );
    let window = |w: &str| {
        Event::credential_expiring(record, person, Uuid::nil(), date!(2026 - 09 - 01), 30, w).key
    };
    assert_eq!(window("a"), window("a"));
    assert_ne!(window("a"), window("b"));
}
