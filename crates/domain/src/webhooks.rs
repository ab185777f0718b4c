//! Webhooks: what a subscription may name, where it may point, what each event tells, when a
//! failed delivery is tried again, and how long the delivery log is kept.
//!
//! The scheme is Standard Webhooks (<https://www.standardwebhooks.com/>): a message is
//! `{type, timestamp, data}`, signed by the sender; a receiver that does not answer 2xx is
//! tried again on the spec's schedule.

use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::Duration;

use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use uuid::Uuid;

use crate::free_text::parse_free_text;
use crate::validation::ValidationErrors;
pub use confitrek_vocabulary::{ComplianceStatus, Verification, WebhookEventType};

/// The longest URL an endpoint may have.
pub const MAX_URL_LENGTH: usize = 2048;
/// The longest description.
pub const MAX_DESCRIPTION: usize = 200;
/// Endpoints one agency may have: enough for every system it runs, few enough that an event
/// fans out cheaply.
pub const MAX_ENDPOINTS: usize = 20;
/// How long a delivery and its attempts are kept after its last attempt: technical data,
/// for finding why a receiver missed something.
pub const LOG_DAYS: i64 = 30;
/// How long a rotated-out secret keeps signing beside the new one.
pub const PREVIOUS_SECRET_HOURS: i64 = 24;

/// Waits after each failed attempt, per Standard Webhooks: 5 s, 5 min, 30 min, 2 h, 5 h,
/// 10 h, 10 h. With the first attempt that makes eight, over about 28 hours.
pub const RETRY_SCHEDULE_SECONDS: [u64; 7] = [5, 300, 1_800, 7_200, 18_000, 36_000, 36_000];

/// Attempts before a delivery is given up as failed.
pub const MAX_ATTEMPTS: u32 = RETRY_SCHEDULE_SECONDS.len() as u32 + 1;

/// What an attempt's answer means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AttemptOutcome {
    /// The receiver took it (2xx).
    Delivered,
    /// Try again after this long.
    RetryIn(Duration),
    /// The last attempt of the schedule failed.
    Failed,
}

/// Only a 2xx answer delivers. A redirect is not followed (it could point anywhere, the
/// internal network included), so it counts as a failure like any other status.
pub fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

/// The outcome of attempt number `attempt` (1 for the first) that answered `status` (`None`:
/// no answer: refused, timed out, reset). `scale` multiplies the schedule's waits (1.0 in
/// production; tests shrink it).
pub fn outcome(status: Option<u16>, attempt: u32, scale: f64) -> AttemptOutcome {
    if status.is_some_and(is_success) {
        return AttemptOutcome::Delivered;
    }
    match retry_delay(attempt, scale) {
        Some(wait) => AttemptOutcome::RetryIn(wait),
        None => AttemptOutcome::Failed,
    }
}

/// The wait after failed attempt number `attempt` (1-based), or `None` after the last.
pub fn retry_delay(attempt: u32, scale: f64) -> Option<Duration> {
    let index = usize::try_from(attempt.checked_sub(1)?).ok()?;
    let seconds = *RETRY_SCHEDULE_SECONDS.get(index)?;
    let scale = if scale.is_finite() && scale > 0.0 {
        scale
    } else {
        1.0
    };
    Some(Duration::from_secs_f64(seconds as f64 * scale))
}

/// Whether a server may be sent messages at `ip` when the instance does not allow private
/// addresses: a publicly routable unicast address. Loopback, private, link-local (cloud
/// metadata at 169.254.169.254), carrier-grade NAT, multicast, documentation and reserved
/// ranges are refused, and so are IPv6 forms that carry such an IPv4 address.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    let refused = ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_multicast()
        || a == 0 // "this network"
        || (a == 100 && (64..128).contains(&b)) // shared address space (carrier-grade NAT)
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (18..20).contains(&b)) // benchmarking
        || a >= 240; // reserved
    !refused
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let s = ip.segments();
    // NAT64 (64:ff9b::/96) reaches the IPv4 address in its last 32 bits.
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return is_public_v4(embedded_v4(s[6], s[7]));
    }
    // Only global unicast (2000::/3) is routable on the internet.
    if s[0] & 0xe000 != 0x2000 {
        return false;
    }
    match s[0] {
        // IETF protocol assignments (Teredo among them) and documentation.
        0x2001 if s[1] < 0x0200 || s[1] == 0x0db8 => false,
        // 6to4 carries an IPv4 address in bits 16 to 48.
        0x2002 => is_public_v4(embedded_v4(s[1], s[2])),
        _ => true,
    }
}

