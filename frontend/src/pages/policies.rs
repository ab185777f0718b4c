//! `/policies` and `/policies/:id`: the agency's policies; one policy with who has
//! acknowledged its current version, the form to publish a new version, and every version.

use confitrek_types::{
    PersonDto, PolicyDetailDto, PolicyDto, PolicyProgressDto, PolicyVersionDto, PolicyVersionInput,
    Problem,
};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use uuid::Uuid;

use crate::agency_rules::profile::assignment_summary;
use crate::api::{self, ApiResult};
use crate::components::confirm::{AskButton, ConfirmPrompt, Confirmation};
use crate::components::fields::{FieldError, described_by, field_message};
use crate::components::person_select::whole_roster;
use crate::components::problem::{ProblemAlert, load_error};
use crate::format::date;
use crate::pages::person::{id_param, no_such};
use crate::policies::{progress_percent, progress_text};
use crate::routes::{RoleAbilities, Route};
use crate::session::Session;
use crate::upload::chosen_file;

fn can_manage() -> bool {
    Session::get()
        .role_untracked()
        .is_some_and(RoleAbilities::manages_credentials_and_policies)
}

/// Whom a policy reaches, in words, naming people once the roster is loaded.
fn assigned_to(
    policy: &PolicyDto,
    roster: LocalResource<ApiResult<Vec<PersonDto>>>,
) -> impl Fn() -> String + use<> {
    let assignment = policy.assignment.clone();
    move || {
        let people: Vec<PersonDto> = roster.get().and_then(Result::ok).unwrap_or_default();
        assignment_summary(&assignment, |id| {
            people
                .iter()
                .find(|x| x.id == id)
                .map(PersonDto::display_name)
        })
    }
}

fn current_version(policy: &PolicyDto) -> String {
    match (policy.current_version, policy.published_on) {
        (Some(v), Some(on)) => format!("Version {v}, published {}", date(Some(on))),
        _ => "No version published yet".into(),
    }
}

#[component]
pub fn PoliciesPage() -> impl IntoView {
    let policies = LocalResource::new(api::policies);
    let roster = LocalResource::new(whole_roster);
    let add = can_manage().then(|| {
        view! { <A href=Route::NewPolicy.path() attr:class="button primary">"Add policy"</A> }
    });
    let list = move || {
        Suspend::new(async move {
            policies.await.map(|list| {
                if list.is_empty() {
                    return view! { <p class="hint">"No policies yet."</p> }.into_any();
                }
                let items = list
                    .into_iter()
                    .map(|p| {
                        let heading_id = format!("policy-{}", p.id);
                        let (title, current, reach) =
                            (p.title.clone(), current_version(&p), assigned_to(&p, roster));
                        view! {
                            <li>
                                <article class="profile" aria-labelledby=heading_id.clone()>
                                    <h2 id=heading_id.clone()>
                                        <A href=Route::Policy(p.id).path()>{title}</A>
                                    </h2>
                                    <dl class="facts">
                                        <dt>"Current"</dt><dd>{current}</dd>
                                        <dt>"To acknowledge within"</dt><dd>{format!("{} days", p.due_days)}</dd>
                                        <dt>"Assigned to"</dt><dd>{reach}</dd>
                                        <dt>"Code"</dt><dd><code>{p.code.clone()}</code></dd>
                                    </dl>
                                </article>
                            </li>
                        }
                    })
                    .collect_view();
                view! { <ul class="profile-list">{items}</ul> }.into_any()
            })
        })
    };
    view! {
        <div class="page-head">
            <h1>"Policies"</h1>
            {add}
        </div>
        <p class="hint">
            "Each person a policy is assigned to acknowledges each new version within the "
            "policy's days; until then the policy shows in his or her compliance."
        </p>
        <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
            <ErrorBoundary fallback=load_error>{list}</ErrorBoundary>
        </Transition>
    }
}

