//! `/violations`: the list, filtered by vehicle (`?vehicle=`) and tab (`?tab=processed`), both in
//! the address so a reload or the back button keeps them. Unprocessed violations the user may
//! handle can be selected and handled together; decided, unpaid ones can be paid. The state is
//! in [`hook`], one violation's card in [`card`].

pub mod card;
pub mod hook;

use beian_contract::violation::ViolationStatus;
use beian_flow::payment::payable;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::error_summary::ErrorSummary;
use crate::components::failure::FailureNotice;
use crate::components::require_session::RequireSession;
use crate::format::yuan;
use crate::i18n::*;
use crate::links::violations_href;
use card::ViolationCard;
use hook::use_violation_list;

/// The violations page.
#[component]
pub fn Violations() -> impl IntoView {
    view! { <RequireSession><ViolationsView /></RequireSession> }
}

#[component]
fn ViolationsView() -> impl IntoView {
    let i18n = use_i18n();
    let s = use_violation_list();
    let (vehicle, processed, chosen) = (s.vehicle, s.processed, s.chosen);
    view! {
        <div class="page">
            <A href="/" attr:class="back-link">{t!(i18n, nav.back_home)}</A>
            <ErrorSummary problems=s.problems />
            <h1>{t!(i18n, violations.title)}</h1>
            <div class="field">
                <label class="field__label" for="vehicle">{t!(i18n, violations.vehicle_label)}</label>
                <select id="vehicle" class="field__input" on:change=move |ev| s.pick_vehicle.run(event_target_value(&ev)) prop:value=move || vehicle.get()>
                    <option value="">{t!(i18n, violations.all_vehicles)}</option>
                    {move || s.vehicles.get().into_iter().map(|v| {
                        let id = v.id.clone();
                        view! { <option value=id.clone() selected=move || vehicle.get() == id>{v.plate_number}</option> }
                    }).collect_view()}
                </select>
            </div>
            <nav class="tabs" aria-label=move || t_string!(i18n, violations.tabs_label)>
                <A href=move || violations_href(&vehicle.get(), false) attr:class="tabs__tab"
                    attr:aria-current=move || (!processed.get()).then_some("page")>
                    {t!(i18n, violations.tab_unprocessed)}
                </A>
                <A href=move || violations_href(&vehicle.get(), true) attr:class="tabs__tab"
                    attr:aria-current=move || processed.get().then_some("page")>
                    {t!(i18n, violations.tab_processed)}
                </A>
            </nav>
            <FailureNotice failure=s.failure on_retry=s.reload />
            <Suspense fallback=move || view! { <p role="status">{t!(i18n, status.loading)}</p> }>
                {move || s.list.get().map(|violations| {
                    if violations.is_empty() {
                        return view! {
                            <p class="empty">{move || if processed.get() {
                                t_string!(i18n, violations.empty_processed)
                            } else {
                                t_string!(i18n, violations.empty_unprocessed)
                            }}</p>
                        }.into_any();
                    }
                    let first_selectable = violations.iter()
                        .find(|v| v.status == ViolationStatus::Unprocessed && payable(v))
                        .map(|v| v.id.clone());
                    view! {
                        <ul class="list">
                            {violations.into_iter().map(|v| {
                                let first = first_selectable.as_deref() == Some(v.id.as_str());
                                view! { <ViolationCard violation=v selected=s.selected first=first /> }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </Suspense>
            <Show when=move || !processed.get() && s.any_payable.get()>
                // Sticky (and one compact row) only while something is chosen: with nothing chosen
                // it is a plain button after the list, not a bar over it.
                <div class="action-bar" class:action-bar--idle=move || chosen.with(Vec::is_empty)>
                    <p class="action-bar__sum" aria-live="polite">{move || {
                        let c = chosen.get();
                        if c.is_empty() {
                            return String::new();
                        }
                        let total: i64 = c.iter().map(|v| v.fine_fen + v.surcharge_fen).sum();
                        let points: u32 = c.iter().map(|v| u32::from(v.points)).sum();
                        t_string!(i18n, violations.selected_sum, count = c.len(), total = yuan(total), points = points).to_string()
                    }}</p>
                    <button type="button" class="button" on:click=move |_| s.handle.run(())>
                        {t!(i18n, violations.handle_and_pay)}
                    </button>
                </div>
            </Show>
        </div>
    }
}
