//! The organisations file: which organisation owns which domains, so a sweep can scan every
//! domain once and report it under each organisation that lists it.
//!
//! Two formats, chosen by the file's extension: CSV (one organisation a row, lists in a cell
//! separated by `;`) for lists kept in a spreadsheet, and TOML (`[[organisation]]` tables) for
//! lists kept by hand. Both read into the same rows and pass the same checks.
//!
//! Loading is lenient by default: a bad row never aborts the load and is never dropped
//! without a word. The loader returns every valid organisation together with a [`Problem`]
//! (file, line, what is wrong) for everything it could not take; a row with one bad domain
//! keeps its good ones. Commands that must not run on bad input use
//! [`OrganisationList::load_strict`].

mod read_csv;
mod read_toml;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;
use std::str::FromStr;

use crate::targets::{Domain, DomainError, api_base};

/// The columns (CSV) or keys (TOML) every organisation has.
const REQUIRED_FIELDS: [&str; 5] = ["id", "name", "type", "domains", "tags"];
/// The optional columns (CSV) or keys (TOML).
const SELECTORS_FIELD: &str = "dkim_selectors";
const APIS_FIELD: &str = "apis";

/// The kind of government body, as Forum Standaardisatie's monitor groups them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrgType {
    Gemeente,
    Provincie,
    Waterschap,
    Rijk,
    Zbo,
    Other,
}

impl OrgType {
    pub const ALL: [OrgType; 6] = [
        OrgType::Gemeente,
        OrgType::Provincie,
        OrgType::Waterschap,
        OrgType::Rijk,
        OrgType::Zbo,
        OrgType::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrgType::Gemeente => "gemeente",
            OrgType::Provincie => "provincie",
            OrgType::Waterschap => "waterschap",
            OrgType::Rijk => "rijk",
            OrgType::Zbo => "zbo",
            OrgType::Other => "other",
        }
    }
}

impl fmt::Display for OrgType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for OrgType {
    type Err = ProblemKind;

    fn from_str(s: &str) -> Result<OrgType, ProblemKind> {
        OrgType::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| ProblemKind::UnknownType(s.to_string()))
    }
}

/// One organisation and the domains it answers for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation {
    /// A slug (lowercase letters, digits, `-`): the name explanations and reports use.
    pub id: String,
    pub name: String,
    pub org_type: OrgType,
    pub tags: Vec<String>,
    /// At least one; in file order, each once.
    pub domains: Vec<Domain>,
    /// DKIM selectors to look up besides the common ones, lower-case.
    pub dkim_selectors: Vec<String>,
    /// Base URLs of the organisation's REST APIs (e.g. from the government's API register),
    /// `https://` without a trailing slash, each once.
    pub apis: Vec<String>,
    /// Where the organisation is defined (the row, or the `[[organisation]]` line).
    pub line: usize,
}

/// What is wrong with a part of an organisations file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProblemKind {
    #[error("{0}")]
    Syntax(String),
    #[error("the text is not UTF-8")]
    NotUtf8,
    #[error("no header row; the first row must name the columns {}", REQUIRED_FIELDS.join(","))]
    NoHeader,
    #[error("the header lacks column {}; it needs at least {}{}", .missing.join(", "), REQUIRED_FIELDS.join(","),
        if *.semicolons { " (the file looks separated by ';': separate columns by ',' and list items by ';')" } else { "" })]
    MissingColumns {
        missing: Vec<&'static str>,
        /// The header is one cell with `;` in it: a spreadsheet's "CSV (semicolon)" export.
        semicolons: bool,
    },
    #[error("column {0:?} appears twice in the header")]
    RepeatedColumn(String),
    #[error("{found} fields where the header has {expected}")]
    FieldCount { expected: usize, found: usize },
    #[error("unknown key {0:?}; organisations are [[organisation]] tables")]
    UnknownTopLevelKey(String),
    #[error("unknown key {0:?} in [[organisation]]")]
    UnknownKey(String),
    #[error("{field} must be {expected}")]
    WrongType {
        field: &'static str,
        expected: &'static str,
    },
    #[error("empty id")]
    EmptyId,
    #[error("id {0:?} is not a slug (lowercase letters, digits and '-')")]
    BadId(String),
    #[error("duplicate id {id:?} (first at line {first_line})")]
    DuplicateId { id: String, first_line: usize },
    #[error("empty name")]
    EmptyName,
    #[error(
        "unknown type {0:?}; expected one of gemeente, provincie, waterschap, rijk, zbo, other"
    )]
    UnknownType(String),
    #[error("domain {0}")]
    BadDomain(DomainError),
    #[error("domain {0} is listed twice")]
    RepeatedDomain(Domain),
    #[error("no domains")]
    NoDomains,
    #[error("none of its domains is valid; the organisation is left out")]
    NoValidDomains,
    #[error("DKIM selector {0:?} is not a DNS name (labels of letters, digits and '-')")]
    BadSelector(String),
    #[error("API base URL {url:?}: {reason}")]
    BadApiUrl { url: String, reason: &'static str },
}

