//! The audit log's hash chain, format 1. Each chain (one per agency, one for the platform's
//! own events) numbers its events 1, 2, 3, ... by `seq`; an event's `hash` is the SHA-256 of
//! its fields and of the `hash` of the event before it (`prev_hash`, [`GENESIS`] for the
//! first). Changing one event's field, or removing one, breaks the chain from there. The
//! sealer ([`super::audit_seal`]) computes these when it chains an event.
//!
//! The bytes hashed must never change: every stored hash depends on them.

use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use uuid::Uuid;

use super::entity::audit_event;

/// The `prev_hash` of a chain's first event.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The fields of one event that its hash covers.
#[derive(Debug, Clone, Copy)]
pub struct Link<'a> {
    pub id: Uuid,
    pub agency_id: Option<Uuid>,
    pub seq: i64,
    pub actor_user_id: Option<Uuid>,
    pub action: &'a str,
    pub outcome: &'a str,
    pub target_type: Option<&'a str>,
    pub target_id: Option<Uuid>,
    pub ip: Option<&'a str>,
    pub request_id: Option<&'a str>,
    pub occurred_at: OffsetDateTime,
    pub prev_hash: &'a str,
}

impl<'a> Link<'a> {
    /// A stored event's fields; `None` when it has no place in a chain.
    pub fn of(event: &'a audit_event::Model) -> Option<Self> {
        Some(Link {
            id: event.id,
            agency_id: event.agency_id,
            seq: event.seq?,
            actor_user_id: event.actor_user_id,
            action: &event.action,
            outcome: &event.outcome,
            target_type: event.target_type.as_deref(),
            target_id: event.target_id,
            ip: event.ip.as_deref(),
            request_id: event.request_id.as_deref(),
            occurred_at: event.occurred_at,
            prev_hash: event.prev_hash.as_deref()?,
        })
    }

    /// The SHA-256, in lower-case hex, of [`Link::canonical`].
    pub fn hash(&self) -> String {
        Sha256::digest(self.canonical())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// One line per field in a fixed order: `name-` when absent, else `name=` and the value's
    /// length in bytes, `:`, the value. The lengths keep any text an event holds from passing
    /// for another field's boundary.
    pub fn canonical(&self) -> Vec<u8> {
        let uuid = |u: Option<Uuid>| u.map(|u| u.hyphenated().to_string());
        let fields: [(&str, Option<String>); 12] = [
            ("id", uuid(Some(self.id))),
            ("agency_id", uuid(self.agency_id)),
            ("seq", Some(self.seq.to_string())),
            ("actor_user_id", uuid(self.actor_user_id)),
            ("action", Some(self.action.to_owned())),
            ("outcome", Some(self.outcome.to_owned())),
            ("target_type", self.target_type.map(str::to_owned)),
            ("target_id", uuid(self.target_id)),
            ("ip", self.ip.map(str::to_owned)),
            ("request_id", self.request_id.map(str::to_owned)),
            ("occurred_at", Some(instant(self.occurred_at))),
            ("prev_hash", Some(self.prev_hash.to_owned())),
        ];
        let mut out = b"confitrek-audit-chain 1\n".to_vec();
        for (name, value) in fields {
            out.extend_from_slice(name.as_bytes());
            match value {
                None => out.push(b'-'),
                Some(v) => {
                    out.extend_from_slice(format!("={}:", v.len()).as_bytes());
                    out.extend_from_slice(v.as_bytes());
                }
            }
            out.push(b'\n');
        }
        out
    }
}

/// RFC 3339 in UTC with exactly six digits of fraction, cut (not rounded) to the
/// microsecond: PostgreSQL keeps microseconds, so a finer instant would not read back as it
/// was hashed.
pub fn instant(at: OffsetDateTime) -> String {
    let utc = at.to_offset(time::UtcOffset::UTC);
    let micros = utc.nanosecond() / 1_000;
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{micros:06}Z",
        utc.year(),
        u8::from(utc.month()),
        utc.day(),
        utc.hour(),
        utc.minute(),
        utc.second()
    )
}

