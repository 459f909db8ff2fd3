//! Rule sets: what each outcome of a check means, as data.
//!
//! The Rust side of a check decides which *outcome key* applies (`too_short`) and with which
//! values; the rule file says what that outcome means: its status, the texts in Dutch and
//! English, the advice and the reference. Thresholds live here too (`params`), so changing a
//! threshold in TOML changes the verdict without recompiling.

pub mod providers;
pub mod tls_classes;
mod vocabulary;

use providers::Providers;

use tls_classes::TlsClasses;

pub use vocabulary::{Lang, Level, Status, Text};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::wire::tls::iana::{BulkCipher, NamedGroup};
use pgp::composed::SignedPublicKey;

/// What a check needs from its rule: the judge declares one per check, and a rule set is
/// validated against them when it loads, so a gap shows then and not on the day a server
/// triggers it.
#[derive(Debug, Clone, Copy)]
pub struct RuleContract {
    pub id: &'static str,
    /// Every outcome key the check can produce: each needs a text, and no other may have one.
    pub outcomes: &'static [&'static str],
    /// The parameters the check reads, with their types.
    pub params: &'static [(&'static str, ParamKind)],
}

/// The type a rule parameter must have; checked when rules load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    /// A whole number ≥ 0.
    Count,
    /// A whole number ≥ 0 and below this bound, beyond which the check's reasoning no
    /// longer holds.
    CountBelow(u64),
    /// A list of strings.
    Words,
    /// A list of TLS group names as `wire::tls::iana` spells them (`X25519MLKEM768`).
    TlsGroups,
    /// A list of bulk ciphers as `wire::tls::iana::BulkCipher` names them (`ChaCha20`).
    BulkCiphers,
}

/// The rule files compiled into the binary, used when no `--rules` folder is given.
const EMBEDDED: &[(&str, &str)] = &[
    (
        "forum-standaardisatie.toml",
        include_str!("../../rules/forum-standaardisatie.toml"),
    ),
    ("dns.toml", include_str!("../../rules/dns.toml")),
    ("rpki.toml", include_str!("../../rules/rpki.toml")),
    ("tls.toml", include_str!("../../rules/tls.toml")),
    ("mail.toml", include_str!("../../rules/mail.toml")),
    (
        "digitoegankelijk.toml",
        include_str!("../../rules/digitoegankelijk.toml"),
    ),
    ("pqc.toml", include_str!("../../rules/pqc.toml")),
    ("autonomy.toml", include_str!("../../rules/autonomy.toml")),
    ("adr.toml", include_str!("../../rules/adr.toml")),
    ("documents.toml", include_str!("../../rules/documents.toml")),
    ("providers.toml", include_str!("../../rules/providers.toml")),
    (
        "ncsc-tls-2025-05.toml",
        include_str!("../../rules/ncsc-tls-2025-05.toml"),
    ),
    (
        "ncsc-tls-2.1.toml",
        include_str!("../../rules/ncsc-tls-2.1.toml"),
    ),
];

/// The NCSC TLS table judged against unless `--tls-rules` says otherwise: the one
/// internet.nl applies and the revised decree will cite.
pub const DEFAULT_TLS_RULES: &str = "ncsc-tls-2025-05";

/// The version of the NLGov REST API Design Rules judged against unless `--adr-rules` says
/// otherwise: the one published last as final (2.2 is "ter vaststelling").
pub const DEFAULT_ADR_RULES: &str = "2.1";

/// The parameter of a rule that names the ADR versions the rule belongs to.
pub const ADR_VERSIONS_PARAM: &str = "adr_versions";

#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    #[error("cannot read rule file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("rule file {file}: {message}")]
    Syntax { file: String, message: String },
    #[error("rule file {file}: check {check}: {message}")]
    Invalid {
        file: String,
        check: String,
        message: String,
    },
    #[error("rule folder {0} has no *.toml files")]
    Empty(PathBuf),
    #[error("check {check} is defined in both {first} and {second}")]
    Duplicate {
        check: String,
        first: String,
        second: String,
    },
    #[error("no rule file defines check {0}")]
    Missing(String),
    #[error(transparent)]
    TlsTable(#[from] tls_classes::TlsClassesError),
    #[error("no NCSC TLS table (a file with [tls_ruleset]) among the rule files")]
    NoTlsTable,
    #[error("TLS table {id} is defined in both {first} and {second}")]
    DuplicateTlsTable {
        id: String,
        first: String,
        second: String,
    },
    #[error("no providers table (a file with [providers]) among the rule files")]
    NoProviders,
    #[error("the providers table is defined in both {first} and {second}")]
    DuplicateProviders { first: String, second: String },
    #[error("--tls-rules {given:?}: no such NCSC TLS table (available: {available})")]
    UnknownTlsTable { given: String, available: String },
    #[error(
        "--adr-rules {given:?}: no rule names this API Design Rules version (available: {available})"
    )]
    UnknownAdrVersion { given: String, available: String },
}

