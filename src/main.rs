use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = crosscheck::cli::Cli::parse();
    match cli.command {
        Some(command) => crosscheck::cli::run(command),
        #[cfg(feature = "gui")]
        None => crosscheck::app::run(cli.path),
        #[cfg(not(feature = "gui"))]
        None => {
            let _ = cli.path;
            eprintln!(
                "error: this crosscheck was built without the window (cargo feature `gui`); \
                 use a subcommand: import, export, stats or check (see --help)"
            );
            ExitCode::from(2)
        }
    }
}
