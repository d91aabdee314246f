//! The payment flow's state machine, as plain data: what is being paid, how far the user got, and
//! the keys that make every creating request safe to repeat. The app keeps it in sessionStorage
//! (key `beian.payment`) after every change, so a reload, a trip to the provider's pay page or a
//! switch to the SMS app comes back to the same screen. It holds violation and decision
//! references, plates and amounts: no phone number, no ID number.

use beian_contract::handling::{Decision, HandlingResult};
use beian_contract::payment::{Channel, PaymentOrder};
use beian_contract::session::SmsChallenge;
use beian_contract::violation::{Violation, ViolationStatus};
use beian_domain::Fen;
use serde::{Deserialize, Serialize};

use crate::filing::Challenge;

/// One screen of the flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Step {
    /// Read and agree to the handling rules.
    Rules,
    /// Confirm with the SMS code sent to the user.
    Code,
    /// Check the decisions and amounts, choose the channel, pay.
    Check,
    /// The order's state, confirmed by the server; the receipt once paid.
    Result,
}

crate::flow_steps!(Step, "/pay", [
    Rules => "rules",
    Code => "code",
    Check => "check",
    Result => "result",
]);

impl Step {
    /// Index in the step indicator.
    pub fn stage(self) -> usize {
        self as usize
    }
}

/// One violation being paid, with its decision once there is one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// Violation id.
    pub violation_id: String,
    /// Plate number.
    pub plate_number: String,
    /// When it happened (RFC 3339).
    pub time: String,
    /// What happened.
    pub description: String,
    /// Points that go on the handler's licence.
    pub points: u8,
    /// Fine, in fen.
    pub fine_fen: i64,
    /// Late surcharge as of the server's last answer, in fen.
    pub surcharge_fen: i64,
    /// 16-digit decision number, once decided.
    pub decision_number: Option<String>,
    /// Decision date (YYYY-MM-DD), once decided.
    pub decision_date: Option<String>,
}

impl Item {
    /// From a violation record.
    pub fn from_violation(v: &Violation) -> Self {
        Self {
            violation_id: v.id.clone(),
            plate_number: v.plate_number.clone(),
            time: v.time.clone(),
            description: v.description.clone(),
            points: v.points,
            fine_fen: v.fine_fen,
            surcharge_fen: v.surcharge_fen,
            decision_number: v.decision_number.clone(),
            decision_date: v.decision_date.clone(),
        }
    }

    /// Fine plus surcharge.
    pub fn due(&self) -> Fen {
        Fen(self.fine_fen) + Fen(self.surcharge_fen)
    }
}

/// What the host's bridge last said about this order (never proof of payment): the domain's
/// [`beian_domain::BridgeResult`], under the name the payment pages use.
pub use beian_domain::BridgeResult as BridgeSaid;

/// Everything the flow knows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Payment {
    /// What is being paid.
    pub items: Vec<Item>,
    /// The rules version agreed to (unprocessed violations only).
    pub rules_version: Option<String>,
    /// The confirmation code sent to the user.
    pub challenge: Option<Challenge>,
    /// The code as typed.
    pub code: String,
    /// Idempotency key of the current handling attempt.
    pub handling_key: Option<String>,
    /// The channel chosen.
    pub channel: Option<Channel>,
    /// Idempotency key of the order creation, with the channel it was made for.
    pub order_key: Option<(Channel, String)>,
    /// The order, once created.
    pub order_id: Option<String>,
    /// The total the user confirmed on the check page (fen); a different order amount is shown
    /// before paying.
    pub confirmed_total_fen: Option<i64>,
    /// What the bridge said last.
    pub bridge_said: Option<BridgeSaid>,
}

impl Payment {
    /// A flow for these violations (all unprocessed, or all decided and unpaid).
    pub fn start(violations: &[Violation]) -> Self {
        Self {
            items: violations.iter().map(Item::from_violation).collect(),
            ..Self::default()
        }
    }

