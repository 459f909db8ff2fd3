//! The tests that need the test internet (`fixtures/*/up`, scripts/test starts it), its
//! oracles and chromium: one module per area, all in one binary, so one link instead of one
//! per file. They run side by side on the threads of one process; the ones that measure the
//! process or the machine take turns (support::serial), and every in-process probe shares one
//! address policy and politeness (support::configure_process).

#[path = "../support/mod.rs"]
mod support;

mod address_policy;
mod api;
mod api_oracle;
mod autonomy;
mod browser;
mod caa_oracle;
mod cbom;
mod cli;
mod dns;
mod dns_load;
mod documents;
mod explain;
mod faults;
mod golden;
mod mail_auth;
mod mail_oracle;
mod ns_budget;
mod polite;
mod pqc;
mod reneg;
mod report;
mod sectxt_oracle;
mod serve;
mod smtp;
mod ssh;
mod sweep;
mod tls;
mod tls_oracle;
mod tls_pq;
mod tls_share;
mod web;
