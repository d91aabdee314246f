//! The payment flow's state machine lives in [`beian_flow::payment`] (plain Rust, tested and
//! fuzzed natively); here it is kept in this tab's sessionStorage ([`keys::PAYMENT`]).

pub use beian_flow::payment::*;

use crate::storage::{keys, InSession};

impl InSession for Payment {
    const KEY: &'static str = keys::PAYMENT;
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn survives_a_reload() {
        let mut p = Payment::default();
        p.agreed("2025.1");
        p.save();
        assert_eq!(Payment::load(), p);
        Payment::clear_stored();
        assert_eq!(Payment::load(), Payment::default());
    }
}
