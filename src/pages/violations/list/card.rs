//! One violation in the list: what, where, how much, why it cannot be handled, and its actions
//! (select, pay, details, receipt).

use beian_contract::violation::{Violation, ViolationStatus};
use beian_flow::payment::payable;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::super::{not_handleable_text, status_text};
use crate::format::{when, yuan};
use crate::i18n::*;
use crate::links::receipt_href;
use crate::pages::pay::enter_payment;

/// One violation in the list.
#[component]
pub fn ViolationCard(
    /// The violation.
    violation: Violation,
    /// Ids of the selected violations.
    selected: RwSignal<Vec<String>>,
    /// Whether this is the first selectable one (target of the error summary's link).
    first: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let v = violation;
    let id = v.id.clone();
    let title_id = format!("v-{}-title", v.id);
    let unprocessed = v.status == ViolationStatus::Unprocessed;
    let can_select = unprocessed && payable(&v);
    let can_pay = !unprocessed && payable(&v);
    let reason = v
        .not_handleable
        .filter(|_| unprocessed)
        .map(not_handleable_text);
    let detail_href = format!("/violations/{}", js_sys::encode_uri_component(&v.id));
    let summary = format!("{} {}", v.plate_number, when(&v.time));
    let receipt_summary = summary.clone();
    let pay_one = {
        let v = v.clone();
        move |_| enter_payment(std::slice::from_ref(&v), &navigate)
    };
    view! {
        <li class="card violation" aria-labelledby=title_id.clone()>
            <h2 class="card__title" id=title_id.clone()>
                <span class="plate">{v.plate_number.clone()}</span>" "<span class="violation__time">{when(&v.time)}</span>
            </h2>
            <p class="violation__what">{v.description.clone()}</p>
            <dl class="summary summary--compact">
                <div><dt>{t!(i18n, violations.place)}</dt><dd>{v.place.clone()}</dd></div>
                <div><dt>{t!(i18n, violations.points)}</dt><dd>{v.points}</dd></div>
                <div><dt>{t!(i18n, violations.fine)}</dt><dd>{yuan(v.fine_fen)}</dd></div>
                {(v.surcharge_fen > 0).then(|| view! {
                    <div><dt>{t!(i18n, violations.surcharge)}</dt><dd>{yuan(v.surcharge_fen)}</dd></div>
                })}
                {(!unprocessed).then(|| view! {
                    <div><dt>{t!(i18n, violations.status)}</dt><dd>{status_text(&v)}</dd></div>
                })}
            </dl>
            {reason.map(|r| view! { <p class="notice notice--warning">{t!(i18n, violations.cannot_handle)}" "{r}</p> })}
            <div class="violation__actions">
                {can_select.then(|| view! { <SelectBox id=id.clone() first=first summary=summary.clone() selected=selected /> })}
                {can_pay.then(|| view! {
                    <button type="button" class="button" on:click=pay_one>
                        {t!(i18n, violations.pay)}<span class="visually-hidden">" "{summary.clone()}</span>
                    </button>
                })}
                <A href=detail_href attr:class="link">
                    {t!(i18n, violations.details)}<span class="visually-hidden">" "{summary.clone()}</span>
                </A>
                {v.paid_order_id.clone().filter(|_| v.paid).map(|order| view! {
                    <A href=receipt_href(&order) attr:class="link">
                        {t!(i18n, violations.receipt)}<span class="visually-hidden">" "{receipt_summary}</span>
                    </A>
                })}
            </div>
        </li>
    }
}

/// The "select" check box of a violation that can be handled.
#[component]
fn SelectBox(
    /// The violation's id.
    id: String,
    /// Whether this is the first selectable one (its box is the error summary's target).
    first: bool,
    /// The plate and time, read after "select" by a screen reader.
    summary: String,
    /// Ids of the selected violations.
    selected: RwSignal<Vec<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let check_id = if first {
        "select-first".to_owned()
    } else {
        format!("select-{}", id)
    };
    let is_on = {
        let id = id.clone();
        move || selected.with(|s| s.contains(&id))
    };
    view! {
        <div class="check">
            <input type="checkbox" class="check__input" id=check_id.clone()
                prop:checked=is_on
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    selected.update(|s| {
                        s.retain(|x| x != &id);
                        if on { s.push(id.clone()); }
                    });
                } />
            <label class="check__label" for=check_id>
                {t!(i18n, violations.select)}<span class="visually-hidden">" "{summary}</span>
            </label>
        </div>
    }
}
