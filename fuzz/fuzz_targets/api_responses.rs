//! An API answer body into every response type the app decodes, and the error envelope. The check is `beian_fuzz_checks::api_responses`
//! (also run on the committed seeds by `cargo test`). Run: `cargo xtask fuzz --only api_responses`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| beian_fuzz_checks::api_responses(data));
