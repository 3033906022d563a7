//! Expressions are compiled once per appendix when the criteria load, never
//! per unit (its own test binary: the compile counter is per process).

use std::path::Path;

use chiso::eval::{self, Options};
use chiso::expr::compiled_count;
use chiso::load::load_workspace;

/// Expressions compiled while loading and while evaluating a synthetic workspace.
fn compiled_for(units: usize) -> (usize, usize) {
    let dir = tempfile::tempdir().unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR"));
    chiso::synth::generate(source, 2024, dir.path(), units, 3).unwrap();
    let before = compiled_count();
    let ws = load_workspace(dir.path(), 2024).unwrap();
    let loaded = compiled_count() - before;
    let results = eval::evaluate(&ws, &Options::default()).unwrap();
    assert_eq!(results.units.len(), units);
    (loaded, compiled_count() - before - loaded)
}

#[test]
fn expressions_compile_once_per_appendix_not_per_unit() {
    let (few, during_eval) = compiled_for(5);
    assert!(few > 0, "the sample criteria have expressions");
    assert_eq!(during_eval, 0);
    let (many, during_eval) = compiled_for(120);
    assert_eq!(many, few, "compilations do not grow with units");
    assert_eq!(during_eval, 0);
}
