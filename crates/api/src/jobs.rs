//! Work the server does on its own, beside answering requests.

use std::time::Duration;

use sea_orm::DatabaseConnection;

/// Every `every`, re-evaluates the people whose verdict changed by time alone since it was
/// stored (a deadline passed, an at-risk window opened, a credential expired).
pub fn spawn_snapshot_refresh(db: DatabaseConnection, every: Duration) {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        loop {
            ticks.tick().await;
            match crate::compliance::service::refresh_due(&db).await {
                Ok(0) => {}
                Ok(count) => tracing::info!(count, "re-evaluated verdicts changed by time"),
                Err(error) => tracing::error!(?error, "re-evaluating verdicts changed by time"),
            }
        }
    });
}
