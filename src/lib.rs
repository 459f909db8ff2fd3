//! pastoe: scan government domains against the internet standards that Forum
//! Standaardisatie makes mandatory, judge the observations against a versioned rule set, and
//! report every finding with its evidence.
//!
//! Data flows one way: targets → probe → facts → judge (rules) → findings → report.
#![forbid(unsafe_code)]

pub mod discover;
pub mod explain;
pub mod facts;
pub mod judge;
pub mod probe;
pub mod report;
pub mod rules;
pub mod scan;
pub mod stable_hash;
pub mod store;
pub mod sweep;
pub mod targets;
pub mod wire;
