//! One test per diagnostic code: the right code, file, line and column.

use crate::common;

use std::path::Path;

use crate::workbook::{Cell, Edit, blank_workbook, cell, import, load, refusal, row_of};
use chiso::diagnostic::{Code, Diagnostic};
use chiso::excel::{self, col};
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

/// The first diagnostic of the workspace with `code` (there must be one).
fn first(ws: &Ws, code: Code) -> Diagnostic {
    ws.diagnostics()
        .into_iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no {code:?}"))
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
    expect_in(ws.diagnostics(), code, at);
}

fn expect_in(diags: Vec<Diagnostic>, code: Code, at: Option<(&str, usize, usize)>) {
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
    // Where the text stops being UTF-8, in the user's language.
    assert!(
        d.message.text(Lang::Vi).ends_with(
            "nội dung không phải văn bản UTF-8 (dòng 1, cột 2); hãy lưu lại tệp với bảng mã UTF-8"
        ),
        "{}",
        d.message.text(Lang::Vi)
    );
    // A folder where a file should be, as the system reports it, said in Vietnamese too.
    let ws = Ws::fixture();
    std::fs::remove_file(ws.path("scores/2024/units.toml")).unwrap();
    std::fs::create_dir(ws.path("scores/2024/units.toml")).unwrap();
    let diags = ws.diagnostics();
    let d = diags
        .iter()
        .find(|d| d.code == Code::Io)
        .expect("io diagnostic");
    assert!(
        d.message
            .text(Lang::Vi)
            .ends_with("đây là một thư mục, không phải tệp"),
        "{}",
        d.message.text(Lang::Vi)
    );
}

/// The English messages of the E0101 diagnostics of a workspace.
fn cannot_read(ws: &Ws) -> Vec<String> {
    ws.diagnostics()
        .iter()
        .filter(|d| d.code == Code::Io)
        .map(|d| d.message.text(Lang::En))
        .collect()
}

/// A folder, a FIFO or a dangling link where an answer file or a dataset
/// should be is an error naming it (they were skipped, and the unit scored
/// as if it had no answers, without a word).
#[cfg(unix)]
#[test]
fn e0101_an_entry_that_is_not_a_file_is_named() {
    let ws = Ws::fixture();
    let survey = "scores/2024/data/survey.csv";
    std::fs::remove_file(ws.path(SELF)).unwrap();
    std::fs::create_dir(ws.path(SELF)).unwrap();
    std::fs::remove_file(ws.path(APPRAISAL)).unwrap();
    common::mkfifo(&ws.path(APPRAISAL));
    std::fs::remove_file(ws.path(survey)).unwrap();
    std::os::unix::fs::symlink(ws.path("scores/2024/data/gone.csv"), ws.path(survey)).unwrap();
    let mut got = cannot_read(&ws);
    got.sort();
    assert_eq!(
        got,
        [
            "cannot read scores/2024/appraisal/A.toml: not a regular file (a FIFO, device or socket); chiso reads regular files only",
            "cannot read scores/2024/data/survey.csv: no such file or folder",
            "cannot read scores/2024/self/A.toml: it is a folder, not a file",
        ]
    );
    // A's self-assessment is there, unreadable: not "missing" (whose hint
    // would invite writing a template over it).
    assert!(
        !ws.diagnostics()
            .iter()
            .any(|d| d.code == Code::MissingSelfAssessment && d.unit.as_deref() == Some("A"))
    );
    let (code, out, _) = common::chiso(ws.root(), &["check", "2024"]);
    assert_eq!(code, 1, "{out}");
}

/// A folder of answers that cannot be listed is an error naming it, and its
/// units are not each reported as having no self-assessment. (Running as
/// root, a folder without permissions is listed anyway: here the folder is a
/// file; the unit test `load::tests::unlistable_folders_are_errors` covers
/// "permission denied".)
#[test]
fn e0101_a_folder_that_cannot_be_listed() {
    let ws = Ws::fixture();
    std::fs::remove_dir_all(ws.path("scores/2024/self")).unwrap();
    std::fs::write(ws.path("scores/2024/self"), "").unwrap();
    assert_eq!(
        cannot_read(&ws),
        ["cannot read scores/2024/self: a part of the path is not a folder"]
    );
    assert!(
        !ws.diagnostics()
            .iter()
            .any(|d| d.code == Code::MissingSelfAssessment)
    );
    // Nothing is locked that cannot be read.
    let (code, _, err) = common::chiso(ws.root(), &["--lang", "en", "lock", "2024"]);
    assert_ne!(code, 0);
    assert!(err.contains("cannot read scores/2024/self"), "{err}");
    assert!(!ws.path("scores/2024/results.lock.toml").exists());
}

/// Inputs that are links (or in linked folders) leading outside the workspace
/// are refused by name, and nothing of them is quoted; links inside the
/// workspace are read as the files they lead to.
#[cfg(unix)]
#[test]
fn e0101_links_that_leave_the_workspace_are_refused() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    let secret = "bi_mat = \"dòng đầu của một tệp ngoài thư mục làm việc\"\n";
    std::fs::write(outside.path().join("A.toml"), secret).unwrap();
    std::fs::write(outside.path().join("pb.toml"), secret).unwrap();
    let ws = Ws::fixture();
    // A criteria file, an answer file, and a whole folder of appraisals.
    std::fs::remove_file(ws.path("criteria/2024/pb.toml")).unwrap();
    symlink(
        outside.path().join("pb.toml"),
        ws.path("criteria/2024/pb.toml"),
    )
    .unwrap();
    std::fs::remove_file(ws.path(SELF)).unwrap();
    symlink(outside.path().join("A.toml"), ws.path(SELF)).unwrap();
    common::copy_dir(
        &ws.path("scores/2024/appraisal"),
        &outside.path().join("appraisal"),
    );
    std::fs::remove_dir_all(ws.path("scores/2024/appraisal")).unwrap();
    symlink(
        outside.path().join("appraisal"),
        ws.path("scores/2024/appraisal"),
    )
    .unwrap();
    let refused = ": it is a link (or in a linked folder) leading outside the workspace; chiso neither reads nor writes through such links";
    let mut got = cannot_read(&ws);
    got.sort();
    assert_eq!(
        got,
        [
            "criteria/2024/pb.toml",
            "scores/2024/appraisal/A.toml",
            "scores/2024/appraisal/S2.toml",
            "scores/2024/self/A.toml",
        ]
        .map(|f| format!("cannot read {f}{refused}"))
    );
    let (code, out, err) = common::chiso(ws.root(), &["check", "2024"]);
    assert_eq!(code, 1);
    assert!(
        !out.contains("dòng đầu") && !err.contains("dòng đầu"),
        "{out}{err}"
    );

    // The same files linked from inside the workspace are read.
    let ws = Ws::fixture();
    let (_, before) = ws.score();
    std::fs::create_dir(ws.path("shared")).unwrap();
    std::fs::rename(ws.path(SELF), ws.path("shared/A.toml")).unwrap();
    symlink("../../../shared/A.toml", ws.path(SELF)).unwrap();
    assert_eq!(cannot_read(&ws), Vec::<String>::new());
    let (_, after) = ws.score();
    assert_eq!(
        after.unit("A").unwrap().final_.total,
        before.unit("A").unwrap().final_.total
    );
}

/// A file beyond the 64 MiB bound is refused before it is read (a sparse
/// file: nothing is written to disk).
#[test]
fn e0101_a_file_beyond_the_size_bound() {
    let ws = Ws::fixture();
    let big = std::fs::File::create(ws.path("criteria/2024/pc.toml")).unwrap();
    big.set_len(chiso::source::MAX_FILE_BYTES + 1).unwrap();
    assert_eq!(
        cannot_read(&ws),
        ["cannot read criteria/2024/pc.toml: the file is larger than the 64 MiB limit"]
    );
}

#[test]
fn e0102_toml_syntax() {
    expect(
        Ws::fixture().write(SELF, "unit = \"A\"\npoints = = 1\n"),
        Code::TomlSyntax,
        Some((SELF, 2, 10)),
    );
    // A decimal comma, as in Vietnamese spreadsheets, gets a hint with the point.
    let ws = self_entry("1.1", "points = 0,75");
    let d = first(&ws, Code::TomlSyntax);
    let hint = d.hint.as_ref().unwrap().text(Lang::Vi);
    assert!(hint.contains("dấu chấm: 0.75"), "{hint}");
}

#[test]
fn e0103_unknown_key_with_suggestion() {
    let ws = self_entry("1.1", "pionts = 1");
    expect(ws, Code::UnknownKey, Some((SELF, 3, 1)));
    let ws = self_entry("1.1", "pionts = 1");
    let d = first(&ws, Code::UnknownKey);
    assert!(d.render(Lang::En).contains("did you mean `points`?"));
}

