//! Mail servers behind STARTTLS and SSH servers: endpoints many domains share (a hosting
//! provider's MX, one SSH host), so each is probed once per scan and its facts reused, and
//! a mail server's address sees one connection at a time from the whole scan.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use tokio::sync::Mutex;

use super::Prober;
use crate::facts::{DnsFacts, MailServerFacts, MxHost, SshEndpointFacts, WebFacts};
use crate::probe::net::smtp::{RetryPolicy, SmtpStarttlsTransport, smtp_conversation};
use crate::probe::net::ssh::read_kexinit;
use crate::probe::tls::engine::{EngineConfig, FullHandshake};

/// The SSH port `--ssh` tries on web and mail hosts.
const SSH_PORT: u16 = 22;

/// The first IPv4 and the first IPv6 address: the ones internet.nl tests.
fn first_of_each(addresses: &[IpAddr]) -> Vec<IpAddr> {
    [
        addresses.iter().find(|a| a.is_ipv4()),
        addresses.iter().find(|a| a.is_ipv6()),
    ]
    .into_iter()
    .flatten()
    .copied()
    .collect()
}

impl Prober {
    /// Every tested MX of the domain behind STARTTLS; none for a null MX or no MX.
    pub(super) async fn mail_servers(&self, dns: &DnsFacts) -> Vec<MailServerFacts> {
        let Some(mx) = dns.mx.as_ref().filter(|mx| !mx.null_mx) else {
            return Vec::new();
        };
        futures_util::future::join_all(mx.hosts.iter().map(|host| {
            self.mail_cache
                .get_or_init(host.name.clone(), self.mail_server(host))
        }))
        .await
    }

    async fn mail_server(&self, host: &MxHost) -> MailServerFacts {
        let name = host.name.trim_end_matches('.');
        let tlsa_name = format!("_25._tcp.{name}");
        let tlsa = self.tlsa(&tlsa_name);
        let per_address = async {
            let mut smtp = Vec::new();
            let mut tls = Vec::new();
            // A server with only non-public addresses still gets its conversation, which
            // the one connector refuses: the refusal is the fact the report shows.
            let addresses = if host.addresses.is_empty() {
                &host.not_public
            } else {
                &host.addresses
            };
            for ip in first_of_each(addresses) {
                let (conversation, endpoint) = self.mail_address(name, ip).await;
                smtp.push(conversation);
                tls.extend(endpoint);
            }
            (smtp, tls)
        };
        let (tlsa, (smtp, tls)) = tokio::join!(tlsa, per_address);
        MailServerFacts {
            host: name.to_string(),
            preference: host.preference,
            smtp,
            tls,
            tlsa: Some(tlsa),
        }
    }

    /// One address of a mail server: a polite conversation, then the TLS engine when
    /// STARTTLS is offered. The address lock keeps the whole scan to one connection at a
    /// time per mail server address, as internet.nl does.
    async fn mail_address(
        &self,
        host: &str,
        ip: IpAddr,
    ) -> (
        crate::facts::SmtpFacts,
        Option<crate::facts::TlsEndpointFacts>,
    ) {
        let lock = self
            .mail_locks
            .get_or_init(ip, async { Arc::new(Mutex::new(())) })
            .await;
        let _turn = lock.lock().await;
        let addr = SocketAddr::new(ip, 25);
        // Greylisting (421) is retried twice, a timeout apart, then reported.
        let retry = RetryPolicy::new(RetryPolicy::MAX_RETRIES, self.timeout);
        let conversation = smtp_conversation(addr, &self.ehlo_name, self.timeout, retry).await;
        if !conversation.starttls_offered {
            return (conversation, None);
        }
        let transport = SmtpStarttlsTransport {
            addr,
            ehlo_name: self.ehlo_name.clone(),
        };
        let full = FullHandshake {
            setup: &self.handshake,
            // 0-RTT is not tested for mail: it broke SMTP (internet.nl 1.11.1).
            zero_rtt_http_host: None,
        };
        // Another MX name on this address may have been enumerated already.
        let endpoint = self
            .tls_endpoints
            .enumerate(&transport, host, EngineConfig::mail(self.timeout), full)
            .await;
        (conversation, Some(endpoint))
    }

    /// SSH on port 22 of the web host and the mail servers (`--ssh`), and the hosts named
    /// with `--ssh-host` that belong to this domain.
    pub(super) async fn ssh_endpoints(
        &self,
        domain: &str,
        web: &WebFacts,
        mail: &[MailServerFacts],
        dns: &DnsFacts,
    ) -> Vec<SshEndpointFacts> {
        let mut targets: Vec<(String, SocketAddr)> = Vec::new();
        if self.ssh.web_and_mail {
            for ip in first_of_each(&web.resolution.addresses) {
                targets.push((web.host.clone(), SocketAddr::new(ip, SSH_PORT)));
            }
            let mx_hosts = dns.mx.iter().flat_map(|m| m.hosts.iter());
            for mx in
                mx_hosts.filter(|h| mail.iter().any(|m| m.host == h.name.trim_end_matches('.')))
            {
                for ip in first_of_each(&mx.addresses) {
                    targets.push((
                        mx.name.trim_end_matches('.').to_string(),
                        SocketAddr::new(ip, SSH_PORT),
                    ));
                }
            }
        }
        for extra in self.ssh.hosts.iter().filter(|h| h.belongs_to(domain)) {
            let resolution = self.dns.addresses(&extra.host).await;
            for ip in first_of_each(&resolution.addresses) {
                targets.push((extra.host.clone(), SocketAddr::new(ip, extra.port)));
            }
        }
        targets.sort();
        targets.dedup_by(|a, b| a.1 == b.1);
        futures_util::future::join_all(targets.into_iter().map(|(host, addr)| {
            self.ssh_cache.get_or_init(addr, async move {
                read_kexinit(addr, &host, self.timeout).await
            })
        }))
        .await
    }
}

/// What the scan probes over SSH (opt-in).
#[derive(Debug, Clone, Default)]
pub struct SshPlan {
    /// `--ssh`: port 22 on the web host and every tested mail server.
    pub web_and_mail: bool,
    /// `--ssh-host HOST[:PORT]`.
    pub hosts: Vec<SshHost>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SshHost {
    pub host: String,
    pub port: u16,
}

impl SshHost {
    /// `host` or `host:port`.
    pub fn parse(text: &str) -> Result<SshHost, String> {
        let (host, port) = match text.rsplit_once(':') {
            Some((h, p)) => (
                h,
                p.parse::<u16>()
                    .map_err(|_| format!("{text:?}: bad port"))?,
            ),
            None => (text, SSH_PORT),
        };
        let domain = crate::targets::Domain::parse(host).map_err(|e| e.to_string())?;
        Ok(SshHost {
            host: domain.to_string(),
            port,
        })
    }

    /// An extra SSH host is reported under the scanned domain it lies in (or is).
    pub fn belongs_to(&self, domain: &str) -> bool {
        let domain = domain.trim_end_matches('.').to_ascii_lowercase();
        self.host == domain || self.host.ends_with(&format!(".{domain}"))
    }
}