    /// Whether the items still need handling (rules, SMS code) before paying.
    pub fn needs_handling(&self) -> bool {
        self.items.iter().any(|i| i.decision_number.is_none())
    }

    /// Points that go on the user's licence.
    pub fn points(&self) -> u32 {
        self.items.iter().map(|i| u32::from(i.points)).sum()
    }

    /// The sum of fines and surcharges.
    pub fn total(&self) -> Fen {
        self.items.iter().map(Item::due).sum()
    }

    /// The decision numbers to pay.
    pub fn decision_numbers(&self) -> Vec<String> {
        self.items
            .iter()
            .filter_map(|i| i.decision_number.clone())
            .collect()
    }

    /// The screens the user may be on now.
    pub fn reachable(&self, step: Step) -> bool {
        if self.items.is_empty() {
            return step == Step::Result && self.order_id.is_some();
        }
        match step {
            Step::Rules => self.needs_handling(),
            Step::Code => self.needs_handling() && self.rules_version.is_some(),
            Step::Check => !self.needs_handling(),
            Step::Result => self.order_id.is_some(),
        }
    }

    /// The furthest screen the user may be on (`None`: nothing to pay, back to the list).
    pub fn furthest(&self) -> Option<Step> {
        Step::ALL.iter().copied().rev().find(|s| self.reachable(*s))
    }

    /// The user agreed to the rules.
    pub fn agreed(&mut self, version: &str) {
        self.rules_version = Some(version.to_owned());
    }

    /// A code was sent.
    pub fn code_sent(&mut self, c: &SmsChallenge, now_ms: f64) {
        self.challenge = Some(Challenge::sent(c, now_ms));
        self.code.clear();
        self.handling_key = None;
    }

    /// The handling attempt's idempotency key, made with `new_key` the first time; an error from
    /// `new_key` (no randomness) keeps no key and comes back, so nothing is sent.
    pub fn handling_attempt_key<E>(
        &mut self,
        new_key: impl FnOnce() -> Result<String, E>,
    ) -> Result<String, E> {
        if let Some(key) = &self.handling_key {
            return Ok(key.clone());
        }
        let key = new_key()?;
        self.handling_key = Some(key.clone());
        Ok(key)
    }

    /// The code was refused: the next submission is a new attempt.
    pub fn handling_failed(&mut self) {
        self.handling_key = None;
    }

    /// The violations were handled: each item gets its decision.
    pub fn decided(&mut self, result: &HandlingResult) {
        for item in &mut self.items {
            if let Some(d) = result
                .decisions
                .iter()
                .find(|d| d.violation_id == item.violation_id)
            {
                item.apply(d);
            }
        }
        self.challenge = None;
        self.code.clear();
        self.handling_key = None;
    }

    /// The order creation key for `channel`: the same while the channel stays, so a double tap, a
    /// retry or a reload can never create a second order.
    /// An error from `new_key` (no randomness) keeps the key there was and comes back.
    pub fn order_attempt_key<E>(
        &mut self,
        channel: Channel,
        new_key: impl FnOnce() -> Result<String, E>,
    ) -> Result<String, E> {
        match &self.order_key {
            Some((c, key)) if *c == channel => Ok(key.clone()),
            _ => {
                let key = new_key()?;
                self.order_key = Some((channel, key.clone()));
                Ok(key)
            }
        }
    }

    /// The order was created (or reused).
    pub fn ordered(&mut self, order: &PaymentOrder) {
        self.order_id = Some(order.order_id.clone());
        self.bridge_said = None;
    }

    /// Whether the order's amount is what the user confirmed; if not, it becomes the confirmed
    /// one and the user is asked again.
    pub fn amount_confirmed(&mut self, order: &PaymentOrder) -> bool {
        let ok = self.confirmed_total_fen == Some(order.amount_fen);
        self.confirmed_total_fen = Some(order.amount_fen);
        ok
    }

    /// The order is under way again after a cancel or a failure: back to the check page.
    pub fn retry(&mut self) {
        self.bridge_said = None;
    }
}