#[component]
pub fn PolicyPage() -> impl IntoView {
    let id = id_param();
    let detail = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => api::policy(id).await,
                None => no_such("policy"),
            }
        }
    });
    let body = move || {
        Suspend::new(async move {
            detail
                .await
                .map(|d| view! { <PolicyDetail detail=d reload=detail /> })
        })
    };
    view! {
        <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
            <ErrorBoundary fallback=load_error>{body}</ErrorBoundary>
        </Transition>
    }
}

#[component]
fn PolicyDetail(
    detail: PolicyDetailDto,
    reload: LocalResource<ApiResult<PolicyDetailDto>>,
) -> impl IntoView {
    let manage = can_manage();
    let policy = detail.policy.clone();
    let roster = LocalResource::new(whole_roster);
    let actions = manage.then(|| {
        view! {
            <div class="actions">
                <A href=Route::EditPolicy(policy.id).path() attr:class="button">"Edit"</A>
                <DeletePolicy id=policy.id name=policy.title.clone() />
            </div>
        }
    });
    let current = detail.versions.first().cloned();
    let progress = detail
        .progress
        .clone()
        .map(|p| view! { <Progress progress=p /> }.into_any());
    let publish = manage.then(|| {
        view! { <PublishForm policy_id=policy.id current=current.clone() reload /> }
    });
    let versions = detail
        .versions
        .iter()
        .map(|v| view! { <Version version=v.clone() /> })
        .collect_view();
    view! {
        <div class="page-head">
            <h1>{policy.title.clone()}</h1>
            {actions}
        </div>
        <dl class="facts">
            <dt>"Current"</dt><dd>{current_version(&policy)}</dd>
            <dt>"To acknowledge within"</dt><dd>{format!("{} days of each new version", policy.due_days)}</dd>
            <dt>"Assigned to"</dt><dd>{assigned_to(&policy, roster)}</dd>
            <dt>"Requirement"</dt><dd><code>{format!("policy.{}", policy.code)}</code></dd>
        </dl>
        <section class="acknowledgements" aria-labelledby="acknowledgements-heading">
            <h2 id="acknowledgements-heading">"Acknowledgements"</h2>
            {progress.unwrap_or_else(|| view! {
                <p class="hint">"Nothing to acknowledge until a first version is published."</p>
            }.into_any())}
        </section>
        {publish}
        <section class="versions" aria-labelledby="versions-heading">
            <h2 id="versions-heading">"Versions"</h2>
            {detail.versions.is_empty().then(|| view! { <p class="hint">"None yet."</p> })}
            <ul class="version-list">{versions}</ul>
        </section>
    }
}

