//! The notification outbox (also the in-app list), the agencies' notification settings and
//! the devices logins have signed in from. Rows are made once per event by their unique key
//! and claimed by delivery workers with a lease, so any number of processes can share them.

use confitrek_domain::notifications::Event;
use confitrek_types::NotificationKind;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, Statement, Value,
};
use time::OffsetDateTime;
use uuid::Uuid;

use super::AgencyScope;
use super::entity::{login_device, notification, notification_settings};

/// Email delivery states.
pub const PENDING: &str = "pending";
pub const SENT: &str = "sent";
pub const FAILED: &str = "failed";
pub const SKIPPED: &str = "skipped";

pub struct NewNotification {
    pub user_id: Uuid,
    pub person_id: Option<Uuid>,
    pub kind: NotificationKind,
    pub event_key: String,
    pub subject: String,
    pub body: String,
    /// Whether it is to be emailed (`pending`) or only shown in the app (`skipped`).
    pub email: bool,
}

impl NewNotification {
    /// The event told to one login.
    pub fn of(user_id: Uuid, event: Event, email: bool) -> Self {
        NewNotification {
            user_id,
            person_id: event.person_id,
            kind: event.kind,
            event_key: event.key,
            subject: event.subject,
            body: event.body,
            email,
        }
    }
}

/// Inserts the notification unless one with its event key exists; true when it was new.
/// The unique key, not a prior read, decides: two passes racing make one row.
pub async fn insert_once(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    new: NewNotification,
    now: OffsetDateTime,
) -> Result<bool, DbErr> {
    let model = notification::ActiveModel {
        id: Set(Uuid::now_v7()),
        agency_id: Set(scope.id()),
        user_id: Set(new.user_id),
        person_id: Set(new.person_id),
        kind: Set(new.kind),
        event_key: Set(new.event_key),
        subject: Set(new.subject),
        body: Set(new.body),
        created_at: Set(now),
        read_at: Set(None),
        email_state: Set(if new.email { PENDING } else { SKIPPED }.to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        claimed_until: Set(None),
        claimed_by: Set(None),
        sent_at: Set(None),
        last_error: Set(None),
    };
    let inserted = notification::Entity::insert(model)
        .on_conflict(
            OnConflict::column(notification::Column::EventKey)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(inserted > 0)
}

/// The user's notifications in the agency, newest first, before the cursor's id.
pub async fn list_for_user(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    user_id: Uuid,
    before: Option<Uuid>,
    limit: u64,
) -> Result<Vec<notification::Model>, DbErr> {
    let query = notification::Entity::find()
        .filter(notification::Column::AgencyId.eq(scope.id()))
        .filter(notification::Column::UserId.eq(user_id));
    super::pages::newest_first(query, notification::Column::Id, before, limit)
        .all(db)
        .await
}

pub async fn unread_count(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    user_id: Uuid,
) -> Result<u64, DbErr> {
    notification::Entity::find()
        .filter(notification::Column::AgencyId.eq(scope.id()))
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::ReadAt.is_null())
        .count(db)
        .await
}

/// One of the user's own notifications; someone else's answers `None`, as a missing one does.
pub async fn get_for_user(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    user_id: Uuid,
    id: Uuid,
) -> Result<Option<notification::Model>, DbErr> {
    notification::Entity::find_by_id(id)
        .filter(notification::Column::AgencyId.eq(scope.id()))
        .filter(notification::Column::UserId.eq(user_id))
        .one(db)
        .await
}

pub async fn mark_read(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    id: Uuid,
    at: OffsetDateTime,
) -> Result<(), DbErr> {
    notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(at))
        .filter(notification::Column::AgencyId.eq(scope.id()))
        .filter(notification::Column::Id.eq(id))
        .filter(notification::Column::ReadAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Marks every unread notification of the user read; returns how many were.
pub async fn mark_all_read(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    user_id: Uuid,
    at: OffsetDateTime,
) -> Result<u64, DbErr> {
    let done = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(at))
        .filter(notification::Column::AgencyId.eq(scope.id()))
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::ReadAt.is_null())
        .exec(db)
        .await?;
    Ok(done.rows_affected)
}

