//! The bundled sample workspace (Khánh Hòa): every year checks clean, their
//! rankings are pinned, and a template for one unit of each block, once
//! answered, passes `check`.

use crate::common;

use std::path::PathBuf;

use common::{answer_template, chiso, copy_dir};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn years() -> Vec<&'static str> {
    ["2023", "2024", "2025"]
        .into_iter()
        .filter(|y| repo().join("criteria").join(y).is_dir())
        .collect()
}

#[test]
fn sample_years_check_clean() {
    for year in years() {
        let (code, out, _) = chiso(&repo(), &["check", year, "--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["errors"], 0, "{year}: {out}");
        assert_eq!(code, 0);
        for d in v["diagnostics"].as_array().unwrap() {
            assert!(
                d["code"] != "unanswered"
                    && d["code"] != "missing-input"
                    && d["code"] != "missing-self-assessment",
                "{year}: {d}"
            );
        }
    }
}

/// Rank, code, final index and rating of every unit, by block.
fn ranking(year: &str) -> String {
    let (_, out, _) = chiso(&repo(), &["score", year, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut s = String::new();
    for u in v["units"].as_array().unwrap() {
        s += &format!(
            "{:<10} {:>2} {:<14} self {:>6} final {:>6} {}\n",
            u["block"].as_str().unwrap(),
            u["rank"],
            u["code"].as_str().unwrap(),
            u["self"]["index"],
            u["final"]["index"],
            u["final"]["rating"].as_str().unwrap_or("-"),
        );
    }
    s += &format!("{}\n", v["summary"]["by_rating"]);
    s
}

#[test]
fn sample_rankings() {
    for year in years() {
        insta::assert_snapshot!(format!("ranking_{year}"), ranking(year));
    }
}

/// One unit of each kind of appendix and the summary, small enough to review;
/// every unit's values are pinned by the rankings above and compared with an
/// independent implementation of the rules in CI (benches/reference/score.py).
#[test]
fn sample_score_json_2024() {
    let (code, out, _) = chiso(&repo(), &["score", "2024", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let units = v["units"].as_array().unwrap();
    let picked: Vec<&serde_json::Value> = ["VPUBND", "H-KHANHSON"]
        .iter()
        .map(|c| units.iter().find(|u| u["code"] == *c).unwrap())
        .collect();
    let shown = serde_json::json!({ "units": picked, "summary": v["summary"] });
    insta::assert_snapshot!(
        "score_2024_json_units",
        serde_json::to_string_pretty(&shown).unwrap()
    );
}

#[test]
fn sample_score_table_2024() {
    let out = common::outcome(&repo(), &["score", "2024"]);
    insta::assert_snapshot!("score_2024_table", out);
}

#[test]
fn templates_for_each_block_pass_check_once_answered() {
    for year in years() {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(
            &repo().join("criteria").join(year),
            &dir.path().join("criteria").join(year),
        );
        copy_dir(
            &repo().join("scores").join(year),
            &dir.path().join("scores").join(year),
        );
        let units =
            std::fs::read_to_string(dir.path().join(format!("scores/{year}/units.toml"))).unwrap();
        let units: toml::Table = toml::from_str(&units).unwrap();
        let mut seen_blocks = Vec::new();
        let mut chosen = Vec::new();
        for u in units["unit"].as_array().unwrap() {
            let block = u["block"].as_str().unwrap().to_string();
            if !seen_blocks.contains(&block) {
                seen_blocks.push(block);
                chosen.push(u["code"].as_str().unwrap().to_string());
            }
        }
        for code in &chosen {
            let (status, template, err) = chiso(dir.path(), &["template", year, code]);
            assert_eq!(status, 0, "{err}");
            std::fs::write(
                dir.path().join(format!("scores/{year}/self/{code}.toml")),
                answer_template(&template),
            )
            .unwrap();
            // The council's adjustments were made to the unit's real figures:
            // one adjusted fact beside the template's 1s would fail the
            // criteria's cross-checks.
            let appraisal = dir
                .path()
                .join(format!("scores/{year}/appraisal/{code}.toml"));
            if appraisal.exists() {
                std::fs::remove_file(appraisal).unwrap();
            }
        }
        let (_, out, _) = chiso(dir.path(), &["check", year, "--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["errors"], 0, "{year}: {out}");
        for d in v["diagnostics"].as_array().unwrap() {
            let unit = d["unit"].as_str().unwrap_or_default().to_string();
            assert!(
                !(chosen.contains(&unit) && d["code"] == "unanswered"),
                "{year}: {d}"
            );
        }
        assert!(
            chosen.len() >= 4,
            "{year}: one unit per block, got {chosen:?}"
        );
    }
}
