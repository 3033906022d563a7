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

/// Files in a folder, by name.
fn names_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    names
}

#[test]
fn failed_output_leaves_no_file_behind() {
    let ws = Ws::fixture();
    // The output path is a folder: the rename fails after the content was written.
    let out_dir = ws.path("out");
    std::fs::create_dir_all(out_dir.join("ket-qua.json")).unwrap();
    std::fs::write(out_dir.join("old.json"), "old").unwrap();
    let out = chiso(ws.root())
        .args(["score", "2024", "--format", "json", "--output"])
        .arg(out_dir.join("ket-qua.json"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(names_in(&out_dir), ["ket-qua.json", "old.json"]);
    assert!(
        std::fs::read_dir(out_dir.join("ket-qua.json"))
            .unwrap()
            .next()
            .is_none()
    );
    assert_eq!(
        std::fs::read_to_string(out_dir.join("old.json")).unwrap(),
        "old"
    );
}

#[cfg(unix)]
#[test]
fn output_files_get_ordinary_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    // A new file: as readable as one written directly (the umask decides).
    let plain = dir.path().join("plain.txt");
    std::fs::write(&plain, "x").unwrap();
    let new = dir.path().join("new.json");
    chiso::report::write_output(Some(&new), "{}").unwrap();
    assert_eq!(mode(&new), mode(&plain));
    // A replaced file keeps its permissions.
    let kept = dir.path().join("kept.json");
    std::fs::write(&kept, "old").unwrap();
    std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o640)).unwrap();
    chiso::report::write_output(Some(&kept), "new").unwrap();
    assert_eq!(mode(&kept), 0o640);
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), "new");
}

#[cfg(unix)]
fn inode(path: &std::path::Path) -> u64 {
    std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(path).unwrap())
}

#[test]
fn killed_score_never_leaves_a_truncated_output() {
    // A workspace large enough that a run takes a while, killed at moments
    // spread over a whole run: the output is always the old file or the whole new one.
    let ws = tempfile::tempdir().unwrap();
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    chiso::synth::generate(source, 2024, ws.path(), 400, 7).unwrap();
    let target = ws.path().join("ket-qua.json");
    let run = || {
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("chiso"));
        c.arg("--root")
            .arg(ws.path())
            .args(["score", "2024", "--format", "json", "--output"])
            .arg(&target)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        c
    };
    std::fs::write(&target, "old").unwrap();
    #[cfg(unix)]
    let old_file = inode(&target);
    let started = std::time::Instant::now();
    assert!(run().status().unwrap().success());
    // Replaced by a rename, not rewritten in place.
    #[cfg(unix)]
    assert_ne!(inode(&target), old_file);
    assert_eq!(names_in(ws.path()), ["criteria", "ket-qua.json", "scores"]);
    let whole_run = started.elapsed();
    let complete = std::fs::read_to_string(&target).unwrap();
    assert!(complete.trim_end().ends_with('}'));
    for step in 0..8u32 {
        std::fs::write(&target, "old").unwrap();
        let mut child = run().spawn().unwrap();
        std::thread::sleep(whole_run * step / 7);
        let _ = child.kill();
        child.wait().unwrap();
        let now = std::fs::read_to_string(&target).unwrap();
        assert!(
            now == "old" || now == complete,
            "killed after {step}/7 of a run: output has {} bytes",
            now.len()
        );
    }
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

/// A template written over a filled self-assessment would lose its answers.
#[test]
fn template_does_not_overwrite_a_file_without_force() {
    let ws = Ws::fixture();
    let path = ws.path("scores/2024/self/A.toml");
    let filled = std::fs::read_to_string(&path).unwrap();
    let target = path.to_str().unwrap();
    let (code, _, err) = common::chiso(
        ws.root(),
        &["--lang", "en", "template", "2024", "A", "-o", target],
    );
    assert_eq!(code, 2);
    assert!(err.contains("exists; not overwritten"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), filled);
    let (code, _, _) = common::chiso(
        ws.root(),
        &["template", "2024", "A", "-o", target, "--force"],
    );
    assert_eq!(code, 0);
    assert_ne!(std::fs::read_to_string(&path).unwrap(), filled);
}

/// A reader that stops early (a pager, `head`) is not an error.
#[cfg(unix)]
#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_chiso"))
        .args(["--root", FIXTURE, "template", "2024", "B"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close the pipe before chiso writes.
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(err.is_empty(), "{err}");
}