pub async fn settings(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
) -> Result<Option<notification_settings::Model>, DbErr> {
    notification_settings::Entity::find_by_id(scope.id())
        .one(db)
        .await
}

pub async fn save_settings(
    db: &impl ConnectionTrait,
    scope: AgencyScope,
    lead_days: &[u16],
    disabled_kinds: &[&str],
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    use notification_settings::Column as C;
    let model = notification_settings::ActiveModel {
        agency_id: Set(scope.id()),
        lead_days: Set(serde_json::json!(lead_days)),
        disabled_kinds: Set(serde_json::json!(disabled_kinds)),
        updated_at: Set(now),
    };
    notification_settings::Entity::insert(model)
        .on_conflict(
            OnConflict::column(C::AgencyId)
                .update_columns([C::LeadDays, C::DisabledKinds, C::UpdatedAt])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Hashes of the devices the login has signed in from.
pub async fn known_devices(db: &impl ConnectionTrait, user_id: Uuid) -> Result<Vec<String>, DbErr> {
    login_device::Entity::find()
        .select_only()
        .column(login_device::Column::DeviceHash)
        .filter(login_device::Column::UserId.eq(user_id))
        .into_tuple()
        .all(db)
        .await
}

/// Remembers the device, or when it was last seen.
pub async fn remember_device(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    device_hash: &str,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    use login_device::Column as C;
    let model = login_device::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(user_id),
        device_hash: Set(device_hash.to_owned()),
        first_seen_at: Set(now),
        last_seen_at: Set(now),
    };
    login_device::Entity::insert(model)
        .on_conflict(
            OnConflict::columns([C::UserId, C::DeviceHash])
                .update_column(C::LastSeenAt)
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Claims up to `limit` notifications whose email is due, for `worker` until `lease_until`,
/// counting the attempt. PostgreSQL skips rows another worker is claiming at this instant
/// (`FOR UPDATE SKIP LOCKED`); SQLite has one writer, so its single statement is atomic.
pub async fn claim(
    db: &impl ConnectionTrait,
    worker: &str,
    now: OffsetDateTime,
    lease_until: OffsetDateTime,
    limit: u64,
) -> Result<Vec<notification::Model>, DbErr> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "UPDATE notifications SET claimed_until = $1, claimed_by = $2, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM notifications \
               WHERE email_state = 'pending' AND next_attempt_at <= $3 \
                 AND (claimed_until IS NULL OR claimed_until < $4) \
               ORDER BY next_attempt_at, id LIMIT $5 FOR UPDATE SKIP LOCKED) \
             RETURNING id"
        }
        _ => {
            "UPDATE notifications SET claimed_until = ?, claimed_by = ?, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM notifications \
               WHERE email_state = 'pending' AND next_attempt_at <= ? \
                 AND (claimed_until IS NULL OR claimed_until < ?) \
               ORDER BY next_attempt_at, id LIMIT ?) \
             RETURNING id"
        }
    };
    let values: Vec<Value> = vec![
        lease_until.into(),
        worker.into(),
        now.into(),
        now.into(),
        i64::try_from(limit).unwrap_or(i64::MAX).into(),
    ];
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?;
    let ids = rows
        .iter()
        .map(|row| row.try_get::<Uuid>("", "id"))
        .collect::<Result<Vec<_>, _>>()?;
    if ids.is_empty() {
        return Ok(vec![]);
    }
    notification::Entity::find()
        .filter(notification::Column::Id.is_in(ids))
        .filter(notification::Column::ClaimedBy.eq(worker))
        .order_by_asc(notification::Column::NextAttemptAt)
        .all(db)
        .await
}

