//! Scoring a synthetic province: 10,000 units (about 15,000 answer files) on
//! the sample criteria. `cargo bench` reports each stage on its own: reading
//! the answer files' TOML (fast reader, and the general reader it falls back
//! to), loading and validating the whole workspace, evaluation, JSON output.

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

// The same allocator as the command line, so stage timings add up to a run.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

#[divan::bench(sample_count = 10)]
fn evaluate(bencher: divan::Bencher) {
    let ws = load_workspace(WORKSPACE.path(), YEAR).expect("loads");
    bencher.bench(|| eval::evaluate(&ws, &Options::default()));
}

#[divan::bench(sample_count = 10)]
fn render_json(bencher: divan::Bencher) {
    let ws = load_workspace(WORKSPACE.path(), YEAR).expect("loads");
    let r = eval::evaluate(&ws, &Options::default()).expect("evaluates");
    bencher.bench(|| chiso::report::score::json(&ws, &r, chiso::i18n::Lang::Vi));
}
