//! The command line end to end: golden outputs on the fixture workspace,
//! exit codes, atomic output files, templates that `check` accepts.

use crate::common;

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

/// Exit status, standard error and standard output, for snapshots.
fn outcome(root: &std::path::Path, args: &[&str]) -> String {
    common::outcome(root, args)
}

fn fixture() -> std::path::PathBuf {
    std::path::PathBuf::from(FIXTURE)
}

#[test]
fn score_json_is_stable() {
    insta::assert_snapshot!(outcome(&fixture(), &["score", "2024", "--format", "json"]));
}

#[test]
fn score_table_vietnamese_and_english() {
    insta::assert_snapshot!("score_table_vi", outcome(&fixture(), &["score", "2024"]));
    insta::assert_snapshot!(
        "score_table_en",
        outcome(&fixture(), &["--lang", "en", "score", "2024"])
    );
}

#[test]
fn score_csv_and_markdown() {
    insta::assert_snapshot!(
        "score_csv",
        outcome(&fixture(), &["score", "2024", "--format", "csv"])
    );
    insta::assert_snapshot!(
        "score_md",
        outcome(
            &fixture(),
            &["score", "2024", "--format", "md", "--block", "xa"]
        )
    );
}

#[test]
fn show_and_explain() {
    insta::assert_snapshot!("show_a", outcome(&fixture(), &["show", "2024", "A"]));
    insta::assert_snapshot!(
        "explain_bands",
        outcome(&fixture(), &["explain", "2024", "A", "1.4"])
    );
    insta::assert_snapshot!(
        "explain_choice_en",
        outcome(&fixture(), &["--lang", "en", "explain", "2024", "A", "1.1"])
    );
    insta::assert_snapshot!(
        "explain_area",
        outcome(&fixture(), &["explain", "2024", "A", "2"])
    );
}

#[test]
fn check_lists_warnings_and_exits_zero() {
    let out = outcome(&fixture(), &["check", "2024"]);
    assert!(out.starts_with("exit: 0\n"), "{out}");
    insta::assert_snapshot!("check_fixture", out);
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
fn check_one_unit_shows_its_own_problems_and_the_year_s() {
    // An error in another unit's file; a problem of no unit (an answer file
    // for a unit that does not exist).
    let ws = Ws::fixture()
        .edit("scores/2024/self/A.toml", "points = 1.75", "points = 1.3")
        .write("scores/2024/self/ZZ.toml", "unit = \"ZZ\"\n");
    let json = |args: &[&str]| -> (i32, serde_json::Value) {
        let out = chiso(ws.root()).args(args).output().unwrap();
        let v = serde_json::from_slice(&out.stdout).unwrap();
        (out.status.code().unwrap(), v)
    };
    let units = |v: &serde_json::Value| -> Vec<String> {
        let mut u: Vec<String> = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["unit"].as_str().unwrap_or("-").to_string())
            .collect();
        u.dedup();
        u
    };
    let (code, all) = json(&["check", "2024", "--format", "json"]);
    assert_eq!(code, 1);
    assert!(units(&all).contains(&"A".to_string()));

    // A's error is not S1's; the file of an unknown unit is everyone's.
    let (code, s1) = json(&["check", "2024", "--unit", "S1", "--format", "json"]);
    assert_eq!((code, &s1["errors"]), (1, &serde_json::json!(1)), "{s1}");
    assert_eq!(s1["diagnostics"][0]["id"], "E0302");
    let u = units(&s1);
    assert!(u.iter().all(|u| u == "S1" || u == "-"), "{u:?}");

    let (code, a) = json(&["check", "2024", "--unit", "A", "--format", "json"]);
    assert_eq!((code, &a["errors"]), (1, &serde_json::json!(2)), "{a}");
    assert!(units(&a).contains(&"A".to_string()));

    let out = chiso(ws.root())
        .args(["check", "2024", "--unit", "NOPE"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
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

/// A command whose output path is a folder fails, and the folder and its
/// neighbours are as they were. (The rename failing after the content was
/// written is covered by `failed_import_keeps_the_dataset_folder`.)
fn failed_output_leaves_no_file_behind(args: &[&str]) {
    let ws = Ws::fixture();
    let out_dir = ws.path("out");
    let target = out_dir.join("ket-qua");
    std::fs::create_dir_all(&target).unwrap();
    std::fs::write(out_dir.join("old.json"), "old").unwrap();
    let out = chiso(ws.root())
        .args(["--lang", "en"])
        .args(args)
        .arg("--output")
        .arg(&target)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("is a folder"), "{args:?}: {err}");
    assert_eq!(names_in(&out_dir), ["ket-qua", "old.json"], "{args:?}");
    assert!(std::fs::read_dir(&target).unwrap().next().is_none());
    assert_eq!(
        std::fs::read_to_string(out_dir.join("old.json")).unwrap(),
        "old"
    );
}

#[test]
fn failed_score_output_leaves_no_file_behind() {
    failed_output_leaves_no_file_behind(&["score", "2024", "--format", "json"]);
}

#[test]
fn failed_export_leaves_no_file_behind() {
    failed_output_leaves_no_file_behind(&["export", "2024", "--format", "xlsx"]);
    failed_output_leaves_no_file_behind(&["export", "2024", "--format", "html"]);
}

#[test]
fn failed_import_keeps_the_dataset_folder() {
    let dir = common::sample();
    let data = dir.path().join("scores/2024/data");
    // The dataset's path is a folder: the import cannot read what it would replace.
    std::fs::remove_file(data.join("dossiers.csv")).unwrap();
    std::fs::create_dir(data.join("dossiers.csv")).unwrap();
    let before = names_in(&data);
    let table = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/pl2_khanhson_2018.csv");
    let out = chiso(dir.path())
        .args([
            "--lang",
            "en",
            "import",
            "dossiers",
            "2024",
            "--accept-warnings",
        ])
        .arg(&table)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("cannot open scores/2024/data/dossiers.csv: it is a folder, not a file"),
        "{err}"
    );
    assert_eq!(names_in(&data), before);
    assert!(
        std::fs::read_dir(data.join("dossiers.csv"))
            .unwrap()
            .next()
            .is_none()
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
    let to = |path| chiso::output::Destination::report(Some(path), dir.path());
    chiso::output::write_output(to(&new), "{}").unwrap();
    assert_eq!(mode(&new), mode(&plain));
    // A replaced file keeps its permissions.
    let kept = dir.path().join("kept.json");
    std::fs::write(&kept, "old").unwrap();
    std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o640)).unwrap();
    chiso::output::write_output(to(&kept), "new").unwrap();
    assert_eq!(mode(&kept), 0o640);
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), "new");
}

