//! The three screens that ask for an SMS code (sign-in, the owner's consent in a filing, the
//! confirmation of a payment) share one logic: a request for a code, then the code's
//! verification. Which refusal leads where (a problem under the code field, a new attempt, a step
//! back, a notice with "try again", the rate-limit countdown) is decided here, as plain functions
//! of the screen and the API's typed error, so the app's pages only show the outcome.

use beian_contract::{ApiErrorBody, ErrorCode};
use beian_domain::sms::{RESEND_AFTER_S, VALID_FOR_S};
use beian_domain::SmsCodeError;

/// The screen a code is asked for on: each words and routes a few refusals its own way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    /// Signing in: the code goes to the number typed on the screen before.
    SignIn,
    /// Filing: the code goes to the vehicle owner, who passes it on.
    OwnerCode,
    /// Handling violations: the code goes to the signed-in user.
    PaymentCode,
}

/// The request a screen's "try again" repeats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Request {
    /// Asking for a code (first time or again).
    Send,
    /// Submitting the code typed (signing in, creating the filing, making the decisions).
    Verify,
}

/// What "try again" repeats after the failure notice of `last`. Sign-in repeats the request of
/// the step on screen (the code step once a code is pending, else the number step); the other
/// screens repeat the request that failed.
pub fn retry(screen: Screen, last: Request, code_step_shown: bool) -> Request {
    match screen {
        Screen::SignIn if code_step_shown => Request::Verify,
        Screen::SignIn => Request::Send,
        Screen::OwnerCode | Screen::PaymentCode => last,
    }
}

/// What is wrong with an entered SMS code. Each screen words these for its own code (the
/// user's, the owner's); which problem it is is decided here, once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodeProblem {
    /// Nothing entered.
    Empty,
    /// Not a 6-digit code (or the server said the field is malformed).
    Invalid,
    /// Wrong code; tries left when the server said.
    Wrong(Option<u8>),
    /// Older than 5 minutes.
    Expired,
    /// Five wrong tries voided it.
    Exhausted,
    /// The challenge is unknown or already used.
    Unknown,
}

impl CodeProblem {
    /// The problem with what was typed, from the domain parser's refusal.
    pub fn from_input(error: &SmsCodeError) -> Self {
        match error {
            SmsCodeError::Empty => Self::Empty,
            _ => Self::Invalid,
        }
    }

    /// The problem with the code when the API refused it for the code's sake; `None` for every
    /// other refusal, which the screen explains otherwise.
    pub fn from_refusal(refusal: &ApiErrorBody) -> Option<Self> {
        match refusal.code {
            ErrorCode::CodeWrong => Some(Self::Wrong(refusal.tries_left)),
            ErrorCode::CodeExpired => Some(Self::Expired),
            ErrorCode::CodeExhausted => Some(Self::Exhausted),
            ErrorCode::ChallengeUnknown => Some(Self::Unknown),
            // Only when the server blames the code itself: another field's refusal is not the code's.
            ErrorCode::Validation if refusal.field.as_deref() == Some("code") => {
                Some(Self::Invalid)
            }
            _ => None,
        }
    }
}

/// The refusals that stop a filing for a rule of the service (limits, the vehicle's state, the
/// QR code's state…): the owner's code screen shows them as a notice and does not retry.
pub const FILING_REFUSALS: [ErrorCode; 17] = [
    ErrorCode::VehicleNotFound,
    ErrorCode::EngineMismatch,
    ErrorCode::PlateTypeNotFileable,
    ErrorCode::OwnVehicle,
    ErrorCode::AlreadyFiled,
    ErrorCode::LimitVehicles,
    ErrorCode::LimitDaily,
    ErrorCode::LimitYearly,
    ErrorCode::LimitVehicleFilers,
    ErrorCode::WrongState,
    ErrorCode::FaceCheckUnavailable,
    ErrorCode::PhotoRejected,
    ErrorCode::PayloadTooLarge,
    ErrorCode::PhotoMissing,
    ErrorCode::QrExpired,
    ErrorCode::QrRevoked,
    ErrorCode::QrUsed,
];

