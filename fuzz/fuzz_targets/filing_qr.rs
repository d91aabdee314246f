//! A scanned code into the vehicle filing QR payload parser. The check is `beian_fuzz_checks::filing_qr`
//! (also run on the committed seeds by `cargo test`). Run: `cargo xtask fuzz --only filing_qr`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| beian_fuzz_checks::filing_qr(data));
