//! SMS method, step 2b: which vehicle: the plate number (province picked from a grid, the rest
//! typed) and the last six characters of the engine number, checked as typed by the domain rules
//! ([`SmsVehicle::lookup_request`]), then looked up on the server.

use beian_contract::endpoint as ep;
use beian_contract::filing::LookupRequest;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api::{use_api, ApiFailure};
use crate::components::bind::Bound;
use crate::components::error_summary::{ErrorSummary, Problem};
use crate::components::failure::FailureNotice;
use crate::components::field::TextField;
use crate::components::province_picker::ProvincePicker;
use crate::i18n::*;
use crate::pages::filing::state::outcome::{lookup_failure, LookupFailure};
use crate::pages::filing::state::{PlateProblem, SmsVehicle, Step, Wizard};
use crate::pages::filing::text::{
    engine_text, flow_error_text, plate_text, EngineProblem, PlateIssue,
};
use crate::pages::filing::{use_wizard, BackLink};

/// The vehicle screen's state: the entries (bound to the wizard), what is wrong with them, and
/// the lookup.
#[derive(Clone, Copy)]
pub struct VehicleLookup {
    /// The province picked.
    pub province: Bound<Option<char>>,
    /// The rest of the plate as typed.
    pub rest: Bound<String>,
    /// The engine digits as typed.
    pub engine: Bound<String>,
    /// The plate's problem.
    pub plate_problem: RwSignal<Option<PlateIssue>>,
    /// The engine digits' problem.
    pub engine_problem: RwSignal<Option<EngineProblem>>,
    /// The user's filing limits are reached.
    pub blocked: RwSignal<Option<ApiFailure>>,
    /// Another failure (network, server…).
    pub failure: RwSignal<Option<ApiFailure>>,
    /// The lookup is under way.
    pub pending: Signal<bool>,
    /// Checks the entries and looks the vehicle up.
    pub submit: Callback<()>,
}

/// The vehicle screen's state and its lookup; a vehicle found goes on to the owner's code.
pub fn use_vehicle_lookup() -> VehicleLookup {
    let api = use_api();
    let wizard = use_wizard();
    let navigate = use_navigate();
    // What is typed goes straight into the wizard (kept for a reload); a change forgets an
    // earlier lookup, and a whole plate typed into the field selects its province.
    let entries = |w: &Wizard| w.sms().cloned().unwrap_or_default();
    let province = wizard
        .slice(move |w| entries(w).province, |w, p| w.set_province(p))
        .into();
    let rest = wizard
        .slice(
            move |w| entries(w).plate_rest,
            |w, r: String| w.set_plate_rest(&r),
        )
        .into();
    let engine = wizard
        .slice(move |w| entries(w).engine, |w, e: String| w.set_engine(&e))
        .into();
    let plate_problem = RwSignal::new(None::<PlateIssue>);
    let engine_problem = RwSignal::new(None::<EngineProblem>);
    let blocked = RwSignal::new(None::<ApiFailure>);
    let failure = RwSignal::new(None::<ApiFailure>);

    let lookup = Action::new_local(move |req: &LookupRequest| {
        let req = req.clone();
        async move { api.call(ep::FilingLookup, &[], &req).await }
    });
    Effect::new(move |_| match lookup.value().get() {
        None => {}
        Some(Ok(m)) => {
            wizard.update(|w| w.found(&m));
            navigate(Step::OwnerCode.path(), Default::default());
        }
        Some(Err(f)) => match lookup_failure(f.code().copied(), f.field()) {
            LookupFailure::Engine => engine_problem.set(Some(EngineProblem::Api(f))),
            LookupFailure::Plate => plate_problem.set(Some(PlateIssue::Api(f))),
            LookupFailure::Limit => blocked.set(Some(f)),
            LookupFailure::Other => failure.set(Some(f)),
        },
    });

    let submit = Callback::new(move |()| {
        failure.set(None);
        blocked.set(None);
        let Some(request) = wizard.with_untracked(|w| w.sms().map(SmsVehicle::lookup_request))
        else {
            return;
        };
        match request {
            Ok(req) => {
                plate_problem.set(None);
                engine_problem.set(None);
                lookup.dispatch(req);
            }
            Err(p) => {
                plate_problem.set(p.plate.map(PlateIssue::Typed));
                engine_problem.set(p.engine.map(EngineProblem::Format));
            }
        }
    });
    VehicleLookup {
        province,
        rest,
        engine,
        plate_problem,
        engine_problem,
        blocked,
        failure,
        pending: lookup.pending().into(),
        submit,
    }
}

