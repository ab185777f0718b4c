//! "Provisioning (SCIM)" on `/integrations`: what to give the agency's identity provider (the
//! base URL and a token, whose secret is shown once), the tokens with their last use, and
//! the groups it pushed, each mapped to a unit and/or a role that membership then gives.

use confitrek_types::Role;
use confitrek_types::scim::{
    NewScimToken, ScimGroupDto, ScimGroupMapping, ScimTokenCreated, ScimTokenDto,
};
use leptos::prelude::*;
use time::OffsetDateTime;

use crate::api::{self, ApiResult, scim as scim_api};
use crate::components::fields::field_message;
use crate::components::problem::{ProblemAlert, load_error};
use crate::format::timestamp;

/// How long a new token lasts, as the form offers it.
const EXPIRY: [(&str, &str); 5] = [
    ("90", "90 days"),
    ("365", "1 year"),
    ("730", "2 years"),
    ("1095", "3 years"),
    ("never", "Never"),
];

/// The roles a group may give (the platform operator is not an agency's).
const GRANTABLE: [Role; 4] = [
    Role::Officer,
    Role::Supervisor,
    Role::Coordinator,
    Role::AgencyAdmin,
];

/// The form's choices as the API's request.
pub fn token_request(name: &str, expiry: &str) -> NewScimToken {
    NewScimToken {
        name: name.trim().to_owned(),
        expires_in_days: expiry.parse().ok(),
    }
}

/// A row's unit and role as the API's request: blank is none.
pub fn mapping_request(unit: &str, role: &str) -> ScimGroupMapping {
    let unit = unit.trim();
    ScimGroupMapping {
        unit: (!unit.is_empty()).then(|| unit.to_owned()),
        role: Role::parse(role),
    }
}

/// Whether a token is still taken, in words.
pub fn token_state(token: &ScimTokenDto, now: OffsetDateTime) -> &'static str {
    match (token.revoked_at, token.expires_at) {
        (Some(_), _) => "Revoked",
        (None, Some(at)) if at <= now => "Expired",
        _ => "In use",
    }
}

