//! A modal confirmation (native `<dialog>` opened with `showModal()`, so focus is trapped and
//! Escape cancels) for actions that cannot be undone, such as unbinding a vehicle.

use leptos::prelude::*;

/// Asks the user to confirm an action.
#[component]
pub fn ConfirmDialog(
    /// Whether the dialog is open; set to `false` on cancel.
    open: RwSignal<bool>,
    /// The question, as the dialog's heading.
    #[prop(into)]
    title: Signal<String>,
    /// What will happen.
    #[prop(into)]
    body: Signal<String>,
    /// Label of the confirming button.
    #[prop(into)]
    confirm_label: Signal<String>,
    /// Label of the cancelling button.
    #[prop(into)]
    cancel_label: Signal<String>,
    /// Runs when the user confirms.
    on_confirm: Callback<()>,
    /// Disables the buttons while the action runs.
    #[prop(into)]
    busy: Signal<bool>,
) -> impl IntoView {
    let node = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move |_| {
        let Some(dialog) = node.get() else { return };
        if open.get() {
            if !dialog.open() {
                let _ = dialog.show_modal();
            }
        } else if dialog.open() {
            dialog.close();
        }
    });
    view! {
        <dialog
            class="dialog"
            node_ref=node
            aria-labelledby="dialog-title"
            aria-describedby="dialog-body"
            on:cancel=move |_: web_sys::Event| open.set(false)
            on:close=move |_| open.set(false)
        >
            <h2 id="dialog-title" class="dialog__title">{title}</h2>
            <p id="dialog-body">{body}</p>
            <div class="actions">
                <button type="button" class="button button--danger" disabled=move || busy.get() on:click=move |_| on_confirm.run(())>
                    {confirm_label}
                </button>
                <button type="button" class="button button--secondary" disabled=move || busy.get() on:click=move |_| open.set(false)>
                    {cancel_label}
                </button>
            </div>
        </dialog>
    }
}
