use super::*;

const HEADER: &str = "id,name,type,domains,tags\n";

fn csv(text: &str) -> Loaded {
    OrganisationList::parse("o.csv", Format::Csv, text.as_bytes())
}

fn toml(text: &str) -> Loaded {
    OrganisationList::parse("o.toml", Format::Toml, text.as_bytes())
}

/// The problems as `lint` prints them.
fn problems(loaded: &Loaded) -> Vec<String> {
    loaded.problems.iter().map(Problem::to_string).collect()
}

fn ids(loaded: &Loaded) -> Vec<&str> {
    loaded
        .list
        .organisations
        .iter()
        .map(|o| o.id.as_str())
        .collect()
}

fn domains(org: &Organisation) -> Vec<&str> {
    org.domains.iter().map(Domain::as_str).collect()
}

#[test]
fn reads_a_clean_csv() {
    let loaded = csv(concat!(
        "# organisations of the demo\n",
        "tags,domains,extra,type,name,id,dkim_selectors\n",
        "\n",
        "demo;randstad,goedstad.nl;WWW.Goedstad.NL.,x,gemeente,Gemeente Goedstad,gemeente-goedstad,s1;Selector2\n",
        ",halfweg.nl,,waterschap,\"Waterschap Halfweg, Noord\",ws-halfweg,\n",
    ));
    assert_eq!(problems(&loaded), Vec::<String>::new());
    let [goedstad, halfweg] = &loaded.list.organisations[..] else {
        panic!("{:?}", loaded.list)
    };
    assert_eq!(goedstad.id, "gemeente-goedstad");
    assert_eq!(goedstad.name, "Gemeente Goedstad");
    assert_eq!(goedstad.org_type, OrgType::Gemeente);
    assert_eq!(goedstad.tags, ["demo", "randstad"]);
    assert_eq!(domains(goedstad), ["goedstad.nl", "www.goedstad.nl"]);
    assert_eq!(goedstad.dkim_selectors, ["s1", "selector2"]);
    assert_eq!(goedstad.line, 4);
    assert_eq!(halfweg.name, "Waterschap Halfweg, Noord");
    assert!(halfweg.tags.is_empty() && halfweg.dkim_selectors.is_empty());
    assert_eq!(halfweg.line, 5);
}

#[test]
fn csv_quoting_and_line_numbers() {
    let loaded = csv(&format!(
        "\u{feff}{HEADER}\
         a,\"Multi\nline \"\"name\"\"\",rijk,\" a.nl ; b.nl ;\",\"x;y\"\n\
         b,B,zbo,c.nl,\n\
         c,C,bogus,d.nl,\n"
    ));
    assert_eq!(ids(&loaded), ["a", "b"]);
    let a = &loaded.list.organisations[0];
    assert_eq!(a.name, "Multi\nline \"name\"");
    assert_eq!(domains(a), ["a.nl", "b.nl"]);
    assert_eq!(a.tags, ["x", "y"]);
    // A quoted field over two lines: the next row starts a line later.
    assert_eq!(loaded.list.organisations[1].line, 4);
    assert_eq!(
        problems(&loaded),
        [
            "o.csv:5: unknown type \"bogus\"; expected one of gemeente, provincie, waterschap, rijk, zbo, other"
        ]
    );
}

#[test]
fn csv_lines_count_skipped_lines() {
    let loaded = csv(
        "# a\r\n\r\nid,name,type,domains,tags\r\n\r\n# b\r\n#\r\na,A,rijk,a.nl,\r\nb,B,rijk,-,\r\n",
    );
    assert_eq!(loaded.list.organisations[0].line, 7);
    assert_eq!(
        problems(&loaded),
        [
            "o.csv:8: domain \"-\" is not a domain name: it is not fully qualified (expected at least name.tld)",
            "o.csv:8: none of its domains is valid; the organisation is left out"
        ]
    );
}

