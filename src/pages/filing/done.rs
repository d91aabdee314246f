//! Step 5: the outcome. Approved by the face check ("binding finished"), or submitted for staff
//! review ("result within one working day"). The filing's current state is fetched again, so a
//! review decided meanwhile shows here too.

use beian_contract::endpoint::{self as ep, NoBody};
use beian_contract::filing::FilingState;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::state::{FilingRef, Step};
use super::use_wizard;
use crate::api::use_api;
use crate::i18n::*;

/// The outcome screen's state: the filing (its state fetched again once, so a review decided
/// meanwhile shows), and starting another filing.
#[derive(Clone, Copy)]
pub struct FilingOutcome {
    /// The filing.
    pub filing: Memo<Option<FilingRef>>,
    /// Starts another filing.
    pub again: Callback<()>,
}

/// The outcome screen's state.
pub fn use_filing_outcome() -> FilingOutcome {
    let api = use_api();
    let wizard = use_wizard();
    let navigate = use_navigate();
    // Refresh the state once (best effort: what is stored is shown meanwhile).
    let fresh = LocalResource::new(move || {
        let id = wizard.with_untracked(|w| w.filing.as_ref().map(|f| f.id.clone()));
        async move { api.call(ep::GetFiling, &[&id?], &NoBody).await.ok() }
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
    FilingOutcome {
        filing: Memo::new(move |_| wizard.with(|w| w.filing.clone())),
        again: Callback::new(move |()| {
            wizard.reset();
            navigate(Step::Method.path(), Default::default());
        }),
    }
}

/// The outcome screen.
#[component]
pub fn DoneStep() -> impl IntoView {
    let i18n = use_i18n();
    let FilingOutcome { filing, again } = use_filing_outcome();
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
        <button type="button" class="button button--secondary" on:click=move |_| again.run(())>{t!(i18n, filing.file_another)}</button>
    }
}
