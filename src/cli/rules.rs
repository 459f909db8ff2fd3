//! `pastoe rules list | show CHECK | lint`: the rule set as data, for people.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::output::load_rules;
use super::{EXIT_COMPLIANT, Failure};

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

pub fn run(args: RulesArgs) -> Result<u8, Failure> {
    let rules = load_rules(args.rules.as_deref())?;
    match args.command {
        RulesCommand::List => {
            println!(
                "{} {} (valid from {})",
                rules.meta.id, rules.meta.version, rules.meta.valid_from
            );
            for (id, rule) in &rules.checks {
                let scoring = if rule.scoring { "" } else { "  (not scoring)" };
                println!(
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
            println!("{check}: {} / {}", rule.title.nl, rule.title.en);
            println!(
                "standard: {}  level: {}  scoring: {}",
                rule.standard,
                rule.level.as_str(),
                rule.scoring
            );
            println!("reference: {}", rule.reference);
            println!("why (nl): {}\nwhy (en): {}", rule.why.nl, rule.why.en);
            for (name, value) in &rule.params {
                println!("param {name} = {value}");
            }
            for (key, outcome) in &rule.outcomes {
                println!("\noutcome {key}: {}", outcome.status.as_str());
                println!("  nl: {}\n  en: {}", outcome.message.nl, outcome.message.en);
                if let Some(advice) = &outcome.advice {
                    println!("  advice nl: {}\n  advice en: {}", advice.nl, advice.en);
                }
            }
        }
        RulesCommand::Lint => {
            println!(
                "ok: {} checks, {} standards, rule set {} {}",
                rules.checks.len(),
                rules.standards.len(),
                rules.meta.id,
                rules.meta.version
            );
        }
    }
    Ok(EXIT_COMPLIANT)
}
