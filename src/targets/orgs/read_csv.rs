//! CSV: a header row naming the columns (any order, extra columns ignored), then one
//! organisation a row; several domains, tags or selectors in one cell are separated by `;`.
//! Empty lines and lines starting with `#` are skipped.

use csv::{ReaderBuilder, StringRecord};

use super::{APIS_FIELD, Checker, ProblemKind, REQUIRED_FIELDS, RawOrganisation, SELECTORS_FIELD};

/// Where each field is in a row.
struct Columns {
    /// Indices of [`REQUIRED_FIELDS`], in that order.
    required: [usize; REQUIRED_FIELDS.len()],
    dkim_selectors: Option<usize>,
    apis: Option<usize>,
    width: usize,
}

impl Columns {
    fn from_header(header: &StringRecord) -> Result<Columns, Vec<ProblemKind>> {
        let names: Vec<String> = header
            .iter()
            .map(|name| name.trim().to_ascii_lowercase())
            .collect();
        let position = |field: &str| names.iter().position(|name| name == field);
        let mut problems: Vec<ProblemKind> = names
            .iter()
            .enumerate()
            .filter(|&(i, name)| !name.is_empty() && names[..i].contains(name))
            .map(|(_, name)| ProblemKind::RepeatedColumn(name.clone()))
            .collect();
        let missing: Vec<&'static str> = REQUIRED_FIELDS
            .into_iter()
            .filter(|field| position(field).is_none())
            .collect();
        if !missing.is_empty() {
            problems.push(ProblemKind::MissingColumns {
                missing,
                semicolons: names.len() == 1 && names[0].contains(';'),
            });
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Columns {
            required: REQUIRED_FIELDS.map(|field| position(field).unwrap_or_default()),
            dkim_selectors: position(SELECTORS_FIELD),
            apis: position(APIS_FIELD),
            width: names.len(),
        })
    }

    fn organisation<'r>(&self, line: usize, row: &'r StringRecord) -> RawOrganisation<'r> {
        let cell = |index: usize| row.get(index).unwrap_or_default();
        let list = |index: usize| cell(index).split(';').collect();
        let [id, name, org_type, domains, tags] = self.required;
        RawOrganisation {
            line,
            id: cell(id),
            name: cell(name),
            org_type: cell(org_type),
            domains: list(domains),
            tags: list(tags),
            dkim_selectors: self.dkim_selectors.map(list).unwrap_or_default(),
            apis: self.apis.map(list).unwrap_or_default(),
        }
    }
}

pub(super) fn read(bytes: &[u8], checker: &mut Checker<'_>) {
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(bytes);
    let mut row = StringRecord::new();
    let mut columns: Option<Columns> = None;
    loop {
        match reader.read_record(&mut row) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(1, |p| start_line(bytes, p));
                if let csv::ErrorKind::Utf8 { .. } = e.kind() {
                    // The reader has moved past that row: go on with the next.
                    checker.problem(line, ProblemKind::NotUtf8);
                    continue;
                }
                return checker.problem(line, ProblemKind::Syntax(e.to_string()));
            }
        }
        let line = row.position().map_or(1, |p| start_line(bytes, p));
        let Some(columns) = &columns else {
            match Columns::from_header(&row) {
                Ok(found) => columns = Some(found),
                // Without the columns no row can be read: say so once, not once a row.
                Err(problems) => {
                    for problem in problems {
                        checker.problem(line, problem);
                    }
                    return;
                }
            }
            continue;
        };
        if row.len() != columns.width {
            checker.problem(
                line,
                ProblemKind::FieldCount {
                    expected: columns.width,
                    found: row.len(),
                },
            );
            continue;
        }
        checker.organisation(columns.organisation(line, &row));
    }
    if columns.is_none() {
        checker.problem(1, ProblemKind::NoHeader);
    }
}

/// The line a row starts on. The reader gives a row the position where the previous row
/// ended, before the empty and comment lines it skipped: count those too.
fn start_line(bytes: &[u8], position: &csv::Position) -> usize {
    let mut line = position.line() as usize;
    let mut at = position.byte() as usize;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'\n' => line += 1,
            b'\r' => {}
            b'#' => {
                at += bytes[at..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .unwrap_or(bytes.len() - at);
                continue;
            }
            _ => break,
        }
        at += 1;
    }
    line
}
