//! NCSC TLS classification tables as data: which level (good, sufficient, phase out,
//! insufficient) a protocol version, cipher suite, group, DH prime, key-exchange hash,
//! certificate key, certificate signature or other setting has under one rule set.
//!
//! One file per NCSC version (`rules/ncsc-tls-2025-05.toml`, `rules/ncsc-tls-2.1.toml`). The
//! loader refuses a file that would judge wrongly without saying so: unknown keys, unknown
//! levels, duplicate rows, a name that differs from pastoe's IANA table for that codepoint,
//! and rows that an earlier row hides. Anything a file does not list gets its
//! `default_level`.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::rules::Text;
use crate::wire::tls::cert::vocabulary;
use crate::wire::tls::iana::{CipherSuite, GroupKind, NamedGroup, ProtocolVersion};
use crate::wire::tls::server_flight::KnownDhGroup;

/// The rule sets compiled into the binary, by id.
pub const EMBEDDED_IDS: &[&str] = &["ncsc-tls-2025-05", "ncsc-tls-2.1"];

const EMBEDDED: &[(&str, &str, &str)] = &[
    (
        "ncsc-tls-2025-05",
        "ncsc-tls-2025-05.toml",
        include_str!("../../rules/ncsc-tls-2025-05.toml"),
    ),
    (
        "ncsc-tls-2.1",
        "ncsc-tls-2.1.toml",
        include_str!("../../rules/ncsc-tls-2.1.toml"),
    ),
];

/// An embedded rule set by id (`None` for an unknown id).
pub fn embedded(id: &str) -> Option<Result<TlsClasses, TlsClassesError>> {
    EMBEDDED
        .iter()
        .find(|(i, _, _)| *i == id)
        .map(|(_, file, text)| TlsClasses::parse(file, text))
}

/// The four NCSC levels. The order is from best to worst, so the worst of several is the
/// maximum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TlsClass {
    Good,
    Sufficient,
    PhaseOut,
    Insufficient,
}

impl TlsClass {
    /// Only good and sufficient comply (NCSC; Stb. 2023, 179 art. 2a).
    pub fn complies(self) -> bool {
        matches!(self, TlsClass::Good | TlsClass::Sufficient)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TlsClass::Good => "good",
            TlsClass::Sufficient => "sufficient",
            TlsClass::PhaseOut => "phase_out",
            TlsClass::Insufficient => "insufficient",
        }
    }
}

impl fmt::Display for TlsClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the cipher-order check demands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CipherOrderRule {
    /// NCSC 2025-05: every good or sufficient suite is preferred over every phase-out suite.
    GoodSufficientBeforePhaseOut,
    /// NCSC 2.1: the server enforces its own order, and that order is good > sufficient >
    /// phase out (> insufficient).
    PrescribedTiers,
}

/// Identity of a TLS rule set, for reports and the `{ruleset}` placeholder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TlsRulesetMeta {
    pub id: String,
    pub version: String,
    pub valid_from: String,
    /// Short name for texts, e.g. "NCSC 2025-05".
    pub label: String,
    pub title: Text,
    pub sources: Vec<String>,
}

