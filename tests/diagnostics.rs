//! One test per diagnostic code: the right code, file, line and column.

mod common;

use chiso::diagnostic::{Code, Diagnostic};
use chiso::i18n::Lang;
use common::Ws;

const SELF: &str = "scores/2024/self/A.toml";
const APPRAISAL: &str = "scores/2024/appraisal/A.toml";
const PA: &str = "criteria/2024/pa.toml";
const REG: &str = "criteria/2024/regulation.toml";
const UNITS: &str = "scores/2024/units.toml";

/// A self-assessment of unit A whose entry for `code` is `body` (on line 3).
fn self_entry(code: &str, body: &str) -> Ws {
    Ws::fixture().write(SELF, &format!("unit = \"A\"\n[c.\"{code}\"]\n{body}\n"))
}

fn adjustment(body: &str) -> Ws {
    Ws::fixture().write(APPRAISAL, &format!("unit = \"A\"\n[[adjust]]\n{body}\n"))
}

fn position(d: &Diagnostic) -> Option<(String, usize, usize)> {
    d.location.as_ref().map(|l| {
        let lc = l.file.line_col(l.span.start);
        (l.file.name.clone(), lc.line, lc.column)
    })
}

/// Asserts a diagnostic with `code` at `file:line:column`, and that it renders
/// with the quoted line in both languages.
fn expect(ws: Ws, code: Code, at: Option<(&str, usize, usize)>) {
    let diags = ws.diagnostics();
    let found: Vec<&Diagnostic> = diags.iter().filter(|d| d.code == code).collect();
    let all: Vec<String> = diags
        .iter()
        .map(|d| format!("{} {:?}", d.code.id(), position(d)))
        .collect();
    assert!(!found.is_empty(), "no {} among {all:?}", code.id());
    if let Some((file, line, column)) = at {
        let want = Some((file.to_string(), line, column));
        assert!(
            found.iter().any(|d| position(d) == want),
            "{} not at {want:?}; found {:?}",
            code.id(),
            found.iter().map(|d| position(d)).collect::<Vec<_>>()
        );
        let d = found.iter().find(|d| position(d) == want).unwrap();
        for lang in [Lang::Vi, Lang::En] {
            let text = d.render(lang);
            assert!(
                text.contains(&format!("--> {file}:{line}:{column}")),
                "{text}"
            );
            assert!(text.contains(&format!("{line} | ")), "{text}");
            assert!(text.contains('^'), "{text}");
        }
    }
}

#[test]
fn e0101_unreadable_file() {
    let ws = Ws::fixture();
    std::fs::write(ws.path(SELF), [0x75, 0xff, 0xfe]).unwrap();
    let diags = ws.diagnostics();
    let d = diags
        .iter()
        .find(|d| d.code == Code::Io)
        .expect("io diagnostic");
    assert!(d.message.text(Lang::En).contains("scores/2024/self/A.toml"));
}

#[test]
fn e0102_toml_syntax() {
    expect(
        Ws::fixture().write(SELF, "unit = \"A\"\npoints = = 1\n"),
        Code::TomlSyntax,
        Some((SELF, 2, 10)),
    );
}

#[test]
fn e0103_unknown_key_with_suggestion() {
    let ws = self_entry("1.1", "pionts = 1");
    expect(ws, Code::UnknownKey, Some((SELF, 3, 1)));
    let ws = self_entry("1.1", "pionts = 1");
    let d = ws
        .diagnostics()
        .into_iter()
        .find(|d| d.code == Code::UnknownKey)
        .unwrap();
    assert!(d.render(Lang::En).contains("did you mean `points`?"));
}

#[test]
fn e0104_wrong_type() {
    expect(
        self_entry("1.1", "points = \"1\""),
        Code::WrongType,
        Some((SELF, 3, 10)),
    );
}

#[test]
fn e0105_missing_key() {
    expect(
        adjustment("round = 1\npoints = 1\nreason = \"x\""),
        Code::MissingKey,
        Some((APPRAISAL, 2, 1)),
    );
}

#[test]
fn e0106_invalid_number() {
    expect(
        Ws::fixture().edit(PA, "max = 10\n", "max = 0x10\n"),
        Code::InvalidNumber,
        Some((PA, 7, 7)),
    );
}