/// Identity of a rule set, shown in every report so a verdict can be traced to its rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleSetMeta {
    pub id: String,
    pub version: String,
    pub valid_from: String,
    #[serde(default)]
    pub sources: Vec<String>,
    /// The longest an explanation may run, in days (default one year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_explanation_days: Option<i64>,
    /// A readiness view (`pqc`, `autonomy`): its findings are reported beside the compliance
    /// standards and never count towards compliance, the Forum view or the score. A view
    /// with `[[deadlines]]` also gets the readiness roll-up (`judge::readiness`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub readiness: bool,
}

/// A dated milestone a readiness view measures against (the EU PQC roadmap, NIST IR 8547).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deadline {
    pub id: String,
    /// The last day of the milestone, `YYYY-MM-DD`.
    pub date: String,
    /// Who set it (`EU-routekaart PQC`).
    pub frame: Text,
    /// What must be done by then.
    pub milestone: Text,
    /// Which endpoints it is about: `all` or `sensitive` (mail and login portals).
    pub scope: DeadlineScope,
    pub source: String,
    /// The readiness view whose file lists it (set when the rules load).
    #[serde(skip)]
    pub view: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineScope {
    All,
    Sensitive,
}

/// A standard that checks count towards (a Forum Standaardisatie list entry or an
/// internet.nl category).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StandardRule {
    pub name: Text,
    /// True when the standard is on the Forum Standaardisatie comply-or-explain list.
    pub forum: bool,
    pub reference: String,
    /// The agreed adoption deadline (Forum Standaardisatie streefbeeld), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    /// Why that deadline, in a few words (the agreement or law behind it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline_source: Option<String>,
    #[serde(default)]
    pub order: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckRule {
    pub standard: String,
    pub level: Level,
    pub title: Text,
    pub why: Text,
    pub reference: String,
    /// A new check enters as non-scoring: reported, but not counted in scores.
    #[serde(default = "yes")]
    pub scoring: bool,
    #[serde(default)]
    pub params: BTreeMap<String, toml::Value>,
    pub outcomes: BTreeMap<String, OutcomeRule>,
    /// When this check is not tested because of another check's verdict on the same subject.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_tested_when: Option<NotTestedWhen>,
    /// The readiness view the check belongs to (the `[ruleset]` of its file), if any.
    #[serde(skip)]
    pub readiness: Option<String>,
}

/// A dependency between checks, as internet.nl has them ("not tested" when a parent test
/// failed): on a subject whose verdict of `check` has only outcomes from `outcomes`, this
/// check's outcome is `outcome` instead of what its own evaluation finds. E.g. DANE is not
/// tested on a mail server that offers no STARTTLS: its TLSA records protect nothing there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotTestedWhen {
    pub check: String,
    pub outcomes: Vec<String>,
    pub outcome: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeRule {
    pub status: Status,
    /// The level this outcome counts at instead of the check's: an optional check whose
    /// outcome is required in one case (internet.nl: the mail certificate's name is
    /// optional, but required when a DANE-TA record exists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
    /// A short name for the outcome where a roll-up counts them (`hybride actief`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<Text>,
    pub message: Text,
    #[serde(default)]
    pub advice: Option<Text>,
}

fn yes() -> bool {
    true
}

impl CheckRule {
    /// The strings of a list parameter (none when it is absent or not a list).
    pub fn string_list<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a str> {
        self.params
            .get(name)
            .and_then(toml::Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(toml::Value::as_str)
    }

    /// A whole-number parameter. Its presence and type were checked when the rules loaded.
    pub fn param_u64(&self, name: &str) -> u64 {
        self.params
            .get(name)
            .and_then(toml::Value::as_integer)
            .and_then(|v| u64::try_from(v).ok())
            .unwrap_or_default()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    ruleset: Option<RuleSetMeta>,
    #[serde(default)]
    deadlines: Vec<Deadline>,
    #[serde(default)]
    standards: BTreeMap<String, StandardRule>,
    #[serde(default)]
    checks: BTreeMap<String, CheckRuleText>,
    nonexistent: Option<OutcomeRule>,
}

/// A check rule as written. `like = "web.tls.version"` starts from another check's rule
/// (the mail copies of the TLS checks say the same about a mail server); every field given
/// here replaces the base's, and each outcome given replaces that outcome only.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckRuleText {
    like: Option<String>,
    standard: Option<String>,
    level: Option<Level>,
    title: Option<Text>,
    why: Option<Text>,
    reference: Option<String>,
    scoring: Option<bool>,
    #[serde(default)]
    params: BTreeMap<String, toml::Value>,
    #[serde(default)]
    outcomes: BTreeMap<String, OutcomeRuleText>,
    not_tested_when: Option<NotTestedWhen>,
}

/// An outcome as written; in a copy (`like`) only the fields that differ need be given.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct OutcomeRuleText {
    status: Option<Status>,
    level: Option<Level>,
    label: Option<Text>,
    message: Option<Text>,
    advice: Option<Text>,
}

