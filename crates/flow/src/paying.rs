//! What each answer while paying leads to, as plain decisions the payment pages follow: a
//! refusal of the order becomes a stop on the check page (said, with what the user can do), a
//! new attempt (learning the payer first), or a notice with "try again"; the result page's
//! wording follows from the order's state and what the host's bridge said. Nothing here reads
//! the browser, so every branch is tested natively.

use beian_contract::payment::{OrderState, PaymentOrder};
use beian_contract::ErrorCode;
use beian_domain::{PayChannel, PayHost};

use crate::payment::BridgeSaid;

/// Why paying cannot go on, other than a transient failure (which is a notice with "try
/// again").
#[derive(Clone, Debug, PartialEq)]
pub enum Stop {
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
    /// The order's amount (fen) differs from what was shown.
    AmountChanged(i64),
    /// Another typed refusal.
    Refused,
    /// The host's authorization came back without a code (the user did not allow it).
    AuthDeclined(PayHost),
    /// The host's code or the state was refused (expired, used, or not this session's).
    AuthFailed(PayHost),
}

impl Stop {
    /// Whether it goes in the "fix these" summary: a missing bridge is nothing the user can fix
    /// in the form, and is said once, in its own notice.
    pub fn in_summary(&self) -> bool {
        !matches!(self, Stop::BridgeMissing)
    }

    /// The id the summary links to: the channel field for a wrong host, else the notice.
    pub fn target(&self) -> &'static str {
        if matches!(self, Stop::WrongHost(_)) {
            "channel"
        } else {
            "stop"
        }
    }

    /// Whether it is said in the notice under the total (a wrong host is said at the channel
    /// field instead).
    pub fn in_notice(&self) -> bool {
        !matches!(self, Stop::WrongHost(_))
    }

    /// Whether the notice interrupts (an alert): only a missing bridge, which the user did not
    /// cause by anything in the form.
    pub fn is_alert(&self) -> bool {
        matches!(self, Stop::BridgeMissing)
    }

    /// Whether the notice leads to the processed violations (nothing is left to pay here).
    pub fn leads_to_processed(&self) -> bool {
        matches!(self, Stop::AlreadyPaid | Stop::Refused)
    }

    /// Whether the notice offers asking the host's authorization again.
    pub fn offers_authorize_again(&self) -> bool {
        matches!(self, Stop::AuthDeclined(_) | Stop::AuthFailed(_))
    }

    /// Whether the page's address is offered to copy, to pay in another app or browser.
    pub fn offers_page_link(&self) -> bool {
        matches!(
            self,
            Stop::WrongHost(PayChannel::Alipay)
                | Stop::AuthDeclined(_)
                | Stop::AuthFailed(_)
                | Stop::BridgeMissing
        )
    }
}

/// What a refused order creation leads to.
#[derive(Clone, Debug, PartialEq)]
pub enum CreateRefused {
    /// Paying stops, and the page says why.
    Stop(Stop),
    /// The order is made for the payer: ask the host who pays (its authorization page), then
    /// try again.
    Authorize,
    /// A transient failure: a notice with "try again".
    Notice,
}

/// What the server's refusal `code` of an order for `channel` leads to.
pub fn after_create_refused(code: Option<&ErrorCode>, channel: PayChannel) -> CreateRefused {
    match code {
        Some(ErrorCode::PaymentWindowClosed) => CreateRefused::Stop(Stop::WindowClosed),
        Some(ErrorCode::AlreadyPaid) => CreateRefused::Stop(Stop::AlreadyPaid),
        Some(ErrorCode::PayerRequired) => CreateRefused::Authorize,
        Some(ErrorCode::ChannelUnavailable) => CreateRefused::Stop(Stop::WrongHost(channel)),
        Some(ErrorCode::NotFound | ErrorCode::Validation | ErrorCode::IdempotencyConflict) => {
            CreateRefused::Stop(Stop::Refused)
        }
        _ => CreateRefused::Notice,
    }
}

/// What the server's refusal `code` of the host's authorization code leads to: a stop, or
/// `None` for a transient failure (a notice with "try again").
pub fn after_payer_refused(code: Option<&ErrorCode>, host: PayHost) -> Option<Stop> {
    match code {
        Some(ErrorCode::AuthCodeInvalid | ErrorCode::AuthStateInvalid | ErrorCode::Validation) => {
            Some(Stop::AuthFailed(host))
        }
        _ => None,
    }
}

/// What a created (or reused) order leads to.
#[derive(Clone, Debug, PartialEq)]
pub enum AfterOrder {
    /// The result page (paid already, or nothing for the host to do).
    Result,
    /// The amount differs from what the user confirmed: show it and ask again.
    AmountChanged(i64),
    /// Hand the order's action to the host's way of paying.
    Pay,
}

