use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    chiso::cli::run(chiso::cli::Cli::parse())
}
