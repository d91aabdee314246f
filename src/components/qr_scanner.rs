//! A reusable QR scanner: the rear camera (a `facingMode` preference, never `exact`) in a
//! viewfinder with a scan frame, a torch toggle when the camera has one, a camera switch when
//! there are several. Every [`FRAME_INTERVAL_MS`] the centre square of the picture (what the
//! scan frame shows) is grabbed, scaled down by the canvas and sent to the decoder
//! ([`crate::scan::QrDecoder`]: a Web Worker, or the main thread where workers are missing);
//! the next frame is grabbed only when the previous answer came back, so one frame at most is in
//! flight. Camera lifecycle (stop on hide / leave) is [`use_live_camera`]'s.
//!
//! With several cameras, the scanner says which one is in use (its facing, else its label) and
//! the switch goes to the next one the browser lists.
//!
//! The scanner element carries `data-frames` (frames decoded), `data-decode-ms` (median decode
//! time of the last frames) and `data-cameras` (how many cameras it found, once it looked) so
//! the decode cost and the controls' premise can be read in a browser; nothing else.
//! It also sets `performance.mark`s (names only, no data) that the benchmark
//! `tests/bench/qr-camera.mjs` reads: [`MARK_START`], [`MARK_STREAMING`], [`MARK_FIRST_FRAME`],
//! [`MARK_DECODED`].

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::camera::{self, CameraError, CameraInfo, Facing};
use crate::components::camera_view::{use_live_camera, CameraState};
use crate::i18n::*;
use crate::scan::QrDecoder;

/// Time between two grabbed frames (when the decoder keeps up).
pub const FRAME_INTERVAL_MS: u32 = 150;
/// Side of the square handed to the decoder, at most.
pub const MAX_FRAME_SIDE: u32 = 720;

/// Mark: the scanner was created (it asks for the camera).
pub const MARK_START: &str = "qr-scanner:start";
/// Mark: the camera is streaming.
pub const MARK_STREAMING: &str = "qr-scanner:streaming";
/// Mark: the first frame was grabbed and handed to the decoder.
pub const MARK_FIRST_FRAME: &str = "qr-scanner:first-frame";
/// Mark: a frame's answer held a code's text.
pub const MARK_DECODED: &str = "qr-scanner:decoded";

/// A `performance.mark` with no detail: cheap, and carries no personal data.
fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// A decoder shared by the scanner and the photo route of one page.
pub type SharedDecoder = SendWrapper<Rc<QrDecoder>>;

/// A new decoder (starts its worker).
pub fn new_decoder() -> SharedDecoder {
    SendWrapper::new(Rc::new(QrDecoder::new()))
}

