//! A stored sweep judged again: its facts under other rules, another providers table or
//! another routing picture, written as a new sweep of the same store without scanning, so
//! `history`, `report --db`, `export` and `diff` see both.

use super::LISTED;
use crate::explain::Explanation;
use crate::judge::selection::Selection;
use crate::rules::RuleSet;
use crate::scan::judge_domain;
use crate::store::{DomainRecord, Store, StoreError, SweepSettings};
use crate::wire::as_names::AsNames;
use crate::wire::rpki::RouteTable;

/// The routing picture to look the origins of the addresses up in again, and the files it
/// came from (recorded in the facts).
pub struct Origins<'a> {
    pub routes: &'a RouteTable,
    pub names: Option<&'a AsNames>,
    pub sources: &'a [String],
}

/// What judging again made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JudgedAgain {
    pub from: i64,
    pub sweep: i64,
    pub domains: usize,
}

/// Judge every written domain of sweep `from` (the newest when `None`) again into a new
/// sweep: the facts as stored, their origins looked up again when `origins` is given, the
/// checks of `selection` (a discovered host on its reduced set, as the sweep judged it),
/// and the explanations given or the sweep's own.
pub fn judge_again(
    store: &mut Store,
    from: Option<i64>,
    rules: &RuleSet,
    selection: &Selection,
    settings: &SweepSettings,
    explanations: Option<&[Explanation]>,
    origins: Option<&Origins<'_>>,
) -> Result<JudgedAgain, StoreError> {
    let from = store.sweep(from)?;
    let discovered = store.discovered(from.id)?;
    let domains = store.domains(from.id)?;
    let sweep = store.begin_judged_again(&from, settings, explanations)?;
    for row in &domains {
        let Some(mut facts) = store.facts(from.id, &row.name)? else {
            continue;
        };
        if let Some(o) = origins {
            facts.record_origins(o.routes, o.names, o.sources);
        }
        let found = discovered
            .iter()
            .filter(|h| h.from == row.name)
            .cloned()
            .collect();
        let selection = if row.found_via == LISTED {
            selection.clone()
        } else {
            selection.for_discovered()
        };
        let findings = judge_domain(&facts, rules, &selection);
        let record = DomainRecord::new(
            &facts,
            &findings,
            &row.found_via,
            found,
            row.started_at.clone(),
            row.elapsed_ms,
        );
        store.write_domain(sweep, &record)?;
    }
    Ok(JudgedAgain {
        from: from.id,
        sweep,
        domains: domains.len(),
    })
}
