//! The self-assessment workbook (`chiso template --format xlsx`, `chiso
//! import self`): every sample unit's answers survive the round trip, a blank
//! workbook filled cell by cell gives the unit's results, and every refusal
//! names its cell.

use crate::common;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::Path;

use chiso::diagnostic::{Diagnostic, Diagnostics};
use chiso::eval::{self, Options};
use chiso::excel::{self, FIRST_ROW, Line, col};
use chiso::i18n::Lang;
use chiso::import::table::{Format, column_letters};
use chiso::model::{AnswerValue, Workspace};
use common::{chiso, sample};
use rayon::prelude::*;

pub(crate) fn load(root: &Path, year: i64) -> Workspace {
    chiso::load::load_workspace(root, year).expect("year exists")
}

/// Every unit's results, both sides, every node, and its answers as the model
/// holds them: what must not change when answers go through a workbook.
fn results(root: &Path, year: i64) -> BTreeMap<String, String> {
    let ws = load(root, year);
    let r = eval::evaluate(&ws, &Options::default()).expect("evaluates");
    let mut out = BTreeMap::new();
    for u in &r.units {
        let nodes: Vec<String> = u
            .nodes
            .iter()
            .map(|n| format!("{:?} {:?} {:?}", n.self_, n.final_, n.decision))
            .collect();
        let answers: Vec<String> = ws
            .self_assessments
            .get(&u.code)
            .map(|s| {
                s.entries
                    .iter()
                    .map(|e| {
                        let facts: Vec<String> = e
                            .facts
                            .iter()
                            .map(|(k, f)| format!("{k}={}", f.value))
                            .collect();
                        format!(
                            "{} {:?} {facts:?} {:?} {:?} {:?} {}",
                            e.node,
                            e.answer.as_ref().map(|a| &a.value),
                            e.evidence,
                            e.note,
                            e.explanation,
                            e.rejected
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let submitted = ws
            .self_assessments
            .get(&u.code)
            .and_then(|s| s.submitted.clone());
        out.insert(
            u.code.clone(),
            format!(
                "{:?}\n{:?}\n{:?}\n{}\n{}\n{submitted:?}",
                u.self_,
                u.final_,
                u.rank,
                nodes.join("\n"),
                answers.join("\n")
            ),
        );
    }
    out
}

pub(crate) fn self_file(root: &Path, year: i64, unit: &str) -> std::path::PathBuf {
    excel::self_path(root, year, unit)
}

/// Reads `bytes` as `unit`'s workbook for `year` into its answer file
/// (merged into the file on disk when there is one).
pub(crate) fn import(root: &Path, year: i64, unit: &str, bytes: Vec<u8>) -> excel::SelfImport {
    let ws = load(root, year);
    let u = ws.unit(unit).expect("unit");
    let scheme = ws.scheme_of(u).expect("scheme");
    let target = self_file(root, year, unit);
    let existing = chiso::source::SourceFile::read(root, &target).ok();
    excel::read_self_assessment_workbook(
        "mau.xlsx",
        bytes,
        Format::Xlsx,
        year,
        u,
        scheme,
        existing.as_deref(),
        &format!("scores/{year}/self/{unit}.toml"),
    )
}

pub(crate) fn errors(d: &Diagnostics) -> Vec<&Diagnostic> {
    d.items.iter().filter(|d| d.is_error()).collect()
}

pub(crate) fn rendered(d: &Diagnostics, lang: Lang) -> String {
    d.items.iter().map(|d| d.render(lang)).collect()
}

/// Every unit of every sample year: its pre-filled workbook, imported after
/// its file is removed, gives the same answers and the same results.
#[test]
fn every_sample_unit_survives_the_round_trip() {
    let dir = sample();
    let root = dir.path();
    for year in [2023, 2024, 2025] {
        let before = results(root, year);
        let ws = load(root, year);
        // Built and read in parallel: the test runs in every `cargo test`.
        let workbooks: Vec<(String, Vec<u8>)> = ws
            .units
            .par_iter()
            .filter(|u| ws.self_assessments.contains_key(&u.code))
            .map(|u| {
                let scheme = ws.scheme_of(u).unwrap();
                (
                    u.code.clone(),
                    excel::template(&ws, u, scheme, Lang::Vi).unwrap(),
                )
            })
            .collect();
        assert!(workbooks.len() > 30, "{year}: {}", workbooks.len());
        for (unit, _) in &workbooks {
            std::fs::remove_file(self_file(root, year, unit)).unwrap();
        }
        // The workspace loaded once (without the files): the import reads
        // only the criteria tree.
        let ws = load(root, year);
        let files: Vec<(String, String)> = workbooks
            .into_par_iter()
            .map(|(unit, bytes)| {
                let u = ws.unit(&unit).unwrap();
                let imported = excel::read_self_assessment_workbook(
                    "mau.xlsx",
                    bytes,
                    Format::Xlsx,
                    year,
                    u,
                    ws.scheme_of(u).unwrap(),
                    None,
                    &format!("scores/{year}/self/{unit}.toml"),
                );
                assert!(
                    errors(&imported.diagnostics).is_empty(),
                    "{year} {unit}: {}",
                    rendered(&imported.diagnostics, Lang::En)
                );
                (unit, imported.text.unwrap())
            })
            .collect();
        for (unit, text) in files {
            std::fs::write(self_file(root, year, &unit), text).unwrap();
        }
        let after = results(root, year);
        assert_eq!(before.len(), after.len());
        for (unit, b) in &before {
            assert_eq!(b, &after[unit], "{year} {unit}");
        }
    }
}

/// A pre-filled workbook imported over the unchanged file changes nothing,
/// to the byte: comments, order and layout are the file's.
#[test]
fn an_unchanged_workbook_leaves_the_file_as_it_is() {
    let dir = sample();
    let root = dir.path();
    for unit in ["STP", "H-NINHHOA", "BDT"] {
        let ws = load(root, 2024);
        let u = ws.unit(unit).unwrap();
        let bytes = excel::template(&ws, u, ws.scheme_of(u).unwrap(), Lang::Vi).unwrap();
        let imported = import(root, 2024, unit, bytes);
        let original = std::fs::read_to_string(self_file(root, 2024, unit)).unwrap();
        assert!(
            imported.changes.is_empty(),
            "{unit}: {:?}",
            imported.changes
        );
        assert_eq!(imported.text.as_deref(), Some(original.as_str()), "{unit}");
    }
}

/// An XLSX edited as a spreadsheet program would save it: the cells of one
/// sheet replaced in its XML (a number, or text written inline).
pub(crate) struct Edit {
    parts: Vec<(String, Vec<u8>)>,
}

pub(crate) enum Cell<'a> {
    Number(&'a str),
    Text(&'a str),
}

impl Edit {
    pub(crate) fn open(bytes: &[u8]) -> Edit {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let parts = (0..zip.len())
            .map(|i| {
                let mut f = zip.by_index(i).unwrap();
                let mut content = Vec::new();
                f.read_to_end(&mut content).unwrap();
                (f.name().to_string(), content)
            })
            .collect();
        Edit { parts }
    }

    /// Sets a cell of sheet `n` (1: the answers, 3: the hidden sheet).
    pub(crate) fn set(&mut self, sheet: usize, cell: &str, value: Cell) -> &mut Edit {
        let name = format!("xl/worksheets/sheet{sheet}.xml");
        let part = self.parts.iter_mut().find(|(n, _)| *n == name).unwrap();
        let xml = String::from_utf8(part.1.clone()).unwrap();
        let open = format!("<c r=\"{cell}\"");
        let start = xml
            .find(&open)
            .unwrap_or_else(|| panic!("{cell} not in {name}"));
        let rest = &xml[start..];
        let tag_end = rest.find('>').unwrap();
        let end = if rest[..tag_end].ends_with('/') {
            tag_end + 1
        } else {
            rest.find("</c>").unwrap() + 4
        };
        let style = rest[..tag_end]
            .split(' ')
            .find(|a| a.starts_with("s="))
            .map(|s| format!(" {}", s.trim_end_matches('/')))
            .unwrap_or_default();
        let escape = |s: &str| {
            s.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;")
        };
        let element = match value {
            Cell::Number(n) => format!("<c r=\"{cell}\"{style}><v>{n}</v></c>"),
            Cell::Text(t) => format!(
                "<c r=\"{cell}\"{style} t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
                escape(t)
            ),
        };
        let xml = format!("{}{element}{}", &xml[..start], &rest[end..]);
        part.1 = xml.into_bytes();
        self
    }

    pub(crate) fn bytes(&self) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in &self.parts {
            zip.start_file(name.as_str(), options).unwrap();
            zip.write_all(content).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }
}

/// The answer sheet's cell of a row and column.
pub(crate) fn cell(row: usize, c: u16) -> String {
    format!(
        "{}{}",
        column_letters(c as usize),
        FIRST_ROW as usize + row + 1
    )
}

/// The row (from [`FIRST_ROW`]) of a leaf, or of one of its facts.
pub(crate) fn row_of(ws: &Workspace, unit: &str, code: &str, fact: Option<&str>) -> usize {
    let u = ws.unit(unit).unwrap();
    let scheme = ws.scheme_of(u).unwrap();
    let i = scheme.by_code[code];
    excel::lines(scheme)
        .iter()
        .position(|&l| match (l, fact) {
            (Line::Leaf(n), None) => n == i,
            (Line::Fact(n, k), Some(f)) => {
                n == i && scheme.nodes[i].fact_inputs().nth(k).unwrap().name == f
            }
            _ => false,
        })
        .unwrap()
}

pub(crate) fn blank_workbook(root: &Path, year: i64, unit: &str) -> Vec<u8> {
    let ws = load(root, year);
    let u = ws.unit(unit).unwrap();
    excel::self_assessment_workbook(&ws, u, ws.scheme_of(u).unwrap(), None, Lang::Vi).unwrap()
}

/// A blank workbook filled cell by cell with a unit's sample answers (as the
/// unit's officer would type them) gives the unit's results.
#[test]
fn a_blank_workbook_filled_with_the_sample_answers_gives_the_same_results() {
    let dir = sample();
    let root = dir.path();
    for unit in ["STP", "H-NINHHOA", "BDT"] {
        let before = results(root, 2024);
        let path = self_file(root, 2024, unit);
        let answers: toml::Table = std::fs::read_to_string(&path).unwrap().parse().unwrap();
        let ws = load(root, 2024);
        let blank = blank_workbook(root, 2024, unit);
        std::fs::remove_file(&path).unwrap();
        let mut edit = Edit::open(&blank);
        if let Some(s) = answers.get("submitted") {
            edit.set(1, "C2", Cell::Text(s.to_string().trim_matches('"')));
        }
        for (code, entry) in answers["c"].as_table().unwrap() {
            let row = row_of(&ws, unit, code, None);
            let entry = entry.as_table().unwrap();
            for (key, v) in entry {
                let text = |v: &toml::Value| match v {
                    toml::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                match key.as_str() {
                    "points" => edit.set(1, &cell(row, col::ANSWER), Cell::Number(&text(v))),
                    "yes" => edit.set(
                        1,
                        &cell(row, col::ANSWER),
                        Cell::Text(if v.as_bool().unwrap() {
                            "Có"
                        } else {
                            "Không"
                        }),
                    ),
                    "choice" => edit.set(1, &cell(row, col::ANSWER), Cell::Text(&text(v))),
                    "na" => edit.set(1, &cell(row, col::NA), Cell::Text("Không phát sinh")),
                    "facts" => {
                        for (fact, value) in v.as_table().unwrap() {
                            let r = row_of(&ws, unit, code, Some(fact));
                            edit.set(1, &cell(r, col::ANSWER), Cell::Number(&text(value)));
                        }
                        &mut edit
                    }
                    "evidence" => {
                        let lines: Vec<String> = match v {
                            toml::Value::Array(a) => a.iter().map(text).collect(),
                            other => vec![text(other)],
                        };
                        edit.set(1, &cell(row, col::EVIDENCE), Cell::Text(&lines.join("\n")))
                    }
                    "note" => edit.set(1, &cell(row, col::NOTE), Cell::Text(&text(v))),
                    "explanation" => {
                        edit.set(1, &cell(row, col::EXPLANATION), Cell::Text(&text(v)))
                    }
                    other => panic!("{unit} {code}: {other}"),
                };
            }
        }
        let imported = import(root, 2024, unit, edit.bytes());
        assert!(
            errors(&imported.diagnostics).is_empty(),
            "{unit}: {}",
            rendered(&imported.diagnostics, Lang::En)
        );
        std::fs::write(&path, imported.text.unwrap()).unwrap();
        assert_eq!(before[unit], results(root, 2024)[unit], "{unit}");
    }
}

/// The one error of a refused import, rendered in both languages.
pub(crate) fn refusal(imported: &excel::SelfImport) -> (&Diagnostic, String, String) {
    assert!(imported.text.is_none(), "not refused");
    let errors = errors(&imported.diagnostics);
    assert_eq!(
        errors.len(),
        1,
        "{}",
        rendered(&imported.diagnostics, Lang::En)
    );
    (
        errors[0],
        errors[0].render(Lang::Vi),
        errors[0].render(Lang::En),
    )
}

/// A count with a fraction, typed as a number or as text, is refused at its cell.
#[test]
fn a_fraction_in_a_count_is_refused() {
    let dir = sample();
    let root = dir.path();
    let ws = load(root, 2024);
    let row = row_of(&ws, "STP", "1.1.2", Some("nv_hoan_thanh"));
    let at = format!(
        "--> mau.xlsx[Tự đánh giá]!{} › 1.1.2",
        cell(row, col::ANSWER)
    );
    // A spreadsheet number: the answer file's own diagnostic, at the cell.
    let mut edit = Edit::open(&blank_workbook(root, 2024, "STP"));
    edit.set(1, &cell(row, col::ANSWER), Cell::Number("1.5"));
    let imported = import(root, 2024, "STP", edit.bytes());
    let (d, vi, _) = refusal(&imported);
    assert_eq!(d.code.id(), "E0314");
    assert!(vi.contains(&at), "{vi}");
    // Text the Vietnamese way: `1,5` is not whole, `1.036` is a thousand and thirty-six.
    let mut edit = Edit::open(&blank_workbook(root, 2024, "STP"));
    edit.set(1, &cell(row, col::ANSWER), Cell::Text("1,5"));
    let imported = import(root, 2024, "STP", edit.bytes());
    let (d, vi, en) = refusal(&imported);
    assert_eq!(d.code.id(), "E0716");
    assert!(vi.contains(&at), "{vi}");
    assert!(
        en.contains("the count `1,5` must be a whole number"),
        "{en}"
    );
    let mut edit = Edit::open(&blank_workbook(root, 2024, "STP"));
    edit.set(1, &cell(row, col::ANSWER), Cell::Text("1.036"));
    let imported = import(root, 2024, "STP", edit.bytes());
    assert!(
        imported
            .text
            .as_deref()
            .unwrap()
            .contains("facts = { nv_hoan_thanh = 1036 }"),
        "{:?}",
        imported.text
    );
}

#[test]
fn points_outside_zero_to_max_are_refused() {
    let dir = sample();
    let root = dir.path();
    let ws = load(root, 2024);
    // 1.2.1 is scored manually, out of 0.75.
    let leaf = ws
        .scheme_of(ws.unit("STP").unwrap())
        .unwrap()
        .get("1.2.1")
        .unwrap();
    assert_eq!(leaf.max, common::d("0.75"));
    let row = row_of(&ws, "STP", "1.2.1", None);
    let mut edit = Edit::open(&blank_workbook(root, 2024, "STP"));
    edit.set(1, &cell(row, col::ANSWER), Cell::Number("1"));
    let imported = import(root, 2024, "STP", edit.bytes());
    let (d, vi, en) = refusal(&imported);
    assert_eq!(d.code.id(), "E0212");
    let at = format!(
        "--> mau.xlsx[Tự đánh giá]!{} › 1.2.1",
        cell(row, col::ANSWER)
    );
    assert!(vi.contains(&at), "{vi}");
    assert!(en.contains("0.75"), "{en}");
    // In JSON: the cell in place of line and column.
    let json = serde_json::to_value(d.to_json(Lang::En)).unwrap();
    assert_eq!(json["file"], "mau.xlsx[Tự đánh giá]");
    assert_eq!(json["cell"], cell(row, col::ANSWER));
    assert_eq!(json["criterion"], "1.2.1");
    assert!(json.get("line").is_none(), "{json}");
    let schema = crate::cli::json_schema("diagnostic");
    crate::cli::assert_valid(&schema, &json.to_string(), "a workbook's diagnostic");
    // Below zero too.
    edit.set(1, &cell(row, col::ANSWER), Cell::Number("-0.25"));
    let imported = import(root, 2024, "STP", edit.bytes());
    let (d, _, _) = refusal(&imported);
    assert_eq!(d.code.id(), "E0212");
}

#[test]
fn an_unknown_choice_label_is_refused_with_the_options() {
    let dir = sample();
    let root = dir.path();
    let ws = load(root, 2024);
    let row = row_of(&ws, "STP", "1.1.1", None);
    let mut edit = Edit::open(&blank_workbook(root, 2024, "STP"));
    edit.set(
        1,
        &cell(row, col::ANSWER),
        Cell::Text("ban hanh sau ngay 31/01/2024"),
    );
    let imported = import(root, 2024, "STP", edit.bytes());
    let (d, vi, _) = refusal(&imported);
    assert_eq!(d.code.id(), "E0306");
    let at = format!(
        "--> mau.xlsx[Tự đánh giá]!{} › 1.1.1",
        cell(row, col::ANSWER)
    );
    assert!(vi.contains(&at), "{vi}");
    // The hint of the answer file: the label meant, with its diacritics.
    assert!(vi.contains("Ban hành sau ngày 31/01/2024"), "{vi}");
}

/// End to end: the workbook's file name chooses the format; a dry run lists
/// the changes and writes nothing; a refused workbook writes nothing; the
/// real run writes the answer.
#[test]
fn template_and_import_self_on_the_command_line() {
    let dir = sample();
    let root = dir.path();
    let form = root.join("mau-STP.xlsx");
    let (code, _, err) = chiso(
        root,
        &["template", "2024", "STP", "-o", form.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    let bytes = std::fs::read(&form).unwrap();
    assert!(bytes.starts_with(b"PK"), "not a workbook");
    let path = self_file(root, 2024, "STP");
    let original = std::fs::read_to_string(&path).unwrap();
    let ws = load(root, 2024);
    let row = row_of(&ws, "STP", "1.2.1", None);
    let mut edit = Edit::open(&bytes);
    edit.set(1, &cell(row, col::ANSWER), Cell::Number("0.5"));
    std::fs::write(&form, edit.bytes()).unwrap();
    let args = ["import", "self", "2024", "STP", form.to_str().unwrap()];
    let (code, out, err) = chiso(root, &[&args[..], &["--dry-run", "--lang", "en"]].concat());
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("1.2.1  points: 0.75 → 0.5"), "{out}");
    assert!(out.contains("1 criteria changed"), "{out}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
    // Refused: nothing written.
    edit.set(1, &cell(row, col::ANSWER), Cell::Number("7"));
    std::fs::write(&form, edit.bytes()).unwrap();
    let (code, _, err) = chiso(root, &args);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("E0212"), "{err}");
    assert!(err.contains("không ghi gì"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
    // Written: only the changed value differs.
    edit.set(1, &cell(row, col::ANSWER), Cell::Number("0.5"));
    std::fs::write(&form, edit.bytes()).unwrap();
    let (code, _, err) = chiso(root, &args);
    assert_eq!(code, 0, "{err}");
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        written,
        original.replacen(
            "[c.\"1.2.1\"]\npoints = 0.75",
            "[c.\"1.2.1\"]\npoints = 0.5",
            1
        )
    );
    // The extension decides, and contradicting it is refused.
    let (code, _, err) = chiso(
        root,
        &[
            "template",
            "2024",
            "STP",
            "--format",
            "toml",
            "-o",
            form.to_str().unwrap(),
            "--force",
        ],
    );
    assert_eq!(code, 2, "{err}");
    // Answers of another year are not another year's.
    let (code, _, err) = chiso(
        root,
        &["import", "self", "2023", "STP", form.to_str().unwrap()],
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("E0712"), "{err}");
}

/// A unit's self assessment entries keep their answers through the model
/// (the sample has every method and `na`).
#[test]
fn the_sample_has_every_kind_of_answer() {
    let dir = sample();
    let ws = load(dir.path(), 2024);
    let kinds: std::collections::BTreeSet<&str> = ws
        .self_assessments
        .values()
        .flat_map(|s| s.entries.iter())
        .filter_map(|e| e.answer.as_ref())
        .map(|a| match a.value {
            AnswerValue::Points(_) => "points",
            AnswerValue::Yes(_) => "yes",
            AnswerValue::Choice(_) => "choice",
            AnswerValue::NotApplicable => "na",
        })
        .collect();
    assert_eq!(kinds.len(), 4, "{kinds:?}");
}

/// A workbook made with `--lang en` has English labels (`Yes`, `No`, `Not
/// applicable`) and reads back by them: the hidden sheet records its language.
#[test]
fn an_english_workbook_reads_back_by_its_own_labels() {
    let dir = sample();
    let root = dir.path();
    let ws = load(root, 2024);
    let u = ws.unit("BDT").unwrap();
    let bytes = excel::template(&ws, u, ws.scheme_of(u).unwrap(), Lang::En).unwrap();
    let imported = import(root, 2024, "BDT", bytes.clone());
    assert!(imported.changes.is_empty(), "{:?}", imported.changes);
    let original = std::fs::read_to_string(self_file(root, 2024, "BDT")).unwrap();
    assert_eq!(imported.text.as_deref(), Some(original.as_str()));
    // A Vietnamese label in an English workbook is not one of its values.
    let row = row_of(&ws, "BDT", "1.3.1", None);
    let mut edit = Edit::open(&bytes);
    edit.set(1, &cell(row, col::ANSWER), Cell::Text("Có"));
    let imported = import(root, 2024, "BDT", edit.bytes());
    let (d, _, en) = refusal(&imported);
    assert_eq!(d.code.id(), "E0717");
    assert!(en.contains("choose one of: Yes, No"), "{en}");
}