fn embedded_v4(high: u16, low: u16) -> Ipv4Addr {
    let [a, b] = high.to_be_bytes();
    let [c, d] = low.to_be_bytes();
    Ipv4Addr::new(a, b, c, d)
}

/// The host of a webhook URL, as parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host<'a> {
    Address(IpAddr),
    Name(&'a str),
}

/// Why a URL is refused. The messages complete "url ...".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrlRefusal {
    #[error("must be at most {MAX_URL_LENGTH} characters")]
    TooLong,
    #[error("is not an absolute URL")]
    NotAUrl,
    #[error("must start with https://")]
    NotHttps,
    #[error(
        "must not carry a user name or password (authenticate the messages by their signature)"
    )]
    Credentials,
    #[error("must name a host")]
    NoHost,
    #[error("must not point to a private, local or reserved address")]
    PrivateAddress,
    #[error("does not resolve to an address")]
    Unresolved,
}

/// Whether a URL of `scheme` with `host` may be subscribed. `allow_private`: the instance
/// allows plain `http` and private addresses (tests, a closed network), never the default.
/// A name is checked again once resolved: see [`resolved_allowed`].
pub fn check_target(scheme: &str, host: Host<'_>, allow_private: bool) -> Result<(), UrlRefusal> {
    if !(scheme == "https" || (allow_private && scheme == "http")) {
        return Err(UrlRefusal::NotHttps);
    }
    match host {
        Host::Address(ip) if !allow_private && !is_public(ip) => Err(UrlRefusal::PrivateAddress),
        Host::Name("") => Err(UrlRefusal::NoHost),
        Host::Name(name) if !allow_private && is_local_name(name) => {
            Err(UrlRefusal::PrivateAddress)
        }
        _ => Ok(()),
    }
}

/// Names that are local whatever a resolver says.
fn is_local_name(name: &str) -> bool {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost") || name.ends_with(".local")
}

/// Whether a name that resolved to `addresses` may be sent to: every address must be
/// allowed, so that a name cannot point at once to a public and an internal server.
pub fn resolved_allowed(addresses: &[IpAddr], allow_private: bool) -> Result<(), UrlRefusal> {
    if addresses.is_empty() {
        return Err(UrlRefusal::Unresolved);
    }
    if allow_private || addresses.iter().all(|ip| is_public(*ip)) {
        Ok(())
    } else {
        Err(UrlRefusal::PrivateAddress)
    }
}

/// A subscription's events and description, checked. The URL is checked by
/// [`check_target`] once parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidSubscription {
    pub events: Vec<WebhookEventType>,
    pub description: Option<String>,
}

impl ValidSubscription {
    pub fn parse(
        events: &[WebhookEventType],
        description: Option<&str>,
    ) -> Result<Self, ValidationErrors> {
        let mut errors = ValidationErrors::default();
        let mut chosen = BTreeSet::new();
        if events.is_empty() {
            errors.push("events", "choose at least one event");
        }
        for (i, kind) in events.iter().enumerate() {
            if *kind == WebhookEventType::Test {
                errors.push(
                    format!("events.{i}"),
                    "is sent by the test button only; it cannot be subscribed to",
                );
            } else if !chosen.insert(*kind) {
                errors.push(format!("events.{i}"), "is named twice");
            }
        }
        let description = match description.map(|d| parse_free_text(d, MAX_DESCRIPTION)) {
            Some(Ok(text)) if text.is_empty() => None,
            Some(Ok(text)) => Some(text),
            Some(Err(e)) => {
                errors.push("description", e.to_string());
                None
            }
            None => None,
        };
        errors.into_result()?;
        // Kept in the vocabulary's order, so the same choice is stored the same way.
        Ok(Self {
            events: chosen.into_iter().collect(),
            description,
        })
    }
}