/// Extends `worker`'s claim on a notification to `lease_until`, right before its email is
/// sent, so that no other worker takes it over while the message is on its way. False when
/// the claim is no longer the worker's (its lease ran out and another worker took the row
/// over, or the row was settled): the worker must not send it.
pub async fn renew(
    db: &impl ConnectionTrait,
    id: Uuid,
    worker: &str,
    lease_until: OffsetDateTime,
) -> Result<bool, DbErr> {
    use notification::Column as C;
    let renewed = notification::Entity::update_many()
        .col_expr(C::ClaimedUntil, Expr::value(lease_until))
        .filter(C::Id.eq(id))
        .filter(C::ClaimedBy.eq(worker))
        .filter(C::EmailState.eq(PENDING))
        .exec(db)
        .await?;
    Ok(renewed.rows_affected == 1)
}

/// The outcome of one claimed delivery; only the worker holding the claim may record it.
pub enum Outcome<'a> {
    Sent,
    /// Try again at `at`.
    Retry {
        at: OffsetDateTime,
        error: &'a str,
    },
    Failed {
        error: &'a str,
    },
    Skipped,
}

pub async fn record_outcome(
    db: &impl ConnectionTrait,
    id: Uuid,
    worker: &str,
    outcome: Outcome<'_>,
    now: OffsetDateTime,
) -> Result<(), DbErr> {
    use notification::Column as C;
    let mut update = notification::Entity::update_many()
        .col_expr(C::ClaimedUntil, Expr::value(Option::<OffsetDateTime>::None))
        .col_expr(C::ClaimedBy, Expr::value(Option::<String>::None));
    let error = |e: &str| e.chars().take(500).collect::<String>();
    update = match outcome {
        Outcome::Sent => update
            .col_expr(C::EmailState, Expr::value(SENT))
            .col_expr(C::SentAt, Expr::value(now))
            .col_expr(C::LastError, Expr::value(Option::<String>::None)),
        Outcome::Retry { at, error: e } => update
            .col_expr(C::NextAttemptAt, Expr::value(at))
            .col_expr(C::LastError, Expr::value(error(e))),
        Outcome::Failed { error: e } => update
            .col_expr(C::EmailState, Expr::value(FAILED))
            .col_expr(C::LastError, Expr::value(error(e))),
        Outcome::Skipped => update.col_expr(C::EmailState, Expr::value(SKIPPED)),
    };
    update
        .filter(C::Id.eq(id))
        .filter(C::ClaimedBy.eq(worker))
        .exec(db)
        .await?;
    Ok(())
}

/// What the enqueue pass reads of one agency.
pub mod sources {
    use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

    use crate::db::AgencyScope;
    use crate::db::entity::{credential, credential_type, person, user};

    pub async fn users(
        db: &impl ConnectionTrait,
        scope: AgencyScope,
    ) -> Result<Vec<user::Model>, DbErr> {
        user::Entity::find()
            .filter(user::Column::AgencyId.eq(scope.id()))
            .filter(user::Column::PasswordHash.is_not_null())
            .order_by_asc(user::Column::Id)
            .all(db)
            .await
    }

    pub async fn people(
        db: &impl ConnectionTrait,
        scope: AgencyScope,
    ) -> Result<Vec<person::Model>, DbErr> {
        person::Entity::find()
            .filter(person::Column::AgencyId.eq(scope.id()))
            .order_by_asc(person::Column::Id)
            .all(db)
            .await
    }

    pub use crate::db::compliance::snapshots_after;

    /// Every award of the agency, to know which credential is a person's latest of a type.
    pub async fn credentials(
        db: &impl ConnectionTrait,
        scope: AgencyScope,
    ) -> Result<Vec<credential::Model>, DbErr> {
        credential::Entity::find()
            .filter(credential::Column::AgencyId.eq(scope.id()))
            .all(db)
            .await
    }

    pub async fn credential_types(
        db: &impl ConnectionTrait,
        scope: AgencyScope,
    ) -> Result<Vec<credential_type::Model>, DbErr> {
        credential_type::Entity::find()
            .filter(credential_type::Column::AgencyId.eq(scope.id()))
            .all(db)
            .await
    }
}
