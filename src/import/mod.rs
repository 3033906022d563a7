//! `chiso import`: vendor exports and report tables (CSV or spreadsheets, in the
//! layout of the provincial reports) → the canonical datasets of docs/format.md,
//! `scores/<year>/data/<dossiers|survey|reports>.csv`.
//!
//! Reading finds the header by its Vietnamese column titles, skips group rows,
//! checks total rows and each row's arithmetic, and matches units by code or
//! name. Problems with what would be written (unknown units, unreadable numbers,
//! missing columns) are errors; arithmetic that does not add up is a warning,
//! since the numbers are imported as written.
//!
//! [`table`] reads the file into cells with positions, `header` finds what each
//! column holds, `rows` reads and checks the rows, [`names`] matches units,
//! [`numbers`] parses Vietnamese numbers, and `plan` compares with the dataset on
//! disk and builds the file to write.

mod header;
pub mod names;
pub mod numbers;
mod plan;
mod rows;
pub mod table;

pub use plan::{Change, Plan, plan, plan_over};

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use rust_decimal::Decimal;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::i18n::{ImportMsg, Msg};
use crate::model::{Period, Unit};
use crate::source::relative_name;
use header::find_layout;
use names::Matcher;
use rows::Body;
pub use table::Format;
use table::Grid;

pub use crate::facts::{DatasetKind as Kind, Measure};

/// One unit's values read from the file.
#[derive(Debug, Clone)]
pub struct ImportedUnit {
    pub code: String,
    pub line: usize,
    /// Canonical fact → value; absent when the cell was empty.
    pub facts: BTreeMap<&'static str, Decimal>,
}

/// The result of reading a file: units in file order, the facts the file has
/// columns for, and every problem found.
#[derive(Debug)]
pub struct Imported {
    pub kind: Kind,
    /// The period the figures cover (`import --period`; the year by default).
    pub period: Period,
    /// A period the table's title names (`Quý III/2017`), and where.
    pub title_period: Option<TitlePeriod>,
    pub units: Vec<ImportedUnit>,
    pub columns: Vec<&'static str>,
    pub diagnostics: Diagnostics,
}

impl Imported {
    /// A table that could not be read: only its diagnostics.
    fn nothing(kind: Kind, diagnostics: Diagnostics) -> Imported {
        Imported {
            kind,
            period: Period::Year,
            title_period: None,
            units: Vec::new(),
            columns: Vec::new(),
            diagnostics,
        }
    }
}

/// A period named above the header (`Quý III/2017`, `6 tháng đầu năm`).
#[derive(Debug, Clone)]
pub struct TitlePeriod {
    pub period: Period,
    pub cell: String,
    pub text: String,
    pub location: crate::diagnostic::Location,
}

/// The first period the rows above the header name.
fn title_period(grid: &Grid, header: usize) -> Option<TitlePeriod> {
    for row in &grid.rows[..header] {
        for (col, cell) in row.cells.iter().enumerate() {
            let folded = names::fold(&cell.text);
            let words: Vec<&str> = folded.split(' ').collect();
            let quarter = words.windows(2).find_map(|w| match w {
                ["quy", "i" | "1"] => Some(Period::Q1),
                ["quy", "ii" | "2"] => Some(Period::Q2),
                ["quy", "iii" | "3"] => Some(Period::Q3),
                ["quy", "iv" | "4"] => Some(Period::Q4),
                _ => None,
            });
            let half = folded
                .contains("6 thang dau nam")
                .then_some(Period::FirstHalf);
            if let Some(period) = quarter.or(half) {
                return Some(TitlePeriod {
                    period,
                    cell: grid.cell_ref(row.line, col),
                    text: cell.text.clone(),
                    location: crate::diagnostic::Location::new(&grid.file, grid.span(row, col)),
                });
            }
        }
    }
    None
}

/// An import without `--period` of a table whose title names a period: its
/// figures would replace the year's (E0710).
pub fn unstated_period(imported: &Imported) -> Option<Diagnostic> {
    let t = imported.title_period.as_ref()?;
    Some(
        Diagnostic::new(
            Code::ImportPeriod,
            Msg::Import(ImportMsg::TitlePeriod {
                cell: t.cell.clone(),
                text: t.text.clone(),
                period: t.period.name(),
            }),
        )
        .at_location(Some(&t.location))
        .hint(Msg::Import(ImportMsg::TitlePeriodHint(t.period.name()))),
    )
}

