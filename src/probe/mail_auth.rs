//! SPF, DMARC and DKIM: the DNS records of mail authentication and what they point to.

use std::future::Future;
use std::pin::Pin;

use hickory_resolver::proto::rr::{RData, RecordType};

use super::Prober;
use crate::facts::{
    DkimFacts, DkimSelector, DmarcAuthorisation, DmarcFacts, ErrorKind, MailAuthFacts, MtaStsFacts,
    ProbeError, SPF_LOOKUPS_SEEN_WHEN_CUT_SHORT, SpfChild, SpfLookupTree, SpfStop, SpfTermLookup,
    TlsRptFacts,
};
use crate::probe::net::dns::LookupFailure;
use crate::probe::net::http::FetchRequest;
use crate::wire::text::{dmarc, mta_sts, spf, tls_rpt};

/// How deep `include`/`redirect` chains are followed. RFC 7208 stops evaluation after ten
/// lookups; the tree goes further so a report can show the whole picture, but not forever.
const MAX_DEPTH: usize = 12;
/// Lookups one SPF tree may cost, whatever the records say: each TXT lookup of a name and
/// each `a`/`mx`/`exists` term's lookup counts one (the DNS queries are more: an `a` term
/// asks A and AAAA, an `mx` term the addresses of every exchange).
const MAX_LOOKUPS_FOLLOWED: usize = 60;
// The guarantee `SPF_LOOKUPS_SEEN_WHEN_CUT_SHORT` states: every node below depth d hangs
// from d `include` or `redirect` terms, and every lookup but the root's TXT is made for a
// lookup term, so a tree cut short holds at least min(MAX_DEPTH, MAX_LOOKUPS_FOLLOWED - 1)
// of them in the records read.
const _: () = assert!(
    MAX_DEPTH as u64 >= SPF_LOOKUPS_SEEN_WHEN_CUT_SHORT
        && (MAX_LOOKUPS_FOLLOWED - 1) as u64 >= SPF_LOOKUPS_SEEN_WHEN_CUT_SHORT
);

/// The TXT strings at a name (each record's character-strings joined, RFC 7208 §3.3), or
/// `Ok(None)` when the lookup was void (NXDOMAIN or no TXT).
type TxtAnswer = Result<Option<Vec<String>>, ProbeError>;

fn dns_error(name: &str, what: &str, failure: LookupFailure) -> ProbeError {
    let detail = match failure {
        LookupFailure::Bogus => format!("{what} of {name} is DNSSEC-bogus"),
        LookupFailure::ServFail => format!("{what} of {name}: SERVFAIL"),
        LookupFailure::Failed(e) => format!("{what} of {name}: {e}"),
        LookupFailure::NxDomain(_) | LookupFailure::NoData(_) => {
            format!("{what} of {name}: no records")
        }
    };
    ProbeError::new(ErrorKind::DnsFailure, detail)
}

/// State shared by one SPF tree walk: the lookups made, against `MAX_LOOKUPS_FOLLOWED`.
struct Walk {
    lookups: usize,
}

impl Prober {
    pub(super) async fn mail_auth(&self, domain: &str, selectors: &[String]) -> MailAuthFacts {
        let spf = async {
            let mut walk = Walk { lookups: 0 };
            self.spf_tree(domain.to_string(), Vec::new(), &mut walk)
                .await
        };
        let (spf, dmarc, dkim, mta_sts, tls_rpt) = tokio::join!(
            spf,
            self.dmarc(domain),
            self.dkim(domain, selectors),
            self.mta_sts(domain),
            self.tls_rpt(domain)
        );
        MailAuthFacts {
            spf,
            dmarc,
            dkim,
            mta_sts: Some(mta_sts),
            tls_rpt: Some(tls_rpt),
        }
    }

    async fn txt(&self, name: &str) -> TxtAnswer {
        match self.dns.lookup(name, RecordType::TXT).await {
            Ok(answer) => Ok(Some(
                answer
                    .records
                    .iter()
                    .filter_map(|r| match &r.data {
                        RData::TXT(txt) => Some(
                            txt.txt_data
                                .iter()
                                .map(|s| String::from_utf8_lossy(s))
                                .collect::<String>(),
                        ),
                        _ => None,
                    })
                    .collect(),
            )),
            Err(LookupFailure::NxDomain(_) | LookupFailure::NoData(_)) => Ok(None),
            Err(failure) => Err(dns_error(name, "TXT", failure)),
        }
    }

