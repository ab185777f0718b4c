//! `/users`: an agency admin's list of logins and the invitation form.

use confitrek_types::{InviteUserRequest, Role, UserDto, UserInvited};
use leptos::prelude::*;
use leptos_router::components::A;
use uuid::Uuid;

use crate::api::{self, ApiResult};
use crate::components::fields::{SelectField, TextField};
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
    // The review permission exists only in agencies with the Use of Force module.
    let uof = Session::get().me().is_some_and(|me| me.uof_enabled);
    let list = move || {
        Suspend::new(async move {
            users.await.map(|page| {
                let more = page.next_cursor.is_some().then_some(view! {
                    <p class="hint">"Only the first 100 logins are shown."</p>
                });
                view! {
                    <div class="table-scroll">
                        <table class="users">
                            <caption class="visually-hidden">"Logins of this agency"</caption>
                            <thead>
                                <tr>
                                    <th scope="col">"Email"</th>
                                    <th scope="col">"Role"</th>
                                    <th scope="col">"Person"</th>
                                    <th scope="col">"State"</th>
                                    <th scope="col">"Created"</th>
                                    {uof.then(|| view! { <th scope="col">"Use of force"</th> })}
                                </tr>
                            </thead>
                            <tbody>{page.items.into_iter().map(|u| user_row(u, uof)).collect_view()}</tbody>
                        </table>
                    </div>
                    {more}
                }
            })
        })
    };
    view! {
        <h1>"Users"</h1>
        <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
            <ErrorBoundary fallback=load_error>{list}</ErrorBoundary>
        </Transition>
        <InviteForm on_invited=move || users.refetch() />
    }
}

fn user_row(user: UserDto, uof: bool) -> impl IntoView {
    let person = user
        .person_id
        .map(|id| view! { <A href=Route::Person(id).path()>"Profile"</A> });
    view! {
        <tr>
            <td>{user.email.clone()}</td>
            <td>{user.role.label()}</td>
            <td>{person}</td>
            <td>{if user.has_password { "Active" } else { "Invited" }}</td>
            <td>{timestamp(user.created_at)}</td>
            {uof.then(|| view! { <td><UofReviewerToggle user=user.clone() /></td> })}
        </tr>
    }
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

/// The token is shown once and only here: the admin passes it on to the invited person.
#[component]
fn InvitationToken(invited: UserInvited) -> impl IntoView {
    view! {
        <section class="invitation" role="status" aria-labelledby="invitation-heading">
            <h2 id="invitation-heading">"Invitation created"</h2>
            <p>
                "Give this one-time token to " <strong>{invited.user.email.clone()}</strong>
                ". It is shown only now and expires " {timestamp(invited.expires_at)} "."
            </p>
            <label for="invitation-token">"Invitation token"</label>
            <input id="invitation-token" type="text" readonly value=invited.invitation_token.clone() />
        </section>
    }
}