/// What a failed request for a code leads to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SendFailed {
    /// The number is not a mobile number the service takes (sign-in: the number's field says so).
    BadNumber,
    /// A code went out less than a minute ago: wait `seconds` before asking again (the countdown).
    Wait {
        /// Seconds until another code may be asked for.
        seconds: u32,
    },
    /// Sign-in: a code went to this number less than a minute ago and still works; the code step
    /// shows it, with the countdown to a new one.
    EarlierCode {
        /// The earlier code's challenge.
        challenge_id: String,
        /// Seconds until another code may be asked for.
        seconds: u32,
    },
    /// What the code was for is gone (the vehicle match, the violations' handleable state): a
    /// step back.
    Gone,
    /// Anything else (network, timeout, server, an unexpected answer): a notice with "try again".
    Notice,
}

/// What a failed request for a code on `screen` leads to; `refusal` is the API's typed error,
/// `None` when there was none (network, timeout, a 5xx without a body…).
pub fn send_failed(screen: Screen, refusal: Option<&ApiErrorBody>) -> SendFailed {
    let Some(refusal) = refusal else {
        return SendFailed::Notice;
    };
    let seconds = refusal.retry_after_s.unwrap_or(RESEND_AFTER_S);
    match (screen, refusal.code) {
        (Screen::SignIn, ErrorCode::Validation) => SendFailed::BadNumber,
        (Screen::SignIn, ErrorCode::TooFrequent) => match &refusal.challenge_id {
            Some(challenge_id) => SendFailed::EarlierCode {
                challenge_id: challenge_id.clone(),
                seconds,
            },
            None => SendFailed::Wait { seconds },
        },
        (_, ErrorCode::TooFrequent) => SendFailed::Wait { seconds },
        (Screen::OwnerCode, ErrorCode::NotFound) => SendFailed::Gone,
        (Screen::PaymentCode, ErrorCode::NotHandleable | ErrorCode::NotFound) => SendFailed::Gone,
        _ => SendFailed::Notice,
    }
}

/// When a code sent earlier (its challenge named by a `too_frequent` refusal with `seconds` to
/// wait) may be sent again and when it expires, in ms since the epoch, from `now_ms`: it went out
/// at most `60 - seconds` s ago and lives 5 minutes from then.
pub fn earlier_code_times(seconds: u32, now_ms: f64) -> (f64, f64) {
    let sent_ago_s = RESEND_AFTER_S.saturating_sub(seconds);
    (
        now_ms + f64::from(seconds) * 1000.0,
        now_ms + f64::from(VALID_FOR_S.saturating_sub(sent_ago_s)) * 1000.0,
    )
}

/// What a failed verification of a code leads to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerifyFailed {
    /// The code's field shows the problem.
    Code(CodeProblem),
    /// What the code was for is gone (the vehicle match, the violations' handleable state): a
    /// step back.
    Gone,
    /// A rule of the service refuses the filing ([`FILING_REFUSALS`]): a notice, no retry.
    Refused,
    /// The rules changed since the user agreed (payment): read and agree again.
    RulesChanged,
    /// Anything else (network, timeout, server): a notice with "try again", which sends the same
    /// attempt (the same idempotency key) again.
    Notice,
}

impl VerifyFailed {
    /// Whether the attempt is spent: the next submission is a new attempt with a new idempotency
    /// key. Only a failure that may not have reached the server keeps the attempt.
    pub fn new_attempt(self) -> bool {
        self != VerifyFailed::Notice
    }
}

