//! Printable per-unit pages: `show` and `explain` with `--format html|md|xlsx`
//! and `-o`. The numbers are those of the fixture's unit A, computed by hand
//! in tests/engine.rs and printed by `show` (tests/snapshots/…show_a.snap):
//! total 12,88 self / 10,88 final, index 80,50 / 68,00, Khá / Trung bình,
//! rank 1 of 2; criterion 1.3: max 2, self 1, final 0, −1 in round 1.

use calamine::{Data, Reader, Xlsx, open_workbook};

use crate::common::{self, Ws};

fn run(ws: &Ws, args: &[&str]) -> (i32, String, String) {
    common::chiso(ws.root(), args)
}

/// `show 2024 A` written to `name` in a scratch folder: the file's text.
fn written(ws: &Ws, args: &[&str], name: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    let mut args = args.to_vec();
    args.extend(["-o", file.to_str().unwrap()]);
    let (code, out, err) = run(ws, &args);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty(), "nothing on standard output: {out}");
    assert!(err.contains(&format!(" {}\n", file.display())), "{err}");
    std::fs::read_to_string(&file).unwrap()
}

#[test]
fn the_html_sheet_has_what_show_prints_and_a_signature_line() {
    let ws = Ws::fixture();
    let html = written(&ws, &["show", "2024", "A"], "A.html");
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"vi\">"));
    for want in [
        "<title>Sở A (A) — Khối sở 2024</title>",
        "@page { size: A4;",
        "@media print",
        // Criterion 1.3: max, self, final, difference, round, reason.
        "<tr><td>1.3</td><td style=\"padding-left:calc(4px + 1em)\">Ban hành kế hoạch đúng hạn</td>\
         <td class=\"n\">2</td><td class=\"n\">1</td><td class=\"n\">0</td><td class=\"n\">−1</td>\
         <td>1</td><td>Không có quyết định ban hành</td></tr>",
        // Not applicable.
        "<td class=\"n\">KPS</td><td class=\"n\">KPS</td>",
        "<tr class=\"strong\"><td>Tổng điểm</td><td class=\"n\">12,88</td><td class=\"n\">10,88</td></tr>",
        "<tr class=\"strong\"><td>Chỉ số</td><td class=\"n\">80,50</td><td class=\"n\">68,00</td></tr>",
        "<tr class=\"strong\"><td>Xếp loại</td><td class=\"n\">Khá</td><td class=\"n\">Trung bình</td></tr>",
        "<p>Hạng: 1/2 trong khối</p>",
        "THỦ TRƯỞNG ĐƠN VỊ",
        "(Ký, ghi rõ họ tên, đóng dấu)",
        "ngày …… tháng …… năm ……",
    ] {
        assert!(html.contains(want), "no {want} in\n{html}");
    }
    for absent in ["<script", "http://", "https://", "<link", "@import"] {
        assert!(!html.contains(absent), "{absent} in the page");
    }
}

#[test]
fn the_sheet_speaks_english_with_lang_en() {
    let ws = Ws::fixture();
    let html = written(&ws, &["--lang", "en", "show", "2024", "A"], "A.html");
    assert!(html.contains("<html lang=\"en\">"));
    for want in [
        "<tr class=\"strong\"><td>Total</td><td class=\"n\">12.88</td><td class=\"n\">10.88</td></tr>",
        "<tr class=\"strong\"><td>Index</td><td class=\"n\">80.50</td><td class=\"n\">68.00</td></tr>",
        "HEAD OF THE UNIT",
    ] {
        assert!(html.contains(want), "no {want} in\n{html}");
    }
}

#[test]
fn the_markdown_sheet_has_the_same_tables() {
    let ws = Ws::fixture();
    let (code, md, _) = run(&ws, &["show", "2024", "A", "--format", "md"]);
    assert_eq!(code, 0);
    assert!(md.starts_with("# Sở A (A) — Khối sở 2024\n"), "{md}");
    for want in [
        "| Mã | Tiêu chí | Tối đa | Tự chấm | Thẩm định | Chênh lệch | Vòng | Ghi chú |\n\
         | --- | --- | ---: | ---: | ---: | ---: | --- | --- |\n",
        "| 1.3 | \u{a0}\u{a0}Ban hành kế hoạch đúng hạn | 2 | 1 | 0 | −1 | 1 | Không có quyết định ban hành |\n",
        "| Tổng điểm | 12,88 | 10,88 |\n",
        "| Chỉ số | 80,50 | 68,00 |\n",
        "| Xếp loại | Khá | Trung bình |\n",
        "Hạng: 1/2 trong khối\n",
        "THỦ TRƯỞNG ĐƠN VỊ",
    ] {
        assert!(md.contains(want), "no {want:?} in\n{md}");
    }
    // The extension says it too.
    assert_eq!(written(&ws, &["show", "2024", "A"], "A.md"), md);
}

