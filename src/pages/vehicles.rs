//! My vehicles: the vehicles the user filed, with their status (and the reason of a
//! rejection), unbinding with a confirmation, and where the user stands against the filing
//! limits before they bite.

use beian_contract::filing::FilingState;
use beian_contract::vehicle::FiledVehicle;
use beian_contract::{paths, vehicle::VehicleList};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{use_api, ApiFailure};
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::failure::FailureNotice;
use crate::components::limits_notice::LimitsNotice;
use crate::components::require_session::RequireSession;
use crate::i18n::*;

/// The status of a filing in words.
pub fn state_text(state: FilingState) -> String {
    let i18n = use_i18n();
    match state {
        FilingState::AwaitingPhotos => t_string!(i18n, vehicles.state_awaiting_photos),
        FilingState::AwaitingFaceCheck => t_string!(i18n, vehicles.state_awaiting_face_check),
        FilingState::AwaitingDocuments => t_string!(i18n, vehicles.state_awaiting_documents),
        FilingState::PendingReview => t_string!(i18n, vehicles.state_pending_review),
        FilingState::Approved => t_string!(i18n, vehicles.state_approved),
        FilingState::Rejected => t_string!(i18n, vehicles.state_rejected),
        FilingState::Revoked => t_string!(i18n, vehicles.state_revoked),
        FilingState::Unknown => t_string!(i18n, vehicles.state_unknown),
    }
    .to_string()
}

/// The My vehicles page.
#[component]
pub fn Vehicles() -> impl IntoView {
    view! { <RequireSession><VehicleListView /></RequireSession> }
}

#[component]
fn VehicleListView() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let list =
        LocalResource::new(move || async move { api.get::<VehicleList>(paths::VEHICLES).await });
    let failure = Signal::derive(move || list.get().and_then(|r| r.err()));
    let to_unbind = RwSignal::new(None::<FiledVehicle>);
    let dialog_open = RwSignal::new(false);
    let unbind_failure = RwSignal::new(None::<ApiFailure>);
    let unbound = RwSignal::new(None::<String>);
    let unbind = Action::new_local(move |id: &String| {
        let path = paths::fill(paths::VEHICLE, &[id]);
        async move { api.delete(&path?).await }
    });
    Effect::new(move |_| {
        let Some(result) = unbind.value().get() else {
            return;
        };
        dialog_open.set(false);
        match result {
            Ok(()) => {
                unbound.set(to_unbind.get_untracked().map(|v| v.plate_number));
                unbind_failure.set(None);
                list.refetch();
            }
            Err(f) => unbind_failure.set(Some(f)),
        }
    });
    let confirm = Callback::new(move |()| {
        if let Some(v) = to_unbind.get_untracked() {
            unbind.dispatch(v.id);
        }
    });
    let dialog_title = Signal::derive(move || {
        let plate = to_unbind.with(|v| {
            v.as_ref()
                .map(|v| v.plate_number.clone())
                .unwrap_or_default()
        });
        t_string!(i18n, vehicles.unbind_title, plate = plate).to_string()
    });
    view! {
        <div class="page">
            <A href="/" attr:class="back-link">{t!(i18n, nav.back_home)}</A>
            <h1>{t!(i18n, vehicles.title)}</h1>
            <A href="/file" attr:class="button">{t!(i18n, vehicles.file_vehicle)}</A>
            {move || unbound.get().map(|plate| view! {
                <p class="notice notice--info" role="status">{t!(i18n, vehicles.unbound, plate = plate)}</p>
            })}
            <FailureNotice failure=unbind_failure on_retry=Callback::new(move |()| dialog_open.set(true)) />
            <FailureNotice failure=failure on_retry=Callback::new(move |()| list.refetch()) />
            <Suspense fallback=move || view! { <p role="status">{t!(i18n, status.loading)}</p> }>
                {move || list.get().and_then(|r| r.ok()).map(|list| {
                    let empty = list.vehicles.is_empty();
                    view! {
                        <LimitsNotice limits=list.limits.clone() />
                        <Show when=move || empty>
                            <p>{t!(i18n, vehicles.empty)}</p>
                        </Show>
                        <ul class="list">
                            {list.vehicles.into_iter().map(|v| {
                                let held = !matches!(v.state, FilingState::Rejected | FilingState::Revoked | FilingState::Unknown);
                                let pending = !matches!(v.state, FilingState::Approved) && held;
                                let v2 = v.clone();
                                view! {
                                    <li class="card vehicle">
                                        <h2 class="card__title plate">{v.plate_number.clone()}</h2>
                                        <p><span class=format!("status status--{:?}", v.state).to_lowercase()>{state_text(v.state)}</span></p>
                                        {v.reason.clone().map(|r| view! { <p>{t!(i18n, vehicles.reason)}" "{r}</p> })}
                                        <p class="hint">{t!(i18n, vehicles.filed_on, date = v.filed_on.clone())}</p>
                                        {(v.state == FilingState::Approved && !v.may_handle).then(|| view! {
                                            <p class="hint">{t!(i18n, vehicles.view_only)}</p>
                                        })}
                                        {(v.state == FilingState::Approved).then(|| {
                                            let href = crate::pages::violations::list::list_href(&v.id, false);
                                            let plate = v.plate_number.clone();
                                            view! {
                                                <p><A href=href>{t!(i18n, vehicles.violations)}<span class="visually-hidden">" "{plate}</span></A></p>
                                            }
                                        })}
                                        <Show when=move || held>
                                            <button
                                                type="button"
                                                class="button button--secondary"
                                                aria-label={
                                                    let plate = v2.plate_number.clone();
                                                    move || {
                                                        let action = if pending { t_string!(i18n, vehicles.withdraw) } else { t_string!(i18n, vehicles.unbind) };
                                                        format!("{action} {plate}")
                                                    }
                                                }
                                                on:click={
                                                let v2 = v2.clone();
                                                move |_| {
                                                    to_unbind.set(Some(v2.clone()));
                                                    unbind_failure.set(None);
                                                    dialog_open.set(true);
                                                }
                                            }>
                                                {if pending { t!(i18n, vehicles.withdraw).into_any() } else { t!(i18n, vehicles.unbind).into_any() }}
                                            </button>
                                        </Show>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                })}
            </Suspense>
            <ConfirmDialog
                open=dialog_open
                title=dialog_title
                body=Signal::derive(move || t_string!(i18n, vehicles.unbind_body).to_string())
                confirm_label=Signal::derive(move || t_string!(i18n, vehicles.unbind_confirm).to_string())
                cancel_label=Signal::derive(move || t_string!(i18n, vehicles.unbind_cancel).to_string())
                on_confirm=confirm
                busy=Signal::derive(move || unbind.pending().get())
            />
        </div>
    }
}
