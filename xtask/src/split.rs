//! `cargo xtask post-build`: trunk's `post_build` hook (Trunk.toml). trunk builds the styles, the
//! icons and the QR worker; this builds the app itself into trunk's staging directory, split into
//! lazily loaded chunks, then writes the service worker (`sw.rs`) for the finished file list.
//!
//! trunk 0.21 cannot split a wasm, so the app's `<script>` is in `index.html` itself and this does
//! what cargo-leptos does for Leptos 0.8's code splitting (README, "Code splitting"):
//!
//! 1. `cargo rustc --target wasm32-unknown-unknown --bin beian -- -Clink-args=--emit-relocs`
//!    (release when trunk's build is; the splitter needs the linker's relocations);
//! 2. `wasm_split_cli_support::transform`: every split point of `src/split.rs`, and the code only it
//!    reaches, goes into a chunk per group (`split_account.wasm`, …; code several groups share into
//!    `chunk_*.wasm`); what is left is the main module, and `beian_split.js` links the two;
//! 3. `wasm-bindgen --target web --keep-lld-exports --no-demangle` on the main module (the chunks
//!    import its exports by their link names), into `beian.js` + `beian_bg.wasm` + `snippets/`;
//! 4. in release, `wasm-opt -Oz` on every wasm.
//!
//! Names are not hashed (a chunk's name is written into the link module before the build is
//! known): the stub and the README's hosting notes serve the app with `Cache-Control: no-cache`,
//! and the service worker's version changes with every byte.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{fail, root, run, say, target_dir, tool_path};

/// The link module the main wasm imports its chunk loaders from (and which imports `initSync`
/// back from the main module: `./beian.js`).
const LINK_MODULE: &str = "./beian_split.js";

pub fn cmd(_args: &[String]) {
    let staging = std::env::var_os("TRUNK_STAGING_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| fail("cargo xtask post-build is trunk's post_build hook (it needs TRUNK_STAGING_DIR); build with `cargo xtask dist`"));
    let release = std::env::var("TRUNK_PROFILE").map(|p| p == "release").unwrap_or(true);
    build_app(&staging, release);
    crate::sw::write(&staging);
}

/// Builds the split app into `out` (trunk's staging directory).
fn build_app(out: &Path, release: bool) {
    let profile = if release { "release" } else { "debug" };
    say(&format!("building the app's wasm (cargo rustc --bin beian, {profile})"));
    let mut build = Command::new("cargo");
    build.args(["rustc", "--target", "wasm32-unknown-unknown", "-p", "beian", "--bin", "beian"]).current_dir(root());
    if release {
        build.arg("--release");
    }
    // The splitter reads the linker's relocations. Passed to the final link only (`cargo rustc`),
    // not as RUSTFLAGS, which would rebuild every dependency and differ from the QR worker's.
    build.args(["--", "-Clink-args=--emit-relocs"]);
    run(&mut build, "cargo rustc --bin beian");
    let input = target_dir().join("wasm32-unknown-unknown").join(profile).join("beian.wasm");
    let wasm = std::fs::read(&input).unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", input.display())));

    let work = target_dir().join("split-app");
    let _ = std::fs::remove_dir_all(&work);
    let chunks_dir = work.join("chunks");
    std::fs::create_dir_all(&chunks_dir).unwrap_or_else(|e| fail(&format!("cannot create {}: {e}", chunks_dir.display())));
    let main_split = work.join("beian_split.wasm");
    say("splitting the app's wasm into its first-load part and lazily loaded chunks (wasm_split_cli_support)");
    let split = wasm_split_cli_support::transform({
        let mut opts = wasm_split_cli_support::Options::new(&wasm);
        opts.output_dir = &chunks_dir;
        opts.main_out_path = &main_split;
        opts.main_module = "./beian.js";
        opts.link_name = LINK_MODULE;
        opts
    })
    .unwrap_or_else(|e| fail(&format!("splitting the wasm failed: {e:?}")));

    let bindgen_dir = work.join("bindgen");
    let mut bindgen = Command::new("wasm-bindgen");
    bindgen
        .args(["--target", "web", "--keep-lld-exports", "--no-demangle", "--out-name", "beian", "--out-dir"])
        .arg(&bindgen_dir)
        .arg(&main_split)
        .env("PATH", tool_path());
    run(&mut bindgen, "wasm-bindgen");

    let mut wasms = vec![bindgen_dir.join("beian_bg.wasm")];
    wasms.extend(split.split_modules.iter().cloned());
    if release {
        for file in &wasms {
            let mut opt = Command::new("wasm-opt");
            opt.arg("-Oz").arg(file).arg("-o").arg(file).env("PATH", tool_path());
            run(&mut opt, "wasm-opt -Oz");
        }
    }
    copy_tree(&bindgen_dir, out);
    copy_tree(&chunks_dir, out);
    let main_kb = std::fs::metadata(out.join("beian_bg.wasm")).map(|m| m.len() / 1024).unwrap_or(0);
    let chunk_kb: u64 = split.split_modules.iter().filter_map(|p| std::fs::metadata(p).ok()).map(|m| m.len() / 1024).sum();
    say(&format!(
        "app: main wasm {main_kb} KB, {} lazily loaded chunks {chunk_kb} KB (before compression)",
        split.split_modules.len()
    ));
}

/// Copies every file under `from` into `to`, keeping relative paths (wasm-bindgen's `snippets/`).
fn copy_tree(from: &Path, to: &Path) {
    let entries = std::fs::read_dir(from).unwrap_or_else(|e| fail(&format!("cannot list {}: {e}", from.display())));
    for entry in entries.flatten() {
        let path = entry.path();
        let dest = to.join(entry.file_name());
        if path.is_dir() {
            std::fs::create_dir_all(&dest).unwrap_or_else(|e| fail(&format!("cannot create {}: {e}", dest.display())));
            copy_tree(&path, &dest);
        } else if path.extension().is_some_and(|e| e == "ts") {
            // wasm-bindgen's TypeScript declarations: not served.
        } else {
            std::fs::copy(&path, &dest).unwrap_or_else(|e| fail(&format!("cannot copy {} to {}: {e}", path.display(), dest.display())));
        }
    }
}
