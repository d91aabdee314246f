//! What the worker does with a camera frame, natively: a frame as the scanner grabs it (the
//! 720×720 centre square, RGBA) holding a code turned at an angle with noise goes through the one
//! decoder entry point at the camera effort, and its text through the payload parser the app uses.
//! (The decoder's own golden tests over the sample photos are in crates/scan.)

use beian_domain::{parse_filing_qr, FilingQrError};
use beian_scan::{decode_all_luma, decode_all_rgba, decode_rgba, Luma, ScanOptions};
use qrcode::{Color, EcLevel, QrCode};

/// A `side`×`side` RGBA frame with `text`'s code turned by `angle` degrees, spanning `share` of
/// the frame, plus deterministic noise of ±`noise` grey levels.
fn frame(text: &str, side: u32, share: f64, angle: f64, noise: i32) -> Vec<u8> {
    frame_of(&[(text, 0.5, 0.5, share)], side, angle, noise)
}

/// A frame holding several codes: (text, centre x and y as fractions of the side, share).
fn frame_of(codes: &[(&str, f64, f64, f64)], side: u32, angle: f64, noise: i32) -> Vec<u8> {
    let codes: Vec<_> = codes
        .iter()
        .map(|&(text, cx, cy, share)| {
            let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).unwrap();
            let n = code.width() as i64;
            (n, code.to_colors(), cx, cy, share)
        })
        .collect();
    let (sin, cos) = angle.to_radians().sin_cos();
    let mut seed: u32 = 0x9e37_79b9;
    let mut out = Vec::with_capacity((side * side * 4) as usize);
    for y in 0..side {
        for x in 0..side {
            let mut g: i32 = 190;
            for (n, dark, cx, cy, share) in &codes {
                let total = (n + 8) as f64; // quiet zone of 4 modules
                let size = f64::from(side) * share;
                let (dx, dy) = (
                    f64::from(x) - cx * f64::from(side),
                    f64::from(y) - cy * f64::from(side),
                );
                let u = (dx * cos + dy * sin) / size + 0.5;
                let v = (-dx * sin + dy * cos) / size + 0.5;
                if !(0.0..1.0).contains(&u) || !(0.0..1.0).contains(&v) {
                    continue;
                }
                let (mx, my) = ((u * total) as i64 - 4, (v * total) as i64 - 4);
                let inside = (0..*n).contains(&mx) && (0..*n).contains(&my);
                g = if inside && dark[(my * n + mx) as usize] == Color::Dark {
                    35
                } else {
                    220
                };
            }
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let g = (g + (seed % (2 * noise as u32 + 1)) as i32 - noise).clamp(0, 255) as u8;
            out.extend_from_slice(&[g, g, g, 255]);
        }
    }
    out
}

#[test]
fn the_seed_filing_codes_are_read_from_a_tilted_noisy_frame_and_accepted() {
    for token in [
        "demo-qr-yueB67890-active",
        "demo-qr-zheAF66888-active",
        "demo-qr-luB2K7X9-active",
    ] {
        let payload = format!("BEIAN:1:{token}");
        for angle in [0.0, 11.0, -23.0] {
            let rgba = frame(&payload, 720, 0.6, angle, 28);
            let read = decode_rgba(720, 720, &rgba, &ScanOptions::camera())
                .unwrap_or_else(|| panic!("{payload} at {angle}°"));
            assert_eq!(read.text, payload);
            assert_eq!(parse_filing_qr(&read.text).unwrap().token(), token);
        }
    }
}

#[test]
fn other_codes_are_read_and_then_refused_by_the_parser() {
    for (text, why) in [
        ("wxp://f2f0GkUSfM7lqOaX8xI", FilingQrError::PaymentCode),
        ("https://example.com/pay?id=12", FilingQrError::Url),
        (
            "BEIAN:2:demo-qr-yueB67890-active",
            FilingQrError::UnsupportedVersion { version: 2 },
        ),
    ] {
        let rgba = frame(text, 720, 0.5, 7.0, 20);
        let read = decode_rgba(720, 720, &rgba, &ScanOptions::camera()).expect(text);
        assert_eq!(read.text, text);
        assert_eq!(parse_filing_qr(&read.text), Err(why));
    }
}

#[test]
fn a_frame_without_a_code_reads_nothing() {
    let grey: Vec<u8> = (0..720u32 * 720)
        .flat_map(|i| {
            let g = (i % 720 / 3) as u8;
            [g, g, g, 255]
        })
        .collect();
    assert!(decode_rgba(720, 720, &grey, &ScanOptions::camera()).is_none());
}

