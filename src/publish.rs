//! Publishing: from facts to the documents people read. A facts document is judged under a
//! [`Judgement`] (rules, `--only` selection, explanations) into one organisation document
//! ([`judge`]); documents, of scans or of a stored sweep ([`stored_documents`]), become a
//! static site ([`publish`]). `pastoe scan`, `judge` and `report` call these, and so does any
//! other front end: it gets the same documents from the same facts.

use std::path::Path;

use time::OffsetDateTime;

use crate::explain::{ExplainError, ExplanationSet};
use crate::facts::{FactsDocument, now_rfc3339};
use crate::judge::selection::{CheckSelection, Selection};
use crate::report::{OrganisationMeta, ScanDocument, SiteError, organisation_document, write_site};
use crate::rules::{Lang, RuleSet, RulesError};
use crate::scan::judge_all;
use crate::store::{Store, StoreError};
use crate::sweep::documents::organisation_documents;

/// What findings are judged with: the rules (under the chosen NCSC TLS table), the checks
/// chosen, and the explanations to apply. Loaded before any scanning, so a bad file or
/// pattern is reported at once.
pub struct Judgement {
    pub rules: RuleSet,
    pub explanations: Option<ExplanationSet>,
    /// The checks chosen (`--only`); `None` is every check.
    pub only: Option<CheckSelection>,
}

/// A judgement asked for that cannot be made; each is the caller's input error.
#[derive(Debug, thiserror::Error)]
pub enum JudgementError {
    /// No NCSC TLS table of that name in the rules.
    #[error(transparent)]
    TlsRules(RulesError),
    /// A check pattern that matches no check.
    #[error("{0}")]
    Only(String),
    #[error(transparent)]
    Explanations(ExplainError),
}

impl Judgement {
    /// The rules under the TLS table `tls_rules` (an id or a version), the checks matching
    /// `only` (every check when empty), and the explanations of the folder `explanations`,
    /// checked against these rules.
    pub fn new(
        mut rules: RuleSet,
        tls_rules: &str,
        only: Vec<String>,
        explanations: Option<&Path>,
    ) -> Result<Judgement, JudgementError> {
        rules
            .select_tls(tls_rules)
            .map_err(JudgementError::TlsRules)?;
        let only = if only.is_empty() {
            None
        } else {
            Some(CheckSelection::new(only).map_err(JudgementError::Only)?)
        };
        let explanations = explanations
            .map(|dir| ExplanationSet::load_for(dir, &rules))
            .transpose()
            .map_err(JudgementError::Explanations)?;
        Ok(Judgement {
            rules,
            explanations,
            only,
        })
    }

    /// The checks judged on a listed domain (and so the probes a scan of one needs).
    pub fn selection(&self) -> Selection {
        Selection::listed(self.only.clone())
    }
}

/// Judge a facts document into the document of one organisation: every domain judged on the
/// chosen checks, and the explanations applied.
///
/// Explanations are applied here, when the document is built, and on the day the facts were
/// observed (the earliest observation in the document), not on the day this runs: judging
/// stored facts again next year gives the verdicts of the day they were seen.
pub fn judge(
    facts: &FactsDocument,
    judgement: &Judgement,
    organisation: OrganisationMeta,
) -> ScanDocument {
    let Judgement {
        rules,
        explanations,
        ..
    } = judgement;
    let findings = judge_all(&facts.domains, rules, &judgement.selection());
    let observed_on = facts
        .domains
        .iter()
        .map(|d| d.observed_at.date())
        .min()
        .unwrap_or(OffsetDateTime::now_utc().date());
    let names: Vec<String> = facts.domains.iter().map(|d| d.domain.clone()).collect();
    organisation_document(
        rules,
        organisation,
        &names,
        findings,
        explanations.as_ref().map(|set| (set, observed_on)),
        facts.started_at.clone(),
        facts.finished_at.clone(),
    )
}

/// Why the documents of a stored sweep cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum StoredError {
    /// The store cannot be opened or has no such sweep: the caller's input.
    #[error(transparent)]
    Open(StoreError),
    /// The TLS table the sweep was judged under is not in these rules.
    #[error(transparent)]
    TlsRules(RulesError),
    /// The store broke while being read.
    #[error(transparent)]
    Read(StoreError),
}

/// Every organisation document of a stored sweep (the newest when `sweep` is `None`), with
/// `rules` switched to the TLS table the sweep was judged under. Explanations are applied as
/// the sweep stored them, on the day it started.
pub fn stored_documents(
    db: &Path,
    sweep: Option<i64>,
    rules: &mut RuleSet,
) -> Result<Vec<ScanDocument>, StoredError> {
    let store = Store::open_read(db).map_err(StoredError::Open)?;
    let sweep = store.sweep(sweep).map_err(StoredError::Open)?;
    rules
        .select_tls(&sweep.settings.tls_rules)
        .and_then(|()| rules.select_adr(&sweep.settings.adr_rules))
        .map_err(StoredError::TlsRules)?;
    organisation_documents(&store, &sweep, rules)
        .map_err(StoredError::Read)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(StoredError::Read)
}

/// Publish documents as the static site in `out` (replaced as a whole when complete), the
/// organisations in order of name; `templates` replaces the embedded ones.
pub fn publish(
    mut docs: Vec<ScanDocument>,
    rules: &RuleSet,
    out: &Path,
    lang: Lang,
    templates: Option<&Path>,
) -> Result<(), SiteError> {
    docs.sort_by(|a, b| {
        let name = |d: &ScanDocument| {
            d.organisation_name
                .clone()
                .or_else(|| d.organisation.clone())
                .unwrap_or_default()
        };
        name(a).to_lowercase().cmp(&name(b).to_lowercase())
    });
    write_site(&docs, rules, out, lang, templates, &now_rfc3339())
}