#[test]
fn csv_header_problems() {
    assert_eq!(
        problems(&csv("id,name,domains\na,A,a.nl\n")),
        [
            "o.csv:1: the header lacks column type, tags; it needs at least id,name,type,domains,tags"
        ]
    );
    assert_eq!(
        problems(&csv("id;name;type;domains;tags\na;A;rijk;a.nl;\n")),
        [
            "o.csv:1: the header lacks column id, name, type, domains, tags; it needs at least \
          id,name,type,domains,tags (the file looks separated by ';': separate columns by ',' \
          and list items by ';')"
        ]
    );
    assert_eq!(
        problems(&csv("id,name,type,domains,tags,Name\n")),
        ["o.csv:1: column \"name\" appears twice in the header"]
    );
    for empty in ["", "\n\n", "# only a comment\n"] {
        assert_eq!(
            problems(&csv(empty)),
            [
                "o.csv:1: no header row; the first row must name the columns id,name,type,domains,tags"
            ]
        );
    }
}

#[test]
fn csv_row_problems_keep_the_rest() {
    let loaded = csv(&format!(
        "{HEADER}\
         ok,OK,rijk,ok.nl;https://ok.nl/;ok.nl;www.ok.nl,\n\
         short,Short,rijk\n\
         ,Nameless id,rijk,x.nl,\n\
         Bad Id,B,rijk,x.nl,\n\
         ok,Again,rijk,y.nl,\n\
         noname,,rijk,x.nl,\n\
         nodomains,N,rijk,,\n\
         allbad,A,rijk,localhost;1.2.3.4,\n\
         selectors,S,rijk,s.nl,\n\
         last,L,other,last.nl,t\n"
    ));
    assert_eq!(ids(&loaded), ["ok", "selectors", "last"]);
    assert_eq!(
        domains(&loaded.list.organisations[0]),
        ["ok.nl", "www.ok.nl"]
    );
    assert_eq!(
        problems(&loaded),
        [
            "o.csv:2: domain \"https://ok.nl/\" is not a domain name: give the bare name (example.nl), not a URL",
            "o.csv:2: domain ok.nl is listed twice",
            "o.csv:3: 3 fields where the header has 5",
            "o.csv:4: empty id",
            "o.csv:5: id \"Bad Id\" is not a slug (lowercase letters, digits and '-')",
            "o.csv:6: duplicate id \"ok\" (first at line 2)",
            "o.csv:7: empty name",
            "o.csv:8: no domains",
            "o.csv:9: domain \"localhost\" is not a domain name: it is not fully qualified (expected at least name.tld)",
            "o.csv:9: domain \"1.2.3.4\" is not a domain name: it is an address or has a port; give a domain name",
            "o.csv:9: none of its domains is valid; the organisation is left out",
        ]
    );
}

#[test]
fn bad_selectors_cost_only_themselves() {
    let loaded = csv(concat!(
        "id,name,type,domains,tags,dkim_selectors\n",
        "a,A,rijk,a.nl,,good;bad selector;-x;s1.2020;x_y\n",
    ));
    assert_eq!(
        loaded.list.organisations[0].dkim_selectors,
        ["good", "s1.2020"]
    );
    assert_eq!(
        problems(&loaded),
        [
            "o.csv:2: DKIM selector \"bad selector\" is not a DNS name (labels of letters, digits and '-')",
            "o.csv:2: DKIM selector \"-x\" is not a DNS name (labels of letters, digits and '-')",
            "o.csv:2: DKIM selector \"x_y\" is not a DNS name (labels of letters, digits and '-')",
        ]
    );
}