/// Something that happened, as a webhook tells it: ids and the new state, never names
/// (the receiver reads the rest through the API with its own key).
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub kind: WebhookEventType,
    /// Makes an event that a periodic pass finds again (a credential's reminder window)
    /// unique, so it is told once.
    pub key: Option<String>,
    pub data: Value,
}

impl Event {
    fn new(kind: WebhookEventType, data: Value) -> Self {
        Self {
            kind,
            key: None,
            data,
        }
    }

    pub fn verdict_changed(
        person_id: Uuid,
        previous: Option<ComplianceStatus>,
        status: ComplianceStatus,
        as_of: time::Date,
    ) -> Self {
        Self::new(
            WebhookEventType::VerdictChanged,
            json!({
                "person_id": person_id,
                "status": status,
                "previous_status": previous,
                "as_of": as_of.to_string(),
            }),
        )
    }

    pub fn record_created(
        record_id: Uuid,
        person_id: Uuid,
        verification: Verification,
        source: confitrek_vocabulary::RecordSource,
    ) -> Self {
        Self::new(
            WebhookEventType::TrainingRecordCreated,
            json!({
                "training_record_id": record_id,
                "person_id": person_id,
                "verification": verification,
                "source": source,
            }),
        )
    }

    /// A record verified or rejected (`verification` says which).
    pub fn record_decided(record_id: Uuid, person_id: Uuid, verification: Verification) -> Self {
        let kind = match verification {
            Verification::Rejected => WebhookEventType::TrainingRecordRejected,
            _ => WebhookEventType::TrainingRecordVerified,
        };
        Self::new(
            kind,
            json!({
                "training_record_id": record_id,
                "person_id": person_id,
                "verification": verification,
            }),
        )
    }

    /// `window` names the reminder window entered (e.g. the notification's event key), so
    /// each window is told once.
    pub fn credential_expiring(
        credential_id: Uuid,
        person_id: Uuid,
        credential_type_id: Uuid,
        expires_on: time::Date,
        days_left: i64,
        window: &str,
    ) -> Self {
        Self {
            key: Some(format!("credential.expiring:{window}")),
            ..Self::new(
                WebhookEventType::CredentialExpiring,
                json!({
                    "credential_id": credential_id,
                    "person_id": person_id,
                    "credential_type_id": credential_type_id,
                    "expires_on": expires_on.to_string(),
                    "days_left": days_left,
                }),
            )
        }
    }

    pub fn policy_acknowledged(
        acknowledgement_id: Uuid,
        person_id: Uuid,
        policy_id: Uuid,
        policy_version_id: Uuid,
    ) -> Self {
        Self::new(
            WebhookEventType::PolicyAcknowledged,
            json!({
                "acknowledgement_id": acknowledgement_id,
                "person_id": person_id,
                "policy_id": policy_id,
                "policy_version_id": policy_version_id,
            }),
        )
    }

    /// An incident that reached `status`: submitted or closed; other steps tell nothing.
    pub fn incident(
        incident_id: Uuid,
        status: confitrek_vocabulary::IncidentStatus,
    ) -> Option<Self> {
        use confitrek_vocabulary::IncidentStatus as S;
        let kind = match status {
            S::Submitted => WebhookEventType::IncidentSubmitted,
            S::Closed => WebhookEventType::IncidentClosed,
            _ => return None,
        };
        Some(Self::new(
            kind,
            json!({ "incident_id": incident_id, "status": status }),
        ))
    }

    pub fn import_committed(import_id: Uuid, kind: &str, created: u64, updated: u64) -> Self {
        Self::new(
            WebhookEventType::ImportCommitted,
            json!({
                "import_id": import_id,
                "kind": kind,
                "created": created,
                "updated": updated,
            }),
        )
    }

    pub fn test(webhook_id: Uuid) -> Self {
        Self::new(WebhookEventType::Test, json!({ "webhook_id": webhook_id }))
    }

    /// The message's body, exactly as signed and sent on every attempt.
    pub fn payload(&self, at: OffsetDateTime) -> String {
        let timestamp = at
            .replace_nanosecond(0)
            .unwrap_or(at)
            .format(&Rfc3339)
            .unwrap_or_default();
        json!({ "type": self.kind, "timestamp": timestamp, "data": self.data }).to_string()
    }
}

#[cfg(test)]
#[path = "webhooks_tests.rs"]
mod tests;
