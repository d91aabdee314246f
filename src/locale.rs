//! The user's language: Simplified Chinese unless they chose English, remembered in
//! localStorage (a preference, nothing personal) and reflected in `<html lang>`.

use leptos::prelude::*;
use leptos_i18n::Locale as _;

use crate::i18n::{use_i18n, Locale};
use crate::storage::{self, keys};

/// Applies the remembered language, or zh-CN, whatever the browser prefers: the service is
/// Chinese first and English is a choice.
pub fn restore() {
    let i18n = use_i18n();
    let wanted = match storage::local_get::<String>(keys::LOCALE).as_deref() {
        Some("en") => Locale::en,
        _ => Locale::zh_CN,
    };
    // The provider starts in zh-CN (build.rs: the generated `find_locale` ignores the browser's
    // languages); this effect, created after the provider's own, brings the remembered choice.
    Effect::new(move |_| {
        if i18n.get_locale_untracked() != wanted {
            i18n.set_locale(wanted);
        }
    });
    // `<html lang>` follows the language, so screen readers and fonts pick the right one.
    Effect::new(move |_| {
        let lang = i18n.get_locale().as_str();
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("lang", lang);
        }
    });
}

/// Switches to the other language and remembers the choice.
pub fn toggle() {
    let i18n = use_i18n();
    let next = match i18n.get_locale_untracked() {
        Locale::zh_CN => Locale::en,
        Locale::en => Locale::zh_CN,
    };
    storage::local_set(keys::LOCALE, &next.as_str());
    i18n.set_locale(next);
}

/// Whether the current language is English (tracked).
pub fn is_english() -> Signal<bool> {
    let i18n = use_i18n();
    Signal::derive(move || i18n.get_locale() == Locale::en)
}