impl OutcomeRuleText {
    /// This outcome over `base` (field by field), complete or the name of what is missing.
    fn over(&self, base: Option<&OutcomeRuleText>) -> Result<OutcomeRule, &'static str> {
        let base = base.cloned().unwrap_or(OutcomeRuleText {
            status: None,
            level: None,
            label: None,
            message: None,
            advice: None,
        });
        Ok(OutcomeRule {
            status: self.status.or(base.status).ok_or("status")?,
            level: self.level.or(base.level),
            label: self.label.clone().or(base.label),
            message: self.message.clone().or(base.message).ok_or("message")?,
            advice: self.advice.clone().or(base.advice),
        })
    }
}

impl CheckRuleText {
    /// The complete rule, from this text and (for `like`) its base, which must be written
    /// out itself: bases do not chain.
    fn resolve(
        &self,
        file: &str,
        id: &str,
        all: &BTreeMap<String, (String, CheckRuleText)>,
    ) -> Result<CheckRule, RulesError> {
        let invalid = |message: String| RulesError::Invalid {
            file: file.to_string(),
            check: id.to_string(),
            message,
        };
        let base = match &self.like {
            None => None,
            Some(like) => {
                let (_, base) = all
                    .get(like)
                    .ok_or_else(|| invalid(format!("like = {like:?}: no such check rule")))?;
                if base.like.is_some() {
                    return Err(invalid(format!(
                        "like = {like:?}: that rule is itself a copy; name its base instead"
                    )));
                }
                Some(base)
            }
        };
        let pick = |mine: &Option<String>, theirs: Option<&Option<String>>, field: &str| {
            mine.clone()
                .or_else(|| theirs.cloned().flatten())
                .ok_or_else(|| invalid(format!("{field} is missing")))
        };
        let pick_text = |mine: &Option<Text>, theirs: Option<&Option<Text>>, field: &str| {
            mine.clone()
                .or_else(|| theirs.cloned().flatten())
                .ok_or_else(|| invalid(format!("{field} is missing")))
        };
        let mut params = base.map(|b| b.params.clone()).unwrap_or_default();
        params.extend(self.params.clone());
        let empty = BTreeMap::new();
        let base_outcomes = base.map(|b| &b.outcomes).unwrap_or(&empty);
        let mut outcomes = BTreeMap::new();
        for key in base_outcomes.keys().chain(self.outcomes.keys()) {
            let text = self.outcomes.get(key).or(base_outcomes.get(key));
            let base_text = self.outcomes.get(key).and(base_outcomes.get(key));
            if let Some(text) = text {
                let rule = text
                    .over(base_text)
                    .map_err(|field| invalid(format!("outcome {key:?}: {field} is missing")))?;
                outcomes.insert(key.clone(), rule);
            }
        }
        Ok(CheckRule {
            standard: pick(&self.standard, base.map(|b| &b.standard), "standard")?,
            level: self
                .level
                .or(base.and_then(|b| b.level))
                .ok_or_else(|| invalid("level is missing".into()))?,
            title: pick_text(&self.title, base.map(|b| &b.title), "title")?,
            why: pick_text(&self.why, base.map(|b| &b.why), "why")?,
            reference: pick(&self.reference, base.map(|b| &b.reference), "reference")?,
            scoring: self
                .scoring
                .or(base.and_then(|b| b.scoring))
                .unwrap_or(true),
            params,
            outcomes,
            // Not inherited: a dependency names a check of its own area (the web original of
            // a mail copy would point the copy at a web check, whose subjects never match).
            not_tested_when: self.not_tested_when.clone(),
            readiness: None,
        })
    }
}

/// All rules in force for a scan.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSet {
    /// The compliance rule set (forum-standaardisatie).
    pub meta: RuleSetMeta,
    /// Readiness views reported beside it (`pqc`).
    pub views: Vec<RuleSetMeta>,
    /// The milestones of the readiness views, in date order.
    pub deadlines: Vec<Deadline>,
    pub standards: BTreeMap<String, StandardRule>,
    pub checks: BTreeMap<String, CheckRule>,
    /// What every check says of a domain that does not exist (NXDOMAIN): nothing about it
    /// can be measured, and it is not the checks' failure but the list's.
    pub nonexistent: OutcomeRule,
    /// The NCSC TLS tables by id; the TLS checks judge against the selected one.
    pub tls_tables: BTreeMap<String, TlsClasses>,
    tls_selected: String,
    /// The NLGov REST API Design Rules version the API checks judge against.
    adr_selected: String,
    /// The OpenPGP keys that must have signed security.txt (`--sectxt-key`): an input to
    /// judging given beside the rules, read once for every domain; none when not given.
    pub sectxt_keys: Vec<SignedPublicKey>,
    /// Who runs internet services under which law (`providers.toml`), for the autonomy view.
    pub providers: Providers,
}

