//! `cargo xtask bench`: every benchmark, printing its figures (BENCHMARKS.md holds the latest).
//!
//! Installs what it needs (the build tools, Chromium, `npm ci` in `tests/bench`), builds the
//! release bundle and the stub, runs the native decoder benchmark
//! (`crates/scan/examples/bench.rs`, both efforts) and then every `tests/bench/*.mjs` in name
//! order with `BEIAN_DIST`, `BEIAN_STUB_BIN` and `QR_SAMPLES` set. Each script prints its figures
//! and writes `tests/bench/out/<name>.json`. A failing step is named, the others still run, and the
//! command then exits non-zero. Not part of `cargo xtask test`: timings are figures, not tests.

use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use crate::{build_app, build_stub, fail, root, say, tool_path, tools};

/// The sample images: `QR_SAMPLES`, else `crates/scan/samples` in the repository.
fn samples() -> PathBuf {
    std::env::var_os("QR_SAMPLES")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("crates/scan/samples"))
}

/// The benchmark scripts, in name order.
fn scripts() -> Vec<PathBuf> {
    let dir = root().join("tests/bench");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", dir.display())))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "mjs"))
        .collect();
    v.sort();
    v
}

pub fn cmd(_args: &[String]) {
    let started = Instant::now();
    tools::for_build();
    tools::chromium();
    tools::npm_ci(
        "tests/bench",
        "Playwright driving Debian's Chromium, jsQR, zxing-wasm and the other scripts' tools",
    );
    let samples = samples();
    if !samples.join("qrcode-1").is_dir() {
        fail(&format!("QR sample images not found at {} (set QR_SAMPLES to the folder holding qrcode-1 .. qrcode-cn)", samples.display()));
    }
    build_app(None);
    let stub = build_stub();
    let dist = root().join("dist");
    let mut failed = Vec::new();

    say("native decoder benchmark (cargo run --release -p beian-scan --example bench -- both)");
    let native = Command::new("cargo")
        .args([
            "run",
            "--release",
            "-p",
            "beian-scan",
            "--example",
            "bench",
            "--",
            "both",
        ])
        .current_dir(root())
        .env("QR_SAMPLES", &samples)
        .status();
    if !matches!(native, Ok(s) if s.success()) {
        failed.push("native decoder benchmark".to_string());
    }

    for script in scripts() {
        let name = script
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        say(&format!("benchmark tests/bench/{name}"));
        let t = Instant::now();
        let status = Command::new("node")
            .arg(&script)
            .current_dir(root().join("tests/bench"))
            .env("PATH", tool_path())
            .env("BEIAN_DIST", &dist)
            .env("BEIAN_STUB_BIN", &stub)
            .env("QR_SAMPLES", &samples)
            .status();
        match status {
            Ok(s) if s.success() => say(&format!(
                "{name} done in {:.0} s",
                t.elapsed().as_secs_f64()
            )),
            Ok(s) => {
                eprintln!("xtask: error: benchmark {name} failed ({s})");
                failed.push(name);
            }
            Err(e) => {
                eprintln!("xtask: error: benchmark {name} could not start: {e}");
                failed.push(name);
            }
        }
    }
    println!();
    say(&format!(
        "benchmarks ran in {:.0} s; figures above, JSON in tests/bench/out/",
        started.elapsed().as_secs_f64()
    ));
    if !failed.is_empty() {
        fail(&format!(
            "{} benchmark(s) failed: {}",
            failed.len(),
            failed.join(", ")
        ));
    }
}
