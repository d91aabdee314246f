//! Filing (binding) a vehicle that is not in the user's name, by the owner's SMS code ([`sms`])
//! or the owner's vehicle QR code ([`qr`]): a wizard under `/file`, one question per screen, with
//! a step indicator. The screens common to both methods (the method, the owner's code, the face
//! check, the documents, the outcome) are at this level. The state machine is in [`state`]; each
//! screen is one file, a hook (`use_…`: its state and actions) and the view over it. The flow's
//! layout ([`FilingFlow`], on the shared flow frame) requires a session, keeps the wizard in
//! context and in sessionStorage, and sends a user who asks for a screen they cannot be on yet
//! (or any more) to the one they can.

pub mod documents;
pub mod done;
pub mod face;
pub mod method;
pub mod owner_code;
pub mod qr;
pub mod sms;
pub mod state;
pub mod text;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::flow_frame::{
    provide_flow, use_flow, use_flow_guard, use_flow_step, FlowCtx, FlowLayout,
};
use crate::components::require_session::RequireSession;
use crate::i18n::*;
use state::{Step, Wizard};

pub use crate::components::flow_frame::FlowIndex as FilingIndex;
pub use text::flow_error_text;

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
