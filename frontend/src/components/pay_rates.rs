//! A person's base hourly rates on the person page (Ohio reimburses CPT hours at the rate in
//! effect on the training day): the training office keeps them, the person reads his or her
//! own. Pay is private: nobody else sees this section.

use confitrek_types::{PayRateDto, PayRateInput};
use leptos::prelude::*;
use uuid::Uuid;

use crate::api::ApiResult;
use crate::api::reimbursement as api;
use crate::components::fields::TextField;
use crate::components::problem::ProblemAlert;
use crate::format::parse_date_input;

/// "34.5" or "$1,234.56" as cents; `None` for anything else (the server names the bounds).
pub fn cents_of(text: &str) -> Option<i64> {
    let text: String = text
        .trim()
        .trim_start_matches('$')
        .chars()
        .filter(|c| *c != ',')
        .collect();
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    if whole.is_empty() && fraction.is_empty() || fraction.len() > 2 {
        return None;
    }
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if !digits(whole) || !digits(fraction) {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let fraction: i64 = format!("{fraction:0<2}").parse().ok()?;
    whole.checked_mul(100)?.checked_add(fraction)
}

pub fn dollars(cents: i64) -> String {
    format!("${}.{:02}", cents / 100, cents % 100)
}

#[component]
pub fn PayRates(person_id: Uuid, can_manage: bool) -> impl IntoView {
    let rates = LocalResource::new(move || api::pay_rates(person_id));
    let list = move || {
        rates.get().map(|found| match found {
            Ok(list) if list.is_empty() => {
                view! { <p class="hint">"No base hourly rate on file."</p> }.into_any()
            }
            Ok(list) => view! { <RateTable list rates can_manage person_id /> }.into_any(),
            Err(e) => view! { <p class="error" role="alert">{e.to_string()}</p> }.into_any(),
        })
    };
    view! {
        <section aria-labelledby="pay-rates-heading">
            <h2 id="pay-rates-heading">"Base hourly rate"</h2>
            <p class="hint">"Each rate applies from its day until the next one. Ohio's CPT reimbursement uses the rate in effect on each training day."</p>
            {list}
            {can_manage.then(|| view! { <RateForm person_id rates /> })}
        </section>
    }
}

#[component]
fn RateTable(
    list: Vec<PayRateDto>,
    rates: LocalResource<ApiResult<Vec<PayRateDto>>>,
    can_manage: bool,
    person_id: Uuid,
) -> impl IntoView {
    let remove = Action::new_local(move |day: &time::Date| {
        let day = *day;
        async move {
            let done = api::delete_pay_rate(person_id, day).await;
            rates.refetch();
            done
        }
    });
    let rows = list
        .into_iter()
        .map(|r| {
            let day = r.effective_from;
            view! {
                <tr>
                    <td>{day.to_string()}</td>
                    <td class="num">{dollars(r.hourly_rate_cents)}</td>
                    {can_manage.then(|| view! {
                        <td><button type="button" class="link" on:click=move |_| { remove.dispatch(day); }>
                            {format!("Remove the rate of {day}")}
                        </button></td>
                    })}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="pay-rates">
                <thead><tr><th scope="col">"From"</th><th scope="col">"Per hour"</th>
                    {can_manage.then(|| view! { <th scope="col"><span class="visually-hidden">"Actions"</span></th> })}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

#[component]
fn RateForm(person_id: Uuid, rates: LocalResource<ApiResult<Vec<PayRateDto>>>) -> impl IntoView {
    let from = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let local = RwSignal::new(None::<String>);
    let save = Action::new_local(move |(day, cents): &(time::Date, i64)| {
        let (day, cents) = (*day, *cents);
        async move {
            let saved = api::set_pay_rate(
                person_id,
                day,
                &PayRateInput {
                    hourly_rate_cents: cents,
                },
            )
            .await;
            rates.refetch();
            saved
        }
    });
    let problem = Signal::derive(move || match save.value().get() {
        Some(Err(e)) => Some(e.into_problem()),
        _ => None,
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let day = parse_date_input(&from.get_untracked()).ok().flatten();
        match (day, cents_of(&amount.get_untracked())) {
            (Some(day), Some(cents)) => {
                local.set(None);
                save.dispatch((day, cents));
            }
            (None, _) => local.set(Some("Enter the first day the rate applies.".into())),
            (_, None) => local.set(Some("Enter the rate in dollars, e.g. 34.50.".into())),
        }
    };
    view! {
        <form class="pay-rate-form" on:submit=on_submit>
            <ProblemAlert problem shown_fields=&["effective_from", "hourly_rate_cents"] />
            {move || local.get().map(|m| view! { <p class="error" role="alert">{m}</p> })}
            <TextField name="effective_from" label="Applies from" value=from problem input_type="date" required=true />
            <TextField name="hourly_rate_cents" label="Base hourly rate ($)" value=amount problem required=true />
            <button type="submit" class="primary">"Save rate"</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dollars_are_read_as_cents() {
        let cases = [
            ("34.50", Some(3450)),
            ("$1,234.5", Some(123_450)),
            ("30", Some(3000)),
            (".75", Some(75)),
            ("12.345", None),
            ("-3", None),
            ("ten", None),
            ("", None),
        ];
        for (text, cents) in cases {
            assert_eq!(cents_of(text), cents, "{text}");
        }
    }
}
