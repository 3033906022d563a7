//! The council's workflow end to end: lock and verify, review, notify.

mod common;

use assert_cmd::Command;
use common::Ws;

fn chiso(ws: &Ws, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("chiso")
        .unwrap()
        .arg("--root")
        .arg(ws.root())
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const SELF_A: &str = "scores/2024/self/A.toml";
const LOCK: &str = "scores/2024/results.lock.toml";

#[test]
fn lock_then_verify_then_edit_names_the_file_and_the_unit() {
    let ws = Ws::fixture();
    let (code, _, err) = chiso(&ws, &["lock", "2024"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("results.lock.toml"), "{err}");
    let lock = std::fs::read_to_string(ws.path(LOCK)).unwrap();
    assert!(lock.contains(&format!("\"{SELF_A}\" = \"")), "{lock}");
    assert!(lock.contains("[[unit]]\ncode = \"A\""), "{lock}");

    let (code, out, _) = chiso(&ws, &["--lang", "en", "verify", "2024"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.starts_with("verified: the 2024 results match the lock"),
        "{out}"
    );

    // A changed claim: the file and the unit's new result are named.
    let ws = ws.edit(
        SELF_A,
        "[c.\"1.2\"]\nyes = true",
        "[c.\"1.2\"]\nyes = false",
    );
    let (code, out, _) = chiso(&ws, &["--lang", "en", "verify", "2024"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("Changed files:\n  scores/2024/self/A.toml\n"),
        "{out}"
    );
    assert!(out.contains("│ A "), "{out}");
    assert!(out.contains("MISMATCH"), "{out}");

    // `check` warns; `lock` refuses to overwrite silently; --force re-locks.
    let (code, out, _) = chiso(&ws, &["check", "2024"]);
    assert_eq!(code, 0);
    assert!(out.contains("W0608"), "{out}");
    let old = std::fs::read_to_string(ws.path(LOCK)).unwrap();
    let (code, _, err) = chiso(&ws, &["lock", "2024"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(std::fs::read_to_string(ws.path(LOCK)).unwrap(), old);
    let (code, _, err) = chiso(&ws, &["lock", "2024", "--force"]);
    assert_eq!(code, 0, "{err}");
    let new = std::fs::read_to_string(ws.path(LOCK)).unwrap();
    let old_sha = old
        .lines()
        .find_map(|l| l.strip_prefix("results_sha256 = "))
        .unwrap();
    assert!(new.contains(&format!("supersedes = {old_sha}")), "{new}");
    let (code, _, _) = chiso(&ws, &["verify", "2024"]);
    assert_eq!(code, 0);
}

#[test]
fn a_new_or_removed_file_fails_verification() {
    let ws = Ws::fixture();
    assert_eq!(chiso(&ws, &["lock", "2024"]).0, 0);
    let ws = ws.remove("scores/2024/appraisal/S2.toml");
    let (code, out, _) = chiso(&ws, &["--lang", "en", "verify", "2024"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("Removed files:\n  scores/2024/appraisal/S2.toml"),
        "{out}"
    );
    let ws = Ws::fixture();
    assert_eq!(chiso(&ws, &["lock", "2024"]).0, 0);
    let ws = ws.write("scores/2024/data/extra.csv", "unit,hai_long\nA,90\n");
    let (code, out, _) = chiso(&ws, &["--lang", "en", "verify", "2024"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("Added files:\n  scores/2024/data/extra.csv"),
        "{out}"
    );
}

#[test]
fn lock_refuses_while_check_reports_errors_and_verify_needs_a_lock() {
    let ws = Ws::fixture().edit(SELF_A, "points = 1.75", "points = 1.8");
    let (code, _, err) = chiso(&ws, &["--lang", "en", "lock", "2024"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("E0203") && err.contains("cannot be locked"),
        "{err}"
    );
    assert!(!ws.path(LOCK).exists());
    let (code, _, err) = chiso(&ws, &["--lang", "en", "verify", "2024"]);
    assert_eq!(code, 2);
    assert!(err.contains("not locked"), "{err}");
}
