//! Feeds arbitrary bytes to the TLS server-flight parser in arbitrary chunks.
//!
//! The first byte picks small or default limits, the second a chunk size; the rest
//! is the "server's" byte stream. The parser must never panic, never accept more
//! bytes than its limit and never keep more certificates than allowed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pastoe::wire::tls::server_flight::{FlightParser, Limits, Progress};

fuzz_target!(|data: &[u8]| {
    let [mode, chunk, rest @ ..] = data else {
        return;
    };
    let limits = if mode & 1 == 0 {
        Limits::default()
    } else {
        Limits {
            max_total_bytes: 4096,
            max_records: 16,
            max_messages: 6,
            max_message_len: 2048,
            max_certificates: 2,
            max_certificate_len: 1024,
        }
    };
    let chunk = usize::from(*chunk).max(1);
    let mut parser = FlightParser::with_limits(limits);
    for piece in rest.chunks(chunk) {
        let progress = parser.feed(piece);
        assert!(parser.bytes_fed() <= limits.max_total_bytes);
        assert!(parser.flight().certificates.len() <= limits.max_certificates);
        match progress {
            Progress::NeedMore => {}
            done => {
                // Finished parsers stay finished.
                assert_eq!(parser.feed(piece), done);
                break;
            }
        }
    }
});
