//! `cargo xtask post-build`: trunk's `post_build` hook (Trunk.toml). trunk builds the styles, the
//! icons and the QR worker; this builds the app itself into trunk's staging directory, split into
//! lazily loaded chunks, then writes the service worker (`sw.rs`) for the finished file list.
//!
//! trunk 0.21 cannot split a wasm, so the app's `<script>` is in `index.html` itself and this does
//! what cargo-leptos does for Leptos 0.8's code splitting (docs/code-splitting.md):
//!
//! 1. `cargo rustc --target wasm32-unknown-unknown --bin beian -- -Clink-args=--emit-relocs`
//!    (the splitter needs the linker's relocations); when trunk's build is a release one, with
//!    the pinned nightly, `-Zbuild-std` and `-Cpanic=immediate-abort` ([`RELEASE_RUSTFLAGS`]);
//! 2. `wasm_split_cli_support::transform`: every split point of `src/split.rs`, and the code only it
//!    reaches, goes into a chunk per group (`split_account.wasm`, …; code several groups share into
//!    `chunk_*.wasm`); what is left is the main module, and `beian_split.js` links the two;
//! 3. `wasm-bindgen --target web --keep-lld-exports --no-demangle` on the main module (the chunks
//!    import its exports by their link names), into `beian.js` + `beian_bg.wasm` + `snippets/`;
//! 4. in release, `wasm-opt -Oz` on every wasm;
//! 5. the service worker (`sw.rs`), then, in release, a brotli `.br` copy of every compressible file.
//!
//! The files go into `app-<digest>/` (a digest of all of them; their imports of each other are
//! relative), and `index.html`'s `/beian.js` and `/beian_bg.wasm` are pointed there, so a new
//! build never reuses an old name: the same guarantee as trunk's hashed file names.

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
    let release = std::env::var("TRUNK_PROFILE")
        .map(|p| p == "release")
        .unwrap_or(true);
    build_app(&staging, release);
    crate::sw::write(&staging);
    if release {
        precompress(&staging);
    }
}

/// Files worth compressing (what a browser decodes: markup, scripts, styles, wasm, SVG, JSON).
const COMPRESSIBLE: &[&str] = &["html", "js", "wasm", "css", "svg", "webmanifest", "json"];

/// Writes `f.br` (brotli, quality 11, 16 MiB window) beside every compressible file of `dir`,
/// as production hosts serve static files (`brotli_static`): a server compressing on the fly
/// uses a fast, lower quality (the stub's tower-http answered the app's wasm in 247 KB against
/// 205 KB at quality 11). The stub serves these when the browser accepts brotli.
fn precompress(dir: &Path) {
    let files = crate::sw::build_files(dir)
        .unwrap_or_else(|e| fail(&format!("cannot list {}: {e}", dir.display())));
    let (mut raw, mut packed, mut count) = (0usize, 0usize, 0usize);
    for (rel, bytes) in files.iter().chain(std::iter::once(&(
        "sw.js".to_owned(),
        std::fs::read(dir.join("sw.js")).unwrap_or_default(),
    ))) {
        let ext = rel.rsplit('.').next().unwrap_or("");
        if !COMPRESSIBLE.contains(&ext) || bytes.len() < 1024 {
            continue;
        }
        let br = brotli_q11(bytes);
        if br.len() >= bytes.len() {
            continue;
        }
        let dest = dir.join(format!("{rel}.br"));
        std::fs::write(&dest, &br)
            .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", dest.display())));
        (raw, packed, count) = (raw + bytes.len(), packed + br.len(), count + 1);
    }
    say(&format!(
        "precompressed {count} files: {} KB → {} KB brotli (quality 11)",
        raw / 1024,
        packed / 1024
    ));
}

fn brotli_q11(bytes: &[u8]) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 24,
        size_hint: bytes.len(),
        ..Default::default()
    };
    let mut out = Vec::with_capacity(bytes.len() / 3);
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)
        .unwrap_or_else(|e| fail(&format!("brotli: {e}")));
    out
}

