//! A typed mobile number. The check is `beian_fuzz_checks::mobile`
//! (also run on the committed seeds by `cargo test`). Run: `cargo xtask fuzz --only mobile`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| beian_fuzz_checks::mobile(data));
