//! The QR scanner's state and actions, in one hook ([`use_qr_scanner`]) in the manner of
//! leptos-use: the camera (through [`use_live_camera`]), what it can do (torch, other cameras),
//! the frame loop that feeds the decoder, and the two actions (torch, camera switch). The
//! component ([`super::QrScanner`]) only lays these out.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use send_wrapper::SendWrapper;

use super::{
    mark, SharedDecoder, FRAME_INTERVAL_MS, MARK_DECODED, MARK_FIRST_FRAME, MARK_START,
    MARK_STREAMING, MAX_FRAME_SIDE,
};
use crate::camera::{self, CameraError, CameraInfo, Facing};
use crate::components::camera_view::{use_live_camera, CameraState};
use crate::i18n::*;

/// What [`use_qr_scanner`] gives the view.
#[derive(Clone)]
pub struct UseQrScannerReturn {
    /// The `<video>` the camera is shown in (the view mounts it).
    pub video: NodeRef<leptos::html::Video>,
    /// What the camera is doing.
    pub state: Signal<CameraState>,
    /// Whether decoding is wanted now (the scanner's `active` prop).
    pub active: Signal<bool>,
    /// The camera in use has a torch.
    pub torch_available: Signal<bool>,
    /// The torch is on.
    pub torch_on: Signal<bool>,
    /// How many cameras the browser lists (`None` until looked up).
    pub camera_count: Signal<Option<usize>>,
    /// The camera in use, named for the user (its facing, else its label, else its number);
    /// `None` while none is open.
    pub camera_name: Signal<Option<String>>,
    /// Frames decoded so far.
    pub frames: Signal<u32>,
    /// Median decode time of the last frames, in milliseconds.
    pub median_ms: Signal<Option<f64>>,
    /// Turns the torch on or off.
    pub toggle_torch: Callback<()>,
    /// Opens the next camera the browser lists (a tap while one is still opening does nothing).
    pub switch_camera: Callback<()>,
}

/// The scanner's camera, decoder loop and actions. Frames are decoded only while `active` is
/// true; each code read goes to `on_text`; a camera that cannot be used goes to `on_error`.
/// Everything stops when the calling owner is cleaned up.
pub fn use_qr_scanner(
    decoder: SharedDecoder,
    active: Signal<bool>,
    on_text: Callback<String>,
    on_error: Callback<CameraError>,
) -> UseQrScannerReturn {
    let i18n = use_i18n();
    // Read once per frame: a memo, so that the caller's signal is computed only when what it
    // depends on changes. A derived signal may build something each time it is read (Leptos's
    // `Action::pending()` makes a new memo per call, kept until the page goes): read per frame,
    // that was about 430 bytes of the app's memory kept per frame, without end.
    let active = Signal::from(Memo::new(move |_| active.get()));
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

    frame_loop(FrameLoop {
        alive: alive.clone(),
        decoder,
        video,
        state: state.into(),
        active,
        on_text,
        frames,
        median_ms,
    });
    on_cleanup(move || alive.store(false, Ordering::Relaxed));

    let toggle_torch = Callback::new({
        let live = live.clone();
        move |()| {
            let Some(stream) = live.stream() else { return };
            let next = !torch_on.get_untracked();
            leptos::task::spawn_local(async move {
                if camera::set_torch(&stream, next).await {
                    let _ = torch_on.try_set(next);
                }
            });
        }
    });
    let switch_camera = Callback::new(move |()| {
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
    });
    let camera_name = Signal::derive(move || {
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
    });

    UseQrScannerReturn {
        video,
        state: state.into(),
        active,
        torch_available: torch_available.into(),
        torch_on: torch_on.into(),
        camera_count: Signal::derive(move || cameras.with(|c| c.as_ref().map(Vec::len))),
        camera_name,
        frames: frames.into(),
        median_ms: median_ms.into(),
        toggle_torch,
        switch_camera,
    }
}

/// What the frame loop reads and writes.
struct FrameLoop {
    alive: Arc<AtomicBool>,
    decoder: SharedDecoder,
    video: NodeRef<leptos::html::Video>,
    state: Signal<CameraState>,
    active: Signal<bool>,
    on_text: Callback<String>,
    frames: RwSignal<u32>,
    median_ms: RwSignal<Option<f64>>,
}

/// While the camera is not streaming yet (or decoding is not wanted), how often the frame loop
/// looks again: short, so that the first frame is grabbed soon after the camera streams (a whole
/// [`FRAME_INTERVAL_MS`] there was up to 150 ms more before the first decode).
const IDLE_POLL_MS: u32 = 30;

/// The frame loop: grab, decode (awaited: one in flight), wait [`FRAME_INTERVAL_MS`], repeat,
/// until `alive` is false. The first frame is grabbed as soon as the camera streams.
fn frame_loop(l: FrameLoop) {
    let FrameLoop {
        alive,
        decoder,
        video,
        state,
        active,
        on_text,
        frames,
        median_ms,
    } = l;
    let grabber = SendWrapper::new(camera::FrameGrabber::new());
    leptos::task::spawn_local(async move {
        let times: Rc<RefCell<Vec<f64>>> = Rc::new(RefCell::new(Vec::new()));
        let mut first = true;
        while alive.load(Ordering::Relaxed) {
            let ready = state.try_get_untracked() == Some(CameraState::Streaming)
                && active.try_get_untracked() == Some(true);
            let (Some(el), true) = (video.try_get_untracked().flatten(), ready) else {
                TimeoutFuture::new(IDLE_POLL_MS).await;
                continue;
            };
            let Some(frame) = grabber.grab(&el, MAX_FRAME_SIDE).await else {
                // No picture yet: look again shortly.
                TimeoutFuture::new(IDLE_POLL_MS).await;
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
                // The page's handling of a code (checks, the request, a new notice) in a task
                // of its own, not in the one that took the worker's answer.
                TimeoutFuture::new(0).await;
                if alive.load(Ordering::Relaxed) && active.try_get_untracked() == Some(true) {
                    let _ = on_text.try_run(text);
                }
            }
            TimeoutFuture::new(FRAME_INTERVAL_MS).await;
        }
    });
}
