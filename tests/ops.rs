//! Every library operation called directly, without the binary: what a
//! second front end (the server) gets back. Expected values are the fixture's
//! hand-computed ones (tests/fixtures/basic; see engine.rs).

use std::path::Path;

use chiso::i18n::{Lang, Say};
use chiso::ops::{self, ExitStatus, ImportDecision, Locked, Problem, YearNote};

use crate::common::{self, Ws, d};

fn say(e: &ops::Error) -> &Say {
    match &e.problem {
        Some(Problem::Say(s)) => s.as_ref(),
        other => panic!("expected a message, got {other:?}"),
    }
}

#[test]
fn check_returns_the_diagnostics_and_their_status() {
    let ws = Ws::fixture();
    let checked = ops::check(ws.root(), 2024, None).unwrap();
    assert_eq!(checked.status(), ExitStatus::of(&checked.diagnostics));
    let broken = Ws::fixture().write("criteria/2024/pa.toml", "[[criterion]\n");
    let checked = ops::check(broken.root(), 2024, None).unwrap();
    assert_eq!(checked.status(), ExitStatus::Failure);
    assert!(checked.diagnostics.iter().any(|d| d.is_error()));
    let e = ops::check(ws.root(), 2024, Some("NOPE")).err().unwrap();
    assert_eq!(e.status, ExitStatus::Error);
    assert!(matches!(say(&e), Say::UnknownUnit { given, .. } if given == "NOPE"));
    let e = ops::check(ws.root(), 1999, None).err().unwrap();
    assert!(matches!(say(&e), Say::NoSuchYear { year: 1999, .. }));
}

#[test]
fn score_gives_the_hand_computed_indices() {
    let ws = Ws::fixture();
    let scored = ops::score(ws.root(), 2024, None).unwrap();
    let a = scored.results.unit("A").unwrap();
    assert_eq!(a.final_.index, Some(d("68.00")));
    assert_eq!(a.self_.index, Some(d("80.50")));
    assert_eq!(
        scored.results.unit("S1").unwrap().final_.index,
        Some(d("90.00"))
    );
    let only = ops::score(ws.root(), 2024, Some("xa")).unwrap();
    assert!(only.results.unit("A").is_none());
    assert_eq!(only.results.units.len(), 3);
    let e = ops::score(ws.root(), 2024, Some("nope")).err().unwrap();
    assert!(matches!(say(&e), Say::UnknownBlock { given, .. } if given == "nope"));
}

#[test]
fn show_and_explain_trace_one_unit() {
    let ws = Ws::fixture();
    let shown = ops::show(ws.root(), 2024, "A").unwrap();
    assert_eq!(shown.unit, "A");
    assert_eq!(shown.result().final_.total, d("10.88"));
    assert!(
        shown
            .diagnostics
            .iter()
            .all(|d| d.unit.as_deref().is_none_or(|u| u == "A"))
    );
    let code = shown.scheme().nodes[0].code.clone();
    let (explained, trimmed) = ops::explain(ws.root(), 2024, "A", &format!(" {code} ")).unwrap();
    assert_eq!(trimmed, code);
    assert_eq!(explained.unit, "A");
    let e = ops::explain(ws.root(), 2024, "A", "99.99").err().unwrap();
    assert!(matches!(say(&e), Say::UnknownCriterion { given, .. } if given == "99.99"));
    let e = ops::show(ws.root(), 2024, "NOPE").err().unwrap();
    assert_eq!(e.status, ExitStatus::Error);
}

