//! My vehicles: the vehicles the user filed, with their status, and where the user stands
//! against the filing limits before they bite.

use beian_contract::filing::FilingState;
use beian_contract::{paths, vehicle::VehicleList};
use leptos::prelude::*;

use crate::api::use_api;
use crate::components::failure::FailureNotice;
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
    let list = LocalResource::new(move || async move { api.get::<VehicleList>(paths::VEHICLES).await });
    let failure = Signal::derive(move || list.get().and_then(|r| r.err()));
    view! {
        <div class="page">
            <h1>{t!(i18n, vehicles.title)}</h1>
            <FailureNotice failure=failure on_retry=Callback::new(move |()| list.refetch()) />
            <Suspense fallback=move || view! { <p role="status">{t!(i18n, status.loading)}</p> }>
                {move || list.get().and_then(|r| r.ok()).map(|list| {
                    let l = list.limits.clone();
                    let empty = list.vehicles.is_empty();
                    view! {
                        <p class="hint">{t!(i18n, vehicles.limits,
                            held = l.vehicles_held, max = l.max_vehicles,
                            today = l.applications_today, per_day = l.max_per_day,
                            year = l.applications_this_year, per_year = l.max_per_year)}</p>
                        <Show when=move || empty>
                            <p>{t!(i18n, vehicles.empty)}</p>
                        </Show>
                        <ul class="list">
                            {list.vehicles.into_iter().map(|v| view! {
                                <li class="card">
                                    <h2 class="card__title plate">{v.plate_number.clone()}</h2>
                                    <p><span class=format!("status status--{:?}", v.state).to_lowercase()>{state_text(v.state)}</span></p>
                                    {v.reason.clone().map(|r| view! { <p>{t!(i18n, vehicles.reason)}" "{r}</p> })}
                                    <p class="hint">{t!(i18n, vehicles.filed_on, date = v.filed_on.clone())}</p>
                                </li>
                            }).collect_view()}
                        </ul>
                    }
                })}
            </Suspense>
        </div>
    }
}
