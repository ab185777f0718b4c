//! `/verification`: training people reported themselves, waiting for the training office to
//! check it against its certificate, then verify it (its hours count) or reject it with a
//! reason the person reads.

use std::collections::{BTreeMap, BTreeSet};

use confitrek_types::{FieldProblem, Problem, RejectRequest, TrainingRecordDto};
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

use crate::api::{self, ApiResult};
use crate::components::certificate::Certificate;
use crate::components::problem::{ProblemAlert, load_error};
use crate::format::date;
use crate::pages::courses::topic_titles;
use crate::routes::Route;
use crate::training::hours_summary;

type Queue = LocalResource<ApiResult<confitrek_types::Page<TrainingRecordDto>>>;

/// A reason as the API takes it, or the field error of a blank one.
pub fn reject_request(reason: &str) -> Result<RejectRequest, FieldProblem> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(FieldProblem {
            field: "reason".into(),
            message: "is required: say what is wrong, so the person can fix it".into(),
        });
    }
    Ok(RejectRequest {
        reason: reason.to_owned(),
    })
}

#[component]
pub fn VerificationPage() -> impl IntoView {
    let queue: Queue = LocalResource::new(|| api::pending_records(None));
    // Outlives the queue's reload after a verification, so its outcome stays on screen.
    let notice = RwSignal::new(None::<String>);
    let topics = LocalResource::new(api::topics);
    let body = move || {
        Suspend::new(async move {
            let page = queue.await?;
            let titles = topics.await.map(|t| topic_titles(&t)).unwrap_or_default();
            ApiResult::Ok(view! { <QueueList items=page.items titles queue notice /> })
        })
    };
    view! {
        <h1>"Records to verify"</h1>
        <p class="hint">
            "Training people reported themselves. Its hours count once verified; a rejected record "
            "shows the person your reason."
        </p>
        <p class="notice" role="status">{move || notice.get()}</p>
        <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
            <ErrorBoundary fallback=load_error>{body}</ErrorBoundary>
        </Transition>
    }
}

#[component]
fn QueueList(
    items: Vec<TrainingRecordDto>,
    titles: BTreeMap<String, String>,
    queue: Queue,
    notice: RwSignal<Option<String>>,
) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="notice" role="status">"Nothing waits for verification."</p> }
            .into_any();
    }
    let ticked = RwSignal::new(BTreeSet::<Uuid>::new());
    let all: BTreeSet<Uuid> = items.iter().map(|r| r.id).collect();
    let verify = Action::new_local(move |ids: &Vec<Uuid>| {
        let ids = ids.clone();
        async move {
            // One by one: each record's verdict is refreshed with it; the first refusal stops.
            let mut done = 0;
            let outcome = async {
                for id in &ids {
                    api::verify_record(*id).await?;
                    done += 1;
                }
                ApiResult::Ok(())
            }
            .await;
            notice.set((done > 0).then(|| format!("{done} verified.")));
            ticked.set(BTreeSet::new());
            queue.refetch();
            outcome
        }
    });
    let problem = Signal::derive(move || match verify.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None,
    });
    let count = move || ticked.with(BTreeSet::len);
    let rows = items
        .into_iter()
        .map(|r| view! { <PendingRecord record=r titles=titles.clone() queue ticked /> })
        .collect_view();
    view! {
        <div class="bulk-verify">
            <button type="button" on:click=move |_| {
                if ticked.with(|t| *t == all) { ticked.set(BTreeSet::new()) } else { ticked.set(all.clone()) }
            }>"Select all"</button>
            <button type="button" class="primary" disabled=move || count() == 0 || verify.pending().get()
                on:click=move |_| { verify.dispatch(ticked.get_untracked().into_iter().collect()); }>
                {move || format!("Verify selected ({})", count())}
            </button>
            <ProblemAlert problem />
        </div>
        <ul class="training-records">{rows}</ul>
    }
    .into_any()
}

#[component]
fn PendingRecord(
    record: TrainingRecordDto,
    titles: BTreeMap<String, String>,
    queue: Queue,
    ticked: RwSignal<BTreeSet<Uuid>>,
) -> impl IntoView {
    let id = record.id;
    let rejecting = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let local = RwSignal::new(None::<Problem>);
    let decide = Action::new_local(move |reject: &Option<RejectRequest>| {
        let reject = reject.clone();
        async move {
            match reject {
                None => api::verify_record(id).await?,
                Some(request) => api::reject_record(id, &request).await?,
            };
            queue.refetch();
            ApiResult::Ok(())
        }
    });
    let problem = Signal::derive(move || {
        local.get().or_else(|| match decide.value().get() {
            Some(Err(e)) => Some(e.into_problem()),
            _ => None,
        })
    });
    let message = move || {
        problem
            .get()
            .and_then(|p| p.field_message("reason").map(str::to_owned))
    };
    let reason_id = format!("reason-{id}");
    let on_reject = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match reject_request(&reason.get_untracked()) {
            Ok(request) => {
                local.set(None);
                decide.dispatch(Some(request));
            }
            Err(p) => local.set(Some(Problem::invalid_input(vec![p]))),
        }
    };
    let mut earns = hours_summary(&record.hours, &titles);
    for event in &record.events {
        let title = titles.get(event).cloned().unwrap_or_else(|| event.clone());
        earns = if earns.is_empty() {
            title
        } else {
            format!("{earns}, {title}")
        };
    }
    let heading = record.title.clone();
    let label = format!("{} — {}", record.person_name, heading);
    let person = record.person_name;
    let select_label = format!("Select {label}");
    view! {
        <li class="training-record" aria-label=label>
            <input type="checkbox" class="pick" aria-label=select_label
                prop:checked=move || ticked.with(|t| t.contains(&id))
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    ticked.update(|t| { if on { t.insert(id); } else { t.remove(&id); } });
                } />
            <h2><A href=Route::Person(record.person_id).path()>{person}</A></h2>
            <p class="record-title">{heading.clone()}</p>
            <p>{date(Some(record.completed_on))} " · " {earns}</p>
            <Certificate record_id=id current=record.certificate.clone() can_file=false />
            <ProblemAlert problem shown_fields=&["reason"] />
            <div class="item-actions">
                <button type="button" class="primary" disabled=move || decide.pending().get()
                    on:click=move |_| { decide.dispatch(None); }>
                    "Verify" <span class="visually-hidden">{format!(" {heading}")}</span>
                </button>
                <button type="button" hidden=move || rejecting.get() on:click=move |_| rejecting.set(true)>
                    "Reject…"
                </button>
            </div>
            <Show when=move || rejecting.get()>
                <form class="reject-form" on:submit=on_reject novalidate>
                    <div class="field" class:invalid=move || message().is_some()>
                        <label for=reason_id.clone()>"Why is it rejected?"</label>
                        <textarea id=reason_id.clone() rows="2" prop:value=move || reason.get()
                            aria-invalid=move || message().is_some().then_some("true")
                            on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                        <p class="field-error" hidden=move || message().is_none()>{message}</p>
                    </div>
                    <button type="submit" class="danger" disabled=move || decide.pending().get()>"Reject with this reason"</button>
                    <button type="button" on:click=move |_| rejecting.set(false)>"Cancel"</button>
                </form>
            </Show>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rejection_needs_a_reason() {
        assert_eq!(reject_request("  ").unwrap_err().field, "reason");
        assert_eq!(
            reject_request(" Attach the certificate ").unwrap().reason,
            "Attach the certificate"
        );
    }
}
