//! The command line end to end: golden outputs on the fixture workspace,
//! exit codes, atomic output files, templates that `check` accepts.

mod common;

use assert_cmd::Command;
use common::{FIXTURE, Ws};

fn chiso(root: &std::path::Path) -> Command {
    let mut c = Command::cargo_bin("chiso").unwrap();
    c.arg("--root").arg(root);
    c
}

fn stdout(root: &std::path::Path, args: &[&str]) -> String {
    let out = chiso(root).args(args).output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

fn fixture() -> std::path::PathBuf {
    std::path::PathBuf::from(FIXTURE)
}

#[test]
fn score_json_is_stable() {
    insta::assert_snapshot!(stdout(&fixture(), &["score", "2024", "--format", "json"]));
}

#[test]
fn score_table_vietnamese_and_english() {
    insta::assert_snapshot!("score_table_vi", stdout(&fixture(), &["score", "2024"]));
    insta::assert_snapshot!(
        "score_table_en",
        stdout(&fixture(), &["--lang", "en", "score", "2024"])
    );
}

#[test]
fn score_csv_and_markdown() {
    insta::assert_snapshot!(
        "score_csv",
        stdout(&fixture(), &["score", "2024", "--format", "csv"])
    );
    insta::assert_snapshot!(
        "score_md",
        stdout(
            &fixture(),
            &["score", "2024", "--format", "md", "--block", "xa"]
        )
    );
}

#[test]
fn show_and_explain() {
    insta::assert_snapshot!("show_a", stdout(&fixture(), &["show", "2024", "A"]));
    insta::assert_snapshot!(
        "explain_bands",
        stdout(&fixture(), &["explain", "2024", "A", "1.4"])
    );
    insta::assert_snapshot!(
        "explain_choice_en",
        stdout(&fixture(), &["--lang", "en", "explain", "2024", "A", "1.1"])
    );
    insta::assert_snapshot!(
        "explain_area",
        stdout(&fixture(), &["explain", "2024", "A", "2"])
    );
}

#[test]
fn check_lists_warnings_and_exits_zero() {
    let out = chiso(&fixture()).args(["check", "2024"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("check_fixture", String::from_utf8(out.stdout).unwrap());
}

#[test]
fn check_json_format() {
    let out = stdout(&fixture(), &["check", "2024", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["errors"], 0);
    assert!(
        v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "discrepancy" && d["line"] == 15)
    );
}

#[test]
fn errors_exit_one_and_still_score() {
    let ws = Ws::fixture().edit("scores/2024/self/A.toml", "points = 1.75", "points = 1.3");
    let out = chiso(ws.root())
        .args(["score", "2024", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("lỗi[E0203]: điểm 1,3 không phải bội số của bước chấm 0,25"),
        "{err}"
    );
    assert!(err.contains("--> scores/2024/self/A.toml:5:10"), "{err}");
    assert!(err.contains("điểm hợp lệ gần nhất: 1,25 hoặc 1,5"), "{err}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["units"].as_array().unwrap().len(), 5);
}

#[test]
fn usage_and_io_failures_exit_two() {
    let out = chiso(&fixture()).args(["score", "2019"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8(out.stderr).unwrap().contains("2024"));
    assert_eq!(
        chiso(&fixture())
            .args(["score"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        chiso(&fixture())
            .args(["show", "2024", "NOPE"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        chiso(&fixture())
            .args(["explain", "2024", "A", "7.7"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    let out = chiso(&fixture())
        .args(["score", "2024", "--output", "/nonexistent-dir/x.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn output_file_is_written_whole() {
    let ws = Ws::fixture();
    let target = ws.path("out/ket-qua.json");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    std::fs::write(&target, "old").unwrap();
    let out = chiso(ws.root())
        .args(["score", "2024", "--format", "json", "--output"])
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(&target).unwrap();
    assert_eq!(
        text,
        stdout(&fixture(), &["score", "2024", "--format", "json"])
    );
    let leftovers: Vec<_> = std::fs::read_dir(target.parent().unwrap())
        .unwrap()
        .collect();
    assert_eq!(leftovers.len(), 1, "no temporary file is left behind");
}

#[test]
fn template_filled_in_passes_check() {
    let ws = Ws::fixture();
    let template = stdout(ws.root(), &["template", "2024", "B"]);
    insta::assert_snapshot!("template_b", template);
    let filled = common::answer_template(&template);
    let ws = ws.write("scores/2024/self/B.toml", &filled);
    let out = chiso(ws.root())
        .args(["check", "2024", "--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["errors"], 0, "{v:#}");
    let b_unanswered = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["unit"] == "B" && d["code"] == "unanswered")
        .count();
    assert_eq!(b_unanswered, 0, "{v:#}");
}