#[test]
fn e0104_wrong_type() {
    expect(
        self_entry("1.1", "points = \"1\""),
        Code::WrongType,
        Some((SELF, 3, 10)),
    );
    // English names the types with their articles.
    let ws = self_entry("1.1", "points = [1]");
    let d = first(&ws, Code::WrongType);
    assert!(
        d.message
            .text(Lang::En)
            .contains("must be a number, not an array"),
        "{}",
        d.message.text(Lang::En)
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
fn e0107_unknown_assessed_by() {
    let ws = Ws::fixture().edit(
        PA,
        "title = \"Báo cáo trễ\"\n",
        "title = \"Báo cáo trễ\"\nassessed_by = \"councl\"\n",
    );
    let line = std::fs::read_to_string(ws.path(PA))
        .unwrap()
        .lines()
        .position(|l| l.starts_with("assessed_by"))
        .unwrap()
        + 1;
    let d = first(&ws, Code::InvalidValue);
    assert_eq!(position(&d), Some((PA.to_string(), line, 15)));
    let text = d.render(Lang::En);
    assert!(
        text.contains("unknown `assessed_by = \"councl\"`"),
        "{text}"
    );
    assert!(text.contains("did you mean"), "{text}");
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
    let d = first(&self_entry("9.1", "points = 0.3"), Code::NotMultipleOfStep);
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

/// What the language of criteria does not have is refused where it is
/// written, quoted, with what is allowed: `1 << 100` (rhai would fold it to 0),
/// a function hidden from a text scan by a comment, a function with the wrong
/// number of arguments, and a name with diacritics (rhai reads `h`).
#[test]
fn e0209_refuses_what_the_format_does_not_list() {
    for (formula, column, vi, en) in [
        (
            "max * hai_long / 100 + (1 << 100)",
            38,
            "`<<` không dùng được",
            "`<<` is not allowed",
        ),
        (
            "max * hai_long / 100 + foo/**/(1)",
            35,
            "không có hàm `foo`",
            "no function `foo`",
        ),
        (
            "min(max * hai_long / 100)",
            12,
            "hàm `min` không nhận",
            "`min` does not take",
        ),
        (
            "max * hài_lòng / 100",
            18,
            "tên `hài_lòng` có chữ ngoài",
            "the name `hài_lòng` has letters",
        ),
    ] {
        let ws = Ws::fixture().edit(
            PA,
            "formula = \"max * hai_long / 100\"",
            &format!("formula = \"{formula}\""),
        );
        let d = first(&ws, Code::Expression);
        let vi_text = d.render(Lang::Vi);
        let en_text = d.render(Lang::En);
        assert!(vi_text.contains(vi), "{vi_text}");
        assert!(en_text.contains(en), "{en_text}");
        let hint = if formula.contains('à') {
            "`hai_long`"
        } else {
            "operators: + - * /"
        };
        assert!(en_text.contains(hint), "{en_text}");
        expect(ws, Code::Expression, Some((PA, 48, column)));
    }
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
fn e0214_a_target_that_is_no_input_of_the_leaf() {
    let ws = Ws::fixture().edit(
        PA,
        "formula = \"max * hai_long / 100\"",
        "formula = \"max * hai_long / 100\"\ntarget = \"chi_tieu\"",
    );
    let line = line_of(&ws, PA, "target = ");
    let d = first(&ws, Code::TargetNotInput);
    expect_one(&d, Code::TargetNotInput, PA, line, 10);
    assert_eq!(
        d.message.text(Lang::En),
        "`target = \"chi_tieu\"` is not an input of this computed criterion"
    );
    // Naming one of the leaf's inputs is fine.
    let ok = Ws::fixture().edit(
        PA,
        "formula = \"max * hai_long / 100\"",
        "formula = \"max * hai_long / 100\"\ntarget = \"hai_long\"",
    );
    assert!(
        !ok.diagnostics()
            .iter()
            .any(|d| d.code == Code::TargetNotInput)
    );
}

#[test]
fn e0108_two_answer_files_of_one_unit() {
    // The same code written precomposed (NFC) and decomposed (NFD): one file is read.
    let nfc = "X\u{c3}";
    let nfd = "XA\u{303}";
    let ws = Ws::fixture()
        .edit(
            "scores/2024/units.toml",
            "[[unit]]",
            &format!("[[unit]]\ncode = \"{nfc}\"\nname = \"Sở X\"\nblock = \"so\"\n\n[[unit]]"),
        )
        // The first in name order (decomposed: `A` sorts before `Ã`) is read.
        .write(
            &format!("scores/2024/self/{nfd}.toml"),
            &format!("unit = \"{nfc}\"\n"),
        )
        .write(&format!("scores/2024/self/{nfc}.toml"), "unit = = 1\n");
    let diags = ws.diagnostics();
    let d = diags
        .iter()
        .find(|d| d.code == Code::Duplicate)
        .expect("duplicate answer file");
    assert_eq!(d.unit.as_deref(), Some(nfc));
    assert!(d.is_error());
    assert!(
        !diags.iter().any(|d| d.code == Code::TomlSyntax),
        "{diags:?}"
    );
    // Reading while scoring reports it too.
    let (read, _) =
        chiso::pipeline::load_and_evaluate(ws.root(), 2024, &Default::default()).unwrap();
    assert!(
        read.diagnostics
            .items
            .iter()
            .any(|d| d.code == Code::Duplicate)
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

/// A diagnostic's file, line and column.
type Position = Option<(String, usize, usize)>;

/// The errors of a workspace: code and position.
fn errors(ws: &Ws) -> Vec<(&'static str, Position)> {
    ws.diagnostics()
        .iter()
        .filter(|d| d.is_error())
        .map(|d| (d.code.id(), position(d)))
        .collect()
}

#[test]
fn e0301_a_unit_of_an_unknown_block_is_reported_once() {
    // A has answers, an appraisal, dataset rows and three subordinates: none
    // of them is reported again as belonging to no unit.
    let ws = Ws::fixture().edit(UNITS, "block = \"so\"", "block = \"sx\"");
    assert_eq!(errors(&ws), [("E0301", Some((UNITS.to_string(), 4, 9)))]);
}

#[test]
fn e0105_a_regulation_without_blocks_is_the_one_cause() {
    // Not an unknown block per unit, nor their files as no unit's.
    let ws = Ws::fixture().write(
        REG,
        "id = \"r\"\ntitle = \"R\"\n[[rating]]\nlabel = \"Tốt\"\nmin = 0\n",
    );
    assert_eq!(errors(&ws), [("E0105", Some((REG.to_string(), 1, 1)))]);
}

#[test]
fn e0108_an_overlay_listed_twice() {
    let ws = Ws::fixture()
        .write(
            "criteria/2024/pax.toml",
            "id = \"pax\"\ntitle = \"Bổ sung\"\nextends = \"pa\"\ntotal = 20\n[c.\"9.1\"]\nremoved = true\n",
        )
        .edit(
            UNITS,
            "name = \"Sở B\"\nblock = \"so\"",
            "name = \"Sở B\"\nblock = \"so\"\nextra = [\"pax\", \"pax\"]",
        );
    // The second `pax` (line 10), and nothing about removing 9.1 twice.
    assert_eq!(errors(&ws), [("E0108", Some((UNITS.to_string(), 10, 17)))]);
    let d = first(&ws, Code::Duplicate);
    assert_eq!(
        d.message.text(Lang::En),
        "overlay `pax` is listed twice in `extra`"
    );
    assert_eq!(
        d.message.text(Lang::Vi),
        "phụ lục bổ sung `pax` được liệt kê hai lần trong `extra`"
    );
}

/// The fixture's unit list with one more unit of code `code` (line 7), after A.
fn with_unit_code(code: &str) -> Ws {
    Ws::fixture().edit(
        UNITS,
        "[[unit]]\ncode = \"A\"",
        &format!(
            "[[unit]]\ncode = \"A\"\nname = \"Sở A\"\nblock = \"so\"\n\n[[unit]]\ncode = \"{code}\""
        ),
    )
}

#[test]
fn e0107_a_unit_code_with_an_invisible_or_control_character() {
    for (code, shown, char) in [
        ("A\u{200b}B", "A\\u{200b}B", "U+200B"),
        ("A\\u0000B", "A\\0B", "U+0000"),
    ] {
        let ws = with_unit_code(code);
        expect_in(ws.diagnostics(), Code::InvalidValue, Some((UNITS, 7, 8)));
        let d = first(&ws, Code::InvalidValue);
        assert_eq!(
            d.message.text(Lang::En),
            format!("unit code `{shown}` holds a control or invisible character {char}")
        );
        assert_eq!(
            d.message.text(Lang::Vi),
            format!("mã đơn vị `{shown}` chứa ký tự điều khiển hoặc ký tự vô hình {char}")
        );
    }
}

#[test]
fn w0351_a_unit_code_of_mixed_scripts_that_looks_like_another() {
    // Greek capital Nu between Latin letters: "BΝA" beside nothing like it,
    // then "Β" (Greek Beta) that looks like unit B.
    let ws = with_unit_code("A\u{39d}A");
    expect_in(
        ws.diagnostics(),
        Code::LookAlikeUnitCode,
        Some((UNITS, 7, 8)),
    );
    let said: Vec<String> = ws
        .diagnostics()
        .iter()
        .filter(|d| d.code == Code::LookAlikeUnitCode)
        .map(|d| d.message.text(Lang::En))
        .collect();
    assert_eq!(
        said,
        ["unit code `AΝA` mixes letters of several scripts: Latin, Greek"]
    );

    let ws = with_unit_code("\u{392}");
    let said: Vec<(String, String)> = ws
        .diagnostics()
        .iter()
        .filter(|d| d.code == Code::LookAlikeUnitCode)
        .map(|d| (d.message.text(Lang::En), d.message.text(Lang::Vi)))
        .collect();
    // Units are checked in order: B (line 12) is the one that looks like Β (line 7).
    assert_eq!(
        said,
        [(
            "unit code `B` looks like the code `Β` of another unit".to_string(),
            "mã đơn vị `B` trông giống mã `Β` của đơn vị khác".to_string()
        )]
    );
}

#[test]
fn e0102_a_key_of_too_many_parts_is_positioned() {
    // toml reports no position for a key of more than 80 dotted parts: a
    // 100,000-part header on line 3, and a dotted key on line 2 after a
    // quoted part holding dots.
    let header = format!("[{}]", vec!["a"; 100_000].join("."));
    let ws = Ws::fixture().write(SELF, &format!("unit = \"A\"\n\n{header}\nx = 1\n"));
    let d = first(&ws, Code::TomlSyntax);
    expect(ws, Code::TomlSyntax, Some((SELF, 3, 1)));
    assert!(d.render(Lang::En).contains("more than 80 levels"));
    assert!(d.render(Lang::Vi).contains("quá 80 cấp"));
    let key = format!("\"x.y\".{} = 1", vec!["b"; 100].join("."));
    let ws = Ws::fixture().write(SELF, &format!("unit = \"A\"\n  {key}\n"));
    expect(ws, Code::TomlSyntax, Some((SELF, 2, 3)));
}

#[test]
fn e0302_unknown_unit_in_a_dataset() {
    expect(
        Ws::fixture().write("scores/2024/data/x.csv", "unit,hai_long\nZ,1\n"),
        Code::UnknownUnit,
        Some(("scores/2024/data/x.csv", 2, 1)),
    );
}

/// A dataset saved with CRLF, LF or both line endings: the row of the unknown
/// unit is named on its own line (CRLF used to name the line above).
#[test]
fn e0302_dataset_rows_are_counted_alike_for_every_line_ending() {
    for text in [
        "unit,hai_long\r\nA,1\r\n\r\nZ,1\r\nY,2\r\n",
        "unit,hai_long\nA,1\n\nZ,1\nY,2\n",
        "unit,hai_long\r\nA,1\n\r\nZ,1\nY,2\r\n",
    ] {
        let diags = Ws::fixture()
            .write("scores/2024/data/x.csv", text)
            .diagnostics();
        let lines: Vec<usize> = diags
            .iter()
            .filter(|d| d.code == Code::UnknownUnit)
            .map(|d| position(d).unwrap().1)
            .collect();
        assert_eq!(lines, [4, 5], "{text:?}");
        expect_in(
            diags,
            Code::UnknownUnit,
            Some(("scores/2024/data/x.csv", 4, 1)),
        );
    }
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

/// A unit's answer to a criterion the council scores (`assessed_by`, here
/// inherited from the deduction area): at the answer, not counted (the
/// register's 2 late reports × 0.25 count, not the unit's 4).
#[test]
fn e0312_answer_to_a_criterion_the_council_scores() {
    let ws = self_entry("10.1", "note = \"x\"\nfacts = { bao_cao_tre = 4 }").edit(
        PA,
        "kind = \"deduction\"\n",
        "kind = \"deduction\"\nassessed_by = \"council\"\n",
    );
    let (_, results) = ws.score();
    let a = results.unit("A").unwrap();
    assert_eq!(a.self_.deduction, common::d("0.5"));
    assert_eq!(a.final_.deduction, common::d("0.5"));
    let d = first(&ws, Code::CouncilCriterion);
    assert_eq!(
        d.render(Lang::En).lines().next().unwrap(),
        "error[E0312]: criterion 10.1 is scored by the appraisal council: the unit does not answer it (`facts` is not counted)"
    );
    expect(ws, Code::CouncilCriterion, Some((SELF, 4, 9)));
}

/// The fixture with the inputs of 1.4 typed as counts.
fn typed_counts() -> Ws {
    Ws::fixture()
        .edit(
            PA,
            "label = \"Số hồ sơ trễ hạn\", source = \"data\"",
            "label = \"Số hồ sơ trễ hạn\", source = \"data\", type = \"count\"",
        )
        .edit(
            PA,
            "label = \"Số hồ sơ đã giải quyết\", source = \"data\"",
            "label = \"Số hồ sơ đã giải quyết\", source = \"data\", type = \"count\"",
        )
}

/// Line (1-based) of the first line of `file` in `ws` containing `text`.
fn line_of(ws: &Ws, file: &str, text: &str) -> usize {
    std::fs::read_to_string(ws.path(file))
        .unwrap()
        .lines()
        .position(|l| l.contains(text))
        .unwrap_or_else(|| panic!("{text:?} not in {file}"))
        + 1
}

#[test]
fn e0314_a_count_with_a_fraction_in_an_answer() {
    let ws = typed_counts().write(
        SELF,
        "unit = \"A\"\n[c.\"1.4\"]\nfacts = { tre_han = 0, da_giai_quyet = 1.036 }\n",
    );
    let d = first(&ws, Code::NotOfKind);
    // `facts = { tre_han = 0, da_giai_quyet = ` is 39 characters.
    expect_one(&d, Code::NotOfKind, SELF, 3, 40);
    assert_eq!(
        d.message.text(Lang::Vi),
        "`da_giai_quyet` là số đếm (số nguyên không âm), không thể là 1.036"
    );
    assert_eq!(
        d.hint.as_ref().unwrap().text(Lang::En),
        "if 1.036 means 1036 (a thousands separator), write 1036: numbers have no separators"
    );
    // The refused figure is not used, and not reported again as missing.
    assert!(
        !ws.diagnostics().iter().any(|x| x.code == Code::MissingInput
            && x.unit.as_deref() == Some("A")
            && x.criterion.as_deref() == Some("1.4"))
    );
    // A fraction that is no thousands separator gets the plain hint; an
    // appraisal's facts are typed too.
    let ws = typed_counts().write(
        APPRAISAL,
        "unit = \"A\"\n[[adjust]]\ncode = \"1.4\"\nround = 1\nfacts = { tre_han = 2.5 }\nreason = \"x\"\n",
    );
    let d = first(&ws, Code::NotOfKind);
    expect_one(&d, Code::NotOfKind, APPRAISAL, 5, 21);
    assert_eq!(
        d.hint.as_ref().unwrap().text(Lang::Vi),
        "viết số đếm là số nguyên, ví dụ 36"
    );
}

/// A row of a period (here the second quarter) is typed like the year's:
/// `1.036` late dossiers in a count column is refused, not summed.
#[test]
fn e0314_a_count_with_a_fraction_in_a_period_row() {
    let ws = typed_counts().write(
        "scores/2024/data/dossiers.csv",
        "unit,tre_han,da_giai_quyet,period\nA,1,6,nam\nA,1.036,2,q2\n",
    );
    let d = first(&ws, Code::NotOfKind);
    expect_one(&d, Code::NotOfKind, "scores/2024/data/dossiers.csv", 3, 3);
    assert!(
        d.hint
            .as_ref()
            .unwrap()
            .text(Lang::Vi)
            .contains("viết 1036")
    );
}

/// Subordinates stated as data are typed without any criterion declaring them:
/// 2.5 communes used to be cut to 2 when scoring, silently.
#[test]
fn e0314_a_stated_number_of_subordinates_with_a_fraction() {
    let file = "scores/2024/data/subordinates.csv";
    let ws = Ws::fixture().write(
        file,
        "unit,sub_count,sub_rated:Tốt,sub_avg_index\nB,2.5,1,80\n",
    );
    let d = first(&ws, Code::NotOfKind);
    expect_one(&d, Code::NotOfKind, file, 2, 3);
    assert_eq!(
        d.message.text(Lang::En),
        "row 2 (B), column `sub_count` is a count (a whole number, not negative), not 2.5"
    );
    let ws = Ws::fixture().write(file, "unit,sub_count,sub_rated:Tốt\nB,3,-1\n");
    expect_one(&first(&ws, Code::NotOfKind), Code::NotOfKind, file, 2, 5);
    let ws = Ws::fixture().write(file, "unit,sub_count,sub_avg_index\nB,3,180\n");
    expect_one(&first(&ws, Code::NotOfKind), Code::NotOfKind, file, 2, 5);
    // Whole counts and an index within 0..100 are accepted.
    let ws = Ws::fixture().write(
        file,
        "unit,sub_count,sub_rated:Tốt,sub_avg_index\nB,3,1,80.5\n",
    );
    assert!(!ws.diagnostics().iter().any(|d| d.code == Code::NotOfKind));
}

#[test]
fn e0314_a_percentage_above_100_and_a_dataset_count() {
    let ws = Ws::fixture().edit(
        PA,
        "label = \"Chỉ số hài lòng (%)\", source = \"data\"",
        "label = \"Chỉ số hài lòng (%)\", source = \"data\", type = \"percent\"",
    );
    let ws = ws.write(
        "scores/2024/data/survey.csv",
        "unit,hai_long,bao_cao_tre\nA,875,2\n",
    );
    let d = first(&ws, Code::NotOfKind);
    expect_one(&d, Code::NotOfKind, "scores/2024/data/survey.csv", 2, 3);
    assert_eq!(
        d.message.text(Lang::En),
        "row 2 (A), column `hai_long` is a percentage (0 to 100), not 875"
    );
    let ws = typed_counts().write(
        "scores/2024/data/dossiers.csv",
        "unit,tre_han,da_giai_quyet\nA,1,6.300\n",
    );
    let d = first(&ws, Code::NotOfKind);
    expect_one(&d, Code::NotOfKind, "scores/2024/data/dossiers.csv", 2, 5);
    assert!(
        d.hint
            .as_ref()
            .unwrap()
            .text(Lang::Vi)
            .contains("viết 6300")
    );
}

#[test]
fn e0107_unknown_input_type_and_check_level() {
    let ws = Ws::fixture().edit(
        PA,
        "source = \"data\" }, da_giai_quyet",
        "source = \"data\", type = \"cout\" }, da_giai_quyet",
    );
    let d = first(&ws, Code::InvalidValue);
    assert_eq!(
        d.hint.as_ref().unwrap().text(Lang::En),
        "did you mean `count`?"
    );
    let ws = Ws::fixture().edit(PA, "bands = [\n  { lte = 0", "checks = [{ rule = \"tre_han <= da_giai_quyet\", level = \"warn\" }]\nbands = [\n  { lte = 0");
    let d = first(&ws, Code::InvalidValue);
    assert_eq!(
        d.message.text(Lang::En),
        "unknown level `warn`: use \"error\" or \"warning\""
    );
}

/// The fixture with 1.4's facts related by an appendix-level check, and A
/// reporting more late dossiers than resolved ones.
fn more_late_than_resolved(check: &str) -> Ws {
    let ws = Ws::fixture();
    let pa = std::fs::read_to_string(ws.path(PA)).unwrap();
    ws.write(PA, &format!("{pa}\n{check}")).edit(
        SELF,
        "facts = { tre_han = 0 }",
        "facts = { tre_han = 70, da_giai_quyet = 63 }",
    )
}

#[test]
fn e0506_a_failed_check_scores_the_leaf_zero() {
    let ws = more_late_than_resolved("[[check]]\nrule = \"tre_han <= da_giai_quyet\"\n");
    let d = first(&ws, Code::CheckFailed);
    // At the first fact the check reads, in the self-assessment.
    expect_one(&d, Code::CheckFailed, SELF, 15, 21);
    assert_eq!(
        d.message.text(Lang::En),
        "the figures fail the check `tre_han <= da_giai_quyet`: tre_han = 70, da_giai_quyet = 63"
    );
    assert_eq!(
        d.message.text(Lang::Vi),
        "số liệu không thỏa điều kiện `tre_han <= da_giai_quyet`: tre_han = 70, da_giai_quyet = 63"
    );
    let (model, results) = ws.score();
    let a = results.units.iter().find(|u| u.code == "A").unwrap();
    let i = model.schemes[model.unit("A").unwrap().scheme.unwrap()].by_code["1.4"];
    // Self: 0 (the check failed); final: the official 1 of 63 (1.59%) → 1 point.
    assert_eq!(a.nodes[i].self_.points, common::d("0"));
    assert_eq!(a.nodes[i].final_.points, common::d("1"));
    // The same figures from a dataset are reported at the CSV cell.
    let ws = Ws::fixture()
        .write(
            PA,
            &format!(
                "{}\n[[check]]\nrule = \"tre_han <= da_giai_quyet\"\n",
                std::fs::read_to_string(Path::new(common::FIXTURE).join(PA)).unwrap()
            ),
        )
        .write(
            "scores/2024/data/dossiers.csv",
            "unit,tre_han,da_giai_quyet\nA,70,63\n",
        );
    let d = first(&ws, Code::CheckFailed);
    expect_one(&d, Code::CheckFailed, "scores/2024/data/dossiers.csv", 2, 3);
}

#[test]
fn w0610_a_check_at_warning_level_keeps_the_points() {
    let ws = more_late_than_resolved("").edit(
        PA,
        "bands = [\n  { lte = 0",
        "checks = [{ rule = \"tre_han <= da_giai_quyet\", level = \"warning\" }]\nbands = [\n  { lte = 0",
    );
    let d = first(&ws, Code::CheckWarning);
    expect_one(&d, Code::CheckWarning, SELF, 15, 21);
    assert!(!ws.diagnostics().iter().any(|x| x.code == Code::CheckFailed));
}

#[test]
fn w0615_an_applicable_max_below_the_regulations_share() {
    // A declares 2.1 (4 of 20) not applicable: 16 / 20 = 80%, below 90%.
    let ws = Ws::fixture().edit(
        REG,
        "index_decimals = 2",
        "index_decimals = 2\nmin_applicable_percent = 90",
    );
    let d = ws
        .diagnostics()
        .into_iter()
        .find(|d| d.code == Code::LowApplicableMax && d.unit.as_deref() == Some("A"))
        .expect("W0615 for A");
    expect_one(&d, Code::LowApplicableMax, UNITS, 1, 1);
    assert_eq!(
        d.message.text(Lang::En),
        "the applicable max is only 16 of 20 (80%), below the regulation's 90%: the index rests on too few criteria"
    );
    // Exactly at the threshold is not below it.
    let at = Ws::fixture().edit(
        REG,
        "index_decimals = 2",
        "index_decimals = 2\nmin_applicable_percent = 80",
    );
    assert!(
        !at.diagnostics()
            .iter()
            .any(|d| d.code == Code::LowApplicableMax && d.unit.as_deref() == Some("A"))
    );
}

#[test]
fn w0616_criteria_that_read_subordinates_of_a_unit_without_any() {
    // B lists no commune and states none: its 2.2 silently became not applicable.
    let d = Ws::fixture()
        .diagnostics()
        .into_iter()
        .find(|d| d.code == Code::NoSubordinates)
        .expect("W0616");
    assert_eq!(d.unit.as_deref(), Some("B"));
    expect_one(&d, Code::NoSubordinates, UNITS, 6, 1);
    assert!(
        d.message.text(Lang::En).contains("criteria `2.2` read"),
        "{}",
        d.message.text(Lang::En)
    );
    assert!(d.message.text(Lang::Vi).contains("tiêu chí liên đới `2.2`"));
    // A (three communes) is not warned; nor is B once its dataset states them.
    let stated = Ws::fixture().write("scores/2024/data/subordinates.csv", "unit,sub_count\nB,0\n");
    assert!(
        !stated
            .diagnostics()
            .iter()
            .any(|d| d.code == Code::NoSubordinates)
    );
}

#[test]
fn w0611_a_rate_above_100_percent() {
    let ws = more_late_than_resolved("").edit(
        PA,
        "bands = [\n  { lte = 0",
        "value_type = \"percent\"\nbands = [\n  { lte = 0",
    );
    let line = line_of(&ws, PA, "value = \"if da_giai_quyet");
    let d = first(&ws, Code::RateAbove100);
    expect_one(&d, Code::RateAbove100, PA, line, 9);
    assert_eq!(
        d.message.text(Lang::En),
        "the computed rate is 111.11%, above 100% (tre_han = 70, da_giai_quyet = 63)"
    );
    // Without `value_type = "percent"` the value is just a number.
    assert!(
        !more_late_than_resolved("")
            .diagnostics()
            .iter()
            .any(|x| x.code == Code::RateAbove100)
    );
}

#[test]
fn e0302_an_unknown_parent_points_at_its_value() {
    let ws = Ws::fixture().edit(UNITS, "parent = \"A\"", "parent = \"AA\"");
    let line = line_of(&ws, UNITS, "parent = \"AA\"");
    let d = first(&ws, Code::UnknownUnit);
    expect_one(&d, Code::UnknownUnit, UNITS, line, 10);
    assert_eq!(d.hint.as_ref().unwrap().text(Lang::En), "did you mean `A`?");
}

#[test]
fn e0202_an_overlay_that_changes_the_areas_suggests_its_total() {
    let ws = Ws::fixture().write(
        "criteria/2024/pc.toml",
        "id = \"pc\"\ntitle = \"Phụ lục C\"\nextends = \"pa\"\n\n[c.\"3\"]\ntitle = \"Thêm\"\nmax = 2\n",
    );
    let d = first(&ws, Code::TotalMismatch);
    expect_one(&d, Code::TotalMismatch, "criteria/2024/pc.toml", 3, 11);
    assert_eq!(
        d.hint.as_ref().unwrap().text(Lang::En),
        "the overlay changes the sum of the areas: write `total = 22` in this file"
    );
}

#[test]
fn w0601_an_answer_with_an_error_is_not_also_unanswered() {
    let ws = self_entry("1.3", "choice = \"Nope\"");
    let diags = ws.diagnostics();
    assert!(diags.iter().any(|d| d.code == Code::UnknownOption));
    assert!(
        !diags
            .iter()
            .any(|d| d.code == Code::Unanswered && d.criterion.as_deref() == Some("1.3")),
        "{diags:?}"
    );
    // An entry without an answer: the warning points at the entry.
    let ws = self_entry("1.3", "evidence = \"Quyết định số 1\"");
    let d = ws
        .diagnostics()
        .into_iter()
        .find(|d| d.code == Code::Unanswered && d.criterion.as_deref() == Some("1.3"))
        .unwrap();
    expect_one(&d, Code::Unanswered, SELF, 2, 4);
}

/// `accept = false` keeps the previous round's decision: in round 1 there is
/// none, and neither is there for a criterion no earlier round adjusted.
#[test]
fn e0313_nothing_to_keep() {
    let round_one =
        adjustment("code = \"1.2\"\nround = 1\naccept = false\nreason = \"Không chấp nhận\"");
    expect(round_one, Code::NothingToKeep, Some((APPRAISAL, 2, 1)));
    // Round 2 of 1.2, which round 1 did not adjust (it adjusted 1.1 and 1.3).
    let ws = Ws::fixture().edit(
        APPRAISAL,
        "code = \"1.1\"\nround = 2\naccept = true",
        "code = \"1.2\"\nround = 2\naccept = false",
    );
    let header = std::fs::read_to_string(ws.path(APPRAISAL))
        .unwrap()
        .lines()
        .position(|l| l == "code = \"1.2\"")
        .unwrap();
    let diags = ws.diagnostics();
    let d = diags
        .iter()
        .find(|d| d.code == Code::NothingToKeep)
        .expect("E0313");
    expect_one(d, Code::NothingToKeep, APPRAISAL, header, 1);
    assert_eq!(
        d.message.text(Lang::En),
        "`accept = false` in round 2 keeps the previous round's decision, but 1.2 has no adjustment in an earlier round"
    );
    assert!(
        d.render(Lang::Vi).contains("gợi ý"),
        "{}",
        d.render(Lang::Vi)
    );
    // The adjustment is ignored: the unit's own `yes = true` stands.
    let (model, r) = ws.score();
    let i = model.scheme_of(model.unit("A").unwrap()).unwrap().by_code["1.2"];
    assert_eq!(r.unit("A").unwrap().nodes[i].final_.points, common::d("1"));
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
fn e0401_unknown_period() {
    expect(
        Ws::fixture().write("scores/2024/data/x.csv", "unit,period,hai_long\nA,q5,1\n"),
        Code::Dataset,
        Some(("scores/2024/data/x.csv", 2, 3)),
    );
}

/// The first six months and the second quarter hold the same figures twice.
#[test]
fn e0402_overlapping_periods() {
    expect(
        Ws::fixture().write(
            "scores/2024/data/x.csv",
            "unit,period,hai_long\nA,6t,1\nA,q3,1\nA,q2,2\n",
        ),
        Code::DuplicateFact,
        Some(("scores/2024/data/x.csv", 4, 6)),
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
    let ws = Ws::fixture().edit(SELF, "[c.\"1.2\"]\nyes = true\n", "");
    let diags = ws.diagnostics();
    let unanswered: Vec<_> = diags
        .iter()
        .filter(|d| d.code == Code::Unanswered)
        .map(|d| (d.unit.as_deref(), d.criterion.as_deref()))
        .collect();
    // B has no self-assessment: W0607 says it once, not once per leaf.
    assert_eq!(unanswered, [(Some("A"), Some("1.2"))]);
    expect(ws, Code::Unanswered, None);
}

#[test]
fn w0602_missing_input() {
    expect(Ws::without_data_for_b(), Code::MissingInput, None);
}

/// A dataset the criteria read that is missing or empty is said once per
/// fact, at the first criterion reading it; a unit without a row, once, at
/// its entry in units.toml. (Empty or deleted datasets used to cost every
/// unit their points with a per-criterion W0602 only.)
#[test]
fn w0609_missing_data() {
    let ws = Ws::without_data_for_b().write("scores/2024/data/survey.csv", "");
    let diags: Vec<Diagnostic> = ws
        .diagnostics()
        .into_iter()
        .filter(|d| d.code == Code::MissingData)
        .collect();
    let en: Vec<String> = diags.iter().map(|d| d.message.text(Lang::En)).collect();
    assert_eq!(
        en,
        [
            "no dataset in scores/2024/data has a column `hai_long`, the official figure criteria 1.5 read: 2 units are scored without it",
            "no dataset in scores/2024/data has a column `bao_cao_tre`, the official figure criteria 10.1 read: 2 units are scored without it",
            "the official data (scores/2024/data/dossiers.csv) has no figure `tre_han`, `da_giai_quyet` for unit B",
        ],
        "{en:#?}"
    );
    // At `[c."1.5"]`, `[c."10.1"]` and B's `[[unit]]`.
    let line = |file: &str, text: &str| {
        std::fs::read_to_string(ws.path(file))
            .unwrap()
            .lines()
            .position(|l| l == text)
            .unwrap()
            + 1
    };
    expect_one(&diags[0], Code::MissingData, PA, line(PA, "[c.\"1.5\"]"), 4);
    expect_one(
        &diags[1],
        Code::MissingData,
        PA,
        line(PA, "[c.\"10.1\"]"),
        4,
    );
    assert_eq!(position(&diags[2]), Some((UNITS.to_string(), 6, 1)));
    assert!(
        diags[0]
            .render(Lang::Vi)
            .contains("chiso import survey 2024 <TỆP>"),
        "{}",
        diags[0].render(Lang::Vi)
    );
    // The fixture as shipped has every figure.
    assert!(
        !Ws::fixture()
            .diagnostics()
            .iter()
            .any(|d| d.code == Code::MissingData)
    );
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
fn e0109_misnamed_answer_file() {
    // B's file saved by Notepad: reported with the rename, not as missing.
    let ws = Ws::fixture().write("scores/2024/self/B.toml.txt", "unit = \"B\"\n");
    let diags = ws.diagnostics();
    let d = diags
        .iter()
        .find(|d| d.code == Code::MisnamedAnswerFile)
        .expect("E0109");
    assert_eq!(d.unit.as_deref(), Some("B"));
    assert!(!diags.iter().any(|d| d.code == Code::MissingSelfAssessment));
    for (lang, words) in [
        (Lang::Vi, "đổi tên tệp B.toml.txt thành B.toml"),
        (Lang::En, "rename B.toml.txt to B.toml"),
    ] {
        let text = d.render(lang);
        assert!(text.contains("scores/2024/self/B.toml.txt"), "{text}");
        assert!(text.contains(words), "{text}");
    }
}

#[test]
fn w0607_missing_self_assessment() {
    expect(Ws::fixture(), Code::MissingSelfAssessment, None);
}

const TESTS: &str = "criteria/2024/tests/pa.toml";

/// A regulation test file whose first case (block `so`) continues with `body`.
fn test_case(body: &str) -> Ws {
    Ws::fixture().write(
        TESTS,
        &format!("[[case]]\nname = \"Một\"\nblock = \"so\"\n{body}\n"),
    )
}

fn test_diagnostics(ws: &Ws) -> Vec<Diagnostic> {
    ws.suite().workspace.diagnostics.items
}

#[test]
fn e0901_test_file_without_cases() {
    let ws = Ws::fixture().write(TESTS, "# chưa có trường hợp\n");
    expect_in(
        test_diagnostics(&ws),
        Code::TestNoCases,
        Some((TESTS, 1, 1)),
    );
}

#[test]
fn e0902_duplicate_case_name() {
    let ws = test_case(
        "[case.expect]\ntotal = 0\n[[case]]\nname = \"Một\"\nblock = \"so\"\n[case.expect]\ntotal = 0\n",
    );
    expect_in(
        test_diagnostics(&ws),
        Code::TestDuplicateCase,
        Some((TESTS, 6, 1)),
    );
}

#[test]
fn e0903_unknown_subordinate_case() {
    let ws = test_case("subordinates = [\"Hai\"]\n[case.expect]\ntotal = 0\n");
    expect_in(
        test_diagnostics(&ws),
        Code::TestSubordinate,
        Some((TESTS, 4, 17)),
    );
}

#[test]
fn e0904_data_fact_not_an_input() {
    let ws = test_case("[case.data]\nhai_lon = 90\n[case.expect]\ntotal = 0\n");
    let diags = test_diagnostics(&ws);
    let d = diags.iter().find(|d| d.code == Code::TestDataFact).unwrap();
    assert!(d.hint.as_ref().unwrap().text(Lang::En).contains("hai_long"));
    expect_in(diags, Code::TestDataFact, Some((TESTS, 5, 1)));
}

#[test]
fn e0314_a_regulation_test_case_s_data_are_typed_as_datasets() {
    let ws = test_case("[case.data]\nhai_long = 875\n[case.expect]\ntotal = 0\n");
    let ws = ws.edit(
        PA,
        "label = \"Chỉ số hài lòng (%)\", source = \"data\"",
        "label = \"Chỉ số hài lòng (%)\", source = \"data\", type = \"percent\"",
    );
    expect_in(test_diagnostics(&ws), Code::NotOfKind, Some((TESTS, 5, 12)));
}

#[test]
fn e0905_unknown_rating() {
    let ws = test_case("[case.expect]\nrating = \"Tot\"\n");
    expect_in(
        test_diagnostics(&ws),
        Code::TestRating,
        Some((TESTS, 5, 10)),
    );
}

#[test]
fn w0951_case_expects_nothing() {
    let ws = test_case("[case.answers.\"1.2\"]\nyes = true\n");
    expect_in(
        test_diagnostics(&ws),
        Code::TestNothingExpected,
        Some((TESTS, 1, 1)),
    );
}

#[test]
fn w0952_no_test_files() {
    expect_in(test_diagnostics(&Ws::fixture()), Code::NoTestFiles, None);
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
    let d = first(&ws, Code::ConsequenceRating);
    assert!(
        d.render(Lang::Vi).contains("`Trung bình`"),
        "{}",
        d.render(Lang::Vi)
    );
}

#[test]
fn e0801_consequence_with_no_ratings() {
    // It would never apply: an error, not a silently idle rule.
    let (ws, line) = regulation_with("[[consequence]]\nlabel = \"x\"\nratings = []\n");
    expect(ws, Code::ConsequenceRating, Some((REG, line + 2, 11)));
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
    // One code may be written without the brackets.
    let ws = Ws::fixture().edit(
        UNITS,
        "block = \"so\"\n",
        "block = \"so\"\nprevious = \"A\"\n",
    );
    assert!(!ws.diagnostics().iter().any(|d| d.code == Code::WrongType));
    expect(ws, Code::Predecessor, Some((UNITS, 5, 12)));
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
    let d = first(&ws, Code::UnknownPredecessor);
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
    let lock = chiso::lock::Lock::new(&model, inputs, units, None, None, None);
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

/// `verify`'s errors about the fixture's lock (see `chiso verify`).
fn lock_errors(ws: &Ws, key: Option<&chiso::lock::TrustedKey>) -> Vec<Diagnostic> {
    let (model, results) = ws.score();
    let lock = chiso::lock::read(ws.root(), 2024).unwrap().unwrap();
    let inputs = chiso::lock::hash_inputs(ws.root(), 2024).unwrap();
    let units = chiso::lock::fingerprint(&model, &results);
    let now = chiso::lock::Current {
        year: 2024,
        regulation: Some("fixture-2024"),
        inputs: &inputs,
        units: Some(&units),
        key,
    };
    chiso::lock::lock_diagnostics(&lock, &chiso::lock::verify(&lock.lock, &now))
}

#[test]
fn e0504_lock_edited() {
    let lock = "scores/2024/results.lock.toml";
    let ws = locked_fixture();
    assert!(lock_errors(&ws, None).is_empty());
    // Unit A's locked total is 10.88.
    let ws = ws.edit(lock, "total = \"10.88\"", "total = \"10.00\"");
    let text = std::fs::read_to_string(ws.path(lock)).unwrap();
    let line = text.lines().position(|l| l == "total = \"10.00\"").unwrap() + 1;
    let diags = lock_errors(&ws, None);
    assert_eq!(diags.len(), 1, "{diags:?}");
    expect_one(&diags[0], Code::LockEdited, lock, line, 9);
    assert_eq!(diags[0].unit.as_deref(), Some("A"));
    assert_eq!(
        diags[0].message.text(Lang::En),
        "unit A: total was changed in the lock file after locking (it reads `10.00`; \
         recomputed: `10.88`): it is not the locked value"
    );
    assert!(
        diags[0]
            .message
            .text(Lang::Vi)
            .starts_with("đơn vị A: total trong tệp khóa đã bị sửa sau khi khóa")
    );
    // A lock without its seal: nothing in it can be confirmed.
    let ws = ws.edit(lock, "content_sha256 = ", "# content_sha256 = ");
    let diags = lock_errors(&ws, None);
    assert!(
        diags.iter().any(|d| d
            .message
            .text(Lang::En)
            .starts_with("the lock file has no seal")),
        "{diags:?}"
    );
}

#[test]
fn e0505_lock_signature() {
    let lock = "scores/2024/results.lock.toml";
    let ws = locked_fixture();
    let key = chiso::sign::generate();
    let hex = chiso::sign::public_hex(&key.verifying_key());
    let required = chiso::lock::TrustedKey {
        hex: hex.clone(),
        source: chiso::lock::KeySource::CommandLine,
    };
    // Unsigned where a key is required: at the top of the lock.
    let diags = lock_errors(&ws, Some(&required));
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].code, Code::LockSignature);
    assert_eq!(position(&diags[0]), Some((lock.to_string(), 1, 1)));
    assert!(diags[0].message.text(Lang::Vi).contains(&hex));
    // Signed by that key: no error; its signature, once broken, at its line.
    let mut signed = chiso::lock::read(ws.root(), 2024).unwrap().unwrap().lock;
    signed.sign(&key);
    let good = signed.signature.clone().unwrap();
    let ws = ws.write(lock, &signed.to_toml(Lang::Vi));
    assert!(lock_errors(&ws, Some(&required)).is_empty());
    let broken = format!(
        "{}{}",
        &good[..127],
        if good.ends_with('0') { '1' } else { '0' }
    );
    let ws = ws.edit(lock, &good, &broken);
    let text = std::fs::read_to_string(ws.path(lock)).unwrap();
    let line = text
        .lines()
        .position(|l| l.starts_with("signature = "))
        .unwrap()
        + 1;
    let diags = lock_errors(&ws, Some(&required));
    assert_eq!(diags.len(), 1, "{diags:?}");
    expect_one(&diags[0], Code::LockSignature, lock, line, 13);
}

#[test]
fn e0107_lock_public_key_that_is_no_key() {
    let ws = Ws::fixture().edit(
        REG,
        "year = 2024\n",
        "year = 2024\nlock_public_key = \"abc\"\n",
    );
    let diags = ws.diagnostics();
    expect_in(diags.clone(), Code::InvalidValue, Some((REG, 6, 19)));
    assert!(
        diags
            .iter()
            .any(|d| d.message.text(Lang::En) == "`abc` is not an Ed25519 public key")
    );
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

// `chiso import`: a table in the import/ folder of the fixture workspace, read
// against its units (Sở A, Sở B, UBND xã Một, UBND xã Hai, UBND xã Ba).

const IMPORT: &str = "import/mot-cua.csv";
const DOSSIER_HEADER: &str =
    "Stt,Tên đơn vị,Hồ sơ tiếp nhận,Hồ sơ đã giải quyết,Sớm hạn,Đúng hạn,Trễ hạn,Đang giải quyết\n";

fn import_diags(ws: &Ws, file: &str) -> Vec<Diagnostic> {
    let units = ws.load().units;
    let imported = chiso::import::read(
        ws.root(),
        &ws.path(file),
        chiso::import::Kind::Dossiers,
        &units,
    )
    .expect("file exists");
    imported.diagnostics.items
}

/// Asserts an import diagnostic with `code` at `line:column` of the imported file,
/// whose English message contains `says`.
fn expect_import(ws: Ws, code: Code, at: Option<(usize, usize)>, says: &str) {
    let diags = import_diags(&ws, IMPORT);
    let found: Vec<&Diagnostic> = diags.iter().filter(|d| d.code == code).collect();
    let all: Vec<String> = diags
        .iter()
        .map(|d| {
            format!(
                "{} {:?} {}",
                d.code.id(),
                position(d),
                d.message.text(Lang::En)
            )
        })
        .collect();
    let d = found
        .iter()
        .find(|d| at.is_none_or(|(l, c)| position(d) == Some((IMPORT.to_string(), l, c))))
        .unwrap_or_else(|| panic!("no {} at {at:?} among {all:?}", code.id()));
    assert!(d.message.text(Lang::En).contains(says), "{all:?}");
    for lang in [Lang::Vi, Lang::En] {
        let text = d.render(lang);
        if let Some((line, column)) = at {
            assert!(
                text.contains(&format!("--> {IMPORT}:{line}:{column}")),
                "{text}"
            );
        }
    }
}

fn dossier_table(rows: &str) -> Ws {
    Ws::fixture().write(IMPORT, &format!("{DOSSIER_HEADER}{rows}"))
}

#[test]
fn e0701_import_not_a_table() {
    let ws = Ws::fixture().write("import/mot-cua.xlsx", "not a spreadsheet");
    let diags = import_diags(&ws, "import/mot-cua.xlsx");
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].code, Code::ImportRead);
    assert!(
        diags[0]
            .message
            .text(Lang::En)
            .contains("import/mot-cua.xlsx")
    );
    // Neither UTF-8 nor UTF-16 with a BOM (e.g. a legacy TCVN3 export).
    let ws = Ws::fixture();
    std::fs::create_dir_all(ws.path("import")).unwrap();
    std::fs::write(ws.path(IMPORT), [b'S', 0xF5, b'\n']).unwrap();
    let diags = import_diags(&ws, IMPORT);
    assert_eq!(diags[0].code, Code::ImportRead);
    assert!(diags[0].message.text(Lang::En).contains("UTF-8"));
}

#[test]
fn e0702_import_header_missing_or_incomplete() {
    expect_import(
        Ws::fixture().write(
            IMPORT,
            "Stt,Tên đơn vị,Hồ sơ tiếp nhận,Hồ sơ đã giải quyết,Sớm hạn,Đúng hạn,Đang giải quyết\n1,Sở A,1,1,1,0,0\n",
        ),
        Code::ImportHeader,
        Some((1, 1)),
        "no column for `tre_han`",
    );
    expect_import(
        Ws::fixture().write(IMPORT, "1,2,3\n4,5,6\n"),
        Code::ImportHeader,
        Some((1, 1)),
        "no header row found",
    );
}

#[test]
fn e0703_import_number() {
    expect_import(
        dossier_table("1,Sở A,1O,9,5,3,1,1\n"),
        Code::ImportNumber,
        Some((2, 8)),
        "C2: `1O` is not a count",
    );
    expect_import(
        dossier_table("1,Sở A,10,\"9,5\",5,3,1,1\n"),
        Code::ImportNumber,
        Some((2, 11)),
        "D2: the count `9,5` must be a whole number",
    );
    let ws = Ws::fixture().write(IMPORT, "Stt,Tên đơn vị,Chỉ số hài lòng\n1,Sở A,\"105,5\"\n");
    let units = ws.load().units;
    let imported = chiso::import::read(
        ws.root(),
        &ws.path(IMPORT),
        chiso::import::Kind::Survey,
        &units,
    )
    .unwrap();
    let d = &imported.diagnostics.items[0];
    assert_eq!(d.code, Code::ImportNumber);
    assert_eq!(
        d.message.text(Lang::En),
        "C2: `105,5` is not a percentage (0 to 100)"
    );
    assert_eq!(position(d), Some((IMPORT.to_string(), 2, 8)));
}

#[test]
fn e0704_import_unknown_unit() {
    let ws = dossier_table("1,Sở Cê,10,9,5,3,1,1\n");
    let diags = import_diags(&ws, IMPORT);
    let label = diags[0].label.as_ref().unwrap().text(Lang::En);
    assert!(label.starts_with("closest: "), "{label}");
    assert!(
        label.contains("A (Sở A)") && label.contains("B (Sở B)"),
        "{label}"
    );
    expect_import(
        ws,
        Code::ImportUnknownUnit,
        Some((2, 3)),
        "no unit named `Sở Cê`",
    );
}

#[test]
fn e0705_import_ambiguous_unit() {
    let ws = dossier_table("1,Một,10,9,5,3,1,1\n").edit(
        UNITS,
        "[[unit]]\ncode = \"S1\"",
        "[[unit]]\ncode = \"S4\"\nname = \"UBND thị trấn Một\"\nblock = \"xa\"\n\n[[unit]]\ncode = \"S1\"",
    );
    expect_import(
        ws,
        Code::ImportAmbiguousUnit,
        Some((2, 3)),
        "matches several units: S4 (UBND thị trấn Một); S1 (UBND xã Một)",
    );
}

#[test]
fn e0706_import_duplicate_unit() {
    // The second row names the unit by code in the name column.
    expect_import(
        dossier_table("1,Sở A,10,9,5,3,1,1\n2,A,10,9,5,3,1,1\n"),
        Code::ImportDuplicateUnit,
        Some((3, 3)),
        "unit A already appears on row 2",
    );
}

#[test]
fn w0751_import_row_sum() {
    let ws = dossier_table("1,UBND xã Hai,10,9,5,3,2,2\n");
    expect_import(
        ws,
        Code::ImportRowSum,
        Some((2, 18)),
        "D2: resolved 9 ≠ early 5 + on time 3 + late 2 = 10",
    );
    // Decomposed Unicode in the name matches too.
    let nfd = "UBND xa\u{0303} Hai";
    expect_import(
        dossier_table(&format!("1,{nfd},10,9,5,3,1,2\n")),
        Code::ImportRowSum,
        Some((2, 15)),
        "C2: received 10 ≠ resolved 9 + pending 2 = 11",
    );
}

#[test]
fn w0752_import_rate() {
    expect_import(
        Ws::fixture().write(
            IMPORT,
            "Stt,Tên đơn vị,Hồ sơ tiếp nhận,Hồ sơ đã giải quyết,Tỷ lệ giải quyết,Sớm hạn,Đúng hạn,Trễ hạn,Đang giải quyết\n\
             1,Sở A,10,9,\"95,0%\",5,3,1,1\n",
        ),
        Code::ImportRate,
        Some((2, 13)),
        "E2: the rate 95% disagrees with 9 / 10 = 90%",
    );
}

#[test]
fn w0753_import_total() {
    expect_import(
        dossier_table("1,Sở A,10,9,5,3,1,1\n2,Sở B,5,5,5,0,0,0\n,Tổng cộng,16,14,10,3,1,1\n"),
        Code::ImportTotal,
        Some((4, 12)),
        "C4: the total row says `tiep_nhan` = 16, the 2 rows it sums add up to 15",
    );
    // A heading with numbers is the aggregate of the unit rows under it.
    expect_import(
        dossier_table("I,Khối sở,16,14,10,3,1,1\n1,Sở A,10,9,5,3,1,1\n2,Sở B,5,5,5,0,0,0\n"),
        Code::ImportTotal,
        Some((2, 11)),
        "C2: the total row says `tiep_nhan` = 16, the 2 rows it sums add up to 15",
    );
}

#[test]
fn w0754_import_empty_row() {
    expect_import(
        dossier_table("1,Sở A,10,9,5,3,1,1\n2,Sở B,,,,,,\n"),
        Code::ImportEmptyRow,
        Some((3, 3)),
        "B3: the row of `Sở B` has no numbers; skipped",
    );
}

#[test]
fn e0708_import_quote_swallowing_rows() {
    expect_import(
        dossier_table("1,Sở A,\"10,9,5,3,1,1\n2,Sở B,1,1,1,0,0,0\n"),
        Code::ImportQuote,
        Some((2, 8)),
        "C2: the `\"` opening the cell `\"10,9,5,3,1,1…` is never closed: lines 2–3 are read as one cell",
    );
}

#[test]
fn e0709_import_columns() {
    expect_import(
        dossier_table("1,Sở A,10,9,5,3,1,1,7\n"),
        Code::ImportColumns,
        Some((2, 19)),
        "H2: the row has 9 fields, the header 8",
    );
    expect_import(
        Ws::fixture().write(
            IMPORT,
            "Stt,Tên đơn vị,Hồ sơ tiếp nhận,Hồ sơ đã giải quyết,Sớm hạn,Đúng hạn,Trễ hạn,Trễ hạn có xin lỗi,Đang giải quyết\n1,Sở A,1,1,1,0,0,0,0\n",
        ),
        Code::ImportColumns,
        Some((1, 77)),
        "cannot tell which column is `tre_han`: G1 (`Trễ hạn`) or H1 (`Trễ hạn có xin lỗi`)",
    );
}

#[test]
fn e0710_import_period_named_by_the_title() {
    let ws = Ws::fixture().write(
        IMPORT,
        &format!("KẾT QUẢ GIẢI QUYẾT HỒ SƠ QUÝ II/2024\n{DOSSIER_HEADER}1,Sở A,10,9,5,3,1,1\n"),
    );
    let units = ws.load().units;
    let imported = chiso::import::read(
        ws.root(),
        &ws.path(IMPORT),
        chiso::import::Kind::Dossiers,
        &units,
    )
    .unwrap();
    let d = chiso::import::unstated_period(&imported).expect("E0710");
    assert_eq!(d.code, Code::ImportPeriod);
    assert!(
        d.message
            .text(Lang::En)
            .contains("says the table covers the period q2"),
        "{}",
        d.message.text(Lang::En)
    );
    expect_in(vec![d], Code::ImportPeriod, Some((IMPORT, 1, 1)));
}

#[test]
fn e0707_import_no_units() {
    // Phụ lục IV of the provincial report: results by block only.
    expect_import(
        Ws::fixture().write(
            IMPORT,
            "Stt,\"Tên cơ quan, đơn vị\",Hồ sơ nhận,Hồ sơ giải quyết,Hồ sơ sớm hẹn,Hồ sơ đúng hẹn,Hồ sơ trễ hẹn,Hồ sơ chưa giải\n\
             I,Khối cơ quan sở,18678,17288,14355,2700,233,1390\n\
             II,Khối UBND cấp huyện,38772,33826,30428,2905,493,4946\n",
        ),
        Code::ImportNoUnits,
        Some((1, 1)),
        "the table has no unit rows",
    );
}

const WORKFLOW: &str = "scores/2024/workflow.toml";

/// A valid schedule of the fixture's year, one time per line: self-assessment
/// on lines 2–3, round 1 on 6–8, round 2 on 11, B's extension on 14–16.
const SCHEDULE: &str = "\
[self_assessment]
opens = 2024-10-15T07:30
closes = 2024-11-14T17:00

[[round]]
results = 2024-12-19T17:00
explanation_opens = 2024-12-22T07:30
explanation_closes = 2025-01-09T17:00

[[round]]
results = 2025-02-06T17:00

[[extension]]
unit = \"B\"
closes = 2024-11-21T17:00
reason = \"Công văn số 15/SNV-CCHC\"
";

/// The fixture with the schedule, `from` replaced by `to`.
fn schedule(from: &str, to: &str) -> Ws {
    assert!(SCHEDULE.contains(from), "{from}");
    Ws::fixture().write(WORKFLOW, &SCHEDULE.replacen(from, to, 1))
}

#[test]
fn the_fixture_schedule_is_clean() {
    let ws = schedule("", "");
    let found: Vec<String> = ws
        .diagnostics()
        .iter()
        .filter(|d| position(d).is_some_and(|p| p.0 == WORKFLOW))
        .map(|d| d.render(Lang::En))
        .collect();
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn e1001_schedule_time() {
    // Written the Vietnamese way: the hint gives the time to write.
    let ws = schedule("closes = 2024-11-14T17:00", "closes = \"14/11/2024 17:00\"");
    expect_in(
        ws.diagnostics(),
        Code::ScheduleTime,
        Some((WORKFLOW, 3, 10)),
    );
    let d = first(&ws, Code::ScheduleTime);
    assert!(
        d.render(Lang::En)
            .contains("`closes` must be a Vietnam date and time like 2025-11-14T17:00, not `\"14/11/2024 17:00\"`"),
        "{}",
        d.render(Lang::En)
    );
    assert!(d.render(Lang::Vi).contains("viết `2024-11-14T17:00`"));
    // A date alone: a close at the end of the working day.
    let d = first(
        &schedule("closes = 2024-11-14T17:00", "closes = 2024-11-14"),
        Code::ScheduleTime,
    );
    assert!(d.render(Lang::En).contains("write `2024-11-14T17:00`"));
    // An offset: the same instant in Vietnam's time.
    let d = first(
        &schedule("opens = 2024-10-15T07:30", "opens = 2024-10-15T00:30Z"),
        Code::ScheduleTime,
    );
    assert_eq!(position(&d), Some((WORKFLOW.into(), 2, 9)));
    assert!(d.render(Lang::En).contains("write `2024-10-15T07:30`"));
    // A day the calendar does not have.
    let ws = schedule("results = 2024-12-19T17:00", "results = 2024-02-30T17:00");
    let d = first(&ws, Code::ScheduleTime);
    assert_eq!(position(&d).map(|p| p.1), Some(6));
    assert!(!ws.diagnostics().iter().any(|d| d.code == Code::TomlSyntax));
}

#[test]
fn e1002_schedule_order() {
    // Closes before it opens.
    let ws = schedule("closes = 2024-11-14T17:00", "closes = 2024-10-01T17:00");
    let d = first(&ws, Code::ScheduleOrder);
    expect_one(&d, Code::ScheduleOrder, WORKFLOW, 3, 10);
    assert!(
        d.render(Lang::En).contains(
            "the self-assessment's close (closes) (01/10/2024 17:00) must come after the self-assessment's opening (opens) (15/10/2024 07:30)"
        ),
        "{}",
        d.render(Lang::En)
    );
    // Round 2's results before round 1's explanation window closes.
    let ws = schedule("results = 2025-02-06T17:00", "results = 2025-01-05T17:00");
    let d = first(&ws, Code::ScheduleOrder);
    expect_one(&d, Code::ScheduleOrder, WORKFLOW, 11, 11);
    assert!(d.render(Lang::Vi).contains("kết quả thẩm định vòng 2"));
    assert!(d.render(Lang::Vi).contains("hạn giải trình vòng 1"));
}

#[test]
fn e1003_extension_unit() {
    let ws = schedule("unit = \"B\"", "unit = \"BB\"");
    expect_in(
        ws.diagnostics(),
        Code::ExtensionUnit,
        Some((WORKFLOW, 14, 8)),
    );
    let d = first(&ws, Code::ExtensionUnit);
    assert!(d.render(Lang::En).contains("did you mean `B`?"));
}

#[test]
fn e1004_extension_window() {
    // Round 2 has no explanation window.
    let ws = schedule(
        "reason = \"Công văn số 15/SNV-CCHC\"",
        "reason = \"Công văn số 15/SNV-CCHC\"\nexplanation_round = 2",
    );
    expect(ws, Code::ExtensionWindow, Some((WORKFLOW, 17, 21)));
    // Round 1 has one: extended.
    let ws = schedule(
        "closes = 2024-11-21T17:00\nreason = \"Công văn số 15/SNV-CCHC\"",
        "closes = 2025-01-16T17:00\nreason = \"Công văn số 15/SNV-CCHC\"\nexplanation_round = 1",
    );
    let s = ws.load().schedule.unwrap();
    assert_eq!(
        s.extensions[0].window,
        chiso::season::Extended::Explanation { round: 1 }
    );
}

#[test]
fn w1051_extension_not_later() {
    let ws = schedule("closes = 2024-11-21T17:00", "closes = 2024-11-14T17:00");
    expect_in(
        ws.diagnostics(),
        Code::ExtensionNotLater,
        Some((WORKFLOW, 15, 10)),
    );
    let d = first(&ws, Code::ExtensionNotLater);
    assert!(d.render(Lang::En).contains(
        "the extension for B to 14/11/2024 17:00 is not later than the general close 14/11/2024 17:00"
    ));
}

#[test]
fn w1052_schedule_year() {
    // Last year's opening left in a copied file.
    let ws = schedule("opens = 2024-10-15T07:30", "opens = 2023-10-15T07:30");
    expect_in(ws.diagnostics(), Code::ScheduleYear, Some((WORKFLOW, 2, 9)));
    assert!(
        first(&ws, Code::ScheduleYear)
            .render(Lang::En)
            .contains("15/10/2023 07:30 is outside the 2024 season (01/01/2024 to 31/12/2025)")
    );
}

#[test]
fn extensions_need_a_reason_and_are_given_once() {
    let ws = schedule("reason = \"Công văn số 15/SNV-CCHC\"\n", "reason = \" \"\n");
    let d = first(&ws, Code::MissingKey);
    assert_eq!(position(&d), Some((WORKFLOW.into(), 16, 10)));
    let ws = Ws::fixture().write(
        WORKFLOW,
        &format!(
            "{SCHEDULE}\n[[extension]]\nunit = \"B\"\ncloses = 2024-11-22T17:00\nreason = \"again\"\n"
        ),
    );
    let d = first(&ws, Code::Duplicate);
    expect_one(&d, Code::Duplicate, WORKFLOW, 18, 1);
    assert!(
        d.render(Lang::En)
            .contains("already has this window extended on line 13")
    );
}

/// Unit A's entry 1.1 with one attachment (on line 3, its table at column
/// 16), the PDF stored for A; `edit` changes the attachment's text.
fn with_attachment(edit: impl Fn(&chiso::evidence::Attachment) -> String) -> Ws {
    let ws = Ws::fixture();
    let a = chiso::evidence::store(ws.root(), 2024, "A", "QĐ.pdf", crate::evidence::PDF).unwrap();
    ws.write(
        SELF,
        &format!("unit = \"A\"\n[c.\"1.1\"]\nattachments = [{}]\n", edit(&a)),
    )
}

fn attachment(file: &str, sha256: &str, size: u64) -> String {
    format!("{{ file = \"{file}\", title = \"QĐ\", sha256 = \"{sha256}\", size = {size} }}")
}

#[test]
fn e0315_attachment_missing() {
    let ws = with_attachment(|a| attachment(&a.file, &a.sha256, a.size));
    assert!(
        !ws.diagnostics()
            .iter()
            .any(|d| d.code == Code::AttachmentMissing)
    );
    std::fs::remove_dir_all(ws.path("scores/2024/evidence")).unwrap();
    let d = first(&ws, Code::AttachmentMissing);
    expect_one(&d, Code::AttachmentMissing, SELF, 3, 16);
    assert!(
        d.render(Lang::En)
            .contains("the attached file scores/2024/evidence/A/")
    );
}

#[test]
fn e0316_attachment_name() {
    let ws = with_attachment(|a| attachment(&format!("../B/{}", a.file), &a.sha256, a.size));
    expect(ws, Code::AttachmentName, Some((SELF, 3, 25)));
}

#[test]
fn e0317_attachment_sha256() {
    let other = "0".repeat(64);
    let ws = with_attachment(|a| attachment(&a.file, &other, a.size));
    let d = first(&ws, Code::AttachmentSha256);
    expect_one(&d, Code::AttachmentSha256, SELF, 3, 16);
    assert!(d.render(Lang::En).contains("the self-assessment says 0000"));
    // Not a SHA-256 at all: at the value.
    let ws = with_attachment(|a| attachment(&a.file, "abc", a.size));
    let d = first(&ws, Code::AttachmentSha256);
    let line = std::fs::read_to_string(ws.path(SELF))
        .unwrap()
        .lines()
        .nth(2)
        .unwrap()
        .to_string();
    let column = line[..line.find("\"abc\"").unwrap()].chars().count() + 1;
    assert_eq!(position(&d), Some((SELF.to_string(), 3, column)));
}

#[test]
fn e0318_attachment_size() {
    let ws = with_attachment(|a| attachment(&a.file, &a.sha256, a.size + 1));
    expect(ws, Code::AttachmentSize, Some((SELF, 3, 16)));
}

#[test]
fn e0319_attachment_type() {
    // A program put in the folder by hand, with its true hash and size.
    let program = b"MZ\x90\x00 a program";
    let sha = chiso::sign::hex(&<sha2::Sha256 as sha2::Digest>::digest(program));
    let ws = with_attachment(|_| attachment("setup.pdf", &sha, program.len() as u64));
    std::fs::write(ws.path("scores/2024/evidence/A/setup.pdf"), program).unwrap();
    expect(ws, Code::AttachmentType, Some((SELF, 3, 16)));
}

// The self-assessment workbook (E0711–E0718): helpers in tests/workbook.rs.

#[test]
fn e0712_workbook_year() {
    let dir = common::sample();
    let root = dir.path();
    let ws = load(root, 2023);
    let u = ws.unit("STP").unwrap();
    let bytes = excel::template(&ws, u, ws.scheme_of(u).unwrap(), Lang::Vi).unwrap();
    let imported = import(root, 2024, "STP", bytes);
    let (d, vi, en) = refusal(&imported);
    assert_eq!(d.code.id(), "E0712");
    assert!(vi.contains("--> mau.xlsx[chiso]!B2"), "{vi}");
    assert!(
        vi.contains("mẫu này của năm 2023, không phải năm 2024"),
        "{vi}"
    );
    assert!(
        en.contains("this form is for the year 2023, not 2024"),
        "{en}"
    );
}

#[test]
fn e0713_workbook_unit() {
    let dir = common::sample();
    let root = dir.path();
    let bytes = blank_workbook(root, 2024, "STP");
    let imported = import(root, 2024, "SNV", bytes);
    let (d, vi, en) = refusal(&imported);
    assert_eq!(d.code.id(), "E0713");
    assert!(vi.contains("--> mau.xlsx[chiso]!B3"), "{vi}");
    assert!(en.contains("this form is unit STP's, not SNV's"), "{en}");
}

/// A workbook made before the criteria changed names what changed.
#[test]
fn e0714_workbook_criteria() {
    let dir = common::sample();
    let root = dir.path();
    let bytes = blank_workbook(root, 2024, "STP");
    let pl1 = root.join("criteria/2024/pl1.toml");
    let text = std::fs::read_to_string(&pl1).unwrap();
    let changed = text.replacen(
        "[c.\"9.4\"]\ntitle = \"Được khen thưởng về thành tích trong công tác CCHC\"\nmax = 0.5",
        "[c.\"9.4\"]\ntitle = \"Được khen thưởng về thành tích trong công tác CCHC\"\nmax = 0.75",
        1,
    );
    assert_ne!(text, changed);
    std::fs::write(&pl1, changed).unwrap();
    let imported = import(root, 2024, "STP", bytes);
    let (d, vi, en) = refusal(&imported);
    assert_eq!(d.code.id(), "E0714");
    assert!(vi.contains("--> mau.xlsx[chiso]!B5"), "{vi}");
    assert!(en.contains("changed 9.4; added —; removed —"), "{en}");
}

/// Rows moved or deleted (with the sheet's protection removed) are refused
/// at the first row out of place.
#[test]
fn e0715_workbook_structure() {
    let dir = common::sample();
    let root = dir.path();
    let ws = load(root, 2024);
    let row = row_of(&ws, "STP", "1.2.1", None);
    let mut edit = Edit::open(&blank_workbook(root, 2024, "STP"));
    edit.set(1, &cell(row, col::KEY), Cell::Text("1.2.2"));
    let imported = import(root, 2024, "STP", edit.bytes());
    let (d, vi, en) = refusal(&imported);
    assert_eq!(d.code.id(), "E0715");
    let at = format!("--> mau.xlsx[Tự đánh giá]!{} › 1.2.1", cell(row, col::KEY));
    assert!(vi.contains(&at), "{vi}");
    assert!(
        en.contains("row `1.2.1` belongs here, found `1.2.2`"),
        "{en}"
    );
}

#[test]
fn e0717_workbook_label() {
    let dir = common::sample();
    let root = dir.path();
    let ws = load(root, 2024);
    let row = row_of(&ws, "STP", "1.3.1", None);
    let mut edit = Edit::open(&blank_workbook(root, 2024, "STP"));
    edit.set(1, &cell(row, col::ANSWER), Cell::Text("Đạt"));
    let imported = import(root, 2024, "STP", edit.bytes());
    let (d, vi, en) = refusal(&imported);
    assert_eq!(d.code.id(), "E0717");
    let at = format!(
        "--> mau.xlsx[Tự đánh giá]!{} › 1.3.1",
        cell(row, col::ANSWER)
    );
    assert!(vi.contains(&at), "{vi}");
    assert!(vi.contains("chọn một trong: Có, Không"), "{vi}");
    assert!(en.contains("`Đạt` is not one of the cell's values"), "{en}");
}

/// Bytes that are no workbook.
#[test]
fn e0711_workbook_read() {
    let dir = common::sample();
    let imported = import(dir.path(), 2024, "STP", b"PK not a zip".to_vec());
    let (d, vi, en) = refusal(&imported);
    assert_eq!(d.code.id(), "E0711");
    assert!(
        vi.contains("không đọc được mau.xlsx như một bảng tính"),
        "{vi}"
    );
    assert!(en.contains("cannot read mau.xlsx as a workbook"), "{en}");
}

/// Text that is no number in a points cell.
#[test]
fn e0716_workbook_number() {
    let dir = common::sample();
    let root = dir.path();
    let ws = load(root, 2024);
    let row = row_of(&ws, "STP", "1.2.1", None);
    let mut edit = Edit::open(&blank_workbook(root, 2024, "STP"));
    edit.set(1, &cell(row, col::ANSWER), Cell::Text("một điểm"));
    let imported = import(root, 2024, "STP", edit.bytes());
    let (d, vi, en) = refusal(&imported);
    assert_eq!(d.code.id(), "E0716");
    let at = format!(
        "--> mau.xlsx[Tự đánh giá]!{} › 1.2.1",
        cell(row, col::ANSWER)
    );
    assert!(vi.contains(&at), "{vi}");
    assert!(vi.contains("`một điểm` không phải là số"), "{vi}");
    assert!(en.contains("write numbers like 12, 1.036"), "{en}");
}

/// An adjustment without a reason is refused at its reason cell (E0719).
#[test]
fn e0719_workbook_no_reason() {
    let dir = common::sample();
    let root = dir.path();
    let mut edit = Edit::open(&crate::workbook_appraisal::workbook(
        root,
        2024,
        "STP",
        Some(1),
    ));
    edit.set(
        1,
        &crate::workbook_appraisal::cell(
            root,
            2024,
            "STP",
            "2.1.2",
            chiso::excel::appraisal::col::REASON,
        ),
        Cell::Text(""),
    );
    let imported = crate::workbook_appraisal::import(root, 2024, "STP", edit.bytes());
    let (d, vi, en) = refusal(&imported);
    assert_eq!(d.code.id(), "E0719");
    let at = format!(
        "td.xlsx[Thẩm định]!{} › 2.1.2",
        crate::workbook_appraisal::cell(
            root,
            2024,
            "STP",
            "2.1.2",
            chiso::excel::appraisal::col::REASON
        )
    );
    assert!(
        vi.contains(&at) && vi.contains("điều chỉnh không có lý do"),
        "{vi}"
    );
    assert!(
        en.contains(&at) && en.contains("an adjustment without a reason"),
        "{en}"
    );
}

/// An answer file that is not TOML cannot be merged into: nothing is written.
#[test]
fn e0718_workbook_existing() {
    let dir = common::sample();
    let root = dir.path();
    let bytes = blank_workbook(root, 2024, "STP");
    std::fs::write(
        chiso::excel::self_path(root, 2024, "STP"),
        "unit = \"STP\"\n[c.\"1.1\"\n",
    )
    .unwrap();
    let imported = import(root, 2024, "STP", bytes);
    let (d, vi, en) = refusal(&imported);
    assert_eq!(d.code.id(), "E0718");
    assert!(vi.contains("scores/2024/self/STP.toml"), "{vi}");
    assert!(en.contains("it is not valid TOML"), "{en}");
}

/// A workbook whose hidden round would skip one of the year's rounds is
/// refused at that cell of the hidden sheet (E0720).
#[test]
fn e0720_workbook_round() {
    let dir = common::sample();
    let root = dir.path();
    let mut edit = Edit::open(&crate::workbook_appraisal::workbook(
        root,
        2024,
        "STP",
        Some(1),
    ));
    edit.set(3, "B7", Cell::Text("5"));
    let imported = crate::workbook_appraisal::import(root, 2024, "STP", edit.bytes());
    let (d, vi, en) = refusal(&imported);
    assert_eq!(d.code.id(), "E0720");
    assert!(vi.contains("--> td.xlsx[chiso]!B7"), "{vi}");
    assert!(
        en.contains("the workbook is for round 5, but this year's appraisal has reached round 2 only: round 3 cannot be skipped"),
        "{en}"
    );
    assert!(en.contains("--for appraisal --round <ROUND>"), "{en}");
}
