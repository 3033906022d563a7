//! Reading a filled self-assessment workbook back into the unit's answer file.
//!
//! The workbook is turned into the TOML a hand-written file would hold,
//! merged into the unit's existing file (its comments and order kept), and
//! the result is read by the same loader as every answer file: the model and
//! the diagnostics are the file's, each moved from the TOML's line and column
//! to the cell the value came from.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use rust_decimal::Decimal;
use toml_edit::{DocumentMut, Item, TableLike, Value};

use super::{
    ANSWER_SHEET, FIRST_ROW, FORMAT, Line, META_SHEET, SUBMITTED, answered_by_unit, col,
    fingerprint, lines, meta,
};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::i18n::{Lang, Msg, WorkbookMsg as W};
use crate::import::numbers::{self, NumError};
use crate::import::table::{self, Format, Grid};
use crate::load::answers::load_self;
use crate::model::{FactKind, Method, Scheme, Unit};
use crate::num;
use crate::source::{SourceFile, Span};

/// What reading a workbook gives.
#[derive(Debug)]
pub struct SelfImport {
    /// The answer file's new text; `None` when the workbook is refused
    /// (an error in [`SelfImport::diagnostics`]).
    pub text: Option<String>,
    /// What changes against the existing file, criterion by criterion:
    /// the code and one `key: before → after` per changed key.
    pub changes: Vec<(String, Vec<String>)>,
    pub diagnostics: Diagnostics,
}

impl SelfImport {
    /// The merged file `text` (named `target`) with the workbook's and the
    /// loader's diagnostics: errors of the workbook refuse it; those the
    /// existing file already had elsewhere are reported and do not.
    pub(super) fn judged(
        text: String,
        changes: Vec<(String, Vec<String>)>,
        diagnostics: Diagnostics,
        target: &str,
    ) -> SelfImport {
        let refused = diagnostics.items.iter().any(|d| {
            d.is_error()
                && d.location
                    .as_ref()
                    .is_none_or(|l| l.file.sheet || l.file.name != target)
        });
        SelfImport {
            text: (!refused).then_some(text),
            changes,
            diagnostics,
        }
    }

    pub(super) fn refused(diagnostics: Diagnostics) -> SelfImport {
        SelfImport {
            text: None,
            changes: Vec::new(),
            diagnostics,
        }
    }
}

/// The keys of an answer table that the workbook writes; the others (and
/// the tables of leaves it does not show) are left as the file has them.
const ANSWER_KEYS: [&str; 4] = ["points", "yes", "choice", "na"];
const TEXT_KEYS: [&str; 3] = ["evidence", "note", "explanation"];

/// A form's own sheet and the hidden sheet that identifies it; a missing one
/// is E0715 (the structure was edited, or this is not chiso's form).
pub(super) fn form_sheets<'g>(
    grids: &'g [Grid],
    form: &str,
    diags: &mut Diagnostics,
) -> Option<(Sheet<'g>, Sheet<'g>)> {
    let sheet_of = |wanted: &str| {
        grids
            .iter()
            .find(|g| g.sheet.as_deref() == Some(wanted))
            .map(|grid| Sheet {
                grid,
                file: SourceFile::sheet(grid.file.name.clone(), &grid.file.text),
            })
    };
    match (sheet_of(form), sheet_of(META_SHEET)) {
        (Some(sheet), Some(info)) => Some((sheet, info)),
        (sheet, _) => {
            let missing = if sheet.is_some() { META_SHEET } else { form };
            diags.push(
                error(
                    Code::WorkbookStructure,
                    W::MissingSheet(missing.to_string()),
                )
                .hint(Msg::Workbook(W::NotThisForm)),
            );
            None
        }
    }
}

/// A sheet as read: the grid (positions, cells as text) and the sheet as a
/// source file whose positions are cells.
pub(super) struct Sheet<'g> {
    pub(super) grid: &'g Grid,
    pub(super) file: Arc<SourceFile>,
}

