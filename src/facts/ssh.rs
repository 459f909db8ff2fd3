//! What an SSH server announced before any authentication: its identification line and
//! the algorithm lists of its KEXINIT (RFC 4253 §4.2, §7.1). The lists are kept as sent,
//! in the server's order, pseudo-algorithms (`ext-info-s`, `kex-strict-s-v00@openssh.com`)
//! included: telling those apart from real key exchanges is the rule set's business.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};

use super::ProbeError;

/// One SSH endpoint: a host name at one address and port.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SshEndpointFacts {
    pub host: String,
    pub address: IpAddr,
    pub port: u16,
    /// The server's identification line (`SSH-2.0-OpenSSH_10.0p2 Debian-7`), without the
    /// line ending; bytes that are not UTF-8 are replaced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_version: Option<String>,
    /// Lines the server sent before its identification (RFC 4253 §4.2 allows them).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub pre_banner_lines: usize,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kex_algorithms: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub host_key_algorithms: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub encryption_client_to_server: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub encryption_server_to_client: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mac_client_to_server: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mac_server_to_client: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compression_client_to_server: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub compression_server_to_client: Vec<String>,
    /// The server announced that a guessed key-exchange packet follows its KEXINIT.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub first_kex_packet_follows: bool,
    /// Why no KEXINIT was read; the fields above then hold what was seen before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ProbeError>,
    pub elapsed_ms: u64,
}

impl SshEndpointFacts {
    /// Facts before anything was read from the endpoint.
    pub fn new(host: &str, address: IpAddr, port: u16) -> SshEndpointFacts {
        SshEndpointFacts {
            host: host.to_string(),
            address,
            port,
            server_version: None,
            pre_banner_lines: 0,
            kex_algorithms: Vec::new(),
            host_key_algorithms: Vec::new(),
            encryption_client_to_server: Vec::new(),
            encryption_server_to_client: Vec::new(),
            mac_client_to_server: Vec::new(),
            mac_server_to_client: Vec::new(),
            compression_client_to_server: Vec::new(),
            compression_server_to_client: Vec::new(),
            first_kex_packet_follows: false,
            error: None,
            elapsed_ms: 0,
        }
    }
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}
