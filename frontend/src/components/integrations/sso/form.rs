//! The form that adds or changes an identity provider, and what it sends.

use confitrek_types::{FieldProblem, IdentityProviderDto, IdentityProviderInput, Problem, Role};
use leptos::prelude::*;
use uuid::Uuid;

use super::Providers;
use crate::api::sso as api;
use crate::components::fields::{SelectField, TextField};
use crate::components::problem::ProblemAlert;

const FIELDS: &[&str] = &[
    "display_name",
    "issuer",
    "client_id",
    "client_secret",
    "allowed_domains",
    "jit_role",
];

/// The form as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProviderFields {
    pub display_name: String,
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    pub allowed_domains: String,
    pub enabled: bool,
    /// `""`: no logins made at a first sign-in; else the role's code.
    pub jit_role: String,
    pub provider_mfa: bool,
}

impl ProviderFields {
    pub fn of(p: &IdentityProviderDto) -> Self {
        ProviderFields {
            display_name: p.display_name.clone(),
            issuer: p.issuer.clone(),
            client_id: p.client_id.clone(),
            client_secret: String::new(),
            allowed_domains: p.allowed_domains.join(", "),
            enabled: p.enabled,
            jit_role: p
                .jit_role
                .map(|r| r.as_str().to_owned())
                .unwrap_or_default(),
            provider_mfa: p.provider_mfa,
        }
    }
}

