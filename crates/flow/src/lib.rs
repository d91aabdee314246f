//! What the app keeps in a tab's `sessionStorage` between reloads, as plain Rust that builds
//! natively (so it is unit-tested and fuzzed without a browser): the signed-in session, a pending
//! sign-in code, the filing wizard ([`filing`]) and the payment flow ([`payment`]); and where a
//! refusal on the three SMS-code screens leads ([`sms`]).
//!
//! Storage is outside input: another version of the app, an extension or a damaged profile may
//! have written anything under these keys. [`parse_stored`] reads it back as a typed result and
//! never panics; the app treats an error as "nothing stored".

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod filing;
pub mod paying;
pub mod payment;
pub mod session;
pub mod sms;

use std::fmt;

use serde::de::DeserializeOwned;

/// A screen of a flow under one base path (`/file`, `/pay`): its route segment is written once,
/// here, and both the flow's redirects and the app's router are built from [`FlowStep::ALL`].
pub trait FlowStep: Copy + Eq + fmt::Debug + Send + Sync + 'static {
    /// The flow's base path (`/file`).
    const BASE: &'static str;
    /// Every step, in order.
    const ALL: &'static [Self];
    /// The step's route segment under [`FlowStep::BASE`] (`method`).
    fn segment(self) -> &'static str;
    /// The step's whole path (`/file/method`).
    fn path(self) -> &'static str;
    /// The step shown at `path`, if any (a trailing slash is ignored).
    fn from_path(path: &str) -> Option<Self> {
        let path = path.trim_end_matches('/');
        Self::ALL.iter().copied().find(|s| s.path() == path)
    }
    /// Whether `path` is the flow's base path or under it.
    fn in_flow(path: &str) -> bool {
        path == Self::BASE
            || path
                .strip_prefix(Self::BASE)
                .is_some_and(|rest| rest.starts_with('/'))
    }
}

/// Implements [`FlowStep`] (and the same methods on the type itself) from one list of
/// `Step => "segment"`: the path is the base and the segment, put together at compile time.
macro_rules! flow_steps {
    ($ty:ident, $base:literal, [$($step:ident => $seg:literal),* $(,)?]) => {
        impl $crate::FlowStep for $ty {
            const BASE: &'static str = $base;
            const ALL: &'static [Self] = &[$($ty::$step),*];
            fn segment(self) -> &'static str {
                match self { $($ty::$step => $seg),* }
            }
            fn path(self) -> &'static str {
                match self { $($ty::$step => concat!($base, "/", $seg)),* }
            }
        }

        impl $ty {
            /// Every step, in order.
            pub const ALL: &'static [$ty] = <$ty as $crate::FlowStep>::ALL;

            /// The route of this step.
            pub fn path(self) -> &'static str {
                <$ty as $crate::FlowStep>::path(self)
            }

            /// The step shown at `path`, if any.
            pub fn from_path(path: &str) -> Option<$ty> {
                <$ty as $crate::FlowStep>::from_path(path)
            }
        }
    };
}
pub(crate) use flow_steps;

/// Why a stored value could not be read back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoredError {
    /// The text is not JSON, or not JSON of the expected shape (line and column of the problem).
    Malformed {
        /// 1-based line of the problem (0 when unknown).
        line: usize,
        /// 1-based column of the problem (0 when unknown).
        column: usize,
    },
}

impl StoredError {
    /// The stable snake_case code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            StoredError::Malformed { .. } => "malformed",
        }
    }
}

impl fmt::Display for StoredError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoredError::Malformed { line, column } => {
                write!(f, "stored state is malformed at {line}:{column}")
            }
        }
    }
}

impl std::error::Error for StoredError {}

/// Reads a value the app stored as JSON (the text of a `sessionStorage` item).
pub fn parse_stored<T: DeserializeOwned>(raw: &str) -> Result<T, StoredError> {
    serde_json::from_str(raw).map_err(|e| StoredError::Malformed {
        line: e.line(),
        column: e.column(),
    })
}

/// Writes a value as the app stores it.
pub fn to_stored<T: serde::Serialize>(value: &T) -> Option<String> {
    serde_json::to_string(value).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_stored_state_is_a_typed_error() {
        assert_eq!(parse_stored::<Vec<i32>>("[1,2,3]"), Ok(vec![1, 2, 3]));
        assert_eq!(
            parse_stored::<Vec<i32>>("{not json").unwrap_err().code(),
            "malformed"
        );
        assert!(parse_stored::<Vec<i32>>("\"a string, not a list\"").is_err());
        assert!(parse_stored::<session::SessionData>("{\"token\":1}").is_err());
    }
}
