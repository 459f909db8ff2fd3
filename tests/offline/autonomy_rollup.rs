//! The digital-autonomy roll-ups (`pastoe::report::autonomy`), asserted figure by figure:
//! five organisations made of the synthetic golden facts that carry real providers' evidence
//! (fixtures/golden/synthetic/autonomy-*, each domain renamed so no two organisations share
//! one) and the test internet's goedstad.nl under the embedded table (nothing attributed);
//! the published site, CSV and JSON with hostile scanned names; and `pastoe diff` across the
//! owner change of the test table's Proefhosting, two sweeps written into a store.

use crate::support;

use pastoe::facts::{AddressOrigin, AliasChain, AsHolder, AsOrigin, DependencyFacts};
use pastoe::facts::{DomainFacts, FactsDocument};
use pastoe::report::autonomy::rollups_of;
use pastoe::report::{OrganisationMeta, ScanDocument};
use pastoe::rules::DEFAULT_TLS_RULES;
use support::golden::{golden_dir, load_facts};
use support::rollup_figures;

/// The facts of a golden file, the domain (and the web host) renamed.
fn renamed(file: &str, name: &str) -> DomainFacts {
    let mut facts = load_facts(&golden_dir().join(file)).domains.remove(0);
    if facts.web.host == facts.domain {
        facts.web.host = name.to_string();
    }
    facts.domain = name.to_string();
    facts
}

/// One organisation's document: these facts judged on the autonomy checks, under `rules`.
fn organisation(
    rules: &pastoe::rules::RuleSet,
    id: &str,
    kind: &str,
    domains: Vec<DomainFacts>,
) -> ScanDocument {
    let judgement = pastoe::Judgement::new(
        rules.clone(),
        DEFAULT_TLS_RULES,
        vec!["autonomy.*".into()],
        None,
    )
    .expect("a judgement");
    let facts = FactsDocument {
        domains,
        ..load_facts(&golden_dir().join("synthetic/autonomy-swiss.facts.json"))
    };
    pastoe::judge(
        &facts,
        &judgement,
        OrganisationMeta {
            id: Some(id.into()),
            name: Some(format!("Organisatie {id}")),
            org_type: Some(kind.into()),
            tags: Vec::new(),
        },
    )
}

/// The five organisations. What each domain's services are attributed to (embedded table):
///
/// - gemeente-a: a-mail.nl mail Microsoft (US, CLOUD Act, high), DNS Cloudflare (US, CLOUD
///   Act); a.nl web and DNS Hetzner (DE, medium), certificate Let's Encrypt (US, no flag).
/// - gemeente-b: b.nl mail Hetzner (DE), DNS Infomaniak (CH), certificate HARICA (GR).
/// - waterschap-c: c.nl web Amazon (US, CLOUD Act), DNS no entry, certificate Microsoft;
///   c-mail.nl mail Google (US, CLOUD Act, low: the SPF include says Microsoft), DNS no entry.
/// - waterschap-d: d.nl web, DNS and certificate all without a provider entry.
/// - rijk-e: e.nl web and mail Proton (CH), DNS no entry.
fn documents() -> Vec<ScanDocument> {
    let rules = pastoe::judge::embedded_rules().unwrap();
    let s =
        |case: &str, name: &str| renamed(&format!("synthetic/autonomy-{case}.facts.json"), name);
    vec![
        organisation(
            &rules,
            "gemeente-a",
            "gemeente",
            vec![s("microsoft-365", "a-mail.nl"), s("eu-hosting", "a.nl")],
        ),
        organisation(&rules, "gemeente-b", "gemeente", vec![s("eu-mail", "b.nl")]),
        organisation(
            &rules,
            "waterschap-c",
            "waterschap",
            vec![s("us-web", "c.nl"), s("mixed-mail", "c-mail.nl")],
        ),
        organisation(
            &rules,
            "waterschap-d",
            "waterschap",
            vec![renamed("rpki/goedstad.nl.facts.json", "d.nl")],
        ),
        organisation(&rules, "rijk-e", "rijk", vec![s("swiss", "e.nl")]),
    ]
}

