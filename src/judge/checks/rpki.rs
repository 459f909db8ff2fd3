//! RPKI route origin validation (RFC 6811; Forum Standaardisatie "RPKI", end 2024).

use super::CheckSpec;
use super::Evaluate;
use super::{DNS, Hosts};
use crate::facts::DomainFacts;
use crate::judge::{Outcome, Verdict};
use crate::rules::{CheckRule, RuleSet};
use crate::wire::rpki::{AddressValidation, RovState};

const OUTCOMES_EXISTS: &[&str] = &[
    "ok",
    "missing",
    "not_announced",
    "no_addresses",
    "no_inputs",
];
const OUTCOMES_VALID: &[&str] = &[
    "ok",
    "invalid",
    "not_found",
    "not_announced",
    "no_addresses",
    "no_inputs",
];

pub const EXISTS: CheckSpec = CheckSpec {
    id: "web.rpki.exists",
    outcomes: OUTCOMES_EXISTS,
    params: &[],
    evaluate: Evaluate::Domain(web_exists),
    needs: DNS,
    hosts: Hosts::ListedAndDiscovered,
};
pub const VALID: CheckSpec = CheckSpec {
    id: "web.rpki.valid",
    outcomes: OUTCOMES_VALID,
    params: &[],
    evaluate: Evaluate::Domain(web_valid),
    needs: DNS,
    hosts: Hosts::ListedAndDiscovered,
};
pub const NS_EXISTS: CheckSpec = CheckSpec {
    id: "web.rpki.ns_exists",
    outcomes: OUTCOMES_EXISTS,
    params: &[],
    evaluate: Evaluate::Domain(ns_exists),
    needs: DNS,
    hosts: Hosts::ListedAndDiscovered,
};
pub const NS_VALID: CheckSpec = CheckSpec {
    id: "web.rpki.ns_valid",
    outcomes: OUTCOMES_VALID,
    params: &[],
    evaluate: Evaluate::Domain(ns_valid),
    needs: DNS,
    hosts: Hosts::ListedAndDiscovered,
};

pub const MAIL_EXISTS: CheckSpec = CheckSpec {
    id: "mail.rpki.exists",
    outcomes: OUTCOMES_EXISTS,
    params: &[],
    evaluate: Evaluate::Domain(mail_exists),
    needs: DNS,
    hosts: Hosts::Listed,
};
pub const MAIL_VALID: CheckSpec = CheckSpec {
    id: "mail.rpki.valid",
    outcomes: OUTCOMES_VALID,
    params: &[],
    evaluate: Evaluate::Domain(mail_valid),
    needs: DNS,
    hosts: Hosts::Listed,
};

/// The addresses a check judges, or why it cannot.
fn addresses<'a>(
    facts: &'a DomainFacts,
    pick: fn(&'a crate::facts::RpkiFacts) -> Vec<&'a AddressValidation>,
) -> Result<Vec<&'a AddressValidation>, Verdict> {
    let Some(rpki) = facts.rpki.as_ref() else {
        return Err(Verdict::new(&facts.domain, Outcome::new("no_inputs")));
    };
    let list = pick(rpki);
    if list.is_empty() {
        return Err(Verdict::new(&facts.domain, Outcome::new("no_addresses")));
    }
    Ok(list)
}

fn web_addresses(rpki: &crate::facts::RpkiFacts) -> Vec<&AddressValidation> {
    rpki.web.iter().collect()
}

fn ns_addresses(rpki: &crate::facts::RpkiFacts) -> Vec<&AddressValidation> {
    rpki.name_servers
        .iter()
        .flat_map(|(_, list)| list.iter())
        .collect()
}

/// The addresses of every MX host (internet.nl's mail RPKI test: the mail servers).
fn mail_addresses(rpki: &crate::facts::RpkiFacts) -> Vec<&AddressValidation> {
    rpki.mail_servers
        .iter()
        .flat_map(|(_, list)| list.iter())
        .collect()
}

fn evidence(list: &[&AddressValidation]) -> Vec<String> {
    list.iter()
        .map(|a| {
            if a.routes.is_empty() {
                return format!("{}: not announced", a.ip);
            }
            let routes: Vec<String> = a
                .routes
                .iter()
                .map(|r| {
                    let vrps: Vec<String> = r.vrps.iter().map(|v| v.to_string()).collect();
                    format!("{} {} [{}]", r.route, r.state, vrps.join(", "))
                })
                .collect();
            format!("{}: {}", a.ip, routes.join("; "))
        })
        .collect()
}

/// internet.nl: every address must be covered by a ROA (any route of it with a covering
/// VRP); an address no route announces cannot be judged.
fn exists(facts: &DomainFacts, list: Vec<&AddressValidation>) -> Vec<Verdict> {
    let announced: Vec<&&AddressValidation> = list.iter().filter(|a| a.is_announced()).collect();
    let outcome = if announced.is_empty() {
        Outcome::new("not_announced")
    } else {
        let missing: Vec<String> = announced
            .iter()
            .filter(|a| a.routes.iter().all(|r| r.state == RovState::NotFound))
            .map(|a| a.ip.to_string())
            .collect();
        if missing.is_empty() {
            Outcome::new("ok")
        } else {
            Outcome::new("missing").with("addresses", missing.join(", "))
        }
    };
    vec![Verdict::new(&facts.domain, outcome).evidence("routes", evidence(&list))]
}

/// RFC 6811 per route: every route covering every address must be valid.
fn valid(facts: &DomainFacts, list: Vec<&AddressValidation>) -> Vec<Verdict> {
    let routes: Vec<_> = list
        .iter()
        .flat_map(|a| a.routes.iter().map(move |r| (a.ip, r)))
        .collect();
    let outcome = if routes.is_empty() {
        Outcome::new("not_announced")
    } else if let Some((ip, r)) = routes.iter().find(|(_, r)| r.state == RovState::Invalid) {
        Outcome::new("invalid")
            .with("address", ip)
            .with("route", r.route)
    } else if let Some((ip, r)) = routes.iter().find(|(_, r)| r.state == RovState::NotFound) {
        Outcome::new("not_found")
            .with("address", ip)
            .with("route", r.route)
    } else {
        Outcome::new("ok")
    };
    vec![Verdict::new(&facts.domain, outcome).evidence("routes", evidence(&list))]
}

fn web_exists(facts: &DomainFacts, _rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    addresses(facts, web_addresses).map_or_else(|v| vec![v], |list| exists(facts, list))
}

fn web_valid(facts: &DomainFacts, _rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    addresses(facts, web_addresses).map_or_else(|v| vec![v], |list| valid(facts, list))
}

fn ns_exists(facts: &DomainFacts, _rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    addresses(facts, ns_addresses).map_or_else(|v| vec![v], |list| exists(facts, list))
}

fn ns_valid(facts: &DomainFacts, _rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    addresses(facts, ns_addresses).map_or_else(|v| vec![v], |list| valid(facts, list))
}

fn mail_exists(facts: &DomainFacts, _rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    addresses(facts, mail_addresses).map_or_else(|v| vec![v], |list| exists(facts, list))
}

fn mail_valid(facts: &DomainFacts, _rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    addresses(facts, mail_addresses).map_or_else(|v| vec![v], |list| valid(facts, list))
}
