//! The grey picture the decoder reads, made from what the page sends: a canvas's RGBA pixels, or
//! a camera frame copied by `VideoFrame.copyTo` in the frame's own pixel format (no conversion
//! to RGB in the page). Only the first plane is read: the luma (Y) plane of the YUV formats, or
//! the pixels of the RGB ones. Then the centre square the page copied is scaled down to the side
//! the decoder is given (what the canvas did before) and mirrored when the camera's frames are
//! (`VideoFrame.flip`). None of this is the decoder's own work: its input is a grey image
//! (`beian_scan::Luma`), as before the same picture the canvas gave.

pub use crate::format::{plane_of, Plane};

/// Bytes of the first plane of a `width`×`height` frame (rows packed, as `copyTo` lays them out
/// when no layout is given).
pub fn plane_bytes(plane: Plane, width: u32, height: u32) -> Option<usize> {
    let per = match plane {
        Plane::Luma8 => 1,
        Plane::Luma16 { .. } => 2,
        Plane::Rgb { .. } => 4,
    };
    (width as usize)
        .checked_mul(height as usize)?
        .checked_mul(per)
}

/// The grey of each pixel of the first plane (`data` holds at least [`plane_bytes`]). RGB
/// pixels are weighted as the decoder weighs a canvas's, and a transparent one counts as white.
pub fn grey_of(plane: Plane, width: u32, height: u32, data: &[u8]) -> Option<Vec<u8>> {
    let data = data.get(..plane_bytes(plane, width, height)?)?;
    Some(match plane {
        Plane::Luma8 => data.to_vec(),
        Plane::Luma16 { bits } => data
            .chunks_exact(2)
            .map(|s| (u32::from(u16::from_le_bytes([s[0], s[1]])) >> (bits - 8)).min(255) as u8)
            .collect(),
        Plane::Rgb { r, b, alpha } => data
            .chunks_exact(4)
            .map(|p| {
                let y = (u32::from(p[r]) * 77 + u32::from(p[1]) * 150 + u32::from(p[b]) * 29 + 128)
                    >> 8;
                match if alpha { u32::from(p[3]) } else { 255 } {
                    255 => y as u8,
                    a => ((y * a + 255 * (255 - a) + 127) / 255) as u8,
                }
            })
            .collect(),
    })
}

/// `grey` (`width`×`height`) scaled down so that its longer side is at most `fit` (0: no limit),
/// each pixel the mean of the source pixels it covers; the new width and height. A picture
/// already small enough is returned as it is.
pub fn fit_within(grey: Vec<u8>, width: u32, height: u32, fit: u32) -> (Vec<u8>, u32, u32) {
    let long = width.max(height);
    if fit == 0 || long <= fit || width == 0 || height == 0 {
        return (grey, width, height);
    }
    let scale = |n: u32| ((u64::from(n) * u64::from(fit) / u64::from(long)) as u32).max(1);
    let (ow, oh) = (scale(width), scale(height));
    let (w, h) = (width as usize, height as usize);
    // The source columns and rows each output pixel covers: [start, end).
    let span = |o: usize, out: u32, src: usize| {
        let start = o * src / out as usize;
        let end = ((o + 1) * src / out as usize).max(start + 1);
        (start, end)
    };
    let cols: Vec<(usize, usize)> = (0..ow as usize).map(|x| span(x, ow, w)).collect();
    let mut out = Vec::with_capacity(ow as usize * oh as usize);
    let mut sums = vec![0u32; ow as usize];
    for y in 0..oh as usize {
        let (y0, y1) = span(y, oh, h);
        sums.iter_mut().for_each(|s| *s = 0);
        for row in grey[y0 * w..y1 * w].chunks_exact(w) {
            for (sum, &(x0, x1)) in sums.iter_mut().zip(&cols) {
                *sum += row[x0..x1].iter().map(|&g| u32::from(g)).sum::<u32>();
            }
        }
        for (sum, &(x0, x1)) in sums.iter().zip(&cols) {
            let n = ((x1 - x0) * (y1 - y0)) as u32;
            out.push(((sum + n / 2) / n) as u8);
        }
    }
    (out, ow, oh)
}

/// Mirrors each row of `grey` (a camera whose frames are flipped: `VideoFrame.flip`).
pub fn mirror(grey: &mut [u8], width: u32) {
    if width > 0 {
        grey.chunks_exact_mut(width as usize)
            .for_each(|row| row.reverse());
    }
}