fn cell(range: &calamine::Range<Data>, row: usize, col: usize) -> Data {
    range.get((row, col)).cloned().unwrap_or(Data::Empty)
}

/// The row whose first cell is `first`.
fn row_of(range: &calamine::Range<Data>, first: &str) -> usize {
    (0..range.height())
        .find(|&r| cell(range, r, 0) == Data::String(first.into()))
        .unwrap_or_else(|| panic!("no row {first}"))
}

#[test]
fn the_xlsx_sheet_has_numbers_as_numbers() {
    let ws = Ws::fixture();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("A.xlsx");
    let (code, _, err) = run(&ws, &["show", "2024", "A", "-o", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let mut wb: Xlsx<_> = open_workbook(&file).unwrap();
    assert_eq!(wb.sheet_names().len(), 1);
    let name = wb.sheet_names()[0].clone();
    let sheet = wb.worksheet_range(&name).unwrap();
    let origin = sheet.start().unwrap();
    assert_eq!(origin, (0, 0));
    assert_eq!(
        cell(&sheet, 0, 0),
        Data::String("Sở A (A) — Khối sở 2024".into())
    );
    let r = row_of(&sheet, "1.3");
    assert_eq!(
        (1..8).map(|c| cell(&sheet, r, c)).collect::<Vec<_>>(),
        [
            Data::String("Ban hành kế hoạch đúng hạn".into()),
            Data::Float(2.0),
            Data::Float(1.0),
            Data::Float(0.0),
            Data::Float(-1.0),
            Data::String("1".into()),
            Data::String("Không có quyết định ban hành".into()),
        ]
    );
    let r = row_of(&sheet, "2.1");
    assert_eq!(cell(&sheet, r, 3), Data::String("KPS".into()));
    let r = row_of(&sheet, "1.1");
    assert_eq!(cell(&sheet, r, 3), Data::Float(1.75));
    let r = row_of(&sheet, "Tổng điểm");
    assert_eq!(cell(&sheet, r, 1), Data::Float(12.88));
    assert_eq!(cell(&sheet, r, 2), Data::Float(10.88));
    let r = row_of(&sheet, "Chỉ số");
    assert_eq!(cell(&sheet, r, 1), Data::Float(80.5));
    assert_eq!(cell(&sheet, r, 2), Data::Float(68.0));
    let r = row_of(&sheet, "Xếp loại");
    assert_eq!(cell(&sheet, r, 2), Data::String("Trung bình".into()));
    row_of(&sheet, "Hạng: 1/2 trong khối");
    // The totals keep the regulation's decimals when printed.
    let xml = zip_entry(&file, "xl/styles.xml");
    assert!(xml.contains("formatCode=\"0.00\""), "{xml}");
}

/// An entry of an XLSX (a zip) as text.
fn zip_entry(file: &std::path::Path, name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(file).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn explain_of_one_criterion_in_every_format() {
    let ws = Ws::fixture();
    let args = ["explain", "2024", "A", "1.4"];
    let html = written(&ws, &args, "1.4.html");
    for want in [
        "<h1>Tiêu chí 1.4 — Tỷ lệ hồ sơ trễ hạn</h1>",
        "<p class=\"meta\">Đơn vị: A — Sở A · Phụ lục: pa</p>",
        "<p>Thẩm định: kết quả tự chấm, thay số liệu đơn vị tự khai bằng dữ liệu chính thức</p>",
        "<p class=\"i1\">tre_han = 1  (Số hồ sơ trễ hạn; dữ liệu chính thức)</p>",
        "<p class=\"i1\">khoảng 3: &lt; 3 → 1</p>",
        "<p>Kết quả: tự chấm 2 · thẩm định 1 (chênh lệch −1)</p>",
    ] {
        assert!(html.contains(want), "no {want} in\n{html}");
    }
    assert!(
        !html.contains("THỦ TRƯỞNG"),
        "no signature on an explanation"
    );

    let md = written(&ws, &args, "1.4.md");
    for want in [
        "# Tiêu chí 1.4 — Tỷ lệ hồ sơ trễ hạn\n",
        "- tre_han = 1  (Số hồ sơ trễ hạn; dữ liệu chính thức)\n",
        "- khoảng 3: &lt; 3 → 1\n",
        "Kết quả: tự chấm 2 · thẩm định 1 (chênh lệch −1)\n",
    ] {
        assert!(md.contains(want), "no {want:?} in\n{md}");
    }

    // An area's sub-criteria are a table: numbers as numbers.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("2.xlsx");
    let (code, _, err) = run(
        &ws,
        &[
            "explain",
            "2024",
            "A",
            "2",
            "--format",
            "xlsx",
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let mut wb: Xlsx<_> = open_workbook(&file).unwrap();
    let name = wb.sheet_names()[0].clone();
    let sheet = wb.worksheet_range(&name).unwrap();
    assert_eq!(
        cell(&sheet, 0, 0),
        Data::String("Lĩnh vực 2 — Thể chế và liên đới".into())
    );
    let r = row_of(&sheet, "2.2");
    assert_eq!(
        (1..5).map(|c| cell(&sheet, r, c)).collect::<Vec<_>>(),
        [
            Data::Float(6.0),
            Data::Float(4.0),
            Data::Float(4.0),
            Data::String("Kết quả CCHC của đơn vị trực thuộc".into()),
        ]
    );
    row_of(
        &sheet,
        "Kết quả: tự chấm 4 · thẩm định 4 · tối đa áp dụng 6",
    );
}

#[test]
fn hostile_names_and_titles_are_escaped() {
    let ws = Ws::fixture()
        .edit(
            "scores/2024/units.toml",
            "name = \"Sở A\"",
            "name = \"<script>alert(1)</script> & |\"",
        )
        .edit(
            "criteria/2024/pa.toml",
            "title = \"Kế hoạch CCHC\"",
            "title = \"<img src=x onerror=alert(1)>\"",
        );
    for (command, format) in [
        (&["show", "2024", "A"][..], "html"),
        (&["show", "2024", "A"][..], "md"),
        (&["explain", "2024", "A", "1.1"][..], "html"),
        (&["explain", "2024", "A", "1.1"][..], "md"),
        (&["explain", "2024", "A", "1"][..], "html"),
    ] {
        let mut args = command.to_vec();
        args.extend(["--format", format]);
        let (code, text, err) = run(&ws, &args);
        assert_eq!(code, 0, "{err}");
        for raw in ["<script>", "<img"] {
            assert!(!text.contains(raw), "{args:?}: {raw} in\n{text}");
        }
        assert!(
            text.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp;"),
            "{args:?}\n{text}"
        );
        if command.len() == 3 || command[3] != "1.1" {
            assert!(
                text.contains("&lt;img src=x onerror=alert(1)&gt;"),
                "{args:?}\n{text}"
            );
        }
        if format == "md" {
            assert!(text.contains("&amp; \\|"), "{args:?}\n{text}");
        }
    }
}

#[test]
fn a_wrong_extension_or_format_is_a_usage_error_and_writes_nothing() {
    let ws = Ws::fixture();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("A.csv");
    let (code, out, err) = run(&ws, &["show", "2024", "A", "-o", csv.to_str().unwrap()]);
    assert_eq!(code, 2, "{err}");
    assert!(out.is_empty());
    assert!(
        err.contains("lệnh này không ghi được tệp .csv")
            && err.contains(".txt (text), .html, .md, .xlsx"),
        "{err}"
    );
    assert!(!csv.exists());

    let html = dir.path().join("1.4.html");
    let (code, _, err) = run(
        &ws,
        &[
            "explain",
            "2024",
            "A",
            "1.4",
            "--format",
            "md",
            "-o",
            html.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("có đuôi .html nhưng --format là md")
            && err.contains(&format!(
                "đặt tên tệp là {}",
                dir.path().join("1.4.md").display()
            )),
        "{err}"
    );
    assert!(!html.exists());

    let (code, _, err) = run(&ws, &["show", "2024", "A", "--format", "pdf"]);
    assert_eq!(code, 2, "{err}");
}
