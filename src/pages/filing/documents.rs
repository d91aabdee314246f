//! Step 4 (fallback): identity documents for staff review, when the face check failed, was
//! unavailable or the camera could not be used. The user chooses the kind (a photo of
//! themselves holding their ID card, or their driving licence), takes or chooses the photo
//! (compressed in the browser, previewed, replaceable) and submits it for review; the upload
//! shows its progress in percent, as the QR method's photos do.

use beian_contract::endpoint::{self as ep, NoBody};
use beian_contract::filing::{DocumentKind, Filing};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use web_sys::Blob;

use super::state::outcome::{documents_failure, DocumentsFailure};
use super::state::{FaceNote, Step};
use super::text::flow_error_text;
use super::use_wizard;
use crate::api::{use_api, Api, ApiFailure};
use crate::components::bind::Bound;
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::failure::FailureNotice;
use crate::components::photo_input::{photo_error_text, Photo, PhotoInput};
use crate::components::radio_group::{RadioGroup, RadioOption};
use crate::components::upload_progress::UploadProgress;
use crate::i18n::*;
use crate::image::ImageError;

/// What is wrong with the photo.
#[derive(Clone, Debug, PartialEq)]
pub enum PhotoProblem {
    /// None was taken or chosen.
    Missing,
    /// It could not be prepared.
    Local(ImageError),
    /// The server refused it.
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

fn kind_of(slug: &str) -> DocumentKind {
    if slug == "driving_licence" {
        DocumentKind::DrivingLicence
    } else {
        DocumentKind::SelfieWithIdCard
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

/// The documents screen's state: the kind (bound to the wizard), the photo, what is wrong, the
/// upload's progress and the submission.
#[derive(Clone, Copy)]
pub struct DocumentsForm {
    /// The kind chosen (its form value).
    pub kind: Bound<Option<String>>,
    /// The photo taken or chosen.
    pub photo: RwSignal<Option<Photo>>,
    /// No kind was chosen when submitting.
    pub kind_missing: RwSignal<bool>,
    /// The photo's problem.
    pub photo_problem: RwSignal<Option<PhotoProblem>>,
    /// The filing is not waiting for documents.
    pub blocked: RwSignal<Option<ApiFailure>>,
    /// Another failure (network, server…).
    pub failure: RwSignal<Option<ApiFailure>>,
    /// The upload's progress (`Some(None)` while the browser cannot say).
    pub sent: RwSignal<Option<Option<u8>>>,
    /// Why the user is here.
    pub note: Memo<Option<FaceNote>>,
    /// The submission is under way.
    pub pending: Signal<bool>,
    /// Uploads the photo and submits the filing for review.
    pub submit: Callback<()>,
}

/// The documents screen's state; a submitted filing goes on to done.
pub fn use_documents() -> DocumentsForm {
    let api = use_api();
    let wizard = use_wizard();
    let navigate = use_navigate();
    let kind = wizard
        .slice(
            |w| w.document_kind.map(|k| kind_slug(k).to_string()),
            |w, k: Option<String>| w.document_kind = k.as_deref().map(kind_of),
        )
        .into();
    let photo = RwSignal::new(None::<Photo>);
    let kind_missing = RwSignal::new(false);
    let photo_problem = RwSignal::new(None::<PhotoProblem>);
    let blocked = RwSignal::new(None::<ApiFailure>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let sent = RwSignal::new(None::<Option<u8>>);
    // A photo taken or chosen answers "no photo".
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
    Effect::new(move |_| match send.value().get() {
        None => {}
        Some(Ok(filing)) => {
            wizard.update(|w| w.filed(&filing));
            navigate(Step::Done.path(), Default::default());
        }
        Some(Err(f)) => match documents_failure(f.code().copied()) {
            DocumentsFailure::Photo => photo_problem.set(Some(PhotoProblem::Api(f))),
            DocumentsFailure::Blocked => blocked.set(Some(f)),
            DocumentsFailure::Other => failure.set(Some(f)),
        },
    });
    let submit = Callback::new(move |()| {
        failure.set(None);
        blocked.set(None);
        let k = wizard.with_untracked(|w| w.document_kind);
        kind_missing.set(k.is_none());
        let p = photo.get_untracked();
        if p.is_none() {
            photo_problem.set(Some(PhotoProblem::Missing));
        }
        let (Some(k), Some(p)) = (k, p) else { return };
        let Some(id) = wizard.with_untracked(|w| w.filing.as_ref().map(|f| f.id.clone())) else {
            return;
        };
        send.dispatch((id, k, p.blob.clone()));
    });
    DocumentsForm {
        kind,
        photo,
        kind_missing,
        photo_problem,
        blocked,
        failure,
        sent,
        note: Memo::new(move |_| wizard.with(|w| w.face_note)),
        pending: send.pending().into(),
        submit,
    }
}

/// The documents screen.
#[component]
pub fn DocumentsStep() -> impl IntoView {
    let i18n = use_i18n();
    let d = use_documents();
    let kind_error = Signal::derive(move || {
        d.kind_missing
            .get()
            .then(|| t_string!(i18n, filing.documents_kind_missing).to_string())
    });
    let photo_error = Signal::derive(move || d.photo_problem.get().as_ref().map(photo_text));
    let blocked_text = Signal::derive(move || d.blocked.get().as_ref().and_then(flow_error_text));
    let problems = Signal::derive(move || {
        [
            ("blocked", blocked_text.get()),
            ("document-kind", kind_error.get()),
            ("document-photo", photo_error.get()),
        ]
        .into_iter()
        .filter_map(|(target, message)| message.map(|message| Problem { target, message }))
        .collect::<Vec<_>>()
    });
    let photo_label = Signal::derive(move || match d.kind.get().as_deref() {
        Some("driving_licence") => {
            t_string!(i18n, filing.documents_photo_label_licence).to_string()
        }
        _ => t_string!(i18n, filing.documents_photo_label_selfie).to_string(),
    });
    let (note, sent, pending, submit) = (d.note, d.sent, d.pending, d.submit);

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
        <FailureNotice failure=d.failure on_retry=submit />
        <form novalidate on:submit=move |ev| { ev.prevent_default(); submit.run(()); }>
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
                selected=d.kind
                error=kind_error
            />
            <PhotoInput
                id="document-photo"
                label=photo_label
                hint=Signal::derive(move || t_string!(i18n, filing.documents_photo_hint).to_string())
                error=photo_error
                preview_alt=Signal::derive(move || t_string!(i18n, filing.documents_preview_alt).to_string())
                photo=d.photo
                on_error=Callback::new(move |e| d.photo_problem.set(Some(PhotoProblem::Local(e))))
            />
            <Show when=move || sent.with(Option::is_some)>
                <UploadProgress
                    id="document-photo-progress".to_string()
                    what=photo_label
                    percent=Signal::derive(move || sent.get().flatten())
                />
            </Show>
            <button type="submit" class="button" disabled=move || pending.get()>
                {move || if pending.get() { t_string!(i18n, filing.submitting).to_string() } else { t_string!(i18n, filing.documents_submit).to_string() }}
            </button>
        </form>
        <Show when=move || note.get() == Some(FaceNote::NoCamera)>
            <p><A href=Step::Face.path()>{t!(i18n, filing.documents_try_face_again)}</A></p>
        </Show>
    }
}
