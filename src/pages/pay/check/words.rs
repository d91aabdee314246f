//! What the check page says about a stop, in the user's language.

use beian_domain::{PayChannel, PayHost};
use beian_flow::paying::Stop;

use crate::format::yuan;
use crate::i18n::*;

/// The host app's name, for messages.
fn host_app(host: PayHost) -> String {
    let i18n = use_i18n();
    match host {
        PayHost::AlipayApp | PayHost::AlipayMiniProgram => t_string!(i18n, pay.alipay).to_string(),
        _ => t_string!(i18n, pay.wechat_app).to_string(),
    }
}

/// Why paying stopped, in words.
pub fn stop_text(s: &Stop) -> String {
    let i18n = use_i18n();
    match s {
        Stop::WrongHost(PayChannel::Alipay) => t_string!(i18n, pay.alipay_in_wechat).to_string(),
        Stop::WrongHost(PayChannel::Wechat | PayChannel::Unknown) => {
            t_string!(i18n, pay.wechat_in_alipay).to_string()
        }
        Stop::WindowClosed => t_string!(i18n, pay.window_closed).to_string(),
        Stop::AlreadyPaid => t_string!(i18n, pay.already_paid).to_string(),
        Stop::BridgeMissing => t_string!(i18n, pay.bridge_missing).to_string(),
        Stop::SdkFailed => t_string!(i18n, pay.sdk_failed).to_string(),
        Stop::HandOffFailed => t_string!(i18n, pay.hand_off_failed).to_string(),
        Stop::UnsafePayPage => t_string!(i18n, pay.unsafe_pay_page).to_string(),
        Stop::AmountChanged(fen) => {
            t_string!(i18n, pay.amount_changed, total = yuan(*fen)).to_string()
        }
        Stop::Refused => t_string!(i18n, pay.refused).to_string(),
        Stop::AuthDeclined(h) => t_string!(i18n, pay.auth_declined, app = host_app(*h)).to_string(),
        Stop::AuthFailed(h) => t_string!(i18n, pay.auth_failed, app = host_app(*h)).to_string(),
    }
}
