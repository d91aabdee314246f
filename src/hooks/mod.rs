//! Hooks shared by several pages, in the manner of leptos-use: a `use_*` function called in a
//! component, tied to its lifetime.

pub mod window_event;

pub use window_event::{use_document_event, use_window_event};
