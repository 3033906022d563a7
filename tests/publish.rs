//! Published results: exports (XLSX read back with calamine, HTML and Markdown
//! snapshots), history across years and the consequences of ratings, on a
//! two-year copy of the fixture and on the three sample years.

use crate::common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx, open_workbook};
use common::Ws;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Exit code and standard output.
fn run(root: &Path, args: &[&str]) -> (i32, String) {
    let (code, out, _) = common::chiso(root, args);
    (code, out)
}

const CONSEQUENCES: &str = r#"
[[consequence]]
label = "Không xếp loại người đứng đầu hoàn thành tốt nhiệm vụ"
ratings = ["Trung bình", "Yếu"]

[[consequence]]
label = "Trung bình hai năm liền"
ratings = ["Trung bình"]
years = 2
"#;

/// The fixture as 2024, with a 2023 that has the same criteria and answers but
/// no unit B, and consequences in the 2024 regulation.
fn two_years() -> Ws {
    let ws = Ws::fixture();
    for dir in ["criteria", "scores"] {
        common::copy_dir(
            &ws.path(&format!("{dir}/2024")),
            &ws.path(&format!("{dir}/2023")),
        );
    }
    let reg = std::fs::read_to_string(ws.path("criteria/2024/regulation.toml")).unwrap();
    ws.write(
        "criteria/2024/regulation.toml",
        &(reg.clone() + CONSEQUENCES),
    )
    .write(
        "criteria/2023/regulation.toml",
        &reg.replace("year = 2024", "year = 2023"),
    )
    .edit(
        "scores/2023/units.toml",
        "[[unit]]\ncode = \"B\"\nname = \"Sở B\"\nblock = \"so\"\n",
        "",
    )
    .edit("scores/2023/data/survey.csv", "A,87.5,2\nB,0,0", "A,95,0")
    .edit("scores/2023/data/dossiers.csv", "B,3,100\n", "")
}

#[test]
fn fixture_exports_html_and_markdown() {
    let ws = two_years();
    let (code, md) = run(ws.root(), &["export", "2024", "--format", "md"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("export_md", md);
    let (code, html) = run(ws.root(), &["export", "2024", "--format", "html"]);
    assert_eq!(code, 0);
    assert!(html.starts_with("<!DOCTYPE html>"));
    // Standalone: nothing is fetched.
    for external in ["src=", "href=", "@import", "url("] {
        assert!(!html.contains(external), "{external}");
    }
    insta::assert_snapshot!("export_html", html);
    let (_, en) = run(
        ws.root(),
        &["--lang", "en", "export", "2024", "--format", "html"],
    );
    assert!(en.contains("<html lang=\"en\">") && en.contains("Change from last year"));
}

#[test]
fn export_csv_is_the_score_csv() {
    let ws = two_years();
    let (code, export) = run(ws.root(), &["export", "2024", "--format", "csv"]);
    assert_eq!(code, 0);
    let (code, score) = run(ws.root(), &["score", "2024", "--format", "csv"]);
    assert_eq!(code, 0);
    assert!(score.lines().count() > 1, "{score}");
    assert_eq!(export, score);
}

#[test]
fn fixture_history_follows_units_and_applies_consequences() {
    let ws = two_years();
    let (code, out) = run(ws.root(), &["history", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (v["from"].as_i64(), v["to"].as_i64()),
        (Some(2023), Some(2024))
    );
    let row = |year: i64, code: &str| {
        v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["year"] == year && r["code"] == code)
            .cloned()
            .unwrap_or_else(|| panic!("{year} {code}"))
    };
    assert_eq!(row(2024, "B")["change"]["kind"], "new");
    assert_eq!(row(2023, "A")["change"]["kind"], "no-previous-year");
    // The 2023 survey gave A more satisfaction: its index fell in 2024.
    let a = row(2024, "A");
    assert_eq!(a["change"]["kind"], "continued");
    assert!(a["change"]["index"].as_f64().unwrap() < 0.0, "{a}");
    assert_eq!(row(2024, "S3")["change"]["index"].as_f64(), Some(0.0));
    let hits: Vec<(String, String, usize)> = v["consequences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["label"].as_str().unwrap().to_string(),
                m["code"].as_str().unwrap().to_string(),
                m["run"].as_array().unwrap().len(),
            )
        })
        .collect();
    let label = |s: &str| s.to_string();
    assert!(hits.contains(&(
        label("Không xếp loại người đứng đầu hoàn thành tốt nhiệm vụ"),
        "B".into(),
        1
    )));
    assert!(hits.contains(&(label("Trung bình hai năm liền"), "S3".into(), 2)));
    assert!(
        !hits
            .iter()
            .any(|h| h.0 == "Trung bình hai năm liền" && h.1 == "B")
    );
}

