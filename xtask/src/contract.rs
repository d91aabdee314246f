//! The contract phase of `cargo xtask test`: schemathesis, a generic OpenAPI contract tester,
//! against the stub. It reads the document the stub serves (`/api/openapi.json`), generates
//! requests from it (valid ones, and ones that break a stated rule), follows the document's links
//! in its stateful phase, and checks every answer: no server error, status and body as documented,
//! schema-valid requests accepted, schema-breaking ones refused. Bounded and seeded, so a run
//! takes a few minutes on 2 cores and repeats.
//!
//! schemathesis is installed from PyPI at a pinned version into a project-local virtualenv
//! (`target/schemathesis-venv`), only when it is missing or at another version. Its settings are in
//! `tests/contract/schemathesis.toml`, its extra check in `tests/contract/hooks.py`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::{fail, root, run, say, target_dir, Counts};

/// The schemathesis release the phase runs (4.x).
pub const SCHEMATHESIS_VERSION: &str = "4.32.5";
/// Test cases per operation and phase.
const MAX_EXAMPLES: &str = "30";
/// Fixed seed: the same cases every run.
const SEED: &str = "20261205";
/// The demo user the run signs in as (tests/stub/README.md): filed vehicles, violations, decisions.
const DEMO_PHONE: &str = "13800138000";

fn venv() -> PathBuf {
    target_dir().join("schemathesis-venv")
}

