//! QR method, step 3: the photos the server asked for (the vehicle's front at 45° with the plate
//! readable, the engine-number plate). Each prompt shows an instruction and an example outline;
//! the photo is taken or chosen ([`PhotoInput`]: rear camera first, compressed in the browser,
//! previewed, retaken), then uploaded at once, with its progress in percent, and "upload again"
//! with words for where it stopped when it fails.
//! Only the id the server answers is kept (in the wizard); the photo stays in memory.

use beian_contract::endpoint as ep;
use beian_contract::filing::PhotoSlot;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use send_wrapper::SendWrapper;
use web_sys::Blob;

use crate::api::{use_api, ApiFailure};
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::failure::generic_text;
use crate::components::photo_input::{photo_error_text, Photo, PhotoInput};
use crate::components::upload_progress::{interrupted_text, UploadProgress};
use crate::i18n::*;
use crate::image::ImageError;
use crate::pages::filing::state::outcome::upload_loses_match;
use crate::pages::filing::state::{Found, Step};
use crate::pages::filing::text::flow_error_text;
use crate::pages::filing::{use_wizard, BackLink};

fn slug(slot: PhotoSlot) -> &'static str {
    match slot {
        PhotoSlot::VehicleFront45 => "vehicle_front45",
        PhotoSlot::EngineNumber => "engine_number",
        PhotoSlot::Unknown => "unknown",
    }
}

fn input_id(slot: PhotoSlot) -> &'static str {
    match slot {
        PhotoSlot::VehicleFront45 => "photo-vehicle_front45",
        PhotoSlot::EngineNumber => "photo-engine_number",
        PhotoSlot::Unknown => "photo-unknown",
    }
}

fn missing_text(slot: PhotoSlot) -> String {
    let i18n = use_i18n();
    match slot {
        PhotoSlot::VehicleFront45 => t_string!(i18n, qr.photo_front_missing).to_string(),
        _ => t_string!(i18n, qr.photo_engine_missing).to_string(),
    }
}

/// Where one photo's upload stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Upload {
    /// Nothing sent yet.
    Idle,
    /// Being sent.
    Sending,
    /// Uploaded.
    Done,
    /// The upload failed, after this share of the photo had gone.
    Failed(ApiFailure, Option<u8>),
    /// The photo could not be prepared.
    Local(ImageError),
}

/// The photos screen's state: the photos asked for, the vehicle found, whether the user tried
/// to go on, and going on.
#[derive(Clone)]
pub struct QrPhotos {
    /// The photos asked for, in order.
    pub slots: Vec<PhotoSlot>,
    /// The vehicle found.
    pub found: Memo<Option<Found>>,
    /// The photos still missing, once the user tried to go on.
    pub missing: Signal<Vec<PhotoSlot>>,
    /// The user tried to go on.
    pub tried: RwSignal<bool>,
    /// Goes on to the details when every photo is uploaded.
    pub next: Callback<()>,
}

/// The photos screen's state.
pub fn use_qr_photos() -> QrPhotos {
    let wizard = use_wizard();
    let navigate = use_navigate();
    let tried = RwSignal::new(false);
    let missing = Signal::derive(move || {
        if !tried.get() {
            return Vec::new();
        }
        wizard.with(|w| {
            w.qr()
                .map(|q| q.photos.as_slice())
                .unwrap_or_default()
                .iter()
                .filter(|p| p.photo_id.is_none())
                .map(|p| p.slot)
                .collect()
        })
    });
    let next = Callback::new(move |()| {
        tried.set(true);
        if wizard.with_untracked(|w| w.qr().is_some_and(|q| !q.photos_missing())) {
            navigate(Step::QrDetails.path(), Default::default());
        }
    });
    QrPhotos {
        slots: wizard.with_untracked(|w| {
            w.qr()
                .map(|q| q.photos.iter().map(|p| p.slot).collect())
                .unwrap_or_default()
        }),
        found: Memo::new(move |_| wizard.with(|w| w.found.clone())),
        missing,
        tried,
        next,
    }
}

