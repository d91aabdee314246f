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
use leptos_router::components::{Outlet, A};
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

use crate::api::ApiFailure;
use crate::components::require_session::RequireSession;
use crate::components::step_indicator::StepIndicator;
use crate::i18n::*;
use crate::storage::InSession;
use state::{Step, Wizard};

/// The wizard, shared by the screens of the flow.
#[derive(Clone, Copy)]
pub struct WizardCtx(RwSignal<Wizard>);

impl WizardCtx {
    /// The wizard, tracked.
    pub fn get(&self) -> Wizard {
        self.0.get()
    }

    /// Reads part of the wizard, tracked.
    pub fn with<R>(&self, f: impl FnOnce(&Wizard) -> R) -> R {
        self.0.with(f)
    }

    /// Reads part of the wizard, untracked.
    pub fn with_untracked<R>(&self, f: impl FnOnce(&Wizard) -> R) -> R {
        self.0.with_untracked(f)
    }

    /// Changes the wizard and stores it in this tab.
    pub fn update(&self, f: impl FnOnce(&mut Wizard)) {
        self.0.update(|w| {
            f(w);
            w.save();
        });
    }

    /// Starts over.
    pub fn reset(&self) {
        Wizard::clear_stored();
        self.0.set(Wizard::default());
    }
}

/// The wizard from context.
pub fn use_wizard() -> WizardCtx {
    expect_context::<WizardCtx>()
}

/// The `/file` layout: session required, step indicator, the current screen.
#[component]
pub fn FilingFlow() -> impl IntoView {
    view! { <RequireSession><FlowFrame /></RequireSession> }
}

#[component]
fn FlowFrame() -> impl IntoView {
    let i18n = use_i18n();
    let wizard = WizardCtx(RwSignal::new(Wizard::load()));
    provide_context(wizard);
    let location = use_location();
    let navigate = use_navigate();
    let step = Memo::new(move |_| Step::from_path(&location.pathname.get()));

    // Send the user to a screen they may be on.
    Effect::new(move |_| {
        // Leaving the flow (a link to My vehicles, the home page): the layout is about to go;
        // never pull the user back into the wizard.
        if !location
            .pathname
            .with(|p| p == "/file" || p.starts_with("/file/"))
        {
            return;
        }
        let requested = step.get();
        let w = wizard.get();
        let target = match requested {
            Some(s) if w.reachable(s) => None,
            Some(_) => Some(w.furthest()),
            None => {
                // `/file` itself: resume, or start again after a finished filing.
                if w.furthest() == Step::Done {
                    wizard.reset();
                    Some(Step::Method)
                } else {
                    Some(w.furthest())
                }
            }
        };
        if let Some(t) = target {
            navigate(
                t.path(),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
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
    view! {
        <div class="page page--narrow">
            <Show when=move || step.get().is_some()>
                <StepIndicator steps=stages current=current />
            </Show>
            <Outlet />
        </div>
    }
}

/// `/file`: resumes where the user was (the layout redirects).
#[component]
pub fn FilingIndex() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p role="status">{t!(i18n, status.loading)}</p> }
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
