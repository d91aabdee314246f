//! Step 4: the result, as the server says. Whatever the host's bridge said, the order's state is
//! asked for (every 2 s for up to 60 s, then on request, and again whenever the page is shown:
//! the user comes back from the provider's page or the mini-program's pay page). Paid: the
//! receipt. Cancelled or failed: say so, nothing was charged, pay again with the same order.
//! Still pending when the asking stops: say that it is not confirmed yet, that nothing is charged
//! twice and that it shows once the provider confirms, with "check again", the violations and home.
//! Shown again from the back-forward cache (`pageshow` with `persisted`): ask again.
//!
//! The state is in [`hook`] ([`use_payment_result`]), the wording's choices in
//! [`beian_flow::paying`]; this file is the view.

pub mod hook;
pub mod paid;

use beian_contract::payment::OrderState;
use beian_flow::paying::{
    pending_status, pending_stopped, pending_title, PendingStatus, PendingTitle,
};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::failure::FailureNotice;
use crate::i18n::*;
pub use hook::{use_payment_result, PaymentResult};
use paid::PaidOrder;

/// How often the order is asked for while it is pending.
pub const POLL_EVERY_MS: u32 = 2_000;
/// How long to keep asking before offering "check again".
pub const POLL_FOR_MS: u32 = 60_000;

/// The result screen.
#[component]
pub fn ResultStep() -> impl IntoView {
    let i18n = use_i18n();
    let r = use_payment_result();
    let state = r.state;
    view! {
        {move || match state.get() {
            Some(OrderState::Paid) => r.order.get().map(|o| view! {
                <PaidOrder order=o items=r.items.get_untracked() />
            }).into_any(),
            Some(OrderState::Cancelled) | Some(OrderState::Failed) => {
                let cancelled = state.get() == Some(OrderState::Cancelled);
                view! {
                    <h1>{if cancelled { t!(i18n, pay.cancelled_title).into_any() } else { t!(i18n, pay.failed_title).into_any() }}</h1>
                    <p class="notice notice--warning" role="alert">{t!(i18n, pay.nothing_charged)}</p>
                    <RetryButtons has_flow=r.has_flow pay_again=r.pay_again />
                }.into_any()
            }
            _ if r.bad_link.get() => view! {
                <h1>{t!(i18n, pay.bad_order_link_title)}</h1>
                <p class="notice notice--error" role="alert">{t!(i18n, pay.bad_order_link)}</p>
                <p><A href="/violations?tab=processed" attr:class="button">{t!(i18n, pay.see_processed)}</A></p>
                <p><A href="/violations">{t!(i18n, pay.back_to_violations)}</A></p>
            }.into_any(),
            // Pending (or not known yet): what the bridge said decides the wording.
            _ => {
                // Quit on the provider's page, and the server says it is still unpaid.
                let quit_unpaid = r.quit && state.get() == Some(OrderState::Pending);
                let stopped = pending_stopped(quit_unpaid, r.said.get());
                view! { <NotSettled r=r quit_unpaid=quit_unpaid stopped=stopped /> }.into_any()
            }
        }}
        <Show when=move || r.not_found.get()>
            <p class="notice notice--error" role="alert">{t!(i18n, pay.order_not_found)}</p>
            <p><A href="/violations">{t!(i18n, pay.back_to_violations)}</A></p>
        </Show>
        <FailureNotice failure=r.failure on_retry=r.check_again />
    }
}

/// The order is pending or not known yet: still asking, not confirmed, or stopped by what the
/// bridge said (or the user's quitting the provider's page).
#[component]
fn NotSettled(
    /// The result page's state.
    r: PaymentResult,
    /// The user quit the provider's page and the server says the order is still unpaid.
    quit_unpaid: bool,
    /// Nothing was charged and nothing will change by itself: say so and offer paying again.
    stopped: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let (said, gave_up) = (r.said, r.gave_up);
    view! {
        <h1>{move || match pending_title(quit_unpaid, said.get(), gave_up.get()) {
            PendingTitle::Quit => t_string!(i18n, pay.quit_title).to_string(),
            PendingTitle::Cancelled => t_string!(i18n, pay.cancelled_title).to_string(),
            PendingTitle::Failed => t_string!(i18n, pay.failed_title).to_string(),
            PendingTitle::Unconfirmed => t_string!(i18n, pay.unconfirmed_title).to_string(),
            PendingTitle::Checking => t_string!(i18n, pay.checking_title).to_string(),
        }}</h1>
        {stopped.then(|| view! {
            <p class="notice notice--warning" role="alert">{t!(i18n, pay.nothing_charged)}</p>
            <RetryButtons has_flow=r.has_flow pay_again=r.pay_again />
        })}
        {(!stopped).then(|| view! {
            <p role="status" aria-live="polite">{move || match pending_status(gave_up.get(), said.get()) {
                PendingStatus::LeftUnconfirmed => t_string!(i18n, pay.left_unconfirmed).to_string(),
                PendingStatus::NotConfirmedYet => t_string!(i18n, pay.not_confirmed_yet).to_string(),
                PendingStatus::CheckingNoAnswer => t_string!(i18n, pay.checking_no_answer).to_string(),
                PendingStatus::Checking => t_string!(i18n, pay.checking).to_string(),
            }}</p>
            <Show when=move || gave_up.get()>
                <button type="button" class="button" on:click=move |_| r.check_again.run(())>{t!(i18n, pay.check_again)}</button>
                <Show when=move || r.has_flow.get()>
                    <button type="button" class="button button--secondary" on:click=move |_| r.pay_again.run(())>
                        {t!(i18n, pay.pay_again)}
                    </button>
                </Show>
                <p><A href="/violations?tab=processed">{t!(i18n, pay.back_to_violations)}</A></p>
                <p><A href="/">{t!(i18n, pay.home)}</A></p>
            </Show>
        })}
    }
}

/// "Pay again" (same order) and "check again", after a cancel or a failure.
#[component]
fn RetryButtons(
    /// Whether the flow is still known in this tab (else only the way back to the list).
    has_flow: Memo<bool>,
    /// Goes back to the check page.
    pay_again: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || has_flow.get() fallback=move || view! {
            <p><A href="/violations?tab=processed" attr:class="button">{t!(i18n, pay.back_to_violations)}</A></p>
        }>
            <button type="button" class="button" on:click=move |_| pay_again.run(())>{t!(i18n, pay.pay_again)}</button>
        </Show>
    }
}
