//! `pastoe orgs lint FILE`: check an organisations file before a sweep uses it.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{EXIT_COMPLIANT, EXIT_USAGE, Failure, print_out};
use pastoe::targets::orgs::OrganisationList;

#[derive(Args)]
pub struct OrgsArgs {
    #[command(subcommand)]
    command: OrgsCommand,
}

#[derive(Subcommand)]
enum OrgsCommand {
    /// Validate every organisation: columns, ids, types, domains, DKIM selectors, API base
    /// URLs.
    Lint {
        /// The organisations file (*.csv or *.toml).
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

pub fn run(args: OrgsArgs) -> Result<u8, Failure> {
    match args.command {
        OrgsCommand::Lint { file } => {
            let loaded = OrganisationList::load(&file).map_err(Failure::usage)?;
            // Every problem, not just the first: a list of thousands is fixed in one pass.
            let problems: String = loaded.problems.iter().map(|p| format!("{p}\n")).collect();
            eprint!("{problems}");
            print_out(&format!(
                "{} organisations, {} distinct domains, {} problems\n",
                loaded.list.organisations.len(),
                loaded.list.domains().len(),
                loaded.problems.len()
            ));
            Ok(if loaded.problems.is_empty() {
                EXIT_COMPLIANT
            } else {
                EXIT_USAGE
            })
        }
    }
}
