//! The council's appraisal workbook (`chiso template --for appraisal`,
//! `chiso import appraisal`): sample appraisals survive the round trip, an
//! unchanged workbook changes nothing, and every refusal names its cell.

use crate::common;
use crate::workbook::{Cell, Edit, errors, load, refusal, rendered};

use std::collections::BTreeMap;
use std::path::Path;

use chiso::eval::{self, Options};
use chiso::excel::appraisal::{self, appraisal_lines, appraisal_path, col};
use chiso::excel::{FIRST_ROW, Line, SelfImport};
use chiso::i18n::Lang;
use chiso::import::table::{Format, column_letters};
use common::{chiso, sample};

/// Every unit's final points and rank, and every node's final side and
/// decision: what an appraisal decides.
fn finals(root: &Path, year: i64) -> BTreeMap<String, String> {
    let ws = load(root, year);
    let r = eval::evaluate(&ws, &Options::default()).expect("evaluates");
    r.units
        .iter()
        .map(|u| {
            let nodes: Vec<String> = u
                .nodes
                .iter()
                .map(|n| format!("{:?} {:?}", n.final_, n.decision))
                .collect();
            (
                u.code.clone(),
                format!("{:?} {:?}\n{}", u.final_, u.rank, nodes.join("\n")),
            )
        })
        .collect()
}

pub(crate) fn workbook(root: &Path, year: i64, unit: &str, round: Option<u32>) -> Vec<u8> {
    let ws = load(root, year);
    let u = ws.unit(unit).unwrap();
    chiso::excel::appraisal_template(&ws, u, ws.scheme_of(u).unwrap(), round, Lang::Vi).unwrap()
}

pub(crate) fn import(root: &Path, year: i64, unit: &str, bytes: Vec<u8>) -> SelfImport {
    let ws = load(root, year);
    let u = ws.unit(unit).unwrap();
    let target = appraisal_path(root, year, unit);
    let existing = chiso::source::SourceFile::read(root, &target).ok();
    appraisal::read_appraisal_workbook(
        "td.xlsx",
        bytes,
        Format::Xlsx,
        year,
        u,
        ws.scheme_of(u).unwrap(),
        appraisal::Rounds::of(&ws),
        existing.as_deref(),
        &format!("scores/{year}/appraisal/{unit}.toml"),
    )
}

/// The appraisal sheet's cell of a leaf and column.
pub(crate) fn cell(root: &Path, year: i64, unit: &str, code: &str, c: u16) -> String {
    let ws = load(root, year);
    let scheme = ws.scheme_of(ws.unit(unit).unwrap()).unwrap();
    let i = scheme.by_code[code];
    let n = appraisal_lines(scheme)
        .iter()
        .position(|&l| l == Line::Leaf(i))
        .unwrap();
    format!(
        "{}{}",
        column_letters(c as usize),
        FIRST_ROW as usize + n + 1
    )
}

/// Units of the sample year whose appraisal is one round of answers,
/// `accept` and reasons only: all of it is on the sheet.
fn one_round_units(root: &Path, year: i64) -> Vec<String> {
    let dir = root.join(format!("scores/{year}/appraisal"));
    let Ok(files) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<String> = files
        .filter_map(|e| {
            let path = e.unwrap().path();
            let t: toml::Table = std::fs::read_to_string(&path).ok()?.parse().ok()?;
            let adjust = t.get("adjust")?.as_array()?;
            let simple = adjust.iter().all(|a| {
                let a = a.as_table().unwrap();
                a["round"].as_integer() == Some(1)
                    && a.keys().all(|k| {
                        [
                            "code", "round", "points", "yes", "choice", "na", "accept", "reason",
                            "by",
                        ]
                        .contains(&k.as_str())
                    })
            });
            simple.then(|| path.file_stem()?.to_str().map(str::to_string))?
        })
        .collect();
    out.sort();
    out
}

/// Sample units' round-1 workbooks, imported after their appraisal files
/// are removed, give the same final results.
#[test]
fn sample_appraisals_survive_the_round_trip() {
    let dir = sample();
    let root = dir.path();
    let mut tried = 0;
    for year in [2023, 2024, 2025] {
        let units = one_round_units(root, year);
        tried += units.len();
        let before = finals(root, year);
        for unit in &units {
            let bytes = workbook(root, year, unit, Some(1));
            std::fs::remove_file(appraisal_path(root, year, unit)).unwrap();
            let imported = import(root, year, unit, bytes);
            assert!(
                errors(&imported.diagnostics).is_empty(),
                "{year} {unit}: {}",
                rendered(&imported.diagnostics, Lang::En)
            );
            assert!(!imported.changes.is_empty(), "{year} {unit}");
            std::fs::write(appraisal_path(root, year, unit), imported.text.unwrap()).unwrap();
        }
        let after = finals(root, year);
        for unit in &units {
            assert_eq!(before[unit], after[unit], "{year} {unit}");
        }
    }
    assert!(tried >= 3, "{tried}");
}

