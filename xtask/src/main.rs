//! Project commands (the `cargo xtask` convention):
//!
//! - `cargo xtask run [--port N]`: installs what is missing, builds the app and the stub API,
//!   serves both on 127.0.0.1 and prints the URL and where to read the SMS codes. Ctrl-C stops both.
//! - `cargo xtask test [--e2e-only] [-- PLAYWRIGHT ARGS]`: installs what is missing and runs every
//!   test: the format and lint gates, native `cargo test`, the API contract check (schemathesis
//!   against the stub, `contract.rs`) beside the wasm-bindgen tests in headless Chromium and the
//!   release build, then the end-to-end specs (Playwright, phone viewports) and the WebKit walks
//!   (`webkit.rs`). Ends with a table of each phase's time and counts, and one summary line
//!   (docs/testing.md).
//! - `cargo xtask dist [--api-base URL]`: a release bundle in `dist/` for a real API.
//! - `cargo xtask bench`: every benchmark (native decoder, then `tests/bench/*.mjs` in Chromium),
//!   printing figures; see `bench.rs` and BENCHMARKS.md. Not part of `test`.
//! - `cargo xtask sw [DIR]`: writes the service worker `DIR/sw.js` with the build's file list and
//!   version (see `sw.rs`).
//! - `cargo xtask post-build`: trunk's `post_build` hook (Trunk.toml): builds the app's wasm,
//!   split into lazily loaded chunks, into trunk's staging directory, then writes the service
//!   worker (`split.rs`).
//! - `cargo xtask fuzz [--seconds N] [--only TARGET]`: every cargo-fuzz target for N seconds
//!   each (installs nightly and cargo-fuzz when missing); not part of `test`.
//! - `cargo xtask contract [--stub-bin PATH]`: the contract phase of `test` alone.

mod bench;
mod build_paths;
mod contract;
mod fuzz;
mod split;
/// The check that no committed file refers outside the repository (run by `cargo test`).
#[cfg(test)]
mod standalone;
mod sw;
mod tools;
mod webkit;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("run") => cmd_run(&args[1..]),
        Some("test") => cmd_test(&args[1..]),
        Some("dist") => cmd_dist(&args[1..]),
        Some("webkit") => webkit::cmd(&args[1..]),
        Some("bench") => bench::cmd(&args[1..]),
        Some("sw") => sw::cmd(&args[1..]),
        Some("post-build") => split::cmd(&args[1..]),
        Some("fuzz") => fuzz::cmd(&args[1..]),
        Some("contract") => contract::cmd(&args[1..]),
        _ => {
            eprintln!("usage: cargo xtask <run [--port N] | test [--e2e-only] [-- PLAYWRIGHT ARGS] | dist [--api-base URL] | webkit | bench | sw [DIR] | fuzz [--seconds N] [--only TARGET] | contract [--stub-bin PATH]>");
            std::process::exit(2);
        }
    }
}

/// The repository root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the repo")
        .to_path_buf()
}

/// Cargo's target directory (honours `CARGO_TARGET_DIR`).
pub(crate) fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// Prints a step.
pub fn say(what: &str) {
    println!("xtask: {what}");
    let _ = std::io::stdout().flush();
}

/// Prints why we stop, then exits non-zero.
pub fn fail(why: &str) -> ! {
    eprintln!("xtask: error: {why}");
    std::process::exit(1);
}

/// Runs a command to completion; stops with a message naming it if it fails.
pub fn run(cmd: &mut Command, what: &str) {
    match cmd.status() {
        Ok(s) if s.success() => {}
        Ok(s) => fail(&format!("{what} failed ({s})")),
        Err(e) => fail(&format!("{what} could not start: {e} (is it installed?)")),
    }
}

/// PATH with the npm tools (wasm-opt from `binaryen`) and cargo's bin dir first.
fn tool_path() -> String {
    let mut parts = vec![root().join("tests/e2e/node_modules/.bin")];
    if let Some(home) = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
    {
        parts.push(home.join("bin"));
    }
    let mut path = std::env::join_paths(parts)
        .expect("valid paths")
        .into_string()
        .unwrap_or_default();
    if let Ok(old) = std::env::var("PATH") {
        path.push(':');
        path.push_str(&old);
    }
    path
}

