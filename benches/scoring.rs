//! Scoring a synthetic province: 10,000 units on the sample criteria.
//! `cargo bench` reports loading+validation and evaluation separately.

use std::path::Path;
use std::sync::LazyLock;

use chiso::eval::{self, Options};
use chiso::load::load_workspace;

const YEAR: i64 = 2024;
const UNITS: usize = 10_000;

static WORKSPACE: LazyLock<tempfile::TempDir> = LazyLock::new(|| {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = Path::new(env!("CARGO_MANIFEST_DIR"));
    chiso::synth::generate(source, YEAR, dir.path(), UNITS, 42).expect("generate");
    dir
});

fn main() {
    divan::main();
}

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
