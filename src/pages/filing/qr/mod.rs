//! The screens of the owner's vehicle QR code method only: scan the code, take the photos it asks
//! for, give the details it asks for. The owner's code and what follows are common.

pub mod details;
pub mod photos;
pub mod scan;
