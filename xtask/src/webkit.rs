//! The WebKit walks: the shared walks of `tests/e2e/walks` in WebKitGTK's MiniBrowser, driven over
//! W3C WebDriver by `WebKitWebDriver` under a virtual X server.
//!
//! - installs Debian `webkit2gtk-driver` (WebKitWebDriver; it pulls in libwebkit2gtk with its
//!   MiniBrowser) and `xvfb` when missing;
//! - starts Xvfb on a display it picks itself (`-displayfd`) and WebKitWebDriver on a free port;
//! - runs `npx playwright test --config webkit.config.ts` (Playwright as the test runner only: the
//!   walks drive WebKit through selenium-webdriver, see `tests/e2e/ui-webdriver.ts`) and reads its
//!   JSON report for the counts;
//! - stops the driver (and any browser it left) and Xvfb by PID, on success, on failure and on a panic
//!   (`Background`'s `Drop`).
//!
//! `cargo xtask webkit [--stub-bin PATH] [--dist DIR]` runs only this phase against an existing build.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{fail, root, say, tool_path, tools, Counts};

/// GTK style for MiniBrowser's own window (not the page): shrinks its toolbar so that the window can
/// be as narrow as a phone. Without it GTK keeps the window at least ~447 px wide.
const GTK_CSS: &str = "* { font-size: 1px; padding: 0; margin: 0; min-width: 0; min-height: 0; border-width: 0; -gtk-icon-transform: scale(0.2); }\n";

/// WebKitWebDriver and Xvfb, when missing.
pub fn install() {
    tools::debian(&[
        ("webkit2gtk-driver", "/usr/bin/WebKitWebDriver"),
        ("xvfb", "/usr/bin/Xvfb"),
    ]);
}

/// MiniBrowser, WebKitGTK's test browser: `BEIAN_MINIBROWSER`, else the first one found in the
/// library directories (the multiarch triplet and the API version vary between distributions).
fn minibrowser() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("BEIAN_MINIBROWSER").map(PathBuf::from) {
        return p.is_file().then_some(p);
    }
    let apis = ["webkit2gtk-4.1", "webkitgtk-6.0", "webkit2gtk-4.0"];
    let mut dirs: Vec<PathBuf> = Vec::new();
    for base in [
        "/usr/lib",
        "/usr/lib64",
        "/usr/libexec",
        "/usr/local/lib",
        "/usr/local/libexec",
    ] {
        dirs.push(PathBuf::from(base));
        if let Ok(entries) = std::fs::read_dir(base) {
            let mut subs: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect();
            subs.sort();
            dirs.extend(subs);
        }
    }
    apis.iter()
        .flat_map(|api| dirs.iter().map(move |d| d.join(api).join("MiniBrowser")))
        .find(|p| p.is_file())
}

/// A background process that is stopped, with whatever it started, when this goes out of scope.
struct Background {
    name: &'static str,
    child: Child,
}

impl Background {
    fn pid(&self) -> u32 {
        self.child.id()
    }
}

/// The PIDs of `pid`'s descendants (read from /proc), children before their parents' siblings.
fn descendants(pid: u32) -> Vec<u32> {
    let mut parents: Vec<(u32, u32)> = Vec::new();
    if let Ok(entries) = std::fs::read_dir("/proc") {
        for e in entries.filter_map(Result::ok) {
            let Some(p) = e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(e.path().join("stat")) else {
                continue;
            };
            // pid (comm) state ppid ...: comm may hold spaces, so read after the last ')'.
            let ppid = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(1))
                .and_then(|s| s.parse().ok());
            if let Some(ppid) = ppid {
                parents.push((p, ppid));
            }
        }
    }
    let mut out = Vec::new();
    let mut queue = vec![pid];
    while let Some(q) = queue.pop() {
        for &(p, pp) in &parents {
            if pp == q && !out.contains(&p) {
                out.push(p);
                queue.push(p);
            }
        }
    }
    out
}

