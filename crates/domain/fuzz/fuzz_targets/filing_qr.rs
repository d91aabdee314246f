//! Any scanned text into the vehicle filing QR payload parser: it never panics, an accepted code
//! round-trips through its canonical payload, and a code is only accepted with the exact prefix.
//! Run: `cd crates/domain && cargo +nightly fuzz run filing_qr -- -max_total_time=120`
#![no_main]

use beian_domain::{parse_filing_qr, FilingQrError};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match parse_filing_qr(&text) {
        Ok(q) => {
            assert!(text.trim().starts_with("BEIAN:1:"));
            assert_eq!(parse_filing_qr(&q.payload()).as_ref(), Ok(&q));
            assert!((16..=64).contains(&q.token().len()));
        }
        Err(FilingQrError::UnsupportedVersion { version }) => assert_ne!(version, 1),
        Err(_) => {}
    }
});
