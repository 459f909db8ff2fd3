//! `pastoe rules list | show CHECK | lint`: the rule set as data, for people.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::output::load_rules;
use super::{EXIT_COMPLIANT, Failure, print_out};

#[derive(Args)]
pub struct RulesArgs {
    /// Rule folder (*.toml) instead of the embedded rules.
    #[arg(long, value_name = "DIR", global = true)]
    rules: Option<PathBuf>,
    #[command(subcommand)]
    command: RulesCommand,
}

#[derive(Subcommand)]
enum RulesCommand {
    /// Every check with its standard and level.
    List,
    /// One check: level, parameters, outcomes with their texts.
    Show {
        #[arg(value_name = "CHECK")]
        check: String,
    },
    /// Load and check every rule file (also done before every scan).
    Lint,
}

/// Append one line to the output (writing to a String cannot fail).
macro_rules! say {
    ($out:ident, $($arg:tt)*) => {{
        use std::fmt::Write as _;
        let _ = writeln!($out, $($arg)*);
    }};
}

pub fn run(args: RulesArgs) -> Result<u8, Failure> {
    let rules = load_rules(args.rules.as_deref())?;
    let mut out = String::new();
    match args.command {
        RulesCommand::List => {
            say!(
                out,
                "{} {} (valid from {})",
                rules.meta.id,
                rules.meta.version,
                rules.meta.valid_from
            );
            for view in &rules.views {
                say!(
                    out,
                    "{} {} (valid from {}; readiness view, not counted for compliance)",
                    view.id,
                    view.version,
                    view.valid_from
                );
            }
            for table in rules.tls_tables.values() {
                let meta = table.meta();
                say!(out, "{} {} (NCSC TLS table)", meta.id, meta.version);
            }
            for version in rules.adr_versions() {
                let default = if version == pastoe::rules::DEFAULT_ADR_RULES {
                    ", the default"
                } else {
                    ""
                };
                say!(
                    out,
                    "adr-{version} {version} (NLGov REST API Design Rules, --adr-rules{default})"
                );
            }
            say!(
                out,
                "{} {} (providers table for the autonomy view: {} entries)",
                rules.providers.meta.id,
                rules.providers.meta.version,
                rules.providers.entries.len()
            );
            for d in &rules.deadlines {
                say!(
                    out,
                    "deadline {}: {} {} ({} endpoints): {}",
                    d.id,
                    d.date,
                    d.frame.en,
                    match d.scope {
                        pastoe::rules::DeadlineScope::All => "all",
                        pastoe::rules::DeadlineScope::Sensitive => "sensitive",
                    },
                    d.milestone.en
                );
            }
            for (id, standard) in &rules.standards {
                let forum = if standard.forum {
                    "Forum list"
                } else {
                    "not a Forum standard"
                };
                let deadline = standard
                    .deadline
                    .as_deref()
                    .map(|d| format!(", deadline {d}"))
                    .unwrap_or_default();
                say!(
                    out,
                    "standard {id}: {} ({forum}{deadline})",
                    standard.name.en
                );
            }
            for (id, rule) in &rules.checks {
                let scoring = match (&rule.readiness, rule.scoring) {
                    (Some(view), _) => format!("  (readiness view {view})"),
                    (None, false) => "  (not scoring)".to_string(),
                    (None, true) => String::new(),
                };
                say!(
                    out,
                    "{id:<36} {:<18} {}{scoring}",
                    rule.standard,
                    rule.level.as_str()
                );
            }
        }
        RulesCommand::Show { check } => {
            let rule = rules.check(&check).ok_or_else(|| {
                Failure::usage(anyhow::anyhow!(
                    "no check {check:?}; `pastoe rules list` shows them all"
                ))
            })?;
            say!(out, "{check}: {} / {}", rule.title.nl, rule.title.en);
            say!(
                out,
                "standard: {}  level: {}  scoring: {}",
                rule.standard,
                rule.level.as_str(),
                rule.scoring
            );
            say!(out, "reference: {}", rule.reference);
            say!(out, "why (nl): {}\nwhy (en): {}", rule.why.nl, rule.why.en);
            for (name, value) in &rule.params {
                say!(out, "param {name} = {value}");
            }
            for (key, outcome) in &rule.outcomes {
                say!(out, "\noutcome {key}: {}", outcome.status.as_str());
                say!(
                    out,
                    "  nl: {}\n  en: {}",
                    outcome.message.nl,
                    outcome.message.en
                );
                if let Some(advice) = &outcome.advice {
                    say!(
                        out,
                        "  advice nl: {}\n  advice en: {}",
                        advice.nl,
                        advice.en
                    );
                }
            }
        }
        RulesCommand::Lint => {
            say!(
                out,
                "ok: {} checks, {} standards, rule set {} {}",
                rules.checks.len(),
                rules.standards.len(),
                rules.meta.id,
                rules.meta.version
            );
        }
    }
    print_out(&out);
    Ok(EXIT_COMPLIANT)
}