#[test]
fn e0107_invalid_value() {
    expect(
        Ws::fixture().edit(REG, "year = 2024", "year = 2023"),
        Code::InvalidValue,
        Some((REG, 5, 8)),
    );
}

#[test]
fn e0108_duplicate_unit() {
    let ws = Ws::fixture().write(UNITS, "[[unit]]\ncode = \"A\"\nname = \"A\"\nblock = \"so\"\n[[unit]]\ncode = \"A\"\nname = \"A2\"\nblock = \"so\"\n");
    expect(ws, Code::Duplicate, Some((UNITS, 6, 8)));
}

#[test]
fn e0201_sum_mismatch_points_at_the_parent_max() {
    expect(
        Ws::fixture().edit(
            PA,
            "title = \"Kế hoạch CCHC\"\nmax = 2",
            "title = \"Kế hoạch CCHC\"\nmax = 3",
        ),
        Code::SumMismatch,
        Some((PA, 7, 7)),
    );
}

#[test]
fn e0202_total_mismatch() {
    expect(
        Ws::fixture().edit(PA, "total = 20", "total = 21"),
        Code::TotalMismatch,
        Some((PA, 3, 9)),
    );
}

#[test]
fn e0203_points_not_a_multiple_of_the_step() {
    let ws = self_entry("9.1", "points = 0.3");
    expect(ws, Code::NotMultipleOfStep, Some((SELF, 3, 10)));
    let d = self_entry("9.1", "points = 0.3")
        .diagnostics()
        .into_iter()
        .find(|d| d.code == Code::NotMultipleOfStep)
        .unwrap();
    assert!(
        d.render(Lang::Vi)
            .contains("điểm hợp lệ gần nhất: 0,25 hoặc 0,5"),
        "{}",
        d.render(Lang::Vi)
    );
}

#[test]
fn e0204_missing_parent() {
    let ws = Ws::fixture().write(
        PA,
        &(std::fs::read_to_string(format!("{}/{PA}", common::FIXTURE)).unwrap()
            + "\n[c.\"3.1\"]\ntitle = \"Mồ côi\"\nmax = 1\n"),
    );
    let line = std::fs::read_to_string(ws.path(PA))
        .unwrap()
        .lines()
        .position(|l| l == "[c.\"3.1\"]")
        .unwrap()
        + 1;
    expect(ws, Code::MissingParent, Some((PA, line, 4)));
}

#[test]
fn e0205_invalid_code() {
    expect(
        Ws::fixture().edit(PA, "[c.\"1.1\"]", "[c.\"1..1\"]"),
        Code::InvalidCode,
        Some((PA, 9, 4)),
    );
}

#[test]
fn e0206_kind_below_top_level() {
    expect(
        Ws::fixture().edit(
            PA,
            "title = \"Kế hoạch CCHC\"\n",
            "title = \"Kế hoạch CCHC\"\nkind = \"bonus\"\n",
        ),
        Code::KindMisplaced,
        Some((PA, 11, 8)),
    );
}

#[test]
fn e0207_method_on_a_node_with_children() {
    expect(
        Ws::fixture().edit(PA, "max = 10\n", "max = 10\nmethod = \"manual\"\n"),
        Code::MethodOnBranch,
        Some((PA, 5, 4)),
    );
}

#[test]
fn e0208_choice_without_options() {
    let ws = Ws::fixture().edit(PA, "method = \"yes_no\"", "method = \"choice\"");
    let line = std::fs::read_to_string(ws.path(PA))
        .unwrap()
        .lines()
        .position(|l| l == "method = \"choice\"")
        .unwrap()
        + 1;
    expect(ws, Code::MethodConfig, Some((PA, line, 10)));
}

#[test]
fn e0209_expression_error_points_inside_the_formula() {
    let ws = Ws::fixture().edit(
        PA,
        "formula = \"max * hai_long / 100\"",
        "formula = \"max * hai_longg / 100\"",
    );
    let line = std::fs::read_to_string(ws.path(PA))
        .unwrap()
        .lines()
        .position(|l| l.contains("hai_longg"))
        .unwrap()
        + 1;
    expect(ws, Code::Expression, Some((PA, line, 18)));
}

