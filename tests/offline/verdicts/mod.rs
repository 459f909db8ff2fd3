//! Each area's expected verdicts, written by hand, asserted on the golden facts of its fixture
//! hosts (`support::golden::golden_doc`): what a host must get and why, beside the recorded
//! findings that tests/offline/golden.rs replays. tests/live/golden.rs holds the golden
//! facts to the live test internet, so these speak for the live hosts too.

mod api;
mod autonomy;
mod dns;
mod documents;
mod mail_auth;
mod mail_tls;
mod pqc;
mod rpki;
mod tls;
mod web;
