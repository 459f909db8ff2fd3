//! `pastoe explain lint DIR`: check an explanations folder before it is used.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::output::{load_explanations, load_rules};
use super::{EXIT_COMPLIANT, Failure, print_out};

#[derive(Args)]
pub struct ExplainArgs {
    #[command(subcommand)]
    command: ExplainCommand,
}

#[derive(Subcommand)]
enum ExplainCommand {
    /// Validate every explanation: syntax, known checks, dates, duplicate scopes.
    Lint {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// Rule folder the check ids and the maximum duration come from.
        #[arg(long, value_name = "DIR")]
        rules: Option<PathBuf>,
    },
}

pub fn run(args: ExplainArgs) -> Result<u8, Failure> {
    match args.command {
        ExplainCommand::Lint { dir, rules } => {
            let rules = load_rules(rules.as_deref())?;
            let set = load_explanations(&dir, &rules)?;
            print_out(&format!(
                "ok: {} explanations in {}\n",
                set.items.len(),
                dir.display()
            ));
        }
    }
    Ok(EXIT_COMPLIANT)
}
