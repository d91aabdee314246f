//! The one QR decoding entry point of the app: pre-processing, finding and
//! reading, built on a patched copy of rqrr 0.11 (`crates/rqrr`).
//!
//! The web worker (camera frames), the photo route and the benchmarks all call
//! [`decode_rgba`] or [`decode_luma`]. The library is wasm32-friendly: no
//! threads, no clock, no filesystem; the work per call is bounded by
//! [`Effort`].
//!
//! ```
//! use beian_scan::{decode_luma, Luma, ScanOptions};
//! let blank = vec![255u8; 64 * 64];
//! let img = Luma { width: 64, height: 64, data: &blank };
//! assert!(decode_luma(img, &ScanOptions::camera()).is_none());
//! ```

macro_rules! trace {
    ($($t:tt)*) => {{
        #[cfg(feature = "trace")]
        {
            eprintln!($($t)*);
        }
    }};
}

mod binarize;
mod finder;
mod grid;
mod payload;

use binarize::Gray;
use grid::{Bitmap, Homography};
pub use payload::{Fnc1, Mode, SegmentInfo, StructuredAppend};

/// A grey (luma) image, one byte per pixel, row-major, no padding.
#[derive(Clone, Copy, Debug)]
pub struct Luma<'a> {
    pub width: u32,
    pub height: u32,
    pub data: &'a [u8],
}

/// How hard to try.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Effort {
    /// Per-frame budget for the live camera: the cheap attempts only (the next
    /// frame is a few tens of milliseconds away).
    #[default]
    Camera,
    /// A single still (photo route): every attempt, larger refinement budget.
    Photo,
}

/// Options for one decode call.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ScanOptions {
    pub effort: Effort,
    /// Camera effort: the number of this frame in the live sequence. Each frame runs the cheap
    /// attempts, one more of the photo effort's and (on a picture of at most 800 pixels) one of
    /// its grids fitted from the finder patterns, different ones on successive frames, so about
    /// a second of video has tried them all at a single frame's cost each.
    pub frame: u32,
}

impl ScanOptions {
    pub fn camera() -> Self {
        ScanOptions {
            effort: Effort::Camera,
            frame: 0,
        }
    }
    /// The `frame`-th frame of a live camera sequence (see [`ScanOptions::frame`]).
    pub fn camera_frame(frame: u32) -> Self {
        ScanOptions {
            effort: Effort::Camera,
            frame,
        }
    }
    pub fn photo() -> Self {
        ScanOptions {
            effort: Effort::Photo,
            frame: 0,
        }
    }
}

/// Error-correction level of the symbol.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EcLevel {
    L,
    M,
    Q,
    H,
}

/// A decoded symbol.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    /// The text, each segment decoded with its ECI charset or the guessed one.
    pub text: String,
    /// The raw data bytes of all segments in order (numeric and alphanumeric
    /// as ASCII, byte mode as read, Kanji as Shift_JIS, Hanzi as GB2312).
    pub bytes: Vec<u8>,
    pub segments: Vec<SegmentInfo>,
    /// The first ECI designator, if any.
    pub eci: Option<u32>,
    /// FNC1 marker (GS1 when in first position); GS separators are kept in
    /// `text` and `bytes` as 0x1D.
    pub fnc1: Option<Fnc1>,
    /// Structured-append header, reported as read (no reassembly).
    pub structured_append: Option<StructuredAppend>,
    pub version: u8,
    pub ec_level: EcLevel,
    pub mask: u8,
    /// The symbol was read as a mirror image.
    pub mirrored: bool,
    /// The symbol is light on dark.
    pub inverted: bool,
    /// Corners of the symbol in input pixels: top-left, top-right,
    /// bottom-right, bottom-left (in symbol orientation).
    pub corners: [(f32, f32); 4],
    /// Which pre-processing attempt succeeded (index into the effort's list;
    /// for diagnostics and benchmarks).
    pub attempt: u8,
}

impl Decoded {
    /// AIM symbology identifier: `]Q1` plain, `]Q2` with ECI, `]Q3` GS1,
    /// `]Q4` GS1 with ECI, `]Q5` AIM FNC1, `]Q6` AIM FNC1 with ECI.
    pub fn symbology_identifier(&self) -> &'static str {
        match (self.fnc1, self.eci.is_some()) {
            (None, false) => "]Q1",
            (None, true) => "]Q2",
            (Some(Fnc1::Gs1), false) => "]Q3",
            (Some(Fnc1::Gs1), true) => "]Q4",
            (Some(Fnc1::Aim(_)), false) => "]Q5",
            (Some(Fnc1::Aim(_)), true) => "]Q6",
        }
    }
}

/// Largest side accepted; larger inputs are refused (a camera frame or a
/// photo is far smaller).
pub const MAX_SIDE: u32 = 16384;

/// Decode the first QR code found in an RGBA image (`width * height * 4`
/// bytes, as from a canvas `ImageData`). Transparent pixels count as white.
pub fn decode_rgba(width: u32, height: u32, rgba: &[u8], opts: &ScanOptions) -> Option<Decoded> {
    run(gray_of_rgba(width, height, rgba)?, opts, false)
        .into_iter()
        .next()
}

/// Decode the first QR code found in a grey image.
pub fn decode_luma(img: Luma<'_>, opts: &ScanOptions) -> Option<Decoded> {
    run(gray_of_luma(img)?, opts, false).into_iter().next()
}

