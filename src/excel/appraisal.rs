//! The council's side of the workbook: `chiso template --for appraisal
//! --format xlsx` writes one round's appraisal sheet of a unit, `chiso import
//! appraisal` reads it back into `scores/<year>/appraisal/<UNIT>.toml`
//! (layout: docs/format.md, "The appraisal workbook").
//!
//! The rows, the hidden sheet, the fingerprint, the cell reading and the
//! diagnostics are the self-assessment workbook's; only the columns and the
//! TOML the rows become ([[adjust]] entries of one round) differ.

use std::ops::Range;

use rust_xlsxwriter::{DataValidation, ProtectionOptions, Workbook, XlsxError};
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

use super::read::{
    At, SelfImport, check_identity, check_structure, decimal_value, error, existing_document,
    info_value, number_error, raw_texts, read_answer, read_number, same_value, set,
};
use super::write::{
    A4, LINE_HEIGHT, RowHeights, Styles, fact_validation, float, guide_sheet, identity_sheet,
    shown, write_shown,
};
use super::{FIRST_ROW, HEADER_ROW, Line, fingerprint, meta};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::i18n::{Lang, Msg, WorkbookMsg as W, method_name};
use crate::import::table::{self, Format};
use crate::load::answers::load_appraisal;
use crate::model::{AnswerValue, InputSource, Method, Scheme, Unit, Workspace};
use crate::results::Results;
use crate::season::Schedule;
use crate::source::SourceFile;

/// The sheet the council fills.
pub const APPRAISAL_SHEET: &str = "Thẩm định";
/// `format` of the hidden sheet (2: fact rows and the official figure).
pub const FORMAT: &str = "chiso-appraisal-2";
/// Key of the hidden sheet: the round the sheet's adjustments belong to.
pub const ROUND: &str = "round";

/// Columns of the appraisal sheet (0-based).
pub mod col {
    pub const KEY: u16 = 0;
    pub const CODE: u16 = 1;
    pub const TITLE: u16 = 2;
    pub const MAX: u16 = 3;
    /// Read-only: the unit's own answer and the points it gives.
    pub const SELF_ANSWER: u16 = 4;
    pub const SELF_POINTS: u16 = 5;
    /// Read-only, on a fact's row: the figure the datasets hold.
    pub const OFFICIAL: u16 = 6;
    /// "chấp nhận" (`accept = true`) or "không chấp nhận" (`accept = false`).
    pub const ACCEPT: u16 = 7;
    /// The council's answer; on a fact's row, the council's figure.
    pub const ANSWER: u16 = 8;
    pub const NA: u16 = 9;
    pub const REASON: u16 = 10;
    pub const BY: u16 = 11;
    pub const COUNT: u16 = 12;
}

/// The sheet's rows: every node, and under every computed leaf (the
/// council's too) one row per fact, for the council's `facts`.
pub fn appraisal_lines(scheme: &Scheme) -> Vec<Line> {
    super::lines_with_facts(scheme, |_| true)
}

/// The path of a unit's appraisal file.
pub fn appraisal_path(root: &std::path::Path, year: i64, unit: &str) -> std::path::PathBuf {
    root.join("scores")
        .join(year.to_string())
        .join("appraisal")
        .join(format!("{unit}.toml"))
}

/// The last round of the appraisal file's adjustments (0 without any).
fn last_round(existing: Option<&str>) -> u32 {
    adjust_tables(existing)
        .iter()
        .filter_map(|t| t.get("round")?.as_integer())
        .max()
        .map_or(0, |r| r.clamp(0, i64::from(u32::MAX)) as u32)
}

/// The round a new workbook is for: the one after the file's last, or the
/// season schedule's last round when every scheduled round has begun.
pub fn default_round(existing: Option<&str>, schedule: Option<&Schedule>) -> u32 {
    let next = last_round(existing) + 1;
    match schedule.map(|s| s.rounds.len() as u32) {
        Some(n) if n > 0 => next.min(n),
        _ => next,
    }
}

