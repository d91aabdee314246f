//! Every committed fuzz corpus seed (`fuzz/corpus/<target>/*`) through the check of its target,
//! in the normal `cargo test`, so a crash once found and fixed stays fixed without a fuzzer.

use std::path::PathBuf;

#[test]
fn every_committed_seed_passes_its_targets_check() {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus");
    let mut total = 0;
    for (name, check) in beian_fuzz_checks::TARGETS {
        let dir = corpus.join(name);
        let mut seeds: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .collect();
        seeds.sort();
        assert!(!seeds.is_empty(), "target {name} has no committed seed");
        for seed in seeds {
            let data = std::fs::read(&seed).unwrap();
            check(&data);
            total += 1;
        }
    }
    assert!(total >= beian_fuzz_checks::TARGETS.len());
}

#[test]
fn every_target_has_a_fuzz_target_file() {
    let targets = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/fuzz_targets");
    for (name, _) in beian_fuzz_checks::TARGETS {
        assert!(
            targets.join(format!("{name}.rs")).is_file(),
            "fuzz/fuzz_targets/{name}.rs is missing"
        );
    }
}

#[test]
fn the_stored_state_seeds_are_what_the_app_stores() {
    use beian_flow::{
        filing::Wizard,
        parse_stored,
        payment::Payment,
        session::{SessionData, SignInPending},
    };
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/stored_state");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    assert!(parse_stored::<SessionData>(&read("session")).is_ok());
    assert!(parse_stored::<SignInPending>(&read("sign-in-pending")).is_ok());
    for w in [
        "wizard-sms-owner-code",
        "wizard-qr-photos",
        "wizard-documents",
    ] {
        let current = parse_stored::<Wizard>(&read(w));
        assert!(current.is_ok(), "{w}");
        // What an earlier version stored (the flat shape) reads as the same wizard.
        let legacy = parse_stored::<Wizard>(&read(&format!("legacy-{w}")));
        assert_eq!(legacy, current, "legacy-{w}");
        // And the seed is exactly what this version writes.
        assert_eq!(
            beian_flow::to_stored(current.as_ref().unwrap()).as_deref(),
            Some(read(w).trim_end()),
            "{w}"
        );
    }
    for p in ["payment-check", "payment-rules"] {
        assert!(parse_stored::<Payment>(&read(p)).is_ok(), "{p}");
    }
    assert!(parse_stored::<Wizard>(&read("damaged")).is_err());
    assert!(parse_stored::<Wizard>(&read("wrong-type")).is_err());
}
