//! TOML: `[[organisation]]` tables with the same fields as the CSV columns, lists as arrays.
//! Problems name the line of the table; a key that is unknown or of the wrong type names its
//! own line.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{APIS_FIELD, Checker, ProblemKind, RawOrganisation, SELECTORS_FIELD};

const TABLE: &str = "organisation";

pub(super) fn read(bytes: &[u8], checker: &mut Checker<'_>) {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            return checker.problem(line, ProblemKind::NotUtf8);
        }
    };
    let lines = LineIndex::new(text.as_bytes());
    // Recoverable: a syntax error costs the part it is in, not the whole file.
    let (document, errors) = DeTable::parse_recoverable(text);
    for e in errors {
        let line = lines.line(e.span().map_or(0, |span| span.start));
        checker.problem(line, ProblemKind::Syntax(e.message().to_string()));
    }
    for (key, value) in document.get_ref() {
        let key_line = lines.line(key.span().start);
        if key.get_ref() != TABLE {
            checker.problem(
                key_line,
                ProblemKind::UnknownTopLevelKey(key.get_ref().to_string()),
            );
            continue;
        }
        let Some(tables) = value.get_ref().as_array() else {
            checker.problem(key_line, wrong_type(TABLE, "[[organisation]] tables"));
            continue;
        };
        for table in tables {
            let line = lines.line(table.span().start);
            match table.get_ref().as_table() {
                Some(fields) => {
                    let raw = organisation(line, fields, &lines, checker);
                    checker.organisation(raw);
                }
                None => checker.problem(line, wrong_type(TABLE, "[[organisation]] tables")),
            }
        }
    }
}

/// The fields of one table; a key that is unknown or of the wrong type is a problem and
/// counts as absent.
fn organisation<'d>(
    line: usize,
    fields: &'d DeTable<'_>,
    lines: &LineIndex,
    checker: &mut Checker<'_>,
) -> RawOrganisation<'d> {
    let mut raw = RawOrganisation {
        line,
        ..RawOrganisation::default()
    };
    for (key, value) in fields {
        let key_line = lines.line(key.span().start);
        let result = match key.get_ref().as_ref() {
            "id" => string(value, "id").map(|s| raw.id = s),
            "name" => string(value, "name").map(|s| raw.name = s),
            "type" => string(value, "type").map(|s| raw.org_type = s),
            "domains" => strings(value, "domains").map(|l| raw.domains = l),
            "tags" => strings(value, "tags").map(|l| raw.tags = l),
            SELECTORS_FIELD => strings(value, SELECTORS_FIELD).map(|l| raw.dkim_selectors = l),
            APIS_FIELD => strings(value, APIS_FIELD).map(|l| raw.apis = l),
            other => Err(ProblemKind::UnknownKey(other.to_string())),
        };
        if let Err(kind) = result {
            checker.problem(key_line, kind);
        }
    }
    raw
}

fn string<'d>(
    value: &'d Spanned<DeValue<'_>>,
    field: &'static str,
) -> Result<&'d str, ProblemKind> {
    value
        .get_ref()
        .as_str()
        .ok_or_else(|| wrong_type(field, "a string"))
}

fn strings<'d>(
    value: &'d Spanned<DeValue<'_>>,
    field: &'static str,
) -> Result<Vec<&'d str>, ProblemKind> {
    value
        .get_ref()
        .as_array()
        .and_then(|array| array.iter().map(|item| item.get_ref().as_str()).collect())
        .ok_or_else(|| wrong_type(field, "an array of strings"))
}

fn wrong_type(field: &'static str, expected: &'static str) -> ProblemKind {
    ProblemKind::WrongType { field, expected }
}

/// Byte offset → 1-based line, by binary search over the line starts: a file of many
/// tables must not be rescanned from the top for each one.
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &[u8]) -> LineIndex {
        let breaks = text
            .iter()
            .enumerate()
            .filter(|&(_, &b)| b == b'\n')
            .map(|(i, _)| i + 1);
        LineIndex {
            starts: std::iter::once(0).chain(breaks).collect(),
        }
    }

    fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset)
    }
}
