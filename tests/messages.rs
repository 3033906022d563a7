//! Diagnostics whose hint must not mislead: what a user would do on reading
//! them has to be the right thing.

use crate::common;

use chiso::diagnostic::{Code, Diagnostic};
use chiso::i18n::Lang;
use common::Ws;

const SELF: &str = "scores/2024/self/A.toml";
const TESTS: &str = "criteria/2024/tests/pa.toml";

fn hint(diags: &[Diagnostic], code: Code, lang: Lang) -> String {
    let d = diags
        .iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no {}", code.id()));
    d.hint.as_ref().expect("a hint").text(lang)
}

#[test]
fn a_self_assessment_that_does_not_parse_is_not_reported_missing() {
    // Following "no self-assessment: write one with chiso template -o" would
    // overwrite the unit's answers; the syntax error is what to fix.
    let ws = Ws::fixture().write(SELF, "unit = \"A\"\n[c.\"1.1\"]\npoints = 0,75\n");
    let diags = ws.diagnostics();
    assert!(diags.iter().any(|d| d.code == Code::TomlSyntax));
    assert!(
        !diags
            .iter()
            .any(|d| d.code == Code::MissingSelfAssessment && d.unit.as_deref() == Some("A")),
        "{:?}",
        diags.iter().map(|d| d.code.id()).collect::<Vec<_>>()
    );
    // A unit without a file is still reported, with the template hint.
    let ws = Ws::fixture().remove(SELF);
    let diags = ws.diagnostics();
    assert!(hint(&diags, Code::MissingSelfAssessment, Lang::En).contains("chiso template 2024 A"));
}

#[test]
fn an_answer_on_a_branch_lists_its_sub_criteria_by_code() {
    // The same hint is read in appraisals (`code = "..."`) and test cases, so it
    // names codes, not self-assessment tables.
    let ws = Ws::fixture().write(SELF, "unit = \"A\"\n[c.\"1\"]\nyes = true\n");
    let diags = ws.diagnostics();
    assert_eq!(
        hint(&diags, Code::UnknownCriterion, Lang::En),
        "its sub-criteria: `1.1`, `1.2`, `1.3`, `1.4`, `1.5`"
    );
    assert_eq!(
        hint(&diags, Code::UnknownCriterion, Lang::Vi),
        "các tiêu chí thành phần: `1.1`, `1.2`, `1.3`, `1.4`, `1.5`"
    );
}

#[test]
fn a_choice_typed_without_diacritics_is_matched() {
    let ws = Ws::fixture().write(SELF, "unit = \"A\"\n[c.\"1.3\"]\nchoice = \"tre  HAN\"\n");
    let diags = ws.diagnostics();
    assert_eq!(
        hint(&diags, Code::UnknownOption, Lang::En),
        "did you mean `Trễ hạn`?"
    );
}

#[test]
fn an_unknown_choice_lists_every_option() {
    // "Trễ" is closest to "Trễ hạn", but a near label may mean the opposite
    // ("Ban hành trước ..." vs "Ban hành sau ..."): the hint lists all options.
    let ws = Ws::fixture().write(SELF, "unit = \"A\"\n[c.\"1.3\"]\nchoice = \"Đúng hẹn\"\n");
    let diags = ws.diagnostics();
    assert_eq!(
        hint(&diags, Code::UnknownOption, Lang::Vi),
        "các lựa chọn: `Đúng hạn`, `Trễ hạn`, `Không ban hành`"
    );
}

#[test]
fn a_refused_expectation_is_not_reported_as_no_expectation() {
    let ws = Ws::fixture().write(
        TESTS,
        "[[case]]\nname = \"Một\"\nblock = \"so\"\n[case.expect]\nrating = \"Xuất sắc\"\n",
    );
    let diags = ws.suite().workspace.diagnostics.items;
    assert!(diags.iter().any(|d| d.code == Code::TestRating));
    assert!(!diags.iter().any(|d| d.code == Code::TestNothingExpected));
    // Without [case.expect] the warning stays.
    let ws = Ws::fixture().write(
        TESTS,
        "[[case]]\nname = \"Một\"\nblock = \"so\"\n[case.answers]\n\"1.2\" = { yes = true }\n",
    );
    let diags = ws.suite().workspace.diagnostics.items;
    assert!(diags.iter().any(|d| d.code == Code::TestNothingExpected));
}
