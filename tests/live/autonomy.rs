//! Digital autonomy on the test internet: fixture hosts scanned with the fixture routes
//! (fixtures/rpki/routes.txt), a test AS-names file (fixtures/autonomy/asn.txt) and a table
//! of look-alike providers (fixtures/autonomy/providers.toml, put in a copy of the rule
//! folder as `--rules` takes it). The CNAME chain pastoe records is held against dig's.
//! Needs `fixtures/net/up` and `fixtures/mail/up`.

use std::process::Command;

use crate::support;

use pastoe::facts::FactsDocument;
use pastoe::rules::Status::{self, *};
use support::{finding, net, repo, scan, scratch_dir};

/// (domain, check, status, outcome, provider, jurisdiction, confidence)
const EXPECTED: &[(&str, &str, Status, &str, &str, &str, &str)] = &[
    // 127.0.2.0/24 and fd42:beef::/48 are AS64500, Proefhosting, owned since 2026-07-01 by
    // a US company: only the network points at it.
    (
        "goedstad.nl",
        "autonomy.web.hosting",
        Info,
        "cloud_act",
        "proefhosting",
        "US",
        "medium",
    ),
    // ns1/ns2.goedstad.nl on 127.53.1.0/24 (AS64502, Proef DNS) and on fd42:beef::/48
    // (AS64500, Proefhosting): the names and one network agree, the other disagrees.
    (
        "goedstad.nl",
        "autonomy.dns.provider",
        Pass,
        "eu_eea",
        "proefdns",
        "DE",
        "low",
    ),
    (
        "goedstad.nl",
        "autonomy.cert.issuer",
        Pass,
        "eu_eea",
        "proefca",
        "NL",
        "high",
    ),
    // alias.proefnet.nl CNAME www.oudeland.nl: the alias and the network agree.
    (
        "alias.proefnet.nl",
        "autonomy.web.hosting",
        Info,
        "cloud_act",
        "proefhosting",
        "US",
        "high",
    ),
    // MX mx.mailproef.nl and include:_spf.mailproef.nl: Proefmail (CH).
    (
        "spf-good.mailproef.nl",
        "autonomy.mail.provider",
        Info,
        "outside_eu_eea",
        "proefmail",
        "CH",
        "high",
    ),
    (
        "spf-good.mailproef.nl",
        "autonomy.dns.provider",
        Pass,
        "eu_eea",
        "proefdns",
        "DE",
        "high",
    ),
    // Only the MX name: its address 127.0.25.4 is announced by nobody.
    (
        "mx-plain.mailproef.nl",
        "autonomy.mail.provider",
        Info,
        "outside_eu_eea",
        "proefmail",
        "CH",
        "medium",
    ),
    // 127.0.5.0/24 is AS64501, Proefcloud.
    (
        "v4only.proefnet.nl",
        "autonomy.web.hosting",
        Info,
        "cloud_act",
        "proefcloud",
        "US",
        "medium",
    ),
];

