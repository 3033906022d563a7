//! Renderers: results (and, for templates, the criteria model) → text.
//! Renderers format; they never compute scores.

pub mod diff;
pub mod explain;
pub mod history;
pub mod html;
pub mod import;
pub mod lock;
pub mod notice;
pub mod review;
pub mod score;
pub mod sheet;
pub mod template;
pub mod test;
pub mod xlsx;

use std::io::Write;
use std::path::Path;

use comfy_table::{ContentArrangement, Table, presets};

use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Lang, Say};
use crate::load::InputKind;

/// Where a command writes: standard output, or a file of the workspace's
/// filesystem that must not be one of its inputs unless the command's job is
/// to write that kind of input (`import` a dataset, `lock` the lock file).
#[derive(Debug, Clone, Copy)]
pub struct Destination<'a> {
    /// The file; standard output when `None`.
    pub path: Option<&'a Path>,
    /// The workspace whose inputs are protected.
    pub root: &'a Path,
    /// The inputs this write may replace; none for reports.
    pub may_replace: &'a [InputKind],
}

impl<'a> Destination<'a> {
    /// A report (score table, export, notice…): replaces no input.
    pub fn report(path: Option<&'a Path>, root: &'a Path) -> Self {
        Destination {
            path,
            root,
            may_replace: &[],
        }
    }
}

/// Why a write did not happen.
#[derive(Debug)]
pub enum WriteError {
    Io(std::io::Error),
    /// The file is (or would become) an input of the workspace: its name,
    /// relative to the workspace.
    Input(String),
}

impl From<std::io::Error> for WriteError {
    fn from(e: std::io::Error) -> Self {
        WriteError::Io(e)
    }
}

/// Writes `content` atomically (temporary file in the same folder, then rename),
/// or to standard output.
pub fn write_output(to: Destination, content: &str) -> Result<(), WriteError> {
    write_bytes(to, content.as_bytes())
}

/// [`write_output`] for binary content (spreadsheets).
pub fn write_bytes(to: Destination, content: &[u8]) -> Result<(), WriteError> {
    write_with(to, |out| out.write_all(content))
}

/// [`write_output`] for content produced piece by piece by `write` (a national
/// run's JSON), buffered and never held in memory as a whole.
pub fn write_with(
    to: Destination,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    match to.path {
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            write(&mut out)?;
            Ok(out.flush()?)
        }
        Some(path) => {
            // Something that is not a file (a terminal, `/dev/stdout`, a FIFO)
            // is written to as it is: it cannot be replaced, and a partial
            // write there loses nothing.
            if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
                let mut out =
                    std::io::BufWriter::new(std::fs::OpenOptions::new().write(true).open(path)?);
                write(&mut out)?;
                return Ok(out.flush()?);
            }
            // A link to a file: the file is replaced, the link kept.
            let target = std::fs::symlink_metadata(path)
                .is_ok_and(|m| m.file_type().is_symlink())
                .then(|| std::fs::canonicalize(path).ok())
                .flatten();
            let path = target.as_deref().unwrap_or(path);
            // An output named after an input (`score -o scores/2024/units.toml`)
            // would replace the year's data with a report, or be read as data.
            if let Some((kind, name)) = crate::load::input_kind(to.root, path)
                && !to.may_replace.contains(&kind)
            {
                return Err(WriteError::Input(name));
            }
            let dir = match path.parent() {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => Path::new("."),
            };
            // Named after the output (`.ket-qua.json.a1B2c3.tmp`): a run killed
            // before the rename leaves a file that says what it was.
            let prefix = format!(
                ".{}.",
                path.file_name().unwrap_or_default().to_string_lossy()
            );
            let mut builder = tempfile::Builder::new();
            builder.prefix(&prefix).suffix(".tmp");
            // Readable like any file the user creates (not the temporary file's
            // private mode); a replaced file keeps its own permissions.
            #[cfg(unix)]
            builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
            let tmp = builder.tempfile_in(dir)?;
            if let Ok(old) = std::fs::metadata(path) {
                tmp.as_file().set_permissions(old.permissions())?;
            }
            let mut out = std::io::BufWriter::with_capacity(1 << 16, tmp);
            write(&mut out)?;
            let tmp = out.into_inner().map_err(|e| e.into_error())?;
            tmp.as_file().sync_all()?;
            tmp.persist(path).map_err(|e| e.error)?;
            Ok(())
        }
    }
}

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
