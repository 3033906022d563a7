//! Reading a CSV or spreadsheet file into a grid of text cells that remember
//! where they came from, so diagnostics can quote the row.
//!
//! A spreadsheet has no text lines; its sheet is rendered as one line per row
//! (cells separated by tabs, row N on line N) into a [`SourceFile`] named
//! `file.xlsx[Sheet]`, and every diagnostic also names the cell (`Sheet1!C7`).

use std::path::Path;
use std::sync::Arc;

use calamine::{Data, Reader};

use crate::load::dataset::{field_spans, record_line};
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
    /// CSV quotation marks that make one cell of several lines (see [`stray_quotes`]).
    pub stray_quotes: Vec<StrayQuote>,
}

/// A `"` opening a CSV cell that swallows the rows after it: never closed, closed
/// with text after it, or closed on a later line that holds more than one field.
#[derive(Debug, Clone, PartialEq)]
pub struct StrayQuote {
    /// 1-based line of the opening quote, and the 0-based column of its cell.
    pub line: usize,
    pub col: usize,
    /// From the opening quote to the closing one (or the end of the file).
    pub span: Span,
    /// The line of the closing quote; `None`: not closed before the end of the file.
    pub closed_on: Option<usize>,
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

pub use crate::text::column_letters;

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

/// The most a zipped workbook (XLSX, XLSB, ODS) may unpack to, all its parts
/// together: real exports unpack to a few MB, and a few MB of workbook can
/// otherwise unpack to gigabytes.
pub const MAX_UNPACKED_BYTES: u64 = 256 * 1024 * 1024;

/// Does a zipped workbook unpack to more than `limit` bytes? The sizes its
/// parts declare are checked first (a bomb is refused before anything is
/// unpacked); then every part is unpacked through a counter that stops at the
/// bound, since declared sizes can lie. A file that is not a zip is left to
/// the spreadsheet reader to report.
pub fn unpacks_beyond(bytes: &[u8], format: Format, limit: u64) -> bool {
    use std::io::Read;
    if matches!(format, Format::Text | Format::Xls) {
        return false;
    }
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        return false;
    };
    let declared = (0..zip.len())
        .filter_map(|i| zip.by_index_raw(i).ok().map(|f| f.size()))
        .fold(0u64, u64::saturating_add);
    if declared > limit {
        return true;
    }
    let mut total = 0u64;
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index(i) else {
            continue;
        };
        let mut bounded = part.take(limit - total + 1);
        total += std::io::copy(&mut bounded, &mut std::io::sink()).unwrap_or(0);
        if total > limit {
            return true;
        }
    }
    false
}

/// Reads every sheet of an opened `Xlsx` or `Xlsb` book cell by cell into
/// `grids` (the two readers share no trait): a stray cell far from the table
/// must not make a dense range of the whole area in between.
macro_rules! read_by_cells {
    ($book:expr, $name:expr, $grids:expr) => {{
        let mut book = $book.map_err(|e| e.to_string())?;
        for sheet in book.sheet_names() {
            let mut cells = SheetCells::default();
            let mut reader = book
                .worksheet_cells_reader(&sheet)
                .map_err(|e| e.to_string())?;
            while let Some(c) = reader.next_cell().map_err(|e| e.to_string())? {
                cells.add(c.get_position(), &Data::from(c.get_value().clone()))?;
            }
            drop(reader);
            let mut reader = book
                .worksheet_cells_reader(&sheet)
                .map_err(|e| e.to_string())?;
            while let Some(c) = reader.next_formula().map_err(|e| e.to_string())? {
                if !c.get_value().is_empty() {
                    cells.add_formula(c.get_position(), c.get_value())?;
                }
            }
            $grids.push(cells.grid($name, sheet)?);
        }
    }};
}