#[test]
fn notify_review_and_template_work_on_a_unit() {
    let ws = Ws::fixture();
    let noticed = ops::notify(ws.root(), 2024, "A", 1).unwrap();
    assert_eq!(noticed.notice.unit, "A");
    assert_eq!(noticed.notice.round, 1);
    let e = ops::notify(ws.root(), 2024, "A", 0).err().unwrap();
    assert!(matches!(say(&e), Say::NoRound(0)));
    let only_a = ops::ReviewFilter {
        unit: Some("A"),
        ..Default::default()
    };
    let (worklist, _) = ops::review(ws.root(), 2024, only_a).unwrap();
    assert_eq!(worklist.unit.as_deref(), Some("A"));
    assert!(worklist.items.iter().all(|i| i.unit == "A"));
    // Every letter of a round at once: one per unit of a published block.
    let all = ops::notify_all(ws.root(), 2024, 1).unwrap();
    assert!(all.notices.iter().any(|n| n.unit == "A"));
    let e = ops::notify_all(ws.root(), 2024, 0).err().unwrap();
    assert!(matches!(say(&e), Say::NoRound(0)));
    let tree = ops::template(ws.root(), 2024, "A", None, false).unwrap();
    assert_eq!(tree.unit().code, "A");
    assert!(!tree.scheme().nodes.is_empty());
    // A template is never written over a filled file without `force`.
    let existing = ws.path("scores/2024/self/A.toml");
    let e = ops::template(ws.root(), 2024, "A", Some(&existing), false)
        .err()
        .unwrap();
    assert!(matches!(say(&e), Say::WouldOverwrite(_)));
    assert!(ops::template(ws.root(), 2024, "A", Some(&existing), true).is_ok());
}

#[test]
fn lock_then_verify_then_lock_again() {
    let ws = Ws::fixture();
    let request = ops::LockRequest {
        year: 2024,
        force: false,
        reason: None,
        sign: None,
        lang: Lang::En,
    };
    let done = ops::lock(ws.root(), &request).unwrap();
    let Locked::Written { path, lock } = done.locked else {
        panic!("a first lock is written");
    };
    assert!(path.is_file());
    assert_eq!(lock.units.len(), 5);
    let verified = ops::verify(ws.root(), 2024, None).unwrap();
    assert_eq!(verified.status(), ExitStatus::Success);
    assert!(verified.lock_errors.is_empty());
    let again = ops::lock(ws.root(), &request).unwrap();
    assert!(matches!(again.locked, Locked::Already { .. }));
    // An edited self-assessment: verify names what changed, lock refuses.
    let ws = ws.write("scores/2024/self/S1.toml", "");
    let verified = ops::verify(ws.root(), 2024, None).unwrap();
    assert_eq!(verified.status(), ExitStatus::Failure);
    let e = ops::lock(ws.root(), &request).err().unwrap();
    assert_eq!(e.status, ExitStatus::Failure);
}

#[test]
fn verify_without_a_lock_and_a_new_key() {
    let ws = Ws::fixture();
    let e = ops::verify(ws.root(), 2024, None).err().unwrap();
    assert!(matches!(say(&e), Say::NotLocked { year: 2024 }));
    let keys = tempfile::tempdir().unwrap();
    let key = keys.path().join("key.pem");
    let line = ops::new_key(ws.root(), &key).unwrap();
    assert!(line.starts_with("lock_public_key = \""), "{line}");
    assert!(key.is_file());
    // Never over an existing key, never inside the workspace.
    assert!(matches!(
        ops::new_key(ws.root(), &key).err().unwrap().problem,
        Some(Problem::Key(_))
    ));
    let inside = ws.path("key.pem");
    assert!(ops::new_key(ws.root(), &inside).is_err());
    assert!(!inside.exists());
}

#[test]
fn import_plans_and_writes_only_when_asked() {
    let dir = common::sample();
    let table = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples/mot-cua-2025.csv");
    let options = |dry_run| ops::ImportOptions {
        accept_warnings: true,
        dry_run,
        replace: false,
        period: None,
    };
    let kind = chiso::import::Kind::Dossiers;
    let dry = ops::import(dir.path(), 2025, kind, &table, &options(true)).unwrap();
    assert_eq!(dry.decision, ImportDecision::DryRun);
    assert!(dry.units > 0);
    let before = std::fs::read(&dry.plan.path).ok();
    let done = ops::import(dir.path(), 2025, kind, &table, &options(false)).unwrap();
    assert_eq!(done.decision, ImportDecision::Written);
    assert_eq!(
        std::fs::read_to_string(&done.plan.path).unwrap(),
        done.plan.content
    );
    assert_ne!(before.as_deref(), Some(done.plan.content.as_bytes()));
    let again = ops::import(dir.path(), 2025, kind, &table, &options(false)).unwrap();
    assert_eq!(again.decision, ImportDecision::Unchanged);
}