fn signal(pid: u32, sig: &str) {
    let _ = Command::new("kill")
        .args([sig, &pid.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

impl Drop for Background {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(Some(_))) {
            return;
        }
        // Browsers a session left behind (a walk that failed before quitting) go first.
        let leftovers = descendants(self.pid());
        for &p in &leftovers {
            signal(p, "-TERM");
        }
        signal(self.pid(), "-TERM");
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        if !matches!(self.child.try_wait(), Ok(Some(_))) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        for &p in &leftovers {
            if Path::new(&format!("/proc/{p}")).exists() {
                signal(p, "-KILL");
            }
        }
        say(&format!("stopped {} (pid {})", self.name, self.pid()));
    }
}

/// Xvfb on a display it chooses (it writes the number to our stdout pipe when ready).
fn start_xvfb(log: &Path) -> Result<(Background, String), String> {
    let log_file =
        std::fs::File::create(log).map_err(|e| format!("cannot write {}: {e}", log.display()))?;
    let child = Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1280x1024x24",
            "-nolisten",
            "tcp",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(log_file)
        .spawn()
        .map_err(|e| format!("cannot start Xvfb: {e}"))?;
    let mut xvfb = Background {
        name: "Xvfb",
        child,
    };
    let stdout = xvfb.child.stdout.take().expect("piped");
    // Read the display number on a thread, so that a silent Xvfb cannot hang us.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    match rx.recv_timeout(Duration::from_secs(20)) {
        Ok(line) if line.trim().parse::<u32>().is_ok() => {
            let display = format!(":{}", line.trim());
            say(&format!("Xvfb on display {display} (pid {})", xvfb.pid()));
            Ok((xvfb, display))
        }
        _ => {
            let _ = xvfb.child.try_wait();
            Err(format!(
                "Xvfb did not report a display within 20 s (see {})",
                log.display()
            ))
        }
    }
}

fn free_port() -> Result<u16, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}

/// WebKitWebDriver on a free port, on `display`, with the GTK style and an English-language locale
/// (MiniBrowser inherits its environment: `navigator.language` is then `en-US`, as the Chromium
/// specs' English browser).
fn start_driver(display: &str, gtk_config: &Path, log: &Path) -> Result<(Background, u16), String> {
    let mut last = String::new();
    for _ in 0..3 {
        let port = free_port()?;
        let log_file = std::fs::File::create(log)
            .map_err(|e| format!("cannot write {}: {e}", log.display()))?;
        let child = Command::new("WebKitWebDriver")
            .arg(format!("--port={port}"))
            // A session a failed walk could not close must not block the next walk's.
            .arg("--replace-on-new-session")
            .env("DISPLAY", display)
            .env("XDG_CONFIG_HOME", gtk_config)
            .env("LANG", "en_US.UTF-8")
            .env("LANGUAGE", "en_US")
            .env_remove("WAYLAND_DISPLAY")
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().map_err(|e| e.to_string())?)
            .stderr(log_file)
            .spawn()
            .map_err(|e| format!("cannot start WebKitWebDriver: {e}"))?;
        let mut driver = Background {
            name: "WebKitWebDriver",
            child,
        };
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                say(&format!(
                    "WebKitWebDriver on http://127.0.0.1:{port} (pid {})",
                    driver.pid()
                ));
                return Ok((driver, port));
            }
            if let Ok(Some(status)) = driver.child.try_wait() {
                last = format!(
                    "WebKitWebDriver exited with {status} (see {})",
                    log.display()
                );
                break; // the port may have been taken meanwhile: try another
            }
            if Instant::now() > deadline {
                last = format!(
                    "WebKitWebDriver did not listen on port {port} within 15 s (see {})",
                    log.display()
                );
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    Err(last)
}

