//! How the prober reaches a TLS layer: plain TCP, or (in the mail checks) SMTP with
//! STARTTLS first. The enumeration in [`super::probe`] only sees this trait, so the same
//! code measures HTTPS and mail servers.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;

use crate::facts::{ProbeError, TlsTransportKind};

/// Opens a fresh connection that is ready for a ClientHello.
pub trait Transport: Send + Sync {
    type Stream: AsyncRead + AsyncWrite + Unpin + Send;

    /// Connect and do whatever precedes TLS, within `timeout`.
    fn connect(
        &self,
        timeout: Duration,
    ) -> impl Future<Output = Result<Self::Stream, ProbeError>> + Send;

    fn kind(&self) -> TlsTransportKind;

    fn peer(&self) -> SocketAddr;
}

/// TLS straight on TCP.
#[derive(Debug, Clone, Copy)]
pub struct TcpTransport {
    pub addr: SocketAddr,
}

impl Transport for TcpTransport {
    type Stream = TcpStream;

    async fn connect(&self, timeout: Duration) -> Result<TcpStream, ProbeError> {
        let addr = self.addr;
        let stream = crate::net::tcp::connect(addr, timeout).await?;
        // Hellos are single writes; waiting for Nagle only adds latency.
        let _ = stream.set_nodelay(true);
        Ok(stream)
    }

    fn kind(&self) -> TlsTransportKind {
        TlsTransportKind::Tcp
    }

    fn peer(&self) -> SocketAddr {
        self.addr
    }
}