impl RuleSet {
    /// The rules compiled into the binary, validated against `contracts`.
    pub fn embedded(contracts: &[RuleContract]) -> Result<RuleSet, RulesError> {
        Self::from_sources(
            EMBEDDED.iter().map(|(n, t)| (n.to_string(), t.to_string())),
            contracts,
        )
    }

    /// Every `*.toml` in a folder, replacing the embedded rules, validated against
    /// `contracts`.
    pub fn load_dir(dir: &Path, contracts: &[RuleContract]) -> Result<RuleSet, RulesError> {
        let read = |path: &Path| {
            std::fs::read_to_string(path).map_err(|source| RulesError::Read {
                path: path.to_path_buf(),
                source,
            })
        };
        let entries = std::fs::read_dir(dir).map_err(|source| RulesError::Read {
            path: dir.to_path_buf(),
            source,
        })?;
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        if paths.is_empty() {
            return Err(RulesError::Empty(dir.to_path_buf()));
        }
        let mut sources = Vec::new();
        for path in paths {
            sources.push((path.display().to_string(), read(&path)?));
        }
        Self::from_sources(sources.into_iter(), contracts)
    }

    fn from_sources(
        sources: impl Iterator<Item = (String, String)>,
        contracts: &[RuleContract],
    ) -> Result<RuleSet, RulesError> {
        let mut meta = None;
        let mut views: Vec<RuleSetMeta> = Vec::new();
        let mut deadlines: Vec<Deadline> = Vec::new();
        let mut standards = BTreeMap::new();
        let mut checks: BTreeMap<String, CheckRule> = BTreeMap::new();
        let mut texts: BTreeMap<String, (String, CheckRuleText)> = BTreeMap::new();
        let mut views_of: BTreeMap<String, Option<String>> = BTreeMap::new();
        let mut origin: BTreeMap<String, String> = BTreeMap::new();
        let mut tls_tables: BTreeMap<String, TlsClasses> = BTreeMap::new();
        let mut tls_origin: BTreeMap<String, String> = BTreeMap::new();
        let mut nonexistent: Option<(String, OutcomeRule)> = None;
        let mut providers: Option<(String, Providers)> = None;
        for (file, text) in sources {
            // A classification table (NCSC TLS) or the providers table is data of another
            // shape than check rules.
            let top = toml::from_str::<toml::Table>(&text).ok();
            if top.as_ref().is_some_and(|t| t.contains_key("providers")) {
                if let Some((first, _)) = &providers {
                    return Err(RulesError::DuplicateProviders {
                        first: first.clone(),
                        second: file,
                    });
                }
                let table = Providers::parse(&file, &text)?;
                providers = Some((file, table));
                continue;
            }
            let is_table = top.is_some_and(|t| t.contains_key("tls_ruleset"));
            if is_table {
                let table = TlsClasses::parse(&file, &text)?;
                let id = table.meta().id.clone();
                if let Some(first) = tls_origin.get(&id) {
                    return Err(RulesError::DuplicateTlsTable {
                        id,
                        first: first.clone(),
                        second: file,
                    });
                }
                tls_origin.insert(id.clone(), file.clone());
                tls_tables.insert(id, table);
                continue;
            }
            let mut parsed: RuleFile = toml::from_str(&text).map_err(|e| RulesError::Syntax {
                file: file.clone(),
                message: e.to_string().trim_end().to_string(),
            })?;
            // A file without [ruleset] adds to the compliance rule set; a readiness view's
            // checks and deadlines stay marked as its own.
            let view = parsed.ruleset.as_ref().filter(|m| m.readiness).cloned();
            match parsed.ruleset.take() {
                Some(m) if m.readiness => views.push(m),
                Some(m) if meta.is_none() => meta = Some(m),
                _ => {}
            }
            if !parsed.deadlines.is_empty() && view.is_none() {
                return Err(RulesError::Syntax {
                    file,
                    message:
                        "deadlines belong to a readiness rule set ([ruleset] readiness = true)"
                            .into(),
                });
            }
            for deadline in &mut parsed.deadlines {
                validate_deadline(&file, deadline)?;
                deadline.view = view.as_ref().map(|m| m.id.clone()).unwrap_or_default();
            }
            if let Some(rule) = parsed.nonexistent {
                if let Some((first, _)) = &nonexistent {
                    return Err(RulesError::Syntax {
                        file,
                        message: format!("[nonexistent] is already defined in {first}"),
                    });
                }
                nonexistent = Some((file.clone(), rule));
            }
            deadlines.extend(parsed.deadlines);
            standards.extend(parsed.standards);
            for (id, rule) in parsed.checks {
                if let Some(first) = origin.get(&id) {
                    return Err(RulesError::Duplicate {
                        check: id,
                        first: first.clone(),
                        second: file,
                    });
                }
                origin.insert(id.clone(), file.clone());
                views_of.insert(id.clone(), view.as_ref().map(|m| m.id.clone()));
                texts.insert(id, (file.clone(), rule));
            }
        }
        // Resolved once every file is read: a copy may name a rule in another file.
        for (id, (file, text)) in &texts {
            let mut rule = text.resolve(file, id, &texts)?;
            rule.readiness = views_of[id].clone();
            checks.insert(id.clone(), rule);
        }
        // Checked once every file is read: a check may name a standard another file defines.
        for (id, rule) in &checks {
            let contract = contracts.iter().find(|c| c.id == id);
            validate_check(&origin[id], id, rule, contract, &standards)?;
            validate_adr_versions(&origin[id], id, rule)?;
            if let Some(dependency) = &rule.not_tested_when {
                validate_dependency(&origin[id], id, rule, dependency, &checks)?;
            }
        }
        let meta = meta.ok_or_else(|| RulesError::Syntax {
            file: "(rule set)".into(),
            message: "no file has a [ruleset] table with id, version and valid_from".into(),
        })?;
        for contract in contracts {
            if !checks.contains_key(contract.id) {
                return Err(RulesError::Missing(contract.id.to_string()));
            }
        }
        let (_, nonexistent) = nonexistent.ok_or_else(|| RulesError::Syntax {
            file: "(rule set)".into(),
            message: "no file has a [nonexistent] table: the status and texts every check \
                      gives a domain that does not exist"
                .into(),
        })?;
        for text in std::iter::once(&nonexistent.message).chain(nonexistent.advice.as_ref()) {
            if placeholders(&text.nl) != placeholders(&text.en) {
                return Err(RulesError::Syntax {
                    file: "(rule set)".into(),
                    message: "[nonexistent]: the Dutch and English texts use different \
                              placeholders"
                        .into(),
                });
            }
        }
        let tls_selected = if tls_tables.contains_key(DEFAULT_TLS_RULES) {
            DEFAULT_TLS_RULES.to_string()
        } else {
            tls_tables
                .keys()
                .next()
                .cloned()
                .ok_or(RulesError::NoTlsTable)?
        };
        deadlines.sort_by(|a, b| a.date.cmp(&b.date));
        let (_, providers) = providers.ok_or(RulesError::NoProviders)?;
        Ok(RuleSet {
            providers,
            meta,
            views,
            deadlines,
            standards,
            checks,
            nonexistent,
            tls_tables,
            tls_selected,
            adr_selected: DEFAULT_ADR_RULES.to_string(),
            sectxt_keys: Vec::new(),
        })
    }

