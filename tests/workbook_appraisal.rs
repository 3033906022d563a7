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
use rayon::prelude::*;

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

/// The rounds of every unit's appraisal file of the sample year.
fn appraisal_rounds(ws: &chiso::model::Workspace) -> Vec<(String, u32)> {
    let mut out: Vec<(String, u32)> = ws
        .appraisals
        .iter()
        .map(|(unit, a)| {
            let last = a.adjustments.iter().map(|j| j.round).max().unwrap_or(0);
            (unit.clone(), last)
        })
        .filter(|(_, last)| *last > 0)
        .collect();
    out.sort();
    out
}

/// Every sample unit's appraisal, every round (answers, `accept`, fact
/// adjustments, reasons): its workbooks, imported round after round after
/// the appraisal file is removed, give the same final results.
#[test]
fn sample_appraisals_survive_the_round_trip() {
    let dir = sample();
    let root = dir.path();
    let (mut with_facts, mut two_rounds) = (0, 0);
    for year in [2023, 2024, 2025] {
        let before = finals(root, year);
        let ws = load(root, year);
        let results = eval::evaluate(&ws, &Options::default());
        let rounds = appraisal::Rounds::of(&ws);
        let units = appraisal_rounds(&ws);
        with_facts += units
            .iter()
            .filter(|(u, _)| {
                ws.appraisals[u]
                    .adjustments
                    .iter()
                    .any(|j| !j.facts.is_empty())
            })
            .count();
        two_rounds += units.iter().filter(|(_, last)| *last >= 2).count();
        let files: Vec<(String, String)> = units
            .par_iter()
            .map(|(unit, last)| {
                let u = ws.unit(unit).unwrap();
                let scheme = ws.scheme_of(u).unwrap();
                let target = format!("scores/{year}/appraisal/{unit}.toml");
                let mut text: Option<String> = None;
                for round in 1..=*last {
                    let bytes = chiso::excel::appraisal_template_with(
                        &ws,
                        results.as_ref(),
                        u,
                        scheme,
                        Some(round),
                        Lang::Vi,
                    )
                    .unwrap();
                    let existing = text
                        .as_deref()
                        .map(|t| chiso::source::SourceFile::new(&target, t));
                    let imported = appraisal::read_appraisal_workbook(
                        "td.xlsx",
                        bytes,
                        Format::Xlsx,
                        year,
                        u,
                        scheme,
                        rounds,
                        existing.as_deref(),
                        &target,
                    );
                    assert!(
                        errors(&imported.diagnostics).is_empty(),
                        "{year} {unit} {round}: {}",
                        rendered(&imported.diagnostics, Lang::En)
                    );
                    assert!(!imported.changes.is_empty(), "{year} {unit} {round}");
                    text = imported.text;
                }
                (unit.clone(), text.unwrap())
            })
            .collect();
        for (unit, text) in &files {
            std::fs::write(appraisal_path(root, year, unit), text).unwrap();
        }
        let after = finals(root, year);
        for (unit, _) in &files {
            assert_eq!(before[unit], after[unit], "{year} {unit}");
        }
    }
    assert!(
        with_facts >= 10 && two_rounds >= 10,
        "{with_facts} {two_rounds}"
    );
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
    // The first layout (before the fact rows): told to make it again.
    let mut edit = Edit::open(&workbook(root, 2024, "STP", Some(1)));
    edit.set(3, "B1", Cell::Text("chiso-appraisal-1"));
    let imported = import(root, 2024, "STP", edit.bytes());
    let (d, vi, _) = refusal(&imported);
    assert_eq!(d.code.id(), "E0715");
    assert!(
        vi.contains("bố cục chiso-appraisal-1") && vi.contains("chiso template"),
        "{vi}"
    );

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

/// The appraisal sheet's cell of a leaf's fact and column.
pub(crate) fn fact_cell(
    root: &Path,
    year: i64,
    unit: &str,
    code: &str,
    fact: &str,
    c: u16,
) -> String {
    let ws = load(root, year);
    let scheme = ws.scheme_of(ws.unit(unit).unwrap()).unwrap();
    let i = scheme.by_code[code];
    let k = scheme.nodes[i]
        .fact_inputs()
        .position(|f| f.name == fact)
        .unwrap();
    let n = appraisal_lines(scheme)
        .iter()
        .position(|&l| l == Line::Fact(i, k))
        .unwrap();
    format!(
        "{}{}",
        column_letters(c as usize),
        FIRST_ROW as usize + n + 1
    )
}

fn sheet_text(bytes: Vec<u8>, at: &str) -> String {
    let grids = chiso::import::table::parse("td.xlsx", bytes, Format::Xlsx).unwrap();
    let sheet = grids
        .iter()
        .find(|g| g.sheet.as_deref() == Some(appraisal::APPRAISAL_SHEET))
        .unwrap();
    let letters: String = at.chars().take_while(char::is_ascii_alphabetic).collect();
    let row: usize = at[letters.len()..].parse::<usize>().unwrap() - 1;
    let c = (0..20).find(|&c| column_letters(c) == letters).unwrap();
    sheet.rows[row].text(c).to_string()
}

/// A fact row shows the unit's figure and the council's, and the council's
/// figure typed on the sheet is written into the round's `facts`: BQLKKT's
/// 1.1.2 (2024) has the council's `nv_hoan_thanh = 45` in round 1.
#[test]
fn fact_adjustments_are_on_the_sheet_and_read_back() {
    let dir = sample();
    let root = dir.path();
    let path = appraisal_path(root, 2024, "BQLKKT");
    let original = std::fs::read_to_string(&path).unwrap();
    assert!(
        original.contains("facts = { nv_hoan_thanh = 45 }"),
        "{original}"
    );
    let bytes = workbook(root, 2024, "BQLKKT", Some(1));
    let council = fact_cell(root, 2024, "BQLKKT", "1.1.2", "nv_hoan_thanh", col::ANSWER);
    assert_eq!(sheet_text(bytes.clone(), &council), "45");
    let own = fact_cell(
        root,
        2024,
        "BQLKKT",
        "1.1.2",
        "nv_hoan_thanh",
        col::SELF_ANSWER,
    );
    let ws = load(root, 2024);
    let u = ws.unit("BQLKKT").unwrap();
    let i = ws.scheme_of(u).unwrap().by_code["1.1.2"];
    let unit_figure = ws.self_assessments["BQLKKT"]
        .entries
        .iter()
        .find(|e| e.node == i)
        .and_then(|e| e.facts.get("nv_hoan_thanh"))
        .map(|f| f.value.to_string())
        .unwrap_or_default();
    assert_eq!(sheet_text(bytes.clone(), &own), unit_figure);
    // The council's figure changed on the sheet: only that value changes.
    let mut edit = Edit::open(&bytes);
    edit.set(1, &council, Cell::Text("1.036"));
    let imported = import(root, 2024, "BQLKKT", edit.bytes());
    assert!(
        errors(&imported.diagnostics).is_empty(),
        "{}",
        rendered(&imported.diagnostics, Lang::En)
    );
    assert_eq!(
        imported.text.as_deref(),
        Some(
            original
                .replacen(
                    "facts = { nv_hoan_thanh = 45 }",
                    "facts = { nv_hoan_thanh = 1036 }",
                    1
                )
                .as_str()
        )
    );
    assert_eq!(
        imported.changes,
        vec![(
            "1.1.2".to_string(),
            vec!["facts: { nv_hoan_thanh = 45 } → { nv_hoan_thanh = 1036 }".to_string()]
        )]
    );
    // The fact cell emptied: the adjustment has nothing left but its reason,
    // refused by the file's rule at the leaf's row.
    let mut edit = Edit::open(&bytes);
    edit.set(1, &council, Cell::Text(""));
    let imported = import(root, 2024, "BQLKKT", edit.bytes());
    let (d, _, _) = refusal(&imported);
    assert_eq!(d.code.id(), "E0305");
}

/// A fraction in a count's cell is refused at that cell: as a spreadsheet
/// number by the file's own rule (E0314), as text by the workbook's (E0716).
#[test]
fn a_fraction_in_a_count_fact_is_refused_at_its_cell() {
    let dir = sample();
    let root = dir.path();
    let bytes = workbook(root, 2024, "BQLKKT", Some(1));
    let council = fact_cell(root, 2024, "BQLKKT", "1.1.2", "nv_hoan_thanh", col::ANSWER);
    let at = format!("td.xlsx[Thẩm định]!{council} › 1.1.2");
    for (value, code) in [(Cell::Number("1.5"), "E0314"), (Cell::Text("1,5"), "E0716")] {
        let mut edit = Edit::open(&bytes);
        edit.set(1, &council, value);
        let imported = import(root, 2024, "BQLKKT", edit.bytes());
        let (d, vi, _) = refusal(&imported);
        assert_eq!(d.code.id(), code);
        assert!(vi.contains(&at), "{vi}");
    }
}

/// A new fact adjustment without a reason is refused at its reason cell; with
/// one it is appended as the round's adjustment of the leaf.
#[test]
fn a_new_fact_adjustment_is_appended() {
    let dir = sample();
    let root = dir.path();
    let bytes = workbook(root, 2024, "STP", Some(1));
    let council = fact_cell(root, 2024, "STP", "1.1.2", "nv_hoan_thanh", col::ANSWER);
    let mut edit = Edit::open(&bytes);
    edit.set(1, &council, Cell::Number("7"));
    let imported = import(root, 2024, "STP", edit.bytes());
    assert_eq!(refusal(&imported).0.code.id(), "E0719");
    edit.set(
        1,
        &cell(root, 2024, "STP", "1.1.2", col::REASON),
        Cell::Text("Số liệu theo báo cáo của Văn phòng"),
    );
    let imported = import(root, 2024, "STP", edit.bytes());
    let text = imported.text.unwrap();
    assert!(
        text.ends_with(
            "\n[[adjust]]\ncode = \"1.1.2\"\nround = 1\nfacts = { nv_hoan_thanh = 7 }\nreason = \"Số liệu theo báo cáo của Văn phòng\"\n"
        ),
        "{text}"
    );
}

/// A unit with two rounds (STP, 2024): the round-2 sheet changes round 2 and
/// keeps round 1 as it is, and the round-1 sheet the other way round.
#[test]
fn each_rounds_sheet_keeps_the_other_rounds() {
    let dir = sample();
    let root = dir.path();
    let path = appraisal_path(root, 2024, "STP");
    let original = std::fs::read_to_string(&path).unwrap();
    let round_2 = "code = \"4.2.1\"\nround = 2\naccept = true\n";
    assert!(original.contains(round_2), "{original}");
    // Round 2: 4.2.1 now not accepted (round 1's `yes = false` stands).
    let mut edit = Edit::open(&workbook(root, 2024, "STP", Some(2)));
    edit.set(
        1,
        &cell(root, 2024, "STP", "4.2.1", col::ACCEPT),
        Cell::Text("không chấp nhận"),
    );
    let imported = import(root, 2024, "STP", edit.bytes());
    assert!(errors(&imported.diagnostics).is_empty());
    assert_eq!(
        imported.text.as_deref(),
        Some(
            original
                .replacen(round_2, "code = \"4.2.1\"\nround = 2\naccept = false\n", 1)
                .as_str()
        )
    );
    // Round 1: 4.2.1's answer changed; round 2's acceptance is kept.
    let mut edit = Edit::open(&workbook(root, 2024, "STP", Some(1)));
    edit.set(
        1,
        &cell(root, 2024, "STP", "4.2.1", col::ANSWER),
        Cell::Text("Có"),
    );
    let imported = import(root, 2024, "STP", edit.bytes());
    assert!(errors(&imported.diagnostics).is_empty());
    assert_eq!(
        imported.text.as_deref(),
        Some(
            original
                .replacen("round = 1\nyes = false\n", "round = 1\nyes = true\n", 1)
                .as_str()
        )
    );
}

/// The hidden sheet's round is checked against the year's rounds: one that
/// skips a round (2024 has reached round 2), or one the season schedule does
/// not have (2025 schedules 2), is refused at its cell (E0720); the template
/// refuses to make such a workbook.
#[test]
fn a_round_the_year_does_not_allow_is_refused_at_its_cell() {
    let dir = sample();
    let root = dir.path();
    for (year, unit, round, says) in [
        (2024, "STP", "4", "mới đến vòng 2"),
        (2025, "STP", "3", "chỉ có 2 vòng thẩm định"),
    ] {
        let mut edit = Edit::open(&workbook(root, year, unit, Some(1)));
        edit.set(3, "B7", Cell::Text(round));
        let imported = import(root, year, unit, edit.bytes());
        let (d, vi, _) = refusal(&imported);
        assert_eq!(d.code.id(), "E0720");
        assert!(vi.contains("td.xlsx[chiso]!B7"), "{vi}");
        assert!(vi.contains(says), "{vi}");
        let out = root.join("td.xlsx");
        let (code, _, err) = chiso(
            root,
            &[
                "template",
                &year.to_string(),
                unit,
                "--for",
                "appraisal",
                "--round",
                round,
                "-o",
                out.to_str().unwrap(),
            ],
        );
        assert_eq!(code, 2, "{err}");
        assert!(err.contains(says), "{err}");
        assert!(!out.exists());
    }
    // Without --round, 2025's STP (rounds 1 and 2 done, 2 scheduled) gets
    // the schedule's last round, not a third.
    let ws = load(root, 2025);
    let text = chiso::excel::appraisal_text(&ws, ws.unit("STP").unwrap());
    assert_eq!(appraisal::default_round(text, ws.schedule.as_ref()), 2);
}

/// `template <year> --all -o <folder>`: every unit of the year gets its
/// workbook, named after it, in a folder created inside the workspace; each
/// imports back with no change. Existing workbooks are not replaced without
/// --force.
#[test]
fn the_whole_year_gets_one_workbook_per_unit() {
    let dir = sample();
    let root = dir.path();
    let folder = root.join("mau/2024");
    let (code, out, err) = chiso(
        root,
        &["template", "2024", "--all", "-o", folder.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    let ws = load(root, 2024);
    let units: Vec<&chiso::model::Unit> = ws
        .units
        .iter()
        .filter(|u| ws.scheme_of(u).is_some())
        .collect();
    assert!(units.len() > 30, "{}", units.len());
    assert_eq!(
        out,
        format!(
            "đã ghi {} bảng tính vào {}\n",
            units.len(),
            folder.display()
        )
    );
    let names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), units.len(), "{names:?}");
    units.par_iter().for_each(|u| {
        let file = folder.join(format!("mau-{}-2024.xlsx", u.code));
        let target = crate::workbook::self_file(root, 2024, &u.code);
        let existing = chiso::source::SourceFile::read(root, &target).ok();
        let imported = chiso::excel::read_self_assessment_workbook(
            "mau.xlsx",
            std::fs::read(&file).unwrap(),
            Format::Xlsx,
            2024,
            u,
            ws.scheme_of(u).unwrap(),
            existing.as_deref(),
            &format!("scores/2024/self/{}.toml", u.code),
        );
        assert!(errors(&imported.diagnostics).is_empty(), "{}", u.code);
        assert!(
            imported.changes.is_empty(),
            "{}: {:?}",
            u.code,
            imported.changes
        );
        if let Some(f) = &existing {
            assert_eq!(
                imported.text.as_deref(),
                Some(f.text.as_str()),
                "{}",
                u.code
            );
        }
    });
    // Again: refused whole, nothing replaced; with --force, written again.
    let stp = folder.join("mau-STP-2024.xlsx");
    std::fs::write(&stp, b"filled").unwrap();
    let (code, _, err) = chiso(
        root,
        &["template", "2024", "--all", "-o", folder.to_str().unwrap()],
    );
    assert_eq!(code, 2, "{err}");
    assert_eq!(std::fs::read(&stp).unwrap(), b"filled");
    let (code, _, err) = chiso(
        root,
        &[
            "template",
            "2024",
            "--all",
            "-o",
            folder.to_str().unwrap(),
            "--force",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_ne!(std::fs::read(&stp).unwrap(), b"filled");
    // A file is no folder.
    let (code, _, err) = chiso(
        root,
        &["template", "2024", "--all", "-o", stp.to_str().unwrap()],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("không phải là thư mục"), "{err}");
}

/// `--all --for appraisal`: one appraisal workbook per unit that has a
/// self-assessment, each importing back with no change.
#[test]
fn the_whole_years_appraisal_workbooks() {
    let dir = sample();
    let root = dir.path();
    let folder = root.join("tham-dinh");
    let (code, out, err) = chiso(
        root,
        &[
            "template",
            "2024",
            "--all",
            "--for",
            "appraisal",
            "--round",
            "2",
            "-o",
            folder.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let ws = load(root, 2024);
    let units: Vec<&chiso::model::Unit> = ws
        .units
        .iter()
        .filter(|u| ws.self_assessments.contains_key(&u.code))
        .collect();
    assert!(
        out.starts_with(&format!("đã ghi {} bảng tính", units.len())),
        "{out}"
    );
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), units.len());
    let rounds = appraisal::Rounds::of(&ws);
    units.par_iter().for_each(|u| {
        let file = folder.join(format!("tham-dinh-{}-2024.xlsx", u.code));
        let target = appraisal_path(root, 2024, &u.code);
        let existing = chiso::source::SourceFile::read(root, &target).ok();
        let imported = appraisal::read_appraisal_workbook(
            "td.xlsx",
            std::fs::read(&file).unwrap(),
            Format::Xlsx,
            2024,
            u,
            ws.scheme_of(u).unwrap(),
            rounds,
            existing.as_deref(),
            &format!("scores/2024/appraisal/{}.toml", u.code),
        );
        assert!(errors(&imported.diagnostics).is_empty(), "{}", u.code);
        assert!(
            imported.changes.is_empty(),
            "{}: {:?}",
            u.code,
            imported.changes
        );
        if let Some(f) = &existing {
            assert_eq!(
                imported.text.as_deref(),
                Some(f.text.as_str()),
                "{}",
                u.code
            );
        }
    });
}

/// The appraisal workbook has an instruction sheet, Vietnamese by default
/// and English with `--lang en`, naming the round and the import command.
#[test]
fn the_appraisal_workbook_has_instructions() {
    let dir = sample();
    let root = dir.path();
    let ws = load(root, 2024);
    let u = ws.unit("STP").unwrap();
    for (lang, first, import) in [
        (
            Lang::Vi,
            "Bảng tính thẩm định Chỉ số CCHC năm 2024, vòng 2, của đơn vị STP",
            "chiso import appraisal 2024 STP <tệp>.xlsx",
        ),
        (
            Lang::En,
            "Appraisal workbook of the PAR Index 2024, round 2, for unit STP",
            "chiso import appraisal 2024 STP <file>.xlsx",
        ),
    ] {
        let bytes =
            chiso::excel::appraisal_template(&ws, u, ws.scheme_of(u).unwrap(), Some(2), lang)
                .unwrap();
        let grids = chiso::import::table::parse("td.xlsx", bytes, Format::Xlsx).unwrap();
        let guide = grids
            .iter()
            .find(|g| g.sheet.as_deref() == Some(chiso::excel::GUIDE_SHEET))
            .expect("an instruction sheet");
        let text: Vec<&str> = guide.rows.iter().map(|r| r.text(0)).collect();
        assert!(text.iter().any(|t| t.starts_with(first)), "{text:?}");
        assert!(text.iter().any(|t| t.contains(import)), "{text:?}");
    }
}
