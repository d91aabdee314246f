//! Decoding QR codes off the main thread: the decoder (`beian_scan`, the one entry point,
//! pre-processing included) runs in a dedicated Web Worker built from
//! `crates/scan-worker` and served as `/scan_worker_loader.js`. One [`QrDecoder`] serves one
//! scanner; the scanner sends a frame only when the previous answer came back, so at most one
//! frame is in flight. Where `new Worker` throws (a host that forbids workers) or the worker
//! fails to load, the same wasm is loaded on the main thread (a classic script, `/scan_worker.js`)
//! and its exported `decode_frame` is called there: the app's own wasm carries no decoder.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use futures::channel::oneshot;
use futures::future::{select, Either};
use gloo_timers::future::TimeoutFuture;
use js_sys::{Array, Object, Reflect, Uint8Array, Uint8ClampedArray};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, Worker};

/// Where the worker's loader is served (trunk's `data-loader-shim`, public URL `/`).
pub const WORKER_URL: &str = "/scan_worker_loader.js";
/// The worker's wasm-bindgen glue (`no-modules`: defines a global `wasm_bindgen`).
const GLUE_URL: &str = "/scan_worker.js";
/// The worker's wasm.
const WASM_URL: &str = "/scan_worker_bg.wasm";

/// A frame (or still) to decode.
pub struct Frame {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// How `pixels` are laid out: "RGBA" for a canvas's `ImageData` (`width * height * 4`
    /// bytes), else the `VideoFrame.format` of a camera frame copied as it is, its first plane
    /// (the luma of the YUV formats) at offset 0 with rows packed, the other planes after it.
    pub format: String,
    /// The pixels, never copied into the app's wasm: the canvas's own `ImageData.data` (a byte
    /// view of it), or the buffer a camera frame was copied into. A camera frame's buffer is
    /// handed (transferred) to the worker, so the main thread copies nothing per frame.
    pub pixels: Uint8Array,
    /// The longest side the decoder is given (the worker scales down to it); 0: as it is.
    pub fit: u32,
    /// The camera's frames are mirrored (`VideoFrame.flip`): the worker turns them back.
    pub flip: bool,
    /// Where the buffer goes once the frame is decoded (the worker sends it back), so that the
    /// next frame is copied into it: one frame buffer, reused.
    pub reuse: Option<Rc<RefCell<Option<Uint8Array>>>>,
}

impl Frame {
    /// The pixels of an `ImageData` (a view of its `data` array, not a copy).
    pub fn of_image_data(data: &web_sys::ImageData) -> Option<Frame> {
        let rgba = Reflect::get(data, &JsValue::from_str("data"))
            .ok()?
            .dyn_into::<Uint8ClampedArray>()
            .ok()?;
        Some(Frame {
            width: data.width(),
            height: data.height(),
            format: "RGBA".into(),
            pixels: Uint8Array::new_with_byte_offset_and_length(
                &rgba.buffer(),
                rgba.byte_offset(),
                rgba.length(),
            ),
            fit: 0,
            flip: false,
            reuse: None,
        })
    }

    /// Gives the buffer back for the next frame, when it is to be reused.
    fn give_back(&self, pixels: Uint8Array) {
        if let Some(slot) = &self.reuse {
            if pixels.length() > 0 {
                *slot.borrow_mut() = Some(pixels);
            }
        }
    }
}

/// The answer for one frame.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    /// The text of the code found, if any.
    pub text: Option<String>,
    /// Time spent decoding, in milliseconds (inside the worker when there is one).
    pub ms: f64,
    /// Whether the worker decoded it (false: the main-thread fallback).
    pub in_worker: bool,
    /// No decoder could run: the worker never got ready and the main-thread fallback could not
    /// load (offline, or the files could not be fetched). Nothing was looked for.
    pub unavailable: bool,
}

/// How long a frame waits for a worker that is still loading before the main thread decodes it
/// (a worker whose wasm cannot be fetched never says it is ready, and never fails either).
const WORKER_READY_WAIT_MS: u32 = 8_000;

