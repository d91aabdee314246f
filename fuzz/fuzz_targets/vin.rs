//! A typed VIN. The check is `beian_fuzz_checks::vin`
//! (also run on the committed seeds by `cargo test`). Run: `cargo xtask fuzz --only vin`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| beian_fuzz_checks::vin(data));