    /// The NCSC TLS table the TLS checks judge against.
    pub fn tls(&self) -> &TlsClasses {
        // `tls_selected` is always a key: set from the map at load, changed only by
        // `select_tls` after a lookup.
        &self.tls_tables[&self.tls_selected]
    }

    /// Chooses the TLS table by id (`ncsc-tls-2.1`) or by version (`2.1`, `2025-05`).
    pub fn select_tls(&mut self, name: &str) -> Result<(), RulesError> {
        let found = self
            .tls_tables
            .iter()
            .find(|(id, t)| {
                *id == name || t.meta().version == name || **id == format!("ncsc-tls-{name}")
            })
            .map(|(id, _)| id.clone());
        match found {
            Some(id) => {
                self.tls_selected = id;
                Ok(())
            }
            None => Err(RulesError::UnknownTlsTable {
                given: name.to_string(),
                available: self
                    .tls_tables
                    .values()
                    .map(|t| format!("{} ({})", t.meta().version, t.meta().id))
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
        }
    }

    /// The NLGov REST API Design Rules version the API checks judge against.
    pub fn adr(&self) -> &str {
        &self.adr_selected
    }

    /// Every ADR version some rule names (its `adr_versions` parameter), sorted.
    pub fn adr_versions(&self) -> std::collections::BTreeSet<&str> {
        self.checks
            .values()
            .flat_map(|rule| rule.string_list(ADR_VERSIONS_PARAM))
            .collect()
    }

    /// Chooses the ADR version (`2.0`, `2.1`, `2.2`, or `adr-2.1`): one some rule names.
    pub fn select_adr(&mut self, name: &str) -> Result<(), RulesError> {
        let version = name.strip_prefix("adr-").unwrap_or(name);
        let versions = self.adr_versions();
        if versions.contains(version) {
            self.adr_selected = version.to_string();
            Ok(())
        } else {
            Err(RulesError::UnknownAdrVersion {
                given: name.to_string(),
                available: versions.into_iter().collect::<Vec<_>>().join(", "),
            })
        }
    }

    pub fn check(&self, id: &str) -> Option<&CheckRule> {
        self.checks.get(id)
    }
}

fn validate_deadline(file: &str, deadline: &Deadline) -> Result<(), RulesError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(&deadline.date, format).map_err(|_| RulesError::Syntax {
        file: file.to_string(),
        message: format!(
            "deadline {}: date {:?} is not YYYY-MM-DD",
            deadline.id, deadline.date
        ),
    })?;
    Ok(())
}

/// The `{name}` placeholders of a text, in order of first use.
fn placeholders(text: &str) -> std::collections::BTreeSet<&str> {
    let mut names = std::collections::BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close)
                if close > 0
                    && after[..close]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                names.insert(&after[..close]);
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    names
}

