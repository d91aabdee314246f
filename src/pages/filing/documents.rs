//! Step 4 (fallback): identity documents for staff review, when the face check failed, was
//! unavailable or the camera could not be used. The user chooses the kind (a photo of
//! themselves holding their ID card, or their driving licence), takes or chooses the photo
//! (compressed in the browser, previewed, replaceable) and submits it for review; the upload
//! shows its progress in percent, as the QR method's photos do.

use beian_contract::endpoint::{self as ep, NoBody};
use beian_contract::filing::{DocumentKind, Filing};
use beian_contract::ErrorCode;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use web_sys::Blob;

use super::state::{FaceNote, Step};
use super::{flow_error_text, use_wizard};
use crate::api::{use_api, Api, ApiFailure};
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::failure::FailureNotice;
use crate::components::photo_input::{photo_error_text, Photo, PhotoInput};
use crate::components::radio_group::{RadioGroup, RadioOption};
use crate::components::upload_progress::UploadProgress;
use crate::i18n::*;
use crate::image::ImageError;

/// What is wrong with the photo.
#[derive(Clone, Debug, PartialEq)]
enum PhotoProblem {
    Missing,
    Local(ImageError),
    Api(ApiFailure),
}

fn photo_text(p: &PhotoProblem) -> String {
    let i18n = use_i18n();
    match p {
        PhotoProblem::Missing => t_string!(i18n, filing.documents_photo_missing).to_string(),
        PhotoProblem::Local(e) => photo_error_text(*e),
        PhotoProblem::Api(f) => flow_error_text(f)
            .unwrap_or_else(|| t_string!(i18n, filing.err_photo_rejected).to_string()),
    }
}

fn kind_slug(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::DrivingLicence => "driving_licence",
        _ => "selfie_with_id_card",
    }
}

/// Uploads the document (its progress in `sent`: `Some(None)` while the browser cannot say,
/// `None` when no upload is under way), then submits the filing for review. Without a camera the
/// filing still awaits its face check on the server: it is first told that documents replace it
/// (a harmless repeat on a retry).
async fn upload_and_submit(
    api: Api,
    filing_id: String,
    kind: DocumentKind,
    photo: Blob,
    no_camera: bool,
    sent: RwSignal<Option<Option<u8>>>,
) -> Result<Filing, ApiFailure> {
    if no_camera {
        api.call(ep::FaceCheckNoCamera, &[&filing_id], &NoBody)
            .await?;
    }
    let _ = sent.try_set(Some(None));
    let uploaded = api
        .upload(
            ep::FilingDocument,
            &[&filing_id, kind_slug(kind)],
            &photo,
            move |p| {
                let _ = sent.try_set(Some(p));
            },
        )
        .await;
    let _ = sent.try_set(None);
    uploaded?;
    api.call(ep::SubmitReview, &[&filing_id], &NoBody).await
}

