//! Printable pages of one unit: `show` and `explain` with `--format html|md|xlsx`.
//! A page is what the text form shows, as headings, lines and tables of
//! typed cells; the three renderers below only lay it out (numbers stay
//! numbers in XLSX, everything is escaped in HTML and Markdown).

use std::fmt::Write;

use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::i18n::Lang;
use crate::num;

use super::{escape_html, escape_markdown};

/// A cell: text, or a number with how it is written.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Text(String),
    Number {
        value: Decimal,
        /// Fixed decimals (totals, indices), or as many as the number has.
        decimals: Option<u32>,
        /// A difference: `+1`, `−0,5`.
        signed: bool,
    },
}

impl Value {
    pub fn text(s: impl Into<String>) -> Value {
        Value::Text(s.into())
    }

    /// A number written with as many decimals as it has.
    pub fn number(value: Decimal) -> Value {
        Value::Number {
            value,
            decimals: None,
            signed: false,
        }
    }

    /// A number written with `decimals` decimals.
    pub fn fixed(value: Decimal, decimals: u32) -> Value {
        Value::Number {
            value,
            decimals: Some(decimals),
            signed: false,
        }
    }

    /// How the text form, HTML and Markdown write the cell.
    pub fn shown(&self, lang: Lang) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Number {
                value,
                decimals: Some(d),
                signed: true,
            } => num::fmt_signed(*value, *d, lang),
            Value::Number {
                value,
                decimals: None,
                signed: true,
            } => super::sheet::signed(*value, lang),
            Value::Number {
                value,
                decimals: Some(d),
                ..
            } => num::fmt_fixed(*value, *d, lang),
            Value::Number { value, .. } => num::fmt(*value, lang),
        }
    }
}

/// A table of a page; `strong` rows are areas or totals.
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Row>,
    /// Right-aligned columns.
    pub numeric: Vec<usize>,
    /// The column whose text is indented by the row's depth (criterion titles).
    pub indented: Option<usize>,
}

#[derive(Clone, Debug, Default)]
pub struct Row {
    pub cells: Vec<Value>,
    pub depth: usize,
    pub strong: bool,
}

/// A part of a page, in order.
#[derive(Clone, Debug)]
pub enum Part {
    /// A line of text, indented by `indent` levels.
    Line {
        indent: usize,
        text: String,
    },
    Table(Table),
    /// Small print under a table (a legend).
    Note(String),
}

/// Where the unit's head signs a printed sheet.
#[derive(Clone, Debug)]
pub struct Signature {
    /// The one who prepared the sheet.
    pub preparer: String,
    /// "……, ngày … tháng … năm …"
    pub place_date: String,
    pub head: String,
    /// "(Ký, ghi rõ họ tên)" under the preparer.
    pub preparer_signs: String,
    /// "(Ký, ghi rõ họ tên, đóng dấu)" under the head.
    pub head_signs: String,
}

/// One printable page.
#[derive(Clone, Debug)]
pub struct Page {
    pub title: String,
    /// Lines under the title: the unit, its block, the season's phase.
    pub meta: Vec<String>,
    pub parts: Vec<Part>,
    pub signature: Option<Signature>,
}