/// `trunk build --release --offline` into `dist/`.
fn build_app(api_base: Option<&str>) {
    say(&format!(
        "building the app (trunk build --release; API base: {})",
        api_base.unwrap_or("same origin")
    ));
    let started = Instant::now();
    let mut cmd = Command::new("trunk");
    cmd.args(["build", "--release", "--offline"])
        .current_dir(root())
        .env("PATH", tool_path());
    // No path of this machine in the bundle (build_paths.rs).
    build_paths::apply(&mut cmd);
    match api_base {
        Some(base) => cmd.env("BEIAN_API_BASE", base),
        None => cmd.env_remove("BEIAN_API_BASE"),
    };
    run(&mut cmd, "trunk build");
    say(&format!(
        "app built in {:.0} s",
        started.elapsed().as_secs_f64()
    ));
}

/// Builds the stub server (release) and returns its binary.
fn build_stub() -> PathBuf {
    say("building the stub API server (cargo build --release -p beian-stub)");
    run(
        Command::new("cargo")
            .args(["build", "--release", "-p", "beian-stub"])
            .current_dir(root()),
        "cargo build -p beian-stub",
    );
    target_dir().join("release/beian-stub")
}

/// The stub the test command serves the app from: the debug binary the native tests built
/// (`cargo test` builds the package's binary for its integration tests), so that no release build
/// of the stub's dependencies is compiled only for this (about a minute cold on 2 cores). The same
/// `cargo test --no-run` again is a no-op that makes sure the binary is current. With
/// `--e2e-only`, `cargo build -p beian-stub`. `cargo xtask run` keeps the release build.
fn test_stub(e2e_only: bool) -> PathBuf {
    let mut cmd = Command::new("cargo");
    if e2e_only {
        say("building the stub API server (cargo build -p beian-stub)");
        cmd.args(["build", "-p", "beian-stub"]);
    } else {
        say("the stub API server: the debug binary the native tests built");
        cmd.args([
            "test",
            "--quiet",
            "--workspace",
            "--exclude",
            "beian",
            "--no-run",
        ]);
    }
    run(cmd.current_dir(root()), "building the stub API server");
    let bin = target_dir().join("debug/beian-stub");
    if !bin.is_file() {
        fail(&format!("no stub binary at {}", bin.display()));
    }
    bin
}

fn flag<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
}

fn cmd_dist(args: &[String]) {
    let base = flag(args, "--api-base");
    if let Some(b) = base {
        if !(b.starts_with("https://") || b.starts_with("http://")) {
            fail("--api-base must be an absolute http(s) URL without a trailing path, e.g. https://api.example.cn");
        }
    }
    tools::for_build();
    build_app(base);
    if let Err(problems) = build_paths::check_dist(&root().join("dist")) {
        fail(&format!(
            "the bundle contains paths of this machine:\n  {}",
            problems.join("\n  ")
        ));
    }
    say(&format!(
        "release bundle in {}",
        root().join("dist").display()
    ));
}

