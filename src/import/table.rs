//! Reading a CSV or spreadsheet file into a grid of text cells that remember
//! where they came from, so diagnostics can quote the row.
//!
//! A spreadsheet has no text lines; its sheet is rendered as one line per row
//! (cells separated by tabs, row N on line N) into a [`SourceFile`] named
//! `file.xlsx[Sheet]`, and every diagnostic also names the cell (`Sheet1!C7`).

use std::path::Path;
use std::sync::Arc;

use calamine::{Data, Reader};

use crate::load::dataset::field_spans;
use crate::source::{SourceFile, Span, nfc};

#[derive(Debug, Clone)]
pub struct Cell {
    /// Trimmed, NFC.
    pub text: String,
    pub span: Span,
    /// A spreadsheet number: `text` is a plain decimal with a dot.
    pub numeric: bool,
}

#[derive(Debug, Clone)]
pub struct Row {
    /// 1-based line of the CSV file, or row of the sheet.
    pub line: usize,
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn text(&self, col: usize) -> &str {
        self.cells.get(col).map(|c| c.text.as_str()).unwrap_or("")
    }
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.text.is_empty())
    }
}

#[derive(Debug)]
pub struct Grid {
    pub file: Arc<SourceFile>,
    /// The sheet's name, for spreadsheets.
    pub sheet: Option<String>,
    pub rows: Vec<Row>,
    /// A CSV syntax error that ended reading early: its line and message.
    pub broken: Option<(usize, String)>,
}

impl Grid {
    /// `C7`, or `Sheet1!C7` in a spreadsheet.
    pub fn cell_ref(&self, line: usize, col: usize) -> String {
        let name = format!("{}{line}", column_letters(col));
        match &self.sheet {
            Some(s) => format!("{s}!{name}"),
            None => name,
        }
    }

    /// The span of a cell, or the start of its row when the row is shorter.
    pub fn span(&self, row: &Row, col: usize) -> Span {
        row.cells
            .get(col)
            .map(|c| c.span.clone())
            .unwrap_or_else(|| {
                let s = self.file.line_start(row.line);
                s..s
            })
    }
}

/// `0` → `A`, `26` → `AA`.
pub fn column_letters(mut col: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// How a file's bytes are read: as text, or as a spreadsheet of one format
/// (chosen by the file's extension, as spreadsheet programs do).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Xls,
    Xlsx,
    Xlsb,
    Ods,
}

impl Format {
    pub fn of(path: &Path) -> Format {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "xls" => Format::Xls,
            "xlsx" | "xlsm" => Format::Xlsx,
            "xlsb" => Format::Xlsb,
            "ods" => Format::Ods,
            _ => Format::Text,
        }
    }
}

/// The tables of a file's bytes: one for a CSV, one per sheet (in workbook
/// order) for a spreadsheet; `Err` says why they are not a table.
pub fn parse(name: &str, bytes: Vec<u8>, format: Format) -> Result<Vec<Grid>, String> {
    use calamine::{Ods, Xls, Xlsb, Xlsx};
    let book = std::io::Cursor::new(bytes);
    let text = |e: &dyn std::fmt::Display| e.to_string();
    match format {
        Format::Text => Ok(vec![read_csv(SourceFile::new(
            name,
            &decode(book.into_inner())?,
        ))]),
        Format::Xls => read_sheets(Xls::new(book).map_err(|e| text(&e))?, name),
        Format::Xlsx => read_sheets(Xlsx::new(book).map_err(|e| text(&e))?, name),
        Format::Xlsb => read_sheets(Xlsb::new(book).map_err(|e| text(&e))?, name),
        Format::Ods => read_sheets(Ods::new(book).map_err(|e| text(&e))?, name),
    }
}

/// UTF-8 (BOM optional), or UTF-16 with a BOM: what spreadsheet programs save as
/// "Unicode text".
fn decode(bytes: Vec<u8>) -> Result<String, String> {
    let utf16 = |rest: &[u8], from: fn([u8; 2]) -> u16| {
        let units: Vec<u16> = rest.chunks_exact(2).map(|c| from([c[0], c[1]])).collect();
        String::from_utf16(&units).map_err(|e| format!("UTF-16: {e}"))
    };
    match bytes.as_slice() {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
        _ => String::from_utf8(bytes).map_err(|e| format!("UTF-8: {e}")),
    }
}

/// `\t` or `;` when most lines use it (exports from Vietnamese-locale spreadsheets
/// use `;` because `,` is the decimal separator), else `,`.
fn delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(50)
        .collect();
    let half = lines.len().div_ceil(2).max(1);
    for d in ['\t', ';'] {
        if lines.iter().filter(|l| l.contains(d)).count() >= half {
            return d as u8;
        }
    }
    b','
}

