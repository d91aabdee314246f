//! Never a panic: the image that panicked stock rqrr 0.11, degenerate inputs,
//! and a deterministic sweep of random perspective warps plus noise over the
//! sample images (the way the `geometry.rs` assertion was found).
//!
//! Run with `cargo test --release -p beian-scan --test robust`.

mod common;

use beian_scan::{decode_luma, decode_rgba, Luma, ScanOptions};
use common::Rng;

/// Stock rqrr 0.11 panics (assertion in geometry.rs) on qrcode-6/7.png.
#[test]
fn qrcode6_7_once_panicked() {
    let p = common::samples_dir().join("qrcode-6/7.png");
    let (w, h, data) = common::load_luma(&p);
    // The patched rqrr on its own, as upstream's example uses it.
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w as usize, h as usize, |x, y| {
        data[y * w as usize + x]
    });
    for g in img.detect_grids() {
        let _ = g.decode_codewords();
        let _ = g.decode();
    }
    for opts in [ScanOptions::camera(), ScanOptions::photo()] {
        let _ = decode_luma(
            Luma {
                width: w,
                height: h,
                data: &data,
            },
            &opts,
        );
    }
}

#[test]
fn degenerate_inputs() {
    let o = ScanOptions::photo();
    assert!(decode_luma(
        Luma {
            width: 0,
            height: 0,
            data: &[]
        },
        &o
    )
    .is_none());
    assert!(decode_luma(
        Luma {
            width: 100,
            height: 100,
            data: &[0; 10]
        },
        &o
    )
    .is_none());
    assert!(decode_luma(
        Luma {
            width: u32::MAX,
            height: u32::MAX,
            data: &[]
        },
        &o
    )
    .is_none());
    assert!(decode_rgba(3, 3, &[0; 35], &o).is_none());
    for (w, h) in [(1, 1), (1, 500), (500, 1), (21, 21), (22, 400), (64, 64)] {
        for fill in [0u8, 255, 128] {
            let d = vec![fill; w * h];
            let _ = decode_luma(
                Luma {
                    width: w as u32,
                    height: h as u32,
                    data: &d,
                },
                &o,
            );
        }
        let mut r = Rng(w as u64 * 31 + h as u64);
        let d: Vec<u8> = (0..w * h).map(|_| r.next() as u8).collect();
        let _ = decode_luma(
            Luma {
                width: w as u32,
                height: h as u32,
                data: &d,
            },
            &o,
        );
        let d: Vec<u8> = (0..w * h)
            .map(|i| {
                if (i % w / 3 + i / w / 3) % 2 == 0 {
                    0
                } else {
                    255
                }
            })
            .collect();
        let _ = decode_luma(
            Luma {
                width: w as u32,
                height: h as u32,
                data: &d,
            },
            &o,
        );
    }
}

/// Warp `src` by a random perspective (corners jittered by up to `amt` of the
/// side, sometimes folded over) and add noise; output is `ow`x`oh`.
fn warp(src: &[u8], w: usize, h: usize, r: &mut Rng, ow: usize, oh: usize) -> Vec<u8> {
    let amt = 0.45;
    let mut c = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)];
    for p in c.iter_mut() {
        p.0 += r.range(-amt, amt);
        p.1 += r.range(-amt, amt);
    }
    if r.f() < 0.1 {
        c.swap(1, 2); // self-intersecting quad: a degenerate perspective
    }
    let noise = r.range(0.0, 60.0);
    let mut out = vec![255u8; ow * oh];
    // Inverse bilinear is enough for a test of robustness: map output (s,t)
    // on the quad to source (u,v) by a bilinear blend of the corners.
    for y in 0..oh {
        for x in 0..ow {
            let (u, v) = (x as f64 / ow as f64, y as f64 / oh as f64);
            let sx = (1.0 - u) * (1.0 - v) * c[0].0
                + u * (1.0 - v) * c[1].0
                + u * v * c[2].0
                + (1.0 - u) * v * c[3].0;
            let sy = (1.0 - u) * (1.0 - v) * c[0].1
                + u * (1.0 - v) * c[1].1
                + u * v * c[2].1
                + (1.0 - u) * v * c[3].1;
            let (px, py) = (sx * w as f64, sy * h as f64);
            let mut val = if px >= 0.0 && py >= 0.0 && (px as usize) < w && (py as usize) < h {
                src[py as usize * w + px as usize] as f64
            } else {
                200.0
            };
            val += r.range(-noise, noise);
            out[y * ow + x] = val.clamp(0.0, 255.0) as u8;
        }
    }
    out
}

#[test]
fn warp_and_noise_sweep() {
    let variants: usize = std::env::var("SWEEP_VARIANTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let mut r = Rng(0x5eed_1234_abcd_0001);
    let mut runs = 0;
    for folder in common::sample_folders() {
        for img in common::images_in(&folder) {
            let (w, h, data) = common::load_luma(&img);
            let (w, h) = (w as usize, h as usize);
            for _ in 0..variants {
                let ow = 160 + (r.next() % 400) as usize;
                let oh = 160 + (r.next() % 400) as usize;
                let out = warp(&data, w, h, &mut r, ow, oh);
                // Stock rqrr path (patched crate) and the full pipeline.
                let mut p =
                    rqrr::PreparedImage::prepare_from_greyscale(ow, oh, |x, y| out[y * ow + x]);
                for g in p.detect_grids() {
                    let _ = g.decode_codewords();
                }
                // Every fourth variant with the photo effort (all attempts).
                let opts = if runs % 4 == 3 {
                    ScanOptions::photo()
                } else {
                    ScanOptions::camera()
                };
                let _ = decode_luma(
                    Luma {
                        width: ow as u32,
                        height: oh as u32,
                        data: &out,
                    },
                    &opts,
                );
                runs += 1;
            }
        }
    }
    assert!(runs > 100);
}
