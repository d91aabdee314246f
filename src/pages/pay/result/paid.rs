//! The paid order on the result page: the amount, how and when it was paid, each decision paid,
//! and the ways on (the receipt, the processed violations, home).

use beian_contract::payment::{Channel, PaymentOrder};
use leptos::prelude::*;
use leptos_router::components::A;

use super::super::state::Item;
use crate::format::{when, yuan};
use crate::i18n::*;
use crate::links::receipt_href;

/// The paid order and its decisions.
#[component]
pub fn PaidOrder(
    /// The order, paid.
    order: PaymentOrder,
    /// What was being paid in this tab (to show plate, time and amounts per decision).
    items: Vec<Item>,
) -> impl IntoView {
    let i18n = use_i18n();
    let o = order;
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
                let item = items.iter().find(|i| i.decision_number.as_deref() == Some(n.as_str())).cloned();
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
    }
}
