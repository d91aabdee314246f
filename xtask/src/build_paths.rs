//! Keeping the building machine's paths out of the shipped bundle.
//!
//! Panic locations and `file!()` put source paths into the wasm: the repository's absolute path
//! for path dependencies and generated code (`OUT_DIR` under the target directory), and
//! `$CARGO_HOME/registry/src/…` for every crate from crates.io. The wasm builds get
//! `--remap-path-prefix` for each of those directories through
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS`, which cargo adds to the `rustflags` of
//! `.cargo/config.toml` (`--cfg erase_components` stays). `.cargo/config.toml` cannot name them
//! itself: they differ from machine to machine. [`check_dist`] then fails the build if any of
//! them is still in a file of `dist/`.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{root, target_dir};

/// The cargo setting that carries the remapping to every wasm build (trunk's worker build and the
/// post-build hook inherit it).
pub const WASM_RUSTFLAGS: &str = "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS";

/// Cargo's home (`CARGO_HOME`, else `~/.cargo`).
pub fn cargo_home() -> Option<PathBuf> {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
}

/// The machine's directories that must not appear in the bundle, each with what it becomes,
/// in the order rustc should see them (the last matching `--remap-path-prefix` wins, so a
/// directory inside another comes after it).
fn remaps() -> Vec<(PathBuf, &'static str)> {
    let mut list = vec![(root(), "/beian")];
    let target = target_dir();
    if !target.starts_with(root()) {
        list.push((target.clone(), "/beian/target"));
    }
    if let Some(home) = cargo_home() {
        list.push((home, "/cargo"));
    }
    // The same directories as the system resolves them, when a symlink is in the way.
    let mut all = Vec::new();
    for (dir, to) in list {
        if let Ok(real) = dir.canonicalize() {
            if real != dir {
                all.push((real, to));
            }
        }
        all.push((dir, to));
    }
    all
}

/// The `--remap-path-prefix` flags for the wasm builds, space-separated as cargo reads them.
pub fn remap_rustflags() -> String {
    remaps()
        .iter()
        .map(|(from, to)| {
            let from = from.to_string_lossy();
            if from.chars().any(char::is_whitespace) {
                crate::fail(&format!("cannot remap {from} (a path with a space cannot go into {WASM_RUSTFLAGS}); build from a path without spaces"));
            }
            format!("--remap-path-prefix={from}={to}")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Adds the remapping to a command that builds wasm (keeping flags already in the variable).
pub fn apply(cmd: &mut Command) {
    let mine = remap_rustflags();
    let value = match std::env::var(WASM_RUSTFLAGS) {
        Ok(old) if old.contains(&mine) => old,
        Ok(old) if !old.trim().is_empty() => format!("{old} {mine}"),
        _ => mine,
    };
    cmd.env(WASM_RUSTFLAGS, value);
}

/// Every (file, path) pair where one of `needles` occurs in a file under `dir`.
pub fn find(dir: &Path, needles: &[String]) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            for needle in needles {
                if !needle.is_empty() && bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
                {
                    found.push((path.clone(), needle.clone()));
                }
            }
        }
    }
    found.sort();
    found
}

/// The directories of this machine that must not be in the bundle.
pub fn needles() -> Vec<String> {
    let mut list: Vec<String> = remaps()
        .into_iter()
        .map(|(dir, _)| dir.to_string_lossy().into_owned())
        .collect();
    list.sort();
    list.dedup();
    list
}

/// Checks `dist/` (every file: wasm, js, html, the service worker) for this machine's paths.
/// Returns the problems, one line each.
pub fn check_dist(dist: &Path) -> Result<(), Vec<String>> {
    let found = find(dist, &needles());
    if found.is_empty() {
        Ok(())
    } else {
        Err(found
            .into_iter()
            .map(|(file, needle)| format!("{} contains {needle}", file.display()))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_build_path_in_any_file_of_the_bundle() {
        let dir = std::env::temp_dir().join(format!("xtask-build-paths-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("chunks")).unwrap();
        let home = "/home/builder/.cargo"; // repo-paths: allow (a made-up build machine)
        std::fs::write(dir.join("app.js"), "export const x = 1;").unwrap();
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend_from_slice(
            format!("{home}/registry/src/index.crates.io-1/leptos-0.8.0/src/lib.rs").as_bytes(),
        );
        std::fs::write(dir.join("chunks/a.wasm"), &wasm).unwrap();
        let found = find(&dir, &[home.to_owned(), "/srv/repo".to_owned()]);
        assert_eq!(found, vec![(dir.join("chunks/a.wasm"), home.to_owned())]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_remapping_covers_the_repository_and_cargo_home() {
        let flags = remap_rustflags();
        assert!(
            flags.contains(&format!("--remap-path-prefix={}=/beian", root().display())),
            "{flags}"
        );
        if let Some(home) = cargo_home() {
            assert!(
                flags.contains(&format!("--remap-path-prefix={}=/cargo", home.display())),
                "{flags}"
            );
        }
        for needle in needles() {
            assert!(
                flags.contains(&format!("{needle}=")),
                "{needle} is checked but not remapped"
            );
        }
    }
}
