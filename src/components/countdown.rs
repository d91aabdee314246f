//! A seconds countdown to a deadline (e.g. "resend the SMS code in 42 s").

use gloo_timers::callback::Interval;
use leptos::prelude::*;
use send_wrapper::SendWrapper;

/// Milliseconds since the epoch, from the browser clock.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Whole seconds left until `deadline_ms` (0 once passed or when there is none),
/// ticking once a second while it is above zero.
pub fn use_seconds_left(deadline_ms: Signal<Option<f64>>) -> Signal<u32> {
    let now = RwSignal::new(now_ms());
    let interval = Interval::new(500, move || now.set(now_ms()));
    let interval = SendWrapper::new(interval);
    on_cleanup(move || drop(interval));
    Signal::derive(move || match deadline_ms.get() {
        // The tick only makes this re-run; the time itself is read now, so a deadline that has
        // just passed (or moved) shows 0 at once rather than at the next tick.
        Some(deadline) => {
            now.track();
            ((deadline - now_ms()) / 1000.0).ceil().max(0.0) as u32
        }
        None => 0,
    })
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    async fn counts_whole_seconds_down_to_zero() {
        let owner = Owner::new();
        owner.set();
        let deadline = RwSignal::new(Some(now_ms() + 2_500.0));
        let left = use_seconds_left(deadline.into());
        assert_eq!(left.get_untracked(), 3);
        gloo_timers::future::TimeoutFuture::new(1_100).await;
        assert_eq!(left.get_untracked(), 2);
        deadline.set(Some(now_ms() - 1.0));
        assert_eq!(left.get_untracked(), 0);
        deadline.set(None);
        assert_eq!(left.get_untracked(), 0);
    }
}