/// The release build's own flags for rustc, beside `.cargo/config.toml`'s and the path remapping
/// (BENCHMARKS.md, "First load"): a panic aborts at once (a wasm trap; index.html shows the crash
/// screen, src/panic.rs), so no panic message, location or formatting code is in the bundle; and
/// no source location for `#[track_caller]` and the like either.
const RELEASE_RUSTFLAGS: &[&str] = &[
    "-Zunstable-options",
    "-Cpanic=immediate-abort",
    "-Zlocation-detail=none",
];

/// Where the release build of the app's wasm goes: a target directory of its own, because it is
/// built by another toolchain with another standard library (`-Zbuild-std`); the stable builds of
/// the same crates (clippy, the browser unit tests) stay where they are.
fn release_target_dir() -> PathBuf {
    target_dir().join("wasm-nightly")
}

/// The command that builds the app's wasm. The release build uses the pinned nightly
/// ([`crate::tools::APP_NIGHTLY`]) to compile the standard library with the app
/// (`-Zbuild-std`, its size-optimised variant) and abort on a panic at once; a debug build
/// (`trunk serve`) is stable's, with a panic hook (src/panic.rs).
fn app_build_command(release: bool) -> Command {
    let mut build = if release {
        // `rustup run`: the toolchain whatever cargo the PATH names first.
        let mut cmd = Command::new("rustup");
        cmd.args(["run", crate::tools::APP_NIGHTLY, "cargo"])
            .env_remove("RUSTC")
            .env_remove("RUSTDOC")
            .env("CARGO_TARGET_DIR", release_target_dir());
        cmd
    } else {
        Command::new("cargo")
    };
    build
        .args([
            "rustc",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "beian",
            "--bin",
            "beian",
        ])
        .current_dir(root());
    if release {
        build.args([
            "--release",
            "-Zbuild-std=std,panic_abort",
            "-Zbuild-std-features=optimize_for_size",
        ]);
    }
    // The splitter reads the linker's relocations. Passed to the final link only (`cargo rustc`),
    // not as RUSTFLAGS, which would rebuild every dependency and differ from the QR worker's.
    build.args(["--", "-Clink-args=--emit-relocs"]);
    // The same remapping as trunk's worker build (a no-op when `cargo xtask` already set it).
    crate::build_paths::apply(&mut build);
    if release {
        let flags = build
            .get_envs()
            .find(|(k, _)| *k == crate::build_paths::WASM_RUSTFLAGS)
            .and_then(|(_, v)| v)
            .map(|v| v.to_string_lossy().into_owned())
            .unwrap_or_default();
        build.env(
            crate::build_paths::WASM_RUSTFLAGS,
            format!("{flags} {}", RELEASE_RUSTFLAGS.join(" ")),
        );
    }
    build
}

