//! The result page's state: the order as the server says, asked for every 2 s for up to 60 s,
//! again on request and whenever the page is shown again; what the bridge said; paying again.

use beian_contract::endpoint::{self as ep, Endpoint, NoBody};
use beian_contract::payment::{OrderState, PaymentOrder};
use beian_flow::paying::{asks_again_when_shown, asks_once};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};

use super::super::state::{BridgeSaid, Item, Step};
use super::super::use_payment;
use super::{POLL_EVERY_MS, POLL_FOR_MS};
use crate::api::{use_api, ApiFailure};
use crate::hooks::{use_document_event, use_window_event};

/// What the result page shows and does; made by [`use_payment_result`].
#[derive(Clone, Copy)]
pub struct PaymentResult {
    /// The order, once the server answered.
    pub order: RwSignal<Option<PaymentOrder>>,
    /// The order's state, once known.
    pub state: Memo<Option<OrderState>>,
    /// What the host's bridge said.
    pub said: Memo<Option<BridgeSaid>>,
    /// What was being paid (empty when the flow is not known in this tab).
    pub items: Memo<Vec<Item>>,
    /// Whether the flow is still known in this tab (else only the way back to the list).
    pub has_flow: Memo<bool>,
    /// Back from the provider's page by its "quit" (`?quit=1`).
    pub quit: bool,
    /// A transient failure, with "try again".
    pub failure: RwSignal<Option<ApiFailure>>,
    /// The server knows no such order.
    pub not_found: RwSignal<bool>,
    /// The address cannot name an order (`?order=..`): nothing was asked.
    pub bad_link: RwSignal<bool>,
    /// The asking stopped without the order being settled.
    pub gave_up: RwSignal<bool>,
    /// Asks the server again (a new round).
    pub check_again: Callback<()>,
    /// Back to the check page to pay again (same order).
    pub pay_again: Callback<()>,
}

/// The result page's state and actions.
pub fn use_payment_result() -> PaymentResult {
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
    // Back from Alipay's wap page by its "quit" (the order's `quit_path`): one answer from the
    // server decides; still unpaid, the page says so and offers to pay again.
    let quit = query.with_untracked(|q| q.get("quit").is_some_and(|v| v == "1"));
    let order = RwSignal::new(None::<PaymentOrder>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let not_found = RwSignal::new(false);
    let bad_link = RwSignal::new(false);
    // Which polling round is current; a new round (check again, page shown) ends the old one.
    let round = RwSignal::new(0u32);
    let polling = RwSignal::new(false);
    let gave_up = RwSignal::new(false);

    // The polling runs in a task that can outlive the page (the user leaves while it waits):
    // every signal is reached with `try_*`, which is `None` once the page is gone.
    let fetch_once = move || async move {
        let id = order_id.try_get_untracked()?;
        let Ok(_) = ep::GetPayment::path(&[&id]) else {
            bad_link.try_set(true);
            return Some(true);
        };
        let result = api.call(ep::GetPayment, &[&id], &NoBody).await;
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
    // One round: ask now, then every 2 s while pending, for up to 60 s; after an end the
    // bridge reported, one answer is enough (nothing will change by itself).
    let poll = move || {
        if order_id.get_untracked().is_empty() && query.with_untracked(|q| q.get("order").is_none())
        {
            return;
        }
        round.update(|r| *r += 1);
        let mine = round.get_untracked();
        gave_up.set(false);
        polling.set(true);
        let once = asks_once(quit, flow.with_untracked(|p| p.bridge_said));
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
    use_document_event("visibilitychange", move |_: web_sys::Event| {
        let visible = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible);
        let pending =
            order.try_with_untracked(|o| asks_again_when_shown(o.as_ref().map(|o| o.state)));
        if visible && pending == Some(true) {
            poll();
        }
    });
    // Shown again from the back-forward cache: the page is as it was left, the order may not be.
    use_window_event("pageshow", move |ev: web_sys::PageTransitionEvent| {
        if ev.persisted() && round.try_get_untracked().is_some() {
            poll();
        }
    });

    PaymentResult {
        order,
        state: Memo::new(move |_| order.with(|o| o.as_ref().map(|o| o.state))),
        said: Memo::new(move |_| flow.with(|p| p.bridge_said)),
        items: Memo::new(move |_| flow.with(|p| p.items.clone())),
        has_flow: Memo::new(move |_| flow.with(|p| !p.items.is_empty())),
        quit,
        failure,
        not_found,
        bad_link,
        gave_up,
        check_again: Callback::new(move |()| poll()),
        pay_again: Callback::new(move |()| {
            flow.update(|p| p.retry());
            navigate(Step::Check.path(), Default::default());
        }),
    }
}