/// A dependency names a check of the same area that exists and is not itself dependent (so
/// they cannot form a cycle), outcomes that check has, and an outcome of this check.
fn validate_dependency(
    file: &str,
    id: &str,
    rule: &CheckRule,
    dependency: &NotTestedWhen,
    checks: &BTreeMap<String, CheckRule>,
) -> Result<(), RulesError> {
    let invalid = |message: String| RulesError::Invalid {
        file: file.to_string(),
        check: id.to_string(),
        message: format!("not_tested_when: {message}"),
    };
    let parent = checks
        .get(&dependency.check)
        .ok_or_else(|| invalid(format!("no such check {:?}", dependency.check)))?;
    // Verdicts are matched by subject, so both checks judge the same area's subjects.
    let area = |id: &str| id.split('.').next().unwrap_or_default().to_string();
    if area(id) != area(&dependency.check) {
        return Err(invalid(format!(
            "{:?} judges another area's subjects",
            dependency.check
        )));
    }
    if parent.not_tested_when.is_some() {
        return Err(invalid(format!(
            "{:?} depends on another check itself; name that one",
            dependency.check
        )));
    }
    if let Some(unknown) = dependency
        .outcomes
        .iter()
        .find(|o| !parent.outcomes.contains_key(*o))
    {
        return Err(invalid(format!(
            "{:?} has no outcome {unknown:?}",
            dependency.check
        )));
    }
    if !rule.outcomes.contains_key(&dependency.outcome) {
        return Err(invalid(format!(
            "this check has no outcome {:?}",
            dependency.outcome
        )));
    }
    Ok(())
}

/// A rule must cover every outcome its check can produce, in both languages, and carry
/// every parameter the check reads: a gap would otherwise show up only on the day a
/// server triggers it.
/// The parameter of a rule that names the ADR versions announcing it for a later one.
pub const ADR_ANNOUNCED_PARAM: &str = "adr_announced";

/// A rule's ADR versions are `major.minor`, and those that announce it come before every
/// version it belongs to.
fn validate_adr_versions(file: &str, id: &str, rule: &CheckRule) -> Result<(), RulesError> {
    let versions = |name: &str| -> Vec<&str> { rule.string_list(name).collect() };
    let number = |v: &str| -> Option<(u32, u32)> {
        let (major, minor) = v.split_once('.')?;
        Some((major.parse().ok()?, minor.parse().ok()?))
    };
    let invalid = |message: String| RulesError::Invalid {
        file: file.to_string(),
        check: id.to_string(),
        message,
    };
    let (belongs, announced) = (versions(ADR_VERSIONS_PARAM), versions(ADR_ANNOUNCED_PARAM));
    for v in belongs.iter().chain(&announced) {
        if number(v).is_none() {
            return Err(invalid(format!("ADR version {v:?} is not major.minor")));
        }
    }
    let first = belongs.iter().filter_map(|v| number(v)).min();
    for v in &announced {
        if first.is_none_or(|first| number(v) >= Some(first)) {
            return Err(invalid(format!(
                "{ADR_ANNOUNCED_PARAM} {v:?} must come before every version of {ADR_VERSIONS_PARAM} ({})",
                belongs.join(", ")
            )));
        }
    }
    Ok(())
}

