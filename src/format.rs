//! How money and times read on screen, shared by every page (violations, payment, receipt,
//! messages) so that none of them imports another's.

use beian_domain::Fen;

/// Money for display: `¥200.00`.
pub fn yuan(fen: i64) -> String {
    format!("¥{}", Fen(fen).yuan_string())
}

/// A timestamp for display, China time as the server sent it: `2026-11-20 08:30`.
pub fn when(rfc3339: &str) -> String {
    rfc3339.replacen('T', " ", 1).chars().take(16).collect()
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn money_and_times_read_as_on_the_receipt() {
        assert_eq!(yuan(20_000), "¥200.00");
        assert_eq!(yuan(10_350), "¥103.50");
        assert_eq!(when("2026-11-20T08:30:00+08:00"), "2026-11-20 08:30");
    }
}