impl Sheet<'_> {
    pub(super) fn text(&self, row: u32, col: u16) -> &str {
        self.grid
            .rows
            .get(row as usize)
            .map_or("", |r| r.text(col as usize))
    }
    pub(super) fn numeric(&self, row: u32, col: u16) -> bool {
        self.grid
            .rows
            .get(row as usize)
            .and_then(|r| r.cells.get(col as usize))
            .is_some_and(|c| c.numeric)
    }
    pub(super) fn span(&self, row: u32, col: u16) -> Span {
        match self.grid.rows.get(row as usize) {
            Some(r) => self.grid.span(r, col as usize),
            None => self.file.text.len()..self.file.text.len(),
        }
    }
    pub(super) fn at(&self, d: Diagnostic, row: u32, col: u16) -> Diagnostic {
        d.at(&self.file, self.span(row, col))
    }

    /// A diagnostic of the written file moved to the cell its value came
    /// from (`cells`: spans of the file's text and their cells); kept where
    /// it is when no cell wrote there.
    pub(super) fn at_cell_of(&self, d: Diagnostic, cells: &[(Range<usize>, At)]) -> Diagnostic {
        let cell = d
            .location
            .as_ref()
            .and_then(|l| cells.iter().find(|(span, _)| span.contains(&l.span.start)))
            .map(|(_, cell)| *cell);
        match cell {
            Some((row, c)) => self.at(d, row, c),
            None => d,
        }
    }
}

pub(super) fn error(code: Code, msg: W) -> Diagnostic {
    Diagnostic::new(code, Msg::Workbook(msg))
}

/// A value of the TOML file, from its text (`0.75`, `true`, `"label"`).
pub(super) fn value(text: &str) -> Value {
    text.parse::<Value>()
        .unwrap_or_else(|_| Value::from(text.to_string()))
}

pub(super) fn decimal_value(d: Decimal) -> Value {
    value(&d.normalize().to_string())
}

/// A number cell read by the rules of `chiso import`: a spreadsheet number
/// as it is, text the Vietnamese way (`1.036` is a thousand and thirty-six
/// in a count, `0,75` a decimal).
pub(super) fn read_number(
    sheet: &Sheet,
    row: u32,
    c: u16,
    kind: FactKind,
) -> Result<Decimal, NumError> {
    let text = sheet.text(row, c);
    if sheet.numeric(row, c) {
        return num::parse_decimal(text).ok_or(NumError::Invalid);
    }
    match kind {
        FactKind::Count => numbers::parse_count(text),
        FactKind::Percent => numbers::parse_value(text).map(|(d, _)| d),
        FactKind::Number => match numbers::parse_value(text) {
            Ok((_, true)) => Err(NumError::Invalid),
            other => other.map(|(d, _)| d),
        },
    }
}

pub(super) fn number_error(sheet: &Sheet, row: u32, c: u16, e: NumError, code: &str) -> Diagnostic {
    let text = sheet.text(row, c).to_string();
    let msg = match e {
        NumError::Invalid => W::NotANumber { text },
        NumError::NotWhole => W::NotACount { text },
        NumError::Negative => W::Negative { text },
    };
    sheet
        .at(error(Code::WorkbookNumber, msg), row, c)
        .hint(Msg::Workbook(W::NumberHint))
        .criterion(code)
}

/// A cell of the answer sheet: row and column, 0-based.
pub(super) type At = (u32, u16);

