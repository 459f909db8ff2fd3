//! IPv6 (Forum Standaardisatie "IPv6 en IPv4"; internet.nl web_ipv6_*).

use std::net::IpAddr;

use super::Evaluate;
use super::{CheckSpec, ParamKind};
use super::{DNS, Hosts, WEB};
use crate::facts::DomainFacts;
use crate::judge::{Outcome, Verdict};
use crate::rules::{CheckRule, RuleSet};

pub const NS_ADDRESS: CheckSpec = CheckSpec {
    id: "web.ipv6.ns_address",
    outcomes: &["ok", "too_few", "none", "failed"],
    params: &[("min_name_servers", ParamKind::Count)],
    evaluate: Evaluate::Domain(ns_address),
    needs: DNS,
    hosts: Hosts::ListedAndDiscovered,
};

pub const ADDRESS: CheckSpec = CheckSpec {
    id: "web.ipv6.address",
    outcomes: &["ok", "none", "not_tested"],
    params: &[],
    evaluate: Evaluate::Domain(address),
    needs: WEB,
    hosts: Hosts::ListedAndDiscovered,
};

/// A usable IPv6 address: IPv4-mapped addresses (`::ffff:a.b.c.d`) only pretend.
fn real_ipv6(ip: &IpAddr) -> bool {
    matches!(ip, IpAddr::V6(v6) if v6.to_ipv4_mapped().is_none())
}

fn ns_address(facts: &DomainFacts, rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let subject = &facts.domain;
    let Some(ns) = facts.dns.name_servers.as_ref() else {
        return vec![Verdict::new(
            subject,
            Outcome::new("failed").with("error", "not measured"),
        )];
    };
    if let Some(e) = &ns.error {
        return vec![Verdict::new(
            subject,
            Outcome::new("failed").with("error", &e.detail),
        )];
    }
    let with_v6: Vec<&str> = ns
        .servers
        .iter()
        .filter(|s| s.addresses.iter().any(real_ipv6))
        .map(|s| s.name.as_str())
        .collect();
    let listing: Vec<String> = ns
        .servers
        .iter()
        .map(|s| {
            format!(
                "{} {:?}",
                s.name,
                s.addresses
                    .iter()
                    .map(|a| a.to_string())
                    .collect::<Vec<_>>()
            )
        })
        .collect();
    let min = rule.param_u64("min_name_servers") as usize;
    let outcome = match with_v6.len() {
        0 => Outcome::new("none"),
        n if n < min => Outcome::new("too_few").with("count", n),
        n => Outcome::new("ok").with("count", n),
    };
    let verdict = Verdict::new(subject, outcome)
        .evidence("name_servers", listing)
        .evidence("with_ipv6", with_v6);
    vec![match &ns.zone {
        Some(zone) => verdict.evidence("zone", zone),
        None => verdict,
    }]
}

fn address(facts: &DomainFacts, _rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let host = &facts.web.host;
    let addresses = &facts.web.resolution.addresses;
    if addresses.is_empty() {
        return vec![Verdict::new(host, Outcome::new("not_tested"))];
    }
    let v6: Vec<String> = addresses
        .iter()
        .filter(|a| real_ipv6(a))
        .map(|a| a.to_string())
        .collect();
    let outcome = if v6.is_empty() {
        Outcome::new("none")
    } else {
        Outcome::new("ok").with("addresses", v6.join(", "))
    };
    vec![Verdict::new(host, outcome).evidence("addresses", addresses)]
}

pub const NS_REACH: CheckSpec = CheckSpec {
    id: "web.ipv6.ns_reach",
    outcomes: &["ok", "unreachable", "not_tested"],
    params: &[],
    evaluate: Evaluate::Domain(ns_reach),
    needs: DNS,
    hosts: Hosts::ListedAndDiscovered,
};

pub const REACH: CheckSpec = CheckSpec {
    id: "web.ipv6.reach",
    outcomes: &["ok", "unreachable", "ports_differ", "not_tested"],
    params: &[],
    evaluate: Evaluate::Domain(reach),
    needs: WEB,
    hosts: Hosts::ListedAndDiscovered,
};

pub const SIMILAR: CheckSpec = CheckSpec {
    id: "web.ipv6.similar",
    outcomes: &[
        "ok",
        "different_status",
        "same_error",
        "content_differs",
        "failed",
        "not_tested",
    ],
    params: &[("min_similarity_percent", ParamKind::Count)],
    evaluate: Evaluate::Domain(similar),
    needs: WEB,
    hosts: Hosts::ListedAndDiscovered,
};

