//! The violations list's state: the filter and tab from the address, the vehicles and the
//! violations asked for, the selection and what "handle and pay" does with it.

use beian_contract::endpoint::{self as ep, NoBody};
use beian_contract::filing::FilingState;
use beian_contract::vehicle::FiledVehicle;
use beian_contract::violation::{Violation, ViolationQuery};
use beian_flow::payment::payable;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{use_api, ApiFailure};
use crate::components::error_summary::Problem;
use crate::i18n::*;
use crate::links::violations_href;
use crate::pages::pay::enter_payment;

/// What the list screen shows and does; made by [`use_violation_list`].
#[derive(Clone, Copy)]
pub struct ViolationListing {
    /// The vehicle filter (`""`: all vehicles), from `?vehicle=`.
    pub vehicle: Memo<String>,
    /// Whether the processed tab is shown (`?tab=processed`).
    pub processed: Memo<bool>,
    /// The user's approved vehicles, for the filter (empty until known).
    pub vehicles: Signal<Vec<FiledVehicle>>,
    /// The violations of this filter and tab (`None` while loading or after a failure).
    pub list: Signal<Option<Vec<Violation>>>,
    /// Why the list could not be read.
    pub failure: Signal<Option<ApiFailure>>,
    /// Ids of the selected violations.
    pub selected: RwSignal<Vec<String>>,
    /// The selected violations among those shown.
    pub chosen: Memo<Vec<Violation>>,
    /// "Select one first", for the error summary.
    pub problems: Signal<Vec<Problem>>,
    /// Whether anything shown can be paid (the "handle and pay" bar appears).
    pub any_payable: Signal<bool>,
    /// Asks for the list again.
    pub reload: Callback<()>,
    /// Starts the payment flow with the selection (or says to select first).
    pub handle: Callback<()>,
    /// Shows another vehicle's violations, in the same tab.
    pub pick_vehicle: Callback<String>,
}

/// The violations list screen's state and actions.
pub fn use_violation_list() -> ViolationListing {
    let i18n = use_i18n();
    let api = use_api();
    let navigate = use_navigate();
    let query = use_query_map();
    let vehicle = Memo::new(move |_| query.with(|q| q.get("vehicle").unwrap_or_default()));
    let processed =
        Memo::new(move |_| query.with(|q| q.get("tab").as_deref() == Some("processed")));

    let vehicle_list =
        LocalResource::new(move || async move { api.call(ep::Vehicles, &[], &NoBody).await });
    let list = LocalResource::new(move || {
        let (vehicle, processed) = (vehicle.get(), processed.get());
        async move {
            let status = if processed {
                "processed"
            } else {
                "unprocessed"
            };
            let query = ViolationQuery {
                status: Some(status.to_owned()),
                vehicle_id: (!vehicle.is_empty()).then_some(vehicle),
            };
            api.call(ep::Violations, &[], &query).await
        }
    });
    let failure = Signal::derive(move || list.get().and_then(|r| r.err()));
    let selected = RwSignal::new(Vec::<String>::new());
    let nothing_selected = RwSignal::new(false);
    // A new filter or tab starts a new selection.
    Effect::new(move |_| {
        vehicle.track();
        processed.track();
        selected.set(Vec::new());
    });

    let shown = Memo::new(move |_| list.get().and_then(|r| r.ok()).map(|l| l.violations));
    let chosen = Memo::new(move |_| {
        let ids = selected.get();
        shown.with(|all| {
            all.iter()
                .flatten()
                .filter(|v| ids.contains(&v.id))
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    let problems = Signal::derive(move || {
        if nothing_selected.get() {
            vec![Problem {
                target: "select-first",
                message: t_string!(i18n, violations.select_none).to_string(),
            }]
        } else {
            Vec::new()
        }
    });
    let handle = {
        let navigate = navigate.clone();
        Callback::new(move |()| {
            let picked = chosen.get_untracked();
            if picked.is_empty() {
                nothing_selected.set(true);
                return;
            }
            nothing_selected.set(false);
            enter_payment(&picked, &navigate);
        })
    };
    let pick_vehicle = Callback::new(move |id: String| {
        navigate(
            &violations_href(&id, processed.get_untracked()),
            Default::default(),
        );
    });
    ViolationListing {
        vehicle,
        processed,
        vehicles: Signal::derive(move || {
            vehicle_list
                .get()
                .and_then(|r| r.ok())
                .map(|l| {
                    l.vehicles
                        .into_iter()
                        .filter(|v| v.state == FilingState::Approved)
                        .collect()
                })
                .unwrap_or_default()
        }),
        // Read straight from the resource, so that a `<Suspense>` around the reader waits for it.
        list: Signal::derive(move || list.get().and_then(|r| r.ok()).map(|l| l.violations)),
        failure,
        selected,
        chosen,
        problems,
        any_payable: Signal::derive(move || shown.with(|l| l.iter().flatten().any(payable))),
        reload: Callback::new(move |()| list.refetch()),
        handle,
        pick_vehicle,
    }
}