#[cfg(unix)]
fn inode(path: &std::path::Path) -> u64 {
    std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(path).unwrap())
}

/// Runs `chiso args` in `root` to completion, then kills it at moments spread over
/// a whole run, each time after `reset` put the old `target` back: `target` is
/// always the old file or a whole new one (`whole(now, complete)`), since it is
/// replaced by a rename, never rewritten in place.
fn killed_runs_never_truncate(
    root: &std::path::Path,
    target: &std::path::Path,
    args: &[&str],
    reset: &dyn Fn(),
    whole: &dyn Fn(&[u8], &[u8]) -> bool,
) {
    let run = || {
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("chiso"));
        c.arg("--root")
            .arg(root)
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        c
    };
    let dir = target.parent().unwrap();
    reset();
    let old = std::fs::read(target).unwrap();
    let files = names_in(dir);
    #[cfg(unix)]
    let old_file = inode(target);
    let started = std::time::Instant::now();
    assert!(run().status().unwrap().success(), "{args:?}");
    let whole_run = started.elapsed();
    #[cfg(unix)]
    assert_ne!(inode(target), old_file, "{args:?}: rewritten in place");
    // No temporary file left behind.
    assert_eq!(names_in(dir), files, "{args:?}");
    let complete = std::fs::read(target).unwrap();
    assert!(complete != old && whole(&complete, &complete), "{args:?}");
    for step in 0..8u32 {
        reset();
        let mut child = run().spawn().unwrap();
        std::thread::sleep(whole_run * step / 7);
        let _ = child.kill();
        child.wait().unwrap();
        let now = std::fs::read(target).unwrap();
        assert!(
            now == old || whole(&now, &complete),
            "{args:?} killed after {step}/7 of a run: output has {} bytes",
            now.len()
        );
    }
    // What a killed run leaves is named after the output it was to replace.
    let name = target.file_name().unwrap().to_string_lossy();
    for left in names_in(dir).iter().filter(|n| !files.contains(n)) {
        assert!(
            left.starts_with(&format!(".{name}.")) && left.ends_with(".tmp"),
            "{args:?} left {left}"
        );
    }
}

