//! Camera-recorded violations of the user's filed vehicles: a list per vehicle or for all of
//! them, in two tabs (unprocessed, processed), and a detail page per violation. Violations the
//! user may not handle say why and offer no handling. Selected violations start the payment
//! flow (`/pay`).

pub mod detail;
pub mod list;

use crate::i18n::*;
use beian_contract::violation::{NotHandleableReason, Violation, ViolationStatus};

/// Why the user may view but not handle a violation, in words.
pub fn not_handleable_text(reason: NotHandleableReason) -> String {
    let i18n = use_i18n();
    match reason {
        NotHandleableReason::OutsideLicenceClass => {
            t_string!(i18n, violations.why_outside_licence_class)
        }
        NotHandleableReason::PointsBeforeFiling => {
            t_string!(i18n, violations.why_points_before_filing)
        }
        NotHandleableReason::FineOverLimit => t_string!(i18n, violations.why_fine_over_limit),
        NotHandleableReason::PointsWouldReach12 => {
            t_string!(i18n, violations.why_points_would_reach_12)
        }
        NotHandleableReason::AlreadyHandled => t_string!(i18n, violations.why_already_handled),
        NotHandleableReason::Unknown => t_string!(i18n, violations.why_unknown),
    }
    .to_string()
}

/// Where a violation stands, in words.
pub fn status_text(v: &Violation) -> String {
    let i18n = use_i18n();
    match (v.status, v.paid) {
        (ViolationStatus::Unprocessed, _) => {
            t_string!(i18n, violations.status_unprocessed).to_string()
        }
        (ViolationStatus::Processed, true) => t_string!(i18n, violations.status_paid).to_string(),
        (ViolationStatus::Processed, false) => {
            t_string!(i18n, violations.status_unpaid).to_string()
        }
        (ViolationStatus::Unknown, _) => t_string!(i18n, violations.status_unknown).to_string(),
    }
}