#[test]
fn fixture_hosts_are_attributed_from_their_names_and_networks() {
    let rules = support::rules_with_test_providers("autonomy-live-rules");
    let rules_arg = rules.display().to_string();
    let facts_out = scratch_dir("autonomy-live-facts").join("facts.json");
    let facts_arg = facts_out.display().to_string();
    let rpki = repo().join("fixtures/rpki");
    let (vrps, routes) = (
        rpki.join("vrps.json").display().to_string(),
        rpki.join("routes.txt").display().to_string(),
    );
    let as_names = repo()
        .join("fixtures/autonomy/asn.txt")
        .display()
        .to_string();
    let domains = [
        "goedstad.nl",
        "alias.proefnet.nl",
        "spf-good.mailproef.nl",
        "mx-plain.mailproef.nl",
        "silent.proefnet.nl",
        "v4only.proefnet.nl",
    ];
    let run = scan(
        &domains,
        &[
            "--only",
            "autonomy.*",
            "--rules",
            &rules_arg,
            "--vrps",
            &vrps,
            "--routes",
            &routes,
            "--as-names",
            &as_names,
            "--facts-out",
            &facts_arg,
        ],
    );
    let doc = run.doc();
    let mut wrong = Vec::new();
    for (domain, check, status, outcome, provider, jurisdiction, confidence) in EXPECTED {
        let f = finding(&doc, domain, check);
        let got = support::look_alikes::attribution(f);
        if got != (*status, *outcome, *provider, *jurisdiction, *confidence) {
            wrong.push(format!("{domain} {check}: {got:?} — {}", f.message.en));
        }
    }
    assert!(
        wrong.is_empty(),
        "wrong attributions:\n{}",
        wrong.join("\n")
    );

    // The AS holder from the AS-names file, shown as it is when no entry names it.
    let silent = finding(&doc, "silent.proefnet.nl", "autonomy.web.hosting");
    assert_eq!(
        (silent.status, silent.outcome.as_str()),
        (Info, "unattributed")
    );
    assert!(
        silent.message.en.contains("AS64503 EXAMPLE-AS, NL"),
        "{}",
        silent.message.en
    );
    let dns = finding(&doc, "goedstad.nl", "autonomy.dns.provider");
    assert_eq!(dns.evidence["also"][0]["provider"], "proefhosting");
    let unannounced = finding(&doc, "mx-plain.mailproef.nl", "autonomy.mail.provider");
    assert!(
        unannounced
            .message
            .en
            .contains("127.0.25.4 (not announced)"),
        "{}",
        unannounced.message.en
    );
    // Reported, never counted: every domain still meets every required check it has.
    assert!(doc.domains.iter().all(|d| d.compliant), "{:?}", doc.domains);

    // The facts: the CNAME chain dig sees, and the origin with its holder.
    let facts: FactsDocument =
        serde_json::from_str(&std::fs::read_to_string(&facts_out).unwrap()).unwrap();
    let alias = facts
        .domains
        .iter()
        .find(|d| d.domain == "alias.proefnet.nl")
        .unwrap();
    let dependencies = alias.dependencies.as_ref().expect("dependency facts");
    let resolver = net().resolver;
    let (ip, port) = resolver.rsplit_once(':').unwrap();
    let dig = Command::new("dig")
        .args([
            &format!("@{ip}"),
            "-p",
            port,
            "+short",
            "alias.proefnet.nl",
            "CNAME",
        ])
        .output()
        .expect("run dig");
    let dig_target = String::from_utf8_lossy(&dig.stdout)
        .trim()
        .trim_end_matches('.')
        .to_string();
    assert_eq!(dependencies.web.targets, [dig_target]);
    let origin = dependencies
        .origins
        .iter()
        .find(|o| o.address.to_string() == "127.0.2.3")
        .expect("the web address's origin");
    assert_eq!(origin.prefix.as_deref(), Some("127.0.2.0/24"));
    assert_eq!(origin.origins[0].asn, 64500);
    assert_eq!(
        origin.origins[0].holder.as_ref().map(|h| h.name.as_str()),
        Some("PROEF-HOSTING-AS")
    );
    assert_eq!(
        dependencies.sources,
        [routes.as_str(), as_names.as_str()],
        "the inputs are named"
    );
    std::fs::remove_dir_all(&rules).unwrap();
}