/// What the workbook says of one leaf.
struct Answered {
    code: String,
    /// Answer keys and facts with the cell each came from.
    values: Vec<(&'static str, Value, At)>,
    /// Every fact row: empty (`None`) removes the fact from the file.
    facts: Vec<(String, Option<(Value, At)>)>,
    texts: Vec<(&'static str, Vec<String>, At)>,
}

/// Reads a self-assessment workbook of `unit` for `year` (its bytes, named
/// `name` in messages) into the text of its answer file `target`, merged
/// into `existing` (the file as it is) when there is one.
#[allow(clippy::too_many_arguments)]
pub fn read_self_assessment_workbook(
    name: &str,
    bytes: Vec<u8>,
    format: Format,
    year: i64,
    unit: &Unit,
    scheme: &Scheme,
    existing: Option<&SourceFile>,
    target: &str,
) -> SelfImport {
    let mut diags = Diagnostics::default();
    if table::unpacks_beyond(&bytes, format, table::MAX_UNPACKED_BYTES) {
        diags.push(error(
            Code::WorkbookRead,
            W::NotAWorkbook {
                file: name.to_string(),
                error: format!("> {} MiB", table::MAX_UNPACKED_BYTES >> 20),
            },
        ));
        return SelfImport::refused(diags);
    }
    // Cell texts as they are (a grid's cells are put on one line).
    let raw = raw_texts(
        &bytes,
        ANSWER_SHEET,
        &[col::EVIDENCE, col::NOTE, col::EXPLANATION],
    );
    let grids = match table::parse(name, bytes, format) {
        Ok(g) => g,
        Err(e) => {
            diags.push(error(
                Code::WorkbookRead,
                W::NotAWorkbook {
                    file: name.to_string(),
                    error: e,
                },
            ));
            return SelfImport::refused(diags);
        }
    };
    let Some((answers, info)) = form_sheets(&grids, ANSWER_SHEET, &mut diags) else {
        return SelfImport::refused(diags);
    };
    let keys: Vec<String> = lines(scheme)
        .into_iter()
        .map(|l| super::key(scheme, l))
        .collect();
    if !check_identity(&info, FORMAT, year, unit, scheme, &mut diags)
        || !check_structure(&answers, &keys, year, unit, &mut diags)
    {
        return SelfImport::refused(diags);
    }
    let lang = match info_value(&info, meta::LANG).map(|(v, _)| v) {
        Some("en") => Lang::En,
        _ => Lang::Vi,
    };
    let raw_text = |row: u32, c: u16| -> String {
        raw.get(&(row, c))
            .cloned()
            .unwrap_or_else(|| answers.text(row, c).to_string())
    };
    let mut answered = Vec::new();
    let rows = lines(scheme);
    for (n, &line) in rows.iter().enumerate() {
        let Line::Leaf(i) = line else { continue };
        let c = &scheme.nodes[i];
        if !answered_by_unit(c) {
            continue;
        }
        let row = FIRST_ROW + n as u32;
        let method = c.method.as_ref().expect("leaves have methods");
        let mut a = Answered {
            code: c.code.clone(),
            values: Vec::new(),
            facts: Vec::new(),
            texts: Vec::new(),
        };
        a.values = read_answer(
            &answers,
            row,
            (col::ANSWER, col::NA),
            c,
            method,
            lang,
            &mut diags,
        );
        for (k, input) in c.fact_inputs().enumerate() {
            let Some(fact_row) = rows
                .iter()
                .position(|l| *l == Line::Fact(i, k))
                .map(|p| FIRST_ROW + p as u32)
            else {
                continue;
            };
            let read = if answers.text(fact_row, col::ANSWER).is_empty() {
                None
            } else {
                match read_number(&answers, fact_row, col::ANSWER, input.kind) {
                    Ok(d) => Some((decimal_value(d), (fact_row, col::ANSWER))),
                    Err(e) => {
                        diags.push(number_error(&answers, fact_row, col::ANSWER, e, &c.code));
                        continue;
                    }
                }
            };
            a.facts.push((input.name.clone(), read));
        }
        for (key, cc) in [
            ("evidence", col::EVIDENCE),
            ("note", col::NOTE),
            ("explanation", col::EXPLANATION),
        ] {
            let text = raw_text(row, cc);
            let items: Vec<String> = if key == "evidence" {
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect()
            } else {
                Some(text.trim().to_string())
                    .filter(|t| !t.is_empty())
                    .into_iter()
                    .collect()
            };
            a.texts.push((key, items, (row, cc)));
        }
        answered.push(a);
    }
    let submitted = answers.text(SUBMITTED.0, SUBMITTED.1).to_string();

    let mut doc = match existing_document(existing, || new_file(year, unit)) {
        Ok(d) => d,
        Err(d) => {
            diags.push(*d);
            return SelfImport::refused(diags);
        }
    };
    let before = doc.clone();
    if submitted.is_empty() {
        doc.remove("submitted");
    } else {
        let v = value(&submitted);
        let v = if v.is_datetime() {
            v
        } else {
            Value::from(submitted)
        };
        set(doc.as_table_mut(), "submitted", v);
    }
    for a in &answered {
        merge(&mut doc, a);
    }
    let text = doc.to_string();
    let changes = changes(&before, &doc, &answered);

    // The file's own loader, its diagnostics moved to the cells.
    let file = SourceFile::new(target, &text);
    let mut loaded = Diagnostics::default();
    load_self(&file, &unit.code, Some(scheme), &mut loaded);
    let cells = cell_spans(&text, &answered);
    for d in loaded.items {
        diags.push(answers.at_cell_of(d, &cells));
    }
    SelfImport::judged(text, changes, diags, target)
}

/// Multi-line cell texts of `columns` of `sheet`, by (row, column).
pub(super) fn raw_texts(bytes: &[u8], sheet: &str, columns: &[u16]) -> HashMap<(u32, u16), String> {
    use calamine::Reader;
    let mut out = HashMap::new();
    let Ok(mut book) = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)) else {
        return out;
    };
    let Ok(range) = book.worksheet_range(sheet) else {
        return out;
    };
    for &c in columns {
        let (first, last) = (range.start(), range.end());
        let (Some((r0, _)), Some((r1, _))) = (first, last) else {
            break;
        };
        for r in r0..=r1 {
            if let Some(calamine::Data::String(s)) = range.get_value((r, u32::from(c))) {
                out.insert((r, c), crate::source::nfc(s));
            }
        }
    }
    out
}

