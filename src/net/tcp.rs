//! Plain TCP reachability: does anything accept a connection on this address and port.

use std::net::SocketAddr;
use std::time::Duration;

use crate::facts::{ErrorKind, PortProbe, ProbeError};

pub async fn probe_port(addr: SocketAddr, timeout: Duration) -> PortProbe {
    let result = tokio::time::timeout(timeout, tokio::net::TcpStream::connect(addr)).await;
    let error = match result {
        Ok(Ok(_stream)) => None,
        Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused => Some(ProbeError::new(
            ErrorKind::ConnectionRefused,
            format!("{addr}: connection refused"),
        )),
        Ok(Err(e)) => Some(ProbeError::new(
            ErrorKind::ConnectFailed,
            format!("{addr}: {e}"),
        )),
        Err(_) => Some(ProbeError::new(
            ErrorKind::Timeout,
            format!("{addr}: no answer within the timeout"),
        )),
    };
    PortProbe {
        address: addr.ip(),
        port: addr.port(),
        open: error.is_none(),
        error,
    }
}
