//! The providers table (`rules/providers.toml`): who runs an internet service, which company
//! owns them and under which country's law it falls, and the evidence that identifies them
//! (name suffixes of MX, NS, CNAME and SPF-include targets, AS numbers, certificate issuer
//! names). Entries are dated (`since`, `until`): an acquisition is a new entry from its
//! date, and a scan is judged by the table as it stood on the day of the observation.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use time::Date;

use super::{RuleSetMeta, RulesError};

/// ISO 3166-1 alpha-2, every officially assigned code (249), from Debian's iso-codes 4.15.0
/// (`/usr/share/iso-codes/json/iso_3166-1.json`).
const ISO_3166_ALPHA2: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF \
    BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU \
    CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG \
    GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE \
    JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF \
    MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ \
    OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ \
    SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG \
    UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// The 27 EU member states and the three other EEA states (Iceland, Liechtenstein, Norway).
const EU_EEA: &str = "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT \
    RO SE SI SK IS LI NO";

/// The providers table as a whole.
#[derive(Debug, Clone, PartialEq)]
pub struct Providers {
    pub meta: RuleSetMeta,
    pub entries: Vec<Provider>,
}

/// What a flag says about a provider, for the rules to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderFlag {
    /// The parent company is in the EU or the EEA.
    EuEea,
    /// The company falls under the US CLOUD Act (18 U.S.C. § 2713): US authorities can
    /// demand data it holds wherever it is stored.
    UsCloudAct,
    /// A shared-service organisation of the government itself.
    GovernmentSharedService,
}

/// The kinds of name evidence a provider is recognised by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    Mx,
    Ns,
    /// A CNAME target: of the web host, `autodiscover.<domain>` or a DKIM selector.
    Cname,
    SpfInclude,
}

/// One provider, in force from `since` through `until` (either open).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provider {
    /// A slug; the same id may appear again for another period (after a change of owner).
    pub id: String,
    pub name: String,
    pub company: String,
    pub parent: String,
    /// The parent company's country (ISO 3166 alpha-2): the jurisdiction.
    pub country: String,
    #[serde(default)]
    pub flags: Vec<ProviderFlag>,
    /// Name suffixes (`mail.protection.outlook.com`); a label may end in `*`
    /// (`awsdns-*.com` matches `ns-1.awsdns-12.com`).
    #[serde(default)]
    pub mx: Vec<String>,
    #[serde(default)]
    pub ns: Vec<String>,
    #[serde(default)]
    pub cname: Vec<String>,
    #[serde(default)]
    pub spf_include: Vec<String>,
    #[serde(default)]
    pub asn: Vec<u32>,
    /// Certificate issuer organisation or common names (`Let's Encrypt`), matched whole
    /// against the issuer's O and CN values, ignoring case.
    #[serde(default)]
    pub issuer: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<toml::value::Datetime>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<toml::value::Datetime>,
    /// Where the facts of this entry come from.
    pub source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProvidersFile {
    providers: RuleSetMeta,
    #[serde(default)]
    provider: Vec<Provider>,
}

impl Provider {
    pub fn has(&self, flag: ProviderFlag) -> bool {
        self.flags.contains(&flag)
    }

    fn since_date(&self) -> Option<Date> {
        self.since.as_ref().and_then(date_of)
    }

    fn until_date(&self) -> Option<Date> {
        self.until.as_ref().and_then(date_of)
    }

    /// In force on `day` (both ends included).
    pub fn in_force(&self, day: Date) -> bool {
        self.since_date().is_none_or(|s| s <= day) && self.until_date().is_none_or(|u| day <= u)
    }

    fn overlaps(&self, other: &Provider) -> bool {
        let starts_before_other_ends = match (self.since_date(), other.until_date()) {
            (Some(s), Some(u)) => s <= u,
            _ => true,
        };
        let other_starts_before_end = match (other.since_date(), self.until_date()) {
            (Some(s), Some(u)) => s <= u,
            _ => true,
        };
        starts_before_other_ends && other_starts_before_end
    }

    fn names(&self, kind: NameKind) -> &[String] {
        match kind {
            NameKind::Mx => &self.mx,
            NameKind::Ns => &self.ns,
            NameKind::Cname => &self.cname,
            NameKind::SpfInclude => &self.spf_include,
        }
    }

