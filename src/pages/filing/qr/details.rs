//! QR method, step 4: the details the server asked for: the engine number's last six characters
//! (read off the engine-number plate just photographed; checked with the domain rule) and the
//! applicant's relationship to the owner. The server checks them again with the filing.

use beian_contract::filing::Relationship;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::components::bind::Bound;
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::field::TextField;
use crate::components::radio_group::{RadioGroup, RadioOption};
use crate::i18n::*;
use crate::pages::filing::state::{QrVehicle, Step, Wizard};
use crate::pages::filing::text::{engine_text, EngineProblem};
use crate::pages::filing::{use_wizard, BackLink};

const RELATIONSHIPS: [(Relationship, &str); 5] = [
    (Relationship::Spouse, "spouse"),
    (Relationship::Relative, "relative"),
    (Relationship::Employer, "employer"),
    (Relationship::Friend, "friend"),
    (Relationship::Other, "other"),
];

fn relationship_of(value: &str) -> Option<Relationship> {
    RELATIONSHIPS
        .iter()
        .find(|(_, v)| *v == value)
        .map(|(r, _)| *r)
}

fn value_of(r: Relationship) -> Option<String> {
    RELATIONSHIPS
        .iter()
        .find(|(x, _)| *x == r)
        .map(|(_, v)| (*v).to_string())
}

/// The details screen's state: what is asked for, the entries (bound to the wizard: kept for a
/// reload while the user asks the owner), what is wrong with them, and the submission.
#[derive(Clone, Copy)]
pub struct QrDetailsForm {
    /// The engine digits are asked for.
    pub asks_engine: bool,
    /// The relationship is asked for.
    pub asks_relationship: bool,
    /// The engine digits as typed.
    pub engine: Bound<String>,
    /// The relationship chosen (its form value).
    pub relationship: Bound<Option<String>>,
    /// The engine digits' problem.
    pub engine_problem: RwSignal<Option<EngineProblem>>,
    /// The relationship was asked for and not chosen.
    pub relationship_missing: RwSignal<bool>,
    /// Checks the details and goes on to the owner's code.
    pub submit: Callback<()>,
}

/// The details screen's state and its submission.
pub fn use_qr_details() -> QrDetailsForm {
    let wizard = use_wizard();
    let navigate = use_navigate();
    let qr = |w: &Wizard| w.qr().cloned().unwrap_or_default();
    let asked = wizard.with_untracked(qr);
    let engine = wizard
        .slice(
            move |w| qr(w).engine,
            move |w, e: String| {
                let r = qr(w).relationship;
                w.details_typed(&e, r);
            },
        )
        .into();
    let relationship = wizard
        .slice(
            move |w| qr(w).relationship.and_then(value_of),
            move |w, r: Option<String>| {
                let e = qr(w).engine;
                w.details_typed(&e, r.as_deref().and_then(relationship_of));
            },
        )
        .into();
    let engine_problem = RwSignal::new(None::<EngineProblem>);
    let relationship_missing = RwSignal::new(false);
    let submit = Callback::new(move |()| {
        let checked = wizard.with_untracked(|w| {
            let q: QrVehicle = qr(w);
            q.check_details(&q.engine, q.relationship)
        });
        match checked {
            Ok(details) => {
                engine_problem.set(None);
                relationship_missing.set(false);
                wizard.update(|w| w.set_details(&details));
                navigate(Step::OwnerCode.path(), Default::default());
            }
            Err(p) => {
                engine_problem.set(p.engine.map(EngineProblem::Format));
                relationship_missing.set(p.relationship_missing);
            }
        }
    });
    QrDetailsForm {
        asks_engine: asked.asks_engine(),
        asks_relationship: asked.asks_relationship(),
        engine,
        relationship,
        engine_problem,
        relationship_missing,
        submit,
    }
}

/// The details screen.
#[component]
pub fn QrDetailsStep() -> impl IntoView {
    let i18n = use_i18n();
    let d = use_qr_details();
    let engine_error = Signal::derive(move || d.engine_problem.get().as_ref().map(engine_text));
    let relationship_error = Signal::derive(move || {
        d.relationship_missing
            .get()
            .then(|| t_string!(i18n, qr.relationship_missing).to_string())
    });
    let problems = Signal::derive(move || {
        [
            ("engine", engine_error.get()),
            ("relationship", relationship_error.get()),
        ]
        .into_iter()
        .filter_map(|(target, message)| message.map(|message| Problem { target, message }))
        .collect::<Vec<_>>()
    });
    let option = |value: &'static str, label: Signal<String>| RadioOption {
        value,
        label,
        hint: None,
    };

    view! {
        <BackLink to=Step::QrPhotos />
        <ErrorSummary problems=problems />
        <h1>{t!(i18n, qr.details_title)}</h1>
        <p class="lead">{t!(i18n, qr.details_lead)}</p>
        <form novalidate on:submit=move |ev| { ev.prevent_default(); d.submit.run(()); }>
            {d.asks_engine.then(|| view! {
                <TextField
                    id="engine"
                    label=Signal::derive(move || t_string!(i18n, filing.engine_label).to_string())
                    hint=Signal::derive(move || t_string!(i18n, qr.engine_hint).to_string())
                    error=engine_error
                    value=d.engine
                    autocomplete="off"
                />
            })}
            {d.asks_relationship.then(|| view! {
                <RadioGroup
                    id="relationship"
                    legend=Signal::derive(move || t_string!(i18n, qr.relationship_legend).to_string())
                    options=vec![
                        option("spouse", Signal::derive(move || t_string!(i18n, qr.relationship_spouse).to_string())),
                        option("relative", Signal::derive(move || t_string!(i18n, qr.relationship_relative).to_string())),
                        option("employer", Signal::derive(move || t_string!(i18n, qr.relationship_employer).to_string())),
                        option("friend", Signal::derive(move || t_string!(i18n, qr.relationship_friend).to_string())),
                        option("other", Signal::derive(move || t_string!(i18n, qr.relationship_other).to_string())),
                    ]
                    selected=d.relationship
                    error=relationship_error
                />
            })}
            <button type="submit" class="button">{t!(i18n, filing.next_button)}</button>
        </form>
    }
}
