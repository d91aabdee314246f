//! Step 5: the outcome. Approved by the face check ("binding finished"), or submitted for staff
//! review ("result within one working day"). The filing's current state is fetched again, so a
//! review decided meanwhile shows here too.

use beian_contract::endpoint::{self as ep, NoBody};
use beian_contract::filing::FilingState;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::state::Step;
use super::use_wizard;
use crate::api::use_api;
use crate::i18n::*;

/// The outcome screen.
#[component]
pub fn DoneStep() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let wizard = use_wizard();
    let navigate = use_navigate();
    let filing = Memo::new(move |_| wizard.with(|w| w.filing.clone()));
    // Refresh the state once (best effort: what is stored is shown meanwhile).
    let fresh = LocalResource::new(move || {
        let id = wizard.with_untracked(|w| w.filing.as_ref().map(|f| f.id.clone()));
        async move {
            match id {
                Some(id) => api.call(ep::GetFiling, &[&id], &NoBody).await.ok(),
                None => None,
            }
        }
    });
    Effect::new(move |_| {
        if let Some(Some(f)) = fresh.get() {
            if matches!(
                f.state,
                FilingState::Approved | FilingState::PendingReview | FilingState::Rejected
            ) {
                wizard.update(|w| w.filed(&f));
            }
        }
    });
    let again = move |_| {
        wizard.reset();
        navigate(Step::Method.path(), Default::default());
    };
    view! {
        {move || filing.get().map(|f| {
            let plate = f.plate_number.clone();
            match f.state {
                FilingState::Approved => view! {
                    <div class="panel panel--ok">
                        <h1>{t!(i18n, filing.done_approved_title)}</h1>
                        <p>{t!(i18n, filing.done_approved_body, plate = plate)}</p>
                    </div>
                }.into_any(),
                FilingState::Rejected => view! {
                    <div class="panel panel--bad">
                        <h1>{t!(i18n, filing.done_rejected_title)}</h1>
                        <p>{t!(i18n, filing.done_rejected_body, plate = plate)}</p>
                    </div>
                }.into_any(),
                _ => view! {
                    <div class="panel">
                        <h1>{t!(i18n, filing.done_review_title)}</h1>
                        <p>{t!(i18n, filing.done_review_body, plate = plate)}</p>
                    </div>
                }.into_any(),
            }
        })}
        <ul class="services">
            <li><A href="/vehicles" attr:class="service">
                <span class="service__name">{t!(i18n, vehicles.title)}</span>
                <span class="service__hint">{t!(i18n, home.vehicles_hint)}</span>
            </A></li>
            <li><A href="/messages" attr:class="service">
                <span class="service__name">{t!(i18n, messages.title)}</span>
            </A></li>
        </ul>
        <button type="button" class="button button--secondary" on:click=again>{t!(i18n, filing.file_another)}</button>
    }
}
