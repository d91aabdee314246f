//! The QR decoder in a dedicated Web Worker, built by trunk as its own small wasm
//! (`data-type="worker"`, loaded through `scan_worker_loader.js`), so a decode never blocks the
//! page and the worker carries no Leptos.
//!
//! Protocol (structured clone, see `src/scan.rs` in the app):
//! - the worker first posts `{ready: true}` once its wasm is running (messages sent before that
//!   would be lost);
//! - in: `{id: number, width: number, height: number, format: string, pixels: Uint8Array,
//!   fit: number, flip: bool, photo: bool}` (the buffer is transferred): `format` is "RGBA" for a
//!   canvas's `ImageData`, else the `VideoFrame.format` of a camera frame copied as it is (its
//!   first plane at offset 0, rows packed); `fit` the longest side the decoder is given (0: as
//!   is), `flip` a mirrored camera frame ([`frame`] makes the grey picture);
//! - out: `{id, text: string | null, texts: string[], ms: number, pixels}`: every code read in
//!   the frame (`texts`, in the order read, each once; a vehicle code beside a payment code gives
//!   both), `text` the first of them, `ms` the decode time inside the worker, and `pixels` the
//!   array received, transferred back so that the page copies the next frame into it (one frame
//!   buffer, reused). A format it does not know reads nothing.
//!
//! Where the page cannot start a worker, it loads this same wasm on the main thread (a classic
//! `<script src="/scan_worker.js">` and `wasm_bindgen("/scan_worker_bg.wasm")`) and calls the
//! exported [`decode_frame`]: the app itself then carries no decoder.
//! `main` only listens for frames when it runs in a worker.

// Natively only its tests use it (the worker and `decode_frame` are wasm-only).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod format;
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
mod frame;

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::JsCast;
    if js_sys::global()
        .dyn_ref::<web_sys::DedicatedWorkerGlobalScope>()
        .is_some()
    {
        worker::start();
    }
}

/// Camera frames decoded so far (in this worker, or on the main thread for the fallback): each
/// camera frame is the next of the live sequence (`ScanOptions::camera_frame`), so successive
/// frames try the photo effort's further attempts in turn.
#[cfg(target_arch = "wasm32")]
static FRAMES: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// The options for one call: a still (`photo`), or the next camera frame.
#[cfg(target_arch = "wasm32")]
fn options(photo: bool) -> beian_scan::ScanOptions {
    use std::sync::atomic::Ordering;
    if photo {
        beian_scan::ScanOptions::photo()
    } else {
        beian_scan::ScanOptions::camera_frame(FRAMES.fetch_add(1, Ordering::Relaxed))
    }
}

/// Decodes one RGBA frame (`photo`: the decoder's larger effort for a still); the text or nothing.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn decode(width: u32, height: u32, rgba: &[u8], photo: bool) -> Option<String> {
    beian_scan::decode_rgba(width, height, rgba, &options(photo)).map(|d| d.text)
}

/// The texts of the codes read, in the order read, as a JS array of strings.
#[cfg(target_arch = "wasm32")]
fn texts(found: Vec<beian_scan::Decoded>) -> js_sys::Array {
    found
        .into_iter()
        .map(|d| wasm_bindgen::JsValue::from_str(&d.text))
        .collect()
}

/// Every code read in a frame the page sent (see the protocol above), a JS array of their texts
/// in the order read (empty when none): a canvas's RGBA as it is (the decoder's own RGBA input), any other format through the
/// grey picture of [`frame`]. The worker answers its messages with it, and the page calls it
/// where no worker could start.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn decode_frame(
    format: &str,
    width: u32,
    height: u32,
    pixels: &[u8],
    fit: u32,
    flip: bool,
    photo: bool,
) -> js_sys::Array {
    let opts = options(photo);
    let fits = fit == 0 || width.max(height) <= fit;
    if format == "RGBA" && fits && !flip {
        return texts(beian_scan::decode_all_rgba(width, height, pixels, &opts));
    }
    texts(
        match frame::picture(format, width, height, pixels, fit, flip) {
            Some((grey, width, height)) => beian_scan::decode_all_luma(
                beian_scan::Luma {
                    width,
                    height,
                    data: &grey,
                },
                &opts,
            ),
            None => Vec::new(),
        },
    )
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("beian-scan-worker runs only as a wasm Web Worker (built by trunk)");
}