/// The rounds an appraisal workbook may be for: rounds are the year's (the
/// council appraises every unit in round 1, then those that explain in round
/// 2…), so up to the one after the year's last round, and within the season
/// schedule's rounds when the year has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rounds {
    /// The highest round of any unit's adjustments (0 without any).
    pub last: u32,
    /// The season schedule's number of rounds.
    pub scheduled: Option<usize>,
}

impl Rounds {
    pub fn of(ws: &Workspace) -> Rounds {
        let last = ws
            .appraisals
            .values()
            .flat_map(|a| a.adjustments.iter().map(|j| j.round))
            .max()
            .unwrap_or(0);
        Rounds {
            last,
            scheduled: ws.schedule.as_ref().map(|s| s.rounds.len()),
        }
    }

    /// Why a workbook of `round` is not allowed, if it is not.
    pub fn refusal(self, round: u32) -> Option<W> {
        if round > self.last + 1 {
            return Some(W::RoundSkipped {
                round,
                last: self.last,
            });
        }
        match self.scheduled {
            Some(rounds) if rounds > 0 && round as usize > rounds => {
                Some(W::RoundNotScheduled { round, rounds })
            }
            _ => None,
        }
    }
}

fn adjust_tables(existing: Option<&str>) -> Vec<Table> {
    existing
        .and_then(|t| t.parse::<DocumentMut>().ok())
        .and_then(|d| d.get("adjust")?.as_array_of_tables().cloned())
        .map(|a| a.iter().cloned().collect())
        .unwrap_or_default()
}

fn is_round(t: &Table, code: &str, round: u32) -> bool {
    t.get("code").and_then(Item::as_str) == Some(code)
        && t.get("round").and_then(Item::as_integer) == Some(i64::from(round))
}

