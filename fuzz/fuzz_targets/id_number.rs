//! A typed resident ID number. The check is `beian_fuzz_checks::id_number`
//! (also run on the committed seeds by `cargo test`). Run: `cargo xtask fuzz --only id_number`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| beian_fuzz_checks::id_number(data));