fn ns_reach(facts: &DomainFacts, _rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let subject = &facts.domain;
    let answers: Vec<(&str, &crate::facts::NsAnswer)> = facts
        .dns
        .name_servers
        .iter()
        .flat_map(|ns| ns.servers.iter())
        .flat_map(|s| s.ipv6_answers.iter().map(move |a| (s.name.as_str(), a)))
        .collect();
    if answers.is_empty() {
        return vec![Verdict::new(subject, Outcome::new("not_tested"))];
    }
    let evidence: Vec<String> = answers
        .iter()
        .map(|(name, a)| match &a.error {
            None => format!("{name} {} answers", a.address),
            Some(e) => format!("{name} {}: {}", a.address, e.detail),
        })
        .collect();
    // Every address that did not answer is named, grouped by its server: a zone can have
    // a hundred of them, and the message is what an operator acts on.
    let mut silent: Vec<(&str, Vec<String>)> = Vec::new();
    for (name, a) in answers.iter().filter(|(_, a)| !a.answered) {
        match silent.last_mut() {
            Some((last, addresses)) if last == name => addresses.push(a.address.to_string()),
            _ => silent.push((name, vec![a.address.to_string()])),
        }
    }
    let outcome = if silent.is_empty() {
        Outcome::new("ok")
    } else {
        let servers: Vec<String> = silent
            .iter()
            .map(|(name, addresses)| format!("{name} ({})", addresses.join(", ")))
            .collect();
        Outcome::new("unreachable").with("servers", servers.join("; "))
    };
    vec![Verdict::new(subject, outcome).evidence("answers", evidence)]
}

fn reach(facts: &DomainFacts, _rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let host = &facts.web.host;
    let ports = &facts.web.ports;
    let v6: Vec<IpAddr> = facts
        .web
        .resolution
        .addresses
        .iter()
        .copied()
        .filter(real_ipv6)
        .collect();
    if v6.is_empty() || ports.is_empty() {
        return vec![Verdict::new(host, Outcome::new("not_tested"))];
    }
    let open_on = |ip: IpAddr| -> Vec<u16> {
        ports
            .iter()
            .filter(|p| p.address == ip && p.open)
            .map(|p| p.port)
            .collect()
    };
    let v4_ports: Vec<u16> = {
        let mut all: Vec<u16> = ports
            .iter()
            .filter(|p| p.address.is_ipv4() && p.open)
            .map(|p| p.port)
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    };
    let evidence: Vec<String> = ports
        .iter()
        .map(|p| {
            format!(
                "{} port {}: {}",
                p.address,
                p.port,
                if p.open { "open" } else { "closed" }
            )
        })
        .collect();
    let dead: Vec<String> = v6
        .iter()
        .filter(|ip| open_on(**ip).is_empty())
        .map(|ip| ip.to_string())
        .collect();
    let outcome = if !dead.is_empty() {
        Outcome::new("unreachable").with("addresses", dead.join(", "))
    } else if let Some(ip) = v6
        .iter()
        .find(|ip| !v4_ports.is_empty() && open_on(**ip) != v4_ports)
    {
        Outcome::new("ports_differ")
            .with("address", ip)
            .with("ipv6_ports", format!("{:?}", open_on(*ip)))
            .with("ipv4_ports", format!("{v4_ports:?}"))
    } else {
        Outcome::new("ok")
    };
    vec![Verdict::new(host, outcome).evidence("ports", evidence)]
}

/// internet.nl compares the pages with Python's SequenceMatcher; pastoe compares lines
/// (a multiset overlap), which tells the same story for a different site or an error page
/// and stays linear on hostile input.
fn similar(facts: &DomainFacts, rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let host = &facts.web.host;
    let Some(pages) = facts.web.by_family.as_ref() else {
        return vec![Verdict::new(host, Outcome::new("not_tested"))];
    };
    let (v4, v6) = match (pages.ipv4.first(), pages.ipv6.first()) {
        (Some(a), Some(b)) => (a, b),
        _ => {
            let error = pages
                .ipv4
                .error
                .as_ref()
                .or(pages.ipv6.error.as_ref())
                .map(|e| e.detail.clone());
            return vec![Verdict::new(
                host,
                Outcome::new("failed").with("error", error.unwrap_or_default()),
            )];
        }
    };
    let text =
        |f: &crate::facts::HttpFetch| f.body.as_ref().map(|b| b.text.clone()).unwrap_or_default();
    let percent = similarity_percent(&text(&pages.ipv4), &text(&pages.ipv6));
    let outcome = if v4.status != v6.status {
        Outcome::new("different_status")
            .with("ipv4_status", v4.status)
            .with("ipv6_status", v6.status)
    } else if v4.status >= 400 {
        Outcome::new("same_error").with("status", v4.status)
    } else if percent < rule.param_u64("min_similarity_percent") {
        Outcome::new("content_differs").with("similarity", percent)
    } else {
        Outcome::new("ok").with("similarity", percent)
    };
    vec![
        Verdict::new(host, outcome)
            .evidence("url", &pages.ipv4.url)
            .evidence("ipv4_status", v4.status)
            .evidence("ipv6_status", v6.status)
            .evidence("similarity_percent", percent),
    ]
}

