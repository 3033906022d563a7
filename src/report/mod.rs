//! Renderers: results (and, for templates, the criteria model) → text.
//! Renderers format; they never compute scores.

pub mod diff;
pub mod explain;
pub mod history;
pub mod html;
pub mod import;
pub mod lock;
pub mod notice;
pub mod print;
pub mod review;
pub mod score;
pub mod sheet;
pub mod template;
pub mod test;
pub mod xlsx;

use comfy_table::{ContentArrangement, Table, presets};

use crate::diagnostic::Diagnostic;
use crate::i18n::{Lang, Say};

/// Text made safe for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    escape(text, |c| match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '"' => Some("&quot;"),
        '\'' => Some("&#39;"),
        _ => None,
    })
}

/// `text` with each character that `replace` names replaced.
fn escape(text: &str, replace: impl Fn(char) -> Option<&'static str>) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match replace(c) {
            Some(r) => out.push_str(r),
            None => out.push(c),
        }
    }
    out
}

/// Text of the workspace made safe for Markdown: HTML-significant characters
/// as entities (a unit named `<script>` stays text when the Markdown is shown
/// as HTML) and `|` escaped (it would end a table cell).
pub fn escape_markdown(text: &str) -> String {
    escape(text, |c| match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '|' => Some("\\|"),
        _ => None,
    })
}

/// A Markdown table, every cell escaped ([`escape_markdown`]), a line break
/// in a cell written `<br>`; `numeric` columns are right-aligned.
pub fn markdown_table(header: &[String], rows: &[Vec<String>], numeric: &[usize]) -> String {
    let row = |cells: &[String]| {
        let cells: Vec<String> = cells
            .iter()
            .map(|c| escape_markdown(c).replace('\n', "<br>"))
            .collect();
        format!("| {} |\n", cells.join(" | "))
    };
    let align: Vec<String> = (0..header.len())
        .map(|i| if numeric.contains(&i) { "---:" } else { "---" }.to_string())
        .collect();
    let mut out = row(header);
    out.push_str(&row(&align));
    for r in rows {
        out.push_str(&row(r));
    }
    out
}

/// A table in the house style: UTF-8 borders, no colours, stable width.
pub fn new_table(header: Vec<String>) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .force_no_tty()
        .set_header(header);
    t
}

pub fn right_align(t: &mut Table, columns: &[usize]) {
    for &c in columns {
        if let Some(col) = t.column_mut(c) {
            col.set_cell_alignment(comfy_table::CellAlignment::Right);
        }
    }
}

/// Full rustc-style rendering of diagnostics, then a summary line.
/// `check`'s text: errors first, then warnings (each in their order), and a
/// summary line by code; with `errors_only` the warnings are only counted.
pub fn diagnostics_text(diags: &[Diagnostic], errors_only: bool, lang: Lang) -> String {
    let (errors, warnings): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
        diags.iter().partition(|d| d.is_error());
    let mut out = String::new();
    let shown = if errors_only { &[][..] } else { &warnings[..] };
    for d in errors.iter().chain(shown) {
        out += &d.render(lang);
        out += "\n";
    }
    out += &Say::CheckSummary {
        errors: count_by_code(errors.iter().copied()),
        warnings: count_by_code(warnings.iter().copied()),
        warnings_hidden: errors_only,
    }
    .text(lang);
    out += "\n";
    out
}

/// How many diagnostics of each code, most frequent first (then by code).
pub fn count_by_code<'a>(
    diags: impl Iterator<Item = &'a Diagnostic>,
) -> Vec<(&'static str, usize)> {
    let mut counts: std::collections::BTreeMap<&'static str, usize> = Default::default();
    for d in diags {
        *counts.entry(d.code.id()).or_default() += 1;
    }
    let mut counts: Vec<_> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    counts
}

/// A problem of the criteria themselves (`check --criteria`): of no unit,
/// and in a file under `criteria/` if it is in a file at all. Missing
/// official data (W0609) is said at the first criterion that reads the fact,
/// but it is the datasets' problem, not the criteria's.
pub fn about_criteria(d: &Diagnostic) -> bool {
    d.unit.is_none()
        && d.code != crate::diagnostic::Code::MissingData
        && d.location
            .as_ref()
            .is_none_or(|l| l.file.name.starts_with("criteria/"))
}

pub fn diagnostics_json(diags: &[Diagnostic], lang: Lang) -> String {
    let items: Vec<_> = diags.iter().map(|d| d.to_json(lang)).collect();
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let v = serde_json::json!({
        "errors": errors,
        "warnings": diags.len() - errors,
        "diagnostics": items,
    });
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}