/// Builds the split app into `out` (trunk's staging directory).
fn build_app(out: &Path, release: bool) {
    let profile = if release { "release" } else { "debug" };
    say(&format!(
        "building the app's wasm (cargo rustc --bin beian, {profile}{})",
        if release {
            format!(
                "; {}, -Zbuild-std, {}",
                crate::tools::APP_NIGHTLY,
                RELEASE_RUSTFLAGS[1..].join(" ")
            )
        } else {
            String::new()
        }
    ));
    run(&mut app_build_command(release), "cargo rustc --bin beian");
    let input = if release {
        release_target_dir()
    } else {
        target_dir()
    }
    .join("wasm32-unknown-unknown")
    .join(profile)
    .join("beian.wasm");
    let wasm = std::fs::read(&input)
        .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", input.display())));

    let work = target_dir().join("split-app");
    let _ = std::fs::remove_dir_all(&work);
    let chunks_dir = work.join("chunks");
    std::fs::create_dir_all(&chunks_dir)
        .unwrap_or_else(|e| fail(&format!("cannot create {}: {e}", chunks_dir.display())));
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
        .args([
            "--target",
            "web",
            "--keep-lld-exports",
            "--no-demangle",
            "--out-name",
            "beian",
            "--out-dir",
        ])
        .arg(&bindgen_dir)
        .arg(&main_split)
        .env("PATH", tool_path());
    run(&mut bindgen, "wasm-bindgen");

    let mut wasms = vec![bindgen_dir.join("beian_bg.wasm")];
    wasms.extend(split.split_modules.iter().cloned());
    if release {
        for file in &wasms {
            let mut opt = Command::new("wasm-opt");
            opt.arg("-Oz")
                .arg(file)
                .arg("-o")
                .arg(file)
                .env("PATH", tool_path());
            run(&mut opt, "wasm-opt -Oz");
        }
    }
    // One directory named after the digest of all of the app's files: every import between them
    // is relative (`./beian.js`, `./split_filing.wasm`, `./snippets/…`), so the set moves as one
    // and a host may cache it for good, as it may trunk's hashed stylesheet.
    let app_dir = work.join("app");
    copy_tree(&bindgen_dir, &app_dir);
    copy_tree(&chunks_dir, &app_dir);
    let files = crate::sw::build_files(&app_dir)
        .unwrap_or_else(|e| fail(&format!("cannot list {}: {e}", app_dir.display())));
    let dir_name = format!("app-{}", crate::sw::digest(&files));
    let dest = out.join(&dir_name);
    copy_tree(&app_dir, &dest);
    let first_screen = split
        .prefetch_map
        .get(FIRST_SCREEN_GROUP)
        .unwrap_or_else(|| {
            fail(&format!(
                "the split has no `{FIRST_SCREEN_GROUP}` group (src/split.rs), whose chunks index.html fetches ahead"
            ))
        });
    point_index_at(out, &dir_name, first_screen);

    let main_kb = std::fs::metadata(dest.join("beian_bg.wasm"))
        .map(|m| m.len() / 1024)
        .unwrap_or(0);
    let chunk_kb: u64 = split
        .split_modules
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len() / 1024)
        .sum();
    say(&format!(
        "app in /{dir_name}/: main wasm {main_kb} KB, {} lazily loaded chunks {chunk_kb} KB (before compression)",
        split.split_modules.len()
    ));
}

/// The group of the one split page that `index.html`'s first screen shows (sign-in, src/split.rs):
/// on a cold `/sign-in`, the first screen fetches its chunks beside the main module, so that they
/// do not wait for it to run.
const FIRST_SCREEN_GROUP: &str = "sign_in";

/// Where `index.html`'s boot script wants the URLs of [`FIRST_SCREEN_GROUP`]'s chunks.
const FIRST_SCREEN_MARKER: &str = "/* the sign-in page's chunks: cargo xtask post-build */";

/// Points `out/index.html`'s `/beian.js` and `/beian_bg.wasm` at `/dir/…`, and writes the URLs of
/// the first screen's chunks (`stems`, file stems in `dir`) where its boot script wants them.
fn point_index_at(out: &Path, dir: &str, stems: &[String]) {
    let index = out.join("index.html");
    let html = std::fs::read_to_string(&index)
        .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", index.display())));
    let patched = pointed_at(&html, dir)
        .and_then(|html| with_first_screen_chunks(&html, dir, stems))
        .unwrap_or_else(|e| fail(&e));
    std::fs::write(&index, patched)
        .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", index.display())));
}

/// `html` with every quoted `/beian.js` and `/beian_bg.wasm` (the loader and its preloads) under `/dir`.
fn pointed_at(html: &str, dir: &str) -> Result<String, String> {
    let mut out = html.to_owned();
    for file in ["/beian.js", "/beian_bg.wasm"] {
        let mut found = false;
        for quote in ['\'', '"'] {
            let (from, to) = (
                format!("{quote}{file}{quote}"),
                format!("{quote}/{dir}{file}{quote}"),
            );
            found |= out.contains(&from);
            out = out.replace(&from, &to);
        }
        if !found {
            return Err(format!("index.html does not load {file}: its loader must name /beian.js and /beian_bg.wasm"));
        }
    }
    Ok(out)
}