/// Worked out by hand from the attributions above (see the README's "Roll-ups" for the
/// method): e.g. nationally 4 of 5 organisations depend on a provider outside the EU/EEA
/// (all but waterschap-d, whose providers have no entry: `unknown`), 2 of 5 on one under
/// the CLOUD Act (gemeente-a, waterschap-c); web hosting has three attributed domains at
/// three providers, so its index is 3 × (100/3)² = 3333.
const EXPECTED: &str = "\
* orgs=5 domains=7 outside=4/5 80.0 cloud=2/5 40.0 unknown=1/5 20.0
  web orgs=4 domains=4 outside=2/4 50.0 cloud=1/4 25.0 hhi=3333 over 3
    provider amazon US orgs=1/4 25.0 domains=1/4 25.0 low=0
    provider hetzner DE orgs=1/4 25.0 domains=1/4 25.0 low=0
    provider proton CH orgs=1/4 25.0 domains=1/4 25.0 low=0
    provider - unknown orgs=1/4 25.0 domains=1/4 25.0 low=0
    jurisdiction CH CH orgs=1/4 25.0 domains=1/4 25.0 low=0
    jurisdiction DE DE orgs=1/4 25.0 domains=1/4 25.0 low=0
    jurisdiction US US orgs=1/4 25.0 domains=1/4 25.0 low=0
    jurisdiction unknown unknown orgs=1/4 25.0 domains=1/4 25.0 low=0
  mail orgs=4 domains=4 outside=3/4 75.0 cloud=2/4 50.0 hhi=2500 over 4
    provider google US orgs=1/4 25.0 domains=1/4 25.0 low=1
    provider hetzner DE orgs=1/4 25.0 domains=1/4 25.0 low=0
    provider microsoft US orgs=1/4 25.0 domains=1/4 25.0 low=0
    provider proton CH orgs=1/4 25.0 domains=1/4 25.0 low=0
    jurisdiction US US orgs=2/4 50.0 domains=2/4 50.0 low=1
    jurisdiction CH CH orgs=1/4 25.0 domains=1/4 25.0 low=0
    jurisdiction DE DE orgs=1/4 25.0 domains=1/4 25.0 low=0
  dns orgs=5 domains=7 outside=2/5 40.0 cloud=1/5 20.0 hhi=3333 over 3
    provider cloudflare US orgs=1/5 20.0 domains=1/7 14.3 low=0
    provider hetzner DE orgs=1/5 20.0 domains=1/7 14.3 low=0
    provider infomaniak CH orgs=1/5 20.0 domains=1/7 14.3 low=0
    provider - unknown orgs=3/5 60.0 domains=4/7 57.1 low=0
    jurisdiction CH CH orgs=1/5 20.0 domains=1/7 14.3 low=0
    jurisdiction DE DE orgs=1/5 20.0 domains=1/7 14.3 low=0
    jurisdiction US US orgs=1/5 20.0 domains=1/7 14.3 low=0
    jurisdiction unknown unknown orgs=3/5 60.0 domains=4/7 57.1 low=0
  cert orgs=4 domains=4 outside=2/4 50.0 cloud=1/4 25.0 hhi=3333 over 3
    provider harica GR orgs=1/4 25.0 domains=1/4 25.0 low=0
    provider lets-encrypt US orgs=1/4 25.0 domains=1/4 25.0 low=0
    provider microsoft US orgs=1/4 25.0 domains=1/4 25.0 low=0
    provider - unknown orgs=1/4 25.0 domains=1/4 25.0 low=0
    jurisdiction US US orgs=2/4 50.0 domains=2/4 50.0 low=0
    jurisdiction GR GR orgs=1/4 25.0 domains=1/4 25.0 low=0
    jurisdiction unknown unknown orgs=1/4 25.0 domains=1/4 25.0 low=0
