//! The tests that need no network and no root: judging, the organisations file, the
//! command line's usage errors. They run the real `pastoe` binary but never the test
//! internet, so they pass on any machine with the toolchain. tests/golden.rs, the golden
//! reports, is to join them here as a module once it lands.

#[path = "../support/mod.rs"]
mod support;

mod cli;
mod judge;
mod orgs;
