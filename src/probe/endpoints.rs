//! TLS endpoints many hosts share (a hosting provider's web server, a mail provider's MX):
//! the first host on an address, port and transport is enumerated in full; every further
//! name there gets one ordinary handshake, and when that matches the enumerated host's
//! (version, suite, group, leaf certificate) the enumeration is reused. A name that gets
//! another configuration is enumerated in full itself.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Instant;

use super::once_map::OnceMap;
use crate::facts::{TlsEndpointFacts, TlsTransportKind};
use crate::probe::net::transport::Transport;
use crate::probe::tls::engine::{self, EngineConfig, FullHandshake};
use crate::probe::tls::handshake::Fingerprint;

/// The first enumeration of an endpoint, kept for the names that come after. Without the
/// chain: that is every host's own, and a sweep keeps thousands of these.
#[derive(Clone)]
struct Enumerated {
    facts: Arc<TlsEndpointFacts>,
    /// `None` when the enumeration cannot answer for others: it failed or stopped early,
    /// or no ordinary handshake completed to compare with.
    fingerprint: Option<Fingerprint>,
}

impl Enumerated {
    fn new(facts: &TlsEndpointFacts) -> Enumerated {
        let complete = facts.error.is_none() && facts.incomplete.is_none();
        let fingerprint = facts
            .chain
            .as_ref()
            .filter(|_| complete && facts.chain_error.is_none())
            .map(Fingerprint::of);
        Enumerated {
            facts: Arc::new(TlsEndpointFacts {
                chain: None,
                ..facts.clone()
            }),
            fingerprint,
        }
    }
}

/// Enumerations kept for sharing (least recently used dropped): a hosting provider's
/// addresses recur and stay, an organisation's own address is asked for by its few names
/// close together; beyond this a sweep's memory does not grow with the number of domains.
const KEPT_ENUMERATIONS: usize = 1024;

/// The enumerations of one scan, per address, port and transport. Clones share them.
#[derive(Clone)]
pub struct TlsEndpoints {
    enumerated: OnceMap<(SocketAddr, TlsTransportKind), Enumerated>,
}

impl std::fmt::Debug for TlsEndpoints {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TlsEndpoints")
    }
}

impl Default for TlsEndpoints {
    fn default() -> TlsEndpoints {
        TlsEndpoints {
            enumerated: OnceMap::new(KEPT_ENUMERATIONS),
        }
    }
}

impl TlsEndpoints {
    pub fn new() -> TlsEndpoints {
        TlsEndpoints::default()
    }

    /// The TLS facts of `host` at the transport's endpoint: enumerated in full, or the
    /// enumeration of the first host there when one handshake shows the same configuration.
    /// Concurrent askers wait for the first enumeration.
    pub async fn enumerate<T: Transport>(
        &self,
        transport: &T,
        host: &str,
        config: EngineConfig,
        full: FullHandshake<'_>,
    ) -> TlsEndpointFacts {
        let key = (transport.peer(), transport.kind());
        let mut own = None;
        let first = self
            .enumerated
            .get_or_init(key, async {
                // Boxed: the engine's future is large, and this one holds two of them.
                let facts = Box::pin(engine::enumerate(transport, host, config, Some(full))).await;
                let first = Enumerated::new(&facts);
                own = Some(facts);
                first
            })
            .await;
        if let Some(facts) = own {
            return facts;
        }
        let started = Instant::now();
        let Some(fingerprint) = first.fingerprint.as_ref() else {
            return Box::pin(engine::enumerate(transport, host, config, Some(full))).await;
        };
        let chain = engine::chain(transport, host, full.setup, config.timeout).await;
        match chain {
            Ok(chain) if Fingerprint::of(&chain) == *fingerprint => TlsEndpointFacts {
                host: host.to_string(),
                chain: Some(chain),
                chain_error: None,
                shared_with: Some(first.facts.host.clone()),
                connections: 1,
                elapsed_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
                ..(*first.facts).clone()
            },
            // Another configuration for this name (or no handshake): its own enumeration,
            // which also counts the handshake that told.
            _ => {
                let mut facts =
                    Box::pin(engine::enumerate(transport, host, config, Some(full))).await;
                facts.connections += 1;
                facts
            }
        }
    }
}
