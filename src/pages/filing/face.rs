//! Step 4: the applicant's face check. The front camera opens with a framing guide; a still is
//! sent and the verdict decides: approved (done), or documents for staff review. When the
//! camera cannot be used the page says why and offers the documents instead. Camera tracks stop
//! when the user leaves this screen or the page is hidden.

use beian_contract::endpoint::{self as ep, NoBody};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use send_wrapper::SendWrapper;
use web_sys::Blob;

use super::state::outcome::{face_failure, FaceFailure};
use super::state::{FaceNote, Step};
use super::text::flow_error_text;
use super::use_wizard;
use crate::api::{use_api, ApiFailure};
use crate::camera::{CameraError, Facing};
use crate::components::camera_error::camera_error_text;
use crate::components::camera_view::CameraView;
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::failure::FailureNotice;
use crate::i18n::*;

/// The face check screen's state: what went wrong (the camera, the still, the request), the
/// check under way, and the ways on (a still, a retry, the documents instead).
#[derive(Clone, Copy)]
pub struct FaceCheck {
    /// Why the camera cannot be used.
    pub camera_error: RwSignal<Option<CameraError>>,
    /// The still or the filing's state was refused.
    pub rejected: RwSignal<Option<ApiFailure>>,
    /// Another failure (network, server…).
    pub failure: RwSignal<Option<ApiFailure>>,
    /// The still is being checked.
    pub checking: Signal<bool>,
    /// The plate of the filing.
    pub plate: Signal<String>,
    /// A still was captured: check it.
    pub on_capture: Callback<SendWrapper<Blob>>,
    /// Sends the last still again.
    pub retry: Callback<()>,
    /// Documents instead (the camera cannot be used).
    pub use_documents: Callback<()>,
}

/// The face check screen's state; the verdict goes on to done or to the documents.
pub fn use_face_check() -> FaceCheck {
    let api = use_api();
    let wizard = use_wizard();
    let navigate = use_navigate();
    let camera_error = RwSignal::new(None::<CameraError>);
    let rejected = RwSignal::new(None::<ApiFailure>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let last_still = StoredValue::new_local(None::<Blob>);
    let filing_id = move || {
        wizard
            .with_untracked(|w| w.filing.as_ref().map(|f| f.id.clone()))
            .unwrap_or_default()
    };

    let check = Action::new_local(move |still: &SendWrapper<Blob>| {
        let still = (**still).clone();
        let id = filing_id();
        async move { api.upload(ep::FaceCheck, &[&id], &still, |_| {}).await }
    });
    let refresh = Action::new_local(move |_: &()| {
        let id = filing_id();
        async move { api.call(ep::GetFiling, &[&id], &NoBody).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(f)) = refresh.value().get() {
            wizard.update(|w| w.filed(&f));
        }
    });
    let go = move |step: Step| navigate(step.path(), Default::default());
    let go_check = go.clone();
    Effect::new(move |_| match check.value().get() {
        None => {}
        Some(Ok(r)) => {
            wizard.update(|w| {
                w.filed(&r.filing);
                if !r.passed {
                    w.to_documents(FaceNote::Failed);
                }
            });
            go_check(if r.passed {
                Step::Done
            } else {
                Step::Documents
            });
        }
        Some(Err(f)) => match face_failure(f.code().copied()) {
            FaceFailure::ToDocuments => {
                wizard.update(|w| w.to_documents(FaceNote::Unavailable));
                go_check(Step::Documents);
            }
            FaceFailure::WrongState => {
                rejected.set(Some(f));
                refresh.dispatch(());
            }
            FaceFailure::StillRefused => rejected.set(Some(f)),
            FaceFailure::Other => failure.set(Some(f)),
        },
    });
    let on_capture = Callback::new(move |still: SendWrapper<Blob>| {
        failure.set(None);
        rejected.set(None);
        last_still.set_value(Some((*still).clone()));
        check.dispatch(still);
    });
    let retry = Callback::new(move |()| {
        failure.set(None);
        if let Some(still) = last_still.get_value() {
            check.dispatch(SendWrapper::new(still));
        }
    });
    let use_documents = Callback::new(move |()| {
        wizard.update(|w| w.to_documents(FaceNote::NoCamera));
        go(Step::Documents);
    });
    let plate = Signal::derive(move || {
        wizard.with(|w| {
            w.filing
                .as_ref()
                .map(|f| f.plate_number.clone())
                .unwrap_or_default()
        })
    });
    FaceCheck {
        camera_error,
        rejected,
        failure,
        checking: check.pending().into(),
        plate,
        on_capture,
        retry,
        use_documents,
    }
}

/// The face check screen.
#[component]
pub fn FaceStep() -> impl IntoView {
    let i18n = use_i18n();
    let f = use_face_check();
    let camera_text = Signal::derive(move || f.camera_error.get().map(camera_error_text));
    let rejected_text = Signal::derive(move || f.rejected.get().as_ref().and_then(flow_error_text));
    let problems = Signal::derive(move || {
        [
            ("use-documents", camera_text.get()),
            ("face-camera", rejected_text.get()),
        ]
        .into_iter()
        .filter_map(|(target, message)| message.map(|message| Problem { target, message }))
        .collect::<Vec<_>>()
    });

    view! {
        <ErrorSummary problems=problems />
        <h1>{t!(i18n, filing.face_title)}</h1>
        <p class="notice notice--info" role="status">{move || t_string!(i18n, filing.face_application_made, plate = f.plate.get()).to_string()}</p>
        <p>{t!(i18n, filing.face_lead)}</p>
        <ul class="bullets">
            <li>{t!(i18n, filing.face_tip_light)}</li>
            <li>{t!(i18n, filing.face_tip_frame)}</li>
            <li>{t!(i18n, filing.face_tip_still)}</li>
        </ul>
        <FailureNotice failure=f.failure on_retry=f.retry />
        {move || rejected_text.get().map(|t| view! { <p class="notice notice--error" role="alert">{t}</p> })}
        {move || camera_text.get().map(|t| view! {
            <div class="notice notice--error" role="alert">
                <p>{t}</p>
                <p>{t!(i18n, filing.face_no_camera_hint)}</p>
                <button type="button" id="use-documents" class="button" on:click=move |_| f.use_documents.run(())>
                    {t!(i18n, filing.face_use_documents)}
                </button>
            </div>
        })}
        <Show when=move || f.camera_error.get().is_none()>
            <div id="face-camera" tabindex="-1">
                <CameraView
                    facing=Facing::User
                    label=Signal::derive(move || t_string!(i18n, filing.face_preview_label).to_string())
                    face_guide=true
                    capture_label=Signal::derive(move || if f.checking.get() {
                        t_string!(i18n, filing.face_checking).to_string()
                    } else {
                        t_string!(i18n, filing.face_capture).to_string()
                    })
                    on_capture=f.on_capture
                    on_error=Callback::new(move |e| f.camera_error.set(Some(e)))
                    busy=f.checking
                />
            </div>
        </Show>
    }
}
