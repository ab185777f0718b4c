//! The "API keys" section of `/integrations`: the agency's service accounts (another system's
//! identity, with the scopes its keys may use) and their keys. A key's secret is shown once,
//! right after it is made, to be copied into the other system.

use confitrek_types::{
    ApiKeyDto, ApiKeyInput, ApiScope, FieldProblem, Problem, ServiceAccountDto, ServiceAccountInput,
};
use leptos::prelude::*;
use time::OffsetDateTime;

use crate::api::ApiResult;
use crate::api::service_accounts as api;
use crate::components::confirm::{AskButton, ConfirmPrompt, Confirmation};
use crate::components::fields::{FieldError, TextField, field_message};
use crate::components::problem::{ProblemAlert, load_error};
use crate::format;

fn problem_of<T>(
    action: Action<impl Send + Sync + 'static, ApiResult<T>>,
) -> Signal<Option<Problem>>
where
    T: Send + Sync + Clone + 'static,
{
    Signal::derive(move || match action.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None,
    })
}

#[component]
pub fn ApiKeysSection() -> impl IntoView {
    // Bumped after each change, so the list is read again.
    let version = RwSignal::new(0u32);
    let accounts = LocalResource::new(move || {
        version.get();
        api::service_accounts()
    });
    let changed = Callback::new(move |()| version.update(|v| *v += 1));
    let list = move || {
        Suspend::new(async move {
            accounts.await.map(|page| {
                if page.items.is_empty() {
                    view! { <p>"No service account yet."</p> }.into_any()
                } else {
                    page.items
                        .into_iter()
                        .map(|account| view! { <AccountCard account changed /> })
                        .collect_view()
                        .into_any()
                }
            })
        })
    };
    view! {
        <section class="integration api-keys" aria-labelledby="api-keys-heading">
            <h2 id="api-keys-heading">"API keys"</h2>
            <p class="hint">
                "Another system (a records system, a scheduler, an HR system) reads and writes through the API with a key of its service account, limited to the account's scopes. Everything it does is in the audit log under the account's name."
            </p>
            <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
                <ErrorBoundary fallback=load_error>{list}</ErrorBoundary>
            </Transition>
            <NewAccountForm changed />
        </section>
    }
}

fn scope_labels(scopes: &[ApiScope]) -> String {
    scopes
        .iter()
        .map(|s| s.label())
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
fn AccountCard(account: ServiceAccountDto, changed: Callback<()>) -> impl IntoView {
    let id = account.id;
    let heading = format!("service-account-{id}");
    let labelled_by = heading.clone();
    let disabled = account.disabled_at.is_some();
    let confirm = Confirmation::new();
    let disable = Action::new_local(move |_: &()| async move {
        api::disable_service_account(id).await?;
        changed.run(());
        ApiResult::Ok(())
    });
    let problem = problem_of(disable);
    let keys = account.keys.clone();
    view! {
        <article class="service-account" aria-labelledby=labelled_by>
            <h3 id=heading>
                {account.name.clone()}
                {disabled.then(|| view! { <span class="badge">" Disabled"</span> })}
            </h3>
            {account.description.clone().map(|d| view! { <p>{d}</p> })}
            <p>"Scopes: " {scope_labels(&account.scopes)}</p>
            <KeyTable account=id keys changed />
            <Show when=move || !disabled>
                <NewKeyForm account=id changed />
                <div class="row-actions">
                    <AskButton confirm>"Disable account"</AskButton>
                </div>
                <ConfirmPrompt confirm question="Disable the service account?"
                    message="Every key of this account stops working at once. Its history stays. Disable it?"
                    yes="Yes, disable" busy=disable.pending() on_yes=move || { disable.dispatch(()); } />
            </Show>
            <ProblemAlert problem />
        </article>
    }
}

fn key_state(key: &ApiKeyDto, now: OffsetDateTime) -> &'static str {
    if key.revoked_at.is_some() {
        "Revoked"
    } else if key.expires_at.is_some_and(|at| at <= now) {
        "Expired"
    } else {
        "Active"
    }
}