/// The customers of the look-alike providers, scanned as scripts/areas.bash's `autonomy` area
/// scans them: every attribution of support::look_alikes, the conflicting and unmatched
/// signals shown as they are, and the zone (so the name servers) of a name that is a CNAME.
#[test]
fn look_alike_providers_are_attributed() {
    let rules = support::rules_with_test_providers("autonomy-look-alikes");
    let facts_out = scratch_dir("autonomy-look-alike-facts").join("facts.json");
    let args = with_networks(&[
        "--only",
        "autonomy.*",
        "--rules",
        rules.to_str().unwrap(),
        "--dkim-selector",
        "selector1",
        "--facts-out",
        facts_out.to_str().unwrap(),
    ]);
    let run = scan(support::look_alikes::DOMAINS, &strs(&args));
    let doc = run.doc();
    let wrong = support::look_alikes::wrong_attributions(&doc);
    assert!(
        wrong.is_empty(),
        "wrong attributions:\n{}",
        wrong.join("\n")
    );

    let kinds = |domain: &str, check: &str| -> Vec<String> {
        let f = finding(&doc, domain, check);
        let mut kinds: Vec<String> = f.evidence["signals"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["provider"].as_str() == f.evidence["provider"].as_str())
            .map(|s| s["kind"].as_str().unwrap().to_string())
            .collect();
        kinds.sort();
        kinds.dedup();
        kinds
    };
    assert_eq!(
        kinds("wolkstad.nl", "autonomy.mail.provider"),
        ["as", "autodiscover", "dkim", "mx", "spf"]
    );
    let conflict = finding(&doc, "tweestrijd.nl", "autonomy.mail.provider");
    assert_eq!(conflict.evidence["also"][0]["provider"], "proefcloud");
    let unmatched = finding(&doc, "tweestrijd.nl", "autonomy.web.hosting");
    assert!(
        unmatched.message.en.contains("AS64503 EXAMPLE-AS, NL"),
        "{}",
        unmatched.message.en
    );

    let facts: FactsDocument =
        serde_json::from_str(&std::fs::read_to_string(&facts_out).unwrap()).unwrap();
    let www = facts
        .domains
        .iter()
        .find(|d| d.domain == "www.wolkstad.nl")
        .unwrap();
    let ns = www.dns.name_servers.as_ref().expect("name server facts");
    let names: Vec<&str> = ns.servers.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        (ns.zone.as_deref(), names),
        (Some("wolkstad.nl"), vec!["ns1.proefdns.nl"])
    );
    std::fs::remove_dir_all(&rules).unwrap();
}