/// The tables of a file's bytes: one for a CSV, one per sheet (in workbook
/// order) for a spreadsheet; `Err` says why they are not a table.
pub fn parse(name: &str, bytes: Vec<u8>, format: Format) -> Result<Vec<Grid>, String> {
    use calamine::{Ods, Xls, Xlsb, Xlsx};
    let book = std::io::Cursor::new(bytes);
    let text = |e: &dyn std::fmt::Display| e.to_string();
    let mut grids = Vec::new();
    match format {
        Format::Text => {
            return Ok(vec![read_csv(SourceFile::new(
                name,
                &decode(book.into_inner())?,
            ))]);
        }
        Format::Xlsx => read_by_cells!(Xlsx::new(book), name, grids),
        Format::Xlsb => read_by_cells!(Xlsb::new(book), name, grids),
        Format::Xls => read_ranges(Xls::new(book).map_err(|e| text(&e))?, name, &mut grids)?,
        Format::Ods => read_ranges(Ods::new(book).map_err(|e| text(&e))?, name, &mut grids)?,
    }
    if grids.is_empty() {
        return Err("no sheet".into());
    }
    Ok(grids)
}

/// UTF-8 (BOM optional), or UTF-16 with a BOM: what spreadsheet programs save as
/// "Unicode text".
fn decode(bytes: Vec<u8>) -> Result<String, String> {
    match crate::source::utf16_with_bom(&bytes) {
        Some(text) => text.map_err(|e| format!("UTF-16: {e}")),
        None => String::from_utf8(bytes).map_err(|e| format!("UTF-8: {e}")),
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
                let line = e.position().map_or(i + 1, |p| record_line(&file, p));
                broken = Some((line, e.to_string()));
                break;
            }
        };
        let line = record.position().map_or(i + 1, |p| record_line(&file, p));
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
        stray_quotes: stray_quotes(&file, delim),
        file,
        sheet: None,
        rows,
        broken,
    }
}

/// Quoted CSV cells that cannot be what the writer meant. The csv reader
/// accepts them silently: an unbalanced `"` makes the rows after it part of
/// one cell, and the table loses them without a word. A cell legitimately
/// holds line breaks (a two-line column title), but not a following line with
/// two or more delimiters, which is a row.
pub fn stray_quotes(file: &SourceFile, delim: u8) -> Vec<StrayQuote> {
    let bytes = file.text.as_bytes();
    let mut found = Vec::new();
    let (mut col, mut field_start) = (0, true);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !(field_start && b == b'"') {
            match b {
                b'\n' | b'\r' => (col, field_start) = (0, true),
                _ if b == delim => (col, field_start) = (col + 1, true),
                _ => field_start = false,
            }
            i += 1;
            continue;
        }
        // A quoted cell: `""` is a quote inside it; a lone `"` closes it.
        let open = i;
        i += 1;
        let mut close = None;
        while i < bytes.len() {
            if bytes[i] == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 2;
                    continue;
                }
                close = Some(i);
                break;
            }
            i += 1;
        }
        let open_line = file.line_col(open).line;
        let stray = match close {
            None => true,
            Some(c) => {
                let after = bytes.get(c + 1).copied();
                let text_after =
                    !matches!(after, None | Some(b'\n' | b'\r')) && after != Some(delim);
                // The lines after the opening one, up to the closing quote.
                let inside = &bytes[file.line_start(open_line + 1).min(c)..c];
                let swallows_rows = inside
                    .split(|&b| b == b'\n')
                    .any(|line| line.iter().filter(|&&b| b == delim).count() >= 2);
                text_after || swallows_rows
            }
        };
        if stray {
            found.push(StrayQuote {
                line: open_line,
                col,
                span: open..close.map_or(bytes.len(), |c| c + 1),
                closed_on: close.map(|c| file.line_col(c).line),
            });
        }
        // Reading goes on after the cell, as the csv reader does.
        i = close.map_or(bytes.len(), |c| c + 1);
        field_start = false;
    }
    found
}