/// A synthetic workspace large enough that a run takes a while.
fn large_workspace() -> tempfile::TempDir {
    let ws = tempfile::tempdir().unwrap();
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    chiso::synth::generate(source, 2024, ws.path(), 400, 7).unwrap();
    ws
}

fn same(now: &[u8], complete: &[u8]) -> bool {
    now == complete
}

#[test]
fn killed_score_never_leaves_a_truncated_output() {
    let ws = large_workspace();
    let target = ws.path().join("ket-qua.json");
    let path = target.to_str().unwrap();
    let reset = || std::fs::write(&target, "old").unwrap();
    killed_runs_never_truncate(
        ws.path(),
        &target,
        &["score", "2024", "--format", "json", "--output", path],
        &reset,
        &same,
    );
}

#[test]
fn killed_export_never_leaves_a_truncated_output() {
    use calamine::Reader;
    let ws = large_workspace();
    let html = ws.path().join("ket-qua.html");
    let reset = || std::fs::write(&html, "old").unwrap();
    let args = ["export", "2024", "--output", html.to_str().unwrap()];
    killed_runs_never_truncate(ws.path(), &html, &args, &reset, &same);
    // A workbook records when it was made: whole = it opens with every sheet.
    let xlsx = ws.path().join("ket-qua.xlsx");
    let reset = || std::fs::write(&xlsx, "old").unwrap();
    let sheets = |bytes: &[u8]| {
        calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec()))
            .ok()
            .map(|mut book| {
                let names = book.sheet_names();
                let read = names.iter().all(|n| book.worksheet_range(n).is_ok());
                (names, read)
            })
    };
    let opens = |now: &[u8], complete: &[u8]| {
        sheets(now).is_some_and(|(names, read)| read && Some((names, true)) == sheets(complete))
    };
    let args = [
        "export",
        "2024",
        "--format",
        "xlsx",
        "--output",
        xlsx.to_str().unwrap(),
    ];
    killed_runs_never_truncate(ws.path(), &xlsx, &args, &reset, &opens);
}

#[test]
fn killed_lock_never_leaves_a_truncated_lock() {
    let ws = large_workspace();
    let (code, _, err) = common::chiso(ws.path(), &["lock", "2024"]);
    assert_eq!(code, 0, "{err}");
    let target = ws.path().join("scores/2024/results.lock.toml");
    let first = std::fs::read(&target).unwrap();
    // An input changed since: `lock --force` replaces the lock.
    let units = ws.path().join("scores/2024/units.toml");
    let text = std::fs::read_to_string(&units).unwrap();
    std::fs::write(&units, text + "\n# sửa sau khi khóa\n").unwrap();
    let reset = || std::fs::write(&target, &first).unwrap();
    // A lock records when it was made: whole = it reads as a lock of the same results.
    let results = |bytes: &[u8]| {
        let lock: toml::Table = toml::from_str(std::str::from_utf8(bytes).ok()?).ok()?;
        Some((
            lock.get("results_sha256")?.as_str()?.to_string(),
            lock.get("supersedes")?.as_str()?.to_string(),
            lock.get("unit")?.as_array()?.len(),
        ))
    };
    let whole = |now: &[u8], complete: &[u8]| {
        results(now).is_some_and(|r| Some(&r) == results(complete).as_ref())
    };
    killed_runs_never_truncate(
        ws.path(),
        &target,
        &["lock", "2024", "--force"],
        &reset,
        &whole,
    );
}

#[test]
fn killed_import_never_leaves_a_truncated_dataset() {
    let dir = common::sample();
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/pl2_khanhson_2018.csv");
    let table = dir.path().join("xa.csv");
    let changed = std::fs::read_to_string(fixture)
        .unwrap()
        .replace("716,714,99.72,714,100", "720,714,99.17,713,99.86");
    std::fs::write(&table, changed).unwrap();
    let target = dir.path().join("scores/2024/data/dossiers.csv");
    let before = std::fs::read(&target).unwrap();
    let reset = || std::fs::write(&target, &before).unwrap();
    let args = [
        "import",
        "dossiers",
        "2024",
        table.to_str().unwrap(),
        "--accept-warnings",
    ];
    killed_runs_never_truncate(dir.path(), &target, &args, &reset, &same);
}

