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

use beian_contract::payment::{
    CreatePayment, OrderState, PayerAuthorization, PayerAuthorizationRequest, PayerBinding,
    PayerCode, PaymentOrder,
};
use beian_contract::{paths, ErrorCode};
use beian_domain::{PayChannel, PayHost};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::state::{BridgeSaid, Step};
use super::use_payment;
use crate::api::{new_idempotency_key, use_api, ApiFailure};
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::failure::FailureNotice;
use crate::components::radio_group::{RadioGroup, RadioOption};
use crate::format::{when, yuan};
use crate::i18n::*;
use crate::pay::{self, BridgeOutcome};

/// Why paying cannot go on, other than a transient failure.
#[derive(Clone, Debug, PartialEq)]
enum Stop {
    /// This channel cannot pay in this host (Alipay inside WeChat…).
    WrongHost(PayChannel),
    /// The settlement window (23:45–00:05).
    WindowClosed,
    /// Already paid.
    AlreadyPaid,
    /// The host's bridge did not answer.
    BridgeMissing,
    /// The mini-program web-view's SDK script did not load.
    SdkFailed,
    /// The mini-program did not open its pay page.
    HandOffFailed,
    /// The server's pay page address is not safe to follow (not https); nothing was opened.
    UnsafePayPage,
    /// The order's amount differs from what was shown.
    AmountChanged(i64),
    /// Another typed refusal.
    Refused,
    /// The host's authorization came back without a code (the user did not allow it).
    AuthDeclined(PayHost),
    /// The host's code or the state was refused (expired, used, or not this session's).
    AuthFailed(PayHost),
}

/// Query parameters a host's authorization return adds (WeChat: `code`, `state`; Alipay:
/// `app_id`, `source`, `scope`, `auth_code`, `state`).
const AUTH_PARAMS: [&str; 6] = ["code", "auth_code", "state", "app_id", "source", "scope"];

/// A host's authorization return in this page's address: `(code, state)`, the code absent when
/// the user declined. Removes the parameters from the address at once (`history.replaceState`),
/// so that the code and state are in no history entry, bookmark or reload.
fn take_auth_return() -> Option<(Option<String>, String)> {
    let window = web_sys::window()?;
    let href = window.location().href().ok()?;
    let url = web_sys::Url::new(&href).ok()?;
    let params = url.search_params();
    let state = params.get("state")?;
    let code = params
        .get("code")
        .or_else(|| params.get("auth_code"))
        .filter(|c| !c.is_empty());
    for name in AUTH_PARAMS {
        params.delete(name);
    }
    let search = String::from(params.to_string());
    let clean = format!(
        "{}{}{}",
        url.pathname(),
        if search.is_empty() { "" } else { "?" },
        search
    );
    if let Ok(history) = window.history() {
        let kept = history.state().unwrap_or(JsValue::NULL);
        let _ = history.replace_state_with_url(&kept, "", Some(&clean));
    }
    Some((code, state))
}

fn channel_value(c: PayChannel) -> &'static str {
    match c {
        PayChannel::Wechat => "wechat",
        PayChannel::Alipay => "alipay",
    }
}

fn channel_from(value: &str) -> Option<PayChannel> {
    match value {
        "wechat" => Some(PayChannel::Wechat),
        "alipay" => Some(PayChannel::Alipay),
        _ => None,
    }
}

