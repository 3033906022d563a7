//! `chiso import`: vendor exports and report tables (CSV or spreadsheets, in the
//! layout of the provincial reports) → the canonical datasets of SPEC §7.9,
//! `scores/<year>/data/<dossiers|survey|reports>.csv`.
//!
//! Reading finds the header by its Vietnamese column titles, skips group rows,
//! checks total rows and each row's arithmetic, and matches units by code or
//! name. Problems with what would be written (unknown units, unreadable numbers,
//! missing columns) are errors; arithmetic that does not add up is a warning,
//! since the numbers are imported as written.

pub mod names;
pub mod numbers;
pub mod table;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::i18n::{ImportMsg, Msg};
use crate::load::{scores_dir, toml::closest};
use crate::model::Unit;
use crate::num;
use crate::source::relative_name;
use names::{Match, Matcher, fold};
use numbers::{NumError, Rate};
use table::{Grid, ReadError, Row};

/// What a file holds, and so which dataset it becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// Dossier statistics of the one-stop software → `dossiers.csv`.
    Dossiers,
    /// Satisfaction index per unit → `survey.csv`.
    Survey,
    /// Periodic reports on time / late / missing → `reports.csv`.
    Reports,
}

/// A column of facts the import recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Measure {
    Received,
    Resolved,
    Early,
    OnTime,
    Late,
    Pending,
    Online,
    Satisfaction,
    ReportsOnTime,
    ReportsLate,
    ReportsMissing,
}

impl Measure {
    /// The fact name in the canonical dataset (`None`: read for checks only).
    pub fn fact(self) -> Option<&'static str> {
        Some(match self {
            Measure::Received => "tiep_nhan",
            Measure::Resolved => "da_giai_quyet",
            Measure::Early => "truoc_han",
            Measure::OnTime => "dung_han",
            Measure::Late => "tre_han",
            Measure::Pending => "dang_giai_quyet",
            Measure::Online => "truc_tuyen",
            Measure::Satisfaction => "hai_long",
            Measure::ReportsLate => "bao_cao_tre",
            Measure::ReportsMissing => "bao_cao_thieu",
            Measure::ReportsOnTime => return None,
        })
    }

    /// Column titles that name it (for messages; the matching rules are in `classify`).
    fn titles(self) -> &'static str {
        match self {
            Measure::Received => "Hồ sơ nhận / tiếp nhận",
            Measure::Resolved => "Hồ sơ (đã) giải quyết",
            Measure::Early => "Hồ sơ sớm hạn / trước hạn",
            Measure::OnTime => "Hồ sơ đúng hạn",
            Measure::Late => "Hồ sơ trễ hạn / quá hạn",
            Measure::Pending => "Hồ sơ chưa / đang giải quyết",
            Measure::Online => "Hồ sơ trực tuyến",
            Measure::Satisfaction => "Chỉ số hài lòng / SIPAS",
            Measure::ReportsOnTime => "Đúng hạn",
            Measure::ReportsLate => "Trễ hạn",
            Measure::ReportsMissing => "Không nộp / Thiếu",
        }
    }

    /// The fact name, or for the check-only on-time reports a name for messages.
    fn column_name(self) -> &'static str {
        self.fact().unwrap_or("dung_han")
    }
}

impl Kind {
    pub fn stem(self) -> &'static str {
        match self {
            Kind::Dossiers => "dossiers",
            Kind::Survey => "survey",
            Kind::Reports => "reports",
        }
    }

    /// Measures in the order of the canonical file's columns, then check-only ones.
    fn measures(self) -> &'static [Measure] {
        use Measure::*;
        match self {
            Kind::Dossiers => &[Received, Resolved, Early, OnTime, Late, Pending, Online],
            Kind::Survey => &[Satisfaction],
            Kind::Reports => &[ReportsLate, ReportsMissing, ReportsOnTime],
        }
    }

    fn required(self) -> &'static [Measure] {
        use Measure::*;
        match self {
            Kind::Dossiers => &[Received, Resolved, Early, OnTime, Late, Pending],
            Kind::Survey => &[Satisfaction],
            // Without a missing column, non-submissions are read from the marks (see `marks`).
            Kind::Reports => &[ReportsLate],
        }
    }

    /// The canonical file's fact columns.
    pub fn facts(self) -> Vec<&'static str> {
        self.measures().iter().filter_map(|m| m.fact()).collect()
    }

    /// Satisfaction is a percentage value; everything else counts.
    fn is_count(self) -> bool {
        self != Kind::Survey
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Stt,
    Name,
    Code,
    Count(Measure),
    /// `bool`: the title says `%`.
    Rate(Measure, bool),
    /// Early and on-time dossiers in one column (it cannot fill two facts).
    EarlyAndOnTime,
    Other,
}

const NAME_TITLES: &[&str] = &[
    "ten co quan don vi",
    "ten co quan",
    "ten don vi",
    "co quan don vi",
    "don vi",
    "co quan",
    "ten dia phuong",
    "dia phuong",
];

fn has_word(title: &str, word: &str) -> bool {
    format!(" {title} ").contains(&format!(" {word} "))
}

fn is_code_title(folded: &str) -> bool {
    matches!(folded, "ma" | "ma don vi" | "ma co quan" | "code" | "ma dv")
}