#[test]
fn template_filled_in_passes_check() {
    let ws = Ws::fixture();
    let template = stdout(ws.root(), &["template", "2024", "B"]);
    insta::assert_snapshot!("template_b", outcome(ws.root(), &["template", "2024", "B"]));
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

/// A reader that stops early (a pager, `head`) is not an error; the status of
/// the command (errors in the input) still counts.
#[cfg(unix)]
#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::io::Read;
    use std::process::Stdio;
    let run = |root: &std::path::Path, args: &[&str]| {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_chiso"))
            .arg("--root")
            .arg(root)
            .args(args)
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
        (status.code(), err)
    };
    let (code, err) = run(&fixture(), &["template", "2024", "B"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.is_empty(), "{err}");

    let broken = Ws::fixture().edit("scores/2024/self/A.toml", "points = 1.75", "points = 1.3");
    for args in [
        &["check", "2024"][..],
        &["score", "2024", "--format", "json"],
    ] {
        let (code, err) = run(broken.root(), args);
        assert_eq!(code, Some(1), "{args:?}: {err}");
        assert!(
            !err.contains("Broken pipe") && !err.contains("os error"),
            "{err}"
        );
    }
}

/// `-o` through a link replaces the linked file and keeps the link; something
/// that is not a file (a device) is written to, never replaced.
#[cfg(unix)]
#[test]
fn output_through_links_and_devices() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.csv");
    let link = dir.path().join("link.csv");
    std::fs::write(&real, "old").unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let out = chiso(&fixture())
        .args(["score", "2024", "--format", "csv", "-o"])
        .arg(&link)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&real)
            .unwrap()
            .starts_with("block,rank,code")
    );

    let out = chiso(&fixture())
        .args(["score", "2024", "--format", "csv", "-o", "/dev/null"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(!std::fs::metadata("/dev/null").unwrap().is_file());
}

/// A formula of 200 kB that fails for every unit is quoted once, cut, with
/// the number of other units it failed in.
#[test]
fn a_long_failing_formula_is_quoted_once_and_cut() {
    let ws = Ws::fixture()
        .edit(
            "criteria/2024/pa.toml",
            "formula = \"max * hai_long / 100\"",
            &format!(
                "formula = \"max * hai_long / (max - max) /* {}*/\"",
                "chú thích ".repeat(20_000)
            ),
        )
        .edit(
            "scores/2024/data/survey.csv",
            "A,87.5,2",
            "A,87.5,2\nB,50,0",
        );
    for (lang, units) in [
        ("en", "= unit A and 1 other unit\n"),
        ("vi", "= đơn vị A và 1 đơn vị khác\n"),
    ] {
        let out = chiso(ws.root())
            .args(["--lang", lang, "score", "2024"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.matches("[E0502]").count(), 1, "{err}");
        assert!(err.contains(units), "{err}");
        // The mark, then 100 columns of the line from a little before the failure.
        let quoted = err.lines().find(|l| l.starts_with("48 | ")).unwrap();
        assert!(quoted.starts_with("48 | …a = \"max * hai_long / (max - max) /* chú thích"));
        assert!(
            quoted.ends_with('…') && quoted.chars().count() == 106,
            "{quoted}"
        );
        assert!(err.len() < 2_000, "{} bytes", err.len());
    }
    let out = chiso(ws.root())
        .args(["check", "2024", "--format", "json"])
        .output()
        .unwrap();
    let json = String::from_utf8(out.stdout).unwrap();
    assert_valid(&json_schema("check"), &json, "check with other_units");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let failed: Vec<&serde_json::Value> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["id"] == "E0502")
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(
        (&failed[0]["unit"], &failed[0]["other_units"]),
        (&"A".into(), &1.into())
    );
}

/// A title of 65,530 characters without a space overflowed the width of
/// `show`'s title column (a panic in a debug build, 12.8 MB of table in a
/// release one): it is cut into lines and shortened.
#[test]
fn show_shortens_a_hostile_title() {
    let ws = Ws::fixture().edit(
        "criteria/2024/pa.toml",
        "title = \"Kế hoạch CCHC\"",
        &format!("title = \"{}\"", "X".repeat(65_530)),
    );
    let out = chiso(ws.root())
        .args(["show", "2024", "A"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(&format!("{}…", "X".repeat(18))), "{text}");
    assert!(text.len() < 20_000, "{} bytes", text.len());
}

/// Markdown shown as HTML must not run what a workspace's text holds: every
/// Markdown output escapes `<`, `>`, `&`, and `|` (which would end a cell).
#[test]
fn markdown_outputs_escape_html_and_pipes() {
    let hostile = "<script>alert(1)</script> & |";
    let ws = Ws::fixture()
        .edit(
            "scores/2024/units.toml",
            "name = \"Sở A\"",
            &format!("name = \"{hostile}\""),
        )
        .edit(
            "criteria/2024/regulation.toml",
            "name = \"Khối sở\"",
            "name = \"<b>Khối</b> sở\"",
        )
        .edit(
            "criteria/2024/pa.toml",
            "title = \"Kế hoạch CCHC\"",
            "title = \"<img src=x onerror=alert(1)>\"",
        )
        .edit(
            "criteria/2024/pa.toml",
            "title = \"Văn bản QPPL\"",
            "title = \"<img src=x onerror=alert(1)>\"",
        );
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; \\|";
    for args in [
        &["score", "2024", "--format", "md"][..],
        &["export", "2024", "--format", "md"],
        &["notify", "2024", "A"],
        &["review", "2024", "A", "--format", "md"],
    ] {
        let text = stdout(ws.root(), args);
        for raw in ["<script>", "<b>", "<img", "</"] {
            assert!(!text.contains(raw), "{args:?}: {raw} in\n{text}");
        }
        let want: &[&str] = match args[0] {
            "score" | "export" => &[escaped, "&lt;b&gt;Khối&lt;/b&gt; sở"],
            "notify" => &[
                escaped,
                "&lt;b&gt;Khối&lt;/b&gt; sở",
                "&lt;img src=x onerror=alert(1)&gt;",
            ],
            _ => &["&lt;img src=x onerror=alert(1)&gt;"],
        };
        for w in want {
            assert!(text.contains(w), "{args:?}: no {w} in\n{text}");
        }
    }
}

/// A full standard output (`> /dev/full`) is an I/O failure that names
/// standard output, not an empty file name.
#[test]
fn a_full_standard_output_is_named() {
    for (lang, said) in [
        ("en", "cannot write standard output: "),
        ("vi", "không ghi được đầu ra chuẩn: "),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_chiso"))
            .arg("--root")
            .arg(fixture())
            .args(["--lang", lang, "score", "2024"])
            .stdout(
                std::fs::OpenOptions::new()
                    .write(true)
                    .open("/dev/full")
                    .unwrap(),
            )
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(said), "{err}");
    }
}

/// `-o` naming a folder is a usage error that says so, for every command.
#[test]
fn output_to_a_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["template", "2024", "A"][..],
        &["template", "2024", "A", "--force"],
        &["score", "2024"],
        &["export", "2024", "--format", "csv"],
    ] {
        let out = chiso(&fixture())
            .args(["--lang", "en"])
            .args(args)
            .arg("-o")
            .arg(dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.contains("is a folder; give a file name"),
            "{args:?}: {err}"
        );
    }
}