/// A sweep judged with the real providers table attributes none of the look-alikes;
/// `pastoe judge --db` judges its stored facts again under the look-alike table, without
/// scanning, into a new sweep of the store that history, export and diff see.
#[test]
fn a_stored_sweep_is_judged_again_under_another_providers_table() {
    let dir = scratch_dir("autonomy-again");
    let (orgs, db) = (dir.join("orgs.csv"), dir.join("store.sqlite"));
    std::fs::write(
        &orgs,
        "id,name,type,domains,tags\n\
         gemeente-wolkstad,Gemeente Wolkstad,gemeente,wolkstad.nl;www.wolkstad.nl,\n\
         gemeente-oudhaven,Gemeente Oudhaven,gemeente,oudhaven.nl;www.oudhaven.nl,\n\
         waterschap-tweestrijd,Waterschap Tweestrijd,waterschap,tweestrijd.nl,\n",
    )
    .unwrap();
    let args = with_networks(&["--only", "autonomy.*", "--dkim-selector", "selector1"]);
    let swept = support::sweep(&orgs, &db, &strs(&args));
    assert!(swept.code <= 1, "{}", swept.stderr);
    let all = |docs: Vec<pastoe::report::ScanDocument>| {
        let mut all = docs[0].clone();
        for d in &docs[1..] {
            all.findings.extend(d.findings.iter().cloned());
        }
        all
    };
    let before = all(support::export_documents(&db));
    let web = finding(&before, "www.wolkstad.nl", "autonomy.web.hosting");
    assert_eq!(web.outcome, "unattributed", "{}", web.message.en);

    let rules = support::rules_with_test_providers("autonomy-again-rules");
    let db_arg = db.display().to_string();
    let run = support::pastoe(&[
        "judge",
        "--db",
        &db_arg,
        "--rules",
        rules.to_str().unwrap(),
        "--only",
        "autonomy.*",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("sweep 1 judged again as sweep 2: 5 domains"),
        "{}",
        run.stdout
    );
    let after = all(support::export_documents(&db));
    let wrong = support::look_alikes::wrong_attributions(&after);
    assert!(
        wrong.is_empty(),
        "wrong attributions:\n{}",
        wrong.join("\n")
    );

    let history = support::pastoe(&["history", "--db", &db_arg]);
    assert!(
        history.stdout.contains("judged again: sweep 1"),
        "{}",
        history.stdout
    );
    let diff = support::pastoe(&["diff", "--db", &db_arg, "1", "2"]);
    assert_eq!(diff.code, 0, "{}", diff.stderr);
    assert!(
        diff.stdout
            .contains("www.wolkstad.nl web: moved from no provider entry to Proefcloud (US)"),
        "{}",
        diff.stdout
    );
    // A report flag has no meaning when judging into the store.
    let refused = support::pastoe(&["judge", "--db", &db_arg, "--format", "json"]);
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    std::fs::remove_dir_all(&rules).unwrap();
}

/// Every figure of the roll-ups of a sweep of the test internet, worked out by hand from the
/// attributions asserted above: three organisations of three types, seven domains (with
/// www.goedstad.nl, which the sweep discovers). Gemeente Goedstad's web hosting is
/// Proefhosting (US since 2026-07-01, CLOUD Act) for three domains, Rijk Net's Proefcloud
/// (US) for one and AS64503 (no entry) for another: web hosting is 3/4 and 1/4 of the
/// attributed domains, HHI 75² + 25² = 6250. The mail of Waterschap Mail is Proefmail (CH):
/// outside the EU/EEA without the CLOUD Act; every name server is Proef DNS (DE), goedstad.nl's
/// with low confidence (its IPv6 network is Proefhosting's).
const SWEEP_FIGURES: &str = "\
* orgs=3 domains=7 outside=3/3 100.0 cloud=2/3 66.7 unknown=0/3 0.0
  web orgs=2 domains=5 outside=2/2 100.0 cloud=2/2 100.0 hhi=6250 over 4
    provider proefhosting US orgs=1/2 50.0 domains=3/5 60.0 low=0
    provider proefcloud US orgs=1/2 50.0 domains=1/5 20.0 low=0
    provider - unknown orgs=1/2 50.0 domains=1/5 20.0 low=0
    jurisdiction US US orgs=2/2 100.0 domains=4/5 80.0 low=0
    jurisdiction unknown unknown orgs=1/2 50.0 domains=1/5 20.0 low=0
  mail orgs=1 domains=2 outside=1/1 100.0 cloud=0/1 0.0 hhi=10000 over 2
    provider proefmail CH orgs=1/1 100.0 domains=2/2 100.0 low=0
    jurisdiction CH CH orgs=1/1 100.0 domains=2/2 100.0 low=0
  dns orgs=3 domains=6 outside=0/3 0.0 cloud=0/3 0.0 hhi=10000 over 6
    provider proefdns DE orgs=3/3 100.0 domains=6/6 100.0 low=1
    jurisdiction DE DE orgs=3/3 100.0 domains=6/6 100.0 low=1
  cert orgs=2 domains=4 outside=0/2 0.0 cloud=0/2 0.0 hhi=10000 over 4
    provider proefca NL orgs=2/2 100.0 domains=4/4 100.0 low=0
    jurisdiction NL NL orgs=2/2 100.0 domains=4/4 100.0 low=0
";

#[test]
fn a_sweep_rolls_up_who_runs_what() {
    let rules = support::rules_with_test_providers("autonomy-sweep-rules");
    let dir = scratch_dir("autonomy-sweep");
    let orgs = dir.join("orgs.csv");
    std::fs::write(
        &orgs,
        "id,name,type,domains,tags\n\
         gemeente-goedstad,Gemeente Goedstad,gemeente,goedstad.nl;alias.proefnet.nl,\n\
         waterschap-mail,Waterschap Mail,waterschap,spf-good.mailproef.nl;mx-plain.mailproef.nl,\n\
         rijk-net,Rijk Net,rijk,v4only.proefnet.nl;silent.proefnet.nl,\n",
    )
    .unwrap();
    let db = dir.join("store.sqlite");
    let args = with_networks(&[
        "--only",
        "autonomy.*",
        "--rules",
        rules.to_str().unwrap(),
        "--progress",
        "none",
    ]);
    let run = support::sweep(&orgs, &db, &strs(&args));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let site = dir.join("site");
    let run = support::report_from_store(&db, &site);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let results: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(site.join("results.json")).unwrap()).unwrap();
    let rollups: Vec<pastoe::report::autonomy::DependencyRollup> =
        serde_json::from_value(results["dependencies"].clone()).unwrap();
    let national = support::rollup_figures(&rollups[..1]);
    assert!(
        national == SWEEP_FIGURES,
        "got:\n{national}\nexpected:\n{SWEEP_FIGURES}"
    );
    // One group per type besides the whole: gemeente, rijk, waterschap.
    let groups: Vec<&str> = rollups.iter().map(|r| r.group.as_str()).collect();
    assert_eq!(groups, ["*", "gemeente", "rijk", "waterschap"]);
    let page = std::fs::read_to_string(site.join("dependencies.html")).unwrap();
    assert!(
        page.contains("Proefhosting") && page.contains("6250"),
        "{page}"
    );
    // The CSV export of the store holds the lines of the site's autonomy.csv (the site lists
    // the organisations by name, the export in file order).
    let csv = support::pastoe(&[
        "export",
        "--db",
        db.to_str().unwrap(),
        "--format",
        "autonomy-csv",
    ]);
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    let sorted = |text: &str| {
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        lines.sort();
        lines
    };
    assert_eq!(
        sorted(&csv.stdout),
        sorted(&std::fs::read_to_string(site.join("autonomy.csv")).unwrap())
    );
    assert!(
        csv.stdout.contains(
            "gemeente-goedstad,Gemeente Goedstad,gemeente,goedstad.nl,web,goedstad.nl,proefhosting,Proefhosting,Proefhosting B.V.,Proefcloud Inc.,US,false,true,medium,\n"
        ),
        "{}",
        csv.stdout
    );
    std::fs::remove_dir_all(&rules).unwrap();
}