fn cmd_run(args: &[String]) {
    let port: u16 = flag(args, "--port")
        .map(|p| p.parse().unwrap_or_else(|_| fail("--port takes a number")))
        .unwrap_or(8080);
    tools::for_build();
    build_app(None);
    let stub = build_stub();
    let addr = format!("127.0.0.1:{port}");
    say(&format!(
        "starting the stub API with seeded data, serving the app from dist/ on http://{addr}"
    ));
    let mut child = Command::new(&stub)
        .args(["--addr", &addr, "--dist"])
        .arg(root().join("dist"))
        .spawn()
        .unwrap_or_else(|e| fail(&format!("cannot start {}: {e}", stub.display())));
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(&addr).is_err() {
        if Instant::now() > deadline || child.try_wait().ok().flatten().is_some() {
            let _ = child.kill();
            fail(&format!(
                "the stub did not start on {addr} (is the port in use? try --port)"
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    println!();
    println!("  App:          http://{addr}/");
    println!("  SMS outbox:   http://{addr}/sandbox/sms  (codes the stub \"sends\"; also printed below as [sms] lines)");
    println!("  Review desk:  http://{addr}/sandbox/reviews");
    println!("  API document: http://{addr}/api/openapi.json");
    println!("  Demo data:    tests/stub/README.md");
    println!("  Press Ctrl-C to stop.");
    println!();
    let _ = std::io::stdout().flush();
    // Ctrl-C reaches the stub too (same process group): it shuts down, and we follow.
    let _ = child.wait();
}

/// Test counts from one phase.
#[derive(Default, Clone, Copy)]
struct Counts {
    passed: u64,
    failed: u64,
    skipped: u64,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Self) {
        self.passed += o.passed;
        self.failed += o.failed;
        self.skipped += o.skipped;
    }
}

/// Runs a cargo test command, echoing its output and adding up its `test result:` lines.
fn cargo_tests(cmd: &mut Command, what: &str) -> Counts {
    say(what);
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| fail(&format!("{what}: {e}")));
    let mut counts = Counts::default();
    for line in BufReader::new(child.stdout.take().expect("piped"))
        .lines()
        .map_while(Result::ok)
    {
        println!("{line}");
        if let Some(rest) = line.trim().strip_prefix("test result: ") {
            let num = |key: &str| -> u64 {
                rest.split(';')
                    .find_map(|part| {
                        part.trim()
                            .strip_suffix(key)
                            .and_then(|n| n.trim().rsplit(' ').next())
                            .and_then(|n| n.parse().ok())
                    })
                    .unwrap_or(0)
            };
            counts.passed += num("passed");
            counts.failed += num("failed");
            counts.skipped += num("ignored");
        }
    }
    let status = child
        .wait()
        .unwrap_or_else(|e| fail(&format!("{what}: {e}")));
    if !status.success() && counts.failed == 0 {
        counts.failed += 1; // a build failure or a crash counts as a failure
        eprintln!("xtask: {what} failed ({status})");
    }
    counts
}

/// One row of the table `cargo xtask test` ends with: a phase, its wall time, its counts.
struct PhaseTime {
    name: String,
    secs: f64,
    counts: Option<Counts>,
    /// What ran at the same time (the phases that run beside others).
    beside: &'static str,
}

/// The phases of one `cargo xtask test` run, timed, and the counts added up.
#[derive(Default)]
struct Phases {
    rows: Vec<PhaseTime>,
    total: Counts,
}

impl Phases {
    /// Runs a phase that counts tests.
    fn run(&mut self, name: &str, f: impl FnOnce() -> Counts) {
        let started = Instant::now();
        let counts = f();
        self.add(name, started.elapsed(), Some(counts), "");
    }

    /// Runs a step that builds or installs (no tests of its own) and returns what it made.
    fn step<T>(&mut self, name: &str, f: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let out = f();
        self.add(name, started.elapsed(), None, "");
        out
    }

    fn add(&mut self, name: &str, took: Duration, counts: Option<Counts>, beside: &'static str) {
        if let Some(c) = counts {
            self.total += c;
        }
        self.rows.push(PhaseTime {
            name: name.to_owned(),
            secs: took.as_secs_f64(),
            counts,
            beside,
        });
    }

    /// The table: phase, seconds, counts; phases that ran beside others are marked, so the
    /// seconds add up to more than the wall time.
    fn print(&self, wall: Duration) {
        println!();
        println!(
            "{:<46} {:>7}  {:>6} {:>6} {:>7}",
            "phase", "seconds", "passed", "failed", "skipped"
        );
        for r in &self.rows {
            let counts = r.counts.map_or(String::new(), |c| {
                format!("{:>6} {:>6} {:>7}", c.passed, c.failed, c.skipped)
            });
            println!("{:<46} {:>7.0}  {counts}", r.name, r.secs);
            if !r.beside.is_empty() {
                println!("  (beside {})", r.beside);
            }
        }
        println!("{:<46} {:>7.0}", "wall time", wall.as_secs_f64());
    }
}

/// A phase run by this program as a child process (`xtask contract`) beside
/// the others, its output in a log that is printed when it is joined (so that it never
/// interleaves with the phase in front). Its counts come from its own `total:` line.
struct Beside {
    name: String,
    log: PathBuf,
    started: Instant,
    waiter: std::thread::JoinHandle<(std::io::Result<std::process::ExitStatus>, Instant)>,
}

impl Beside {
    fn start(name: &str, args: &[&std::ffi::OsStr], log: PathBuf) -> Beside {
        say(&format!(
            "{name}: started beside the next phases (output in {}, printed when it ends)",
            log.display()
        ));
        let exe = std::env::current_exe()
            .unwrap_or_else(|e| fail(&format!("cannot find this program: {e}")));
        let file = std::fs::File::create(&log)
            .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", log.display())));
        let err = file
            .try_clone()
            .unwrap_or_else(|e| fail(&format!("{}: {e}", log.display())));
        let mut child = Command::new(exe)
            .args(args)
            .stdin(Stdio::null())
            .stdout(file)
            .stderr(err)
            .spawn()
            .unwrap_or_else(|e| fail(&format!("cannot start {name}: {e}")));
        let waiter = std::thread::spawn(move || (child.wait(), Instant::now()));
        Beside {
            name: name.to_owned(),
            log,
            started: Instant::now(),
            waiter,
        }
    }

    /// Waits for it, prints its output, and adds its row to `phases`.
    fn join(self, phases: &mut Phases, beside: &'static str) {
        say(&format!("waiting for {} to end", self.name));
        let (status, ended) = self
            .waiter
            .join()
            .unwrap_or_else(|_| (Err(std::io::Error::other("lost")), Instant::now()));
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        println!("---- {} (ran beside {beside}) ----", self.name);
        print!("{text}");
        println!("---- end of {} ----", self.name);
        let mut counts = last_total(&text).unwrap_or_default();
        if !matches!(status, Ok(s) if s.success()) && counts.failed == 0 {
            eprintln!("xtask: {} failed ({status:?})", self.name);
            counts.failed = 1;
        }
        phases.add(
            &self.name,
            ended.duration_since(self.started),
            Some(counts),
            beside,
        );
    }
}

/// The counts of the last `total: N passed, N failed, N skipped` line of a command's output.
fn last_total(text: &str) -> Option<Counts> {
    let line = text.lines().rev().find_map(|l| l.strip_prefix("total: "))?;
    let num = |key: &str| -> u64 {
        line.split(',')
            .find_map(|part| part.trim().strip_suffix(key))
            .and_then(|n| n.trim().parse().ok())
            .unwrap_or(0)
    };
    Some(Counts {
        passed: num("passed"),
        failed: num("failed"),
        skipped: num("skipped"),
    })
}

/// Playwright workers for the end-to-end specs: one more than the cores (each worker's time is
/// mostly spent waiting on timers, the stub and the browser), at least 2; `BEIAN_E2E_WORKERS`
/// overrides it.
fn e2e_workers() -> usize {
    std::env::var("BEIAN_E2E_WORKERS")
        .ok()
        .and_then(|w| w.parse().ok())
        .filter(|&w| w > 0)
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get() + 1)
                .unwrap_or(2)
                .max(2)
        })
}

