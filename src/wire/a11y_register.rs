//! The accessibility-statement register as a file the user supplies (`--a11y-register`):
//! per website the status of its statement (toegankelijkheidsverklaring) under the Besluit
//! digitale toegankelijkheid overheid, and the statement's date. CSV with a header line
//! `url,status,date`, one website a line, e.g. `https://www.goedstad.nl/,A,2026-03-01`;
//! `#` lines are comments. Status: A (fully compliant), B (partly), C (first measures
//! taken), D (no measures yet), E (no statement).

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use time::Date;
use time::macros::format_description;

use super::LineFileError;

/// A website's entry in the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisteredStatement {
    /// The website as registered.
    pub url: String,
    /// `A` … `E`.
    pub status: char,
    /// When the statement was drawn up or last renewed.
    pub date: Date,
}

/// The register, by host name (lower case, without a leading `www.`).
#[derive(Debug, Clone, Default)]
pub struct A11yRegister {
    by_host: HashMap<String, RegisteredStatement>,
}

const HEADER: [&str; 3] = ["url", "status", "date"];

impl A11yRegister {
    /// Parses the text of a register file; `source` names the file in error messages.
    pub fn from_text(text: &str, source: &str) -> Result<A11yRegister, LineFileError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut by_host = HashMap::new();
        let mut header_seen = false;
        for (n, raw) in text.lines().enumerate() {
            if raw.trim().is_empty() || raw.trim_start().starts_with('#') {
                continue;
            }
            let malformed = |message: String| LineFileError::Line {
                file: source.to_string(),
                line: n + 1,
                message,
            };
            // One line, one CSV record: quoted fields may hold commas.
            let record = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(raw.as_bytes())
                .records()
                .next()
                .transpose()
                .map_err(|e| malformed(e.to_string()))?
                .unwrap_or_default();
            let fields: Vec<&str> = record.iter().map(str::trim).collect();
            if !header_seen {
                if fields != HEADER {
                    return Err(malformed(format!(
                        "the header must be `{}`, not `{}`",
                        HEADER.join(","),
                        fields.join(",")
                    )));
                }
                header_seen = true;
                continue;
            }
            let [url, status, date] = fields[..] else {
                return Err(malformed(format!(
                    "{} fields where the header has 3",
                    fields.len()
                )));
            };
            let entry = parse_entry(url, status, date).map_err(malformed)?;
            let host = host_key(&entry.0);
            if by_host.insert(host.clone(), entry.1).is_some() {
                return Err(malformed(format!("{host} is listed twice")));
            }
        }
        if !header_seen {
            return Err(LineFileError::Line {
                file: source.to_string(),
                line: 1,
                message: format!("no header line `{}`", HEADER.join(",")),
            });
        }
        Ok(A11yRegister { by_host })
    }

    /// Reads and parses a register file (see [`A11yRegister::from_text`]).
    pub fn load(path: &Path) -> Result<A11yRegister, LineFileError> {
        let text = super::read_text_file(path)?;
        A11yRegister::from_text(&text, &path.display().to_string())
    }

    /// The entry of a website by its host name; `www.` in front or not is the same site.
    pub fn for_host(&self, host: &str) -> Option<&RegisteredStatement> {
        self.by_host.get(&host_key(host))
    }

    pub fn len(&self) -> usize {
        self.by_host.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_host.is_empty()
    }
}

fn host_key(host: &str) -> String {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    match host.strip_prefix("www.") {
        Some(rest) => rest.to_string(),
        None => host,
    }
}

/// The host of the registered URL and its entry.
fn parse_entry(
    url: &str,
    status: &str,
    date: &str,
) -> Result<(String, RegisteredStatement), String> {
    let parsed = url::Url::parse(url).map_err(|e| format!("url: {url:?}: {e}"))?;
    let host = match (parsed.scheme(), parsed.host_str()) {
        ("http" | "https", Some(host)) => host.to_string(),
        _ => return Err(format!("url: {url:?} is not an http(s) URL with a host")),
    };
    let status = match status {
        "A" | "B" | "C" | "D" | "E" => status.chars().next().unwrap_or('E'),
        other => return Err(format!("status: {other:?} is not one of A, B, C, D, E")),
    };
    let date = Date::parse(date, format_description!("[year]-[month]-[day]"))
        .map_err(|_| format!("date: {date:?} is not a date like 2026-03-01"))?;
    Ok((
        host,
        RegisteredStatement {
            url: url.to_string(),
            status,
            date,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "# export of 2026-12-01\nurl,status,date\n\
        https://www.goedstad.nl/,A,2026-03-01\n\
        https://halfweg.nl,E,2025-11-30\n";

    #[test]
    fn a_site_is_found_with_or_without_www() {
        let register = A11yRegister::from_text(GOOD, "register.csv").unwrap();
        assert_eq!(register.len(), 2);
        let goedstad = register.for_host("goedstad.nl").unwrap();
        assert_eq!(
            (goedstad.status, goedstad.date.to_string().as_str()),
            ('A', "2026-03-01")
        );
        assert_eq!(register.for_host("WWW.Halfweg.nl.").unwrap().status, 'E');
        assert!(register.for_host("oudeland.nl").is_none());
    }

    #[test]
    fn a_bad_line_is_named() {
        let cases = [
            ("", "register.csv: line 1: no header line `url,status,date`"),
            (
                "url,status\n",
                "register.csv: line 1: the header must be `url,status,date`, not `url,status`",
            ),
            (
                "url,status,date\nhttps://a.nl/,F,2026-01-01\n",
                "register.csv: line 2: status: \"F\" is not one of A, B, C, D, E",
            ),
            (
                "url,status,date\n# c\nhttps://a.nl/,A,1-1-2026\n",
                "register.csv: line 3: date: \"1-1-2026\" is not a date like 2026-03-01",
            ),
            (
                "url,status,date\nmailto:x@a.nl,A,2026-01-01\n",
                "register.csv: line 2: url: \"mailto:x@a.nl\" is not an http(s) URL with a host",
            ),
            (
                "url,status,date\nhttps://a.nl/,A\n",
                "register.csv: line 2: 2 fields where the header has 3",
            ),
            (
                "url,status,date\nhttps://a.nl/,A,2026-01-01\nhttps://www.a.nl/x,B,2026-01-02\n",
                "register.csv: line 3: a.nl is listed twice",
            ),
        ];
        for (text, want) in cases {
            let err = A11yRegister::from_text(text, "register.csv").unwrap_err();
            assert_eq!(err.to_string(), want, "{text:?}");
        }
    }
}
