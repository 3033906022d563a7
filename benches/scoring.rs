//! Scoring a synthetic province: 10,000 units (about 15,000 answer files) on
//! the sample criteria. `cargo bench` reports each stage on its own: reading
//! the answer files' TOML (fast reader, and the general reader it falls back
//! to), loading and validating the whole workspace, evaluation, JSON output,
//! with the time and the allocations (count and bytes) of each.
//!
//! Targets (README, "Performance"): evaluation under half of loading; the
//! model under 30 kB a unit (the answer files' text is 7 kB of it).

use std::path::Path;
use std::sync::LazyLock;

use chiso::eval::{self, Options};
use chiso::load::{self, fast, load_workspace};

const YEAR: i64 = 2024;
const UNITS: usize = 10_000;

static WORKSPACE: LazyLock<tempfile::TempDir> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = Path::new(env!("CARGO_MANIFEST_DIR"));
    chiso::synth::generate(source, YEAR, dir.path(), UNITS, 42).expect("generate");
    dir
});

/// The text of every answer file, read once.
static ANSWER_TEXTS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let scores = load::scores_dir(WORKSPACE.path(), YEAR);
    ["self", "appraisal"]
        .iter()
        .flat_map(|kind| load::list_files(&scores.join(kind), "toml"))
        .map(|p| std::fs::read_to_string(p).expect("readable"))
        .collect()
});

// The same allocator as the command line, so stage timings add up to a run;
// counted, so each stage also reports what it allocates.
#[global_allocator]
static ALLOCATOR: divan::AllocProfiler<mimalloc::MiMalloc> =
    divan::AllocProfiler::new(mimalloc::MiMalloc);

fn main() {
    divan::main();
}

/// The fast reader alone, on every answer file (one thread).
#[divan::bench(sample_count = 10)]
fn read_answers_fast() -> usize {
    ANSWER_TEXTS
        .iter()
        .map(|t| fast::parse(t).map_or(0, |doc| doc.entries.len()))
        .sum()
}

/// The general TOML reader on the same files (one thread), for comparison.
#[divan::bench(sample_count = 3)]
fn read_answers_general() -> usize {
    ANSWER_TEXTS
        .iter()
        .map(|t| toml::de::DeTable::parse(t).map_or(0, |doc| doc.get_ref().len()))
        .sum()
}

/// Files → validated model: reading, TOML, validation (all threads).
#[divan::bench(sample_count = 10)]
fn load_and_validate() -> chiso::model::Workspace {
    load_workspace(WORKSPACE.path(), YEAR).expect("loads")
}

/// Every node's results, as `show`, `explain` and the exports need them.
#[divan::bench(sample_count = 10)]
fn evaluate(bencher: divan::Bencher) {
    let ws = load_workspace(WORKSPACE.path(), YEAR).expect("loads");
    bencher.bench(|| eval::evaluate(&ws, &Options::default()));
}

/// The areas' results only, as `score` and `check` evaluate.
#[divan::bench(sample_count = 10)]
fn evaluate_areas(bencher: divan::Bencher) {
    let ws = load_workspace(WORKSPACE.path(), YEAR).expect("loads");
    let options = Options {
        areas_only: true,
        ..Options::default()
    };
    bencher.bench(|| eval::evaluate(&ws, &options));
}

/// The SPEC §9 JSON, streamed as `score --format json -o` writes it.
#[divan::bench(sample_count = 10)]
fn write_json(bencher: divan::Bencher) {
    let ws = load_workspace(WORKSPACE.path(), YEAR).expect("loads");
    let r = eval::evaluate(&ws, &Options::default()).expect("evaluates");
    bencher.bench(|| {
        let mut out = std::io::sink();
        chiso::report::score::write_json(&ws, &r, chiso::i18n::Lang::Vi, &mut out)
    });
}