#[test]
fn api_base_urls_are_https_urls_of_domains_each_once() {
    let loaded = csv(concat!(
        "id,name,type,domains,tags,apis\n",
        "a,A,rijk,a.nl,,https://api.a.nl/v1/;https://api.a.nl/v1;http://api.a.nl;https://localhost/x;https://a.nl/?q=1;nourl\n",
    ));
    assert_eq!(loaded.list.organisations[0].apis, ["https://api.a.nl/v1"]);
    assert_eq!(
        problems(&loaded),
        [
            "o.csv:2: API base URL \"http://api.a.nl\": not https:// (the design rules require HTTPS)",
            "o.csv:2: API base URL \"https://localhost/x\": the host is not a domain name",
            "o.csv:2: API base URL \"https://a.nl/?q=1\": has a query or fragment",
            "o.csv:2: API base URL \"nourl\": not a URL",
        ]
    );
    let loaded = toml(
        "[[organisation]]\nid = \"a\"\nname = \"A\"\ntype = \"rijk\"\ndomains = [\"a.nl\"]\ntags = []\napis = [\"https://a.nl/api\"]\n\n[[organisation]]\nid = \"b\"\nname = \"B\"\ntype = \"rijk\"\ndomains = [\"b.nl\"]\napis = \"https://b.nl\"\n",
    );
    assert_eq!(loaded.list.organisations[0].apis, ["https://a.nl/api"]);
    assert_eq!(
        problems(&loaded),
        ["o.toml:14: apis must be an array of strings"]
    );
}

#[test]
fn csv_row_that_is_not_utf8_is_skipped_alone() {
    let mut bytes = format!("{HEADER}a,A,rijk,a.nl,\n").into_bytes();
    bytes.extend_from_slice(b"b,\xff,rijk,b.nl,\nc,C,rijk,c.nl,\n");
    let loaded = OrganisationList::parse("o.csv", Format::Csv, &bytes);
    assert_eq!(ids(&loaded), ["a", "c"]);
    assert_eq!(problems(&loaded), ["o.csv:3: the text is not UTF-8"]);
}

const DEMO_TOML: &str = r#"
# the demo
[[organisation]]
id = "gemeente-goedstad"
name = "Gemeente Goedstad"
type = "gemeente"
domains = ["goedstad.nl", "www.goedstad.nl"]
tags = ["demo"]
dkim_selectors = ["s1"]

[[organisation]]
id = "ws"
name = "Waterschap"
type = "waterschap"
domains = ["ws.nl"]
"#;

#[test]
fn reads_a_clean_toml() {
    let loaded = toml(DEMO_TOML);
    assert_eq!(problems(&loaded), Vec::<String>::new());
    let [goedstad, ws] = &loaded.list.organisations[..] else {
        panic!("{:?}", loaded.list)
    };
    assert_eq!(goedstad.line, 3);
    assert_eq!(domains(goedstad), ["goedstad.nl", "www.goedstad.nl"]);
    assert_eq!(goedstad.tags, ["demo"]);
    assert_eq!(goedstad.dkim_selectors, ["s1"]);
    assert_eq!((ws.line, ws.org_type), (11, OrgType::Waterschap));
    assert!(ws.tags.is_empty());
}

#[test]
fn toml_problems_name_the_table_line() {
    let loaded = toml(
        r#"[[organisation]]
id = "a"
name = "A"
type = "rijk"
domains = ["a.nl", "not a domain"]

[[organisation]]
id = "a"
name = "Again"
type = "rijk"
domains = ["b.nl"]

[[organisation]]
id = "b"
name = "B"
type = "stad"
domains = ["b.nl"]

[[organisation]]
id = "c"
name = "C"
type = "rijk"
domains = "c.nl"
domain = ["c.nl"]
dkim_selectors = ["ok", "not ok"]

[[organisations]]
id = "d"
"#,
    );
    assert_eq!(ids(&loaded), ["a"]);
    assert_eq!(
        problems(&loaded),
        [
            "o.toml:1: domain \"not a domain\" is not a domain name: it contains white space",
            "o.toml:7: duplicate id \"a\" (first at line 1)",
            "o.toml:13: unknown type \"stad\"; expected one of gemeente, provincie, waterschap, rijk, zbo, other",
            "o.toml:19: DKIM selector \"not ok\" is not a DNS name (labels of letters, digits and '-')",
            "o.toml:19: no domains",
            "o.toml:23: domains must be an array of strings",
            "o.toml:24: unknown key \"domain\" in [[organisation]]",
            "o.toml:27: unknown key \"organisations\"; organisations are [[organisation]] tables",
        ]
    );
}

