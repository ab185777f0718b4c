//! A calendar feed's subscription URL, ready to copy into a calendar app, and a button that
//! gives it a new secret URL (the old one then stops working).

use confitrek_types::{CalendarFeedDto, CalendarFeedKind, Problem};
use leptos::prelude::*;

use crate::api::{self, ApiResult};
use crate::components::problem::{ProblemAlert, load_error};

fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// The caller's feeds of one kind: his or her own, or the agency's (coordinators and admins).
/// Shows nothing when the caller has no feed of that kind.
#[component]
pub fn CalendarFeeds(kind: CalendarFeedKind) -> impl IntoView {
    let feeds = LocalResource::new(api::calendar_feeds);
    view! {
        <Transition fallback=|| ()>
            <ErrorBoundary fallback=load_error>
                {move || Suspend::new(async move {
                    feeds.await.map(|list| {
                        list.into_iter()
                            .filter(|f| f.kind == kind)
                            .map(|feed| view! { <FeedUrl feed /> })
                            .collect_view()
                    })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn FeedUrl(feed: CalendarFeedDto) -> impl IntoView {
    let (title, hint) = match feed.kind {
        CalendarFeedKind::Person => (
            "My calendar",
            "Your deadlines, credential expiries and sessions, in any calendar app that subscribes to a URL.",
        ),
        CalendarFeedKind::Agency => (
            "Agency calendar",
            "Every session, and the coming months' deadlines of everyone, for the training office's calendar.",
        ),
    };
    let input_id = format!("calendar-feed-{}", feed.id);
    let heading_id = format!("{input_id}-heading");
    let current = RwSignal::new(feed);
    let rotate = Action::new_local(move |_: &()| {
        let id = current.get_untracked().id;
        async move {
            let rotated = api::rotate_calendar_feed(id).await?;
            current.set(rotated);
            ApiResult::Ok(())
        }
    });
    let problem = Signal::derive(move || match rotate.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None::<Problem>,
    });
    let rotated = move || matches!(rotate.value().get(), Some(Ok(())));
    let url = move || format!("{}{}", origin(), current.get().url);
    view! {
        <section class="calendar-feed" aria-labelledby=heading_id.clone()>
            <h2 id=heading_id.clone()>{title}</h2>
            <p class="hint">{hint} " Anyone with the URL can read it: rotate it if it was shared by mistake."</p>
            <label for=input_id.clone()>"Subscription URL"</label>
            <input id=input_id type="text" readonly prop:value=url
                on:focus=move |ev| {
                    use leptos::wasm_bindgen::JsCast;
                    if let Some(input) = ev
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                    {
                        input.select();
                    }
                } />
            <button type="button" disabled=move || rotate.pending().get()
                on:click=move |_| { rotate.dispatch(()); }>
                "Rotate URL"
            </button>
            {move || rotated().then(|| view! {
                <p role="status">"New URL made; the old one no longer works. Update your calendar app."</p>
            })}
            <ProblemAlert problem />
        </section>
    }
}
