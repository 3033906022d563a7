//! Replays the fuzzers' seed corpora and every input that once crashed a
//! fuzz target (`fuzz/regressions/<target>/`) through the same entry points
//! (`chiso::load::fuzz`), so that CI keeps them fixed without fuzzing.

use std::path::Path;

fn replay(target: &str, entry: impl Fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut n = 0;
    for dir in ["corpus", "regressions"] {
        let Ok(rd) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        let mut files: Vec<_> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for f in files {
            entry(&std::fs::read(&f).unwrap());
            n += 1;
        }
    }
    assert!(n > 0, "no input for {target}");
}

/// A target of text files: as the fuzz targets, it only sees UTF-8, since
/// loading rejects anything else.
fn text(entry: fn(&str)) -> impl Fn(&[u8]) {
    move |bytes| {
        if let Ok(text) = std::str::from_utf8(bytes) {
            entry(text);
        }
    }
}

#[test]
fn regulation() {
    replay("regulation", text(chiso::load::fuzz::regulation));
}

#[test]
fn appendix() {
    replay("appendix", text(chiso::load::fuzz::appendix));
}

#[test]
fn units() {
    replay("units", text(chiso::load::fuzz::units));
}

#[test]
fn self_assessment() {
    replay("self", text(chiso::load::fuzz::self_assessment));
}

#[test]
fn appraisal() {
    replay("appraisal", text(chiso::load::fuzz::appraisal));
}

#[test]
fn dataset() {
    replay("dataset", text(chiso::load::fuzz::dataset));
}

#[test]
fn expression() {
    replay("expression", text(chiso::load::fuzz::expression));
}

#[test]
fn test_cases() {
    replay("cases", text(chiso::load::fuzz::test_cases));
}

#[test]
fn import_csv() {
    replay("import_csv", chiso::load::fuzz::import_csv);
}

#[test]
fn import_xlsx() {
    replay("import_xlsx", chiso::load::fuzz::import_xlsx);
}
