//! Expense lines as a table with the training office's actions (approve, mark paid, reject
//! with a reason, file a receipt), and money as people read and type it.

use confitrek_types::{ExpenseDto, ExpenseStatus, ExpenseStatusChange};
use leptos::prelude::*;

use crate::api::expenses as api;
use crate::components::problem::ProblemAlert;
use crate::upload::chosen_file;

/// Cents as dollars: "$1,234.56" ("-$5.00" when overspent).
pub fn money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let whole = (cents / 100).unsigned_abs().to_string();
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("{sign}${grouped}.{:02}", (cents % 100).unsigned_abs())
}

/// Dollars as typed ("450", "1,234.5", "$12.05") as whole cents; a message otherwise.
pub fn parse_dollars(text: &str) -> Result<i64, String> {
    let cleaned: String = text.trim().trim_start_matches('$').replace(',', "");
    let invalid = || "must be an amount in dollars, such as 450.00".to_owned();
    let (whole, fraction) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
    if whole.is_empty() && fraction.is_empty()
        || fraction.len() > 2
        || !whole
            .chars()
            .chain(fraction.chars())
            .all(|c| c.is_ascii_digit())
    {
        return Err(invalid());
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| invalid())?
    };
    let cents: i64 = format!("{fraction:0<2}").parse().map_err(|_| invalid())?;
    whole
        .checked_mul(100)
        .and_then(|w| w.checked_add(cents))
        .ok_or_else(invalid)
}

/// The class of a status badge.
fn status_class(status: ExpenseStatus) -> &'static str {
    match status {
        ExpenseStatus::Requested => "badge warn",
        ExpenseStatus::Approved => "badge neutral",
        ExpenseStatus::Paid => "badge good",
        ExpenseStatus::Rejected => "badge bad",
    }
}

