//! The device camera: open it (`getUserMedia` with a facing mode), show it in a `<video>`
//! (`playsinline muted autoplay` and an explicit `play()`, which iOS needs), capture a still as
//! a JPEG, and stop every track. Each way the camera can be unavailable is its own
//! [`CameraError`], so the page can say what the user can do about it.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, HtmlVideoElement, MediaStream, MediaStreamConstraints, MediaStreamTrack,
    MediaTrackConstraints,
};

use crate::image::{
    canvas_to_jpeg, context_2d, fit_within, new_canvas, JPEG_QUALITY, MAX_LONG_SIDE,
};

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
            "NotAllowedError" | "PermissionDeniedError" | "SecurityError" => {
                CameraError::NotAllowed
            }
            "NotFoundError" | "DevicesNotFoundError" | "OverconstrainedError" => {
                CameraError::NotFound
            }
            "NotReadableError" | "TrackStartError" | "AbortError" => CameraError::NotReadable,
            "TypeError" | "NotSupportedError" => CameraError::Unsupported,
            _ => CameraError::NotReadable,
        }
    }
}

/// Opens the camera facing `facing` (video only).
pub async fn open(facing: Facing) -> Result<MediaStream, CameraError> {
    open_with(facing, None).await
}

/// Opens a camera: the device `device_id` when given (a camera switch), else the one facing
/// `facing`. Both are preferences, never `exact`: a browser with one camera still opens it.
pub async fn open_with(
    facing: Facing,
    device_id: Option<&str>,
) -> Result<MediaStream, CameraError> {
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
    let devices = navigator
        .media_devices()
        .map_err(|_| CameraError::Unsupported)?;
    let video = MediaTrackConstraints::new();
    match device_id {
        Some(id) => video.set_device_id_str(id),
        None => video.set_facing_mode_str(facing.as_str()),
    }
    let constraints = MediaStreamConstraints::new();
    constraints.set_video(&video);
    constraints.set_audio_bool(false);
    let promise = devices
        .get_user_media_with_constraints(&constraints)
        .map_err(|e| CameraError::from_js(&e))?;
    let stream = JsFuture::from(promise)
        .await
        .map_err(|e| CameraError::from_js(&e))?;
    stream
        .dyn_into::<MediaStream>()
        .map_err(|_| CameraError::Unsupported)
}

/// Shows `stream` in `video` and starts playing it inline and muted.
pub async fn attach(video: &HtmlVideoElement, stream: &MediaStream) -> Result<(), CameraError> {
    video.set_muted(true);
    video.set_autoplay(true);
    let _ = video.set_attribute("playsinline", "");
    let _ = video.set_attribute("muted", "");
    video.set_src_object(Some(stream));
    let promise = video.play().map_err(|e| CameraError::from_js(&e))?;
    JsFuture::from(promise)
        .await
        .map_err(|e| CameraError::from_js(&e))?;
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
    ctx.draw_image_with_html_video_element_and_dw_and_dh(
        video,
        0.0,
        0.0,
        f64::from(tw),
        f64::from(th),
    )
    .map_err(|_| CameraError::CaptureFailed)?;
    canvas_to_jpeg(&canvas, JPEG_QUALITY)
        .await
        .ok_or(CameraError::CaptureFailed)
}

/// The ids of the video inputs (cameras) the browser lists; labels are not read.
pub async fn video_input_ids() -> Vec<String> {
    let Some(devices) = web_sys::window().and_then(|w| w.navigator().media_devices().ok()) else {
        return vec![];
    };
    let Ok(promise) = devices.enumerate_devices() else {
        return vec![];
    };
    let Ok(list) = JsFuture::from(promise).await else {
        return vec![];
    };
    js_sys::Array::from(&list)
        .iter()
        .filter_map(|d| d.dyn_into::<web_sys::MediaDeviceInfo>().ok())
        .filter(|d| d.kind() == web_sys::MediaDeviceKind::Videoinput)
        .map(|d| d.device_id())
        .collect()
}

