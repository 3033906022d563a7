use std::process::ExitCode;

use clap::Parser;

// A national run allocates millions of small strings and vectors from two
// threads; mimalloc does this markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    chiso::cli::run(chiso::cli::Cli::parse())
}
