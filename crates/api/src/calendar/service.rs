//! Calendar feeds: made on first request, rotated on demand, and rendered for whoever holds
//! the secret URL.

use confitrek_domain::permissions::{Action, FeedAccess, feed_access, may};
use confitrek_types::{CalendarFeedKind, PersonStatus};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

use super::{content, entity, feeds, ics};
use crate::auth::Caller;
use crate::db::{AgencyScope, agencies, people};
use crate::http::{ApiError, ApiResult};
use secrecy::SecretString;

/// The feeds the caller may subscribe to: his or her own (for a login linked to a person)
/// and, for those who use the agency calendar, the agency's; each made on first request.
pub async fn feeds_of(
    db: &DatabaseConnection,
    caller: &Caller,
    secret: &SecretString,
) -> ApiResult<Vec<entity::Model>> {
    let scope = caller.scope()?;
    let mut wanted = Vec::new();
    if let Some(person) = caller.person_id {
        wanted.push((CalendarFeedKind::Person, person));
    }
    if may(caller.role, Action::UseAgencyCalendar) {
        wanted.push((CalendarFeedKind::Agency, scope.id()));
    }
    let txn = crate::db::begin_write(db).await?;
    let mut out = Vec::new();
    for (kind, subject) in wanted {
        let feed = match feeds::find(&txn, scope, kind, subject).await? {
            Some(feed) => feed,
            None => {
                let feed =
                    feeds::insert(&txn, scope, secret, kind, subject, caller.clock.now()).await?;
                let target = ("calendar_feed", feed.id);
                caller
                    .audit(&txn, scope.id(), "calendar_feed.create", target)
                    .await?;
                feed
            }
        };
        out.push(feed);
    }
    txn.commit().await?;
    Ok(out)
}

/// Gives one of the caller's feeds a new secret; the previous URL stops working.
pub async fn rotate(
    db: &DatabaseConnection,
    caller: &Caller,
    secret: &SecretString,
    id: Uuid,
) -> ApiResult<entity::Model> {
    let scope = caller.scope()?;
    let txn = crate::db::begin_write(db).await?;
    let feed = feeds::get(&txn, scope, id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let agency_feed = feed.kind == CalendarFeedKind::Agency;
    match feed_access(caller.role, agency_feed, caller.person_id, feed.subject_id) {
        FeedAccess::Granted => {}
        FeedAccess::Forbidden => return Err(ApiError::Forbidden),
        FeedAccess::Hidden => return Err(ApiError::NotFound),
    }
    let feed = feeds::rotate(&txn, secret, feed, caller.clock.now()).await?;
    caller
        .audit(
            &txn,
            scope.id(),
            "calendar_feed.rotate",
            ("calendar_feed", feed.id),
        )
        .await?;
    txn.commit().await?;
    Ok(feed)
}

/// The iCalendar of the feed whose secret is `token`; none for an unknown or rotated one,
/// or for a person who left the agency.
pub async fn render(
    db: &DatabaseConnection,
    clock: &crate::clock::Clock,
    token: &str,
) -> ApiResult<String> {
    let feed = feeds::by_token(db, token)
        .await?
        .ok_or(ApiError::NotFound)?;
    let scope = AgencyScope::new(feed.agency_id);
    let agency = agencies::get(db, scope).await?.ok_or(ApiError::NotFound)?;
    let today = clock.today_in(&agency.time_zone);
    let (name, events) = if feed.kind == CalendarFeedKind::Agency {
        let events = content::agency_events(db, scope, today).await?;
        (format!("{} training", agency.name), events)
    } else {
        let person = people::get(db, scope, feed.subject_id)
            .await?
            .filter(|p| p.status == PersonStatus::Active)
            .ok_or(ApiError::NotFound)?;
        let events = content::person_events(db, scope, person.id, today).await?;
        (
            format!("Training: {} {}", person.first_name, person.last_name),
            events,
        )
    };
    let calendar = ics::Calendar {
        name,
        time_zone: agency.time_zone,
        events,
    };
    Ok(calendar.render(clock.now()))
}