/// `cargo xtask test [--e2e-only] [-- PLAYWRIGHT ARGS]`. The order puts the phases that wait
/// beside the phases that compute (see docs/testing.md, "How long it takes"):
///
/// 1. tools; the format and lint gates; the native tests;
/// 2. the stub (the debug binary the native tests built); then the contract phase starts beside
///    what follows (it needs only the stub), as a child process;
/// 3. the browser unit tests (wasm-bindgen-test), the release bundle, the bundle paths check;
///    the contract phase is joined;
/// 4. the Playwright specs, then the WebKit walks.
///
/// Arguments after `--` go to Playwright (e.g. one spec file) and leave the other phases whole.
fn cmd_test(args: &[String]) {
    let started = Instant::now();
    let (own, playwright_args) = match args.iter().position(|a| a == "--") {
        Some(i) => (&args[..i], &args[i + 1..]),
        None => (args, &args[args.len()..]),
    };
    let e2e_only = own.iter().any(|a| a == "--e2e-only");
    let mut phases = Phases::default();
    phases.step("tools (install what is missing)", || {
        tools::for_build();
        tools::chromium();
        webkit::install();
        if !e2e_only {
            tools::lint_components();
        }
    });

    if !e2e_only {
        phases.run("gates: cargo fmt --check, cargo clippy", gates);
        phases.run("native tests (cargo test)", || {
            cargo_tests(
                Command::new("cargo")
                    .args([
                        "test",
                        "--no-fail-fast",
                        "--workspace",
                        "--exclude",
                        "beian",
                    ])
                    .current_dir(root()),
                "native tests (cargo test)",
            )
        });
    }

    let stub = phases.step("stub API server (debug build)", || test_stub(e2e_only));
    let artifacts = target_dir().join("xtask-test");
    let _ = std::fs::create_dir_all(&artifacts);
    let contract = Beside::start(
        "contract (schemathesis against the stub)",
        &["contract".as_ref(), "--stub-bin".as_ref(), stub.as_os_str()],
        artifacts.join("contract.log"),
    );

    if !e2e_only {
        phases.run("browser unit tests (wasm-bindgen-test)", || {
            let mut wasm = Command::new("cargo");
            wasm.args([
                "test",
                "--no-fail-fast",
                "-p",
                "beian",
                "--target",
                "wasm32-unknown-unknown",
            ])
            .current_dir(root())
            .env("PATH", tool_path())
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                "wasm-bindgen-test-runner",
            )
            .env("CHROMEDRIVER", "/usr/bin/chromedriver")
            .env("WASM_BINDGEN_TEST_TIMEOUT", "60");
            // The same wasm flags as the bundle's, so the two share their compiled dependencies.
            build_paths::apply(&mut wasm);
            cargo_tests(
                &mut wasm,
                "browser unit tests (wasm-bindgen-test in headless Chromium)",
            )
        });
    }

    phases.step("release bundle (trunk build --release)", || build_app(None));
    phases.run("bundle paths check", bundle_paths_check);
    contract.join(
        &mut phases,
        if e2e_only {
            "the bundle build"
        } else {
            "the browser unit tests and the bundle build"
        },
    );

    let workers = e2e_workers();
    phases.run(
        &format!("end-to-end specs (Playwright, {workers} workers)"),
        || e2e(&stub, workers, playwright_args),
    );
    // After the Playwright specs, not beside them: beside 3 workers on 2 cores (the machine loaded
    // by other builds), a Chromium test ran past its 30 s timeout; the walks take about 30 s.
    phases.run("WebKit walks", || {
        webkit::walks(&stub, &root().join("dist"))
    });

    phases.print(started.elapsed());
    let total = phases.total;
    println!();
    say(&format!(
        "all tests ran in {:.0} s",
        started.elapsed().as_secs_f64()
    ));
    println!(
        "total: {} passed, {} failed, {} skipped",
        total.passed, total.failed, total.skipped
    );
    if total.failed > 0 {
        std::process::exit(1);
    }
}