#[test]
fn toml_syntax_error_costs_only_its_part() {
    let loaded = toml(
        "[[organisation]]\nid = \"a\"\nname = \"A\"\ntype = \"rijk\"\ndomains = [\"a.nl\"]\n\n\
         [[organisation]]\nid = \"b\nname = \"B\"\n",
    );
    assert_eq!(ids(&loaded), ["a"]);
    let problems = problems(&loaded);
    assert!(
        problems.contains(&"o.toml:8: invalid basic string, expected `\"`".to_string()),
        "{problems:?}"
    );
}

#[test]
fn toml_that_is_not_utf8() {
    let loaded = OrganisationList::parse("o.toml", Format::Toml, b"# x\n# \xff\n");
    assert_eq!(problems(&loaded), ["o.toml:2: the text is not UTF-8"]);
}

#[test]
fn shared_domains_are_listed_once_with_every_owner() {
    let loaded = csv(&format!(
        "{HEADER}\
         a,A,rijk,shared.nl;a.nl,\n\
         b,B,zbo,b.nl;SHARED.nl,\n\
         c,C,other,c.nl;shared.nl,\n"
    ));
    let owners: Vec<(&str, Vec<&str>)> = loaded
        .list
        .domains()
        .iter()
        .map(|d| {
            (
                d.domain.as_str(),
                d.organisations.iter().map(|o| o.id.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        owners,
        [
            ("shared.nl", vec!["a", "b", "c"]),
            ("a.nl", vec!["a"]),
            ("b.nl", vec!["b"]),
            ("c.nl", vec!["c"]),
        ]
    );
}

#[test]
fn strict_load_refuses_with_every_problem() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, format!("{HEADER}a,A,rijk,x,\nb,B,nope,b.nl,\n")).unwrap();
    match OrganisationList::load_strict(&bad) {
        Err(OrgsError::Invalid { problems, .. }) => assert_eq!(problems.len(), 3),
        other => panic!("{other:?}"),
    }
    let good = dir.path().join("good.TOML");
    std::fs::write(&good, DEMO_TOML).unwrap();
    assert_eq!(
        OrganisationList::load_strict(&good)
            .unwrap()
            .organisations
            .len(),
        2
    );
    let other = dir.path().join("orgs.xlsx");
    std::fs::write(&other, "").unwrap();
    assert!(matches!(
        OrganisationList::load(&other),
        Err(OrgsError::UnknownFormat { .. })
    ));
    assert!(matches!(
        OrganisationList::load(&dir.path().join("missing.csv")),
        Err(OrgsError::Read { .. })
    ));
}

#[test]
fn demo_files_agree() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/organisations");
    let from_csv = OrganisationList::load_strict(&root.join("demo.csv")).unwrap();
    let from_toml = OrganisationList::load_strict(&root.join("demo.toml")).unwrap();
    let without_lines = |list: OrganisationList| {
        list.organisations
            .into_iter()
            .map(|o| Organisation { line: 0, ..o })
            .collect::<Vec<_>>()
    };
    assert_eq!(without_lines(from_csv), without_lines(from_toml));
}

proptest::proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
        for format in [Format::Csv, Format::Toml] {
            let loaded = OrganisationList::parse("f", format, &bytes);
            for org in &loaded.list.organisations {
                proptest::prop_assert!(!org.domains.is_empty());
            }
        }
    }

    /// Bytes that look like the format reach the checks, not just the parser's errors.
    #[test]
    fn csv_like_text_never_panics(rows in proptest::collection::vec("[a-z ;,.\"#\n-]{0,40}", 0..8)) {
        let text = format!("{HEADER}{}", rows.join("\n"));
        let loaded = csv(&text);
        for p in &loaded.problems {
            proptest::prop_assert!(p.line >= 1);
        }
    }

    #[test]
    fn toml_like_text_never_panics(body in "(\\[\\[organisation\\]\\]\n|id = \"[a-z]{0,3}\"\n|domains = \\[\"[a-z.]{0,8}\"\\]\n|type = \"rijk\"\n|name = 1\n|[\\[\\]=\"\n]){0,12}") {
        let _ = toml(&body);
    }
}