#[test]
fn e0210_unknown_appendix() {
    expect(
        Ws::fixture().edit(REG, "appendix = \"pb\"", "appendix = \"pz\""),
        Code::UnknownAppendix,
        Some((REG, 16, 6)),
    );
}

#[test]
fn e0211_removed_outside_an_overlay() {
    expect(
        Ws::fixture().edit(
            PA,
            "title = \"Sáng kiến\"",
            "removed = true\ntitle = \"Sáng kiến\"",
        ),
        Code::Overlay,
        None,
    );
}

#[test]
fn e0212_points_above_max() {
    expect(
        self_entry("1.1", "points = 3"),
        Code::OutOfRange,
        Some((SELF, 3, 10)),
    );
}

#[test]
fn e0213_rating_scale_out_of_order() {
    expect(
        Ws::fixture().edit(REG, "min = 70", "min = 90"),
        Code::Rating,
        Some((REG, 25, 7)),
    );
}

#[test]
fn e0301_unknown_block() {
    expect(
        Ws::fixture().edit(UNITS, "block = \"so\"", "block = \"sx\""),
        Code::UnknownBlock,
        Some((UNITS, 4, 9)),
    );
}

#[test]
fn e0302_unknown_unit_in_a_dataset() {
    expect(
        Ws::fixture().write("scores/2024/data/x.csv", "unit,hai_long\nZ,1\n"),
        Code::UnknownUnit,
        Some(("scores/2024/data/x.csv", 2, 1)),
    );
}

#[test]
fn e0303_parent_cycle() {
    let ws = Ws::fixture().edit(
        UNITS,
        "name = \"Sở A\"\n",
        "name = \"Sở A\"\nparent = \"S1\"\n",
    );
    expect(ws, Code::ParentCycle, None);
}

#[test]
fn e0304_unknown_criterion() {
    expect(
        self_entry("7.7", "points = 1"),
        Code::UnknownCriterion,
        Some((SELF, 2, 4)),
    );
}

#[test]
fn e0305_answer_does_not_match_the_method() {
    expect(
        self_entry("1.2", "points = 1"),
        Code::AnswerMismatch,
        Some((SELF, 3, 10)),
    );
}

#[test]
fn e0306_unknown_option() {
    expect(
        self_entry("1.3", "choice = \"Trễ\""),
        Code::UnknownOption,
        Some((SELF, 3, 10)),
    );
}

#[test]
fn e0307_na_not_allowed() {
    expect(
        self_entry("1.2", "na = true"),
        Code::NaNotAllowed,
        Some((SELF, 3, 6)),
    );
}

#[test]
fn e0308_missing_reason() {
    expect(
        adjustment("code = \"1.3\"\nround = 1\nchoice = \"Đúng hạn\"\nreason = \" \""),
        Code::MissingReason,
        Some((APPRAISAL, 6, 10)),
    );
}

#[test]
fn e0309_two_adjustments_in_one_round() {
    let ws = adjustment(
        "code = \"1.2\"\nround = 1\nyes = false\nreason = \"a\"\n[[adjust]]\ncode = \"1.2\"\nround = 1\nyes = true\nreason = \"b\"",
    );
    expect(ws, Code::DuplicateRound, Some((APPRAISAL, 7, 1)));
}

#[test]
fn e0310_unit_key_differs_from_file_name() {
    expect(
        Ws::fixture().write(SELF, "unit = \"B\"\n"),
        Code::UnitMismatch,
        Some((SELF, 1, 8)),
    );
}

#[test]
fn e0311_unknown_fact() {
    expect(
        self_entry("1.4", "facts = { tre = 1 }"),
        Code::UnknownFact,
        Some((SELF, 3, 11)),
    );
}

#[test]
fn e0401_dataset_header() {
    expect(
        Ws::fixture().write("scores/2024/data/x.csv", "don_vi,hai_long\nA,1\n"),
        Code::Dataset,
        Some(("scores/2024/data/x.csv", 1, 1)),
    );
}

#[test]
fn e0402_duplicate_fact_across_files() {
    expect(
        Ws::fixture().write("scores/2024/data/x.csv", "unit,hai_long\nA,90\n"),
        Code::DuplicateFact,
        Some(("scores/2024/data/x.csv", 2, 3)),
    );
}

