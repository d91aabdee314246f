//! A chosen file's first bytes into the picture header reader and the photo file check. The check is `beian_fuzz_checks::image_header`
//! (also run on the committed seeds by `cargo test`). Run: `cargo xtask fuzz --only image_header`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| beian_fuzz_checks::image_header(data));
