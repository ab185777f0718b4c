//! Whom an agency report covers: the people the caller may see, of one unit if asked.

use sea_orm::DatabaseConnection;

use crate::access::visible_people;
use crate::auth::Caller;
use crate::db::entity::person;
use crate::db::people::{self, PeopleFilter, Visible};
use crate::http::{ApiError, ApiResult};

/// More than any agency has: a report covers the whole roster.
const ALL: u64 = 1_000_000;

/// The people an agency report covers, read by name a page at a time.
pub struct Roster {
    scope: crate::db::AgencyScope,
    visible: Visible,
    filter: PeopleFilter,
}

impl Roster {
    /// The people the caller sees; of `unit` only, which must be a unit the caller sees
    /// people in.
    pub async fn of(
        db: &DatabaseConnection,
        caller: &Caller,
        unit: Option<&str>,
    ) -> ApiResult<Self> {
        let unit = unit.map(str::trim).filter(|u| !u.is_empty());
        if let Some(unit) = unit {
            let units = crate::people::service::units(db, caller).await?;
            if !units.iter().any(|u| u == unit) {
                return Err(ApiError::field("unit", "is not a unit you can see"));
            }
        }
        Ok(Self {
            scope: caller.scope()?,
            visible: visible_people(db, caller).await?,
            filter: PeopleFilter {
                unit: unit.map(str::to_owned),
                ..PeopleFilter::default()
            },
        })
    }

    /// Up to `limit` people after `after` (by name), none when the roster is done.
    pub async fn page(
        &self,
        db: &DatabaseConnection,
        after: Option<&person::Model>,
        limit: u64,
    ) -> ApiResult<Vec<person::Model>> {
        let after = after.map(|p| (p.last_name.clone(), p.first_name.clone(), p.id));
        Ok(people::list(db, self.scope, &self.visible, &self.filter, after, limit).await?)
    }
}

/// The people the caller sees, by name; of `unit` only, which must be a unit the caller
/// sees people in.
pub async fn people(
    db: &DatabaseConnection,
    caller: &Caller,
    unit: Option<&str>,
) -> ApiResult<Vec<person::Model>> {
    Roster::of(db, caller, unit)
        .await?
        .page(db, None, ALL)
        .await
}

/// The title of every topic code the agency's records may carry: its state's (every
/// version's) and its own.
pub async fn topic_titles(
    db: &DatabaseConnection,
    scope: crate::db::AgencyScope,
    rules: &crate::compliance::service::AgencyRules,
) -> ApiResult<std::collections::BTreeMap<String, String>> {
    let mut titles = std::collections::BTreeMap::new();
    if let Some(j) = rules.jurisdiction() {
        for set in j.versions() {
            for t in &set.topics {
                titles.insert(t.code.clone(), t.title.clone());
            }
        }
    }
    for t in crate::db::topics::list(db, scope).await? {
        titles.insert(t.code, t.title);
    }
    Ok(titles)
}
