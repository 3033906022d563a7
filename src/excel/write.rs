//! Writing the self-assessment workbook (layout: docs/format.md, "The
//! self-assessment workbook").

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, Format, FormatAlign, FormatBorder, Formula,
    ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use super::{
    ANSWER_SHEET, FIRST_ROW, FORMAT, GUIDE_SHEET, HEADER_ROW, Line, META_SHEET, SUBMITTED,
    answered_by_unit, col, fingerprint, lines, meta,
};
use crate::i18n::{Lang, WorkbookMsg as W, method_name};
use crate::import::table::column_letters;
use crate::model::{FactKind, InputSource, Kind, Method, Scheme, Unit, Workspace};
use crate::num;

/// A4 in Excel's paper-size numbering.
pub(super) const A4: u8 = 9;

pub(super) struct Styles {
    pub(super) title: Format,
    pub(super) header: Format,
    pub(super) group: Format,
    pub(super) group_points: Format,
    /// Locked cells the unit reads.
    pub(super) fixed: Format,
    pub(super) fixed_number: Format,
    /// What the unit does not score.
    pub(super) grey: Format,
    pub(super) input: Format,
    pub(super) input_number: Format,
    pub(super) input_text: Format,
}

impl Styles {
    pub(super) fn new() -> Styles {
        let cell = || {
            Format::new()
                .set_border(FormatBorder::Thin)
                .set_border_color(Color::RGB(0xBFBFBF))
                .set_align(FormatAlign::Top)
                .set_text_wrap()
        };
        let fixed = || cell().set_background_color(Color::RGB(0xF2F2F2));
        Styles {
            title: Format::new().set_bold().set_font_size(13),
            header: fixed()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0xDDEBF7)),
            group: fixed()
                .set_bold()
                .set_background_color(Color::RGB(0xE2EFDA)),
            group_points: fixed()
                .set_bold()
                .set_num_format("0.###")
                .set_background_color(Color::RGB(0xE2EFDA)),
            fixed: fixed(),
            fixed_number: fixed().set_num_format("0.###"),
            grey: cell()
                .set_background_color(Color::RGB(0xD9D9D9))
                .set_font_color(Color::RGB(0x595959)),
            input: cell().set_unlocked(),
            input_number: cell().set_unlocked().set_num_format("General"),
            input_text: cell().set_unlocked().set_num_format("@"),
        }
    }
}

pub(super) fn float(d: Decimal) -> f64 {
    d.to_f64().unwrap_or_default()
}

/// A formula's text literal.
pub(super) fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// The answers of the unit's existing file, read from its TOML as written
/// (an answer with an error is shown as it is, not dropped).
struct Existing(Option<toml_edit::DocumentMut>);

impl Existing {
    fn entry(&self, code: &str) -> Option<&dyn toml_edit::TableLike> {
        self.0
            .as_ref()?
            .get("c")?
            .as_table_like()?
            .get(code)?
            .as_table_like()
    }
    fn submitted(&self) -> Option<String> {
        let v = self.0.as_ref()?.get("submitted")?.as_value()?;
        Some(match v.as_str() {
            Some(s) => s.to_string(),
            None => v.clone().decorated("", "").to_string(),
        })
    }
}

/// A cell value as written in the TOML file: a number as a spreadsheet
/// number, anything else as text.
pub(super) enum Shown {
    Number(f64),
    Text(String),
}

pub(super) fn shown(v: &toml_edit::Value) -> Shown {
    if let Some(s) = v.as_str() {
        return Shown::Text(s.to_string());
    }
    let raw = v.clone().decorated("", "").to_string();
    match num::parse_decimal(&raw.replace('_', "")) {
        Some(d) if v.is_float() || v.is_integer() => Shown::Number(float(d)),
        _ => Shown::Text(raw),
    }
}

pub(super) fn write_shown(
    ws: &mut Worksheet,
    row: u32,
    c: u16,
    value: Shown,
    format: &Format,
) -> Result<(), XlsxError> {
    match value {
        Shown::Number(n) => ws.write_number_with_format(row, c, n, format)?,
        Shown::Text(t) => ws.write_string_with_format(row, c, t, format)?,
    };
    Ok(())
}