    /// The SPF tree of `domain`; `path` holds the names above it, for loop detection.
    fn spf_tree<'a>(
        &'a self,
        domain: String,
        path: Vec<String>,
        walk: &'a mut Walk,
    ) -> Pin<Box<dyn Future<Output = SpfLookupTree> + Send + 'a>> {
        Box::pin(async move {
            let mut tree = SpfLookupTree {
                domain: domain.clone(),
                records: Vec::new(),
                void: false,
                error: None,
                lookups: Vec::new(),
                children: Vec::new(),
                stopped: None,
            };
            let key = domain.trim_end_matches('.').to_ascii_lowercase();
            if path.contains(&key) {
                tree.stopped = Some(SpfStop::Loop);
                return tree;
            }
            if path.len() >= MAX_DEPTH {
                tree.stopped = Some(SpfStop::Depth);
                return tree;
            }
            if walk.lookups >= MAX_LOOKUPS_FOLLOWED {
                tree.stopped = Some(SpfStop::Budget);
                return tree;
            }
            walk.lookups += 1;
            match self.txt(&domain).await {
                Ok(Some(texts)) => {
                    tree.records = texts.into_iter().filter(|t| spf::is_spf(t)).collect()
                }
                Ok(None) => tree.void = true,
                Err(e) => tree.error = Some(e),
            }
            // Several records are a permerror: nothing is followed (§4.5).
            let [text] = tree.records.as_slice() else {
                return tree;
            };
            let record = spf::parse(text);
            let mut below = path;
            below.push(key);
            for directive in record.directives() {
                let term = format!(
                    "{}{}",
                    directive.qualifier.as_str(),
                    mechanism_text(&directive.mechanism)
                );
                let own = || spf::DomainSpec(domain.clone());
                let (target, is_mx) = match &directive.mechanism {
                    spf::Mechanism::Include { domain: target } => {
                        let child = self.spf_child(term, target, &below, walk).await;
                        tree.children.push(child);
                        continue;
                    }
                    spf::Mechanism::A { domain: t, .. } => (t.clone().unwrap_or_else(own), false),
                    spf::Mechanism::Mx { domain: t, .. } => (t.clone().unwrap_or_else(own), true),
                    spf::Mechanism::Exists { domain: t } => (t.clone(), false),
                    _ => continue,
                };
                let lookup = match target.name() {
                    None => term_lookup(term, &target.0, Some(SpfStop::Macro)),
                    Some(_) if walk.lookups >= MAX_LOOKUPS_FOLLOWED => {
                        term_lookup(term, &target.0, Some(SpfStop::Budget))
                    }
                    Some(name) => {
                        walk.lookups += 1;
                        self.spf_term_lookup(term, &name, is_mx).await
                    }
                };
                tree.lookups.push(lookup);
            }
            if let Some(target) = record.effective_redirect() {
                let term = format!("redirect={}", target.0);
                let child = self.spf_child(term, target, &below, walk).await;
                tree.children.push(child);
            }
            tree
        })
    }

    async fn spf_child(
        &self,
        term: String,
        target: &spf::DomainSpec,
        path: &[String],
        walk: &mut Walk,
    ) -> SpfChild {
        let tree = match target.name() {
            Some(name) => self.spf_tree(name, path.to_vec(), walk).await,
            None => SpfLookupTree {
                domain: target.0.clone(),
                records: Vec::new(),
                void: false,
                error: None,
                lookups: Vec::new(),
                children: Vec::new(),
                stopped: Some(SpfStop::Macro),
            },
        };
        SpfChild { term, tree }
    }

    /// The lookup an `a`, `mx` or `exists` term makes. Without a sender address the
    /// address family is unknown, so `a` asks both; the lookup is void when both are.
    async fn spf_term_lookup(&self, term: String, target: &str, mx: bool) -> SpfTermLookup {
        let mut lookup = term_lookup(term, target, None);
        if mx {
            match self.dns.lookup(target, RecordType::MX).await {
                Ok(answer) => {
                    lookup.answers = answer
                        .records
                        .iter()
                        .filter_map(|r| match &r.data {
                            RData::MX(mx) => Some(mx.exchange.to_string()),
                            _ => None,
                        })
                        .collect()
                }
                Err(LookupFailure::NxDomain(_) | LookupFailure::NoData(_)) => lookup.void = true,
                Err(failure) => lookup.error = Some(dns_error(target, "MX", failure)),
            }
            return lookup;
        }
        let resolution = self.dns.addresses(target).await;
        lookup.answers = resolution.addresses.iter().map(|a| a.to_string()).collect();
        match resolution.error {
            Some(e) if matches!(e.kind, ErrorKind::NxDomain | ErrorKind::NoAddress) => {
                lookup.void = true
            }
            Some(e) => lookup.error = Some(e),
            None => lookup.void = lookup.answers.is_empty(),
        }
        lookup
    }

    async fn dmarc(&self, domain: &str) -> DmarcFacts {
        let domain = domain.trim_end_matches('.').to_ascii_lowercase();
        let organisational = organisational_domain(&domain);
        let mut facts = DmarcFacts {
            organisational_domain: organisational.clone(),
            queried: Vec::new(),
            found_at: None,
            records: Vec::new(),
            error: None,
            external: Vec::new(),
        };
        let mut candidates = vec![domain.clone()];
        if organisational != domain {
            candidates.push(organisational.clone());
        }
        for candidate in candidates {
            let name = format!("_dmarc.{candidate}");
            facts.queried.push(name.clone());
            match self.txt(&name).await {
                Ok(Some(texts)) => {
                    let records: Vec<String> =
                        texts.into_iter().filter(|t| dmarc::is_dmarc(t)).collect();
                    if !records.is_empty() {
                        facts.found_at = Some(candidate);
                        facts.records = records;
                        break;
                    }
                }
                // NXDOMAIN and no answer both continue to the organisational domain.
                Ok(None) => {}
                Err(e) => {
                    facts.error = Some(e);
                    return facts;
                }
            }
        }
        if let [text] = facts.records.as_slice() {
            let record = dmarc::parse(text);
            let mut destinations: Vec<String> = record
                .rua
                .iter()
                .chain(&record.ruf)
                .filter_map(|u| u.mail_domain.clone())
                .filter(|d| organisational_domain(d) != organisational)
                .collect();
            destinations.sort();
            destinations.dedup();
            for destination in destinations {
                let name = format!("{domain}._report._dmarc.{destination}");
                let (authorised, error) = match self.txt(&name).await {
                    Ok(Some(texts)) => (texts.iter().any(|t| dmarc::is_dmarc(t)), None),
                    Ok(None) => (false, None),
                    Err(e) => (false, Some(e)),
                };
                facts.external.push(DmarcAuthorisation {
                    destination,
                    name,
                    authorised,
                    error,
                });
            }
        }
        facts
    }

    /// The TXT records at `name` that `keep` recognises, or the lookup error.
    async fn records_at(
        &self,
        name: &str,
        keep: fn(&str) -> bool,
    ) -> (Vec<String>, Option<ProbeError>) {
        match self.txt(name).await {
            Ok(Some(texts)) => (texts.into_iter().filter(|t| keep(t)).collect(), None),
            Ok(None) => (Vec::new(), None),
            Err(e) => (Vec::new(), Some(e)),
        }
    }

    async fn mta_sts(&self, domain: &str) -> MtaStsFacts {
        let name = format!("_mta-sts.{domain}");
        let (records, error) = self.records_at(&name, mta_sts::is_mta_sts).await;
        let policy = if records.is_empty() {
            None
        } else {
            let url = format!("https://mta-sts.{domain}/.well-known/mta-sts.txt");
            let request = FetchRequest {
                url: &url,
                // RFC 8461 §3.3: redirects must not be followed.
                max_redirects: 0,
                body_limit: Some(mta_sts::MAX_POLICY_BYTES + 1),
                accept_encoding: None,
            };
            Some(self.http.fetch(request).await)
        };
        MtaStsFacts {
            name,
            records,
            error,
            policy,
        }
    }

    async fn tls_rpt(&self, domain: &str) -> TlsRptFacts {
        let name = format!("_smtp._tls.{domain}");
        let (records, error) = self.records_at(&name, tls_rpt::is_tls_rpt).await;
        TlsRptFacts {
            name,
            records,
            error,
        }
    }

    async fn dkim(&self, domain: &str, selectors: &[String]) -> DkimFacts {
        let domainkey = format!("_domainkey.{domain}");
        // NOERROR without records (an empty non-terminal) means keys exist below it (RFC
        // 8020); NXDOMAIN means none do.
        let (exists, error) = match self.dns.lookup(&domainkey, RecordType::TXT).await {
            Ok(_) | Err(LookupFailure::NoData(_)) => (Some(true), None),
            Err(LookupFailure::NxDomain(_)) => (Some(false), None),
            Err(failure) => (None, Some(dns_error(&domainkey, "TXT", failure))),
        };
        let mut facts = DkimFacts {
            domainkey,
            domainkey_exists: exists,
            error,
            selectors: Vec::new(),
        };
        for selector in selectors {
            let name = format!("{selector}._domainkey.{domain}");
            let (records, error) = self.records_at(&name, |_| true).await;
            facts.selectors.push(DkimSelector {
                selector: selector.clone(),
                name,
                records,
                error,
            });
        }
        facts
    }
}

