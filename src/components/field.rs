//! A labelled text input with its hint and its error message, wired for
//! assistive technology (`aria-describedby`, `aria-invalid`).

use leptos::prelude::*;

use crate::components::bind::Bound;

/// One text input with a visible label, an optional hint and an inline error.
#[component]
pub fn TextField(
    /// Element id of the input; also the target of error-summary links.
    id: &'static str,
    /// Visible label text.
    #[prop(into)]
    label: Signal<String>,
    /// Optional hint shown under the label.
    #[prop(optional, into)]
    hint: Option<Signal<String>>,
    /// Inline error message, shown above the input when set.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// The value, two-way bound (a signal, or a slice of a flow's state).
    #[prop(into)]
    value: Bound<String>,
    /// The input's `type` (default `text`).
    #[prop(default = "text")]
    input_type: &'static str,
    /// The `inputmode` hint for virtual keyboards (e.g. `numeric`, `tel`).
    #[prop(optional)]
    inputmode: Option<&'static str>,
    /// The `autocomplete` token (e.g. `tel-national`, `one-time-code`).
    #[prop(optional)]
    autocomplete: Option<&'static str>,
    /// Whether the input is disabled.
    #[prop(optional, into)]
    disabled: Signal<bool>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let has_hint = hint.is_some();
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field--error=move || error.with(Option::is_some)>
            <label class="field__label" for=id>{label}</label>
            {hint.map(|hint| view! { <p class="field__hint" id=hint_id.clone()>{hint}</p> })}
            <Show when=move || error.with(Option::is_some)>
                <p class="field__error" id=error_id.clone()>{move || error.get()}</p>
            </Show>
            <input
                class="field__input"
                id=id
                name=id
                type=input_type
                inputmode=inputmode
                autocomplete=autocomplete
                spellcheck="false"
                aria-invalid=move || if error.with(Option::is_some) { "true" } else { "false" }
                aria-describedby=described_by
                disabled=move || disabled.get()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </div>
    }
}