/// The lines of a string or an array of strings (evidence).
fn text_lines(item: Option<&toml_edit::Item>) -> String {
    let Some(v) = item.and_then(toml_edit::Item::as_value) else {
        return String::new();
    };
    match v {
        toml_edit::Value::Array(a) => a
            .iter()
            .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
            .collect::<Vec<_>>()
            .join("\n"),
        other => other
            .as_str()
            .map_or_else(|| other.to_string(), str::to_string),
    }
}

/// The points a leaf's formula shows for the answer the workbook is
/// pre-filled with, and each group's sum: stored as the formulas' results, for
/// programs that show a workbook without recalculating it (LibreOffice by
/// default, PDF conversion).
fn shown_points(scheme: &Scheme, existing: &Existing) -> Vec<Decimal> {
    let mut points = vec![Decimal::ZERO; scheme.nodes.len()];
    for (i, c) in scheme.nodes.iter().enumerate().rev() {
        if !c.is_leaf() {
            points[i] = c.children.iter().map(|&k| points[k]).sum();
            continue;
        }
        let Some(entry) = existing.entry(&c.code).filter(|_| answered_by_unit(c)) else {
            continue;
        };
        let get = |k: &str| entry.get(k).and_then(toml_edit::Item::as_value);
        if get("na").and_then(toml_edit::Value::as_bool) == Some(true) {
            continue;
        }
        points[i] = match c.method.as_ref() {
            Some(Method::Manual) => get("points")
                .map(|v| v.clone().decorated("", "").to_string())
                .and_then(|t| num::parse_decimal(&t))
                .filter(|p| *p >= Decimal::ZERO && *p <= c.max)
                .unwrap_or_default(),
            Some(Method::YesNo) => match get("yes").and_then(toml_edit::Value::as_bool) {
                Some(true) => c.max,
                _ => Decimal::ZERO,
            },
            Some(Method::Choice(options)) => get("choice")
                .and_then(toml_edit::Value::as_str)
                .and_then(|l| options.iter().find(|o| o.label == l.trim()))
                .map_or(Decimal::ZERO, |o| o.points),
            _ => Decimal::ZERO,
        };
    }
    points
}

/// A fact cell's validation, by the fact's type: a count is a whole number.
pub(super) fn fact_validation(kind: FactKind) -> DataValidation {
    match kind {
        FactKind::Count => {
            DataValidation::new().allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
        }
        FactKind::Percent => {
            DataValidation::new().allow_decimal_number(DataValidationRule::Between(0.0, 100.0))
        }
        FactKind::Number => {
            DataValidation::new().allow_decimal_number(DataValidationRule::Between(-1e15, 1e15))
        }
    }
}

/// The hidden sheet that identifies a workbook: its `form`, the year, the
/// unit, the appendices, the criteria's fingerprint, the language, then the
/// form's own `extra` keys, a pair a row; hidden and protected. Returns it
/// with the number of rows written, for the form's per-criterion rows.
#[allow(clippy::too_many_arguments)]
pub(super) fn identity_sheet<'b>(
    book: &'b mut Workbook,
    form: &str,
    ws: &Workspace,
    unit: &Unit,
    scheme: &Scheme,
    print: String,
    lang: Lang,
    extra: Vec<(&str, String)>,
) -> Result<(&'b mut Worksheet, u32), XlsxError> {
    let m = book.add_worksheet();
    m.set_name(META_SHEET)?;
    let lang = match lang {
        Lang::Vi => "vi",
        Lang::En => "en",
    };
    let pairs = [
        (meta::FORMAT, form.to_string()),
        (meta::YEAR, ws.year.to_string()),
        (meta::UNIT, unit.code.clone()),
        (meta::APPENDICES, scheme.appendices.join(" + ")),
        (meta::FINGERPRINT, print),
        (meta::LANG, lang.to_string()),
    ]
    .into_iter()
    .chain(extra);
    let mut count = 0;
    for (r, (k, v)) in pairs.enumerate() {
        m.write_string(r as u32, 0, k)?;
        m.write_string(r as u32, 1, v)?;
        count += 1;
    }
    m.protect();
    m.set_hidden(true);
    Ok((m, count))
}