/// One thing the loader could not take, and where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {kind}")]
pub struct Problem {
    pub file: String,
    /// 1-based.
    pub line: usize,
    pub kind: ProblemKind,
}

/// Why an organisations file could not be used at all.
#[derive(Debug, thiserror::Error)]
pub enum OrgsError {
    #[error("{file}: cannot read: {source}")]
    Read {
        file: String,
        source: std::io::Error,
    },
    #[error("{file}: unknown format; name the file *.csv or *.toml")]
    UnknownFormat { file: String },
    /// Only from [`OrganisationList::load_strict`].
    #[error("{file}: {} problems:\n{}", .problems.len(),
        .problems.iter().map(Problem::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid {
        file: String,
        problems: Vec<Problem>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Toml,
}

impl Format {
    /// By extension, case-insensitively.
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "toml" => Some(Format::Toml),
            _ => None,
        }
    }
}

/// The organisations of one file, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrganisationList {
    pub organisations: Vec<Organisation>,
}

/// A lenient load: what could be taken, and what could not.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub list: OrganisationList,
    /// In file order.
    pub problems: Vec<Problem>,
}

/// A domain and every organisation that lists it, for scanning it once and reporting it
/// under each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainOwners<'a> {
    pub domain: &'a Domain,
    /// In file order.
    pub organisations: Vec<&'a Organisation>,
}

impl OrganisationList {
    /// Read a file, format by extension. Fails only when the file cannot be read or has
    /// another extension; everything wrong inside it is in [`Loaded::problems`].
    pub fn load(path: &Path) -> Result<Loaded, OrgsError> {
        let file = path.display().to_string();
        let format =
            Format::of(path).ok_or_else(|| OrgsError::UnknownFormat { file: file.clone() })?;
        let bytes = std::fs::read(path).map_err(|source| OrgsError::Read {
            file: file.clone(),
            source,
        })?;
        Ok(OrganisationList::parse(&file, format, &bytes))
    }

    /// Read a file and refuse it, with every problem, unless it is clean.
    pub fn load_strict(path: &Path) -> Result<OrganisationList, OrgsError> {
        let loaded = OrganisationList::load(path)?;
        if loaded.problems.is_empty() {
            Ok(loaded.list)
        } else {
            Err(OrgsError::Invalid {
                file: path.display().to_string(),
                problems: loaded.problems,
            })
        }
    }

    /// Parse the contents of a file; `file` is the name problems carry.
    pub fn parse(file: &str, format: Format, bytes: &[u8]) -> Loaded {
        let mut checker = Checker::new(file);
        match format {
            Format::Csv => read_csv::read(bytes, &mut checker),
            Format::Toml => read_toml::read(bytes, &mut checker),
        }
        checker.finish()
    }

    /// Each distinct domain once, in order of first appearance, with the organisations
    /// that list it.
    pub fn domains(&self) -> Vec<DomainOwners<'_>> {
        let mut index: HashMap<&Domain, usize> = HashMap::new();
        let mut owners: Vec<DomainOwners<'_>> = Vec::new();
        for org in &self.organisations {
            for domain in &org.domains {
                let slot = *index.entry(domain).or_insert_with(|| {
                    owners.push(DomainOwners {
                        domain,
                        organisations: Vec::new(),
                    });
                    owners.len() - 1
                });
                owners[slot].organisations.push(org);
            }
        }
        owners
    }
}

/// One organisation as written, before any check: what both readers produce.
#[derive(Debug, Default)]
struct RawOrganisation<'a> {
    line: usize,
    id: &'a str,
    name: &'a str,
    org_type: &'a str,
    domains: Vec<&'a str>,
    tags: Vec<&'a str>,
    dkim_selectors: Vec<&'a str>,
    apis: Vec<&'a str>,
}