/// Frames in the worker: their answer, and the pixels it sent back.
type Pending = Rc<RefCell<HashMap<u32, oneshot::Sender<(Decoded, JsValue)>>>>;

struct WorkerSide {
    worker: Worker,
    /// The worker posted `{ready: true}`.
    ready: Rc<RefCell<bool>>,
    /// Frames that arrived before the worker was ready: sent once it is.
    queued: Rc<RefCell<Vec<JsValue>>>,
    pending: Pending,
    failed: Rc<RefCell<bool>>,
    _on_message: Closure<dyn Fn(MessageEvent)>,
    _on_error: Closure<dyn Fn(JsValue)>,
}

/// A QR decoder for one scanner: a worker, or the main thread when workers are unavailable.
pub struct QrDecoder {
    worker: Option<WorkerSide>,
    next_id: RefCell<u32>,
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or_else(js_sys::Date::now)
}

thread_local! {
    /// The decoder loaded on the main thread (the fallback), once.
    static MAIN_THREAD: RefCell<Option<JsValue>> = const { RefCell::new(None) };
    /// A decoder started ahead ([`warm_up`]), for the next [`QrDecoder::new`].
    static WARM: RefCell<Option<QrDecoder>> = const { RefCell::new(None) };
}

/// Starts a decoder ahead of the scan page (fetch ahead, `crate::split::fetch_ahead`): its
/// worker downloads and compiles the decoder's wasm off the main thread, so that the scanner,
/// created later by [`QrDecoder::new`], finds it ready. Does nothing when one is already waiting.
pub fn warm_up() {
    WARM.with(|w| {
        let mut w = w.borrow_mut();
        if w.is_none() {
            *w = Some(QrDecoder::started());
        }
    });
}

/// Drops the decoder started ahead, if any (its worker is stopped): the user went elsewhere.
pub fn cool_down() {
    let _ = WARM.with(|w| w.borrow_mut().take());
}

// The glue's `wasm_bindgen` is a global `let` of a classic script, not a property of `window`:
// a module snippet (served from this origin, so allowed by a strict CSP, unlike `new Function`)
// reads it.
#[wasm_bindgen(
    inline_js = "export function scan_worker_glue() { return typeof wasm_bindgen === 'undefined' ? undefined : wasm_bindgen; }"
)]
extern "C" {
    fn scan_worker_glue() -> JsValue;
}

/// The global `wasm_bindgen` of the worker's glue script, if it was loaded.
fn glue() -> Option<JsValue> {
    Some(scan_worker_glue()).filter(|v| !v.is_undefined())
}

/// Loads the worker's wasm on the main thread (once) and returns its exports.
async fn main_thread_decoder() -> Option<JsValue> {
    if let Some(d) = MAIN_THREAD.with(|m| m.borrow().clone()) {
        return Some(d);
    }
    if glue().is_none() {
        let document = web_sys::window()?.document()?;
        let script: web_sys::HtmlScriptElement =
            document.create_element("script").ok()?.dyn_into().ok()?;
        let loaded = js_sys::Promise::new(&mut |resolve, reject| {
            script.set_onload(Some(&resolve));
            script.set_onerror(Some(&reject));
        });
        script.set_src(GLUE_URL);
        document.head()?.append_child(&script).ok()?;
        JsFuture::from(loaded).await.ok()?;
    }
    let glue = glue()?;
    let init: js_sys::Function = glue.clone().dyn_into().ok()?;
    let ready: js_sys::Promise = init
        .call1(&JsValue::UNDEFINED, &JsValue::from_str(WASM_URL))
        .ok()?
        .dyn_into()
        .ok()?;
    JsFuture::from(ready).await.ok()?;
    MAIN_THREAD.with(|m| *m.borrow_mut() = Some(glue.clone()));
    Some(glue)
}

