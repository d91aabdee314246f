//! The screens of the owner's SMS code method only: the plate type, then the vehicle (plate and
//! engine digits), looked up on the server. The owner's code and what follows are common.

pub mod plate_type;
pub mod vehicle;
