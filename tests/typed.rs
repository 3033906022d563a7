//! No silent wrong numbers: the cases a new user tried (a thousands separator
//! in a count, figures that contradict each other, dataset rows that do not
//! add up), run with the same files and commands on the sample workspace.

use crate::common;

use std::path::Path;

use common::{chiso, sample};

/// Replaces `from` by `to` in a file of the workspace (which must contain it).
fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let p = root.join(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{rel} does not contain {from:?}");
    std::fs::write(p, text.replacen(from, to, 1)).unwrap();
}

/// The diagnostics of `check` as JSON: (id, file, line, column, message, hint).
fn check_json(root: &Path, args: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let mut all = vec!["check"];
    all.extend(args);
    all.extend(["--format", "json"]);
    let (code, out, _) = chiso(root, &all);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    (code, v["diagnostics"].as_array().unwrap().clone())
}

fn at(d: &serde_json::Value) -> (String, u64, u64) {
    (
        d["file"].as_str().unwrap_or("").to_string(),
        d["line"].as_u64().unwrap_or(0),
        d["column"].as_u64().unwrap_or(0),
    )
}

#[test]
fn a_thousands_separator_in_a_self_assessed_count_is_an_error_at_the_value() {
    let ws = sample();
    let file = "scores/2024/self/STP.toml";
    edit(
        ws.path(),
        file,
        "facts = { nv_hoan_thanh = 36, nv_ke_hoach = 36 }",
        "facts = { nv_hoan_thanh = 36, nv_ke_hoach = 1.036 }",
    );
    let (code, diags) = check_json(ws.path(), &["2024", "--unit", "STP"]);
    assert_eq!(code, 1);
    let found: Vec<&serde_json::Value> = diags.iter().filter(|d| d["id"] == "E0314").collect();
    assert_eq!(found.len(), 1, "{diags:#?}");
    // `facts = { nv_hoan_thanh = 36, nv_ke_hoach = ` is 44 characters.
    assert_eq!(at(found[0]), (file.to_string(), 10, 45));
    assert_eq!(found[0]["criterion"], "1.1.2");
    assert!(
        found[0]["hint"].as_str().unwrap().contains("viết 1036"),
        "{}",
        found[0]
    );
    // Reported once: not again as a missing fact of 1.1.2.
    assert!(
        !diags
            .iter()
            .any(|d| d["criterion"] == "1.1.2" && d["id"] != "E0314"),
        "{diags:#?}"
    );

    // In English too, with the quoted line.
    let (_, out, _) = chiso(
        ws.path(),
        &["--lang", "en", "check", "2024", "--unit", "STP"],
    );
    assert!(
        out.contains("error[E0314]: `nv_ke_hoach` is a count"),
        "{out}"
    );
    assert!(out.contains(&format!("--> {file}:10:45")), "{out}");
    assert!(out.contains("write 1036"), "{out}");

    // `explain` no longer computes 3474.9% and full marks: the figure is refused.
    let (_, out, _) = chiso(ws.path(), &["explain", "2024", "STP", "1.1.2"]);
    assert!(!out.contains("3474"), "{out}");
    assert!(out.contains("Kết quả: tự chấm 0 · thẩm định 0"), "{out}");
}

#[test]
fn a_thousands_separator_in_hscv_tong_2025_is_an_error() {
    let ws = sample();
    let file = "scores/2025/self/BQLKKT.toml";
    edit(
        ws.path(),
        file,
        "facts = { hscv_dien_tu = 1175, hscv_tong = 1263 }",
        "facts = { hscv_dien_tu = 1175, hscv_tong = 1.752 }",
    );
    let (code, diags) = check_json(ws.path(), &["2025", "--unit", "BQLKKT"]);
    assert_eq!(code, 1);
    let d = diags
        .iter()
        .find(|d| d["id"] == "E0314")
        .unwrap_or_else(|| panic!("{diags:#?}"));
    let line = std::fs::read_to_string(ws.path().join(file))
        .unwrap()
        .lines()
        .position(|l| l.contains("hscv_tong = 1.752"))
        .unwrap() as u64
        + 1;
    // `facts = { hscv_dien_tu = 1175, hscv_tong = ` is 43 characters.
    assert_eq!(at(d), (file.to_string(), line, 44));
    assert_eq!(d["criterion"], "7.6.2");
    assert!(d["hint"].as_str().unwrap().contains("viết 1752"), "{d}");
}

#[test]
fn a_thousands_separator_in_a_dataset_count_names_the_row_and_column() {
    let ws = sample();
    let file = "scores/2024/data/dossiers.csv";
    // 11 late of "1.198": the 918% late rate of the issue.
    edit(
        ws.path(),
        file,
        "SNV,67,63,53,9,1,4,29",
        "SNV,1.236,1.198,832,355,11,38,602",
    );
    let (code, diags) = check_json(ws.path(), &["2024", "--unit", "SNV"]);
    assert_eq!(code, 1);
    let found: Vec<&serde_json::Value> = diags.iter().filter(|d| d["id"] == "E0314").collect();
    let places: Vec<(String, u64, u64)> = found.iter().map(|d| at(d)).collect();
    assert_eq!(
        places,
        [(file.to_string(), 4, 5), (file.to_string(), 4, 11)],
        "{diags:#?}"
    );
    assert_eq!(
        found[0]["message"],
        "dòng 4 (SNV), cột `tiep_nhan` là số đếm (số nguyên không âm), không thể là 1.236"
    );
    assert!(found[0]["hint"].as_str().unwrap().contains("viết 1236"));
    assert!(found[1]["hint"].as_str().unwrap().contains("viết 1198"));
    let (_, out, _) = chiso(
        ws.path(),
        &["--lang", "en", "check", "2024", "--unit", "SNV"],
    );
    assert!(
        out.contains("row 4 (SNV), column `da_giai_quyet` is a count"),
        "{out}"
    );
}

#[test]
fn dataset_rows_that_do_not_add_up_are_reported_by_check_as_import_reports_them() {
    let ws = sample();
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/datasets/dossiers_inconsistent.csv"
    );
    std::fs::copy(fixture, ws.path().join("scores/2024/data/dossiers.csv")).unwrap();
    let (code, diags) = check_json(ws.path(), &["2024"]);
    // Warnings: the figures are used as written.
    assert_eq!(code, 0, "{diags:#?}");
    let sums: Vec<&serde_json::Value> = diags.iter().filter(|d| d["id"] == "W0751").collect();
    assert_eq!(sums.len(), 1, "{diags:#?}");
    let file = "scores/2024/data/dossiers.csv".to_string();
    // SKHDT's row as the provincial report printed it: 561 pending where 56 was meant.
    assert_eq!(at(sums[0]), (file, 3, 7));
    assert_eq!(sums[0]["unit"], "SKHDT");
    assert_eq!(
        sums[0]["message"],
        "B3: hồ sơ tiếp nhận 2365 ≠ đã giải quyết 2309 + đang giải quyết 561 = 2870"
    );
}

#[test]
fn the_sample_years_have_no_inconsistent_dataset_rows_nor_mistyped_facts() {
    let ws = sample();
    for year in ["2023", "2024", "2025"] {
        let (_, diags) = check_json(ws.path(), &[year]);
        let bad: Vec<&serde_json::Value> = diags
            .iter()
            .filter(|d| ["W0751", "E0314", "E0506", "W0611"].contains(&d["id"].as_str().unwrap()))
            .collect();
        assert!(bad.is_empty(), "{year}: {bad:#?}");
    }
}