/// A payment code beside the vehicle filing code (either side, either first in reading order):
/// both are read, each once, with corners around its own half of the frame, so the scanner can
/// take the filing code.
#[test]
fn a_payment_code_beside_the_filing_code_both_are_read() {
    let filing = "BEIAN:1:demo-qr-yueB67890-active";
    let payment = "wxp://f2f0GkUSfM7lqOaX8xI";
    for (left, right) in [(payment, filing), (filing, payment)] {
        for angle in [0.0, 8.0] {
            let rgba = frame_of(
                &[(left, 0.27, 0.5, 0.4), (right, 0.73, 0.5, 0.4)],
                720,
                angle,
                12,
            );
            let read = decode_all_rgba(720, 720, &rgba, &ScanOptions::camera());
            let mut texts: Vec<&str> = read.iter().map(|d| d.text.as_str()).collect();
            texts.sort();
            assert_eq!(texts, [filing, payment], "{left} | {right} at {angle}°");
            for d in &read {
                let cx = d.corners.iter().map(|c| c.0).sum::<f32>() / 4.0;
                let expected = if d.text == left { 0.27 } else { 0.73 } * 720.0;
                assert!((cx - expected).abs() < 30.0, "{}: centre x {cx}", d.text);
            }
            assert!(read
                .iter()
                .any(|d| parse_filing_qr(&d.text)
                    .is_ok_and(|c| c.token() == "demo-qr-yueB67890-active")));
        }
    }
    // One code: one symbol, the same as `decode_rgba` reads.
    let rgba = frame(filing, 720, 0.5, 5.0, 12);
    let all = decode_all_rgba(720, 720, &rgba, &ScanOptions::camera());
    assert_eq!(all.len(), 1);
    assert_eq!(
        Some(&all[0]),
        decode_rgba(720, 720, &rgba, &ScanOptions::camera()).as_ref()
    );
}

#[path = "../src/format.rs"]
#[allow(dead_code)]
mod format;
#[path = "../src/frame.rs"]
#[allow(dead_code)]
mod frame;

/// The same camera frame as `VideoFrame.copyTo` gives it in each pixel format an engine may
/// hand out (the first plane, then the others): the grey picture the worker makes of it is read
/// as the canvas's RGBA was. The chroma planes hold a pattern of their own, so reading them as
/// luma, or a wrong row length, or the wrong channel order, loses the code.
#[test]
fn a_camera_frame_in_every_pixel_format_is_read_from_its_first_plane() {
    let payload = "BEIAN:1:demo-qr-yueB67890-active";
    // A 1920×1080 camera's centre square (1080), scaled down to the decoder's 720 by the worker.
    let side = 1080u32;
    let rgba = frame(payload, side, 0.55, 9.0, 20);
    let n = (side * side) as usize;
    // Video luma is studio range (16–235), as cameras give it.
    let luma: Vec<u8> = rgba
        .chunks_exact(4)
        .map(|p| (16 + u32::from(p[0]) * 219 / 255) as u8)
        .collect();
    let chroma = |len: usize| -> Vec<u8> { (0..len).map(|i| ((i * 37) % 256) as u8).collect() };
    let with_chroma = |first: Vec<u8>, rest: usize| {
        let mut v = first;
        v.extend(chroma(rest));
        v
    };
    let wide: Vec<u8> = luma
        .iter()
        .flat_map(|&y| (u16::from(y) << 2).to_le_bytes())
        .collect();
    let bgra: Vec<u8> = rgba
        .chunks_exact(4)
        .flat_map(|p| [p[2], p[1], p[0], 0])
        .collect();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("I420", with_chroma(luma.clone(), n / 2)),
        ("NV12", with_chroma(luma.clone(), n / 2)),
        ("I444", with_chroma(luma.clone(), n * 2)),
        ("I420P10", with_chroma(wide, n)),
        ("BGRX", bgra),
        ("RGBA", rgba.clone()),
    ];
    for (format, data) in cases {
        let (grey, w, h) = frame::picture(format, side, side, &data, 720, false)
            .unwrap_or_else(|| panic!("{format}: no picture"));
        assert_eq!((w, h), (720, 720), "{format}");
        let read = decode_all_luma(
            Luma {
                width: w,
                height: h,
                data: &grey,
            },
            &ScanOptions::camera(),
        );
        assert_eq!(
            read.first().map(|d| d.text.as_str()),
            Some(payload),
            "{format}"
        );
    }
    // Reading the chroma plane as if it were the picture reads nothing: the check above can fail.
    let i420 = with_chroma(luma.clone(), n / 2);
    let (grey, w, h) = frame::picture("I420", side / 2, side / 2, &i420[n..], 720, false).unwrap();
    let img = Luma {
        width: w,
        height: h,
        data: &grey,
    };
    assert!(decode_all_luma(img, &ScanOptions::camera()).is_empty());
}
