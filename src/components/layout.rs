//! The page frame: skip link, header (service name, language switch, sign-out), the network
//! banner, the "loading" line while the router fetches a page's chunk, and the main landmark
//! that every page renders into.

use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api::use_api;
use crate::components::network_banner::NetworkBanner;
use crate::components::next_task::NextTask;
use crate::i18n::*;
use crate::locale;
use crate::session::use_session;

/// Whether the router is between pages: set by `<Router set_is_routing>` (lib.rs) from a click
/// until the next page is on screen, which includes fetching that page's chunk (`split.rs`).
#[derive(Clone, Copy)]
pub struct Routing(pub ReadSignal<bool>);

/// How long a move between pages may take before the page says it is loading.
const SLOW_MS: u64 = 300;

/// Frames the routed page.
#[component]
pub fn Layout(
    /// The routes.
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    let api = use_api();
    let navigate = use_navigate();
    // "Slow" after 300 ms between pages, so that quick moves neither flash the bar nor make a
    // screen reader say "loading".
    let routing = use_context::<Routing>().map(|r| r.0);
    let (slow, set_slow) = signal(false);
    Effect::new(move |pending: Option<Option<TimeoutHandle>>| {
        if let Some(Some(timer)) = pending {
            timer.clear();
        }
        if routing.is_some_and(|r| r.get()) {
            set_timeout_with_handle(
                move || _ = set_slow.try_set(true),
                Duration::from_millis(SLOW_MS),
            )
            .ok()
        } else {
            set_slow.set(false);
            None
        }
    });
    let sign_out = move |_| {
        // Tell the server, but sign out locally whatever it answers.
        let token = session.token_untracked();
        session.clear();
        leptos::task::spawn_local(api.end_session(token));
        navigate("/sign-in?signed_out=1", Default::default());
    };
    view! {
        <a class="skip-link" href="#main">{t!(i18n, skip_to_content)}</a>
        <header class="app-header">
            // The service's name leads home; the house and the underline say it is a link.
            <A href="/" attr:class="app-header__title">
                <span class="app-header__home" aria-hidden="true"></span>
                <span class="app-header__name">{t!(i18n, app_name)}</span>
                <span class="visually-hidden">{t!(i18n, nav.home_suffix)}</span>
            </A>
            <nav class="app-header__actions" aria-label=move || t_string!(i18n, nav.label).to_string()>
                <button
                    type="button"
                    class="link-button"
                    lang=move || if locale::is_english().get() { "zh-CN" } else { "en" }
                    aria-label=move || t_string!(i18n, language.switch_to_label).to_string()
                    on:click=move |_| locale::toggle()
                >
                    {t!(i18n, language.switch_to)}
                </button>
                <Show when=move || session.is_signed_in()>
                    <button type="button" class="link-button" on:click=sign_out.clone()>
                        {t!(i18n, nav.sign_out)}
                    </button>
                </Show>
            </nav>
        </header>
        <NetworkBanner />
        // While the next page loads, the page the user is on stays; this says that something is
        // happening: a bar at the top, and the text for screen readers.
        <div class="route-loading" role="status">
            <Show when=move || slow.get()>
                <div class="route-loading__bar" aria-hidden="true"></div>
                <span class="visually-hidden">{t!(i18n, status.loading)}</span>
            </Show>
        </div>
        <main id="main" class="app-main" tabindex="-1">
            // The page is built in a task after the frame's (see `next_task.rs`).
            <NextTask>{children()}</NextTask>
        </main>
    }
}
