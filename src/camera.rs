//! The device camera: open it (`getUserMedia` with a facing mode), show it in a `<video>`
//! (`playsinline muted autoplay` and an explicit `play()`, which iOS needs), capture a still as
//! a JPEG, and stop every track. Each way the camera can be unavailable is its own
//! [`CameraError`], so the page can say what the user can do about it.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, HtmlVideoElement, MediaStream, MediaStreamConstraints, MediaStreamTrack, MediaTrackConstraints};

use crate::image::{canvas_to_jpeg, context_2d, fit_within, new_canvas, JPEG_QUALITY, MAX_LONG_SIDE};

/// Which camera to ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Facing {
    /// The front camera (face check).
    User,
    /// The back camera (documents, vehicles, QR codes).
    Environment,
}

impl Facing {
    fn as_str(self) -> &'static str {
        match self {
            Facing::User => "user",
            Facing::Environment => "environment",
        }
    }
}

/// Why the camera cannot be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CameraError {
    /// The user (or the host app) refused camera access (`NotAllowedError`).
    NotAllowed,
    /// There is no camera (`NotFoundError`, `OverconstrainedError`).
    NotFound,
    /// The page is not a secure context (plain http): browsers hide the camera.
    InsecureContext,
    /// The camera is in use by another app or failed (`NotReadableError`, `AbortError`).
    NotReadable,
    /// This browser or web-view has no camera API.
    Unsupported,
    /// The camera opened but no picture could be taken.
    CaptureFailed,
}

impl CameraError {
    /// Maps a `getUserMedia` / `play()` rejection to its reason.
    pub fn from_js(error: &JsValue) -> Self {
        let name = js_sys::Reflect::get(error, &JsValue::from_str("name"))
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_default();
        match name.as_str() {
            "NotAllowedError" | "PermissionDeniedError" | "SecurityError" => CameraError::NotAllowed,
            "NotFoundError" | "DevicesNotFoundError" | "OverconstrainedError" => CameraError::NotFound,
            "NotReadableError" | "TrackStartError" | "AbortError" => CameraError::NotReadable,
            "TypeError" | "NotSupportedError" => CameraError::Unsupported,
            _ => CameraError::NotReadable,
        }
    }
}

/// Opens the camera facing `facing` (video only).
pub async fn open(facing: Facing) -> Result<MediaStream, CameraError> {
    let window = web_sys::window().ok_or(CameraError::Unsupported)?;
    if !window.is_secure_context() {
        return Err(CameraError::InsecureContext);
    }
    let navigator = window.navigator();
    let has_devices = js_sys::Reflect::get(&navigator, &JsValue::from_str("mediaDevices"))
        .map(|d| !d.is_undefined() && !d.is_null())
        .unwrap_or(false);
    if !has_devices {
        return Err(CameraError::Unsupported);
    }
    let devices = navigator.media_devices().map_err(|_| CameraError::Unsupported)?;
    let video = MediaTrackConstraints::new();
    video.set_facing_mode_str(facing.as_str());
    let constraints = MediaStreamConstraints::new();
    constraints.set_video(&video);
    constraints.set_audio_bool(false);
    let promise = devices.get_user_media_with_constraints(&constraints).map_err(|e| CameraError::from_js(&e))?;
    let stream = JsFuture::from(promise).await.map_err(|e| CameraError::from_js(&e))?;
    stream.dyn_into::<MediaStream>().map_err(|_| CameraError::Unsupported)
}

/// Shows `stream` in `video` and starts playing it inline and muted.
pub async fn attach(video: &HtmlVideoElement, stream: &MediaStream) -> Result<(), CameraError> {
    video.set_muted(true);
    video.set_autoplay(true);
    let _ = video.set_attribute("playsinline", "");
    let _ = video.set_attribute("muted", "");
    video.set_src_object(Some(stream));
    let promise = video.play().map_err(|e| CameraError::from_js(&e))?;
    JsFuture::from(promise).await.map_err(|e| CameraError::from_js(&e))?;
    Ok(())
}

/// Stops every track of `stream` (turns the camera light off).
pub fn stop(stream: &MediaStream) {
    for track in stream.get_tracks().iter() {
        if let Ok(track) = track.dyn_into::<MediaStreamTrack>() {
            track.stop();
        }
    }
}

/// Captures the current frame of `video` as a JPEG, long side at most [`MAX_LONG_SIDE`].
pub async fn capture_jpeg(video: &HtmlVideoElement) -> Result<Blob, CameraError> {
    let (w, h) = (video.video_width(), video.video_height());
    if w == 0 || h == 0 {
        return Err(CameraError::CaptureFailed);
    }
    let (tw, th) = fit_within(w, h, MAX_LONG_SIDE);
    let canvas = new_canvas(tw, th).ok_or(CameraError::CaptureFailed)?;
    let ctx = context_2d(&canvas).ok_or(CameraError::CaptureFailed)?;
    ctx.draw_image_with_html_video_element_and_dw_and_dh(video, 0.0, 0.0, f64::from(tw), f64::from(th))
        .map_err(|_| CameraError::CaptureFailed)?;
    canvas_to_jpeg(&canvas, JPEG_QUALITY).await.ok_or(CameraError::CaptureFailed)
}
