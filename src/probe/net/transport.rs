//! How the prober reaches a TLS layer: plain TCP, or (in the mail checks) SMTP with
//! STARTTLS first. The enumeration in [`super::probe`] only sees this trait, so the same
//! code measures HTTPS and mail servers.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use crate::facts::{ProbeError, TlsTransportKind};
use crate::probe::net::polite::PoliteStream;

/// Opens a fresh connection that is ready for a ClientHello. Every transport's stream is a
/// [`PoliteStream`], so whatever the engine opens counts against the per-address cap.
pub trait Transport: Send + Sync {
    /// Connect and do whatever precedes TLS, within `timeout` (from admission on).
    fn connect(
        &self,
        timeout: Duration,
    ) -> impl Future<Output = Result<PoliteStream, ProbeError>> + Send;

    fn kind(&self) -> TlsTransportKind;

    fn peer(&self) -> SocketAddr;
}

/// TLS straight on TCP.
#[derive(Debug, Clone, Copy)]
pub struct TcpTransport {
    pub addr: SocketAddr,
}

impl Transport for TcpTransport {
    async fn connect(&self, timeout: Duration) -> Result<PoliteStream, ProbeError> {
        let stream = crate::probe::net::tcp::connect(self.addr, timeout).await?;
        // Hellos are single writes; waiting for Nagle only adds latency.
        let _ = stream.get_ref().set_nodelay(true);
        Ok(stream)
    }

    fn kind(&self) -> TlsTransportKind {
        TlsTransportKind::Tcp
    }

    fn peer(&self) -> SocketAddr {
        self.addr
    }
}