/// Of the codes read in one frame (`texts`, an array), the vehicle filing code when there is
/// one (a payment code beside it is passed over), else the first read (`first` when there is no
/// array): the page then says what that other code is.
fn preferred(texts: &JsValue, first: Option<String>) -> Option<String> {
    let all: Vec<String> = texts
        .dyn_ref::<Array>()
        .map(|a| a.iter().filter_map(|t| t.as_string()).collect())
        .unwrap_or_default();
    let filing = all
        .iter()
        .find(|t| beian_domain::parse_filing_qr(t).is_ok());
    filing.or(all.first()).cloned().or(first)
}

/// Decodes on the main thread with the worker's own wasm (the fallback).
async fn decode_here(frame: &Frame, photo: bool) -> Decoded {
    let Some(glue) = main_thread_decoder().await else {
        return Decoded {
            text: None,
            ms: 0.0,
            in_worker: false,
            unavailable: true,
        };
    };
    let decode: Option<js_sys::Function> = Reflect::get(&glue, &JsValue::from_str("decode_frame"))
        .ok()
        .and_then(|f| f.dyn_into().ok());
    let Some(decode) = decode else {
        return Decoded {
            text: None,
            ms: 0.0,
            in_worker: false,
            unavailable: true,
        };
    };
    let t0 = now_ms();
    if frame.pixels.length() == 0 {
        // Handed to a worker that failed before answering: this frame is gone (the camera
        // sends another one).
        return Decoded {
            text: None,
            ms: 0.0,
            in_worker: false,
            unavailable: false,
        };
    }
    let args = Array::new();
    for arg in [
        JsValue::from_str(&frame.format),
        JsValue::from(frame.width),
        JsValue::from(frame.height),
        frame.pixels.clone().into(),
        JsValue::from(frame.fit),
        JsValue::from_bool(frame.flip),
        JsValue::from_bool(photo),
    ] {
        args.push(&arg);
    }
    let text = decode
        .apply(&JsValue::UNDEFINED, &args)
        .ok()
        .and_then(|v| preferred(&v, None));
    // Never sent anywhere: the same buffer takes the next frame.
    frame.give_back(frame.pixels.clone());
    Decoded {
        text,
        ms: now_ms() - t0,
        in_worker: false,
        unavailable: false,
    }
}

impl QrDecoder {
    /// The decoder started ahead by [`warm_up`], else a new one (starts its worker, or settles
    /// for the main thread when `new Worker` throws).
    pub fn new() -> Self {
        WARM.with(|w| w.borrow_mut().take())
            .unwrap_or_else(Self::started)
    }

    fn started() -> Self {
        QrDecoder {
            worker: Self::start_worker(),
            next_id: RefCell::new(0),
        }
    }

    /// Whether frames go to a worker (false: decoded on the main thread).
    pub fn uses_worker(&self) -> bool {
        self.worker.as_ref().is_some_and(|w| !*w.failed.borrow())
    }

