//! The `pastoe` command: parse the command line, call the library, map errors to exit codes.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