/// The instruction sheet: a title and `text`'s paragraphs, one per row.
pub(super) fn guide_sheet(
    book: &mut Workbook,
    styles: &Styles,
    title: String,
    text: &str,
) -> Result<(), XlsxError> {
    let guide = book.add_worksheet();
    guide.set_name(GUIDE_SHEET)?;
    guide.set_column_width(0, 75.0)?;
    guide.set_paper_size(A4);
    guide.set_print_fit_to_pages(1, 0);
    guide.write_string_with_format(0, 0, title, &styles.title)?;
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (k, paragraph) in text.lines().enumerate() {
        guide.write_string_with_format(k as u32 + 2, 0, paragraph, &wrap)?;
        guide.set_row_height(k as u32 + 2, LINE_HEIGHT * lines_in(paragraph, 75.0) as f64)?;
    }
    guide.protect();
    Ok(())
}

/// How many lines a cell's text takes in a column `width` characters wide.
fn lines_in(text: &str, width: f64) -> usize {
    let per_line = (width - 1.0).max(1.0) as usize;
    text.lines()
        .map(|l| l.chars().count().div_ceil(per_line).max(1))
        .sum::<usize>()
        .max(1)
}

/// A row's height: spreadsheet programs do not all fit a row to its wrapped
/// text on opening, so the height is set from the longest cell (at most
/// [`MAX_ROW_LINES`] lines; the user may resize rows).
const MAX_ROW_LINES: usize = 12;
pub(super) const LINE_HEIGHT: f64 = 15.0;

/// The lines each row's wrapped text takes, by the widths of its columns.
pub(super) struct RowHeights<'w> {
    widths: &'w [f64],
    lines: std::collections::BTreeMap<u32, usize>,
}

impl<'w> RowHeights<'w> {
    pub(super) fn new(widths: &'w [f64]) -> Self {
        RowHeights {
            widths,
            lines: Default::default(),
        }
    }

    /// `text` is written in cell (`row`, `c`).
    pub(super) fn grow(&mut self, row: u32, c: u16, text: &str) {
        let width = self.widths.get(c as usize).copied().unwrap_or(10.0);
        let n = lines_in(text, width);
        let at = self.lines.entry(row).or_insert(1);
        *at = (*at).max(n);
    }

    /// Sets the height of every row with more than one line.
    pub(super) fn set(self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        for (row, lines) in self.lines {
            if lines > 1 {
                sheet.set_row_height(row, LINE_HEIGHT * lines.min(MAX_ROW_LINES) as f64)?;
            }
        }
        Ok(())
    }
}

