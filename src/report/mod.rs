//! Renderers: results (and, for templates, the criteria model) → text.
//! Renderers format; they never compute scores.

pub mod explain;
pub mod lock;
pub mod score;
pub mod sheet;
pub mod template;

use std::io::Write;
use std::path::Path;

use comfy_table::{ContentArrangement, Table, presets};

use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Lang, Say};

/// Writes `content` to `path` atomically (temporary file in the same folder, then rename),
/// or to standard output.
pub fn write_output(path: Option<&Path>, content: &str) -> std::io::Result<()> {
    match path {
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(content.as_bytes())?;
            out.flush()
        }
        Some(path) => {
            let dir = match path.parent() {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => Path::new("."),
            };
            let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
            tmp.write_all(content.as_bytes())?;
            tmp.as_file().sync_all()?;
            tmp.persist(path).map_err(|e| e.error)?;
            Ok(())
        }
    }
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
pub fn diagnostics_text(diags: &[Diagnostic], lang: Lang) -> String {
    let mut out = String::new();
    for d in diags {
        out += &d.render(lang);
        out += "\n";
    }
    let errors = diags
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .count();
    let warnings = diags.len() - errors;
    out += &Say::Summary { errors, warnings }.text(lang);
    out += "\n";
    out
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