/// The check-and-pay screen.
#[component]
pub fn CheckStep() -> impl IntoView {
    let i18n = use_i18n();
    let api = use_api();
    let flow = use_payment();
    let navigate = use_navigate();
    // From the user agent now; inside WeChat, again once its bridge is ready (the mini-program
    // environment is known only then).
    let host = RwSignal::new(pay::host());
    if host.get_untracked() == PayHost::WechatBrowser {
        spawn_local(async move {
            let ready = pay::host_when_ready().await;
            host.try_set(ready);
        });
    }
    let chosen = RwSignal::new(
        flow.with_untracked(|p| p.channel.and_then(pay::domain_channel))
            .or(Some(host.get_untracked().preferred_channel()))
            .map(|c| channel_value(c).to_owned()),
    );
    // The choice is kept in the flow at once, so a reload or back-and-forward keeps it.
    Effect::new(move |_| {
        let c = chosen
            .get()
            .as_deref()
            .and_then(channel_from)
            .map(pay::wire_channel);
        if c.is_some() && flow.with_untracked(|p| p.channel) != c {
            flow.update(|p| p.channel = c);
        }
    });
    let missing = RwSignal::new(false);
    let stop = RwSignal::new(None::<Stop>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let bridging = RwSignal::new(false);

    let authorize = Action::new_local(move |h: &PayHost| {
        let body = PayerAuthorizationRequest {
            host: pay::wire_host(*h),
            return_path: Step::Check.path().to_owned(),
        };
        async move {
            api.post::<_, PayerAuthorization>(paths::PAYER_AUTHORIZATION, &body)
                .await
        }
    });
    // Off to the host's authorization page; it comes back to this page.
    Effect::new(move |_| {
        let Some(result) = authorize.value().get() else {
            return;
        };
        match result {
            Ok(a) => {
                let url = if a.authorize_url.starts_with('/') {
                    format!("{}{}", crate::api::API_BASE, a.authorize_url)
                } else {
                    a.authorize_url
                };
                let safe = url.starts_with('/')
                    || url.starts_with("https://")
                    || url.starts_with("http://");
                bridging.set(true);
                if !safe || web_sys::window().is_none_or(|w| w.location().assign(&url).is_err()) {
                    bridging.set(false);
                    stop.set(Some(Stop::Refused));
                }
            }
            Err(f) => failure.set(Some(f)),
        }
    });
    let bind = Action::new_local(move |body: &PayerCode| {
        let body = body.clone();
        async move { api.post::<_, PayerBinding>(paths::PAYER, &body).await }
    });

    let create = Action::new_local(move |(body, key): &(CreatePayment, String)| {
        let (body, key) = (body.clone(), key.clone());
        async move {
            api.post_idempotent::<_, PaymentOrder>(paths::PAYMENTS, &body, &key)
                .await
        }
    });
    let go_result = {
        let navigate = navigate.clone();
        move || navigate(Step::Result.path(), Default::default())
    };
    let go_result_on_show = go_result.clone();
    Effect::new(move |_| {
        let Some(result) = create.value().get() else {
            return;
        };
        match result {
            Ok(order) => {
                let mut same_amount = true;
                flow.update(|p| {
                    p.ordered(&order);
                    same_amount = p.amount_confirmed(&order);
                });
                if order.state == OrderState::Paid {
                    go_result();
                    return;
                }
                if !same_amount {
                    stop.set(Some(Stop::AmountChanged(order.amount_fen)));
                    return;
                }
                let Some(action) = order.action.clone() else {
                    go_result();
                    return;
                };
                bridging.set(true);
                let bridge = pay::bridge_for(&action);
                let go_result = go_result.clone();
                spawn_local(async move {
                    let outcome = bridge.pay().await;
                    // The user may have left the page while the host's pay sheet was open.
                    if bridging.try_set(false).is_some() {
                        return;
                    }
                    match outcome {
                        BridgeOutcome::Said(said) => {
                            flow.update(|p| p.bridge_said = Some(BridgeSaid::from(said)));
                            go_result();
                        }
                        // The provider's page replaces this one; the mini-program's pay page
                        // comes back to the result page, which asks the server.
                        BridgeOutcome::HandedOver => {
                            if !matches!(
                                action,
                                beian_contract::payment::PayAction::Redirect { .. }
                            ) {
                                go_result();
                            }
                        }
                        BridgeOutcome::Unavailable => {
                            stop.try_set(Some(Stop::BridgeMissing));
                        }
                        // The result page asks the server, and says that the app did not answer.
                        BridgeOutcome::NoAnswer => {
                            flow.update(|p| p.bridge_said = Some(BridgeSaid::NoAnswer));
                            go_result();
                        }
                        BridgeOutcome::SdkFailed => {
                            stop.try_set(Some(Stop::SdkFailed));
                        }
                        BridgeOutcome::HandOffFailed => {
                            stop.try_set(Some(Stop::HandOffFailed));
                        }
                        BridgeOutcome::Refused => {
                            stop.try_set(Some(Stop::UnsafePayPage));
                        }
                    }
                });
            }
            Err(f) => match f.code() {
                Some(ErrorCode::PaymentWindowClosed) => stop.set(Some(Stop::WindowClosed)),
                Some(ErrorCode::AlreadyPaid) => stop.set(Some(Stop::AlreadyPaid)),
                // The order is made for the payer: learn who pays from the host first.
                Some(ErrorCode::PayerRequired) => {
                    authorize.dispatch(host.get_untracked());
                }
                Some(ErrorCode::ChannelUnavailable) => {
                    let c = chosen
                        .get_untracked()
                        .as_deref()
                        .and_then(channel_from)
                        .unwrap_or(PayChannel::Alipay);
                    stop.set(Some(Stop::WrongHost(c)));
                }
                Some(
                    ErrorCode::NotFound | ErrorCode::Validation | ErrorCode::IdempotencyConflict,
                ) => stop.set(Some(Stop::Refused)),
                _ => failure.set(Some(f)),
            },
        }
    });

    let total = Memo::new(move |_| flow.with(|p| p.total().fen()));
    let submit_in = move |host: PayHost, channel: PayChannel| {
        if !host.supports(channel) {
            stop.set(Some(Stop::WrongHost(channel)));
            return;
        }
        // A changed amount was shown: paying again accepts it; otherwise the total on screen is
        // what the user agreed to.
        let accepting_change = matches!(stop.get_untracked(), Some(Stop::AmountChanged(_)));
        stop.set(None);
        let wire = pay::wire_channel(channel);
        // A path on the app's own origin: the server resolves it, the provider's page cannot
        // be told to send the user anywhere else.
        let return_path = Step::Result.path().to_owned();
        let mut key = Err(ApiFailure::NoRandomness);
        let mut numbers = Vec::new();
        flow.update(|p| {
            p.channel = Some(wire);
            if !accepting_change {
                p.confirmed_total_fen = Some(p.total().fen());
            }
            key = p.order_attempt_key(wire, new_idempotency_key);
            numbers = p.decision_numbers();
        });
        let key = match key {
            Ok(key) => key,
            Err(f) => return failure.set(Some(f)),
        };
        // Alipay's wap page sends a user who gives up here: the result page then asks the server
        // and, unpaid, says so with "pay again".
        let quit_path =
            (channel == PayChannel::Alipay).then(|| format!("{}?quit=1", Step::Result.path()));
        let body = CreatePayment {
            decision_numbers: numbers,
            channel: wire,
            host: pay::wire_host(host),
            return_path,
            quit_path,
        };
        create.dispatch((body, key));
    };

    let submit = move || {
        failure.set(None);
        let Some(channel) = chosen.get_untracked().as_deref().and_then(channel_from) else {
            missing.set(true);
            return;
        };
        missing.set(false);
        // Inside WeChat the host is known for sure only once its bridge is ready.
        bridging.set(true);
        spawn_local(async move {
            let ready = pay::host_when_ready().await;
            if host.try_set(ready).is_some() || bridging.try_set(false).is_some() {
                return;
            }
            submit_in(ready, channel);
        });
    };

    // Back from the host's authorization page: strip the code and state from the address, hand
    // them to the server, then go on paying; a return without a code was declined.
    if let Some((code, state)) = take_auth_return() {
        match code {
            Some(code) => {
                bridging.set(true);
                bind.dispatch(PayerCode { code, state });
            }
            None => stop.set(Some(Stop::AuthDeclined(host.get_untracked()))),
        }
    }
    Effect::new(move |_| {
        let Some(result) = bind.value().get() else {
            return;
        };
        bridging.set(false);
        match result {
            Ok(_) => submit(),
            Err(f) => match f.code() {
                Some(
                    ErrorCode::AuthCodeInvalid
                    | ErrorCode::AuthStateInvalid
                    | ErrorCode::Validation,
                ) => stop.set(Some(Stop::AuthFailed(host.get_untracked()))),
                _ => failure.set(Some(f)),
            },
        }
    });

    // Shown again from the back-forward cache (back from the provider's page or another app):
    // nothing is under way any more, and the order may have changed meanwhile: ask the server.
    {
        let go_result = go_result_on_show;
        let on_show = Closure::<dyn FnMut(web_sys::PageTransitionEvent)>::new(
            move |ev: web_sys::PageTransitionEvent| {
                if !ev.persisted() {
                    return;
                }
                if bridging.try_set(false).is_some() {
                    return;
                }
                // (The listener goes with the page, so the flow is still there.)
                let Some(id) = flow.with_untracked(|p| p.order_id.clone()) else {
                    return;
                };
                let go_result = go_result.clone();
                // An id that cannot be a path segment is not asked for (the result page says why).
                let Ok(path) = paths::fill(paths::PAYMENT, &[&id]) else {
                    return;
                };
                spawn_local(async move {
                    if let Ok(o) = api.get::<PaymentOrder>(&path).await {
                        if o.state == OrderState::Paid && stop.try_get_untracked().is_some() {
                            go_result();
                        }
                    }
                });
            },
        );
        if let Some(window) = web_sys::window() {
            let _ = window
                .add_event_listener_with_callback("pageshow", on_show.as_ref().unchecked_ref());
            let function: js_sys::Function = on_show.into_js_value().unchecked_into();
            let window = send_wrapper::SendWrapper::new(window);
            let function = send_wrapper::SendWrapper::new(function);
            on_cleanup(move || {
                let _ = window.remove_event_listener_with_callback("pageshow", &function);
            });
        }
    }

    let channel_error = Signal::derive(move || {
        missing
            .get()
            .then(|| t_string!(i18n, pay.channel_missing).to_string())
    });
    // The host's name, for messages.
    let host_app = move |host: PayHost| -> String {
        match host {
            PayHost::AlipayApp | PayHost::AlipayMiniProgram => {
                t_string!(i18n, pay.alipay).to_string()
            }
            _ => t_string!(i18n, pay.wechat_app).to_string(),
        }
    };
    let stop_text = move |s: &Stop| -> String {
        match s {
            Stop::WrongHost(PayChannel::Alipay) => {
                t_string!(i18n, pay.alipay_in_wechat).to_string()
            }
            Stop::WrongHost(PayChannel::Wechat) => {
                t_string!(i18n, pay.wechat_in_alipay).to_string()
            }
            Stop::WindowClosed => t_string!(i18n, pay.window_closed).to_string(),
            Stop::AlreadyPaid => t_string!(i18n, pay.already_paid).to_string(),
            Stop::BridgeMissing => t_string!(i18n, pay.bridge_missing).to_string(),
            Stop::SdkFailed => t_string!(i18n, pay.sdk_failed).to_string(),
            Stop::HandOffFailed => t_string!(i18n, pay.hand_off_failed).to_string(),
            Stop::UnsafePayPage => t_string!(i18n, pay.unsafe_pay_page).to_string(),
            Stop::AmountChanged(fen) => {
                t_string!(i18n, pay.amount_changed, total = yuan(*fen)).to_string()
            }
            Stop::Refused => t_string!(i18n, pay.refused).to_string(),
            Stop::AuthDeclined(h) => {
                t_string!(i18n, pay.auth_declined, app = host_app(*h)).to_string()
            }
            Stop::AuthFailed(h) => t_string!(i18n, pay.auth_failed, app = host_app(*h)).to_string(),
        }
    };
    let problems = Signal::derive(move || {
        let mut list = Vec::new();
        if let Some(message) = channel_error.get() {
            list.push(Problem {
                target: "channel",
                message,
            });
        }
        // A missing bridge is nothing the user can fix in the form: it is said once, in its
        // own notice below, not in the "fix these" summary.
        if let Some(s) = stop.get().filter(|s| !matches!(s, Stop::BridgeMissing)) {
            let target = if matches!(s, Stop::WrongHost(_)) {
                "channel"
            } else {
                "stop"
            };
            list.push(Problem {
                target,
                message: stop_text(&s),
            });
        }
        list
    });
    let busy = Signal::derive(move || create.pending().get() || bridging.get());
    // After the server's amount differed, the button and the total show the server's.
    let shown_total = Signal::derive(move || match stop.get() {
        Some(Stop::AmountChanged(fen)) => fen,
        _ => total.get(),
    });
    let items = Memo::new(move |_| flow.with(|p| p.items.clone()));
    let in_wechat = matches!(
        host.get_untracked(),
        PayHost::WechatBrowser | PayHost::WechatMiniProgram
    );
    let in_alipay = matches!(
        host.get_untracked(),
        PayHost::AlipayApp | PayHost::AlipayMiniProgram
    );
    let page_link = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .map(|o| format!("{o}/violations"))
        .unwrap_or_default();

    view! {
        <A href="/violations" attr:class="back-link">{t!(i18n, pay.back_to_violations)}</A>
        <ErrorSummary problems=problems />
        <h1>{t!(i18n, pay.check_title)}</h1>
        <p class="lead">{t!(i18n, pay.check_lead)}</p>
        <ul class="list">
            {move || items.get().into_iter().map(|it| view! {
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
        {move || stop.get().filter(|s| !matches!(s, Stop::WrongHost(_))).map(|s| view! {
            <div class="notice notice--error" id="stop" tabindex="-1"
                role=matches!(s, Stop::BridgeMissing).then_some("alert")>
                <p>{stop_text(&s)}</p>
                {matches!(s, Stop::AlreadyPaid | Stop::Refused).then(|| view! {
                    <p><A href="/violations?tab=processed">{t!(i18n, pay.see_processed)}</A></p>
                })}
                {matches!(s, Stop::AuthDeclined(_) | Stop::AuthFailed(_)).then(|| view! {
                    <p>{t!(i18n, pay.open_in_browser)}</p>
                    <button type="button" class="button button--secondary" on:click=move |_| submit()>{t!(i18n, pay.authorize_again)}</button>
                })}
            </div>
        })}
        <FailureNotice failure=failure on_retry=Callback::new(move |()| submit()) />
        <form novalidate on:submit=move |ev| { ev.prevent_default(); submit(); }>
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
                selected=chosen
                error=Signal::derive(move || channel_error.get().or_else(|| stop.get().filter(|s| matches!(s, Stop::WrongHost(_))).map(|s| stop_text(&s))))
            />
            {move || matches!(stop.get(), Some(Stop::WrongHost(PayChannel::Alipay) | Stop::AuthDeclined(_) | Stop::AuthFailed(_) | Stop::BridgeMissing)).then(|| view! {
                <div class="field">
                    <label class="field__label" for="page-link">{t!(i18n, pay.page_link_label)}</label>
                    <input id="page-link" class="field__input" type="text" readonly prop:value=page_link.clone() />
                </div>
            })}
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
