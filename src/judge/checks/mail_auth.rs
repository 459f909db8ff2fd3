//! SPF, DKIM and DMARC (Forum Standaardisatie: all government domains, whether or not they
//! send mail), judged as internet.nl judges them, with the SPF lookup limits of RFC 7208
//! §4.6.4 counted over the whole include tree.

use super::Evaluate;
use super::{CheckSpec, ParamKind};
use super::{DNS, Hosts};
use crate::facts::{DomainFacts, MailAuthFacts, SpfLookupTree};
use crate::judge::{Outcome, Verdict};
use crate::rules::{CheckRule, RuleSet};
use crate::wire::text::{dkim, dmarc, spf};

pub const SPF_EXISTS: CheckSpec = CheckSpec {
    id: "mail.spf.exists",
    outcomes: &["ok", "none", "multiple", "failed"],
    params: &[],
    evaluate: Evaluate::Domain(spf_exists),
    needs: DNS,
    hosts: Hosts::Listed,
};

pub const SPF_POLICY: CheckSpec = CheckSpec {
    id: "mail.spf.policy",
    outcomes: &[
        "ok",
        "syntax",
        "include_error",
        "loop",
        "too_many_lookups",
        "too_many_void",
        "pass_all",
        "neutral_all",
        "no_all",
        "not_tested",
    ],
    params: &[
        ("max_lookups", ParamKind::Count),
        ("max_void_lookups", ParamKind::Count),
    ],
    evaluate: Evaluate::Domain(spf_policy),
    needs: DNS,
    hosts: Hosts::Listed,
};

pub const DMARC_EXISTS: CheckSpec = CheckSpec {
    id: "mail.dmarc.exists",
    outcomes: &["ok", "none", "multiple", "failed"],
    params: &[],
    evaluate: Evaluate::Domain(dmarc_exists),
    needs: DNS,
    hosts: Hosts::Listed,
};

pub const DMARC_POLICY: CheckSpec = CheckSpec {
    id: "mail.dmarc.policy",
    outcomes: &[
        "ok",
        "none_policy",
        "testing",
        "syntax",
        "external_unauthorised",
        "not_tested",
    ],
    params: &[],
    evaluate: Evaluate::Domain(dmarc_policy),
    needs: DNS,
    hosts: Hosts::Listed,
};

pub const DKIM_EXISTS: CheckSpec = CheckSpec {
    id: "mail.dkim.exists",
    outcomes: &["ok", "missing", "not_sending", "failed"],
    params: &[],
    evaluate: Evaluate::Domain(dkim_exists),
    needs: DNS,
    hosts: Hosts::Listed,
};

pub const DKIM_SELECTOR: CheckSpec = CheckSpec {
    id: "mail.dkim.selector",
    outcomes: &[
        "ok", "weak", "short", "testing", "revoked", "missing", "syntax", "failed",
    ],
    params: &[
        ("min_rsa_bits", ParamKind::Count),
        ("good_rsa_bits", ParamKind::Count),
    ],
    evaluate: Evaluate::Domain(dkim_selector),
    needs: DNS,
    hosts: Hosts::OnRequest,
};

/// The mail authentication facts, or the verdict when they were not measured: `unmeasured`
/// is the check's own key for that (`failed` where the check looks for a record,
/// `not_tested` where it judges the record the other check looked for).
fn facts_of<'a>(
    facts: &'a DomainFacts,
    unmeasured: &'static str,
) -> Result<&'a MailAuthFacts, Vec<Verdict>> {
    facts.mail_auth.as_ref().ok_or_else(|| {
        vec![Verdict::new(
            &facts.domain,
            Outcome::new(unmeasured).with("error", "not measured"),
        )]
    })
}

fn spf_exists(facts: &DomainFacts, _rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let auth = match facts_of(facts, "failed") {
        Ok(a) => a,
        Err(v) => return v,
    };
    let tree = &auth.spf;
    let outcome = match (&tree.error, tree.records.as_slice()) {
        (Some(e), _) => Outcome::new("failed").with("error", &e.detail),
        (None, []) => Outcome::new("none"),
        (None, [record]) => Outcome::new("ok").with("record", record),
        (None, many) => Outcome::new("multiple").with("count", many.len()),
    };
    vec![Verdict::new(&facts.domain, outcome).evidence("records", &tree.records)]
}

/// What walking the whole include tree found.
#[derive(Default)]
struct TreeSummary {
    lookups: usize,
    voids: usize,
    loops: Vec<String>,
    /// Problems of include and redirect targets (`_spf.x.nl: no SPF record`).
    target_problems: Vec<String>,
}

