//! The repository stands alone: no committed file may point outside it or at one machine's folders.
//!
//! A clone in an empty folder must pass its own tests, so a path that only resolves on the machine
//! that wrote it (sample images in a folder beside the repository, a build machine's home) is a bug
//! that the test command catches. Every tracked text file is read, and two kinds of reference fail:
//!
//! - an absolute path of a particular machine: under `/work/`, `/home/`, `/root/`, `/Users/`,
//!   `/mnt/`, or a Windows user folder (`/tmp/` is everyone's and allowed);
//! - a relative path that climbs (`../…`) and leads nowhere inside the repository. It passes when,
//!   from at least one of the places it may be read from (the file's folder, its package's root,
//!   the repository root, a folder the same line `cd`s into), it names something inside the
//!   repository that exists (a file with that name or that stem, a folder) or a build output
//!   (`target/`, `dist/`, `node_modules/`). `../beside/x` passes from nowhere, so it fails.
//!
//! A line may opt out with `repo-paths: allow` (a hostile value in a test table, say).

use std::collections::BTreeSet;
use std::path::{Component, Path};
use std::process::Command;

/// Folders that builds create: a path into them need not exist in a clean clone.
const BUILD_OUTPUTS: [&str; 5] = ["target", "dist", "node_modules", ".artifacts", "out"];

/// Absolute path prefixes that belong to one machine.
const MACHINE_PREFIXES: [&str; 6] = [
    "/work/",
    "/home/",
    "/root/",
    "/Users/",
    "/mnt/",
    "C:\\Users\\",
];

/// The marker that lets one line keep a reference on purpose.
const ALLOW: &str = "repo-paths: allow";

/// One reference that points outside the repository.
#[derive(Debug, PartialEq, Eq)]
pub struct Finding {
    /// The file, relative to the repository root.
    pub file: String,
    /// 1-based line number.
    pub line: usize,
    /// The reference as written.
    pub text: String,
    /// Why it fails.
    pub why: &'static str,
}

/// What the checker needs to know about the tree: does a repository-relative path exist.
pub trait Tree {
    /// Whether `rel` (a normalised repository-relative path, `""` for the root) is a file or folder.
    fn exists(&self, rel: &str) -> bool;
    /// Whether a file in folder `dir` has the stem `stem` (an import without its extension).
    fn has_stem(&self, dir: &str, stem: &str) -> bool;
    /// The repository-relative folder of the package `file` belongs to (nearest `Cargo.toml` or
    /// `package.json` above it), if any.
    fn package_root(&self, file: &str) -> Option<String>;
}

/// The tracked files of the repository (`git ls-files`), as a [`Tree`].
pub struct GitTree {
    files: BTreeSet<String>,
    dirs: BTreeSet<String>,
}

