//! The "Webhooks" section of `/integrations`: the agency's webhooks with their events, a
//! form to add one, its signing secret shown once, enabling and disabling, rotating the
//! secret, a test message, and the delivery log with replay.

use confitrek_types::{
    Problem, WebhookDeliveryDto, WebhookDeliveryState, WebhookDto, WebhookEventType, WebhookInput,
};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{ApiResult, webhooks as api};
use crate::components::checkbox_group::CheckboxGroup;
use crate::components::confirm::{AskButton, ConfirmPrompt, Confirmation};
use crate::components::fields::TextField;
use crate::components::problem::{ProblemAlert, load_error};
use crate::format;

/// The events a webhook can hear, as the form offers them.
fn event_choices() -> Vec<(String, String)> {
    WebhookEventType::ALL
        .iter()
        .filter(|e| **e != WebhookEventType::Test)
        .map(|e| (e.as_str().to_owned(), e.label().to_owned()))
        .collect()
}

/// The form as the API's request; the server judges the URL and the events.
pub fn webhook_request(url: &str, description: &str, events: &[String]) -> WebhookInput {
    WebhookInput {
        url: url.trim().to_owned(),
        // In the vocabulary's order, as the server keeps them.
        events: WebhookEventType::ALL
            .iter()
            .copied()
            .filter(|e| events.iter().any(|chosen| chosen == e.as_str()))
            .collect(),
        description: format::optional(description),
        enabled: true,
    }
}

/// The same webhook with `enabled` changed.
fn toggled(webhook: &WebhookDto) -> WebhookInput {
    WebhookInput {
        url: webhook.url.clone(),
        events: webhook.events.clone(),
        description: webhook.description.clone(),
        enabled: !webhook.enabled,
    }
}

/// A secret to copy into the receiver, shown once: for which URL, and the secret.
#[derive(Clone)]
struct Shown {
    url: String,
    secret: String,
    rotated: bool,
}

/// What an admin does to one webhook from the list.
#[derive(Clone, Copy)]
enum Change {
    Toggle(Uuid),
    Test(Uuid),
    Rotate(Uuid),
    Delete(Uuid),
}

#[component]
pub fn WebhooksSection() -> impl IntoView {
    let list = LocalResource::new(api::webhooks);
    let shown = RwSignal::new(None::<Shown>);
    let log = RwSignal::new(None::<(Uuid, Vec<WebhookDeliveryDto>)>);
    // Follows the log of a webhook until no message of it is queued (a minute at most).
    let follow = Action::new_local(move |id: &Uuid| {
        let id = *id;
        async move {
            for _ in 0..30 {
                let deliveries = api::deliveries(id).await?;
                let queued = deliveries
                    .iter()
                    .any(|d| d.state == WebhookDeliveryState::Pending);
                if log.with_untracked(|l| l.as_ref().is_some_and(|(of, _)| *of != id)) {
                    break;
                }
                log.set(Some((id, deliveries)));
                if !queued {
                    break;
                }
                crate::timer::pause(1500).await;
            }
            ApiResult::Ok(())
        }
    });
    let change = Action::new_local(move |change: &Change| {
        let change = *change;
        let current = list
            .get_untracked()
            .and_then(Result::ok)
            .unwrap_or_default();
        async move {
            let of = |id: Uuid| current.iter().find(|w| w.id == id).cloned();
            match change {
                Change::Toggle(id) => {
                    if let Some(webhook) = of(id) {
                        api::replace_webhook(id, &toggled(&webhook)).await?;
                    }
                }
                Change::Test(id) => {
                    api::send_test(id).await?;
                    log.set(None);
                    follow.dispatch(id);
                }
                Change::Rotate(id) => {
                    let rotated = api::rotate_secret(id).await?;
                    shown.set(Some(Shown {
                        url: of(id).map(|w| w.url).unwrap_or_default(),
                        secret: rotated.secret,
                        rotated: true,
                    }));
                }
                Change::Delete(id) => {
                    api::delete_webhook(id).await?;
                    if log.with_untracked(|l| l.as_ref().is_some_and(|(of, _)| *of == id)) {
                        log.set(None);
                    }
                }
            }
            list.refetch();
            ApiResult::Ok(())
        }
    });
    let problem = Signal::derive(move || match change.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None::<Problem>,
    });
    let table = move || {
        Suspend::new(async move {
            list.await.map(|webhooks| {
                if webhooks.is_empty() {
                    return view! { <p class="hint">"No webhook yet."</p> }.into_any();
                }
                let rows = webhooks
                    .into_iter()
                    .map(|webhook| view! { <WebhookRow webhook change follow log /> })
                    .collect_view();
                view! {
                    <table class="stacked webhooks">
                        <thead><tr>
                            <th scope="col">"URL"</th><th scope="col">"Events"</th>
                            <th scope="col">"Status"</th><th scope="col">"Actions"</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                }
                .into_any()
            })
        })
    };
    view! {
        <section class="integration webhooks" aria-labelledby="webhooks-heading">
            <h2 id="webhooks-heading">"Webhooks"</h2>
            <p class="hint">"Other systems hear of changes at a URL of theirs. Each message is signed (Standard Webhooks): the receiver checks the "
                <code>"webhook-signature"</code>" header with the webhook's secret. A receiver that does not answer is tried again for about a day."</p>
            {move || shown.get().map(|s| view! { <SecretOnce shown=s on_done=move || shown.set(None) /> })}
            <ProblemAlert problem />
            <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
                <ErrorBoundary fallback=load_error>{table}</ErrorBoundary>
            </Transition>
            {move || log.get().map(|(id, deliveries)| view! { <DeliveryLog id deliveries follow /> })}
            <NewWebhook list shown />
        </section>
    }
}