impl Item {
    fn apply(&mut self, d: &Decision) {
        self.decision_number = Some(d.decision_number.clone());
        self.decision_date = Some(d.decision_date.clone());
        self.fine_fen = d.fine_fen;
        self.surcharge_fen = d.surcharge_fen;
        self.points = d.points;
        self.plate_number = d.plate_number.clone();
        self.time = d.violation_time.clone();
    }
}

/// Whether a violation can start a payment: unprocessed and handleable, or decided and unpaid.
pub fn payable(v: &Violation) -> bool {
    match v.status {
        ViolationStatus::Unprocessed => v.not_handleable.is_none(),
        ViolationStatus::Processed => !v.paid && v.decision_number.is_some(),
        ViolationStatus::Unknown => false,
    }
}

/// Whether the app may send the browser to a provider's pay page (a `Redirect` action's URL),
/// given the parts the browser's URL parser made of it: `protocol` (`"https:"`), `origin`, and
/// the page's own origin. `production` is a build with an API base (`cargo xtask dist
/// --api-base …`). Only `https:` pages are followed; a build without an API base (the stub's
/// sandbox on loopback) may also follow a page on its own origin over plain `http:`. Anything
/// else (`http:` to another origin, `javascript:`, `data:`, `blob:`, `file:` …) is refused.
pub fn provider_page_allowed(
    protocol: &str,
    origin: &str,
    page_origin: &str,
    production: bool,
) -> bool {
    match protocol {
        "https:" => true,
        "http:" => !production && origin == page_origin && origin != "null",
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_provider_pages_are_followed_and_same_origin_http_only_without_an_api_base() {
        let page = "http://127.0.0.1:8080";
        for production in [false, true] {
            assert!(provider_page_allowed(
                "https:",
                "https://wx.tenpay.com",
                page,
                production
            ));
            assert!(
                !provider_page_allowed("http:", "http://evil.example", page, production),
                "http to another origin"
            );
            assert!(
                !provider_page_allowed("http:", "http://127.0.0.1:9999", page, production),
                "another port is another origin"
            );
            for scheme in [
                "javascript:",
                "data:",
                "blob:",
                "file:",
                "ftp:",
                "vbscript:",
                "",
            ] {
                assert!(
                    !provider_page_allowed(scheme, "null", page, production),
                    "{scheme}"
                );
            }
        }
        assert!(
            provider_page_allowed("http:", page, page, false),
            "the stub's sandbox page in a test build"
        );
        assert!(
            !provider_page_allowed("http:", page, page, true),
            "never plain http in a production build"
        );
        assert!(!provider_page_allowed("http:", "null", "null", false));
    }

    /// A key maker that always succeeds with `k`.
    fn new_key(k: &'static str) -> impl FnOnce() -> Result<String, &'static str> {
        move || Ok(k.to_owned())
    }
    use beian_contract::payment::OrderState;

    fn violation(id: &str, decided: bool) -> Violation {
        Violation {
            id: id.into(),
            vehicle_id: "v-1".into(),
            plate_type: "02".into(),
            plate_number: "京A12345".into(),
            time: "2026-11-20T08:30:00+08:00".into(),
            place: "长安街".into(),
            code: "1345".into(),
            description: "闯红灯".into(),
            points: 1,
            fine_fen: 10_000,
            surcharge_fen: 0,
            status: if decided {
                ViolationStatus::Processed
            } else {
                ViolationStatus::Unprocessed
            },
            decision_number: decided.then(|| "1101000005000105".into()),
            decision_date: decided.then(|| "2026-11-01".into()),
            detecting_authority: "a".into(),
            handling_authority: "b".into(),
            paid: false,
            paid_order_id: None,
            not_handleable: None,
        }
    }

    fn order(amount: i64) -> PaymentOrder {
        PaymentOrder {
            order_id: "pay-1".into(),
            decision_numbers: vec!["1101000005000105".into()],
            amount_fen: amount,
            channel: Channel::Wechat,
            state: OrderState::Pending,
            paid_at: None,
            action: None,
        }
    }

    #[test]
    fn unprocessed_violations_go_through_rules_and_code_before_checking() {
        let mut p = Payment::start(&[violation("w-1", false), violation("w-2", false)]);
        assert_eq!(p.furthest(), Some(Step::Rules));
        assert!(!p.reachable(Step::Check) && !p.reachable(Step::Code));
        assert_eq!(p.points(), 2);
        p.agreed("2025.1");
        assert_eq!(p.furthest(), Some(Step::Code));
        assert_eq!(
            p.handling_attempt_key(|| Err("no randomness")),
            Err("no randomness")
        );
        let key = p.handling_attempt_key(new_key("k1")).unwrap();
        assert_eq!(
            p.handling_attempt_key(new_key("k2")).unwrap(),
            key,
            "a retry keeps the key"
        );
        p.handling_failed();
        assert_eq!(
            p.handling_attempt_key(new_key("k3")).unwrap(),
            "k3",
            "a refused code starts a new attempt"
        );
        p.decided(&HandlingResult {
            decisions: vec![Decision {
                violation_id: "w-1".into(),
                decision_number: "1101000005000201".into(),
                decision_date: "2026-11-25".into(),
                plate_number: "京A12345".into(),
                violation_time: "2026-11-20T08:30:00+08:00".into(),
                fine_fen: 10_000,
                surcharge_fen: 0,
                points: 1,
            }],
            total_fen: 10_000,
        });
        assert!(p.needs_handling(), "one violation has no decision yet");
    }

    #[test]
    fn decided_violations_start_at_the_check_page_and_keep_one_order_key_per_channel() {
        let mut p = Payment::start(&[violation("w-105", true)]);
        assert_eq!(p.furthest(), Some(Step::Check));
        assert_eq!(p.total(), Fen(10_000));
        assert_eq!(
            p.order_attempt_key(Channel::Wechat, || Err("no randomness")),
            Err("no randomness")
        );
        assert_eq!(p.order_key, None, "no key is kept without randomness");
        let a = p.order_attempt_key(Channel::Wechat, new_key("a")).unwrap();
        assert_eq!(
            p.order_attempt_key(Channel::Wechat, new_key("b")).unwrap(),
            a
        );
        assert_eq!(
            p.order_attempt_key(Channel::Alipay, new_key("c")).unwrap(),
            "c",
            "another channel is another request"
        );
        assert_eq!(
            p.order_attempt_key(Channel::Wechat, || Err("no randomness")),
            Err("no randomness")
        );
        assert_eq!(
            p.order_key,
            Some((Channel::Alipay, "c".to_owned())),
            "a failed key keeps the last one"
        );
        p.confirmed_total_fen = Some(10_000);
        assert!(p.amount_confirmed(&order(10_000)));
        assert!(
            !p.amount_confirmed(&order(10_300)),
            "a changed amount is shown first"
        );
        assert!(p.amount_confirmed(&order(10_300)), "and then accepted");
        p.ordered(&order(10_300));
        assert_eq!(p.furthest(), Some(Step::Result));
    }

    #[test]
    fn what_may_start_a_payment() {
        let mut paid = violation("w-107", true);
        paid.paid = true;
        let mut blocked = violation("w-103", false);
        blocked.not_handleable =
            Some(beian_contract::violation::NotHandleableReason::PointsBeforeFiling);
        assert!(payable(&violation("w-1", false)));
        assert!(payable(&violation("w-105", true)));
        assert!(!payable(&paid));
        assert!(!payable(&blocked));
    }

    #[test]
    fn survives_a_reload() {
        let mut p = Payment::start(&[violation("w-1", false)]);
        p.agreed("2025.1");
        let raw = serde_json::to_string(&p).unwrap();
        assert_eq!(crate::parse_stored::<Payment>(&raw), Ok(p));
        assert!(crate::parse_stored::<Payment>("{\"items\": 3}").is_err());
    }
}
