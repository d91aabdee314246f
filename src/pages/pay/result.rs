//! Step 4: the result, as the server says. Whatever the host's bridge said, the order's state is
//! asked for (every 2 s for up to 60 s, then on request, and again whenever the page is shown:
//! the user comes back from the provider's page or the mini-program's pay page). Paid: the
//! receipt. Cancelled or failed: say so, nothing was charged, pay again with the same order.
//! Still pending when the asking stops: say that it is not confirmed yet, that nothing is charged
//! twice and that it shows once the provider confirms, with "check again", the violations and home.
//! Shown again from the back-forward cache (`pageshow` with `persisted`): ask again.

use beian_contract::paths;
use beian_contract::payment::{Channel, OrderState, PaymentOrder};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use super::state::{BridgeSaid, Step};
use super::use_payment;
use crate::api::{use_api, ApiFailure};
use crate::components::failure::FailureNotice;
use crate::format::{when, yuan};
use crate::i18n::*;
use crate::links::receipt_href;

/// How often the order is asked for while it is pending.
pub const POLL_EVERY_MS: u32 = 2_000;
/// How long to keep asking before offering "check again".
pub const POLL_FOR_MS: u32 = 60_000;

/// The result screen.
#[component]
pub fn ResultStep() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let flow = use_payment();
    let navigate = use_navigate();
    let query = use_query_map();
    let order_id = Memo::new(move |_| {
        query
            .with(|q| q.get("order"))
            .or_else(|| flow.with(|p| p.order_id.clone()))
            .unwrap_or_default()
    });
    // Back from Alipay's wap page by its "quit" (the order's `quit_path`): one answer from the server decides;
    // still unpaid, the page says so and offers to pay again.
    let quit = query.with_untracked(|q| q.get("quit").is_some_and(|v| v == "1"));
    let order = RwSignal::new(None::<PaymentOrder>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let not_found = RwSignal::new(false);
    // The order in the address cannot name an order (`?order=..`, `?order=`): nothing is asked.
    let bad_link = RwSignal::new(false);
    // Which polling round is current; a new round (check again, page shown) ends the old one.
    let round = RwSignal::new(0u32);
    let polling = RwSignal::new(false);
    let gave_up = RwSignal::new(false);

    // The polling runs in a task that can outlive the page (the user leaves while it waits):
    // every signal is reached with `try_*`, which is `None` once the page is gone.
    let fetch_once = move || async move {
        let id = order_id.try_get_untracked()?;
        let Ok(path) = paths::fill(paths::PAYMENT, &[&id]) else {
            bad_link.try_set(true);
            return Some(true);
        };
        let result = api.get::<PaymentOrder>(&path).await;
        match result {
            Ok(o) => {
                failure.try_set(None);
                let settled = o.state != OrderState::Pending;
                order.try_set(Some(o));
                Some(settled)
            }
            Err(f) => {
                if f.code() == Some(&beian_contract::ErrorCode::NotFound) {
                    not_found.try_set(true);
                    return Some(true);
                }
                failure.try_set(Some(f));
                None
            }
        }
    };
    // One round: ask now, then every 2 s while pending, for up to 60 s. After a bridge said
    // "cancelled" or "failed", or that the user left the pay sheet, one answer is enough (nothing
    // will change by itself).
    let poll = move || {
        if order_id.get_untracked().is_empty() && query.with_untracked(|q| q.get("order").is_none())
        {
            return;
        }
        round.update(|r| *r += 1);
        let mine = round.get_untracked();
        gave_up.set(false);
        polling.set(true);
        let once = quit
            || flow.with_untracked(|p| {
                matches!(
                    p.bridge_said,
                    Some(
                        BridgeSaid::Cancelled
                            | BridgeSaid::Failed
                            | BridgeSaid::Unavailable
                            | BridgeSaid::Left
                    )
                )
            });
        spawn_local(async move {
            let mut waited = 0;
            let current = move || round.try_get_untracked() == Some(mine);
            loop {
                if !current() {
                    return;
                }
                let settled = fetch_once().await;
                if !current() {
                    return;
                }
                if settled == Some(true) {
                    break;
                }
                if once {
                    gave_up.try_set(settled.is_some());
                    break;
                }
                if waited >= POLL_FOR_MS {
                    gave_up.try_set(true);
                    break;
                }
                TimeoutFuture::new(POLL_EVERY_MS).await;
                waited += POLL_EVERY_MS;
            }
            polling.try_set(false);
        });
    };
    poll();

    // Coming back to the page (from the provider's page, the mini-program's pay page or another
    // app): ask again.
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        let on_visible = Closure::<dyn FnMut()>::new(move || {
            let visible = web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible);
            let pending = order
                .try_with_untracked(|o| o.as_ref().is_none_or(|o| o.state == OrderState::Pending));
            if visible && pending == Some(true) {
                poll();
            }
        });
        let _ = document.add_event_listener_with_callback(
            "visibilitychange",
            on_visible.as_ref().unchecked_ref(),
        );
        let function: js_sys::Function = on_visible.into_js_value().unchecked_into();
        let document = send_wrapper::SendWrapper::new(document);
        let function = send_wrapper::SendWrapper::new(function);
        on_cleanup(move || {
            let _ = document.remove_event_listener_with_callback("visibilitychange", &function);
        });
    }
    // Shown again from the back-forward cache: the page is as it was left, the order may not be.
    if let Some(window) = web_sys::window() {
        let on_show = Closure::<dyn FnMut(web_sys::PageTransitionEvent)>::new(
            move |ev: web_sys::PageTransitionEvent| {
                if ev.persisted() && round.try_get_untracked().is_some() {
                    poll();
                }
            },
        );
        let _ =
            window.add_event_listener_with_callback("pageshow", on_show.as_ref().unchecked_ref());
        let function: js_sys::Function = on_show.into_js_value().unchecked_into();
        let window = send_wrapper::SendWrapper::new(window);
        let function = send_wrapper::SendWrapper::new(function);
        on_cleanup(move || {
            let _ = window.remove_event_listener_with_callback("pageshow", &function);
        });
    }

    let pay_again = Callback::new(move |()| {
        flow.update(|p| p.retry());
        navigate(Step::Check.path(), Default::default());
    });
    let state = Memo::new(move |_| order.with(|o| o.as_ref().map(|o| o.state)));
    let said = Memo::new(move |_| flow.with(|p| p.bridge_said));
    let items = Memo::new(move |_| flow.with(|p| p.items.clone()));
    let has_flow = Memo::new(move |_| flow.with(|p| !p.items.is_empty()));

    view! {
        {move || match state.get() {
            Some(OrderState::Paid) => {
                let o = order.get().unwrap_or_else(unreachable_order);
                let channel = match o.channel {
                    Channel::Wechat => t_string!(i18n, pay.wechat).to_string(),
                    Channel::Alipay => t_string!(i18n, pay.alipay).to_string(),
                    Channel::Unknown => String::new(),
                };
                let numbers = o.decision_numbers.clone();
                view! {
                    <div class="panel panel--ok">
                        <h1>{t!(i18n, pay.paid_title)}</h1>
                        <p class="panel__amount">{yuan(o.amount_fen)}</p>
                    </div>
                    <h2>{t!(i18n, pay.receipt_title)}</h2>
                    <dl class="summary card">
                        <div><dt>{t!(i18n, pay.receipt_amount)}</dt><dd>{yuan(o.amount_fen)}</dd></div>
                        <div><dt>{t!(i18n, pay.receipt_channel)}</dt><dd>{channel}</dd></div>
                        <div><dt>{t!(i18n, pay.receipt_time)}</dt><dd>{o.paid_at.as_deref().map(when).unwrap_or_default()}</dd></div>
                        <div><dt>{t!(i18n, pay.receipt_order)}</dt><dd class="number">{o.order_id.clone()}</dd></div>
                    </dl>
                    <h2>{t!(i18n, pay.receipt_decisions)}</h2>
                    <ul class="list">
                        {numbers.into_iter().map(|n| {
                            let item = items.get_untracked().into_iter().find(|i| i.decision_number.as_deref() == Some(n.as_str()));
                            view! {
                                <li class="card">
                                    <dl class="summary summary--compact">
                                        <div><dt>{t!(i18n, violations.decision_number)}</dt><dd class="number">{n.clone()}</dd></div>
                                        {item.map(|it| view! {
                                            <div><dt>{t!(i18n, violations.plate)}</dt><dd class="plate">{it.plate_number.clone()}</dd></div>
                                            <div><dt>{t!(i18n, violations.time)}</dt><dd>{when(&it.time)}</dd></div>
                                            <div><dt>{t!(i18n, violations.fine)}</dt><dd>{yuan(it.fine_fen)}</dd></div>
                                            <div><dt>{t!(i18n, violations.surcharge)}</dt><dd>{yuan(it.surcharge_fen)}</dd></div>
                                        })}
                                    </dl>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                    <p><A href=receipt_href(&o.order_id) attr:class="button">{t!(i18n, pay.open_receipt)}</A></p>
                    <p><A href="/violations?tab=processed" attr:class="button button--secondary">{t!(i18n, pay.see_processed)}</A></p>
                    <p><A href="/">{t!(i18n, pay.home)}</A></p>
                }.into_any()
            }
            Some(OrderState::Cancelled) | Some(OrderState::Failed) => {
                let cancelled = state.get() == Some(OrderState::Cancelled);
                view! {
                    <h1>{if cancelled { t!(i18n, pay.cancelled_title).into_any() } else { t!(i18n, pay.failed_title).into_any() }}</h1>
                    <p class="notice notice--warning" role="alert">{t!(i18n, pay.nothing_charged)}</p>
                    <RetryButtons has_flow=has_flow pay_again=pay_again />
                }.into_any()
            }
            _ if bad_link.get() => view! {
                <h1>{t!(i18n, pay.bad_order_link_title)}</h1>
                <p class="notice notice--error" role="alert">{t!(i18n, pay.bad_order_link)}</p>
                <p><A href="/violations?tab=processed" attr:class="button">{t!(i18n, pay.see_processed)}</A></p>
                <p><A href="/violations">{t!(i18n, pay.back_to_violations)}</A></p>
            }.into_any(),
            _ => {
                // Pending (or not known yet): what the bridge said decides the wording.
                let s = said.get();
                // Quit on the provider's page, and the server says it is still unpaid.
                let quit_unpaid = quit && state.get() == Some(OrderState::Pending);
                let stopped = quit_unpaid || matches!(s, Some(BridgeSaid::Cancelled | BridgeSaid::Failed));
                view! {
                    <h1>{move || match said.get() {
                        _ if quit_unpaid => t_string!(i18n, pay.quit_title).to_string(),
                        Some(BridgeSaid::Cancelled) => t_string!(i18n, pay.cancelled_title).to_string(),
                        Some(BridgeSaid::Failed) => t_string!(i18n, pay.failed_title).to_string(),
                        _ if gave_up.get() => t_string!(i18n, pay.unconfirmed_title).to_string(),
                        _ => t_string!(i18n, pay.checking_title).to_string(),
                    }}</h1>
                    {stopped.then(|| view! {
                        <p class="notice notice--warning" role="alert">{t!(i18n, pay.nothing_charged)}</p>
                        <RetryButtons has_flow=has_flow pay_again=pay_again />
                    })}
                    {(!stopped).then(|| view! {
                        <p role="status" aria-live="polite">{move || match (gave_up.get(), said.get()) {
                            (true, Some(BridgeSaid::Left)) => t_string!(i18n, pay.left_unconfirmed).to_string(),
                            (true, _) => t_string!(i18n, pay.not_confirmed_yet).to_string(),
                            (false, Some(BridgeSaid::NoAnswer)) => t_string!(i18n, pay.checking_no_answer).to_string(),
                            (false, _) => t_string!(i18n, pay.checking).to_string(),
                        }}</p>
                        <Show when=move || gave_up.get()>
                            <button type="button" class="button" on:click=move |_| poll()>{t!(i18n, pay.check_again)}</button>
                            <Show when=move || has_flow.get()>
                                <button type="button" class="button button--secondary" on:click=move |_| pay_again.run(())>
                                    {t!(i18n, pay.pay_again)}
                                </button>
                            </Show>
                            <p><A href="/violations?tab=processed">{t!(i18n, pay.back_to_violations)}</A></p>
                            <p><A href="/">{t!(i18n, pay.home)}</A></p>
                        </Show>
                    })}
                }.into_any()
            }
        }}
        <Show when=move || not_found.get()>
            <p class="notice notice--error" role="alert">{t!(i18n, pay.order_not_found)}</p>
            <p><A href="/violations">{t!(i18n, pay.back_to_violations)}</A></p>
        </Show>
        <FailureNotice failure=failure on_retry=Callback::new(move |()| poll()) />
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

fn unreachable_order() -> PaymentOrder {
    PaymentOrder {
        order_id: String::new(),
        decision_numbers: Vec::new(),
        amount_fen: 0,
        channel: Channel::Unknown,
        state: OrderState::Pending,
        paid_at: None,
        action: None,
    }
}
