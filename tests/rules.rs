//! Regulation tests (`chiso test`): the sample years' cases pass, and on the
//! hand-computed fixture a case passes, fails with the criterion, expected and
//! actual values and a trace, or is reported invalid with a diagnostic.

use crate::common;

use std::path::PathBuf;

use chiso::rules::{self, Checked, Status, Value};
use common::{Ws, chiso, d};

const TESTS: &str = "criteria/2024/tests/a.toml";

/// Every method of appendix `pa`, N/A, a capped bonus and a deduction:
/// points 1,5 + 1 + 1 + 1,5 + 2,7 = 7,7 of an applicable 20 − 4 − 6 = 10;
/// bonus min(1 + 1, 1) = 1; deduction 3 × 0,25 = 0,75; total 7,95; index 79,5.
const PASSING: &str = r#"
[[case]]
name = "Mọi phương pháp chấm"
block = "so"

[case.answers]
"1.1" = { points = 1.5, evidence = ["Quyết định 1"] }
"1.2" = { yes = true }
"1.3" = { choice = "Trễ hạn" }
"2.1" = { na = true }
"9.1" = { points = 1 }
"9.2" = { yes = true }

[case.data]
tre_han = 1
da_giai_quyet = 200
hai_long = 90
bao_cao_tre = 3

[case.expect]
points = { "1.3" = 1, "1.4" = 1.5, "1.5" = 2.7, "1" = 7.7, "2" = 0, "9" = 1, "10" = 0.75 }
applicable_max = 10
total = 7.95
index = 79.5
rating = "Khá"
"#;

