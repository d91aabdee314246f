//! Vehicle filing and camera-fine payment, as a Leptos 0.8 client-side app.
//!
//! `main.rs` only calls [`start`]. The [`App`] is a stack of context providers (translations,
//! session, API client) around the router; each route is one file under [`pages`]; reusable view
//! pieces live in [`components`]; browser glue (storage, panic screen) sits in small modules.
//! Domain rules come from `beian-domain`, wire types from `beian-contract`.

// No unsafe code, except what the `wasm_split` attribute writes in `split.rs` (allowed there).
#![deny(unsafe_code)]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

pub mod api;
pub mod camera;
pub mod components;
pub mod format;
/// The camera frame formats the decoder's worker reads: the worker's own list, compiled here from
/// its source, so that the scanner sends a `VideoFrame` as it is only in a format the worker reads.
#[path = "../crates/scan-worker/src/format.rs"]
pub mod frame_format;
pub mod hooks;
pub mod image;
pub mod links;
pub mod locale;
pub mod pages;
pub mod panic;
pub mod pay;
pub mod scan;
pub mod session;
pub mod shell;
pub mod split;
pub mod storage;

use beian_flow::filing::Step as FilingStep;
use beian_flow::payment::Step as PayStep;
use beian_flow::FlowStep;
use leptos::prelude::*;
use leptos::tachys::view::iterators::StaticVec;
use leptos_router::any_nested_route::{AnyNestedRoute, IntoAnyNestedRoute};
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::hooks::use_navigate;
use leptos_router::{path, NestedRoute, StaticSegment};

use crate::api::Api;
use crate::components::layout::Layout;
use crate::components::next_task::NextTask;
use crate::i18n::I18nContextProvider;
use crate::pages::{home::Home, not_found::NotFound};
use crate::split::*;

/// Mounts the app on `<body>`; called once by `main`.
///
/// The mount runs in a task of its own, after the one in which the browser instantiated the
/// wasm, and `<NextTask>` (components/next_task.rs) cuts it twice more: one long start-up task
/// would keep the page from answering a tap for its whole length, short ones let the browser
/// handle input and paint between them.
pub fn start() {
    panic::install();
    gloo_timers::callback::Timeout::new(0, || {
        leptos::mount::mount_to_body(App);
        // Neither is needed for the first page, and both download much of the build (the worker
        // all of it, about 2 MB): they wait until that page is on screen and its own requests
        // (session, lists) have gone, so that they take neither network nor CPU from it.
        gloo_timers::callback::Timeout::new(AFTER_START_MS, || {
            shell::register();
            split::prefetch_all();
        })
        .forget();
    })
    .forget();
}

/// How long after the mount the service worker is registered and the page chunks are prefetched.
const AFTER_START_MS: u32 = 1500;

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
    let (routing, set_routing) = signal(false);
    provide_context(components::layout::Routing(routing));
    view! {
        <Router set_is_routing=set_routing>
            // The session, the API client and the frame are built in a task after the router's.
            <NextTask>
                <WithSession />
            </NextTask>
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
        navigate(&links::sign_in_href(&here, true), Default::default());
    });
    api::provide_api(Api::new(session, on_unauthenticated));
    split::use_fetch_ahead(session);
    view! {
        <Layout>
            <Routes fallback=|| view! { <NotFound /> }>
                <Route path=path!("/") view=Home />
                <Route path=path!("/sign-in") view=SIGN_IN />
                <Route path=path!("/vehicles") view=VEHICLES />
                <Route path=path!("/messages") view=MESSAGES />
                <Route path=path!("/violations") view=VIOLATIONS />
                <Route path=path!("/violations/:id") view=VIOLATION_DETAIL />
                <Route path=path!("/receipts/:order") view=RECEIPT />
                <ParentRoute path=StaticSegment(&PayStep::BASE[1..]) view=PAY_FLOW>
                    <Route path=path!("") view=PAY_INDEX />
                    {step_routes(pay_page)}
                </ParentRoute>
                <ParentRoute path=StaticSegment(&FilingStep::BASE[1..]) view=FILING_FLOW>
                    <Route path=path!("") view=FILING_INDEX />
                    {step_routes(filing_page)}
                </ParentRoute>
            </Routes>
        </Layout>
    }
}

/// One route per step of a flow, from the flow's own list of steps and their segments
/// (`beian_flow::FlowStep`), so that a path is written once.
fn step_routes<St: FlowStep>(page: fn(St) -> SplitPage) -> StepRoutes {
    let routes: Vec<_> = St::ALL
        .iter()
        .map(|&step| NestedRoute::new(StaticSegment(step.segment()), page(step)))
        .collect();
    StepRoutes(StaticVec::from(routes).into_any_nested_route())
}

/// A flow's step routes, placed among the routes of the flow's layout in `view!`.
struct StepRoutes(AnyNestedRoute);

impl leptos::prelude::IntoRender for StepRoutes {
    type Output = AnyNestedRoute;

    fn into_render(self) -> AnyNestedRoute {
        self.0
    }
}

/// The screen of each step of the filing wizard.
fn filing_page(step: FilingStep) -> SplitPage {
    match step {
        FilingStep::Method => FILING_METHOD,
        FilingStep::PlateType => FILING_PLATE_TYPE,
        FilingStep::Vehicle => FILING_VEHICLE,
        FilingStep::QrScan => FILING_SCAN,
        FilingStep::QrPhotos => FILING_PHOTOS,
        FilingStep::QrDetails => FILING_DETAILS,
        FilingStep::OwnerCode => FILING_OWNER_CODE,
        FilingStep::Face => FILING_FACE,
        FilingStep::Documents => FILING_DOCUMENTS,
        FilingStep::Done => FILING_DONE,
    }
}

/// The screen of each step of the payment flow.
fn pay_page(step: PayStep) -> SplitPage {
    match step {
        PayStep::Rules => PAY_RULES,
        PayStep::Code => PAY_CODE,
        PayStep::Check => PAY_CHECK,
        PayStep::Result => PAY_RESULT,
    }
}