fn is_name_title(folded: &str) -> bool {
    NAME_TITLES.contains(&folded)
        || folded.starts_with("ten co quan")
        || folded.starts_with("ten don vi")
}

/// What a column holds, from its (multi-row) title.
fn classify(kind: Kind, raw: &str) -> Role {
    let t = fold(raw);
    let w = |word: &str| has_word(&t, word);
    if matches!(t.as_str(), "stt" | "tt" | "so thu tu" | "so tt" | "so") {
        return Role::Stt;
    }
    if is_code_title(&t) {
        return Role::Code;
    }
    if is_name_title(&t) {
        return Role::Name;
    }
    let measure = match kind {
        Kind::Dossiers => {
            if w("truc tuyen") {
                Some(Measure::Online)
            } else if w("chua giai") || w("dang giai") || w("dang xu ly") || w("ton") {
                Some(Measure::Pending)
            } else if w("tre") || w("qua han") {
                Some(Measure::Late)
            } else if w("som") && w("dung") {
                // "sớm và đúng hạn" in one column cannot fill two facts.
                return if w("ty le") {
                    Role::Other
                } else {
                    Role::EarlyAndOnTime
                };
            } else if w("som") || w("truoc han") || w("truoc hen") {
                Some(Measure::Early)
            } else if w("dung han") || w("dung hen") {
                Some(Measure::OnTime)
            } else if w("giai quyet") || w("da xu ly") {
                Some(Measure::Resolved)
            } else if w("nhan") {
                Some(Measure::Received)
            } else {
                None
            }
        }
        Kind::Survey => (w("hai long") || w("sipas")).then_some(Measure::Satisfaction),
        Kind::Reports => {
            if w("khong nop") || w("khong gui") || w("chua nop") || w("chua gui") || w("thieu") {
                Some(Measure::ReportsMissing)
            } else if w("tre") || w("qua han") {
                Some(Measure::ReportsLate)
            } else if w("dung han") {
                Some(Measure::ReportsOnTime)
            } else {
                None
            }
        }
    };
    match measure {
        None => Role::Other,
        Some(m) if kind == Kind::Survey || w("ty le") => Role::Rate(m, raw.contains('%')),
        Some(m) => Role::Count(m),
    }
}

/// Where the header is and what each column holds.
struct Layout {
    /// Index in `grid.rows` of the first row after the header.
    body: usize,
    /// Index in `grid.rows` of the (first) header row.
    header: usize,
    stt: Option<usize>,
    name: Option<usize>,
    code: Option<usize>,
    counts: BTreeMap<Measure, usize>,
    rates: BTreeMap<Measure, (usize, bool)>,
    early_and_on_time: Option<usize>,
}

impl Layout {
    fn has(&self, kind: Kind, m: Measure) -> bool {
        if kind.is_count() {
            self.counts.contains_key(&m)
        } else {
            self.rates.contains_key(&m)
        }
    }

    /// Required facts without a column. A dossier table with the online column
    /// alone (the provincial report's Phụ lục VII) imports just that.
    fn missing(&self, kind: Kind) -> Vec<Measure> {
        let required = kind.required();
        let missing: Vec<Measure> = required
            .iter()
            .copied()
            .filter(|&m| !self.has(kind, m))
            .collect();
        if kind == Kind::Dossiers
            && self.has(kind, Measure::Online)
            && missing.len() == required.len()
        {
            return Vec::new();
        }
        missing
    }

    /// A unit column and every required column.
    fn complete(&self, kind: Kind) -> bool {
        (self.name.is_some() || self.code.is_some()) && self.missing(kind).is_empty()
    }
}

fn looks_numeric(text: &str) -> bool {
    !text.is_empty()
        && text.chars().any(|c| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '%' | ' ' | '-'))
}

/// A header row names the column of units (by name or by code).
fn row_is_header(row: &Row) -> bool {
    row.cells.iter().any(|c| {
        let t = fold(&c.text);
        is_name_title(&t) || is_code_title(&t)
    })
}

fn find_layout(grid: &Grid, kind: Kind) -> Option<Layout> {
    let start = grid.rows.iter().take(60).position(|r| {
        r.cells.iter().filter(|c| !c.text.is_empty()).count() >= 2 && row_is_header(r)
    })?;
    // Up to two more header rows: text only, nothing in the first two columns.
    let mut end = start + 1;
    while end < grid.rows.len() && end < start + 3 {
        let r = &grid.rows[end];
        let text_only = !r.is_blank()
            && r.cells.iter().all(|c| !looks_numeric(&c.text))
            && r.text(0).is_empty()
            && r.text(1).is_empty();
        if !text_only {
            break;
        }
        end += 1;
    }
    let header = &grid.rows[start..end];
    let width = header.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    // A title merged across columns is written in its first column only: fill it
    // to the right wherever a lower header row has a sub-title.
    let mut titles = vec![String::new(); width];
    for (i, row) in header.iter().enumerate() {
        let mut carry = String::new();
        for (col, title) in titles.iter_mut().enumerate() {
            let own = row.text(col);
            let below = header[i + 1..].iter().any(|r| !r.text(col).is_empty());
            let text = if !own.is_empty() {
                carry = own.to_string();
                own.to_string()
            } else if below {
                carry.clone()
            } else {
                carry.clear();
                String::new()
            };
            if !text.is_empty() {
                if !title.is_empty() {
                    title.push(' ');
                }
                title.push_str(&text);
            }
        }
    }
    let mut layout = Layout {
        body: end,
        header: start,
        stt: None,
        name: None,
        code: None,
        counts: BTreeMap::new(),
        rates: BTreeMap::new(),
        early_and_on_time: None,
    };
    for (col, title) in titles.iter().enumerate() {
        match classify(kind, title) {
            Role::Stt => {
                layout.stt.get_or_insert(col);
            }
            Role::Name => {
                layout.name.get_or_insert(col);
            }
            Role::Code => {
                layout.code.get_or_insert(col);
            }
            Role::Count(m) => {
                layout.counts.entry(m).or_insert(col);
            }
            Role::Rate(m, pct) => {
                layout.rates.entry(m).or_insert((col, pct));
            }
            Role::EarlyAndOnTime => {
                layout.early_and_on_time.get_or_insert(col);
            }
            Role::Other => {}
        }
    }
    Some(layout)
}

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
    pub units: Vec<ImportedUnit>,
    pub columns: Vec<&'static str>,
    pub diagnostics: Diagnostics,
}

