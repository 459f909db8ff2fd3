use std::net::{IpAddr, SocketAddr};

use serde::{Deserialize, Serialize};

use super::{ProbeError, Resolution};

/// What the web probes saw for one host.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebFacts {
    pub host: String,
    pub resolution: Resolution,
    /// `http://host/` with its redirect chain; `None` when the host had no address.
    pub http: Option<HttpFetch>,
    /// `https://host/`, first response only (no redirects followed).
    pub https: Option<HttpFetch>,
    /// `https://host/` asked with a broad `Accept-Encoding`, to see whether it compresses.
    pub https_compression: Option<HttpFetch>,
    pub security_txt: Option<SecurityTxtFetch>,
    /// TCP 80 and 443 on every address of the host.
    #[serde(default)]
    pub ports: Vec<PortProbe>,
    /// The same page fetched from the first IPv4 and the first IPv6 address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by_family: Option<FamilyPages>,
    /// The TLS engine's measurement of port 443 on the first IPv4 and the first IPv6
    /// address (the addresses internet.nl tests).
    #[serde(default)]
    pub tls: Vec<super::TlsEndpointFacts>,
    /// TLSA records at `_443._tcp.<host>` for DANE.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tlsa: Option<super::TlsaFacts>,
    /// The home page's links and the register's entry, for the accessibility statement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accessibility: Option<AccessibilityFacts>,
}

/// What shows from outside about a site's accessibility statement (toegankelijkheids-
/// verklaring): the links of its home page and the register's entry for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccessibilityFacts {
    /// The home page as a visitor reaches it, redirects followed: fetched for this only
    /// when `https://host/` redirects; otherwise it is that page (`https`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home: Option<HttpFetch>,
    /// The links of the home page (at most [`MAX_PAGE_LINKS`]), with the text a visitor
    /// sees.
    pub links: Vec<PageLink>,
    /// True when the page had more links than were kept.
    #[serde(default)]
    pub links_truncated: bool,
    /// The register's entry for the site, looked up at the scan (`--a11y-register`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub register: Option<RegisterLookup>,
}

/// Links kept per home page: a portal's menus have a few hundred.
pub const MAX_PAGE_LINKS: usize = 1000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageLink {
    pub url: String,
    pub text: String,
}

/// A site looked up in the accessibility-statement register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterLookup {
    /// The register file, as given.
    pub source: String,
    /// The site's entry; `None` when the register does not list it.
    pub entry: Option<crate::wire::a11y_register::RegisteredStatement>,
}

/// Whether a TCP port accepted a connection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PortProbe {
    pub address: IpAddr,
    pub port: u16,
    pub open: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ProbeError>,
}

/// One URL fetched over each address family, to compare what they serve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FamilyPages {
    pub ipv4: HttpFetch,
    pub ipv6: HttpFetch,
}

impl WebFacts {
    /// Facts before any web probe ran.
    pub fn new(host: &str, resolution: Resolution) -> WebFacts {
        WebFacts {
            host: host.to_string(),
            resolution,
            http: None,
            https: None,
            https_compression: None,
            security_txt: None,
            ports: Vec::new(),
            by_family: None,
            tls: Vec::new(),
            tlsa: None,
            accessibility: None,
        }
    }
}

/// The two places RFC 9116 allows, in the order a client tries them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SecurityTxtFetch {
    pub well_known: HttpFetch,
    /// Only fetched when the well-known location gave no file. (The keys to verify the
    /// file's signature with are judging input, `RuleSet::sectxt_keys`; facts written
    /// when they were kept here still load, the old field ignored.)
    pub fallback: Option<HttpFetch>,
}

/// One request and the redirects it was made to follow.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HttpFetch {
    pub url: String,
    pub hops: Vec<HttpHop>,
    /// The body of the last hop, when asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<HttpBody>,
    /// What ended the chain early, if anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ProbeError>,
}

impl HttpFetch {
    pub fn first(&self) -> Option<&HttpHop> {
        self.hops.first()
    }

    pub fn last(&self) -> Option<&HttpHop> {
        self.hops.last()
    }

    /// The final response when the chain ended in one (no error after it).
    pub fn final_response(&self) -> Option<&HttpHop> {
        if self.error.is_some() {
            None
        } else {
            self.hops.last()
        }
    }
}

/// One HTTP response as received.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HttpHop {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remote: Option<SocketAddr>,
    pub status: u16,
    /// Header fields in the order received; names lower-cased, values as sent (lossy UTF-8).
    pub headers: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls: Option<TlsSummary>,
    pub elapsed_ms: u64,
}

impl HttpHop {
    /// Every value of a header, in order (header names are case-insensitive).
    pub fn header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn header<'a>(&'a self, name: &'a str) -> Option<&'a str> {
        self.header_values(name).next()
    }

    pub fn is_redirect(&self) -> bool {
        matches!(self.status, 301 | 302 | 303 | 307 | 308)
    }
}

/// What the TLS layer of an HTTPS response showed. The full TLS assessment is the TLS
/// engine's job; this is the evidence a web check needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TlsSummary {
    /// Why the certificate would not be trusted by a browser, if it would not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leaf: Option<CertificateSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CertificateSummary {
    pub subject: String,
    pub issuer: String,
    pub dns_names: Vec<String>,
    pub not_before: String,
    pub not_after: String,
}

/// A response body, read up to a limit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct HttpBody {
    /// The bytes read, as lossy UTF-8.
    pub text: String,
    pub bytes_read: u64,
    /// True when the body was longer than the limit and reading stopped.
    pub truncated: bool,
    /// True when the bytes were not valid UTF-8.
    pub invalid_utf8: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Facts written when the `--sectxt-key` keys were kept in them still load.
    #[test]
    fn facts_with_the_old_signing_keys_load() {
        let old = r#"{"well_known": {"url": "https://a.nl/.well-known/security.txt", "hops": []},
            "fallback": null, "signing_keys": ["-----BEGIN PGP PUBLIC KEY BLOCK-----"]}"#;
        let fetch: SecurityTxtFetch = serde_json::from_str(old).unwrap();
        assert!(fetch.fallback.is_none());
        assert!(
            !serde_json::to_string(&fetch)
                .unwrap()
                .contains("signing_keys")
        );
    }
}