/// A load or validation error, naming the file and, where known, the line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsClassesError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for TlsClassesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(
                f,
                "TLS rule file {}, line {}: {}",
                self.file, line, self.message
            ),
            None => write!(f, "TLS rule file {}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for TlsClassesError {}

// --- the file as written ----------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    tls_ruleset: RawMeta,
    #[serde(default)]
    version: Vec<Spanned<CodeRow>>,
    #[serde(default)]
    cipher_suite: Vec<Spanned<CodeRow>>,
    #[serde(default)]
    group: Vec<Spanned<CodeRow>>,
    #[serde(default)]
    dh: Vec<Spanned<DhRow>>,
    key_exchange: KeyExchangeTable,
    #[serde(default)]
    kex_hash: Vec<Spanned<HashRow>>,
    #[serde(default)]
    cert_key: Vec<Spanned<CertKeyRow>>,
    #[serde(default)]
    cert_signature: Vec<Spanned<CertSignatureRow>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    id: String,
    version: String,
    valid_from: Spanned<String>,
    label: String,
    title: Text,
    #[serde(default)]
    sources: Vec<String>,
    default_level: TlsClass,
    cipher_order: CipherOrderRule,
    ems_required: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeRow {
    code: u16,
    name: String,
    /// The OpenSSL name of a cipher suite, for advice.
    #[serde(default)]
    openssl: Option<String>,
    level: TlsClass,
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct DhRow {
    /// An RFC 7919 group name (`ffdhe2048` …) or `custom`.
    group: String,
    #[serde(default)]
    code: Option<u16>,
    #[serde(default)]
    min_bits: Option<u32>,
    level: TlsClass,
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyExchangeTable {
    static_rsa: TlsClass,
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct HashRow {
    hash: String,
    level: TlsClass,
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct CertKeyRow {
    algorithm: String,
    #[serde(default)]
    curve: Option<String>,
    #[serde(default)]
    min_bits: Option<u32>,
    level: TlsClass,
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct CertSignatureRow {
    #[serde(default)]
    oid: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    algorithm: Option<String>,
    #[serde(default)]
    hash: Option<String>,
    level: TlsClass,
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
}

// --- the loaded rule set ----------------------------------------------------------------

/// Which finite-field group a `[[dh]]` row is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DhGroup {
    /// An RFC 7919 group (prime recognised, g = 2), by its named-group codepoint.
    Named(NamedGroup),
    /// Anything else: a self-generated or other published prime, or g ≠ 2.
    Custom,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct DhRule {
    group: DhGroup,
    min_bits: Option<u32>,
    level: TlsClass,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct CertKeyRule {
    algorithm: String,
    curve: Option<String>,
    min_bits: Option<u32>,
    level: TlsClass,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct SignatureRule {
    algorithm: String,
    hash: Option<String>,
    level: TlsClass,
}

/// One NCSC classification table, loaded and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsClasses {
    meta: TlsRulesetMeta,
    default_level: TlsClass,
    cipher_order: CipherOrderRule,
    ems_required: bool,
    versions: BTreeMap<u16, TlsClass>,
    suites: BTreeMap<u16, TlsClass>,
    groups: BTreeMap<u16, TlsClass>,
    dh: Vec<DhRule>,
    static_rsa: TlsClass,
    kex_hashes: BTreeMap<String, TlsClass>,
    cert_keys: Vec<CertKeyRule>,
    signature_oids: BTreeMap<String, TlsClass>,
    signature_algorithms: Vec<SignatureRule>,
}

impl TlsClasses {
    /// Parse and check one rule file. `file_name` is only used in error messages.
    pub fn parse(file_name: &str, text: &str) -> Result<TlsClasses, TlsClassesError> {
        let raw: RawFile = toml::from_str(text).map_err(|e| TlsClassesError {
            file: file_name.to_string(),
            line: e.span().map(|s| line_of(text, s.start)),
            message: e.message().trim_end().to_string(),
        })?;
        Loader {
            file: file_name,
            text,
        }
        .load(raw)
    }

    pub fn meta(&self) -> &TlsRulesetMeta {
        &self.meta
    }

    /// The level of anything the file does not list.
    pub fn default_level(&self) -> TlsClass {
        self.default_level
    }

    pub fn cipher_order_rule(&self) -> CipherOrderRule {
        self.cipher_order
    }

    /// Whether TLS 1.2 must negotiate Extended Master Secret (RFC 7627).
    pub fn ems_required(&self) -> bool {
        self.ems_required
    }

    pub fn version(&self, version: ProtocolVersion) -> TlsClass {
        self.versions
            .get(&version.0)
            .copied()
            .unwrap_or(self.default_level)
    }

    pub fn suite(&self, suite: CipherSuite) -> TlsClass {
        self.suites
            .get(&suite.0)
            .copied()
            .unwrap_or(self.default_level)
    }

    /// Every listed suite with its level, in codepoint order.
    #[cfg(test)]
    pub fn suites(&self) -> impl Iterator<Item = (CipherSuite, TlsClass)> + '_ {
        self.suites.iter().map(|(c, l)| (CipherSuite(*c), *l))
    }

    /// A named group offered for (EC)DHE or hybrid key exchange. The RFC 7919 finite-field
    /// groups are rated by the `[[dh]]` rows, as when they appear in a TLS 1.2
    /// ServerKeyExchange.
    pub fn group(&self, group: NamedGroup) -> TlsClass {
        if let Some(level) = self.groups.get(&group.0) {
            return *level;
        }
        match group.info() {
            Some(info) if info.kind == GroupKind::Ffdhe => {
                self.dh_rule(usize::from(info.bits), Some(group))
            }
            _ => self.default_level,
        }
    }

    /// Every listed named group with its level (the `[[dh]]` RFC 7919 groups included), in
    /// codepoint order.
    #[cfg(test)]
    pub fn groups(&self) -> impl Iterator<Item = (NamedGroup, TlsClass)> + '_ {
        let named_dh = self.dh.iter().filter_map(|r| match r.group {
            DhGroup::Named(g) => Some(g),
            DhGroup::Custom => None,
        });
        let mut codes: std::collections::BTreeSet<u16> = self.groups.keys().copied().collect();
        codes.extend(named_dh.map(|g| g.0));
        codes
            .into_iter()
            .map(|c| (NamedGroup(c), self.group(NamedGroup(c))))
    }

    /// A finite-field DH group from a TLS 1.2 ServerKeyExchange: the bit length of p, which
    /// well-known group p is (if any), and whether g = 2. Only an RFC 7919 prime with g = 2
    /// counts as that named group; anything else is `custom`.
    pub fn dh(&self, p_bits: usize, known: Option<KnownDhGroup>, generator_is_2: bool) -> TlsClass {
        let named = known
            .and_then(|k| k.info().named_group)
            .filter(|_| generator_is_2);
        self.dh_rule(p_bits, named)
    }

    fn dh_rule(&self, p_bits: usize, named: Option<NamedGroup>) -> TlsClass {
        self.dh
            .iter()
            .find(|r| {
                let group_matches = match r.group {
                    DhGroup::Named(g) => named == Some(g),
                    DhGroup::Custom => named.is_none(),
                };
                group_matches && r.min_bits.is_none_or(|m| p_bits >= m as usize)
            })
            .map_or(self.default_level, |r| r.level)
    }

    /// Static RSA key transport (no forward secrecy).
    pub fn static_rsa(&self) -> TlsClass {
        self.static_rsa
    }

    /// The hash of a TLS 1.2 key-exchange signature (`sha1`, `sha256`, …).
    pub fn kex_hash(&self, hash: &str) -> TlsClass {
        self.kex_hashes
            .get(hash)
            .copied()
            .unwrap_or(self.default_level)
    }

    /// A certificate's public key: algorithm, size in bits (RSA, DSA) and curve (EC).
    pub fn cert_key(&self, algorithm: &str, bits: Option<u32>, curve: Option<&str>) -> TlsClass {
        self.cert_keys
            .iter()
            .find(|r| {
                r.algorithm == algorithm
                    && r.curve.as_deref().is_none_or(|c| Some(c) == curve)
                    && r.min_bits.is_none_or(|m| bits.is_some_and(|b| b >= m))
            })
            .map_or(self.default_level, |r| r.level)
    }

    /// A certificate's signature algorithm: a row for its OID wins; otherwise the first row
    /// for its algorithm (and hash, for RSASSA-PSS) applies.
    pub fn cert_signature(&self, oid: &str, algorithm: &str, hash: Option<&str>) -> TlsClass {
        if let Some(level) = self.signature_oids.get(oid) {
            return *level;
        }
        self.signature_algorithms
            .iter()
            .find(|r| r.algorithm == algorithm && r.hash.as_deref().is_none_or(|h| Some(h) == hash))
            .map_or(self.default_level, |r| r.level)
    }
}

// --- loading and checking ---------------------------------------------------------------

type Signatures = (BTreeMap<String, TlsClass>, Vec<SignatureRule>);

struct Loader<'a> {
    file: &'a str,
    text: &'a str,
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .unwrap_or(text)
        .bytes()
        .filter(|b| *b == b'\n')
        .count()
        + 1
}

impl Loader<'_> {
    fn err(&self, span: Option<std::ops::Range<usize>>, message: String) -> TlsClassesError {
        TlsClassesError {
            file: self.file.to_string(),
            line: span.map(|s| line_of(self.text, s.start)),
            message,
        }
    }

    fn at<T>(&self, row: &Spanned<T>, message: String) -> TlsClassesError {
        self.err(Some(row.span()), message)
    }

    fn load(&self, raw: RawFile) -> Result<TlsClasses, TlsClassesError> {
        let m = raw.tls_ruleset;
        if m.id.trim().is_empty() || m.label.trim().is_empty() || m.version.trim().is_empty() {
            return Err(self.err(None, "[tls_ruleset] needs id, version and label".into()));
        }
        if !is_date(m.valid_from.get_ref()) {
            return Err(self.at(
                &m.valid_from,
                format!(
                    "valid_from {:?} is not a date (YYYY-MM-DD)",
                    m.valid_from.get_ref()
                ),
            ));
        }
        let meta = TlsRulesetMeta {
            id: m.id,
            version: m.version,
            valid_from: m.valid_from.into_inner(),
            label: m.label,
            title: m.title,
            sources: m.sources,
        };

        let versions = self.code_table("version", &raw.version, |c| {
            ProtocolVersion(c).name().map(str::to_string)
        })?;
        for row in &raw.cipher_suite {
            if CipherSuite(row.get_ref().code).is_signalling() {
                return Err(self.at(
                    row,
                    format!(
                        "cipher suite {:#06X} is a signalling value, not a suite",
                        row.get_ref().code
                    ),
                ));
            }
        }
        let suites = self.code_table("cipher suite", &raw.cipher_suite, |c| {
            CipherSuite(c).name().map(str::to_string)
        })?;
        for row in &raw.group {
            if NamedGroup(row.get_ref().code)
                .info()
                .is_some_and(|i| i.kind == GroupKind::Ffdhe)
            {
                return Err(self.at(
                    row,
                    format!(
                        "group {} is a finite-field group: rate it in [[dh]]",
                        row.get_ref().name
                    ),
                ));
            }
        }
        let groups = self.code_table("group", &raw.group, |c| {
            NamedGroup(c).name().map(str::to_string)
        })?;
        let dh = self.dh_rules(&raw.dh)?;
        let kex_hashes = self.kex_hashes(&raw.kex_hash)?;
        let cert_keys = self.cert_keys(&raw.cert_key)?;
        let (signature_oids, signature_algorithms) = self.signatures(&raw.cert_signature)?;

        Ok(TlsClasses {
            meta,
            default_level: m.default_level,
            cipher_order: m.cipher_order,
            ems_required: m.ems_required,
            versions,
            suites,
            groups,
            dh,
            static_rsa: raw.key_exchange.static_rsa,
            kex_hashes,
            cert_keys,
            signature_oids,
            signature_algorithms,
        })
    }

    /// Rows keyed by a codepoint whose name must be the one pastoe's IANA table gives.
    fn code_table(
        &self,
        what: &str,
        rows: &[Spanned<CodeRow>],
        iana_name: impl Fn(u16) -> Option<String>,
    ) -> Result<BTreeMap<u16, TlsClass>, TlsClassesError> {
        let mut table = BTreeMap::new();
        for spanned in rows {
            let row = spanned.get_ref();
            match iana_name(row.code) {
                None => {
                    return Err(self.at(
                        spanned,
                        format!(
                            "{what} {:#06X} ({}) is not in pastoe's IANA table (src/wire/tls/iana.rs)",
                            row.code, row.name
                        ),
                    ));
                }
                Some(name) if name != row.name => {
                    return Err(self.at(
                        spanned,
                        format!(
                            "{what} {:#06X} is named {:?} here but {:?} in src/wire/tls/iana.rs",
                            row.code, row.name, name
                        ),
                    ));
                }
                Some(_) => {}
            }
            if row.openssl.is_some() && what != "cipher suite" {
                return Err(self.at(
                    spanned,
                    format!("{what} {}: `openssl` is only for cipher suites", row.name),
                ));
            }
            if table.insert(row.code, row.level).is_some() {
                return Err(self.at(
                    spanned,
                    format!("{what} {:#06X} ({}) is listed twice", row.code, row.name),
                ));
            }
        }
        Ok(table)
    }

    fn dh_rules(&self, rows: &[Spanned<DhRow>]) -> Result<Vec<DhRule>, TlsClassesError> {
        let mut rules: Vec<DhRule> = Vec::new();
        for spanned in rows {
            let row = spanned.get_ref();
            let group = if row.group == "custom" {
                if row.code.is_some() {
                    return Err(self.at(spanned, "a custom DH group has no code".into()));
                }
                DhGroup::Custom
            } else {
                let named = NamedGroup::from_name(&row.group)
                    .filter(|g| g.info().is_some_and(|i| i.kind == GroupKind::Ffdhe))
                    .ok_or_else(|| {
                        self.at(
                            spanned,
                            format!(
                                "DH group {:?} is neither an RFC 7919 group (ffdhe2048 … ffdhe8192) nor \"custom\"",
                                row.group
                            ),
                        )
                    })?;
                if let Some(code) = row.code
                    && code != named.0
                {
                    return Err(self.at(
                        spanned,
                        format!(
                            "DH group {} has code {:#06X} in src/wire/tls/iana.rs, not {code:#06X}",
                            row.group, named.0
                        ),
                    ));
                }
                DhGroup::Named(named)
            };
            let rule = DhRule {
                group,
                min_bits: row.min_bits,
                level: row.level,
            };
            let hidden = rules.iter().any(|e| {
                e.group == rule.group && e.min_bits.unwrap_or(0) <= rule.min_bits.unwrap_or(0)
            });
            if hidden {
                return Err(self.at(
                    spanned,
                    format!(
                        "this [[dh]] row for {} never applies: an earlier row already matches everything it would",
                        row.group
                    ),
                ));
            }
            rules.push(rule);
        }
        Ok(rules)
    }

    fn kex_hashes(
        &self,
        rows: &[Spanned<HashRow>],
    ) -> Result<BTreeMap<String, TlsClass>, TlsClassesError> {
        let mut table = BTreeMap::new();
        for spanned in rows {
            let row = spanned.get_ref();
            self.known(spanned, "hash", &row.hash, vocabulary::hashes())?;
            if table.insert(row.hash.clone(), row.level).is_some() {
                return Err(self.at(spanned, format!("kex_hash {} is listed twice", row.hash)));
            }
        }
        if let Some(missing) = vocabulary::hashes()
            .into_iter()
            .find(|h| !table.contains_key(*h))
        {
            return Err(self.err(None, format!("[[kex_hash]] has no row for {missing}")));
        }
        Ok(table)
    }

    fn cert_keys(&self, rows: &[Spanned<CertKeyRow>]) -> Result<Vec<CertKeyRule>, TlsClassesError> {
        let mut rules: Vec<CertKeyRule> = Vec::new();
        for spanned in rows {
            let row = spanned.get_ref();
            self.known(
                spanned,
                "key algorithm",
                &row.algorithm,
                vocabulary::key_algorithms(),
            )?;
            if let Some(curve) = &row.curve {
                if row.algorithm != "ec" {
                    return Err(self.at(
                        spanned,
                        format!("a curve only applies to ec keys, not {}", row.algorithm),
                    ));
                }
                self.known(spanned, "curve", curve, vocabulary::curves())?;
            }
            if row.min_bits.is_some() && !matches!(row.algorithm.as_str(), "rsa" | "dsa") {
                return Err(self.at(
                    spanned,
                    format!(
                        "min_bits only applies to rsa and dsa keys, not {}",
                        row.algorithm
                    ),
                ));
            }
            let rule = CertKeyRule {
                algorithm: row.algorithm.clone(),
                curve: row.curve.clone(),
                min_bits: row.min_bits,
                level: row.level,
            };
            let hidden = rules.iter().any(|e| {
                e.algorithm == rule.algorithm
                    && (e.curve.is_none() || e.curve == rule.curve)
                    && e.min_bits.unwrap_or(0) <= rule.min_bits.unwrap_or(0)
            });
            if hidden {
                return Err(self.at(
                    spanned,
                    format!(
                        "this [[cert_key]] row for {} never applies: an earlier row already matches everything it would",
                        row.algorithm
                    ),
                ));
            }
            rules.push(rule);
        }
        Ok(rules)
    }

    /// Signature rows: those keyed by OID, and those matched by algorithm (and hash).
    fn signatures(
        &self,
        rows: &[Spanned<CertSignatureRow>],
    ) -> Result<Signatures, TlsClassesError> {
        let mut oids = BTreeMap::new();
        let mut rules: Vec<SignatureRule> = Vec::new();
        for spanned in rows {
            let row = spanned.get_ref();
            match (&row.oid, &row.algorithm) {
                (Some(oid), None) => {
                    if row.hash.is_some() {
                        return Err(self.at(
                            spanned,
                            format!("signature {oid}: the OID fixes the hash; drop `hash`"),
                        ));
                    }
                    if !is_oid(oid) {
                        return Err(self.at(spanned, format!("{oid:?} is not a dotted OID")));
                    }
                    let name = row
                        .name
                        .as_deref()
                        .ok_or_else(|| self.at(spanned, format!("signature {oid} needs a name")))?;
                    if let Some(known) = vocabulary::signature_name(oid)
                        && known != name
                    {
                        return Err(self.at(
                            spanned,
                            format!("signature {oid} is {known:?}, not {name:?}"),
                        ));
                    }
                    if oids.insert(oid.clone(), row.level).is_some() {
                        return Err(self.at(spanned, format!("signature {oid} is listed twice")));
                    }
                }
                (None, Some(algorithm)) => {
                    self.known(
                        spanned,
                        "signature algorithm",
                        algorithm,
                        vocabulary::signature_algorithms(),
                    )?;
                    if let Some(hash) = &row.hash {
                        self.known(spanned, "hash", hash, vocabulary::hashes())?;
                    }
                    if row.name.is_some() {
                        return Err(self.at(
                            spanned,
                            "`name` goes with `oid`; an algorithm row has none".into(),
                        ));
                    }
                    let rule = SignatureRule {
                        algorithm: algorithm.clone(),
                        hash: row.hash.clone(),
                        level: row.level,
                    };
                    let hidden = rules.iter().any(|e| {
                        e.algorithm == rule.algorithm && (e.hash.is_none() || e.hash == rule.hash)
                    });
                    if hidden {
                        return Err(self.at(
                            spanned,
                            format!(
                                "this [[cert_signature]] row for {algorithm} never applies: an earlier row already matches everything it would"
                            ),
                        ));
                    }
                    rules.push(rule);
                }
                _ => {
                    return Err(self.at(
                        spanned,
                        "a [[cert_signature]] row has either an oid (with a name) or an algorithm (with an optional hash)".into(),
                    ));
                }
            }
        }
        Ok((oids, rules))
    }

    fn known<T>(
        &self,
        row: &Spanned<T>,
        what: &str,
        value: &str,
        allowed: Vec<&str>,
    ) -> Result<(), TlsClassesError> {
        if allowed.contains(&value) {
            Ok(())
        } else {
            Err(self.at(
                row,
                format!(
                    "unknown {what} {value:?}; expected one of {}",
                    allowed.join(", ")
                ),
            ))
        }
    }
}

fn is_date(s: &str) -> bool {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s, format).is_ok()
}

fn is_oid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('.').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Status;
    use crate::rules::{CheckRule, StandardRule};

    use TlsClass::{Good as G, Insufficient as I, PhaseOut as P, Sufficient as S};

    fn sets() -> (TlsClasses, TlsClasses) {
        let new = embedded("ncsc-tls-2025-05").unwrap().unwrap();
        let old = embedded("ncsc-tls-2.1").unwrap().unwrap();
        (new, old)
    }

    #[test]
    fn both_embedded_sets_load_with_their_identity() {
        for id in EMBEDDED_IDS {
            let set = embedded(id).expect("listed id").expect("loads");
            assert_eq!(set.meta().id, *id);
            assert_eq!(set.default_level(), I);
            assert!(!set.meta().sources.is_empty());
        }
        assert!(embedded("ncsc-tls-1.0").is_none());
        let (new, old) = sets();
        assert_eq!(new.meta().label, "NCSC 2025-05");
        assert_eq!(new.meta().valid_from, "2025-05-01");
        assert_eq!(old.meta().label, "NCSC 2.1");
        assert_eq!(
            new.cipher_order_rule(),
            CipherOrderRule::GoodSufficientBeforePhaseOut
        );
        assert_eq!(old.cipher_order_rule(), CipherOrderRule::PrescribedTiers);
        assert!(new.ems_required());
        assert!(!old.ems_required());
    }

    #[test]
    fn classes_order_from_good_to_insufficient() {
        assert!(G < S && S < P && P < I);
        assert_eq!([S, I, G, P].into_iter().max(), Some(I));
        assert!(G.complies() && S.complies() && !P.complies() && !I.complies());
        let names: Vec<String> = [G, S, P, I]
            .iter()
            .map(|c| {
                serde_json::to_value(c)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(names, ["good", "sufficient", "phase_out", "insufficient"]);
        assert_eq!(P.to_string(), "phase_out");
    }

    /// (what, 2025-05, 2.1) for each probe.
    fn check<T: fmt::Debug + Copy>(
        rows: &[(T, TlsClass, TlsClass)],
        lookup: impl Fn(&TlsClasses, T) -> TlsClass,
    ) {
        let (new, old) = sets();
        for (probe, want_new, want_old) in rows {
            assert_eq!(lookup(&new, *probe), *want_new, "2025-05: {probe:?}");
            assert_eq!(lookup(&old, *probe), *want_old, "2.1: {probe:?}");
        }
    }

    #[test]
    fn versions() {
        check(
            &[
                (0x0304, G, G),
                (0x0303, S, S),
                (0x0302, I, P),
                (0x0301, I, P),
                (0x0300, I, I),
                (0x0002, I, I),
                (0xFEFD, I, I), // DTLS 1.2: not listed
                (0x7F1C, I, I), // a TLS 1.3 draft: unknown
            ],
            |s, v| s.version(ProtocolVersion(v)),
        );
    }

    #[test]
    fn cipher_suites() {
        check(
            &[
                (0x1302, G, G), // TLS_AES_256_GCM_SHA384
                (0x1303, G, G), // TLS_CHACHA20_POLY1305_SHA256
                (0x1301, S, G), // TLS_AES_128_GCM_SHA256
                (0x1304, S, G), // TLS_AES_128_CCM_SHA256 (fn. 31)
                (0x1305, I, I), // TLS_AES_128_CCM_8_SHA256
                (0xC02F, S, G), // ECDHE-RSA-AES128-GCM-SHA256
                (0xCCA9, S, G), // ECDHE-ECDSA-CHACHA20-POLY1305
                (0xC0AD, S, G), // ECDHE-ECDSA-AES256-CCM
                (0x009E, P, S), // DHE-RSA-AES128-GCM-SHA256
                (0xCCAA, P, S), // DHE-RSA-CHACHA20-POLY1305
                (0xC027, P, S), // ECDHE-RSA-AES128-SHA256
                (0xC077, P, S), // ECDHE-RSA-CAMELLIA256-SHA384
                (0xC060, P, I), // ECDHE-ARIA128-GCM-SHA256: not in 2.1 app. C
                (0xC08B, P, I), // ECDHE-RSA-CAMELLIA256-GCM-SHA384
                (0xC013, I, S), // ECDHE-RSA-AES128-SHA: SHA-1 CBC
                (0x0039, I, S), // DHE-RSA-AES256-SHA
                (0x0041, I, P), // static-RSA Camellia: INL-2.1 code said sufficient
                (0x00C0, I, P),
                (0x002F, I, P), // AES128-SHA
                (0x009D, I, P), // AES256-GCM-SHA384
                (0x000A, I, P), // DES-CBC3-SHA
                (0xC012, I, P), // ECDHE-RSA-DES-CBC3-SHA
                (0x0005, I, I), // RC4-SHA: not listed
                (0x0000, I, I), // NULL
                (0xC0A8, I, I), // PSK-AES128-CCM8: not listed
                (0x9999, I, I), // unknown codepoint
            ],
            |s, c| s.suite(CipherSuite(c)),
        );
        let (new, old) = sets();
        // Both files rate the same suites: every row of the reference table, plus CCM_8.
        let codes = |s: &TlsClasses| s.suites().map(|(c, _)| c).collect::<Vec<_>>();
        assert_eq!(codes(&new), codes(&old));
        assert_eq!(codes(&new).len(), 70);
    }

    #[test]
    fn groups() {
        check(
            &[
                (0x11EC, G, G), // X25519MLKEM768
                (0x11EB, G, G),
                (0x11ED, G, G),
                (0x001D, S, G), // x25519
                (0x001E, S, G), // x448
                (0x0017, S, G), // secp256r1
                (0x0018, S, G), // secp384r1
                (0x0019, S, G), // secp521r1: 2.1 text silent, INL-2.1 good
                (0x001A, S, I), // brainpoolP256r1
                (0x0021, S, I), // brainpoolP512r1tls13
                (0x0015, P, P), // secp224r1
                (0x0016, I, I), // secp256k1: not listed
                (0x0001, I, I), // sect163k1
                (0x0029, I, I), // curveSM2
                (0x11EE, I, I), // curveSM2MLKEM768
                (0x0201, S, S), // pure MLKEM768
                (0x6399, P, P), // X25519Kyber768Draft00
                (0x0100, I, P), // ffdhe2048, via [[dh]]
                (0x0101, P, S), // ffdhe3072
                (0x0104, P, S), // ffdhe8192
                (0x01FC, I, I), // ffdhe private use: unknown
                (0xABCD, I, I),
            ],
            |s, g| s.group(NamedGroup(g)),
        );
        let (new, _) = sets();
        let listed: Vec<u16> = new.groups().map(|(g, _)| g.0).collect();
        assert!(listed.contains(&0x0100) && listed.contains(&0x11EC));
    }

    #[test]
    fn dh_groups() {
        use KnownDhGroup as K;
        check(
            &[
                ((2048, Some(K::Ffdhe2048), true), I, P),
                ((3072, Some(K::Ffdhe3072), true), P, S),
                ((4096, Some(K::Ffdhe4096), true), P, S),
                ((8192, Some(K::Ffdhe8192), true), P, S),
                // An RFC 7919 prime with another generator is a custom group.
                ((4096, Some(K::Ffdhe4096), false), I, I),
                // Published, but not RFC 7919.
                ((2048, Some(K::Modp2048), true), I, I),
                ((1024, Some(K::Oakley1024), true), I, I),
                ((2048, Some(K::Rfc5114P2048Q256), false), I, I),
                // Self-generated.
                ((4096, None, true), I, I),
                ((1024, None, true), I, I),
            ],
            |s, (bits, known, g2)| s.dh(bits, known, g2),
        );
    }

    #[test]
    fn static_rsa_and_kex_hash() {
        let (new, old) = sets();
        assert_eq!((new.static_rsa(), old.static_rsa()), (I, P));
        check(
            &[
                ("sha512", G, G),
                ("sha384", G, G),
                ("sha256", G, G),
                ("sha224", P, P),
                ("sha1", I, P),
                ("md5", I, I),
                ("streebog", I, I),
            ],
            |s, h| s.kex_hash(h),
        );
    }

    #[test]
    fn certificate_keys() {
        check(
            &[
                (("rsa", Some(4096), None), S, G),
                (("rsa", Some(3072), None), S, G),
                (("rsa", Some(3071), None), P, S),
                (("rsa", Some(2048), None), P, S),
                (("rsa", Some(2047), None), I, I),
                (("rsa", None, None), I, I),
                (("ec", None, Some("P-256")), S, G),
                (("ec", None, Some("P-384")), S, G),
                (("ec", None, Some("P-521")), S, I),
                (("ec", None, Some("brainpoolP384r1")), S, I),
                (("ec", None, Some("P-224")), P, P),
                (("ec", None, Some("secp256k1")), I, I),
                (("ec", None, None), I, I),
                (("ed25519", None, None), S, I),
                (("ed448", None, None), S, I),
                (("dsa", Some(2048), None), I, S),
                (("dsa", Some(1024), None), I, I),
                (("ml-dsa", None, None), I, I),
                (("composite", None, None), I, I),
                (("unknown", None, None), I, I),
            ],
            |s, (alg, bits, curve)| s.cert_key(alg, bits, curve),
        );
    }

    #[test]
    fn certificate_signatures() {
        check(
            &[
                (("1.2.840.113549.1.1.11", "rsa", Some("sha256")), S, G),
                (("1.2.840.113549.1.1.13", "rsa", Some("sha512")), S, G),
                (("1.2.840.10045.4.3.3", "ecdsa", Some("sha384")), S, G),
                (("1.2.840.113549.1.1.14", "rsa", Some("sha224")), P, I),
                (("1.2.840.10045.4.3.1", "ecdsa", Some("sha224")), P, I),
                (("1.2.840.113549.1.1.5", "rsa", Some("sha1")), I, I),
                (("1.2.840.113549.1.1.4", "rsa", Some("md5")), I, I),
                (("1.3.101.112", "ed25519", None), S, I),
                (("2.16.840.1.101.3.4.3.2", "dsa", Some("sha256")), I, G),
                // RSASSA-PSS: the hash comes from the parameters.
                (("1.2.840.113549.1.1.10", "rsa-pss", Some("sha256")), S, G),
                (("1.2.840.113549.1.1.10", "rsa-pss", Some("sha512")), S, G),
                (("1.2.840.113549.1.1.10", "rsa-pss", Some("sha224")), P, I),
                (("1.2.840.113549.1.1.10", "rsa-pss", Some("sha1")), I, I),
                (("1.2.840.113549.1.1.10", "rsa-pss", None), I, I),
                (("2.16.840.1.101.3.4.3.18", "ml-dsa", None), I, I),
                (("1.2.3.4", "unknown", None), I, I),
            ],
            |s, (oid, alg, hash)| s.cert_signature(oid, alg, hash),
        );
    }

    /// Every row of the embedded files says where its level comes from.
    #[test]
    fn every_embedded_row_has_a_note() {
        for (_, file, text) in EMBEDDED {
            let table: toml::Table = toml::from_str(text).unwrap();
            for (key, value) in &table {
                let Some(rows) = value.as_array() else {
                    continue;
                };
                for row in rows {
                    let note = row.get("note").and_then(toml::Value::as_str);
                    assert!(
                        note.is_some_and(|n| !n.trim().is_empty()),
                        "{file}: a [[{key}]] row has no note: {row}"
                    );
                }
            }
            assert!(table["key_exchange"].get("note").is_some(), "{file}");
        }
    }

    // --- errors ---------------------------------------------------------------------

    /// The smallest valid file: meta, key exchange and every hash.
    fn minimal() -> String {
        let mut text = String::from(
            "[tls_ruleset]\nid = \"t\"\nversion = \"1\"\nvalid_from = \"2025-01-01\"\n\
             label = \"T\"\ntitle = { nl = \"t\", en = \"t\" }\n\
             default_level = \"insufficient\"\ncipher_order = \"prescribed_tiers\"\n\
             ems_required = false\n\n[key_exchange]\nstatic_rsa = \"phase_out\"\n",
        );
        for hash in vocabulary::hashes() {
            text.push_str(&format!(
                "\n[[kex_hash]]\nhash = \"{hash}\"\nlevel = \"good\"\n"
            ));
        }
        text
    }

    fn error(extra: &str) -> TlsClassesError {
        let text = format!("{}\n{extra}", minimal());
        TlsClasses::parse("custom.toml", &text).unwrap_err()
    }

    /// The line of the first occurrence of `needle` in the minimal file plus `extra`.
    fn line_in(extra: &str, needle: &str, nth: usize) -> usize {
        let text = format!("{}\n{extra}", minimal());
        let at = text.match_indices(needle).nth(nth).unwrap().0;
        line_of(&text, at)
    }

    #[test]
    fn the_minimal_file_loads_and_rates_everything_by_default() {
        let set = TlsClasses::parse("custom.toml", &minimal()).unwrap();
        assert_eq!(set.suite(CipherSuite(0x1301)), I);
        assert_eq!(set.group(NamedGroup(0x0100)), I);
        assert_eq!(set.static_rsa(), P);
    }

    #[test]
    fn a_syntax_error_names_file_and_line() {
        let err = TlsClasses::parse("broken.toml", "[tls_ruleset]\nid = \n").unwrap_err();
        assert_eq!(err.file, "broken.toml");
        assert_eq!(err.line, Some(2), "{err}");
        let shown = err.to_string();
        assert!(
            shown.contains("broken.toml") && shown.contains("line 2"),
            "{shown}"
        );
    }

    #[test]
    fn an_unknown_level_names_its_line() {
        let extra = "[[cipher_suite]]\ncode = 0x1301\nname = \"TLS_AES_128_GCM_SHA256\"\nlevel = \"goed\"\n";
        let err = error(extra);
        assert!(err.message.contains("goed"), "{err}");
        assert_eq!(
            err.line,
            Some(line_in(extra, "level = \"goed\"", 0)),
            "{err}"
        );
    }

    #[test]
    fn an_unknown_key_is_rejected() {
        let err = error(
            "[[cipher_suite]]\ncode = 0x1301\nname = \"TLS_AES_128_GCM_SHA256\"\nlevel = \"good\"\nlevle = \"good\"\n",
        );
        assert!(err.message.contains("levle"), "{err}");
        assert!(err.line.is_some(), "{err}");
    }

    #[test]
    fn a_duplicate_code_is_rejected_at_the_second_row() {
        let row = "[[cipher_suite]]\ncode = 0x1301\nname = \"TLS_AES_128_GCM_SHA256\"\nlevel = \"good\"\n\n";
        let extra = format!("{row}{row}");
        let err = error(&extra);
        assert!(err.message.contains("listed twice"), "{err}");
        assert_eq!(
            err.line,
            Some(line_in(&extra, "[[cipher_suite]]", 1)),
            "{err}"
        );
    }

    #[test]
    fn a_name_that_contradicts_iana_is_rejected() {
        let extra = "[[cipher_suite]]\ncode = 0x1301\nname = \"TLS_AES_256_GCM_SHA384\"\nlevel = \"good\"\n";
        let err = error(extra);
        assert!(
            err.message.contains("TLS_AES_256_GCM_SHA384")
                && err.message.contains("TLS_AES_128_GCM_SHA256"),
            "{err}"
        );
        assert_eq!(
            err.line,
            Some(line_in(extra, "[[cipher_suite]]", 0)),
            "{err}"
        );
        assert!(
            err.to_string()
                .starts_with("TLS rule file custom.toml, line ")
        );

        let err = error("[[group]]\ncode = 0x001D\nname = \"x448\"\nlevel = \"good\"\n");
        assert!(err.message.contains("\"x25519\""), "{err}");
        let err = error("[[version]]\ncode = 0x0303\nname = \"TLSv1.3\"\nlevel = \"good\"\n");
        assert!(err.message.contains("TLSv1.2"), "{err}");
        let err = error("[[cipher_suite]]\ncode = 0xFEFE\nname = \"X\"\nlevel = \"good\"\n");
        assert!(err.message.contains("not in pastoe's IANA table"), "{err}");
        let err = error("[[dh]]\ngroup = \"ffdhe3072\"\ncode = 0x0100\nlevel = \"good\"\n");
        assert!(err.message.contains("0x0101"), "{err}");
        let err = error(
            "[[cert_signature]]\noid = \"1.2.840.113549.1.1.11\"\nname = \"sha1WithRSAEncryption\"\nlevel = \"good\"\n",
        );
        assert!(err.message.contains("sha256WithRSAEncryption"), "{err}");
    }

    #[test]
    fn rows_that_can_never_match_are_rejected() {
        let err = error(
            "[[cert_key]]\nalgorithm = \"rsa\"\nlevel = \"insufficient\"\n\n\
             [[cert_key]]\nalgorithm = \"rsa\"\nmin_bits = 3072\nlevel = \"good\"\n",
        );
        assert!(err.message.contains("never applies"), "{err}");
        let err = error(
            "[[cert_signature]]\nalgorithm = \"rsa-pss\"\nlevel = \"insufficient\"\n\n\
             [[cert_signature]]\nalgorithm = \"rsa-pss\"\nhash = \"sha256\"\nlevel = \"good\"\n",
        );
        assert!(err.message.contains("never applies"), "{err}");
        let err = error(
            "[[dh]]\ngroup = \"custom\"\nlevel = \"insufficient\"\n\n\
             [[dh]]\ngroup = \"custom\"\nmin_bits = 2048\nlevel = \"good\"\n",
        );
        assert!(err.message.contains("never applies"), "{err}");
        // The other order is fine: the larger minimum first.
        let text = format!(
            "{}\n[[dh]]\ngroup = \"custom\"\nmin_bits = 2048\nlevel = \"phase_out\"\n\n\
             [[dh]]\ngroup = \"custom\"\nlevel = \"insufficient\"\n",
            minimal()
        );
        let set = TlsClasses::parse("custom.toml", &text).unwrap();
        assert_eq!(set.dh(4096, None, false), P);
        assert_eq!(set.dh(1024, None, true), I);
    }

    #[test]
    fn misplaced_or_unknown_values_are_rejected() {
        for (extra, expect) in [
            (
                "[[group]]\ncode = 0x0100\nname = \"ffdhe2048\"\nlevel = \"good\"\n",
                "[[dh]]",
            ),
            (
                "[[cipher_suite]]\ncode = 0x00FF\nname = \"TLS_EMPTY_RENEGOTIATION_INFO_SCSV\"\nlevel = \"good\"\n",
                "signalling",
            ),
            (
                "[[dh]]\ngroup = \"modp2048\"\nlevel = \"good\"\n",
                "RFC 7919",
            ),
            (
                "[[cert_key]]\nalgorithm = \"rsa\"\ncurve = \"P-256\"\nlevel = \"good\"\n",
                "only applies to ec",
            ),
            (
                "[[cert_key]]\nalgorithm = \"ec\"\ncurve = \"P-257\"\nlevel = \"good\"\n",
                "unknown curve",
            ),
            (
                "[[cert_key]]\nalgorithm = \"ec\"\nmin_bits = 256\nlevel = \"good\"\n",
                "min_bits only applies",
            ),
            (
                "[[cert_signature]]\nalgorithm = \"rsa-pss\"\nhash = \"sha3\"\nlevel = \"good\"\n",
                "unknown hash",
            ),
            (
                "[[cert_signature]]\noid = \"1.2.3.4\"\nalgorithm = \"rsa\"\nlevel = \"good\"\n",
                "either an oid",
            ),
            (
                "[[cert_signature]]\noid = \"sha256\"\nname = \"x\"\nlevel = \"good\"\n",
                "not a dotted OID",
            ),
            (
                "[[kex_hash]]\nhash = \"sha1\"\nlevel = \"good\"\n",
                "listed twice",
            ),
        ] {
            let err = error(extra);
            assert!(err.message.contains(expect), "{extra}: {err}");
            assert!(err.line.is_some(), "{extra}: {err}");
        }
    }

    #[test]
    fn missing_pieces_are_rejected() {
        let cut = minimal();
        let cut = &cut[..cut.rfind("\n[[kex_hash]]").unwrap()];
        let err = TlsClasses::parse("custom.toml", cut).unwrap_err();
        assert!(err.message.contains("sha512"), "{err}");
        let err = TlsClasses::parse(
            "custom.toml",
            &minimal().replace("2025-01-01", "1 May 2025"),
        )
        .unwrap_err();
        assert!(
            err.message.contains("not a date") && err.line == Some(4),
            "{err}"
        );
    }

    // --- the check texts ------------------------------------------------------------

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct CheckFile {
        standards: BTreeMap<String, StandardRule>,
        checks: BTreeMap<String, CheckRule>,
    }

    #[test]
    fn tls_check_statuses_follow_the_reference() {
        let file: CheckFile = toml::from_str(include_str!("../../rules/tls.toml")).unwrap();
        let status = |id: &str, key: &str| file.checks[id].outcomes[key].status;
        for id in [
            "web.tls.version",
            "web.tls.ciphers",
            "web.tls.key_exchange",
            "web.cert.pubkey",
            "web.cert.signature",
        ] {
            assert_eq!(status(id, "phase_out"), Status::Warning, "{id}");
            assert_eq!(status(id, "insufficient"), Status::Fail, "{id}");
        }
        let tls = &file.standards["tls"];
        assert!(tls.forum && tls.deadline.is_some() && tls.deadline_source.is_some());
        assert!(!file.standards["dane"].forum);
        for (id, rule) in &file.checks {
            assert_eq!(rule.scoring, id != "web.tls.client_reneg", "{id}: scoring");
            if let Some(o) = rule.outcomes.get("not_tested") {
                assert_eq!(o.status, Status::NotApplicable, "{id}");
            }
            if let Some(o) = rule.outcomes.get("failed") {
                assert_eq!(o.status, Status::Error, "{id}");
            }
        }
        assert_eq!(status("web.tls.kex_hash", "phase_out"), Status::Warning);
        assert_eq!(status("web.tls.kex_hash", "insufficient"), Status::Fail);
        assert_eq!(status("web.tls.zero_rtt", "refused"), Status::Pass);
        assert_eq!(status("web.tls.ocsp", "not_stapled"), Status::Info);
        assert_eq!(
            status("web.tls.client_reneg", "not_measured"),
            Status::NotApplicable
        );
        assert_eq!(status("web.tls.client_reneg", "not_allowed"), Status::Pass);
        assert_eq!(
            status("web.tls.client_reneg", "allowed_with_low_limit"),
            Status::Pass
        );
        assert_eq!(
            status("web.tls.client_reneg", "allowed_with_too_high_limit"),
            Status::Fail
        );
        use crate::rules::Level;
        let level = |id: &str| file.checks[id].level;
        assert_eq!(level("web.tls.ocsp"), Level::Recommended);
        assert_eq!(level("web.tls.client_reneg"), Level::Optional);
        assert_eq!(level("web.dane.exists"), Level::Optional);
        assert_eq!(level("web.dane.valid"), Level::Recommended);
        assert_eq!(level("web.tls.ems"), Level::Required);
    }
}
