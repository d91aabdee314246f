//! Rendering part of the page in a later task, so that a long render is several short tasks
//! instead of one long one.
//!
//! Most of a first render is the browser compiling the wasm functions as they first run (V8
//! compiles lazily, on the main thread). While one task runs the page cannot paint or answer a
//! tap; split at a few points, the browser gets a turn between them (Lighthouse's Total Blocking
//! Time counts only what each task takes over 50 ms). Used around the session and frame (lib.rs),
//! around the routed page (layout.rs, once per start: moving between pages does not pass there),
//! and to stage a heavy page (the QR scan step: its heading first, the camera next, the photo
//! route once that has been painted).

use std::time::Duration;

use leptos::prelude::*;

/// Renders `children` once, in a task after the current one (`setTimeout(0)`); with
/// `after_paint`, in a task after the next frame (`requestAnimationFrame`, then `setTimeout(0)`),
/// so that what is on screen now is painted first and the children's render and layout are a
/// task of their own, not part of that frame.
#[component]
pub fn NextTask(
    /// Wait for the next paint, then a task, rather than the next task only.
    #[prop(optional)]
    after_paint: bool,
    /// What to render later.
    children: Children,
) -> impl IntoView {
    let (ready, set_ready) = signal(false);
    let show = move || _ = set_ready.try_set(true);
    if after_paint {
        request_animation_frame(move || set_timeout(show, Duration::ZERO));
    } else {
        set_timeout(show, Duration::ZERO);
    }
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