fn summarise(root: &SpfLookupTree) -> TreeSummary {
    let mut s = TreeSummary::default();
    // An explicit stack: the tree comes from the network and may be deep.
    let mut stack: Vec<(&SpfLookupTree, bool)> = vec![(root, true)];
    while let Some((node, is_root)) = stack.pop() {
        s.voids += node.lookups.iter().filter(|l| l.void).count();
        if !is_root {
            s.voids += usize::from(node.void);
            let problem = match (node.stopped.as_deref(), &node.error, node.records.len()) {
                (Some("loop"), _, _) => {
                    s.loops.push(node.domain.clone());
                    None
                }
                (Some("macro"), _, _) => None,
                (Some(limit), _, _) => {
                    Some(format!("{}: not followed ({limit} limit)", node.domain))
                }
                (None, Some(e), _) => Some(e.detail.clone()),
                (None, None, 0) => Some(format!("{}: no SPF record", node.domain)),
                (None, None, 1) => None,
                (None, None, n) => Some(format!("{}: {n} SPF records", node.domain)),
            };
            s.target_problems.extend(problem);
        }
        if let [text] = node.records.as_slice() {
            let record = spf::parse(text);
            s.lookups += record.lookup_terms();
            if !is_root && !record.errors.is_empty() {
                let terms: Vec<&str> = record.errors.iter().map(|e| e.term.as_str()).collect();
                s.target_problems.push(format!(
                    "{}: invalid terms {}",
                    node.domain,
                    terms.join(" ")
                ));
            }
        }
        stack.extend(node.children.iter().rev().map(|c| (&c.tree, false)));
    }
    s
}

/// The `all` that decides the policy: the record's own, else the one its redirect chain
/// ends in (RFC 7208 §6.1).
fn effective_all(root: &SpfLookupTree) -> Option<spf::Qualifier> {
    let mut node = root;
    for _ in 0..32 {
        let [text] = node.records.as_slice() else {
            return None;
        };
        let record = spf::parse(text);
        if let Some(q) = record.all() {
            return Some(q);
        }
        let redirect = record.effective_redirect()?;
        node = &node
            .children
            .iter()
            .find(|c| c.term == format!("redirect={}", redirect.0))?
            .tree;
    }
    None
}

fn spf_policy(facts: &DomainFacts, rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let auth = match facts_of(facts, "not_tested") {
        Ok(a) => a,
        Err(v) => return v,
    };
    let tree = &auth.spf;
    let [text] = tree.records.as_slice() else {
        return vec![Verdict::new(&facts.domain, Outcome::new("not_tested"))];
    };
    let record = spf::parse(text);
    let summary = summarise(tree);
    let mut outcomes = Vec::new();
    if !record.errors.is_empty() {
        let terms: Vec<&str> = record.errors.iter().map(|e| e.term.as_str()).collect();
        outcomes.push(Outcome::new("syntax").with("terms", terms.join(" ")));
    }
    if !summary.target_problems.is_empty() {
        outcomes.push(
            Outcome::new("include_error").with("problems", summary.target_problems.join("; ")),
        );
    }
    if !summary.loops.is_empty() {
        outcomes.push(Outcome::new("loop").with("domains", summary.loops.join(", ")));
    }
    let max_lookups = rule.param_u64("max_lookups") as usize;
    if summary.lookups > max_lookups {
        outcomes.push(Outcome::new("too_many_lookups").with("lookups", summary.lookups));
    }
    if summary.voids > rule.param_u64("max_void_lookups") as usize {
        outcomes.push(Outcome::new("too_many_void").with("voids", summary.voids));
    }
    match effective_all(tree) {
        Some(spf::Qualifier::Pass) => outcomes.push(Outcome::new("pass_all")),
        Some(spf::Qualifier::Neutral) => outcomes.push(Outcome::new("neutral_all")),
        None => outcomes.push(Outcome::new("no_all")),
        Some(q) if outcomes.is_empty() => outcomes.push(
            Outcome::new("ok")
                .with("all", format!("{}all", q.as_str()))
                .with("lookups", summary.lookups),
        ),
        Some(_) => {}
    }
    let mut verdict = Verdict::new(&facts.domain, Outcome::new("ok"));
    verdict.outcomes = outcomes;
    vec![
        verdict
            .evidence("record", text)
            .evidence("lookups", summary.lookups)
            .evidence("void_lookups", summary.voids)
            .evidence("tree", tree),
    ]
}

fn dmarc_exists(facts: &DomainFacts, _rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let auth = match facts_of(facts, "failed") {
        Ok(a) => a,
        Err(v) => return v,
    };
    let d = &auth.dmarc;
    let outcome = match (&d.error, d.records.as_slice()) {
        (Some(e), _) => Outcome::new("failed").with("error", &e.detail),
        (None, []) => Outcome::new("none"),
        (None, [record]) => Outcome::new("ok").with("record", record).with(
            "found_at",
            format!("_dmarc.{}", d.found_at.clone().unwrap_or_default()),
        ),
        (None, many) => Outcome::new("multiple").with("count", many.len()),
    };
    vec![
        Verdict::new(&facts.domain, outcome)
            .evidence("queried", &d.queried)
            .evidence("records", &d.records),
    ]
}

/// The policy that applies to the domain: `sp` when the record was found on the
/// organisational domain for a subdomain, else `p`.
fn effective_policy(
    facts: &DomainFacts,
    found_at: &str,
    record: &dmarc::DmarcRecord,
) -> Option<dmarc::Policy> {
    let own = found_at.eq_ignore_ascii_case(facts.domain.trim_end_matches('.'));
    if own {
        record.policy
    } else {
        record.subdomain_policy.or(record.policy)
    }
}