/// The value of a key of the hidden sheet, and its row.
pub(super) fn info_value<'s>(info: &'s Sheet, key: &str) -> Option<(&'s str, u32)> {
    info.grid
        .rows
        .iter()
        .find(|r| r.text(0) == key)
        .map(|r| (r.text(1), r.line as u32 - 1))
}

/// The answer keys a leaf's answer cell and "not applicable" cell (`cells`)
/// give (`points`, `yes`, `choice`, `na`), each with its cell; a cell that
/// cannot be read is a diagnostic.
pub(super) fn read_answer(
    sheet: &Sheet,
    row: u32,
    cells: (u16, u16),
    c: &crate::model::Criterion,
    method: &Method,
    lang: Lang,
    diags: &mut Diagnostics,
) -> Vec<(&'static str, Value, At)> {
    let (answer, na_col) = cells;
    let (yes, no, na) = (
        W::Yes.text(lang),
        W::No.text(lang),
        W::NotApplicable.text(lang),
    );
    let mut values = Vec::new();
    let label_error = |text: &str, valid: Vec<String>, at: u16| {
        sheet
            .at(
                error(
                    Code::WorkbookLabel,
                    W::UnknownLabel {
                        text: text.to_string(),
                    },
                ),
                row,
                at,
            )
            .hint(Msg::Workbook(W::ValidLabels(valid)))
            .criterion(&c.code)
    };
    let text = sheet.text(row, answer);
    let cell = (row, answer);
    if !text.is_empty() {
        match method {
            Method::Manual => match read_number(sheet, row, answer, FactKind::Number) {
                Ok(d) => values.push(("points", decimal_value(d), cell)),
                Err(e) => diags.push(number_error(sheet, row, answer, e, &c.code)),
            },
            Method::YesNo if text == yes => values.push(("yes", Value::from(true), cell)),
            Method::YesNo if text == no => values.push(("yes", Value::from(false), cell)),
            Method::YesNo => diags.push(label_error(text, vec![yes.clone(), no.clone()], answer)),
            // The loader checks the label, with its hint.
            Method::Choice(_) => values.push(("choice", Value::from(text), cell)),
            Method::Bands { .. } | Method::Formula { .. } => {}
        }
    }
    let marked = sheet.text(row, na_col);
    if marked == na {
        values.push(("na", Value::from(true), (row, na_col)));
    } else if !marked.is_empty() {
        diags.push(label_error(marked, vec![na.clone()], na_col));
    }
    values
}