#[test]
fn e0501_zero_applicable_max() {
    let ws = Ws::fixture()
        .edit(
            "criteria/2024/pb.toml",
            "max = 10\n",
            "max = 10\nna_allowed = true\n",
        )
        .write(
            "scores/2024/self/S1.toml",
            "unit = \"S1\"\n[c.\"1\"]\nna = true\n",
        );
    expect(ws, Code::ZeroApplicableMax, None);
}

#[test]
fn e0502_runtime_error_in_a_formula() {
    let ws = Ws::fixture().edit(
        PA,
        "formula = \"max * hai_long / 100\"",
        "formula = \"max / (hai_long - 87.5)\"",
    );
    let line = std::fs::read_to_string(ws.path(PA))
        .unwrap()
        .lines()
        .position(|l| l.contains("87.5)"))
        .unwrap()
        + 1;
    expect(ws, Code::Evaluation, Some((PA, line, 16)));
}

#[test]
fn w0601_unanswered() {
    expect(Ws::fixture(), Code::Unanswered, None);
}

#[test]
fn w0602_missing_input() {
    expect(Ws::fixture(), Code::MissingInput, None);
}

#[test]
fn w0603_discrepancy_with_official_data() {
    expect(Ws::fixture(), Code::Discrepancy, Some((SELF, 15, 21)));
}

#[test]
fn w0604_no_band_matches() {
    let ws = Ws::fixture()
        .edit(PA, "{ gte = 3, points = 0 }", "{ gte = 5, points = 0 }")
        .write(APPRAISAL, "unit = \"A\"\n[[adjust]]\ncode = \"1.4\"\nround = 1\nfacts = { tre_han = 3 }\nreason = \"x\"\n");
    expect(ws, Code::NoBand, None);
}

#[test]
fn w0605_clamped_formula() {
    expect(
        Ws::fixture().write(
            "scores/2024/data/survey.csv",
            "unit,hai_long,bao_cao_tre\nA,87.5,9\n",
        ),
        Code::Clamped,
        None,
    );
}

#[test]
fn w0606_missing_evidence() {
    expect(
        Ws::fixture().edit(SELF, "explanation = \"Đã bổ sung quyết định\"\n", ""),
        Code::MissingEvidence,
        Some((SELF, 4, 4)),
    );
}

#[test]
fn w0607_missing_self_assessment() {
    expect(Ws::fixture(), Code::MissingSelfAssessment, None);
}

/// The fixture's regulation with `extra` appended; the line where `extra` starts.
fn regulation_with(extra: &str) -> (Ws, usize) {
    let reg = std::fs::read_to_string(format!("{}/{REG}", common::FIXTURE)).unwrap();
    let first = reg.lines().count() + 1;
    (Ws::fixture().write(REG, &format!("{reg}{extra}")), first)
}

#[test]
fn e0801_consequence_names_an_unknown_rating() {
    let (ws, line) =
        regulation_with("[[consequence]]\nlabel = \"x\"\nratings = [\"Trung binh\"]\n");
    expect(ws, Code::ConsequenceRating, Some((REG, line + 2, 12)));
    let (ws, _) = regulation_with("[[consequence]]\nlabel = \"x\"\nratings = [\"Trung binh\"]\n");
    let d = ws
        .diagnostics()
        .into_iter()
        .find(|d| d.code == Code::ConsequenceRating)
        .unwrap();
    assert!(
        d.render(Lang::Vi).contains("`Trung bình`"),
        "{}",
        d.render(Lang::Vi)
    );
}

#[test]
fn e0802_consequence_over_zero_years() {
    let (ws, line) =
        regulation_with("[[consequence]]\nlabel = \"x\"\nratings = [\"Yếu\"]\nyears = 0\n");
    expect(ws, Code::ConsequenceYears, Some((REG, line + 3, 9)));
}

#[test]
fn e0803_unit_lists_itself_as_predecessor() {
    expect(
        Ws::fixture().edit(
            UNITS,
            "block = \"so\"\n",
            "block = \"so\"\nprevious = [\"A\"]\n",
        ),
        Code::Predecessor,
        Some((UNITS, 5, 13)),
    );
}

