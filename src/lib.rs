//! pastoe: scan government domains against the internet standards that Forum
//! Standaardisatie makes mandatory, judge the observations against a versioned rule set, and
//! report every finding with its evidence.
//!
//! Data flows one way: targets → discover → probe → facts → judge (rules) → findings →
//! explain → store → report. `tests/offline/layers.rs` lists the modules in that
//! order and holds which may use which.
//!
//! The entry points every front end calls (the `pastoe` command, and a server alike):
//!
//! - [`scan`]: observe domains into a facts document.
//! - [`Judgement::new`] then [`judge`]: a facts document judged (under the rules, the chosen
//!   checks, the explanations) into an organisation document; [`render`] writes it as text,
//!   JSON, HTML or a CBOM.
//! - [`plan_sweep`] then [`sweep`]: every organisation of a list observed, judged and written
//!   to a store, or a stopped sweep continued.
//! - [`stored_documents`] and [`publish`]: a stored sweep's documents, and documents as a
//!   static site.
#![forbid(unsafe_code)]

pub mod discover;
pub mod explain;
pub mod facts;
pub mod judge;
pub mod probe;
pub mod publish;
pub mod report;
pub mod rules;
pub mod scan;
pub mod serve;
pub mod stable_hash;
pub mod store;
pub mod sweep;
pub mod targets;
pub mod wire;

pub use publish::{Judgement, judge, publish, stored_documents};
pub use report::{Format, OrganisationMeta, render};
pub use scan::scan;
pub use sweep::{plan_sweep, sweep};
