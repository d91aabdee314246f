//! A panic must not leave a blank page. The "something went wrong" screen (short, bilingual, a
//! reload button; plain DOM, the app itself is gone) is drawn by `index.html`'s boot script, not
//! here: every panic in WASM ends in a trap (`unreachable`), which reaches the page as an uncaught
//! `WebAssembly.RuntimeError` (window `error`, or `unhandledrejection` from a future), and the
//! script shows the screen for that.
//!
//! The release build aborts at once on a panic (`-Cpanic=immediate-abort`, xtask/src/split.rs:
//! no panic messages, no formatting machinery in the first load), so no hook runs there. Other
//! builds (debug, the browser unit tests) keep a hook that puts the panic's message on the console
//! before the trap; no personal data is ever in a panic message (inputs are not formatted into
//! panics).

/// Installs the panic hook where there is one to install (not in the release build).
pub fn install() {
    #[cfg(not(panic = "immediate-abort"))]
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("beian: {info}").into());
    }));
}
