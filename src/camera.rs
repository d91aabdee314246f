//! The device camera: open it (`getUserMedia` with a facing mode), show it in a `<video>`
//! (`playsinline muted autoplay` and an explicit `play()`, which iOS needs), capture a still as
//! a JPEG, grab the scan frame's pixels for the decoder ([`FrameGrabber`]), and stop every
//! track. Each way the camera can be unavailable is its own [`CameraError`], so the page can say
//! what the user can do about it.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, HtmlVideoElement, MediaStream, MediaStreamConstraints, MediaStreamTrack,
    MediaTrackConstraints,
};

use crate::image::{
    canvas_to_jpeg, context_2d, fit_within, new_canvas, JPEG_QUALITY, MAX_LONG_SIDE,
};
use crate::scan::Frame;

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
/// GPU); `canvas` is reused from frame to frame. Each grab allocates a new `ImageData`, and the
/// engine turns the frame into RGB pixels: [`FrameGrabber`] uses this only where it cannot copy
/// the camera's own frame.
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

/// The `performance.mark` set when a scanner starts grabbing frames one way, and again when it
/// changes way: `qr-scanner:grab:video-frame:<format>` (the camera's frame copied as it is,
/// in its own pixel format) or `qr-scanner:grab:canvas` (a 2D canvas). Names only, no data.
pub const MARK_GRAB: &str = "qr-scanner:grab:";

/// After this many failed `VideoFrame` grabs in a row, a scanner grabs through the canvas.
const VIDEO_FRAME_TRIES: u32 = 3;

/// Grabs a scanner's frames: the centre square of the camera's picture, for the decoder.
///
/// Where the engine has WebCodecs' `VideoFrame` (Chromium; Safari 16.4+ and WebKitGTK), the
/// frame is copied as the camera delivers it (`VideoFrame.copyTo`, the square as its `rect`, in
/// the frame's own pixel format: I420 or NV12 from most cameras, BGRA in WebKitGTK) into one
/// buffer that goes to the decoder's worker and comes back with its answer; the frame is always
/// closed. The worker reads the first plane (the luma of the YUV formats) and scales it down to
/// `max_side`. Turning the frame into RGB pixels in the page, as a canvas does, grows the
/// renderer by about 470 MB in the first minute of scanning whatever buffer takes them; this
/// does not (BENCHMARKS.md, "Memory").
///
/// Where `VideoFrame` is missing, or its frames cannot be copied (a format it does not say,
/// pixels that are not square, [`VIDEO_FRAME_TRIES`] failures in a row), a 2D canvas grabs
/// them ([`grab_center`]).
pub struct FrameGrabber {
    canvas: RefCell<Option<web_sys::HtmlCanvasElement>>,
    /// The buffer the camera's frames are copied into, while it is not at the worker.
    buffer: Rc<RefCell<Option<Uint8Array>>>,
    /// Failed `VideoFrame` grabs in a row ([`VIDEO_FRAME_TRIES`]: the canvas from then on).
    failures: Cell<u32>,
    /// The way frames were last grabbed (for [`MARK_GRAB`]).
    way: RefCell<String>,
}

impl Default for FrameGrabber {
    fn default() -> Self {
        Self::new()
    }
}

/// `object[name](...args)`.
fn call(object: &JsValue, name: &str, args: &Array) -> Result<JsValue, JsValue> {
    let f: js_sys::Function = Reflect::get(object, &JsValue::from_str(name))?.dyn_into()?;
    f.apply(object, args)
}

/// `object[name]` as a number (0 when it is not one).
fn number(object: &JsValue, name: &str) -> u32 {
    Reflect::get(object, &JsValue::from_str(name))
        .ok()
        .and_then(|v| v.as_f64())
        .map_or(0, |n| n.max(0.0) as u32)
}

/// Whether the decoder's worker reads frames of this `VideoPixelFormat`: its own list
/// ([`crate::frame_format`], the worker's source): I420, I422, I444 (with alpha, 8, 10 or 12
/// bits), NV12, RGBA, RGBX, BGRA, BGRX.
fn readable_format(format: &str) -> bool {
    crate::frame_format::plane_of(format).is_some()
}

impl FrameGrabber {
    /// A grabber that tries `VideoFrame` first where the engine has it.
    pub fn new() -> Self {
        let has = Reflect::get(&js_sys::global(), &JsValue::from_str("VideoFrame"))
            .is_ok_and(|c| c.is_function());
        FrameGrabber {
            canvas: RefCell::new(None),
            buffer: Rc::new(RefCell::new(None)),
            failures: Cell::new(if has { 0 } else { VIDEO_FRAME_TRIES }),
            way: RefCell::new(String::new()),
        }
    }