#[derive(Debug)]
pub enum ImportFailure {
    /// The file cannot be opened (exit 2).
    Io { file: String, error: String },
}

/// Reads `path` as a table of `kind` and matches its rows to `units`.
pub fn read(
    root: &Path,
    path: &Path,
    kind: Kind,
    units: &[Unit],
) -> Result<Imported, ImportFailure> {
    let name = relative_name(root, path);
    let mut diags = Diagnostics::default();
    let grids = match table::read(path, &name) {
        Ok(g) => g,
        Err(ReadError::Io(e)) => {
            return Err(ImportFailure::Io {
                file: name,
                error: e.to_string(),
            });
        }
        Err(ReadError::Format(error)) => {
            diags.push(Diagnostic::new(
                Code::ImportRead,
                Msg::Import(ImportMsg::NotATable { file: name, error }),
            ));
            return Ok(Imported {
                kind,
                units: Vec::new(),
                columns: Vec::new(),
                diagnostics: diags,
            });
        }
    };
    // The first sheet that has a header with every required column; else the first.
    let chosen = grids
        .iter()
        .position(|g| find_layout(g, kind).is_some_and(|l| l.complete(kind)))
        .unwrap_or(0);
    Ok(read_grid(&grids[chosen], kind, units, diags))
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
    let mut imported = Imported {
        kind,
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
    imported.columns = kind
        .measures()
        .iter()
        .filter(|&&m| layout.has(kind, m))
        .filter_map(|m| m.fact())
        .collect();

    let matcher = Matcher::new(units);
    let mut reader = Body {
        grid,
        layout: &layout,
        kind,
        diags: &mut diags,
        sub: Sums::default(),
        grand: Sums::default(),
        marked: false,
        unit_rows: 0,
        group: None,
    };
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

/// Running sums of the count columns over unit rows, for total rows.
#[derive(Default)]
struct Sums {
    rows: usize,
    values: BTreeMap<Measure, Decimal>,
}

impl Sums {
    fn add(&mut self, values: &BTreeMap<Measure, Decimal>) {
        self.rows += 1;
        for (m, v) in values {
            *self.values.entry(*m).or_default() += *v;
        }
    }
}

enum RowKind {
    Blank,
    Header,
    Group,
    /// `true`: a grand total ("Tổng", "Tổng cộng"); `false`: a subtotal ("Cộng", unnamed).
    Total(bool),
    Unit,
}

/// `Tổng`, `Tổng cộng`, `Tổng số`, `Tổng (I+II+III)` → grand total (`true`);
/// `Cộng`, `Cộng:`, `Cộng (I)` → subtotal (`false`). Unit names such as
/// `Công an tỉnh` are not totals.
fn total_label(text: &str) -> Option<bool> {
    let folded = fold(text);
    let mut words = folded.split(' ');
    let grand = match words.next()? {
        "tong" => true,
        "cong" => false,
        _ => return None,
    };
    words
        .all(|w| is_roman(w) || matches!(w, "cong" | "so" | "chung" | "toan" | "tinh"))
        .then_some(grand)
}

/// `Trung bình`, `Bình quân`: a summary row that is neither a unit nor a sum.
fn is_average_label(text: &str) -> bool {
    let folded = fold(text);
    folded.starts_with("trung binh") || folded.starts_with("binh quan")
}

/// `12/9/2017`, `04/06/2018`, `1/6`: a day/month date somewhere in the text.
fn has_date(text: &str) -> bool {
    text.split(|c: char| !(c.is_ascii_digit() || c == '/'))
        .any(|token| {
            let parts: Vec<&str> = token.split('/').collect();
            (2..=3).contains(&parts.len())
                && parts.iter().all(|p| !p.is_empty() && p.len() <= 4)
                && parts[0].len() <= 2
                && parts[1].len() <= 2
        })
}

fn is_roman(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| matches!(c, 'i' | 'v' | 'x'))
}

struct Body<'a> {
    grid: &'a Grid,
    layout: &'a Layout,
    kind: Kind,
    diags: &'a mut Diagnostics,
    sub: Sums,
    grand: Sums,
    /// Some row was read from marks (see [`Body::marks`]).
    marked: bool,
    /// Rows read as a unit's (matched or not).
    unit_rows: usize,
    /// The current heading, when it carries numbers.
    group: Option<Group>,
}