fn now() -> OffsetDateTime {
    let seconds = (js_sys::Date::now() / 1000.0) as i64;
    OffsetDateTime::from_unix_timestamp(seconds).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

#[component]
pub fn ProvisioningSection() -> impl IntoView {
    let tokens = LocalResource::new(scim_api::tokens);
    let groups = LocalResource::new(scim_api::groups);
    let made = RwSignal::new(None::<ScimTokenCreated>);
    let token_list = move || {
        Suspend::new(async move {
            tokens.await.map(|page| {
                if page.items.is_empty() {
                    return view! { <p class="hint">"No token yet."</p> }.into_any();
                }
                view! {
                    <table class="scim-tokens stacked">
                        <caption class="visually-hidden">"SCIM tokens of this agency"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Name"</th>
                                <th scope="col">"Made"</th>
                                <th scope="col">"Expires"</th>
                                <th scope="col">"Last used"</th>
                                <th scope="col">"State"</th>
                                <th scope="col">"Actions"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {page.items.into_iter().map(|token| view! {
                                <TokenRow token on_revoked=move || tokens.refetch() />
                            }).collect_view()}
                        </tbody>
                    </table>
                }
                .into_any()
            })
        })
    };
    let group_list = move || {
        Suspend::new(async move {
            groups.await.map(|page| {
                if page.items.is_empty() {
                    return view! {
                        <p class="hint">"No group pushed yet. Assign groups to the ConfiTrek application in your identity provider; they appear here once provisioning runs."</p>
                    }
                    .into_any();
                }
                view! {
                    <table class="scim-groups stacked">
                        <caption class="visually-hidden">"Groups pushed by the identity provider"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Group"</th>
                                <th scope="col">"Members"</th>
                                <th scope="col">"Unit"</th>
                                <th scope="col">"Role"</th>
                                <th scope="col">"Actions"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {page.items.into_iter().map(|group| view! { <GroupRow group /> }).collect_view()}
                        </tbody>
                    </table>
                }
                .into_any()
            })
        })
    };
    view! {
        <section class="provisioning" aria-labelledby="provisioning-heading">
            <h2 id="provisioning-heading">"Provisioning (SCIM)"</h2>
            <p>
                "Your identity provider (Entra ID, Okta and others that speak SCIM 2.0) creates, updates and deactivates people and their logins, and pushes groups. "
                "A deactivated user is taken off duty and cannot sign in. Logins it makes have no password: people sign in through your identity provider, or with a link you send from Users."
            </p>
            <div class="field">
                <label for="scim-base-url">"SCIM base URL (tenant URL) to give your identity provider"</label>
                <input id="scim-base-url" type="text" readonly value=scim_api::base_url() />
            </div>
            <h3>"Tokens"</h3>
            {move || made.get().map(|created| view! { <TokenSecret created /> })}
            <Transition fallback=|| view! { <p role="status">"Loading tokens…"</p> }>
                <ErrorBoundary fallback=load_error>{token_list}</ErrorBoundary>
            </Transition>
            <NewTokenForm on_created=move |created| {
                made.set(Some(created));
                tokens.refetch();
            } />
            <h3>"Groups"</h3>
            <p class="hint">
                "Members of a group get its unit, and their logins its role. In several groups, a person gets the highest role and the unit of the first group by name; leaving a group takes back what it gave (the role becomes officer)."
            </p>
            <UnitSuggestions />
            <Transition fallback=|| view! { <p role="status">"Loading groups…"</p> }>
                <ErrorBoundary fallback=load_error>{group_list}</ErrorBoundary>
            </Transition>
        </section>
    }
}

/// The secret of a token just made: shown once, here.
#[component]
fn TokenSecret(created: ScimTokenCreated) -> impl IntoView {
    view! {
        <section class="invitation" role="status" aria-labelledby="scim-secret-heading">
            <h4 id="scim-secret-heading">{format!("Token “{}” made", created.token.name)}</h4>
            <p>"Copy the secret token into your identity provider now, with the base URL above. It is shown only this once."</p>
            <label for="scim-token-secret">"Secret token"</label>
            <input id="scim-token-secret" type="text" readonly value=created.secret.clone() />
        </section>
    }
}

#[component]
fn NewTokenForm(
    on_created: impl Fn(ScimTokenCreated) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let expiry = RwSignal::new("365".to_owned());
    let create = Action::new_local(move |request: &NewScimToken| {
        let request = request.clone();
        async move {
            let created = scim_api::create_token(&request).await?;
            on_created(created);
            ApiResult::Ok(())
        }
    });
    let problem = Signal::derive(move || match create.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None,
    });
    let message = field_message(problem, "name");
    let invalid = move || message.with(Option::is_some);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.dispatch(token_request(
            &name.get_untracked(),
            &expiry.get_untracked(),
        ));
        name.set(String::new());
    };
    view! {
        <form class="scim-token invite" on:submit=on_submit novalidate>
            <ProblemAlert problem shown_fields=&["name"] />
            <div class="field" class:invalid=invalid>
                <label for="scim-token-name">"Name of a new token" <span class="required">" (required)"</span></label>
                <p class="hint" id="hint-scim-token-name">"What it is for, e.g. “Entra ID provisioning”."</p>
                <input id="scim-token-name" name="name" type="text" maxlength="100" required
                    aria-invalid=move || invalid().then_some("true")
                    aria-describedby=move || if invalid() { "hint-scim-token-name error-scim-token-name" } else { "hint-scim-token-name" }
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev)) />
                <p id="error-scim-token-name" class="field-error" hidden=move || !invalid()>{move || message.get()}</p>
            </div>
            <div class="field">
                <label for="scim-token-expiry">"Expires after"</label>
                <select id="scim-token-expiry" on:change=move |ev| expiry.set(event_target_value(&ev))>
                    {EXPIRY.iter().map(|(value, text)| {
                        view! { <option value=*value selected=move || expiry.get() == *value>{*text}</option> }
                    }).collect_view()}
                </select>
            </div>
            <button type="submit" class="primary" disabled=move || create.pending().get()>"Make a token"</button>
        </form>
    }
}

#[component]
fn TokenRow(
    token: ScimTokenDto,
    on_revoked: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = token.id;
    let asking = RwSignal::new(false);
    let revoke = Action::new_local(move |_: &()| async move {
        scim_api::revoke_token(id).await?;
        on_revoked();
        ApiResult::Ok(())
    });
    let problem = Signal::derive(move || match revoke.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None,
    });
    let name = token.name.clone();
    let live = token.revoked_at.is_none();
    let never = || "Never".to_owned();
    let actions = move || {
        if !live {
            return view! { <span class="hint">"Refused from now on"</span> }.into_any();
        }
        let label = format!("Revoke {}", name);
        if asking.get() {
            view! {
                <div class="row-actions">
                    <button type="button" class="danger" disabled=move || revoke.pending().get()
                        on:click=move |_| { revoke.dispatch(()); }>"Revoke now: the identity provider is refused"</button>
                    <button type="button" on:click=move |_| asking.set(false)>"Keep it"</button>
                </div>
            }
            .into_any()
        } else {
            view! {
                <button type="button" aria-label=label on:click=move |_| asking.set(true)>"Revoke"</button>
            }
            .into_any()
        }
    };
    view! {
        <tr>
            <th scope="row" data-label="Name">{token.name.clone()}</th>
            <td data-label="Made">{timestamp(token.created_at)}</td>
            <td data-label="Expires">{token.expires_at.map_or_else(never, timestamp)}</td>
            <td data-label="Last used">{token.last_used_at.map_or_else(never, timestamp)}</td>
            <td data-label="State">{token_state(&token, now())}</td>
            <td data-label="Actions">{actions}<ProblemAlert problem /></td>
        </tr>
    }
}

