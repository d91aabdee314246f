//! `/violations`: the list, filtered by vehicle (`?vehicle=`) and tab (`?tab=processed`), both in
//! the address so a reload or the back button keeps them. Unprocessed violations the user may
//! handle can be selected and handled together; decided, unpaid ones can be paid.

use beian_contract::endpoint::{self as ep, NoBody};
use beian_contract::filing::FilingState;
use beian_contract::violation::ViolationQuery;
use beian_contract::violation::{Violation, ViolationStatus};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::{not_handleable_text, status_text, when, yuan};
use crate::api::use_api;
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::failure::FailureNotice;
use crate::components::require_session::RequireSession;
use crate::i18n::*;
use crate::pages::pay::enter_payment;
use crate::pages::pay::state::payable;
use crate::pages::receipt::receipt_href;

/// The violations page.
#[component]
pub fn Violations() -> impl IntoView {
    view! { <RequireSession><ViolationsView /></RequireSession> }
}

/// The list's address for a vehicle filter and tab.
pub fn list_href(vehicle: &str, processed: bool) -> String {
    let mut query = Vec::new();
    if !vehicle.is_empty() {
        query.push(format!("vehicle={}", js_sys::encode_uri_component(vehicle)));
    }
    if processed {
        query.push("tab=processed".to_owned());
    }
    if query.is_empty() {
        "/violations".to_owned()
    } else {
        format!("/violations?{}", query.join("&"))
    }
}

#[component]
fn ViolationsView() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let navigate = use_navigate();
    let query = use_query_map();
    let vehicle = Memo::new(move |_| query.with(|q| q.get("vehicle").unwrap_or_default()));
    let processed =
        Memo::new(move |_| query.with(|q| q.get("tab").as_deref() == Some("processed")));

    let vehicles =
        LocalResource::new(move || async move { api.call(ep::Vehicles, &[], &NoBody).await });
    let list = LocalResource::new(move || {
        let (vehicle, processed) = (vehicle.get(), processed.get());
        async move {
            let status = if processed {
                "processed"
            } else {
                "unprocessed"
            };
            let query = ViolationQuery {
                status: Some(status.to_owned()),
                vehicle_id: (!vehicle.is_empty()).then_some(vehicle),
            };
            api.call(ep::Violations, &[], &query).await
        }
    });
    let failure = Signal::derive(move || list.get().and_then(|r| r.err()));
    let selected = RwSignal::new(Vec::<String>::new());
    let nothing_selected = RwSignal::new(false);
    // A new filter or tab starts a new selection.
    Effect::new(move |_| {
        vehicle.track();
        processed.track();
        selected.set(Vec::new());
    });

    let shown = Memo::new(move |_| {
        list.get()
            .and_then(|r| r.ok())
            .map(|l| l.violations)
            .unwrap_or_default()
    });
    let chosen = Memo::new(move |_| {
        let ids = selected.get();
        shown.with(|all| {
            all.iter()
                .filter(|v| ids.contains(&v.id))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let problems = Signal::derive(move || {
        if nothing_selected.get() {
            vec![Problem {
                target: "select-first",
                message: t_string!(i18n, violations.select_none).to_string(),
            }]
        } else {
            Vec::new()
        }
    });
    let handle = {
        let navigate = navigate.clone();
        move || {
            let picked = chosen.get_untracked();
            if picked.is_empty() {
                nothing_selected.set(true);
                return;
            }
            nothing_selected.set(false);
            enter_payment(&picked, &navigate);
        }
    };
    let on_vehicle = {
        let navigate = navigate.clone();
        move |ev: web_sys::Event| {
            navigate(
                &list_href(&event_target_value(&ev), processed.get_untracked()),
                Default::default(),
            );
        }
    };

    view! {
        <div class="page">
            <A href="/" attr:class="back-link">{t!(i18n, nav.back_home)}</A>
            <ErrorSummary problems=problems />
            <h1>{t!(i18n, violations.title)}</h1>
            <div class="field">
                <label class="field__label" for="vehicle">{t!(i18n, violations.vehicle_label)}</label>
                <select id="vehicle" class="field__input" on:change=on_vehicle prop:value=move || vehicle.get()>
                    <option value="">{t!(i18n, violations.all_vehicles)}</option>
                    {move || vehicles.get().and_then(|r| r.ok()).map(|l| {
                        l.vehicles.into_iter().filter(|v| v.state == FilingState::Approved).map(|v| {
                            let id = v.id.clone();
                            view! { <option value=id.clone() selected=move || vehicle.get() == id>{v.plate_number}</option> }
                        }).collect_view()
                    })}
                </select>
            </div>
            <nav class="tabs" aria-label=move || t_string!(i18n, violations.tabs_label)>
                <A href=move || list_href(&vehicle.get(), false) attr:class="tabs__tab"
                    attr:aria-current=move || (!processed.get()).then_some("page")>
                    {t!(i18n, violations.tab_unprocessed)}
                </A>
                <A href=move || list_href(&vehicle.get(), true) attr:class="tabs__tab"
                    attr:aria-current=move || processed.get().then_some("page")>
                    {t!(i18n, violations.tab_processed)}
                </A>
            </nav>
            <FailureNotice failure=failure on_retry=Callback::new(move |()| list.refetch()) />
            <Suspense fallback=move || view! { <p role="status">{t!(i18n, status.loading)}</p> }>
                {move || list.get().and_then(|r| r.ok()).map(|l| {
                    if l.violations.is_empty() {
                        return view! {
                            <p class="empty">{move || if processed.get() {
                                t_string!(i18n, violations.empty_processed)
                            } else {
                                t_string!(i18n, violations.empty_unprocessed)
                            }}</p>
                        }.into_any();
                    }
                    let first_selectable = l.violations.iter()
                        .find(|v| v.status == ViolationStatus::Unprocessed && payable(v))
                        .map(|v| v.id.clone());
                    view! {
                        <ul class="list">
                            {l.violations.into_iter().map(|v| {
                                let first = first_selectable.as_deref() == Some(v.id.as_str());
                                view! { <ViolationCard violation=v selected=selected first=first /> }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                })}
            </Suspense>
            <Show when=move || !processed.get() && shown.with(|l| l.iter().any(payable))>
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
                    <button type="button" class="button" on:click={let handle = handle.clone(); move |_| handle()}>
                        {t!(i18n, violations.handle_and_pay)}
                    </button>
                </div>
            </Show>
        </div>
    }
}

/// One violation in the list.
#[component]
fn ViolationCard(
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
                {can_select.then(|| {
                    let id = id.clone();
                    let check_id = if first { "select-first".to_owned() } else { format!("select-{}", id) };
                    let is_on = { let id = id.clone(); move || selected.with(|s| s.contains(&id)) };
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
                                {t!(i18n, violations.select)}<span class="visually-hidden">" "{summary.clone()}</span>
                            </label>
                        </div>
                    }
                })}
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