gemeente orgs=2 domains=3 outside=2/2 100.0 cloud=1/2 50.0 unknown=0/2 0.0
  web orgs=1 domains=1 outside=0/1 0.0 cloud=0/1 0.0 hhi=10000 over 1
    provider hetzner DE orgs=1/1 100.0 domains=1/1 100.0 low=0
    jurisdiction DE DE orgs=1/1 100.0 domains=1/1 100.0 low=0
  mail orgs=2 domains=2 outside=1/2 50.0 cloud=1/2 50.0 hhi=5000 over 2
    provider hetzner DE orgs=1/2 50.0 domains=1/2 50.0 low=0
    provider microsoft US orgs=1/2 50.0 domains=1/2 50.0 low=0
    jurisdiction DE DE orgs=1/2 50.0 domains=1/2 50.0 low=0
    jurisdiction US US orgs=1/2 50.0 domains=1/2 50.0 low=0
  dns orgs=2 domains=3 outside=2/2 100.0 cloud=1/2 50.0 hhi=3333 over 3
    provider cloudflare US orgs=1/2 50.0 domains=1/3 33.3 low=0
    provider hetzner DE orgs=1/2 50.0 domains=1/3 33.3 low=0
    provider infomaniak CH orgs=1/2 50.0 domains=1/3 33.3 low=0
    jurisdiction CH CH orgs=1/2 50.0 domains=1/3 33.3 low=0
    jurisdiction DE DE orgs=1/2 50.0 domains=1/3 33.3 low=0
    jurisdiction US US orgs=1/2 50.0 domains=1/3 33.3 low=0
  cert orgs=2 domains=2 outside=1/2 50.0 cloud=0/2 0.0 hhi=5000 over 2
    provider harica GR orgs=1/2 50.0 domains=1/2 50.0 low=0
    provider lets-encrypt US orgs=1/2 50.0 domains=1/2 50.0 low=0
    jurisdiction GR GR orgs=1/2 50.0 domains=1/2 50.0 low=0
    jurisdiction US US orgs=1/2 50.0 domains=1/2 50.0 low=0
rijk orgs=1 domains=1 outside=1/1 100.0 cloud=0/1 0.0 unknown=0/1 0.0
  web orgs=1 domains=1 outside=1/1 100.0 cloud=0/1 0.0 hhi=10000 over 1
    provider proton CH orgs=1/1 100.0 domains=1/1 100.0 low=0
    jurisdiction CH CH orgs=1/1 100.0 domains=1/1 100.0 low=0
  mail orgs=1 domains=1 outside=1/1 100.0 cloud=0/1 0.0 hhi=10000 over 1
    provider proton CH orgs=1/1 100.0 domains=1/1 100.0 low=0
    jurisdiction CH CH orgs=1/1 100.0 domains=1/1 100.0 low=0
  dns orgs=1 domains=1 outside=0/1 0.0 cloud=0/1 0.0 hhi=- over 0
    provider - unknown orgs=1/1 100.0 domains=1/1 100.0 low=0
    jurisdiction unknown unknown orgs=1/1 100.0 domains=1/1 100.0 low=0
waterschap orgs=2 domains=3 outside=1/2 50.0 cloud=1/2 50.0 unknown=1/2 50.0
  web orgs=2 domains=2 outside=1/2 50.0 cloud=1/2 50.0 hhi=10000 over 1
    provider amazon US orgs=1/2 50.0 domains=1/2 50.0 low=0
    provider - unknown orgs=1/2 50.0 domains=1/2 50.0 low=0
    jurisdiction US US orgs=1/2 50.0 domains=1/2 50.0 low=0
    jurisdiction unknown unknown orgs=1/2 50.0 domains=1/2 50.0 low=0
  mail orgs=1 domains=1 outside=1/1 100.0 cloud=1/1 100.0 hhi=10000 over 1
    provider google US orgs=1/1 100.0 domains=1/1 100.0 low=1
    jurisdiction US US orgs=1/1 100.0 domains=1/1 100.0 low=1
  dns orgs=2 domains=3 outside=0/2 0.0 cloud=0/2 0.0 hhi=- over 0
    provider - unknown orgs=2/2 100.0 domains=3/3 100.0 low=0
    jurisdiction unknown unknown orgs=2/2 100.0 domains=3/3 100.0 low=0
  cert orgs=2 domains=2 outside=1/2 50.0 cloud=1/2 50.0 hhi=10000 over 1
    provider microsoft US orgs=1/2 50.0 domains=1/2 50.0 low=0
    provider - unknown orgs=1/2 50.0 domains=1/2 50.0 low=0
    jurisdiction US US orgs=1/2 50.0 domains=1/2 50.0 low=0
    jurisdiction unknown unknown orgs=1/2 50.0 domains=1/2 50.0 low=0
