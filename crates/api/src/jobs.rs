//! Work the server does on its own, beside answering requests.

use std::time::Duration;

use sea_orm::DatabaseConnection;

use crate::clock::Clock;

/// Every `every`, re-evaluates the people whose verdict changed by time alone since it was
/// stored (a deadline passed, an at-risk window opened, a credential expired).
pub fn spawn_snapshot_refresh(db: DatabaseConnection, clock: Clock, every: Duration) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        loop {
            ticks.tick().await;
            match crate::compliance::service::refresh_due(&db, &clock).await {
                Ok(0) => {}
                Ok(count) => tracing::info!(count, "re-evaluated verdicts changed by time"),
                Err(error) => tracing::error!(?error, "re-evaluating verdicts changed by time"),
            }
        }
    });
}

/// Every `every`, seals the audit events written since the last run into their chains (see
/// [`crate::db::audit_seal`]). A run that fails is only logged: its events stay unsealed
/// and the next run seals them.
pub fn spawn_audit_sealer(db: DatabaseConnection, every: Duration) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        loop {
            ticks.tick().await;
            match crate::db::audit_seal::seal(&db).await {
                Ok(0) => {}
                Ok(count) => tracing::debug!(count, "audit events sealed"),
                Err(error) => tracing::warn!(?error, "sealing audit events; retried next run"),
            }
        }
    });
}

/// Every hour, deletes what is no longer kept: cancelled agencies past their 90 days, and
/// technical data past 12 months (see [`crate::retention`]).
pub fn spawn_retention(state: std::sync::Arc<crate::app::AppState>) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(Duration::from_secs(3600));
        loop {
            ticks.tick().await;
            match crate::retention::run(&state, state.clock.now()).await {
                Ok(purged) if purged == Default::default() => {}
                Ok(purged) => tracing::info!(?purged, "deleted data past its retention"),
                Err(error) => tracing::error!(?error, "deleting data past its retention"),
            }
        }
    });
}

/// Every `config.notify_interval_seconds`, makes the notifications that have come due (once
/// per event, whatever other processes do the same) and, with a mail server configured,
/// delivers the pending email. Any number of processes may run this side by side.
pub fn spawn_notifications(
    db: DatabaseConnection,
    clock: Clock,
    config: &crate::config::Config,
) -> anyhow::Result<()> {
    use secrecy::ExposeSecret;
    use std::sync::Arc;

    use crate::notifications::{delivery, enqueue};

    let mailer = match &config.smtp_url {
        Some(url) => Some(Arc::new(delivery::Mailer::new(
            url.expose_secret(),
            &config.mail_from,
        )?)),
        None => None,
    };
    let every = Duration::from_secs(config.notify_interval_seconds);
    let policy = delivery::RetryPolicy {
        lease: Duration::from_secs(config.notify_lease_seconds),
        ..Default::default()
    };
    let worker: Arc<str> =
        format!("{}-{}", std::process::id(), uuid::Uuid::now_v7().simple()).into();
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        loop {
            ticks.tick().await;
            match enqueue::enqueue_all(&db, &clock, mailer.is_some()).await {
                Ok(0) => {}
                Ok(count) => tracing::info!(count, "notifications made"),
                Err(error) => tracing::error!(?error, "making notifications"),
            }
            let Some(mailer) = &mailer else { continue };
            let pass = delivery::deliver_due(
                db.clone(),
                mailer.clone(),
                worker.clone(),
                policy.clone(),
                clock.now(),
            );
            match pass.await {
                Ok(done) if done == delivery::Delivered::default() => {}
                Ok(done) => tracing::info!(?done, "notification email"),
                Err(error) => tracing::error!(?error, "delivering notification email"),
            }
        }
    });
    Ok(())
}

/// Every `config.webhook_poll_milliseconds`, fans out the webhook events written since and
/// starts the deliveries that are due, each in a task of its own (see
/// [`crate::webhooks::worker`]). Any number of processes may run this side by side.
pub fn spawn_webhook_deliveries(
    db: DatabaseConnection,
    clock: Clock,
    config: &crate::config::Config,
) -> anyhow::Result<()> {
    use crate::webhooks::worker::{Settings, Worker};

    let files = crate::files::FileStore::open(config)?;
    let worker = Worker::new(db, std::sync::Arc::new(files), Settings::of(config), clock)?;
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(worker.settings.poll);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if let Err(error) = worker.pass().await {
                tracing::error!(?error, "delivering webhooks");
            }
        }
    });
    Ok(())
}
