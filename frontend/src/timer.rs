//! Waiting in the browser without blocking it.

use std::time::Duration;

/// Resolves after `millis` milliseconds.
pub async fn pause(millis: u64) {
    let (done, waited) = futures::channel::oneshot::channel::<()>();
    leptos::prelude::set_timeout(
        move || {
            let _ = done.send(());
        },
        Duration::from_millis(millis),
    );
    let _ = waited.await;
}