/// Formats whose reader only gives a sheet's whole range.
fn read_ranges<R, B>(mut book: B, name: &str, grids: &mut Vec<Grid>) -> Result<(), String>
where
    R: std::io::Read + std::io::Seek,
    B: Reader<R>,
    B::Error: std::fmt::Display,
{
    for sheet in book.sheet_names() {
        let range = book.worksheet_range(&sheet).map_err(|e| e.to_string())?;
        let (first_row, first_col) = range.start().unwrap_or((0, 0));
        let mut cells = SheetCells::default();
        for (row, col, value) in range.used_cells() {
            let at =
                |start: u32, i: usize| start.saturating_add(u32::try_from(i).unwrap_or(u32::MAX));
            cells.add((at(first_row, row), at(first_col, col)), value)?;
        }
        grids.push(cells.grid(name, sheet)?);
    }
    Ok(())
}

/// Excel's own limits: a cell beyond them is not a sheet's.
const MAX_ROWS: u32 = 1 << 20;
const MAX_COLUMNS: u32 = 1 << 14;
/// The most cells a sheet's grid may have, counting each row from column A to
/// its last cell (an empty row as one): far more than any table to import.
const MAX_GRID_CELLS: usize = 2_000_000;
/// The most text a sheet's cells may hold, in bytes.
const MAX_GRID_TEXT: usize = 32 << 20;

/// A sheet's cells that hold something, by row and column (0-based).
#[derive(Default)]
struct SheetCells {
    rows: std::collections::BTreeMap<u32, std::collections::BTreeMap<u32, (String, bool)>>,
    text: usize,
}

impl SheetCells {
    fn add(&mut self, (row, col): (u32, u32), value: &Data) -> Result<(), String> {
        let (text, numeric) = cell_text(value);
        if text.is_empty() {
            return Ok(());
        }
        if row >= MAX_ROWS || col >= MAX_COLUMNS {
            return Err(format!(
                "cell {}{} is outside a sheet's {MAX_ROWS} rows and {MAX_COLUMNS} columns",
                column_letters(col as usize),
                u64::from(row) + 1
            ));
        }
        self.text += text.len();
        if self.text > MAX_GRID_TEXT {
            return Err(format!(
                "the sheet holds more than {MAX_GRID_TEXT} bytes of text"
            ));
        }
        self.rows
            .entry(row)
            .or_default()
            .insert(col, (text, numeric));
        Ok(())
    }

    /// A formula of a cell without a value (a workbook saved by a program that
    /// does not calculate): kept as `=FORMULA`, so that the cell is reported
    /// rather than read as empty.
    fn add_formula(&mut self, (row, col): (u32, u32), formula: &str) -> Result<(), String> {
        if self.rows.get(&row).is_some_and(|r| r.contains_key(&col)) {
            return Ok(());
        }
        self.add((row, col), &Data::String(format!("={formula}")))
    }

    /// The grid, rendered as text: line N is sheet row N; cells are tab-separated
    /// from column A.
    fn grid(self, name: &str, sheet: String) -> Result<Grid, String> {
        let last_row = self.rows.keys().next_back().map_or(0, |r| *r as usize + 1);
        let size = last_row
            + self
                .rows
                .values()
                .filter_map(|cols| cols.keys().next_back())
                .map(|c| *c as usize)
                .sum::<usize>();
        if size > MAX_GRID_CELLS {
            return Err(format!(
                "the sheet spans more than {MAX_GRID_CELLS} cells ({last_row} rows)"
            ));
        }
        let mut rows = self.rows;
        let mut text = String::new();
        let mut grid_rows = Vec::with_capacity(last_row);
        for r in 0..last_row {
            let mut cells = Vec::new();
            if let Some(filled) = rows.remove(&(r as u32)) {
                let width = filled.keys().next_back().map_or(0, |c| *c as usize + 1);
                let mut filled = filled.into_iter().peekable();
                for c in 0..width {
                    if c > 0 {
                        text.push('\t');
                    }
                    let (t, numeric) = match filled.next_if(|(col, _)| *col as usize == c) {
                        Some((_, cell)) => cell,
                        None => (String::new(), false),
                    };
                    let start = text.len();
                    text.push_str(&t);
                    cells.push(Cell {
                        text: t,
                        span: start..text.len(),
                        numeric,
                    });
                }
            }
            text.push('\n');
            grid_rows.push(Row { line: r + 1, cells });
        }
        Ok(Grid {
            file: SourceFile::sheet(format!("{name}[{sheet}]"), &text),
            sheet: Some(sheet),
            rows: grid_rows,
            broken: None,
            stray_quotes: Vec::new(),
        })
    }
}