/// The documents screen.
#[component]
pub fn DocumentsStep() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let wizard = use_wizard();
    let navigate = use_navigate();
    let kind =
        RwSignal::new(wizard.with_untracked(|w| w.document_kind.map(|k| kind_slug(k).to_string())));
    let photo = RwSignal::new(None::<Photo>);
    let kind_missing = RwSignal::new(false);
    let photo_problem = RwSignal::new(None::<PhotoProblem>);
    let blocked = RwSignal::new(None::<ApiFailure>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let sent = RwSignal::new(None::<Option<u8>>);

    Effect::new(move |_| {
        let k = kind.get().map(|k| {
            if k == "driving_licence" {
                DocumentKind::DrivingLicence
            } else {
                DocumentKind::SelfieWithIdCard
            }
        });
        wizard.update(|w| w.document_kind = k);
    });
    Effect::new(move |_| {
        if photo.with(Option::is_some) {
            photo_problem.set(None);
        }
    });

    let send = Action::new_local(
        move |(id, kind, blob): &(String, DocumentKind, send_wrapper::SendWrapper<Blob>)| {
            let no_camera = wizard.with_untracked(|w| w.face_note == Some(FaceNote::NoCamera));
            upload_and_submit(api, id.clone(), *kind, (**blob).clone(), no_camera, sent)
        },
    );
    Effect::new(move |_| {
        let Some(result) = send.value().get() else {
            return;
        };
        match result {
            Ok(filing) => {
                wizard.update(|w| w.filed(&filing));
                navigate(Step::Done.path(), Default::default());
            }
            Err(f) => match f.code() {
                Some(
                    ErrorCode::PhotoRejected | ErrorCode::PayloadTooLarge | ErrorCode::PhotoMissing,
                ) => photo_problem.set(Some(PhotoProblem::Api(f))),
                Some(ErrorCode::WrongState) => blocked.set(Some(f)),
                _ => failure.set(Some(f)),
            },
        }
    });
    let submit = move || {
        failure.set(None);
        blocked.set(None);
        let k = kind.get_untracked();
        kind_missing.set(k.is_none());
        let p = photo.get_untracked();
        if p.is_none() {
            photo_problem.set(Some(PhotoProblem::Missing));
        }
        let (Some(k), Some(p)) = (k, p) else { return };
        let Some(id) = wizard.with_untracked(|w| w.filing.as_ref().map(|f| f.id.clone())) else {
            return;
        };
        let k = if k == "driving_licence" {
            DocumentKind::DrivingLicence
        } else {
            DocumentKind::SelfieWithIdCard
        };
        send.dispatch((id, k, p.blob.clone()));
    };

    let kind_error = Signal::derive(move || {
        kind_missing
            .get()
            .then(|| t_string!(i18n, filing.documents_kind_missing).to_string())
    });
    let photo_error = Signal::derive(move || photo_problem.get().as_ref().map(photo_text));
    let blocked_text = Signal::derive(move || blocked.get().as_ref().and_then(flow_error_text));
    let problems = Signal::derive(move || {
        let mut list = Vec::new();
        if let Some(message) = blocked_text.get() {
            list.push(Problem {
                target: "blocked",
                message,
            });
        }
        if let Some(message) = kind_error.get() {
            list.push(Problem {
                target: "document-kind",
                message,
            });
        }
        if let Some(message) = photo_error.get() {
            list.push(Problem {
                target: "document-photo",
                message,
            });
        }
        list
    });
    let note = Memo::new(move |_| wizard.with(|w| w.face_note));
    let photo_label = Signal::derive(move || match kind.get().as_deref() {
        Some("driving_licence") => {
            t_string!(i18n, filing.documents_photo_label_licence).to_string()
        }
        _ => t_string!(i18n, filing.documents_photo_label_selfie).to_string(),
    });

    view! {
        <ErrorSummary problems=problems />
        <h1>{t!(i18n, filing.documents_title)}</h1>
        {move || note.get().map(|n| {
            let text = match n {
                FaceNote::Failed => t_string!(i18n, filing.documents_because_failed).to_string(),
                FaceNote::Unavailable => t_string!(i18n, filing.err_face_check_unavailable).to_string(),
                FaceNote::NoCamera => t_string!(i18n, filing.documents_because_no_camera).to_string(),
            };
            view! { <p class="notice notice--warning" role="status">{text}</p> }
        })}
        <p>{t!(i18n, filing.documents_lead)}</p>
        {move || blocked_text.get().map(|text| view! {
            <div class="notice notice--error" id="blocked" tabindex="-1">
                <p>{text}</p>
                <p><A href="/vehicles">{t!(i18n, filing.see_my_vehicles)}</A></p>
            </div>
        })}
        <FailureNotice failure=failure on_retry=Callback::new(move |()| submit()) />
        <form novalidate on:submit=move |ev| { ev.prevent_default(); submit(); }>
            <RadioGroup
                id="document-kind"
                legend=Signal::derive(move || t_string!(i18n, filing.documents_kind_legend).to_string())
                options=vec![
                    RadioOption {
                        value: "selfie_with_id_card",
                        label: Signal::derive(move || t_string!(i18n, filing.documents_kind_selfie).to_string()),
                        hint: Some(Signal::derive(move || t_string!(i18n, filing.documents_kind_selfie_hint).to_string())),
                    },
                    RadioOption {
                        value: "driving_licence",
                        label: Signal::derive(move || t_string!(i18n, filing.documents_kind_licence).to_string()),
                        hint: Some(Signal::derive(move || t_string!(i18n, filing.documents_kind_licence_hint).to_string())),
                    },
                ]
                selected=kind
                error=kind_error
            />
            <PhotoInput
                id="document-photo"
                label=photo_label
                hint=Signal::derive(move || t_string!(i18n, filing.documents_photo_hint).to_string())
                error=photo_error
                preview_alt=Signal::derive(move || t_string!(i18n, filing.documents_preview_alt).to_string())
                photo=photo
                on_error=Callback::new(move |e| photo_problem.set(Some(PhotoProblem::Local(e))))
            />
            <Show when=move || sent.with(Option::is_some)>
                <UploadProgress
                    id="document-photo-progress".to_string()
                    what=photo_label
                    percent=Signal::derive(move || sent.get().flatten())
                />
            </Show>
            <button type="submit" class="button" disabled=move || send.pending().get()>
                {move || if send.pending().get() { t_string!(i18n, filing.submitting).to_string() } else { t_string!(i18n, filing.documents_submit).to_string() }}
            </button>
        </form>
        <Show when=move || note.get() == Some(FaceNote::NoCamera)>
            <p><A href=Step::Face.path()>{t!(i18n, filing.documents_try_face_again)}</A></p>
        </Show>
    }
}
