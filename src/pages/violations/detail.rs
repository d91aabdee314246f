//! `/violations/:id`: every field of one violation, including the detecting authority and, once
//! handled, the decision number; handling or paying from here when the user may.

use beian_contract::endpoint::{self as ep, NoBody};
use beian_contract::violation::{Violation, ViolationStatus};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::{not_handleable_text, status_text};
use crate::api::{use_api, ApiFailure};
use crate::components::failure::FailureNotice;
use crate::components::require_session::RequireSession;
use crate::format::{when, yuan};
use crate::i18n::*;
use crate::pages::pay::enter_payment;
use beian_flow::payment::payable;

/// The violation detail page.
#[component]
pub fn ViolationDetail() -> impl IntoView {
    view! { <RequireSession><DetailView /></RequireSession> }
}

/// The violation in the address; made by [`use_violation`].
#[derive(Clone, Copy)]
pub struct ViolationRecord {
    /// The violation, once read (read from the resource, so a `<Suspense>` waits).
    pub record: Signal<Option<Violation>>,
    /// Why it could not be read.
    pub failure: Signal<Option<ApiFailure>>,
    /// Asks again.
    pub reload: Callback<()>,
}

/// The violation named by the address's `:id`.
pub fn use_violation() -> ViolationRecord {
    let api = use_api();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let record = LocalResource::new(move || {
        let id = id.get();
        async move { api.call(ep::GetViolation, &[&id], &NoBody).await }
    });
    ViolationRecord {
        record: Signal::derive(move || record.get().and_then(|r| r.ok())),
        failure: Signal::derive(move || record.get().and_then(|r| r.err())),
        reload: Callback::new(move |()| record.refetch()),
    }
}

/// One violation, or why it cannot be shown.
#[component]
fn DetailView() -> impl IntoView {
    let i18n = use_i18n();
    let ViolationRecord {
        record,
        failure,
        reload,
    } = use_violation();
    view! {
        <div class="page page--narrow">
            <A href="/violations" attr:class="back-link">{t!(i18n, violations.back_to_list)}</A>
            <h1>{t!(i18n, violations.detail_title)}</h1>
            <FailureNotice failure=failure on_retry=reload />
            {move || failure.get().filter(|f| f.code() == Some(&beian_contract::ErrorCode::NotFound)).map(|_| view! {
                <p class="notice notice--error" role="alert">{t!(i18n, violations.not_found)}</p>
            })}
            <Suspense fallback=move || view! { <p role="status">{t!(i18n, status.loading)}</p> }>
                {move || record.get().map(|v| view! { <Fields v=v /> })}
            </Suspense>
        </div>
    }
}

/// Every field of one violation, and the way to handle or pay it.
#[component]
fn Fields(
    /// The violation.
    v: Violation,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let unprocessed = v.status == ViolationStatus::Unprocessed;
    let may_pay = payable(&v);
    let reason = v
        .not_handleable
        .filter(|_| unprocessed)
        .map(not_handleable_text);
    let start = {
        let v = v.clone();
        move |_| enter_payment(std::slice::from_ref(&v), &navigate)
    };
    view! {
        <dl class="summary card">
            <div><dt>{t!(i18n, violations.plate)}</dt><dd class="plate">{v.plate_number.clone()}</dd></div>
            <div><dt>{t!(i18n, violations.time)}</dt><dd>{when(&v.time)}</dd></div>
            <div><dt>{t!(i18n, violations.place)}</dt><dd>{v.place.clone()}</dd></div>
            <div><dt>{t!(i18n, violations.what)}</dt><dd>{v.description.clone()}</dd></div>
            <div><dt>{t!(i18n, violations.code)}</dt><dd>{v.code.clone()}</dd></div>
            <div><dt>{t!(i18n, violations.points)}</dt><dd>{v.points}</dd></div>
            <div><dt>{t!(i18n, violations.fine)}</dt><dd>{yuan(v.fine_fen)}</dd></div>
            <div><dt>{t!(i18n, violations.surcharge)}</dt><dd>{yuan(v.surcharge_fen)}</dd></div>
            <div><dt>{t!(i18n, violations.detecting_authority)}</dt><dd>{v.detecting_authority.clone()}</dd></div>
            <div><dt>{t!(i18n, violations.handling_authority)}</dt><dd>{v.handling_authority.clone()}</dd></div>
            <div><dt>{t!(i18n, violations.status)}</dt><dd>{status_text(&v)}</dd></div>
            {v.decision_number.clone().map(|n| view! {
                <div><dt>{t!(i18n, violations.decision_number)}</dt><dd class="number">{n}</dd></div>
            })}
            {v.decision_date.clone().map(|d| view! {
                <div><dt>{t!(i18n, violations.decision_date)}</dt><dd>{d}</dd></div>
            })}
        </dl>
        {reason.map(|r| view! { <p class="notice notice--warning">{t!(i18n, violations.cannot_handle)}" "{r}</p> })}
        {may_pay.then(|| view! {
            <button type="button" class="button" on:click=start>
                {if unprocessed { t!(i18n, violations.handle_and_pay).into_any() } else { t!(i18n, violations.pay).into_any() }}
            </button>
        })}
    }
}