#[test]
fn sample_history_three_years_and_consequences() {
    let (code, out) = run(&repo(), &["history", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (v["from"].as_i64(), v["to"].as_i64()),
        (Some(2023), Some(2025))
    );
    let years: std::collections::BTreeSet<i64> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["year"].as_i64().unwrap())
        .collect();
    assert_eq!(years.into_iter().collect::<Vec<_>>(), [2023, 2024, 2025]);
    // SN-BQLDA (2025) merged three project boards; SN-BQLGT was Trung bình in
    // 2023 and 2024, and the merged board is Trung bình in 2025. The regulation
    // counts a merged unit's record through its first predecessor listed (the
    // largest board, SN-BQLDD, Khá in 2024): no three-year consequence, and the
    // policy is stated.
    assert_eq!(v["merged_predecessors"], "first");
    let three: Vec<&serde_json::Value> = v["consequences"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["label"].as_str().unwrap().contains("03 năm"))
        .collect();
    assert!(three.is_empty(), "{three:?}");
    let one_year: Vec<&str> = v["consequences"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["label"].as_str().unwrap().starts_with("Người đứng đầu"))
        .map(|m| m["code"].as_str().unwrap())
        .collect();
    assert!(one_year.contains(&"SN-BQLDA"), "{one_year:?}");
    // SNV kept its code and absorbed SLDTBXH: compared with its own 2024 index.
    let snv = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["year"] == 2025 && r["code"] == "SNV")
        .unwrap();
    assert_eq!(snv["change"]["kind"], "continued");
    assert_eq!(snv["change"]["previous"][0]["code"], "SNV");
    assert_eq!(snv["change"]["previous"][1]["code"], "SLDTBXH");
    // 90.89 − 94.37 (2024: 3.4.1 over its eligible dossiers and own target).
    assert_eq!(snv["change"]["index"].as_f64(), Some(-3.48));

    // One unit: its predecessors in every year.
    let (_, one) = run(&repo(), &["history", "SN-BQLDA", "--format", "json"]);
    let one: serde_json::Value = serde_json::from_str(&one).unwrap();
    let codes: Vec<(i64, &str)> = one["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["year"].as_i64().unwrap(), r["code"].as_str().unwrap()))
        .collect();
    assert_eq!(codes.len(), 7, "{codes:?}");
    assert!(codes.contains(&(2023, "SN-BQLGT")) && codes.contains(&(2025, "SN-BQLDA")));
    let (code, _) = run(&repo(), &["history", "NOPE"]);
    assert_eq!(code, 2);
}

