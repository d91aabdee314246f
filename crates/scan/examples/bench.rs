//! Native benchmark over the sample folders.
//!
//! ```text
//! cargo run --release -p beian-scan --example bench -- [camera|photo|both] [DIR]
//! ```
//! Modes: `camera`, `photo`, `both`, `frame` (each image in a 1280x720 frame,
//! camera effort). `--best3` keeps the fastest of three runs per image.
//! DIR defaults to `$QR_SAMPLES`, else `crates/scan/samples`. Prints per
//! folder: decoded, other symbol, wrong, none, panics, median and p95 milliseconds per image
//! (decoding only; image loading excluded). "Other symbol" is a correct reading of the second
//! code in an image listed in `tests/golden-multi.txt` (as the golden test counts it), not a
//! wrong decode. `-v` lists each image. `FRAMES=N` gives the camera effort up to N successive
//! frames of each image (`ScanOptions::camera_frame`, as the live scanner sends them); its time
//! is then per frame.

use beian_scan::{decode_luma, Effort, Luma, ScanOptions};
use std::path::{Path, PathBuf};
use std::time::Instant;

fn samples_dir(arg: Option<String>) -> PathBuf {
    if let Some(a) = arg {
        return PathBuf::from(a);
    }
    if let Ok(p) = std::env::var("QR_SAMPLES") {
        return PathBuf::from(p);
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i]
}

/// Images holding a second symbol: `folder/file` -> that symbol's exact text.
fn multi() -> std::collections::HashMap<String, Vec<u8>> {
    include_str!("../tests/golden-multi.txt")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(k, v)| {
            let v = v
                .replace("\\r", "\r")
                .replace("\\n", "\n")
                .replace("\\t", "\t");
            (k.to_string(), v.into_bytes())
        })
        .collect()
}