fn similarity_percent(a: &str, b: &str) -> u64 {
    use std::collections::HashMap;
    let mut counts: HashMap<&str, i64> = HashMap::new();
    let (la, lb) = (a.lines().count(), b.lines().count());
    if la + lb == 0 {
        return 100;
    }
    for line in a.lines() {
        *counts.entry(line.trim()).or_default() += 1;
    }
    let mut common = 0u64;
    for line in b.lines() {
        if let Some(n) = counts.get_mut(line.trim())
            && *n > 0
        {
            *n -= 1;
            common += 1;
        }
    }
    (200 * common) / (la + lb) as u64
}

pub const MAIL_NS_ADDRESS: CheckSpec = CheckSpec {
    id: "mail.ipv6.ns_address",
    hosts: Hosts::Listed,
    ..NS_ADDRESS
};
pub const MAIL_NS_REACH: CheckSpec = CheckSpec {
    id: "mail.ipv6.ns_reach",
    hosts: Hosts::Listed,
    ..NS_REACH
};

pub const MX_ADDRESS: CheckSpec = CheckSpec {
    id: "mail.ipv6.mx_address",
    outcomes: &["ok", "missing", "no_mx"],
    params: &[],
    evaluate: Evaluate::Domain(mx_address),
    needs: DNS,
    hosts: Hosts::Listed,
};

pub const MX_REACH: CheckSpec = CheckSpec {
    id: "mail.ipv6.mx_reach",
    outcomes: &["ok", "unreachable", "not_tested", "no_mx"],
    params: &[],
    evaluate: Evaluate::Domain(mx_reach),
    needs: DNS,
    hosts: Hosts::Listed,
};

fn mx_hosts(facts: &DomainFacts) -> &[crate::facts::MxHost] {
    facts
        .dns
        .mx
        .as_ref()
        .map(|mx| mx.hosts.as_slice())
        .unwrap_or_default()
}

/// internet.nl: every MX host needs an AAAA.
fn mx_address(facts: &DomainFacts, _rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let hosts = mx_hosts(facts);
    if hosts.is_empty() {
        return vec![Verdict::new(&facts.domain, Outcome::new("no_mx"))];
    }
    let listing: Vec<String> = hosts
        .iter()
        .map(|h| {
            format!(
                "{} {:?}",
                h.name,
                h.addresses
                    .iter()
                    .map(|a| a.to_string())
                    .collect::<Vec<_>>()
            )
        })
        .collect();
    let missing: Vec<&str> = hosts
        .iter()
        .filter(|h| !h.addresses.iter().any(real_ipv6))
        .map(|h| h.name.as_str())
        .collect();
    let outcome = if missing.is_empty() {
        Outcome::new("ok")
    } else {
        Outcome::new("missing").with("hosts", missing.join(", "))
    };
    vec![Verdict::new(&facts.domain, outcome).evidence("mx", listing)]
}

fn mx_reach(facts: &DomainFacts, _rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let hosts = mx_hosts(facts);
    if hosts.is_empty() {
        return vec![Verdict::new(&facts.domain, Outcome::new("no_mx"))];
    }
    let probes: Vec<(&str, &crate::facts::PortProbe)> = hosts
        .iter()
        .flat_map(|h| h.ipv6_smtp.iter().map(move |p| (h.name.as_str(), p)))
        .collect();
    if probes.is_empty() {
        return vec![Verdict::new(&facts.domain, Outcome::new("not_tested"))];
    }
    let dead: Vec<String> = probes
        .iter()
        .filter(|(_, p)| !p.open)
        .map(|(n, p)| format!("{n} ({})", p.address))
        .collect();
    let evidence: Vec<String> = probes
        .iter()
        .map(|(n, p)| {
            format!(
                "{n} {} port 25: {}",
                p.address,
                if p.open { "open" } else { "closed" }
            )
        })
        .collect();
    let outcome = if dead.is_empty() {
        Outcome::new("ok")
    } else {
        Outcome::new("unreachable").with("hosts", dead.join(", "))
    };
    vec![Verdict::new(&facts.domain, outcome).evidence("smtp", evidence)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity() {
        assert_eq!(similarity_percent("a\nb\nc", "a\nb\nc"), 100);
        assert_eq!(similarity_percent("", ""), 100);
        assert_eq!(similarity_percent("a\nb", "c\nd"), 0);
        assert_eq!(similarity_percent("a\nb\nc\nd", "a\nb\nc\nx"), 75);
    }

    #[test]
    fn mapped_addresses_do_not_count() {
        assert!(!real_ipv6(&"::ffff:192.0.2.1".parse().unwrap()));
        assert!(real_ipv6(&"2001:db8::1".parse().unwrap()));
        assert!(!real_ipv6(&"192.0.2.1".parse().unwrap()));
    }
}