/// A heading row with numbers and the unit rows read under it.
struct Group {
    row: Row,
    numbers: BTreeMap<Measure, Decimal>,
    units: Sums,
}

impl Body<'_> {
    fn data_columns(&self) -> impl Iterator<Item = usize> + '_ {
        self.layout
            .counts
            .values()
            .copied()
            .chain(self.layout.rates.values().map(|(c, _)| *c))
    }

    fn has_numbers(&self, row: &Row) -> bool {
        self.data_columns().any(|c| {
            row.cells
                .get(c)
                .is_some_and(|cell| cell.numeric || looks_numeric(&cell.text))
        })
    }

    fn kind_of(&self, row: &Row) -> RowKind {
        if row.is_blank() {
            return RowKind::Blank;
        }
        if row_is_header(row) {
            return RowKind::Header;
        }
        let stt = self.layout.stt.map(|c| row.text(c)).unwrap_or("");
        let name = self.layout.name.map(|c| row.text(c)).unwrap_or("");
        let code = self.layout.code.map(|c| row.text(c)).unwrap_or("");
        let has_numbers = self.has_numbers(row);
        if let Some(grand) = total_label(name).or_else(|| total_label(stt)) {
            return RowKind::Total(grand);
        }
        if is_average_label(name) || is_average_label(stt) {
            return RowKind::Blank;
        }
        if name.is_empty() && code.is_empty() {
            if stt.is_empty() {
                // Unnamed numbers are a subtotal; unnamed text is a repeated sub-header.
                return if has_numbers {
                    RowKind::Total(false)
                } else {
                    RowKind::Blank
                };
            }
            if !(has_numbers && stt.chars().all(|c| c.is_ascii_digit())) {
                return RowKind::Group;
            }
        }
        let first = fold(stt);
        if is_roman(first.split(' ').next().unwrap_or("")) && !first.is_empty() {
            return RowKind::Group;
        }
        RowKind::Unit
    }

    /// Reads one row; returns the unit it gives values to.
    fn row(&mut self, row: &Row, matcher: &Matcher) -> Option<ImportedUnit> {
        match self.kind_of(row) {
            RowKind::Blank | RowKind::Header => None,
            RowKind::Group => {
                self.sub = Sums::default();
                self.start_group(row);
                None
            }
            RowKind::Total(grand) => {
                self.total(row, grand);
                None
            }
            RowKind::Unit => self.unit_row(row, matcher),
        }
    }

    fn number(&mut self, row: &Row, col: usize) -> Option<Decimal> {
        let cell = row.cells.get(col)?;
        if cell.text.is_empty() {
            return None;
        }
        let result = if cell.numeric {
            match num::parse_decimal(&cell.text) {
                None => Err(NumError::Invalid),
                Some(d) if d.is_sign_negative() && !d.is_zero() => Err(NumError::Negative),
                Some(d) if !d.fract().is_zero() => Err(NumError::NotWhole),
                Some(d) => Ok(d),
            }
        } else {
            numbers::parse_count(&cell.text)
        };
        self.check_number(row, col, result)
    }

    fn rate(&mut self, row: &Row, col: usize, percent_title: bool) -> Option<Rate> {
        let cell = row.cells.get(col)?;
        if cell.text.is_empty() {
            return None;
        }
        let result = if cell.numeric {
            // A spreadsheet number is never written with `%`; a percent-formatted
            // cell holds the fraction.
            num::parse_decimal(&cell.text)
                .ok_or(NumError::Invalid)
                .and_then(|d| {
                    numbers::parse_rate(&d.to_string(), percent_title).map(|mut r| {
                        r.decimals = r.decimals.max(2);
                        r
                    })
                })
        } else {
            numbers::parse_rate(&cell.text, percent_title)
        };
        self.check_number(row, col, result)
    }

    fn check_number<T>(&mut self, row: &Row, col: usize, result: Result<T, NumError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                let cell = self.grid.cell_ref(row.line, col);
                let text = row.text(col).to_string();
                let msg = match e {
                    NumError::Invalid if self.kind.is_count() => ImportMsg::BadCount { cell, text },
                    NumError::Invalid => ImportMsg::BadValue { cell, text },
                    NumError::NotWhole => ImportMsg::NotWhole { cell, text },
                    NumError::Negative => ImportMsg::Negative { cell, text },
                };
                self.diags.push(
                    Diagnostic::new(Code::ImportNumber, Msg::Import(msg))
                        .at(&self.grid.file, self.grid.span(row, col))
                        .hint(Msg::Import(ImportMsg::NumberHint)),
                );
                None
            }
        }
    }

    /// Counts and rates of a row (unit or total), with the row's own checks.
    fn values(&mut self, row: &Row, unit: Option<&str>) -> (BTreeMap<Measure, Decimal>, bool) {
        if self.kind == Kind::Reports
            && let Some(read) = self.marks(row)
        {
            self.marked = true;
            return read;
        }
        let mut counts = BTreeMap::new();
        let mut ok = true;
        let count_cols: Vec<(Measure, usize)> =
            self.layout.counts.iter().map(|(m, c)| (*m, *c)).collect();
        for (m, col) in count_cols {
            let before = self.diags.items.len();
            if let Some(v) = self.number(row, col) {
                counts.insert(m, v);
            }
            ok &= self.diags.items.len() == before;
        }
        let rate_cols: Vec<(Measure, usize, bool)> = self
            .layout
            .rates
            .iter()
            .map(|(m, (c, p))| (*m, *c, *p))
            .collect();
        let mut rates = BTreeMap::new();
        for (m, col, pct) in rate_cols {
            let before = self.diags.items.len();
            if let Some(r) = self.rate(row, col, pct) {
                rates.insert(m, (r, col));
            }
            ok &= self.diags.items.len() == before;
        }
        if self.kind == Kind::Survey {
            if let Some(&(r, col)) = rates.get(&Measure::Satisfaction) {
                if r.percent > Decimal::ONE_HUNDRED {
                    let msg = ImportMsg::NotAPercentage {
                        cell: self.grid.cell_ref(row.line, col),
                        text: row.text(col).to_string(),
                    };
                    self.diags.push(
                        Diagnostic::new(Code::ImportNumber, Msg::Import(msg))
                            .at(&self.grid.file, self.grid.span(row, col))
                            .hint(Msg::Import(ImportMsg::NumberHint)),
                    );
                    return (counts, false);
                }
                counts.insert(Measure::Satisfaction, r.percent);
            }
            return (counts, ok);
        }
        if ok {
            self.check_row(row, unit, &counts, &rates);
        }
        (counts, ok)
    }

    /// A report table that marks rather than counts (Phụ lục I of the provincial
    /// report): `X` or a date in a column counts one report of that column; text
    /// saying it was not sent (`Không gửi báo cáo`) counts one missing report, and
    /// `Trễ (06/6/2018)` one late report, whatever the column. In such a row empty
    /// cells are 0 and other text is an error. `None` when the row has no mark.
    fn marks(&mut self, row: &Row) -> Option<(BTreeMap<Measure, Decimal>, bool)> {
        let mut out: BTreeMap<Measure, Decimal> = BTreeMap::new();
        let mut marked = false;
        let mut unreadable = Vec::new();
        for (&m, &col) in &self.layout.counts {
            let Some(cell) = row.cells.get(col) else {
                continue;
            };
            let text = cell.text.as_str();
            if text.is_empty() || cell.numeric || numbers::parse_count(text).is_ok() {
                continue;
            }
            let f = fold(text);
            let target = if ["khong gui", "khong nop", "chua gui", "chua nop"]
                .iter()
                .any(|w| has_word(&f, w))
            {
                Measure::ReportsMissing
            } else if f.starts_with("tre") || f.starts_with("qua han") {
                Measure::ReportsLate
            } else if matches!(f.as_str(), "x" | "v" | "co")
                || matches!(text, "✓" | "✔" | "√")
                || has_date(text)
            {
                m
            } else {
                unreadable.push(col);
                continue;
            };
            *out.entry(target).or_default() += Decimal::ONE;
            marked = true;
        }
        if !marked {
            return None;
        }
        for (&m, &col) in &self.layout.counts {
            let cell = row.cells.get(col);
            let number = cell.and_then(|c| {
                if c.numeric {
                    num::parse_decimal(&c.text)
                } else {
                    numbers::parse_count(&c.text).ok()
                }
            });
            *out.entry(m).or_default() += number.unwrap_or_default();
        }
        out.entry(Measure::ReportsMissing).or_default();
        for &col in &unreadable {
            self.check_number::<Decimal>(row, col, Err(NumError::Invalid));
        }
        Some((out, unreadable.is_empty()))
    }

    fn warn(
        &mut self,
        code: Code,
        msg: ImportMsg,
        hint: ImportMsg,
        row: &Row,
        col: usize,
        unit: Option<&str>,
    ) {
        let mut d = Diagnostic::new(code, Msg::Import(msg))
            .at(&self.grid.file, self.grid.span(row, col))
            .hint(Msg::Import(hint));
        if let Some(u) = unit {
            d = d.unit(u);
        }
        self.diags.push(d);
    }

    fn check_row(
        &mut self,
        row: &Row,
        unit: Option<&str>,
        counts: &BTreeMap<Measure, Decimal>,
        rates: &BTreeMap<Measure, (Rate, usize)>,
    ) {
        use Measure::*;
        let get = |m: Measure| counts.get(&m).copied();
        let col = |m: Measure| self.layout.counts.get(&m).copied().unwrap_or(0);
        if let (Some(resolved), Some(early), Some(on_time), Some(late)) =
            (get(Resolved), get(Early), get(OnTime), get(Late))
            && early + on_time + late != resolved
        {
            let cell = self.grid.cell_ref(row.line, col(Resolved));
            self.warn(
                Code::ImportRowSum,
                ImportMsg::ResolvedSplit {
                    cell,
                    resolved,
                    early,
                    on_time,
                    late,
                },
                ImportMsg::RowSumHint,
                row,
                col(Resolved),
                unit,
            );
        }
        if let (Some(received), Some(resolved), Some(pending)) =
            (get(Received), get(Resolved), get(Pending))
            && resolved + pending != received
        {
            let cell = self.grid.cell_ref(row.line, col(Received));
            self.warn(
                Code::ImportRowSum,
                ImportMsg::ReceivedSplit {
                    cell,
                    received,
                    resolved,
                    pending,
                },
                ImportMsg::RowSumHint,
                row,
                col(Received),
                unit,
            );
        }
        for (&m, &(rate, rate_col)) in rates {
            let base = match m {
                Resolved | Pending => Received,
                Early | OnTime | Late => Resolved,
                _ => continue,
            };
            let (Some(part), Some(whole)) = (get(m), get(base)) else {
                continue;
            };
            if !rate.agrees(part, whole) {
                let cell = self.grid.cell_ref(row.line, rate_col);
                let expected = rate.expected(part, whole);
                self.warn(
                    Code::ImportRate,
                    ImportMsg::Rate {
                        cell,
                        written: rate.percent,
                        part,
                        whole,
                        expected,
                    },
                    ImportMsg::RowSumHint,
                    row,
                    rate_col,
                    unit,
                );
            }
        }
    }

    fn total(&mut self, row: &Row, grand: bool) {
        if grand {
            self.end_group();
        }
        let (written, ok) = self.values(row, None);
        let sums = if grand { &self.grand } else { &self.sub };
        if ok && sums.rows > 0 {
            let rows = sums.rows;
            let sums = sums.values.clone();
            self.compare(row, &written, &sums, rows);
        }
        self.sub = Sums::default();
        if grand {
            self.grand = Sums::default();
        }
    }

    /// A heading with numbers (`I | Khối cơ quan sở | 18678 | …`) is its block's
    /// aggregate: with unit rows under it, it must equal their sum; without, it
    /// stands for them in the grand total.
    fn start_group(&mut self, row: &Row) {
        self.end_group();
        if !self.kind.is_count() || !self.has_numbers(row) {
            return;
        }
        let (numbers, ok) = self.values(row, None);
        if ok {
            self.group = Some(Group {
                row: row.clone(),
                numbers,
                units: Sums::default(),
            });
        }
    }

    fn end_group(&mut self) {
        let Some(group) = self.group.take() else {
            return;
        };
        if group.units.rows == 0 {
            self.grand.add(&group.numbers);
        } else {
            self.compare(
                &group.row,
                &group.numbers,
                &group.units.values,
                group.units.rows,
            );
        }
    }

    /// Warns for each written total that differs from the sum of `rows` unit rows.
    fn compare(
        &mut self,
        row: &Row,
        written: &BTreeMap<Measure, Decimal>,
        sums: &BTreeMap<Measure, Decimal>,
        rows: usize,
    ) {
        let mismatches: Vec<(Measure, Decimal, Decimal)> = written
            .iter()
            .filter_map(|(m, w)| {
                let sum = sums.get(m).copied().unwrap_or_default();
                (sum != *w).then_some((*m, *w, sum))
            })
            .collect();
        for (m, written, sum) in mismatches {
            let Some(&col) = self.layout.counts.get(&m) else {
                continue;
            };
            let cell = self.grid.cell_ref(row.line, col);
            self.warn(
                Code::ImportTotal,
                ImportMsg::Total {
                    cell,
                    fact: m.column_name(),
                    written,
                    sum,
                    rows,
                },
                ImportMsg::TotalHint,
                row,
                col,
                None,
            );
        }
    }

    fn unit_row(&mut self, row: &Row, matcher: &Matcher) -> Option<ImportedUnit> {
        self.unit_rows += 1;
        let name_col = self.layout.name.or(self.layout.code).unwrap_or(0);
        let name = row.text(name_col).to_string();
        // Report tables may mark instead of count (see `marks`).
        let has_numbers = self.has_numbers(row)
            || self.kind == Kind::Reports
                && self
                    .layout
                    .counts
                    .values()
                    .any(|&c| !row.text(c).is_empty());
        let unit = self.match_unit(row, matcher);
        if !has_numbers {
            let stt = self.layout.stt.map(|c| row.text(c)).unwrap_or("");
            if stt.chars().any(|c| c.is_ascii_digit()) || unit.is_some() {
                let cell = self.grid.cell_ref(row.line, name_col);
                self.warn(
                    Code::ImportEmptyRow,
                    ImportMsg::EmptyRow { cell, name },
                    ImportMsg::EmptyRowHint,
                    row,
                    name_col,
                    unit.map(|u| u.code.as_str()),
                );
            } else {
                // A heading written in the name column.
                self.sub = Sums::default();
            }
            return None;
        }
        let (counts, ok) = self.values(row, unit.map(|u| u.code.as_str()));
        if ok && self.kind.is_count() {
            self.sub.add(&counts);
            self.grand.add(&counts);
            if let Some(group) = &mut self.group {
                group.units.add(&counts);
            }
        }
        let unit = unit?;
        if !ok {
            return None;
        }
        Some(ImportedUnit {
            code: unit.code.clone(),
            line: row.line,
            facts: counts
                .into_iter()
                .filter_map(|(m, v)| m.fact().map(|f| (f, v)))
                .collect(),
        })
    }

    fn match_unit<'u>(&mut self, row: &Row, matcher: &Matcher<'u>) -> Option<&'u Unit> {
        let describe = |u: &Unit| format!("{} ({})", u.code, u.name);
        if let Some(col) = self.layout.code {
            let code = row.text(col);
            if !code.is_empty() {
                if let Some(u) = matcher.by_code(code) {
                    return Some(u);
                }
                let cell = self.grid.cell_ref(row.line, col);
                let closest =
                    closest(code, matcher.codes()).map(|c| Msg::DidYouMean(c.to_string()));
                self.diags.push(
                    Diagnostic::new(
                        Code::ImportUnknownUnit,
                        Msg::Import(ImportMsg::UnknownUnit {
                            cell,
                            name: code.to_string(),
                        }),
                    )
                    .at(&self.grid.file, self.grid.span(row, col))
                    .hint_opt(closest),
                );
                return None;
            }
        }
        let col = self.layout.name?;
        let name = row.text(col);
        if let Some(u) = matcher.by_code(name).filter(|u| u.code == name.trim()) {
            return Some(u);
        }
        let cell = self.grid.cell_ref(row.line, col);
        match matcher.by_name(name) {
            Match::Unit(u) => Some(u),
            Match::Ambiguous(found) => {
                self.diags.push(
                    Diagnostic::new(
                        Code::ImportAmbiguousUnit,
                        Msg::Import(ImportMsg::AmbiguousUnit {
                            cell,
                            name: name.to_string(),
                            candidates: found.iter().map(|u| describe(u)).collect(),
                        }),
                    )
                    .at(&self.grid.file, self.grid.span(row, col))
                    .hint(Msg::Import(ImportMsg::AmbiguousHint)),
                );
                None
            }
            Match::None(near) => {
                let mut d = Diagnostic::new(
                    Code::ImportUnknownUnit,
                    Msg::Import(ImportMsg::UnknownUnit {
                        cell,
                        name: name.to_string(),
                    }),
                )
                .at(&self.grid.file, self.grid.span(row, col))
                .hint(Msg::Import(ImportMsg::UnknownUnitHint));
                if !near.is_empty() {
                    d = d.label(Msg::Import(ImportMsg::Closest(
                        near.iter().map(|u| describe(u)).collect(),
                    )));
                }
                self.diags.push(d);
                None
            }
        }
    }
}

