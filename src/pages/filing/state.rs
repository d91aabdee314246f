//! The filing wizard's state machine lives in [`beian_flow::filing`] (plain Rust, tested and
//! fuzzed natively); here it is kept in this tab's sessionStorage ([`keys::FILING`]).

pub use beian_flow::filing::*;

use crate::storage::{keys, InSession};

impl InSession for Wizard {
    const KEY: &'static str = keys::FILING;
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn it_survives_a_reload_and_a_damaged_value_reads_as_a_fresh_wizard() {
        let mut w = Wizard::default();
        w.choose_method(MethodKind::Sms);
        w.set_plate_type("02");
        w.set_vehicle(Some('粤'), "b67890", "305118");
        w.save();
        assert_eq!(Wizard::load(), w);
        let storage = web_sys::window()
            .unwrap()
            .session_storage()
            .unwrap()
            .unwrap();
        storage
            .set_item(keys::FILING, "{\"method_chosen\": \"yes\"")
            .unwrap();
        assert_eq!(Wizard::load(), Wizard::default());
        Wizard::clear_stored();
        assert_eq!(Wizard::load(), Wizard::default());
    }
}