#[test]
fn w0851_predecessor_not_in_the_previous_year() {
    let ws = Ws::fixture()
        .write(
            "scores/2023/units.toml",
            "[[unit]]\ncode = \"A-OLD\"\nname = \"Sở A cũ\"\nblock = \"so\"\n",
        )
        .edit(
            UNITS,
            "block = \"so\"\n",
            "block = \"so\"\nprevious = [\"A-OLF\"]\n",
        );
    expect(ws, Code::UnknownPredecessor, Some((UNITS, 5, 13)));
    let ws = Ws::fixture()
        .write(
            "scores/2023/units.toml",
            "[[unit]]\ncode = \"A-OLD\"\nname = \"Sở A cũ\"\nblock = \"so\"\n",
        )
        .edit(
            UNITS,
            "block = \"so\"\n",
            "block = \"so\"\nprevious = [\"A-OLF\"]\n",
        );
    let d = ws
        .diagnostics()
        .into_iter()
        .find(|d| d.code == Code::UnknownPredecessor)
        .unwrap();
    assert!(d.render(Lang::En).contains("did you mean `A-OLD`?"));
    // Without the previous year's unit list there is nothing to check against.
    let ws = Ws::fixture().edit(
        UNITS,
        "block = \"so\"\n",
        "block = \"so\"\nprevious = [\"A-OLF\"]\n",
    );
    assert!(
        !ws.diagnostics()
            .iter()
            .any(|d| d.code == Code::UnknownPredecessor)
    );
}

#[test]
fn every_code_has_a_test() {
    let src = include_str!("diagnostics.rs");
    for code in Code::ALL {
        let name = format!("fn {}_", code.id().to_lowercase());
        assert!(src.contains(&name), "no test for {}", code.id());
    }
}

/// Locks the fixture through the library, as `chiso lock` does.
fn locked_fixture() -> Ws {
    let ws = Ws::fixture();
    let (model, results) = ws.score();
    let inputs = chiso::lock::hash_inputs(ws.root(), 2024).unwrap();
    let units = chiso::lock::fingerprint(&model, &results);
    let lock = chiso::lock::Lock::new(&model, inputs, units, None);
    std::fs::write(chiso::lock::path(ws.root(), 2024), lock.to_toml(Lang::Vi)).unwrap();
    ws
}

fn expect_one(d: &Diagnostic, code: Code, file: &str, line: usize, column: usize) {
    assert_eq!(d.code, code);
    assert_eq!(position(d), Some((file.to_string(), line, column)));
    for lang in [Lang::Vi, Lang::En] {
        let text = d.render(lang);
        assert!(
            text.contains(&format!("--> {file}:{line}:{column}")),
            "{text}"
        );
    }
}

#[test]
fn e0503_invalid_lock_file() {
    let ws = locked_fixture();
    let lock = "scores/2024/results.lock.toml";
    let text = std::fs::read_to_string(ws.path(lock)).unwrap();
    let ws = ws.write(lock, &text.replace("year = 2024", "year = \"2024\""));
    let line = text.lines().position(|l| l == "year = 2024").unwrap() + 1;
    let d = chiso::lock::read(ws.root(), 2024)
        .err()
        .expect("invalid lock");
    expect_one(&d, Code::LockFile, lock, line, 8);
}

#[test]
fn w0608_locked_input_changed() {
    let ws = locked_fixture().edit(SELF, "points = 1.75", "points = 2");
    let lock = chiso::lock::read(ws.root(), 2024).unwrap().unwrap();
    let inputs = chiso::lock::hash_inputs(ws.root(), 2024).unwrap();
    let diags = chiso::lock::check_diagnostics(&lock, &inputs);
    assert_eq!(diags.len(), 1, "only the edited file: {diags:?}");
    let text = std::fs::read_to_string(ws.path("scores/2024/results.lock.toml")).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with(&format!("\"{SELF}\"")))
        .unwrap()
        + 1;
    expect_one(
        &diags[0],
        Code::LockedInputChanged,
        "scores/2024/results.lock.toml",
        line,
        1,
    );
    assert!(diags[0].message.text(Lang::En).contains(SELF));
}
