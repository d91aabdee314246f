//! `cargo xtask sw [DIR]`: writes the service worker (`DIR/sw.js`) from the template
//! `src/sw.js`, with the list of files it precaches and a version, both read from the build
//! output itself. trunk's `post_build` hook (`cargo xtask post-build`, Trunk.toml) runs it on its
//! staging directory once the app is in it, so every `trunk build` and `trunk serve` gets a
//! matching worker.
//!
//! - The list is every file of the build except `sw.js` and dot files: `index.html`, the app's
//!   `.js`/`.wasm` (main module, link module and lazily loaded chunks, `split.rs`), the hashed
//!   `.css`, the QR worker (`scan_worker_loader.js`, `scan_worker.js`,
//!   `scan_worker_bg.wasm`, unhashed: trunk names workers after their binary), `public/` (icons,
//!   manifest). Nothing else can be in it: the worker caches only these URLs.
//! - The version is a 64-bit FNV-1a digest of every listed file's path and bytes, so it changes
//!   whenever any of them does (also the unhashed ones); `sw.js` then differs byte for byte and
//!   browsers install the new worker.

use std::path::{Path, PathBuf};

use crate::{fail, say};

/// The worker's source, with `__VERSION__` and `__FILES__` to fill in.
const TEMPLATE: &str = include_str!("../../src/sw.js");

pub fn cmd(args: &[String]) {
    let dir = args
        .first()
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("TRUNK_STAGING_DIR").map(PathBuf::from))
        .unwrap_or_else(|| fail("usage: cargo xtask sw DIR (trunk's post_build hook, `cargo xtask post-build`, runs it on its staging directory)"));
    write(&dir);
}

/// Writes `dir/sw.js` for the build in `dir`.
pub fn write(dir: &Path) {
    let public_url = std::env::var("TRUNK_PUBLIC_URL").unwrap_or_else(|_| "/".to_owned());
    let files =
        build_files(dir).unwrap_or_else(|e| fail(&format!("cannot list {}: {e}", dir.display())));
    if !files.iter().any(|(p, _)| p == "index.html") {
        fail(&format!(
            "{} holds no index.html: not a build output",
            dir.display()
        ));
    }
    let bytes: u64 = files.iter().map(|(_, b)| b.len() as u64).sum();
    let (version, js) = service_worker(&files, &public_url);
    std::fs::write(dir.join("sw.js"), js)
        .unwrap_or_else(|e| fail(&format!("cannot write sw.js: {e}")));
    say(&format!(
        "service worker: {} files ({} KB) precached, version {version}",
        files.len(),
        bytes / 1024
    ));
}

/// Every file under `dir` (relative paths with `/`, sorted) and its bytes, except `sw.js`, the
/// precompressed `.br` copies and anything whose name starts with a dot (trunk's `.stage`,
/// editors' files).
pub fn build_files(dir: &Path) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                walk(base, &path, out)?;
            } else {
                let rel = path
                    .strip_prefix(base)
                    .expect("under base")
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                // `.br`: the precompressed copies (`split.rs`), the same files as served.
                if rel != "sw.js" && !rel.ends_with(".br") {
                    out.push((rel, std::fs::read(&path)?));
                }
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// A 64-bit FNV-1a digest of every file's path and bytes, as 16 hex digits: it changes when any
/// byte or name does (also a file's bytes moving to another).
pub fn digest(files: &[(String, Vec<u8>)]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (path, bytes) in files {
        for b in path
            .as_bytes()
            .iter()
            .chain([0u8].iter())
            .chain(bytes.iter())
            .chain((bytes.len() as u64).to_le_bytes().iter())
        {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    format!("{hash:016x}")
}

/// The version and the worker's source for these files, served under `public_url`.
pub fn service_worker(files: &[(String, Vec<u8>)], public_url: &str) -> (String, String) {
    let version = digest(files);
    let base = if public_url.ends_with('/') {
        public_url.to_owned()
    } else {
        format!("{public_url}/")
    };
    let urls: Vec<String> = files.iter().map(|(p, _)| format!("{base}{p}")).collect();
    let list = serde_json::to_string_pretty(&urls).expect("strings serialise");
    let js = TEMPLATE
        .replace(
            "\"__VERSION__\"",
            &serde_json::to_string(&version).expect("a string"),
        )
        .replace(
            "\"__INDEX__\"",
            &serde_json::to_string(&format!("{base}index.html")).expect("a string"),
        )
        .replace("[\"__FILES__\"]", &list);
    (version, js)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Vec<(String, Vec<u8>)> {
        vec![
            ("beian-1a2b_bg.wasm".into(), vec![0, 97, 115, 109]),
            ("index.html".into(), b"<!DOCTYPE html>".to_vec()),
            ("public/manifest.webmanifest".into(), b"{}".to_vec()),
            (
                "scan_worker_loader.js".into(),
                b"importScripts('./scan_worker.js')".to_vec(),
            ),
        ]
    }

    #[test]
    fn lists_every_file_and_fills_every_placeholder() {
        let (version, js) = service_worker(&files(), "/");
        assert_eq!(version.len(), 16);
        assert!(
            !js.contains("__VERSION__") && !js.contains("__FILES__") && !js.contains("__INDEX__"),
            "{js}"
        );
        for url in [
            "\"/beian-1a2b_bg.wasm\"",
            "\"/index.html\"",
            "\"/public/manifest.webmanifest\"",
            "\"/scan_worker_loader.js\"",
        ] {
            assert!(js.contains(url), "{url} missing");
        }
        assert!(
            js.contains(&format!("const VERSION = \"{version}\";")),
            "{js}"
        );
        assert!(js.contains("const INDEX = \"/index.html\";"));
    }

    #[test]
    fn the_version_follows_every_byte_and_every_name() {
        let (base, _) = service_worker(&files(), "/");
        let mut renamed = files();
        renamed[0].0 = "beian-9f9f_bg.wasm".into();
        let mut changed = files();
        changed[3].1.push(b' '); // an unhashed file (the QR worker's loader) changes
        let mut moved = files();
        // The same bytes split differently between two files are another build.
        moved[1].1.extend_from_slice(b"{}");
        moved[2].1.clear();
        for other in [renamed, changed, moved] {
            assert_ne!(service_worker(&other, "/").0, base);
        }
        assert_eq!(
            service_worker(&files(), "/").0,
            base,
            "the same build gives the same version"
        );
    }

    #[test]
    fn reads_a_build_directory_without_itself_or_dot_files() {
        let dir = std::env::temp_dir().join(format!("beian-sw-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("public")).unwrap();
        std::fs::create_dir_all(dir.join(".stage")).unwrap();
        std::fs::write(dir.join("index.html"), "x").unwrap();
        std::fs::write(dir.join("index.html.br"), "compressed").unwrap();
        std::fs::write(dir.join("sw.js"), "old worker").unwrap();
        std::fs::write(dir.join("public/icon.svg"), "<svg/>").unwrap();
        std::fs::write(dir.join(".stage/index.html"), "half-built").unwrap();
        let names: Vec<String> = build_files(&dir)
            .unwrap()
            .into_iter()
            .map(|(p, _)| p)
            .collect();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(names, ["index.html", "public/icon.svg"]);
    }

    #[test]
    fn a_public_url_below_the_root_prefixes_every_url() {
        let (_, js) = service_worker(&files(), "/app");
        assert!(
            js.contains("\"/app/index.html\"")
                && js.contains("\"/app/public/manifest.webmanifest\"")
        );
    }
}
