//! Installs what the commands need, idempotently, saying what it does. Each check looks first
//! and installs only what is missing or at the wrong version.

use std::path::Path;
use std::process::Command;

use crate::{fail, root, run, say};

/// trunk 0.22 needs a newer rustc than these machines have.
pub const TRUNK_VERSION: &str = "0.21.14";

/// Output of a command, or `None` if it could not run or failed.
fn output(cmd: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(cmd).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The wasm32 target for rustc.
pub fn wasm_target() {
    let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return;
    }
    say("installing the Rust target wasm32-unknown-unknown (rustup)");
    run(
        Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]),
        "rustup target add wasm32-unknown-unknown",
    );
}

/// rustfmt and clippy, for the test command's format and lint gates.
pub fn lint_components() {
    let installed = output("rustup", &["component", "list", "--installed"]).unwrap_or_default();
    for component in ["rustfmt", "clippy"] {
        if installed.lines().any(|l| l.trim().starts_with(component)) {
            continue;
        }
        say(&format!(
            "installing the Rust component {component} (rustup)"
        ));
        run(
            Command::new("rustup").args(["component", "add", component]),
            &format!("rustup component add {component}"),
        );
    }
}

/// trunk at the pinned version.
pub fn trunk() {
    let have = output("trunk", &["--version"]).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(TRUNK_VERSION) {
        return;
    }
    say(&format!(
        "installing trunk {TRUNK_VERSION} (cargo install; about 7 minutes on 2 cores)"
    ));
    run(
        Command::new("cargo").args(["install", "trunk", "--version", TRUNK_VERSION, "--locked"]),
        "cargo install trunk",
    );
}

/// The wasm-bindgen version Cargo.lock pins (the CLI must match it exactly).
pub fn wasm_bindgen_version() -> String {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .unwrap_or_else(|e| fail(&format!("cannot read Cargo.lock: {e}")));
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
            {
                return v.trim_end_matches('"').to_owned();
            }
        }
    }
    fail("Cargo.lock names no wasm-bindgen version")
}

/// wasm-bindgen-cli matching Cargo.lock (installed without --locked: its lockfile names a crate
/// version the registry lacks).
pub fn wasm_bindgen_cli() {
    let want = wasm_bindgen_version();
    let have = output("wasm-bindgen", &["--version"]).unwrap_or_default();
    if have.split_whitespace().nth(1) == Some(want.as_str()) {
        return;
    }
    say(&format!(
        "installing wasm-bindgen-cli {want} to match Cargo.lock (cargo install; a few minutes)"
    ));
    run(
        Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &want]),
        "cargo install wasm-bindgen-cli",
    );
}

/// node and npm must already be there (the machine image ships them); say so clearly if not.
pub fn node() {
    if output("node", &["--version"]).is_none() || output("npm", &["--version"]).is_none() {
        fail("node and npm are needed (for wasm-opt from npm `binaryen`, Playwright and axe-core); install Node.js 20 or newer");
    }
}

/// npm packages of tests/e2e from its lockfile (binaryen's wasm-opt, Playwright, axe-core).
/// Reinstalled only when the lockfile changed since the last install.
pub fn npm_packages() {
    npm_ci("tests/e2e", "binaryen, Playwright, axe-core");
}

/// `npm ci` in the repo folder `rel` (no browser download), only when its `package-lock.json`
/// changed since the last install there (a stamp in its node_modules); `what` names the packages.
pub fn npm_ci(rel: &str, what: &str) {
    node();
    let dir = root().join(rel);
    let lock = dir.join("package-lock.json");
    let stamp = dir.join("node_modules/.beian-lock-stamp");
    let lock_text = std::fs::read_to_string(&lock)
        .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", lock.display())));
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(lock_text.as_str()) {
        return;
    }
    say(&format!("installing npm packages of {rel} from package-lock.json (npm ci: {what}; no browser download)"));
    let mut cmd = Command::new("npm");
    cmd.args(["ci", "--no-audit", "--no-fund"])
        .current_dir(&dir)
        .env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    run(&mut cmd, &format!("npm ci in {rel}"));
    let _ = std::fs::write(&stamp, lock_text);
}