/// The instant in UTC, cut to the microsecond the databases store.
pub fn to_micros(at: OffsetDateTime) -> OffsetDateTime {
    let utc = at.to_offset(time::UtcOffset::UTC);
    utc.replace_nanosecond(utc.nanosecond() / 1_000 * 1_000)
        .unwrap_or(utc)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use time::macros::datetime;

    use super::*;

    fn link() -> Link<'static> {
        Link {
            id: Uuid::parse_str("01900000-0000-7000-8000-000000000001").unwrap(),
            agency_id: Some(Uuid::parse_str("01900000-0000-7000-8000-0000000000aa").unwrap()),
            seq: 7,
            actor_user_id: None,
            action: "person.update",
            outcome: "success",
            target_type: Some("person"),
            target_id: None,
            ip: Some("127.0.0.1"),
            request_id: None,
            occurred_at: datetime!(2026-12-06 10:00:00.123456789 +01:00),
            prev_hash: GENESIS,
        }
    }

    #[test]
    fn the_canonical_form_names_each_field_with_its_length() {
        let text = String::from_utf8(link().canonical()).unwrap();
        assert_eq!(
            text,
            format!(
                "confitrek-audit-chain 1\n\
                 id=36:01900000-0000-7000-8000-000000000001\n\
                 agency_id=36:01900000-0000-7000-8000-0000000000aa\n\
                 seq=1:7\n\
                 actor_user_id-\n\
                 action=13:person.update\n\
                 outcome=7:success\n\
                 target_type=6:person\n\
                 target_id-\n\
                 ip=9:127.0.0.1\n\
                 request_id-\n\
                 occurred_at=27:2026-12-06T09:00:00.123456Z\n\
                 prev_hash=64:{GENESIS}\n"
            )
        );
    }

    #[test]
    fn the_hash_is_the_sha256_of_the_canonical_form_in_hex() {
        let hash = link().hash();
        assert_eq!(hash.len(), 64);
        assert!(
            hash.bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        assert_eq!(hash, link().hash());
    }

    #[test]
    fn every_field_changes_the_hash() {
        let base = link().hash();
        let other = Uuid::parse_str("01900000-0000-7000-8000-0000000000bb").unwrap();
        let changes: [(&str, Link); 12] = [
            (
                "id",
                Link {
                    id: other,
                    ..link()
                },
            ),
            (
                "agency",
                Link {
                    agency_id: None,
                    ..link()
                },
            ),
            ("seq", Link { seq: 8, ..link() }),
            (
                "actor",
                Link {
                    actor_user_id: Some(other),
                    ..link()
                },
            ),
            (
                "action",
                Link {
                    action: "person.create",
                    ..link()
                },
            ),
            (
                "outcome",
                Link {
                    outcome: "failure",
                    ..link()
                },
            ),
            (
                "target type",
                Link {
                    target_type: None,
                    ..link()
                },
            ),
            (
                "target id",
                Link {
                    target_id: Some(other),
                    ..link()
                },
            ),
            (
                "ip",
                Link {
                    ip: Some("127.0.0.2"),
                    ..link()
                },
            ),
            (
                "request id",
                Link {
                    request_id: Some(""),
                    ..link()
                },
            ),
            (
                "time",
                Link {
                    occurred_at: datetime!(2026-12-06 10:00:00.123457 +01:00),
                    ..link()
                },
            ),
            (
                "previous hash",
                Link {
                    prev_hash: "1",
                    ..link()
                },
            ),
        ];
        for (what, changed) in changes {
            assert_ne!(changed.hash(), base, "{what}");
        }
    }

    #[test]
    fn text_cannot_move_across_a_field_boundary() {
        let split = |t: &'static str, i: &'static str| {
            Link {
                target_type: Some(t),
                ip: Some(i),
                ..link()
            }
            .hash()
        };
        assert_ne!(split("person\nip=1:x", "y"), split("person", "x\nip=1:y"));
    }

    #[test]
    fn instants_are_utc_to_the_microsecond_whatever_their_offset() {
        assert_eq!(
            instant(datetime!(2026-01-01 00:00:00 -05:00)),
            "2026-01-01T05:00:00.000000Z"
        );
        assert_eq!(
            instant(datetime!(2026-01-01 00:00:00.9999999 UTC)),
            "2026-01-01T00:00:00.999999Z"
        );
    }
}