/// The hidden sheet names this year, this unit and these criteria.
pub(super) fn check_identity(
    info: &Sheet,
    form: &str,
    year: i64,
    unit: &Unit,
    scheme: &Scheme,
    diags: &mut Diagnostics,
) -> bool {
    let found = info_value(info, meta::FORMAT).map(|(f, _)| f);
    if found != Some(form) {
        // `chiso-appraisal-1` for `chiso-appraisal-2`: the same form, older.
        fn same_form(f: &str) -> Option<&str> {
            f.rsplit_once('-').map(|(name, _)| name)
        }
        let message = match found {
            Some(f) if same_form(f) == same_form(form) => W::OlderLayout {
                found: f.to_string(),
            },
            _ => W::NotThisForm,
        };
        diags.push(info.at(error(Code::WorkbookStructure, message), 0, 1));
        return false;
    };
    let before = diags.items.len();
    let hint = |m: W| Msg::Workbook(m);
    match info_value(info, meta::YEAR) {
        Some((y, _)) if y == year.to_string() => {}
        found => {
            let row = found.map_or(1, |(_, r)| r);
            diags.push(
                info.at(
                    error(
                        Code::WorkbookYear,
                        W::WrongYear {
                            found: found.map_or_else(String::new, |(y, _)| y.to_string()),
                            expected: year,
                        },
                    ),
                    row,
                    1,
                )
                .hint(hint(W::OtherCriteriaHint {
                    year,
                    unit: unit.code.clone(),
                })),
            );
            return false;
        }
    }
    match info_value(info, meta::UNIT) {
        Some((u, _)) if u == unit.code => {}
        found => {
            let row = found.map_or(2, |(_, r)| r);
            diags.push(
                info.at(
                    error(
                        Code::WorkbookUnit,
                        W::WrongUnit {
                            found: found.map_or_else(String::new, |(u, _)| u.to_string()),
                            expected: unit.code.clone(),
                        },
                    ),
                    row,
                    1,
                )
                .hint(hint(W::OtherCriteriaHint {
                    year,
                    unit: unit.code.clone(),
                })),
            );
            return false;
        }
    }
    let (print, per_node) = fingerprint(scheme);
    match info_value(info, meta::FINGERPRINT) {
        Some((p, _)) if p == print => {}
        found => {
            let row = found.map_or(4, |(_, r)| r);
            // Which criteria differ, from the hidden sheet's rows per criterion.
            let written: Vec<(&str, &str)> = info
                .grid
                .rows
                .iter()
                .filter_map(|r| Some((r.text(0).strip_prefix(meta::CRITERION)?, r.text(1))))
                .collect();
            let was = |code: &str| written.iter().find(|(c, _)| *c == code).map(|(_, h)| *h);
            let changed = per_node
                .iter()
                .filter(|(c, h)| was(c).is_some_and(|w| w != h.as_str()))
                .map(|(c, _)| c.clone())
                .collect();
            let added = per_node
                .iter()
                .filter(|(c, _)| was(c).is_none())
                .map(|(c, _)| c.clone())
                .collect();
            let removed = written
                .iter()
                .filter(|(c, _)| !per_node.iter().any(|(p, _)| p.as_str() == *c))
                .map(|(c, _)| c.to_string())
                .collect();
            diags.push(
                info.at(
                    error(
                        Code::WorkbookCriteria,
                        W::OtherCriteria {
                            changed,
                            added,
                            removed,
                        },
                    ),
                    row,
                    1,
                )
                .hint(hint(W::OtherCriteriaHint {
                    year,
                    unit: unit.code.clone(),
                })),
            );
        }
    }
    diags.items.len() == before
}

/// Every row of the answer sheet is where it was written: its hidden key is
/// the one the criteria put there, and nothing follows the last.
pub(super) fn check_structure(
    answers: &Sheet,
    keys: &[String],
    year: i64,
    unit: &Unit,
    diags: &mut Diagnostics,
) -> bool {
    let expected = keys.iter().cloned().chain(std::iter::once(String::new()));
    for (n, key) in expected.enumerate() {
        let row = FIRST_ROW + n as u32;
        let found = answers.text(row, col::KEY);
        if found != key {
            diags.push(
                answers
                    .at(
                        error(
                            Code::WorkbookStructure,
                            W::RowMoved {
                                expected: key.clone(),
                                found: found.to_string(),
                            },
                        ),
                        row,
                        col::KEY,
                    )
                    .hint(Msg::Workbook(W::StructureHint {
                        year,
                        unit: unit.code.clone(),
                    }))
                    .criterion(if key.is_empty() { found } else { &key }),
            );
            return false;
        }
    }
    true
}

