//! The receipt as labelled lines in the user's language: the same words on screen and in the
//! saved image.

use beian_contract::payment::{Channel, Receipt};

use crate::format::{when, yuan};
use crate::i18n::*;

/// The channel's name.
fn channel_text(c: Channel) -> String {
    let i18n = use_i18n();
    match c {
        Channel::Wechat => t_string!(i18n, pay.wechat).to_string(),
        Channel::Alipay => t_string!(i18n, pay.alipay).to_string(),
        Channel::Unknown => String::new(),
    }
}

/// One line of the receipt: a label and its value (`""` label: a heading).
pub type Line = (String, String);

/// The receipt as lines, in the user's language: the same words on screen and in the image.
pub fn lines(r: &Receipt) -> (Vec<Line>, Vec<Vec<Line>>) {
    let i18n = use_i18n();
    let head = vec![
        (
            t_string!(i18n, pay.receipt_amount).to_string(),
            yuan(r.amount_fen),
        ),
        (
            t_string!(i18n, pay.receipt_time).to_string(),
            when(&r.paid_at),
        ),
        (
            t_string!(i18n, pay.receipt_channel).to_string(),
            channel_text(r.channel),
        ),
        (
            t_string!(i18n, pay.receipt_order).to_string(),
            r.order_id.clone(),
        ),
        (
            t_string!(i18n, receipt.trade_no).to_string(),
            r.trade_no.clone(),
        ),
    ];
    let items = r
        .items
        .iter()
        .map(|it| {
            vec![
                (
                    t_string!(i18n, violations.decision_number).to_string(),
                    it.decision_number.clone(),
                ),
                (
                    t_string!(i18n, violations.plate).to_string(),
                    it.plate_number.clone(),
                ),
                (t_string!(i18n, violations.time).to_string(), when(&it.time)),
                (
                    t_string!(i18n, violations.what).to_string(),
                    it.description.clone(),
                ),
                (
                    t_string!(i18n, violations.fine).to_string(),
                    yuan(it.fine_fen),
                ),
                (
                    t_string!(i18n, violations.surcharge).to_string(),
                    yuan(it.surcharge_fen),
                ),
                (
                    t_string!(i18n, receipt.subtotal).to_string(),
                    yuan(it.fine_fen + it.surcharge_fen),
                ),
            ]
        })
        .collect();
    (head, items)
}

/// Values shown in tabular digits, on one line: the decision and order numbers (the channel's
/// transaction number is long enough to need wrapping on the narrowest phones).
pub fn is_number(label_index: usize, in_item: bool) -> bool {
    if in_item {
        label_index == 0
    } else {
        label_index == 3
    }
}
