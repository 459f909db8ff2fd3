//! The network side of discovery: does a host resolve, and which hosts under the same
//! registrable domain does a home page link to (`sweep --crawl`).

use url::Url;

use super::Prober;
use crate::discover::{CrawlLimits, DiscoveredHost, HostRole, same_site};
use crate::facts::ProbePlan;
use crate::probe::net::http::FetchRequest;
use crate::wire::html::links;

/// Redirects a crawled page may take (`http://` to `https://`, `/` to `/home`).
const CRAWL_REDIRECTS: usize = 3;

impl Prober {
    /// This prober with fewer probe areas; it shares the scan's caches and limits.
    pub fn with_plan(&self, plan: ProbePlan) -> Prober {
        Prober {
            plan,
            ..self.clone()
        }
    }

    /// Whether a host has an A or AAAA record.
    pub async fn resolves(&self, host: &str) -> bool {
        !self.dns.addresses(host).await.addresses.is_empty()
    }

    /// The home page of `domain` and the same-host pages it links to (depth 1), within the
    /// limits; every host they link to under the same registrable domain, once, in the
    /// order found. Pages that fail are skipped: discovery only ever adds.
    pub async fn crawl(&self, domain: &str, limits: CrawlLimits) -> Vec<DiscoveredHost> {
        let mut queue: Vec<Url> = [format!("https://{domain}/"), format!("http://{domain}/")]
            .iter()
            .filter_map(|u| Url::parse(u).ok())
            .collect();
        let mut fetched = 0;
        let mut home_done = false;
        let mut found: Vec<DiscoveredHost> = Vec::new();
        while let Some(page) = (!queue.is_empty()).then(|| queue.remove(0)) {
            if fetched >= limits.pages {
                break;
            }
            let is_home = page.path() == "/" && !home_done;
            if page.path() == "/" && home_done {
                continue;
            }
            fetched += 1;
            let fetch = self
                .http
                .fetch(FetchRequest {
                    url: page.as_str(),
                    max_redirects: CRAWL_REDIRECTS,
                    body_limit: Some(limits.page_bytes),
                    accept_encoding: None,
                })
                .await;
            let (Some(body), Some(last)) = (&fetch.body, fetch.final_response()) else {
                continue;
            };
            if last.status != 200 {
                continue;
            }
            home_done |= is_home;
            let base = Url::parse(&last.url).unwrap_or(page.clone());
            tracing::debug!("crawl {domain}: {base}");
            for link in links(&base, &body.text).into_iter().map(|l| l.url) {
                let Some(host) = link.host_str().map(str::to_ascii_lowercase) else {
                    continue;
                };
                if host == domain {
                    // Depth 1: pages the home page links to, not their links' pages.
                    if is_home && !queue.contains(&link) && link.path() != "/" {
                        queue.push(link);
                    }
                } else if same_site(&host, domain)
                    && found.len() < limits.hosts
                    && !found.iter().any(|f| f.host == host)
                {
                    found.push(DiscoveredHost {
                        host,
                        role: HostRole::Link,
                        from: domain.to_string(),
                        found_at: base.to_string(),
                        scanned: false,
                    });
                }
            }
        }
        found
    }
}
