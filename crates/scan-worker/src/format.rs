//! The camera frame formats the worker reads, and how their first plane is laid out.
//!
//! One list for both sides: the worker's frame code (`frame.rs`) reads the frames by it, and
//! the app compiles this same file (`src/lib.rs`, `frame_format`) to decide whether a camera's
//! `VideoFrame` can be sent as it is or must go through a canvas. A format added here is one the
//! page then sends; a format the page sends is one the worker reads. Plain Rust, no dependencies.

/// How the first plane of a frame is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plane {
    /// One byte of luma per pixel (I420, I422, I444 and their alpha forms, NV12).
    Luma8,
    /// One little-endian 16-bit luma sample per pixel holding `bits` bits (the P10 and P12 forms).
    Luma16 { bits: u32 },
    /// Four bytes per pixel, red at `r`, blue at `b`, green at 1; alpha at 3 when `alpha`.
    Rgb { r: usize, b: usize, alpha: bool },
}

/// The layout of the first plane of a `VideoPixelFormat` (or of a canvas's `ImageData`,
/// "RGBA"); `None` for a format this does not know.
pub fn plane_of(format: &str) -> Option<Plane> {
    match format {
        "RGBA" => Some(Plane::Rgb {
            r: 0,
            b: 2,
            alpha: true,
        }),
        "RGBX" => Some(Plane::Rgb {
            r: 0,
            b: 2,
            alpha: false,
        }),
        "BGRA" => Some(Plane::Rgb {
            r: 2,
            b: 0,
            alpha: true,
        }),
        "BGRX" => Some(Plane::Rgb {
            r: 2,
            b: 0,
            alpha: false,
        }),
        "NV12" => Some(Plane::Luma8),
        _ => {
            // I420, I420A, I422, I422A, I444, I444A, each also as P10 and P12 (I420AP10…).
            let rest = format.strip_prefix('I')?;
            let (sub, depth) = rest.split_at(rest.len().min(3));
            if !matches!(sub, "420" | "422" | "444") {
                return None;
            }
            match depth.strip_prefix('A').unwrap_or(depth) {
                "" => Some(Plane::Luma8),
                "P10" => Some(Plane::Luma16 { bits: 10 }),
                "P12" => Some(Plane::Luma16 { bits: 12 }),
                _ => None,
            }
        }
    }
}
