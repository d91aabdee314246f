//! My vehicles: the vehicles the user filed, with their status (and the reason of a
//! rejection), unbinding with a confirmation, and where the user stands against the filing
//! limits before they bite. The state is in [`hook::use_my_vehicles`]; each vehicle is a
//! [`card::VehicleCard`].

pub mod card;
pub mod hook;

use beian_contract::filing::FilingState;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::failure::FailureNotice;
use crate::components::limits_notice::LimitsNotice;
use crate::components::require_session::RequireSession;
use crate::i18n::*;
use card::VehicleCard;
use hook::use_my_vehicles;

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

/// The list of the user's vehicles, the limits, and the unbinding dialog.
#[component]
fn VehicleListView() -> impl IntoView {
    let i18n = use_i18n();
    let s = use_my_vehicles();
    let dialog_open = s.dialog_open;
    view! {
        <div class="page">
            <A href="/" attr:class="back-link">{t!(i18n, nav.back_home)}</A>
            <h1>{t!(i18n, vehicles.title)}</h1>
            <A href="/file" attr:class="button">{t!(i18n, vehicles.file_vehicle)}</A>
            {move || s.unbound.get().map(|plate| view! {
                <p class="notice notice--info" role="status">{t!(i18n, vehicles.unbound, plate = plate)}</p>
            })}
            <FailureNotice failure=s.unbind_failure on_retry=Callback::new(move |()| dialog_open.set(true)) />
            <FailureNotice failure=s.failure on_retry=s.reload />
            <Suspense fallback=move || view! { <p role="status">{t!(i18n, status.loading)}</p> }>
                {move || s.list.get().map(|list| {
                    let empty = list.vehicles.is_empty();
                    view! {
                        <LimitsNotice limits=list.limits.clone() />
                        <Show when=move || empty>
                            <p>{t!(i18n, vehicles.empty)}</p>
                        </Show>
                        <ul class="list">
                            {list.vehicles.into_iter().map(|v| view! { <VehicleCard vehicle=v ask_unbind=s.ask_unbind /> }).collect_view()}
                        </ul>
                    }
                })}
            </Suspense>
            <ConfirmDialog
                open=dialog_open
                title=s.dialog_title
                body=Signal::derive(move || t_string!(i18n, vehicles.unbind_body).to_string())
                confirm_label=Signal::derive(move || t_string!(i18n, vehicles.unbind_confirm).to_string())
                cancel_label=Signal::derive(move || t_string!(i18n, vehicles.unbind_cancel).to_string())
                on_confirm=s.confirm
                busy=s.busy
            />
        </div>
    }
}
