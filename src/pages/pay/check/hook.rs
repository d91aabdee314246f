//! The check page's state and actions: the channel chosen, creating the order (one idempotency
//! key per channel), the host's authorization when the server needs the payer, the host's way of
//! paying, and what each answer leads to (decided by [`beian_flow::paying`]).

use beian_contract::endpoint::{self as ep, Endpoint, NoBody};
use beian_contract::payment::{
    CreatePayment, OrderState, PayAction, PayerAuthorizationRequest, PayerCode,
};
use beian_domain::{PayChannel, PayHost};
use beian_flow::paying::{
    after_create_refused, after_order, after_payer_refused, AfterOrder, CreateRefused, Stop,
};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use super::super::state::{BridgeSaid, Item, Step};
use super::super::use_payment;
use super::auth_return::take_auth_return;
use super::words::stop_text;
use crate::api::{new_idempotency_key, use_api, ApiFailure};
use crate::components::error_summary::Problem;
use crate::hooks::use_window_event;
use crate::i18n::*;
use crate::pay::{self, BridgeOutcome};

/// What the check page shows and does; made by [`use_payment_check`].
#[derive(Clone, Copy)]
pub struct PaymentCheck {
    /// The host the page runs in (known for sure inside WeChat only once its bridge is ready).
    pub host: RwSignal<PayHost>,
    /// The channel chosen (`"wechat"`, `"alipay"`), bound to the radio buttons.
    pub chosen: RwSignal<Option<String>>,
    /// Keeps the chosen channel in the flow, so a reload or back-and-forward keeps it.
    pub choose: Callback<String>,
    /// Why paying stopped, if it did.
    pub stop: RwSignal<Option<Stop>>,
    /// A transient failure, with "try again".
    pub failure: RwSignal<Option<ApiFailure>>,
    /// "Choose how to pay", when the user paid without choosing.
    pub channel_error: Signal<Option<String>>,
    /// Everything the error summary lists.
    pub problems: Signal<Vec<Problem>>,
    /// Something is under way (the order, the host's pay sheet, the authorization).
    pub busy: Signal<bool>,
    /// The total on the button: the server's, after its amount differed.
    pub shown_total: Signal<i64>,
    /// What is being paid.
    pub items: Memo<Vec<Item>>,
    /// Pays with the chosen channel (or says to choose one).
    pub pay: Callback<()>,
}

fn channel_value(c: PayChannel) -> &'static str {
    match c {
        PayChannel::Wechat => "wechat",
        PayChannel::Alipay => "alipay",
        PayChannel::Unknown => "",
    }
}

fn channel_from(value: &str) -> Option<PayChannel> {
    match value {
        "wechat" => Some(PayChannel::Wechat),
        "alipay" => Some(PayChannel::Alipay),
        _ => None,
    }
}