    /// Every evidence pattern, tagged by kind, for the duplicate check.
    fn patterns(&self) -> Vec<String> {
        let kinds = [
            ("mx", &self.mx),
            ("ns", &self.ns),
            ("cname", &self.cname),
            ("spf_include", &self.spf_include),
        ];
        let mut out: Vec<String> = kinds
            .iter()
            .flat_map(|(k, v)| v.iter().map(move |p| format!("{k} {p}")))
            .collect();
        out.extend(self.asn.iter().map(|a| format!("asn AS{a}")));
        out.extend(
            self.issuer
                .iter()
                .map(|i| format!("issuer {}", i.to_lowercase())),
        );
        out
    }
}

fn date_of(d: &toml::value::Datetime) -> Option<Date> {
    match (d.date, d.time, d.offset) {
        (Some(date), None, None) => Date::from_calendar_date(
            i32::from(date.year),
            time::Month::try_from(date.month).ok()?,
            date.day,
        )
        .ok(),
        _ => None,
    }
}

/// Whether `name` ends with the labels of `pattern`; a pattern label ending in `*` matches
/// any label that starts with the rest of it. Returns the number of labels matched.
fn suffix_match(pattern: &str, name: &str) -> Option<usize> {
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    let pattern_labels: Vec<&str> = pattern.split('.').collect();
    let name_labels: Vec<&str> = name.split('.').collect();
    if name_labels.len() < pattern_labels.len() {
        return None;
    }
    let tail = &name_labels[name_labels.len() - pattern_labels.len()..];
    let all = pattern_labels
        .iter()
        .zip(tail)
        .all(|(p, n)| match p.strip_suffix('*') {
            Some(prefix) => n.starts_with(prefix),
            None => p == n,
        });
    all.then_some(pattern_labels.len())
}

/// The O and CN values of an issuer name as `CertificateFacts` writes it
/// (`CN=R11, O=Let's Encrypt, C=US`).
fn issuer_names(issuer: &str) -> impl Iterator<Item = &str> {
    issuer.split(", ").filter_map(|rdn| {
        rdn.strip_prefix("O=")
            .or_else(|| rdn.strip_prefix("CN="))
            .map(str::trim)
    })
}

impl Providers {
    /// Parses and validates a providers file: every field, dates `YYYY-MM-DD` with `until`
    /// not before `since`, ISO 3166 countries, the `eu_eea` flag agreeing with the country,
    /// no id in force twice at once and no evidence pattern claimed by two entries in force
    /// at once.
    pub fn parse(file: &str, text: &str) -> Result<Providers, RulesError> {
        let parsed: ProvidersFile = toml::from_str(text).map_err(|e| RulesError::Syntax {
            file: file.to_string(),
            message: e.to_string().trim_end().to_string(),
        })?;
        let invalid = |id: &str, message: String| RulesError::Syntax {
            file: file.to_string(),
            message: format!("provider {id:?}: {message}"),
        };
        let countries: BTreeSet<&str> = ISO_3166_ALPHA2.split_whitespace().collect();
        let eu_eea: BTreeSet<&str> = EU_EEA.split_whitespace().collect();
        for (n, p) in parsed.provider.iter().enumerate() {
            let id = &p.id;
            if id.is_empty()
                || !id
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            {
                return Err(invalid(
                    id,
                    format!("entry {}: id must be a slug (a-z, 0-9, -)", n + 1),
                ));
            }
            for (field, value) in [
                ("name", &p.name),
                ("company", &p.company),
                ("parent", &p.parent),
            ] {
                if value.trim().is_empty() {
                    return Err(invalid(id, format!("{field} is empty")));
                }
            }
            if !countries.contains(p.country.as_str()) {
                return Err(invalid(
                    id,
                    format!("country {:?} is not an ISO 3166 alpha-2 code", p.country),
                ));
            }
            if p.has(ProviderFlag::EuEea) != eu_eea.contains(p.country.as_str()) {
                return Err(invalid(
                    id,
                    format!(
                        "the eu_eea flag must be given exactly when the country is in the EU or EEA ({} is {})",
                        p.country,
                        if eu_eea.contains(p.country.as_str()) {
                            "in it"
                        } else {
                            "not"
                        }
                    ),
                ));
            }
            for (field, value) in [("since", &p.since), ("until", &p.until)] {
                if let Some(d) = value
                    && date_of(d).is_none()
                {
                    return Err(invalid(
                        id,
                        format!("{field} = {d} is not a date YYYY-MM-DD"),
                    ));
                }
            }
            if let (Some(s), Some(u)) = (p.since_date(), p.until_date())
                && u < s
            {
                return Err(invalid(id, format!("until {u} is before since {s}")));
            }
            if !(p.source.starts_with("https://") || p.source.starts_with("http://")) {
                return Err(invalid(id, "source must be a URL".into()));
            }
            for pattern in
                p.mx.iter()
                    .chain(&p.ns)
                    .chain(&p.cname)
                    .chain(&p.spf_include)
            {
                let labels: Vec<&str> = pattern.split('.').collect();
                let well_formed = labels.len() >= 2
                    && labels.iter().all(|l| {
                        let core = l.strip_suffix('*').unwrap_or(l);
                        !core.is_empty()
                            && core.bytes().all(|b| {
                                b.is_ascii_lowercase()
                                    || b.is_ascii_digit()
                                    || b == b'-'
                                    || b == b'_'
                            })
                    });
                if !well_formed {
                    return Err(invalid(
                        id,
                        format!(
                            "name pattern {pattern:?} must be a lower-case name of two or more labels, `*` only at the end of a label"
                        ),
                    ));
                }
            }
            if p.patterns().is_empty() {
                return Err(invalid(id, "no evidence: give at least one pattern".into()));
            }
            for other in &parsed.provider[..n] {
                if !other.overlaps(p) {
                    continue;
                }
                if other.id == p.id {
                    return Err(invalid(
                        id,
                        "listed twice for overlapping dates (give since/until)".into(),
                    ));
                }
                let mine = p.patterns();
                if let Some(shared) = other.patterns().into_iter().find(|x| mine.contains(x)) {
                    return Err(invalid(
                        id,
                        format!(
                            "{shared} is also evidence of {:?} for overlapping dates",
                            other.id
                        ),
                    ));
                }
            }
        }
        Ok(Providers {
            meta: parsed.providers,
            entries: parsed.provider,
        })
    }