#[component]
fn SecretOnce(shown: Shown, on_done: impl Fn() + 'static) -> impl IntoView {
    let heading = if shown.rotated {
        "New signing secret"
    } else {
        "Webhook added"
    };
    let note = if shown.rotated {
        "For 24 hours messages carry a signature with the previous secret too, so the receiver can switch without missing one."
    } else {
        "The receiver checks each message's signature with it."
    };
    view! {
        <section class="secret-once" role="status" aria-labelledby="webhook-secret-heading">
            <h3 id="webhook-secret-heading">{heading}</h3>
            <p>"Copy the signing secret of " <code class="url">{shown.url}</code> " into the receiver now: it is not shown again. " {note}</p>
            <label for="webhook-secret">"Signing secret"</label>
            <input id="webhook-secret" type="text" readonly prop:value=shown.secret
                aria-describedby="webhook-secret-hint"
                on:focus=move |ev| {
                    use leptos::wasm_bindgen::JsCast;
                    if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                        input.select();
                    }
                } />
            <p class="hint" id="webhook-secret-hint">"Select it and copy it (Ctrl+C, or long-press on a phone)."</p>
            <button type="button" on:click=move |_| on_done()>"I have copied it"</button>
        </section>
    }
}

#[component]
fn WebhookRow(
    webhook: WebhookDto,
    change: Action<Change, ApiResult<()>>,
    follow: Action<Uuid, ApiResult<()>>,
    log: RwSignal<Option<(Uuid, Vec<WebhookDeliveryDto>)>>,
) -> impl IntoView {
    let id = webhook.id;
    let busy = move || change.pending().get();
    let confirm = Confirmation::new();
    let events = webhook
        .events
        .iter()
        .map(|e| e.label())
        .collect::<Vec<_>>()
        .join(", ");
    let (status, class) = if webhook.enabled {
        ("Enabled", "status status-active")
    } else {
        ("Disabled", "status status-inactive")
    };
    let toggle = if webhook.enabled { "Disable" } else { "Enable" };
    let showing = move || log.with(|l| l.as_ref().is_some_and(|(of, _)| *of == id));
    view! {
        <tr>
            <th scope="row" class="url">
                {webhook.url.clone()}
                {webhook.description.clone().map(|d| view! { <span class="hint">{d}</span> })}
            </th>
            <td data-label="Events">{events}</td>
            <td data-label="Status"><span class=class>{status}</span></td>
            <td data-label="Actions" class="actions">
                <button type="button" disabled=busy on:click=move |_| { change.dispatch(Change::Toggle(id)); }>{toggle}</button>
                <button type="button" disabled=busy on:click=move |_| { change.dispatch(Change::Test(id)); }>"Send test event"</button>
                <button type="button" disabled=busy on:click=move |_| { change.dispatch(Change::Rotate(id)); }>"Rotate secret"</button>
                <button type="button" aria-pressed=move || showing().to_string()
                    on:click=move |_| { log.set(None); follow.dispatch(id); }>"Delivery log"</button>
                <AskButton confirm>"Delete"</AskButton>
                <ConfirmPrompt confirm inline=true question="Confirm deletion" message="Delete it and its log?"
                    yes="Delete webhook" busy on_yes=move || { change.dispatch(Change::Delete(id)); } />
            </td>
        </tr>
    }
}

