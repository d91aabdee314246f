//! Entry point: only mounts the app (see `lib.rs` for the App and its routes).
fn main() {
    beian::start();
}