    /// The centre square of `video`'s current frame, for the decoder (the longest side it is
    /// given at most `max_side`); `None` while there is no picture yet.
    pub async fn grab(&self, video: &HtmlVideoElement, max_side: u32) -> Option<Frame> {
        if video.video_width() == 0 || video.video_height() == 0 || video.ready_state() < 2 {
            return None;
        }
        if self.failures.get() < VIDEO_FRAME_TRIES {
            match self.copy_video_frame(video, max_side).await {
                Some(frame) => {
                    self.failures.set(0);
                    self.tell(&format!("video-frame:{}", frame.format));
                    return Some(frame);
                }
                None => self.failures.set(self.failures.get() + 1),
            }
        }
        let mut canvas = self.canvas.borrow_mut();
        if canvas.is_none() {
            *canvas = crate::image::new_canvas(1, 1);
        }
        let frame = grab_center(video, canvas.as_ref()?, max_side)?;
        self.tell("canvas");
        Some(frame)
    }

    /// Sets [`MARK_GRAB`] when the way frames are grabbed is not the one last told.
    fn tell(&self, way: &str) {
        if *self.way.borrow() == way {
            return;
        }
        *self.way.borrow_mut() = way.to_string();
        if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
            let _ = p.mark(&format!("{MARK_GRAB}{way}"));
        }
    }

    /// `new VideoFrame(video)`, its centre square copied into the reused buffer, then closed.
    async fn copy_video_frame(&self, video: &HtmlVideoElement, max_side: u32) -> Option<Frame> {
        let class: js_sys::Function =
            Reflect::get(&js_sys::global(), &JsValue::from_str("VideoFrame"))
                .ok()?
                .dyn_into()
                .ok()?;
        let frame = Reflect::construct(&class, &Array::of1(video)).ok()?;
        let copied = self.copy_centre(&frame, max_side).await;
        let _ = call(&frame, "close", &Array::new());
        copied
    }

    async fn copy_centre(&self, frame: &JsValue, max_side: u32) -> Option<Frame> {
        // `null` when the engine cannot say (a frame only on the GPU): not copyable.
        let format = Reflect::get(frame, &JsValue::from_str("format"))
            .ok()?
            .as_string()
            .filter(|f| readable_format(f))?;
        let visible = Reflect::get(frame, &JsValue::from_str("visibleRect")).ok()?;
        let (vx, vy) = (number(&visible, "x"), number(&visible, "y"));
        let (vw, vh) = (number(&visible, "width"), number(&visible, "height"));
        // What is shown: the visible part at the display size, turned by `rotation`. Turned a
        // quarter, the centre square is the same pixels; pixels that are not square are left
        // to the canvas, which scales them.
        let (mut dw, mut dh) = (
            number(frame, "displayWidth"),
            number(frame, "displayHeight"),
        );
        if number(frame, "rotation") % 180 == 90 {
            std::mem::swap(&mut dw, &mut dh);
        }
        if u64::from(vw) * u64::from(dh) != u64::from(vh) * u64::from(dw) {
            return None;
        }
        let flip = Reflect::get(frame, &JsValue::from_str("flip"))
            .ok()
            .and_then(|f| f.as_bool())
            .unwrap_or(false);
        // Even sides and offsets: the chroma planes of I420 and NV12 have half as many rows
        // and columns, and `copyTo` refuses a rect that splits their samples.
        let side = vw.min(vh) & !1;
        if side == 0 {
            return None;
        }
        let rect = Object::new();
        for (key, value) in [
            ("x", vx + (((vw - side) / 2) & !1)),
            ("y", vy + (((vh - side) / 2) & !1)),
            ("width", side),
            ("height", side),
        ] {
            let _ = Reflect::set(&rect, &JsValue::from_str(key), &JsValue::from(value));
        }
        let options = Object::new();
        let _ = Reflect::set(&options, &JsValue::from_str("rect"), &rect);
        let size = call(frame, "allocationSize", &Array::of1(&options))
            .ok()?
            .as_f64()? as u32;
        let buffer = self
            .buffer
            .borrow_mut()
            .take()
            .filter(|b| b.byte_length() == size)
            .unwrap_or_else(|| Uint8Array::new_with_length(size));
        let copying = call(frame, "copyTo", &Array::of2(&buffer, &options))
            .ok()?
            .dyn_into::<js_sys::Promise>()
            .ok()?;
        JsFuture::from(copying).await.ok()?;
        Some(Frame {
            width: side,
            height: side,
            format,
            pixels: buffer,
            fit: max_side,
            flip,
            reuse: Some(self.buffer.clone()),
        })
    }
}