/// `show`'s round column marks every way a criterion was decided: an
/// explanation awaiting round 2 and points zeroed for missing evidence (the
/// fixture's snapshot covers rounds, acceptance and official data).
#[test]
fn show_marks_pending_explanations_and_missing_evidence() {
    let row = |text: &str, code: &str| -> String {
        text.lines()
            .find(|l| l.starts_with(&format!("│ {code} ")))
            .unwrap_or_else(|| panic!("no row {code}: {text}"))
            .to_string()
    };
    // Sample: Sở Nội vụ explained 1.5.2 after round 1; no round 2 yet.
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = stdout(repo, &["--lang", "en", "show", "2024", "SNV"]);
    assert!(
        row(&text, "1.5.2").contains("┆ 1 (pending) ┆"),
        "{}",
        row(&text, "1.5.2")
    );

    let ws = Ws::unproven_claim_under_zero_policy();
    let text = stdout(ws.root(), &["--lang", "en", "show", "2024", "A"]);
    assert!(
        row(&text, "1.1").contains("┆ no ev. ┆"),
        "{}",
        row(&text, "1.1")
    );
}

#[test]
fn the_workspace_is_found_from_a_folder_inside_it() {
    let ws = Ws::fixture();
    let inside = ws.path("scores/2024/self");
    let from_root = stdout(&fixture(), &["score", "2024", "--format", "json"]);
    let out = Command::cargo_bin("chiso")
        .unwrap()
        .current_dir(&inside)
        .args(["score", "2024", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), from_root);
}

