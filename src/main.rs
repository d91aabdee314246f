//! Entry point: only mounts the app (see `lib.rs` for the App and its routes).
fn main() {
    beian::start();
}

/// Panics, so the end-to-end specs can check that a panic in WASM shows the recoverable crash
/// screen ([`beian::panic`]) in the real build, as it aborts. It is reachable only from
/// script on the page (`window.wasmBindings.__beian_panic_for_tests()`), never from the UI, and does
/// nothing a user's own devtools could not do.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn __beian_panic_for_tests() {
    panic!("a panic requested by a test");
}
