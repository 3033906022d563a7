//! The council's letters and worklist as issue 16 asks: every unit's letter
//! at once (`notify --all`), the formal parts of an administrative letter
//! with the schedule's explanation deadline and, after round 2, the final
//! results; `review --kind/--block`; `check --criteria` without the datasets'
//! W0609.

use std::path::Path;

use crate::common;

use common::{Ws, chiso};
use rust_decimal::Decimal;

/// The sample's units of 2025 (every block is published): 14 sở, 4 ngành
/// dọc, 6 đơn vị sự nghiệp, 7 xã.
fn units_of(root: &Path, year: &str, block: Option<&str>) -> Vec<serde_json::Value> {
    let mut args = vec!["score", year, "--format", "json"];
    if let Some(b) = block {
        args.extend(["--block", b]);
    }
    let (code, out, err) = chiso(root, &args);
    assert!(code <= 1, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    json["units"].as_array().unwrap().clone()
}

#[test]
fn notify_all_writes_every_published_units_letter_equal_to_its_own() {
    let sample = common::sample();
    let root = sample.path();
    let folder = root.join("thong-bao/vong-1");
    let (code, _, err) = chiso(
        root,
        &["notify", "2025", "--all", "-o", folder.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("đã tạo thư mục"), "{err}");
    let units = units_of(root, "2025", None);
    assert_eq!(units.len(), 31);
    assert!(
        err.contains(&format!(
            "đã ghi 31 thông báo kết quả thẩm định vòng 1 vào thư mục {}",
            folder.display()
        )),
        "{err}"
    );
    let mut files: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut expected: Vec<String> = units
        .iter()
        .map(|u| format!("thong-bao-{}-2025-vong-1.md", u["code"].as_str().unwrap()))
        .collect();
    expected.sort();
    assert_eq!(files, expected, "one file per unit, nothing else");
    // Each file is the unit's own letter, byte for byte.
    for u in &units {
        let unit = u["code"].as_str().unwrap();
        let (code, single, err) = chiso(root, &["notify", "2025", unit]);
        assert!(code <= 1, "{err}");
        let written =
            std::fs::read_to_string(folder.join(format!("thong-bao-{unit}-2025-vong-1.md")))
                .unwrap();
        assert_eq!(written, single, "{unit}");
    }
    // HTML and round 2 name their files so; the folder exists now.
    let (code, _, err) = chiso(
        root,
        &[
            "notify",
            "2025",
            "--all",
            "--round",
            "2",
            "--format",
            "html",
            "-o",
            folder.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("đã tạo thư mục"), "{err}");
    let html = std::fs::read_to_string(folder.join("thong-bao-STP-2025-vong-2.html")).unwrap();
    let (_, single, _) = chiso(
        root,
        &["notify", "2025", "STP", "--round", "2", "--format", "html"],
    );
    assert_eq!(html, single);
}

#[test]
fn notify_all_leaves_out_the_blocks_the_province_does_not_publish() {
    // 2024: the communes are ranked by their district (`published = false`).
    let sample = common::sample();
    let root = sample.path();
    let folder = root.join("tb-2024");
    let (code, _, err) = chiso(
        root,
        &["notify", "2024", "--all", "-o", folder.to_str().unwrap()],
    );
    assert!(code <= 1, "{err}");
    let all = units_of(root, "2024", None);
    let (communes, province): (Vec<_>, Vec<_>) = all.iter().partition(|u| u["block"] == "xa");
    assert!(!communes.is_empty());
    let files = std::fs::read_dir(&folder).unwrap().count();
    assert_eq!(files, province.len());
    for u in province {
        let name = format!("thong-bao-{}-2024-vong-1.md", u["code"].as_str().unwrap());
        assert!(folder.join(name).is_file());
    }
}

#[test]
fn notify_all_needs_a_folder_and_the_single_form_a_unit() {
    let ws = Ws::fixture();
    // Without -o: a usage error naming what is missing.
    let (code, _, err) = chiso(ws.root(), &["notify", "2024", "--all"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--output"), "{err}");
    // Neither a unit nor --all.
    let (code, _, err) = chiso(ws.root(), &["notify", "2024"]);
    assert_eq!(code, 2, "{err}");
    // A unit and --all.
    let (code, _, _) = chiso(ws.root(), &["notify", "2024", "A", "--all", "-o", "x"]);
    assert_eq!(code, 2);
    // -o names a file: refused, the file untouched.
    let file = ws.path("tb.md");
    std::fs::write(&file, "giữ nguyên").unwrap();
    let (code, _, err) = chiso(
        ws.root(),
        &["notify", "2024", "--all", "-o", file.to_str().unwrap()],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("là một tệp; với --all, -o là thư mục"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "giữ nguyên");
    // Into a folder of the fixture: the two units of the published blocks.
    let folder = ws.path("tb");
    let (code, _, err) = chiso(
        ws.root(),
        &["notify", "2024", "--all", "-o", folder.to_str().unwrap()],
    );
    assert!(code <= 1, "{err}");
    assert!(folder.join("thong-bao-A-2024-vong-1.md").is_file());
}

#[test]
fn a_letter_has_the_formal_parts_and_the_schedules_deadline() {
    let sample = common::sample();
    let root = sample.path();
    let (code, md, err) = chiso(root, &["notify", "2025", "STP"]);
    assert!(code <= 1, "{err}");
    // The issuing bodies and the number (from the regulation's [letter]).
    assert!(
        md.starts_with(
            "UBND TỈNH KHÁNH HÒA  \n**HỘI ĐỒNG THẨM ĐỊNH CHỈ SỐ CCHC TỈNH**  \nSố: …/TB-HĐTĐ\n"
        ),
        "{md}"
    );
    assert!(
        md.contains("**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**  \n**Độc lập - Tự do - Hạnh phúc**"),
        "{md}"
    );
    // Dated the day scores/2025/workflow.toml releases round 1's results
    // (2025-12-19T17:00), at the regulation's place.
    assert!(
        md.contains("*Khánh Hòa, ngày 19 tháng 12 năm 2025*"),
        "{md}"
    );
    assert!(md.contains("Kính gửi: Sở Tư pháp"), "{md}");
    // Round 1's explanation window: explanation_opens = 2025-12-22T07:30,
    // explanation_closes = 2026-01-09T17:00 (excluded).
    assert!(
        md.contains(
            "**Thời hạn giải trình kết quả thẩm định vòng 1: từ 07:30 ngày 22/12/2025 \
             đến trước 17:00 ngày 09/01/2026, theo lịch đánh giá.**"
        ),
        "{md}"
    );
    assert!(
        md.contains(
            "***Nơi nhận:***\n\n- Như trên;\n- Chủ tịch UBND tỉnh (để báo cáo);\n\
             - Sở Nội vụ (cơ quan thường trực);\n- Lưu: VT, HĐTĐ.\n"
        ),
        "{md}"
    );
    assert!(
        md.contains("**TM. HỘI ĐỒNG THẨM ĐỊNH**  \n**CHỦ TỊCH**\n\n*(Ký, ghi rõ họ tên và đóng dấu)*\n\n……………………\n"),
        "{md}"
    );
    // Round 1 gives no final list.
    assert!(!md.contains("Kết quả thẩm định cuối cùng"), "{md}");
    // English.
    let (_, en, _) = chiso(root, &["--lang", "en", "notify", "2025", "STP"]);
    assert!(en.contains("**SOCIALIST REPUBLIC OF VIETNAM**"), "{en}");
    assert!(en.contains("No.: …/TB-HĐTĐ"), "{en}");
    assert!(en.contains("*Khánh Hòa, 19 December 2025*"), "{en}");
    assert!(
        en.contains("from 07:30 on 22/12/2025 until before 17:00 on 09/01/2026"),
        "{en}"
    );
    assert!(en.contains("***Recipients:***\n\n- As above;\n"), "{en}");
}

#[test]
fn a_units_extension_of_the_explanation_window_is_its_deadline() {
    let sample = common::sample();
    let root = sample.path();
    let workflow = root.join("scores/2025/workflow.toml");
    let mut text = std::fs::read_to_string(&workflow).unwrap();
    text += "\n[[extension]]\nunit = \"STP\"\nexplanation_round = 1\n\
             closes = 2026-01-16T17:00\nreason = \"Công văn xin gia hạn giải trình\"\n";
    std::fs::write(&workflow, text).unwrap();
    let (code, md, err) = chiso(root, &["notify", "2025", "STP"]);
    assert!(code <= 1, "{err}");
    assert!(
        md.contains("đến trước 17:00 ngày 16/01/2026 (đã gia hạn cho đơn vị), theo lịch đánh giá."),
        "{md}"
    );
    // Another unit keeps the general close.
    let (_, md, _) = chiso(root, &["notify", "2025", "SNV"]);
    assert!(
        md.contains("đến trước 17:00 ngày 09/01/2026, theo lịch đánh giá."),
        "{md}"
    );
}

/// `88.45` → `88,45` with `decimals` decimals, as the letters write numbers.
fn fixed(v: &serde_json::Value, decimals: u32) -> String {
    let d: Decimal = v.to_string().parse().unwrap();
    format!("{:.*}", decimals as usize, d.round_dp(decimals)).replace('.', ",")
}

#[test]
fn the_round_2_letter_gives_the_final_results_of_the_units_ranked_with_it() {
    let sample = common::sample();
    let root = sample.path();
    let (code, md, err) = chiso(root, &["notify", "2025", "STP", "--round", "2"]);
    assert!(code <= 1, "{err}");
    // Round 2's results are released 2026-02-06: February takes a leading zero.
    assert!(
        md.contains("*Khánh Hòa, ngày 06 tháng 02 năm 2026*"),
        "{md}"
    );
    // No explanation window follows round 2: no deadline, the list instead.
    assert!(!md.contains("Thời hạn giải trình"), "{md}");
    let (_, list) = md
        .split_once("## Kết quả thẩm định cuối cùng (sau vòng 2) của Khối sở, ban, ngành\n\n")
        .expect("the final list");
    let rows: Vec<&str> = list
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .collect();
    // Exactly `score`'s ranking of the block, row for row.
    let block = units_of(root, "2025", Some("so"));
    assert_eq!(rows.len(), block.len());
    assert_eq!(rows.len(), 14);
    for (row, u) in rows.iter().zip(&block) {
        let expected = format!(
            "| {} | {} | {} | {} | {} | {} |",
            u["rank"],
            u["code"].as_str().unwrap(),
            u["name"].as_str().unwrap(),
            fixed(&u["final"]["total"], 2),
            fixed(&u["final"]["index"], 2),
            u["final"]["rating"].as_str().unwrap(),
        );
        assert_eq!(*row, expected);
    }
    // By hand (docs/guide-council.md): STP ends round 2 at 88,45 points,
    // index 90,95, second of its block.
    assert_eq!(rows[1], "| 2 | STP | Sở Tư pháp | 88,45 | 90,95 | Tốt |");
}

#[test]
fn without_letter_settings_or_schedule_the_parts_are_placeholders() {
    // The fixture's regulation has no [letter], its year no workflow.toml.
    let ws = Ws::fixture();
    let (code, md, err) = chiso(ws.root(), &["notify", "2024", "A"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        md.starts_with(
            "UBND TỈNH THỬ NGHIỆM  \n**HỘI ĐỒNG THẨM ĐỊNH CHỈ SỐ CCHC**  \nSố: …/TB-HĐTĐ\n"
        ),
        "{md}"
    );
    assert!(md.contains("*……, ngày …… tháng …… năm ……*"), "{md}");
    assert!(!md.contains("Thời hạn giải trình"), "{md}");
    assert!(md.contains("- Như trên;\n- Lưu: VT.\n"), "{md}");
    assert!(
        md.contains("**TM. HỘI ĐỒNG THẨM ĐỊNH**  \n**CHỦ TỊCH**"),
        "{md}"
    );
    // A misspelt key of [letter] is reported with the right one.
    let regulation = ws.path("criteria/2024/regulation.toml");
    let mut text = std::fs::read_to_string(&regulation).unwrap();
    text += "\n[letter]\nsigner = \"CHỦ TỊCH\"\nplce = \"Thử Nghiệm\"\n";
    std::fs::write(&regulation, text).unwrap();
    let (_, out, _) = chiso(ws.root(), &["check", "2024", "--criteria"]);
    assert!(out.contains("plce") && out.contains("place"), "{out}");
}

/// The kinds (`finding`) and units of `review 2025 [ARGS] --format json`.
fn review_items(root: &Path, args: &[&str]) -> Vec<(String, String)> {
    let mut all = vec!["review", "2025", "--format", "json"];
    all.extend(args);
    let (code, out, err) = chiso(root, &all);
    assert!(code <= 1, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["finding"].as_str().unwrap().to_string(),
                i["unit"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn review_is_filtered_by_kind_of_item() {
    let sample = common::sample();
    let root = sample.path();
    let all = review_items(root, &[]);
    let of = |kinds: &[&str]| -> Vec<(String, String)> {
        all.iter()
            .filter(|(f, _)| kinds.contains(&f.as_str()))
            .cloned()
            .collect()
    };
    let gaps = review_items(root, &["--kind", "gap"]);
    assert!(!gaps.is_empty());
    assert_eq!(gaps, of(&["gap"]));
    // Several kinds, comma-separated or repeated; by the worklist's name too.
    let two = review_items(root, &["--kind", "gap,na-claim"]);
    assert_eq!(two, of(&["gap", "na-claim"]));
    assert_eq!(
        review_items(root, &["--kind", "gap", "--kind", "NA-claim"]),
        two
    );
    assert_eq!(
        review_items(root, &["--kind", "de nghi khong phat sinh (KPS)"]),
        of(&["na-claim"])
    );
}

#[test]
fn review_is_filtered_by_block_and_names_it() {
    let sample = common::sample();
    let root = sample.path();
    let all = review_items(root, &[]);
    let so: Vec<String> = units_of(root, "2025", Some("so"))
        .iter()
        .map(|u| u["code"].as_str().unwrap().to_string())
        .collect();
    let expected: Vec<(String, String)> = all
        .iter()
        .filter(|(_, u)| so.contains(u))
        .cloned()
        .collect();
    assert!(!expected.is_empty() && expected.len() < all.len());
    // The block by its name, ignoring case and diacritics.
    assert_eq!(
        review_items(root, &["--block", "khoi so, ban, nganh"]),
        expected
    );
    let (_, table, _) = chiso(root, &["review", "2025", "--block", "so", "--kind", "gap"]);
    assert!(
        table
            .starts_with("Danh sách cần xem xét — thẩm định CCHC năm 2025 — Khối sở, ban, ngành\n"),
        "{table}"
    );
    let both = review_items(root, &["--block", "so", "--kind", "gap"]);
    let gaps_of_so: Vec<(String, String)> = expected
        .iter()
        .filter(|(f, _)| f == "gap")
        .cloned()
        .collect();
    assert_eq!(both, gaps_of_so);
}

#[test]
fn a_wrong_kind_or_block_lists_the_valid_ones() {
    let ws = Ws::fixture();
    let (code, out, err) = chiso(ws.root(), &["review", "2024", "--kind", "gapp"]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty());
    assert!(
        err.contains(
            "không có loại mục `gapp` (có phải `gap`?); các loại: awaiting-decision (giải trình chờ quyết định vòng 2), \
             inconsistent (thẩm định không thống nhất giữa các đơn vị), discrepancy (số liệu tự khai khác dữ liệu chính thức), \
             missing-evidence (chấm điểm nhưng thiếu tài liệu kiểm chứng), na-claim (đề nghị không phát sinh (KPS)), \
             unanswered (chưa tự chấm), gap (chênh lệch tự chấm / thẩm định)"
        ),
        "{err}"
    );
    let (code, _, err) = chiso(
        ws.root(),
        &["--lang", "en", "review", "2024", "--kind", "gapp"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("no kind of item `gapp` (did you mean `gap`?); the kinds: awaiting-decision (explanation awaiting round 2)"), "{err}");
    let (code, out, err) = chiso(ws.root(), &["review", "2024", "--block", "soo"]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty());
    assert!(
        err.contains("không có khối `soo` (có phải `so`?); các khối: so (Khối sở), xa (Khối xã)"),
        "{err}"
    );
}

#[test]
fn check_criteria_leaves_the_missing_official_data_to_the_datasets() {
    // Without survey.csv no dataset has a column for `hai_long`: W0609 is said
    // at the first criterion that reads it (criteria/2024/pa.toml), but it is
    // the datasets' problem, not the criteria's.
    let ws = Ws::fixture().remove("scores/2024/data/survey.csv");
    let (_, all, _) = chiso(ws.root(), &["check", "2024"]);
    assert!(all.contains("W0609"), "{all}");
    let (code, out, err) = chiso(ws.root(), &["check", "2024", "--criteria"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("W0609"), "{out}");
    assert_eq!(out, "Không có lỗi hay cảnh báo.\n");
    // A problem of the criteria is still shown beside it.
    let ws = ws.edit(
        "criteria/2024/pa.toml",
        "title = \"Chỉ số hài lòng\"\nmax = 3",
        "title = \"Chỉ số hài lòng\"\nmax = 4",
    );
    let (code, out, _) = chiso(ws.root(), &["check", "2024", "--criteria"]);
    assert_eq!(code, 1);
    assert!(!out.contains("W0609"), "{out}");
    assert!(out.lines().last().unwrap().starts_with("1 lỗi"), "{out}");
}