/// The format and lint gates: `cargo fmt --check` over the workspace and the fuzz crate, and
/// clippy with `-D warnings` over every crate and target (the app and the decoder worker for
/// wasm32, as they are built). Each gate counts as one test.
fn gates() -> Counts {
    let mut counts = Counts::default();
    let mut gate = |what: &str, cmd: &mut Command| {
        say(what);
        match cmd.current_dir(root()).status() {
            Ok(s) if s.success() => counts.passed += 1,
            _ => {
                eprintln!("xtask: {what} failed");
                counts.failed += 1;
            }
        }
    };
    gate(
        "format gate (cargo fmt --check; `cargo fmt --all` fixes it)",
        Command::new("cargo").args(["fmt", "--all", "--check"]),
    );
    gate(
        "format gate for the fuzz targets (fuzz/)",
        Command::new("cargo").args(["fmt", "--check", "--manifest-path", "fuzz/Cargo.toml"]),
    );
    gate(
        "lint gate, native crates (cargo clippy -D warnings)",
        Command::new("cargo").args([
            "clippy",
            "--workspace",
            "--exclude",
            "beian",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    );
    let mut wasm = Command::new("cargo");
    wasm.args([
        "clippy",
        "-p",
        "beian",
        "-p",
        "beian-scan-worker",
        "--all-targets",
        "--target",
        "wasm32-unknown-unknown",
        "--",
        "-D",
        "warnings",
    ]);
    build_paths::apply(&mut wasm);
    gate(
        "lint gate, the app and the decoder worker (wasm32, cargo clippy -D warnings)",
        &mut wasm,
    );
    counts
}

/// One test: no file of `dist/` holds a path of this machine (the repository, the target
/// directory, cargo's home): panic locations and `file!()` are remapped (build_paths.rs).
fn bundle_paths_check() -> Counts {
    say("checking the bundle for this machine's paths (dist/**)");
    match build_paths::check_dist(&root().join("dist")) {
        Ok(()) => {
            println!(
                "bundle paths: ok (none of {} found)",
                build_paths::needles().join(", ")
            );
            Counts {
                passed: 1,
                ..Counts::default()
            }
        }
        Err(problems) => {
            eprintln!(
                "bundle paths: FAILED, the bundle contains paths of this machine:\n  {}",
                problems.join("\n  ")
            );
            Counts {
                failed: 1,
                ..Counts::default()
            }
        }
    }
}

/// The Playwright specs with `workers` workers (`extra`: more arguments for Playwright); reads
/// their JSON report for the counts.
fn e2e(stub: &Path, workers: usize, extra: &[String]) -> Counts {
    say(&format!("end-to-end specs (Playwright in headless Chromium at phone viewports, against the stub; {workers} workers)"));
    let dir = root().join("tests/e2e");
    let report = dir.join(".artifacts/report.json");
    let _ = std::fs::remove_file(&report);
    let status = Command::new("npx")
        .args(["playwright", "test", &format!("--workers={workers}")])
        .args(extra)
        .current_dir(&dir)
        .env("PATH", tool_path())
        .env("BEIAN_STUB_BIN", stub)
        .env("BEIAN_DIST", root().join("dist"))
        .env("PLAYWRIGHT_JSON_OUTPUT_NAME", &report)
        .status();
    let mut counts = Counts::default();
    match std::fs::read_to_string(&report)
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
    {
        Some(json) => {
            let stat = |k: &str| json["stats"][k].as_u64().unwrap_or(0);
            counts.passed = stat("expected") + stat("flaky");
            counts.failed = stat("unexpected");
            counts.skipped = stat("skipped");
            println!(
                "e2e: {} passed, {} failed, {} skipped",
                counts.passed, counts.failed, counts.skipped
            );
        }
        None => counts.failed = 1,
    }
    if !matches!(status, Ok(s) if s.success()) && counts.failed == 0 {
        counts.failed = 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::last_total;

    #[test]
    fn a_phase_beside_is_counted_from_its_last_total_line() {
        let out = "contract: 29 operations\ntotal: 1 passed, 0 failed, 0 skipped\nxtask: again\ntotal: 28 passed, 2 failed, 1 skipped\nstopped Xvfb\n";
        let c = last_total(out).expect("a total line");
        assert_eq!((c.passed, c.failed, c.skipped), (28, 2, 1));
        assert!(last_total("xtask: error: schemathesis could not start\n").is_none());
    }
}
