//! `/my-policies`: the policies assigned to the signed-in person, each with the text of its
//! current version, when it is due, and the attestation "I have read and understood".

use confitrek_types::{AcknowledgeInput, AssignedPolicyDto, Problem};
use leptos::prelude::*;

use crate::api::{self, ApiResult};
use crate::components::problem::{ProblemAlert, load_error};
use crate::format::{date, timestamp};
use crate::pages::person::no_such;
use crate::policies::{status_class, status_label};
use crate::session::Session;

type Assigned = LocalResource<ApiResult<Vec<AssignedPolicyDto>>>;

#[component]
pub fn MyPoliciesPage() -> impl IntoView {
    let person = Session::get().me().and_then(|me| me.person_id);
    let assigned: Assigned = LocalResource::new(move || async move {
        match person {
            Some(id) => api::person_policies(id).await,
            None => no_such("person on the roster for this login"),
        }
    });
    let list = move || {
        Suspend::new(async move {
            assigned.await.map(|list| {
                if list.is_empty() {
                    return view! { <p class="hint">"No policies are assigned to you."</p> }
                        .into_any();
                }
                list.into_iter()
                    .map(|p| view! { <AssignedPolicy policy=p assigned /> })
                    .collect_view()
                    .into_any()
            })
        })
    };
    view! {
        <h1>"My policies"</h1>
        <p class="hint">
            "Read each policy assigned to you and acknowledge its current version by the date "
            "shown. A new version needs acknowledging again."
        </p>
        <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
            <ErrorBoundary fallback=load_error>{list}</ErrorBoundary>
        </Transition>
    }
}

#[component]
fn AssignedPolicy(policy: AssignedPolicyDto, assigned: Assigned) -> impl IntoView {
    let heading_id = format!("policy-{}", policy.policy_id);
    let version = policy.current.version;
    let summary = match &policy.acknowledgement {
        Some(a) => format!(
            "Version {version}, acknowledged {}.",
            timestamp(a.acknowledged_at)
        ),
        None => format!(
            "Version {version}, published {}: acknowledge by {}.",
            date(Some(policy.current.published_on)),
            date(Some(policy.due))
        ),
    };
    let acknowledge = policy.acknowledgement.is_none().then(|| {
        view! {
            <AcknowledgeForm version_id=policy.current.id title=policy.title.clone() version assigned />
        }
    });
    view! {
        <article class="assigned-policy" aria-labelledby=heading_id.clone()>
            <h2 id=heading_id.clone()>
                {policy.title.clone()} " "
                <span class=status_class(policy.status)>{status_label(policy.status)}</span>
            </h2>
            <p class="hint">{summary}</p>
            <details class="policy-version" open=policy.acknowledgement.is_none()>
                <summary>{format!("Text of version {version}")}</summary>
                <div class="policy-text">{policy.current.content.clone()}</div>
                {policy.current.file_id.map(|_| view! {
                    <p><a href=api::policy_document_url(policy.current.policy_id, version) download>
                        "Read the document"
                    </a></p>
                })}
            </details>
            {acknowledge}
        </article>
    }
}

#[component]
fn AcknowledgeForm(
    version_id: uuid::Uuid,
    title: String,
    version: u32,
    assigned: Assigned,
) -> impl IntoView {
    let attest = RwSignal::new(false);
    let send = Action::new_local(move |input: &AcknowledgeInput| {
        let input = input.clone();
        async move {
            api::acknowledge(&input).await?;
            assigned.refetch();
            ApiResult::Ok(())
        }
    });
    let problem: Signal<Option<Problem>> = Signal::derive(move || match send.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None,
    });
    let checkbox_id = format!("attest-{version_id}");
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send.dispatch(AcknowledgeInput {
            policy_version_id: version_id,
            attest: attest.get_untracked(),
            person_id: None,
        });
    };
    view! {
        <form class="acknowledge-form" on:submit=on_submit novalidate>
            <ProblemAlert problem />
            <div class="check">
                <input type="checkbox" id=checkbox_id.clone()
                    prop:checked=move || attest.get()
                    on:change=move |ev| attest.set(event_target_checked(&ev)) />
                <label for=checkbox_id>
                    {format!("I have read and understood {title}, version {version}.")}
                </label>
            </div>
            <button type="submit" class="primary"
                disabled=move || !attest.get() || send.pending().get()>
                {move || if send.pending().get() { "Sending…" } else { "Acknowledge" }}
            </button>
        </form>
    }
}
