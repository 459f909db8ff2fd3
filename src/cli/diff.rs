//! `pastoe diff --db FILE A B`: per organisation, what improved and what regressed
//! between two sweeps.

use std::path::PathBuf;

use clap::Args;

use super::output::load_rules;
use super::{EXIT_COMPLIANT, Failure, print_out};
use pastoe::report::autonomy::{ChangeKind, DependencyChange, ProviderRef};
use pastoe::store::Store;
use pastoe::sweep::documents::{Change, diff};

#[derive(Args)]
pub struct DiffArgs {
    /// The store written by `pastoe sweep`.
    #[arg(long, value_name = "FILE")]
    db: PathBuf,
    /// The earlier sweep (see `pastoe history`).
    #[arg(value_name = "A")]
    before: i64,
    /// The later sweep.
    #[arg(value_name = "B")]
    after: i64,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    /// Rule folder for scores and standard names (default: the embedded rules).
    #[arg(long, value_name = "DIR")]
    rules: Option<PathBuf>,
}

fn status(s: Option<pastoe::rules::Status>) -> &'static str {
    s.map(|s| s.as_str()).unwrap_or("-")
}

fn line(c: &Change) -> String {
    let explained = |s: Option<pastoe::sweep::documents::Standing>| {
        if s == Some(pastoe::sweep::documents::Standing::Explained) {
            " (explained)"
        } else {
            ""
        }
    };
    format!(
        "    {} {} {}: {}{} -> {}{}\n",
        c.domain,
        c.check,
        c.subject,
        status(c.before),
        explained(c.before_standing),
        status(c.after),
        explained(c.after_standing)
    )
}

/// A provider's name, or `no provider entry`.
fn name(p: Option<&ProviderRef>) -> &str {
    match p {
        Some(ProviderRef {
            provider: Some(id),
            name,
            ..
        }) => name.as_deref().unwrap_or(id),
        _ => "no provider entry",
    }
}

/// A provider as a line names it: `Proefcloud (US)`, or `no provider entry`.
fn provider(p: Option<&ProviderRef>) -> String {
    match p {
        Some(r) if r.provider.is_some() => format!("{} ({})", name(p), r.jurisdiction),
        _ => name(p).to_string(),
    }
}

/// `goedstad.nl web: moved from Hetzner (DE) to Proefcloud (US)`.
fn dependency_line(c: &DependencyChange) -> String {
    let (before, after) = (c.before.as_ref(), c.after.as_ref());
    let what = match c.kind {
        ChangeKind::Moved => format!("moved from {} to {}", provider(before), provider(after)),
        ChangeKind::Jurisdiction => format!(
            "{} now under jurisdiction {} (parent {}; was {})",
            name(after),
            after.map_or("", |a| a.jurisdiction.as_str()),
            after.and_then(|a| a.parent.as_deref()).unwrap_or("-"),
            before.map_or("", |b| b.jurisdiction.as_str()),
        ),
        ChangeKind::Added => format!("now also at provider {}", provider(after)),
        ChangeKind::Dropped => format!("no longer at provider {}", provider(before)),
    };
    format!("    {} {}: {what}\n", c.domain, c.service)
}

pub fn run(args: DiffArgs) -> Result<u8, Failure> {
    let store = Store::open_read(&args.db).map_err(Failure::usage)?;
    let before = store.sweep(Some(args.before)).map_err(Failure::usage)?;
    let after = store.sweep(Some(args.after)).map_err(Failure::usage)?;
    let mut rules = load_rules(args.rules.as_deref())?;
    rules
        .select_tls(&after.settings.tls_rules)
        .and_then(|()| rules.select_adr(&after.settings.adr_rules))
        .map_err(Failure::usage)?;
    let diffs = diff(&store, &before, &after, &rules).map_err(Failure::run)?;
    if args.json {
        let text = serde_json::to_string_pretty(&diffs).map_err(Failure::run)?;
        print_out(&(text + "\n"));
        return Ok(EXIT_COMPLIANT);
    }
    let mut out = String::new();
    for d in diffs.iter().filter(|d| !d.is_empty()) {
        out.push_str(&format!(
            "{} ({}): {} improved, {} regressed, {} new, {} gone, {} dependencies changed\n",
            d.name,
            d.organisation,
            d.improved.len(),
            d.regressed.len(),
            d.appeared.len(),
            d.disappeared.len(),
            d.dependencies.len()
        ));
        for (label, list) in [
            ("improved", &d.improved),
            ("regressed", &d.regressed),
            ("new", &d.appeared),
            ("gone", &d.disappeared),
        ] {
            if !list.is_empty() {
                out.push_str(&format!("  {label}:\n"));
                out.extend(list.iter().map(line));
            }
        }
        if !d.dependencies.is_empty() {
            out.push_str("  dependencies:\n");
            out.extend(d.dependencies.iter().map(dependency_line));
        }
    }
    if out.is_empty() {
        out = format!(
            "no changes between sweep {} and sweep {}\n",
            before.id, after.id
        );
    }
    print_out(&out);
    Ok(EXIT_COMPLIANT)
}