pub fn read_csv(file: Arc<SourceFile>) -> Grid {
    let delim = delimiter(&file.text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(file.text.as_bytes());
    let mut rows = Vec::new();
    let mut broken = None;
    for (i, record) in reader.records().enumerate() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize).unwrap_or(i + 1);
                broken = Some((line, e.to_string()));
                break;
            }
        };
        let line = record
            .position()
            .map(|p| p.line() as usize)
            .unwrap_or(i + 1);
        let spans = field_spans(&file, line, delim as char);
        let cells = record
            .iter()
            .enumerate()
            .map(|(c, text)| Cell {
                text: text.trim().to_string(),
                span: spans.get(c).cloned().unwrap_or_else(|| {
                    let s = file.line_start(line);
                    s..s
                }),
                numeric: false,
            })
            .collect();
        rows.push(Row { line, cells });
    }
    Grid {
        file,
        sheet: None,
        rows,
        broken,
    }
}

fn read_sheets<R, B>(mut book: B, name: &str) -> Result<Vec<Grid>, String>
where
    R: std::io::Read + std::io::Seek,
    B: Reader<R>,
    B::Error: std::fmt::Display,
{
    let mut grids = Vec::new();
    for sheet in book.sheet_names() {
        let range = book.worksheet_range(&sheet).map_err(|e| e.to_string())?;
        grids.push(sheet_grid(&range, name, sheet));
    }
    if grids.is_empty() {
        return Err("no sheet".into());
    }
    Ok(grids)
}

fn sheet_grid(range: &calamine::Range<Data>, name: &str, sheet: String) -> Grid {
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    // Render: line N is sheet row N; cells are tab-separated from column A.
    let mut cells_by_row: Vec<Vec<(String, bool)>> = vec![Vec::new(); first_row as usize];
    for row in range.rows() {
        let mut cells: Vec<(String, bool)> = vec![(String::new(), false); first_col as usize];
        cells.extend(row.iter().map(cell_text));
        cells_by_row.push(cells);
    }
    let mut text = String::new();
    let mut spans: Vec<Vec<Span>> = Vec::new();
    for cells in &cells_by_row {
        let mut row_spans = Vec::new();
        for (i, (t, _)) in cells.iter().enumerate() {
            if i > 0 {
                text.push('\t');
            }
            let start = text.len();
            text.push_str(t);
            row_spans.push(start..text.len());
        }
        text.push('\n');
        spans.push(row_spans);
    }
    let file = SourceFile::new(format!("{name}[{sheet}]"), &text);
    let rows = cells_by_row
        .into_iter()
        .zip(spans)
        .enumerate()
        .map(|(i, (cells, spans))| Row {
            line: i + 1,
            cells: cells
                .into_iter()
                .zip(spans)
                .map(|((text, numeric), span)| Cell {
                    text,
                    span,
                    numeric,
                })
                .collect(),
        })
        .collect();
    Grid {
        file,
        sheet: Some(sheet),
        rows,
        broken: None,
    }
}

/// A cell's text; numbers via their shortest decimal representation (never f64 arithmetic).
fn cell_text(d: &Data) -> (String, bool) {
    let one_line = |s: &str| nfc(s.split_whitespace().collect::<Vec<_>>().join(" ").as_str());
    match d {
        Data::Int(i) => (i.to_string(), true),
        Data::Float(f) => (f.to_string(), true),
        Data::String(s) => (one_line(s), false),
        Data::Bool(b) => (b.to_string(), false),
        Data::DateTime(dt) => (dt.to_string(), false),
        Data::DateTimeIso(s) | Data::DurationIso(s) => (s.clone(), false),
        Data::Error(e) => (format!("#{e:?}"), false),
        Data::Empty => (String::new(), false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(2), "C");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend("Sở\tA".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(bytes).unwrap(), "Sở\tA");
        assert!(decode(vec![0xC3]).is_err());
    }

    #[test]
    fn delimiters() {
        assert_eq!(delimiter("a;b\n1;\"2,5\"\n"), b';');
        assert_eq!(delimiter("a\tb\n1\t2,5\n"), b'\t');
        assert_eq!(delimiter("a,b\n1,\"2,5\"\n"), b',');
    }

    #[test]
    fn csv_cells_keep_positions() {
        let g = read_csv(SourceFile::new("x.csv", "Stt;Tên\n1; Sở Y tế \n"));
        assert_eq!(g.rows[1].line, 2);
        assert_eq!(g.rows[1].text(1), "Sở Y tế");
        let span = g.span(&g.rows[1], 1);
        assert_eq!(&g.file.text[span], " Sở Y tế ");
        assert_eq!(g.cell_ref(2, 1), "B2");
    }
}
