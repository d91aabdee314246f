//! A reusable QR scanner: the rear camera (a `facingMode` preference, never `exact`) in a
//! viewfinder with a scan frame, a torch toggle when the camera has one, a camera switch when
//! there are several. The centre square of the picture (what the scan frame shows) is grabbed
//! ([`crate::camera::FrameGrabber`]: the camera's own frame, else a canvas) and sent to the
//! decoder ([`crate::scan::QrDecoder`]: a Web Worker, or the main thread where workers are
//! missing): the first time as soon as the camera streams,
//! then [`FRAME_INTERVAL_MS`] after each answer came back, so one frame at most is in flight.
//! Camera lifecycle (stop on hide / leave) is [`use_live_camera`]'s.
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
//!
//! State and actions are the hook [`use_qr_scanner`]'s (`qr_scanner/use_qr_scanner.rs`); this
//! file is the view.

mod use_qr_scanner;

use std::rc::Rc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

pub use self::use_qr_scanner::{use_qr_scanner, UseQrScannerReturn};
use crate::camera::CameraError;
use crate::components::camera_view::CameraState;
use crate::i18n::*;
use crate::scan::QrDecoder;

/// Time between a frame's answer and the next grab.
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
    let UseQrScannerReturn {
        video,
        state,
        active,
        torch_available,
        torch_on,
        camera_count,
        camera_name,
        frames,
        median_ms,
        toggle_torch,
        switch_camera,
    } = use_qr_scanner(decoder, active, on_text, on_error);
    let several = move || camera_count.get().is_some_and(|n| n > 1);

    view! {
        <div
            class="scanner"
            class:scanner--live=move || state.get() == CameraState::Streaming
            data-frames=move || frames.get().to_string()
            data-decode-ms=move || median_ms.get().map(|m| format!("{m:.1}")).unwrap_or_default()
            data-cameras=move || camera_count.get().map(|n| n.to_string())
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
                        on:click=move |_| toggle_torch.run(())
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
                        on:click=move |_| switch_camera.run(())
                    >
                        {t!(i18n, scanner.switch_camera)}
                    </button>
                </Show>
            </div>
            <Show when=move || several() && state.get() != CameraState::Failed>
                <p class="scanner__camera" id="scanner-camera" role="status">
                    {move || camera_name.get().map(|name| t_string!(i18n, scanner.camera_in_use, name = name).to_string())}
                </p>
            </Show>
        </div>
    }
}