/// Runs the WebKit walks against the stub binary `stub` serving the release build in `dist`.
/// Never exits the process: whatever goes wrong counts as a failure, after Xvfb and the driver stop.
pub fn walks(stub: &Path, dist: &Path) -> Counts {
    say("WebKit walks (WebKitGTK MiniBrowser over WebDriver, 390×844, against the stub)");
    install();
    let failed = |why: String| {
        eprintln!("xtask: WebKit walks: {why}");
        println!("webkit: 0 passed, 1 failed, 0 skipped");
        Counts {
            passed: 0,
            failed: 1,
            skipped: 0,
        }
    };
    let Some(browser) = minibrowser() else {
        return failed("MiniBrowser not found (it ships with libwebkit2gtk-4.1-0; set BEIAN_MINIBROWSER to its path)".into());
    };
    let dir = root().join("tests/e2e");
    let artifacts = dir.join(".artifacts");
    let gtk_config = artifacts.join("webkit-gtk");
    if let Err(e) = std::fs::create_dir_all(gtk_config.join("gtk-3.0"))
        .and_then(|_| std::fs::write(gtk_config.join("gtk-3.0/gtk.css"), GTK_CSS))
    {
        return failed(format!(
            "cannot write the GTK style under {}: {e}",
            gtk_config.display()
        ));
    }
    let (_xvfb, display) = match start_xvfb(&artifacts.join("webkit-xvfb.log")) {
        Ok(x) => x,
        Err(e) => return failed(e),
    };
    // Declared after Xvfb, so dropped (stopped) before it.
    let (_driver, port) =
        match start_driver(&display, &gtk_config, &artifacts.join("webkit-driver.log")) {
            Ok(d) => d,
            Err(e) => return failed(e),
        };

    let report = artifacts.join("webkit-report.json");
    let _ = std::fs::remove_file(&report);
    let _ = std::io::stdout().flush();
    let status = Command::new("npx")
        .args(["playwright", "test", "--config", "webkit.config.ts"])
        .current_dir(&dir)
        .env("PATH", tool_path())
        .env("BEIAN_STUB_BIN", stub)
        .env("BEIAN_DIST", dist)
        .env("BEIAN_WEBKIT_DRIVER", format!("http://127.0.0.1:{port}"))
        .env("BEIAN_MINIBROWSER", &browser)
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
        }
        None => {
            eprintln!("xtask: WebKit walks: no report at {}", report.display());
            counts.failed = 1;
        }
    }
    if !matches!(status, Ok(s) if s.success()) && counts.failed == 0 {
        eprintln!("xtask: WebKit walks: the runner failed ({status:?})");
        counts.failed = 1;
    }
    if counts.passed + counts.failed + counts.skipped == 0 {
        eprintln!("xtask: WebKit walks: no walk ran");
        counts.failed = 1;
    }
    println!(
        "webkit: {} passed, {} failed, {} skipped",
        counts.passed, counts.failed, counts.skipped
    );
    counts
}

/// `cargo xtask webkit [--stub-bin PATH] [--dist DIR]`: only the WebKit walks, against an existing
/// stub binary and release build (defaults: `target/release/beian-stub` and `dist/`).
pub fn cmd(args: &[String]) {
    let stub = crate::flag(args, "--stub-bin")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::target_dir().join("release/beian-stub"));
    let dist = crate::flag(args, "--dist")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("dist"));
    if !stub.is_file() {
        fail(&format!("no stub binary at {} (build it: cargo build --release -p beian-stub, or pass --stub-bin)", stub.display()));
    }
    if !dist.join("index.html").is_file() {
        fail(&format!(
            "no release build in {} (build it: cargo xtask dist, or pass --dist)",
            dist.display()
        ));
    }
    tools::npm_packages();
    let counts = walks(&stub, &dist);
    println!(
        "total: {} passed, {} failed, {} skipped",
        counts.passed, counts.failed, counts.skipped
    );
    if counts.failed > 0 {
        std::process::exit(1);
    }
}