/// A pre-filled workbook imported over the unchanged file changes nothing,
/// to the byte (comments and other rounds kept).
#[test]
fn an_unchanged_appraisal_workbook_leaves_the_file_as_it_is() {
    let dir = sample();
    let root = dir.path();
    for unit in ["STP", "BDT"] {
        let imported = import(root, 2024, unit, workbook(root, 2024, unit, Some(1)));
        let original = std::fs::read_to_string(appraisal_path(root, 2024, unit)).unwrap();
        assert!(
            imported.changes.is_empty(),
            "{unit}: {:?}",
            imported.changes
        );
        assert_eq!(imported.text.as_deref(), Some(original.as_str()), "{unit}");
    }
}

/// The default round is the one after the file's last (STP's sample has
/// rounds 1 and 2); a new round's adjustment is appended, the others kept.
#[test]
fn a_new_round_is_appended() {
    let dir = sample();
    let root = dir.path();
    let bytes = workbook(root, 2024, "STP", None);
    let mut edit = Edit::open(&bytes);
    edit.set(
        1,
        &cell(root, 2024, "STP", "2.1.2", col::ACCEPT),
        Cell::Text("chấp nhận"),
    );
    edit.set(
        1,
        &cell(root, 2024, "STP", "2.1.2", col::REASON),
        Cell::Text("Đã bổ sung tài liệu"),
    );
    let imported = import(root, 2024, "STP", edit.bytes());
    assert!(errors(&imported.diagnostics).is_empty());
    let text = imported.text.unwrap();
    let original = std::fs::read_to_string(appraisal_path(root, 2024, "STP")).unwrap();
    assert!(text.starts_with(&original), "{text}");
    assert!(
        text.ends_with(
            "\n[[adjust]]\ncode = \"2.1.2\"\nround = 3\naccept = true\nreason = \"Đã bổ sung tài liệu\"\n"
        ),
        "{text}"
    );
    assert_eq!(
        imported.changes,
        vec![(
            "2.1.2".to_string(),
            vec![
                "accept: — → true".to_string(),
                "reason: — → \"Đã bổ sung tài liệu\"".to_string()
            ]
        )]
    );
}

/// `accept` with an answer is the file's own error, moved to the cell.
#[test]
fn accept_with_an_answer_is_refused_at_its_cell() {
    let dir = sample();
    let root = dir.path();
    let mut edit = Edit::open(&workbook(root, 2024, "STP", Some(1)));
    edit.set(
        1,
        &cell(root, 2024, "STP", "2.1.2", col::ACCEPT),
        Cell::Text("chấp nhận"),
    );
    let imported = import(root, 2024, "STP", edit.bytes());
    let (d, vi, _) = refusal(&imported);
    assert_eq!(d.code.id(), "E0305");
    assert!(vi.contains("td.xlsx[Thẩm định]!"), "{vi}");
}

/// A reason without a decision is the file's own error (an adjustment
/// needs an answer or `accept`), at the row's answer cell: nothing written.
#[test]
fn a_reason_alone_is_refused_at_its_row() {
    let dir = sample();
    let root = dir.path();
    let mut edit = Edit::open(&workbook(root, 2024, "STP", Some(1)));
    let answer = cell(root, 2024, "STP", "2.1.2", col::ANSWER);
    edit.set(1, &answer, Cell::Text(""));
    let imported = import(root, 2024, "STP", edit.bytes());
    let (_, vi, _) = refusal(&imported);
    assert!(
        vi.contains(&format!("td.xlsx[Thẩm định]!{answer} › 2.1.2")),
        "{vi}"
    );
}

/// Another unit's workbook, or the unit's self-assessment workbook, is
/// refused whole; the CLI writes nothing and exits 1.
#[test]
fn other_forms_are_refused() {
    let dir = sample();
    let root = dir.path();
    let imported = import(root, 2024, "BDT", workbook(root, 2024, "STP", Some(1)));
    assert_eq!(refusal(&imported).0.code.id(), "E0713");
    let ws = load(root, 2024);
    let u = ws.unit("STP").unwrap();
    let own = chiso::excel::template(&ws, u, ws.scheme_of(u).unwrap(), Lang::Vi).unwrap();
    let imported = import(root, 2024, "STP", own);
    assert_eq!(refusal(&imported).0.code.id(), "E0715");

    let path = appraisal_path(root, 2024, "BDT");
    let original = std::fs::read(&path).unwrap();
    let file = root.join("td.xlsx");
    std::fs::write(&file, workbook(root, 2024, "STP", Some(1))).unwrap();
    let (code, _, err) = chiso(
        root,
        &["import", "appraisal", "2024", "BDT", file.to_str().unwrap()],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("E0713"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), original);
}