/// Every QR code read in an RGBA image (a vehicle code beside a payment code, a code inside a
/// code), each with its corners, in the order read; empty when none. The pre-processing attempt
/// that reads the first symbol reads every other one it can (no further attempt is made), and a
/// symbol is reported once.
pub fn decode_all_rgba(width: u32, height: u32, rgba: &[u8], opts: &ScanOptions) -> Vec<Decoded> {
    gray_of_rgba(width, height, rgba).map_or_else(Vec::new, |g| run(g, opts, true))
}

/// Every QR code read in a grey image (see [`decode_all_rgba`]).
pub fn decode_all_luma(img: Luma<'_>, opts: &ScanOptions) -> Vec<Decoded> {
    gray_of_luma(img).map_or_else(Vec::new, |g| run(g, opts, true))
}

fn gray_of_rgba(width: u32, height: u32, rgba: &[u8]) -> Option<Gray> {
    let n = (width as usize).checked_mul(height as usize)?;
    if width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE {
        return None;
    }
    if rgba.len() < n.checked_mul(4)? {
        return None;
    }
    let px: Vec<u8> = rgba
        .chunks_exact(4)
        .take(n)
        .map(|p| {
            let y = (p[0] as u32 * 77 + p[1] as u32 * 150 + p[2] as u32 * 29 + 128) >> 8;
            // Composite over white: a transparent background (common in
            // generated QR PNGs, read back as rgba(0,0,0,0)) must be light.
            match p[3] as u32 {
                255 => y as u8,
                a => ((y * a + 255 * (255 - a) + 127) / 255) as u8,
            }
        })
        .collect();
    Some(Gray {
        w: width as usize,
        h: height as usize,
        px,
    })
}

fn gray_of_luma(img: Luma<'_>) -> Option<Gray> {
    let n = (img.width as usize).checked_mul(img.height as usize)?;
    if img.width == 0 || img.height == 0 || img.width > MAX_SIDE || img.height > MAX_SIDE {
        return None;
    }
    if img.data.len() < n {
        return None;
    }
    Some(Gray {
        w: img.width as usize,
        h: img.height as usize,
        px: img.data[..n].to_vec(),
    })
}

/// Camera effort: grid reads allowed to the frame's turn of a photo-effort attempt.
const CAMERA_TURN_BUDGET: usize = 120;

/// Work counter: grid samplings and decodes allowed per call.
struct Budget {
    left: usize,
    /// Grids already refined without success: (size, centre x, centre y,
    /// module) in input pixels. Another attempt finding the same grid skips
    /// the refinement (a different threshold rarely rescues it, and it is
    /// the expensive part).
    refined: Vec<(usize, f64, f64, f64, u32)>,
    /// A grid was found whose modules are under ~1.6 pixels: up-scaling is
    /// the promising next step, refining at this scale is not.
    tiny_modules: bool,
}

