//! What is built from an agency's stored verdicts (a dashboard, the matrix's rows), kept until
//! the agency's snapshot generation moves or its day turns. The generation lives in the
//! database, so every server sharing it sees the same change; a hit costs one read of that
//! single row.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, MutexGuard};

use sea_orm::ConnectionTrait;
use time::Date;

use crate::clock::today_in;
use crate::compliance::service::agency_today;
use crate::db::{AgencyScope, agencies, compliance};
use crate::http::{ApiError, ApiResult};

struct Entry<V> {
    generation: i64,
    /// The agency's time zone and its day when the entry was built. A new time zone
    /// re-evaluates everyone, which moves the generation, so the zone is current as long as
    /// the generation is.
    time_zone: String,
    as_of: Date,
    value: V,
}

/// Values per key (an agency, or an agency and a view of it), each built once per generation
/// and day: requests arriving while one builds wait for it rather than building it again, so
/// a burst after a change costs one build.
pub struct VerdictCache<K, V> {
    entries: Mutex<HashMap<K, Entry<V>>>,
    builds: Mutex<HashMap<K, Arc<tokio::sync::Mutex<()>>>>,
}

impl<K, V> Default for VerdictCache<K, V> {
    fn default() -> Self {
        Self {
            entries: Mutex::default(),
            builds: Mutex::default(),
        }
    }
}

impl<K: Eq + Hash + Clone, V: Clone> VerdictCache<K, V> {
    /// The value kept for `key`, or the one `build` makes for the agency's today.
    pub async fn get(
        &self,
        db: &impl ConnectionTrait,
        scope: AgencyScope,
        key: K,
        build: impl AsyncFnOnce(Date) -> ApiResult<V>,
    ) -> ApiResult<(Date, V)> {
        // Read before the verdicts: a change committed in between makes the entry look
        // older than it is, never newer, so the next request builds it again.
        let generation = compliance::snapshot_generation(db, scope).await?;
        if let Some(hit) = self.fresh(&key, generation) {
            return Ok(hit);
        }
        let gate = lock(&self.builds).entry(key.clone()).or_default().clone();
        let _building = gate.lock().await;
        // Built by the request this one waited for.
        if let Some(hit) = self.fresh(&key, generation) {
            return Ok(hit);
        }
        let agency = agencies::get(db, scope).await?.ok_or(ApiError::NotFound)?;
        let as_of = agency_today(&agency);
        let value = build(as_of).await?;
        let entry = Entry {
            generation,
            time_zone: agency.time_zone,
            as_of,
            value: value.clone(),
        };
        lock(&self.entries).insert(key, entry);
        Ok((as_of, value))
    }

    /// An entry at least as new as `generation`, built on the agency's today.
    fn fresh(&self, key: &K, generation: i64) -> Option<(Date, V)> {
        let entries = lock(&self.entries);
        let hit = entries.get(key)?;
        (hit.generation >= generation && today_in(&hit.time_zone) == hit.as_of)
            .then(|| (hit.as_of, hit.value.clone()))
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock leaves at worst a stale entry, which the generation
    // check replaces.
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}