/// A cell's text; numbers via their shortest decimal representation (never f64 arithmetic).
/// Text is put on one line, without a byte order mark, so that the rendered
/// sheet has one line per row and every cell's span stays where it was written.
fn cell_text(d: &Data) -> (String, bool) {
    let one_line = |s: &str| {
        let words: Vec<&str> = s
            .split(|c: char| c.is_whitespace() || c == '\u{feff}')
            .filter(|w| !w.is_empty())
            .collect();
        nfc(&words.join(" "))
    };
    match d {
        Data::Int(i) => (i.to_string(), true),
        Data::Float(f) => (f.to_string(), true),
        Data::String(s) => (one_line(s), false),
        Data::Bool(b) => (b.to_string(), false),
        Data::DateTime(dt) => (dt.to_string(), false),
        Data::DateTimeIso(s) | Data::DurationIso(s) => (one_line(s), false),
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

    /// A zip whose one part unpacks to `len` zero bytes.
    fn zipped_zeros(len: usize) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
        zip.write_all(&vec![0; len]).unwrap();
        zip.finish().unwrap().into_inner()
    }

    /// The bound counts unpacked bytes: by the sizes the parts declare, and
    /// by unpacking when a part declares less than it holds.
    #[test]
    fn workbooks_unpacking_beyond_the_bound_are_refused() {
        let bytes = zipped_zeros(100_000);
        assert!(bytes.len() < 10_000, "{}", bytes.len());
        assert!(!unpacks_beyond(&bytes, Format::Xlsx, 100_000));
        assert!(unpacks_beyond(&bytes, Format::Xlsx, 99_999));
        // Neither a CSV nor a file that is not a zip is judged here.
        assert!(!unpacks_beyond(&bytes, Format::Text, 0));
        assert!(!unpacks_beyond(b"not a zip", Format::Ods, 0));
        // The part declares 1 000 bytes in the central directory (offset 24
        // of its entry: the uncompressed size) but holds 100 000.
        let mut lying = bytes.clone();
        let at = lying
            .windows(4)
            .rposition(|w| w == [0x50, 0x4b, 0x01, 0x02])
            .unwrap()
            + 24;
        lying[at..at + 4].copy_from_slice(&1_000u32.to_le_bytes());
        assert!(unpacks_beyond(&lying, Format::Xlsx, 50_000));
    }

    #[test]
    fn delimiters() {
        assert_eq!(delimiter("a;b\n1;\"2,5\"\n"), b';');
        assert_eq!(delimiter("a\tb\n1\t2,5\n"), b'\t');
        assert_eq!(delimiter("a,b\n1,\"2,5\"\n"), b',');
    }

    /// A workbook of one sheet "S" with `cells` (row, column, text).
    fn workbook(cells: &[(u32, u16, &str)]) -> Vec<u8> {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet().set_name("S").unwrap();
        for (row, col, text) in cells {
            sheet.write(*row, *col, *text).unwrap();
        }
        book.save_to_buffer().unwrap()
    }

    /// A formula saved without its value (by a program that does not
    /// calculate) is kept as `=FORMULA`, not read as an empty cell; a formula
    /// with its value is read as the value.
    #[test]
    fn formulas_without_a_value_are_kept_as_formulas() {
        use std::io::{Read, Write};
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet().set_name("S").unwrap();
        sheet.write(0, 0, 5).unwrap();
        sheet
            .write_formula(
                1,
                0,
                rust_xlsxwriter::Formula::new("=A1*2").set_result("10"),
            )
            .unwrap();
        sheet.write_formula(2, 0, "=SUM(A1:A2)").unwrap();
        let bytes = book.save_to_buffer().unwrap();
        // Drop the cached result of A3, as a program that does not calculate would.
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            let mut content = Vec::new();
            entry.read_to_end(&mut content).unwrap();
            if entry.name() == "xl/worksheets/sheet1.xml" {
                let xml = String::from_utf8(content).unwrap();
                let stripped = xml.replace("<f>SUM(A1:A2)</f><v>0</v>", "<f>SUM(A1:A2)</f>");
                assert_ne!(stripped, xml);
                content = stripped.into_bytes();
            }
            out.start_file(entry.name(), zip::write::SimpleFileOptions::default())
                .unwrap();
            out.write_all(&content).unwrap();
        }
        let bytes = out.finish().unwrap().into_inner();
        let g = &parse("t.xlsx", bytes, Format::Xlsx).unwrap()[0];
        let texts: Vec<&str> = g.rows.iter().map(|r| r.text(0)).collect();
        assert_eq!(texts, ["5", "10", "=SUM(A1:A2)"]);
        assert!(!g.rows[2].cells[0].numeric);
    }

    #[test]
    fn stray_quotes_are_found() {
        let file = SourceFile::new("x.csv", "a,\"b\nc,d,e\n\"f\",g\nh,\"i\"j\n\"k\nl\",m\n");
        let found = stray_quotes(&file, b',');
        let at: Vec<(usize, usize, Option<usize>)> =
            found.iter().map(|q| (q.line, q.col, q.closed_on)).collect();
        // `"b` swallows `c,d,e` up to the quote opening `"f"`; `"i"j` has text after
        // its closing quote; `"k⏎l"` is a two-line cell.
        assert_eq!(at, [(1, 1, Some(3)), (4, 1, Some(4))]);
        let never = SourceFile::new("x.csv", "a,b\n1,\"2\n3,4\n");
        assert_eq!(stray_quotes(&never, b',')[0].closed_on, None);
    }

    #[test]
    fn sheet_cells_keep_positions() {
        let bytes = workbook(&[(1, 1, "\u{feff}Tên  đơn\nvị"), (2, 2, "12")]);
        let grids = parse("t.xlsx", bytes, Format::Xlsx).unwrap();
        let g = &grids[0];
        assert_eq!(g.file.text, "\n\tTên đơn vị\n\t\t12\n");
        assert_eq!(g.rows.len(), 3);
        let span = g.span(&g.rows[1], 1);
        assert_eq!(&g.file.text[span], "Tên đơn vị");
        assert_eq!(g.cell_ref(3, 2), "S!C3");
    }

    /// A stray cell far from the table spans the sheet (rows up to it, each row
    /// only to its own last cell), never the whole rectangle in between.
    #[test]
    fn far_cells_make_no_dense_range() {
        let bytes = workbook(&[(0, 0, "Đơn vị"), (0, 16_383, "x"), (1_048_575, 0, "y")]);
        let g = &parse("t.xlsx", bytes, Format::Xlsx).unwrap()[0];
        assert_eq!(g.rows.len(), 1_048_576);
        assert_eq!(g.rows[0].cells.len(), 16_384);
        assert_eq!(g.rows[1].cells.len(), 0);
        // More than the grid may hold: an error, not an allocation of terabytes.
        let many: Vec<(u32, u16, &str)> = (0..200).map(|r| (r * 5000, 16_383, "x")).collect();
        let err = parse("t.xlsx", workbook(&many), Format::Xlsx).unwrap_err();
        assert!(err.contains("more than 2000000 cells"), "{err}");
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