/// The appraisal workbook of `unit` for `round`, pre-filled from the
/// adjustments of that round in `existing` (the appraisal file's text);
/// `results` (the year's evaluation) gives the self points shown.
pub fn appraisal_workbook(
    ws: &Workspace,
    results: Option<&Results>,
    unit: &Unit,
    scheme: &Scheme,
    existing: Option<&str>,
    round: u32,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let styles = Styles::new();
    let adjusts = adjust_tables(existing);
    let own = results.and_then(|r| r.units.iter().find(|u| u.code == unit.code));
    let answers = ws.self_assessments.get(&unit.code);
    let official = ws.data.facts.get(&unit.code);
    let t = |m: W| m.text(lang);
    let (yes, no, na) = (t(W::Yes), t(W::No), t(W::NotApplicable));
    let (accept, reject) = (t(W::Accept), t(W::NotAccept));
    let (print, per_node) = fingerprint(scheme);
    let rows = appraisal_lines(scheme);
    let entry_of = |code: &str| adjusts.iter().find(|t| is_round(t, code, round));

    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(APPRAISAL_SHEET)?;
    sheet.write_string_with_format(
        0,
        col::CODE,
        t(W::AppraisalTitle {
            year: ws.year,
            unit: unit.code.clone(),
            name: unit.name.clone(),
            round,
        }),
        &styles.title,
    )?;
    let titles = [
        (col::CODE, t(W::ColCode), 10.0),
        (col::TITLE, t(W::ColTitle), 50.0),
        (col::MAX, t(W::ColMax), 8.0),
        (col::SELF_ANSWER, t(W::ColSelfAnswer), 22.0),
        (col::SELF_POINTS, t(W::ColSelfPoints), 9.0),
        (col::OFFICIAL, t(W::ColOfficial), 11.0),
        (col::ACCEPT, t(W::ColAccept), 16.0),
        (col::ANSWER, t(W::ColAdjusted), 22.0),
        (col::NA, t(W::ColNotApplicable), 12.0),
        (col::REASON, t(W::ColReason), 40.0),
        (col::BY, t(W::ColBy), 20.0),
    ];
    let mut widths = [0.0; col::COUNT as usize];
    sheet.write_string_with_format(HEADER_ROW, col::KEY, "", &styles.header)?;
    for (c, title, width) in titles {
        sheet.write_string_with_format(HEADER_ROW, c, title, &styles.header)?;
        sheet.set_column_width(c, width)?;
        widths[c as usize] = width;
    }
    sheet.set_column_hidden(col::KEY)?;
    let mut heights = RowHeights::new(&widths);
    for (n, &line) in rows.iter().enumerate() {
        let row = FIRST_ROW + n as u32;
        let key = super::key(scheme, line);
        if let Line::Fact(i, k) = line {
            let c = &scheme.nodes[i];
            let input = c.fact_inputs().nth(k).expect("the line's fact");
            for cc in 0..col::COUNT {
                sheet.write_blank(row, cc, &styles.fixed)?;
            }
            sheet.write_string_with_format(row, col::KEY, key, &styles.fixed)?;
            let label = format!(
                "{} ({}) · {}",
                input.label,
                input.name,
                t(W::FactKind(input.kind))
            );
            heights.grow(row, col::TITLE, &label);
            sheet.write_string_with_format(row, col::TITLE, label, &styles.fixed)?;
            let own_fact = answers
                .and_then(|a| a.entries.iter().find(|e| e.node == i))
                .and_then(|e| e.facts.get(&input.name));
            if let Some(f) = own_fact {
                sheet.write_number_with_format(
                    row,
                    col::SELF_ANSWER,
                    float(f.value),
                    &styles.fixed_number,
                )?;
            }
            if input.source == InputSource::Data
                && let Some(f) = official.and_then(|o| o.get(&input.name))
            {
                sheet.write_number_with_format(
                    row,
                    col::OFFICIAL,
                    float(f.value),
                    &styles.fixed_number,
                )?;
            }
            let fact = entry_of(&c.code)
                .and_then(|e| e.get("facts"))
                .and_then(Item::as_table_like)
                .and_then(|f| f.get(&input.name))
                .and_then(Item::as_value);
            match fact {
                Some(v) => write_shown(sheet, row, col::ANSWER, shown(v), &styles.input_number)?,
                None => {
                    sheet.write_blank(row, col::ANSWER, &styles.input_number)?;
                }
            }
            sheet.add_data_validation(
                row,
                col::ANSWER,
                row,
                col::ANSWER,
                &fact_validation(input.kind),
            )?;
            continue;
        }
        let (Line::Group(i) | Line::Leaf(i)) = line else {
            continue;
        };
        let c = &scheme.nodes[i];
        let fixed = if c.is_leaf() {
            &styles.fixed
        } else {
            &styles.group
        };
        for cc in 0..col::COUNT {
            sheet.write_blank(row, cc, fixed)?;
        }
        sheet.write_string_with_format(row, col::KEY, key, fixed)?;
        sheet.write_string_with_format(row, col::CODE, &c.code, fixed)?;
        sheet.write_string_with_format(row, col::TITLE, &c.title, fixed)?;
        heights.grow(row, col::TITLE, &c.title);
        sheet.write_number_with_format(row, col::MAX, float(c.max), &styles.fixed_number)?;
        if let Some(node) = own.and_then(|u| u.nodes.get(i)) {
            sheet.write_number_with_format(
                row,
                col::SELF_POINTS,
                float(node.self_.points),
                &styles.fixed_number,
            )?;
        }
        let Line::Leaf(_) = line else { continue };
        let method = c.method.as_ref().expect("leaves have methods");
        let own_answer = answers
            .and_then(|a| a.entries.iter().find(|e| e.node == i))
            .and_then(|e| e.answer.as_ref())
            .map(|a| match &a.value {
                AnswerValue::Points(p) => p.normalize().to_string(),
                AnswerValue::Yes(true) => yes.clone(),
                AnswerValue::Yes(false) => no.clone(),
                AnswerValue::Choice(k) => match method {
                    Method::Choice(o) => o.get(*k).map_or_else(String::new, |o| o.label.clone()),
                    _ => String::new(),
                },
                AnswerValue::NotApplicable => na.clone(),
            });
        let shown_method = own_answer.unwrap_or_else(|| method_name(method.name(), lang).into());
        heights.grow(row, col::SELF_ANSWER, &shown_method);
        sheet.write_string_with_format(row, col::SELF_ANSWER, shown_method, fixed)?;
        let entry = entry_of(&c.code);
        let get = |k: &str| entry.and_then(|e| e.get(k)).and_then(Item::as_value);
        match get("accept").and_then(Value::as_bool) {
            Some(true) => {
                sheet.write_string_with_format(row, col::ACCEPT, &accept, &styles.input)?
            }
            Some(false) => {
                sheet.write_string_with_format(row, col::ACCEPT, &reject, &styles.input)?
            }
            None => sheet.write_blank(row, col::ACCEPT, &styles.input)?,
        };
        sheet.add_data_validation(
            row,
            col::ACCEPT,
            row,
            col::ACCEPT,
            &DataValidation::new().allow_list_strings(&[accept.as_str(), reject.as_str()])?,
        )?;
        let answer = match (method, get("points"), get("yes"), get("choice")) {
            (_, Some(v), _, _) | (_, _, _, Some(v)) => Some(shown(v)),
            (_, _, Some(v), _) => Some(match v.as_bool() {
                Some(true) => super::write::Shown::Text(yes.clone()),
                Some(false) => super::write::Shown::Text(no.clone()),
                None => shown(v),
            }),
            _ => None,
        };
        if let Some(super::write::Shown::Text(text)) = &answer {
            heights.grow(row, col::ANSWER, text);
        }
        // Computed leaves are answered on their fact rows.
        let answer_format = if method.is_computed() {
            &styles.fixed
        } else {
            &styles.input
        };
        match answer {
            Some(v) => write_shown(sheet, row, col::ANSWER, v, &styles.input)?,
            None => {
                sheet.write_blank(row, col::ANSWER, answer_format)?;
            }
        }
        match method {
            Method::YesNo => {
                sheet.add_data_validation(
                    row,
                    col::ANSWER,
                    row,
                    col::ANSWER,
                    &DataValidation::new().allow_list_strings(&[yes.as_str(), no.as_str()])?,
                )?;
            }
            Method::Choice(options) => {
                let labels: Vec<&str> = options.iter().map(|o| o.label.as_str()).collect();
                // A list longer than Excel's 255 characters is left free:
                // the import checks the label.
                if let Ok(v) = DataValidation::new().allow_list_strings(&labels) {
                    sheet.add_data_validation(row, col::ANSWER, row, col::ANSWER, &v)?;
                }
            }
            _ => {}
        }
        match get("na") {
            Some(v) if v.as_bool() == Some(true) => {
                sheet.write_string_with_format(row, col::NA, &na, &styles.input)?;
            }
            Some(v) => write_shown(sheet, row, col::NA, shown(v), &styles.input)?,
            None => {
                sheet.write_blank(row, col::NA, &styles.input)?;
            }
        }
        for (cc, k) in [(col::REASON, "reason"), (col::BY, "by")] {
            let text = get(k).and_then(Value::as_str).unwrap_or_default();
            heights.grow(row, cc, text);
            sheet.write_string_with_format(row, cc, text, &styles.input_text)?;
        }
    }
    heights.set(sheet)?;
    sheet.set_row_height(HEADER_ROW, 2.0 * LINE_HEIGHT)?;
    sheet.set_freeze_panes(FIRST_ROW, col::MAX)?;
    let last = FIRST_ROW + rows.len().max(1) as u32 - 1;
    sheet.set_print_area(0, col::CODE, last, col::BY)?;
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    sheet.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
    sheet.set_landscape();
    sheet.set_paper_size(A4);
    sheet.set_print_fit_to_pages(1, 0);

    let instructions = t(W::AppraisalInstructions {
        year: ws.year,
        unit: unit.code.clone(),
        round,
    });
    guide_sheet(&mut book, &styles, t(W::GuideSheet), &instructions)?;

    let extra = vec![(ROUND, round.to_string())];
    let (m, count) = identity_sheet(&mut book, FORMAT, ws, unit, scheme, print, lang, extra)?;
    for (i, (code, hash)) in per_node.into_iter().enumerate() {
        let r = count + 1 + i as u32;
        m.write_string(r, 0, format!("{}{code}", meta::CRITERION))?;
        m.write_string(r, 1, hash)?;
    }
    book.save_to_buffer()
}