#[component]
pub fn ExpenseTable(
    lines: Vec<ExpenseDto>,
    /// The training office: approve, pay, reject, file receipts.
    manage: bool,
    changed: Callback<()>,
) -> impl IntoView {
    if lines.is_empty() {
        return view! { <p>"No expenses here yet."</p> }.into_any();
    }
    let rows = lines
        .into_iter()
        .map(|line| view! { <ExpenseRow line manage changed /> })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="expenses">
                <caption class="visually-hidden">"Expense lines"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Incurred"</th>
                        <th scope="col">"On"</th>
                        <th scope="col">"Category"</th>
                        <th scope="col">"Description"</th>
                        <th scope="col" class="numeric">"Amount"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Receipt"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
fn ExpenseRow(line: ExpenseDto, manage: bool, changed: Callback<()>) -> impl IntoView {
    let id = line.id;
    let reason = RwSignal::new(String::new());
    let rejecting = RwSignal::new(false);
    let act = Action::new_local(move |status: &ExpenseStatus| {
        let change = ExpenseStatusChange {
            status: *status,
            reason: (*status == ExpenseStatus::Rejected)
                .then(|| reason.get_untracked().trim().to_owned()),
        };
        async move {
            let done = api::change_status(id, &change).await;
            if done.is_ok() {
                changed.run(());
            }
            done
        }
    });
    let upload = Action::new_local(move |input: &web_sys::HtmlInputElement| {
        let input = input.clone();
        async move {
            let Some(bytes) = chosen_file(&input).await? else {
                return Ok(());
            };
            let stored = api::upload_receipt(id, bytes).await;
            input.set_value("");
            stored?;
            changed.run(());
            Ok(())
        }
    });
    let remove = Action::new_local(move |_: &()| async move {
        let done = api::delete_expense(id).await;
        if done.is_ok() {
            changed.run(());
        }
        done
    });
    let problem = Signal::derive(move || {
        match (
            act.value().get(),
            upload.value().get(),
            remove.value().get(),
        ) {
            (Some(Err(e)), _, _) | (_, Some(Err(e)), _) | (_, _, Some(Err(e))) => {
                Some(e.into_problem())
            }
            _ => None,
        }
    });
    let shared = line
        .shared_by
        .map(|n| format!(" (shared by {n})"))
        .unwrap_or_default();
    let status = line.status;
    let subject = format!("{}{}", line.subject, shared);
    let what = format!("{} {}", line.description, money(line.amount_cents));
    let receipt = match &line.receipt {
        Some(_) => view! { <a href=api::receipt_url(id) download>"Receipt"</a> }.into_any(),
        None => view! { <span class="hint">"None"</span> }.into_any(),
    };
    let input_id = format!("receipt-{id}");
    let reason_id = format!("reason-{id}");
    view! {
        <tr>
            <td>{line.incurred_on.to_string()}</td>
            <td>{subject}</td>
            <td>{line.category.label()}</td>
            <td>{line.description.clone()}
                {line.rejection_reason.clone().map(|r| view! { <br/><span class="hint">"Rejected: " {r}</span> })}</td>
            <td class="numeric">{money(line.amount_cents)}</td>
            <td><span class=status_class(status)>{status.label()}</span></td>
            <td>{receipt}
                {manage.then(|| view! {
                    <label for=input_id.clone() class="visually-hidden">{format!("Receipt for {what}")}</label>
                    <input id=input_id.clone() type="file" accept="application/pdf,image/png,image/jpeg"
                        disabled=move || upload.pending().get()
                        on:change=move |ev| {
                            use leptos::wasm_bindgen::JsCast;
                            if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                                upload.dispatch(input);
                            }
                        } />
                })}
            </td>
            <td class="actions">
                {(manage && status == ExpenseStatus::Requested).then(|| view! {
                    <button type="button" disabled=move || act.pending().get()
                        on:click=move |_| { act.dispatch(ExpenseStatus::Approved); }>"Approve"</button>
                })}
                {(manage && status == ExpenseStatus::Approved).then(|| view! {
                    <button type="button" disabled=move || act.pending().get()
                        on:click=move |_| { act.dispatch(ExpenseStatus::Paid); }>"Mark paid"</button>
                })}
                {(manage && matches!(status, ExpenseStatus::Requested | ExpenseStatus::Approved)).then(|| view! {
                    <button type="button" on:click=move |_| rejecting.update(|r| *r = !*r)>"Reject…"</button>
                    <Show when=move || rejecting.get()>
                        <label for=reason_id.clone()>"Why"</label>
                        <input id=reason_id.clone() type="text" maxlength="500"
                            prop:value=move || reason.get()
                            on:input=move |ev| reason.set(event_target_value(&ev)) />
                        <button type="button" disabled=move || act.pending().get()
                            on:click=move |_| { act.dispatch(ExpenseStatus::Rejected); }>"Reject"</button>
                    </Show>
                })}
                {(manage && status != ExpenseStatus::Paid).then(|| view! {
                    <button type="button" class="danger" disabled=move || remove.pending().get()
                        on:click=move |_| { remove.dispatch(()); }>
                        "Delete" <span class="visually-hidden">{format!(" {what}")}</span>
                    </button>
                })}
                <ProblemAlert problem />
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_reads_as_dollars_with_thousands() {
        assert_eq!(money(45_000), "$450.00");
        assert_eq!(money(123_456_789), "$1,234,567.89");
        assert_eq!(money(5), "$0.05");
        assert_eq!(money(-500), "-$5.00");
        assert_eq!(money(100_000), "$1,000.00");
    }

    #[test]
    fn dollars_are_typed_as_people_write_them() {
        assert_eq!(parse_dollars("450"), Ok(45_000));
        assert_eq!(parse_dollars("$1,234.5"), Ok(123_450));
        assert_eq!(parse_dollars(" 12.05 "), Ok(1205));
        assert_eq!(parse_dollars(".5"), Ok(50));
        for bad in ["", "abc", "1.234", "-5", "1e3", "$"] {
            assert!(parse_dollars(bad).is_err(), "{bad}");
        }
    }
}