fn now() -> OffsetDateTime {
    let millis = web_sys::js_sys::Date::now();
    OffsetDateTime::from_unix_timestamp((millis / 1000.0) as i64)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

#[component]
fn KeyTable(account: uuid::Uuid, keys: Vec<ApiKeyDto>, changed: Callback<()>) -> impl IntoView {
    if keys.is_empty() {
        return view! { <p>"No key yet."</p> }.into_any();
    }
    let revoke = Action::new_local(move |key: &uuid::Uuid| {
        let key = *key;
        async move {
            api::revoke_api_key(account, key).await?;
            changed.run(());
            ApiResult::Ok(())
        }
    });
    let problem = problem_of(revoke);
    let now = now();
    let rows = keys
        .into_iter()
        .map(|key| {
            let state = key_state(&key, now);
            let id = key.id;
            let label = format!("Revoke key {}", key.name);
            view! {
                <tr>
                    <th scope="row">{key.name.clone()}</th>
                    <td><code>{key.prefix.clone()}</code></td>
                    <td>{state}</td>
                    <td>{key.expires_at.map_or_else(|| "Never".to_owned(), format::timestamp)}</td>
                    <td>{key.last_used_at.map_or_else(|| "Never".to_owned(), format::timestamp)}</td>
                    <td>{key.rate_limit_per_minute} " / min"</td>
                    <td>
                        {(state == "Active").then(|| view! {
                            <button type="button" aria-label=label.clone()
                                disabled=move || revoke.pending().get()
                                on:click=move |_| { revoke.dispatch(id); }>"Revoke"</button>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table>
                <caption class="visually-hidden">"Keys"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Key"</th>
                        <th scope="col">"Starts with"</th>
                        <th scope="col">"State"</th>
                        <th scope="col">"Expires"</th>
                        <th scope="col">"Last used"</th>
                        <th scope="col">"Limit"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <ProblemAlert problem />
    }
    .into_any()
}

/// The new key's request, or the fields that cannot be sent as typed.
fn key_request(name: &str, expires_on: &str, rate: &str) -> Result<ApiKeyInput, Vec<FieldProblem>> {
    let mut errors = Vec::new();
    let expires_on = format::parse_date_input(expires_on).unwrap_or_else(|message| {
        errors.push(FieldProblem {
            field: "expires_on".into(),
            message,
        });
        None
    });
    let rate = rate.trim();
    let rate_limit_per_minute = if rate.is_empty() {
        None
    } else {
        rate.parse::<i32>().map(Some).unwrap_or_else(|_| {
            errors.push(FieldProblem {
                field: "rate_limit_per_minute".into(),
                message: "must be a whole number of requests".into(),
            });
            None
        })
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ApiKeyInput {
        name: name.trim().to_owned(),
        expires_on,
        rate_limit_per_minute,
    })
}

#[component]
fn NewKeyForm(account: uuid::Uuid, changed: Callback<()>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let expires_on = RwSignal::new(String::new());
    let rate = RwSignal::new("600".to_owned());
    let secret = RwSignal::new(None::<String>);
    let local = RwSignal::new(None::<Problem>);
    let create = Action::new_local(move |input: &ApiKeyInput| {
        let input = input.clone();
        async move {
            let created = api::create_api_key(account, &input).await?;
            secret.set(Some(created.secret));
            name.set(String::new());
            expires_on.set(String::new());
            ApiResult::Ok(())
        }
    });
    let sent = problem_of(create);
    let problem = Signal::derive(move || local.get().or_else(|| sent.get()));
    let ids = |field: &str| format!("key-{field}-{account}");
    let (name_id, expires_id, rate_id) = (ids("name"), ids("expires"), ids("rate"));
    let expires_message = field_message(problem, "expires_on");
    let rate_message = field_message(problem, "rate_limit_per_minute");
    let name_message = field_message(problem, "name");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match key_request(
            &name.get_untracked(),
            &expires_on.get_untracked(),
            &rate.get_untracked(),
        ) {
            Ok(input) => {
                local.set(None);
                create.dispatch(input);
            }
            Err(errors) => local.set(Some(Problem::invalid_input(errors))),
        }
    };
    let done = move || {
        secret.get().map(|shown| {
            view! {
                <div class="secret-once" role="status">
                    <p><strong>"Copy this key now: it is not kept and cannot be shown again."</strong></p>
                    <input type="text" readonly aria-label="The new API key" prop:value=shown
                        on:focus=move |ev| {
                            use leptos::wasm_bindgen::JsCast;
                            if let Some(input) = ev
                                .target()
                                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                            {
                                input.select();
                            }
                        } />
                    <p class="hint">"Send it in the X-API-Key header."</p>
                    <button type="button" on:click=move |_| {
                        secret.set(None);
                        changed.run(());
                    }>"Done"</button>
                </div>
            }
        })
    };
    view! {
        {done}
        <details class="new-key">
            <summary>"New key"</summary>
            <form on:submit=submit novalidate>
                <div class="field">
                    <label for=name_id.clone()>"Key name" <span class="required">" (required)"</span></label>
                    <input id=name_id.clone() type="text" required
                        aria-invalid=move || name_message.with(Option::is_some).then_some("true")
                        prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                    <FieldErrorFor id=name_id message=name_message />
                </div>
                <div class="field">
                    <label for=expires_id.clone()>"Last day it works (optional)"</label>
                    <input id=expires_id.clone() type="date"
                        aria-invalid=move || expires_message.with(Option::is_some).then_some("true")
                        prop:value=move || expires_on.get() on:input=move |ev| expires_on.set(event_target_value(&ev)) />
                    <FieldErrorFor id=expires_id message=expires_message />
                </div>
                <div class="field">
                    <label for=rate_id.clone()>"Requests per minute"</label>
                    <input id=rate_id.clone() type="number" min="1" max="6000" inputmode="numeric"
                        aria-invalid=move || rate_message.with(Option::is_some).then_some("true")
                        prop:value=move || rate.get() on:input=move |ev| rate.set(event_target_value(&ev)) />
                    <FieldErrorFor id=rate_id message=rate_message />
                </div>
                <button type="submit" disabled=move || create.pending().get()>"Make key"</button>
                <ProblemAlert problem shown_fields=&["name", "expires_on", "rate_limit_per_minute"] />
            </form>
        </details>
    }
}

/// A field's message under an input whose id is made at run time.
#[component]
fn FieldErrorFor(id: String, message: Signal<Option<String>>) -> impl IntoView {
    view! {
        <p id=format!("error-{id}") class="field-error" hidden=move || message.with(Option::is_none)>
            {move || message.get()}
        </p>
    }
}

#[component]
fn NewAccountForm(changed: Callback<()>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let scopes = RwSignal::new(vec![ApiScope::RosterRead]);
    let create = Action::new_local(move |input: &ServiceAccountInput| {
        let input = input.clone();
        async move {
            api::create_service_account(&input).await?;
            name.set(String::new());
            description.set(String::new());
            changed.run(());
            ApiResult::<()>::Ok(())
        }
    });
    let problem = problem_of(create);
    let scopes_message = field_message(problem, "scopes");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.dispatch(ServiceAccountInput {
            name: name.get_untracked().trim().to_owned(),
            description: format::optional(&description.get_untracked()),
            scopes: scopes.get_untracked(),
        });
    };
    let choices = ApiScope::ALL
        .iter()
        .map(|scope| {
            let scope = *scope;
            let id = format!("scope-{}", scope.as_str());
            let label_for = id.clone();
            view! {
                <label for=label_for class="checkbox">
                    <input id=id type="checkbox"
                        prop:checked=move || scopes.with(|s| s.contains(&scope))
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            scopes.update(|s| {
                                s.retain(|x| *x != scope);
                                if on {
                                    s.push(scope);
                                }
                            });
                        } />
                    {scope.label()}
                </label>
            }
        })
        .collect_view();
    view! {
        <details class="new-service-account">
            <summary>"Add a service account"</summary>
            <form on:submit=submit novalidate>
                <TextField id="service-account-name" name="name" label="Name" value=name problem required=true
                    hint="The system it stands for, e.g. Records management system." />
                <TextField id="service-account-description" name="description" label="Description (optional)"
                    value=description problem />
                <fieldset aria-describedby="error-scopes">
                    <legend>"What its keys may do"</legend>
                    {choices}
                    <FieldError name="scopes" message=scopes_message />
                </fieldset>
                <button type="submit" disabled=move || create.pending().get()>"Add service account"</button>
                <ProblemAlert problem shown_fields=&["name", "description", "scopes"] />
            </form>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_request_is_read_from_the_form_or_its_bad_fields_named() {
        let input = key_request(" production ", "", "600").unwrap();
        assert_eq!(input.name, "production");
        assert_eq!(input.expires_on, None);
        assert_eq!(input.rate_limit_per_minute, Some(600));
        assert_eq!(
            key_request("x", "", " ").unwrap().rate_limit_per_minute,
            None
        );
        let errors = key_request("x", "2026-13-01", "fast").unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["expires_on", "rate_limit_per_minute"]);
    }
}
