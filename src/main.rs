// The command line reads files, locks and journals, so it is desktop-only;
// on wasm32 (where `cargo test --target wasm32…` still builds every binary)
// this binary is an empty shell and the page is `crosscheck-web`.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use clap::Parser as _;
    use std::process::ExitCode;

    let cli = crosscheck::cli::Cli::parse();
    match cli.command {
        Some(command) => crosscheck::cli::run(command),
        #[cfg(feature = "gui")]
        None => match (&cli.path, &cli.project) {
            (Some(path), Some(_)) if !path.is_dir() => {
                eprintln!(
                    "error: --project needs a corpus folder, and {} is not one",
                    path.display()
                );
                ExitCode::from(2)
            }
            _ => crosscheck::app::run(cli.path, cli.project, cli.compare),
        },
        #[cfg(not(feature = "gui"))]
        None => {
            let _ = (cli.path, cli.project, cli.compare);
            eprintln!(
                "error: this crosscheck was built without the window (cargo feature `gui`); \
                 use a subcommand: import, export, stats or check (see --help)"
            );
            ExitCode::from(2)
        }
    }
}
