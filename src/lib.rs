//! cyberrecord: the static-site generator of the public record of the UN processes on ICTs
//! in the context of international security.
//!
//! The pipeline runs one way — load → graph → entities → collections → write — in
//! `src/pipeline.rs`: [`build`] writes the result into a staging folder swapped in at the end;
//! [`generate`] keeps it in memory, for `check`, which stops there, and for `serve`, which
//! keeps what an edit of page bodies leaves valid ([`Generated::update`]). docs/ARCHITECTURE.md
//! draws the modules and what each uses.

pub mod config;
pub mod content;
pub mod diagnostics;
pub mod documents;
pub mod markdown;
mod mentions;
pub mod output;
mod pipeline;
pub mod render;
mod schema;
pub mod serve;
mod site;
mod text;
mod timeline;
mod timeline_svg;
mod timings;
mod update;
mod url;
mod yaml;

pub use pipeline::{build, check_root, generate, Failure, Generated, Settings};
pub use timings::{Step, Timings};
