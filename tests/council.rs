//! The council's workflow end to end: lock and verify, review, notify.

use crate::common;

use common::{Ws, chiso_in};

fn chiso(ws: &Ws, args: &[&str]) -> (i32, String, String) {
    common::chiso(ws.root(), args)
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
        err.contains("E0203")
            && err.contains(
                "the 2024 results are not locked: 1 errors and 0 gaps in the official data"
            ),
        "{err}"
    );
    assert!(!ws.path(LOCK).exists());
    let (code, _, err) = chiso(&ws, &["--lang", "en", "verify", "2024"]);
    assert_eq!(code, 2);
    assert!(err.contains("not locked"), "{err}");
}

/// Official data the criteria read and a unit lacks is a warning while the
/// season is open and refuses a lock (it used to lock with every such
/// criterion at 0 points).
#[test]
fn lock_treats_missing_official_data_as_an_error() {
    let ws = Ws::without_data_for_b();
    let (code, out, _) = chiso(&ws, &["--lang", "en", "check", "2024"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("warning[W0609]"), "{out}");
    let (code, _, err) = chiso(&ws, &["--lang", "en", "lock", "2024"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "has no figure `tre_han`, `da_giai_quyet`, `hai_long`, `bao_cao_tre` for unit B"
        ),
        "{err}"
    );
    assert!(
        err.contains("the 2024 results are not locked: 0 errors and 1 gaps in the official data"),
        "{err}"
    );
    assert!(!ws.path(LOCK).exists());
    let (code, _, err) = chiso(
        &ws,
        &[
            "lock",
            "2024",
            "--force",
            "--reason",
            "Sở B chưa có số liệu",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let lock = std::fs::read_to_string(ws.path(LOCK)).unwrap();
    assert!(
        lock.contains("reason = \"Sở B chưa có số liệu\"\nproblems = [\"W0609 "),
        "{lock}"
    );
}

/// A year with errors is locked only with `--force` and a reason, and the lock
/// records both the reason and what it overrode; `--reason` needs `--force`.
#[test]
fn lock_over_errors_needs_force_and_a_reason_and_records_them() {
    let ws = Ws::fixture().edit(SELF_A, "points = 1.75", "points = 1.8");
    let (code, _, err) = chiso(&ws, &["--lang", "en", "lock", "2024", "--force"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("--force --reason"), "{err}");
    assert!(!ws.path(LOCK).exists());
    let (code, _, _) = chiso(&ws, &["lock", "2024", "--reason", "Hội đồng quyết định"]);
    assert_eq!(code, 2, "--reason without --force is a usage error");
    assert!(!ws.path(LOCK).exists());
    let (code, _, err) = chiso(
        &ws,
        &[
            "--lang",
            "en",
            "lock",
            "2024",
            "--force",
            "--reason",
            "  Hội đồng quyết định khóa  ",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let lock = std::fs::read_to_string(ws.path(LOCK)).unwrap();
    assert!(
        lock.contains(
            "[forced]\nreason = \"Hội đồng quyết định khóa\"\nproblems = [\"E0203 points 1.8 are not a multiple of the step 0.25\"]\n"
        ),
        "{lock}"
    );
    let (code, out, _) = chiso(&ws, &["verify", "2024"]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn review_lists_the_fixture_by_impact_with_hand_computed_impacts() {
    let (ws, r) = Ws::fixture().score();
    let w = chiso::review::review(&ws, &r, Some("A"));
    let got: Vec<(&str, &str, String)> = w
        .items
        .iter()
        .map(|i| (i.finding.slug(), i.criterion.as_str(), i.impact.to_string()))
        .collect();
    // A: final applicable max 16, index 68.
    // 2.1 N/A refused → 68 × 4 / (16 + 4) = 13.6; 1.4 official data cost
    // 1 point → 100 / 16 = 6.25; 1.3 adjusted 1 → 0 → 6.25 (discrepancy
    // sorts before gap at equal impact).
    assert_eq!(
        got,
        vec![
            ("na-claim", "2.1", "13.60".to_string()),
            ("discrepancy", "1.4", "6.25".to_string()),
            ("gap", "1.3", "6.25".to_string()),
        ]
    );
    let all = chiso::review::review(&ws, &r, None);
    assert!(all.items.windows(2).all(|p| p[0].impact >= p[1].impact));
    // B has no self-assessment: every leaf is unanswered, 2.1 (max 4 of
    // applicable 14) first.
    let b: Vec<_> = all.items.iter().filter(|i| i.unit == "B").collect();
    assert_eq!(b.len(), 6);
    assert!(b.iter().all(|i| i.finding.slug() == "unanswered"));
    assert_eq!(
        (b[0].criterion.as_str(), b[0].impact.to_string()),
        ("2.1", "28.57".into())
    );
}

#[test]
fn review_finds_explanations_awaiting_round_2_and_inconsistent_decisions() {
    // S1 claims the same 8 as S2 but is adjusted to 6 (S2 to 7); A's
    // explanation of 1.1 loses its round-2 decision.
    let ws = Ws::fixture()
        .edit("scores/2024/self/S1.toml", "points = 9", "points = 8")
        .write(
            "scores/2024/appraisal/S1.toml",
            "unit = \"S1\"\n[[adjust]]\ncode = \"1\"\nround = 1\npoints = 6\nreason = \"Thiếu báo cáo\"\n",
        )
        .edit(
            "scores/2024/appraisal/A.toml",
            "[[adjust]]\ncode = \"1.1\"\nround = 2\naccept = true\nreason = \"Đơn vị đã giải trình\"",
            "",
        );
    let (ws, r) = ws.score();
    let w = chiso::review::review(&ws, &r, None);
    let awaiting: Vec<_> = w
        .items
        .iter()
        .filter(|i| i.finding.slug() == "awaiting-decision")
        .collect();
    assert_eq!(awaiting.len(), 1);
    assert_eq!(
        (awaiting[0].unit.as_str(), awaiting[0].criterion.as_str()),
        ("A", "1.1")
    );
    assert_eq!(awaiting[0].detail.as_deref(), Some("Đã bổ sung quyết định"));
    // 1.75 claimed, 1.5 after round 1: 0.25 × 100 / 16
    assert_eq!(awaiting[0].impact.to_string(), "1.56");
    let inconsistent: Vec<_> = w
        .items
        .iter()
        .filter(|i| i.finding.slug() == "inconsistent")
        .collect();
    assert_eq!(inconsistent.len(), 1);
    let peers: Vec<(&str, String)> = inconsistent[0]
        .peers
        .iter()
        .map(|p| (p.unit.as_str(), p.final_points.to_string()))
        .collect();
    assert_eq!(peers, vec![("S1", "6".into()), ("S2", "7".into())]);
    // Filtering by a peer keeps the item.
    let s2 = chiso::review::review(&ws, &r, Some("S2"));
    assert!(s2.items.iter().any(|i| i.finding.slug() == "inconsistent"));
}

#[test]
fn review_outputs_are_stable() {
    let ws = Ws::fixture();
    let (code, table, _) = chiso(&ws, &["review", "2024"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("review_table", table);
    let (_, md, _) = chiso(
        &ws,
        &["--lang", "en", "review", "2024", "A", "--format", "md"],
    );
    insta::assert_snapshot!("review_a_md_en", md);
    let (_, json, _) = chiso(&ws, &["review", "2024", "A", "--format", "json"]);
    insta::assert_snapshot!("review_a_json", json);
    let (code, _, err) = chiso(&ws, &["review", "2024", "NOPE"]);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn notify_round_1_lists_what_round_1_decided_even_after_round_2() {
    let ws = Ws::fixture();
    let (code, md, err) = chiso(&ws, &["notify", "2024", "A"]);
    assert_eq!(code, 0, "{err}");
    // Round 1 lowered 1.1 to 1.5 and 1.3 to 0; round 2 later accepted 1.1.
    assert!(
        md.contains("| 1 | 1.1 | Kế hoạch CCHC | 2 | 1,75 | 1,5 | −0,25 |"),
        "{md}"
    );
    assert!(md.contains("| 2 | 1.3 |"), "{md}");
    insta::assert_snapshot!("notify_a_round1_md", md);
    let (code, html, _) = chiso(
        &ws,
        &[
            "--lang", "en", "notify", "2024", "A", "--round", "2", "--format", "html",
        ],
    );
    assert_eq!(code, 0);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(!html.contains("http"), "standalone: no external references");
    assert!(
        html.contains("self answer accepted — Đơn vị đã giải trình"),
        "{html}"
    );
    insta::assert_snapshot!("notify_a_round2_html_en", html);
    let (code, _, _) = chiso(&ws, &["notify", "2024", "A", "--round", "0"]);
    assert_eq!(code, 2);
}

/// One unit's side (`self` or `final`) in `score --format json`.
fn side(root: &std::path::Path, year: &str, unit: &str, which: &str) -> serde_json::Value {
    let (code, out, err) = common::chiso(root, &["score", year, "--format", "json"]);
    assert!(code <= 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["code"] == unit)
        .unwrap()[which]
        .clone()
}

/// One unit's (self, final) deduction.
fn deductions(root: &std::path::Path, year: &str, unit: &str) -> (String, String) {
    let d = |which| side(root, year, unit, which)["deduction"].to_string();
    (d("self"), d("final"))
}

/// Issue: the template suggested `# points = 2` for deduction 10.5 ("the
/// unit writes 0"); an officer who removed the `#` of every answer line, as
/// the header says, deducted 2 points from the unit, self and final. The
/// council's criterion is now information only, and the suggestions of a
/// bonus or deduction claim nothing.
#[test]
fn an_uncommented_template_neither_deducts_nor_claims_a_bonus() {
    let dir = common::sample();
    let (code, template, err) = common::chiso(dir.path(), &["template", "2025", "STP"]);
    assert_eq!(code, 0, "{err}");
    let council = template
        .split("\n\n")
        .find(|b| b.starts_with("# 10.5 "))
        .expect("10.5 is shown");
    assert!(
        council.contains("# Do Hội đồng thẩm định chấm — đơn vị không tự chấm"),
        "{council}"
    );
    assert!(!council.contains("[c."), "{council}");
    assert!(!council.contains("points"), "{council}");
    assert!(!council.contains("evidence"), "{council}");
    assert!(!council.contains("Tài liệu kiểm chứng"), "{council}");
    // The first answer line of every criterion uncommented as written.
    let mut filled = String::new();
    let mut answered = false;
    for line in template.lines() {
        answered &= !line.starts_with("[c.");
        let answer = ["# points = ", "# yes = ", "# choice = ", "# facts = "]
            .iter()
            .any(|p| line.starts_with(p));
        if answer && !answered {
            filled += &line[2..];
            answered = true;
        } else {
            filled += line;
        }
        filled += "\n";
    }
    std::fs::write(dir.path().join("scores/2025/self/STP.toml"), filled).unwrap();
    // STP has no late or missing report in the register and no council
    // adjustment in area 10: nothing is deducted; and no bonus is claimed.
    assert_eq!(
        deductions(dir.path(), "2025", "STP"),
        ("0".into(), "0".into())
    );
    assert_eq!(side(dir.path(), "2025", "STP", "self")["bonus"], 0);
}

/// A unit's own answer to a council criterion is an error at the answer, in
/// both languages, and is not counted; an explanation there is welcome; the
/// council's adjustment decides.
#[test]
fn a_unit_answer_to_a_council_criterion_is_an_error_and_not_counted() {
    let dir = common::sample();
    let root = dir.path();
    let file = root.join("scores/2025/self/STP.toml");
    let own = std::fs::read_to_string(&file).unwrap();
    let line = own.lines().count() + 3;
    std::fs::write(&file, format!("{own}\n[c.\"10.5\"]\npoints = 2\n")).unwrap();
    let (code, out, _) = common::chiso(root, &["check", "2025", "--unit", "STP"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!(
            "lỗi[E0312]: tiêu chí 10.5 do Hội đồng thẩm định chấm: đơn vị không tự chấm (`points` không được tính)\n   --> scores/2025/self/STP.toml:{line}:10\n"
        )),
        "{out}"
    );
    assert!(out.contains("= gợi ý: xóa dòng trả lời"), "{out}");
    let (_, out, _) = common::chiso(root, &["--lang", "en", "check", "2025", "--unit", "STP"]);
    assert!(
        out.contains(&format!(
            "error[E0312]: criterion 10.5 is scored by the appraisal council: the unit does not answer it (`points` is not counted)\n   --> scores/2025/self/STP.toml:{line}:10\n"
        )),
        "{out}"
    );
    assert_eq!(deductions(root, "2025", "STP"), ("0".into(), "0".into()));

    // An explanation alone is no answer: no error, and nothing is missing.
    std::fs::write(
        &file,
        format!("{own}\n[c.\"10.5\"]\nexplanation = \"Đơn vị đề nghị xem xét lại\"\n"),
    )
    .unwrap();
    let (code, out, _) = common::chiso(
        root,
        &["check", "2025", "--unit", "STP", "--format", "json"],
    );
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let on_10_5: Vec<_> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["criterion"] == "10.5")
        .collect();
    assert!(on_10_5.is_empty(), "{on_10_5:?}");

    // SDTTG: the council deducted 0.5 in round 1 for false figures.
    let (code, out, _) = common::chiso(root, &["--lang", "en", "explain", "2025", "SDTTG", "10.5"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("Self: scored by the appraisal council (not by the unit)\n    → Points: 0\nFinal: appraisal round 1\n    points = 0.5\n    → Points: 0.5\n"),
        "{out}"
    );
}

/// Council criteria raise no unanswered, missing-input or missing-evidence
/// warning on the unit: nothing of the unit's is missing (appendix 1's 10.5
/// is answered by points, appendix 4's 10.5 and appendix 5's 10.4 by facts).
#[test]
fn council_criteria_raise_no_warning_on_the_unit() {
    let dir = common::sample();
    let (_, out, err) = common::chiso(dir.path(), &["check", "2024", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|_| panic!("{err}"));
    let council = |d: &&serde_json::Value| {
        let unit = d["unit"].as_str().unwrap_or("");
        let code = d["criterion"].as_str().unwrap_or("");
        let pl5 = unit.starts_with("SN-");
        (code == "10.5" && !pl5) || (code == "10.4" && pl5)
    };
    let found: Vec<_> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(council)
        .collect();
    assert!(found.is_empty(), "{found:#?}");
}

/// The fixture locked; the lock's text.
fn locked() -> (Ws, String) {
    let ws = Ws::fixture();
    let (code, _, err) = chiso(&ws, &["lock", "2024"]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(ws.path(LOCK)).unwrap();
    (ws, text)
}

/// The value of a top-level `key = "…"` line of the lock.
fn value_of<'t>(lock: &'t str, key: &str) -> &'t str {
    lock.lines()
        .find_map(|l| l.strip_prefix(&format!("{key} = ")))
        .unwrap()
        .trim_matches('"')
}

/// Each field of the lock edited by hand fails `verify` (exit 1) with an
/// E0504 that names it; the forged value is never shown as a locked one.
/// Unit A of the fixture: total 10.88, index 68.00, Trung bình, rank 1.
#[test]
fn every_forged_field_of_a_lock_fails_verify_and_is_named() {
    let (ws, lock) = locked();
    let sha = value_of(&lock, "results_sha256");
    let locked_at = value_of(&lock, "locked_at");
    let forgeries = [
        (
            "total = \"10.88\"",
            "total = \"11.88\"",
            "unit A: total",
            "11.88",
        ),
        (
            "index = \"68.00\"",
            "index = \"78.00\"",
            "unit A: index",
            "78.00",
        ),
        (
            "rating = \"Trung bình\"",
            "rating = \"Khá\"",
            "unit A: rating",
            "Khá",
        ),
        ("rank = 2", "rank = 1", "unit B: rank", ""),
        (
            &format!("results_sha256 = \"{sha}\""),
            &format!("results_sha256 = \"{}\"", "0".repeat(64)),
            "results_sha256",
            "",
        ),
        ("year = 2024", "year = 2023", "year", ""),
        (
            "regulation = \"fixture-2024\"",
            "regulation = \"fixture-2023\"",
            "regulation",
            "",
        ),
        (
            "chiso_version = \"0.1.0\"",
            "chiso_version = \"0.0.9\"",
            "chiso_version",
            "",
        ),
        (
            &format!("locked_at = \"{locked_at}\""),
            "locked_at = \"2025-01-01T00:00:00Z\"",
            "locked_at",
            "",
        ),
    ];
    for (from, to, field, forged) in forgeries {
        assert!(lock.contains(from), "{from}");
        std::fs::write(ws.path(LOCK), lock.replacen(from, to, 1)).unwrap();
        let (code, out, err) = chiso(&ws, &["--lang", "en", "verify", "2024"]);
        assert_eq!(code, 1, "{to}: {out}");
        assert!(
            err.contains(&format!(
                "error[E0504]: {field} was changed in the lock file"
            )),
            "{to}: {err}"
        );
        assert!(
            out.contains("MISMATCH: the 2024 lock file was changed"),
            "{out}"
        );
        if !forged.is_empty() {
            assert!(!out.contains(forged), "{to} shown as locked: {out}");
        }
    }
    // The forged total, named with the value recomputed from the inputs.
    std::fs::write(
        ws.path(LOCK),
        lock.replacen("total = \"10.88\"", "total = \"11.88\"", 1),
    )
    .unwrap();
    let (_, _, err) = chiso(&ws, &["--lang", "en", "verify", "2024"]);
    assert!(
        err.contains("(it reads `11.88`; recomputed: `10.88`)"),
        "{err}"
    );
    let (_, _, err) = chiso(&ws, &["verify", "2024"]);
    assert!(
        err.contains("đơn vị A: total trong tệp khóa đã bị sửa"),
        "{err}"
    );
    // The original verifies again.
    std::fs::write(ws.path(LOCK), &lock).unwrap();
    assert_eq!(chiso(&ws, &["verify", "2024"]).0, 0);
}

#[test]
fn removing_supersedes_after_a_forced_relock_fails_verify() {
    let (ws, _) = locked();
    let ws = ws.edit(
        SELF_A,
        "[c.\"1.2\"]\nyes = true",
        "[c.\"1.2\"]\nyes = false",
    );
    assert_eq!(chiso(&ws, &["lock", "2024", "--force"]).0, 0);
    let lock = std::fs::read_to_string(ws.path(LOCK)).unwrap();
    let line = lock
        .lines()
        .find(|l| l.starts_with("supersedes = "))
        .unwrap();
    std::fs::write(ws.path(LOCK), lock.replacen(&format!("{line}\n"), "", 1)).unwrap();
    let (code, _, err) = chiso(&ws, &["--lang", "en", "verify", "2024"]);
    assert_eq!(code, 1);
    assert!(
        err.contains(
            "error[E0504]: supersedes was changed in the lock file after locking (it was removed)"
        ),
        "{err}"
    );
}

/// A lock edited by someone who also recomputed its seal cannot be told from
/// a real one without a signature: that is what `--sign` is for.
#[test]
fn signed_locks_verify_only_with_the_regulations_key() {
    let (ws, _) = locked();
    std::fs::remove_file(ws.path(LOCK)).unwrap();
    let keys = tempfile::tempdir().unwrap();
    let key = keys.path().join("admin.pem");
    let (code, out, err) = chiso(&ws, &["key", "new", "-o", key.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let public = out
        .trim()
        .strip_prefix("lock_public_key = ")
        .unwrap()
        .trim_matches('"');
    assert_eq!(public.len(), 64);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // The regulation names the key; a lock without a signature fails.
    let ws = ws.edit(
        "criteria/2024/regulation.toml",
        "year = 2024\n",
        &format!("year = 2024\n{}", out.trim_start()),
    );
    assert_eq!(chiso(&ws, &["lock", "2024"]).0, 0);
    let (code, _, err) = chiso(&ws, &["--lang", "en", "verify", "2024"]);
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!(
            "error[E0505]: the lock is not signed, but the regulation (lock_public_key) requires a signature by key {public}"
        )),
        "{err}"
    );
    // Signed by the key: verified. `lock --sign` signs the unchanged lock.
    let (code, _, err) = chiso(&ws, &["lock", "2024", "--sign", key.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let signed = std::fs::read_to_string(ws.path(LOCK)).unwrap();
    assert!(
        signed.contains(&format!("signed_by = \"{public}\"")),
        "{signed}"
    );
    let (code, out, _) = chiso(&ws, &["--lang", "en", "verify", "2024"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains(&format!(
            "signature valid: the lock is signed by key {public}"
        )),
        "{out}"
    );

    // Tampered with, seal recomputed: only the signature tells.
    let mut lock = chiso::lock::read(ws.root(), 2024).unwrap().unwrap().lock;
    lock.units[0].total = "11.88".into();
    lock.seal();
    std::fs::write(ws.path(LOCK), lock.to_toml(chiso::i18n::Lang::En)).unwrap();
    let (code, out, err) = chiso(&ws, &["--lang", "en", "verify", "2024"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("error[E0505]: the lock's signature does not match its content"),
        "{err}"
    );
    assert!(err.contains("unit A: total was changed"), "{err}");
    assert!(!out.contains("11.88"), "{out}");

    // Signed by another key: fails, against the regulation's or a given key.
    std::fs::write(ws.path(LOCK), &signed).unwrap();
    let other = keys.path().join("other.pem");
    let (_, other_out, _) = chiso(&ws, &["key", "new", "-o", other.to_str().unwrap()]);
    let other_public = other_out
        .trim()
        .strip_prefix("lock_public_key = ")
        .unwrap()
        .trim_matches('"');
    let (code, _, err) = chiso(
        &ws,
        &[
            "--lang",
            "en",
            "verify",
            "2024",
            "--public-key",
            other_public,
        ],
    );
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!("error[E0505]: the lock is signed by another key ({public}), not by key {other_public} that --public-key requires")),
        "{err}"
    );
    // Another signer replaces a signature only with --force.
    let (code, _, err) = chiso(
        &ws,
        &[
            "--lang",
            "en",
            "lock",
            "2024",
            "--sign",
            other.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!("the 2024 lock is already signed by key {public}")),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(ws.path(LOCK)).unwrap(), signed);
    let (code, _, err) = chiso(
        &ws,
        &["lock", "2024", "--force", "--sign", other.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = chiso(&ws, &["--lang", "en", "verify", "2024"]);
    assert_eq!(code, 1);
    assert!(err.contains("the lock is signed by another key"), "{err}");
    let (code, _, _) = chiso(&ws, &["verify", "2024", "--public-key", "abc"]);
    assert_eq!(code, 2);
}

#[test]
fn a_private_key_is_never_written_inside_the_workspace_or_over_a_file() {
    let ws = Ws::fixture();
    let inside = ws.path("admin.pem");
    let (code, _, err) = chiso(
        &ws,
        &["--lang", "en", "key", "new", "-o", inside.to_str().unwrap()],
    );
    assert_eq!(code, 2);
    assert!(err.contains("is inside the workspace"), "{err}");
    assert!(!inside.exists());
    let keys = tempfile::tempdir().unwrap();
    let key = keys.path().join("admin.pem");
    std::fs::write(&key, "kept").unwrap();
    let (code, _, err) = chiso(
        &ws,
        &["--lang", "en", "key", "new", "-o", key.to_str().unwrap()],
    );
    assert_eq!(code, 2);
    assert!(err.contains("exists; a key is never overwritten"), "{err}");
    assert_eq!(std::fs::read_to_string(&key).unwrap(), "kept");
    // Nor read from there to sign, nor taken when it is no key.
    std::fs::write(&inside, "kept").unwrap();
    let (code, _, err) = chiso(
        &ws,
        &[
            "--lang",
            "en",
            "lock",
            "2024",
            "--sign",
            inside.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("is inside the workspace"), "{err}");
    let (code, _, err) = chiso(
        &ws,
        &[
            "--lang",
            "en",
            "lock",
            "2024",
            "--sign",
            key.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("is not an Ed25519 private key"), "{err}");
    let missing = keys.path().join("missing.pem");
    let (code, _, err) = chiso(
        &ws,
        &[
            "--lang",
            "en",
            "lock",
            "2024",
            "--sign",
            missing.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("cannot read the private key"), "{err}");
    assert!(!ws.path(LOCK).exists());
    // Outside any workspace (no criteria/), a key can be made anywhere.
    let (code, _, err) = chiso_in(keys.path(), &["key", "new", "-o", "admin2.pem"]);
    assert_eq!(code, 0, "{err}");
    assert!(keys.path().join("admin2.pem").is_file());
}

/// An input with a new error: verify says so (and which), and does not claim
/// that every unit vanished.
#[test]
fn verify_after_a_new_input_error_names_the_error_not_vanished_units() {
    let (ws, _) = locked();
    let ws = ws.edit(SELF_A, "points = 1.75", "points = 1.8");
    let (code, out, err) = chiso(&ws, &["--lang", "en", "verify", "2024"]);
    assert_eq!(code, 1);
    assert!(err.contains("error[E0203]"), "{err}");
    assert!(err.contains("--> scores/2024/self/A.toml"), "{err}");
    assert!(
        out.contains("Changed files:\n  scores/2024/self/A.toml\n"),
        "{out}"
    );
    assert!(!out.contains("Results that differ"), "{out}");
    assert!(
        out.contains("NOT VERIFIED: the 2024 inputs now have errors (listed above)"),
        "{out}"
    );
}

/// Round 1 lowers SNV's 1.2.1 from its own 0.75 to 0.25; round 2 turns the
/// explanation down with `accept = false`: round 1's 0.25 stands (it used to
/// give the unit back its 0.75), and `explain`, `show` and the round-2 letter
/// say so with round 2's reason.
#[test]
fn accept_false_keeps_the_previous_rounds_decision() {
    let dir = common::sample();
    let appraisal = dir.path().join("scores/2024/appraisal/SNV.toml");
    let mut text = std::fs::read_to_string(&appraisal).unwrap();
    text += "\n[[adjust]]\ncode = \"1.2.1\"\nround = 1\npoints = 0.25\nreason = \"Kế hoạch thiếu sản phẩm đầu ra\"\n\
             \n[[adjust]]\ncode = \"1.2.1\"\nround = 2\naccept = false\nreason = \"Giải trình không có tài liệu mới\"\n";
    std::fs::write(&appraisal, text).unwrap();
    let own = std::fs::read_to_string(dir.path().join("scores/2024/self/SNV.toml")).unwrap();
    assert!(
        own.contains("[c.\"1.2.1\"]\npoints = 0.75\n"),
        "the unit claims 0.75"
    );

    let (code, out, err) = common::chiso(
        dir.path(),
        &["--lang", "en", "explain", "2024", "SNV", "1.2.1"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "Final: explanation not accepted (round 2): the decision of round 1 stands\n    points = 0.25\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("Round 2: explanation not accepted — \"Giải trình không có tài liệu mới\""),
        "{out}"
    );
    let (_, out, _) = common::chiso(dir.path(), &["explain", "2024", "SNV", "1.2.1"]);
    assert!(
        out.contains("không chấp nhận giải trình (vòng 2): giữ quyết định vòng 1"),
        "{out}"
    );

    let (code, out, err) = common::chiso(dir.path(), &["--lang", "en", "show", "2024", "SNV"]);
    assert_eq!(code, 0, "{err}");
    let row = out.lines().find(|l| l.contains("1.2.1")).unwrap();
    assert!(row.contains("0.75") && row.contains("0.25"), "{row}");
    assert!(row.contains("2 ✗"), "{row}");
    assert!(out.contains("Giải trình không có tài liệu mới"), "{out}");

    let (code, out, err) = common::chiso(
        dir.path(),
        &["--lang", "en", "notify", "2024", "SNV", "--round", "2"],
    );
    assert_eq!(code, 0, "{err}");
    let row = out
        .lines()
        .find(|l| l.contains("| 1.2.1 |"))
        .expect("listed");
    assert!(
        row.contains("explanation not accepted — Giải trình không có tài liệu mới"),
        "{row}"
    );
}
