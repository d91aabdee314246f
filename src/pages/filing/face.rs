//! Step 4: the applicant's face check. The front camera opens with a framing guide; a still is
//! sent and the verdict decides: approved (done), or documents for staff review. When the
//! camera cannot be used the page says why and offers the documents instead. Camera tracks stop
//! when the user leaves this screen or the page is hidden.

use beian_contract::endpoint::{self as ep, NoBody};
use beian_contract::ErrorCode;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use send_wrapper::SendWrapper;
use web_sys::Blob;

use super::state::{FaceNote, Step};
use super::{flow_error_text, use_wizard};
use crate::api::{use_api, ApiFailure};
use crate::camera::{CameraError, Facing};
use crate::components::camera_view::CameraView;
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::failure::FailureNotice;
use crate::i18n::*;

/// The reason the camera cannot be used, in words.
pub fn camera_error_text(e: CameraError) -> String {
    let i18n = use_i18n();
    match e {
        CameraError::NotAllowed => t_string!(i18n, camera.not_allowed),
        CameraError::NotFound => t_string!(i18n, camera.not_found),
        CameraError::InsecureContext => t_string!(i18n, camera.insecure),
        CameraError::NotReadable => t_string!(i18n, camera.not_readable),
        CameraError::Unsupported => t_string!(i18n, camera.unsupported),
        CameraError::CaptureFailed => t_string!(i18n, camera.capture_failed),
    }
    .to_string()
}

/// The face check screen.
#[component]
pub fn FaceStep() -> impl IntoView {
    let i18n = use_i18n();
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
    Effect::new({
        let navigate = navigate.clone();
        move |_| {
            let Some(result) = check.value().get() else {
                return;
            };
            match result {
                Ok(r) => {
                    wizard.update(|w| {
                        w.filed(&r.filing);
                        if !r.passed {
                            w.to_documents(FaceNote::Failed);
                        }
                    });
                    let next = if r.passed {
                        Step::Done
                    } else {
                        Step::Documents
                    };
                    navigate(next.path(), Default::default());
                }
                Err(f) => match f.code() {
                    Some(ErrorCode::FaceCheckUnavailable) => {
                        wizard.update(|w| w.to_documents(FaceNote::Unavailable));
                        navigate(Step::Documents.path(), Default::default());
                    }
                    Some(ErrorCode::WrongState) => {
                        rejected.set(Some(f));
                        refresh.dispatch(());
                    }
                    Some(ErrorCode::PhotoRejected | ErrorCode::PayloadTooLarge) => {
                        rejected.set(Some(f))
                    }
                    _ => failure.set(Some(f)),
                },
            }
        }
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
    let use_documents = {
        let navigate = navigate.clone();
        move |_| {
            wizard.update(|w| w.to_documents(FaceNote::NoCamera));
            navigate(Step::Documents.path(), Default::default());
        }
    };

    let camera_text = Signal::derive(move || camera_error.get().map(camera_error_text));
    let rejected_text = Signal::derive(move || rejected.get().as_ref().and_then(flow_error_text));
    let problems = Signal::derive(move || {
        let mut list = Vec::new();
        if let Some(message) = camera_text.get() {
            list.push(Problem {
                target: "use-documents",
                message,
            });
        }
        if let Some(message) = rejected_text.get() {
            list.push(Problem {
                target: "face-camera",
                message,
            });
        }
        list
    });
    let plate = move || {
        wizard.with(|w| {
            w.filing
                .as_ref()
                .map(|f| f.plate_number.clone())
                .unwrap_or_default()
        })
    };

    view! {
        <ErrorSummary problems=problems />
        <h1>{t!(i18n, filing.face_title)}</h1>
        <p class="notice notice--info" role="status">{move || t_string!(i18n, filing.face_application_made, plate = plate()).to_string()}</p>
        <p>{t!(i18n, filing.face_lead)}</p>
        <ul class="bullets">
            <li>{t!(i18n, filing.face_tip_light)}</li>
            <li>{t!(i18n, filing.face_tip_frame)}</li>
            <li>{t!(i18n, filing.face_tip_still)}</li>
        </ul>
        <FailureNotice failure=failure on_retry=retry />
        {move || rejected_text.get().map(|t| view! { <p class="notice notice--error" role="alert">{t}</p> })}
        {move || camera_text.get().map(|t| view! {
            <div class="notice notice--error" role="alert">
                <p>{t}</p>
                <p>{t!(i18n, filing.face_no_camera_hint)}</p>
                <button type="button" id="use-documents" class="button" on:click=use_documents.clone()>
                    {t!(i18n, filing.face_use_documents)}
                </button>
            </div>
        })}
        <Show when=move || camera_error.get().is_none()>
            <div id="face-camera" tabindex="-1">
                <CameraView
                    facing=Facing::User
                    label=Signal::derive(move || t_string!(i18n, filing.face_preview_label).to_string())
                    face_guide=true
                    capture_label=Signal::derive(move || if check.pending().get() {
                        t_string!(i18n, filing.face_checking).to_string()
                    } else {
                        t_string!(i18n, filing.face_capture).to_string()
                    })
                    on_capture=on_capture
                    on_error=Callback::new(move |e| camera_error.set(Some(e)))
                    busy=Signal::derive(move || check.pending().get())
                />
            </div>
        </Show>
    }
}
