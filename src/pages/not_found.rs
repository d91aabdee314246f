//! The page for any path the router does not know.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::*;

/// "Page not found", with a way home.
#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page">
            <h1>{t!(i18n, not_found.title)}</h1>
            <p>{t!(i18n, not_found.body)}</p>
            <p><A href="/">{t!(i18n, nav.back_home)}</A></p>
        </div>
    }
}
