//! Shared helpers for the integration tests (included with `mod common;`).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The sample folders: `$QR_SAMPLES`, else `crates/scan/samples` in this repository.
/// Panics (fails the test) with a clear message when they are missing.
pub fn samples_dir() -> PathBuf {
    let dir = match std::env::var("QR_SAMPLES") {
        Ok(p) => PathBuf::from(p),
        Err(_) => Path::new(env!("CARGO_MANIFEST_DIR")).join("samples"),
    };
    assert!(
        dir.join("qrcode-1").is_dir(),
        "QR sample images not found at {} (set QR_SAMPLES to the folder holding qrcode-1 .. qrcode-cn)",
        dir.display()
    );
    dir
}

pub fn sample_folders() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(samples_dir())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

pub fn images_in(folder: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("png" | "jpg" | "jpeg" | "webp")
            )
        })
        .collect();
    v.sort();
    v
}

pub fn load_luma(p: &Path) -> (u32, u32, Vec<u8>) {
    let img = image::open(p)
        .unwrap_or_else(|e| panic!("cannot load {}: {e}", p.display()))
        .to_luma8();
    let (w, h) = img.dimensions();
    (w, h, img.into_raw())
}

/// Render a `qrcode` symbol: `px` pixels per module, 4-module quiet zone.
pub fn render(code: &qrcode::QrCode, px: usize) -> (u32, u32, Vec<u8>) {
    let n = code.width();
    let colors = code.to_colors();
    let side = (n + 8) * px;
    let mut data = vec![255u8; side * side];
    for y in 0..n {
        for x in 0..n {
            if colors[y * n + x] == qrcode::Color::Dark {
                for dy in 0..px {
                    for dx in 0..px {
                        data[((y + 4) * px + dy) * side + (x + 4) * px + dx] = 0;
                    }
                }
            }
        }
    }
    (side as u32, side as u32, data)
}

/// Small deterministic PRNG (xorshift64*).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    pub fn f(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn range(&mut self, a: f64, b: f64) -> f64 {
        a + (b - a) * self.f()
    }
}
