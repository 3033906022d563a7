use std::process::ExitCode;

// A national run allocates millions of small strings and vectors from two
// threads; mimalloc does this markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match chiso::help::parse() {
        chiso::help::Parsed::Run(cli) => chiso::cli::run(*cli),
        chiso::help::Parsed::Exit(code) => ExitCode::from(code),
    }
}