/// What a failed verification of a code on `screen` leads to; `refusal` as in [`send_failed`].
pub fn verify_failed(screen: Screen, refusal: Option<&ApiErrorBody>) -> VerifyFailed {
    let Some(refusal) = refusal else {
        return VerifyFailed::Notice;
    };
    if let Some(problem) = CodeProblem::from_refusal(refusal) {
        return VerifyFailed::Code(problem);
    }
    match (screen, refusal.code) {
        (Screen::OwnerCode, ErrorCode::NotFound) => VerifyFailed::Gone,
        (Screen::OwnerCode, code) if FILING_REFUSALS.contains(&code) => VerifyFailed::Refused,
        (Screen::PaymentCode, ErrorCode::NotHandleable | ErrorCode::NotFound) => VerifyFailed::Gone,
        (Screen::PaymentCode, ErrorCode::RulesNotAgreed) => VerifyFailed::RulesChanged,
        _ => VerifyFailed::Notice,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCREENS: [Screen; 3] = [Screen::SignIn, Screen::OwnerCode, Screen::PaymentCode];

    fn refusal(code: ErrorCode) -> ApiErrorBody {
        ApiErrorBody {
            code,
            message: String::new(),
            field: None,
            tries_left: None,
            retry_after_s: None,
            challenge_id: None,
        }
    }

    #[test]
    fn a_failure_without_a_typed_refusal_is_a_notice_that_keeps_the_attempt() {
        for screen in SCREENS {
            assert_eq!(send_failed(screen, None), SendFailed::Notice);
            assert_eq!(verify_failed(screen, None), VerifyFailed::Notice);
            assert!(!VerifyFailed::Notice.new_attempt());
        }
    }

    #[test]
    fn too_frequent_counts_down_the_seconds_the_server_gave_or_a_minute() {
        for screen in [Screen::OwnerCode, Screen::PaymentCode, Screen::SignIn] {
            let mut r = refusal(ErrorCode::TooFrequent);
            assert_eq!(
                send_failed(screen, Some(&r)),
                SendFailed::Wait { seconds: 60 }
            );
            r.retry_after_s = Some(17);
            assert_eq!(
                send_failed(screen, Some(&r)),
                SendFailed::Wait { seconds: 17 }
            );
        }
    }

    #[test]
    fn sign_in_offers_the_earlier_code_only_when_the_server_names_it() {
        let mut r = refusal(ErrorCode::TooFrequent);
        r.retry_after_s = Some(45);
        r.challenge_id = Some("ch-1".into());
        assert_eq!(
            send_failed(Screen::SignIn, Some(&r)),
            SendFailed::EarlierCode {
                challenge_id: "ch-1".into(),
                seconds: 45
            }
        );
        // Other screens never get a code they did not ask for.
        assert_eq!(
            send_failed(Screen::PaymentCode, Some(&r)),
            SendFailed::Wait { seconds: 45 }
        );
    }

    #[test]
    fn the_earlier_code_lives_five_minutes_from_when_it_went_out() {
        // 45 s to wait: it went out 15 s ago, so it lives 285 s more.
        assert_eq!(earlier_code_times(45, 1_000.0), (46_000.0, 286_000.0));
        // A server that says more than a minute never makes the expiry longer than 5 minutes.
        assert_eq!(earlier_code_times(90, 0.0), (90_000.0, 300_000.0));
    }

    #[test]
    fn a_bad_number_is_the_sign_in_fields_problem_and_a_notice_elsewhere() {
        let r = refusal(ErrorCode::Validation);
        assert_eq!(send_failed(Screen::SignIn, Some(&r)), SendFailed::BadNumber);
        assert_eq!(send_failed(Screen::OwnerCode, Some(&r)), SendFailed::Notice);
        assert_eq!(
            send_failed(Screen::PaymentCode, Some(&r)),
            SendFailed::Notice
        );
    }

    #[test]
    fn what_the_code_is_for_being_gone_is_a_step_back() {
        let gone = refusal(ErrorCode::NotFound);
        let unhandleable = refusal(ErrorCode::NotHandleable);
        assert_eq!(
            send_failed(Screen::OwnerCode, Some(&gone)),
            SendFailed::Gone
        );
        assert_eq!(
            send_failed(Screen::PaymentCode, Some(&gone)),
            SendFailed::Gone
        );
        assert_eq!(
            send_failed(Screen::PaymentCode, Some(&unhandleable)),
            SendFailed::Gone
        );
        assert_eq!(send_failed(Screen::SignIn, Some(&gone)), SendFailed::Notice);
        assert_eq!(
            send_failed(Screen::OwnerCode, Some(&unhandleable)),
            SendFailed::Notice
        );
        assert_eq!(
            verify_failed(Screen::OwnerCode, Some(&gone)),
            VerifyFailed::Gone
        );
        assert_eq!(
            verify_failed(Screen::PaymentCode, Some(&unhandleable)),
            VerifyFailed::Gone
        );
        assert_eq!(
            verify_failed(Screen::SignIn, Some(&gone)),
            VerifyFailed::Notice
        );
    }

    #[test]
    fn a_refused_code_is_the_fields_problem_on_every_screen_and_spends_the_attempt() {
        let mut wrong = refusal(ErrorCode::CodeWrong);
        wrong.tries_left = Some(3);
        let mut malformed = refusal(ErrorCode::Validation);
        malformed.field = Some("code".into());
        for screen in SCREENS {
            for (r, problem) in [
                (&wrong, CodeProblem::Wrong(Some(3))),
                (&refusal(ErrorCode::CodeWrong), CodeProblem::Wrong(None)),
                (&refusal(ErrorCode::CodeExpired), CodeProblem::Expired),
                (&refusal(ErrorCode::CodeExhausted), CodeProblem::Exhausted),
                (&refusal(ErrorCode::ChallengeUnknown), CodeProblem::Unknown),
                (&malformed, CodeProblem::Invalid),
            ] {
                let failed = verify_failed(screen, Some(r));
                assert_eq!(failed, VerifyFailed::Code(problem), "{screen:?} {r:?}");
                assert!(failed.new_attempt());
            }
        }
    }

    #[test]
    fn another_fields_validation_is_not_the_codes_problem() {
        let mut r = refusal(ErrorCode::Validation);
        r.field = Some("match_id".into());
        assert_eq!(CodeProblem::from_refusal(&r), None);
        assert_eq!(
            verify_failed(Screen::OwnerCode, Some(&r)),
            VerifyFailed::Notice
        );
    }

    #[test]
    fn a_filing_rule_refuses_only_the_owners_code() {
        for code in FILING_REFUSALS {
            let r = refusal(code);
            assert_eq!(
                verify_failed(Screen::OwnerCode, Some(&r)),
                VerifyFailed::Refused
            );
            assert!(VerifyFailed::Refused.new_attempt());
            assert_eq!(
                verify_failed(Screen::SignIn, Some(&r)),
                VerifyFailed::Notice
            );
        }
        assert_eq!(
            verify_failed(Screen::OwnerCode, Some(&refusal(ErrorCode::Internal))),
            VerifyFailed::Notice
        );
    }

    #[test]
    fn changed_rules_send_the_payment_back_to_the_rules() {
        let r = refusal(ErrorCode::RulesNotAgreed);
        assert_eq!(
            verify_failed(Screen::PaymentCode, Some(&r)),
            VerifyFailed::RulesChanged
        );
        assert_eq!(
            verify_failed(Screen::OwnerCode, Some(&r)),
            VerifyFailed::Notice
        );
    }

    #[test]
    fn try_again_repeats_the_failed_request_or_sign_ins_step_on_screen() {
        for last in [Request::Send, Request::Verify] {
            assert_eq!(retry(Screen::OwnerCode, last, true), last);
            assert_eq!(retry(Screen::PaymentCode, last, false), last);
            assert_eq!(retry(Screen::SignIn, last, true), Request::Verify);
            assert_eq!(retry(Screen::SignIn, last, false), Request::Send);
        }
    }

    #[test]
    fn a_typed_code_is_empty_or_invalid() {
        assert_eq!(
            CodeProblem::from_input(&SmsCodeError::Empty),
            CodeProblem::Empty
        );
        assert_eq!(
            CodeProblem::from_input(&SmsCodeError::WrongLength { actual: 3 }),
            CodeProblem::Invalid
        );
    }
}
