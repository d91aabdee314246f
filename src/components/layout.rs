//! The page frame: skip link, header (service name, language switch, sign-out), the network
//! banner, and the main landmark that every page renders into.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api::use_api;
use crate::components::network_banner::NetworkBanner;
use crate::i18n::*;
use crate::locale;
use crate::session::use_session;

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
            <A href="/" attr:class="app-header__title">{t!(i18n, app_name)}</A>
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
        <main id="main" class="app-main" tabindex="-1">
            {children()}
        </main>
    }
}