/// `html` with [`FIRST_SCREEN_MARKER`] replaced by the quoted URLs `/dir/<stem>.wasm`.
fn with_first_screen_chunks(html: &str, dir: &str, stems: &[String]) -> Result<String, String> {
    if html.matches(FIRST_SCREEN_MARKER).count() != 1 {
        return Err(format!(
            "index.html must hold `{FIRST_SCREEN_MARKER}` once: its boot script fetches the sign-in page's chunks from there"
        ));
    }
    let urls: Vec<String> = stems
        .iter()
        .map(|stem| format!("'/{dir}/{stem}.wasm'"))
        .collect();
    Ok(html.replace(FIRST_SCREEN_MARKER, &urls.join(", ")))
}

/// Copies every file under `from` into `to`, keeping relative paths (wasm-bindgen's `snippets/`),
/// except wasm-bindgen's TypeScript declarations (not served).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to)
        .unwrap_or_else(|e| fail(&format!("cannot create {}: {e}", to.display())));
    let entries = std::fs::read_dir(from)
        .unwrap_or_else(|e| fail(&format!("cannot list {}: {e}", from.display())));
    for entry in entries.flatten() {
        let path = entry.path();
        let dest = to.join(entry.file_name());
        if path.is_dir() {
            copy_tree(&path, &dest);
        } else if path.extension().is_none_or(|e| e != "ts") {
            std::fs::copy(&path, &dest).unwrap_or_else(|e| {
                fail(&format!(
                    "cannot copy {} to {}: {e}",
                    path.display(),
                    dest.display()
                ))
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{pointed_at, with_first_screen_chunks, FIRST_SCREEN_MARKER};

    #[test]
    fn the_first_screen_gets_the_urls_of_its_chunks() {
        let html = format!("<script>var ahead = [{FIRST_SCREEN_MARKER}];</script>");
        let stems = ["chunk_7".to_owned(), "split_sign_in".to_owned()];
        let out = with_first_screen_chunks(&html, "app-0123", &stems).unwrap();
        assert_eq!(
            out,
            "<script>var ahead = ['/app-0123/chunk_7.wasm', '/app-0123/split_sign_in.wasm'];</script>"
        );
        let err = with_first_screen_chunks("<script></script>", "app-1", &stems).unwrap_err();
        assert!(err.contains(FIRST_SCREEN_MARKER), "{err}");
    }

    #[test]
    fn the_loader_and_its_preloads_point_into_the_app_directory() {
        let html = r#"<link rel="modulepreload" href="/beian.js" /><link rel="preload" href="/beian_bg.wasm" as="fetch" />
<script type="module">import init from '/beian.js'; await init({ module_or_path: '/beian_bg.wasm' });</script>
<link href="/beian.jsx" /><link href="/main-1.css" />"#;
        let out = pointed_at(html, "app-0123").unwrap();
        assert_eq!(out.matches("/app-0123/beian.js").count(), 2, "{out}");
        assert_eq!(out.matches("/app-0123/beian_bg.wasm").count(), 2, "{out}");
        assert!(
            out.contains(r#"href="/beian.jsx""#) && out.contains(r#"href="/main-1.css""#),
            "other files are left alone: {out}"
        );
        assert!(!out.contains("'/beian.js'") && !out.contains(r#""/beian_bg.wasm""#));
    }

    #[test]
    fn an_index_that_does_not_load_the_app_is_refused() {
        let err = pointed_at(
            "<script type=module>import init from '/beian.js'</script>",
            "app-1",
        )
        .unwrap_err();
        assert!(err.contains("/beian_bg.wasm"), "{err}");
    }
}