/// The first video track of `stream`.
fn video_track(stream: &MediaStream) -> Option<MediaStreamTrack> {
    stream
        .get_video_tracks()
        .get(0)
        .dyn_into::<MediaStreamTrack>()
        .ok()
}

/// What the browser says about the camera a stream comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CameraInfo {
    /// `getSettings().deviceId` (the id `enumerateDevices` lists).
    pub device_id: Option<String>,
    /// The track's label ("Back Camera", "camera2 0, facing back"…); may be empty.
    pub label: String,
    /// `getSettings().facingMode`, when the browser knows it.
    pub facing: Option<Facing>,
}

/// What is known of the camera `stream` comes from.
pub fn camera_info(stream: &MediaStream) -> Option<CameraInfo> {
    let track = video_track(stream)?;
    let settings = track.get_settings();
    let read = |key: &str| {
        js_sys::Reflect::get(&settings, &JsValue::from_str(key))
            .ok()
            .and_then(|v| v.as_string())
    };
    let facing = match read("facingMode").as_deref() {
        Some("environment") => Some(Facing::Environment),
        Some("user") => Some(Facing::User),
        _ => None,
    };
    Some(CameraInfo {
        device_id: read("deviceId").filter(|d| !d.is_empty()),
        label: track.label(),
        facing,
    })
}

/// Whether the camera of `stream` has a torch (`getCapabilities().torch`; feature-detected).
pub fn has_torch(stream: &MediaStream) -> bool {
    let Some(track) = video_track(stream) else {
        return false;
    };
    let Ok(get) = js_sys::Reflect::get(&track, &JsValue::from_str("getCapabilities")) else {
        return false;
    };
    let Ok(get) = get.dyn_into::<js_sys::Function>() else {
        return false;
    };
    let Ok(caps) = get.call0(&track) else {
        return false;
    };
    js_sys::Reflect::get(&caps, &JsValue::from_str("torch")).is_ok_and(|t| t.is_truthy())
}

/// Turns the torch of `stream`'s camera on or off; false when the browser refused.
pub async fn set_torch(stream: &MediaStream, on: bool) -> bool {
    let Some(track) = video_track(stream) else {
        return false;
    };
    let torch = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&torch, &JsValue::from_str("torch"), &JsValue::from_bool(on));
    let constraints = js_sys::Object::new();
    let _ = js_sys::Reflect::set(
        &constraints,
        &JsValue::from_str("advanced"),
        &js_sys::Array::of1(&torch),
    );
    match track.apply_constraints_with_constraints(constraints.unchecked_ref()) {
        Ok(p) => JsFuture::from(p).await.is_ok(),
        Err(_) => false,
    }
}

/// Grabs the centre square of the current video frame (the scan frame), scaled down so its
/// side is at most `max_side`, as RGBA pixels. The scaling is the canvas's (cheap, often on the
/// GPU); `canvas` is reused from frame to frame.
pub fn grab_center(
    video: &HtmlVideoElement,
    canvas: &web_sys::HtmlCanvasElement,
    max_side: u32,
) -> Option<crate::scan::Frame> {
    let (w, h) = (video.video_width(), video.video_height());
    if w == 0 || h == 0 || video.ready_state() < 2 {
        return None;
    }
    let side = w.min(h);
    let out = side.min(max_side);
    if canvas.width() != out || canvas.height() != out {
        canvas.set_width(out);
        canvas.set_height(out);
    }
    let ctx = crate::image::context_2d_for_reading(canvas)?;
    let (sx, sy) = (f64::from((w - side) / 2), f64::from((h - side) / 2));
    ctx.draw_image_with_html_video_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
        video,
        sx,
        sy,
        f64::from(side),
        f64::from(side),
        0.0,
        0.0,
        f64::from(out),
        f64::from(out),
    )
    .ok()?;
    let data = ctx
        .get_image_data(0.0, 0.0, f64::from(out), f64::from(out))
        .ok()?;
    crate::scan::Frame::of_image_data(&data)
}
