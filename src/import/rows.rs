//! Reading the table's rows: headings, totals, unit rows and their checks.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::header::{Layout, has_word, is_column_numbers, looks_numeric, row_is_header};
use super::names::{Match, Matcher, fold};
use super::numbers::{self, NumError, Rate};
use super::table::{Grid, Row};
use super::{ImportedUnit, Kind, Measure};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::i18n::{ImportMsg, Msg};
use crate::load::toml::closest;
use crate::model::Unit;
use crate::num;

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

pub(super) struct Body<'a> {
    grid: &'a Grid,
    layout: &'a Layout,
    kind: Kind,
    pub(super) diags: &'a mut Diagnostics,
    sub: Sums,
    grand: Sums,
    /// Some row was read from marks (see [`Body::marks`]).
    pub(super) marked: bool,
    /// Rows read as a unit's (matched or not).
    pub(super) unit_rows: usize,
    /// The current heading, when it carries numbers.
    group: Option<Group>,
}

/// A heading row with numbers and the unit rows read under it.
struct Group {
    row: Row,
    numbers: BTreeMap<Measure, Decimal>,
    units: Sums,
}

impl<'a> Body<'a> {
    pub(super) fn new(
        grid: &'a Grid,
        layout: &'a Layout,
        kind: Kind,
        diags: &'a mut Diagnostics,
    ) -> Body<'a> {
        Body {
            grid,
            layout,
            kind,
            diags,
            sub: Sums::default(),
            grand: Sums::default(),
            marked: false,
            unit_rows: 0,
            group: None,
        }
    }

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
        if is_column_numbers(row) {
            return RowKind::Blank;
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
    pub(super) fn row(&mut self, row: &Row, matcher: &Matcher) -> Option<ImportedUnit> {
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
                let hint = if text.starts_with('=') {
                    ImportMsg::FormulaHint
                } else if numbers::is_scientific(&text) {
                    ImportMsg::ScientificHint
                } else {
                    ImportMsg::NumberHint
                };
                let msg = match e {
                    NumError::Invalid if self.kind.is_count() => ImportMsg::BadCount { cell, text },
                    NumError::Invalid => ImportMsg::BadValue { cell, text },
                    NumError::NotWhole => ImportMsg::NotWhole { cell, text },
                    NumError::Negative => ImportMsg::Negative { cell, text },
                };
                self.diags.push(
                    Diagnostic::new(Code::ImportNumber, Msg::Import(msg))
                        .at(&self.grid.file, self.grid.span(row, col))
                        .hint(Msg::Import(hint)),
                );
                None
            }
        }
    }

    /// Whether the row's values are under the header's titles: in a CSV file a
    /// row has as many fields as the header (a field missing or extra shifts
    /// every value after it); in a sheet no value is right of the last title.
    fn check_width(&mut self, row: &Row) -> bool {
        let width = self.layout.width;
        let (col, msg) = if self.grid.sheet.is_none() {
            let found = row.cells.len();
            if found == width {
                return true;
            }
            let col = found.min(width).saturating_sub(1);
            let cell = self.grid.cell_ref(row.line, col);
            (
                col,
                ImportMsg::FieldCount {
                    cell,
                    found,
                    expected: width,
                },
            )
        } else {
            let Some(col) = (width..row.cells.len()).find(|&c| !row.text(c).is_empty()) else {
                return true;
            };
            let cell = self.grid.cell_ref(row.line, col);
            let text = row.text(col).to_string();
            (col, ImportMsg::UntitledValue { cell, text })
        };
        self.diags.push(
            Diagnostic::new(Code::ImportColumns, Msg::Import(msg))
                .at(&self.grid.file, self.grid.span(row, col))
                .hint(Msg::Import(ImportMsg::FieldCountHint)),
        );
        false
    }

    /// Counts and rates of a row (unit or total), with the row's own checks.
    fn values(&mut self, row: &Row, unit: Option<&str>) -> (BTreeMap<Measure, Decimal>, bool) {
        if !self.check_width(row) {
            return (BTreeMap::new(), false);
        }
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
        for split in crate::row_sums::SPLITS {
            let measure = |fact: &str| counts.keys().copied().find(|m| m.fact() == Some(fact));
            let Some((whole, parts)) = split.violated(|f| get(measure(f)?)) else {
                continue;
            };
            let at = measure(split.whole()).map(col).unwrap_or(0);
            let cell = self.grid.cell_ref(row.line, at);
            self.warn(
                Code::ImportRowSum,
                split.message(cell, whole, &parts),
                ImportMsg::RowSumHint,
                row,
                at,
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

    pub(super) fn end_group(&mut self) {
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
        // Any text under a figure's title is read, and reported if it is no
        // number (`1e20`, `=SUM(C5:C9)`); report tables may mark instead of
        // count (see `marks`).
        let has_numbers = self.data_columns().any(|c| !row.text(c).is_empty());
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
}
