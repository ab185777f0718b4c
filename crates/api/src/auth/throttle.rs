//! Counting by the minute, in memory: failed sign-ins per address (an address that fails too
//! often is answered 429 until the minute ends; only failures count, so an office behind one
//! address signing in all morning is never slowed), and requests per API key. Each server
//! counts its own; the per-account lockout, kept in the database, holds across servers.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;

use time::OffsetDateTime;
use uuid::Uuid;

/// Keys remembered at most; past it, those of earlier minutes are forgotten first.
const REMEMBERED: usize = 100_000;

/// Events per key in the current minute.
struct MinuteCounts<K> {
    counts: Mutex<HashMap<K, (i64, u32)>>,
}

impl<K: Hash + Eq> MinuteCounts<K> {
    fn new() -> Self {
        Self {
            counts: Mutex::new(HashMap::new()),
        }
    }

    /// Seconds until the minute ends, if `key` has had `limit` events in it.
    fn retry_after(&self, key: &K, limit: u32, now: OffsetDateTime) -> Option<u64> {
        let counts = self.counts.lock().ok()?;
        let (at, count) = counts.get(key)?;
        (*at == minute(now) && *count >= limit).then(|| rest_of_minute(now))
    }

    /// Counts an event of `key` and answers how many it has had this minute.
    fn add(&self, key: K, now: OffsetDateTime) -> u32 {
        let minute = minute(now);
        let Ok(mut counts) = self.counts.lock() else {
            return 0;
        };
        if counts.len() >= REMEMBERED {
            counts.retain(|_, (at, _)| *at == minute);
        }
        if counts.len() >= REMEMBERED {
            // Every slot is this minute's: very many keys at once. Counting starts again.
            counts.clear();
        }
        let entry = counts.entry(key).or_insert((minute, 0));
        if entry.0 != minute {
            *entry = (minute, 0);
        }
        entry.1 = entry.1.saturating_add(1);
        entry.1
    }
}

fn minute(now: OffsetDateTime) -> i64 {
    now.unix_timestamp().div_euclid(60)
}

fn rest_of_minute(now: OffsetDateTime) -> u64 {
    u64::try_from(60 - now.unix_timestamp().rem_euclid(60)).unwrap_or(60)
}

pub struct AddressThrottle {
    limit: u32,
    failures: MinuteCounts<IpAddr>,
}

impl AddressThrottle {
    pub fn new(limit: u32) -> Self {
        Self {
            limit,
            failures: MinuteCounts::new(),
        }
    }

    /// Seconds until `ip` may try again, if it has used up this minute's failures.
    pub fn retry_after(&self, ip: Option<IpAddr>, now: OffsetDateTime) -> Option<u64> {
        self.failures.retry_after(&ip?, self.limit, now)
    }

    pub fn failed(&self, ip: Option<IpAddr>, now: OffsetDateTime) {
        if let Some(ip) = ip {
            self.failures.add(ip, now);
        }
    }
}

/// Requests per API key, each key with its own limit.
pub struct KeyThrottle {
    requests: MinuteCounts<Uuid>,
}

impl Default for KeyThrottle {
    fn default() -> Self {
        Self {
            requests: MinuteCounts::new(),
        }
    }
}

impl KeyThrottle {
    /// Counts a request of `key`; past `limit` this minute, the seconds until the next.
    pub fn take(&self, key: Uuid, limit: u32, now: OffsetDateTime) -> Result<(), u64> {
        if self.requests.add(key, now) > limit {
            Err(rest_of_minute(now))
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn an_address_is_refused_for_the_rest_of_the_minute_after_its_limit() {
        let throttle = AddressThrottle::new(3);
        let ip = Some("10.0.0.1".parse().unwrap());
        let other = Some("10.0.0.2".parse().unwrap());
        let t = datetime!(2026-12-06 10:00:15 UTC);
        for _ in 0..3 {
            assert_eq!(throttle.retry_after(ip, t), None);
            throttle.failed(ip, t);
        }
        assert_eq!(throttle.retry_after(ip, t), Some(45));
        assert_eq!(throttle.retry_after(other, t), None);
        assert_eq!(
            throttle.retry_after(ip, datetime!(2026-12-06 10:01:00 UTC)),
            None
        );
    }

    #[test]
    fn a_key_is_refused_past_its_limit_until_the_minute_ends() {
        let throttle = KeyThrottle::default();
        let key = Uuid::now_v7();
        let t = datetime!(2026-12-06 10:00:50 UTC);
        assert_eq!(throttle.take(key, 2, t), Ok(()));
        assert_eq!(throttle.take(key, 2, t), Ok(()));
        assert_eq!(throttle.take(key, 2, t), Err(10));
        assert_eq!(throttle.take(Uuid::now_v7(), 2, t), Ok(()));
        assert_eq!(
            throttle.take(key, 2, datetime!(2026-12-06 10:01:00 UTC)),
            Ok(())
        );
    }
}