/// The camera scanner.
#[component]
pub fn QrScanner(
    /// The decoder (shared with the page's photo route).
    decoder: SharedDecoder,
    /// Frames are decoded only while this is true (e.g. not while a code is being checked).
    #[prop(into)]
    active: Signal<bool>,
    /// Receives the text of each code read.
    on_text: Callback<String>,
    /// Told when the camera cannot be used, and why.
    on_error: Callback<CameraError>,
) -> impl IntoView {
    let i18n = use_i18n();
    let video = NodeRef::<leptos::html::Video>::new();
    let device = RwSignal::new(None::<String>);
    let live = use_live_camera(video, Facing::Environment, device.into(), on_error);
    let state = live.state;
    let torch_available = RwSignal::new(false);
    let torch_on = RwSignal::new(false);
    // The cameras the browser lists (`None` until looked up) and the one in use.
    let cameras = RwSignal::new(None::<Vec<String>>);
    let current = RwSignal::new(None::<CameraInfo>);
    let frames = RwSignal::new(0u32);
    let median_ms = RwSignal::new(None::<f64>);
    let alive = Arc::new(AtomicBool::new(true));
    mark(MARK_START);

    // What the opened camera is and can do: torch, other cameras. Looked up again for each
    // camera opened (a switch opens another one, with its own torch or none).
    Effect::new({
        let live = live.clone();
        move |_| {
            if state.get() != CameraState::Streaming {
                torch_available.set(false);
                current.set(None);
                return;
            }
            mark(MARK_STREAMING);
            let stream = live.stream();
            torch_on.set(false);
            torch_available.set(stream.as_ref().is_some_and(camera::has_torch));
            current.set(stream.as_ref().and_then(camera::camera_info));
            leptos::task::spawn_local(async move {
                let ids = camera::video_input_ids().await;
                let _ = cameras.try_set(Some(ids));
            });
        }
    });

    // The frame loop: grab, decode (awaited: one in flight), wait, repeat.
    {
        let alive = alive.clone();
        let decoder = decoder.clone();
        let canvas = SendWrapper::new(crate::image::new_canvas(1, 1));
        leptos::task::spawn_local(async move {
            let times: Rc<RefCell<Vec<f64>>> = Rc::new(RefCell::new(Vec::new()));
            let mut first = true;
            while alive.load(Ordering::Relaxed) {
                TimeoutFuture::new(FRAME_INTERVAL_MS).await;
                if !alive.load(Ordering::Relaxed) {
                    break;
                }
                let ready = state.try_get_untracked() == Some(CameraState::Streaming)
                    && active.try_get_untracked() == Some(true);
                let (Some(el), Some(canvas)) =
                    (video.try_get_untracked().flatten(), canvas.as_ref())
                else {
                    continue;
                };
                if !ready {
                    continue;
                }
                let Some(frame) = camera::grab_center(&el, canvas, MAX_FRAME_SIDE) else {
                    continue;
                };
                if first {
                    first = false;
                    mark(MARK_FIRST_FRAME);
                }
                let answer = decoder.decode(frame, false).await;
                if !alive.load(Ordering::Relaxed) {
                    break;
                }
                {
                    let mut t = times.borrow_mut();
                    t.push(answer.ms);
                    if t.len() > 30 {
                        t.remove(0);
                    }
                    let mut sorted = t.clone();
                    sorted.sort_by(|a, b| a.total_cmp(b));
                    let _ = median_ms.try_set(sorted.get(sorted.len() / 2).copied());
                }
                let _ = frames.try_update(|n| *n += 1);
                if let Some(text) = answer.text {
                    mark(MARK_DECODED);
                    if active.try_get_untracked() == Some(true) {
                        let _ = on_text.try_run(text);
                    }
                }
            }
        });
    }
    on_cleanup(move || alive.store(false, Ordering::Relaxed));

    let toggle_torch = {
        let live = live.clone();
        move |_| {
            let Some(stream) = live.stream() else { return };
            let next = !torch_on.get_untracked();
            leptos::task::spawn_local(async move {
                if camera::set_torch(&stream, next).await {
                    let _ = torch_on.try_set(next);
                }
            });
        }
    };
    // The next camera the browser lists after the one in use (a tap while the last one is still
    // opening does nothing).
    let switch_camera = move |_| {
        if state.get_untracked() != CameraState::Streaming {
            return;
        }
        let ids = cameras.get_untracked().unwrap_or_default();
        if ids.len() < 2 {
            return;
        }
        let in_use = current
            .with_untracked(|c| c.as_ref().and_then(|c| c.device_id.clone()))
            .or_else(|| device.get_untracked());
        let next = match in_use.and_then(|c| ids.iter().position(|i| *i == c)) {
            Some(at) => ids[(at + 1) % ids.len()].clone(),
            None => ids[1].clone(),
        };
        device.set(Some(next));
    };
    let several = move || cameras.with(|c| c.as_ref().is_some_and(|c| c.len() > 1));
    let camera_name = move || {
        let info = current.get()?;
        Some(match info.facing {
            Some(Facing::Environment) => t_string!(i18n, scanner.camera_rear).to_string(),
            Some(Facing::User) => t_string!(i18n, scanner.camera_front).to_string(),
            None if !info.label.trim().is_empty() => info.label.trim().to_string(),
            None => {
                let at = cameras.with(|c| {
                    c.as_ref().and_then(|c| {
                        info.device_id
                            .as_ref()
                            .and_then(|d| c.iter().position(|i| i == d))
                    })
                });
                t_string!(i18n, scanner.camera_numbered, n = at.unwrap_or(0) + 1).to_string()
            }
        })
    };

    view! {
        <div
            class="scanner"
            class:scanner--live=move || state.get() == CameraState::Streaming
            data-frames=move || frames.get().to_string()
            data-decode-ms=move || median_ms.get().map(|m| format!("{m:.1}")).unwrap_or_default()
            data-cameras=move || cameras.with(|c| c.as_ref().map(|c| c.len().to_string()))
        >
            <div class="scanner__viewport">
                <video
                    class="scanner__video"
                    node_ref=video
                    autoplay=true
                    muted=true
                    playsinline=true
                    aria-label=move || t_string!(i18n, scanner.video_label).to_string()
                ></video>
                <div class="scanner__frame" aria-hidden="true"></div>
            </div>
            <p class="scanner__status" role="status">
                {move || match state.get() {
                    CameraState::Starting => t_string!(i18n, scanner.starting).to_string(),
                    CameraState::Streaming if active.get() => t_string!(i18n, scanner.aim).to_string(),
                    CameraState::Streaming => t_string!(i18n, scanner.checking).to_string(),
                    CameraState::Paused => t_string!(i18n, scanner.paused).to_string(),
                    CameraState::Failed => String::new(),
                }}
            </p>
            <div class="scanner__controls">
                <Show when=move || torch_available.get() && state.get() == CameraState::Streaming>
                    <button
                        type="button"
                        class="button button--secondary"
                        aria-pressed=move || if torch_on.get() { "true" } else { "false" }
                        on:click=toggle_torch.clone()
                    >
                        {t!(i18n, scanner.torch)}
                    </button>
                </Show>
                // Kept while the next camera opens, so that focus stays on it.
                <Show when=move || several() && matches!(state.get(), CameraState::Streaming | CameraState::Starting)>
                    <button
                        type="button"
                        class="button button--secondary"
                        aria-describedby="scanner-camera"
                        aria-disabled=move || if state.get() == CameraState::Streaming { "false" } else { "true" }
                        on:click=switch_camera
                    >
                        {t!(i18n, scanner.switch_camera)}
                    </button>
                </Show>
            </div>
            <Show when=move || several() && state.get() != CameraState::Failed>
                <p class="scanner__camera" id="scanner-camera" role="status">
                    {move || camera_name().map(|name| t_string!(i18n, scanner.camera_in_use, name = name).to_string())}
                </p>
            </Show>
        </div>
    }
}