/// An answer file with the unit's key only.
/// The answer file an import merges into: the unit's existing file, or
/// `new` when it has none; E0718 when the existing one does not parse.
pub(super) fn existing_document(
    existing: Option<&SourceFile>,
    new: impl FnOnce() -> DocumentMut,
) -> Result<DocumentMut, Box<Diagnostic>> {
    match existing {
        Some(f) => f.text.parse::<DocumentMut>().map_err(|e| {
            Box::new(error(
                Code::WorkbookExisting,
                W::ExistingUnreadable {
                    file: f.name.clone(),
                    error: e.message().to_string(),
                },
            ))
        }),
        None => Ok(new()),
    }
}

fn new_file(year: i64, unit: &Unit) -> DocumentMut {
    let mut doc = DocumentMut::new();
    doc.insert("unit", Item::Value(Value::from(unit.code.as_str())));
    if let Some(mut key) = doc.key_mut("unit") {
        key.leaf_decor_mut().set_prefix(format!(
            "# {}\n",
            W::Title {
                year,
                unit: unit.code.clone(),
                name: unit.name.clone(),
            }
            .text(Lang::Vi)
        ));
    }
    doc
}

/// `key = value` unless the table already says exactly that (its layout kept).
pub(super) fn set(table: &mut dyn TableLike, key: &str, v: Value) {
    let same = table
        .get(key)
        .and_then(Item::as_value)
        .is_some_and(|old| same_value(old, &v));
    if !same {
        table.insert(key, Item::Value(v));
    }
}

pub(super) fn same_value(a: &Value, b: &Value) -> bool {
    let plain = |v: &Value| v.clone().decorated("", "").to_string();
    match (a.as_array(), b.as_array()) {
        (Some(x), Some(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| same_value(p, q))
        }
        _ => {
            let (x, y) = (plain(a), plain(b));
            x == y
                || matches!(
                    (num::parse_decimal(&x), num::parse_decimal(&y)),
                    (Some(p), Some(q)) if p == q
                )
        }
    }
}

/// The evidence as the sample files write it: one line, or one item per line.
fn string_array(items: &[String]) -> Value {
    let mut a = toml_edit::Array::new();
    for s in items {
        a.push(s.as_str());
    }
    if items.len() > 1 {
        for v in a.iter_mut() {
            let plain = v.clone().decorated("\n  ", "");
            *v = plain;
        }
        a.set_trailing_comma(true);
        a.set_trailing("\n");
    }
    Value::Array(a)
}

/// Writes what the workbook says of a leaf into its table of `c`.
fn merge(doc: &mut DocumentMut, a: &Answered) {
    let has_anything = !a.values.is_empty()
        || a.facts.iter().any(|(_, v)| v.is_some())
        || a.texts.iter().any(|(_, l, _)| !l.is_empty());
    let c = doc.entry("c").or_insert_with(|| {
        let mut t = toml_edit::Table::new();
        t.set_implicit(true);
        Item::Table(t)
    });
    let Some(c) = c.as_table_like_mut() else {
        return;
    };
    if c.get(&a.code).is_none() {
        if !has_anything {
            return;
        }
        c.insert(&a.code, Item::Table(toml_edit::Table::new()));
    }
    let Some(entry) = c.get_mut(&a.code).and_then(Item::as_table_like_mut) else {
        return;
    };
    for key in ANSWER_KEYS {
        match a.values.iter().find(|(k, _, _)| *k == key) {
            Some((_, v, _)) => set(entry, key, v.clone()),
            None => {
                entry.remove(key);
            }
        }
    }
    if a.facts.iter().any(|(_, v)| v.is_some()) && entry.get("facts").is_none() {
        entry.insert("facts", Item::Value(Value::InlineTable(Default::default())));
    }
    if let Some(facts) = entry.get_mut("facts").and_then(Item::as_table_like_mut) {
        for (name, v) in &a.facts {
            match v {
                Some((v, _)) => set(facts, name, v.clone()),
                None => {
                    facts.remove(name);
                }
            }
        }
        if facts.is_empty() {
            entry.remove("facts");
        }
    }
    for (key, lines, _) in &a.texts {
        match (key, lines.as_slice()) {
            (_, []) => {
                entry.remove(key);
            }
            // One document written as a string stays a string.
            (&"evidence", [one]) if entry.get(key).and_then(Item::as_str) == Some(one.as_str()) => {
            }
            (&"evidence", items) => set(entry, key, string_array(items)),
            (_, [one, ..]) => set(entry, key, Value::from(one.as_str())),
        }
    }
    if entry.is_empty() {
        c.remove(&a.code);
    }
}

