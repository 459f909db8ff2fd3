//! Plain TCP: does anything accept a connection on this address and port, and the one
//! connect that the other transports start from.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::net::TcpStream;

use crate::facts::{ErrorKind, PortProbe, ProbeError};

pub async fn probe_port(addr: SocketAddr, timeout: Duration) -> PortProbe {
    let error = connect(addr, timeout).await.err();
    PortProbe {
        address: addr.ip(),
        port: addr.port(),
        open: error.is_none(),
        error,
    }
}

/// A TCP connection to `addr` within `timeout`; a failure says whether it was refused,
/// could not be made, or took too long.
pub async fn connect(addr: SocketAddr, timeout: Duration) -> Result<TcpStream, ProbeError> {
    match tokio::time::timeout(timeout, TcpStream::connect(addr)).await {
        Ok(Ok(stream)) => Ok(stream),
        Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused => Err(ProbeError::new(
            ErrorKind::ConnectionRefused,
            format!("{addr}: connection refused"),
        )),
        Ok(Err(e)) => Err(ProbeError::new(
            ErrorKind::ConnectFailed,
            format!("{addr}: {e}"),
        )),
        Err(_) => Err(ProbeError::new(
            ErrorKind::Timeout,
            format!("{addr}: no answer within the timeout"),
        )),
    }
}