/// Through the CLI: template, then a dry run lists the change and writes
/// nothing, and the import writes it.
#[test]
fn the_cli_writes_and_imports_the_appraisal_workbook() {
    let dir = sample();
    let root = dir.path();
    let out = root.join("td.xlsx");
    let out = out.to_str().unwrap();
    let (code, _, err) = chiso(
        root,
        &[
            "template",
            "2024",
            "STP",
            "--for",
            "appraisal",
            "--round",
            "1",
            "-o",
            out,
        ],
    );
    assert_eq!(code, 0, "{err}");
    // The form is a workbook only: a TOML output is a usage error.
    let toml = root.join("td.toml");
    let (code, _, err) = chiso(
        root,
        &[
            "template",
            "2024",
            "STP",
            "--for",
            "appraisal",
            "--format",
            "toml",
            "-o",
            toml.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--for appraisal"), "{err}");
    assert!(!toml.exists());
    let path = appraisal_path(root, 2024, "STP");
    let original = std::fs::read_to_string(&path).unwrap();
    let mut edit = Edit::open(&std::fs::read(root.join("td.xlsx")).unwrap());
    edit.set(
        1,
        &cell(root, 2024, "STP", "2.1.2", col::ANSWER),
        Cell::Number("0.25"),
    );
    std::fs::write(root.join("td.xlsx"), edit.bytes()).unwrap();
    let (code, listing, err) = chiso(
        root,
        &["import", "appraisal", "2024", "STP", out, "--dry-run"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(listing.contains("2.1.2  points: 0.5 → 0.25"), "{listing}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
    let (code, _, err) = chiso(root, &["import", "appraisal", "2024", "STP", out]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        original.replacen("points = 0.5\n", "points = 0.25\n", 1)
    );
}

/// Each leaf shows the unit's own answer and self points beside the
/// council's cells: STP's 2.1.2 answered 0.75 points (scores/2024/self), the
/// council's round 1 gave 0.5 with a reason.
#[test]
fn the_sheet_shows_the_units_answer_beside_the_councils() {
    let dir = sample();
    let root = dir.path();
    let bytes = workbook(root, 2024, "STP", Some(1));
    let grids = chiso::import::table::parse("td.xlsx", bytes, Format::Xlsx).unwrap();
    let sheet = grids
        .iter()
        .find(|g| g.sheet.as_deref() == Some(appraisal::APPRAISAL_SHEET))
        .unwrap();
    let at = cell(root, 2024, "STP", "2.1.2", col::SELF_ANSWER);
    let row: usize = at[1..].parse::<usize>().unwrap() - 1;
    let text = |c: u16| sheet.rows[row].text(c as usize).to_string();
    assert_eq!(text(col::CODE), "2.1.2");
    assert_eq!(text(col::SELF_ANSWER), "0.75");
    assert_eq!(text(col::SELF_POINTS), "0.75");
    assert_eq!(text(col::ANSWER), "0.5");
    assert_eq!(text(col::ACCEPT), "");
    assert!(text(col::REASON).starts_with("01 dự thảo không đăng tải"));
    assert_eq!(text(col::BY), "Tổ thẩm định số 1");
}

/// An English workbook reads back by its own labels (`accept`, `Yes`).
#[test]
fn an_english_appraisal_workbook_reads_its_own_labels() {
    let dir = sample();
    let root = dir.path();
    let ws = load(root, 2024);
    let u = ws.unit("STP").unwrap();
    let bytes =
        chiso::excel::appraisal_template(&ws, u, ws.scheme_of(u).unwrap(), None, Lang::En).unwrap();
    let mut edit = Edit::open(&bytes);
    edit.set(
        1,
        &cell(root, 2024, "STP", "2.1.2", col::ACCEPT),
        Cell::Text("accept"),
    );
    edit.set(
        1,
        &cell(root, 2024, "STP", "4.2.1", col::ANSWER),
        Cell::Text("Yes"),
    );
    for code in ["2.1.2", "4.2.1"] {
        edit.set(
            1,
            &cell(root, 2024, "STP", code, col::REASON),
            Cell::Text("ok"),
        );
    }
    let imported = import(root, 2024, "STP", edit.bytes());
    assert!(
        errors(&imported.diagnostics).is_empty(),
        "{}",
        rendered(&imported.diagnostics, Lang::En)
    );
    let text = imported.text.unwrap();
    assert!(
        text.ends_with(
            "code = \"2.1.2\"\nround = 3\naccept = true\nreason = \"ok\"\n\n[[adjust]]\ncode = \"4.2.1\"\nround = 3\nyes = true\nreason = \"ok\"\n"
        ),
        "{text}"
    );
}
