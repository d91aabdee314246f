//! The My vehicles screen's state: the list and limits, and unbinding with a confirmation.

use beian_contract::endpoint::{self as ep, NoBody};
use beian_contract::vehicle::{FiledVehicle, VehicleList};
use leptos::prelude::*;

use crate::api::{use_api, ApiFailure};
use crate::i18n::*;

/// What the My vehicles screen shows and does; made by [`use_my_vehicles`].
#[derive(Clone, Copy)]
pub struct MyVehicles {
    /// The vehicles and limits, once read (read from the resource, so a `<Suspense>` waits).
    pub list: Signal<Option<VehicleList>>,
    /// Why the list could not be read.
    pub failure: Signal<Option<ApiFailure>>,
    /// Why the last unbinding failed.
    pub unbind_failure: RwSignal<Option<ApiFailure>>,
    /// The plate just unbound, to say so.
    pub unbound: RwSignal<Option<String>>,
    /// Whether the "unbind?" dialog is open.
    pub dialog_open: RwSignal<bool>,
    /// The dialog's title, naming the plate.
    pub dialog_title: Signal<String>,
    /// Unbinding is under way.
    pub busy: Signal<bool>,
    /// Asks whether to unbind this vehicle (opens the dialog).
    pub ask_unbind: Callback<FiledVehicle>,
    /// Unbinds the vehicle the dialog names.
    pub confirm: Callback<()>,
    /// Asks for the list again.
    pub reload: Callback<()>,
}

/// The My vehicles screen's state and actions.
pub fn use_my_vehicles() -> MyVehicles {
    let i18n = use_i18n();
    let api = use_api();
    let list =
        LocalResource::new(move || async move { api.call(ep::Vehicles, &[], &NoBody).await });
    let to_unbind = RwSignal::new(None::<FiledVehicle>);
    let dialog_open = RwSignal::new(false);
    let unbind_failure = RwSignal::new(None::<ApiFailure>);
    let unbound = RwSignal::new(None::<String>);
    let unbind = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move {
            api.call(ep::UnbindVehicle, &[&id], &NoBody)
                .await
                .map(|_| ())
        }
    });
    Effect::new(move |_| {
        let Some(result) = unbind.value().get() else {
            return;
        };
        dialog_open.set(false);
        match result {
            Ok(()) => {
                unbound.set(to_unbind.get_untracked().map(|v| v.plate_number));
                unbind_failure.set(None);
                list.refetch();
            }
            Err(f) => unbind_failure.set(Some(f)),
        }
    });
    MyVehicles {
        list: Signal::derive(move || list.get().and_then(|r| r.ok())),
        failure: Signal::derive(move || list.get().and_then(|r| r.err())),
        unbind_failure,
        unbound,
        dialog_open,
        dialog_title: Signal::derive(move || {
            let plate = to_unbind.with(|v| {
                v.as_ref()
                    .map(|v| v.plate_number.clone())
                    .unwrap_or_default()
            });
            t_string!(i18n, vehicles.unbind_title, plate = plate).to_string()
        }),
        busy: Signal::derive(move || unbind.pending().get()),
        ask_unbind: Callback::new(move |v: FiledVehicle| {
            to_unbind.set(Some(v));
            unbind_failure.set(None);
            dialog_open.set(true);
        }),
        confirm: Callback::new(move |()| {
            if let Some(v) = to_unbind.get_untracked() {
                unbind.dispatch(v.id);
            }
        }),
        reload: Callback::new(move |()| list.refetch()),
    }
}
