//! A live camera view with a capture button, and the camera lifecycle it is built on
//! ([`use_live_camera`], also used by the QR scanner). The camera opens when the view appears and
//! every track is stopped when it goes away (navigation) or the page is hidden (app switch,
//! lock); it reopens when the page is shown again.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use web_sys::{Blob, MediaStream};

use crate::camera::{self, CameraError, Facing};

/// What the camera is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CameraState {
    /// Asking for the camera.
    Starting,
    /// Showing the picture.
    Streaming,
    /// Stopped because the page is hidden; reopens when it is shown.
    Paused,
    /// Cannot be used (the reason went to `on_error`).
    Failed,
}

/// A camera shown in a `<video>`: what [`use_live_camera`] gives.
#[derive(Clone)]
pub struct LiveCamera {
    /// What the camera is doing.
    pub state: RwSignal<CameraState>,
    stream: SendWrapper<Rc<RefCell<Option<MediaStream>>>>,
}

impl LiveCamera {
    /// The open stream, if any (for the torch, the device id).
    pub fn stream(&self) -> Option<MediaStream> {
        self.stream.borrow().clone()
    }
}

/// Opens the camera into `video` once it is mounted (the device `device` when set, else the one
/// facing `facing`), reopens it when `device` changes, stops every track when the page is
/// hidden (reopening when it is shown again), on `pagehide` and when the owner is cleaned up.
/// Shared by the capture view and the QR scanner.
pub fn use_live_camera(
    video: NodeRef<leptos::html::Video>,
    facing: Facing,
    device: Signal<Option<String>>,
    on_error: Callback<CameraError>,
) -> LiveCamera {
    let live = RwSignal::new(CameraState::Starting);
    let stream: SendWrapper<Rc<RefCell<Option<MediaStream>>>> =
        SendWrapper::new(Rc::new(RefCell::new(None)));
    let alive = Arc::new(AtomicBool::new(true));

    let stop = {
        let stream = stream.clone();
        move || {
            if let Some(s) = stream.borrow_mut().take() {
                camera::stop(&s);
            }
        }
    };
    let start = {
        let stream = stream.clone();
        let alive = alive.clone();
        move || {
            let stream = stream.clone();
            let alive = alive.clone();
            live.set(CameraState::Starting);
            let device = device.get_untracked();
            leptos::task::spawn_local(async move {
                let opened = camera::open_with(facing, device.as_deref()).await;
                if !alive.load(Ordering::Relaxed) {
                    if let Ok(s) = &opened {
                        camera::stop(s);
                    }
                    return;
                }
                let s = match opened {
                    Ok(s) => s,
                    Err(e) => {
                        live.set(CameraState::Failed);
                        let _ = on_error.try_run(e);
                        return;
                    }
                };
                // `Clone::clone`, not `s.clone()`: web-sys gives `MediaStream` an inherent
                // `clone()` (JS `MediaStream.prototype.clone`) that makes a second stream with
                // new tracks; keeping that one left the shown camera running after `stop` and
                // hid the torch of the real track.
                if let Some(old) = stream.borrow_mut().replace(Clone::clone(&s)) {
                    camera::stop(&old);
                }
                let Some(el) = video.get_untracked() else {
                    return;
                };
                match camera::attach(&el, &s).await {
                    Ok(()) if alive.load(Ordering::Relaxed) => live.set(CameraState::Streaming),
                    // Gone meanwhile (the user went on): `play()` is refused when the video
                    // leaves the page, and that is no camera fault to tell anyone about.
                    _ if !alive.load(Ordering::Relaxed) => {}
                    Ok(()) => {}
                    Err(e) => {
                        live.set(CameraState::Failed);
                        let _ = on_error.try_run(e);
                    }
                }
            });
        }
    };

    // Open once the video element exists, and again when another camera is chosen.
    Effect::new({
        let (start, stop) = (start.clone(), stop.clone());
        move |prev: Option<(bool, Option<String>)>| {
            let wanted = device.get();
            let mounted = video.get().is_some();
            match prev {
                Some((true, ref d)) if *d == wanted => {}
                Some((true, _)) if mounted => {
                    stop();
                    start();
                }
                _ if mounted => start(),
                _ => {}
            }
            (mounted, wanted)
        }
    });
    let visibility = {
        let (start, stop) = (start.clone(), stop.clone());
        window_event_listener_untyped("visibilitychange", move |_| {
            let hidden = web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
            if hidden {
                stop();
                if live.get_untracked() == CameraState::Streaming
                    || live.get_untracked() == CameraState::Starting
                {
                    live.set(CameraState::Paused);
                }
            } else if live.get_untracked() == CameraState::Paused {
                start();
            }
        })
    };
    let pagehide = {
        let stop = stop.clone();
        window_event_listener_untyped("pagehide", move |_| stop())
    };
    {
        let stop = SendWrapper::new(stop.clone());
        let alive = alive.clone();
        on_cleanup(move || {
            alive.store(false, Ordering::Relaxed);
            visibility.remove();
            pagehide.remove();
            stop();
        });
    }
    LiveCamera {
        state: live,
        stream,
    }
}

/// The camera preview, an optional framing guide, and a capture button.
#[component]
pub fn CameraView(
    /// Which camera to open.
    facing: Facing,
    /// Accessible name of the preview (what it shows).
    #[prop(into)]
    label: Signal<String>,
    /// Shows an oval face-framing guide over the preview.
    #[prop(optional)]
    face_guide: bool,
    /// Label of the capture button.
    #[prop(into)]
    capture_label: Signal<String>,
    /// Receives each captured still (JPEG).
    on_capture: Callback<SendWrapper<Blob>>,
    /// Told when the camera cannot be used, and why.
    on_error: Callback<CameraError>,
    /// Disables capturing (e.g. while a still is being sent).
    #[prop(into)]
    busy: Signal<bool>,
) -> impl IntoView {
    let video = NodeRef::<leptos::html::Video>::new();
    let live = use_live_camera(video, facing, Signal::stored(None), on_error).state;

    let capturing = RwSignal::new(false);
    let capture = move |_| {
        let Some(el) = video.get_untracked() else {
            return;
        };
        capturing.set(true);
        leptos::task::spawn_local(async move {
            let shot = camera::capture_jpeg(&el).await;
            capturing.set(false);
            match shot {
                // `try_run`: the view may have gone while the still was being made.
                Ok(blob) => {
                    let _ = on_capture.try_run(SendWrapper::new(blob));
                }
                Err(e) => {
                    let _ = on_error.try_run(e);
                }
            }
        });
    };

    view! {
        <div class="camera" class:camera--live=move || live.get() == CameraState::Streaming>
            <video
                class="camera__video"
                class:camera__video--mirror=facing == Facing::User
                node_ref=video
                autoplay=true
                muted=true
                playsinline=true
                aria-label=move || label.get()
            ></video>
            {face_guide.then(|| view! { <div class="camera__guide" aria-hidden="true"></div> })}
        </div>
        <button
            type="button"
            class="button"
            disabled=move || busy.get() || capturing.get() || live.get() != CameraState::Streaming
            on:click=capture
        >
            {capture_label}
        </button>
    }
}