";

#[test]
fn every_roll_up_figure_nationally_and_per_type() {
    let docs = documents();
    let got = rollup_figures(&rollups_of(&docs));
    assert!(
        got == EXPECTED,
        "roll-ups differ; got:\n{got}\nexpected:\n{EXPECTED}"
    );
}

/// Per organisation: each service of each domain with its provider and jurisdiction, as
/// the organisation's document (its JSON) carries them.
#[test]
fn each_organisation_lists_its_services_providers_and_jurisdictions() {
    let docs = documents();
    let rows = |doc: &ScanDocument| -> Vec<String> {
        doc.dependencies
            .iter()
            .map(|a| {
                format!(
                    "{} {} {} {} {}",
                    a.domain,
                    a.service,
                    a.provider.as_deref().unwrap_or("-"),
                    a.jurisdiction,
                    a.confidence.as_deref().unwrap_or("-")
                )
            })
            .collect()
    };
    assert_eq!(
        rows(&docs[0]),
        [
            "a-mail.nl mail microsoft US high",
            "a-mail.nl dns cloudflare US high",
            "a.nl web hetzner DE medium",
            "a.nl dns hetzner DE medium",
            "a.nl cert lets-encrypt US high",
        ]
    );
    assert_eq!(
        rows(&docs[2]),
        [
            "c.nl web amazon US high",
            "c.nl dns - unknown -",
            "c.nl cert microsoft US high",
            "c-mail.nl mail google US low",
            "c-mail.nl dns - unknown -",
        ]
    );
    // The certificate of b.nl is its mail server's: the subject says which.
    let cert = docs[1]
        .dependencies
        .iter()
        .find(|a| a.service == "cert")
        .unwrap();
    assert_eq!(
        (cert.subject.as_str(), cert.parent.as_deref()),
        (
            "mx2.proefnet.nl",
            Some("Greek Universities Network (GUnet)")
        )
    );
    // What no entry matches is kept as seen.
    let json = serde_json::to_value(&docs[3]).unwrap();
    let dns = &json["dependencies"][1];
    assert_eq!(dns["service"], "dns");
    assert!(dns["provider"].is_null());
    assert_eq!(dns["unmatched"][0], "ns1.goedstad.nl");
}

const IMG: &str = r#"<img src=x onerror="window.__pwned=1">"#;
const FORMULA: &str = r#"=HYPERLINK("http://x.example/","y")"#;

