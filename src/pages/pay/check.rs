//! Step 3: check the decisions (number, plate, time, fine, late surcharge, total), choose WeChat
//! Pay or Alipay, pay. The order is created with one idempotency key per channel, kept in the
//! flow, so a double tap, a retry or a reload reuses the same order and never charges twice;
//! the server also keeps one order per set of unpaid decisions. Then the order's action goes to
//! the host's way of paying (`crate::pay`), and the result page asks the server what happened.
//!
//! Inside WeChat (JSAPI) and the Alipay app (tradePay) the order is made for the payer's id, which
//! the server learns through the host's silent web authorization: when the server refuses the
//! order with `payer_required`, the page asks for the host's authorization URL and goes there; the
//! host comes back to this page with `?code=…&state=…` (Alipay: `auth_code`), which the page strips
//! from the address at once (`history.replaceState`), hands to the server, and then goes on paying.
//! A return without a code (declined) or a code the server refuses ends on a screen with the
//! other ways to pay. The code and state are never stored.
//!
//! The state and actions are in [`hook`] ([`use_payment_check`]); where each answer leads is
//! decided in [`beian_flow::paying`]; this file is the view.

pub mod auth_return;
pub mod hook;
pub mod words;

use beian_domain::PayHost;
use beian_flow::paying::Stop;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::error_summary::ErrorSummary;
use crate::components::failure::FailureNotice;
use crate::components::radio_group::{RadioGroup, RadioOption};
use crate::format::{when, yuan};
use crate::i18n::*;
pub use hook::{use_payment_check, PaymentCheck};
use words::stop_text;

/// The check-and-pay screen.
#[component]
pub fn CheckStep() -> impl IntoView {
    let i18n = use_i18n();
    let check = use_payment_check();
    let PaymentCheck {
        stop,
        shown_total,
        busy,
        channel_error,
        ..
    } = check;
    let host = check.host.get_untracked();
    let in_wechat = matches!(host, PayHost::WechatBrowser | PayHost::WechatMiniProgram);
    let in_alipay = matches!(host, PayHost::AlipayApp | PayHost::AlipayMiniProgram);
    view! {
        <A href="/violations" attr:class="back-link">{t!(i18n, pay.back_to_violations)}</A>
        <ErrorSummary problems=check.problems />
        <h1>{t!(i18n, pay.check_title)}</h1>
        <p class="lead">{t!(i18n, pay.check_lead)}</p>
        <ul class="list">
            {move || check.items.get().into_iter().map(|it| view! {
                <li class="card">
                    <dl class="summary summary--compact">
                        <div><dt>{t!(i18n, violations.decision_number)}</dt><dd class="number">{it.decision_number.clone().unwrap_or_default()}</dd></div>
                        <div><dt>{t!(i18n, violations.plate)}</dt><dd class="plate">{it.plate_number.clone()}</dd></div>
                        <div><dt>{t!(i18n, violations.time)}</dt><dd>{when(&it.time)}</dd></div>
                        <div><dt>{t!(i18n, violations.fine)}</dt><dd>{yuan(it.fine_fen)}</dd></div>
                        <div><dt>{t!(i18n, violations.surcharge)}</dt><dd>{yuan(it.surcharge_fen)}</dd></div>
                    </dl>
                </li>
            }).collect_view()}
        </ul>
        <p class="total">{t!(i18n, pay.total)}" "<strong>{move || yuan(shown_total.get())}</strong></p>
        <p class="hint">{t!(i18n, pay.surcharge_rule)}</p>
        {move || stop.get().filter(Stop::in_notice).map(|s| view! { <StopNotice stop=s pay=check.pay /> })}
        <FailureNotice failure=check.failure on_retry=check.pay />
        <form novalidate on:submit=move |ev| { ev.prevent_default(); check.pay.run(()); }>
            <RadioGroup
                id="channel"
                legend=Signal::derive(move || t_string!(i18n, pay.channel_legend).to_string())
                options=vec![
                    RadioOption {
                        value: "wechat",
                        label: Signal::derive(move || t_string!(i18n, pay.wechat).to_string()),
                        hint: in_alipay.then(|| Signal::derive(move || t_string!(i18n, pay.wechat_in_alipay).to_string())),
                    },
                    RadioOption {
                        value: "alipay",
                        label: Signal::derive(move || t_string!(i18n, pay.alipay).to_string()),
                        hint: in_wechat.then(|| Signal::derive(move || t_string!(i18n, pay.alipay_in_wechat).to_string())),
                    },
                ]
                selected=check.chosen
                on_change=check.choose
                error=Signal::derive(move || channel_error.get().or_else(|| stop.get().filter(|s| !s.in_notice()).map(|s| stop_text(&s))))
            />
            <Show when=move || stop.get().is_some_and(|s| s.offers_page_link())>
                <PageLink />
            </Show>
            <button type="submit" class="button" disabled=move || busy.get()>
                {move || if busy.get() {
                    t_string!(i18n, pay.paying).to_string()
                } else {
                    t_string!(i18n, pay.pay_button, total = yuan(shown_total.get())).to_string()
                }}
            </button>
        </form>
    }
}

/// Why paying stopped, with what the user can do next.
#[component]
fn StopNotice(
    /// The stop.
    stop: Stop,
    /// Pays again (after asking the host's authorization again).
    pay: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="notice notice--error" id="stop" tabindex="-1"
            role=stop.is_alert().then_some("alert")>
            <p>{stop_text(&stop)}</p>
            {stop.leads_to_processed().then(|| view! {
                <p><A href="/violations?tab=processed">{t!(i18n, pay.see_processed)}</A></p>
            })}
            {stop.offers_authorize_again().then(|| view! {
                <p>{t!(i18n, pay.open_in_browser)}</p>
                <button type="button" class="button button--secondary" on:click=move |_| pay.run(())>{t!(i18n, pay.authorize_again)}</button>
            })}
        </div>
    }
}

/// This page's address, to copy and open in another app or browser.
#[component]
fn PageLink() -> impl IntoView {
    let i18n = use_i18n();
    let page_link = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .map(|o| format!("{o}/violations"))
        .unwrap_or_default();
    view! {
        <div class="field">
            <label class="field__label" for="page-link">{t!(i18n, pay.page_link_label)}</label>
            <input id="page-link" class="field__input" type="text" readonly prop:value=page_link />
        </div>
    }
}