/// The roster's units, offered to every group's unit field.
#[component]
fn UnitSuggestions() -> impl IntoView {
    // Suggestions only: when the units cannot be read, any unit can still be typed.
    let units = LocalResource::new(api::units);
    let options = move || {
        units
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|unit| view! { <option value=unit></option> })
            .collect_view()
    };
    view! { <datalist id="scim-units">{options}</datalist> }
}

#[component]
fn GroupRow(group: ScimGroupDto) -> impl IntoView {
    let id = group.id;
    let current = RwSignal::new(group.clone());
    let unit = RwSignal::new(group.unit.clone().unwrap_or_default());
    let role = RwSignal::new(
        group
            .role
            .map(|r| r.as_str().to_owned())
            .unwrap_or_default(),
    );
    let save = Action::new_local(move |mapping: &ScimGroupMapping| {
        let mapping = mapping.clone();
        async move {
            current.set(scim_api::map_group(id, &mapping).await?);
            ApiResult::Ok(())
        }
    });
    let problem = Signal::derive(move || match save.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None,
    });
    let saved = move || {
        matches!(save.value().get(), Some(Ok(()))).then(|| {
            view! { <p class="notice" role="status">"Saved: members have it now."</p> }
        })
    };
    let name = group.display_name.clone();
    let (unit_id, role_id) = (format!("scim-unit-{id}"), format!("scim-role-{id}"));
    view! {
        <tr>
            <th scope="row" data-label="Group">{name.clone()}</th>
            <td data-label="Members">{move || current.get().members}</td>
            <td data-label="Unit">
                <label for=unit_id.clone() class="visually-hidden">{format!("Unit given by {name}")}</label>
                <input id=unit_id type="text" list="scim-units" maxlength="64" placeholder="No unit"
                    prop:value=move || unit.get()
                    on:input=move |ev| unit.set(event_target_value(&ev)) />
            </td>
            <td data-label="Role">
                <label for=role_id.clone() class="visually-hidden">{format!("Role given by {name}")}</label>
                <select id=role_id on:change=move |ev| role.set(event_target_value(&ev))>
                    <option value="" selected=move || role.get().is_empty()>"No role"</option>
                    {GRANTABLE.iter().map(|r| {
                        let value = r.as_str();
                        view! { <option value=value selected=move || role.get() == value>{r.label()}</option> }
                    }).collect_view()}
                </select>
            </td>
            <td data-label="Actions">
                <button type="button" aria-label=format!("Save what {name} gives") disabled=move || save.pending().get()
                    on:click=move |_| { save.dispatch(mapping_request(&unit.get_untracked(), &role.get_untracked())); }>"Save"</button>
                {saved}
                <ProblemAlert problem />
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    #[test]
    fn the_forms_become_the_requests() {
        assert_eq!(
            token_request(" Entra ID ", "365"),
            NewScimToken {
                name: "Entra ID".into(),
                expires_in_days: Some(365),
            }
        );
        assert_eq!(token_request("Okta", "never").expires_in_days, None);
        assert_eq!(
            mapping_request(" Patrol ", "supervisor"),
            ScimGroupMapping {
                unit: Some("Patrol".into()),
                role: Some(Role::Supervisor),
            }
        );
        assert_eq!(mapping_request("  ", ""), ScimGroupMapping::default());
    }

    #[test]
    fn a_token_reads_as_in_use_expired_or_revoked() {
        let now = OffsetDateTime::UNIX_EPOCH + time::Duration::days(100);
        let token = |expires: Option<i64>, revoked: bool| ScimTokenDto {
            id: Uuid::nil(),
            name: "t".into(),
            created_by: None,
            created_at: OffsetDateTime::UNIX_EPOCH,
            expires_at: expires.map(|d| OffsetDateTime::UNIX_EPOCH + time::Duration::days(d)),
            last_used_at: None,
            revoked_at: revoked.then_some(now),
        };
        assert_eq!(token_state(&token(None, false), now), "In use");
        assert_eq!(token_state(&token(Some(200), false), now), "In use");
        assert_eq!(token_state(&token(Some(50), false), now), "Expired");
        assert_eq!(token_state(&token(Some(200), true), now), "Revoked");
    }
}
