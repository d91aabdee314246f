//! A typed plate number, for every plate type. The check is `beian_fuzz_checks::plate`
//! (also run on the committed seeds by `cargo test`). Run: `cargo xtask fuzz --only plate`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| beian_fuzz_checks::plate(data));
