//! `chiso import` on the real tables of the provincial reports (excerpts under
//! tests/fixtures/import/), on a spreadsheet built here, and end to end on a copy
//! of the sample workspace.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chiso::diagnostic::{Code, Diagnostic};
use chiso::i18n::Lang;
use chiso::import::{self, Imported, Kind};
use common::{chiso, sample};
use rust_decimal::Decimal;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import");
/// Phụ lục V of the Q3/2017 provincial report: the sở and huyện groups, verbatim.
const PL5: &str = "pl5_so_huyen_q3_2017.csv";
/// Phụ lục II of the Khánh Sơn 2018 report: the district's 8 communes, verbatim.
const PL2: &str = "pl2_khanhson_2018.csv";

fn fixture(name: &str) -> PathBuf {
    Path::new(FIXTURES).join(name)
}

fn read(root: &Path, file: &Path, kind: Kind) -> Imported {
    let ws = chiso::load::load_workspace(root, 2024).unwrap();
    import::read(root, file, kind, &ws.units).unwrap()
}

fn facts(imported: &Imported, unit: &str) -> BTreeMap<&'static str, Decimal> {
    imported
        .units
        .iter()
        .find(|u| u.code == unit)
        .unwrap_or_else(|| panic!("{unit} not imported"))
        .facts
        .clone()
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn dossier(values: [&str; 6]) -> BTreeMap<&'static str, Decimal> {
    [
        "tiep_nhan",
        "da_giai_quyet",
        "truoc_han",
        "dung_han",
        "tre_han",
        "dang_giai_quyet",
    ]
    .into_iter()
    .zip(values.map(d))
    .collect()
}

/// (code, line, message in English) of each diagnostic.
fn summary(diags: &[Diagnostic]) -> Vec<(&'static str, usize, String)> {
    diags
        .iter()
        .map(|d| {
            let line = d
                .location
                .as_ref()
                .map(|l| l.file.line_col(l.span.start).line)
                .unwrap_or(0);
            (d.code.id(), line, d.message.text(Lang::En))
        })
        .collect()
}

#[test]
fn khanh_son_communes_2018_numbers_and_the_rows_that_do_not_add_up() {
    let dir = sample();
    let imported = read(dir.path(), &fixture(PL2), Kind::Dossiers);
    assert_eq!(imported.units.len(), 8);
    // Numbered names ("5.6. UBND xã Ba Cùm Bắc") match units.toml ("Ba Cụm Bắc").
    assert_eq!(
        facts(&imported, "X-BACUMBAC"),
        dossier(["1542", "1542", "1471", "71", "0", "1"])
    );
    assert_eq!(
        facts(&imported, "X-TOHAP"),
        dossier(["645", "643", "631", "12", "0", "2"])
    );
    assert_eq!(
        facts(&imported, "X-SONLAM"),
        dossier(["584", "583", "561", "21", "1", "0"])
    );
    assert_eq!(
        imported.columns,
        [
            "tiep_nhan",
            "da_giai_quyet",
            "truoc_han",
            "dung_han",
            "tre_han",
            "dang_giai_quyet"
        ]
    );
    // Sơn Lâm: 583 + 0 ≠ 584 and a pending rate of 0,17 % for 0 dossiers;
    // Ba Cùm Bắc: 1542 + 1 ≠ 1542. The total row (5.418 …) adds up.
    assert_eq!(
        summary(&imported.diagnostics.items),
        [
            (
                "W0751",
                9,
                "C9: received 584 ≠ resolved 583 + pending 0 = 583".to_string()
            ),
            (
                "W0752",
                9,
                "M9: the rate 0.17% disagrees with 0 / 584 = 0%".to_string()
            ),
            (
                "W0751",
                10,
                "C10: received 1542 ≠ resolved 1542 + pending 1 = 1543".to_string()
            ),
        ]
    );
}

#[test]
fn provincial_q3_2017_sở_and_huyện_groups() {
    let dir = sample();
    let imported = read(dir.path(), &fixture(PL5), Kind::Dossiers);
    let diags = summary(&imported.diagnostics.items);
    // "Sở Nông nghiệp và Phát triển NT" is not guessed: an error naming the closest unit.
    assert_eq!(diags[0].0, "E0704");
    assert_eq!(diags[0].1, 14);
    let unknown = &imported.diagnostics.items[0];
    let closest = unknown.label.as_ref().unwrap().text(Lang::En);
    assert!(
        closest.starts_with("closest: SNNPTNT (Sở Nông nghiệp và Phát triển nông thôn)"),
        "{closest}"
    );
    // Sở Kế hoạch và Đầu tư: 561 pending where 56 was meant (2365 − 2309); the
    // group's subtotal (1390) was computed with 56.
    assert_eq!(
        diags[1..],
        [
            (
                "W0751",
                24,
                "C24: received 2365 ≠ resolved 2309 + pending 561 = 2870".to_string()
            ),
            (
                "W0752",
                24,
                "M24: the rate 23.37% disagrees with 561 / 2365 = 23.72%".to_string()
            ),
            (
                "W0753",
                25,
                "L25: the total row says `dang_giai_quyet` = 1390, the 19 rows it sums add up to 1895"
                    .to_string()
            ),
        ]
    );
    // 18 of 19 sở and all 8 huyện (across the repeated page header), in file order.
    assert_eq!(imported.units.len(), 26);
    assert_eq!(
        facts(&imported, "SKHDT"),
        dossier(["2365", "2309", "2019", "116", "174", "561"])
    );
    // "Ban Quản lý khu Kinh tế Văn Phong" folds to the same as "… Vân Phong";
    // "Thị xã Ninh Hòa" matches "UBND thị xã Ninh Hòa".
    assert_eq!(
        facts(&imported, "BQLKKT"),
        dossier(["83", "80", "78", "2", "0", "3"])
    );
    assert_eq!(
        facts(&imported, "H-NINHHOA")["tiep_nhan"],
        d("5900"),
        "the second page of group II is read"
    );
    assert_eq!(facts(&imported, "H-NHATRANG")["tiep_nhan"], d("17640"));
}