    /// The provider in force on `day` whose longest pattern of this kind matches `name`.
    pub fn by_name(&self, kind: NameKind, name: &str, day: Date) -> Option<&Provider> {
        self.entries
            .iter()
            .filter(|p| p.in_force(day))
            .filter_map(|p| {
                let best = p
                    .names(kind)
                    .iter()
                    .filter_map(|pattern| suffix_match(pattern, name))
                    .max()?;
                Some((best, p))
            })
            .max_by_key(|(labels, _)| *labels)
            .map(|(_, p)| p)
    }

    pub fn by_asn(&self, asn: u32, day: Date) -> Option<&Provider> {
        self.entries
            .iter()
            .find(|p| p.in_force(day) && p.asn.contains(&asn))
    }

    /// The provider whose issuer name is the O or CN of `issuer`.
    pub fn by_issuer(&self, issuer: &str, day: Date) -> Option<&Provider> {
        self.entries.iter().filter(|p| p.in_force(day)).find(|p| {
            issuer_names(issuer).any(|n| p.issuer.iter().any(|i| i.eq_ignore_ascii_case(n)))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const HEAD: &str =
        "[providers]\nid = \"providers\"\nversion = \"t\"\nvalid_from = \"2026-01-01\"\n";

    fn table(entries: &str) -> Result<Providers, String> {
        Providers::parse("providers.toml", &format!("{HEAD}{entries}")).map_err(|e| e.to_string())
    }

    const MS: &str = r#"
[[provider]]
id = "microsoft"
name = "Microsoft 365"
company = "Microsoft Corporation"
parent = "Microsoft Corporation"
country = "US"
flags = ["us_cloud_act"]
mx = ["mail.protection.outlook.com"]
spf_include = ["spf.protection.outlook.com"]
asn = [8075]
source = "https://learn.microsoft.com/"
"#;

    #[test]
    fn names_match_by_suffix_and_wildcard_label() {
        assert_eq!(
            suffix_match("outlook.com", "x.mail.protection.outlook.com."),
            Some(2)
        );
        assert_eq!(suffix_match("outlook.com", "notoutlook.com"), None);
        assert_eq!(suffix_match("awsdns-*.com", "ns-1.AWSDNS-12.com"), Some(2));
        assert_eq!(suffix_match("awsdns-*.com", "awsdns.com"), None);
        assert_eq!(suffix_match("a.b.c", "b.c"), None);
    }

    #[test]
    fn issuer_names_are_the_o_and_cn_values() {
        let names: Vec<&str> = issuer_names("CN=R11, O=Let's Encrypt, C=US").collect();
        assert_eq!(names, ["R11", "Let's Encrypt"]);
    }

    #[test]
    fn a_provider_is_found_by_each_kind_of_evidence_while_in_force() {
        let t = table(&format!(
            "{MS}since = 2020-01-01\nissuer = [\"Microsoft Azure RSA TLS Issuing CA 03\"]\n"
        ))
        .unwrap();
        let day = date!(2026 - 12 - 07);
        fn found(p: Option<&Provider>) -> Option<&str> {
            p.map(|p| p.id.as_str())
        }
        assert_eq!(
            found(t.by_name(
                NameKind::Mx,
                "voorbeeld-nl.mail.protection.outlook.com",
                day
            )),
            Some("microsoft")
        );
        assert_eq!(
            found(t.by_name(
                NameKind::Ns,
                "voorbeeld-nl.mail.protection.outlook.com",
                day
            )),
            None
        );
        assert_eq!(found(t.by_asn(8075, day)), Some("microsoft"));
        assert_eq!(
            found(t.by_issuer(
                "CN=Microsoft Azure RSA TLS Issuing CA 03, O=Microsoft Corporation, C=US",
                day
            )),
            Some("microsoft")
        );
        assert_eq!(found(t.by_asn(8075, date!(2019 - 12 - 31))), None);
    }

    #[test]
    fn an_owner_change_is_two_dated_entries() {
        let two = r#"
[[provider]]
id = "hoster"
name = "Hoster"
company = "Hoster B.V."
parent = "Hoster B.V."
country = "NL"
flags = ["eu_eea"]
asn = [64500]
until = 2026-06-30
source = "https://example.nl/1"

[[provider]]
id = "hoster"
name = "Hoster"
company = "Hoster B.V."
parent = "Bigcloud Inc."
country = "US"
flags = ["us_cloud_act"]
asn = [64500]
since = 2026-07-01
source = "https://example.nl/2"
"#;
        let t = table(two).unwrap();
        assert_eq!(
            t.by_asn(64500, date!(2026 - 06 - 30)).unwrap().country,
            "NL"
        );
        assert_eq!(
            t.by_asn(64500, date!(2026 - 07 - 01)).unwrap().country,
            "US"
        );
        let err = table(&two.replace("since = 2026-07-01", "since = 2026-06-30")).unwrap_err();
        assert!(err.contains("listed twice for overlapping dates"), "{err}");
    }

    #[test]
    fn a_table_is_refused_with_the_reason() {
        for (from, to, expected) in [
            (
                "country = \"US\"",
                "country = \"XX\"",
                "\"XX\" is not an ISO 3166",
            ),
            ("country = \"US\"", "country = \"NL\"", "eu_eea flag"),
            (
                "asn = [8075]",
                "asn = [8075]\nsince = 2026-01-01T00:00:00Z",
                "not a date",
            ),
            (
                "asn = [8075]",
                "asn = [8075]\nsince = 2026-02-01\nuntil = 2026-01-01",
                "before since",
            ),
            (
                "source = \"https://learn.microsoft.com/\"",
                "source = \"Microsoft\"",
                "must be a URL",
            ),
            ("id = \"microsoft\"", "id = \"Microsoft\"", "slug"),
            (
                "mx = [\"mail.protection.outlook.com\"]",
                "mx = [\"Outlook.com\"]",
                "lower-case name",
            ),
            (
                "mx = [\"mail.protection.outlook.com\"]",
                "mx = [\"*.outlook.com\"]",
                "lower-case name",
            ),
            (
                "flags = [\"us_cloud_act\"]",
                "flags = [\"cloud\"]",
                "unknown variant",
            ),
            ("asn = [8075]", "asn = [8075]\nextra = 1", "unknown field"),
        ] {
            assert!(MS.contains(from), "{from}");
            let err = table(&MS.replace(from, to)).unwrap_err();
            assert!(err.contains("providers.toml"), "{err}");
            assert!(err.contains(expected), "{to}: {err}");
        }
        let err = table(&format!(
            "{MS}{}",
            MS.replace("\"microsoft\"", "\"microsoft-2\"")
        ))
        .unwrap_err();
        assert!(err.contains("is also evidence of \"microsoft\""), "{err}");
    }
}
