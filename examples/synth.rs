//! Writes a synthetic workspace: `cargo run --release --example synth -- <target> <units> [year]`
//! (criteria copied from the bundled sample workspace), for whole-process timing.

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(target), Some(units)) = (args.get(1), args.get(2).and_then(|n| n.parse().ok()))
    else {
        eprintln!("usage: synth <target-dir> <units> [year]");
        std::process::exit(2);
    };
    let year = args.get(3).and_then(|y| y.parse().ok()).unwrap_or(2024);
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    if let Err(e) = chiso::synth::generate(source, year, std::path::Path::new(target), units, 42) {
        eprintln!("{e}");
        std::process::exit(2);
    }
}