impl GitTree {
    /// Lists the tracked files under `root`.
    pub fn load(root: &Path) -> Result<Self, String> {
        let out = Command::new("git")
            .args(["ls-files", "-z"])
            .current_dir(root)
            .output()
            .map_err(|e| format!("git ls-files could not start: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "git ls-files failed: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        let files: BTreeSet<String> = out
            .stdout
            .split(|b| *b == 0)
            .filter(|s| !s.is_empty())
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .collect();
        Ok(Self::from_files(files))
    }

    /// A tree of these repository-relative file paths.
    pub fn from_files(files: impl IntoIterator<Item = String>) -> Self {
        let files: BTreeSet<String> = files.into_iter().collect();
        let mut dirs = BTreeSet::new();
        dirs.insert(String::new());
        for f in &files {
            let mut d = parent(f);
            while !d.is_empty() && dirs.insert(d.clone()) {
                d = parent(&d);
            }
        }
        Self { files, dirs }
    }

    /// The tracked files.
    pub fn files(&self) -> impl Iterator<Item = &String> {
        self.files.iter()
    }
}

impl Tree for GitTree {
    fn exists(&self, rel: &str) -> bool {
        self.files.contains(rel) || self.dirs.contains(rel)
    }
    fn has_stem(&self, dir: &str, stem: &str) -> bool {
        let prefix = if dir.is_empty() {
            format!("{stem}.")
        } else {
            format!("{dir}/{stem}.")
        };
        self.files
            .range(prefix.clone()..)
            .next()
            .is_some_and(|f| f.starts_with(&prefix) && !f[prefix.len()..].contains('/'))
    }
    fn package_root(&self, file: &str) -> Option<String> {
        let mut d = parent(file);
        loop {
            let join = |n: &str| {
                if d.is_empty() {
                    n.to_string()
                } else {
                    format!("{d}/{n}")
                }
            };
            if self.files.contains(&join("Cargo.toml"))
                || self.files.contains(&join("package.json"))
            {
                return Some(d);
            }
            if d.is_empty() {
                return None;
            }
            d = parent(&d);
        }
    }
}

fn parent(p: &str) -> String {
    p.rsplit_once('/')
        .map(|(a, _)| a.to_string())
        .unwrap_or_default()
}

/// `base` joined with `rel`, normalised; `None` when it climbs above the repository root.
fn resolve(base: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|s| !s.is_empty()).collect();
    for comp in Path::new(rel).components() {
        match comp {
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::Normal(s) => parts.push(s.to_str()?),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

/// Whether a relative reference leads somewhere real inside the repository from `base`.
fn leads_inside(tree: &dyn Tree, base: &str, rel: &str) -> bool {
    // A trailing `.` or `/` is punctuation of the sentence or the folder's own slash.
    let rel = rel.trim_end_matches('/');
    let rel = rel
        .strip_suffix('.')
        .filter(|r| !r.ends_with('.'))
        .unwrap_or(rel);
    let Some(target) = resolve(base, rel) else {
        return false;
    };
    if tree.exists(&target) {
        return true;
    }
    // A path into a build output (its first missing folder is one) need not exist before a build.
    let mut acc = String::new();
    for seg in target.split('/') {
        let next = if acc.is_empty() {
            seg.to_string()
        } else {
            format!("{acc}/{seg}")
        };
        if !tree.exists(&next) {
            if BUILD_OUTPUTS.contains(&seg) {
                return true;
            }
            break;
        }
        acc = next;
    }
    // An import without its extension (`../fixtures` for `../fixtures.ts`).
    let (dir, stem) = match target.rsplit_once('/') {
        Some((d, s)) => (d.to_string(), s.to_string()),
        None => (String::new(), target.clone()),
    };
    !stem.is_empty() && tree.has_stem(&dir, &stem)
}

/// The relative references (`../…`) that start in `line`: a `../` run not glued to a word or a
/// slash before it (so `/a/../b` inside a URL or an absolute path is not one), with the path
/// characters after it.
fn climbing_refs(line: &str) -> Vec<String> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(pos) = line[i..].find("../") {
        let start = i + pos;
        let glued = start > 0 && {
            let b = bytes[start - 1];
            b.is_ascii_alphanumeric()
                || matches!(b, b'/' | b'.' | b'_' | b'-' | b'\\' | b'%' | b'>')
        };
        let mut end = start;
        while end < bytes.len()
            && (bytes[end].is_ascii_alphanumeric()
                || matches!(bytes[end], b'.' | b'/' | b'_' | b'-'))
        {
            end += 1;
        }
        if !glued {
            out.push(line[start..end].to_string());
        }
        i = end.max(start + 3);
    }
    out
}

/// Folders a line `cd`s into (`cd tests/e2e && …`), repository-relative.
fn cd_dirs(line: &str) -> Vec<String> {
    line.split("cd ")
        .skip(1)
        .filter_map(|rest| rest.split_whitespace().next())
        .map(|d| {
            d.trim_matches(|c| c == '`' || c == '"' || c == '\'')
                .trim_end_matches('/')
                .to_string()
        })
        .filter(|d| !d.is_empty() && !d.starts_with('/') && !d.starts_with('$'))
        .collect()
}

/// Files that are data, not references (byte-exact samples, lockfiles, fuzz inputs).
fn skipped(file: &str) -> bool {
    file.ends_with(".lock")
        || file.ends_with("package-lock.json")
        || file.starts_with("crates/scan/samples/")
        || file.contains("/corpus/")
        || file.starts_with("fuzz/corpus")
        // This checker's own examples of what fails.
        || file == "xtask/src/standalone.rs"
}

/// Every reference in `text` (the contents of `file`) that points outside the repository.
pub fn check_file(tree: &dyn Tree, file: &str, text: &str) -> Vec<Finding> {
    let mut found = Vec::new();
    let dir = parent(file);
    let package = tree.package_root(file);
    for (n, line) in text.lines().enumerate() {
        if line.contains(ALLOW) {
            continue;
        }
        for prefix in MACHINE_PREFIXES {
            let mut from = 0;
            while let Some(pos) = line[from..].find(prefix) {
                let at = from + pos;
                // `/home/` inside a longer path or a URL (`https://x/home/…`) is not a machine path.
                let glued = at > 0 && {
                    let b = line.as_bytes()[at - 1];
                    b.is_ascii_alphanumeric()
                        || matches!(b, b'/' | b'.' | b'_' | b'-' | b':' | b'~')
                };
                if !glued {
                    let end = line[at..]
                        .find(|c: char| c.is_whitespace() || matches!(c, '`' | '"' | '\'' | ')'))
                        .map_or(line.len(), |e| at + e);
                    found.push(Finding {
                        file: file.to_string(),
                        line: n + 1,
                        text: line[at..end].to_string(),
                        why: "an absolute path of one machine",
                    });
                }
                from = at + prefix.len();
            }
        }
        let mut bases: Vec<String> = vec![dir.clone(), String::new()];
        if let Some(p) = &package {
            bases.push(p.clone());
        }
        bases.extend(cd_dirs(line));
        for r in climbing_refs(line) {
            if !bases.iter().any(|b| leads_inside(tree, b, &r)) {
                found.push(Finding {
                    file: file.to_string(),
                    line: n + 1,
                    text: r,
                    why: "a relative path that leads outside the repository or to nothing in it",
                });
            }
        }
    }
    found
}

/// Checks every tracked text file under `root`.
pub fn check_repo(root: &Path) -> Result<Vec<Finding>, String> {
    let tree = GitTree::load(root)?;
    let mut found = Vec::new();
    for file in tree.files() {
        if skipped(file) {
            continue;
        }
        let Ok(bytes) = std::fs::read(root.join(file)) else {
            continue;
        };
        if bytes.contains(&0) {
            continue; // binary
        }
        let text = String::from_utf8_lossy(&bytes);
        found.extend(check_file(&tree, file, &text));
    }
    Ok(found)
}

/// The findings, one a line, for a message.
pub fn describe(found: &[Finding]) -> String {
    found
        .iter()
        .map(|f| format!("  {}:{}: {} ({})", f.file, f.line, f.text, f.why))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> GitTree {
        GitTree::from_files(
            [
                "Cargo.toml",
                "README.md",
                "crates/scan/Cargo.toml",
                "crates/scan/samples/qrcode-1/1.png",
                "crates/scan/tests/common/mod.rs",
                "crates/rqrr/Cargo.toml",
                "tests/e2e/package.json",
                "tests/e2e/fixtures.ts",
                "tests/e2e/specs/a.spec.ts",
                "tests/bench/package.json",
                "tests/bench/lib/common.mjs",
            ]
            .map(String::from),
        )
    }

    fn texts(found: &[Finding]) -> Vec<&str> {
        found.iter().map(|f| f.text.as_str()).collect()
    }

    #[test]
    fn a_folder_beside_the_repository_fails_from_every_kind_of_file() {
        let t = tree();
        // The three ways the sample folder was named before: from a crate's manifest dir, from a
        // script's repository root, in prose.
        let rs = check_file(
            &t,
            "crates/scan/tests/common/mod.rs",
            r#"Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../beside/qr-samples")"#,
        );
        assert_eq!(texts(&rs), ["../../../beside/qr-samples"]);
        let mjs = check_file(
            &t,
            "tests/bench/lib/common.mjs",
            "const dir = join(root, '../beside/qr-samples');",
        );
        assert_eq!(texts(&mjs), ["../beside/qr-samples"]);
        let md = check_file(
            &t,
            "README.md",
            "The samples are in `../beside/qr-samples` beside the repository.",
        );
        assert_eq!(texts(&md), ["../beside/qr-samples"]);
    }

    #[test]
    fn references_inside_the_repository_pass() {
        let t = tree();
        assert!(check_file(
            &t,
            "tests/e2e/specs/a.spec.ts",
            "import { test } from '../fixtures';"
        )
        .is_empty());
        assert!(check_file(
            &t,
            "tests/e2e/specs/a.spec.ts",
            "const ROOT = resolve(__dirname, '../../..');"
        )
        .is_empty());
        assert!(check_file(
            &t,
            "crates/scan/Cargo.toml",
            r#"rqrr = { path = "../rqrr" }"#
        )
        .is_empty());
        assert!(check_file(
            &t,
            "crates/scan/tests/common/mod.rs",
            r#"Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")"#
        )
        .is_empty());
        // A command that changes folder first, into a build output.
        assert!(check_file(
            &t,
            "README.md",
            "`cd tests/e2e && BEIAN_DIST=../../dist npx playwright test`"
        )
        .is_empty());
        // Not references: inside URLs or absolute paths.
        assert!(check_file(
            &t,
            "README.md",
            "see https://example.cn/a/../b and /usr/lib/../share"
        )
        .is_empty());
    }

    #[test]
    fn a_path_that_climbs_out_of_the_root_fails_even_if_something_is_there() {
        let t = tree();
        assert_eq!(
            texts(&check_file(&t, "README.md", "ls ../main/crates")),
            ["../main/crates"]
        );
        assert_eq!(
            texts(&check_file(
                &t,
                "tests/e2e/fixtures.ts",
                "import x from '../nothing';"
            )),
            ["../nothing"]
        );
    }

    #[test]
    fn machine_paths_fail_and_everyones_pass() {
        let t = tree();
        let found = check_file(&t, "tests/bench/lib/common.mjs", "// flags of /work/notes/TOOLCHAIN.md\nCARGO_TARGET_DIR=/work/target-scan cargo test\nwrite('/tmp/out.json')\nfetch('https://x.cn/home/y')");
        assert_eq!(
            texts(&found),
            ["/work/notes/TOOLCHAIN.md", "/work/target-scan"]
        );
        assert_eq!(found[1].line, 2);
        assert_eq!(
            texts(&check_file(
                &t,
                "README.md",
                "cargo home: /root/.cargo/registry"
            )),
            ["/root/.cargo/registry"]
        );
    }

    #[test]
    fn a_line_may_keep_a_hostile_value_on_purpose() {
        let t = tree();
        assert!(check_file(
            &t,
            "tests/e2e/specs/a.spec.ts",
            "'../../../etc/passwd', // repo-paths: allow"
        )
        .is_empty());
    }

    /// The test the test command runs: this repository, as committed, refers to nothing outside it.
    #[test]
    fn this_repository_refers_to_nothing_outside_it() {
        let root = crate::root();
        let found = check_repo(&root).expect("git ls-files works in a clone");
        assert!(found.is_empty(), "references outside the repository (a clone with nothing beside it cannot follow them):\n{}", describe(&found));
    }
}
