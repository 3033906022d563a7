//! Replays the fuzzers' seed corpora and every input that once crashed a
//! fuzz target (`fuzz/regressions/<target>/`) through the same entry points
//! (`chiso::load::fuzz`), so that CI keeps them fixed without fuzzing.

use std::path::Path;

fn replay(target: &str, entry: fn(&str)) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut n = 0;
    for dir in ["corpus", "regressions"] {
        let Ok(rd) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        let mut files: Vec<_> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for f in files {
            let bytes = std::fs::read(&f).unwrap();
            // The targets only see UTF-8, as loading rejects anything else.
            if let Ok(text) = std::str::from_utf8(&bytes) {
                entry(text);
                n += 1;
            }
        }
    }
    assert!(n > 0, "no input for {target}");
}

#[test]
fn regulation() {
    replay("regulation", chiso::load::fuzz::regulation);
}

#[test]
fn appendix() {
    replay("appendix", chiso::load::fuzz::appendix);
}

#[test]
fn units() {
    replay("units", chiso::load::fuzz::units);
}

#[test]
fn self_assessment() {
    replay("self", chiso::load::fuzz::self_assessment);
}

#[test]
fn appraisal() {
    replay("appraisal", chiso::load::fuzz::appraisal);
}

#[test]
fn dataset() {
    replay("dataset", chiso::load::fuzz::dataset);
}

#[test]
fn expression() {
    replay("expression", chiso::load::fuzz::expression);
}

#[test]
fn test_cases() {
    replay("cases", chiso::load::fuzz::test_cases);
}