#[test]
fn a_case_with_every_method_passes() {
    let ws = Ws::fixture().write(TESTS, PASSING);
    let suite = ws.suite();
    assert!(!suite.workspace.diagnostics.has_errors());
    let outcomes = rules::run(&suite);
    assert_eq!(outcomes.len(), 1);
    assert!(
        matches!(outcomes[0].status, Status::Passed),
        "{:?}",
        outcomes[0].status
    );
    let (code, out, _) = chiso(ws.root(), &["--lang", "en", "test", "2024"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("ok         Mọi phương pháp chấm"), "{out}");
    assert!(
        out.contains("1 passed, 0 failed, 0 invalid (1 cases)"),
        "{out}"
    );
}

#[test]
fn unanswered_criteria_score_zero() {
    let ws = Ws::fixture().write(
        TESTS,
        "[[case]]\nname = \"Trống\"\nblock = \"so\"\n[case.expect]\npoints = { \"1.1\" = 0, \"1.4\" = 0 }\n\
         applicable_max = 14\ntotal = 0\nindex = 0\nrating = \"Yếu\"\n",
    );
    let outcomes = rules::run(&ws.suite());
    assert!(
        matches!(outcomes[0].status, Status::Passed),
        "{:?}",
        outcomes[0].status
    );
}

#[test]
fn a_failing_case_names_the_criterion_expected_actual_and_trace() {
    let ws = Ws::fixture().write(
        TESTS,
        &PASSING
            .replace("\"1.3\" = 1,", "\"1.3\" = 2,")
            .replace("rating = \"Khá\"", "rating = \"Tốt\""),
    );
    let suite = ws.suite();
    let outcomes = rules::run(&suite);
    let Status::Failed(mismatches, _) = &outcomes[0].status else {
        panic!("{:?}", outcomes[0].status);
    };
    assert_eq!(mismatches.len(), 2);
    assert_eq!(mismatches[0].checked, Checked::Points("1.3".into()));
    assert_eq!(mismatches[0].expected, Value::Number(d("2")));
    assert_eq!(mismatches[0].actual, Value::Number(d("1")));
    assert_eq!(mismatches[1].checked, Checked::Rating);
    assert_eq!(mismatches[1].actual, Value::Text("Khá".into()));

    let (code, out, _) = chiso(ws.root(), &["--lang", "en", "test", "2024"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("FAILED     Mọi phương pháp chấm"), "{out}");
    assert!(
        out.contains("1.3: expected 2 · actual 1  (criteria/2024/tests/a.toml:21:20)"),
        "{out}"
    );
    assert!(out.contains("rating: expected Tốt · actual Khá"), "{out}");
    // The explain trace of 1.3 and the totals.
    assert!(
        out.contains("│ Criterion 1.3 — Ban hành kế hoạch đúng hạn"),
        "{out}"
    );
    assert!(out.contains("│ Index: 79.5"), "{out}");
    assert!(
        out.contains("0 passed, 1 failed, 0 invalid (1 cases)"),
        "{out}"
    );
    let (_, vi, _) = chiso(ws.root(), &["test", "2024"]);
    assert!(vi.contains("1.3: mong đợi 2 · thực tế 1"), "{vi}");
    let (code, json, _) = chiso(ws.root(), &["test", "2024", "--format", "json"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["failed"], 1);
    let case = &v["cases"][0];
    assert_eq!(case["status"], "failed");
    assert_eq!(case["mismatches"][0]["criterion"], "1.3");
    assert_eq!(case["mismatches"][0]["expected"], 2);
    assert_eq!(case["mismatches"][0]["actual"], 1);
    assert_eq!(case["mismatches"][0]["line"], 21);
    assert_eq!(case["mismatches"][1]["check"], "rating");
    assert_eq!(case["mismatches"][1]["actual"], "Khá");
}

/// 300 failing cases, each with a subordinate: every case keeps its own
/// traced results and its subordinate's, never the whole suite's (which made
/// memory grow with cases × failures: 200 failing cases took 4 GB).
#[test]
fn many_failing_cases_keep_only_their_own_results() {
    const CASES: usize = 300;
    let mut text = String::new();
    for i in 0..CASES {
        // Xã i: 1 scores 9 points (index 90); Sở i expects a total it cannot have.
        text += &format!(
            "[[case]]\nname = \"Xã {i}\"\nblock = \"xa\"\nanswers = {{ \"1\" = {{ points = 9 }} }}\n\
             expect = {{ index = 90 }}\n\n\
             [[case]]\nname = \"Sở {i}\"\nblock = \"so\"\nsubordinates = [\"Xã {i}\"]\n\
             expect = {{ total = 99 }}\n\n"
        );
    }
    let ws = Ws::fixture().write(TESTS, &text);
    let suite = ws.suite();
    assert!(!suite.workspace.diagnostics.has_errors());
    let outcomes = rules::run(&suite);
    assert_eq!(outcomes.len(), 2 * CASES);
    for o in &outcomes {
        let case = &suite.cases[o.case];
        match &o.status {
            Status::Passed => assert!(case.name.starts_with("Xã"), "{}", case.name),
            Status::Failed(mismatches, results) => {
                assert!(case.name.starts_with("Sở"), "{}", case.name);
                assert_eq!(mismatches[0].expected, Value::Number(d("99")));
                let codes: Vec<&str> = results.units.iter().map(|u| u.code.as_str()).collect();
                let unit = &case.unit.code;
                assert_eq!(codes.len(), 2, "{codes:?}");
                assert!(codes.contains(&unit.as_str()), "{codes:?}");
                assert!(codes.iter().any(|c| c.starts_with(&format!("{unit}/"))));
                // Traced: the report can explain the failing case's unit.
                let u = results.unit(unit).unwrap();
                assert!(u.nodes.iter().any(|n| n.trace.is_some()));
            }
            Status::Invalid => panic!("{}", case.name),
        }
    }
    let (code, out, _) = chiso(ws.root(), &["--lang", "en", "test", "2024"]);
    assert_eq!(code, 1);
    assert!(
        out.contains(&format!("{CASES} passed, {CASES} failed, 0 invalid")),
        "{}",
        &out[out.len().saturating_sub(300)..]
    );
}

#[test]
fn a_case_with_a_bad_answer_is_invalid_with_a_diagnostic() {
    let ws = Ws::fixture().write(TESTS, &PASSING.replace("\"Trễ hạn\"", "\"Tre han\""));
    let suite = ws.suite();
    let outcomes = rules::run(&suite);
    assert!(matches!(outcomes[0].status, Status::Invalid));
    let (code, out, err) = chiso(ws.root(), &["--lang", "en", "test", "2024"]);
    assert_eq!(code, 1);
    assert!(err.contains("error[E0306]"), "{err}");
    assert!(err.contains("--> criteria/2024/tests/a.toml:9:20"), "{err}");
    assert!(err.contains("did you mean `Trễ hạn`?"), "{err}");
    assert!(out.contains("INVALID    Mọi phương pháp chấm"), "{out}");
}

#[test]
fn subordinate_cases_feed_joint_responsibility() {
    // 2.2 = 6 × (Tốt + Khá) / count: one commune at 90 (Tốt), one at 60 (Trung bình).
    let ws = Ws::fixture().write(
        TESTS,
        r#"
[[case]]
name = "Xã 9"
block = "xa"
answers = { "1" = { points = 9 } }
expect = { index = 90, rating = "Tốt" }

[[case]]
name = "Xã 6"
block = "xa"
answers = { "1" = { points = 6 } }
expect = { index = 60, rating = "Trung bình" }

[[case]]
name = "Sở có hai xã"
block = "so"
subordinates = ["Xã 9", "Xã 6"]
expect = { points = { "2.2" = 3 }, applicable_max = 20 }
"#,
    );
    let suite = ws.suite();
    assert!(suite.workspace.diagnostics.items.is_empty());
    let outcomes = rules::run(&suite);
    for o in &outcomes {
        assert!(matches!(o.status, Status::Passed), "{:?}", o.status);
    }
    assert_eq!(outcomes.len(), 3);
}

#[test]
fn adjustments_decide_final_points() {
    // Round 2 wins over round 1; the fact adjustment changes only `tre_han`.
    let ws = Ws::fixture().write(
        TESTS,
        r#"
[[case]]
name = "Thẩm định"
block = "so"

[case.answers]
"1.1" = { points = 2, evidence = ["QĐ"] }
"1.4" = { facts = { tre_han = 0, da_giai_quyet = 100 } }

[[case.adjust]]
code = "1.1"
round = 1
points = 0.5
reason = "Thiếu tài liệu"

[[case.adjust]]
code = "1.1"
round = 2
points = 1.25
reason = "Đã bổ sung một phần"

[[case.adjust]]
code = "1.4"
round = 1
facts = { tre_han = 2 }
reason = "Theo phần mềm một cửa"

[case.expect]
points = { "1.1" = 1.25, "1.4" = 1 }
"#,
    );
    let outcomes = rules::run(&ws.suite());
    assert!(
        matches!(outcomes[0].status, Status::Passed),
        "{:?}",
        outcomes[0].status
    );
}

#[test]
fn no_test_files_is_a_warning_and_nothing_runs() {
    let (code, out, err) = chiso(
        &PathBuf::from(common::FIXTURE),
        &["--lang", "en", "test", "2024"],
    );
    assert_eq!(code, 0);
    assert!(err.contains("warning[W0952]"), "{err}");
    assert!(
        out.contains("0 passed, 0 failed, 0 invalid (0 cases)"),
        "{out}"
    );
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The sample years' regulation tests (as CI runs them) pass, and cover every appendix.
#[test]
fn sample_regulation_tests_pass() {
    for year in [2023, 2024, 2025] {
        let suite = rules::load_suite(&repo(), year).unwrap();
        let diags: Vec<String> = suite
            .workspace
            .diagnostics
            .items
            .iter()
            .map(|d| d.render(chiso::i18n::Lang::En))
            .collect();
        assert!(diags.is_empty(), "{diags:?}");
        let outcomes = rules::run(&suite);
        let failed: Vec<&str> = outcomes
            .iter()
            .filter(|o| !matches!(o.status, Status::Passed))
            .map(|o| suite.cases[o.case].name.as_str())
            .collect();
        assert!(failed.is_empty(), "{year}: {failed:?}");
        let reg = suite.workspace.regulation.as_ref().unwrap();
        for scheme in &suite.workspace.schemes {
            let tested = suite.cases.iter().any(|c| {
                c.unit
                    .scheme
                    .map(|i| &suite.workspace.schemes[i].appendices)
                    == Some(&scheme.appendices)
            });
            assert!(tested, "{year}: no case for {:?}", scheme.appendices);
        }
        assert!(outcomes.len() > 100 && !reg.blocks.is_empty());
        let (code, out, _) = chiso(&repo(), &["test", &year.to_string()]);
        assert_eq!(code, 0, "{out}");
    }
}

/// `new-year` carries the regulation tests along: they pass on the untouched
/// copy, and raising a band's threshold fails exactly the cases at that edge.
#[test]
fn next_years_criteria_are_proved_by_last_years_tests() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["criteria", "scores"] {
        common::copy_dir(&repo().join(sub), &dir.path().join(sub));
    }
    let (code, _, _) = chiso(dir.path(), &["new-year", "2025", "2026", "--units"]);
    assert_eq!(code, 0);
    let (code, out, _) = chiso(dir.path(), &["--lang", "en", "test", "2026"]);
    assert_eq!(code, 0, "{out}");
    let passed_2025 = rules::run(&rules::load_suite(&repo(), 2025).unwrap()).len();
    assert!(
        out.contains(&format!("{passed_2025} passed, 0 failed")),
        "{out}"
    );

    let pl5 = dir.path().join("criteria/2026/pl5.toml");
    let text = std::fs::read_to_string(&pl5).unwrap();
    let edited = text.replace(
        "  { gte = 80, points = 2 },\n  { lt = 80, points = 0 },",
        "  { gte = 82, points = 2 },\n  { lt = 82, points = 0 },",
    );
    assert_ne!(text, edited);
    std::fs::write(&pl5, edited).unwrap();
    let (code, out, _) = chiso(dir.path(), &["--lang", "en", "test", "2026"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("8.2"), "{out}");
    assert!(!out.contains(" 0 failed"), "{out}");
}
