//! What the training office does to the people ticked on the roster at once: remind them of
//! what their training still needs, enrol them on an upcoming session, or add them to a
//! training profile assigned person by person.

use std::collections::BTreeSet;

use confitrek_types::{
    Assignment, EnrollmentRequest, PolicyDto, PolicyInput, ProfileDto, ProfileInput, SessionDto,
};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{self, ApiResult};
use crate::components::problem::ProblemAlert;
use crate::format;

/// "1 person" or "5 people".
pub fn people_count(n: usize) -> String {
    match n {
        1 => "1 person".to_owned(),
        n => format!("{n} people"),
    }
}

/// What the office is told after sending reminders.
pub fn reminders_summary(sent: &confitrek_types::RemindersSent) -> String {
    let mut text = format!(
        "{} reminded of what their training still needs.",
        people_count(sent.reminded.len())
    );
    if !sent.up_to_date.is_empty() {
        text.push_str(&format!(
            " {} had nothing open.",
            people_count(sent.up_to_date.len())
        ));
    }
    if !sent.without_login.is_empty() {
        text.push_str(&format!(
            " {} could not be told: no login.",
            people_count(sent.without_login.len())
        ));
    }
    text
}

/// How a session reads in a list to choose from: course, days, places.
fn session_choice(s: &SessionDto) -> String {
    let days = if s.starts_on == s.ends_on {
        format::date(Some(s.starts_on))
    } else {
        format!(
            "{} to {}",
            format::date(Some(s.starts_on)),
            format::date(Some(s.ends_on))
        )
    };
    let places = match s.capacity {
        Some(c) => format!("{} of {c} places taken", s.enrolled),
        None => format!("{} enrolled", s.enrolled),
    };
    format!("{}, {days} ({places})", s.course_title)
}

/// An assignment by name with `people` added to those it names; `None` for one by unit,
/// role or everyone, which names nobody.
fn adding(assignment: &Assignment, people: &BTreeSet<Uuid>) -> Option<Assignment> {
    let Assignment::People { people: named } = assignment else {
        return None;
    };
    let mut all: Vec<Uuid> = named.clone();
    all.extend(people.iter().filter(|p| !named.contains(p)));
    Some(Assignment::People { people: all })
}

/// The profile with `people` added to those it names.
fn with_people(profile: &ProfileDto, people: &BTreeSet<Uuid>) -> Option<ProfileInput> {
    Some(ProfileInput {
        name: profile.name.clone(),
        requirement_codes: profile.requirement_codes.clone(),
        assignment: adding(&profile.assignment, people)?,
    })
}

/// The policy with `people` added to those it names.
fn policy_with_people(policy: &PolicyDto, people: &BTreeSet<Uuid>) -> Option<PolicyInput> {
    Some(PolicyInput {
        code: policy.code.clone(),
        title: policy.title.clone(),
        due_days: i64::from(policy.due_days),
        assignment: adding(&policy.assignment, people)?,
    })
}

