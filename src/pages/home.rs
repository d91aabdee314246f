//! Home: what the service does and, once signed in, the account summary and the services that
//! work. Only working pages are linked.

use beian_contract::endpoint::{self as ep, NoBody};
use beian_contract::session::Me;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::{use_api, ApiFailure};
use crate::components::failure::FailureNotice;
use crate::i18n::*;
use crate::session::use_session;

/// The home page.
#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    let session = use_session();
    view! {
        <div class="page">
            <h1>{t!(i18n, home.title)}</h1>
            <p class="lead">{t!(i18n, home.intro)}</p>
            {move || if session.is_signed_in() {
                view! { <Account /> }.into_any()
            } else {
                view! {
                    <p>{t!(i18n, home.sign_in_prompt)}</p>
                    <A href="/sign-in" attr:class="button">{t!(i18n, home.sign_in_button)}</A>
                }.into_any()
            }}
        </div>
    }
}

/// The signed-in user's account; made by [`use_account`].
#[derive(Clone, Copy)]
pub struct AccountSummary {
    /// The account, once read (read from the resource, so a `<Suspense>` waits).
    pub me: Signal<Option<Me>>,
    /// Why it could not be read.
    pub failure: Signal<Option<ApiFailure>>,
    /// Asks again.
    pub reload: Callback<()>,
}

/// The signed-in user's account summary.
pub fn use_account() -> AccountSummary {
    let api = use_api();
    let me = LocalResource::new(move || async move { api.call(ep::Me, &[], &NoBody).await });
    AccountSummary {
        me: Signal::derive(move || me.get().and_then(|r| r.ok())),
        failure: Signal::derive(move || me.get().and_then(|r| r.err())),
        reload: Callback::new(move |()| me.refetch()),
    }
}

/// The account summary and the services that work.
#[component]
fn Account() -> impl IntoView {
    let i18n = use_i18n();
    let account = use_account();
    view! {
        <FailureNotice failure=account.failure on_retry=account.reload />
        <Suspense fallback=move || view! { <p role="status">{t!(i18n, home.loading_account)}</p> }>
            {move || account.me.get().map(|me| {
                let unread = me.unread_messages;
                view! {
                    <section class="card" aria-labelledby="account-title">
                        <h2 id="account-title" class="card__title">{t!(i18n, home.account)}</h2>
                        <dl class="summary">
                            <div><dt>{t!(i18n, home.signed_in_as)}</dt><dd>{me.masked_phone.clone()}</dd></div>
                            <div><dt>{t!(i18n, home.licence_class)}</dt><dd>{
                                me.licence_class.clone().unwrap_or_else(|| t_string!(i18n, home.no_licence).to_string())
                            }</dd></div>
                            <div><dt>{t!(i18n, home.points)}</dt><dd>{t!(i18n, home.points_value, points = me.points)}</dd></div>
                        </dl>
                    </section>
                    <section aria-labelledby="services-title">
                        <h2 id="services-title">{t!(i18n, home.services)}</h2>
                        <ul class="services">
                            <li><A href="/file" attr:class="service">
                                <span class="service__name">{t!(i18n, home.file_vehicle)}</span>
                                <span class="service__hint">{t!(i18n, home.file_vehicle_hint)}</span>
                            </A></li>
                            <li><A href="/vehicles" attr:class="service">
                                <span class="service__name">{t!(i18n, vehicles.title)}</span>
                                <span class="service__hint">{t!(i18n, home.vehicles_hint)}</span>
                            </A></li>
                            <li><A href="/violations" attr:class="service">
                                <span class="service__name">{t!(i18n, violations.title)}</span>
                                <span class="service__hint">{t!(i18n, home.violations_hint)}</span>
                            </A></li>
                            <li><A href="/messages" attr:class="service">
                                <span class="service__name">{t!(i18n, messages.title)}</span>
                                <span class="service__hint">
                                    {move || if unread > 0 {
                                        t_string!(i18n, home.unread, count = unread).to_string()
                                    } else {
                                        t_string!(i18n, home.no_unread).to_string()
                                    }}
                                </span>
                            </A></li>
                        </ul>
                    </section>
                }
            })}
        </Suspense>
    }
}
