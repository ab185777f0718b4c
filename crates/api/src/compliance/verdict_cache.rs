//! What is built from an agency's stored verdicts (a dashboard, the matrix's rows), kept per
//! person and as a whole until the agency's snapshot generation moves or its day turns.
//! After a write only the verdicts stored since are read: the people they belong to get new
//! parts and the whole is folded again from the parts in memory. The generations live in the
//! database, so every server sharing it sees the same change; a hit costs one read of a
//! single row.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, MutexGuard};

use confitrek_types::ComplianceReportDto;
use sea_orm::ConnectionTrait;
use time::Date;
use uuid::Uuid;

use crate::clock::Clock;
use crate::db::compliance::{self, Generations};
use crate::db::entity::person;
use crate::db::people::{self, PeopleFilter, Visible};
use crate::db::{AgencyScope, agencies};
use crate::http::{ApiError, ApiResult};

/// A person of the agency with the verdict stored for him or her, if one was stored yet:
/// what each part is made from.
pub struct Verdict {
    pub person: person::Model,
    pub report: Option<ComplianceReportDto>,
}

/// Each person's part, by person id; people a key leaves out have none.
pub type Parts<P> = HashMap<Uuid, Arc<P>>;

struct Entry<P, V> {
    generation: i64,
    /// The agency's time zone and its day when the entry was built. A new time zone
    /// re-evaluates everyone, a wholesale change, so the zone is current as long as the
    /// generation is; it is kept to know when the agency's day turns.
    time_zone: String,
    as_of: Date,
    parts: Arc<Parts<P>>,
    value: V,
}

/// How an entry is brought to the generation read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Plan {
    Hit,
    /// Read the verdicts stored after this generation, the entry's.
    Since(i64),
    Whole,
}

/// What to do with an entry of `generation` built on `as_of`, when the agency's today is
/// `today`.
fn plan(entry: Option<(i64, Date)>, now: Generations, today: Date) -> Plan {
    match entry {
        Some((_, as_of)) if as_of != today => Plan::Whole,
        Some((generation, _)) if generation >= now.changed => Plan::Hit,
        Some((generation, _)) if generation >= now.reset => Plan::Since(generation),
        _ => Plan::Whole,
    }
}

/// Values per key (an agency, or an agency and a view of it), each built once per generation
/// and day: requests arriving while one builds wait for it rather than building it again, so
/// a burst after a change costs one build, and after a write of some people's verdicts that
/// build reads only theirs.
pub struct VerdictCache<K, P, V> {
    entries: Mutex<HashMap<K, Entry<P, V>>>,
    builds: Mutex<HashMap<K, Arc<tokio::sync::Mutex<()>>>>,
}

impl<K, P, V> Default for VerdictCache<K, P, V> {
    fn default() -> Self {
        Self {
            entries: Mutex::default(),
            builds: Mutex::default(),
        }
    }
}

impl<K: Eq + Hash + Clone, P, V: Clone> VerdictCache<K, P, V> {
    /// The value kept for `key`, brought up to the agency's current generation and today.
    /// `part` makes a person's part (`None`: the key leaves the person out), `fold` the value
    /// from every part. `known` are the agency's generations when the caller read them
    /// already, before any verdict (with the sign-in): a change committed in between makes
    /// the entry look older than it is, never newer, so the next request reads it again.
    #[allow(clippy::too_many_arguments)]
    pub async fn get(
        &self,
        db: &impl ConnectionTrait,
        clock: &Clock,
        scope: AgencyScope,
        known: Option<Generations>,
        key: K,
        part: impl Fn(Verdict) -> ApiResult<Option<P>>,
        fold: impl AsyncFnOnce(Date, &Parts<P>) -> ApiResult<V>,
    ) -> ApiResult<(Date, V)> {
        let generations = match known {
            Some(known) => known,
            None => compliance::generations(db, scope).await?,
        };
        if let Some(hit) = self.fresh(&key, generations, clock) {
            return Ok(hit);
        }
        let gate = lock(&self.builds).entry(key.clone()).or_default().clone();
        let _building = gate.lock().await;
        // Built by the request this one waited for.
        if let Some(hit) = self.fresh(&key, generations, clock) {
            return Ok(hit);
        }
        let agency = agencies::get(db, scope).await?.ok_or(ApiError::NotFound)?;
        let as_of = clock.today_in(&agency.time_zone);
        let kept = lock(&self.entries)
            .get(&key)
            .filter(|e| e.time_zone == agency.time_zone)
            .map(|e| (e.generation, e.as_of, e.parts.clone()));
        let parts = match (
            plan(kept.as_ref().map(|k| (k.0, k.1)), generations, as_of),
            kept,
        ) {
            (Plan::Since(since), Some((_, _, kept))) => {
                let mut parts = Arc::unwrap_or_clone(kept);
                stored_since(db, scope, since, &mut parts, &part).await?;
                parts
            }
            _ => everyone(db, scope, &part).await?,
        };
        let value = fold(as_of, &parts).await?;
        let entry = Entry {
            generation: generations.changed,
            time_zone: agency.time_zone,
            as_of,
            parts: Arc::new(parts),
            value: value.clone(),
        };
        lock(&self.entries).insert(key, entry);
        Ok((as_of, value))
    }

