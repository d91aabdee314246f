//! Step 3: check the decisions (number, plate, time, fine, late surcharge, total), choose WeChat
//! Pay or Alipay, pay. The order is created with one idempotency key per channel, kept in the
//! flow, so a double tap, a retry or a reload reuses the same order and never charges twice;
//! the server also keeps one order per set of unpaid decisions. Then the order's action goes to
//! the host's way of paying (`crate::pay`), and the result page asks the server what happened.

use beian_contract::payment::{CreatePayment, OrderState, PaymentOrder};
use beian_contract::{paths, ErrorCode};
use beian_domain::{PayChannel, PayHost};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::state::{BridgeSaid, Step};
use super::use_payment;
use crate::api::{new_idempotency_key, use_api, ApiFailure};
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::failure::FailureNotice;
use crate::components::radio_group::{RadioGroup, RadioOption};
use crate::i18n::*;
use crate::pages::violations::{when, yuan};
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
    /// The order's amount differs from what was shown.
    AmountChanged(i64),
    /// Another typed refusal.
    Refused,
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
    let host = pay::host();
    let chosen = RwSignal::new(
        flow.with_untracked(|p| p.channel.and_then(pay::domain_channel))
            .or(Some(host.preferred_channel()))
            .map(|c| channel_value(c).to_owned()),
    );
    // The choice is kept in the flow at once, so a reload or back-and-forward keeps it.
    Effect::new(move |_| {
        let c = chosen.get().as_deref().and_then(channel_from).map(pay::wire_channel);
        if c.is_some() && flow.with_untracked(|p| p.channel) != c {
            flow.update(|p| p.channel = c);
        }
    });
    let missing = RwSignal::new(false);
    let stop = RwSignal::new(None::<Stop>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let bridging = RwSignal::new(false);

    let create = Action::new_local(move |(body, key): &(CreatePayment, String)| {
        let (body, key) = (body.clone(), key.clone());
        async move { api.post_idempotent::<_, PaymentOrder>(paths::PAYMENTS, &body, &key).await }
    });
    let go_result = {
        let navigate = navigate.clone();
        move || navigate(Step::Result.path(), Default::default())
    };
    Effect::new(move |_| {
        let Some(result) = create.value().get() else { return };
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
                            if !matches!(action, beian_contract::payment::PayAction::Redirect { .. }) {
                                go_result();
                            }
                        }
                        BridgeOutcome::Unavailable => {
                            stop.try_set(Some(Stop::BridgeMissing));
                        }
                    }
                });
            }
            Err(f) => match f.code() {
                Some(ErrorCode::PaymentWindowClosed) => stop.set(Some(Stop::WindowClosed)),
                Some(ErrorCode::AlreadyPaid) => stop.set(Some(Stop::AlreadyPaid)),
                Some(ErrorCode::ChannelUnavailable) => {
                    let c = chosen.get_untracked().as_deref().and_then(channel_from).unwrap_or(PayChannel::Alipay);
                    stop.set(Some(Stop::WrongHost(c)));
                }
                Some(ErrorCode::NotFound | ErrorCode::Validation | ErrorCode::IdempotencyConflict) => {
                    stop.set(Some(Stop::Refused))
                }
                _ => failure.set(Some(f)),
            },
        }
    });

    let total = Memo::new(move |_| flow.with(|p| p.total().fen()));
    let submit = move || {
        failure.set(None);
        let Some(channel) = chosen.get_untracked().as_deref().and_then(channel_from) else {
            missing.set(true);
            return;
        };
        missing.set(false);
        if !host.supports(channel) {
            stop.set(Some(Stop::WrongHost(channel)));
            return;
        }
        // A changed amount was shown: paying again accepts it; otherwise the total on screen is
        // what the user agreed to.
        let accepting_change = matches!(stop.get_untracked(), Some(Stop::AmountChanged(_)));
        stop.set(None);
        let wire = pay::wire_channel(channel);
        let return_url = web_sys::window()
            .and_then(|w| w.location().origin().ok())
            .map(|o| format!("{o}{}", Step::Result.path()))
            .unwrap_or_else(|| Step::Result.path().to_owned());
        let mut key = String::new();
        let mut numbers = Vec::new();
        flow.update(|p| {
            p.channel = Some(wire);
            if !accepting_change {
                p.confirmed_total_fen = Some(p.total().fen());
            }
            key = p.order_attempt_key(wire, new_idempotency_key);
            numbers = p.decision_numbers();
        });
        let body = CreatePayment { decision_numbers: numbers, channel: wire, host: pay::wire_host(host), return_url };
        create.dispatch((body, key));
    };

    let channel_error = Signal::derive(move || missing.get().then(|| t_string!(i18n, pay.channel_missing).to_string()));
    let stop_text = move |s: &Stop| -> String {
        match s {
            Stop::WrongHost(PayChannel::Alipay) => t_string!(i18n, pay.alipay_in_wechat).to_string(),
            Stop::WrongHost(PayChannel::Wechat) => t_string!(i18n, pay.wechat_in_alipay).to_string(),
            Stop::WindowClosed => t_string!(i18n, pay.window_closed).to_string(),
            Stop::AlreadyPaid => t_string!(i18n, pay.already_paid).to_string(),
            Stop::BridgeMissing => t_string!(i18n, pay.bridge_missing).to_string(),
            Stop::AmountChanged(fen) => t_string!(i18n, pay.amount_changed, total = yuan(*fen)).to_string(),
            Stop::Refused => t_string!(i18n, pay.refused).to_string(),
        }
    };
    let problems = Signal::derive(move || {
        let mut list = Vec::new();
        if let Some(message) = channel_error.get() {
            list.push(Problem { target: "channel", message });
        }
        // A missing bridge is nothing the user can fix in the form: it is said once, in its
        // own notice below, not in the "fix these" summary.
        if let Some(s) = stop.get().filter(|s| !matches!(s, Stop::BridgeMissing)) {
            let target = if matches!(s, Stop::WrongHost(_)) { "channel" } else { "stop" };
            list.push(Problem { target, message: stop_text(&s) });
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
    let in_wechat = matches!(host, PayHost::WechatBrowser | PayHost::WechatMiniProgram);
    let in_alipay = matches!(host, PayHost::AlipayApp | PayHost::AlipayMiniProgram);
    let page_link = web_sys::window().and_then(|w| w.location().origin().ok()).map(|o| format!("{o}/violations")).unwrap_or_default();

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
            {move || matches!(stop.get(), Some(Stop::WrongHost(PayChannel::Alipay))).then(|| view! {
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
