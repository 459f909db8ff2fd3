//! Who holds an AS number: RIPE NCC's `asn.txt` (<https://ftp.ripe.net/ripe/asnames/asn.txt>),
//! one AS a line, `3333 RIPE-NCC-AS Reseaux IP Europeens Network Coordination Centre (RIPE
//! NCC), NL`: the number, the holder's handle, an optional description (some lines write
//! it after ` - `), and after the last comma the holder's country (ISO 3166 alpha-2 as the
//! registry records it, `EU` and `ZZ` included).

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::LineFileError;

/// The holder of one AS number as the AS-names file gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AsHolder {
    /// The handle (`RIPE-NCC-AS`).
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Two capital letters, as registered.
    pub country: String,
}

/// AS numbers and their holders.
#[derive(Debug, Clone, Default)]
pub struct AsNames {
    holders: HashMap<u32, AsHolder>,
}

impl AsNames {
    /// Parses the text of an AS-names file; empty lines and `#` comment lines are skipped.
    /// `source` names the file in error messages.
    pub fn from_text(text: &str, source: &str) -> Result<AsNames, LineFileError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut holders = HashMap::new();
        for (n, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let malformed = |message: String| LineFileError::Line {
                file: source.to_string(),
                line: n + 1,
                message,
            };
            let (asn, holder) = parse_line(line).map_err(malformed)?;
            if holders.insert(asn, holder).is_some() {
                return Err(malformed(format!("AS{asn} is listed twice")));
            }
        }
        Ok(AsNames { holders })
    }

    /// Reads and parses an AS-names file (see [`AsNames::from_text`]); decompress it first.
    pub fn load(path: &Path) -> Result<AsNames, LineFileError> {
        let text = super::read_text_file(path)?;
        AsNames::from_text(&text, &path.display().to_string())
    }

    pub fn get(&self, asn: u32) -> Option<&AsHolder> {
        self.holders.get(&asn)
    }

    pub fn len(&self) -> usize {
        self.holders.len()
    }

    pub fn is_empty(&self) -> bool {
        self.holders.is_empty()
    }
}

/// One line: `ASN NAME[ - ][DESCRIPTION], CC`.
fn parse_line(line: &str) -> Result<(u32, AsHolder), String> {
    let (number, rest) = line
        .split_once(char::is_whitespace)
        .ok_or_else(|| format!("{line:?}: expected `ASN NAME, CC`"))?;
    let digits = number
        .strip_prefix("AS")
        .or_else(|| number.strip_prefix("as"))
        .unwrap_or(number);
    let asn: u32 = digits
        .parse()
        .map_err(|_| format!("{number:?} is not an AS number (0 to 4294967295)"))?;
    let (holder, country) = rest
        .rsplit_once(',')
        .ok_or_else(|| format!("AS{asn}: no country after a comma at the end"))?;
    let country = country.trim();
    if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(format!(
            "AS{asn}: {country:?} is not a two-letter country code"
        ));
    }
    let holder = holder.trim();
    let (name, description) = match holder.split_once(char::is_whitespace) {
        Some((name, description)) => {
            let description = description.trim();
            let description = description.strip_prefix("- ").unwrap_or(description).trim();
            (
                name,
                (!description.is_empty()).then(|| description.to_string()),
            )
        }
        None => (holder, None),
    };
    if name.is_empty() {
        return Err(format!("AS{asn}: no holder name"));
    }
    Ok((
        asn,
        AsHolder {
            name: name.to_string(),
            description,
            country: country.to_string(),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ripe_lines_with_and_without_a_description() {
        let names = AsNames::from_text(
            "3333 RIPE-NCC-AS Reseaux IP Europeens Network Coordination Centre (RIPE NCC), NL\n\
             \n# a comment\n\
             64496 EXAMPLE-AS - Example Hosting B.V., NL\n\
             15169 GOOGLE, US\n\
             AS64511 ODD-AS Name, with a comma, EU\n",
            "asn.txt",
        )
        .unwrap();
        assert_eq!(names.len(), 4);
        let ripe = names.get(3333).unwrap();
        assert_eq!(ripe.name, "RIPE-NCC-AS");
        assert_eq!(ripe.country, "NL");
        assert_eq!(
            ripe.description.as_deref(),
            Some("Reseaux IP Europeens Network Coordination Centre (RIPE NCC)")
        );
        let example = names.get(64496).unwrap();
        assert_eq!(example.description.as_deref(), Some("Example Hosting B.V."));
        assert_eq!(names.get(15169).unwrap().description, None);
        assert_eq!(
            names.get(64511).unwrap().description.as_deref(),
            Some("Name, with a comma")
        );
        assert!(names.get(1).is_none());
    }

    #[test]
    fn a_malformed_line_is_named_by_its_number() {
        for (text, expected) in [
            ("1 A, US\nx B, US\n", "line 2: \"x\" is not an AS number"),
            ("1 A, US\n\n2 B\n", "line 3: AS2: no country"),
            ("1 A, USA\n", "line 1: AS1: \"USA\" is not a two-letter"),
            ("1 A, US\n1 B, NL\n", "line 2: AS1 is listed twice"),
            (
                "99999999999 A, US\n",
                "line 1: \"99999999999\" is not an AS number",
            ),
            ("12345\n", "line 1: \"12345\": expected"),
            ("7  , NL\n", "line 1: AS7: no holder name"),
        ] {
            let err = AsNames::from_text(text, "asn.txt").unwrap_err().to_string();
            assert!(err.starts_with("asn.txt: "), "{err}");
            assert!(err.contains(expected), "{text:?}: {err}");
        }
    }

    #[test]
    fn a_compressed_file_is_refused_with_advice() {
        let dir = std::env::temp_dir().join(format!("pastoe-asn-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("asn.txt.gz");
        std::fs::write(&path, [0x1f, 0x8b, 8, 0]).unwrap();
        let err = AsNames::load(&path).unwrap_err().to_string();
        assert!(err.contains("gunzip"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    proptest::proptest! {
        #[test]
        fn any_text_parses_or_fails_without_panicking(text in "\\PC{0,200}") {
            let _ = AsNames::from_text(&text, "x");
        }

        #[test]
        fn a_written_line_reads_back(asn in proptest::prelude::any::<u32>(),
                                     name in "[A-Z][A-Z0-9-]{0,20}",
                                     description in "([A-Za-z.()]{1,10} ){0,4}",
                                     country in "[A-Z]{2}") {
            let line = format!("{asn} {name} {description}, {country}");
            let names = AsNames::from_text(&line, "x").unwrap();
            let holder = names.get(asn).unwrap();
            proptest::prop_assert_eq!(&holder.name, &name);
            proptest::prop_assert_eq!(&holder.country, &country);
            let expected = description.trim();
            proptest::prop_assert_eq!(
                holder.description.as_deref(),
                (!expected.is_empty()).then_some(expected)
            );
        }
    }
}