#[component]
fn DeliveryLog(
    id: Uuid,
    deliveries: Vec<WebhookDeliveryDto>,
    follow: Action<Uuid, ApiResult<()>>,
) -> impl IntoView {
    let replay = Action::new_local(move |delivery: &Uuid| {
        let delivery = *delivery;
        async move {
            api::replay(id, delivery).await?;
            follow.dispatch(id);
            ApiResult::Ok(())
        }
    });
    let problem = Signal::derive(move || match replay.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None::<Problem>,
    });
    let rows = if deliveries.is_empty() {
        view! { <tr><td colspan="7" class="empty">"Nothing sent yet."</td></tr> }.into_any()
    } else {
        deliveries
            .into_iter()
            .map(|d| {
                let latest = d.attempts.first().cloned();
                let state_class = match d.state {
                    WebhookDeliveryState::Delivered => "status status-active",
                    WebhookDeliveryState::Pending => "status status-inactive",
                    WebhookDeliveryState::Failed => "status status-failed",
                };
                let at = latest.as_ref().map_or(d.created_at, |a| a.attempted_at);
                let http = latest
                    .as_ref()
                    .and_then(|a| a.status)
                    .map_or_else(|| "—".to_owned(), |s| s.to_string());
                let duration = latest
                    .as_ref()
                    .map_or_else(|| "—".to_owned(), |a| format!("{} ms", a.duration_ms));
                let excerpt = latest.as_ref().and_then(|a| a.response_excerpt.clone());
                let error = latest.as_ref().and_then(|a| a.error.clone());
                let delivery = d.id;
                let pending = d.state == WebhookDeliveryState::Pending;
                let next = d
                    .next_attempt_at
                    .filter(|_| d.attempt_count > 0)
                    .map(|at| format!("; next try {}", format::timestamp(at)));
                view! {
                    <tr>
                        <th scope="row">{d.event_type.label()}<span class="hint">{format::timestamp(at)}</span></th>
                        <td data-label="State"><span class=state_class>{d.state.label()}</span>
                            {format!(" ({} attempt{}{})", d.attempt_count, if d.attempt_count == 1 { "" } else { "s" }, next.unwrap_or_default())}</td>
                        <td data-label="HTTP status">{http}</td>
                        <td data-label="Duration">{duration}</td>
                        <td data-label="Response">{excerpt.map(|e| view! { <code class="excerpt">{e}</code> })}</td>
                        <td data-label="Error">{error}</td>
                        <td data-label="Replay">
                            <button type="button" disabled=move || pending || replay.pending().get()
                                on:click=move |_| { replay.dispatch(delivery); }>"Replay"</button>
                        </td>
                    </tr>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <section class="delivery-log" aria-labelledby="delivery-log-heading">
            <h3 id="delivery-log-heading">"Delivery log"</h3>
            <p class="hint">"The latest messages, newest first, kept 30 days. A replay sends a message again with the same id."</p>
            <ProblemAlert problem />
            <div class="table-scroll">
                <table class="stacked deliveries">
                    <thead><tr>
                        <th scope="col">"Event"</th><th scope="col">"State"</th><th scope="col">"HTTP status"</th>
                        <th scope="col">"Duration"</th><th scope="col">"Response"</th><th scope="col">"Error"</th>
                        <th scope="col"><span class="visually-hidden">"Replay"</span></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <button type="button" disabled=move || follow.pending().get() on:click=move |_| { follow.dispatch(id); }>"Refresh log"</button>
        </section>
    }
}

#[component]
fn NewWebhook(
    list: LocalResource<ApiResult<Vec<WebhookDto>>>,
    shown: RwSignal<Option<Shown>>,
) -> impl IntoView {
    let url = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let events = RwSignal::new(vec![WebhookEventType::VerdictChanged.as_str().to_owned()]);
    let sent = RwSignal::new(Vec::<String>::new());
    let create = Action::new_local(move |input: &WebhookInput| {
        let input = input.clone();
        async move {
            let created = api::create_webhook(&input).await?;
            shown.set(Some(Shown {
                url: created.webhook.url,
                secret: created.secret,
                rotated: false,
            }));
            url.set(String::new());
            description.set(String::new());
            list.refetch();
            ApiResult::Ok(())
        }
    });
    let problem = Signal::derive(move || match create.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None::<Problem>,
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = events.get_untracked();
        sent.set(chosen.clone());
        create.dispatch(webhook_request(
            &url.get_untracked(),
            &description.get_untracked(),
            &chosen,
        ));
    };
    view! {
        <form class="new-webhook" on:submit=on_submit novalidate aria-labelledby="new-webhook-heading">
            <h3 id="new-webhook-heading">"Add a webhook"</h3>
            <ProblemAlert problem shown_fields=&["url", "events", "description"] />
            <TextField name="url" label="URL" value=url problem input_type="url" required=true
                hint="https:// and an address on the internet; the receiver answers 2xx within 10 seconds." />
            <TextField name="description" label="Description" value=description problem
                hint="What receives it, e.g. the records system (at most 200 characters)." />
            <CheckboxGroup name="events" legend="Events" choices=Signal::stored(event_choices())
                value=events sent problem />
            <button type="submit" class="primary" disabled=move || create.pending().get()>"Add webhook"</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_becomes_the_request_in_the_vocabularys_order() {
        let request = webhook_request(
            "  https://hooks.example.gov/in ",
            " ",
            &["import.committed".into(), "verdict.changed".into()],
        );
        assert_eq!(request.url, "https://hooks.example.gov/in");
        assert_eq!(request.description, None);
        assert_eq!(
            request.events,
            [
                WebhookEventType::VerdictChanged,
                WebhookEventType::ImportCommitted
            ]
        );
        assert!(request.enabled);
    }

    #[test]
    fn the_test_message_is_not_offered_and_a_toggle_keeps_the_rest() {
        assert!(
            event_choices()
                .iter()
                .all(|(value, _)| value != "webhook.test")
        );
        assert_eq!(event_choices().len(), WebhookEventType::ALL.len() - 1);
        let webhook = WebhookDto {
            id: Uuid::nil(),
            url: "https://hooks.example.gov/in".into(),
            description: Some("Records".into()),
            events: vec![WebhookEventType::VerdictChanged],
            enabled: true,
            created_at: time::OffsetDateTime::UNIX_EPOCH,
            updated_at: time::OffsetDateTime::UNIX_EPOCH,
            previous_secret_expires_at: None,
        };
        let input = toggled(&webhook);
        assert!(!input.enabled);
        assert_eq!(input.url, webhook.url);
        assert_eq!(input.events, webhook.events);
        assert_eq!(input.description, webhook.description);
    }
}
