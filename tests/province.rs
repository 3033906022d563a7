//! The reference province's rules (issue 17): ranking groups and what the
//! province publishes, per-unit targets over eligible dossiers, subordinates'
//! results stated as data, and how merged units' predecessors count toward
//! consequences. Expectations are worked out by hand from the fixture.

use crate::common;

use chiso::i18n::Lang;
use chiso::report::score;
use common::{Ws, d};

const REG: &str = "criteria/2024/regulation.toml";
const PA: &str = "criteria/2024/pa.toml";
const UNITS: &str = "scores/2024/units.toml";

/// The fixture with the communes ranked by their parent and not published,
/// and a fourth commune, S4 (no self-assessment: index 0), under B.
fn communes_ranked_by_parent() -> Ws {
    Ws::fixture()
        .edit(
            REG,
            "appendix = \"pb\"\n",
            "appendix = \"pb\"\npublished = false\nranked_within = \"parent\"\n",
        )
        .edit(
            UNITS,
            "code = \"S3\"",
            "code = \"S4\"\nname = \"UBND xã Bốn\"\nblock = \"xa\"\nparent = \"B\"\n\n[[unit]]\ncode = \"S3\"",
        )
}

#[test]
fn communes_are_ranked_within_their_parent() {
    let (_, r) = communes_ranked_by_parent().score();
    let order: Vec<(&str, Option<u32>)> =
        r.units.iter().map(|u| (u.code.as_str(), u.rank)).collect();
    // S4 (index 0) is first under B, not fourth in the block; units are listed
    // block by block, parent by parent.
    assert_eq!(
        order,
        [
            ("A", Some(1)),
            ("B", Some(2)),
            ("S1", Some(1)),
            ("S2", Some(2)),
            ("S3", Some(3)),
            ("S4", Some(1)),
        ]
    );
    // Ranked across the block (the default), S4 is fourth.
    let (_, r) = communes_ranked_by_parent()
        .edit(REG, "ranked_within = \"parent\"\n", "")
        .score();
    assert_eq!(r.unit("S4").unwrap().rank, Some(4));
}

#[test]
fn the_province_summary_counts_only_published_blocks() {
    let (_, r) = communes_ranked_by_parent().score();
    // A Trung bình (68), B Yếu (0); the four communes are not counted.
    assert_eq!(r.summary.units, 2);
    let counts: Vec<usize> = r.summary.by_rating.iter().map(|c| c.1).collect();
    assert_eq!(counts, [0, 0, 1, 1]);
    let xa = &r.summary.blocks[1];
    assert!(!xa.published && xa.units == 4);
    let groups: Vec<(&str, usize, Option<rust_decimal::Decimal>)> = xa
        .groups
        .iter()
        .map(|g| (g.parent.as_str(), g.units, g.average_index))
        .collect();
    // A: (90 + 70 + 65) / 3 = 75; B: S4 alone at 0.
    assert_eq!(groups, [("A", 3, Some(d("75"))), ("B", 1, Some(d("0")))]);

    let table = score::table(&r, Lang::Vi);
    assert!(
        table.contains(
            "Toàn tỉnh (2 đơn vị được công bố): Tốt: 0 · Khá: 0 · Trung bình: 1 · Yếu: 1"
        ),
        "{table}"
    );
    assert!(table.contains("Khối xã — xếp hạng tại Sở A — 3 đơn vị, chỉ số bình quân 75,00"));
    assert!(table.contains("Khối xã — xếp hạng tại Sở B — 1 đơn vị, chỉ số bình quân 0,00"));
    let en = score::table(&r, Lang::En);
    assert!(en.contains("All units (2 published units): Tốt: 0"), "{en}");

    let json: serde_json::Value = serde_json::from_str(&r.to_json(Lang::En, |_| None)).unwrap();
    assert_eq!(json["summary"]["units"], 2);
    assert_eq!(json["summary"]["blocks"][0]["published"], true);
    assert_eq!(json["summary"]["blocks"][1]["published"], false);
    assert_eq!(json["summary"]["blocks"][1]["groups"][1]["parent"], "B");
    assert!(json["summary"]["blocks"][0].get("groups").is_none());
}

/// Criterion 1.5 of the fixture replaced by an online-dossier criterion with
/// each unit's own target, over the eligible dossiers.
fn online_target(a_row: &str) -> Ws {
    Ws::fixture()
        .edit(
            PA,
            "inputs = { hai_long = { label = \"Chỉ số hài lòng (%)\", source = \"data\" } }\nformula = \"max * hai_long / 100\"",
            "inputs = { truc_tuyen = { label = \"Hồ sơ trực tuyến\", source = \"data\", type = \"count\" }, \
             tiep_nhan_tt = { label = \"Hồ sơ của TTHC trực tuyến\", source = \"data\", type = \"count\" }, \
             chi_tieu = { label = \"Chỉ tiêu (%)\", source = \"data\", type = \"percent\" } }\n\
             value = \"if tiep_nhan_tt == 0 { na() } else { truc_tuyen * 100 / tiep_nhan_tt }\"\n\
             value_type = \"percent\"\ntarget = \"chi_tieu\"\n\
             formula = \"min(max, max * value / chi_tieu)\"",
        )
        .write(
            "scores/2024/data/online.csv",
            &format!("unit,truc_tuyen,tiep_nhan_tt,chi_tieu\n{a_row}\nB,0,0,40\n"),
        )
}

