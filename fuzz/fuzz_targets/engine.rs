//! The typed last six characters of an engine number. The check is `beian_fuzz_checks::engine`
//! (also run on the committed seeds by `cargo test`). Run: `cargo xtask fuzz --only engine`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| beian_fuzz_checks::engine(data));