/// Names from the DNS and the AS-names file are untrusted: they reach HTML escaped, CSV
/// defused and JSON as strings.
#[test]
fn scanned_names_are_escaped_in_the_site_the_csv_and_the_json() {
    let rules = pastoe::judge::embedded_rules().unwrap();
    let mut facts = renamed("rpki/goedstad.nl.facts.json", "x.nl");
    let deps = facts.dependencies.as_mut().expect("dependency facts");
    deps.web.targets = vec![FORMULA.to_string()];
    for origin in &mut deps.origins {
        for asn in &mut origin.origins {
            asn.holder = Some(AsHolder {
                name: IMG.into(),
                description: None,
                country: "NL".into(),
            });
        }
    }
    let doc = organisation(&rules, "x", "gemeente", vec![facts]);
    let site = support::scratch_dir("autonomy-hostile-site").join("site");
    pastoe::publish(vec![doc], &rules, &site, pastoe::rules::Lang::En, None).unwrap();
    // The national page shows no scanned names (what matches no entry is counted as such).
    for page in ["dependencies.html", "org/x.html", "domain/x-nl.html"] {
        let html = std::fs::read_to_string(site.join(page)).unwrap();
        assert!(!html.contains("<img"), "{page} has a live <img>");
        assert_eq!(
            html.contains("&lt;img src&#x3D;x onerror&#x3D;"),
            page != "dependencies.html",
            "{page}: the name is not shown as text"
        );
    }
    let csv = std::fs::read_to_string(site.join("autonomy.csv")).unwrap();
    let web = csv.lines().find(|l| l.contains(",web,")).unwrap();
    assert!(
        web.contains(r#","'=HYPERLINK(""http://x.example/"",""y"")"#),
        "not defused: {web}"
    );
    let results: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(site.join("results.json")).unwrap()).unwrap();
    assert_eq!(
        results["organisations"][0]["dependencies"][0]["unmatched"][0],
        FORMULA
    );
    assert_eq!(results["dependencies"][0]["group"], "*");
}

