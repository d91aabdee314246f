//! A value read back from sessionStorage into each stored flow state. The check is `beian_fuzz_checks::stored_state`
//! (also run on the committed seeds by `cargo test`). Run: `cargo xtask fuzz --only stored_state`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| beian_fuzz_checks::stored_state(data));