/// What one leaf's row says: its keys with their cells (empty: no
/// adjustment in this round).
struct Row {
    code: String,
    /// The row on the sheet.
    row: u32,
    values: Vec<(&'static str, Value, At)>,
    /// Every fact row: empty (`None`) removes the fact from `facts`.
    facts: Vec<(String, Option<(Value, At)>)>,
}

/// The keys a row writes; an entry's other keys (`evidence`, `note`) are
/// kept as the file has them.
const ROW_KEYS: [&str; 8] = [
    "accept", "points", "yes", "choice", "facts", "na", "reason", "by",
];

/// Reads an appraisal workbook of `unit` for `year` into the text of its
/// appraisal file `target`: the adjustments of the workbook's round are
/// replaced by its rows, the other rounds' kept.
#[allow(clippy::too_many_arguments)]
pub fn read_appraisal_workbook(
    name: &str,
    bytes: Vec<u8>,
    format: Format,
    year: i64,
    unit: &Unit,
    scheme: &Scheme,
    rounds: Rounds,
    existing: Option<&SourceFile>,
    target: &str,
) -> SelfImport {
    let mut diags = Diagnostics::default();
    let unreadable = |error: String| {
        let mut d = Diagnostics::default();
        d.push(super::read::error(
            Code::WorkbookRead,
            W::NotAWorkbook {
                file: name.to_string(),
                error,
            },
        ));
        SelfImport::refused(d)
    };
    if table::unpacks_beyond(&bytes, format, table::MAX_UNPACKED_BYTES) {
        return unreadable(format!("> {} MiB", table::MAX_UNPACKED_BYTES >> 20));
    }
    let raw = raw_texts(&bytes, APPRAISAL_SHEET, &[col::REASON, col::BY]);
    let grids = match table::parse(name, bytes, format) {
        Ok(g) => g,
        Err(e) => return unreadable(e),
    };
    let Some((sheet, info)) = super::read::form_sheets(&grids, APPRAISAL_SHEET, &mut diags) else {
        return SelfImport::refused(diags);
    };
    let rows = appraisal_lines(scheme);
    let keys: Vec<String> = rows.iter().map(|&l| super::key(scheme, l)).collect();
    if !check_identity(&info, FORMAT, year, unit, scheme, &mut diags)
        || !check_structure(&sheet, &keys, year, unit, &mut diags)
    {
        return SelfImport::refused(diags);
    }
    let round = match info_value(&info, ROUND).map(|(r, at)| (r.parse::<u32>().ok(), at)) {
        Some((Some(r), _)) if r > 0 => r,
        found => {
            let row = found.map_or(0, |(_, at)| at);
            diags.push(info.at(error(Code::WorkbookStructure, W::NotThisForm), row, 1));
            return SelfImport::refused(diags);
        }
    };
    // The round the sheet was made for must fit the file it goes into.
    if let Some(refusal) = rounds.refusal(round) {
        let row = info_value(&info, ROUND).map_or(0, |(_, at)| at);
        diags.push(
            info.at(error(Code::WorkbookRound, refusal), row, 1)
                .hint(Msg::Workbook(W::RoundHint {
                    year,
                    unit: unit.code.clone(),
                })),
        );
        return SelfImport::refused(diags);
    }
    let lang = match info_value(&info, meta::LANG).map(|(v, _)| v) {
        Some("en") => Lang::En,
        _ => Lang::Vi,
    };
    let (accept, reject) = (W::Accept.text(lang), W::NotAccept.text(lang));
    let mut read = Vec::new();
    for (n, &line) in rows.iter().enumerate() {
        let Line::Leaf(i) = line else { continue };
        let c = &scheme.nodes[i];
        let row = FIRST_ROW + n as u32;
        let method = c.method.as_ref().expect("leaves have methods");
        let mut facts = Vec::new();
        for (k, input) in c.fact_inputs().enumerate() {
            let Some(p) = rows.iter().position(|l| *l == Line::Fact(i, k)) else {
                continue;
            };
            let fact_row = FIRST_ROW + p as u32;
            let read = if sheet.text(fact_row, col::ANSWER).is_empty() {
                None
            } else {
                match read_number(&sheet, fact_row, col::ANSWER, input.kind) {
                    Ok(d) => Some((decimal_value(d), (fact_row, col::ANSWER))),
                    Err(e) => {
                        diags.push(number_error(&sheet, fact_row, col::ANSWER, e, &c.code));
                        continue;
                    }
                }
            };
            facts.push((input.name.clone(), read));
        }
        let mut values = read_answer(
            &sheet,
            row,
            (col::ANSWER, col::NA),
            c,
            method,
            lang,
            &mut diags,
        );
        let ruling = sheet.text(row, col::ACCEPT);
        if ruling == accept || ruling == reject {
            values.push(("accept", Value::from(ruling == accept), (row, col::ACCEPT)));
        } else if !ruling.is_empty() {
            diags.push(
                sheet
                    .at(
                        error(
                            Code::WorkbookLabel,
                            W::UnknownLabel {
                                text: ruling.to_string(),
                            },
                        ),
                        row,
                        col::ACCEPT,
                    )
                    .hint(Msg::Workbook(W::ValidLabels(vec![
                        accept.clone(),
                        reject.clone(),
                    ])))
                    .criterion(&c.code),
            );
        }
        let decides = !values.is_empty() || facts.iter().any(|(_, v)| v.is_some());
        for (k, cc) in [("reason", col::REASON), ("by", col::BY)] {
            let text = raw
                .get(&(row, cc))
                .cloned()
                .unwrap_or_else(|| sheet.text(row, cc).to_string());
            let text = text.trim();
            if !text.is_empty() {
                values.push((k, Value::from(text), (row, cc)));
            }
        }
        let has_reason = values.iter().any(|(k, _, _)| *k == "reason");
        if decides && !has_reason {
            diags.push(
                sheet
                    .at(
                        Diagnostic::new(Code::WorkbookNoReason, Msg::Workbook(W::NoReason)),
                        row,
                        col::REASON,
                    )
                    .hint(Msg::Workbook(W::NoReasonHint))
                    .criterion(&c.code),
            );
        }
        read.push(Row {
            code: c.code.clone(),
            row,
            values,
            facts,
        });
    }

    let new = || {
        let mut d = DocumentMut::new();
        d.insert("unit", Item::Value(Value::from(unit.code.as_str())));
        d
    };
    let mut doc = match existing_document(existing, new) {
        Ok(d) => d,
        Err(d) => {
            diags.push(*d);
            return SelfImport::refused(diags);
        }
    };
    let mut changes = Vec::new();
    {
        let item = doc
            .entry("adjust")
            .or_insert_with(|| Item::ArrayOfTables(ArrayOfTables::new()));
        if let Some(list) = item.as_array_of_tables_mut() {
            for r in &read {
                let at = list.iter().position(|t| is_round(t, &r.code, round));
                let old = at.and_then(|k| list.get(k)).cloned();
                let empty = r.values.is_empty() && r.facts.iter().all(|(_, v)| v.is_none());
                match (at, empty) {
                    (Some(k), true) => {
                        list.remove(k);
                    }
                    (None, true) => {}
                    (at, false) => {
                        let k = at.unwrap_or_else(|| {
                            let mut t = Table::new();
                            t.insert("code", Item::Value(Value::from(r.code.as_str())));
                            t.insert("round", Item::Value(Value::from(i64::from(round))));
                            list.push(t);
                            list.len() - 1
                        });
                        let t = list.get_mut(k).expect("the row's entry");
                        for key in ROW_KEYS {
                            match r.values.iter().find(|(k, _, _)| *k == key) {
                                Some((_, v, _)) => set(t, key, v.clone()),
                                None if key == "facts" => merge_facts(t, &r.facts),
                                None => {
                                    t.remove(key);
                                }
                            }
                        }
                    }
                }
                let new = list.iter().find(|t| is_round(t, &r.code, round));
                let lines: Vec<String> = ROW_KEYS
                    .iter()
                    .filter_map(|key| {
                        let a = old.as_ref().and_then(|t| t.get(key)?.as_value().cloned());
                        let b = new.and_then(|t| t.get(key)?.as_value().cloned());
                        let same = match (&a, &b) {
                            (Some(x), Some(y)) => same_value(x, y),
                            (None, None) => true,
                            _ => false,
                        };
                        let show = |v: &Option<Value>| {
                            v.as_ref().map_or_else(
                                || "—".to_string(),
                                |v| v.clone().decorated("", "").to_string(),
                            )
                        };
                        (!same).then(|| format!("{key}: {} → {}", show(&a), show(&b)))
                    })
                    .collect();
                if !lines.is_empty() {
                    changes.push((r.code.clone(), lines));
                }
            }
        }
        if item
            .as_array_of_tables()
            .is_some_and(ArrayOfTables::is_empty)
        {
            doc.remove("adjust");
        }
    }
    let text = doc.to_string();

    // The file's own loader, its diagnostics moved to the cells.
    let file = SourceFile::new(target, &text);
    let mut loaded = Diagnostics::default();
    load_appraisal(&file, &unit.code, Some(scheme), &mut loaded);
    let cells = cell_spans(&text, round, &read);
    // A row without a reason is already refused at its cell.
    let unreasoned: Vec<&str> = diags
        .items
        .iter()
        .filter(|d| d.code == Code::WorkbookNoReason)
        .filter_map(|d| d.criterion.as_deref())
        .collect();
    let unreasoned: Vec<String> = unreasoned.into_iter().map(str::to_string).collect();
    for d in loaded.items {
        if d.code == Code::MissingReason
            && d.criterion.as_ref().is_some_and(|c| unreasoned.contains(c))
        {
            continue;
        }
        diags.push(sheet.at_cell_of(d, &cells));
    }
    SelfImport::judged(text, changes, diags, target)
}

/// The council's figures into an entry's `facts` (an inline table, its
/// layout kept): an empty fact row removes the fact, an empty table the key.
fn merge_facts(t: &mut Table, facts: &[(String, Option<(Value, At)>)]) {
    if facts.iter().any(|(_, v)| v.is_some()) && t.get("facts").is_none() {
        t.insert("facts", Item::Value(Value::InlineTable(Default::default())));
    }
    let Some(table) = t.get_mut("facts").and_then(Item::as_table_like_mut) else {
        return;
    };
    for (name, v) in facts {
        match v {
            Some((v, _)) => set(table, name, v.clone()),
            None => {
                table.remove(name);
            }
        }
    }
    if table.is_empty() {
        t.remove("facts");
    }
}

/// The span of every value a row wrote in the file's text, with its cell.
fn cell_spans(text: &str, round: u32, rows: &[Row]) -> Vec<(Range<usize>, At)> {
    let Ok(doc) = toml_edit::Document::parse(text) else {
        return Vec::new();
    };
    let Some(list) = doc.get("adjust").and_then(Item::as_array_of_tables) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for r in rows {
        let Some(t) = list.iter().find(|t| is_round(t, &r.code, round)) else {
            continue;
        };
        let span_of = |t: &dyn toml_edit::TableLike, key: &str| {
            let (k, v) = t.get_key_value(key)?;
            let end = v.span()?.end;
            Some(k.span().map_or(end, |s| s.start)..end)
        };
        for (key, _, cell) in &r.values {
            out.extend(span_of(t, key).map(|s| (s, *cell)));
        }
        if let Some(facts) = t.get("facts").and_then(Item::as_table_like) {
            for (name, v) in &r.facts {
                if let Some((_, cell)) = v {
                    out.extend(span_of(facts, name).map(|s| (s, *cell)));
                }
            }
        }
        // What the loader says of the entry as a whole (at its header): at
        // the row's answer cell.
        if let Some(header) = t.span() {
            out.push((header, (r.row, col::ANSWER)));
        }
    }
    out
}
