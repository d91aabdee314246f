//! Turning an [`ApiFailure`] into words, and a notice with a retry button for failures that
//! are not about a field (network, timeout, server error).

use leptos::prelude::*;

use crate::api::ApiFailure;
use crate::i18n::*;
use beian_contract::ErrorCode;

/// A sentence for a failure that no page-specific message covers, in the current language.
pub fn generic_text(failure: &ApiFailure) -> String {
    let i18n = use_i18n();
    match failure {
        ApiFailure::Offline | ApiFailure::Network => t_string!(i18n, errors.network).to_string(),
        ApiFailure::Timeout => t_string!(i18n, errors.timeout).to_string(),
        ApiFailure::Server { status } => {
            t_string!(i18n, errors.server, status = *status).to_string()
        }
        ApiFailure::Unauthenticated => t_string!(i18n, errors.unauthenticated).to_string(),
        ApiFailure::Api { status, error } => match error.code {
            ErrorCode::TooFrequent | ErrorCode::RateLimited => match error.retry_after_s {
                Some(seconds) => {
                    t_string!(i18n, errors.too_frequent, seconds = seconds).to_string()
                }
                None => t_string!(i18n, errors.too_frequent_no_count).to_string(),
            },
            ErrorCode::Internal | ErrorCode::Unavailable => {
                t_string!(i18n, errors.server, status = *status).to_string()
            }
            _ => t_string!(i18n, errors.unexpected).to_string(),
        },
        ApiFailure::Decode | ApiFailure::Unexpected { .. } => {
            t_string!(i18n, errors.unexpected).to_string()
        }
        ApiFailure::BadLink => t_string!(i18n, errors.bad_link).to_string(),
        ApiFailure::NoRandomness => t_string!(i18n, errors.no_randomness).to_string(),
    }
}

/// A notice for a failed request, with a "try again" button when retrying may help.
#[component]
pub fn FailureNotice(
    /// The failure to explain; renders nothing when `None`.
    #[prop(into)]
    failure: Signal<Option<ApiFailure>>,
    /// Called when the user asks to try again.
    on_retry: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        {move || failure.get().map(|f| {
            let retry = f.is_transient() || matches!(f, ApiFailure::Decode | ApiFailure::Unexpected { .. });
            view! {
                <div class="notice notice--error" role="alert">
                    <p>{generic_text(&f)}</p>
                    <Show when=move || retry>
                        <button type="button" class="button button--secondary" on:click=move |_| on_retry.run(())>
                            {t!(i18n, errors.retry)}
                        </button>
                    </Show>
                </div>
            }
        })}
    }
}
