//! Native tests of `reactive_graph`, the reactive system under the app's Leptos, as the app uses it:
//! app-wide signals (the locale, the session) that outlive the pages reading them. They are in
//! `tests/`; this library is empty.
