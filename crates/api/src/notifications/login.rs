//! The warning of a sign-in from a device or address the login has not used before.

use confitrek_domain::notifications::{self as rules, NotificationKind};
use time::macros::format_description;

use crate::app::AppState;
use crate::auth::tokens::sha256_hex;
use crate::db::{AgencyScope, notifications, users};
use crate::http::ApiResult;

/// Called after a successful sign-in: remembers the device (only a hash of the user agent
/// and the address) and, when the login has signed in before but never from it, tells its
/// owner in the app and by email. The sign-in stands even if this fails: the failure is
/// logged, not answered.
pub async fn note_sign_in(
    state: &AppState,
    email: &str,
    user_agent: Option<&str>,
    ip: Option<&str>,
) {
    if let Err(error) = note_device(state, email, user_agent, ip).await {
        tracing::error!(?error, "noting the sign-in's device");
    }
}

async fn note_device(
    state: &AppState,
    email: &str,
    user_agent: Option<&str>,
    ip: Option<&str>,
) -> ApiResult<()> {
    let Some(user) = users::find_by_email(&state.db, &email.trim().to_lowercase()).await? else {
        return Ok(());
    };
    let device = sha256_hex(&format!(
        "{}\n{}",
        user_agent.unwrap_or_default(),
        ip.unwrap_or_default()
    ));
    let now = state.clock.now();
    let txn = crate::db::begin_write(&state.db).await?;
    let known = notifications::known_devices(&txn, user.id).await?;
    notifications::remember_device(&txn, user.id, &device, now).await?;
    if let Some(agency_id) = user.agency_id
        && rules::is_new_device(&device, &known)
    {
        let scope = AgencyScope::new(agency_id);
        if super::settings(&txn, scope)
            .await?
            .enabled(NotificationKind::LoginAlert)
        {
            let at = now
                .format(format_description!(
                    "[year]-[month]-[day] [hour]:[minute] UTC"
                ))
                .unwrap_or_default();
            let event = rules::login_alert(user.id, &device, &at);
            notifications::insert_once(
                &txn,
                scope,
                notifications::NewNotification::of(user.id, event, state.config.smtp_url.is_some()),
                now,
            )
            .await?;
        }
    }
    txn.commit().await?;
    Ok(())
}