/// What `order` leads to; `same_amount` says whether its amount is what the user confirmed.
pub fn after_order(order: &PaymentOrder, same_amount: bool) -> AfterOrder {
    if order.state == OrderState::Paid {
        AfterOrder::Result
    } else if !same_amount {
        AfterOrder::AmountChanged(order.amount_fen)
    } else if order.action.is_none() {
        AfterOrder::Result
    } else {
        AfterOrder::Pay
    }
}

/// Whether the result page asks the server once rather than for a minute: after the user quit
/// the provider's page, or the bridge said "cancelled", "failed", "missing" or that the user
/// left the pay sheet, nothing will change by itself.
pub fn asks_once(quit: bool, said: Option<BridgeSaid>) -> bool {
    quit || matches!(
        said,
        Some(
            BridgeSaid::Cancelled | BridgeSaid::Failed | BridgeSaid::Unavailable | BridgeSaid::Left
        )
    )
}

/// Whether coming back to the result page asks the server again: while the order is not known
/// or still pending.
pub fn asks_again_when_shown(state: Option<OrderState>) -> bool {
    state.is_none_or(|s| s == OrderState::Pending)
}

/// The result page's heading while the order is not settled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PendingTitle {
    /// The user quit the provider's page and the server says it is still unpaid.
    Quit,
    /// The bridge said the user cancelled.
    Cancelled,
    /// The bridge said the payment failed.
    Failed,
    /// The asking stopped without an answer.
    Unconfirmed,
    /// Still asking.
    Checking,
}

/// The heading while the order is not settled.
pub fn pending_title(quit_unpaid: bool, said: Option<BridgeSaid>, gave_up: bool) -> PendingTitle {
    match said {
        _ if quit_unpaid => PendingTitle::Quit,
        Some(BridgeSaid::Cancelled) => PendingTitle::Cancelled,
        Some(BridgeSaid::Failed) => PendingTitle::Failed,
        _ if gave_up => PendingTitle::Unconfirmed,
        _ => PendingTitle::Checking,
    }
}

/// Whether the not-settled result page says "nothing was charged" and offers paying again
/// (rather than a status line while asking).
pub fn pending_stopped(quit_unpaid: bool, said: Option<BridgeSaid>) -> bool {
    quit_unpaid || matches!(said, Some(BridgeSaid::Cancelled | BridgeSaid::Failed))
}

/// The status line while the order is not settled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PendingStatus {
    /// The user left the pay sheet and the asking stopped: not confirmed.
    LeftUnconfirmed,
    /// The asking stopped: not confirmed yet.
    NotConfirmedYet,
    /// Asking; the host's app did not answer.
    CheckingNoAnswer,
    /// Asking.
    Checking,
}

