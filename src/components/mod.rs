//! Reusable view pieces, one concern per file.

pub mod bind;
pub mod camera_error;
pub mod camera_view;
pub mod confirm_dialog;
pub mod countdown;
pub mod error_summary;
pub mod failure;
pub mod field;
pub mod flow_frame;
pub mod layout;
pub mod limits_notice;
pub mod network_banner;
pub mod next_task;
pub mod photo_input;
pub mod province_picker;
pub mod qr_scanner;
pub mod radio_group;
pub mod require_session;
pub mod sms_code;
pub mod step_indicator;
pub mod upload_progress;
