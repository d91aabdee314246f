//! Typed or pasted text (a whole SMS) into the SMS code parser. The check is `beian_fuzz_checks::sms_code`
//! (also run on the committed seeds by `cargo test`). Run: `cargo xtask fuzz --only sms_code`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| beian_fuzz_checks::sms_code(data));