/// One photo's upload: the photo taken or chosen (a new one replaces the uploaded one and is
/// sent at once), where its upload stands, the share sent, and sending it again.
#[derive(Clone, Copy)]
pub struct PhotoUpload {
    /// The photo taken or chosen.
    pub photo: RwSignal<Option<Photo>>,
    /// Where its upload stands.
    pub upload: RwSignal<Upload>,
    /// Percent of the photo sent so far (`None` until the browser says).
    pub sent: RwSignal<Option<u8>>,
    /// The wizard holds its id.
    pub uploaded: Memo<bool>,
    /// Sends the photo (again).
    pub start: Callback<()>,
}

/// One photo's upload.
pub fn use_photo_upload(slot: PhotoSlot) -> PhotoUpload {
    let api = use_api();
    let wizard = use_wizard();
    let photo = RwSignal::new(None::<Photo>);
    let uploaded = Memo::new(move |_| {
        wizard.with(|w| {
            w.qr().is_some_and(|q| {
                q.photos
                    .iter()
                    .any(|p| p.slot == slot && p.photo_id.is_some())
            })
        })
    });
    let upload = RwSignal::new(if uploaded.get_untracked() {
        Upload::Done
    } else {
        Upload::Idle
    });
    let sent = RwSignal::new(None::<u8>);

    let send = Action::new_local(move |blob: &SendWrapper<Blob>| {
        let blob = (**blob).clone();
        async move {
            let match_id = wizard
                .with_untracked(|w| w.found.as_ref().map(|f| f.match_id.clone()))
                .unwrap_or_default();
            api.upload(
                ep::FilingMatchPhoto,
                &[&match_id, slug(slot)],
                &blob,
                move |p| {
                    let _ = sent.try_set(p);
                },
            )
            .await
        }
    });
    Effect::new(move |_| match send.value().get() {
        None => {}
        Some(Ok(p)) => {
            wizard.update(|w| w.set_photo(slot, Some(p.photo_id)));
            upload.set(Upload::Done);
        }
        Some(Err(f)) => {
            if upload_loses_match(f.code().copied()) {
                // The match is gone: back to scanning.
                wizard.update(|w| w.forget_match());
            }
            upload.set(Upload::Failed(f, sent.get_untracked()));
        }
    });
    let start = Callback::new(move |()| {
        if let Some(p) = photo.get_untracked() {
            sent.set(None);
            upload.set(Upload::Sending);
            send.dispatch(p.blob.clone());
        }
    });
    // A new photo (first or retake) replaces the uploaded one and is sent at once.
    Effect::new(move |prev: Option<bool>| {
        let has = photo.with(Option::is_some);
        if has && prev.is_some() {
            wizard.update(|w| w.set_photo(slot, None));
            start.run(());
        }
        has
    });
    PhotoUpload {
        photo,
        upload,
        sent,
        uploaded,
        start,
    }
}

/// The photos screen.
#[component]
pub fn QrPhotosStep() -> impl IntoView {
    let i18n = use_i18n();
    let p = use_qr_photos();
    let missing = p.missing;
    let problems = Signal::derive(move || {
        missing
            .get()
            .into_iter()
            .map(|slot| Problem {
                target: input_id(slot),
                message: missing_text(slot),
            })
            .collect::<Vec<_>>()
    });
    let (found, tried, next) = (p.found, p.tried, p.next);

    view! {
        <BackLink to=Step::QrScan />
        <ErrorSummary problems=problems />
        <h1>{t!(i18n, qr.photos_title)}</h1>
        {move || found.get().map(|f| view! {
            <dl class="summary card">
                <div><dt>{t!(i18n, filing.summary_plate)}</dt><dd class="plate">{f.plate_number.clone()}</dd></div>
                <div><dt>{t!(i18n, filing.summary_owner_phone)}</dt><dd>{f.masked_owner_phone.clone()}</dd></div>
            </dl>
        })}
        <p>{t!(i18n, qr.photos_lead)}</p>
        <ol class="photo-prompts">
            {p.slots.into_iter().map(|slot| view! { <PhotoPrompt which=slot tried=tried /> }).collect_view()}
        </ol>
        <button type="button" class="button" on:click=move |_| next.run(())>{t!(i18n, filing.next_button)}</button>
    }
}

