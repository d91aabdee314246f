//! Vehicle filing and camera-fine payment, as a Leptos 0.8 client-side app.
//!
//! `main.rs` only calls [`start`]. The [`App`] is a stack of context providers (translations,
//! session, API client) around the router; each route is one file under [`pages`]; reusable view
//! pieces live in [`components`]; browser glue (storage, panic screen) sits in small modules.
//! Domain rules come from `beian-domain`, wire types from `beian-contract`.

#![forbid(unsafe_code)]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

pub mod api;
pub mod camera;
pub mod components;
pub mod image;
pub mod locale;
pub mod pages;
pub mod panic;
pub mod pay;
pub mod scan;
pub mod session;
pub mod shell;
pub mod storage;

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::hooks::use_navigate;
use leptos_router::path;

use crate::api::Api;
use crate::components::layout::Layout;
use crate::i18n::I18nContextProvider;
use crate::pages::filing::{
    documents::DocumentsStep, done::DoneStep, face::FaceStep, method::MethodStep, owner_code::OwnerCodeStep,
    plate_type::PlateTypeStep, vehicle::VehicleStep, FilingFlow, FilingIndex,
};
use crate::pages::pay::{
    check::CheckStep, code::CodeStep, result::ResultStep, rules::RulesStep, PayFlow, PayIndex,
};
use crate::pages::violations::{detail::ViolationDetail, list::Violations};
use crate::pages::filing::{qr_details::QrDetailsStep, qr_photos::QrPhotosStep, qr_scan::QrScanStep};
use crate::pages::{home::Home, messages::Messages, not_found::NotFound, sign_in::SignIn, vehicles::Vehicles};

/// Mounts the app on `<body>`; called once by `main`.
pub fn start() {
    panic::install();
    leptos::mount::mount_to_body(App);
    shell::register();
}

/// The whole app: providers, then the router.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <I18nContextProvider enable_cookie=false set_lang_attr_on_html=false>
            <Providers />
        </I18nContextProvider>
    }
}

/// Session and API client need the router (to send a `401` back to sign-in), so they are
/// provided inside it.
#[component]
fn Providers() -> impl IntoView {
    locale::restore();
    view! {
        <Router>
            <WithSession />
        </Router>
    }
}

#[component]
fn WithSession() -> impl IntoView {
    let session = session::provide_session();
    let navigate = use_navigate();
    let on_unauthenticated = Callback::new(move |()| {
        let here = web_sys::window()
            .and_then(|w| w.location().pathname().ok().zip(w.location().search().ok()))
            .map(|(p, q)| format!("{p}{q}"))
            .unwrap_or_default();
        navigate(&pages::sign_in::sign_in_href(&here, true), Default::default());
    });
    api::provide_api(Api::new(session, on_unauthenticated));
    view! {
        <Layout>
            <Routes fallback=|| view! { <NotFound /> }>
                <Route path=path!("/") view=Home />
                <Route path=path!("/sign-in") view=SignIn />
                <Route path=path!("/vehicles") view=Vehicles />
                <Route path=path!("/messages") view=Messages />
                <Route path=path!("/violations") view=Violations />
                <Route path=path!("/violations/:id") view=ViolationDetail />
                <ParentRoute path=path!("/pay") view=PayFlow>
                    <Route path=path!("") view=PayIndex />
                    <Route path=path!("rules") view=RulesStep />
                    <Route path=path!("code") view=CodeStep />
                    <Route path=path!("check") view=CheckStep />
                    <Route path=path!("result") view=ResultStep />
                </ParentRoute>
                <ParentRoute path=path!("/file") view=FilingFlow>
                    <Route path=path!("") view=FilingIndex />
                    <Route path=path!("method") view=MethodStep />
                    <Route path=path!("plate-type") view=PlateTypeStep />
                    <Route path=path!("vehicle") view=VehicleStep />
                    <Route path=path!("scan") view=QrScanStep />
                    <Route path=path!("photos") view=QrPhotosStep />
                    <Route path=path!("details") view=QrDetailsStep />
                    <Route path=path!("owner-code") view=OwnerCodeStep />
                    <Route path=path!("face") view=FaceStep />
                    <Route path=path!("documents") view=DocumentsStep />
                    <Route path=path!("done") view=DoneStep />
                </ParentRoute>
            </Routes>
        </Layout>
    }
}
