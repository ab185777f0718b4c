//! The "Single sign-on" section of `/integrations` (admins): the agency's OpenID Connect
//! identity providers, added, changed, switched off and removed here. The client secret is
//! write-only: typed once, stored encrypted, never shown again.

mod form;

use confitrek_types::{IdentityProviderDto, Problem, Role};
use leptos::prelude::*;

use crate::api::ApiResult;
use crate::api::sso as api;
use crate::components::confirm::{AskButton, ConfirmPrompt, Confirmation};
use crate::components::problem::{ProblemAlert, load_error};
use form::{ProviderFields, ProviderForm, provider_request};

type Providers = LocalResource<ApiResult<Vec<IdentityProviderDto>>>;

/// This server's callback, to register at a provider before adding it here.
fn redirect_uri() -> String {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    format!("{origin}/api/v1/auth/sso/callback")
}

/// Selects the text of a text control, as its own `select()` does.
fn select_all(control: &wasm_bindgen::JsValue) {
    let select = js_sys::Reflect::get(control, &"select".into())
        .ok()
        .and_then(|f| wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(f).ok());
    if let Some(select) = select {
        let _ = select.call0(control);
    }
}

fn role_label(role: Option<Role>) -> String {
    match role {
        Some(role) => format!("Made at the first sign-in, as {}", role.label()),
        None => "Never made silently: an admin invites each login".into(),
    }
}

#[component]
pub fn IdentityProvidersSection() -> impl IntoView {
    let providers: Providers = LocalResource::new(api::identity_providers);
    // The provider being edited; `None` while adding one.
    let editing = RwSignal::new(None::<IdentityProviderDto>);
    let list = move || {
        Suspend::new(async move {
            providers
                .await
                .map(|list| view! { <ProviderList list editing providers /> })
        })
    };
    let form = move || {
        let provider = editing.get();
        view! { <ProviderForm provider editing providers /> }
    };
    let uri = redirect_uri();
    view! {
        <section class="sso" aria-labelledby="sso-heading">
            <h2 id="sso-heading">"Single sign-on"</h2>
            <p class="hint">
                "Your people sign in with the identity provider they already use (Microsoft Entra ID, "
                "Okta, Google, Keycloak or any OpenID Connect provider). Register ConfiTrek at the "
                "provider as a web application with this redirect URI, then add the provider below. "
                "A person signs in when the provider vouches for a verified e-mail address of an allowed domain."
            </p>
            <div class="field">
                <label for="sso-redirect-uri">"Redirect URI to register at the provider"</label>
                // A text area, so that a phone shows the whole address; focusing selects it.
                <textarea id="sso-redirect-uri" readonly rows="2" prop:value=uri.clone()
                    on:focus=move |ev| select_all(&event_target::<wasm_bindgen::JsValue>(&ev))></textarea>
            </div>
            <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
                <ErrorBoundary fallback=load_error>{list}</ErrorBoundary>
            </Transition>
            {form}
        </section>
    }
}

#[component]
fn ProviderList(
    list: Vec<IdentityProviderDto>,
    editing: RwSignal<Option<IdentityProviderDto>>,
    providers: Providers,
) -> impl IntoView {
    if list.is_empty() {
        return view! { <p class="hint">"No identity providers yet: everyone signs in with a password."</p> }
            .into_any();
    }
    let items = list
        .into_iter()
        .map(|p| {
            let heading = format!("idp-{}", p.id);
            let status = if p.enabled {
                view! { <span class="badge good">"On"</span> }
            } else {
                view! { <span class="badge quiet">"Switched off"</span> }
            };
            let secret = if p.has_client_secret {
                "Stored (never shown)"
            } else {
                "Missing: enter it again to sign in through this provider"
            };
            let mfa = if p.provider_mfa {
                "The provider's multi-factor sign-in counts"
            } else {
                "ConfiTrek's own code still applies where a login uses or needs it"
            };
            view! {
                <li>
                    <article class="profile" aria-labelledby=heading.clone()>
                        <h3 id=heading.clone()>{p.display_name.clone()} " " {status}</h3>
                        <dl class="facts">
                            <dt>"Issuer"</dt><dd><code>{p.issuer.clone()}</code></dd>
                            <dt>"Client id"</dt><dd><code>{p.client_id.clone()}</code></dd>
                            <dt>"Client secret"</dt><dd>{secret}</dd>
                            <dt>"E-mail domains"</dt><dd>{p.allowed_domains.join(", ")}</dd>
                            <dt>"New logins"</dt><dd>{role_label(p.jit_role)}</dd>
                            <dt>"Second step"</dt><dd>{mfa}</dd>
                        </dl>
                        <ProviderActions provider=p editing providers />
                    </article>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="profile-list">{items}</ul> }.into_any()
}

/// Edit (in the form below), switch off or on, and remove (asked once more).
#[component]
fn ProviderActions(
    provider: IdentityProviderDto,
    editing: RwSignal<Option<IdentityProviderDto>>,
    providers: Providers,
) -> impl IntoView {
    let id = provider.id;
    let named = format!(" {}", provider.display_name);
    let question = format!(
        "Remove {}? Its people sign in with a password until it is added again.",
        provider.display_name
    );
    let confirm = Confirmation::new();
    let toggled = {
        let mut fields = ProviderFields::of(&provider);
        fields.enabled = !provider.enabled;
        fields
    };
    let toggle = Action::new_local(move |_: &()| {
        let fields = toggled.clone();
        async move {
            let request = provider_request(&fields).map_err(Problem::invalid_input)?;
            api::replace_identity_provider(id, &request)
                .await
                .map_err(crate::api::ApiError::into_problem)?;
            providers.refetch();
            Ok::<(), Problem>(())
        }
    });
    let remove = Action::new_local(move |_: &()| async move {
        api::delete_identity_provider(id).await?;
        if editing.with_untracked(|e| e.as_ref().is_some_and(|e| e.id == id)) {
            editing.set(None);
        }
        providers.refetch();
        ApiResult::Ok(())
    });
    let problem = Signal::derive(move || match (toggle.value().get(), remove.value().get()) {
        (Some(Err(p)), _) => Some(p),
        (_, Some(Err(e))) => Some(e.into_problem()),
        _ => None,
    });
    let switch_label = if provider.enabled {
        "Switch off"
    } else {
        "Switch on"
    };
    let edit = {
        let provider = provider.clone();
        move |_| {
            editing.set(Some(provider.clone()));
            focus_form();
        }
    };
    view! {
        <div class="item-actions">
            <button type="button" on:click=edit>
                "Edit" <span class="visually-hidden">{named.clone()}</span>
            </button>
            <button type="button" disabled=move || toggle.pending().get() on:click=move |_| { toggle.dispatch(()); }>
                {switch_label} <span class="visually-hidden">{named.clone()}</span>
            </button>
            <AskButton confirm>
                "Remove" <span class="visually-hidden">{named.clone()}</span>
            </AskButton>
        </div>
        <ConfirmPrompt confirm question yes="Yes, remove" busy=remove.pending()
            on_yes=move || { remove.dispatch(()); } />
        <ProblemAlert problem />
    }
}

pub(super) fn focus_form() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(form) = document.get_element_by_id("idp-form") {
        form.scroll_into_view();
    }
    if let Some(name) = document.get_element_by_id("display_name")
        && let Ok(input) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(name)
    {
        let _ = input.focus();
    }
}
