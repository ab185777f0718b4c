//! Failed sign-ins per address, counted in memory by the minute: an address that fails too
//! often is answered 429 until the minute ends. Only failures count, so an office behind
//! one address signing in all morning is never slowed. Each server counts its own; the
//! per-account lockout, kept in the database, holds across servers.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;

use time::OffsetDateTime;

/// Addresses remembered at most; past it, those of earlier minutes are forgotten first.
const REMEMBERED: usize = 100_000;

pub struct AddressThrottle {
    limit: u32,
    failures: Mutex<HashMap<IpAddr, (i64, u32)>>,
}

impl AddressThrottle {
    pub fn new(limit: u32) -> Self {
        Self {
            limit,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// Seconds until `ip` may try again, if it has used up this minute's failures.
    pub fn retry_after(&self, ip: Option<IpAddr>, now: OffsetDateTime) -> Option<u64> {
        let ip = ip?;
        let minute = now.unix_timestamp().div_euclid(60);
        let failures = self.failures.lock().ok()?;
        let (at, count) = failures.get(&ip)?;
        (*at == minute && *count >= self.limit)
            .then(|| u64::try_from(60 - now.unix_timestamp().rem_euclid(60)).unwrap_or(60))
    }

    pub fn failed(&self, ip: Option<IpAddr>, now: OffsetDateTime) {
        let Some(ip) = ip else { return };
        let minute = now.unix_timestamp().div_euclid(60);
        let Ok(mut failures) = self.failures.lock() else {
            return;
        };
        if failures.len() >= REMEMBERED {
            failures.retain(|_, (at, _)| *at == minute);
        }
        if failures.len() >= REMEMBERED {
            // Every slot is this minute's: an attack from very many addresses. Counting
            // starts again; the per-account lockout still holds.
            failures.clear();
        }
        let entry = failures.entry(ip).or_insert((minute, 0));
        if entry.0 != minute {
            *entry = (minute, 0);
        }
        entry.1 = entry.1.saturating_add(1);
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
}