fn dmarc_policy(facts: &DomainFacts, _rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let auth = match facts_of(facts, "not_tested") {
        Ok(a) => a,
        Err(v) => return v,
    };
    let d = &auth.dmarc;
    let ([text], Some(found_at)) = (d.records.as_slice(), d.found_at.as_deref()) else {
        return vec![Verdict::new(&facts.domain, Outcome::new("not_tested"))];
    };
    let record = dmarc::parse(text);
    let mut outcomes = Vec::new();
    if !record.errors.is_empty() {
        let tags: Vec<&str> = record.errors.iter().map(|e| e.tag.as_str()).collect();
        outcomes.push(Outcome::new("syntax").with("tags", tags.join("; ")));
    }
    let policy = effective_policy(facts, found_at, &record);
    match policy {
        Some(dmarc::Policy::None) | None => outcomes.push(Outcome::new("none_policy")),
        Some(dmarc::Policy::Quarantine) if record.testing => outcomes.push(Outcome::new("testing")),
        _ => {}
    }
    let unauthorised: Vec<&str> = d
        .external
        .iter()
        .filter(|a| !a.authorised)
        .map(|a| a.destination.as_str())
        .collect();
    if !unauthorised.is_empty() {
        outcomes.push(
            Outcome::new("external_unauthorised").with("destinations", unauthorised.join(", ")),
        );
    }
    let policy_name = policy.map(dmarc::Policy::as_str).unwrap_or("none");
    if outcomes.is_empty() {
        outcomes.push(Outcome::new("ok"));
    }
    let mut verdict = Verdict::new(&facts.domain, Outcome::new("ok"));
    verdict.outcomes = outcomes
        .into_iter()
        .map(|o| o.with("policy", policy_name).with("found_at", found_at))
        .collect();
    vec![
        verdict
            .evidence("record", text)
            .evidence("found_at", found_at)
            .evidence("policy", policy_name)
            .evidence("external", &d.external),
    ]
}

/// A domain that says it sends no mail: SPF `-all` (nothing else) and DMARC reject.
fn sends_no_mail(facts: &DomainFacts, auth: &MailAuthFacts) -> bool {
    let spf_none = match auth.spf.records.as_slice() {
        [text] => {
            let r = spf::parse(text);
            r.all() == Some(spf::Qualifier::Fail) && r.directives().count() == 1
        }
        _ => false,
    };
    let dmarc_reject = match (
        auth.dmarc.records.as_slice(),
        auth.dmarc.found_at.as_deref(),
    ) {
        ([text], Some(at)) => {
            effective_policy(facts, at, &dmarc::parse(text)) == Some(dmarc::Policy::Reject)
        }
        _ => false,
    };
    spf_none && dmarc_reject
}

fn dkim_exists(facts: &DomainFacts, _rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let auth = match facts_of(facts, "failed") {
        Ok(a) => a,
        Err(v) => return v,
    };
    let k = &auth.dkim;
    let outcome = match (&k.error, k.domainkey_exists) {
        (Some(e), _) => Outcome::new("failed").with("error", &e.detail),
        (None, Some(true)) => Outcome::new("ok"),
        (None, _) if sends_no_mail(facts, auth) => Outcome::new("not_sending"),
        (None, _) => Outcome::new("missing"),
    };
    vec![Verdict::new(
        &facts.domain,
        outcome.with("name", &k.domainkey),
    )]
}

fn dkim_selector(facts: &DomainFacts, rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let Some(auth) = &facts.mail_auth else {
        return Vec::new();
    };
    let min = rule.param_u64("min_rsa_bits") as u32;
    let good = rule.param_u64("good_rsa_bits") as u32;
    auth.dkim
        .selectors
        .iter()
        .map(|s| {
            let keys: Vec<&String> = s.records.iter().filter(|r| r.contains("p=")).collect();
            let outcome = match (&s.error, keys.as_slice()) {
                (Some(e), _) => Outcome::new("failed").with("error", &e.detail),
                (None, []) => Outcome::new("missing"),
                (None, [text, ..]) => match dkim::parse(text) {
                    Err(code) => Outcome::new("syntax").with("problem", code),
                    Ok(key) if key.revoked => Outcome::new("revoked"),
                    Ok(key) => {
                        let bits = key.bits.unwrap_or(0);
                        let rsa = key.key_type == "rsa";
                        let o = if rsa && bits < min {
                            Outcome::new("weak")
                        } else if rsa && bits < good {
                            Outcome::new("short")
                        } else if key.testing {
                            Outcome::new("testing")
                        } else {
                            Outcome::new("ok")
                        };
                        o.with("key_type", &key.key_type).with("bits", bits)
                    }
                },
            };
            Verdict::new(&s.name, outcome.with("selector", &s.selector))
                .evidence("records", &s.records)
        })
        .collect()
}
