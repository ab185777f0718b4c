//! `/notifications`: the signed-in user's notifications, newest first, with whether each
//! one's email went out; opening one marks it read.

use confitrek_types::NotificationDto;
use leptos::prelude::*;

use leptos_router::components::A;

use crate::api::notifications as api;
use crate::components::paged::{Layout, LoadMore, PagedList, Paging};
use crate::components::problem::ProblemAlert;
use crate::format::timestamp;
use crate::routes::Route;

/// How the email of a notification is described.
pub fn email_label(state: &str) -> &'static str {
    match state {
        "sent" => "Emailed",
        "pending" => "Email waiting to be sent",
        "failed" => "Email could not be delivered",
        _ => "In the app only",
    }
}

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let paging = Paging::new();
    let mark_all = Action::new_local(move |_: &()| async move {
        let marked = api::mark_all_read().await;
        // Read afresh from the first page once all are marked read.
        if marked.is_ok() {
            paging.reload();
        }
        marked
    });
    let problem = Signal::derive(move || match mark_all.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None,
    });
    view! {
        <h1>"Notifications"</h1>
        <p class="hint">"Reminders before your deadlines, credentials about to expire, policies to acknowledge, and alerts about your account. Times are UTC."</p>
        <ProblemAlert problem />
        <p>
            <button type="button" disabled=move || mark_all.pending().get()
                on:click=move |_| { mark_all.dispatch(()); }>"Mark all read"</button>
        </p>
        <PagedList paging layout={Layout::List("notifications")}
            fetch={|cursor: Option<String>| async move { api::notifications(cursor.as_deref()).await }}
            empty=|| "Nothing to tell you yet."
            row={|notification: NotificationDto| view! { <NotificationItem notification /> }}
        />
        <LoadMore paging />
    }
}

#[component]
fn NotificationItem(notification: NotificationDto) -> impl IntoView {
    let id = notification.id;
    let read = RwSignal::new(notification.read_at.is_some());
    let mark = Action::new_local(move |_: &()| async move {
        let result = api::mark_read(id).await;
        if result.is_ok() {
            read.set(true);
        }
        result
    });
    view! {
        <li class="notification" class:unread=move || !read.get()>
            <details on:toggle=move |_| {
                if !read.get_untracked() {
                    mark.dispatch(());
                }
            }>
                <summary>
                    <span class="subject">{notification.subject.clone()}</span>
                    <span class="when">{timestamp(notification.created_at)}</span>
                    <Show when=move || !read.get()>
                        <span class="badge">"New"</span>
                    </Show>
                </summary>
                <p class="body">{notification.body.clone()}</p>
                {notification.person_id.map(|p| view! {
                    <p><A href=Route::Person(p).path()>"Open the person's page"</A></p>
                })}
                <p class="hint">{email_label(&notification.email_state)}</p>
            </details>
        </li>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_email_state_has_words() {
        assert_eq!(super::email_label("sent"), "Emailed");
        assert_eq!(super::email_label("skipped"), "In the app only");
        assert_eq!(super::email_label("failed"), "Email could not be delivered");
    }
}

/// "Notifications" in the header, with "3 unread" while any are. Counted again on every
/// page change, so reading them on the list clears it.
#[component]
pub fn UnreadNotifications() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let count = LocalResource::new(move || {
        location.pathname.track();
        api::unread_count()
    });
    let unread = move || {
        count
            .get()
            .and_then(Result::ok)
            .filter(|c| c.unread > 0)
            .map(|c| view! { " " <span class="unread-count">{format!("{} unread", c.unread)}</span> })
    };
    view! {
        <a class="notifications-link" href=crate::routes::Route::Notifications.path()>
            "Notifications"{unread}
        </a>
    }
}