fn validate_check(
    file: &str,
    id: &str,
    rule: &CheckRule,
    contract: Option<&RuleContract>,
    standards: &BTreeMap<String, StandardRule>,
) -> Result<(), RulesError> {
    let invalid = |message: String| RulesError::Invalid {
        file: file.to_string(),
        check: id.to_string(),
        message,
    };
    let spec = contract.ok_or_else(|| invalid("no such check in pastoe".into()))?;
    if !standards.contains_key(&rule.standard) {
        return Err(invalid(format!("unknown standard {:?}", rule.standard)));
    }
    for outcome in spec.outcomes {
        if !rule.outcomes.contains_key(*outcome) {
            return Err(invalid(format!("no text for outcome {outcome:?}")));
        }
    }
    for key in rule.outcomes.keys() {
        if !spec.outcomes.contains(&key.as_str()) {
            return Err(invalid(format!(
                "outcome {key:?} is never produced by this check"
            )));
        }
    }
    let texts = [&rule.title, &rule.why]
        .into_iter()
        .chain(rule.outcomes.values().map(|o| &o.message))
        .chain(rule.outcomes.values().filter_map(|o| o.advice.as_ref()));
    for text in texts {
        if text.nl.trim().is_empty() || text.en.trim().is_empty() {
            return Err(invalid("a text is empty in Dutch or English".into()));
        }
    }
    for (key, outcome) in &rule.outcomes {
        let failing = matches!(outcome.status, Status::Fail | Status::Warning);
        if failing && outcome.advice.is_none() {
            return Err(invalid(format!(
                "outcome {key:?} is a {} but has no advice",
                outcome.status.as_str()
            )));
        }
        for text in std::iter::once(&outcome.message).chain(outcome.advice.as_ref()) {
            if placeholders(&text.nl) != placeholders(&text.en) {
                return Err(invalid(format!(
                    "outcome {key:?}: the Dutch and English texts use different placeholders ({:?} / {:?})",
                    placeholders(&text.nl),
                    placeholders(&text.en)
                )));
            }
        }
    }
    for (param, kind) in spec.params {
        let value = rule.params.get(*param);
        let fits = match (kind, value) {
            (_, None) => return Err(invalid(format!("parameter {param} is missing"))),
            (ParamKind::Count, Some(v)) => v.as_integer().is_some_and(|n| n >= 0),
            (ParamKind::CountBelow(bound), Some(v)) => v
                .as_integer()
                .and_then(|n| u64::try_from(n).ok())
                .is_some_and(|n| n < *bound),
            (ParamKind::Words, Some(v)) => v
                .as_array()
                .is_some_and(|a| a.iter().all(|w| w.as_str().is_some())),
            (ParamKind::TlsGroups, Some(v)) => v.as_array().is_some_and(|a| {
                a.iter()
                    .all(|w| w.as_str().and_then(NamedGroup::from_name).is_some())
            }),
            (ParamKind::BulkCiphers, Some(v)) => v.as_array().is_some_and(|a| {
                a.iter()
                    .all(|w| w.as_str().and_then(BulkCipher::from_name).is_some())
            }),
        };
        if !fits {
            let want = match kind {
                ParamKind::Count => "a whole number".to_string(),
                ParamKind::CountBelow(bound) => format!("a whole number below {bound}"),
                ParamKind::Words => "a list of strings".to_string(),
                ParamKind::TlsGroups => "a list of TLS group names as IANA spells them".to_string(),
                ParamKind::BulkCiphers => "a list of bulk ciphers (AES, ChaCha20, …)".to_string(),
            };
            return Err(invalid(format!("parameter {param} must be {want}")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_rules_cover_every_check() {
        let rules = crate::judge::embedded_rules().expect("embedded rules load");
        for spec in crate::judge::checks::ALL {
            assert!(rules.check(spec.id).is_some(), "{}", spec.id);
        }
    }

    #[test]
    fn syntax_error_names_file_and_line() {
        let err = RuleSet::from_sources(
            [("broken.toml".to_string(), "[ruleset]\nid = \n".to_string())].into_iter(),
            &crate::judge::contracts(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("broken.toml"), "{err}");
        assert!(err.contains("line 2"), "{err}");
    }

    #[test]
    fn the_text_for_a_domain_that_does_not_exist_is_required() {
        let sources = EMBEDDED.iter().map(|(n, t)| {
            let text = match t.find("[nonexistent]") {
                Some(start) => t[..start].to_string(),
                None => t.to_string(),
            };
            (n.to_string(), text)
        });
        let err = RuleSet::from_sources(sources, &crate::judge::contracts())
            .unwrap_err()
            .to_string();
        assert!(err.contains("[nonexistent]"), "{err}");
    }

    #[test]
    fn missing_outcome_text_is_rejected() {
        // Drop one outcome table from an otherwise valid rule set.
        let mut sources: Vec<(String, String)> = EMBEDDED
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let forum = &mut sources[0].1;
        let start = forum
            .find("[checks.\"web.https.hsts\".outcomes.too_short]")
            .unwrap();
        let end = start + forum[start..].find("\n\n").unwrap();
        forum.replace_range(start..end, "");
        let err = RuleSet::from_sources(sources.into_iter(), &crate::judge::contracts())
            .unwrap_err()
            .to_string();
        assert!(err.contains("forum-standaardisatie.toml"), "{err}");
        assert!(
            err.contains("web.https.hsts") && err.contains("no text for outcome \"too_short\""),
            "{err}"
        );
    }

    #[test]
    fn a_failing_outcome_needs_advice_and_both_languages_the_same_placeholders() {
        let embedded = || -> Vec<(String, String)> {
            EMBEDDED
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect()
        };
        let mut sources = embedded();
        let start = sources[0]
            .1
            .find("[checks.\"web.https.hsts\".outcomes.too_short]")
            .unwrap();
        let advice = start + sources[0].1[start..].find("\nadvice = ").unwrap();
        let end = advice + 1 + sources[0].1[advice + 1..].find('\n').unwrap();
        sources[0].1.replace_range(advice..end, "");
        let err = RuleSet::from_sources(sources.into_iter(), &crate::judge::contracts())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("\"too_short\" is a fail but has no advice"),
            "{err}"
        );

        let mut sources = embedded();
        sources[0].1 = sources[0].1.replacen("{max_age}", "{maxage}", 1);
        let err = RuleSet::from_sources(sources.into_iter(), &crate::judge::contracts())
            .unwrap_err()
            .to_string();
        assert!(err.contains("different placeholders"), "{err}");
    }

    #[test]
    fn a_mistyped_parameter_is_rejected() {
        let mut sources: Vec<(String, String)> = EMBEDDED
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        sources[0].1 = sources[0]
            .1
            .replace("min_max_age = 31536000", "min_max_age = \"a year\"");
        let err = RuleSet::from_sources(sources.into_iter(), &crate::judge::contracts())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("parameter min_max_age must be a whole number"),
            "{err}"
        );
    }

    /// A tree pastoe stopped following holds at least `SPF_LOOKUPS_SEEN_WHEN_CUT_SHORT`
    /// lookup terms; a limit at or above it could call a tree pastoe did not read `ok`.
    #[test]
    fn spf_max_lookups_stays_below_what_a_cut_short_tree_shows() {
        let with = |limit: u64| {
            let sources = EMBEDDED.iter().map(|(n, t)| {
                (
                    n.to_string(),
                    t.replace("max_lookups = 10", &format!("max_lookups = {limit}")),
                )
            });
            RuleSet::from_sources(sources, &crate::judge::contracts()).map_err(|e| e.to_string())
        };
        let bound = crate::facts::SPF_LOOKUPS_SEEN_WHEN_CUT_SHORT;
        assert!(with(bound - 1).is_ok());
        let err = with(bound).unwrap_err();
        assert!(
            err.contains(&format!(
                "parameter max_lookups must be a whole number below {bound}"
            )),
            "{err}"
        );
    }

    /// An ADR version that announces a rule comes before the versions it belongs to.
    #[test]
    fn an_announcing_adr_version_comes_before_the_rule() {
        let with = |announced: &str| {
            let sources = EMBEDDED.iter().map(|(n, t)| {
                (
                    n.to_string(),
                    t.replace(
                        "adr_announced = [\"2.1\"]",
                        &format!("adr_announced = [{announced:?}]"),
                    ),
                )
            });
            RuleSet::from_sources(sources, &crate::judge::contracts()).map_err(|e| e.to_string())
        };
        assert!(with("2.0").is_ok());
        let err = with("2.2").unwrap_err();
        assert!(err.contains("must come before every version"), "{err}");
        let err = with("2.l").unwrap_err();
        assert!(err.contains("is not major.minor"), "{err}");
    }

    #[test]
    fn a_dependency_names_a_check_and_outcomes_that_exist() {
        let with = |from: &str, to: &str| -> String {
            let sources = EMBEDDED.iter().map(|(n, t)| {
                let t = if t.contains(from) {
                    t.replacen(from, to, 1)
                } else {
                    t.to_string()
                };
                (n.to_string(), t)
            });
            RuleSet::from_sources(sources, &crate::judge::contracts())
                .unwrap_err()
                .to_string()
        };
        let dependency = r#"not_tested_when = { check = "mail.starttls.available", outcomes = ["not_offered", "tls_failed"], outcome = "not_tested" }"#;
        let err = with(
            dependency,
            &dependency.replace("mail.starttls.available", "mail.starttls"),
        );
        assert!(
            err.contains("mail.dane.") && err.contains("no such check \"mail.starttls\""),
            "{err}"
        );
        let err = with(
            dependency,
            &dependency.replace("\"tls_failed\"", "\"tls_broken\""),
        );
        assert!(err.contains("has no outcome \"tls_broken\""), "{err}");
        let err = with(
            dependency,
            &dependency.replace("outcome = \"not_tested\"", "outcome = \"skipped\""),
        );
        assert!(
            err.contains("this check has no outcome \"skipped\""),
            "{err}"
        );
        let web = dependency.replace("mail.starttls.available", "web.https.available");
        let err = with(dependency, &web);
        assert!(err.contains("judges another area's subjects"), "{err}");
    }
}