/// One difference between the dataset on disk and the import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Added(String),
    Removed(String),
    Changed {
        unit: String,
        fact: String,
        old: String,
        new: String,
    },
}

/// What writing the import would do.
#[derive(Debug)]
pub struct Plan {
    pub path: PathBuf,
    /// The path relative to the workspace root, for messages.
    pub name: String,
    pub existed: bool,
    pub content: String,
    pub changes: Vec<Change>,
    pub units: usize,
    /// Facts the file has no column for, kept from the existing dataset.
    pub kept: Vec<String>,
}

impl Plan {
    pub fn is_noop(&self) -> bool {
        self.existed && self.changes.is_empty()
    }
}

/// The existing canonical dataset: header and rows by unit, values as written.
struct Existing {
    header: Vec<String>,
    rows: Vec<(String, Vec<String>)>,
}

fn read_existing(path: &Path) -> Option<Existing> {
    let text = std::fs::read_to_string(path).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records().filter_map(Result::ok);
    let header: Vec<String> = records
        .next()?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let rows = records
        .filter(|r| !r.iter().all(|f| f.trim().is_empty()))
        .map(|r| {
            let mut fields: Vec<String> = r.iter().map(|f| f.trim().to_string()).collect();
            let unit = if fields.is_empty() {
                String::new()
            } else {
                fields.remove(0)
            };
            (unit, fields)
        })
        .collect();
    Some(Existing {
        header: header.into_iter().skip(1).collect(),
        rows,
    })
}