/// Proefhosting (AS64500) was Dutch until 2026-06-30 and owned by Proefcloud Inc. (US) from
/// 2026-07-01. Two sweeps are written into a store with the store's own API: both hold the
/// golden facts of goedstad.nl with its web addresses announced from AS64500, judged as a
/// sweep judges them; in the first the facts are re-dated to 2026-06-15 (the test internet
/// can only be observed today, after the change), the second keeps their own date
/// (2026-12-07). A second domain, verhuisd.nl, moved its web host from Proef DNS's network
/// (AS64502) to Proefcloud's (AS64501) between the sweeps.
#[test]
fn the_diff_names_the_owner_change_and_a_move() {
    use pastoe::store::{DomainRecord, NewSweep, Store, SweepSettings, SweepStatus};
    use pastoe::targets::orgs::{Format, OrganisationList};

    let rules_dir = support::rules_with_test_providers("autonomy-diff-rules");
    let rules = pastoe::judge::load_rules(&rules_dir).expect("the test table loads");
    let judgement =
        pastoe::Judgement::new(rules, DEFAULT_TLS_RULES, vec!["autonomy.*".into()], None)
            .expect("a judgement");
    let announced = |facts: &mut DomainFacts, asn: u32, holder: &str, country: &str| {
        let addresses = facts.web.resolution.addresses.clone();
        facts.dependencies = Some(DependencyFacts {
            web: AliasChain {
                name: facts.web.host.clone(),
                targets: Vec::new(),
                error: None,
            },
            autodiscover: AliasChain {
                name: format!("autodiscover.{}", facts.domain),
                targets: Vec::new(),
                error: None,
            },
            dkim: Vec::new(),
            sources: vec![
                "fixtures/rpki/routes.txt".into(),
                "fixtures/autonomy/asn.txt".into(),
            ],
            origins: addresses
                .iter()
                .map(|ip| AddressOrigin {
                    address: *ip,
                    prefix: Some("127.0.2.0/24".into()),
                    origins: vec![AsOrigin {
                        asn,
                        holder: Some(AsHolder {
                            name: holder.into(),
                            description: None,
                            country: country.into(),
                        }),
                    }],
                })
                .collect(),
        });
    };
    let dir = support::scratch_dir("autonomy-diff");
    let db = dir.join("store.sqlite");
    let orgs_csv = "id,name,type,domains,tags\ngemeente-goedstad,Gemeente Goedstad,gemeente,goedstad.nl;verhuisd.nl,\n";
    let orgs = OrganisationList::parse("orgs.csv", Format::Csv, orgs_csv.as_bytes()).list;
    let settings = SweepSettings {
        rule_set: "forum-standaardisatie".into(),
        rule_set_version: "test".into(),
        tls_rules: DEFAULT_TLS_RULES.into(),
        adr_rules: pastoe::rules::DEFAULT_ADR_RULES.into(),
        only: vec!["autonomy.*".into()],
        probes: Vec::new(),
    };
    let mut store = Store::open(&db).unwrap();
    let mut sweep_on = |day: time::Date, moved_from: (u32, &str, &str)| {
        let at = day.with_hms(10, 0, 0).unwrap().assume_utc();
        let stamp = at
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap();
        let mut goedstad = load_facts(&golden_dir().join("web/goedstad.nl.facts.json"))
            .domains
            .remove(0);
        announced(&mut goedstad, 64500, "PROEF-HOSTING-AS", "NL");
        let mut moved = renamed("web/goedstad.nl.facts.json", "verhuisd.nl");
        announced(&mut moved, moved_from.0, moved_from.1, moved_from.2);
        let id = store
            .begin_sweep(&NewSweep {
                started_at: stamp.clone(),
                orgs_file: "orgs.csv".into(),
                orgs_digest: "test".into(),
                shard: None,
                settings: &settings,
                problems: &[],
                organisations: &orgs.organisations,
                explanations: &[],
                planned: 2,
            })
            .unwrap();
        for mut facts in [goedstad, moved] {
            facts.observed_at = at;
            let one = FactsDocument {
                domains: vec![facts.clone()],
                started_at: stamp.clone(),
                finished_at: stamp.clone(),
                ..load_facts(&golden_dir().join("web/goedstad.nl.facts.json"))
            };
            let doc = pastoe::judge(&one, &judgement, OrganisationMeta::default());
            let record = DomainRecord::new(
                &facts,
                &doc.findings,
                "listed",
                Vec::new(),
                stamp.clone(),
                0,
            );
            store.write_domain(id, &record).unwrap();
        }
        store
            .set_status(id, SweepStatus::Complete, Some(&stamp), 2)
            .unwrap();
        id
    };
    let before = sweep_on(
        time::macros::date!(2026 - 06 - 15),
        (64502, "PROEF-DNS-AS", "DE"),
    );
    let after = sweep_on(
        time::macros::date!(2026 - 12 - 07),
        (64501, "PROEF-CLOUD-AS", "US"),
    );
    drop(store);
    let run = support::pastoe(&[
        "diff",
        "--db",
        db.to_str().unwrap(),
        &before.to_string(),
        &after.to_string(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for line in [
        "    goedstad.nl web: Proefhosting now under jurisdiction US (parent Proefcloud Inc.; was NL)\n",
        "    verhuisd.nl web: moved from Proef DNS (DE) to Proefcloud (US)\n",
    ] {
        assert!(run.stdout.contains(line), "no {line:?} in:\n{}", run.stdout);
    }
    let json = support::pastoe(&[
        "diff",
        "--db",
        db.to_str().unwrap(),
        &before.to_string(),
        &after.to_string(),
        "--json",
    ]);
    let diffs: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let changes = &diffs[0]["dependencies"];
    assert_eq!(changes.as_array().unwrap().len(), 2, "{changes}");
    assert_eq!(changes[0]["kind"], "jurisdiction");
    assert_eq!(changes[0]["before"]["jurisdiction"], "NL");
    assert_eq!(changes[0]["after"]["parent"], "Proefcloud Inc.");
    assert_eq!(changes[1]["kind"], "moved");
    // The CSV export of each sweep says the same per domain.
    let csv = |sweep: i64| {
        let run = support::pastoe(&[
            "export",
            "--db",
            db.to_str().unwrap(),
            "--sweep",
            &sweep.to_string(),
            "--format",
            "autonomy-csv",
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        run.stdout
            .lines()
            .filter(|l| l.contains(",web,"))
            .map(|l| {
                let cells: Vec<&str> = l.split(',').collect();
                format!("{} {} {}", cells[3], cells[6], cells[10])
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        csv(before),
        ["goedstad.nl proefhosting NL", "verhuisd.nl proefdns DE"]
    );
    assert_eq!(
        csv(after),
        ["goedstad.nl proefhosting US", "verhuisd.nl proefcloud US"]
    );
    std::fs::remove_dir_all(&rules_dir).unwrap();
}