/// `args`, then the test internet's networks: the fixture routes (with their VRPs) and the
/// test AS-names file.
fn with_networks(args: &[&str]) -> Vec<String> {
    let rpki = repo().join("fixtures/rpki");
    let mut all: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    for (flag, path) in [
        ("--vrps", rpki.join("vrps.json")),
        ("--routes", rpki.join("routes.txt")),
        ("--as-names", repo().join("fixtures/autonomy/asn.txt")),
    ] {
        all.extend([flag.to_string(), path.display().to_string()]);
    }
    all
}

fn strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

/// A malformed AS-names file is refused before any scanning, naming its line.
#[test]
fn a_malformed_as_names_file_is_refused_with_its_line() {
    let dir = scratch_dir("autonomy-asn");
    let bad = dir.join("asn.txt");
    std::fs::write(&bad, "64500 PROEF-AS, NL\nnot a line\n").unwrap();
    let rpki = repo().join("fixtures/rpki");
    let run = scan(
        &["goedstad.nl"],
        &[
            "--vrps",
            &rpki.join("vrps.json").display().to_string(),
            "--routes",
            &rpki.join("routes.txt").display().to_string(),
            "--as-names",
            &bad.display().to_string(),
        ],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("asn.txt: line 2"), "{}", run.stderr);
    std::fs::remove_dir_all(&dir).unwrap();
}
