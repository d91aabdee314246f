//! Photos chosen or taken in the browser, made small before upload: decoded (with
//! `createImageBitmap` where the browser has it and it works, otherwise an `HTMLImageElement`
//! loaded from an object URL, which is what older WebKit needs), drawn on a canvas with its long
//! side at most [`MAX_LONG_SIDE`] pixels, and encoded as JPEG. Nothing here is stored anywhere.
//!
//! Before anything is decoded, [`check_file`] reads the file's size and the picture's header
//! (plain Rust: [`beian_domain::image_header`]): an empty file, a file over 25 MB, a file that only
//! has an image's name, and a picture with too many pixels (a "decompression bomb": 30000×30000
//! pixels in a few kilobytes would need gigabytes once decoded) are refused with their reason, so
//! the browser never allocates them and the tab stays responsive.

use beian_domain::image_header::{self, PhotoFileError};
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, CanvasRenderingContext2d, HtmlCanvasElement, HtmlImageElement, ImageBitmap, Url,
};

/// The longest side of an uploaded photo, in pixels.
pub const MAX_LONG_SIDE: u32 = 1600;
/// JPEG quality of uploads (0–1): the first one tried.
pub const JPEG_QUALITY: f64 = 0.85;
/// What an upload should weigh at most: photos go over mobile networks, and a detailed photo at
/// 1600 px is over half a megabyte at [`JPEG_QUALITY`].
pub const TARGET_UPLOAD_BYTES: f64 = 400.0 * 1024.0;
/// The qualities tried in turn while the photo is above [`TARGET_UPLOAD_BYTES`]; the last one
/// is kept even when still above it (text on a licence stays readable at 0.55), unless it is
/// over the API's limit.
const QUALITY_STEPS: [f64; 3] = [JPEG_QUALITY, 0.7, 0.55];

/// Why a file could not be turned into an upload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageError {
    /// The file has no bytes.
    Empty,
    /// The file is not an image (by its type).
    NotImage,
    /// The browser could not decode it (damaged, or a format it does not read, e.g. HEIC).
    Unreadable,
    /// Even compressed, it is larger than the API accepts.
    TooLarge,
    /// The file itself is too large to read (more than 25 MB).
    FileTooLarge {
        /// Its size in whole megabytes (rounded up).
        mb: u64,
    },
    /// The picture has too many pixels to decode safely.
    TooManyPixels {
        /// Width in pixels.
        width: u32,
        /// Height in pixels.
        height: u32,
    },
}

impl From<PhotoFileError> for ImageError {
    fn from(e: PhotoFileError) -> Self {
        match e {
            PhotoFileError::Empty => ImageError::Empty,
            PhotoFileError::NotImage => ImageError::NotImage,
            PhotoFileError::Damaged => ImageError::Unreadable,
            PhotoFileError::FileTooLarge { bytes } => ImageError::FileTooLarge {
                mb: bytes.div_ceil(1024 * 1024),
            },
            PhotoFileError::TooManyPixels { width, height } => {
                ImageError::TooManyPixels { width, height }
            }
        }
    }
}