fn same_value(a: &str, b: &str) -> bool {
    match (num::parse_decimal(a), num::parse_decimal(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// Compares the import with `scores/<year>/data/<kind>.csv` and builds the new file.
/// Units come in `units` (units.toml) order. Facts the import has no column for keep
/// their existing values, and so do units the import does not mention, unless `replace`.
pub fn plan(root: &Path, year: i64, units: &[Unit], imported: &Imported, replace: bool) -> Plan {
    let path = scores_dir(root, year)
        .join("data")
        .join(format!("{}.csv", imported.kind.stem()));
    let existing = read_existing(&path);
    let mut columns: Vec<String> = imported
        .kind
        .facts()
        .into_iter()
        .map(String::from)
        .collect();
    if let Some(e) = &existing {
        for h in &e.header {
            if !columns.contains(h) {
                columns.push(h.clone());
            }
        }
    }
    let old: HashMap<&str, HashMap<&str, &str>> = existing
        .iter()
        .flat_map(|e| {
            e.rows.iter().map(|(u, vals)| {
                (
                    u.as_str(),
                    e.header
                        .iter()
                        .map(String::as_str)
                        .zip(vals.iter().map(String::as_str))
                        .collect(),
                )
            })
        })
        .collect();
    let new: HashMap<&str, &ImportedUnit> = imported
        .units
        .iter()
        .map(|u| (u.code.as_str(), u))
        .collect();
    let kept: Vec<String> = columns
        .iter()
        .filter(|c| !imported.columns.contains(&c.as_str()))
        .filter(|c| {
            old.values()
                .any(|vals| vals.get(c.as_str()).is_some_and(|v| !v.is_empty()))
        })
        .cloned()
        .collect();

    let mut order: Vec<&str> = units.iter().map(|u| u.code.as_str()).collect();
    if let Some(e) = &existing {
        for (u, _) in &e.rows {
            if !order.contains(&u.as_str()) {
                order.push(u);
            }
        }
    }
    let mut content = format!("unit,{}\n", columns.join(","));
    let mut changes = Vec::new();
    let mut written = 0;
    for code in order {
        let before = old.get(code);
        let row: Vec<String> = match (new.get(code), before) {
            (Some(unit), _) => columns
                .iter()
                .map(|c| {
                    if imported.columns.contains(&c.as_str()) {
                        unit.facts
                            .get(c.as_str())
                            .map(|d| d.to_string())
                            .unwrap_or_default()
                    } else {
                        before
                            .and_then(|b| b.get(c.as_str()))
                            .map(|v| v.to_string())
                            .unwrap_or_default()
                    }
                })
                .collect(),
            (None, Some(b)) if !replace => columns
                .iter()
                .map(|c| b.get(c.as_str()).map(|v| v.to_string()).unwrap_or_default())
                .collect(),
            (None, Some(_)) => {
                changes.push(Change::Removed(code.to_string()));
                continue;
            }
            (None, None) => continue,
        };
        match before {
            None => changes.push(Change::Added(code.to_string())),
            Some(b) => {
                for (c, v) in columns.iter().zip(&row) {
                    let o = b.get(c.as_str()).copied().unwrap_or("");
                    if !same_value(o, v) {
                        changes.push(Change::Changed {
                            unit: code.to_string(),
                            fact: c.clone(),
                            old: if o.is_empty() {
                                "∅".into()
                            } else {
                                o.to_string()
                            },
                            new: if v.is_empty() {
                                "∅".into()
                            } else {
                                v.clone()
                            },
                        });
                    }
                }
            }
        }
        written += 1;
        content += &format!("{code},{}\n", row.join(","));
    }
    Plan {
        name: relative_name(root, &path),
        path,
        existed: existing.is_some(),
        content,
        changes,
        units: written,
        kept,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn totals_and_averages_by_label() {
        assert_eq!(total_label("Tổng cộng"), Some(true));
        assert_eq!(total_label("Tổng (I + II + III)"), Some(true));
        assert_eq!(total_label("Cộng:"), Some(false));
        assert_eq!(total_label("Công an tỉnh"), None);
        assert_eq!(total_label("Tổng cục Thuế"), None);
        assert!(is_average_label("Trung bình"));
        assert!(!is_average_label("Trung tâm Văn hóa"));
    }

    #[test]
    fn dates_in_report_marks() {
        assert!(has_date("12/9/2017"));
        assert!(has_date("Trễ (06/6/2018)"));
        assert!(has_date("1/6"));
        assert!(!has_date("X"));
        assert!(!has_date("2017"));
        assert!(!has_date("5.1."));
    }

    #[test]
    fn column_titles() {
        use Measure::*;
        let d = |t| classify(Kind::Dossiers, t);
        assert_eq!(d("Hồ sơ nhận"), Role::Count(Received));
        assert_eq!(d("Tổng số hồ sơ tiếp nhận"), Role::Count(Received));
        assert_eq!(d("Hồ sơ giải quyết Tỷ lệ"), Role::Rate(Resolved, false));
        assert_eq!(d("Hồ sơ đã giải quyết Tỷ lệ %"), Role::Rate(Resolved, true));
        assert_eq!(d("Hồ sơ sớm hẹn Số lượng"), Role::Count(Early));
        assert_eq!(d("Hồ sơ trước hạn Tổng số"), Role::Count(Early));
        assert_eq!(d("Hồ sơ đúng hạn"), Role::Count(OnTime));
        assert_eq!(d("Hồ sơ trễ hẹn"), Role::Count(Late));
        assert_eq!(d("Hồ sơ chưa giải quyết"), Role::Count(Pending));
        assert_eq!(d("Hồ sơ đang giải quyết"), Role::Count(Pending));
        assert_eq!(d("Số hồ sơ trực tuyến"), Role::Count(Online));
        assert_eq!(d("Hồ sơ sớm và đúng hạn"), Role::EarlyAndOnTime);
        assert_eq!(d("Hồ sơ sớm và đúng hạn Tỷ lệ"), Role::Other);
        assert_eq!(d("Số thứ tự"), Role::Stt);
        assert_eq!(d("Tên cơ quan, đơn vị"), Role::Name);
        assert_eq!(d("Mã đơn vị"), Role::Code);
        let r = |t| classify(Kind::Reports, t);
        assert_eq!(r("Thời gian gửi Trễ hạn"), Role::Count(ReportsLate));
        assert_eq!(r("Không nộp"), Role::Count(ReportsMissing));
        assert_eq!(r("Đúng hạn"), Role::Count(ReportsOnTime));
        assert_eq!(
            classify(Kind::Survey, "Chỉ số hài lòng (%)"),
            Role::Rate(Satisfaction, true)
        );
    }
}
