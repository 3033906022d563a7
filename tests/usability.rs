//! The command line as a Vietnamese civil servant meets it (issue 16): help
//! and usage errors in Vietnamese, messages of dependencies from the catalog,
//! forgiving look-ups, the problem first in `check`, folders made for `-o`,
//! files as Windows tools save them.

use crate::common;

use common::{Ws, chiso, chiso_in};

fn run(args: &[&str]) -> (i32, String, String) {
    chiso(std::path::Path::new(common::FIXTURE), args)
}

#[test]
fn help_is_vietnamese_by_default_with_examples() {
    let (code, out, _) = run(&["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("Cách dùng: chiso [TÙY_CHỌN] <LỆNH>"), "{out}");
    assert!(out.contains("Lệnh:"), "{out}");
    assert!(
        out.contains("check     Kiểm tra một năm: bộ tiêu chí"),
        "{out}"
    );
    assert!(out.contains("Tùy chọn:"), "{out}");
    assert!(out.contains("--lang <NGÔN_NGỮ>"), "{out}");
    assert!(out.contains("Ví dụ:\n  chiso check 2025"), "{out}");
    for english in [
        "Usage:",
        "Commands:",
        "Options:",
        "Print help",
        "Validate a year",
    ] {
        assert!(!out.contains(english), "{english} in:\n{out}");
    }
}

#[test]
fn every_subcommand_has_vietnamese_help_and_english_with_lang_en() {
    let (code, out, _) = run(&["score", "--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("Tính điểm, chỉ số, xếp loại"), "{out}");
    assert!(
        out.contains("Cách dùng: chiso score [TÙY_CHỌN] <NĂM>"),
        "{out}"
    );
    assert!(out.contains("Đối số:\n  <NĂM>  Năm đánh giá"), "{out}");
    assert!(out.contains("--block <KHỐI>"), "{out}");
    assert!(out.contains("chiso score 2025 --block so"), "{out}");
    // `chiso help score` is the same page.
    assert_eq!(run(&["help", "score"]).1, out);
    // `--lang` is read before clap renders help, wherever it stands.
    let (_, en, _) = run(&["score", "--help", "--lang", "en"]);
    assert!(en.contains("Usage: chiso score [OPTIONS] <YEAR>"), "{en}");
    assert!(en.contains("Compute points, indices, ratings"), "{en}");
    assert!(en.contains("Examples:\n  chiso score 2025"), "{en}");
    // A nested command.
    let (_, key, _) = run(&["key", "new", "--help"]);
    assert!(key.contains("Tạo cặp khóa Ed25519"), "{key}");
}

#[test]
fn usage_errors_are_vietnamese_with_a_suggestion() {
    let (code, _, err) = run(&["scor", "2025"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("lỗi: không có lệnh `scor`; có phải ý bạn là "),
        "{err}"
    );
    assert!(err.lines().next().unwrap().contains("`score`?"), "{err}");
    assert!(err.contains("xem cách dùng: chiso --help"), "{err}");
    let (code, _, err) = run(&["show", "2024"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("lỗi: thiếu <ĐƠN_VỊ>"), "{err}");
    assert!(err.contains("Cách dùng: chiso show"), "{err}");
    assert!(err.contains("xem cách dùng: chiso show --help"), "{err}");
    let (code, _, err) = run(&["score", "năm-nay"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("lỗi: <NĂM> phải là số nguyên (ví dụ 2025), không phải `năm-nay`"),
        "{err}"
    );
    let (_, _, err) = run(&["score", "2024", "--blok", "so"]);
    assert!(
        err.starts_with("lỗi: lệnh này không có tùy chọn `--blok`; có phải ý bạn là `--block`?"),
        "{err}"
    );
    let (_, _, err) = run(&["check", "2024", "--format", "xml"]);
    assert!(
        err.starts_with("lỗi: giá trị `xml` không dùng được cho --format"),
        "{err}"
    );
    assert!(err.contains("`text`, `json`"), "{err}");
    let (code, _, err) = run(&["--lang", "en", "scor", "2025"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: no command `scor`; did you mean "),
        "{err}"
    );
}

#[test]
fn toml_syntax_errors_are_rendered_from_the_catalog() {
    let ws = Ws::fixture().write(
        "scores/2024/self/A.toml",
        "unit = \"A\"\n[c.\"1.1\"]\npoints = 0,75\n",
    );
    let (code, out, _) = chiso(ws.root(), &["check", "2024"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("lỗi[E0102]: lỗi cú pháp TOML: khóa hoặc giá trị không đúng chỗ; cần xuống dòng hoặc `#`"),
        "{out}"
    );
    let (_, out, _) = chiso(ws.root(), &["--lang", "en", "check", "2024"]);
    assert!(
        out.contains(
            "error[E0102]: TOML syntax error: unexpected key or value, expected newline, `#`"
        ),
        "{out}"
    );
    let ws = Ws::fixture().write(
        "scores/2024/self/A.toml",
        "unit = \"A\"\n[c.\"1.2\"]\nyes = tru\n",
    );
    let (_, out, _) = chiso(ws.root(), &["check", "2024"]);
    assert!(
        out.contains("lỗi cú pháp TOML: giá trị đúng/sai phải viết true hoặc false"),
        "{out}"
    );
}

#[test]
fn expression_errors_are_rendered_from_the_catalog() {
    let ws = Ws::fixture().edit(
        "criteria/2024/pa.toml",
        "formula = \"max * hai_long / 100\"",
        "formula = \"max * hai_lon / 100\"",
    );
    let (code, out, _) = chiso(ws.root(), &["check", "2024"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("biểu thức không hợp lệ: biến không có trong tiêu chí: hai_lon"),
        "{out}"
    );
    assert!(!out.contains("Undefined variable"), "{out}");
    let (_, out, _) = chiso(ws.root(), &["--lang", "en", "check", "2024"]);
    assert!(out.contains("Undefined variable: hai_lon"), "{out}");
}

#[test]
fn units_blocks_and_criteria_are_found_ignoring_case_and_diacritics() {
    let ws = common::sample();
    let (_, out, err) = chiso(ws.path(), &["show", "2025", "stp"]);
    assert!(out.starts_with("Sở Tư pháp (STP)"), "{out}{err}");
    let (_, by_name, _) = chiso(ws.path(), &["show", "2025", "so tu phap"]);
    assert_eq!(by_name, out);
    let (code, out, err) = chiso(ws.path(), &["score", "2025", "--block", "SO"]);
    assert!(matches!(code, 0 | 1), "{err}");
    assert!(out.starts_with("Khối sở, ban, ngành"), "{out}");
    assert!(!out.contains("Khối UBND xã"), "{out}");
}

#[test]
fn a_wrong_unit_block_or_criterion_names_the_candidates() {
    let ws = common::sample();
    let (code, _, err) = chiso(ws.path(), &["explain", "2025", "STP", "3.3.9"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("đơn vị STP không có tiêu chí 3.3.9; các tiêu chí gần nhất: 3.3.1, 3.3.2"),
        "{err}"
    );
    let (code, _, err) = chiso(ws.path(), &["score", "2025", "--block", "sox"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("không có khối `sox` (có phải `so`?); các khối: so (Khối sở, ban, ngành), "),
        "{err}"
    );
    let (_, _, err) = chiso(ws.path(), &["show", "2025", "STPP"]);
    assert!(
        err.contains("không có đơn vị `STPP`; có phải ý bạn là STP (Sở Tư pháp)?"),
        "{err}"
    );
    let (_, _, err) = chiso(
        ws.path(),
        &["--lang", "en", "score", "2025", "--block", "sox"],
    );
    assert!(
        err.contains("no block `sox` (did you mean `so`?); the blocks: so ("),
        "{err}"
    );
}

#[test]
fn check_prints_errors_first_and_counts_by_code() {
    // A's 1.2 answered with a string: an error after B's missing file (W0607).
    let ws = Ws::fixture().edit("scores/2024/self/A.toml", "yes = true", "yes = \"có\"");
    let (code, out, _) = chiso(ws.root(), &["check", "2024"]);
    assert_eq!(code, 1);
    let first_error = out.find("lỗi[").unwrap();
    let first_warning = out.find("cảnh báo[").unwrap();
    assert!(first_error < first_warning, "{out}");
    let last = out.lines().last().unwrap();
    assert!(last.starts_with("1 lỗi (E0104 ×1), "), "{last}");
    assert!(last.contains("W0607 ×1"), "{last}");
    let (code, only, _) = chiso(ws.root(), &["check", "2024", "--errors-only"]);
    assert_eq!(code, 1);
    assert!(!only.contains("cảnh báo["), "{only}");
    assert!(only.contains("lỗi[E0104]"), "{only}");
    assert!(
        only.trim_end()
            .ends_with("; cảnh báo không được in (--errors-only)"),
        "{only}"
    );
    let (_, en, _) = chiso(ws.root(), &["--lang", "en", "check", "2024", "--unit", "A"]);
    assert!(
        en.lines()
            .last()
            .unwrap()
            .starts_with("1 error (E0104 ×1), "),
        "{en}"
    );
}

#[test]
fn check_criteria_shows_only_the_criteria_problems() {
    let ws = Ws::fixture()
        .edit("scores/2024/self/A.toml", "yes = true", "yes = \"có\"")
        .edit(
            "criteria/2024/pa.toml",
            "title = \"Chỉ số hài lòng\"\nmax = 3",
            "title = \"Chỉ số hài lòng\"\nmax = 4",
        );
    let (code, out, _) = chiso(ws.root(), &["check", "2024", "--criteria"]);
    assert_eq!(code, 1);
    assert!(out.contains("criteria/2024/pa.toml"), "{out}");
    assert!(!out.contains("scores/2024"), "{out}");
    assert!(!out.contains("E0104") && !out.contains("W0607"), "{out}");
}

#[test]
fn output_folders_inside_the_workspace_are_created() {
    let ws = Ws::fixture();
    let (code, _, err) = chiso_in(
        ws.root(),
        &["template", "2024", "B", "-o", "scores/2024/moi/B.toml"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(ws.path("scores/2024/moi/B.toml").is_file());
    assert!(err.starts_with("đã tạo thư mục scores/2024/moi\n"), "{err}");
    // Outside the workspace nothing is created: the write fails.
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("a/b/kq.csv");
    let (code, _, _) = chiso(
        ws.root(),
        &["score", "2024", "-o", target.to_str().unwrap()],
    );
    assert_eq!(code, 2);
    assert!(!outside.path().join("a").exists());
}

#[test]
fn a_self_assessment_saved_by_notepad_is_named_with_the_rename() {
    for name in ["B.toml.txt", "B.TOML", "b.toml"] {
        let ws = Ws::fixture().write(&format!("scores/2024/self/{name}"), "unit = \"B\"\n");
        let (code, out, _) = chiso(ws.root(), &["check", "2024", "--unit", "B"]);
        assert_eq!(code, 1, "{name}: {out}");
        assert!(
            out.contains(&format!(
                "lỗi[E0109]: scores/2024/self/{name} không được đọc: bản tự đánh giá phải có tên đúng là B.toml"
            )),
            "{name}: {out}"
        );
        assert!(
            out.contains(&format!("đổi tên tệp {name} thành B.toml")),
            "{out}"
        );
        assert!(
            !out.contains("W0607") && !out.contains("chiso template"),
            "{out}"
        );
    }
}

#[test]
fn a_utf16_self_assessment_is_read() {
    let text =
        std::fs::read_to_string(common::Ws::fixture().path("scores/2024/self/A.toml")).unwrap();
    let ws = Ws::fixture();
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(ws.path("scores/2024/self/A.toml"), bytes).unwrap();
    let (code, out, err) = chiso(ws.root(), &["show", "2024", "A"]);
    let (_, utf8, _) = run(&["show", "2024", "A"]);
    assert_eq!((code, out), (0, utf8), "{err}");
}

#[test]
fn check_unit_without_its_file_fails() {
    // B has no self-assessment in the fixture.
    let (code, out, _) = run(&["check", "2024", "--unit", "B"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("W0607"), "{out}");
    let (code, _, _) = run(&["check", "2024", "--unit", "A"]);
    assert_eq!(code, 0);
}

#[test]
fn notify_counts_only_the_units_problems() {
    // B's missing file is B's problem, not A's.
    let (_, _, err) = run(&["notify", "2024", "A"]);
    assert!(!err.contains("W0607"), "{err}");
}

#[test]
fn times_shown_to_people_are_vietnam_local() {
    use chiso::i18n::local_time;
    assert_eq!(
        local_time("2026-11-22T08:05:36Z"),
        "22/11/2026 15:05 (+07:00)"
    );
    // The day and the year turn at 17:00 UTC.
    assert_eq!(
        local_time("2026-12-31T17:00:00Z"),
        "01/01/2027 00:00 (+07:00)"
    );
    assert_eq!(local_time("không phải thời điểm"), "không phải thời điểm");
    // The lock file keeps the ISO time; `verify` shows the local one.
    let ws = Ws::fixture();
    let (code, _, err) = chiso(ws.root(), &["lock", "2024"]);
    assert_eq!(code, 0, "{err}");
    let lock = std::fs::read_to_string(ws.path("scores/2024/results.lock.toml")).unwrap();
    let iso = lock
        .lines()
        .find_map(|l| l.strip_prefix("locked_at = \""))
        .and_then(|l| l.strip_suffix('"'))
        .expect("locked_at")
        .to_string();
    assert!(iso.ends_with('Z'), "{iso}");
    let (_, out, _) = chiso(ws.root(), &["verify", "2024"]);
    assert!(out.contains(&format!("lúc {}", local_time(&iso))), "{out}");
    assert!(!out.contains(&iso), "{out}");
}

#[test]
fn csv_for_excel_has_a_bom_vietnamese_headers_decimal_commas_and_semicolons() {
    let (code, out, _) = run(&["score", "2024", "--format", "csv-excel"]);
    assert_eq!(code, 0);
    let first = out.lines().next().unwrap();
    assert!(
        first.starts_with("\u{feff}Khối;Hạng;Mã;Đơn vị;Điểm tối đa;"),
        "{first}"
    );
    // A: self index 80.50 and final index 68.00 (hand-computed in the fixture).
    let a = out.lines().find(|l| l.contains(";A;")).unwrap();
    assert!(a.contains(";80,5;"), "{a}");
    assert!(a.contains(";68;"), "{a}");
    assert!(!a.contains('.'), "{a}");
    // The machine-readable CSV is unchanged.
    let (_, plain, _) = run(&["score", "2024", "--format", "csv"]);
    assert!(plain.starts_with("block,rank,code,name,"), "{plain}");
    // Written to a .csv file when asked for.
    let ws = Ws::fixture();
    let target = ws.path("kq.csv");
    let (code, _, err) = chiso(
        ws.root(),
        &[
            "export",
            "2024",
            "--format",
            "csv-excel",
            "-o",
            target.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .starts_with("\u{feff}Khối;")
    );
}

#[test]
fn english_counts_agree_with_their_nouns() {
    let (_, out, _) = run(&["--lang", "en", "notify", "2024", "A", "--round", "2"]);
    assert!(
        out.contains("(Khối sở): 1 criterion was adjusted as follows."),
        "{out}"
    );
    let (_, out, _) = run(&["--lang", "en", "notify", "2024", "A"]);
    assert!(
        out.contains("2 criteria were adjusted as follows."),
        "{out}"
    );
    let ws = Ws::fixture().edit("scores/2024/self/A.toml", "yes = true", "yes = \"có\"");
    let (_, _, err) = chiso(ws.root(), &["--lang", "en", "score", "2024"]);
    assert!(err.contains("1 error, "), "{err}");
}