/// The first `len` bytes of a blob.
async fn head_bytes(file: &Blob, len: f64) -> Result<Vec<u8>, ImageError> {
    let part = file
        .slice_with_f64_and_f64(0.0, len.min(file.size()))
        .map_err(|_| ImageError::Unreadable)?;
    let buf = JsFuture::from(part.array_buffer())
        .await
        .map_err(|_| ImageError::Unreadable)?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

/// Checks a chosen file before decoding it: its type, its size and its picture header. Reads
/// only the first 256 KB (the whole file, at most 25 MB, when a JPEG's frame header comes later).
pub async fn check_file(file: &Blob) -> Result<(), ImageError> {
    let size = file.size();
    if size <= 0.0 {
        return Err(ImageError::Empty);
    }
    let kind = file.type_();
    if !kind.is_empty() && !kind.starts_with("image/") {
        return Err(ImageError::NotImage);
    }
    let size_u64 = size as u64;
    if size_u64 > image_header::MAX_PHOTO_FILE_BYTES {
        return Err(PhotoFileError::FileTooLarge { bytes: size_u64 }.into());
    }
    let mut head = head_bytes(file, image_header::HEADER_PREFIX_BYTES as f64).await?;
    if image_header::photo_needs_more(&head, size_u64) {
        head = head_bytes(file, size).await?;
    }
    image_header::check_photo_file(&head, size_u64)?;
    Ok(())
}

/// A compressed JPEG ready to upload.
#[derive(Clone, Debug)]
pub struct Compressed {
    /// The JPEG bytes.
    pub blob: Blob,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

/// The size of a `width`×`height` image scaled down (never up) so its long side is at most
/// `max_long`, keeping the aspect ratio; each side is at least 1.
pub fn fit_within(width: u32, height: u32, max_long: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= max_long {
        return (width.max(1), height.max(1));
    }
    let scale = f64::from(max_long) / f64::from(long);
    let side = |v: u32| ((f64::from(v) * scale).round() as u32).clamp(1, max_long);
    (side(width), side(height))
}

/// The User Timing measure around each [`compress`] (start to result, success or not); read by
/// `tests/bench/photo.mjs`. It carries no data about the photo.
pub const COMPRESS_MEASURE: &str = "beian:photo-compress";
const COMPRESS_START_MARK: &str = "beian:photo-compress:start";

/// Compresses an image file (or any image blob) to a JPEG whose long side is at most
/// [`MAX_LONG_SIDE`].
pub async fn compress(file: &Blob) -> Result<Compressed, ImageError> {
    let perf = web_sys::window().and_then(|w| w.performance());
    if let Some(p) = &perf {
        let _ = p.mark(COMPRESS_START_MARK);
    }
    let result = compress_unmeasured(file).await;
    if let Some(p) = &perf {
        let _ = p.measure_with_start_mark(COMPRESS_MEASURE, COMPRESS_START_MARK);
        p.clear_marks_with_mark_name(COMPRESS_START_MARK);
    }
    result
}

async fn compress_unmeasured(file: &Blob) -> Result<Compressed, ImageError> {
    check_file(file).await?;
    let decoded = decode(file).await?;
    let (w, h) = decoded.size();
    if w == 0 || h == 0 {
        return Err(ImageError::Unreadable);
    }
    let (tw, th) = fit_within(w, h, MAX_LONG_SIDE);
    let canvas = new_canvas(tw, th).ok_or(ImageError::Unreadable)?;
    let ctx = context_2d(&canvas).ok_or(ImageError::Unreadable)?;
    // JPEG has no transparency: paint white first so transparent PNG areas do not turn black.
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(0.0, 0.0, f64::from(tw), f64::from(th));
    decoded
        .draw(&ctx, tw, th)
        .map_err(|_| ImageError::Unreadable)?;
    drop(decoded);
    let mut blob = None;
    for quality in QUALITY_STEPS {
        let encoded = canvas_to_jpeg(&canvas, quality)
            .await
            .ok_or(ImageError::Unreadable)?;
        let small_enough = encoded.size() <= TARGET_UPLOAD_BYTES;
        blob = Some(encoded);
        if small_enough {
            break;
        }
    }
    let blob = blob.ok_or(ImageError::Unreadable)?;
    if blob.size() > beian_contract::filing::MAX_UPLOAD_BYTES as f64 {
        return Err(ImageError::TooLarge);
    }
    Ok(Compressed {
        blob,
        width: tw,
        height: th,
    })
}

/// A new detached canvas of this size.
pub fn new_canvas(width: u32, height: u32) -> Option<HtmlCanvasElement> {
    let canvas: HtmlCanvasElement = web_sys::window()?
        .document()?
        .create_element("canvas")
        .ok()?
        .dyn_into()
        .ok()?;
    canvas.set_width(width);
    canvas.set_height(height);
    Some(canvas)
}

/// The canvas's 2D context.
pub fn context_2d(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

/// The canvas's 2D context for frequent `getImageData` reads (`willReadFrequently`, so the
/// browser keeps the pixels on the CPU).
pub fn context_2d_for_reading(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    let opts = js_sys::Object::new();
    let _ = Reflect::set(
        &opts,
        &JsValue::from_str("willReadFrequently"),
        &JsValue::TRUE,
    );
    canvas
        .get_context_with_context_options("2d", &opts)
        .ok()??
        .dyn_into()
        .ok()
}

/// Decodes an image file (a still of a QR code) to RGBA pixels, long side at most `max_long`.
pub async fn rgba_of(file: &Blob, max_long: u32) -> Result<crate::scan::Frame, ImageError> {
    check_file(file).await?;
    let decoded = decode(file).await?;
    let (w, h) = decoded.size();
    if w == 0 || h == 0 {
        return Err(ImageError::Unreadable);
    }
    let (tw, th) = fit_within(w, h, max_long);
    let canvas = new_canvas(tw, th).ok_or(ImageError::Unreadable)?;
    let ctx = context_2d_for_reading(&canvas).ok_or(ImageError::Unreadable)?;
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(0.0, 0.0, f64::from(tw), f64::from(th));
    decoded
        .draw(&ctx, tw, th)
        .map_err(|_| ImageError::Unreadable)?;
    let data = ctx
        .get_image_data(0.0, 0.0, f64::from(tw), f64::from(th))
        .map_err(|_| ImageError::Unreadable)?;
    crate::scan::Frame::of_image_data(&data).ok_or(ImageError::Unreadable)
}

/// Encodes the canvas as JPEG (`toBlob`); `None` when the browser refuses.
pub async fn canvas_to_jpeg(canvas: &HtmlCanvasElement, quality: f64) -> Option<Blob> {
    let mut started = Ok(());
    let promise = Promise::new(&mut |resolve: Function, _reject: Function| {
        started = canvas.to_blob_with_type_and_encoder_options(
            &resolve,
            "image/jpeg",
            &JsValue::from_f64(quality),
        );
    });
    started.ok()?;
    JsFuture::from(promise).await.ok()?.dyn_into::<Blob>().ok()
}

/// A decoded image; frees what it holds when dropped.
enum Decoded {
    Bitmap(ImageBitmap),
    Element(HtmlImageElement, String),
}

impl Decoded {
    fn size(&self) -> (u32, u32) {
        match self {
            Decoded::Bitmap(b) => (b.width(), b.height()),
            Decoded::Element(img, _) => (img.natural_width(), img.natural_height()),
        }
    }

    fn draw(&self, ctx: &CanvasRenderingContext2d, w: u32, h: u32) -> Result<(), JsValue> {
        let (w, h) = (f64::from(w), f64::from(h));
        match self {
            Decoded::Bitmap(b) => ctx.draw_image_with_image_bitmap_and_dw_and_dh(b, 0.0, 0.0, w, h),
            Decoded::Element(img, _) => {
                ctx.draw_image_with_html_image_element_and_dw_and_dh(img, 0.0, 0.0, w, h)
            }
        }
    }
}

impl Drop for Decoded {
    fn drop(&mut self) {
        match self {
            Decoded::Bitmap(b) => b.close(),
            Decoded::Element(_, url) => {
                let _ = Url::revoke_object_url(url);
            }
        }
    }
}

/// Decodes with `createImageBitmap` when the browser has it, else (or when it fails, as some
/// WebKit versions do) through an `<img>` and an object URL.
async fn decode(file: &Blob) -> Result<Decoded, ImageError> {
    let window = web_sys::window().ok_or(ImageError::Unreadable)?;
    let has_bitmap =
        Reflect::has(&window, &JsValue::from_str("createImageBitmap")).unwrap_or(false);
    if has_bitmap {
        if let Ok(promise) = window.create_image_bitmap_with_blob(file) {
            if let Ok(bitmap) = JsFuture::from(promise).await {
                if let Ok(bitmap) = bitmap.dyn_into::<ImageBitmap>() {
                    return Ok(Decoded::Bitmap(bitmap));
                }
            }
        }
    }
    let url = Url::create_object_url_with_blob(file).map_err(|_| ImageError::Unreadable)?;
    let img = HtmlImageElement::new().map_err(|_| ImageError::Unreadable)?;
    let loaded = Promise::new(&mut |resolve: Function, reject: Function| {
        img.set_onload(Some(&resolve));
        img.set_onerror(Some(&reject));
    });
    img.set_src(&url);
    let decoded = Decoded::Element(img.clone(), url);
    let result = JsFuture::from(loaded).await;
    img.set_onload(None);
    img.set_onerror(None);
    match result {
        Ok(_) => Ok(decoded),
        Err(_) => Err(ImageError::Unreadable),
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// A PNG of this size drawn with a gradient (so it does not compress to nothing).
    async fn png(width: u32, height: u32) -> Blob {
        let canvas = new_canvas(width, height).unwrap();
        let ctx = context_2d(&canvas).unwrap();
        let g = ctx.create_linear_gradient(0.0, 0.0, f64::from(width), f64::from(height));
        g.add_color_stop(0.0, "#1457a8").unwrap();
        g.add_color_stop(1.0, "#ffbf47").unwrap();
        ctx.set_fill_style_canvas_gradient(&g);
        ctx.fill_rect(0.0, 0.0, f64::from(width), f64::from(height));
        encode_png(&canvas).await
    }

    /// The canvas as a PNG file.
    async fn encode_png(canvas: &HtmlCanvasElement) -> Blob {
        let promise = Promise::new(&mut |resolve: Function, _| {
            canvas.to_blob_with_type(&resolve, "image/png").unwrap();
        });
        JsFuture::from(promise).await.unwrap().dyn_into().unwrap()
    }

    /// A 1600×1200 PNG full of fine detail (a gradient under a pseudo-random texture), as a
    /// photo of a textured surface is: large as a JPEG at the first quality.
    async fn detailed_png() -> (Blob, HtmlCanvasElement) {
        let (w, h) = (1600u32, 1200u32);
        let canvas = new_canvas(w, h).unwrap();
        let ctx = context_2d(&canvas).unwrap();
        let mut rgba = vec![0u8; (w * h * 4) as usize];
        let mut seed = 0x2545_f491u32;
        for (i, px) in rgba.chunks_exact_mut(4).enumerate() {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let (x, y) = ((i as u32 % w) as f64, (i as u32 / w) as f64);
            let noise = f64::from(seed % 48);
            px[0] = (x / 8.0 + noise) as u8;
            px[1] = (y / 6.0 + noise) as u8;
            px[2] = (((x + y) / 12.0) + noise) as u8;
            px[3] = 255;
        }
        let data = web_sys::ImageData::new_with_u8_clamped_array_and_sh(
            wasm_bindgen::Clamped(&rgba),
            w,
            h,
        )
        .unwrap();
        ctx.put_image_data(&data, 0.0, 0.0).unwrap();
        (encode_png(&canvas).await, canvas)
    }

    #[wasm_bindgen_test]
    async fn a_detailed_photo_steps_its_quality_down_until_it_weighs_at_most_400_kb() {
        let (png, canvas) = detailed_png().await;
        // What each quality gives for these very pixels (no scaling at 1600 px).
        let mut sizes = Vec::new();
        for q in QUALITY_STEPS {
            sizes.push(canvas_to_jpeg(&canvas, q).await.unwrap().size());
        }
        assert!(
            sizes[0] > TARGET_UPLOAD_BYTES,
            "the sample must be over the target at the first quality: {sizes:?}"
        );
        let expected = sizes
            .iter()
            .copied()
            .find(|&s| s <= TARGET_UPLOAD_BYTES)
            .unwrap_or(sizes[sizes.len() - 1]);
        let out = compress(&png).await.unwrap();
        assert_eq!((out.width, out.height), (1600, 1200));
        assert_eq!(
            out.blob.size(),
            expected,
            "qualities tried: {QUALITY_STEPS:?}, sizes: {sizes:?}"
        );
        assert!(out.blob.size() < sizes[0]);
    }

    async fn head(blob: &Blob) -> Vec<u8> {
        let buf = JsFuture::from(blob.array_buffer()).await.unwrap();
        js_sys::Uint8Array::new(&buf).to_vec()[..3].to_vec()
    }

    #[wasm_bindgen_test]
    fn sizes_scale_down_to_the_long_side_and_never_up() {
        assert_eq!(fit_within(4000, 3000, 1600), (1600, 1200));
        assert_eq!(fit_within(3000, 4000, 1600), (1200, 1600));
        assert_eq!(fit_within(1600, 900, 1600), (1600, 900));
        assert_eq!(fit_within(800, 600, 1600), (800, 600));
        assert_eq!(fit_within(10_000, 10, 1600), (1600, 2));
        assert_eq!(fit_within(0, 0, 1600), (1, 1));
    }

    #[wasm_bindgen_test]
    async fn a_large_photo_becomes_a_jpeg_with_a_long_side_of_1600() {
        let out = compress(&png(3000, 2000).await).await.unwrap();
        assert_eq!((out.width, out.height), (1600, 1067));
        assert_eq!(out.blob.type_(), "image/jpeg");
        assert_eq!(head(&out.blob).await, vec![0xFF, 0xD8, 0xFF]);
        assert!(out.blob.size() < beian_contract::filing::MAX_UPLOAD_BYTES as f64);

        let portrait = compress(&png(1200, 2400).await).await.unwrap();
        assert_eq!((portrait.width, portrait.height), (800, 1600));
    }

    #[wasm_bindgen_test]
    async fn a_small_photo_keeps_its_size_but_becomes_a_jpeg() {
        let out = compress(&png(640, 480).await).await.unwrap();
        assert_eq!((out.width, out.height), (640, 480));
        assert_eq!(head(&out.blob).await, vec![0xFF, 0xD8, 0xFF]);
    }

    #[wasm_bindgen_test]
    async fn empty_files_non_images_and_garbage_are_refused_with_their_reason() {
        let parts = js_sys::Array::new();
        assert_eq!(
            compress(&Blob::new_with_u8_array_sequence(&parts).unwrap())
                .await
                .unwrap_err(),
            ImageError::Empty
        );

        parts.push(&JsValue::from_str("hello"));
        let opts = web_sys::BlobPropertyBag::new();
        opts.set_type("text/plain");
        let text = Blob::new_with_str_sequence_and_options(&parts, &opts).unwrap();
        assert_eq!(compress(&text).await.unwrap_err(), ImageError::NotImage);

        opts.set_type("image/jpeg");
        let text_named_jpg = Blob::new_with_str_sequence_and_options(&parts, &opts).unwrap();
        assert_eq!(
            compress(&text_named_jpg).await.unwrap_err(),
            ImageError::NotImage,
            "the content decides, not the name"
        );

        // A JPEG whose header is fine but whose data is garbage: the decoder refuses it.
        let bytes: Vec<u8> = [
            0xFF, 0xD8, 0xFF, 0xC0, 0, 17, 8, 0, 4, 0, 4, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1,
            0xFF, 0xD9,
        ]
        .into_iter()
        .collect();
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(&bytes[..]));
        let damaged = Blob::new_with_u8_array_sequence_and_options(&parts, &opts).unwrap();
        assert_eq!(
            compress(&damaged).await.unwrap_err(),
            ImageError::Unreadable
        );
    }

    #[wasm_bindgen_test]
    async fn a_decompression_bomb_is_refused_from_its_header_before_decoding() {
        // The 33-byte signature and IHDR of a 30000×30000 PNG, nothing else: a browser would need
        // 3.6 GB to decode the whole picture.
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&30_000u32.to_be_bytes());
        png.extend_from_slice(&30_000u32.to_be_bytes());
        png.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
        let opts = web_sys::BlobPropertyBag::new();
        opts.set_type("image/png");
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(&png[..]));
        let bomb = Blob::new_with_u8_array_sequence_and_options(&parts, &opts).unwrap();
        assert_eq!(
            compress(&bomb).await.unwrap_err(),
            ImageError::TooManyPixels {
                width: 30_000,
                height: 30_000
            }
        );
        assert_eq!(
            rgba_of(&bomb, 720).await.err(),
            Some(ImageError::TooManyPixels {
                width: 30_000,
                height: 30_000
            })
        );
    }
}
