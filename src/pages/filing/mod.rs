//! Filing (binding) a vehicle that is not in the user's name, by the owner's SMS code or the
//! owner's vehicle QR code (`qr_*` screens): a wizard
//! under `/file`, one question per screen, with a step indicator. The state machine is in
//! [`state`]; each screen is one file. The flow's layout ([`FilingFlow`]) requires a session,
//! keeps the wizard in context and in sessionStorage, and sends a user who asks for a screen
//! they cannot be on yet (or any more) to the one they can.

pub mod documents;
pub mod done;
pub mod face;
pub mod method;
pub mod owner_code;
pub mod plate_type;
pub mod qr_details;
pub mod qr_photos;
pub mod qr_scan;
pub mod state;
pub mod vehicle;

use beian_contract::ErrorCode;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::ApiFailure;
use crate::components::flow_frame::{
    provide_flow, use_flow, use_flow_guard, use_flow_step, FlowCtx, FlowLayout,
};
use crate::components::require_session::RequireSession;
use crate::i18n::*;
use state::{Step, Wizard};

pub use crate::components::flow_frame::FlowIndex as FilingIndex;

/// The wizard, shared by the screens of the flow.
pub type WizardCtx = FlowCtx<Wizard>;

/// The wizard from context.
pub fn use_wizard() -> WizardCtx {
    use_flow::<Wizard>()
}

/// The `/file` layout: session required, step indicator, the current screen.
#[component]
pub fn FilingFlow() -> impl IntoView {
    view! { <RequireSession><FilingFrame /></RequireSession> }
}

#[component]
fn FilingFrame() -> impl IntoView {
    let i18n = use_i18n();
    let wizard = provide_flow::<Wizard>();
    let step = use_flow_step::<Step>();
    // Send the user to a screen they may be on; `/file` itself resumes, or starts again after
    // a finished filing.
    use_flow_guard(step, move |requested| {
        let w = wizard.get();
        match requested {
            Some(s) if w.reachable(s) => None,
            Some(_) => Some(w.furthest().path()),
            None if w.furthest() == Step::Done => {
                wizard.reset();
                Some(Step::Method.path())
            }
            None => Some(w.furthest().path()),
        }
    });
    let stages = Signal::derive(move || {
        vec![
            t_string!(i18n, filing.stage_method).to_string(),
            t_string!(i18n, filing.stage_vehicle).to_string(),
            t_string!(i18n, filing.stage_owner).to_string(),
            t_string!(i18n, filing.stage_identity).to_string(),
            t_string!(i18n, filing.stage_done).to_string(),
        ]
    });
    let current = Signal::derive(move || step.get().map(Step::stage).unwrap_or(0));
    let on_step = Signal::derive(move || step.get().is_some());
    view! { <FlowLayout stages=stages current=current on_step=on_step /> }
}

/// A "back" link to an earlier screen.
#[component]
pub fn BackLink(
    /// The screen to go back to.
    to: Step,
) -> impl IntoView {
    let i18n = use_i18n();
    view! { <A href=to.path() attr:class="back-link">{t!(i18n, filing.back)}</A> }
}

/// Words for the typed API errors of this flow that are not about a single field's format
/// (limits, vehicle state, filing state). `None` for errors the screen handles itself.
pub fn flow_error_text(failure: &ApiFailure) -> Option<String> {
    let i18n = use_i18n();
    let code = failure.code()?;
    Some(
        match code {
            ErrorCode::VehicleNotFound => t_string!(i18n, filing.err_vehicle_not_found),
            ErrorCode::EngineMismatch => t_string!(i18n, filing.err_engine_mismatch),
            ErrorCode::PlateTypeNotFileable => t_string!(i18n, filing.err_plate_type_not_fileable),
            ErrorCode::OwnVehicle => t_string!(i18n, filing.err_own_vehicle),
            ErrorCode::AlreadyFiled => t_string!(i18n, filing.err_already_filed),
            ErrorCode::LimitVehicles => t_string!(i18n, filing.err_limit_vehicles),
            ErrorCode::LimitDaily => t_string!(i18n, filing.err_limit_daily),
            ErrorCode::LimitYearly => t_string!(i18n, filing.err_limit_yearly),
            ErrorCode::LimitVehicleFilers => t_string!(i18n, filing.err_limit_vehicle_filers),
            ErrorCode::WrongState => t_string!(i18n, filing.err_wrong_state),
            ErrorCode::FaceCheckUnavailable => t_string!(i18n, filing.err_face_check_unavailable),
            // Only a photo can be over the limit (413): the app never sends large JSON.
            ErrorCode::PhotoRejected | ErrorCode::PayloadTooLarge => {
                t_string!(i18n, filing.err_photo_rejected)
            }
            ErrorCode::PhotoMissing => t_string!(i18n, filing.err_photo_missing),
            ErrorCode::QrExpired => t_string!(i18n, qr.err_expired),
            ErrorCode::QrRevoked => t_string!(i18n, qr.err_revoked),
            ErrorCode::QrUsed => t_string!(i18n, qr.err_used),
            _ => return None,
        }
        .to_string(),
    )
}
