//! The code field: one numeric input with the one-time-code autofill hint that accepts a pasted
//! text message (the 6-digit code is picked out of it with `parse_sms_code`).

use beian_domain::parse_sms_code;
use leptos::prelude::*;

/// A code field with its hint and error, taking a pasted text message.
#[component]
pub fn SmsCodeField(
    /// Element id of the input; also the target of error-summary links.
    id: &'static str,
    /// Visible label text.
    #[prop(into)]
    label: Signal<String>,
    /// Hint under the label.
    #[prop(into)]
    hint: Signal<String>,
    /// Inline error message.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// The code as typed, two-way bound.
    value: RwSignal<String>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            if error.with(Option::is_some) {
                format!("{hint_id} {error_id}")
            } else {
                hint_id.clone()
            }
        }
    };
    let on_paste = move |ev: web_sys::ClipboardEvent| {
        let text = ev
            .clipboard_data()
            .and_then(|d| d.get_data("text").ok())
            .unwrap_or_default();
        if let Ok(code) = parse_sms_code(&text) {
            ev.prevent_default();
            value.set(code.as_str().to_owned());
        }
    };
    view! {
        <div class="field" class:field--error=move || error.with(Option::is_some)>
            <label class="field__label" for=id>{label}</label>
            <p class="field__hint" id=hint_id.clone()>{hint}</p>
            <Show when=move || error.with(Option::is_some)>
                <p class="field__error" id=error_id.clone()>{move || error.get()}</p>
            </Show>
            <input
                class="field__input field__input--code"
                id=id
                name=id
                type="text"
                inputmode="numeric"
                autocomplete="one-time-code"
                spellcheck="false"
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                on:paste=on_paste
            />
        </div>
    }
}