#[cfg(target_arch = "wasm32")]
mod worker {
    use js_sys::{Array, Object, Reflect, Uint8Array, Uint8ClampedArray};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    fn get(obj: &JsValue, key: &str) -> JsValue {
        Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    }

    fn now(scope: &JsValue) -> f64 {
        let perf = get(scope, "performance");
        Reflect::get(&perf, &JsValue::from_str("now"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .and_then(|f| f.call0(&perf).ok())
            .and_then(|v| v.as_f64())
            .unwrap_or_else(js_sys::Date::now)
    }

    pub fn start() {
        let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
        let reply_scope = scope.clone();
        let on_message = Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
            let msg = ev.data();
            let id = get(&msg, "id");
            let width = get(&msg, "width").as_f64().unwrap_or(0.0) as u32;
            let height = get(&msg, "height").as_f64().unwrap_or(0.0) as u32;
            let photo = get(&msg, "photo").as_bool().unwrap_or(false);
            let fit = get(&msg, "fit").as_f64().unwrap_or(0.0) as u32;
            let flip = get(&msg, "flip").as_bool().unwrap_or(false);
            let format = get(&msg, "format")
                .as_string()
                .unwrap_or_else(|| "RGBA".into());
            let sent = get(&msg, "pixels");
            // One copy into this wasm, of the first plane only (a camera frame's chroma planes
            // are not read): a byte view of the array sent (`Uint8Array::new` of a typed array
            // would copy it once more in JS first).
            let view = match sent.dyn_ref::<Uint8Array>() {
                Some(a) => a.clone(),
                None => match sent.dyn_ref::<Uint8ClampedArray>() {
                    Some(a) => Uint8Array::new_with_byte_offset_and_length(
                        &a.buffer(),
                        a.byte_offset(),
                        a.length(),
                    ),
                    None => Uint8Array::new_with_length(0),
                },
            };
            let first = super::frame::plane_of(&format)
                .and_then(|p| super::frame::plane_bytes(p, width, height))
                .map_or(0, |n| n.min(view.length() as usize) as u32);
            let pixels = view.subarray(0, first).to_vec();
            let t0 = now(&reply_scope);
            let texts = super::decode_frame(&format, width, height, &pixels, fit, flip, photo);
            let ms = now(&reply_scope) - t0;
            let out = Object::new();
            let _ = Reflect::set(&out, &"id".into(), &id);
            let first = if texts.length() > 0 {
                texts.get(0)
            } else {
                JsValue::NULL
            };
            let _ = Reflect::set(&out, &"text".into(), &first);
            let _ = Reflect::set(&out, &"texts".into(), &texts);
            let _ = Reflect::set(&out, &"ms".into(), &JsValue::from_f64(ms));
            // The buffer goes back to the page, which copies the next frame into it.
            let back = Array::new();
            if let Ok(buffer) = Reflect::get(&sent, &"buffer".into()) {
                if buffer.is_instance_of::<js_sys::ArrayBuffer>() {
                    let _ = Reflect::set(&out, &"pixels".into(), &sent);
                    back.push(&buffer);
                }
            }
            if reply_scope.post_message_with_transfer(&out, &back).is_err() {
                let _ = Reflect::delete_property(&out, &"pixels".into());
                let _ = reply_scope.post_message(&out);
            }
        });
        scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        on_message.forget();
        let ready = Object::new();
        let _ = Reflect::set(&ready, &"ready".into(), &JsValue::TRUE);
        let _ = scope.post_message(&ready);
    }
}
