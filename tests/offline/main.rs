//! The tests that need no network and no root: the golden facts replayed through the judge,
//! judging, the layering of `src/`, the organisations file, the command line's usage errors.
//! They run the real `pastoe` binary but never the test internet, so they pass on any
//! machine with the toolchain.

#[path = "../support/mod.rs"]
mod support;

mod autonomy_rollup;
mod cli;
mod golden;
mod judge;
mod layers;
mod orgs;
mod verdicts;