#[derive(Debug)]
pub enum ImportFailure {
    /// The file cannot be opened, is not a regular file or is too large (exit 2).
    Io {
        file: String,
        error: crate::i18n::IoFailure,
    },
}

/// Reads `path` as a table of `kind` and matches its rows to `units`.
pub fn read(
    root: &Path,
    path: &Path,
    kind: Kind,
    units: &[Unit],
) -> Result<Imported, ImportFailure> {
    let name = relative_name(root, path);
    // Bounded and regular files only: `import … /dev/zero` is refused at once.
    match crate::source::read_bytes(root, path) {
        Ok(bytes) => Ok(read_bytes(&name, bytes, Format::of(path), kind, units)),
        Err(e) => Err(ImportFailure::Io {
            file: name,
            error: (&e).into(),
        }),
    }
}

/// [`read`] of a file's bytes, `name` being the file's name in messages.
pub fn read_bytes(
    name: &str,
    bytes: Vec<u8>,
    format: Format,
    kind: Kind,
    units: &[Unit],
) -> Imported {
    let mut diags = Diagnostics::default();
    if table::unpacks_beyond(&bytes, format, table::MAX_UNPACKED_BYTES) {
        diags.push(Diagnostic::new(
            Code::ImportRead,
            Msg::Import(ImportMsg::UnpacksTooLarge {
                file: name.to_string(),
                limit_mib: table::MAX_UNPACKED_BYTES >> 20,
            }),
        ));
        return Imported::nothing(kind, diags);
    }
    let grids = match table::parse(name, bytes, format) {
        Ok(g) => g,
        Err(error) => {
            diags.push(Diagnostic::new(
                Code::ImportRead,
                Msg::Import(ImportMsg::NotATable {
                    file: name.to_string(),
                    error,
                }),
            ));
            return Imported::nothing(kind, diags);
        }
    };
    read_tables(&grids, kind, units, diags)
}

/// Reads the tables of a file (see [`table::parse`]) as a table of `kind`, adding
/// to `diags`.
pub fn read_tables(grids: &[Grid], kind: Kind, units: &[Unit], diags: Diagnostics) -> Imported {
    // The first sheet that has a header with every required column; else the first.
    let chosen = grids
        .iter()
        .position(|g| find_layout(g, kind).is_some_and(|l| l.complete(kind)))
        .unwrap_or(0);
    match grids.get(chosen) {
        Some(grid) => read_grid(grid, kind, units, diags),
        None => Imported::nothing(kind, diags),
    }
}