    /// An entry at least as new as the generation read, built on the agency's today.
    fn fresh(&self, key: &K, generations: Generations, clock: &Clock) -> Option<(Date, V)> {
        let entries = lock(&self.entries);
        let hit = entries.get(key)?;
        let today = clock.today_in(&hit.time_zone);
        (plan(Some((hit.generation, hit.as_of)), generations, today) == Plan::Hit)
            .then(|| (hit.as_of, hit.value.clone()))
    }
}

/// Verdicts are read this many at a time: a large agency's documents are never all in
/// memory at once, only the parts made from them. A stored verdict of a state with many
/// requirements is some 12 KB of JSON, so a page holds a megabyte or two.
const PAGE: u64 = 100;

/// Everyone on the agency's roster with the stored verdict made into parts: the roster in
/// one query, the verdicts a page at a time.
async fn everyone<P>(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    part: &impl Fn(Verdict) -> ApiResult<Option<P>>,
) -> ApiResult<Parts<P>> {
    let roster = people::list(
        db,
        scope,
        &Visible::All,
        &PeopleFilter::default(),
        None,
        u64::from(u32::MAX),
    )
    .await?;
    let mut unjudged: HashMap<Uuid, person::Model> =
        roster.into_iter().map(|p| (p.id, p)).collect();
    let mut parts = HashMap::new();
    let mut after = None;
    loop {
        let page = compliance::snapshots_after(db, scope, None, after, PAGE).await?;
        after = page.last().map(|s| s.person_id);
        for snapshot in page {
            // A verdict stored for someone erased since is not part of the roster.
            let Some(person) = unjudged.remove(&snapshot.person_id) else {
                continue;
            };
            let report = Some(snapshot.report().map_err(anyhow::Error::from)?);
            if let Some(p) = part(Verdict { person, report })? {
                parts.insert(snapshot.person_id, Arc::new(p));
            }
        }
        if after.is_none() {
            break;
        }
    }
    for (id, person) in unjudged {
        if let Some(p) = part(Verdict {
            person,
            report: None,
        })? {
            parts.insert(id, Arc::new(p));
        }
    }
    Ok(parts)
}

/// Brings `parts` up to date with the verdicts stored after generation `since`, a page at a
/// time, and the rows of their people: a write that changes a person's row re-evaluates the
/// person, so the row is among them too.
async fn stored_since<P>(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    since: i64,
    parts: &mut Parts<P>,
    part: &impl Fn(Verdict) -> ApiResult<Option<P>>,
) -> ApiResult<()> {
    let mut after = None;
    loop {
        let page = compliance::snapshots_after(db, scope, Some(since), after, PAGE).await?;
        let Some(last) = page.last() else {
            return Ok(());
        };
        after = Some(last.person_id);
        let mut reports = HashMap::with_capacity(page.len());
        for stored in page {
            let report = stored.report().map_err(anyhow::Error::from)?;
            reports.insert(stored.person_id, report);
        }
        // Someone erased since has no row: an erasure is a wholesale change, which the next
        // request rebuilds from.
        let found = people::many(db, scope, reports.keys().copied().collect()).await?;
        for person in found {
            let id = person.id;
            let report = reports.remove(&id);
            match part(Verdict { person, report })? {
                Some(p) => parts.insert(id, Arc::new(p)),
                None => parts.remove(&id),
            };
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock leaves at worst a stale entry, which the generation
    // check replaces.
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 12 - 07);

    fn at(changed: i64, reset: i64) -> Generations {
        Generations { changed, reset }
    }

    #[test]
    fn an_entry_is_kept_reread_in_part_or_rebuilt() {
        let cases = [
            (None, at(0, 0), Plan::Whole, "nothing kept yet"),
            (
                Some((4, TODAY)),
                at(4, 2),
                Plan::Hit,
                "nothing written since",
            ),
            (
                Some((5, TODAY)),
                at(4, 2),
                Plan::Hit,
                "built after a write committed since the generation was read",
            ),
            (
                Some((4, TODAY)),
                at(7, 2),
                Plan::Since(4),
                "some people's verdicts written since",
            ),
            (
                Some((4, TODAY)),
                at(7, 4),
                Plan::Since(4),
                "the wholesale change is already in the entry",
            ),
            (
                Some((4, TODAY)),
                at(7, 5),
                Plan::Whole,
                "verdicts went or all changed since",
            ),
            (
                Some((4, date!(2026 - 12 - 06))),
                at(4, 2),
                Plan::Whole,
                "the agency's day turned",
            ),
        ];
        for (entry, now, expected, case) in cases {
            assert_eq!(plan(entry, now, TODAY), expected, "{case}");
        }
    }
}
