//! Targets: the domain names a scan is asked about, checked before anything touches the
//! network so a typo is a clear input error, not a page of failed findings.

pub mod orgs;

use std::fmt;

use serde::{Deserialize, Serialize};

/// A fully qualified domain name in its ASCII (IDNA) form, lower-case, without trailing dot.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Domain(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{input:?} is not a domain name: {reason}")]
pub struct DomainError {
    pub input: String,
    pub reason: &'static str,
}

impl Domain {
    pub fn parse(input: &str) -> Result<Domain, DomainError> {
        let fail = |reason| DomainError {
            input: input.to_string(),
            reason,
        };
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(fail("it is empty"));
        }
        if trimmed.contains("://") || trimmed.contains('/') {
            return Err(fail("give the bare name (example.nl), not a URL"));
        }
        if trimmed.contains(char::is_whitespace) {
            return Err(fail("it contains white space"));
        }
        if trimmed.contains(':') || trimmed.parse::<std::net::IpAddr>().is_ok() {
            return Err(fail("it is an address or has a port; give a domain name"));
        }
        let name = trimmed.strip_suffix('.').unwrap_or(trimmed);
        let ascii = match url::Host::parse(name) {
            Ok(url::Host::Domain(d)) => d,
            Ok(_) => return Err(fail("it is an IP address; give a domain name")),
            Err(_) => return Err(fail("it has characters a domain name cannot have")),
        };
        if ascii.len() > 253 {
            return Err(fail("it is longer than 253 characters"));
        }
        let labels: Vec<&str> = ascii.split('.').collect();
        if labels.len() < 2 {
            return Err(fail(
                "it is not fully qualified (expected at least name.tld)",
            ));
        }
        for label in &labels {
            if label.is_empty() || label.len() > 63 {
                return Err(fail("a label is empty or longer than 63 characters"));
            }
            if !label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            {
                return Err(fail("a label may only hold letters, digits and hyphens"));
            }
            if label.starts_with('-') || label.ends_with('-') {
                return Err(fail("a label cannot start or end with a hyphen"));
            }
        }
        if labels
            .last()
            .is_some_and(|tld| tld.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(fail("the top-level label cannot be numeric"));
        }
        Ok(Domain(ascii))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Domain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An API base URL (an organisation's `apis`, `scan --api`): `https://`, a host that is a
/// valid domain name, no user, query or fragment; returned without its trailing slash.
pub fn api_base(text: &str) -> Result<String, &'static str> {
    let url = url::Url::parse(text).map_err(|_| "not a URL")?;
    if url.scheme() != "https" {
        return Err("not https:// (the design rules require HTTPS)");
    }
    let host = url.host_str().ok_or("no host")?;
    if Domain::parse(host).is_err() {
        return Err("the host is not a domain name");
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("has a user name or password");
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("has a query or fragment");
    }
    Ok(url.as_str().trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises() {
        assert_eq!(
            Domain::parse(" WWW.Example.NL. ").unwrap().as_str(),
            "www.example.nl"
        );
        assert_eq!(
            Domain::parse("bücher.nl").unwrap().as_str(),
            "xn--bcher-kva.nl"
        );
    }

    #[test]
    fn rejects_with_reason() {
        for bad in [
            "",
            "https://example.nl",
            "example.nl/path",
            "127.0.0.1",
            "[::1]",
            "localhost",
            "a b.nl",
            "-x.nl",
            "x..nl",
            "example.nl:443",
            "exa_mple.nl",
            "x.123",
        ] {
            let err = Domain::parse(bad).unwrap_err();
            assert!(!err.reason.is_empty(), "{bad}");
        }
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,300}") {
            let _ = Domain::parse(&s);
        }

        #[test]
        fn valid_names_round_trip(labels in proptest::collection::vec("[a-z][a-z0-9]{0,10}", 2..5)) {
            let name = labels.join(".");
            let parsed = Domain::parse(&name).unwrap();
            proptest::prop_assert_eq!(parsed.as_str(), name.as_str());
        }
    }
}
