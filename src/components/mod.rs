//! Reusable view pieces, one concern per file.

pub mod countdown;
pub mod error_summary;
pub mod failure;
pub mod field;
pub mod layout;
pub mod network_banner;
pub mod require_session;
