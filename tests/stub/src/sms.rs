//! The simulated SMS gateway: one-time codes (send, resend throttle, expiry, tries) and the outbox.

use beian_contract::sandbox::SmsRecord;
use beian_contract::session::SmsChallenge;
use beian_contract::ErrorCode;
use beian_domain::sms::{is_expired, resend_wait_s, MAX_TRIES, RESEND_AFTER_S, VALID_FOR_S};
use beian_domain::{parse_mobile, parse_sms_code};
use rand::Rng;

use crate::clock::rfc3339;
use crate::error::Fail;
use crate::state::{Challenge, Purpose, World};

/// Masks a phone number (138****8000); returns the input when it is not a mobile number.
pub fn mask(phone: &str) -> String {
    parse_mobile(phone)
        .map(|m| m.masked())
        .unwrap_or_else(|_| phone.to_string())
}

/// Puts an SMS in the outbox (and on stdout when logging).
pub fn deliver(world: &mut World, to: &str, purpose: Purpose, text: String, code: Option<String>) {
    if world.log_sms {
        use std::io::Write;
        let what = code.clone().unwrap_or_else(|| text.clone());
        let mut out = std::io::stdout().lock();
        let _ = writeln!(
            out,
            "[sms] to {} ({}): {}",
            mask(to),
            purpose.as_str(),
            what
        );
        let _ = out.flush();
    }
    let sent_at = rfc3339(world.now_s());
    world.outbox.push(SmsRecord {
        to: to.to_string(),
        text,
        code,
        purpose: purpose.as_str().to_string(),
        sent_at,
    });
}

/// Sends a new code to `phone`, unless one went out for the same purpose within 60 s
/// (`429 too_frequent`).
pub fn send_code(
    world: &mut World,
    phone: &str,
    purpose: Purpose,
    context: String,
    requester: &str,
) -> Result<SmsChallenge, Fail> {
    let now = world.now_s();
    if let Some(&last) = world.last_sent.get(&(phone.to_string(), purpose)) {
        let wait = resend_wait_s(now - last);
        if wait > 0 {
            let mut error = beian_contract::ApiError::new(
                ErrorCode::TooFrequent,
                format!("a code was sent less than {RESEND_AFTER_S} s ago"),
            )
            .retry_after(wait);
            // Signing in: the code already sent still works while unused and fresh; say which
            // challenge it answers, so that the user can enter it instead of waiting.
            if purpose == Purpose::SignIn {
                if let Some(open) = world.challenges.values().find(|c| {
                    c.phone == phone
                        && c.purpose == purpose
                        && c.sent_at == last
                        && !c.used
                        && c.wrong_tries < MAX_TRIES
                        && !is_expired(now - c.sent_at)
                }) {
                    error = error.challenge(open.id.clone());
                }
            }
            return Err(Fail(error));
        }
    }
    let code = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000u32));
    let id = format!("c-{}", random_token(20));
    let text = match purpose {
        Purpose::SignIn => format!("【交管12123】您的登录验证码为{code}，5分钟内有效。请勿泄露。"),
        Purpose::OwnerConsent => format!(
            "【交管12123】用户{}申请备案您的机动车，如同意请将验证码{code}告知对方，5分钟内有效。如非本人同意请忽略。",
            mask(requester)
        ),
        Purpose::Handling => format!("【交管12123】您正在办理电子监控违法处理，验证码{code}，5分钟内有效。"),
        Purpose::ReviewResult => format!("【交管12123】验证码{code}"),
    };
    world.challenges.insert(
        id.clone(),
        Challenge {
            id: id.clone(),
            phone: phone.to_string(),
            purpose,
            code: code.clone(),
            sent_at: now,
            wrong_tries: 0,
            used: false,
            context,
            requester: requester.to_string(),
        },
    );
    world.last_sent.insert((phone.to_string(), purpose), now);
    deliver(world, phone, purpose, text, Some(code));
    Ok(SmsChallenge {
        challenge_id: id,
        masked_phone: mask(phone),
        resend_after_s: RESEND_AFTER_S,
        expires_in_s: VALID_FOR_S,
    })
}

/// Checks an answer to a challenge and consumes it on success. `accept` says whether the challenge
/// is the one expected here (purpose, requester, context); a challenge it refuses is unknown.
pub fn verify_code(
    world: &mut World,
    challenge_id: &str,
    code: &str,
    accept: impl Fn(&Challenge) -> bool,
) -> Result<Challenge, Fail> {
    crate::routes::within("code", code, beian_contract::rules::SMS_CODE_MAX)?;
    let code = parse_sms_code(code).map_err(|e| Fail::validation("code", e.to_string()))?;
    let now = world.now_s();
    let Some(ch) = world.challenges.get_mut(challenge_id) else {
        return Err(
            Fail::new(ErrorCode::ChallengeUnknown, "unknown challenge").field("challenge_id")
        );
    };
    if ch.used || !accept(ch) {
        return Err(
            Fail::new(ErrorCode::ChallengeUnknown, "unknown or used challenge")
                .field("challenge_id"),
        );
    }
    if ch.wrong_tries >= MAX_TRIES {
        return Err(Fail::new(
            ErrorCode::CodeExhausted,
            "too many wrong tries; ask for a new code",
        )
        .field("code"));
    }
    if is_expired(now - ch.sent_at) {
        return Err(Fail::new(
            ErrorCode::CodeExpired,
            "the code has expired; ask for a new one",
        )
        .field("code"));
    }
    if ch.code != code.as_str() {
        ch.wrong_tries += 1;
        let left = MAX_TRIES.saturating_sub(ch.wrong_tries);
        if left == 0 {
            return Err(Fail::new(
                ErrorCode::CodeExhausted,
                "too many wrong tries; ask for a new code",
            )
            .field("code"));
        }
        return Err(Fail(
            beian_contract::ApiError::new(ErrorCode::CodeWrong, "wrong code")
                .field("code")
                .tries_left(left as u8),
        ));
    }
    ch.used = true;
    Ok(ch.clone())
}

/// A random token of `len` characters from `[A-Za-z0-9]`.
pub fn random_token(len: usize) -> String {
    use rand::distributions::Alphanumeric;
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
}
