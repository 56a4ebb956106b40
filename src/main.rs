use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = crosscheck::cli::Cli::parse();
    match cli.command {
        Some(command) => crosscheck::cli::run(command),
        None => crosscheck::app::run(cli.path),
    }
}