#[test]
fn a_formula_reads_its_rate_and_the_units_own_target() {
    // 581 / 1000 = 58.1%; 3 × 58.1 / 60 = 2.905 → 2.91 (half away from zero).
    let ws = online_target("A,581,1000,60");
    let (w, r) = ws.score();
    let scheme = w.scheme_of(w.unit("A").unwrap()).unwrap();
    let i = scheme.by_code["1.5"];
    assert_eq!(r.unit("A").unwrap().nodes[i].final_.points, d("2.91"));
    // No eligible dossier: not applicable (B's applicable max loses 1.5's 3).
    let b = r.unit("B").unwrap();
    assert!(b.nodes[i].final_.na);
    // The same rate against a target of 45: 3 × 58.1 / 45 > 3, capped at 3.
    let (_, r) = online_target("A,581,1000,45").score();
    assert_eq!(r.unit("A").unwrap().nodes[i].final_.points, d("3"));
}

#[test]
fn explain_shows_the_rate_and_the_target() {
    let ws = online_target("A,581,1000,60");
    let (code, out, _) = common::chiso(ws.root(), &["explain", "2024", "A", "1.5"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Tỷ lệ 58,10% / chỉ tiêu 60%"), "{out}");
    assert!(out.contains("tiep_nhan_tt = 1000"), "{out}");
    let (_, en, _) = common::chiso(ws.root(), &["--lang", "en", "explain", "2024", "A", "1.5"]);
    assert!(en.contains("Rate 58.10% / target 60%"), "{en}");
}

#[test]
fn a_target_outside_the_blocks_band_is_an_error_at_its_cell() {
    // The sample's sở band is 40–45%: SNV's target written as 50 is refused.
    let dir = common::sample();
    let path = dir.path().join("scores/2024/data/targets.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("SNV,40", "SNV,50")).unwrap();
    let line = text.lines().position(|l| l == "SNV,40").unwrap() + 1;
    let (code, out, err) = common::chiso(dir.path(), &["check", "2024", "--unit", "SNV"]);
    assert_eq!(code, 1, "{out}{err}");
    let all = format!("{out}{err}");
    assert!(all.contains("E0506"), "{all}");
    assert!(
        all.contains(&format!("scores/2024/data/targets.csv:{line}:")),
        "{all}"
    );
    assert!(all.contains("chi_tieu_truc_tuyen = 50"), "{all}");
}

#[test]
fn subordinates_results_stated_as_data() {
    // B lists no commune; its dataset states four, two Tốt and one Khá:
    // 6 × (2 + 1) / 4 = 4.5, and no W0616.
    let ws = Ws::fixture().write(
        "scores/2024/data/subordinates.csv",
        "unit,sub_count,sub_rated:Tốt,sub_rated:Khá\nB,4,2,1\n",
    );
    let (w, r) = ws.score();
    let i = w.scheme_of(w.unit("B").unwrap()).unwrap().by_code["2.2"];
    let b = r.unit("B").unwrap();
    assert_eq!(b.nodes[i].final_.points, d("4.5"));
    assert!(!b.diagnostics.iter().any(|d| d.code.id() == "W0616"));
    // Stating none (sub_count = 0) makes the criterion not applicable, silently.
    let ws = Ws::fixture().write("scores/2024/data/subordinates.csv", "unit,sub_count\nB,0\n");
    let (_, r) = ws.score();
    let b = r.unit("B").unwrap();
    assert!(b.nodes[i].final_.na);
    assert!(!b.diagnostics.iter().any(|d| d.code.id() == "W0616"));
}

#[test]
fn sub_avg_reads_the_subordinates_mean_figure() {
    // A's communes' satisfaction: (90 + 80 + 70.5) / 3 = 80.1666… → 80.17;
    // 6 × 80.17 / 100 = 4.8102 → 4.81.
    let ws = Ws::fixture()
        .edit(
            PA,
            "formula = \"if sub_count() == 0 { na() } else { max * (sub_rated(\\\"Tốt\\\") + sub_rated(\\\"Khá\\\")) / sub_count() }\"",
            "formula = \"if sub_count() == 0 { na() } else { max * sub_avg(\\\"hai_long\\\") / 100 }\"",
        )
        .write(
            "scores/2024/data/communes.csv",
            "unit,hai_long\nS1,90\nS2,80\nS3,70.5\n",
        );
    let (w, r) = ws.score();
    let i = w.scheme_of(w.unit("A").unwrap()).unwrap().by_code["2.2"];
    assert_eq!(r.unit("A").unwrap().nodes[i].final_.points, d("4.81"));
}

const MERGED: &str = r#"
[[consequence]]
label = "Trung bình trở xuống hai năm liền"
ratings = ["Trung bình", "Yếu"]
years = 2
"#;

/// Two years of the fixture; in 2024 B (Yếu) is formed by merging the units
/// `previous` lists. In 2023, A was Khá (survey 95, no late report: 11.6 / 16
/// = 72.5) and S3 Trung bình (65).
fn merged(policy: &str, previous: &str) -> Vec<(String, Vec<(i64, String)>)> {
    let ws = Ws::fixture();
    for dir in ["criteria", "scores"] {
        common::copy_dir(
            &ws.path(&format!("{dir}/2024")),
            &ws.path(&format!("{dir}/2023")),
        );
    }
    let reg = std::fs::read_to_string(ws.path(REG)).unwrap();
    let policy = if policy.is_empty() {
        String::new()
    } else {
        format!("merged_predecessors = \"{policy}\"\n")
    };
    let ws = ws
        .write(
            REG,
            &(reg.replace(
                "index_decimals = 2\n",
                &format!("index_decimals = 2\n{policy}"),
            ) + MERGED),
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
        .edit(
            UNITS,
            "name = \"Sở B\"\nblock = \"so\"\n",
            &format!("name = \"Sở B\"\nblock = \"so\"\nprevious = {previous}\n"),
        );
    let (code, out, err) = common::chiso(ws.root(), &["history", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    v["consequences"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["code"] == "B")
        .map(|m| {
            let run = m["run"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| {
                    (
                        s["year"].as_i64().unwrap(),
                        s["code"].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            (m["label"].as_str().unwrap().to_string(), run)
        })
        .filter(|(label, _)| label.starts_with("Trung bình trở xuống"))
        .collect()
}

#[test]
fn merged_units_count_their_predecessors_as_the_regulation_says() {
    let through_s3 = vec![(
        "Trung bình trở xuống hai năm liền".to_string(),
        vec![(2024, "B".to_string()), (2023, "S3".to_string())],
    )];
    // Any line: S3 was Trung bình in 2023 (the default).
    assert_eq!(merged("", r#"["A", "S3"]"#), through_s3);
    assert_eq!(merged("any", r#"["A", "S3"]"#), through_s3);
    // Every line: A was Khá.
    assert_eq!(merged("all", r#"["A", "S3"]"#), []);
    // The first listed: A, then S3.
    assert_eq!(merged("first", r#"["A", "S3"]"#), []);
    assert_eq!(merged("first", r#"["S3", "A"]"#), through_s3);
    // None: a merged unit starts afresh.
    assert_eq!(merged("none", r#"["S3", "A"]"#), []);
    // A single predecessor (a rename) always continues, whatever the policy.
    assert_eq!(merged("none", r#"["S3"]"#), through_s3);
}

#[test]
fn history_states_the_merged_predecessors_policy() {
    let (code, out, _) = common::chiso(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")),
        &["history"],
    );
    assert_eq!(code, 0);
    assert!(
        out.contains(
            "Đơn vị hình thành do sáp nhập nhiều đơn vị (merged_predecessors = \"first\")"
        ),
        "{out}"
    );
}

/// The published HTML and XLSX show a block ranked within the parent parent by
/// parent, as `score` does: one table for the block would show rank 1 under A
/// and rank 1 under B side by side.
#[test]
fn exports_rank_the_communes_parent_by_parent() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let ws = communes_ranked_by_parent();
    let (code, html, _) = common::chiso(ws.root(), &["export", "2024", "--format", "html"]);
    assert_eq!(code, 0);
    let a = html
        .find("<h3>Khối xã — xếp hạng tại")
        .expect("a heading per parent");
    let tables: Vec<&str> = html[a..]
        .split("<h3>")
        .skip(1)
        .take(2)
        .map(|t| t.split("</table>").next().unwrap())
        .collect();
    assert!(tables[0].contains("S1") && tables[0].contains("S3") && !tables[0].contains("S4"));
    assert!(
        tables[1].contains("S4") && !tables[1].contains("S1"),
        "{}",
        tables[1]
    );

    let file = ws.path("kq.xlsx");
    let (code, _, _) = common::chiso(
        ws.root(),
        &[
            "export",
            "2024",
            "--format",
            "xlsx",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0);
    let mut wb: Xlsx<_> = open_workbook(&file).unwrap();
    let name = wb.sheet_names()[2].clone();
    let xa = wb.worksheet_range(&name).unwrap();
    let row = |r: u32| -> Vec<Data> {
        [0, 1, 13]
            .iter()
            .map(|&c| xa.get_value((r, c)).cloned().unwrap_or(Data::Empty))
            .collect()
    };
    assert_eq!(row(2)[2], Data::String("Xếp hạng tại".into()));
    let s = |t: &str| Data::String(t.into());
    assert_eq!(row(3), [Data::Float(1.0), s("S1"), s("Sở A")]);
    assert_eq!(row(6), [Data::Float(1.0), s("S4"), s("Sở B")]);
}