    fn start_worker() -> Option<WorkerSide> {
        let worker = Worker::new(WORKER_URL).ok()?;
        let ready = Rc::new(RefCell::new(false));
        let queued: Rc<RefCell<Vec<JsValue>>> = Rc::new(RefCell::new(Vec::new()));
        let pending: Pending = Rc::new(RefCell::new(HashMap::new()));
        let failed = Rc::new(RefCell::new(false));
        let on_message = {
            let (ready, queued, pending, worker) = (
                ready.clone(),
                queued.clone(),
                pending.clone(),
                worker.clone(),
            );
            Closure::<dyn Fn(MessageEvent)>::new(move |ev: MessageEvent| {
                let data = ev.data();
                let get = |k: &str| {
                    Reflect::get(&data, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
                };
                if get("ready").as_bool() == Some(true) {
                    *ready.borrow_mut() = true;
                    for msg in queued.borrow_mut().drain(..) {
                        let transfer = Array::of1(
                            &Reflect::get(&msg, &"pixels".into())
                                .map(|a| a.unchecked_into::<Uint8Array>().buffer().into())
                                .unwrap_or(JsValue::UNDEFINED),
                        );
                        let _ = worker.post_message_with_transfer(&msg, &transfer);
                    }
                    return;
                }
                let Some(id) = get("id").as_f64() else { return };
                let answer = Decoded {
                    text: preferred(&get("texts"), get("text").as_string()),
                    ms: get("ms").as_f64().unwrap_or(0.0),
                    in_worker: true,
                    unavailable: false,
                };
                if let Some(tx) = pending.borrow_mut().remove(&(id as u32)) {
                    let _ = tx.send((answer, get("pixels")));
                }
            })
        };
        let on_error = {
            let (failed, pending) = (failed.clone(), pending.clone());
            Closure::<dyn Fn(JsValue)>::new(move |_ev: JsValue| {
                // The worker could not load or crashed: every later frame is decoded here; the
                // frames waiting on it are answered "nothing found" (the next frame retries).
                *failed.borrow_mut() = true;
                pending.borrow_mut().clear();
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Some(WorkerSide {
            worker,
            ready,
            queued,
            pending,
            failed,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Decodes one frame (`photo`: a still, with the decoder's larger effort).
    pub async fn decode(&self, frame: Frame, photo: bool) -> Decoded {
        let Some(w) = self.worker.as_ref().filter(|w| !*w.failed.borrow()) else {
            return decode_here(&frame, photo).await;
        };
        let id = {
            let mut n = self.next_id.borrow_mut();
            *n = n.wrapping_add(1);
            *n
        };
        let (tx, rx) = oneshot::channel();
        w.pending.borrow_mut().insert(id, tx);
        // A camera frame's own buffer goes to the worker (and comes back with the answer); a
        // still is copied first, so that the main thread can still read it if the worker fails
        // (one still: the copy costs little).
        let pixels = if photo {
            Uint8Array::new(&frame.pixels)
        } else {
            Clone::clone(&frame.pixels)
        };
        let msg = Object::new();
        let _ = Reflect::set(&msg, &"id".into(), &JsValue::from(id));
        let _ = Reflect::set(&msg, &"width".into(), &JsValue::from(frame.width));
        let _ = Reflect::set(&msg, &"height".into(), &JsValue::from(frame.height));
        let _ = Reflect::set(&msg, &"format".into(), &JsValue::from_str(&frame.format));
        let _ = Reflect::set(&msg, &"fit".into(), &JsValue::from(frame.fit));
        let _ = Reflect::set(&msg, &"flip".into(), &JsValue::from_bool(frame.flip));
        let _ = Reflect::set(&msg, &"photo".into(), &JsValue::from_bool(photo));
        let _ = Reflect::set(&msg, &"pixels".into(), &pixels);
        let answer = if *w.ready.borrow() {
            let transfer = Array::of1(&pixels.buffer());
            if w.worker
                .post_message_with_transfer(&msg, &transfer)
                .is_err()
            {
                w.pending.borrow_mut().remove(&id);
                return decode_here(&frame, photo).await;
            }
            rx.await.ok()
        } else {
            w.queued.borrow_mut().push(msg.into());
            match select(rx, TimeoutFuture::new(WORKER_READY_WAIT_MS)).await {
                Either::Left((answer, _)) => answer.ok(),
                Either::Right(_) => {
                    // Still not ready: take it for failed, and decode here from now on.
                    w.pending.borrow_mut().remove(&id);
                    if !*w.ready.borrow() {
                        *w.failed.borrow_mut() = true;
                    }
                    None
                }
            }
        };
        match answer {
            Some((answer, back)) => {
                if let Ok(back) = back.dyn_into::<Uint8Array>() {
                    frame.give_back(back);
                }
                answer
            }
            // The worker failed meanwhile: decode this frame here.
            None => decode_here(&frame, photo).await,
        }
    }
}

impl Default for QrDecoder {
    fn default() -> Self {
        Self::new()
    }
}

impl Drop for QrDecoder {
    fn drop(&mut self) {
        if let Some(w) = &self.worker {
            w.worker.set_onmessage(None);
            w.worker.set_onerror(None);
            w.worker.terminate();
        }
    }
}
