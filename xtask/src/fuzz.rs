//! `cargo xtask fuzz [--seconds N] [--only TARGET]`: every cargo-fuzz target of the project for a
//! bounded time each (default 60 s), on its committed corpus, with a summary of executions and
//! crashes per target. Installs the nightly toolchain and cargo-fuzz when missing. Not part of
//! `cargo xtask test` (the committed seeds are replayed there, by `cargo test`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::{fail, root, say, tools};

/// The fuzz crates and their targets, in the order they run.
fn crates() -> Vec<(PathBuf, Vec<String>)> {
    [root().join("fuzz"), root().join("crates/scan/fuzz")]
        .into_iter()
        .map(|dir| {
            let toml = std::fs::read_to_string(dir.join("Cargo.toml"))
                .unwrap_or_else(|e| fail(&format!("{}: {e}", dir.display())));
            let mut targets = Vec::new();
            let mut in_bin = false;
            for line in toml.lines().map(str::trim) {
                if line.starts_with('[') {
                    in_bin = line == "[[bin]]";
                } else if let Some(name) = line.strip_prefix("name = \"").filter(|_| in_bin) {
                    targets.push(name.trim_end_matches('"').to_owned());
                }
            }
            (dir, targets)
        })
        .collect()
}

/// One target's outcome.
struct Outcome {
    target: String,
    runs: Option<u64>,
    crashed: bool,
}

pub fn cmd(args: &[String]) {
    let mut seconds = 60u64;
    let mut only: Option<String> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--seconds" => {
                seconds = it
                    .next()
                    .and_then(|s| s.parse().ok())
                    .unwrap_or_else(|| fail("--seconds needs a number"))
            }
            "--only" => {
                only = Some(
                    it.next()
                        .cloned()
                        .unwrap_or_else(|| fail("--only needs a target name")),
                )
            }
            other => fail(&format!(
                "unknown argument {other}; usage: cargo xtask fuzz [--seconds N] [--only TARGET]"
            )),
        }
    }
    tools::fuzzing();
    let mut outcomes = Vec::new();
    for (dir, targets) in crates() {
        for target in targets
            .iter()
            .filter(|t| only.as_deref().is_none_or(|o| o == t.as_str()))
        {
            outcomes.push(run_target(&dir, target, seconds));
        }
    }
    if outcomes.is_empty() {
        fail("no fuzz target of that name");
    }
    println!();
    for o in &outcomes {
        let runs = o.runs.map_or_else(|| "?".to_owned(), |r| r.to_string());
        println!(
            "fuzz {:<16} {:>12} executions  {}",
            o.target,
            runs,
            if o.crashed { "CRASH" } else { "no crash" }
        );
    }
    let crashes = outcomes.iter().filter(|o| o.crashed).count();
    println!(
        "fuzz total: {} targets, {seconds} s each, {} executions, {crashes} crashed",
        outcomes.len(),
        outcomes.iter().filter_map(|o| o.runs).sum::<u64>()
    );
    if crashes > 0 {
        fail("a fuzz target crashed: its input is under the crate's fuzz/artifacts/<target>/");
    }
}

fn run_target(dir: &Path, target: &str, seconds: u64) -> Outcome {
    say(&format!(
        "fuzzing {target} for {seconds} s ({})",
        dir.strip_prefix(root()).unwrap_or(dir).display()
    ));
    let corpus = dir.join("corpus").join(target);
    let _ = std::fs::create_dir_all(&corpus);
    // A scratch copy of the corpus receives what the fuzzer finds, so the committed seeds stay as
    // they are (new interesting inputs can be minimised and committed by hand).
    let scratch = dir.join("target").join("corpus-work").join(target);
    let _ = std::fs::create_dir_all(&scratch);
    let out = Command::new("cargo")
        .args(["+nightly", "fuzz", "run", target])
        .arg(&scratch)
        .arg(&corpus)
        .args([
            "--",
            &format!("-max_total_time={seconds}"),
            "-print_final_stats=1",
        ])
        .current_dir(dir)
        .stdout(Stdio::inherit())
        .stderr(Stdio::piped())
        .output()
        .unwrap_or_else(|e| fail(&format!("cargo fuzz could not start: {e}")));
    let log = String::from_utf8_lossy(&out.stderr);
    eprint!(
        "{}",
        log.lines()
            .filter(|l| !l.starts_with('#') || l.contains("DONE"))
            .map(|l| format!("{l}\n"))
            .collect::<String>()
    );
    let runs = log
        .lines()
        .filter_map(|l| l.strip_prefix("stat::number_of_executed_units:"))
        .filter_map(|v| v.trim().parse().ok())
        .next_back()
        .or_else(|| {
            log.lines()
                .filter_map(|l| l.strip_prefix('#')?.split_whitespace().next()?.parse().ok())
                .next_back()
        });
    Outcome {
        target: target.to_owned(),
        runs,
        crashed: !out.status.success(),
    }
}