/// The vehicle screen.
#[component]
pub fn VehicleStep() -> impl IntoView {
    let i18n = use_i18n();
    let wizard = use_wizard();
    let v = use_vehicle_lookup();
    let no_province = move || {
        matches!(
            v.plate_problem.get(),
            Some(PlateIssue::Typed(PlateProblem::NoProvince))
        )
    };
    let plate_error = Signal::derive(move || v.plate_problem.get().as_ref().map(plate_text));
    let engine_error = Signal::derive(move || v.engine_problem.get().as_ref().map(engine_text));
    let blocked_text = Signal::derive(move || v.blocked.get().as_ref().and_then(flow_error_text));
    let problems = Signal::derive(move || {
        let plate_target = if no_province() { "province" } else { "plate" };
        [
            ("limit", blocked_text.get()),
            (plate_target, plate_error.get()),
            ("engine", engine_error.get()),
        ]
        .into_iter()
        .filter_map(|(target, message)| message.map(|message| Problem { target, message }))
        .collect::<Vec<_>>()
    });
    let province_error = Signal::derive(move || no_province().then(|| plate_error.get()).flatten());
    let rest_error = Signal::derive(move || (!no_province()).then(|| plate_error.get()).flatten());
    let is_52 =
        move || wizard.with(|w| w.sms().and_then(|s| s.plate_type.as_deref()) == Some("52"));

    view! {
        <BackLink to=Step::PlateType />
        <ErrorSummary problems=problems />
        <h1>{t!(i18n, filing.vehicle_title)}</h1>
        <p class="hint">{t!(i18n, filing.vehicle_type_chosen)}" "
            <strong>{move || if is_52() { t_string!(i18n, filing.plate_type_52) } else { t_string!(i18n, filing.plate_type_02) }}</strong>" "
            <A href=Step::PlateType.path()>{t!(i18n, filing.change)}</A></p>
        {move || blocked_text.get().map(|text| view! {
            <div class="notice notice--error" id="limit" tabindex="-1">
                <p>{text}</p>
                <p><A href="/vehicles">{t!(i18n, filing.see_my_vehicles)}</A></p>
            </div>
        })}
        <FailureNotice failure=v.failure on_retry=v.submit />
        <form novalidate on:submit=move |ev| { ev.prevent_default(); v.submit.run(()); }>
            <ProvincePicker
                id="province"
                legend=Signal::derive(move || t_string!(i18n, filing.province_legend).to_string())
                selected=v.province
                error=province_error
            />
            <TextField
                id="plate"
                label=Signal::derive(move || t_string!(i18n, filing.plate_label).to_string())
                hint=Signal::derive(move || if is_52() { t_string!(i18n, filing.plate_hint_52).to_string() } else { t_string!(i18n, filing.plate_hint_02).to_string() })
                error=rest_error
                value=v.rest
                autocomplete="off"
            />
            <TextField
                id="engine"
                label=Signal::derive(move || t_string!(i18n, filing.engine_label).to_string())
                hint=Signal::derive(move || t_string!(i18n, filing.engine_hint).to_string())
                error=engine_error
                value=v.engine
                autocomplete="off"
            />
            <button type="submit" class="button" disabled=move || v.pending.get()>
                {move || if v.pending.get() { t_string!(i18n, filing.looking_up).to_string() } else { t_string!(i18n, filing.look_up).to_string() }}
            </button>
        </form>
    }
}