/// Checks rows as the readers hand them over and collects organisations and problems.
struct Checker<'f> {
    file: &'f str,
    /// id → line of its first definition, so a duplicate names where the first one is.
    ids: HashMap<String, usize>,
    loaded: Loaded,
}

impl<'f> Checker<'f> {
    fn new(file: &'f str) -> Checker<'f> {
        Checker {
            file,
            ids: HashMap::new(),
            loaded: Loaded::default(),
        }
    }

    fn problem(&mut self, line: usize, kind: ProblemKind) {
        self.loaded.problems.push(Problem {
            file: self.file.to_string(),
            line,
            kind,
        });
    }

    /// Take one organisation, or say why not. The id, name and type decide whether it is
    /// kept; a bad domain or selector costs only itself.
    fn organisation(&mut self, raw: RawOrganisation<'_>) {
        let line = raw.line;
        let id = raw.id.trim();
        if id.is_empty() {
            return self.problem(line, ProblemKind::EmptyId);
        }
        if !is_slug(id) {
            return self.problem(line, ProblemKind::BadId(id.to_string()));
        }
        if let Some(&first_line) = self.ids.get(id) {
            return self.problem(
                line,
                ProblemKind::DuplicateId {
                    id: id.to_string(),
                    first_line,
                },
            );
        }
        self.ids.insert(id.to_string(), line);
        let name = raw.name.trim();
        if name.is_empty() {
            return self.problem(line, ProblemKind::EmptyName);
        }
        let org_type = match raw.org_type.trim().parse::<OrgType>() {
            Ok(t) => t,
            Err(kind) => return self.problem(line, kind),
        };
        let domains = self.domains(line, &raw.domains);
        let dkim_selectors = items(&raw.dkim_selectors)
            .filter_map(|s| {
                let selector = s.to_ascii_lowercase();
                if is_dns_name(&selector) {
                    Some(selector)
                } else {
                    self.problem(line, ProblemKind::BadSelector(s.to_string()));
                    None
                }
            })
            .collect();
        let apis = self.apis(line, &raw.apis);
        if domains.is_empty() {
            let kind = if items(&raw.domains).next().is_none() {
                ProblemKind::NoDomains
            } else {
                ProblemKind::NoValidDomains
            };
            return self.problem(line, kind);
        }
        self.loaded.list.organisations.push(Organisation {
            id: id.to_string(),
            name: name.to_string(),
            org_type,
            tags: items(&raw.tags).map(str::to_string).collect(),
            domains,
            dkim_selectors,
            apis,
            line,
        });
    }

    /// The valid API base URLs of one organisation, each once; a problem for every other.
    fn apis(&mut self, line: usize, written: &[&str]) -> Vec<String> {
        let mut apis: Vec<String> = Vec::new();
        for text in items(written) {
            match api_base(text) {
                Ok(base) if !apis.contains(&base) => apis.push(base),
                Ok(_) => {}
                Err(reason) => self.problem(
                    line,
                    ProblemKind::BadApiUrl {
                        url: text.to_string(),
                        reason,
                    },
                ),
            }
        }
        apis
    }

    /// The valid domains of one organisation, each once; a problem for every other one.
    fn domains(&mut self, line: usize, written: &[&str]) -> Vec<Domain> {
        let mut seen = HashSet::new();
        let mut domains = Vec::new();
        for text in items(written) {
            match Domain::parse(text) {
                Ok(domain) if seen.insert(domain.clone()) => domains.push(domain),
                Ok(domain) => self.problem(line, ProblemKind::RepeatedDomain(domain)),
                Err(e) => self.problem(line, ProblemKind::BadDomain(e)),
            }
        }
        domains
    }

    fn finish(mut self) -> Loaded {
        // A TOML file's syntax errors come before its tables are read: put every problem
        // back in file order (stable, so one line's problems keep their order).
        self.loaded.problems.sort_by_key(|p| p.line);
        self.loaded
    }
}

/// The non-empty, trimmed items of a list (a stray `;` or `""` is not an item).
fn items<'a>(list: &'a [&'a str]) -> impl Iterator<Item = &'a str> + 'a {
    list.iter().map(|s| s.trim()).filter(|s| !s.is_empty())
}

fn is_slug(id: &str) -> bool {
    id.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A DKIM selector is a DNS name of one or more labels (RFC 6376 §3.1: `s1.2020` is valid).
fn is_dns_name(name: &str) -> bool {
    !name.is_empty()
        && name.split('.').all(|label| {
            (1..=63).contains(&label.len())
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

#[cfg(test)]
mod tests;
