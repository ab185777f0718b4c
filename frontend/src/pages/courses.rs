//! `/courses`, `/courses/new`, `/courses/:id/edit`: the agency's course catalog, what each
//! course earns, and the forms to add and change courses.

use std::collections::BTreeMap;

use confitrek_types::{CourseDto, CourseInput};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api::{self, ApiResult};
use crate::components::course_form::CourseFormView;
use crate::components::problem::{ProblemAlert, load_error};
use crate::pages::person::{id_param, no_such};
use crate::pages::person_edit::replace;
use crate::routes::{RoleAbilities, Route};
use crate::session::Session;
use crate::training::{CourseForm, dollars, hours_summary};

/// Topic and event titles by code, for writing hours in words.
pub fn topic_titles(topics: &confitrek_types::TopicsDto) -> BTreeMap<String, String> {
    let own = topics
        .topics
        .iter()
        .map(|t| (t.code.clone(), t.title.clone()));
    let events = topics
        .events
        .iter()
        .map(|e| (e.code.clone(), e.title.clone()));
    own.chain(events).collect()
}

#[component]
pub fn CoursesPage() -> impl IntoView {
    let can_manage = Session::get()
        .role_untracked()
        .is_some_and(RoleAbilities::manages_training);
    // The whole catalog: an agency's courses are tens, not thousands.
    let courses = LocalResource::new(api::catalog_courses);
    let topics = LocalResource::new(api::topics);
    let list = move || {
        Suspend::new(async move {
            let list = courses.await?;
            let titles = topics.await.map(|t| topic_titles(&t)).unwrap_or_default();
            ApiResult::Ok(view! { <CourseList list titles can_manage /> })
        })
    };
    view! {
        <div class="page-head">
            <h1>"Course catalog"</h1>
            {can_manage.then(|| view! {
                <A href=Route::NewCourse.path() attr:class="button primary">"Add course"</A>
            })}
        </div>
        <p class="hint">"What the agency teaches or sends people to, and the hours each course earns."</p>
        <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
            <ErrorBoundary fallback=load_error>{list}</ErrorBoundary>
        </Transition>
    }
}

#[component]
fn CourseList(
    list: Vec<CourseDto>,
    titles: BTreeMap<String, String>,
    can_manage: bool,
) -> impl IntoView {
    if list.is_empty() {
        return view! { <p>"No courses yet."</p> }.into_any();
    }
    let items = list
        .into_iter()
        .map(|c| {
            let heading = format!("course-{}", c.id);
            let mut earns = hours_summary(&c.hours, &titles);
            for event in &c.events {
                let title = titles.get(event).cloned().unwrap_or_else(|| event.clone());
                earns = if earns.is_empty() { title } else { format!("{earns}, {title}") };
            }
            let cost = c.cost_cents.map(|c| format!("${}", dollars(Some(c))));
            view! {
                <li>
                    <article class="course" aria-labelledby=heading.clone()>
                        <h2 id=heading.clone()>{c.title.clone()}
                            {(!c.active).then(|| view! { " " <span class="badge quiet">"Inactive"</span> })}
                        </h2>
                        <dl class="facts">
                            <dt>"Earns"</dt><dd>{earns}</dd>
                            <dt>"Delivery"</dt><dd>{c.delivery.label()}</dd>
                            {c.provider.clone().map(|p| view! { <dt>"Provider"</dt><dd>{p}</dd> })}
                            {c.post_course_number.clone().map(|n| view! { <dt>"POST number"</dt><dd>{n}</dd> })}
                            {cost.map(|c| view! { <dt>"Cost"</dt><dd>{c}</dd> })}
                        </dl>
                        {can_manage.then(|| view! {
                            <div class="item-actions">
                                <A href=Route::EditCourse(c.id).path() attr:class="button">
                                    "Edit" <span class="visually-hidden">{format!(" {}", c.title)}</span>
                                </A>
                            </div>
                        })}
                    </article>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="course-list">{items}</ul> }.into_any()
}

#[component]
pub fn NewCoursePage() -> impl IntoView {
    let navigate = use_navigate();
    let save = Action::new_local(move |input: &CourseInput| {
        let input = input.clone();
        let navigate = navigate.clone();
        async move {
            api::create_course(&input).await?;
            navigate(&Route::Courses.path(), replace());
            ApiResult::Ok(())
        }
    });
    let initial = CourseForm {
        active: true,
        ..CourseForm::default()
    };
    view! {
        <h1>"Add course"</h1>
        <CourseFormView initial save submit_label="Add course" />
    }
}

#[component]
pub fn EditCoursePage() -> impl IntoView {
    let id = id_param();
    let found = LocalResource::new(move || async move {
        match id.get() {
            Some(id) => api::course(id).await,
            None => no_such("course"),
        }
    });
    let navigate = use_navigate();
    let save = {
        let navigate = navigate.clone();
        Action::new_local(move |input: &CourseInput| {
            let input = input.clone();
            let navigate = navigate.clone();
            let id = id.get_untracked();
            async move {
                let Some(id) = id else {
                    return no_such("course");
                };
                api::update_course(id, &input).await?;
                navigate(&Route::Courses.path(), replace());
                ApiResult::Ok(())
            }
        })
    };
    let remove = Action::new_local(move |_: &()| {
        let navigate = navigate.clone();
        let id = id.get_untracked();
        async move {
            let Some(id) = id else {
                return no_such("course");
            };
            api::delete_course(id).await?;
            navigate(&Route::Courses.path(), replace());
            ApiResult::Ok(())
        }
    });
    let remove_problem = Signal::derive(move || match remove.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None,
    });
    let form = move || {
        Suspend::new(async move {
            found.await.map(|c| {
                view! {
                    <h1>{format!("Edit {}", c.title)}</h1>
                    <CourseFormView initial=CourseForm::of(&c) save submit_label="Save changes" />
                    <section class="danger-zone" aria-labelledby="delete-course-heading">
                        <h2 id="delete-course-heading">"Delete"</h2>
                        <p class="hint">"A course with sessions or records stays: make it inactive instead."</p>
                        <ProblemAlert problem=remove_problem />
                        <button type="button" class="danger" disabled=move || remove.pending().get()
                            on:click=move |_| { remove.dispatch(()); }>"Delete course"</button>
                    </section>
                }
            })
        })
    };
    view! {
        <Transition fallback=|| view! { <p role="status">"Loading…"</p> }>
            <ErrorBoundary fallback=load_error>{form}</ErrorBoundary>
        </Transition>
    }
}
