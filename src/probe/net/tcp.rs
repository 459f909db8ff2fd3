//! Plain TCP: does anything accept a connection on this address and port, and the one
//! connect that the other transports start from.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::net::TcpStream;

use super::polite::{self, PoliteStream};
use super::{address_policy, health};
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

/// A TCP connection to `addr` within `timeout`, once the process's address policy allows it
/// (see [`address_policy`]) and its politeness admits it (see [`polite`]); the stream holds
/// the address's permit until it is dropped. The wait for admission is not part of
/// `timeout`: it is ours, not the server's. A failure says whether the address was not
/// public, the connection was refused, could not be made, or took too long.
pub async fn connect(addr: SocketAddr, timeout: Duration) -> Result<PoliteStream, ProbeError> {
    address_policy::check(addr.ip())
        .map_err(|refused| ProbeError::new(ErrorKind::NonPublicAddress, refused.to_string()))?;
    let permit = polite::process().admit(addr.ip()).await;
    match tokio::time::timeout(timeout, TcpStream::connect(addr)).await {
        Ok(Ok(stream)) => Ok(PoliteStream::new(stream, permit)),
        Ok(Err(e)) if e.kind() == std::io::ErrorKind::ConnectionRefused => Err(ProbeError::new(
            ErrorKind::ConnectionRefused,
            format!("{addr}: connection refused"),
        )),
        Ok(Err(e)) => {
            if health::is_local_resource_error(&e) {
                health::local_fault(&e);
            }
            Err(ProbeError::new(
                ErrorKind::ConnectFailed,
                format!("{addr}: {e}"),
            ))
        }
        Err(_) => Err(ProbeError::new(
            ErrorKind::Timeout,
            format!("{addr}: no answer within the timeout"),
        )),
    }
}