#[test]
fn export_history_diff_and_new_year_on_the_sample() {
    let dir = common::sample();
    let root = dir.path();
    let exported = ops::export(root, 2024).unwrap();
    assert_eq!(exported.publication().year.results.year, 2024);
    assert!(
        exported
            .notes
            .iter()
            .all(|n| !matches!(n, YearNote::NotEvaluated(_)))
    );
    let h = ops::history(root, Some("SNV"), Some(2023), Some(2025)).unwrap();
    // SNV took over SLDTBXH in 2025: its history carries the merged unit's years.
    let rows: Vec<(i64, &str)> = h
        .history
        .rows
        .iter()
        .map(|r| (r.year, r.code.as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            (2023, "SNV"),
            (2023, "SLDTBXH"),
            (2024, "SNV"),
            (2024, "SLDTBXH"),
            (2025, "SNV")
        ]
    );
    assert_eq!(h.status(), ExitStatus::Success);
    let e = ops::history(root, None, Some(1990), Some(1991))
        .err()
        .unwrap();
    assert!(matches!(say(&e), Say::NoYearInRange { from: 1990, .. }));
    let diff = ops::diff(root, 2023, 2024).unwrap();
    assert_eq!((diff.from, diff.to), (2023, 2024));
    let made = ops::new_year(root, 2025, 2026, false).unwrap();
    assert!(
        made.files
            .iter()
            .all(|f| f.starts_with(root.join("criteria/2026")))
    );
    assert!(!made.files.is_empty());
    let e = ops::new_year(root, 2025, 2026, false).err().unwrap();
    assert!(matches!(e.problem, Some(Problem::NewYear(_))));
}

#[test]
fn regulation_tests_of_the_sample_pass() {
    let dir = common::sample();
    let tested = ops::test(dir.path(), 2024).unwrap();
    assert!(!tested.outcomes.is_empty());
    assert_eq!(tested.status(), ExitStatus::Success);
}

/// `import self`: a unit's workbook back into its file; a dry run writes
/// nothing, a workbook with an error is refused with its diagnostics.
#[test]
fn import_self_reads_a_workbook_into_the_answer_file() {
    let ws = Ws::fixture();
    let tree = ops::template(ws.root(), 2024, "A", None, false).unwrap();
    let bytes = chiso::excel::template(&tree.ws, tree.unit(), tree.scheme(), Lang::Vi).unwrap();
    let form = ws.path("mau-A.xlsx");
    std::fs::write(&form, &bytes).unwrap();
    let file = ws.path("scores/2024/self/A.toml");
    let before = std::fs::read_to_string(&file).unwrap();
    let done = ops::import_self(ws.root(), 2024, "A", &form, true).unwrap();
    assert!(done.changes.is_empty(), "{:?}", done.changes);
    assert!(!done.written);
    assert_eq!(done.name, "scores/2024/self/A.toml");
    std::fs::remove_file(&file).unwrap();
    let done = ops::import_self(ws.root(), 2024, "A", &form, false).unwrap();
    assert!(done.written);
    assert!(!done.changes.is_empty());
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("unit = \"A\"")
    );
    std::fs::write(&file, &before).unwrap();
    // Another unit's workbook: refused, nothing written.
    let e = ops::import_self(ws.root(), 2024, "B", &form, false)
        .err()
        .unwrap();
    assert_eq!(e.status, ExitStatus::Failure);
    assert!(e.details.iter().any(|d| d.code.id() == "E0713"));
    assert!(!ws.path("scores/2024/self/B.toml").exists());
}
