//! A message's title, text and next step, in the user's language, built from its kind and
//! parameters.

use beian_contract::message::{Message, MessageKind};

use crate::i18n::*;
use crate::links::receipt_href;

/// A message's text in the user's language, built from its kind and parameters.
pub fn message_text(m: &Message) -> String {
    let i18n = use_i18n();
    let plate = m.plate_number.clone().unwrap_or_default();
    let reason = m.reason.clone().unwrap_or_default();
    match m.kind {
        MessageKind::FilingApproved => {
            t_string!(i18n, messages.filing_approved, plate = plate).to_string()
        }
        MessageKind::FilingRejected => t_string!(
            i18n,
            messages.filing_rejected,
            plate = plate,
            reason = reason
        )
        .to_string(),
        MessageKind::FilingUnderReview => {
            t_string!(i18n, messages.filing_under_review, plate = plate).to_string()
        }
        MessageKind::FilingRevoked => {
            t_string!(i18n, messages.filing_revoked, plate = plate).to_string()
        }
        MessageKind::PaymentConfirmed => {
            t_string!(i18n, messages.payment_confirmed, plate = plate).to_string()
        }
        MessageKind::Notice | MessageKind::Unknown => m.body_zh.clone(),
    }
}

/// Where a message leads and what the user does there, in their language; `None` for a notice.
pub fn next_step(m: &Message) -> Option<(String, String)> {
    let i18n = use_i18n();
    let (href, what) = match m.kind {
        MessageKind::FilingApproved => (
            "/violations".to_owned(),
            t_string!(i18n, messages.next_violations),
        ),
        MessageKind::FilingRejected => (
            "/file".to_owned(),
            t_string!(i18n, messages.next_file_again),
        ),
        MessageKind::FilingUnderReview | MessageKind::FilingRevoked => (
            "/vehicles".to_owned(),
            t_string!(i18n, messages.next_vehicles),
        ),
        MessageKind::PaymentConfirmed => match &m.order_id {
            Some(order) => (receipt_href(order), t_string!(i18n, messages.next_receipt)),
            None => (
                "/violations?tab=processed".to_owned(),
                t_string!(i18n, messages.next_processed),
            ),
        },
        MessageKind::Notice | MessageKind::Unknown => return None,
    };
    Some((href, what.to_string()))
}

/// A message's title, from its kind.
pub fn message_title(m: &Message) -> String {
    let i18n = use_i18n();
    match m.kind {
        MessageKind::FilingApproved => t_string!(i18n, messages.title_filing_approved),
        MessageKind::FilingRejected => t_string!(i18n, messages.title_filing_rejected),
        MessageKind::FilingUnderReview => t_string!(i18n, messages.title_filing_under_review),
        MessageKind::FilingRevoked => t_string!(i18n, messages.title_filing_revoked),
        MessageKind::PaymentConfirmed => t_string!(i18n, messages.title_payment_confirmed),
        MessageKind::Notice | MessageKind::Unknown => t_string!(i18n, messages.title_notice),
    }
    .to_string()
}
