//! QR method, step 2: scan the owner's vehicle filing code. The camera scanner opens at once;
//! the photo route (a still taken or chosen, decoded by the same decoder through the same
//! worker) is always offered beneath it, and leads when the camera cannot be used (refused,
//! missing, insecure page, in use). A text read is checked locally (a payment code, a web
//! address or other text is "not a vehicle filing code") and then resolved by the server, whose
//! refusals (expired, revoked, used, not valid) each have their own words. The server limits how
//! many codes an account may resolve (`429`): the wait is said as for SMS codes, and the camera
//! tries the same code again only once it is over.

use beian_contract::filing::QrResolveRequest;
use beian_contract::{endpoint as ep, ErrorCode};
use beian_domain::{parse_filing_qr, FilingQrError};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;

use crate::api::{use_api, ApiFailure};
use crate::camera::CameraError;
use crate::components::camera_error::camera_error_text;
use crate::components::countdown::now_ms;
use crate::components::failure::FailureNotice;
use crate::components::next_task::NextTask;
use crate::components::qr_scanner::{new_decoder, QrScanner, SharedDecoder};
use crate::i18n::*;
use crate::image::{self, ImageError, MAX_LONG_SIDE};
use crate::pages::filing::state::outcome::{resolve_failure, ResolveFailure};
use crate::pages::filing::state::Step;
use crate::pages::filing::text::flow_error_text;
use crate::pages::filing::{use_wizard, BackLink};

/// Why a code read cannot be used.
#[derive(Clone, Debug, PartialEq)]
pub enum CodeProblem {
    /// The text is not a vehicle filing code.
    Format(FilingQrError),
    /// The server refused the code or the filing it leads to.
    Api(ApiFailure),
    /// The photo holds no readable code.
    NoCodeInPhoto,
    /// The photo could not be read.
    Photo(ImageError),
}

fn problem_text(p: &CodeProblem) -> String {
    let i18n = use_i18n();
    match p {
        CodeProblem::Format(FilingQrError::PaymentCode) => {
            t_string!(i18n, qr.err_payment_code).to_string()
        }
        CodeProblem::Format(FilingQrError::Url) => t_string!(i18n, qr.err_url).to_string(),
        CodeProblem::Format(FilingQrError::UnsupportedVersion { .. }) => {
            t_string!(i18n, qr.err_version).to_string()
        }
        CodeProblem::Format(FilingQrError::BadToken) => t_string!(i18n, qr.err_damaged).to_string(),
        CodeProblem::Format(_) => t_string!(i18n, qr.err_not_filing_code).to_string(),
        CodeProblem::NoCodeInPhoto => t_string!(i18n, qr.err_no_code_in_photo).to_string(),
        CodeProblem::Photo(e) => crate::components::photo_input::photo_error_text(*e),
        CodeProblem::Api(f) => match f.code() {
            Some(ErrorCode::QrInvalid) => t_string!(i18n, qr.err_unknown_code).to_string(),
            _ => flow_error_text(f)
                .unwrap_or_else(|| t_string!(i18n, qr.err_unknown_code).to_string()),
        },
    }
}

/// The scan screen's state: the shared decoder, what went wrong (the camera, the code, the
/// request), the wait after a rate limit, and the ways a code comes in (camera text, photo).
#[derive(Clone)]
pub struct QrScan {
    /// The decoder shared by the camera and the photo route.
    pub decoder: SharedDecoder,
    /// Why the camera cannot be used.
    pub camera_error: RwSignal<Option<CameraError>>,
    /// Why the code read cannot be used.
    pub problem: RwSignal<Option<CodeProblem>>,
    /// Another failure (network, server, the decoder could not load…).
    pub failure: RwSignal<Option<ApiFailure>>,
    /// Too many codes: the seconds to wait.
    pub rate_limited: RwSignal<Option<u32>>,
    /// A photo is being read.
    pub reading_photo: RwSignal<bool>,
    /// The code is being resolved.
    pub resolving: Signal<bool>,
    /// A code's text read by the camera.
    pub on_text: Callback<String>,
    /// A photo chosen or taken (the file input's change).
    pub on_photo: Callback<web_sys::Event>,
    /// Tries the last photo or code again.
    pub retry: Callback<()>,
}