/// The sample 2024 dataset with the rows of the 2018 Khánh Sơn report as the
/// report prints them: the sample corrects two rows that do not add up
/// (X-SONLAM's pending 1, X-BACUMBAC's 0), which an import of the report as
/// printed would change back.
fn as_printed(dir: &std::path::Path) {
    let path = dir.join("scores/2024/data/dossiers.csv");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace(
            "X-SONLAM,584,583,561,21,1,1,",
            "X-SONLAM,584,583,561,21,1,0,",
        )
        .replace(
            "X-BACUMBAC,1542,1542,1471,71,0,0,",
            "X-BACUMBAC,1542,1542,1471,71,0,1,",
        );
    std::fs::write(path, text).unwrap();
}

#[test]
fn unchanged_data_is_a_no_op() {
    let dir = sample();
    as_printed(dir.path());
    let before = std::fs::read_to_string(dir.path().join("scores/2024/data/dossiers.csv")).unwrap();
    let file = fixture(PL2);
    let (code, out, err) = chiso(
        dir.path(),
        &[
            "--lang",
            "en",
            "import",
            "dossiers",
            "2024",
            file.to_str().unwrap(),
            "--accept-warnings",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "nothing changed: scores/2024/data/dossiers.csv already holds these values; not rewritten\n"
    );
    let after = std::fs::read_to_string(dir.path().join("scores/2024/data/dossiers.csv")).unwrap();
    assert_eq!(before, after);
}

#[test]
fn changed_data_is_shown_then_written_only_when_warnings_are_accepted() {
    let dir = sample();
    as_printed(dir.path());
    let text = std::fs::read_to_string(fixture(PL2))
        .unwrap()
        .replace("716,714,99.72,714,100", "720,714,99.17,713,99.86")
        .replace("0,0,0,0,2,0.28", "1,0.14,0,0,6,0.83");
    let file = dir.path().join("xa.csv");
    std::fs::write(&file, text).unwrap();
    let data = dir.path().join("scores/2024/data/dossiers.csv");
    let before = std::fs::read_to_string(&data).unwrap();

    let args = [
        "--lang",
        "en",
        "import",
        "dossiers",
        "2024",
        file.to_str().unwrap(),
    ];
    let (code, out, err) = chiso(dir.path(), &args);
    assert_eq!(code, 1);
    // The changed row no longer agrees with the file's total row: 4 more warnings.
    assert!(err.contains("W0753"), "{err}");
    assert!(err.contains("7 warnings; nothing written yet"), "{err}");
    assert!(err.contains("--accept-warnings"), "{err}");
    assert_eq!(std::fs::read_to_string(&data).unwrap(), before);
    let changes = "\
the imported file has no column truc_tuyen, tiep_nhan_tt: existing values kept
changes to scores/2024/data/dossiers.csv:
  X-SONBINH tiep_nhan: 716 → 720
  X-SONBINH truoc_han: 714 → 713
  X-SONBINH dung_han: 0 → 1
  X-SONBINH dang_giai_quyet: 2 → 6
";
    assert_eq!(out, changes);

    let (code, out, _) = chiso(
        dir.path(),
        &[&args[..], &["--dry-run", "--accept-warnings"]].concat(),
    );
    assert_eq!((code, out.as_str()), (0, changes));
    assert_eq!(std::fs::read_to_string(&data).unwrap(), before);

    let (code, out, err) = chiso(dir.path(), &[&args[..], &["--accept-warnings"]].concat());
    assert_eq!((code, out.as_str()), (0, changes), "{err}");
    assert!(err.contains("wrote scores/2024/data/dossiers.csv"), "{err}");
    let after = std::fs::read_to_string(&data).unwrap();
    let row = |t: &str, u: &str| {
        t.lines()
            .find(|l| l.starts_with(&format!("{u},")))
            .unwrap()
            .to_string()
    };
    // The online count, which the export lacks, is kept.
    assert_eq!(
        row(&before, "X-SONBINH"),
        "X-SONBINH,716,714,714,0,0,2,36,376"
    );
    assert_eq!(
        row(&after, "X-SONBINH"),
        "X-SONBINH,720,714,713,1,0,6,36,376"
    );
    // Everything else, and the order of units.toml, is as it was.
    let others = |t: &str| {
        t.lines()
            .filter(|l| !l.starts_with("X-SONBINH,"))
            .map(String::from)
            .collect::<Vec<_>>()
    };
    assert_eq!(others(&before), others(&after));
    // The written dataset loads cleanly, but for the two rows of the report
    // that do not add up (kept as printed), which `check` warns about too.
    let ws = chiso::load::load_workspace(dir.path(), 2024).unwrap();
    let dataset_problems: Vec<_> = ws
        .diagnostics
        .items
        .iter()
        .filter(|d| {
            d.location
                .as_ref()
                .is_some_and(|l| l.file.name.contains("data/"))
        })
        .map(|d| (d.code, d.unit.as_deref()))
        .collect();
    assert_eq!(
        dataset_problems,
        [
            (Code::ImportRowSum, Some("X-SONLAM")),
            (Code::ImportRowSum, Some("X-BACUMBAC"))
        ]
    );
    assert_eq!(ws.data.facts["X-SONBINH"]["dang_giai_quyet"].value, d("6"));

    // Importing the same file again changes nothing.
    let (code, out, _) = chiso(dir.path(), &[&args[..], &["--accept-warnings"]].concat());
    assert_eq!(code, 0);
    assert!(out.starts_with("nothing changed"), "{out}");
}

#[test]
fn replace_removes_units_the_file_does_not_mention() {
    let dir = sample();
    let file = fixture(PL2);
    let (code, out, _) = chiso(
        dir.path(),
        &[
            "--lang",
            "en",
            "import",
            "dossiers",
            "2024",
            file.to_str().unwrap(),
            "--accept-warnings",
            "--replace",
        ],
    );
    assert_eq!(code, 0);
    assert!(
        out.contains("  - SNV (not in the imported file: removed)\n"),
        "{out}"
    );
    assert_eq!(out.matches(" - ").count(), 44, "52 units, 8 imported");
    let after = std::fs::read_to_string(dir.path().join("scores/2024/data/dossiers.csv")).unwrap();
    assert_eq!(after.lines().count(), 1 + 8);
    assert_eq!(
        after.lines().nth(1).unwrap(),
        // The eligible dossiers (tiep_nhan_tt), which the file lacks, are kept.
        "X-THANHSON,580,580,580,0,0,0,10,295"
    );
}

#[test]
fn errors_block_writing_and_a_missing_file_is_an_io_failure() {
    let dir = sample();
    let data = dir.path().join("scores/2024/data/dossiers.csv");
    let before = std::fs::read_to_string(&data).unwrap();
    let file = fixture(PL5);
    let (code, _, err) = chiso(
        dir.path(),
        &[
            "import",
            "dossiers",
            "2024",
            file.to_str().unwrap(),
            "--accept-warnings",
            "--period",
            "q3",
        ],
    );
    assert_eq!(code, 1);
    assert!(err.contains("lỗi[E0704]"), "{err}");
    assert!(err.contains("1 lỗi, 3 cảnh báo; không ghi gì"), "{err}");
    assert_eq!(std::fs::read_to_string(&data).unwrap(), before);

    let (code, _, err) = chiso(dir.path(), &["import", "dossiers", "2024", "khong-co.csv"]);
    assert_eq!(code, 2);
    assert!(err.contains("khong-co.csv"), "{err}");
}

#[test]
fn survey_with_semicolons_decimal_commas_and_codes() {
    let dir = sample();
    let file = dir.path().join("sipas.csv");
    std::fs::write(
        &file,
        "KẾT QUẢ KHẢO SÁT SỰ HÀI LÒNG NĂM 2024;;;\n\
         STT;Mã đơn vị;Tên cơ quan, đơn vị;Chỉ số hài lòng (%)\n\
         1;SNV;Sở Nội vụ;88,10\n\
         2;;Sở Tư pháp;84,5\n\
         3;;UBND xã Sơn Trung;91\n",
    )
    .unwrap();
    let imported = read(dir.path(), &file, Kind::Survey);
    assert!(
        imported.diagnostics.items.is_empty(),
        "{:?}",
        summary(&imported.diagnostics.items)
    );
    assert_eq!(facts(&imported, "SNV")["hai_long"], d("88.10"));
    assert_eq!(facts(&imported, "STP")["hai_long"], d("84.5"));
    assert_eq!(facts(&imported, "X-SONTRUNG")["hai_long"], d("91"));

    let (code, out, err) = chiso(
        dir.path(),
        &[
            "--lang",
            "en",
            "import",
            "survey",
            "2024",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("  SNV hai_long: 87.36 → 88.10\n"), "{out}");
    let after = std::fs::read_to_string(dir.path().join("scores/2024/data/survey.csv")).unwrap();
    assert!(
        // The survey's response counts (so_phieu) are kept.
        after.starts_with("unit,hai_long,so_phieu\nVPUBND,88.42,\n"),
        "{after}"
    );
    assert!(after.contains("\nSNV,88.10,\n"), "{after}");
}

#[test]
fn reports_with_a_two_row_header() {
    let dir = sample();
    let file = dir.path().join("bao-cao.csv");
    std::fs::write(
        &file,
        "Stt,Cơ quan/đơn vị,Báo cáo định kỳ,,\n\
         ,,Đúng hạn,Trễ hạn,Không nộp\n\
         I. Cơ quan chuyên môn thuộc UBND tỉnh,,,,\n\
         1,Sở Xây dựng,3,1,0\n\
         2,Sở Du lịch,2,1,1\n\
         II. Cơ quan ngành dọc,,,,\n\
         3,Công an tỉnh,3,1,0\n\
         ,Tổng cộng,8,3,1\n",
    )
    .unwrap();
    let imported = read(dir.path(), &file, Kind::Reports);
    assert!(
        imported.diagnostics.items.is_empty(),
        "{:?}",
        summary(&imported.diagnostics.items)
    );
    assert_eq!(imported.columns, ["bao_cao_tre", "bao_cao_thieu"]);
    let sdl = facts(&imported, "SDL");
    assert_eq!((sdl["bao_cao_tre"], sdl["bao_cao_thieu"]), (d("1"), d("1")));
    assert_eq!(facts(&imported, "CT-CONGAN")["bao_cao_tre"], d("1"));
}

/// A one-stop export as a spreadsheet: a notes sheet, then a title, a header merged over two rows,
/// numeric cells, rates as percent-formatted fractions, a name typed in
/// decomposed Unicode, a group row and a total that does not add up.
#[test]
fn xlsx_export_with_merged_header() {
    use rust_xlsxwriter::{Format, Workbook};
    use unicode_normalization::UnicodeNormalization;

    let dir = sample();
    let path = dir.path().join("mot-cua.xlsx");
    let mut book = Workbook::new();
    // A notes sheet first: the table is found on the sheet that has its header.
    book.add_worksheet()
        .set_name("HuongDan")
        .unwrap()
        .write(0, 0, "Số liệu kết xuất từ phần mềm một cửa")
        .unwrap();
    let sheet = book.add_worksheet().set_name("TongHop").unwrap();
    let merged = Format::new();
    let pct = Format::new().set_num_format("0.00%");
    sheet
        .merge_range(0, 0, 0, 8, "KẾT QUẢ GIẢI QUYẾT HỒ SƠ NĂM 2024", &merged)
        .unwrap();
    sheet.merge_range(1, 0, 2, 0, "STT", &merged).unwrap();
    sheet
        .merge_range(1, 1, 2, 1, "Tên đơn vị", &merged)
        .unwrap();
    sheet
        .merge_range(1, 2, 2, 2, "Tổng số hồ sơ tiếp nhận", &merged)
        .unwrap();
    sheet
        .merge_range(1, 3, 1, 4, "Hồ sơ đã giải quyết", &merged)
        .unwrap();
    sheet.write(2, 3, "Số lượng").unwrap();
    sheet.write(2, 4, "Tỷ lệ").unwrap();
    for (col, title) in [
        (5, "Trước hạn"),
        (6, "Đúng hạn"),
        (7, "Trễ hạn"),
        (8, "Đang giải quyết"),
    ] {
        sheet.merge_range(1, col, 2, col, title, &merged).unwrap();
    }
    sheet.write(3, 0, "I. Khối UBND cấp xã").unwrap();
    let rows: [(&str, [f64; 6], f64); 2] = [
        (
            "UBND xã Sơn Hiệp",
            [462.0, 462.0, 363.0, 98.0, 1.0, 0.0],
            1.0,
        ),
        (
            "UBND xã Sơn Trung",
            [401.0, 401.0, 358.0, 42.0, 1.0, 0.0],
            0.9,
        ),
    ];
    for (i, (name, v, rate)) in rows.iter().enumerate() {
        let r = 4 + i as u32;
        sheet.write(r, 0, (i + 1) as f64).unwrap();
        let decomposed: String = name.nfd().collect();
        sheet.write(r, 1, decomposed.as_str()).unwrap();
        sheet.write(r, 2, v[0]).unwrap();
        sheet.write(r, 3, v[1]).unwrap();
        sheet.write_with_format(r, 4, *rate, &pct).unwrap();
        for (k, x) in v[2..].iter().enumerate() {
            sheet.write(r, 5 + k as u16, *x).unwrap();
        }
    }
    sheet.write(6, 1, "Tổng cộng").unwrap();
    for (k, x) in [863.0, 863.0, 721.0, 141.0, 2.0, 0.0].iter().enumerate() {
        let col = if k == 0 {
            2
        } else if k == 1 {
            3
        } else {
            3 + k as u16
        };
        sheet.write(6, col, *x).unwrap();
    }
    book.save(&path).unwrap();

    let imported = read(dir.path(), &path, Kind::Dossiers);
    assert_eq!(
        facts(&imported, "X-SONHIEP"),
        dossier(["462", "462", "363", "98", "1", "0"])
    );
    assert_eq!(
        facts(&imported, "X-SONTRUNG"),
        dossier(["401", "401", "358", "42", "1", "0"])
    );
    // Sơn Trung's 90 % resolved disagrees with 401 / 401; the total's on-time count is
    // one too many, so the total row does not add up in itself either.
    let diags = summary(&imported.diagnostics.items);
    assert_eq!(
        diags,
        [
            (
                "W0752",
                6,
                "TongHop!E6: the rate 90% disagrees with 401 / 401 = 100%".to_string()
            ),
            (
                "W0751",
                7,
                "TongHop!D7: resolved 863 ≠ early 721 + on time 141 + late 2 = 864".to_string()
            ),
            (
                "W0753",
                7,
                "TongHop!G7: the total row says `dung_han` = 141, the 2 rows it sums add up to 140"
                    .to_string()
            ),
        ]
    );
    let file = &imported.diagnostics.items[0]
        .location
        .as_ref()
        .unwrap()
        .file;
    assert_eq!(file.name, "mot-cua.xlsx[TongHop]");
    // The rendering names the cell and quotes it.
    let text = imported.diagnostics.items[0].render(Lang::En);
    assert!(text.contains("--> mot-cua.xlsx[TongHop]!E6\n"), "{text}");
    assert!(text.contains("6 | 0.9\n"), "{text}");
}

/// Phụ lục I of the Q3/2017 provincial report, verbatim: one quarterly report per
/// unit, marked `X` (on time), with a date (late) or "Không gửi báo cáo" (missing).
const PL1: &str = "pl1_bao_cao_q3_2017.csv";

#[test]
fn provincial_q3_2017_report_marks() {
    let dir = sample();
    let imported = read(dir.path(), &fixture(PL1), Kind::Reports);
    let reports = |unit: &str| {
        let f = facts(&imported, unit);
        (f["bao_cao_tre"], f["bao_cao_thieu"])
    };
    assert_eq!(imported.columns, ["bao_cao_tre", "bao_cao_thieu"]);
    assert_eq!(reports("VPUBND"), (d("0"), d("0")));
    assert_eq!(reports("SXD"), (d("1"), d("0")));
    assert_eq!(reports("CT-CONGAN"), (d("1"), d("0")));
    assert_eq!(reports("SN-DHKH"), (d("0"), d("1")));
    // Seven names are written shorter than in units.toml ("Ban QLDA ĐT …",
    // "Ngân hàng Nhà nước tỉnh"): errors naming the closest units, not guesses.
    let diags = &imported.diagnostics.items;
    assert_eq!(diags.len(), 7, "{:?}", summary(diags));
    assert!(diags.iter().all(|d| d.code == Code::ImportUnknownUnit));
    let closest: Vec<String> = diags
        .iter()
        .map(|d| d.label.as_ref().unwrap().text(Lang::En))
        .collect();
    assert!(closest[0].contains("CT-NHNN"), "{}", closest[0]);
    assert!(
        closest[4].starts_with("closest: SN-BQLNN "),
        "{}",
        closest[4]
    );
    assert_eq!(imported.units.len(), 44 - 7);

    // With those rows naming their unit by code, the sample's reports.csv already holds it.
    let mut text = std::fs::read_to_string(fixture(PL1)).unwrap();
    for (short, code) in [
        ("Ngân hàng Nhà nước tỉnh", "CT-NHNN"),
        ("Đài Phát thanh - Truyền hình Khánh Hòa", "SN-DAIPTTH"),
        ("Ban QL Khu du lịch Bán đảo Cam Ranh", "SN-BQLCAMRANH"),
        ("Ban QLDA Phát triển tinh Khánh Hòa", "SN-BQLDAPT"),
        (
            "Ban QLDA ĐT xây dựng các công trình Nông nghiệp và Phát triển nông thôn",
            "SN-BQLNN",
        ),
        (
            "Ban QLDA ĐT xây dựng các công trình Dân dụng và Công nghiệp",
            "SN-BQLDD",
        ),
        ("Ban QLDA ĐT xây dựng các công trình Giao thông", "SN-BQLGT"),
    ] {
        text = text.replace(short, code);
    }
    let file = dir.path().join("bao-cao.csv");
    std::fs::write(&file, text).unwrap();
    let (code, out, err) = chiso(
        dir.path(),
        &[
            "--lang",
            "en",
            "import",
            "reports",
            "2024",
            file.to_str().unwrap(),
            // The sample holds this quarter's register as the year's figures.
            "--period",
            "nam",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("nothing changed"), "{out}");
}

#[test]
fn a_new_dataset_is_created_with_the_canonical_columns() {
    let dir = sample();
    let data = dir.path().join("scores/2024/data/dossiers.csv");
    std::fs::remove_file(&data).unwrap();
    let file = fixture(PL2);
    let (code, out, err) = chiso(
        dir.path(),
        &[
            "--lang",
            "en",
            "import",
            "dossiers",
            "2024",
            file.to_str().unwrap(),
            "--accept-warnings",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "new file scores/2024/data/dossiers.csv: 8 units\n");
    let written = std::fs::read_to_string(&data).unwrap();
    let lines: Vec<&str> = written.lines().collect();
    assert_eq!(
        lines[..3],
        [
            "unit,tiep_nhan,da_giai_quyet,truoc_han,dung_han,tre_han,dang_giai_quyet,truc_tuyen",
            "X-THANHSON,580,580,580,0,0,0,",
            "X-SONBINH,716,714,714,0,0,2,",
        ]
    );
    assert_eq!(lines.len(), 9);
    // `check` says about the written dataset what the import warned about:
    // the two rows of the report that do not add up, accepted as written.
    let (_, out, _) = chiso(dir.path(), &["check", "2024", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let about_data: Vec<(String, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"].as_str().unwrap_or("").contains("/data/"))
        .map(|d| {
            (
                d["id"].as_str().unwrap().into(),
                d["unit"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        about_data,
        [
            ("W0751".to_string(), "X-SONLAM".to_string()),
            ("W0751".to_string(), "X-BACUMBAC".to_string())
        ],
        "{out}"
    );
}

/// Phụ lục VI of the Q3/2017 provincial report: the central agencies, verbatim.
const PL6: &str = "pl6_nganh_doc_q3_2017.csv";

#[test]
fn provincial_q3_2017_central_agencies_cannot_split_early_and_on_time() {
    let dir = sample();
    let imported = read(dir.path(), &fixture(PL6), Kind::Dossiers);
    let diags = summary(&imported.diagnostics.items);
    let codes: Vec<(&str, usize)> = diags.iter().map(|(c, l, _)| (*c, *l)).collect();
    assert_eq!(
        codes,
        [
            ("E0702", 3),
            ("E0702", 3),
            ("W0751", 6),
            ("E0704", 9),
            ("W0754", 10),
            ("W0751", 11),
        ],
        "{diags:?}"
    );
    // The missing columns point at the combined "sớm và đúng hạn" column.
    let missing = &imported.diagnostics.items[0];
    assert_eq!(
        missing.message.text(Lang::En),
        "no column for `truoc_han` (Hồ sơ sớm hạn / trước hạn)"
    );
    let hint = missing.hint.as_ref().unwrap().text(Lang::En);
    assert!(hint.contains("adds early and on-time"), "{hint}");
    let at = missing.location.as_ref().unwrap();
    assert_eq!(at.file.line_col(at.span.start).column, 56);
    // Cục Hải quan: 125 of 20 676 dossiers are neither resolved nor pending, and so
    // the total is 125 short as well; Công an tỉnh reported nothing.
    assert_eq!(
        diags[2].2,
        "C6: received 20676 ≠ resolved 20551 + pending 0 = 20551"
    );
    assert_eq!(
        diags[5].2,
        "C11: received 278176 ≠ resolved 276251 + pending 1800 = 278051"
    );
    assert_eq!(facts(&imported, "CT-HAIQUAN")["tiep_nhan"], d("20676"));
}

/// Phụ lục VII of the Q3/2017 provincial report, verbatim: online dossiers per sở and
/// huyện, subtotals (`Cộng:`), the communes as one number on their heading, and the
/// grand total.
const PL7: &str = "pl7_truc_tuyen_q3_2017.csv";

#[test]
fn provincial_q3_2017_online_dossiers_alone() {
    let dir = sample();
    let imported = read(dir.path(), &fixture(PL7), Kind::Dossiers);
    assert_eq!(imported.columns, ["truc_tuyen"]);
    assert_eq!(facts(&imported, "SNNPTNT")["truc_tuyen"], d("4000"));
    assert_eq!(facts(&imported, "H-VANNINH")["truc_tuyen"], d("311"));
    assert_eq!(imported.units.len(), 13 + 8);
    // Six sở have an empty cell; the subtotals (5.975, 1.243) and the grand total
    // (7.661 = 5.975 + 1.243 + the communes' 443) add up.
    let diags = summary(&imported.diagnostics.items);
    assert!(diags.iter().all(|(c, _, _)| *c == "W0754"), "{diags:?}");
    assert_eq!(diags.len(), 6);

    // A communes' figure that no longer matches the grand total is caught.
    let text = std::fs::read_to_string(fixture(PL7))
        .unwrap()
        .replace("thị trấn\",443", "thị trấn\",400");
    let file = dir.path().join("truc-tuyen.csv");
    std::fs::write(&file, text).unwrap();
    let imported = read(dir.path(), &file, Kind::Dossiers);
    let totals: Vec<String> = summary(&imported.diagnostics.items)
        .into_iter()
        .filter(|(c, _, _)| *c == "W0753")
        .map(|(_, _, m)| m)
        .collect();
    assert_eq!(
        totals,
        ["C37: the total row says `truc_tuyen` = 7661, the 22 rows it sums add up to 7618"]
    );
}

/// A survey table of `rows` (after its header), with `;` separators.
fn survey_table(dir: &Path, rows: &str) -> PathBuf {
    let file = dir.join("sipas.csv");
    std::fs::write(
        &file,
        format!("STT;Mã đơn vị;Tên cơ quan, đơn vị;Chỉ số hài lòng (%)\n{rows}"),
    )
    .unwrap();
    file
}

/// Cells under a figure's title that hold no number are errors naming the
/// cell and quoting it, with a hint for what the spreadsheet did; they used
/// to make the row "without numbers", skipped with a warning, exit 0.
#[test]
fn cells_that_hold_no_number_are_errors_naming_them() {
    let dir = sample();
    let file = survey_table(
        dir.path(),
        "1;SNV;Sở Nội vụ;1e20\n2;;Sở Tư pháp;=SUM(D2:D3)\n3;;UBND xã Sơn Trung;91\n",
    );
    let imported = read(dir.path(), &file, Kind::Survey);
    assert_eq!(
        summary(&imported.diagnostics.items),
        [
            ("E0703", 2, "D2: `1e20` is not a number".to_string()),
            ("E0703", 3, "D3: `=SUM(D2:D3)` is not a number".to_string()),
        ]
    );
    let hints: Vec<String> = imported
        .diagnostics
        .items
        .iter()
        .map(|d| d.hint.as_ref().unwrap().text(Lang::En))
        .collect();
    assert!(hints[0].contains("scientific notation"), "{hints:?}");
    assert!(
        hints[1].contains("formula that was never calculated"),
        "{hints:?}"
    );
    let (code, _, err) = chiso(
        dir.path(),
        &["import", "survey", "2024", file.to_str().unwrap()],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("D2: `1e20` không phải là số"), "{err}");
    assert!(err.contains("sipas.csv:2:"), "{err}");
}

/// An unbalanced `"` makes the rows after it one cell: an error at the quote,
/// naming the lines it swallows, whether it is never closed or closed by the
/// quote of a later cell. A title on two lines is a cell, not a stray quote.
#[test]
fn a_stray_quote_that_swallows_rows_is_an_error_at_the_quote() {
    let dir = sample();
    for (rows, message) in [
        (
            "1;SNV;Sở Nội vụ;\"88,10\n2;;Sở Tư pháp;84,5\n3;;UBND xã Sơn Trung;91\n",
            "D2: the `\"` opening the cell `\"88,10…` is never closed: lines 2–4 are read as one cell",
        ),
        (
            "1;SNV;Sở Nội vụ;\"88,10\n2;;Sở Tư pháp;84,5\n3;;\"UBND xã Sơn Trung\";91\n",
            "D2: the `\"` opening the cell `\"88,10…` closes only on line 4: lines 2–4 are read as one cell",
        ),
    ] {
        let file = survey_table(dir.path(), rows);
        let imported = read(dir.path(), &file, Kind::Survey);
        let diags = summary(&imported.diagnostics.items);
        assert_eq!(diags[0], ("E0708", 2, message.to_string()), "{diags:?}");
        let lc = imported.diagnostics.items[0].location.as_ref().unwrap();
        assert_eq!(lc.file.line_col(lc.span.start).column, 17);
        let (code, _, err) = chiso(
            dir.path(),
            &["import", "survey", "2024", file.to_str().unwrap()],
        );
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("E0708"), "{err}");
    }
    let file = dir.path().join("two-lines.csv");
    std::fs::write(
        &file,
        "STT;Mã đơn vị;\"Tên cơ quan,\nđơn vị\";\"Chỉ số hài lòng\n(%)\"\n1;SNV;Sở Nội vụ;88,10\n",
    )
    .unwrap();
    let imported = read(dir.path(), &file, Kind::Survey);
    assert!(
        imported.diagnostics.items.is_empty(),
        "{:?}",
        summary(&imported.diagnostics.items)
    );
    assert_eq!(facts(&imported, "SNV")["hai_long"], d("88.10"));
}

/// The same export with CRLF, LF and mixed line endings: every diagnostic is
/// on the row it is about and quotes that row (CRLF used to name the row above).
#[test]
fn rows_are_counted_alike_for_crlf_lf_and_mixed_line_endings() {
    let dir = sample();
    let lines = [
        "KẾT QUẢ KHẢO SÁT SỰ HÀI LÒNG NĂM 2024;;;",
        "",
        "STT;Mã đơn vị;Tên cơ quan, đơn vị;Chỉ số hài lòng (%)",
        "1;SNV;Sở Nội vụ;88,10",
        "2;;Sở Tư phap X;84,5",
        "3;;UBND xã Sơn Trung;-91",
    ];
    for ending in ["\r\n", "\n", "mixed"] {
        let text: String = lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let end = match ending {
                    "mixed" if i % 2 == 0 => "\r\n",
                    "mixed" => "\n",
                    e => e,
                };
                format!("{l}{end}")
            })
            .collect();
        let file = dir.path().join("sipas.csv");
        std::fs::write(&file, text).unwrap();
        let imported = read(dir.path(), &file, Kind::Survey);
        let diags = summary(&imported.diagnostics.items);
        let at: Vec<(&str, usize)> = diags.iter().map(|d| (d.0, d.1)).collect();
        assert_eq!(at, [("E0704", 5), ("E0703", 6)], "{ending:?}: {diags:?}");
        let rendered = imported.diagnostics.items[0].render(Lang::En);
        assert!(rendered.contains("sipas.csv:5:"), "{rendered}");
        assert!(rendered.contains("5 | 2;;Sở Tư phap X;84,5"), "{rendered}");
    }
}

/// A row with a field more or less than the header would put its values under
/// the wrong titles; a value right of the last title in a sheet has none.
#[test]
fn rows_that_do_not_match_the_header_are_errors() {
    let dir = sample();
    let file = dir.path().join("bao-cao.csv");
    std::fs::write(
        &file,
        "Stt,Cơ quan/đơn vị,Báo cáo định kỳ,,\n\
         ,,Đúng hạn,Trễ hạn,Không nộp\n\
         1,Sở Xây dựng,3,1,0\n\
         2,Sở Du lịch,2,,1,1\n\
         3,Công an tỉnh,3,1\n",
    )
    .unwrap();
    let imported = read(dir.path(), &file, Kind::Reports);
    assert_eq!(
        summary(&imported.diagnostics.items),
        [
            (
                "E0709",
                4,
                "E4: the row has 6 fields, the header 5: its values would not be under their titles"
                    .to_string()
            ),
            (
                "E0709",
                5,
                "D5: the row has 4 fields, the header 5: its values would not be under their titles"
                    .to_string()
            ),
        ]
    );
    assert_eq!(imported.units.len(), 1);

    use rust_xlsxwriter::Workbook;
    let path = dir.path().join("bao-cao.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("BC").unwrap();
    for (col, title) in ["Stt", "Cơ quan/đơn vị", "Đúng hạn", "Trễ hạn"]
        .iter()
        .enumerate()
    {
        sheet.write(0, col as u16, *title).unwrap();
    }
    sheet.write(1, 0, 1).unwrap();
    sheet.write(1, 1, "Sở Xây dựng").unwrap();
    sheet.write(1, 2, 3).unwrap();
    sheet.write(1, 4, 1).unwrap();
    book.save(&path).unwrap();
    let imported = read(dir.path(), &path, Kind::Reports);
    assert_eq!(
        summary(&imported.diagnostics.items),
        [(
            "E0709",
            2,
            "BC!E2: the value `1` is in a column without a title".to_string()
        )]
    );
}

/// A row numbering the columns under the header is skipped; two columns whose
/// titles name the same figure are an error naming both.
#[test]
fn column_numbers_are_skipped_and_two_columns_of_one_figure_are_an_error() {
    let dir = sample();
    let file = dir.path().join("bao-cao.csv");
    std::fs::write(
        &file,
        "Stt,Cơ quan/đơn vị,Đúng hạn,Trễ hạn,Không nộp\n\
         (1),(2),(3),(4),(5)\n\
         1,Sở Xây dựng,3,1,0\n",
    )
    .unwrap();
    let imported = read(dir.path(), &file, Kind::Reports);
    assert!(
        imported.diagnostics.items.is_empty(),
        "{:?}",
        summary(&imported.diagnostics.items)
    );
    assert_eq!(facts(&imported, "SXD")["bao_cao_tre"], d("1"));

    std::fs::write(
        &file,
        "Stt,Cơ quan/đơn vị,Đúng hạn,Trễ hạn,Gửi trễ hạn lần 2,Không nộp\n\
         A,B,1,2,3,4\n\
         1,Sở Xây dựng,3,1,1,0\n",
    )
    .unwrap();
    let imported = read(dir.path(), &file, Kind::Reports);
    assert_eq!(
        summary(&imported.diagnostics.items),
        [(
            "E0709",
            1,
            "cannot tell which column is `bao_cao_tre`: D1 (`Trễ hạn`) or E1 (`Gửi trễ hạn lần 2`)"
                .to_string()
        )]
    );
}

/// 2023 SXD: the register of the report office holds 2 late reports for the
/// year. Importing one quarter's register (1 late report) used to replace the
/// year's figure. Now the quarter is refused without `--period`, stored as its
/// own row with it, and the criteria read what the regulation declares.
#[test]
fn a_quarter_never_replaces_the_year_2023_sxd() {
    let dir = sample();
    let data = dir.path().join("scores/2023/data/reports.csv");
    let before = std::fs::read_to_string(&data).unwrap();
    assert!(before.contains("\nSXD,2,0\n"), "{before}");
    let register = |quarter: &str| {
        let file = dir.path().join(format!("so-theo-doi-{quarter}.csv"));
        std::fs::write(
            &file,
            format!(
                "SỔ THEO DÕI BÁO CÁO ĐỊNH KỲ QUÝ {quarter}/2023,,,,\n\
                 Stt,Cơ quan/đơn vị,Đúng hạn,Trễ hạn,Không nộp\n\
                 1,Sở Xây dựng,0,1,0\n"
            ),
        )
        .unwrap();
        file
    };
    let q2 = register("II");
    let import = |file: &Path, period: Option<&str>| {
        let mut args = vec![
            "--lang",
            "en",
            "import",
            "reports",
            "2023",
            file.to_str().unwrap(),
        ];
        if let Some(p) = period {
            args.extend(["--period", p]);
        }
        chiso(dir.path(), &args)
    };
    let (code, _, err) = import(&q2, None);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("error[E0710]: A1: the title `SỔ THEO DÕI BÁO CÁO ĐỊNH KỲ QUÝ II/2023` says the table covers the period q2, not the year"),
        "{err}"
    );
    assert!(err.contains("import with --period q2"), "{err}");
    assert_eq!(std::fs::read_to_string(&data).unwrap(), before);

    let (code, out, err) = import(&q2, Some("q2"));
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("  + SXD [q2] (a new row for the period q2; other rows are kept)"),
        "{out}"
    );
    let after = std::fs::read_to_string(&data).unwrap();
    assert!(
        after.starts_with("unit,period,bao_cao_tre,bao_cao_thieu\n"),
        "{after}"
    );
    assert!(after.contains("\nSXD,nam,2,0\nSXD,q2,1,0\n"), "{after}");
    assert_eq!(after.lines().count(), before.lines().count() + 1);

    // The year's row is read (2 × 0.25 deducted), and explain says so.
    let explain = || {
        let (code, out, err) = chiso(
            dir.path(),
            &["--lang", "en", "explain", "2023", "SXD", "10.1"],
        );
        assert!(code <= 1, "{err}");
        out
    };
    let out = explain();
    assert!(out.contains("bao_cao_tre = 2 "), "{out}");
    assert!(
        out.contains(
            "bao_cao_tre: the year's row nam 2 is read; the periods q2 1 are recorded, not read"
        ),
        "{out}"
    );

    // A regulation that sums the periods reads q1 + q2.
    let (code, _, err) = import(&register("I"), Some("q1"));
    assert_eq!(code, 0, "{err}");
    let reg = dir.path().join("criteria/2023/regulation.toml");
    let text = std::fs::read_to_string(&reg).unwrap();
    std::fs::write(&reg, format!("sum_periods = [\"reports\"]\n{text}")).unwrap();
    let out = explain();
    assert!(out.contains("bao_cao_tre = 2 "), "{out}");
    assert!(
        out.contains("bao_cao_tre: the sum of the periods q1 1 + q2 1 = 2 (regulation: sum_periods); the year's row nam 2 is not read"),
        "{out}"
    );
}

/// What `import` reads is a regular file within the bound: a device is
/// refused at once (`import … /dev/zero` used to read until memory ran out),
/// and so is a file beyond 64 MiB, before it is read.
#[cfg(unix)]
#[test]
fn import_reads_regular_files_within_the_bound() {
    let dir = sample();
    let (code, _, err) = chiso(
        dir.path(),
        &["--lang", "en", "import", "survey", "2024", "/dev/zero"],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("cannot open /dev/zero: not a regular file (a FIFO, device or socket)"),
        "{err}"
    );
    let big = dir.path().join("big.csv");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(chiso::source::MAX_FILE_BYTES + 1)
        .unwrap();
    let (code, _, err) = chiso(
        dir.path(),
        &[
            "--lang",
            "en",
            "import",
            "survey",
            "2024",
            big.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("cannot open big.csv: the file is larger than the 64 MiB limit"),
        "{err}"
    );
}

/// A workbook whose sheet declares gigabytes unpacked (a few KB on disk) is
/// refused before anything is unpacked (a 6 MB one used to take 8.4 GB).
#[test]
fn import_refuses_a_workbook_that_unpacks_beyond_the_bound() {
    use rust_xlsxwriter::Workbook;
    let dir = sample();
    let path = dir.path().join("bom.xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write(0, 0, "Mã đơn vị").unwrap();
    sheet.write(0, 1, "Chỉ số hài lòng (%)").unwrap();
    sheet.write(1, 0, "SNV").unwrap();
    sheet.write(1, 1, 88.1).unwrap();
    let mut bytes = book.save_to_buffer().unwrap();
    // Every part declares 4 GiB − 1 unpacked in the central directory.
    let entries: Vec<usize> = bytes
        .windows(4)
        .enumerate()
        .filter(|(_, w)| *w == [0x50, 0x4b, 0x01, 0x02])
        .map(|(i, _)| i)
        .collect();
    assert!(!entries.is_empty());
    for at in entries {
        bytes[at + 24..at + 28].copy_from_slice(&u32::MAX.to_le_bytes());
    }
    std::fs::write(&path, bytes).unwrap();
    let before = std::fs::read_to_string(dir.path().join("scores/2024/data/survey.csv")).unwrap();
    for (lang, text) in [
        (
            "en",
            "bom.xlsx unpacks to more than the 256 MiB limit; it is not read",
        ),
        (
            "vi",
            "bom.xlsx khi giải nén lớn hơn giới hạn 256 MiB; không đọc tệp này",
        ),
    ] {
        let (code, _, err) = chiso(
            dir.path(),
            &[
                "--lang",
                lang,
                "import",
                "survey",
                "2024",
                path.to_str().unwrap(),
            ],
        );
        assert_eq!(code, 1, "{err}");
        assert!(err.contains("[E0701]") && err.contains(text), "{err}");
    }
    let after = std::fs::read_to_string(dir.path().join("scores/2024/data/survey.csv")).unwrap();
    assert_eq!(after, before);
}

/// A dataset that is a link to a file outside the workspace is neither read
/// nor rewritten (import used to replace the file the link led to); a link
/// inside the workspace is followed.
#[cfg(unix)]
#[test]
fn import_does_not_write_through_a_link_outside_the_workspace() {
    let dir = sample();
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("survey.csv");
    let data = dir.path().join("scores/2024/data/survey.csv");
    std::fs::rename(&data, &target).unwrap();
    std::os::unix::fs::symlink(&target, &data).unwrap();
    let before = std::fs::read_to_string(&target).unwrap();
    let file = dir.path().join("sipas.csv");
    std::fs::write(&file, "Mã đơn vị,Chỉ số hài lòng (%)\nSNV,88.10\n").unwrap();
    let args = [
        "--lang",
        "en",
        "import",
        "survey",
        "2024",
        file.to_str().unwrap(),
    ];
    let (code, _, err) = chiso(dir.path(), &args);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("cannot open scores/2024/data/survey.csv: it is a link (or in a linked folder) leading outside the workspace"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), before);
    assert!(
        std::fs::symlink_metadata(&data)
            .unwrap()
            .file_type()
            .is_symlink()
    );

    // Inside the workspace, the link is read and the file it leads to replaced.
    let inside = dir.path().join("survey-2024.csv");
    std::fs::rename(&target, &inside).unwrap();
    std::fs::remove_file(&data).unwrap();
    std::os::unix::fs::symlink(&inside, &data).unwrap();
    let (code, out, err) = chiso(dir.path(), &args);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("  SNV hai_long: 87.36 → 88.10\n"), "{out}");
    assert!(
        std::fs::read_to_string(&inside)
            .unwrap()
            .contains("\nSNV,88.10,\n")
    );
}
