//! Golden test over every folder of the sample images.
//!
//! Fails when a folder decodes fewer images than recorded in
//! `tests/golden-floor.txt`, or when any decode differs from the expected text.
//! Images known to hold a second symbol are listed in `tests/golden-multi.txt`
//! with that symbol's exact text: a decode of it is counted as "other", not
//! as wrong (it is a correct reading of a different symbol).
//!
//! Run with `cargo test --release -p beian-scan --test golden` (debug is slow).

mod common;

use beian_scan::{decode_luma, Luma, ScanOptions};
use std::collections::HashMap;

fn parse_table(s: &str) -> Vec<Vec<String>> {
    s.lines()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split_whitespace().map(str::to_string).collect())
        .collect()
}

#[test]
fn golden_samples() {
    let floors: HashMap<(String, String), usize> = parse_table(include_str!("golden-floor.txt"))
        .into_iter()
        .map(|r| ((r[0].clone(), r[1].clone()), r[2].parse().unwrap()))
        .collect();
    let multi: HashMap<String, Vec<u8>> = include_str!("golden-multi.txt")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (k, v) = l.split_once('\t').expect("name<TAB>escaped text");
            (k.to_string(), unescape(v))
        })
        .collect();

    let mut failures = Vec::new();
    let mut report = String::new();
    for (effort_name, opts) in [
        ("camera", ScanOptions::camera()),
        ("photo", ScanOptions::photo()),
    ] {
        for folder in common::sample_folders() {
            let fname = folder.file_name().unwrap().to_string_lossy().to_string();
            let (mut ok, mut other) = (0usize, 0usize);
            for img in common::images_in(&folder) {
                let expected = std::fs::read(img.with_extension("txt")).unwrap();
                let (w, h, data) = common::load_luma(&img);
                let got = decode_luma(
                    Luma {
                        width: w,
                        height: h,
                        data: &data,
                    },
                    &opts,
                );
                let key = format!("{}/{}", fname, img.file_name().unwrap().to_string_lossy());
                if let Some(d) = got {
                    if d.text.as_bytes() == expected.as_slice() {
                        ok += 1;
                    } else if multi.get(&key).map(|t| t.as_slice()) == Some(d.text.as_bytes()) {
                        other += 1;
                    } else {
                        failures.push(format!("WRONG ({effort_name}) {key}: got {:?}", d.text));
                    }
                }
            }
            let floor = floors
                .get(&(effort_name.to_string(), fname.clone()))
                .copied()
                .unwrap_or_else(|| {
                    panic!("no floor recorded for {effort_name} {fname} in golden-floor.txt")
                });
            report.push_str(&format!(
                "{effort_name} {fname} {ok} (floor {floor}, other symbol {other})\n"
            ));
            if ok < floor {
                failures.push(format!(
                    "{effort_name} {fname}: decoded {ok} < floor {floor}"
                ));
            }
        }
    }
    println!("{report}");
    assert!(failures.is_empty(), "{}\n{}", failures.join("\n"), report);
}

fn unescape(s: &str) -> Vec<u8> {
    s.replace("\\r", "\r")
        .replace("\\n", "\n")
        .replace("\\t", "\t")
        .into_bytes()
}