/// The scan screen's state; a resolved code goes on to the photos.
pub fn use_qr_scan() -> QrScan {
    let api = use_api();
    let wizard = use_wizard();
    let navigate = use_navigate();
    let decoder = new_decoder();
    let camera_error = RwSignal::new(None::<CameraError>);
    let problem = RwSignal::new(None::<CodeProblem>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let reading_photo = RwSignal::new(false);
    // A rate limit: the seconds said, and when (ms) the same code may be sent again.
    let rate_limited = RwSignal::new(None::<u32>);
    let retry_at_ms = StoredValue::new(0.0_f64);
    // The last text handled: the camera sees the same code many times a second.
    let last_text = RwSignal::new(None::<String>);

    let resolve = Action::new_local(move |payload: &String| {
        let body = QrResolveRequest {
            payload: payload.clone(),
        };
        async move { api.call(ep::FilingQrResolve, &[], &body).await }
    });
    Effect::new(move |_| match resolve.value().get() {
        None => {}
        Some(Ok(m)) => {
            wizard.update(|w| w.qr_found(&m));
            navigate(Step::QrPhotos.path(), Default::default());
        }
        Some(Err(f)) => match resolve_failure(f.code().copied(), f.is_transient()) {
            ResolveFailure::Refused => problem.set(Some(CodeProblem::Api(f))),
            ResolveFailure::RateLimited => {
                let seconds = match &f {
                    ApiFailure::Api { error, .. } => error.retry_after_s.unwrap_or(60),
                    _ => 60,
                };
                retry_at_ms.set_value(now_ms() + f64::from(seconds) * 1000.0);
                rate_limited.set(Some(seconds));
            }
            ResolveFailure::Other => failure.set(Some(f)),
        },
    });
    let handle_text = move |text: String| {
        if resolve.pending().get_untracked() {
            return;
        }
        let waiting =
            rate_limited.with_untracked(Option::is_some) && now_ms() < retry_at_ms.get_value();
        if last_text.get_untracked().as_deref() == Some(text.as_str())
            && (problem.with_untracked(Option::is_some)
                || failure.with_untracked(Option::is_some)
                || waiting)
        {
            return;
        }
        last_text.set(Some(text.clone()));
        failure.set(None);
        rate_limited.set(None);
        match parse_filing_qr(&text) {
            Ok(code) => {
                problem.set(None);
                resolve.dispatch(code.payload());
            }
            Err(e) => problem.set(Some(CodeProblem::Format(e))),
        }
    };
    // The photo being read, kept while no decoder could load (offline) to read it again.
    let last_photo = StoredValue::new_local(None::<web_sys::File>);
    let photo_decoder = StoredValue::new_local(decoder.clone());
    let read_photo = move |file: web_sys::File| {
        reading_photo.set(true);
        problem.set(None);
        failure.set(None);
        last_photo.set_value(None);
        let decoder = photo_decoder.get_value();
        leptos::task::spawn_local(async move {
            let frame = image::rgba_of(&file, MAX_LONG_SIDE).await;
            let decoded = match frame {
                Ok(frame) => decoder.decode(frame, true).await,
                Err(e) => {
                    let _ = reading_photo.try_set(false);
                    let _ = problem.try_set(Some(CodeProblem::Photo(e)));
                    return;
                }
            };
            let _ = reading_photo.try_set(false);
            match decoded.text {
                Some(text) => {
                    // A photo is a deliberate new try: no duplicate suppression.
                    let _ = last_text.try_set(None);
                    handle_text(text);
                }
                // The decoder itself could not be fetched: said as the connection's fault, and
                // "try again" reads the same photo.
                None if decoded.unavailable => {
                    let _ = last_photo.try_set_value(Some(file));
                    let online = web_sys::window()
                        .map(|w| w.navigator().on_line())
                        .unwrap_or(true);
                    let _ = failure.try_set(Some(if online {
                        ApiFailure::Network
                    } else {
                        ApiFailure::Offline
                    }));
                }
                None => {
                    let _ = problem.try_set(Some(CodeProblem::NoCodeInPhoto));
                }
            }
        });
    };
    let retry = move |()| {
        if let Some(file) = last_photo.get_value() {
            read_photo(file);
        } else if let Some(text) = last_text.get_untracked() {
            last_text.set(None);
            handle_text(text);
        }
    };
    let on_photo = move |ev: web_sys::Event| {
        let Some(el) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = el.files().and_then(|f| f.get(0)) else {
            return;
        };
        el.set_value("");
        read_photo(file);
    };
    QrScan {
        decoder,
        camera_error,
        problem,
        failure,
        rate_limited,
        reading_photo,
        resolving: resolve.pending().into(),
        on_text: Callback::new(handle_text),
        on_photo: Callback::new(on_photo),
        retry: Callback::new(retry),
    }
}

/// The scan screen.
#[component]
pub fn QrScanStep() -> impl IntoView {
    let i18n = use_i18n();
    let s = use_qr_scan();
    let (problem, camera_error) = (s.problem, s.camera_error);
    let problem_msg = Signal::derive(move || problem.get().as_ref().map(problem_text));
    let refuses_filing = move || matches!(problem.get(), Some(CodeProblem::Api(ref f)) if flow_error_text(f).is_some());
    let on_photo = s.on_photo;
    // Staged for a slow phone (4× CPU), where the whole page in one go was one main-thread task
    // of 90–130 ms after "继续": the heading, the lead and the notices first; the camera (which
    // then starts) in the next task; the photo route below it once that has been painted. Each
    // part is added below what is on screen, so nothing moves.
    view! {
        <BackLink to=Step::Method />
        <h1>{t!(i18n, qr.scan_title)}</h1>
        <p class="lead">{t!(i18n, qr.scan_lead)}</p>
        {move || problem_msg.get().map(|text| view! {
            <div class="notice notice--error" role="alert">
                <p>{text}</p>
                <Show when=refuses_filing>
                    <p><A href="/vehicles">{t!(i18n, filing.see_my_vehicles)}</A></p>
                </Show>
            </div>
        })}
        <FailureNotice failure=s.failure on_retry=s.retry />
        {move || s.rate_limited.get().map(|secs| view! {
            <p class="notice notice--warning" role="alert">{t!(i18n, errors.too_frequent, seconds = secs)}</p>
        })}
        <Show when=move || s.resolving.get()>
            <p class="notice notice--info" role="status">{t!(i18n, qr.resolving)}</p>
        </Show>
        <NextTask>
        <Show
            when=move || camera_error.get().is_none()
            fallback=move || view! {
                <div class="notice notice--warning" role="alert">
                    <p>{move || camera_error.get().map(camera_error_text)}</p>
                    <p>{t!(i18n, qr.use_photo_instead)}</p>
                </div>
            }
        >
            <section aria-labelledby="scan-camera-title">
                <h2 id="scan-camera-title" class="visually-hidden">{t!(i18n, qr.camera_heading)}</h2>
                <QrScanner
                    decoder=s.decoder.clone()
                    active=Signal::derive(move || !s.resolving.get())
                    on_text=s.on_text
                    on_error=Callback::new(move |e| camera_error.set(Some(e)))
                />
            </section>
        </Show>
        <NextTask after_paint=true>
            <section class="card" aria-labelledby="scan-photo-title">
                <h2 id="scan-photo-title">{t!(i18n, qr.photo_heading)}</h2>
                <div class="field">
                    <label class="field__label" for="qr-photo">{t!(i18n, qr.photo_label)}</label>
                    <p class="field__hint" id="qr-photo-hint">{t!(i18n, qr.photo_hint)}</p>
                    // The app's own button for the file input (see components/photo_input.rs).
                    <div class="file-picker">
                        <input
                            class="file-picker__input visually-hidden"
                            id="qr-photo"
                            name="qr-photo"
                            type="file"
                            accept="image/*"
                            capture="environment"
                            aria-describedby="qr-photo-hint"
                            on:change=move |ev| on_photo.run(ev)
                        />
                        <label class="button button--secondary file-picker__button" for="qr-photo" aria-hidden="true">
                            {t!(i18n, photo.choose)}
                        </label>
                    </div>
                    <Show when=move || s.reading_photo.get()>
                        <p class="hint" role="status">{t!(i18n, qr.reading_photo)}</p>
                    </Show>
                </div>
            </section>
        </NextTask>
        </NextTask>
    }
}
