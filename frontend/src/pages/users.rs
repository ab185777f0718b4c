//! `/users`: an agency admin's list of logins and the invitation form.

use confitrek_types::{InviteUserRequest, Role, UserDto, UserInvited};
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

use crate::api::{self, ApiResult};
use crate::components::fields::{SelectField, TextField};
use crate::components::login_security::{SignInActions, SignInState};
use crate::components::person_select::PersonSelect;
use crate::components::problem::{ProblemAlert, load_error};
use crate::components::uof_access::UofReviewerToggle;
use crate::format::{optional, timestamp};
use crate::routes::Route;
use crate::session::Session;

/// The roles an agency admin can hand out (the platform operator is not an agency's).
const INVITABLE: [(Role, &str); 4] = [
    (Role::Officer, "officer"),
    (Role::Supervisor, "supervisor"),
    (Role::Coordinator, "coordinator"),
    (Role::AgencyAdmin, "agency_admin"),
];

#[component]
pub fn UsersPage() -> impl IntoView {
    let users = LocalResource::new(|| api::users(None));
    let me = Session::get().me();
    // The review permission exists only in agencies with the Use of Force module.
    let uof = me.as_ref().is_some_and(|me| me.uof_enabled);
    let own = me.map(|me| me.user_id);
    // The one-time token of the last link made, shown once above the list.
    let issued = RwSignal::new(None::<UserInvited>);
    let list = move || {
        Suspend::new(async move {
            users.await.map(|page| {
                let more = page.next_cursor.is_some().then_some(view! {
                    <p class="hint">"Only the first 100 logins are shown."</p>
                });
                view! {
                    <table class="users stacked">
                        <caption class="visually-hidden">"Logins of this agency"</caption>
                        <thead>
                            <tr>
                                <th scope="col">"Email"</th>
                                <th scope="col">"Role"</th>
                                <th scope="col">"Person"</th>
                                <th scope="col">"State"</th>
                                <th scope="col">"Sign-in"</th>
                                <th scope="col">"Last sign-in"</th>
                                <th scope="col">"Actions"</th>
                                {uof.then(|| view! { <th scope="col">"Use of force"</th> })}
                            </tr>
                        </thead>
                        <tbody>
                            {page.items.into_iter().map(|user| {
                                let own = Some(user.id) == own;
                                view! { <UserRow user uof own issued /> }
                            }).collect_view()}
                        </tbody>
                    </table>
                    {more}
                }
            })
        })
    };
    view! {
        <h1>"Users"</h1>
        {move || issued.get().map(|invited| view! { <InvitationToken invited /> })}
        <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
            <ErrorBoundary fallback=load_error>{list}</ErrorBoundary>
        </Transition>
        <InviteForm on_invited=move || users.refetch() />
    }
}

fn state_label(user: &UserDto) -> &'static str {
    match (user.disabled, user.has_password) {
        (true, _) => "Switched off",
        (false, true) => "Active",
        (false, false) => "Invited",
    }
}

