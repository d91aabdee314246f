//! One file per route.

pub mod filing;
pub mod home;
pub mod messages;
pub mod not_found;
pub mod pay;
pub mod receipt;
pub mod sign_in;
pub mod vehicles;
pub mod violations;