/// The check page's state and actions.
pub fn use_payment_check() -> PaymentCheck {
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
    let initial = flow
        .with_untracked(|p| p.channel.filter(|c| *c != PayChannel::Unknown))
        .or(Some(host.get_untracked().preferred_channel()));
    let chosen = RwSignal::new(initial.map(|c| channel_value(c).to_owned()));
    // The choice is kept in the flow at once (the first one too), so a reload or
    // back-and-forward keeps it.
    let keep_choice = move |value: &str| {
        let c = channel_from(value);
        if c.is_some() && flow.with_untracked(|p| p.channel) != c {
            flow.update(|p| p.channel = c);
        }
    };
    if let Some(c) = initial {
        keep_choice(channel_value(c));
    }
    let choose = Callback::new(move |value: String| keep_choice(&value));
    let missing = RwSignal::new(false);
    let stop = RwSignal::new(None::<Stop>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let bridging = RwSignal::new(false);

    let authorize = Action::new_local(move |h: &PayHost| {
        let body = PayerAuthorizationRequest {
            host: *h,
            return_path: Step::Check.path().to_owned(),
        };
        async move { api.call(ep::PayerAuthorization, &[], &body).await }
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
        async move { api.call(ep::BindPayer, &[], &body).await }
    });

    let create = Action::new_local(move |(body, key): &(CreatePayment, String)| {
        let (body, key) = (body.clone(), key.clone());
        async move { api.call_with_key(ep::CreatePayment, &[], &body, &key).await }
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
                match after_order(&order, same_amount) {
                    AfterOrder::Result => go_result(),
                    AfterOrder::AmountChanged(fen) => stop.set(Some(Stop::AmountChanged(fen))),
                    AfterOrder::Pay => {
                        if let Some(action) = order.action {
                            let note = move |said| flow.update(|p| p.bridge_said = Some(said));
                            hand_to_host(action, note, bridging, stop, go_result.clone());
                        }
                    }
                }
            }
            Err(f) => match after_create_refused(f.code(), chosen_channel(chosen)) {
                CreateRefused::Stop(s) => stop.set(Some(s)),
                // The order is made for the payer: learn who pays from the host first.
                CreateRefused::Authorize => {
                    authorize.dispatch(host.get_untracked());
                }
                CreateRefused::Notice => failure.set(Some(f)),
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
        let wire = channel;
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
            host,
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
            Err(f) => match after_payer_refused(f.code(), host.get_untracked()) {
                Some(s) => stop.set(Some(s)),
                None => failure.set(Some(f)),
            },
        }
    });

    // Shown again from the back-forward cache (back from the provider's page or another app):
    // nothing is under way any more, and the order may have changed meanwhile: ask the server.
    use_window_event("pageshow", move |ev: web_sys::PageTransitionEvent| {
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
        let go_result = go_result_on_show.clone();
        // An id that cannot be a path segment is not asked for (the result page says why).
        let Ok(_) = ep::GetPayment::path(&[&id]) else {
            return;
        };
        spawn_local(async move {
            if let Ok(o) = api.call(ep::GetPayment, &[&id], &NoBody).await {
                if o.state == OrderState::Paid && stop.try_get_untracked().is_some() {
                    go_result();
                }
            }
        });
    });

    let channel_error = Signal::derive(move || {
        missing
            .get()
            .then(|| t_string!(i18n, pay.channel_missing).to_string())
    });
    let problems = Signal::derive(move || {
        let mut list = Vec::new();
        if let Some(message) = channel_error.get() {
            list.push(Problem {
                target: "channel",
                message,
            });
        }
        if let Some(s) = stop.get().filter(Stop::in_summary) {
            list.push(Problem {
                target: s.target(),
                message: stop_text(&s),
            });
        }
        list
    });
    PaymentCheck {
        host,
        chosen,
        choose,
        stop,
        failure,
        channel_error,
        problems,
        busy: Signal::derive(move || create.pending().get() || bridging.get()),
        // After the server's amount differed, the button and the total show the server's.
        shown_total: Signal::derive(move || match stop.get() {
            Some(Stop::AmountChanged(fen)) => fen,
            _ => total.get(),
        }),
        items: Memo::new(move |_| flow.with(|p| p.items.clone())),
        pay: Callback::new(move |()| submit()),
    }
}

/// The channel chosen (Alipay when none is, as the server refused one anyway).
fn chosen_channel(chosen: RwSignal<Option<String>>) -> PayChannel {
    chosen
        .get_untracked()
        .as_deref()
        .and_then(channel_from)
        .unwrap_or(PayChannel::Alipay)
}

/// Hands the order's `action` to the host's way of paying, then goes where its answer leads;
/// `note` keeps what the bridge said in the flow, for the result page.
fn hand_to_host(
    action: PayAction,
    note: impl Fn(BridgeSaid) + 'static,
    bridging: RwSignal<bool>,
    stop: RwSignal<Option<Stop>>,
    go_result: impl Fn() + 'static,
) {
    bridging.set(true);
    let bridge = pay::bridge_for(&action);
    spawn_local(async move {
        let outcome = bridge.pay().await;
        // The user may have left the page while the host's pay sheet was open.
        if bridging.try_set(false).is_some() {
            return;
        }
        match outcome {
            BridgeOutcome::Said(said) => {
                note(said);
                go_result();
            }
            // The provider's page replaces this one; the mini-program's pay page comes back to
            // the result page, which asks the server.
            BridgeOutcome::HandedOver => {
                if !matches!(action, PayAction::Redirect { .. }) {
                    go_result();
                }
            }
            BridgeOutcome::Unavailable => {
                stop.try_set(Some(Stop::BridgeMissing));
            }
            // The result page asks the server, and says that the app did not answer.
            BridgeOutcome::NoAnswer => {
                note(BridgeSaid::NoAnswer);
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