/// What the page sent, as the grey picture the decoder reads: the first plane of a `format`
/// frame, scaled down to `fit` and mirrored when `flip`; `None` for an unknown format or too
/// few bytes.
pub fn picture(
    format: &str,
    width: u32,
    height: u32,
    data: &[u8],
    fit: u32,
    flip: bool,
) -> Option<(Vec<u8>, u32, u32)> {
    let grey = grey_of(plane_of(format)?, width, height, data)?;
    let (mut grey, w, h) = fit_within(grey, width, height, fit);
    if flip {
        mirror(&mut grey, w);
    }
    Some((grey, w, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_video_pixel_format_has_its_first_plane_known() {
        for f in ["I420", "I420A", "I422", "I422A", "I444", "I444A", "NV12"] {
            assert_eq!(plane_of(f), Some(Plane::Luma8), "{f}");
        }
        for f in [
            "I420P10", "I420AP10", "I422P10", "I422AP10", "I444P10", "I444AP10",
        ] {
            assert_eq!(plane_of(f), Some(Plane::Luma16 { bits: 10 }), "{f}");
        }
        for f in [
            "I420P12", "I420AP12", "I422P12", "I422AP12", "I444P12", "I444AP12",
        ] {
            assert_eq!(plane_of(f), Some(Plane::Luma16 { bits: 12 }), "{f}");
        }
        assert!(matches!(
            plane_of("BGRA"),
            Some(Plane::Rgb {
                r: 2,
                b: 0,
                alpha: true
            })
        ));
        assert!(matches!(
            plane_of("RGBX"),
            Some(Plane::Rgb {
                r: 0,
                b: 2,
                alpha: false
            })
        ));
        for f in ["", "I", "I421", "I420P8", "I420B", "NV21", "YUY2", "rgba"] {
            assert_eq!(plane_of(f), None, "{f}");
        }
    }

    #[test]
    fn the_luma_plane_is_read_and_the_chroma_after_it_is_not() {
        // 2×2 I420: Y = 10 20 30 40, then U and V (one sample each) that must not leak in.
        let i420 = [10, 20, 30, 40, 200, 250];
        assert_eq!(
            grey_of(Plane::Luma8, 2, 2, &i420).unwrap(),
            [10, 20, 30, 40]
        );
        // 10-bit samples 40, 400, 1023, 0 → 10, 100, 255, 0.
        let p10: Vec<u8> = [40u16, 400, 1023, 0]
            .iter()
            .flat_map(|s| s.to_le_bytes())
            .collect();
        assert_eq!(
            grey_of(Plane::Luma16 { bits: 10 }, 2, 2, &p10).unwrap(),
            [10, 100, 255, 0]
        );
        assert_eq!(grey_of(Plane::Luma8, 2, 2, &i420[..3]), None);
    }

    #[test]
    fn red_and_blue_are_weighed_by_their_place_and_x_is_no_alpha() {
        let red_rgba = [255, 0, 0, 255];
        let red_bgrx = [0, 0, 255, 0];
        let red = grey_of(plane_of("RGBA").unwrap(), 1, 1, &red_rgba).unwrap();
        assert_eq!(
            red,
            grey_of(plane_of("BGRX").unwrap(), 1, 1, &red_bgrx).unwrap()
        );
        assert_eq!(red, [77]);
        // Transparent RGBA is white, as the decoder takes a canvas's.
        assert_eq!(
            grey_of(plane_of("RGBA").unwrap(), 1, 1, &[0, 0, 0, 0]).unwrap(),
            [255]
        );
    }

    #[test]
    fn a_larger_square_is_averaged_down_to_the_side_asked() {
        // 1080 → 720 (a 1920×1080 camera's centre square): 1.5 source pixels per pixel.
        let grey: Vec<u8> = (0..1080 * 1080).map(|i| ((i % 1080) / 5) as u8).collect();
        let (out, w, h) = fit_within(grey, 1080, 1080, 720);
        assert_eq!((w, h, out.len()), (720, 720, 720 * 720));
        // Column x covers source columns 1.5x … 1.5x+1.5: its grey follows the source's ramp.
        assert_eq!(out[0], 0);
        assert_eq!(out[719], 215);
        // Small enough already: as is.
        let (same, w, h) = fit_within(vec![7; 6], 3, 2, 720);
        assert_eq!((same, w, h), (vec![7; 6], 3, 2));
        // 2×2 → 1×1: the mean.
        assert_eq!(fit_within(vec![0, 100, 200, 100], 2, 2, 1).0, [100]);
    }

    #[test]
    fn a_flipped_frame_is_mirrored_row_by_row() {
        let (grey, w, h) = picture("I420", 3, 2, &[1, 2, 3, 4, 5, 6, 0, 0, 0], 0, true).unwrap();
        assert_eq!((grey, w, h), (vec![3, 2, 1, 6, 5, 4], 3, 2));
    }
}
