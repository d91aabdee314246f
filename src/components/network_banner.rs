//! A banner that tells the user when the browser goes offline, and when it is back.

use leptos::prelude::*;

use crate::i18n::*;

/// Whether the browser says it is online, tracked through `online` / `offline` events.
pub fn use_online() -> Signal<bool> {
    let online = RwSignal::new(
        web_sys::window()
            .map(|w| w.navigator().on_line())
            .unwrap_or(true),
    );
    let on = window_event_listener_untyped("online", move |_| online.set(true));
    let off = window_event_listener_untyped("offline", move |_| online.set(false));
    on_cleanup(move || {
        on.remove();
        off.remove();
    });
    online.into()
}

/// Shows "you are offline" while offline, then "back online" once it returns.
#[component]
pub fn NetworkBanner() -> impl IntoView {
    let i18n = use_i18n();
    let online = use_online();
    let was_offline = RwSignal::new(false);
    Effect::new(move |_| {
        if !online.get() {
            was_offline.set(true);
        }
    });
    view! {
        <div class="network-banner" role="status" aria-live="polite">
            {move || {
                if !online.get() {
                    Some(view! { <p class="banner banner--warning">{t!(i18n, status.offline)}</p> }.into_any())
                } else if was_offline.get() {
                    Some(view! { <p class="banner banner--ok">{t!(i18n, status.back_online)}</p> }.into_any())
                } else {
                    None
                }
            }}
        </div>
    }
}
