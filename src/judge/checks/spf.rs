//! SPF (Forum Standaardisatie: all government domains, whether or not they send mail),
//! judged as internet.nl judges it, with the lookup limits of RFC 7208 §4.6.4 counted over
//! the whole include tree.
//!
//! Where pastoe stopped following the tree (its own depth or lookup budget) nothing is
//! blamed: the probe stops only after `SPF_LOOKUPS_SEEN_WHEN_CUT_SHORT` lookup terms, and
//! the rules loader keeps `max_lookups` below that, so such a tree is `too_many_lookups`,
//! with the count pastoe saw as a lower bound.

use super::{CheckSpec, DNS, Evaluate, Hosts, ParamKind, mail_auth_of};
use crate::facts::{DomainFacts, SPF_LOOKUPS_SEEN_WHEN_CUT_SHORT, SpfLookupTree, SpfStop};
use crate::judge::{Outcome, Verdict};
use crate::rules::{CheckRule, RuleSet};
use crate::wire::text::spf;

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
        (
            "max_lookups",
            ParamKind::CountBelow(SPF_LOOKUPS_SEEN_WHEN_CUT_SHORT),
        ),
        ("max_void_lookups", ParamKind::Count),
    ],
    evaluate: Evaluate::Domain(spf_policy),
    needs: DNS,
    hosts: Hosts::Listed,
};