const STYLE: &str = r#"
@page { size: A4; margin: 15mm 12mm 15mm 15mm; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", "Noto Sans", "DejaVu Sans", Arial, sans-serif; font-size: 10pt;
  color: #000; margin: 0 auto; max-width: 190mm; padding: 12px; line-height: 1.35; }
h1 { font-size: 14pt; margin: 0 0 4px; }
p { margin: 2px 0; }
p.meta { color: #333; }
p.i1 { margin-left: 1.5em; } p.i2 { margin-left: 3em; } p.i3 { margin-left: 4.5em; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 8px; }
th, td { border: 1px solid #777; padding: 2px 4px; vertical-align: top; }
th { background: #eee; font-weight: 600; text-align: center; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.strong td { font-weight: 600; }
.note { color: #444; font-size: 8.5pt; }
.sign { display: flex; justify-content: space-between; margin-top: 10mm; text-align: center; break-inside: avoid; }
.sign div { width: 45%; }
.sign b { display: block; }
.sign i { display: block; margin-bottom: 22mm; font-size: 9pt; }
.sign i.date { margin-bottom: 2mm; }
@media print { body { max-width: none; padding: 0; font-size: 9pt; } th { background: none; } }
"#;

fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "vi",
        Lang::En => "en",
    }
}

/// A self-contained page to print on A4: inline style, no scripts.
pub fn html(page: &Page, lang: Lang) -> String {
    let e = escape_html;
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        lang_code(lang),
        e(&page.title)
    );
    let _ = writeln!(out, "<h1>{}</h1>", e(&page.title));
    for m in &page.meta {
        let _ = writeln!(out, "<p class=\"meta\">{}</p>", e(m));
    }
    for part in &page.parts {
        match part {
            Part::Line { indent: 0, text } => {
                let _ = writeln!(out, "<p>{}</p>", e(text));
            }
            Part::Line { indent, text } => {
                let _ = writeln!(out, "<p class=\"i{}\">{}</p>", indent.min(&3), e(text));
            }
            Part::Note(text) => {
                let _ = writeln!(out, "<p class=\"note\">{}</p>", e(text));
            }
            Part::Table(t) => html_table(&mut out, t, lang),
        }
    }
    if let Some(s) = &page.signature {
        let _ = writeln!(
            out,
            "<div class=\"sign\"><div><i class=\"date\">&nbsp;</i><b>{}</b><i>{}</i></div>\
             <div><i class=\"date\">{}</i><b>{}</b><i>{}</i></div></div>",
            e(&s.preparer),
            e(&s.preparer_signs),
            e(&s.place_date),
            e(&s.head),
            e(&s.head_signs),
        );
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn html_table(out: &mut String, t: &Table, lang: Lang) {
    out.push_str("<table>\n<thead><tr>");
    for h in &t.header {
        let _ = write!(out, "<th>{}</th>", escape_html(h));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for r in &t.rows {
        out.push_str(if r.strong {
            "<tr class=\"strong\">"
        } else {
            "<tr>"
        });
        for (i, c) in r.cells.iter().enumerate() {
            let text = escape_html(&c.shown(lang));
            if t.numeric.contains(&i) {
                let _ = write!(out, "<td class=\"n\">{text}</td>");
            } else if t.indented == Some(i) && r.depth > 0 {
                // The whole cell is indented, so that a wrapped title keeps its level.
                let _ = write!(
                    out,
                    "<td style=\"padding-left:calc(4px + {}em)\">{text}</td>",
                    r.depth
                );
            } else {
                let _ = write!(out, "<td>{text}</td>");
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

/// The page as Markdown: lines as paragraphs (indented ones as list items),
/// tables as tables.
pub fn markdown(page: &Page, lang: Lang) -> String {
    let e = escape_markdown;
    let mut out = format!("# {}\n\n", e(&page.title));
    for m in &page.meta {
        out += &format!("{}  \n", e(m));
    }
    out += "\n";
    let mut in_list = false;
    for part in &page.parts {
        let listed = matches!(part, Part::Line { indent, .. } if *indent > 0);
        if in_list && !listed {
            out += "\n";
        }
        in_list = listed;
        match part {
            Part::Line { indent: 0, text } => out += &format!("{}\n\n", e(text)),
            Part::Line { indent, text } => {
                out += &format!("{}- {}\n", "  ".repeat(indent - 1), e(text));
            }
            Part::Note(text) => out += &format!("*{}*\n\n", e(text)),
            Part::Table(t) => {
                let rows: Vec<Vec<String>> = t
                    .rows
                    .iter()
                    .map(|r| {
                        r.cells
                            .iter()
                            .enumerate()
                            .map(|(i, c)| {
                                let shown = c.shown(lang);
                                if t.indented == Some(i) && r.depth > 0 {
                                    // No-break spaces: Markdown keeps them.
                                    format!("{}{shown}", "\u{a0}\u{a0}".repeat(r.depth))
                                } else {
                                    shown
                                }
                            })
                            .collect()
                    })
                    .collect();
                out += &super::markdown_table(&t.header, &rows, &t.numeric);
                out += "\n";
            }
        }
    }
    if in_list {
        out += "\n";
    }
    if let Some(s) = &page.signature {
        out += &format!(
            "|  | *{}* |\n| :---: | :---: |\n| **{}** | **{}** |\n| *{}* | *{}* |\n",
            e(&s.place_date),
            e(&s.preparer),
            e(&s.head),
            e(&s.preparer_signs),
            e(&s.head_signs),
        );
    }
    out
}

/// The page as one worksheet: the title and lines in the first column,
/// tables with numbers as numbers, A4, one page wide.
pub fn xlsx(page: &Page) -> Result<Vec<u8>, XlsxError> {
    use super::xlsx::{Sheet, Styles};
    let s = Styles::new(0, 0);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(super::xlsx::sheet_name(&page.title, &mut Vec::new()))?;
    let mut sh = Sheet::new(ws);
    let plain = Format::new();
    let note = Format::new().set_italic().set_font_size(9);
    sh.title(&page.title, &s.title)?;
    let mut row = 1;
    for m in &page.meta {
        sh.ws.write_string_with_format(row, 0, m, &plain)?;
        row += 1;
    }
    row += 1;
    let mut header_row = None;
    for part in &page.parts {
        match part {
            Part::Line { indent, text } => {
                let f = plain.clone().set_indent(*indent as u8);
                sh.ws.write_string_with_format(row, 0, text, &f)?;
                row += 1;
            }
            Part::Note(text) => {
                sh.ws.write_string_with_format(row, 0, text, &note)?;
                row += 2;
            }
            Part::Table(t) => {
                let labels: Vec<&str> = t.header.iter().map(String::as_str).collect();
                sh.header(row, &labels, &s.header)?;
                header_row.get_or_insert(row);
                row += 1;
                for r in &t.rows {
                    let (text, wrap) = if r.strong {
                        (&s.bold_text, s.bold_text.clone().set_text_wrap())
                    } else {
                        (&s.text, s.wrap.clone())
                    };
                    for (col, c) in (0u16..).zip(&r.cells) {
                        match c {
                            Value::Number {
                                value, decimals, ..
                            } => {
                                let f = s.number(*decimals, r.strong);
                                sh.number(row, col, *value, &f)?;
                            }
                            Value::Text(t2) if t.indented == Some(col as usize) => {
                                let f = wrap.clone().set_indent(r.depth.min(15) as u8);
                                sh.text(row, col, t2, &f)?;
                            }
                            Value::Text(t2) if t2.chars().count() > 40 => {
                                sh.text(row, col, t2, &wrap)?;
                            }
                            Value::Text(t2) => sh.text(row, col, t2, text)?,
                        }
                    }
                    row += 1;
                }
                row += 1;
            }
        }
    }
    if let Some(sig) = &page.signature {
        row += 1;
        let centred = Format::new()
            .set_align(rust_xlsxwriter::FormatAlign::Center)
            .set_bold();
        let italic = Format::new()
            .set_align(rust_xlsxwriter::FormatAlign::Center)
            .set_italic();
        sh.ws
            .write_string_with_format(row, 1, &sig.preparer, &centred)?;
        sh.ws
            .write_string_with_format(row, 4, &sig.place_date, &italic)?;
        sh.ws
            .write_string_with_format(row + 1, 4, &sig.head, &centred)?;
        sh.ws
            .write_string_with_format(row + 1, 1, &sig.preparer_signs, &italic)?;
        sh.ws
            .write_string_with_format(row + 2, 4, &sig.head_signs, &italic)?;
    }
    // The first table (a score sheet's criteria) keeps its header on screen
    // and on every printed page.
    sh.finish(header_row, false)?;
    wb.save_to_buffer()
}