fn cell(range: &calamine::Range<Data>, row: u32, col: u32) -> Data {
    range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

#[test]
fn sample_xlsx_has_numbers_as_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ket-qua-2025.xlsx");
    let (code, _) = run(
        &repo(),
        &[
            "export",
            "2025",
            "--format",
            "xlsx",
            "--output",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0);
    let mut wb: Xlsx<_> = open_workbook(&file).unwrap();
    let names = wb.sheet_names();
    assert_eq!(names[0], "Tổng hợp");
    assert_eq!(names[1], "Khối sở, ban, ngành");
    assert!(names.contains(&"SN-BQLDA".to_string()));
    assert_eq!(names.len(), 1 + 4 + 31);

    let summary = wb.worksheet_range("Tổng hợp").unwrap();
    assert_eq!(cell(&summary, 2, 0), Data::String("Khối".into()));
    assert_eq!(
        cell(&summary, 3, 0),
        Data::String("Khối sở, ban, ngành".into())
    );
    assert_eq!(cell(&summary, 3, 1), Data::Float(14.0));
    assert_eq!(cell(&summary, 3, 2), Data::Float(9.0)); // Tốt
    assert_eq!(cell(&summary, 3, 6), Data::Float(85.17)); // average index
    let text: Vec<String> = summary.rows().flatten().map(|c| c.to_string()).collect();
    assert!(text.iter().any(|t| t.contains("SN-BQLDA 2025: Trung bình")));

    let so = wb.worksheet_range("Khối sở, ban, ngành").unwrap();
    assert_eq!(cell(&so, 2, 0), Data::String("Hạng".into()));
    assert_eq!(cell(&so, 3, 0), Data::Float(1.0));
    assert_eq!(cell(&so, 3, 1), Data::String("VPUBND".into()));
    assert_eq!(cell(&so, 3, 6), Data::Float(92.62));
    assert_eq!(cell(&so, 3, 7), Data::String("Tốt".into()));
    assert_eq!(cell(&so, 3, 9), Data::Float(1.38)); // +1,38 from 91,24
    assert_eq!(cell(&so, 3, 10), Data::String("Tốt".into()));
    assert_eq!(cell(&so, 3, 12), Data::String("nhận hợp nhất SNGV".into()));

    let unit = wb.worksheet_range("SNV").unwrap();
    assert_eq!(cell(&unit, 2, 1), Data::String("Tiêu chí".into()));
    assert_eq!(cell(&unit, 3, 0), Data::String("1".into()));
    assert!(matches!(cell(&unit, 3, 2), Data::Float(m) if m > 0.0));
    assert!(matches!(cell(&unit, 3, 4), Data::Float(_)));

    // Printable: every sheet keeps its header rows frozen on screen, fits A4
    // pages and sets its column widths; score sheets repeat their header
    // row on every printed page.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&file).unwrap()).unwrap();
    let xml = |zip: &mut zip::ZipArchive<std::fs::File>, name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    for i in 1..=names.len() {
        let sheet = xml(&mut zip, &format!("xl/worksheets/sheet{i}.xml"));
        assert!(
            sheet.contains(r#"state="frozen""#),
            "sheet {i}: no frozen rows"
        );
        assert!(sheet.contains(r#"paperSize="9""#), "sheet {i}: not A4");
        assert!(
            sheet.contains(r#"fitToPage="1""#),
            "sheet {i}: not fitted to the page"
        );
        assert!(sheet.contains("<col "), "sheet {i}: no column widths");
    }
    let workbook = xml(&mut zip, "xl/workbook.xml");
    assert!(workbook.contains(r#"<definedName name="_xlnm.Print_Titles""#));
}

#[test]
fn xlsx_is_not_written_to_a_terminal_but_to_a_pipe() {
    // Standard output of the test is a pipe: the workbook comes out whole.
    let (code, _) = run(&repo(), &["export", "2023", "--format", "csv"]);
    assert_eq!(code, 0);
    let out = Command::cargo_bin("chiso")
        .unwrap()
        .arg("--root")
        .arg(repo())
        .args(["export", "2023", "--format", "xlsx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.starts_with(b"PK"), "a zip file");
}

#[test]
fn diff_2024_2025_names_the_removed_district_block() {
    let (code, out) = run(&repo(), &["diff", "2024", "2025", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let block = |id: &str| {
        v["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id}"))
    };
    assert_eq!(block("huyen")["status"], "removed");
    assert_eq!(block("huyen")["appendix"], "pl2");
    assert_eq!(block("xa")["changes"][0]["field"], "name");
    let appendix = |id: &str| {
        v["appendices"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id}"))
    };
    assert_eq!(appendix("pl2")["status"], "removed");
    let pl1 = appendix("pl1");
    let codes = |key: &str| -> Vec<String> {
        pl1[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(codes("removed"), ["1.4.3"]);
    assert!(codes("added").contains(&"3.4.3".to_string()));
    assert!(codes("added").contains(&"7.6".to_string()));
    let late = pl1["changed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "3.3.1")
        .unwrap();
    assert_eq!(late["changes"][0]["field"], "bands");
    assert_eq!(late["changes"][0]["after"][1]["lt"].as_f64(), Some(0.5));
    let area7 = pl1["changed"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["code"] == "7")
        .unwrap();
    let max = area7["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["field"] == "max")
        .unwrap();
    assert_eq!(
        (max["before"].as_f64(), max["after"].as_f64()),
        (Some(18.0), Some(23.0))
    );
    let (_, text) = run(&repo(), &["diff", "2024", "2025"]);
    assert!(
        text.contains("− huyen Khối UBND cấp huyện (Phụ lục pl2): bỏ khối"),
        "{text}"
    );
}

/// The Markdown an administrator pastes into the explanatory note: one table
/// per section, every change a row.
#[test]
fn diff_markdown_for_the_explanatory_note() {
    let (code, md) = run(&repo(), &["diff", "2024", "2025", "--format", "md"]);
    assert_eq!(code, 0);
    assert!(
        md.starts_with("# Thay đổi bộ tiêu chí 2024 → 2025\n"),
        "{md}"
    );
    assert!(
        md.contains("| huyen | Khối UBND cấp huyện | pl2 | bỏ khối |"),
        "{md}"
    );
    assert!(
        md.contains("| 1.4.3 | Đa dạng hóa hình thức tuyên truyền CCHC | bãi bỏ (tối đa 0,5) |"),
        "{md}"
    );
    insta::assert_snapshot!(
        "diff_2023_2024_md_en",
        run(
            &repo(),
            &["--lang", "en", "diff", "2023", "2024", "--format", "md"]
        )
        .1
    );
}

#[test]
fn diff_2023_2024_text() {
    let (code, out) = run(&repo(), &["--lang", "en", "diff", "2023", "2024"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("diff_2023_2024_en", out);
}

#[test]
fn new_year_keeps_comments_and_diff_shows_only_edits() {
    let ws = Ws::fixture().edit(
        "scores/2024/units.toml",
        "block = \"so\"\n",
        "block = \"so\"\nprevious = [\"A-OLD\"] # merged in 2024\n",
    );
    let (code, _) = run(ws.root(), &["new-year", "2024", "2025", "--units"]);
    assert_eq!(code, 0);
    let before = std::fs::read_to_string(ws.path("criteria/2024/regulation.toml")).unwrap();
    let after = std::fs::read_to_string(ws.path("criteria/2025/regulation.toml")).unwrap();
    assert_eq!(
        after,
        before
            .replace("year = 2024", "year = 2025")
            .replace("fixture-2024", "fixture-2025")
    );
    for f in ["pa.toml", "pb.toml"] {
        assert_eq!(
            std::fs::read(ws.path(&format!("criteria/2024/{f}"))).unwrap(),
            std::fs::read(ws.path(&format!("criteria/2025/{f}"))).unwrap()
        );
    }
    let units = std::fs::read_to_string(ws.path("scores/2025/units.toml")).unwrap();
    assert!(
        !units.contains("previous") && units.contains("code = \"A\""),
        "{units}"
    );
    let (_, out) = run(ws.root(), &["diff", "2024", "2025", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["appendices"], serde_json::json!([]));
    assert_eq!(v["blocks"], serde_json::json!([]));

    // An edit in the new year is exactly what diff reports.
    let ws = ws.edit("criteria/2025/pa.toml", "max = 10\n", "max = 11\n");
    let (_, out) = run(ws.root(), &["diff", "2024", "2025", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let changed = &v["appendices"][0]["changed"][0];
    assert_eq!(changed["changes"][0]["field"], "max");
    assert_eq!(changed["changes"][0]["before"].as_f64(), Some(10.0));
    assert_eq!(changed["changes"][0]["after"].as_f64(), Some(11.0));

    // Never overwrites.
    let (code, _) = run(ws.root(), &["new-year", "2024", "2025"]);
    assert_eq!(code, 2);
    let (code, _) = run(ws.root(), &["new-year", "2019", "2020"]);
    assert_eq!(code, 2);
}

#[test]
fn history_says_when_a_year_has_errors() {
    let ws = two_years().edit("criteria/2023/pa.toml", "total = 20", "total = 21");
    let (code, text, err) = common::chiso(ws.root(), &["--lang", "en", "history"]);
    assert_eq!(code, 1);
    assert!(err.contains("2023 has 1 errors"), "{err}");
    // The years are still shown.
    assert!(text.contains("2023") && text.contains("2024"), "{text}");
}

#[cfg(unix)]
#[test]
fn exported_files_are_shareable_and_keep_their_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let ws = two_years();
    let file = ws.path("ket-qua.html");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let args = ["export", "2024", "--output", file.to_str().unwrap()];
    assert_eq!(run(ws.root(), &args).0, 0);
    assert_eq!(mode(&file), 0o644);
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
    assert_eq!(run(ws.root(), &args).0, 0);
    assert_eq!(mode(&file), 0o600);
}

/// The tờ trình must also say when the regulation's own settings, its
/// consequences or a criterion's required evidence change; evidence texts that
/// only move the year along are routine and not listed.
#[test]
fn diff_lists_settings_consequences_and_evidence() {
    let ws = two_years()
        .edit(
            "criteria/2024/regulation.toml",
            "step = 0.25",
            "step = 0.5\nevidence_policy = \"zero\"",
        )
        .edit(
            "criteria/2024/regulation.toml",
            "ratings = [\"Trung bình\"]\nyears = 2",
            "ratings = [\"Trung bình\"]\nyears = 3",
        )
        .edit(
            "criteria/2023/pa.toml",
            "evidence = \"Quyết định ban hành kế hoạch\"",
            "evidence = \"Quyết định ban hành kế hoạch năm 2023\"",
        )
        .edit(
            "criteria/2024/pa.toml",
            "evidence = \"Quyết định ban hành kế hoạch\"",
            "evidence = \"Quyết định ban hành kế hoạch năm 2024\"",
        );
    let (code, out) = run(ws.root(), &["diff", "2023", "2024", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let fields = |changes: &serde_json::Value| -> Vec<(String, String, String)> {
        changes
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["field"].as_str().unwrap().to_string(),
                    c["before"].to_string(),
                    c["after"].to_string(),
                )
            })
            .collect()
    };
    assert_eq!(
        fields(&v["settings"]),
        [
            ("step".into(), "0.25".into(), "0.5".into()),
            (
                "evidence_policy".into(),
                "\"warn\"".into(),
                "\"zero\"".into()
            ),
        ]
    );
    let consequences = v["consequences"].as_array().unwrap();
    let status = |label: &str| {
        consequences.iter().find(|c| c["label"] == label).map(|c| {
            (
                c["status"].as_str().unwrap().to_string(),
                fields(&c["changes"]),
            )
        })
    };
    // 2023 has no consequences: both are new, with their ratings and years.
    let (s, changes) = status("Trung bình hai năm liền").unwrap();
    assert_eq!(s, "added");
    assert_eq!(changes[1], ("years".into(), "null".into(), "3".into()));
    assert!(status("Không xếp loại người đứng đầu hoàn thành tốt nhiệm vụ").is_some());
    // Year-only evidence change: not listed.
    assert_eq!(v["appendices"], serde_json::json!([]), "{out}");

    // A real change of the required evidence is listed.
    let ws = ws.edit(
        "criteria/2024/pa.toml",
        "kế hoạch năm 2024\"",
        "kế hoạch năm 2024 và báo cáo kết quả\"",
    );
    let (_, out) = run(ws.root(), &["--lang", "en", "diff", "2023", "2024"]);
    assert!(
        out.contains("evidence: \"Quyết định ban hành kế hoạch năm 2023\" → \"Quyết định ban hành kế hoạch năm 2024 và báo cáo kết quả\""),
        "{out}"
    );
    assert!(
        out.contains("Regulation settings:") && out.contains("step: 0.25 → 0.5"),
        "{out}"
    );
}

/// A criterion handed to the council (`assessed_by`) is a change of the regulation.
#[test]
fn diff_lists_a_criterion_handed_to_the_council() {
    let ws = two_years().edit(
        "criteria/2024/pa.toml",
        "title = \"Báo cáo trễ\"\n",
        "title = \"Báo cáo trễ\"\nassessed_by = \"council\"\n",
    );
    let (code, out) = run(ws.root(), &["--lang", "en", "diff", "2023", "2024"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("assessed by: \"unit\" → \"council\""), "{out}");
}

/// The sample's criteria name their year in evidence texts: right after
/// `new-year`, unchanged texts are no change.
#[test]
fn diff_right_after_new_year_on_the_sample_is_empty() {
    let dir = common::sample();
    let (code, _) = run(dir.path(), &["new-year", "2025", "2026"]);
    assert_eq!(code, 0);
    let (code, out) = run(dir.path(), &["diff", "2025", "2026", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["appendices"], serde_json::json!([]), "{out}");
    assert_eq!(v["blocks"], serde_json::json!([]));
}

/// `--from`/`--to` bound the years shown (the change still looks one year
/// back); a renamed unit is followed through `previous`; a range with no year
/// is a usage error that names the range.
#[test]
fn history_range_and_a_renamed_unit() {
    let (code, out) = run(
        &repo(),
        &[
            "history", "SDTTG", "--from", "2024", "--to", "2025", "--format", "json",
        ],
    );
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (v["from"].as_i64(), v["to"].as_i64()),
        (Some(2024), Some(2025))
    );
    let rows: Vec<(i64, &str, Vec<&str>)> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["year"].as_i64().unwrap(),
                r["code"].as_str().unwrap(),
                r["change"]["previous"]
                    .as_array()
                    .map(|p| p.iter().map(|p| p["code"].as_str().unwrap()).collect())
                    .unwrap_or_default(),
            )
        })
        .collect();
    // Ban Dân tộc (BDT) became Sở Dân tộc và Tôn giáo (SDTTG) in 2025.
    assert_eq!(
        rows,
        [(2024, "BDT", vec!["BDT"]), (2025, "SDTTG", vec!["BDT"])],
        "{out}"
    );

    let out = Command::cargo_bin("chiso")
        .unwrap()
        .arg("--root")
        .arg(repo())
        .args(["--lang", "en", "history", "--from", "2025", "--to", "2024"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("no year from 2025 to 2024"), "{err}");
}

/// What an administrator edits in a new year, each reported as such: a
/// criterion moved to another code, a method changed, a rating's floor, a new block.
#[test]
fn diff_reports_moves_methods_ratings_and_new_blocks() {
    let ws = Ws::fixture();
    let (code, _) = run(ws.root(), &["new-year", "2024", "2025"]);
    assert_eq!(code, 0);
    let ws = ws
        .edit("criteria/2025/pa.toml", "[c.\"1.2\"]", "[c.\"1.6\"]")
        .edit(
            "criteria/2025/pa.toml",
            "title = \"Kế hoạch CCHC\"\nmax = 2\n",
            "title = \"Kế hoạch CCHC\"\nmax = 2\nmethod = \"yes_no\"\n",
        )
        .edit("criteria/2025/regulation.toml", "min = 85", "min = 90")
        .edit(
            "criteria/2025/regulation.toml",
            "[[rating]]",
            "[[block]]\nid = \"thu\"\nname = \"Khối thử\"\nappendix = \"pb\"\n\n[[rating]]",
        );
    let (code, out) = run(ws.root(), &["diff", "2024", "2025", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    use serde_json::json;
    assert_eq!(
        v["blocks"],
        json!([{ "id": "thu", "name": "Khối thử", "appendix": "pb", "status": "added", "changes": [] }])
    );
    assert_eq!(
        v["ratings"],
        json!([{ "label": "Tốt", "status": "changed", "changes": [{ "field": "min", "before": 85, "after": 90 }] }])
    );
    let pa = &v["appendices"][0];
    assert_eq!(
        pa["moved"],
        json!([{ "from": "1.2", "to": "1.6", "title": "Báo cáo định kỳ", "changes": [] }])
    );
    assert_eq!(
        pa["changed"],
        json!([{ "code": "1.1", "title": "Kế hoạch CCHC", "changes": [{ "field": "method", "before": "manual", "after": "yes_no" }] }])
    );
}

#[test]
fn diff_shows_a_changed_input_type() {
    let dir = common::sample();
    let pl1 = dir.path().join("criteria/2025/pl1.toml");
    let text = std::fs::read_to_string(&pl1).unwrap().replacen(
        "nv_ke_hoach = { label = \"Tổng số nhiệm vụ, sản phẩm trong kế hoạch CCHC năm\", type = \"count\" }",
        "nv_ke_hoach = { label = \"Tổng số nhiệm vụ, sản phẩm trong kế hoạch CCHC năm\" }",
        1,
    );
    std::fs::write(&pl1, text).unwrap();
    let (code, out) = run(dir.path(), &["--lang", "en", "diff", "2024", "2025"]);
    assert_eq!(code, 0);
    assert!(
        out.contains(
            "inputs: nv_hoan_thanh (self, count), nv_ke_hoach (self, count) → nv_hoan_thanh (self, count), nv_ke_hoach (self)"
        ),
        "{out}"
    );
}

/// `new-year` reads last year's criteria as every input is read: a criteria
/// file that is a link leading outside the workspace is refused by name, and
/// nothing is written.
#[cfg(unix)]
#[test]
fn new_year_does_not_copy_through_a_link_outside_the_workspace() {
    let ws = Ws::fixture();
    let outside = tempfile::tempdir().unwrap();
    let pb = ws.path("criteria/2024/pb.toml");
    std::fs::rename(&pb, outside.path().join("pb.toml")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("pb.toml"), &pb).unwrap();
    let (code, _, err) = common::chiso(ws.root(), &["--lang", "en", "new-year", "2024", "2025"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("error[E0101]: cannot read criteria/2024/pb.toml: it is a link (or in a linked folder) leading outside the workspace"),
        "{err}"
    );
    assert!(!ws.path("criteria/2025").exists());
}