#[component]
fn Progress(progress: PolicyProgressDto) -> impl IntoView {
    let text = progress_text(&progress);
    let percent = progress_percent(&progress);
    let all_done = progress.pending.is_empty();
    let pending = progress
        .pending
        .into_iter()
        .map(|p| {
            let overdue = p
                .overdue
                .then(|| view! { <span class="badge bad">"Overdue"</span> });
            view! {
                <li>
                    <A href=Route::Person(p.person_id).path()>{p.name}</A>
                    {format!(" ({}), due {} ", p.badge, date(Some(p.due)))}
                    {overdue}
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="progress">
            <progress max="100" value=percent.to_string() aria-label=text.clone()></progress>
            <span class="progress-text" role="status">{text}</span>
        </div>
        <Show when=move || all_done>
            <p class="hint">"Everyone it is assigned to has acknowledged it."</p>
        </Show>
        {(!all_done).then(|| view! {
            <h3 id="pending-heading">"Not yet acknowledged"</h3>
            <ul class="pending-list" aria-labelledby="pending-heading">{pending}</ul>
        })}
    }
}

#[component]
fn Version(version: PolicyVersionDto) -> impl IntoView {
    let heading = format!(
        "Version {}, published {}",
        version.version,
        date(Some(version.published_on))
    );
    let short_hash: String = version.content_sha256.chars().take(12).collect();
    view! {
        <li>
            <details class="policy-version">
                <summary>{heading}</summary>
                <p class="hint">
                    "SHA-256 " <code title=version.content_sha256.clone()>{short_hash}</code>
                </p>
                <div class="policy-text">{version.content.clone()}</div>
                {version.file_id.map(|_| view! {
                    <p><a href=api::policy_document_url(version.policy_id, version.version) download>
                        {format!("Document of version {}", version.version)}
                    </a></p>
                })}
            </details>
        </li>
    }
}

#[component]
fn PublishForm(
    policy_id: Uuid,
    current: Option<PolicyVersionDto>,
    reload: LocalResource<ApiResult<PolicyDetailDto>>,
) -> impl IntoView {
    let next = current.as_ref().map_or(1, |v| v.version + 1);
    // A new version usually revises the current text: start from it.
    let content = RwSignal::new(current.map(|v| v.content).unwrap_or_default());
    let document = NodeRef::<leptos::html::Input>::new();
    let publish = Action::new_local(move |input: &PolicyVersionInput| {
        let mut input = input.clone();
        let chosen = document.get_untracked();
        async move {
            // The document goes first; the version then carries it.
            if let Some(element) = chosen
                && let Some(bytes) = chosen_file(&element).await?
            {
                input.document_id = Some(api::upload_policy_document(policy_id, bytes).await?.id);
                element.set_value("");
            }
            let published = api::publish_policy_version(policy_id, &input).await?;
            reload.refetch();
            ApiResult::Ok(published)
        }
    });
    let problem: Signal<Option<Problem>> = Signal::derive(move || match publish.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None,
    });
    let message = field_message(problem, "content");
    let file_message = field_message(problem, "file");
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        publish.dispatch(PolicyVersionInput {
            content: content.get_untracked(),
            document_id: None,
        });
    };
    let label = format!("Publish version {next}");
    view! {
        <section class="publish" aria-labelledby="publish-heading">
            <h2 id="publish-heading">"Publish a new version"</h2>
            <form class="publish-form" on:submit=on_submit novalidate>
                <ProblemAlert problem shown_fields=&["content", "file"] />
                <div class="field" class:invalid=move || message.with(Option::is_some)>
                    <label for="content">{format!("Text of version {next}")}</label>
                    <p class="hint" id="hint-content">
                        "Everyone the policy is assigned to must acknowledge it again, within the policy's days."
                    </p>
                    <textarea id="content" name="content" rows="12"
                        aria-invalid=move || message.with(Option::is_some).then_some("true")
                        aria-describedby=move || described_by("content", Some("hint-content"), message.with(Option::is_some))
                        prop:value=move || content.get()
                        on:input=move |ev| content.set(event_target_value(&ev))></textarea>
                    <FieldError name="content" message />
                </div>
                <div class="field" class:invalid=move || file_message.with(Option::is_some)>
                    <label for="file">"Document (optional): PDF, PNG or JPEG"</label>
                    <p class="hint" id="hint-file">"The signed order, if there is one: it is part of what everyone acknowledges."</p>
                    <input id="file" name="file" type="file" accept="application/pdf,image/png,image/jpeg"
                        node_ref=document
                        aria-invalid=move || file_message.with(Option::is_some).then_some("true")
                        aria-describedby=move || described_by("file", Some("hint-file"), file_message.with(Option::is_some)) />
                    <FieldError name="file" message=file_message />
                </div>
                <button type="submit" class="primary" disabled=move || publish.pending().get()>
                    {move || if publish.pending().get() { "Publishing…".to_owned() } else { label.clone() }}
                </button>
            </form>
        </section>
    }
}

#[component]
fn DeletePolicy(id: Uuid, name: String) -> impl IntoView {
    let navigate = use_navigate();
    let confirm = Confirmation::new();
    let delete = Action::new_local(move |_: &()| {
        let navigate = navigate.clone();
        async move {
            api::delete_policy(id).await?;
            navigate(&Route::Policies.path(), Default::default());
            ApiResult::Ok(())
        }
    });
    let problem = Signal::derive(move || match delete.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None,
    });
    let question = format!("Delete {name}?");
    view! {
        <AskButton confirm>"Delete"</AskButton>
        <ConfirmPrompt confirm question yes="Yes, delete" busy=delete.pending()
            on_yes=move || { delete.dispatch(()); } />
        <ProblemAlert problem />
    }
}