fn main() {
    let multi = multi();
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "-v");
    args.retain(|a| a != "-v");
    // "--best3": decode each image three times and keep the fastest (the
    // machine is shared; the minimum is the least disturbed measurement).
    let reps = if args.iter().any(|a| a == "--best3") {
        3
    } else {
        1
    };
    args.retain(|a| a != "--best3");
    let mode = args.first().cloned().unwrap_or_else(|| "both".into());
    let dir = samples_dir(args.get(1).cloned());
    // "frame": each image placed in a 1280x720 grey frame (scaled down to fit
    // if larger), decoded with the camera effort: the per-frame cost.
    let frame = mode == "frame";
    let efforts: Vec<Effort> = match mode.as_str() {
        "camera" | "frame" => vec![Effort::Camera],
        "photo" => vec![Effort::Photo],
        _ => vec![Effort::Camera, Effort::Photo],
    };
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    for effort in efforts {
        println!(
            "effort {:?}{} (native, release)",
            effort,
            if frame { ", in 1280x720 frames" } else { "" }
        );
        println!("| folder | images | decoded | other symbol | wrong | none | panics | median ms | p95 ms |");
        println!("|---|---|---|---|---|---|---|---|---|");
        let (mut td, mut to, mut tw, mut tn, mut tt) = (0, 0, 0, 0, 0);
        let mut all_times = Vec::new();
        for f in &folders {
            let mut files: Vec<PathBuf> = std::fs::read_dir(f)
                .unwrap()
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    matches!(
                        p.extension().and_then(|e| e.to_str()),
                        Some("png" | "jpg" | "jpeg" | "webp")
                    )
                })
                .collect();
            files.sort();
            let (mut dec, mut other, mut wrong, mut none, mut panics) = (0, 0, 0, 0, 0);
            let mut times = Vec::new();
            for img_path in &files {
                let expected = std::fs::read(img_path.with_extension("txt")).unwrap_or_default();
                let key = format!(
                    "{}/{}",
                    f.file_name().unwrap().to_string_lossy(),
                    img_path.file_name().unwrap().to_string_lossy()
                );
                let img = match image::open(img_path) {
                    Ok(i) if frame => to_frame(i.to_luma8()),
                    Ok(i) => i.to_luma8(),
                    Err(e) => {
                        eprintln!("cannot load {}: {e}", img_path.display());
                        none += 1;
                        continue;
                    }
                };
                let (w, h) = img.dimensions();
                let data = img.into_raw();
                let mut ms = f64::MAX;
                let mut r = Ok(None);
                // FRAMES=N: the camera effort gets up to N successive frames of the same
                // picture (the live scanner's sequence); the time is per frame.
                let frames = match effort {
                    Effort::Camera => std::env::var("FRAMES")
                        .ok()
                        .and_then(|f| f.parse().ok())
                        .unwrap_or(1u32)
                        .max(1),
                    Effort::Photo => 1,
                };
                for _ in 0..reps {
                    let t = Instant::now();
                    let mut used = 0;
                    for f in 0..frames {
                        used += 1;
                        let opts = ScanOptions { effort, frame: f };
                        r = std::panic::catch_unwind(|| {
                            decode_luma(
                                Luma {
                                    width: w,
                                    height: h,
                                    data: &data,
                                },
                                &opts,
                            )
                        });
                        if !matches!(r, Ok(None)) {
                            break;
                        }
                    }
                    ms = ms.min(t.elapsed().as_secs_f64() * 1000.0 / used as f64);
                }
                times.push(ms);
                let status = match r {
                    Err(_) => {
                        panics += 1;
                        "PANIC"
                    }
                    Ok(None) => {
                        none += 1;
                        "none"
                    }
                    Ok(Some(d)) if d.text.as_bytes() == expected.as_slice() => {
                        dec += 1;
                        if verbose {
                            print!("  attempt {:2}", d.attempt);
                        }
                        "ok"
                    }
                    Ok(Some(d))
                        if multi.get(&key).map(Vec::as_slice) == Some(d.text.as_bytes()) =>
                    {
                        other += 1;
                        "other"
                    }
                    Ok(Some(d)) => {
                        wrong += 1;
                        if verbose {
                            eprintln!("  got {:?}", d.text);
                        }
                        "WRONG"
                    }
                };
                if verbose {
                    println!("  {:6} {:8.1} ms {}", status, ms, img_path.display());
                }
            }
            let n = files.len();
            let med = pct(&mut times.clone(), 0.5);
            let p95 = pct(&mut times.clone(), 0.95);
            all_times.extend(times);
            println!(
                "| {} | {} | {} | {} | {} | {} | {} | {:.1} | {:.1} |",
                f.file_name().unwrap().to_string_lossy(),
                n,
                dec,
                other,
                wrong,
                none,
                panics,
                med,
                p95
            );
            td += dec;
            to += other;
            tw += wrong;
            tn += none + panics;
            tt += n;
        }
        println!(
            "| all | {} | {} | {} | {} | {} | | {:.1} | {:.1} |",
            tt,
            td,
            to,
            tw,
            tn,
            pct(&mut all_times.clone(), 0.5),
            pct(&mut all_times.clone(), 0.95)
        );
        println!();
    }
}

fn to_frame(img: image::GrayImage) -> image::GrayImage {
    let (fw, fh) = (1280u32, 720u32);
    let (w, h) = img.dimensions();
    let img = if w > fw || h > fh {
        let s = (fw as f64 / w as f64).min(fh as f64 / h as f64);
        image::imageops::resize(
            &img,
            ((w as f64 * s) as u32).max(1),
            ((h as f64 * s) as u32).max(1),
            image::imageops::FilterType::Triangle,
        )
    } else {
        img
    };
    let mut out = image::GrayImage::from_pixel(fw, fh, image::Luma([128]));
    let (w, h) = img.dimensions();
    image::imageops::overlay(&mut out, &img, ((fw - w) / 2) as i64, ((fh - h) / 2) as i64);
    out
}
