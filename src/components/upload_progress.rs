//! How far a photo upload has gone ([`crate::api::Api::upload`] reports it): a `<progress>`
//! named after the photo, the percentage beside it, and a status line announced once (the
//! percentage is read from the bar, not announced at every step). Also the words for an upload
//! that stopped half-way.

use leptos::prelude::*;

use crate::api::ApiFailure;
use crate::i18n::*;

/// The progress of one upload.
#[component]
pub fn UploadProgress(
    /// Element id of the bar.
    id: String,
    /// What is being uploaded (the bar's accessible name says "upload of …").
    #[prop(into)]
    what: Signal<String>,
    /// Percent sent; `None` while the browser cannot say (the bar is then indeterminate).
    #[prop(into)]
    percent: Signal<Option<u8>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="upload upload--sending">
            <progress
                id=id
                max="100"
                value=move || percent.get().map(|p| p.to_string())
                aria-label=move || t_string!(i18n, upload.progress_label, what = what.get()).to_string()
            ></progress>
            <span class="upload__percent">{move || percent.get().map(|p| format!("{p}%"))}</span>
            <span role="status">
                {move || if percent.get() == Some(100) {
                    t_string!(i18n, upload.confirming).to_string()
                } else {
                    t_string!(i18n, upload.sending).to_string()
                }}
            </span>
        </div>
    }
}

/// Words for an upload that stopped without an answer (connection lost, offline, timed out),
/// saying how much had gone; `None` for failures the server explained.
pub fn interrupted_text(failure: &ApiFailure, sent: Option<u8>) -> Option<String> {
    let i18n = use_i18n();
    Some(match (failure, sent) {
        (ApiFailure::Network | ApiFailure::Offline, Some(percent)) if percent < 100 => {
            t_string!(i18n, upload.interrupted_at, percent = percent).to_string()
        }
        (ApiFailure::Network | ApiFailure::Offline, _) => {
            t_string!(i18n, upload.interrupted).to_string()
        }
        (ApiFailure::Timeout, _) => t_string!(i18n, upload.timed_out).to_string(),
        _ => return None,
    })
}