impl Budget {
    /// Charge one read of an `n`x`n` grid (a version-40 read costs about 30
    /// times a version-1 read). `false` when the budget is spent.
    fn take(&mut self, n: usize) -> bool {
        let cost = (n * n / 1024).max(1);
        if self.left < cost {
            self.left = 0;
            false
        } else {
            self.left -= cost;
            true
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Thresh {
    /// rqrr's own running-average row threshold.
    Rqrr,
    /// Block-based local threshold with the given block size.
    Local(usize),
    /// One global (Otsu) threshold.
    Global,
    /// The local threshold, then dark areas thinned by a pixel.
    LocalErode,
    /// The local threshold, then dark areas thickened by a pixel.
    LocalDilate,
}

struct Attempt {
    /// Down-scale factor (1 = as given; 0 = up-scale 2x).
    scale: usize,
    blur: bool,
    thresh: Thresh,
    inverted: bool,
    /// Only the central part of the frame (60% of each side), where a user
    /// holds the code in a live viewfinder: a full-resolution pass at a
    /// third of the cost.
    crop: bool,
    /// Grids fitted from the three finder patterns alone ([`from_finders`]), when rqrr's own
    /// checks of the timing and alignment patterns reject them.
    finders: bool,
    /// An unsharp mask of this many tenths of a pixel (at the attempt's scale) before
    /// thresholding; 0 for none.
    sharp: u8,
    /// The unsharp mask's strength, in tenths.
    amount: u8,
}

const fn at(scale: usize, blur: bool, thresh: Thresh, inverted: bool) -> Attempt {
    Attempt {
        scale,
        blur,
        thresh,
        inverted,
        crop: false,
        finders: false,
        sharp: 0,
        amount: 0,
    }
}

/// An attempt that fits grids from the finder patterns alone.
const fn at_finders(scale: usize, thresh: Thresh, inverted: bool) -> Attempt {
    at_sharp(scale, thresh, inverted, 0, 0)
}

/// An attempt that fits grids from the finder patterns alone, on the picture unsharp-masked by a
/// Gaussian of `sharp` tenths of a pixel, `amount` tenths strong (0: not masked).
const fn at_sharp(scale: usize, thresh: Thresh, inverted: bool, sharp: u8, amount: u8) -> Attempt {
    Attempt {
        scale,
        blur: false,
        thresh,
        inverted,
        crop: false,
        finders: true,
        sharp,
        amount,
    }
}

const fn at_centre(thresh: Thresh) -> Attempt {
    Attempt {
        scale: 1,
        blur: false,
        thresh,
        inverted: false,
        crop: true,
        finders: false,
        sharp: 0,
        amount: 0,
    }
}

/// Mapping from attempt-image pixels to input pixels.
#[derive(Clone, Copy)]
struct Frame {
    scale: f64,
    ox: f64,
    oy: f64,
}

impl Frame {
    fn to_input(self, x: f64, y: f64) -> (f64, f64) {
        (x * self.scale + self.ox, y * self.scale + self.oy)
    }
}

/// Every symbol read (at most one unless `multi`), in the order read.
fn run(g: Gray, opts: &ScanOptions, multi: bool) -> Vec<Decoded> {
    let mut found = Vec::new();
    if g.w < 21 || g.h < 21 {
        return found;
    }
    let photo = opts.effort == Effort::Photo;
    // Working resolution: large frames are area-averaged down first.
    let limit = if photo { 1600 } else { 1280 };
    let side = g.w.max(g.h);
    let base_f = side.div_ceil(limit).max(1);
    let base = if base_f > 1 { g.downscale(base_f) } else { g };

    let mut budget = Budget {
        left: if photo { 10000 } else { 120 },
        refined: Vec::new(),
        tiny_modules: false,
    };

    use Thresh::*;
    // Camera: large frames are searched at half resolution first (a code held
    // up to the camera is large), then once at full resolution.
    let camera_large: &[Attempt] = &[
        at(2, false, Rqrr, false),
        at(2, false, Local(8), false),
        at(2, false, Local(8), true),
        at(2, false, Global, false),
        at_centre(Local(8)),
    ];
    let camera_small: &[Attempt] = &[
        at(1, false, Rqrr, false),
        at(1, false, Local(8), false),
        at(1, false, Local(8), true),
        at(2, false, Local(8), false),
        at(1, false, Global, false),
        at(1, true, Local(8), false),
    ];
    // One more attempt per camera frame, in turn: the photo effort's that read most of what
    // the cheap ones miss (light-on-dark by rqrr's threshold, up-scaled small modules, a wider
    // threshold block for blur, inverted at half scale).
    let camera_large_more: &[Attempt] = &[
        at(2, false, Rqrr, true),
        at(2, false, Local(16), false),
        at(1, false, Local(8), false),
        at(2, true, Local(8), false),
    ];
    let camera_small_more: &[Attempt] = &[
        at(1, false, Rqrr, true),
        at(0, false, Local(8), false),
        at(1, false, Local(16), false),
        at(0, false, Local(8), true),
        at(2, false, Local(8), true),
        at(0, false, Rqrr, false),
    ];
    let (camera, more) = if base.w.max(base.h) > 900 {
        (camera_large, camera_large_more)
    } else {
        (camera_small, camera_small_more)
    };
    // And, on a picture small enough to up-scale, one of the photo effort's grids fitted from
    // the finder patterns alone, in turn: what a blur of more than half a module, or modules
    // under two pixels, leave to read (rqrr's own checks of the timing and alignment patterns
    // find no grid there).
    let camera_finders: &[Attempt] = &[
        at_finders(0, Local(8), false),
        at_finders(0, Local(4), false),
        at_finders(1, Local(8), false),
        at_sharp(0, Local(8), false, 20, 30),
        at_finders(0, Local(8), true),
        at_sharp(0, Local(8), true, 20, 30),
    ];
    let cheap = camera.len();
    let camera: Vec<&Attempt> = camera
        .iter()
        .chain(more.get(opts.frame as usize % more.len()))
        .chain(
            camera_finders
                .get(opts.frame as usize % camera_finders.len())
                .filter(|_| base.w.max(base.h) <= 800),
        )
        .collect();
    let photo_list: &[Attempt] = &[
        at(1, false, Rqrr, false),
        at(1, false, Local(8), false),
        at(1, false, Local(8), true),
        at(1, false, Rqrr, true),
        at(2, false, Local(8), false),
        at(1, false, Global, false),
        at(1, true, Local(8), false),
        at(2, false, Rqrr, false),
        at(2, false, Local(8), true),
        at(1, false, Local(16), false),
        at(1, true, Local(8), true),
        at(0, false, Local(8), false),
        at(0, false, Rqrr, false),
        at(3, false, Local(8), false),
        at(1, false, Global, true),
        at(4, false, Local(8), false),
        at(0, false, Local(8), true),
        at(1, false, LocalErode, false),
        at(1, false, LocalDilate, false),
        at(2, false, LocalErode, false),
        at_finders(0, Local(8), false),
        at_finders(1, Local(8), false),
        at_finders(0, Local(8), true),
        at_finders(1, Local(8), true),
        at_finders(0, Local(4), false),
        at_finders(0, Local(16), false),
        at_finders(0, Local(4), true),
        // The up-scaled picture unsharp-masked (a Gaussian of 2 pixels there, one of the
        // picture's own, taken back three times over): a blur of more than half a small module
        // shuts a finder's light ring, which no threshold opens again.
        at_sharp(0, Local(8), false, 20, 30),
        at_sharp(0, Local(4), false, 20, 30),
        at_sharp(0, Local(8), true, 20, 30),
    ];
    let list: Vec<&Attempt> = if photo {
        photo_list.iter().collect()
    } else {
        camera
    };

    // Grey images per (scale, blur, crop, unsharp mask), with the crop origin.
    type Cached = (usize, bool, bool, (u8, u8), Gray, (usize, usize));
    let mut cache: Vec<Cached> = Vec::new();
    let mut order: Vec<usize> = (0..list.len()).collect();
    let mut k = 0;
    while k < order.len() {
        let ai = order[k];
        k += 1;
        let a = list[ai];
        if budget.tiny_modules && photo {
            // Bring the up-scaled attempts forward, once.
            budget.tiny_modules = false;
            let (up, rest): (Vec<usize>, Vec<usize>) =
                order[k..].iter().partition(|&&i| list[i].scale == 0);
            order.truncate(k);
            order.extend(up);
            order.extend(rest);
        }
        // Camera effort: the frame's turns of photo-effort attempts (after the cheap ones) also
        // get the photo effort's wider refinement of a grid that does not read at once (more
        // sizes and sub-module shifts) after the camera's own, and its own allowance: the cheap
        // attempts before them may have spent the frame's budget on grids they could not read.
        let turn = !photo && ai >= cheap;
        if turn {
            budget.left = budget.left.max(CAMERA_TURN_BUDGET);
        }
        if budget.left == 0 {
            break;
        }
        // Resolve the grey image for this attempt (cached per scale, blur, crop, sharpening).
        let gi = match cache.iter().position(|(s, b, c, u, _, _)| {
            *s == a.scale && *b == a.blur && *c == a.crop && *u == (a.sharp, a.amount)
        }) {
            Some(i) => i,
            None => {
                let img = match a.scale {
                    0 => {
                        if base.w.max(base.h) > 800 {
                            continue;
                        }
                        if a.sharp > 0 {
                            // Sharpened before up-scaling (a quarter of the pixels; the two
                            // commute but for rounding), the Gaussian's width halved to match.
                            base.unsharp(a.sharp as f32 / 20.0, a.amount as f32 / 10.0)
                                .upscale2()
                        } else {
                            base.upscale2()
                        }
                    }
                    1 => base.clone(),
                    f => {
                        if base.w / f < 21 || base.h / f < 21 {
                            continue;
                        }
                        base.downscale(f)
                    }
                };
                let img = if a.blur { img.blur3() } else { img };
                let img = if a.sharp > 0 && a.scale != 0 {
                    img.unsharp(a.sharp as f32 / 10.0, a.amount as f32 / 10.0)
                } else {
                    img
                };
                let (img, origin) = if a.crop {
                    let (x0, y0) = (img.w / 5, img.h / 5);
                    let (cw, ch) = (img.w - 2 * x0, img.h - 2 * y0);
                    let mut px = Vec::with_capacity(cw * ch);
                    for y in y0..y0 + ch {
                        px.extend_from_slice(&img.px[y * img.w + x0..y * img.w + x0 + cw]);
                    }
                    (Gray { w: cw, h: ch, px }, (x0, y0))
                } else {
                    (img, (0, 0))
                };
                cache.push((a.scale, a.blur, a.crop, (a.sharp, a.amount), img, origin));
                cache.len() - 1
            }
        };
        let img = &cache[gi].4;
        let origin = cache[gi].5;
        let scale = match a.scale {
            0 => 0.5 * base_f as f64,
            s => (s * base_f) as f64,
        };
        let factor = Frame {
            scale,
            ox: origin.0 as f64 * scale,
            oy: origin.1 as f64 * scale,
        };
        let before = found.len();
        let refinement = if photo || turn {
            Effort::Photo
        } else {
            Effort::Camera
        };
        attempt(
            img,
            a,
            factor,
            photo,
            refinement,
            &mut budget,
            &mut found,
            multi,
        );
        for d in &mut found[before..] {
            d.attempt = ai as u8;
        }
        if !found.is_empty() {
            // The attempt that read a symbol has read every other one it could.
            break;
        }
    }
    found
}

/// One pre-processing attempt: every grid found is read (and refined when error correction
/// fails on it); symbols read go to `found`. Unless `multi`, the first symbol read ends it.
/// `refinement`: `Photo` for the photo effort's refinement of a grid (after the camera's, when
/// `photo` is false).
#[allow(clippy::too_many_arguments)]
fn attempt(
    img: &Gray,
    a: &Attempt,
    factor: Frame,
    photo: bool,
    refinement: Effort,
    budget: &mut Budget,
    found: &mut Vec<Decoded>,
    multi: bool,
) -> Option<()> {
    let (w, h) = (img.w, img.h);
    // The bitmap our own sampler refines on. rqrr thresholds internally, so for its attempts
    // the (8-pixel local) bitmap is made only when a grid needs refining: most frames that
    // decode do so without it, and it is a full pass over the image.
    let make_bits = || {
        let mut bits = match a.thresh {
            Thresh::Local(bs) => binarize::local_threshold(img, bs),
            Thresh::Global => binarize::global_threshold(img),
            Thresh::LocalErode | Thresh::LocalDilate => {
                let b = binarize::local_threshold(img, 8);
                // Inversion swaps which colour is "dark": thin the symbol's dark.
                let erode = (a.thresh == Thresh::LocalErode) != a.inverted;
                binarize::morph(&b, w, h, erode)
            }
            Thresh::Rqrr => binarize::local_threshold(img, 8),
        };
        if a.inverted {
            for b in bits.iter_mut() {
                *b ^= 1;
            }
        }
        bits
    };
    if a.finders {
        return attempt_finders(img, a, factor, budget, found, multi, make_bits());
    }
    let mut bits: Option<Vec<u8>> = None;
    let mut prepared = match a.thresh {
        Thresh::Rqrr => {
            let mut px = img.px.clone();
            if a.inverted {
                px.iter_mut().for_each(|p| *p = 255 - *p);
            }
            rqrr::PreparedImage::prepare_from_luma_vec(w, h, px)?
        }
        _ => {
            let b = make_bits();
            let prepared = rqrr::PreparedImage::from_binary_vec(w, h, b.clone())?;
            bits = Some(b);
            prepared
        }
    };
    let grids = prepared.detect_grids_lazy();
    trace!(
        "attempt scale={} blur={} inv={} {}x{}: {} grids",
        a.scale,
        a.blur,
        a.inverted,
        w,
        h,
        grids.len()
    );
    for g in &grids {
        let n = g.grid.grid_size();
        if multi && !found.is_empty() {
            // A grid on a symbol already read (another finder group of it, or the same symbol
            // found again) is not read twice.
            let h = Homography(g.grid.perspective_coefficients());
            if let Some((x, y)) = h.map(n as f64 / 2.0, n as f64 / 2.0) {
                let (x, y) = factor.to_input(x, y);
                if found.iter().any(|d| inside(&d.corners, x, y)) {
                    continue;
                }
            }
        }
        let got = 'grid: {
            let n = g.grid.grid_size();
            // First the grid fitted through the finder corners and the alignment pattern (most
            // codes that decode at all decode there), then rqrr's hill-climb of that fit.
            let fitted = g.grid.perspective_coefficients();
            if !budget.take(n) {
                return None;
            }
            match g.decode_codewords() {
                Ok((meta, data, mirrored)) => {
                    let hom = Homography(fitted);
                    if let Some(d) = finish(&meta, &data, mirrored, a.inverted, &hom, n, factor) {
                        break 'grid Some(d);
                    }
                    trace!("  grid {n}: payload rejected");
                }
                Err(_e) => trace!("  grid {n}, as fitted: {:?}", _e),
            }
            if !budget.take(n) {
                return None;
            }
            let jiggled = g.grid.jiggled();
            let hom = Homography(jiggled.perspective_coefficients());
            match rqrr::decode_codewords(&jiggled) {
                Ok((meta, data, mirrored)) => {
                    if let Some(d) = finish(&meta, &data, mirrored, a.inverted, &hom, n, factor) {
                        break 'grid Some(d);
                    }
                    trace!("  grid {n}: payload rejected");
                }
                Err(_e) => trace!("  grid {n}: {:?}", _e),
            }
            let key = hom
                .map(n as f64 / 2.0, n as f64 / 2.0)
                .zip(hom.map(n as f64 / 2.0 + 1.0, n as f64 / 2.0));
            if let Some(((cx, cy), (mx, my))) = key {
                let m_here = ((mx - cx).powi(2) + (my - cy).powi(2)).sqrt();
                if photo && m_here < 1.6 && a.scale != 0 {
                    trace!("  grid {n}: modules of {m_here:.2} px, up-scale instead");
                    budget.tiny_modules = true;
                    break 'grid None;
                }
                let (cx, cy) = factor.to_input(cx, cy);
                let (mx, my) = factor.to_input(mx, my);
                let m = ((mx - cx).powi(2) + (my - cy).powi(2)).sqrt();
                // The bitmap refined on: same scale, blur and threshold (rqrr's own
                // threshold is refined on the 8-pixel local one).
                let bitmap_id = (a.scale as u32) << 8
                    | (a.blur as u32) << 7
                    | match a.thresh {
                        Thresh::Rqrr | Thresh::Local(8) => 0,
                        Thresh::Local(b) => b as u32,
                        Thresh::Global => 1,
                        Thresh::LocalErode => 2,
                        Thresh::LocalDilate => 3,
                    };
                let dup = budget.refined.iter().any(|&(rn, rx, ry, rm, id)| {
                    id == bitmap_id
                        && rn == n
                        && (rx - cx).abs() < 2.0 * rm
                        && (ry - cy).abs() < 2.0 * rm
                        && (rm - m).abs() < 0.3 * rm
                });
                if dup {
                    trace!("  grid {n}: already refined");
                    break 'grid None;
                }
                budget.refined.push((n, cx, cy, m, bitmap_id));
            }
            let bits = bits.get_or_insert_with(make_bits);
            let bm = Bitmap { w, h, bits };
            if let Some(d) = refine(&bm, img, &hom, n, a.inverted, factor, photo, budget) {
                break 'grid Some(d);
            }
            if !photo && refinement == Effort::Photo {
                // The camera's turn of a photo-effort attempt: the photo effort's wider
                // refinement once the camera's own has failed.
                if let Some(d) = refine(&bm, img, &hom, n, a.inverted, factor, true, budget) {
                    break 'grid Some(d);
                }
            }
            None
        };
        if let Some(d) = got {
            if keep(found, d, multi) {
                return Some(());
            }
        }
    }
    Some(())
}

/// Adds a symbol read by an attempt to `found`, unless the same text was already read around its
/// centre (another finder group of it, or the same symbol found again). `true` when the attempt
/// is done: one symbol was asked for, not every one.
fn keep(found: &mut Vec<Decoded>, d: Decoded, multi: bool) -> bool {
    let (cx, cy) = centre(&d.corners);
    if !found
        .iter()
        .any(|f| f.text == d.text && inside(&f.corners, cx, cy))
    {
        found.push(d);
    }
    !multi
}

/// Finder groups fitted per attempt from the finder patterns alone, at most.
const MAX_FINDER_GROUPS: usize = 4;

/// A finder pattern for [`from_finders`]: centre and module size in pixels (pixel `i` covers
/// `[i, i + 1)`), and the outer corners of its ring when rqrr's capstone scan found them.
#[derive(Clone, Copy)]
struct FinderAt {
    center: (f64, f64),
    module: f64,
    corners: Option<[(f64, f64); 4]>,
}

fn dist(p: (f64, f64), q: (f64, f64)) -> f64 {
    ((p.0 - q.0).powi(2) + (p.1 - q.1).powi(2)).sqrt()
}

impl FinderAt {
    fn of_capstone(f: &rqrr::Finder) -> FinderAt {
        // rqrr's coordinates are pixel indices; its corners are the outermost dark pixels, so a
        // side spans about 7 modules less a pixel.
        let c = |p: (f64, f64)| (p.0 + 0.5, p.1 + 0.5);
        let k = &f.corners;
        let module = ((0..4).map(|i| dist(k[i], k[(i + 1) % 4])).sum::<f64>() / 4.0 + 1.0) / 7.0;
        FinderAt {
            center: c(f.center),
            module,
            corners: Some(k.map(c)),
        }
    }

    fn of_runs(f: &finder::Candidate) -> FinderAt {
        FinderAt {
            center: (f.x, f.y),
            module: f.module,
            corners: None,
        }
    }
}

/// An attempt on grids fitted from the finder patterns alone ([`from_finders`]), found by
/// rqrr's capstone scan and by their runs ([`finder::find`]): each is read as fitted, then
/// refined as photo effort refines a grid.
fn attempt_finders(
    img: &Gray,
    a: &Attempt,
    factor: Frame,
    budget: &mut Budget,
    found: &mut Vec<Decoded>,
    multi: bool,
    bits: Vec<u8>,
) -> Option<()> {
    let (w, h) = (img.w, img.h);
    let mut groups: Vec<[FinderAt; 3]> =
        finder::groups(&finder::find(&bits, w, h), MAX_FINDER_GROUPS)
            .iter()
            .map(|g| g.each_ref().map(FinderAt::of_runs))
            .collect();
    let mut prepared = rqrr::PreparedImage::from_binary_vec(w, h, bits.clone())?;
    groups.extend(
        prepared
            .finder_groups(MAX_FINDER_GROUPS)
            .iter()
            .map(|g| g.each_ref().map(FinderAt::of_capstone)),
    );
    trace!(
        "attempt (finders) scale={} inv={} {}x{}: {} groups",
        a.scale,
        a.inverted,
        w,
        h,
        groups.len()
    );
    let bm = Bitmap { w, h, bits: &bits };
    let mut tried: Vec<(usize, (f64, f64), f64)> = Vec::new();
    for (hom, n) in groups.iter().filter_map(|g| from_finders(g, &bm)).flatten() {
        let Some(mid) = hom.map(n as f64 / 2.0, n as f64 / 2.0) else {
            continue;
        };
        if tried
            .iter()
            .any(|&(tn, tc, tm)| tn == n && dist(tc, mid) < 2.0 * tm)
        {
            continue;
        }
        tried.push((
            n,
            mid,
            dist(
                mid,
                hom.map(n as f64 / 2.0 + 1.0, n as f64 / 2.0).unwrap_or(mid),
            ),
        ));
        trace!("  finders: grid {n}");
        if multi && !found.is_empty() {
            let (x, y) = factor.to_input(mid.0, mid.1);
            if found.iter().any(|d| inside(&d.corners, x, y)) {
                continue;
            }
        }
        let got = try_grid(&bm, &hom, n, a.inverted, factor, budget)
            .or_else(|| refine(&bm, img, &hom, n, a.inverted, factor, true, budget));
        if let Some(d) = got {
            if keep(found, d, multi) {
                return Some(());
            }
        }
        if budget.left == 0 {
            return None;
        }
    }
    Some(())
}

/// A grid fitted to three finder patterns `[a, corner, c]` (the one at the symbol's corner in
/// the middle): the size from their distance in modules (a finder is seven modules wide), the
/// perspective through their centres and, when known, ring corners. `None` for a group that
/// cannot be one symbol (a size out of range, finders of very different sizes).
fn from_finders(g: &[FinderAt; 3], bm: &Bitmap) -> Option<Vec<(Homography, usize)>> {
    let ms = [g[0].module, g[1].module, g[2].module];
    let m = (ms[0] + ms[1] + ms[2]) / 3.0;
    if m.is_nan() || m <= 0.5 || ms.iter().any(|&x| (x - m).abs() > 0.4 * m) {
        return None;
    }
    let b = g[1].center;
    let (mut tr, mut bl) = (&g[0], &g[2]);
    // A symbol read straight turns clockwise from its top-right finder to its bottom-left one
    // (y down); a mirrored one is read by rqrr's mirrored decode.
    let cross =
        (tr.center.0 - b.0) * (bl.center.1 - b.1) - (tr.center.1 - b.1) * (bl.center.0 - b.0);
    if cross < 0.0 {
        std::mem::swap(&mut tr, &mut bl);
    }
    let span = (dist(tr.center, b) + dist(bl.center, b)) / 2.0 / m + 7.0;
    if !(17.0..=181.0).contains(&span) {
        return None;
    }
    // The module size measured on a finder is rough on small or blurred codes (a fifth off is
    // common): every size within a quarter of the estimate is fitted, and the two whose timing
    // and alignment patterns match the picture best are kept.
    let mut fits: Vec<(f64, Homography, usize)> = Vec::new();
    for version in 1..=40usize {
        let n = 17 + 4 * version;
        let nf = n as f64;
        if nf < span * 0.75 - 4.0 || nf > span * 1.3 + 4.0 {
            continue;
        }
        let Some(hom) = fit_finders(&g[1], tr, bl, n) else {
            continue;
        };
        let fm = grid::function_modules(n);
        let score = grid::fitness(bm, &hom, &fm) as f64 / fm.len() as f64;
        fits.push((score, hom, n));
    }
    fits.sort_by(|a, b| b.0.total_cmp(&a.0));
    fits.truncate(2);
    Some(fits.into_iter().map(|(_, h, n)| (h, n)).collect())
}

/// The perspective of an `n`x`n` grid through the centres of its finders `b` (top left), `tr`
/// and `bl` and, when known, their ring corners.
fn fit_finders(b: &FinderAt, tr: &FinderAt, bl: &FinderAt, n: usize) -> Option<Homography> {
    let m = (b.module + tr.module + bl.module) / 3.0;
    let g1 = b;
    let b = b.center;
    let nf = n as f64;
    let mut pairs: Vec<grid::Pair> = vec![
        ((3.5, 3.5), b),
        ((nf - 3.5, 3.5), tr.center),
        ((3.5, nf - 3.5), bl.center),
        (
            (nf - 3.5, nf - 3.5),
            (
                tr.center.0 + bl.center.0 - b.0,
                tr.center.1 + bl.center.1 - b.1,
            ),
        ),
    ];
    let affine = Homography::fit(&pairs)?;
    pairs.pop();
    // Each finder's ring corners, matched to the nearest of its four corners on the grid as the
    // centres place them; the corner pixels' centres lie half a pixel inside the ring's edge.
    for (f, ox, oy) in [(g1, 0.0, 0.0), (tr, nf - 7.0, 0.0), (bl, 0.0, nf - 7.0)] {
        let Some(corners) = f.corners else {
            continue;
        };
        for k in corners {
            let mut best: Option<(f64, (f64, f64))> = None;
            for (du, dv) in [(0.0, 0.0), (7.0, 0.0), (7.0, 7.0), (0.0, 7.0)] {
                let Some(p) = affine.map(ox + du, oy + dv) else {
                    continue;
                };
                let d = dist(p, k);
                if best.is_none_or(|(bd, _)| d < bd) {
                    best = Some((d, (ox + du, oy + dv)));
                }
            }
            if let Some((d, uv)) = best {
                if d < 2.0 * m {
                    // Half a pixel outward, away from the finder's centre.
                    let (dx, dy) = (k.0 - f.center.0, k.1 - f.center.1);
                    let l = (dx * dx + dy * dy).sqrt().max(1e-9);
                    pairs.push((uv, (k.0 + 0.5 * dx / l, k.1 + 0.5 * dy / l)));
                }
            }
        }
    }
    Some(if pairs.len() >= 12 {
        Homography::fit(&pairs).unwrap_or(affine)
    } else {
        affine
    })
}

/// The centre of a symbol's corners.
fn centre(c: &[(f32, f32); 4]) -> (f64, f64) {
    let x = c.iter().map(|p| p.0 as f64).sum::<f64>() / 4.0;
    let y = c.iter().map(|p| p.1 as f64).sum::<f64>() / 4.0;
    (x, y)
}

/// Whether (x, y) lies inside the quadrilateral of a symbol's corners (either winding).
fn inside(c: &[(f32, f32); 4], x: f64, y: f64) -> bool {
    let mut sign = 0i8;
    for i in 0..4 {
        let (ax, ay) = (c[i].0 as f64, c[i].1 as f64);
        let (bx, by) = (c[(i + 1) % 4].0 as f64, c[(i + 1) % 4].1 as f64);
        let cross = (bx - ax) * (y - ay) - (by - ay) * (x - ax);
        let s = if cross > 0.0 {
            1
        } else if cross < 0.0 {
            -1
        } else {
            0
        };
        if s != 0 {
            if sign != 0 && s != sign {
                return false;
            }
            sign = s;
        }
    }
    true
}

fn try_grid(
    bm: &Bitmap,
    hom: &Homography,
    n: usize,
    inverted: bool,
    factor: Frame,
    budget: &mut Budget,
) -> Option<Decoded> {
    read_grid(grid::sample, bm, hom, n, inverted, factor, budget)
}

/// How a grid's modules are read from a bitmap ([`grid::sample`], [`grid::sample_vote`]).
type Sampler = fn(&Bitmap, &Homography, usize) -> Option<rqrr::SimpleGrid>;

/// One read of an `n`x`n` grid by `sample`, charged to the budget.
fn read_grid(
    sample: Sampler,
    bm: &Bitmap,
    hom: &Homography,
    n: usize,
    inverted: bool,
    factor: Frame,
    budget: &mut Budget,
) -> Option<Decoded> {
    if !budget.take(n) {
        return None;
    }
    let sg = sample(bm, hom, n)?;
    let (meta, data, mirrored) = rqrr::decode_codewords(&sg).ok()?;
    finish(&meta, &data, mirrored, inverted, hom, n, factor)
}

/// When error correction fails on the grid rqrr fitted: neighbouring sizes
/// (the timing count is off by a version on blurred or large codes), a refit
/// through the alignment patterns, then small shifts of the sampling grid.
#[allow(clippy::too_many_arguments)]
fn refine(
    bm: &Bitmap,
    gray: &Gray,
    hom0: &Homography,
    n0: usize,
    inverted: bool,
    factor: Frame,
    photo: bool,
    budget: &mut Budget,
) -> Option<Decoded> {
    let sizes: &[isize] = if photo {
        &[0, -4, 4, -8, 8]
    } else {
        &[0, -4, 4]
    };
    for &ds in sizes {
        let n = n0 as isize + ds;
        if !(21..=177).contains(&n) {
            continue;
        }
        let n = n as usize;
        let hom = hom0.prescale((n0 as f64 - 7.0) / (n as f64 - 7.0));
        if ds != 0 {
            if let Some(d) = try_grid(bm, &hom, n, inverted, factor, budget) {
                return Some(d);
            }
        }
        let mut cands = vec![hom];
        if let Some(h2) = grid::refit_with_alignment(bm, &hom, n) {
            if let Some(d) = try_grid(bm, &h2, n, inverted, factor, budget) {
                return Some(d);
            }
            // Second pass from the refitted grid.
            if let Some(h3) = grid::refit_with_alignment(bm, &h2, n) {
                if let Some(d) = try_grid(bm, &h3, n, inverted, factor, budget) {
                    return Some(d);
                }
            }
            cands.insert(0, h2);
        }
        // Fit the grid to its function patterns (finders, timing, alignment).
        if photo || ds == 0 {
            let fm = grid::function_modules(n);
            let base = cands[0];
            if let Some(hj) = grid::jiggle(bm, &base, n, &fm) {
                if let Some(d) = try_grid(bm, &hj, n, inverted, factor, budget) {
                    return Some(d);
                }
                // Grey values at the module centres, then (photo effort) with the blur's
                // spread into neighbouring modules taken back.
                let sharpen: &[f64] = if photo { &[0.0, 0.5, 1.0] } else { &[0.0] };
                for &k in sharpen {
                    if !budget.take(n) {
                        break;
                    }
                    if let Some(sg) = grid::sample_gray(gray, &hj, n, &fm, inverted, k) {
                        if let Ok((meta, data, mirrored)) = rqrr::decode_codewords(&sg) {
                            if let Some(d) =
                                finish(&meta, &data, mirrored, inverted, &hj, n, factor)
                            {
                                return Some(d);
                            }
                        }
                    }
                }
                if let Some(d) = read_grid(grid::sample_vote, bm, &hj, n, inverted, factor, budget)
                {
                    return Some(d);
                }
                if let Some(h4) = grid::refit_with_alignment(bm, &hj, n) {
                    if let Some(d) = try_grid(bm, &h4, n, inverted, factor, budget) {
                        return Some(d);
                    }
                }
                cands.insert(0, hj);
            }
            if let Some(d) = read_grid(grid::sample_vote, bm, &base, n, inverted, factor, budget) {
                return Some(d);
            }
        }
        if photo || ds == 0 {
            let shifts: &[(f64, f64)] = if photo {
                &[
                    (0.25, 0.0),
                    (-0.25, 0.0),
                    (0.0, 0.25),
                    (0.0, -0.25),
                    (0.25, 0.25),
                    (-0.25, -0.25),
                    (0.25, -0.25),
                    (-0.25, 0.25),
                ]
            } else {
                &[(0.25, 0.25), (-0.25, -0.25)]
            };
            for c in &cands {
                for &(du, dv) in shifts {
                    if let Some(hs) = c.preshift(du, dv) {
                        if let Some(d) = try_grid(bm, &hs, n, inverted, factor, budget) {
                            return Some(d);
                        }
                    }
                }
            }
        }
    }
    None
}

fn finish(
    meta: &rqrr::MetaData,
    data: &[u8],
    mirrored: bool,
    inverted: bool,
    hom: &Homography,
    n: usize,
    factor: Frame,
) -> Option<Decoded> {
    let p = payload::parse(data, meta.version.0).ok()?;
    let nf = n as f64;
    let corner = |u: f64, v: f64| {
        hom.map(u, v)
            .map(|(x, y)| {
                let (x, y) = factor.to_input(x, y);
                (x as f32, y as f32)
            })
            .unwrap_or((0.0, 0.0))
    };
    Some(Decoded {
        text: p.text,
        bytes: p.bytes,
        segments: p.segments,
        eci: p.eci,
        fnc1: p.fnc1,
        structured_append: p.structured_append,
        version: meta.version.0 as u8,
        ec_level: match meta.ecc_level {
            0 => EcLevel::M,
            1 => EcLevel::L,
            2 => EcLevel::H,
            _ => EcLevel::Q,
        },
        mask: meta.mask as u8,
        mirrored,
        inverted,
        corners: [
            corner(0.0, 0.0),
            corner(nf, 0.0),
            corner(nf, nf),
            corner(0.0, nf),
        ],
        attempt: 0,
    })
}
