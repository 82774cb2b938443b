//! linkcode: canonical normalization and keyed one-way linkage codes (連結符号) for Japanese
//! healthcare identifiers.
//!
//! Sites that must not exchange identifiers link records through a common code: a keyed
//! one-way transform (HMAC-SHA256 under a shared secret key and a purpose) of the identifier's
//! **canonical** form. linkcode fixes that canonical form byte for byte (SPEC.md), so every
//! site — native Rust, Node or a browser through WebAssembly — computes the same code.
//!
//! ```
//! use linkcode::{normalize, Coder, CodeFormat, Field, LinkageKey, Record, Rule};
//!
//! assert_eq!(normalize::dob("昭和45年3月2日").unwrap(), "19700302");
//!
//! let key = LinkageKey::generate().unwrap();
//! let coder = Coder::new(&key, "ndb-dpc-2026", CodeFormat::default()).unwrap();
//! let record = Record::new()
//!     .with(Field::Insurer, "06132013")
//!     .with(Field::Number, "67890")
//!     .with(Field::Branch, "1");
//! let code = coder.code(&Rule::INS, &record).unwrap();
//! println!("{}", coder.format().text(&code)); // 43 base64url characters
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::todo,
    clippy::unimplemented,
    clippy::unreachable
)]
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable
    )
)]

pub mod batch;
pub mod code;
pub mod csv;
pub mod error;
pub mod history;
mod json;
pub mod key;
pub mod link;
pub mod mpi;
pub mod normalize;
pub mod pseudonymize;

/// The JavaScript binding (wasm32 only); public so that boundary tests can call it from Rust.
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use batch::{Batch, Columns};
pub use code::{rekey, Code, CodeFormat, Coder, Encoding, Record, Rule, SPEC_VERSION};
pub use error::{Error, ErrorCode, Field, Kind, Reject, Subject};
pub use history::{EntryInput, History, HistoryCodes, HistoryIndex};
pub use key::{Jwk, LinkageKey, Purpose};