/// The domains typed, split at commas and spaces.
pub fn domains(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|d| !d.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The form as the API's request; an empty secret keeps the stored one.
pub fn provider_request(f: &ProviderFields) -> Result<IdentityProviderInput, Vec<FieldProblem>> {
    let jit_role = match f.jit_role.as_str() {
        "" => None,
        code => match Role::parse(code) {
            Some(role) => Some(role),
            None => {
                return Err(vec![FieldProblem {
                    field: "jit_role".into(),
                    message: "is not a role".into(),
                }]);
            }
        },
    };
    Ok(IdentityProviderInput {
        display_name: f.display_name.trim().to_owned(),
        issuer: f.issuer.trim().to_owned(),
        client_id: f.client_id.trim().to_owned(),
        client_secret: (!f.client_secret.is_empty()).then(|| f.client_secret.clone()),
        allowed_domains: domains(&f.allowed_domains),
        enabled: f.enabled,
        jit_role,
        provider_mfa: f.provider_mfa,
    })
}

/// The server's errors on single domains (`allowed_domains.1`) shown at the domains field,
/// naming the domain.
fn with_domain_errors(problem: Problem, typed: &[String]) -> Problem {
    let mut problem = problem;
    let mut about_domains: Vec<String> = Vec::new();
    problem
        .errors
        .retain(|e| match e.field.strip_prefix("allowed_domains.") {
            Some(index) => {
                let domain = index.parse::<usize>().ok().and_then(|i| typed.get(i));
                about_domains.push(match domain {
                    Some(d) => format!("“{d}” {}", e.message),
                    None => e.message.clone(),
                });
                false
            }
            None => true,
        });
    if !about_domains.is_empty() {
        problem.errors.push(FieldProblem {
            field: "allowed_domains".into(),
            message: about_domains.join("; "),
        });
    }
    problem
}

#[component]
pub fn ProviderForm(
    provider: Option<IdentityProviderDto>,
    editing: RwSignal<Option<IdentityProviderDto>>,
    providers: Providers,
) -> impl IntoView {
    let id: Option<Uuid> = provider.as_ref().map(|p| p.id);
    let start = provider
        .as_ref()
        .map(ProviderFields::of)
        .unwrap_or(ProviderFields {
            enabled: true,
            ..Default::default()
        });
    let display_name = RwSignal::new(start.display_name);
    let issuer = RwSignal::new(start.issuer);
    let client_id = RwSignal::new(start.client_id);
    let client_secret = RwSignal::new(String::new());
    let allowed_domains = RwSignal::new(start.allowed_domains);
    let enabled = RwSignal::new(start.enabled);
    let jit_role = RwSignal::new(start.jit_role);
    let provider_mfa = RwSignal::new(start.provider_mfa);
    let read = move || ProviderFields {
        display_name: display_name.get_untracked(),
        issuer: issuer.get_untracked(),
        client_id: client_id.get_untracked(),
        client_secret: client_secret.get_untracked(),
        allowed_domains: allowed_domains.get_untracked(),
        enabled: enabled.get_untracked(),
        jit_role: jit_role.get_untracked(),
        provider_mfa: provider_mfa.get_untracked(),
    };
    let save = Action::new_local(move |request: &IdentityProviderInput| {
        let request = request.clone();
        async move {
            let typed = request.allowed_domains.clone();
            let saved = match id {
                Some(id) => api::replace_identity_provider(id, &request).await,
                None => api::create_identity_provider(&request).await,
            };
            match saved {
                Ok(saved) => {
                    providers.refetch();
                    Ok(saved)
                }
                Err(e) => Err(with_domain_errors(e.into_problem(), &typed)),
            }
        }
    });
    let invalid = RwSignal::new(None::<Vec<FieldProblem>>);
    let problem = Signal::derive(move || {
        if let Some(errors) = invalid.get() {
            return Some(Problem::invalid_input(errors));
        }
        match save.value().get() {
            Some(Err(p)) => Some(p),
            _ => None,
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match provider_request(&read()) {
            Ok(request) => {
                invalid.set(None);
                save.dispatch(request);
            }
            Err(errors) => invalid.set(Some(errors)),
        }
    };
    let saved = move || {
        save.value().get().and_then(Result::ok).map(|p| {
            if id.is_none() {
                // A new provider's form starts empty again, its secret gone from the page.
                display_name.set(String::new());
                issuer.set(String::new());
                client_id.set(String::new());
                allowed_domains.set(String::new());
                jit_role.set(String::new());
                provider_mfa.set(false);
            }
            client_secret.set(String::new());
            view! { <p class="notice" role="status">{format!("Saved {}.", p.display_name)}</p> }
        })
    };
    let heading = if id.is_some() {
        "Edit identity provider"
    } else {
        "Add an identity provider"
    };
    let secret_hint = if id.is_some() {
        "Stored encrypted and never shown. Leave empty to keep the stored secret."
    } else {
        "The secret the provider issued for ConfiTrek. Stored encrypted and never shown again."
    };
    let roles: Vec<(&'static str, &'static str)> = vec![
        ("", "Never: only logins an admin invited"),
        ("officer", "Yes, as officers"),
        ("supervisor", "Yes, as supervisors"),
        ("coordinator", "Yes, as training coordinators"),
    ];
    view! {
        <form id="idp-form" class="profile-form" on:submit=on_submit novalidate aria-labelledby="idp-form-heading">
            <h3 id="idp-form-heading">{heading}</h3>
            <ProblemAlert problem shown_fields=FIELDS />
            {saved}
            <TextField name="display_name" label="Name on the sign-in button" value=display_name problem required=true
                hint="As in “Sign in with County Microsoft Entra ID”." />
            <TextField name="issuer" label="Issuer URL" value=issuer problem required=true input_type="url"
                hint="https://…, as the provider's discovery document names it (for example https://login.microsoftonline.com/{tenant}/v2.0)." />
            <TextField name="client_id" label="Client id" value=client_id problem required=true autocomplete="off" />
            <TextField name="client_secret" label="Client secret" value=client_secret problem input_type="password"
                required=id.is_none() autocomplete="new-password" hint=secret_hint />
            <TextField name="allowed_domains" label="Allowed e-mail domains" value=allowed_domains problem required=true
                hint="Separated by commas, for example county.gov, sheriff.county.gov. Other addresses are refused, whatever the provider says." />
            <SelectField name="jit_role" label="Make a login for someone the provider vouches for who has none?" value=jit_role
                options=roles problem />
            <div class="check setting-check">
                <input type="checkbox" id="provider_mfa" prop:checked=move || provider_mfa.get()
                    on:change=move |ev| provider_mfa.set(event_target_checked(&ev)) />
                <label for="provider_mfa">"The provider's multi-factor sign-in counts instead of ConfiTrek's own second step"</label>
            </div>
            <div class="check setting-check">
                <input type="checkbox" id="idp_enabled" prop:checked=move || enabled.get()
                    on:change=move |ev| enabled.set(event_target_checked(&ev)) />
                <label for="idp_enabled">"Offer it on the sign-in page"</label>
            </div>
            <div class="item-actions">
                <button type="submit" class="primary" disabled=move || save.pending().get()>
                    {if id.is_some() { "Save provider" } else { "Add provider" }}
                </button>
                {id.map(|_| view! { <button type="button" on:click=move |_| editing.set(None)>"Cancel"</button> })}
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> ProviderFields {
        ProviderFields {
            display_name: " County Entra ID ".into(),
            issuer: "https://login.example/t/v2.0 ".into(),
            client_id: "confitrek".into(),
            client_secret: String::new(),
            allowed_domains: "county.gov, sheriff.county.gov;  k9.county.gov\n".into(),
            enabled: true,
            jit_role: "officer".into(),
            provider_mfa: false,
        }
    }

    #[test]
    fn the_form_becomes_the_request_and_an_empty_secret_keeps_the_stored_one() {
        let request = provider_request(&fields()).unwrap();
        assert_eq!(request.display_name, "County Entra ID");
        assert_eq!(request.issuer, "https://login.example/t/v2.0");
        assert_eq!(request.client_secret, None);
        assert_eq!(
            request.allowed_domains,
            ["county.gov", "sheriff.county.gov", "k9.county.gov"]
        );
        assert_eq!(request.jit_role, Some(Role::Officer));
        let never = ProviderFields {
            jit_role: String::new(),
            client_secret: "s3cret".into(),
            ..fields()
        };
        let request = provider_request(&never).unwrap();
        assert_eq!(request.jit_role, None);
        assert_eq!(request.client_secret.as_deref(), Some("s3cret"));
    }

    #[test]
    fn errors_on_single_domains_are_shown_at_the_domains_field_naming_them() {
        let problem = Problem::invalid_input(vec![
            FieldProblem {
                field: "issuer".into(),
                message: "must be https".into(),
            },
            FieldProblem {
                field: "allowed_domains.1".into(),
                message: "must be a domain".into(),
            },
        ]);
        let shown = with_domain_errors(problem, &["ok.gov".into(), "bad domain".into()]);
        assert_eq!(shown.field_message("issuer"), Some("must be https"));
        assert_eq!(
            shown.field_message("allowed_domains"),
            Some("“bad domain” must be a domain")
        );
        assert_eq!(shown.field_message("allowed_domains.1"), None);
    }
}