#[component]
pub fn BulkActions(ticked: RwSignal<BTreeSet<Uuid>>) -> impl IntoView {
    let notice = RwSignal::new(None::<String>);
    // An action done: say what it did, and start the next one with nobody ticked.
    let done = move |what: String| {
        notice.set(Some(what));
        ticked.set(BTreeSet::new());
    };
    let sessions = LocalResource::new(|| api::sessions(Some(format::today()), None, None));
    let profiles = LocalResource::new(api::profiles);
    let session = RwSignal::new(String::new());
    let profile = RwSignal::new(String::new());
    let enrol = Action::new_local(move |(session, people): &(SessionDto, Vec<Uuid>)| {
        let (session, people) = (session.clone(), people.clone());
        async move {
            let request = EnrollmentRequest {
                person_ids: people.clone(),
            };
            api::enroll(session.id, &request).await?;
            done(format!(
                "{} enrolled on {}.",
                people_count(people.len()),
                session_choice(&session)
                    .split(" (")
                    .next()
                    .unwrap_or_default()
            ));
            sessions.refetch();
            ApiResult::Ok(())
        }
    });
    let assign = Action::new_local(move |(id, input): &(Uuid, ProfileInput)| {
        let (id, input) = (*id, input.clone());
        async move {
            let saved = api::update_profile(id, &input).await?;
            done(format!(
                "{} added to the profile {}.",
                people_count(ticked.with_untracked(BTreeSet::len)),
                saved.name
            ));
            profiles.refetch();
            ApiResult::Ok(())
        }
    });
    let policies = LocalResource::new(api::policies);
    let policy = RwSignal::new(String::new());
    let assign_policy = Action::new_local(move |(id, input): &(Uuid, PolicyInput)| {
        let (id, input) = (*id, input.clone());
        async move {
            let saved = api::update_policy(id, &input).await?;
            done(format!(
                "{} assigned the policy {}.",
                people_count(ticked.with_untracked(BTreeSet::len)),
                saved.title
            ));
            policies.refetch();
            ApiResult::Ok(())
        }
    });
    let remind = Action::new_local(move |people: &Vec<Uuid>| {
        let people = people.clone();
        async move {
            let sent = api::notifications::send_reminders(people).await?;
            done(reminders_summary(&sent));
            ApiResult::Ok(())
        }
    });
    let problem = Signal::derive(move || {
        [
            enrol.value().get(),
            assign.value().get(),
            assign_policy.value().get(),
            remind.value().get(),
        ]
        .into_iter()
        .flatten()
        .find_map(Result::err)
        .map(|e| e.into_problem())
    });
    let upcoming = move || {
        sessions
            .get()
            .and_then(Result::ok)
            .map(|page| page.items)
            .unwrap_or_default()
    };
    let by_person = move || {
        profiles
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .filter(|p| matches!(p.assignment, Assignment::People { .. }))
            .collect::<Vec<_>>()
    };
    let by_name = move || {
        policies
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .filter(|p| matches!(p.assignment, Assignment::People { .. }))
            .collect::<Vec<_>>()
    };
    let on_assign_policy = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = by_name()
            .into_iter()
            .find(|p| p.id.to_string() == policy.get_untracked());
        if let Some((id, input)) = chosen
            .as_ref()
            .and_then(|p| Some((p.id, policy_with_people(p, &ticked.get_untracked())?)))
        {
            notice.set(None);
            assign_policy.dispatch((id, input));
        }
    };
    let on_enrol = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = upcoming()
            .into_iter()
            .find(|s| s.id.to_string() == session.get_untracked());
        if let Some(chosen) = chosen {
            notice.set(None);
            enrol.dispatch((chosen, ticked.get_untracked().into_iter().collect()));
        }
    };
    let on_assign = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = by_person()
            .into_iter()
            .find(|p| p.id.to_string() == profile.get_untracked());
        if let Some(input) = chosen
            .as_ref()
            .and_then(|p| with_people(p, &ticked.get_untracked()))
        {
            notice.set(None);
            assign.dispatch((chosen.map(|p| p.id).unwrap_or_default(), input));
        }
    };
    let count = move || ticked.with(BTreeSet::len);
    view! {
        <p role="status" class="notice">{move || notice.get()}</p>
        <Show when=move || { count() > 0 }>
            <section class="bulk" aria-labelledby="bulk-heading">
                <h2 id="bulk-heading">{move || format!("{} selected", people_count(count()))}</h2>
                <ProblemAlert problem />
                <div class="bulk-action">
                    <button type="button" disabled=move || remind.pending().get()
                        on:click=move |_| {
                            notice.set(None);
                            remind.dispatch(ticked.get_untracked().into_iter().collect());
                        }>"Send a reminder of what is open"</button>
                </div>
                <form class="bulk-action" on:submit=on_enrol>
                    <label for="bulk-session">"Enrol on a session"</label>
                    <select id="bulk-session" on:change=move |ev| session.set(event_target_value(&ev))>
                        <option value="">"Choose an upcoming session"</option>
                        {move || upcoming().into_iter().map(|s| {
                            view! { <option value=s.id.to_string()>{session_choice(&s)}</option> }
                        }).collect_view()}
                    </select>
                    <button type="submit" disabled=move || session.get().is_empty() || enrol.pending().get()>"Enrol"</button>
                </form>
                <form class="bulk-action" on:submit=on_assign>
                    <label for="bulk-profile">"Add to a training profile"</label>
                    <select id="bulk-profile" on:change=move |ev| profile.set(event_target_value(&ev))>
                        <option value="">"Choose a profile assigned by name"</option>
                        {move || by_person().into_iter().map(|p| {
                            view! { <option value=p.id.to_string()>{p.name}</option> }
                        }).collect_view()}
                    </select>
                    <button type="submit" disabled=move || profile.get().is_empty() || assign.pending().get()>"Add"</button>
                </form>
                <form class="bulk-action" on:submit=on_assign_policy>
                    <label for="bulk-policy">"Assign a policy"</label>
                    <select id="bulk-policy" on:change=move |ev| policy.set(event_target_value(&ev))>
                        <option value="">"Choose a policy assigned by name"</option>
                        {move || by_name().into_iter().map(|p| {
                            view! { <option value=p.id.to_string()>{format!("{} {}", p.code, p.title)}</option> }
                        }).collect_view()}
                    </select>
                    <button type="submit" disabled=move || policy.get().is_empty() || assign_policy.pending().get()>"Assign"</button>
                </form>
            </section>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_assigned_by_name_gains_the_ticked_people_once() {
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let profile = ProfileDto {
            id: Uuid::from_u128(9),
            name: "K9".into(),
            requirement_codes: vec!["k9".into()],
            assignment: Assignment::People { people: vec![a] },
        };
        let input = with_people(&profile, &BTreeSet::from([a, b])).unwrap();
        assert_eq!(input.assignment, Assignment::People { people: vec![a, b] });
        let by_unit = ProfileDto {
            assignment: Assignment::Units {
                units: vec!["Patrol".into()],
            },
            ..profile
        };
        assert!(with_people(&by_unit, &BTreeSet::from([b])).is_none());
        let policy = PolicyDto {
            id: Uuid::from_u128(8),
            code: "pursuit".into(),
            title: "Vehicle pursuit".into(),
            due_days: 14,
            assignment: Assignment::People { people: vec![] },
            current_version: Some(1),
            published_on: None,
        };
        let input = policy_with_people(&policy, &BTreeSet::from([b])).unwrap();
        assert_eq!(
            (input.due_days, input.assignment),
            (14, Assignment::People { people: vec![b] })
        );
        assert_eq!(people_count(1), "1 person");
        let sent = confitrek_types::RemindersSent {
            reminded: vec![a, b],
            up_to_date: vec![],
            without_login: vec![Uuid::from_u128(3)],
        };
        assert_eq!(
            reminders_summary(&sent),
            "2 people reminded of what their training still needs. 1 person could not be told: no login."
        );
        assert_eq!(people_count(5), "5 people");
    }
}