/// The status line while the order is not settled.
pub fn pending_status(gave_up: bool, said: Option<BridgeSaid>) -> PendingStatus {
    match (gave_up, said) {
        (true, Some(BridgeSaid::Left)) => PendingStatus::LeftUnconfirmed,
        (true, _) => PendingStatus::NotConfirmedYet,
        (false, Some(BridgeSaid::NoAnswer)) => PendingStatus::CheckingNoAnswer,
        (false, _) => PendingStatus::Checking,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use beian_contract::payment::{Channel, PayAction};

    fn order(state: OrderState, action: bool) -> PaymentOrder {
        PaymentOrder {
            order_id: "pay-1".into(),
            decision_numbers: vec!["1101000005000105".into()],
            amount_fen: 10_300,
            channel: Channel::Wechat,
            state,
            paid_at: None,
            action: action.then(|| PayAction::Redirect {
                url: "https://pay.example/".into(),
            }),
        }
    }

    #[test]
    fn a_refused_order_stops_authorizes_or_offers_a_new_attempt() {
        let alipay = PayChannel::Alipay;
        assert_eq!(
            after_create_refused(Some(&ErrorCode::PaymentWindowClosed), alipay),
            CreateRefused::Stop(Stop::WindowClosed)
        );
        assert_eq!(
            after_create_refused(Some(&ErrorCode::AlreadyPaid), alipay),
            CreateRefused::Stop(Stop::AlreadyPaid)
        );
        assert_eq!(
            after_create_refused(Some(&ErrorCode::PayerRequired), alipay),
            CreateRefused::Authorize
        );
        assert_eq!(
            after_create_refused(Some(&ErrorCode::ChannelUnavailable), PayChannel::Wechat),
            CreateRefused::Stop(Stop::WrongHost(PayChannel::Wechat)),
            "the channel the user chose is the one said at the field"
        );
        for code in [
            ErrorCode::NotFound,
            ErrorCode::Validation,
            ErrorCode::IdempotencyConflict,
        ] {
            assert_eq!(
                after_create_refused(Some(&code), alipay),
                CreateRefused::Stop(Stop::Refused),
                "{code:?}"
            );
        }
        assert_eq!(after_create_refused(None, alipay), CreateRefused::Notice);
        assert_eq!(
            after_create_refused(Some(&ErrorCode::RateLimited), alipay),
            CreateRefused::Notice
        );
    }

    #[test]
    fn a_refused_authorization_code_stops_with_the_hosts_name() {
        for code in [
            ErrorCode::AuthCodeInvalid,
            ErrorCode::AuthStateInvalid,
            ErrorCode::Validation,
        ] {
            assert_eq!(
                after_payer_refused(Some(&code), PayHost::AlipayApp),
                Some(Stop::AuthFailed(PayHost::AlipayApp))
            );
        }
        assert_eq!(after_payer_refused(None, PayHost::WechatBrowser), None);
    }

    #[test]
    fn an_order_goes_to_the_result_to_the_host_or_back_to_the_user() {
        assert_eq!(
            after_order(&order(OrderState::Paid, true), false),
            AfterOrder::Result,
            "paid already: the amount no longer matters"
        );
        assert_eq!(
            after_order(&order(OrderState::Pending, true), false),
            AfterOrder::AmountChanged(10_300)
        );
        assert_eq!(
            after_order(&order(OrderState::Pending, false), true),
            AfterOrder::Result
        );
        assert_eq!(
            after_order(&order(OrderState::Pending, true), true),
            AfterOrder::Pay
        );
    }

    #[test]
    fn what_a_stop_shows_where() {
        let missing = Stop::BridgeMissing;
        assert!(!missing.in_summary() && missing.is_alert() && missing.offers_page_link());
        let wrong = Stop::WrongHost(PayChannel::Alipay);
        assert_eq!(wrong.target(), "channel");
        assert!(!wrong.in_notice() && wrong.offers_page_link());
        assert!(!Stop::WrongHost(PayChannel::Wechat).offers_page_link());
        assert_eq!(Stop::WindowClosed.target(), "stop");
        assert!(Stop::AlreadyPaid.leads_to_processed() && Stop::Refused.leads_to_processed());
        assert!(!Stop::AmountChanged(1).leads_to_processed());
        let declined = Stop::AuthDeclined(PayHost::WechatBrowser);
        assert!(declined.offers_authorize_again() && declined.offers_page_link());
        assert!(!Stop::SdkFailed.offers_authorize_again());
    }

    #[test]
    fn the_result_page_asks_once_after_an_end_and_words_what_it_knows() {
        assert!(asks_once(true, None));
        for said in [
            BridgeSaid::Cancelled,
            BridgeSaid::Failed,
            BridgeSaid::Unavailable,
            BridgeSaid::Left,
        ] {
            assert!(asks_once(false, Some(said)), "{said:?}");
        }
        for said in [BridgeSaid::Ok, BridgeSaid::Processing, BridgeSaid::NoAnswer] {
            assert!(!asks_once(false, Some(said)), "{said:?}");
        }
        assert!(asks_again_when_shown(None));
        assert!(asks_again_when_shown(Some(OrderState::Pending)));
        assert!(!asks_again_when_shown(Some(OrderState::Paid)));

        assert_eq!(
            pending_title(true, Some(BridgeSaid::Failed), true),
            PendingTitle::Quit
        );
        assert_eq!(
            pending_title(false, Some(BridgeSaid::Cancelled), true),
            PendingTitle::Cancelled
        );
        assert_eq!(
            pending_title(false, Some(BridgeSaid::Left), true),
            PendingTitle::Unconfirmed
        );
        assert_eq!(pending_title(false, None, false), PendingTitle::Checking);
        assert!(pending_stopped(true, None));
        assert!(pending_stopped(false, Some(BridgeSaid::Failed)));
        assert!(!pending_stopped(false, Some(BridgeSaid::Left)));
        assert_eq!(
            pending_status(true, Some(BridgeSaid::Left)),
            PendingStatus::LeftUnconfirmed
        );
        assert_eq!(pending_status(true, None), PendingStatus::NotConfirmedYet);
        assert_eq!(
            pending_status(false, Some(BridgeSaid::NoAnswer)),
            PendingStatus::CheckingNoAnswer
        );
        assert_eq!(
            pending_status(false, Some(BridgeSaid::Left)),
            PendingStatus::Checking
        );
    }
}
