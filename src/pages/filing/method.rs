//! Step 1: how the owner consents: the owner's SMS code, or the owner's vehicle QR code; before
//! the user starts, it shows where they stand against the filing limits.

use std::time::Duration;

use beian_contract::endpoint::{self as ep, NoBody};
use beian_contract::vehicle::FilingLimits;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::state::{Method, MethodKind};
use super::use_wizard;
use crate::api::use_api;
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::limits_notice::LimitsNotice;
use crate::components::radio_group::{RadioGroup, RadioOption};
use crate::i18n::*;

/// The method screen's state: the method picked (kept on the screen until it is submitted: a
/// change of method forgets the vehicle found), whether none was, the user's filing limits, and
/// the submission.
#[derive(Clone, Copy)]
pub struct MethodChoice {
    /// The method picked (its form value).
    pub chosen: RwSignal<Option<String>>,
    /// None was picked when submitting.
    pub missing: RwSignal<bool>,
    /// The user's filing limits, once known.
    pub limits: Signal<Option<FilingLimits>>,
    /// Keeps the method and goes on to its first step.
    pub submit: Callback<()>,
}

/// The method screen's state and its submission.
pub fn use_method_choice() -> MethodChoice {
    let api = use_api();
    let wizard = use_wizard();
    let navigate = use_navigate();
    let chosen =
        RwSignal::new(wizard.with_untracked(|w| w.method_kind().map(|k| k.value().to_string())));
    let missing = RwSignal::new(false);
    let leaving = StoredValue::new(false);
    let list =
        LocalResource::new(move || async move { api.call(ep::Vehicles, &[], &NoBody).await });
    let submit = Callback::new(move |()| {
        let Some(kind) = chosen.with_untracked(|c| c.as_deref().and_then(MethodKind::from_value))
        else {
            missing.set(true);
            return;
        };
        missing.set(false);
        // One navigation per page, however often "继续" is tapped before it happens.
        if leaving.get_value() {
            return;
        }
        leaving.set_value(true);
        wizard.update(|w| w.choose_method(kind));
        // The navigation (the history entry, the route change, the next page's render) runs in a
        // task of its own: done inside the tap, it made the tap one main-thread task of 90–200 ms
        // on a slow phone, with the style and layout Chromium then runs for the click's hit test.
        let path = Method::new(kind).first_step().path();
        let navigate = navigate.clone();
        set_timeout(move || navigate(path, Default::default()), Duration::ZERO);
    });
    MethodChoice {
        chosen,
        missing,
        limits: Signal::derive(move || list.get().and_then(|r| r.ok()).map(|l| l.limits)),
        submit,
    }
}

/// The method screen.
#[component]
pub fn MethodStep() -> impl IntoView {
    let i18n = use_i18n();
    let m = use_method_choice();
    let error = Signal::derive(move || {
        m.missing
            .get()
            .then(|| t_string!(i18n, filing.method_missing).to_string())
    });
    let problems = Signal::derive(move || {
        error
            .get()
            .map(|message| {
                vec![Problem {
                    target: "method",
                    message,
                }]
            })
            .unwrap_or_default()
    });
    view! {
        <ErrorSummary problems=problems />
        <h1>{t!(i18n, filing.method_title)}</h1>
        <p class="lead">{t!(i18n, filing.method_lead)}</p>
        {move || m.limits.get().map(|l| view! { <LimitsNotice limits=l /> })}
        <form novalidate on:submit=move |ev| { ev.prevent_default(); m.submit.run(()); }>
            <RadioGroup
                id="method"
                legend=Signal::derive(move || t_string!(i18n, filing.method_legend).to_string())
                options=vec![
                    RadioOption {
                        value: MethodKind::Sms.value(),
                        label: Signal::derive(move || t_string!(i18n, filing.method_owner_sms).to_string()),
                        hint: Some(Signal::derive(move || t_string!(i18n, filing.method_owner_sms_hint).to_string())),
                    },
                    RadioOption {
                        value: MethodKind::Qr.value(),
                        label: Signal::derive(move || t_string!(i18n, qr.method_label).to_string()),
                        hint: Some(Signal::derive(move || t_string!(i18n, qr.method_hint).to_string())),
                    },
                ]
                selected=m.chosen
                error=error
            />
            <button type="submit" class="button">{t!(i18n, filing.next_button)}</button>
        </form>
        <p><A href="/vehicles">{t!(i18n, filing.see_my_vehicles)}</A></p>
    }
}
