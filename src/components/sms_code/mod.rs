//! The SMS-code screen, written once for the three places a code is asked for: signing in, the
//! owner's consent in a filing and the confirmation of a payment. One concern per file:
//!
//! - [`use_sms_code`] (`hook.rs`): the send and verify requests, the code as typed, its problem,
//!   the failure notice and its "try again", and the rate-limit countdown;
//! - [`SmsCodeScreen`] (`screen.rs`): asking for a code, then the code field, submit and resend;
//! - [`SmsCodeField`] (`field.rs`): the code field that takes a pasted text message;
//! - [`Resend`] (`resend.rs`): "send again" behind its countdown;
//! - [`problem_text`] (`words.rs`): a code's problem in words, the owner's or the user's.
//!
//! Where each refusal leads is not decided here but in [`beian_flow::sms`].

mod field;
mod hook;
mod resend;
mod screen;
mod words;

pub use beian_flow::sms::{CodeProblem, Request, Screen};
pub use field::SmsCodeField;
pub use hook::{use_sms_code, Answer, SmsCode, SmsEvent, UseSmsCodeOptions, Verify, Wait};
pub use resend::{Resend, ResendText};
pub use screen::{AskText, CodeScreenText, ResendPlace, SmsCodeScreen};
pub use words::problem_text;