/// The registrable domain by the Public Suffix List; the name itself when the list has
/// no answer (a bare suffix).
pub fn organisational_domain(name: &str) -> String {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    psl::domain_str(&name).unwrap_or(&name).to_string()
}

/// An `a`, `mx` or `exists` lookup before its answers, or one not made.
fn term_lookup(term: String, target: &str, stopped: Option<SpfStop>) -> SpfTermLookup {
    SpfTermLookup {
        term,
        target: target.to_string(),
        answers: Vec::new(),
        void: false,
        error: None,
        stopped,
    }
}

/// A mechanism as written in the tree's evidence.
fn mechanism_text(m: &spf::Mechanism) -> String {
    use spf::Mechanism::*;
    let with = |name: &str, d: &Option<spf::DomainSpec>| match d {
        Some(d) => format!("{name}:{}", d.0),
        None => name.to_string(),
    };
    match m {
        All => "all".into(),
        Include { domain } => format!("include:{}", domain.0),
        Exists { domain } => format!("exists:{}", domain.0),
        A { domain, .. } => with("a", domain),
        Mx { domain, .. } => with("mx", domain),
        Ptr { domain } => with("ptr", domain),
        Ip4 { network, .. } => format!("ip4:{network}"),
        Ip6 { network, .. } => format!("ip6:{network}"),
    }
}