/// The self-assessment workbook of `unit` for the workspace's year: one row
/// per criterion of its tree, input cells where the unit answers, pre-filled
/// from `existing` (the text of its answer file) when it has one.
pub fn self_assessment_workbook(
    ws: &Workspace,
    unit: &Unit,
    scheme: &Scheme,
    existing: Option<&str>,
    lang: Lang,
) -> Result<Vec<u8>, XlsxError> {
    let existing = Existing(existing.and_then(|t| t.parse::<toml_edit::DocumentMut>().ok()));
    let styles = Styles::new();
    let mut book = Workbook::new();
    let rows = lines(scheme);
    // The row of every node, for the subtotals.
    let mut row_of = vec![0u32; scheme.nodes.len()];
    for (n, line) in rows.iter().enumerate() {
        if let Line::Group(i) | Line::Leaf(i) = *line {
            row_of[i] = FIRST_ROW + n as u32;
        }
    }
    let (print, per_node) = fingerprint(scheme);
    let points_shown = shown_points(scheme, &existing);
    // The hidden sheet's row of each node (1-based, for formulas).
    let meta_row = |i: usize| i as u32 + 7;

    let sheet = book.add_worksheet();
    sheet.set_name(ANSWER_SHEET)?;
    let t = |m: W| m.text(lang);
    sheet.write_string_with_format(
        0,
        col::CODE,
        t(W::Title {
            year: ws.year,
            unit: unit.code.clone(),
            name: unit.name.clone(),
        }),
        &styles.title,
    )?;
    sheet.write_string_with_format(SUBMITTED.0, col::CODE, t(W::Submitted), &styles.fixed)?;
    sheet.write_string(SUBMITTED.0, col::MAX, t(W::SubmittedHint))?;
    match existing.submitted() {
        Some(s) => {
            sheet.write_string_with_format(SUBMITTED.0, SUBMITTED.1, s, &styles.input_text)?
        }
        None => sheet.write_blank(SUBMITTED.0, SUBMITTED.1, &styles.input_text)?,
    };
    let titles = [
        (col::KEY, String::new(), 0.0),
        (col::CODE, t(W::ColCode), 10.0),
        (col::TITLE, t(W::ColTitle), 50.0),
        (col::MAX, t(W::ColMax), 8.0),
        (col::METHOD, t(W::ColMethod), 20.0),
        (col::ANSWER, t(W::ColAnswer), 30.0),
        (col::NA, t(W::ColNotApplicable), 12.0),
        (col::POINTS, t(W::ColPoints), 9.0),
        (col::OFFICIAL, t(W::ColOfficial), 11.0),
        (col::EVIDENCE, t(W::ColEvidence), 45.0),
        (col::NOTE, t(W::ColNote), 25.0),
        (col::EXPLANATION, t(W::ColExplanation), 25.0),
        (col::GUIDE, t(W::ColGuide), 50.0),
        (col::REQUIRED, t(W::ColRequired), 30.0),
        (col::REFERENCE, t(W::ColReference), 30.0),
    ];
    let widths: Vec<f64> = titles.iter().map(|(_, _, w)| *w).collect();
    let mut heights = RowHeights::new(&widths);
    let mut grow = |n: usize, c: u16, text: &str| heights.grow(FIRST_ROW + n as u32, c, text);
    for (c, title, width) in titles {
        sheet.write_string_with_format(HEADER_ROW, c, title, &styles.header)?;
        if c != col::KEY {
            sheet.set_column_width(c, width)?;
        }
    }
    sheet.set_column_hidden(col::KEY)?;
    let (yes, no, na) = (t(W::Yes), t(W::No), t(W::NotApplicable));
    let official = ws.data.facts.get(&unit.code);

    for (n, &line) in rows.iter().enumerate() {
        let row = FIRST_ROW + n as u32;
        let r1 = row + 1;
        let key = super::key(scheme, line);
        match line {
            Line::Group(i) => {
                let c = &scheme.nodes[i];
                let kind = match c.kind {
                    Kind::Bonus => format!(" [{}]", crate::i18n::Label::Bonus.text(lang)),
                    Kind::Deduction => format!(" [{}]", crate::i18n::Label::Deduction.text(lang)),
                    Kind::Ordinary => String::new(),
                };
                let children: Vec<String> = c
                    .children
                    .iter()
                    .map(|&k| format!("{}{}", column_letters(col::POINTS as usize), row_of[k] + 1))
                    .collect();
                for cc in 0..col::COUNT {
                    sheet.write_blank(row, cc, &styles.group)?;
                }
                sheet.write_string_with_format(row, col::KEY, key, &styles.group)?;
                sheet.write_string_with_format(row, col::CODE, &c.code, &styles.group)?;
                sheet.write_string_with_format(
                    row,
                    col::TITLE,
                    format!("{}{kind}", c.title),
                    &styles.group,
                )?;
                sheet.write_number_with_format(
                    row,
                    col::MAX,
                    float(c.max),
                    &styles.group_points,
                )?;
                sheet.write_formula_with_format(
                    row,
                    col::POINTS,
                    Formula::new(format!("=SUM({})", children.join(",")))
                        .set_result(points_shown[i].normalize().to_string()),
                    &styles.group_points,
                )?;
                grow(n, col::TITLE, &format!("{}{kind}", c.title));
            }
            Line::Leaf(i) => {
                let c = &scheme.nodes[i];
                let method = c.method.as_ref().expect("leaves have methods");
                let unit_answers = answered_by_unit(c);
                let fixed = if unit_answers {
                    &styles.fixed
                } else {
                    &styles.grey
                };
                for cc in 0..col::COUNT {
                    sheet.write_blank(row, cc, fixed)?;
                }
                sheet.write_string_with_format(row, col::KEY, key, fixed)?;
                sheet.write_string_with_format(row, col::CODE, &c.code, fixed)?;
                sheet.write_string_with_format(row, col::TITLE, &c.title, fixed)?;
                grow(n, col::TITLE, &c.title);
                let number = if unit_answers {
                    &styles.fixed_number
                } else {
                    &styles.grey
                };
                sheet.write_number_with_format(row, col::MAX, float(c.max), number)?;
                let how = if unit_answers {
                    method_name(method.name(), lang).to_string()
                } else {
                    t(W::CouncilScores)
                };
                sheet.write_string_with_format(row, col::METHOD, how, fixed)?;
                for (cc, text) in [
                    (col::GUIDE, &c.guide),
                    (col::REQUIRED, &c.evidence),
                    (col::REFERENCE, &c.reference),
                ] {
                    if let Some(text) = text {
                        sheet.write_string_with_format(row, cc, text, fixed)?;
                        grow(n, cc, text);
                    }
                }
                if !unit_answers {
                    continue;
                }
                let entry = existing.entry(&c.code);
                let get = |k: &str| {
                    entry
                        .and_then(|e| e.get(k))
                        .and_then(toml_edit::Item::as_value)
                };
                // The answer cell, its validation and the points it gives.
                let answer = format!("{}{r1}", column_letters(col::ANSWER as usize));
                let points = match method {
                    Method::Manual => {
                        match get("points") {
                            Some(v) => write_shown(
                                sheet,
                                row,
                                col::ANSWER,
                                shown(v),
                                &styles.input_number,
                            )?,
                            None => {
                                sheet.write_blank(row, col::ANSWER, &styles.input_number)?;
                            }
                        }
                        let rule = format!(
                            "=AND(ISNUMBER({answer}),{answer}>=0,{answer}<={},MOD(ROUND({answer}/{},9),1)=0)",
                            c.max.normalize(),
                            c.step.normalize()
                        );
                        sheet.add_data_validation(
                            row,
                            col::ANSWER,
                            row,
                            col::ANSWER,
                            &DataValidation::new().allow_custom(Formula::new(rule)),
                        )?;
                        Some(format!("=IF({answer}=\"\",\"\",{answer})"))
                    }
                    Method::YesNo => {
                        let value = get("yes").and_then(toml_edit::Value::as_bool);
                        match (value, get("yes")) {
                            (Some(b), _) => {
                                let label = if b { &yes } else { &no };
                                sheet.write_string_with_format(
                                    row,
                                    col::ANSWER,
                                    label,
                                    &styles.input,
                                )?;
                            }
                            (None, Some(v)) => {
                                write_shown(sheet, row, col::ANSWER, shown(v), &styles.input)?
                            }
                            (None, None) => {
                                sheet.write_blank(row, col::ANSWER, &styles.input)?;
                            }
                        }
                        sheet.add_data_validation(
                            row,
                            col::ANSWER,
                            row,
                            col::ANSWER,
                            &DataValidation::new()
                                .allow_list_strings(&[yes.as_str(), no.as_str()])?,
                        )?;
                        Some(format!(
                            "=IF({answer}={},{},IF({answer}={},0,\"\"))",
                            quoted(&yes),
                            c.max.normalize(),
                            quoted(&no)
                        ))
                    }
                    Method::Choice(options) => {
                        match get("choice") {
                            Some(v) => {
                                write_shown(sheet, row, col::ANSWER, shown(v), &styles.input)?
                            }
                            None => {
                                sheet.write_blank(row, col::ANSWER, &styles.input)?;
                            }
                        }
                        let last = column_letters(col::TITLE as usize + options.len() - 1);
                        let m = meta_row(i);
                        sheet.add_data_validation(
                            row,
                            col::ANSWER,
                            row,
                            col::ANSWER,
                            &DataValidation::new().allow_list_formula(Formula::new(format!(
                                "={META_SHEET}!$C${m}:${last}${m}"
                            ))),
                        )?;
                        let mut f = String::from("\"\"");
                        for o in options.iter().rev() {
                            f = format!(
                                "IF({answer}={},{},{f})",
                                quoted(&o.label),
                                o.points.normalize()
                            );
                        }
                        Some(format!("={f}"))
                    }
                    Method::Bands { .. } | Method::Formula { .. } => None,
                };
                match points {
                    Some(f) => {
                        let na_cell = format!("{}{r1}", column_letters(col::NA as usize));
                        let f = format!("=IF({na_cell}<>\"\",\"\",{})", &f[1..]);
                        let answered = ["points", "yes", "choice"].iter().any(|k| get(k).is_some())
                            && get("na").and_then(toml_edit::Value::as_bool) != Some(true);
                        let result = if answered {
                            points_shown[i].normalize().to_string()
                        } else {
                            String::new()
                        };
                        sheet.write_formula_with_format(
                            row,
                            col::POINTS,
                            Formula::new(f).set_result(result),
                            &styles.fixed_number,
                        )?;
                    }
                    None => {
                        sheet.write_string_with_format(
                            row,
                            col::POINTS,
                            t(W::ComputedOnImport),
                            &styles.fixed,
                        )?;
                    }
                }
                if c.na_allowed {
                    match get("na") {
                        Some(v) if v.as_bool() == Some(true) => {
                            sheet.write_string_with_format(row, col::NA, &na, &styles.input)?;
                        }
                        Some(v) if v.as_bool().is_none() => {
                            write_shown(sheet, row, col::NA, shown(v), &styles.input)?
                        }
                        _ => {
                            sheet.write_blank(row, col::NA, &styles.input)?;
                        }
                    }
                    sheet.add_data_validation(
                        row,
                        col::NA,
                        row,
                        col::NA,
                        &DataValidation::new().allow_list_strings(&[na.as_str()])?,
                    )?;
                } else if let Some(v) = get("na") {
                    // An `na` the criterion does not allow is shown, to be refused
                    // on import as in the file.
                    write_shown(sheet, row, col::NA, shown(v), &styles.input)?;
                }
                let texts = [
                    (
                        col::EVIDENCE,
                        text_lines(entry.and_then(|e| e.get("evidence"))),
                    ),
                    (col::NOTE, text_lines(entry.and_then(|e| e.get("note")))),
                    (
                        col::EXPLANATION,
                        text_lines(entry.and_then(|e| e.get("explanation"))),
                    ),
                ];
                for (cc, text) in texts {
                    grow(n, cc, &text);
                    sheet.write_string_with_format(row, cc, text, &styles.input_text)?;
                }
                if let Some(Shown::Text(t)) = get("choice").map(shown) {
                    grow(n, col::ANSWER, &t);
                }
            }
            Line::Fact(i, k) => {
                let c = &scheme.nodes[i];
                let input = c.fact_inputs().nth(k).expect("the line's fact");
                for cc in 0..col::COUNT {
                    sheet.write_blank(row, cc, &styles.fixed)?;
                }
                sheet.write_string_with_format(row, col::KEY, key, &styles.fixed)?;
                let label = format!("{} ({})", input.label, input.name);
                grow(n, col::TITLE, &label);
                sheet.write_string_with_format(row, col::TITLE, label, &styles.fixed)?;
                sheet.write_string_with_format(
                    row,
                    col::METHOD,
                    t(W::FactKind(input.kind)),
                    &styles.fixed,
                )?;
                let fact = existing
                    .entry(&c.code)
                    .and_then(|e| e.get("facts"))
                    .and_then(toml_edit::Item::as_table_like)
                    .and_then(|f| f.get(&input.name))
                    .and_then(toml_edit::Item::as_value);
                match fact {
                    Some(v) => {
                        write_shown(sheet, row, col::ANSWER, shown(v), &styles.input_number)?
                    }
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
            }
        }
    }
    heights.set(sheet)?;
    sheet.set_row_height(HEADER_ROW, 2.0 * LINE_HEIGHT)?;
    sheet.set_freeze_panes(FIRST_ROW, col::MAX)?;
    let last = FIRST_ROW + rows.len().max(1) as u32 - 1;
    sheet.set_print_area(0, col::CODE, last, col::EXPLANATION)?;
    sheet.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
    sheet.set_landscape();
    sheet.set_paper_size(A4);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;

    let instructions = t(W::Instructions {
        year: ws.year,
        unit: unit.code.clone(),
    });
    guide_sheet(&mut book, &styles, t(W::GuideSheet), &instructions)?;

    let (m, _) = identity_sheet(&mut book, FORMAT, ws, unit, scheme, print, lang, Vec::new())?;
    for (i, (code, hash)) in per_node.into_iter().enumerate() {
        let r = meta_row(i) - 1;
        m.write_string(r, 0, format!("{}{code}", meta::CRITERION))?;
        m.write_string(r, 1, hash)?;
        if let Some(Method::Choice(options)) = &scheme.nodes[i].method {
            for (k, o) in options.iter().enumerate() {
                m.write_string(r, col::TITLE + k as u16, &o.label)?;
            }
        }
    }
    book.save_to_buffer()
}