fn version_of(bin: &Path) -> Option<String> {
    let out = Command::new(bin).arg("--version").output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// schemathesis at the pinned version, in `target/schemathesis-venv`; returns its binary.
pub fn install() -> PathBuf {
    let venv = venv();
    let bin = venv.join("bin/schemathesis");
    if version_of(&bin).is_some_and(|v| v.ends_with(&format!(" {SCHEMATHESIS_VERSION}"))) {
        return bin;
    }
    if !venv.join("bin/python").exists() {
        say(&format!(
            "creating a Python virtualenv for schemathesis in {} (python3 -m venv)",
            venv.display()
        ));
        run(
            Command::new("python3").arg("-m").arg("venv").arg(&venv),
            "python3 -m venv (is python3-venv installed?)",
        );
    }
    say(&format!("installing schemathesis {SCHEMATHESIS_VERSION} from PyPI into that virtualenv (pip install; about a minute)"));
    run(
        Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .arg(format!("schemathesis=={SCHEMATHESIS_VERSION}")),
        "pip install schemathesis",
    );
    bin
}

/// The stub, started for this phase and stopped (by PID) when dropped: on success and failure.
struct Stub {
    child: Child,
    addr: String,
}

impl Drop for Stub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Stub {
    /// Starts the stub on a free port; its output goes to `log` (it prints every SMS).
    fn start(bin: &Path, log: &Path) -> Result<Stub, String> {
        let mut child = Command::new(bin)
            .args(["--addr", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
        let stdout = child.stdout.take().expect("piped");
        let mut lines = BufReader::new(stdout).lines();
        let first = lines.next().and_then(Result::ok).unwrap_or_default();
        let mut stub = Stub {
            child,
            addr: String::new(),
        };
        stub.addr = first
            .strip_prefix("beian-stub listening on http://")
            .ok_or_else(|| format!("the stub did not start (it printed {first:?})"))?
            .trim()
            .to_string();
        let mut file = std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                let _ = writeln!(file, "{line}");
            }
        });
        Ok(stub)
    }

    /// One HTTP/1.1 request; returns the status and the body.
    fn call(&self, method: &str, path: &str, body: Option<&str>) -> Result<(u16, String), String> {
        let mut conn = TcpStream::connect(&self.addr).map_err(|e| format!("{}: {e}", self.addr))?;
        conn.set_read_timeout(Some(Duration::from_secs(10))).ok();
        let body = body.unwrap_or("");
        write!(
            conn,
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.addr,
            body.len()
        )
        .map_err(|e| e.to_string())?;
        let mut answer = String::new();
        conn.read_to_string(&mut answer)
            .map_err(|e| e.to_string())?;
        let status = answer
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or("no status line")?;
        let body = answer
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        Ok((status, body))
    }

    /// The demo sign-in: ask for a code, read it from the sandbox SMS outbox, sign in.
    fn sign_in(&self, phone: &str) -> Result<String, String> {
        let json = |text: &str| {
            serde_json::from_str::<serde_json::Value>(text).map_err(|e| format!("{e}: {text}"))
        };
        let (status, text) = self.call(
            "POST",
            "/api/session/code",
            Some(&format!(r#"{{"phone":"{phone}"}}"#)),
        )?;
        if status != 200 {
            return Err(format!("POST /api/session/code answered {status}: {text}"));
        }
        let challenge = json(&text)?["challenge_id"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let (_, text) = self.call("GET", &format!("/sandbox/sms?to={phone}"), None)?;
        let outbox = json(&text)?;
        let code = outbox["messages"]
            .as_array()
            .and_then(|m| m.iter().rev().find(|m| m["purpose"] == "sign_in"))
            .and_then(|m| m["code"].as_str())
            .ok_or("no sign-in code in the SMS outbox")?
            .to_string();
        let (status, text) = self.call(
            "POST",
            "/api/session",
            Some(&format!(
                r#"{{"challenge_id":"{challenge}","code":"{code}"}}"#
            )),
        )?;
        if status != 200 {
            return Err(format!("POST /api/session answered {status}: {text}"));
        }
        json(&text)?["token"]
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| "no token".to_string())
    }
}

/// Figures of schemathesis runs: from the JSON report, and the stateful phase's lines of its output.
#[derive(Default)]
struct Figures {
    operations: u64,
    operations_failed: u64,
    cases: u64,
    failures: u64,
    scenarios: u64,
    links_covered: u64,
    links_total: u64,
}

impl std::ops::AddAssign for Figures {
    fn add_assign(&mut self, o: Self) {
        self.operations += o.operations;
        self.operations_failed += o.operations_failed;
        self.cases += o.cases;
        self.failures += o.failures;
        self.scenarios += o.scenarios;
        self.links_covered += o.links_covered;
        self.links_total = self.links_total.max(o.links_total);
    }
}

fn read_report(report: &Path, figures: &mut Figures) -> Option<()> {
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(report).ok()?).ok()?;
    let n = |v: &serde_json::Value| v.as_u64().unwrap_or(0);
    figures.operations = n(&json["operations"]["tested"]);
    figures.cases = n(&json["test_cases"]["generated"]);
    let failures = json["failures"].as_array()?;
    figures.failures = failures.iter().map(|f| n(&f["count"])).sum::<u64>()
        + json["errors"].as_array().map_or(0, |e| e.len() as u64);
    let mut failed: Vec<&str> = failures
        .iter()
        .flat_map(|f| f["operations"].as_array().into_iter().flatten())
        .filter_map(|o| o.as_str())
        .collect();
    failed.sort_unstable();
    failed.dedup();
    figures.operations_failed = failed.len() as u64;
    Some(())
}

/// One schemathesis run of `phases` over the operations `filter` selects, its output echoed.
fn schemathesis(
    bin: &Path,
    stub: &Stub,
    token: &str,
    phases: &str,
    filter: &[&str],
    report: &Path,
) -> Result<Figures, String> {
    let _ = std::fs::remove_file(report);
    let dir = root().join("tests/contract");
    let mut child = Command::new(bin)
        .arg("--no-color")
        .arg("--config-file")
        .arg(dir.join("schemathesis.toml"))
        .arg("run")
        .arg(format!("http://{}/api/openapi.json", stub.addr))
        .args(["--url", &format!("http://{}", stub.addr)])
        .args([
            "--checks",
            "all",
            "--max-examples",
            MAX_EXAMPLES,
            "--seed",
            SEED,
            "--phases",
            phases,
            "--workers",
            "1",
        ])
        .args(["--header", &format!("Authorization: Bearer {token}")])
        .args(["--exclude-tag", "sandbox"])
        .args(filter)
        .args(["--report", "json", "--report-json-path"])
        .arg(report)
        .env("SCHEMATHESIS_HOOKS", dir.join("hooks.py"))
        .env("BEIAN_STUB_URL", format!("http://{}", stub.addr))
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run schemathesis: {e}"))?;
    let mut figures = Figures::default();
    for line in BufReader::new(child.stdout.take().expect("piped"))
        .lines()
        .map_while(Result::ok)
    {
        println!("{line}");
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["Scenarios:", n, ..] => figures.scenarios = n.parse().unwrap_or(0),
            // "API Links:    2 covered / 57 selected / 58 total (6 inferred)"
            ["API", "Links:", covered, "covered", "/", _, "selected", "/", total, "total", ..] => {
                figures.links_covered = covered.parse().unwrap_or(0);
                figures.links_total = total.parse().unwrap_or(0);
            }
            _ => {}
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    read_report(report, &mut figures)
        .ok_or_else(|| format!("schemathesis wrote no report ({status})"))?;
    if !status.success() && figures.failures == 0 {
        return Err(format!(
            "schemathesis failed ({status}) without reporting a failure"
        ));
    }
    Ok(figures)
}

/// Back to the seeded world (this also ends every session).
fn reset(stub: &Stub) -> Result<(), String> {
    match stub.call("POST", "/sandbox/reset", None)? {
        (204, _) => Ok(()),
        (s, body) => Err(format!("POST /sandbox/reset answered {s}: {body}")),
    }
}

/// The phase: starts the stub; signed in as the demo user, runs the generated cases
/// (examples, coverage, fuzzing), then, in the seeded world again, the stateful phase (which
/// follows the document's links from the demo user's vehicles, violations and messages), then
/// sign-out apart with a session of its own (it ends the session it is given); stops the stub.
/// No link leads to unbinding a vehicle (`DELETE /api/vehicles/{id}`): the stateful phase runs its
/// scenarios in one world, and the first unbinding would take from every later scenario the
/// vehicles, violations and decisions its links start from.
pub fn phase(stub_bin: &Path) -> Counts {
    say(&format!(
        "contract: schemathesis {SCHEMATHESIS_VERSION} against the stub (all checks, {MAX_EXAMPLES} examples per operation, seed {SEED}, stateful phase on)"
    ));
    let started = Instant::now();
    let bin = install();
    let out = target_dir().join("contract");
    let _ = std::fs::create_dir_all(&out);
    let sign_out = "DELETE /api/session";
    let result = (|| -> Result<Figures, String> {
        let stub = Stub::start(stub_bin, &out.join("stub.log"))?;
        let token = stub.sign_in(DEMO_PHONE)?;
        let mut all = schemathesis(
            &bin,
            &stub,
            &token,
            "examples,coverage,fuzzing",
            &["--exclude-name", sign_out],
            &out.join("report.json"),
        )?;
        reset(&stub)?;
        let token = stub.sign_in(DEMO_PHONE)?;
        let stateful = schemathesis(
            &bin,
            &stub,
            &token,
            "stateful",
            &["--exclude-name", sign_out],
            &out.join("report-stateful.json"),
        )?;
        // The same operations again: count them once.
        all.failures += stateful.failures;
        all.operations_failed += stateful.operations_failed;
        all.cases += stateful.cases;
        all.scenarios += stateful.scenarios;
        all.links_covered += stateful.links_covered;
        all.links_total = all.links_total.max(stateful.links_total);
        reset(&stub)?;
        let token = stub.sign_in(DEMO_PHONE)?;
        all += schemathesis(
            &bin,
            &stub,
            &token,
            "examples,coverage,fuzzing",
            &["--include-name", sign_out],
            &out.join("report-sign-out.json"),
        )?;
        Ok(all)
    })();
    let mut counts = Counts::default();
    match result {
        Ok(f) => {
            println!(
                "contract: {} operations tested, {} cases generated, {} stateful scenarios, {}/{} links covered, {} failures ({} operations failed), in {:.0} s",
                f.operations,
                f.cases,
                f.scenarios,
                f.links_covered,
                f.links_total,
                f.failures,
                f.operations_failed,
                started.elapsed().as_secs_f64()
            );
            counts.failed = f.failures;
            counts.passed = f
                .operations
                .saturating_sub(f.operations_failed.min(f.operations));
        }
        Err(why) => {
            eprintln!("xtask: contract phase: {why}");
            counts.failed = 1;
        }
    }
    counts
}

/// `cargo xtask contract [--stub-bin PATH]`: the phase alone (builds the stub unless given one).
pub fn cmd(args: &[String]) {
    let stub = match crate::flag(args, "--stub-bin") {
        Some(p) => PathBuf::from(p),
        None => crate::build_stub(),
    };
    let counts = phase(&stub);
    println!(
        "total: {} passed, {} failed, {} skipped",
        counts.passed, counts.failed, counts.skipped
    );
    if counts.failed > 0 {
        fail("the contract phase found failures");
    }
}