/// One prompted photo: instruction, example outline, picker, upload state.
#[component]
fn PhotoPrompt(which: PhotoSlot, tried: RwSignal<bool>) -> impl IntoView {
    let slot = which;
    let i18n = use_i18n();
    let u = use_photo_upload(slot);
    let (upload, uploaded, start) = (u.upload, u.uploaded, u.start);
    let (label, hint, alt) = match slot {
        PhotoSlot::VehicleFront45 => (
            Signal::derive(move || t_string!(i18n, qr.photo_front_label).to_string()),
            Signal::derive(move || t_string!(i18n, qr.photo_front_hint).to_string()),
            Signal::derive(move || t_string!(i18n, qr.photo_front_preview).to_string()),
        ),
        _ => (
            Signal::derive(move || t_string!(i18n, qr.photo_engine_label).to_string()),
            Signal::derive(move || t_string!(i18n, qr.photo_engine_hint).to_string()),
            Signal::derive(move || t_string!(i18n, qr.photo_engine_preview).to_string()),
        ),
    };
    let error = Signal::derive(move || match upload.get() {
        Upload::Failed(f, at) => Some(
            interrupted_text(&f, at)
                .or_else(|| flow_error_text(&f))
                .unwrap_or_else(|| generic_text(&f)),
        ),
        Upload::Local(e) => Some(photo_error_text(e)),
        _ if tried.get() && !uploaded.get() => Some(missing_text(slot)),
        _ => None,
    });

    view! {
        <li class="card photo-prompt">
            <h2>{label}</h2>
            <figure class="photo-example">
                {example_outline(slot)}
                <figcaption>{t!(i18n, qr.example_caption)}</figcaption>
            </figure>
            <PhotoInput
                id=input_id(slot)
                label=label
                hint=hint
                error=error
                preview_alt=alt
                photo=u.photo
                capture="environment"
                on_error=Callback::new(move |e| upload.set(Upload::Local(e)))
            />
            {move || match upload.get() {
                Upload::Sending => view! {
                    <UploadProgress id=format!("{}-progress", input_id(slot)) what=label percent=u.sent />
                }.into_any(),
                Upload::Done => view! {
                    <p class="upload upload--done" role="status">{t!(i18n, qr.uploaded)}</p>
                }.into_any(),
                Upload::Failed(ref f, _) if f.is_transient() || f.code().is_none() => view! {
                    <button type="button" class="button button--secondary" on:click=move |_| start.run(())>
                        {t!(i18n, qr.upload_retry)}
                    </button>
                }.into_any(),
                _ => ().into_any(),
            }}
        </li>
    }
}

/// The example outline of a photo: a car seen from the front at 45°, or an engine-number plate.
fn example_outline(slot: PhotoSlot) -> AnyView {
    match slot {
        PhotoSlot::VehicleFront45 => view! {
            <svg viewBox="0 0 160 90" width="160" height="90" aria-hidden="true" focusable="false">
                <path d="M20 62 L34 38 Q38 32 46 32 L104 32 Q112 32 118 38 L140 60 L140 72 L20 72 Z" fill="none" stroke="currentColor" stroke-width="3" />
                <path d="M44 36 L56 50 L110 50 L114 36" fill="none" stroke="currentColor" stroke-width="2" />
                <rect x="62" y="60" width="34" height="10" fill="none" stroke="currentColor" stroke-width="2" />
                <circle cx="42" cy="74" r="9" fill="none" stroke="currentColor" stroke-width="3" />
                <circle cx="124" cy="74" r="9" fill="none" stroke="currentColor" stroke-width="3" />
            </svg>
        }.into_any(),
        _ => view! {
            <svg viewBox="0 0 160 90" width="160" height="90" aria-hidden="true" focusable="false">
                <rect x="16" y="20" width="128" height="50" rx="4" fill="none" stroke="currentColor" stroke-width="3" />
                <path d="M28 38 H132 M28 52 H104" stroke="currentColor" stroke-width="4" stroke-dasharray="6 4" />
                <circle cx="24" cy="28" r="3" fill="currentColor" />
                <circle cx="136" cy="62" r="3" fill="currentColor" />
            </svg>
        }.into_any(),
    }
}