fn spf_exists(facts: &DomainFacts, _rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let auth = match mail_auth_of(facts, "failed") {
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
    /// pastoe's own limits left part of the tree unfollowed: `lookups` is a lower bound.
    cut_short: bool,
}

fn summarise(root: &SpfLookupTree) -> TreeSummary {
    let mut s = TreeSummary::default();
    // An explicit stack: the tree comes from the network and may be deep.
    let mut stack: Vec<(&SpfLookupTree, bool)> = vec![(root, true)];
    while let Some((node, is_root)) = stack.pop() {
        s.voids += node.lookups.iter().filter(|l| l.void).count();
        s.cut_short |= node
            .lookups
            .iter()
            .any(|l| l.stopped == Some(SpfStop::Budget));
        if !is_root {
            s.voids += usize::from(node.void);
            let problem = match (node.stopped, &node.error, node.records.len()) {
                (Some(SpfStop::Loop), _, _) => {
                    s.loops.push(node.domain.clone());
                    None
                }
                (Some(SpfStop::Macro), _, _) => None,
                (Some(SpfStop::Depth | SpfStop::Budget), _, _) => {
                    s.cut_short = true;
                    None
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
enum FinalAll {
    All(spf::Qualifier),
    /// Neither the record nor its redirect chain has one.
    None,
    /// The redirect chain ends where no `all` can be read: pastoe did not follow it (a
    /// macro, a loop, its own limits), or the target has no single SPF record (a DNS
    /// error, none, several: RFC 7208 §6.1 makes that the target's temperror or permerror,
    /// which `include_error` reports). The `redirect=` term as written.
    Unfollowed(String),
}

/// `root` has exactly one record (the check judges nothing else).
fn effective_all(root: &SpfLookupTree) -> FinalAll {
    let mut node = root;
    let mut followed = None;
    loop {
        let [text] = node.records.as_slice() else {
            return followed.map_or(FinalAll::None, FinalAll::Unfollowed);
        };
        let record = spf::parse(text);
        if let Some(q) = record.all() {
            return FinalAll::All(q);
        }
        let Some(redirect) = record.effective_redirect() else {
            return FinalAll::None;
        };
        let term = format!("redirect={}", redirect.0);
        let Some(child) = node.children.iter().find(|c| c.term == term) else {
            return FinalAll::None;
        };
        if child.tree.stopped.is_some() || child.tree.error.is_some() {
            return FinalAll::Unfollowed(term);
        }
        node = &child.tree;
        followed = Some(term);
    }
}

fn spf_policy(facts: &DomainFacts, rule: &CheckRule, _rules: &RuleSet) -> Vec<Verdict> {
    let auth = match mail_auth_of(facts, "not_tested") {
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
    // A tree cut short by pastoe's limits needs at least the lookups it saw.
    let lookups = if summary.cut_short {
        format!("{}+", summary.lookups)
    } else {
        summary.lookups.to_string()
    };
    if summary.lookups > max_lookups {
        outcomes.push(Outcome::new("too_many_lookups").with("lookups", &lookups));
    }
    if summary.voids > rule.param_u64("max_void_lookups") as usize {
        outcomes.push(Outcome::new("too_many_void").with("voids", summary.voids));
    }
    let ending = match effective_all(tree) {
        FinalAll::All(spf::Qualifier::Pass) => {
            outcomes.push(Outcome::new("pass_all"));
            None
        }
        FinalAll::All(spf::Qualifier::Neutral) => {
            outcomes.push(Outcome::new("neutral_all"));
            None
        }
        FinalAll::None => {
            outcomes.push(Outcome::new("no_all"));
            None
        }
        FinalAll::All(q) => Some(format!("{}all", q.as_str())),
        FinalAll::Unfollowed(term) => Some(term),
    };
    if let Some(ending) = ending
        && outcomes.is_empty()
    {
        outcomes.push(
            Outcome::new("ok")
                .with("all", ending)
                .with("lookups", &lookups),
        );
    }
    let mut verdict = Verdict::new(&facts.domain, Outcome::new("ok"));
    verdict.outcomes = outcomes;
    verdict = verdict
        .evidence("record", text)
        .evidence("lookups", summary.lookups);
    if summary.cut_short {
        // `lookups` stays the number it always was; this says it is a lower bound.
        verdict = verdict.evidence("lookups_lower_bound", true);
    }
    vec![
        verdict
            .evidence("void_lookups", summary.voids)
            .evidence("tree", tree),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{ErrorKind, ProbeError, SpfChild};

    fn tree(domain: &str, records: &[&str], children: Vec<SpfChild>) -> SpfLookupTree {
        SpfLookupTree {
            domain: domain.into(),
            records: records.iter().map(|r| r.to_string()).collect(),
            void: false,
            error: None,
            lookups: Vec::new(),
            children,
            stopped: None,
        }
    }

    fn redirect_to(target: SpfLookupTree) -> SpfLookupTree {
        let term = format!("redirect={}", target.domain);
        tree(
            "x.nl",
            &[&format!("v=spf1 {term}")],
            vec![SpfChild { term, tree: target }],
        )
    }

    fn is_unfollowed(all: FinalAll, want: &str) -> bool {
        matches!(all, FinalAll::Unfollowed(term) if term == want)
    }

    /// A redirect target that failed (in DNS, or with no or several records) is its own
    /// error, reported as include_error; it does not also make the record `no_all`.
    #[test]
    fn a_failed_redirect_target_is_not_no_all() {
        let mut failed = tree("_spf.x.nl", &[], Vec::new());
        failed.error = Some(ProbeError::new(
            ErrorKind::DnsFailure,
            "TXT of _spf.x.nl: SERVFAIL",
        ));
        let mut void = tree("_spf.x.nl", &[], Vec::new());
        void.void = true;
        let two = tree("_spf.x.nl", &["v=spf1 -all", "v=spf1 ~all"], Vec::new());
        for target in [failed, void, two] {
            let root = redirect_to(target);
            assert!(is_unfollowed(effective_all(&root), "redirect=_spf.x.nl"));
            assert!(!summarise(&root).target_problems.is_empty());
        }
        // A target with one record and no `all` of its own: none.
        let root = redirect_to(tree("_spf.x.nl", &["v=spf1 a"], Vec::new()));
        assert!(matches!(effective_all(&root), FinalAll::None));
        let root = redirect_to(tree("_spf.x.nl", &["v=spf1 -all"], Vec::new()));
        assert!(matches!(
            effective_all(&root),
            FinalAll::All(spf::Qualifier::Fail)
        ));
    }
}