/// One login with what an admin can do to it; nothing that would lock the admin out of his
/// or her own login is offered (the server refuses it anyway).
#[component]
fn UserRow(
    user: UserDto,
    uof: bool,
    own: bool,
    issued: RwSignal<Option<UserInvited>>,
) -> impl IntoView {
    let current = RwSignal::new(user.clone());
    let id = user.id;
    let act = Action::new_local(move |step: &Step| {
        let step = *step;
        async move {
            match step {
                Step::Role(role) => current.set(api::change_role(id, role).await?),
                Step::Enabled(on) => current.set(api::set_login_enabled(id, on).await?),
                Step::Link => {
                    let invited = api::password_link(id).await?;
                    current.set(invited.user.clone());
                    issued.set(Some(invited));
                }
            }
            ApiResult::Ok(())
        }
    });
    let problem = Signal::derive(move || match act.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None,
    });
    let person = user
        .person_id
        .map(|id| view! { <A href=Route::Person(id).path()>"Profile"</A> });
    let select_id = format!("role-{id}");
    let email = user.email.clone();
    let actions = move || {
        if own {
            return view! { <span class="hint">"Your own login"</span> }.into_any();
        }
        let u = current.get();
        let (toggle, on) = if u.disabled {
            ("Switch on", true)
        } else {
            ("Switch off", false)
        };
        let link = if u.has_password {
            "Reset password"
        } else {
            "Resend invitation"
        };
        view! {
            <div class="row-actions">
                <button type="button" disabled=move || act.pending().get()
                    on:click=move |_| { act.dispatch(Step::Enabled(on)); }>{toggle}</button>
                <button type="button" disabled=move || act.pending().get()
                    on:click=move |_| { act.dispatch(Step::Link); }>{link}</button>
            </div>
        }
        .into_any()
    };
    view! {
        <tr>
            <th scope="row" data-label="Email">{email.clone()}</th>
            <td data-label="Role">
                <label for=select_id.clone() class="visually-hidden">{format!("Role of {email}")}</label>
                <select id=select_id disabled=move || own || act.pending().get()
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        if let Some((role, _)) = INVITABLE.iter().find(|(_, v)| *v == value) {
                            act.dispatch(Step::Role(*role));
                        }
                    }>
                    {INVITABLE.iter().map(|(role, value)| {
                        let role = *role;
                        view! { <option value=*value selected=move || current.get().role == role>{role.label()}</option> }
                    }).collect_view()}
                </select>
            </td>
            <td data-label="Person">{person}</td>
            <td data-label="State">{move || state_label(&current.get())}</td>
            <td data-label="Sign-in"><SignInState user=current /></td>
            <td data-label="Last sign-in">{move || current.get().last_sign_in_at.map_or_else(|| "Never".to_owned(), timestamp)}</td>
            <td data-label="Actions">
                {actions}
                <ProblemAlert problem />
                {(!own).then(|| view! { <SignInActions user=current /> })}
            </td>
            {uof.then(|| view! { <td data-label="Use of force"><UofReviewerToggle user=user.clone() /></td> })}
        </tr>
    }
}

/// What an admin does to a login from its row.
#[derive(Debug, Clone, Copy)]
enum Step {
    Role(Role),
    Enabled(bool),
    Link,
}

#[component]
fn InviteForm(on_invited: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
    let email = RwSignal::new(String::new());
    let role = RwSignal::new("officer".to_owned());
    let person_id = RwSignal::new(String::new());
    let invite = Action::new_local(move |request: &InviteUserRequest| {
        let request = request.clone();
        async move {
            let invited = api::invite_user(&request).await?;
            on_invited();
            ApiResult::Ok(invited)
        }
    });
    let problem = Signal::derive(move || match invite.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None,
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let role_text = role.get_untracked();
        let chosen = INVITABLE
            .iter()
            .find(|(_, v)| *v == role_text)
            .map_or(Role::Officer, |(r, _)| *r);
        invite.dispatch(InviteUserRequest {
            email: email.get_untracked().trim().to_owned(),
            role: chosen,
            person_id: optional(&person_id.get_untracked())
                .and_then(|id| Uuid::parse_str(&id).ok()),
        });
    };
    let roles = INVITABLE
        .iter()
        .map(|(r, v)| (*v, r.label()))
        .collect::<Vec<_>>();
    let token = move || match invite.value().get() {
        Some(Ok(invited)) => Some(view! { <InvitationToken invited /> }),
        _ => None,
    };
    view! {
        <form class="invite" on:submit=on_submit novalidate>
            <h2>"Invite a user"</h2>
            <ProblemAlert problem shown_fields=&["email", "role", "person_id"] />
            <TextField name="email" label="Email" value=email problem input_type="email" required=true />
            <SelectField name="role" label="Role" value=role options=roles problem />
            <PersonSelect name="person_id" label="Person on the roster" value=person_id problem />
            <button type="submit" class="primary" disabled=move || invite.pending().get()>"Send invitation"</button>
        </form>
        {token}
    }
}

/// The token is shown once and only here: the admin passes the link (or the token) on to
/// the person, who chooses a password with it.
#[component]
fn InvitationToken(invited: UserInvited) -> impl IntoView {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let link = format!(
        "{origin}{}?token={}",
        Route::SetPassword.path(),
        invited.invitation_token
    );
    view! {
        <section class="invitation" role="status" aria-labelledby="invitation-heading">
            <h2 id="invitation-heading">"One-time link created"</h2>
            <p>
                "Give this one-time link to " <strong>{invited.user.email.clone()}</strong>
                ". It is shown only now and expires " {timestamp(invited.expires_at)} "."
            </p>
            <label for="invitation-link">"Link to set a password"</label>
            <input id="invitation-link" type="text" readonly value=link />
            <label for="invitation-token">"Invitation token"</label>
            <input id="invitation-token" type="text" readonly value=invited.invitation_token.clone() />
        </section>
    }
}