/// `key: before → after` for every key the workbook changed, per leaf.
fn changes(
    before: &DocumentMut,
    after: &DocumentMut,
    answered: &[Answered],
) -> Vec<(String, Vec<String>)> {
    let entry = |d: &'_ DocumentMut, code: &str| -> Option<Item> {
        d.get("c")?.as_table_like()?.get(code).cloned()
    };
    let shown = |item: Option<&Item>| -> String {
        match item.and_then(Item::as_value) {
            Some(v) => {
                let text = v.clone().decorated("", "").to_string();
                let one_line: Vec<&str> = text.split_whitespace().collect();
                crate::source::shorten(&one_line.join(" "), 60).into_owned()
            }
            None => "—".to_string(),
        }
    };
    let mut out = Vec::new();
    for a in answered {
        let (b, n) = (entry(before, &a.code), entry(after, &a.code));
        let get = |e: &Option<Item>, k: &str| -> Option<Item> {
            e.as_ref()?.as_table_like()?.get(k).cloned()
        };
        let mut lines = Vec::new();
        for key in ANSWER_KEYS
            .iter()
            .chain(["facts"].iter())
            .chain(TEXT_KEYS.iter())
        {
            let (x, y) = (get(&b, key), get(&n, key));
            let same = match (
                x.as_ref().and_then(Item::as_value),
                y.as_ref().and_then(Item::as_value),
            ) {
                (Some(p), Some(q)) => {
                    p.clone().decorated("", "").to_string()
                        == q.clone().decorated("", "").to_string()
                }
                (None, None) => true,
                _ => false,
            };
            if !same {
                lines.push(format!(
                    "{key}: {} → {}",
                    shown(x.as_ref()),
                    shown(y.as_ref())
                ));
            }
        }
        if !lines.is_empty() {
            out.push((a.code.clone(), lines));
        }
    }
    out
}

/// The span of every value the workbook wrote in the file's text (from its
/// key to the end of its value), with the cell it came from.
fn cell_spans(text: &str, answered: &[Answered]) -> Vec<(Range<usize>, At)> {
    let Ok(doc) = toml_edit::Document::parse(text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let Some(c) = doc.get("c").and_then(Item::as_table_like) else {
        return out;
    };
    let span_of = |t: &dyn TableLike, key: &str| -> Option<Range<usize>> {
        let (k, v) = t.get_key_value(key)?;
        let end = v.span()?.end;
        Some(k.span().map_or(v.span()?.start, |s| s.start)..end)
    };
    for a in answered {
        let Some(entry) = c.get(&a.code).and_then(Item::as_table_like) else {
            continue;
        };
        for (key, _, cell) in &a.values {
            out.extend(span_of(entry, key).map(|s| (s, *cell)));
        }
        for (key, _, cell) in &a.texts {
            out.extend(span_of(entry, key).map(|s| (s, *cell)));
        }
        if let Some(facts) = entry.get("facts").and_then(Item::as_table_like) {
            for (name, v) in &a.facts {
                if let Some((_, cell)) = v {
                    out.extend(span_of(facts, name).map(|s| (s, *cell)));
                }
            }
        }
    }
    out
}