/// Debian packages (apt-get), installed only when a file they provide is missing.
pub fn debian(packages: &[(&str, &str)]) {
    let missing: Vec<&str> = packages
        .iter()
        .filter(|(_, file)| !Path::new(file).exists())
        .map(|(p, _)| *p)
        .collect();
    if missing.is_empty() {
        return;
    }
    say(&format!(
        "installing Debian packages: {} (apt-get)",
        missing.join(" ")
    ));
    run(
        Command::new("apt-get").arg("update").arg("-qq"),
        "apt-get update",
    );
    let mut cmd = Command::new("apt-get");
    cmd.args(["install", "-y", "-qq", "--no-install-recommends"])
        .args(&missing)
        .env("DEBIAN_FRONTEND", "noninteractive");
    run(&mut cmd, &format!("apt-get install {}", missing.join(" ")));
}

/// Chromium and its driver, for the browser tests only.
pub fn chromium() {
    debian(&[
        ("chromium", "/usr/bin/chromium"),
        ("chromium-driver", "/usr/bin/chromedriver"),
    ]);
}

/// The nightly toolchain the release build of the app's wasm uses (xtask/src/split.rs): pinned to
/// one dated build, so that every machine builds the same bytes. Only that build uses it; the QR
/// worker, the native crates, the tests and clippy stay on stable.
pub const APP_NIGHTLY: &str = "nightly-2026-05-20";

/// [`APP_NIGHTLY`] with `rust-src` (the release build compiles the standard library itself,
/// `-Zbuild-std`, so it needs no prebuilt wasm32 standard library).
pub fn app_nightly() {
    // `rustup toolchain list`, not `rustup run`: the latter may install a missing toolchain with
    // the default profile (documentation and all) on its own.
    let have_rustc = output("rustup", &["toolchain", "list"])
        .unwrap_or_default()
        .lines()
        .any(|l| l.starts_with(&format!("{APP_NIGHTLY}-")));
    let components = if have_rustc {
        output(
            "rustup",
            &[
                "component",
                "list",
                "--installed",
                "--toolchain",
                APP_NIGHTLY,
            ],
        )
        .unwrap_or_default()
    } else {
        String::new()
    };
    if have_rustc && components.lines().any(|l| l.trim() == "rust-src") {
        return;
    }
    say(&format!(
        "installing the Rust toolchain {APP_NIGHTLY} with rust-src (rustup, minimal profile; for the release build of the app's wasm only; under a minute)"
    ));
    run(
        Command::new("rustup").args([
            "toolchain",
            "install",
            APP_NIGHTLY,
            "--profile",
            "minimal",
            "--component",
            "rust-src",
        ]),
        &format!("rustup toolchain install {APP_NIGHTLY}"),
    );
}

/// Everything a release build of the app needs.
pub fn for_build() {
    wasm_target();
    app_nightly();
    trunk();
    wasm_bindgen_cli();
    npm_packages();
}

/// The nightly toolchain and cargo-fuzz, for `cargo xtask fuzz` only.
pub fn fuzzing() {
    let toolchains = output("rustup", &["toolchain", "list"]).unwrap_or_default();
    if !toolchains.lines().any(|l| l.starts_with("nightly")) {
        say("installing the nightly Rust toolchain (rustup; cargo-fuzz needs it for the sanitizer flags)");
        run(
            Command::new("rustup").args([
                "toolchain",
                "install",
                "nightly",
                "--profile",
                "minimal",
            ]),
            "rustup toolchain install nightly",
        );
    }
    if output("cargo", &["fuzz", "--version"]).is_none() {
        say("installing cargo-fuzz (cargo install --locked; about a minute)");
        run(
            Command::new("cargo").args(["install", "cargo-fuzz", "--locked"]),
            "cargo install cargo-fuzz",
        );
    }
}
