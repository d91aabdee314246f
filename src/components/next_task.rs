//! Rendering part of the page in a later task, so that starting the app is several short tasks
//! instead of one long one.
//!
//! Most of the start-up is the browser compiling the wasm functions as they first run (V8
//! compiles lazily, on the main thread). While one task runs the page cannot paint or answer a
//! tap; split at a few points, the browser gets a turn between them (Lighthouse's Total Blocking
//! Time counts only what each task takes over 50 ms). Used once per start: around the session and
//! frame (lib.rs) and around the routed page (layout.rs); moving between pages does not pass here.

use std::time::Duration;

use leptos::prelude::*;

/// Renders `children` once, in a task after the current one (`setTimeout(0)`).
#[component]
pub fn NextTask(
    /// What to render in the next task.
    children: Children,
) -> impl IntoView {
    let (ready, set_ready) = signal(false);
    set_timeout(move || _ = set_ready.try_set(true), Duration::ZERO);
    let children = StoredValue::new_local(Some(children));
    // `untrack`: what the children read while they are built must not make this closure run again
    // (it would find them taken and leave the place empty).
    move || {
        ready.get().then(|| {
            untrack(|| {
                children
                    .try_update_value(Option::take)
                    .flatten()
                    .map(|render| render())
            })
        })
    }
}