#[test]
fn no_workspace_found_says_how_to_name_one() {
    let empty = tempfile::tempdir().unwrap();
    for (lang, expected) in [("vi", "--root THƯ_MỤC"), ("en", "--root DIR")] {
        let out = Command::cargo_bin("chiso")
            .unwrap()
            .current_dir(empty.path())
            .args(["--lang", lang, "check", "2024"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(expected), "{err}");
        assert!(err.contains("criteria/2024"), "{err}");
    }
}

/// A validator for one of the schemas of docs/json.md, the diagnostic schema
/// they share registered under its `$id`.
pub(crate) fn json_schema(name: &str) -> jsonschema::Validator {
    let read = |name: &str| -> serde_json::Value {
        let path = format!(
            "{}/docs/schema/{name}.schema.json",
            env!("CARGO_MANIFEST_DIR")
        );
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let registry = jsonschema::Registry::new()
        .add("urn:chiso:schema:diagnostic", read("diagnostic"))
        .unwrap()
        .prepare()
        .unwrap();
    jsonschema::options()
        .with_registry(&registry)
        .build(&read(name))
        .unwrap()
}

pub(crate) fn assert_valid(validator: &jsonschema::Validator, json: &str, what: &str) {
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .take(5)
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:#?}");
}

#[test]
fn json_outputs_follow_their_documented_schemas() {
    let score = json_schema("score");
    let check = json_schema("check");
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for (root, year) in [
        (fixture(), "2024"),
        (sample.into(), "2023"),
        (sample.into(), "2024"),
        (sample.into(), "2025"),
    ] {
        let what = format!("{} {year}", root.display());
        assert_valid(
            &score,
            &stdout(&root, &["score", year, "--format", "json"]),
            &what,
        );
        assert_valid(
            &check,
            &stdout(&root, &["check", year, "--format", "json"]),
            &what,
        );
    }
    // Errors, with and without positions, follow the schema too.
    let broken = Ws::fixture().write(
        "scores/2024/self/A.toml",
        "unit = \"A\"\n[c.\"1.1\"]\npoints = \"x\"\n[c.\"7.7\"]\nyes = true\n",
    );
    assert_valid(
        &check,
        &stdout(broken.root(), &["check", "2024", "--format", "json"]),
        "broken",
    );
    // And the schema is not vacuous: a unit without its final side is refused.
    let mut value: serde_json::Value =
        serde_json::from_str(&stdout(&fixture(), &["score", "2024", "--format", "json"])).unwrap();
    value["units"][0].as_object_mut().unwrap().remove("final");
    assert!(!score.is_valid(&value));
    value["units"][0]["final"] = serde_json::json!({"points": "88"});
    assert!(!score.is_valid(&value));
}

#[test]
fn score_counts_its_hidden_warnings_by_code() {
    let out = chiso(&fixture()).args(["score", "2024"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        // B's joint-responsibility criterion reads subordinates it has none of (W0616).
        "3 cảnh báo (W0603 ×1, W0607 ×1, W0616 ×1); điểm vẫn được tính; xem chi tiết: chiso check 2024\n"
    );
    let out = chiso(&fixture())
        .args(["--lang", "en", "score", "2024"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .starts_with("3 warnings (W0603 ×1, W0607 ×1, W0616 ×1); the scores")
    );
}

/// `-o FILE` without `--format` writes what the extension says, for every
/// command that writes a file (each of these wrote the command's default
/// format under the file's name before).
#[test]
fn output_format_follows_the_extension() {
    let ws = Ws::fixture();
    let write = |args: &[&str], name: &str| -> Vec<u8> {
        let target = ws.path(name);
        let out = chiso(ws.root())
            .args(args)
            .arg("-o")
            .arg(&target)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?} {name}: {err}");
        std::fs::read(&target).unwrap()
    };
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
    let csv = text(write(&["score", "2024"], "kq.csv"));
    assert!(csv.starts_with("block,rank,code,name,"), "{csv}");
    let json = text(write(&["score", "2024"], "kq.JSON"));
    assert!(serde_json::from_str::<serde_json::Value>(&json).is_ok());
    let md = text(write(&["score", "2024"], "kq.md"));
    assert!(md.lines().any(|l| l.starts_with("| ")), "{md}");
    let table = text(write(&["score", "2024"], "kq.txt"));
    assert!(table.contains('│'), "{table}");
    // A workbook is a zip archive; HTML starts with its doctype.
    assert!(write(&["export", "2024"], "kq.xlsx").starts_with(b"PK\x03\x04"));
    let html = text(write(&["export", "2024", "--format", "html"], "kq.html"));
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    let csv = text(write(&["export", "2024"], "kq.csv"));
    assert!(csv.starts_with("block,rank,code,name,"), "{csv}");
    let notice = text(write(&["notify", "2024", "A"], "tb.html"));
    assert!(notice.starts_with("<!DOCTYPE html>"), "{notice}");
    let review = text(write(&["review", "2024"], "r.json"));
    assert!(serde_json::from_str::<serde_json::Value>(&review).is_ok());
    // Without an extension, --format or the command's default decides.
    let plain = text(write(&["score", "2024", "--format", "csv"], "kq"));
    assert!(plain.starts_with("block,rank,code,name,"), "{plain}");
}

/// An extension that contradicts `--format`, or that names a kind of file
/// the command does not write, is a usage error listing what it writes, and
/// no file is written.
#[test]
fn output_extension_that_contradicts_or_cannot_be_written_is_refused() {
    let ws = Ws::fixture();
    let refused = |lang: &str, args: &[&str], name: &str| -> String {
        let target = ws.path(name);
        let out = chiso(ws.root())
            .args(["--lang", lang])
            .args(args)
            .arg("-o")
            .arg(&target)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?} {name}");
        assert!(!target.exists(), "{args:?}: {name} written");
        String::from_utf8(out.stderr)
            .unwrap()
            .replace(&format!("{}/", ws.root().display()), "")
    };
    let err = refused("en", &["score", "2024", "--format", "json"], "kq.csv");
    assert_eq!(
        err,
        "error: kq.csv ends in .csv but --format is json; drop --format, or name the file kq.json\n"
    );
    let err = refused("vi", &["score", "2024", "--format", "json"], "kq.csv");
    assert_eq!(
        err,
        "lỗi: kq.csv có đuôi .csv nhưng --format là json; bỏ --format, hoặc đặt tên tệp là kq.json\n"
    );
    let err = refused("en", &["export", "2024", "--format", "html"], "kq.xlsx");
    assert!(err.contains("name the file kq.html"), "{err}");
    let err = refused("en", &["export", "2024"], "kq.pdf");
    assert_eq!(
        err,
        "error: this command cannot write a .pdf file (kq.pdf); it writes: .xlsx, .html, .csv, .csv (csv-excel), .md\n"
    );
    let err = refused("vi", &["notify", "2024", "A"], "tb.csv");
    assert_eq!(
        err,
        "lỗi: lệnh này không ghi được tệp .csv (tb.csv); các loại tệp ghi được: .md, .html\n"
    );
    let err = refused("en", &["score", "2024"], "kq.html");
    assert!(
        err.ends_with("it writes: .txt (table), .json, .csv, .csv (csv-excel), .md\n"),
        "{err}"
    );
    let err = refused("en", &["review", "2024"], "r.csv");
    assert!(
        err.ends_with("it writes: .txt (table), .json, .md\n"),
        "{err}"
    );
    let err = refused("en", &["template", "2024", "A"], "A.json");
    assert!(err.ends_with("it writes: .toml, .xlsx\n"), "{err}");
}

/// Issue: `score -o scores/2024/units.toml` replaced the unit list. No
/// report replaces a workspace input or adds a file the loader would read,
/// through a link either; the input is named and left as it was.
#[test]
fn outputs_never_replace_workspace_inputs() {
    let ws = Ws::fixture();
    let before = |rel: &str| std::fs::read(ws.path(rel)).ok();
    let refused = |args: &[&str], target: &std::path::Path, named: &str| {
        let out = chiso(ws.root())
            .args(["--lang", "en"])
            .args(args)
            .arg("-o")
            .arg(target)
            .output()
            .unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains(&format!(
                "error: {named} is an input of the workspace (or would be read as one)"
            )),
            "{args:?}: {err}"
        );
    };
    let inputs = [
        "scores/2024/units.toml",
        "scores/2024/data/survey.csv",
        "criteria/2024/regulation.toml",
        "scores/2024/appraisal/A.toml",
    ];
    let kept: Vec<_> = inputs.iter().map(|f| before(f)).collect();
    let units = ws.path("scores/2024/units.toml");
    // The issue's command: refused before anything is computed (a score
    // table is no `.toml`), the unit list intact.
    let out = chiso(ws.root())
        .args(["score", "2024", "-o"])
        .arg(&units)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    refused(
        &["template", "2024", "A", "--force"],
        &units,
        "scores/2024/units.toml",
    );
    let appraisal = ws.path("scores/2024/appraisal/A.toml");
    refused(
        &["template", "2024", "A", "--force"],
        &appraisal,
        "scores/2024/appraisal/A.toml",
    );
    let survey = ws.path("scores/2024/data/survey.csv");
    refused(
        &["export", "2024", "--format", "csv"],
        &survey,
        "scores/2024/data/survey.csv",
    );
    // A new file where the loader would read it as a dataset, or as criteria.
    let new = ws.path("scores/2024/data/ket-qua.csv");
    refused(&["score", "2024"], &new, "scores/2024/data/ket-qua.csv");
    assert!(!new.exists());
    let criteria = ws.path("criteria/2024/ket-qua.json");
    refused(&["score", "2024"], &criteria, "criteria/2024/ket-qua.json");
    assert!(!criteria.exists());
    // Through a link, and through `..`.
    #[cfg(unix)]
    {
        let link = ws.path("ket-qua.toml");
        std::os::unix::fs::symlink(ws.path("criteria/2024/regulation.toml"), &link).unwrap();
        refused(
            &["template", "2024", "A", "--force"],
            &link,
            "criteria/2024/regulation.toml",
        );
    }
    let dotted = ws.path("scores/2024/self/../units.toml");
    refused(
        &["template", "2024", "A", "--force"],
        &dotted,
        "scores/2024/units.toml",
    );
    let now: Vec<_> = inputs.iter().map(|f| before(f)).collect();
    assert_eq!(kept, now, "inputs unchanged");
    // A template may start the unit's self-assessment: that is its job.
    let own = ws.path("scores/2024/self/NEW.toml");
    let out = chiso(ws.root())
        .args(["template", "2024", "A", "-o"])
        .arg(&own)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(own.is_file());
}

/// The issue's commands on the sample, as written: each wrote the command's
/// default format under the file's name (HTML in kq.xlsx, the box table in
/// kq.csv, Markdown in tb.html).
#[test]
fn the_issue_outputs_are_what_their_names_say() {
    let dir = common::sample();
    let run = |args: &[&str], name: &str| -> Vec<u8> {
        let target = dir.path().join(name);
        let out = chiso(dir.path())
            .args(args)
            .arg("-o")
            .arg(&target)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        std::fs::read(&target).unwrap()
    };
    assert!(run(&["export", "2025"], "kq.xlsx").starts_with(b"PK\x03\x04"));
    let csv = String::from_utf8(run(&["score", "2025"], "kq.csv")).unwrap();
    assert!(csv.starts_with("block,rank,code,name,"), "{csv}");
    let letter = String::from_utf8(run(&["notify", "2025", "STP"], "tb.html")).unwrap();
    assert!(letter.starts_with("<!DOCTYPE html>"), "{letter}");
}

/// A FIFO in place of the regulation and a link to /dev/zero in place of the
/// unit list: `check` answers at once with an error naming each (it used to
/// wait forever for the FIFO's writer, and read /dev/zero until memory ran out).
#[cfg(unix)]
#[test]
fn a_fifo_or_a_device_in_place_of_an_input_does_not_block() {
    let ws = Ws::fixture();
    let regulation = ws.path("criteria/2024/regulation.toml");
    std::fs::remove_file(&regulation).unwrap();
    common::mkfifo(&regulation);
    std::fs::remove_file(ws.path("scores/2024/units.toml")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", ws.path("scores/2024/units.toml")).unwrap();
    let out = chiso(ws.root())
        .args(["--lang", "en", "check", "2024"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("cannot read criteria/2024/regulation.toml: not a regular file (a FIFO, device or socket)"),
        "{text}"
    );
    assert!(
        text.contains("cannot read scores/2024/units.toml: it is a link (or in a linked folder) leading outside the workspace"),
        "{text}"
    );
}
