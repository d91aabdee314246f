//! Arbitrary image bytes and dimensions into the one entry point.
//! First 4 bytes: width (u16 LE) and height (u16 LE) mod 512; byte 5: flags
//! (bit 0 photo effort, bit 1 RGBA, bit 2 pixels as given, bits 3-5 the camera frame's number,
//! bit 6 every symbol: `decode_all_*`); the rest are pixels (repeated to fill).
#![no_main]

use beian_scan::{decode_all_luma, decode_all_rgba, decode_luma, decode_rgba, Luma, ScanOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 6 {
        return;
    }
    let w = u16::from_le_bytes([data[0], data[1]]) as u32 % 512;
    let h = u16::from_le_bytes([data[2], data[3]]) as u32 % 512;
    let flags = data[4];
    let px = &data[5..];
    let opts = if flags & 1 != 0 {
        ScanOptions::photo()
    } else {
        ScanOptions::camera_frame(u32::from(flags >> 3 & 7))
    };
    let all = flags & 64 != 0;
    let ch = if flags & 2 != 0 { 4 } else { 1 };
    let n = (w * h * ch) as usize;
    // Pixels as given when long enough (also exercises short buffers), else tiled.
    let buf: Vec<u8> = if px.len() >= n || flags & 4 != 0 {
        px.to_vec()
    } else if px.is_empty() {
        vec![0; n]
    } else {
        px.iter().cycle().take(n).copied().collect()
    };
    let luma = Luma {
        width: w,
        height: h,
        data: &buf,
    };
    match (ch == 4, all) {
        (true, false) => drop(decode_rgba(w, h, &buf, &opts)),
        (true, true) => drop(decode_all_rgba(w, h, &buf, &opts)),
        (false, false) => drop(decode_luma(luma, &opts)),
        (false, true) => drop(decode_all_luma(luma, &opts)),
    }
});