fn read_grid(grid: &Grid, kind: Kind, units: &[Unit], mut diags: Diagnostics) -> Imported {
    if let Some((line, error)) = &grid.broken {
        let start = grid.file.line_start(*line);
        diags.push(
            Diagnostic::new(
                Code::ImportRead,
                Msg::Import(ImportMsg::NotATable {
                    file: grid.file.name.clone(),
                    error: error.clone(),
                }),
            )
            .at(&grid.file, start..start),
        );
    }
    for quote in &grid.stray_quotes {
        // Quoted up to the end of its first line: the rest is the rows it swallowed.
        let first_line = grid.file.text[quote.span.clone()]
            .lines()
            .next()
            .unwrap_or("");
        let last = grid.file.line_col(quote.span.end.saturating_sub(1)).line;
        diags.push(
            Diagnostic::new(
                Code::ImportQuote,
                Msg::Import(ImportMsg::StrayQuote {
                    cell: grid.cell_ref(quote.line, quote.col),
                    text: format!("{first_line}…"),
                    closed_on: quote.closed_on,
                    lines: (quote.line, last),
                }),
            )
            .at(&grid.file, quote.span.start..quote.span.start + 1)
            .hint(Msg::Import(ImportMsg::StrayQuoteHint)),
        );
    }
    let mut imported = Imported {
        kind,
        period: Period::Year,
        title_period: None,
        units: Vec::new(),
        columns: Vec::new(),
        diagnostics: Diagnostics::default(),
    };
    let Some(layout) = find_layout(grid, kind) else {
        let first = grid.rows.iter().find(|r| !r.is_blank());
        let mut d = Diagnostic::new(Code::ImportHeader, Msg::Import(ImportMsg::NoHeader)).hint(
            Msg::Import(ImportMsg::NoHeaderHint(vec![
                "Tên cơ quan, đơn vị",
                "Đơn vị",
                "Cơ quan",
            ])),
        );
        if let Some(r) = first {
            d = d.at(&grid.file, grid.span(r, 0));
        }
        diags.push(d);
        imported.diagnostics = diags;
        return imported;
    };
    imported.title_period = title_period(grid, layout.header);
    let header_row = &grid.rows[layout.header];
    if layout.name.is_none() && layout.code.is_none() {
        diags.push(
            Diagnostic::new(Code::ImportHeader, Msg::Import(ImportMsg::NoHeader))
                .at(&grid.file, grid.span(header_row, 0)),
        );
        imported.diagnostics = diags;
        return imported;
    }
    // A missing column is an error, but the rows are still read and checked so that
    // one run reports everything.
    for m in layout.missing(kind) {
        {
            let d = Diagnostic::new(
                Code::ImportHeader,
                Msg::Import(ImportMsg::MissingColumn {
                    fact: m.column_name(),
                    titles: m.titles(),
                }),
            );
            diags.push(match layout.early_and_on_time {
                Some(col) if matches!(m, Measure::Early | Measure::OnTime) => d
                    .at(&grid.file, grid.span(header_row, col))
                    .hint(Msg::Import(ImportMsg::EarlyAndOnTimeHint)),
                _ => d
                    .at(&grid.file, grid.span(header_row, 0))
                    .hint(Msg::Import(ImportMsg::MissingColumnHint)),
            });
        }
    }
    for &(m, first, second) in &layout.ambiguous {
        let title = |col: usize| layout.titles.get(col).cloned().unwrap_or_default();
        let line = header_row.line;
        diags.push(
            Diagnostic::new(
                Code::ImportColumns,
                Msg::Import(ImportMsg::AmbiguousColumn {
                    fact: m.column_name(),
                    first: grid.cell_ref(line, first),
                    first_title: title(first),
                    second: grid.cell_ref(line, second),
                    second_title: title(second),
                }),
            )
            .at(&grid.file, grid.span(header_row, second))
            .hint(Msg::Import(ImportMsg::AmbiguousColumnHint)),
        );
    }
    imported.columns = kind
        .measures()
        .iter()
        .filter(|&&m| layout.has(kind, m))
        .filter_map(|m| m.fact())
        .collect();

    let matcher = Matcher::new(units);
    let mut reader = Body::new(grid, &layout, kind, &mut diags);
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in &grid.rows[layout.body..] {
        if let Some(unit) = reader.row(row, &matcher) {
            if let Some(&previous) = seen.get(&unit.code) {
                let col = layout.name.or(layout.code).unwrap_or(0);
                reader.diags.push(
                    Diagnostic::new(
                        Code::ImportDuplicateUnit,
                        Msg::Import(ImportMsg::DuplicateUnit {
                            cell: grid.cell_ref(row.line, col),
                            unit: unit.code.clone(),
                            previous,
                        }),
                    )
                    .at(&grid.file, grid.span(row, col))
                    .unit(&unit.code),
                );
                continue;
            }
            seen.insert(unit.code.clone(), row.line);
            imported.units.push(unit);
        }
    }
    reader.end_group();
    if reader.marked && !imported.columns.contains(&"bao_cao_thieu") {
        imported.columns.push("bao_cao_thieu");
    }
    if reader.unit_rows == 0 && !diags.has_errors() {
        // Only headings and totals (e.g. a summary by block): nothing to import.
        diags.push(
            Diagnostic::new(Code::ImportNoUnits, Msg::Import(ImportMsg::NoUnitRows))
                .at(&grid.file, grid.span(header_row, 0))
                .hint(Msg::Import(ImportMsg::NoUnitRowsHint)),
        );
    }
    imported.diagnostics = diags;
    imported
}
