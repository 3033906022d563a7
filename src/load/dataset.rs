//! Canonical datasets `scores/<year>/data/*.csv` (docs/format.md, Datasets): a `unit` column
//! then one column per fact, plain decimal numbers.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::diagnostic::{Code, Diagnostic, Diagnostics, Location};
use crate::facts::DatasetKind as Kind;
use crate::i18n::Msg;
use crate::load::answers::not_of_kind;
use crate::load::toml::closest;
use crate::model::{
    Criterion, Dataset, Fact, FactKind, HashMap, Input, InputSource, Period, Scheme, Unit,
    YearFigure,
};
use crate::num;
use crate::row_sums;
use crate::source::{SourceFile, Span};
use crate::text::column_letters;

/// The inputs of the year's criteria that say what kind of number a dataset
/// column holds (counts and percentages), by fact name.
pub fn typed_inputs(schemes: &[Scheme]) -> HashMap<String, Input> {
    let mut typed = HashMap::default();
    for input in schemes
        .iter()
        .flat_map(|s| &s.nodes)
        .flat_map(|c| c.fact_inputs())
    {
        if input.kind != FactKind::Number && !typed.contains_key(&input.name) {
            typed.insert(input.name.clone(), input.clone());
        }
    }
    typed
}

/// Reads the datasets; `typed` says which columns hold counts or percentages,
/// `sum_periods` lists the datasets (file stems) whose figure for the year is
/// the sum of their periods (the regulation's key).
pub fn load(
    files: Vec<Arc<SourceFile>>,
    unit_codes: &foldhash::HashSet<&str>,
    typed: &HashMap<String, Input>,
    sum_periods: &[String],
    diags: &mut Diagnostics,
) -> Dataset {
    let mut data = Dataset::default();
    let mut periods = PeriodRows::default();
    for file in files {
        read_file(&file, unit_codes, typed, &mut data, &mut periods, diags);
        data.files.push(file);
    }
    resolve_periods(&mut data, periods, sum_periods, diags);
    data
}

/// Rows of periods other than the year: by (unit, fact), each with the
/// dataset's file stem.
type PeriodRows = BTreeMap<(String, String), Vec<(Period, Fact, String)>>;

/// Makes the year's figure of every fact that has rows of other periods: the
/// sum of the periods for a dataset in `sum_periods`, else the year's own row
/// (kept as read). Periods that overlap (`6t` and `q2`) are the same figures
/// twice (E0402).
fn resolve_periods(
    data: &mut Dataset,
    rows: PeriodRows,
    sum_periods: &[String],
    diags: &mut Diagnostics,
) {
    for ((unit, fact), mut list) in rows {
        list.sort_by_key(|(p, _, _)| *p);
        let mut kept: Vec<(Period, Fact)> = Vec::new();
        for (period, f, _) in &list {
            if let Some((other, _)) = kept
                .iter()
                .find(|(o, _)| o.quarters() & period.quarters() != 0)
            {
                diags.push(
                    Diagnostic::new(
                        Code::DuplicateFact,
                        Msg::OverlappingPeriods {
                            unit: unit.clone(),
                            fact: fact.clone(),
                            period: period.name(),
                            other: other.name(),
                        },
                    )
                    .at_location(Some(&f.location))
                    .unit(&unit),
                );
                continue;
            }
            kept.push((*period, f.clone()));
        }
        let summed = list
            .first()
            .is_some_and(|(_, _, stem)| sum_periods.contains(stem));
        let annual = data.facts.get(&unit).and_then(|f| f.get(&fact)).cloned();
        if summed && let Some((_, last)) = kept.last() {
            let total = kept.iter().map(|(_, f)| f.value).sum();
            data.facts.entry(unit.clone()).or_default().insert(
                fact.clone(),
                Fact {
                    value: total,
                    location: last.location.clone(),
                },
            );
        }
        let year = data
            .facts
            .get(&unit)
            .and_then(|f| f.get(&fact))
            .map(|f| f.value);
        let mut periods: Vec<(Period, Decimal)> = kept.iter().map(|(p, f)| (*p, f.value)).collect();
        if let Some(a) = annual {
            periods.insert(0, (Period::Year, a.value));
        }
        data.periods.entry(unit).or_default().insert(
            fact,
            YearFigure {
                summed,
                periods,
                year,
            },
        );
    }
}

fn read_file(
    file: &Arc<SourceFile>,
    unit_codes: &foldhash::HashSet<&str>,
    typed: &HashMap<String, Input>,
    data: &mut Dataset,
    periods: &mut PeriodRows,
    diags: &mut Diagnostics,
) {
    // The dataset's name, as the regulation's `sum_periods` lists it.
    let stem = std::path::Path::new(&file.name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut period_col = None;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(file.text.as_bytes());
    let mut header: Vec<String> = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(1, |p| record_line(file, p));
                let start = file.line_start(line);
                diags.push(
                    Diagnostic::new(Code::Dataset, Msg::CsvError(e.to_string()))
                        .at(file, start..start),
                );
                return;
            }
        };
        let line = record.position().map_or(row + 1, |p| record_line(file, p));
        let spans = field_spans(file, line, ',');
        let span_of = |i: usize| {
            spans
                .get(i)
                .cloned()
                .unwrap_or_else(|| file.line_start(line)..file.line_start(line))
        };
        if row == 0 {
            header = record.iter().map(|h| h.trim().to_string()).collect();
            if header.first().map(String::as_str) != Some("unit") {
                diags.push(
                    Diagnostic::new(Code::Dataset, Msg::CsvHeader)
                        .at(file, span_of(0))
                        .hint(Msg::CsvHeaderHint),
                );
                return;
            }
            period_col = header.iter().position(|h| h == PERIOD);
            let mut seen = HashSet::new();
            for (i, h) in header.iter().enumerate() {
                if h.is_empty() || !seen.insert(h.clone()) {
                    diags.push(
                        Diagnostic::new(Code::Dataset, Msg::CsvBadColumn(h.clone()))
                            .at(file, span_of(i)),
                    );
                } else if i > 0 {
                    data.columns
                        .entry(h.clone())
                        .or_default()
                        .push(file.name.clone());
                }
            }
            continue;
        }
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if record.len() != header.len() {
            diags.push(
                Diagnostic::new(
                    Code::Dataset,
                    Msg::CsvFieldCount {
                        found: record.len(),
                        expected: header.len(),
                    },
                )
                .at(file, span_of(0)),
            );
            continue;
        }
        let unit = record[0].trim().to_string();
        if !unit_codes.contains(unit.as_str()) {
            diags.push(
                Diagnostic::new(Code::UnknownUnit, Msg::UnknownUnit(unit.clone()))
                    .at(file, span_of(0))
                    .hint_opt(
                        closest(&unit, unit_codes.iter().copied())
                            .map(|c| Msg::DidYouMean(c.to_string())),
                    ),
            );
            continue;
        }
        let period = match period_col.map(|c| record[c].trim()) {
            None | Some("") => Period::Year,
            Some(p) => match Period::parse(p) {
                Some(p) => p,
                None => {
                    let c = period_col.unwrap_or_default();
                    diags.push(
                        Diagnostic::new(Code::Dataset, Msg::UnknownPeriod(p.to_string()))
                            .at(file, span_of(c))
                            .hint(Msg::PeriodHint)
                            .unit(&unit),
                    );
                    continue;
                }
            },
        };
        // A cell's figure: a plain decimal of its column's input type, or
        // `None` with the diagnostic said (for rows of every period alike).
        let figure = |i: usize, cell: &str, diags: &mut Diagnostics| {
            let Some(value) = plain_decimal(cell) else {
                diags.push(
                    Diagnostic::new(Code::InvalidNumber, Msg::CsvNumber(cell.to_string()))
                        .at(file, span_of(i))
                        .hint(Msg::CsvNumberHint)
                        .unit(&unit),
                );
                return None;
            };
            let stated = crate::model::stated_subordinate_input(&header[i]);
            if let Some(input) = typed.get(&header[i]).or(stated.as_ref())
                && let Err(problem) = input.kind.check(value, cell)
            {
                diags.push(
                    not_of_kind(input, cell, Some((line, unit.clone())), problem)
                        .at(file, span_of(i))
                        .unit(&unit),
                );
                return None;
            }
            Some(value)
        };
        if period != Period::Year {
            for (i, cell) in record.iter().enumerate().skip(1) {
                let cell = cell.trim();
                if cell.is_empty() || Some(i) == period_col {
                    continue;
                }
                let Some(value) = figure(i, cell, diags) else {
                    continue;
                };
                let list = periods
                    .entry((unit.clone(), header[i].clone()))
                    .or_default();
                if let Some((_, prev, _)) = list.iter().find(|(p, _, _)| *p == period) {
                    let lc = prev.location.file.line_col(prev.location.span.start);
                    diags.push(
                        Diagnostic::new(
                            Code::DuplicateFact,
                            Msg::DuplicateFact {
                                unit: unit.clone(),
                                fact: format!("{} ({})", header[i], period.name()),
                                previous: format!("{}:{}", prev.location.file.name, lc.line),
                            },
                        )
                        .at(file, span_of(i))
                        .unit(&unit),
                    );
                    continue;
                }
                let location = Location::new(file, span_of(i));
                list.push((period, Fact { value, location }, stem.clone()));
            }
            continue;
        }
        // Looked up once per row; a row without figures adds no unit.
        let facts = data.facts.entry(unit.clone()).or_default();
        // This row's own figures, for its totals relations.
        let mut row_values: Vec<(usize, Decimal)> = Vec::new();
        for (i, cell) in record.iter().enumerate().skip(1) {
            let cell = cell.trim();
            if cell.is_empty() || Some(i) == period_col {
                continue;
            }
            let fact = &header[i];
            let Some(value) = figure(i, cell, diags) else {
                continue;
            };
            row_values.push((i, value));
            if let Some(prev) = facts.get(fact) {
                let lc = prev.location.file.line_col(prev.location.span.start);
                diags.push(
                    Diagnostic::new(
                        Code::DuplicateFact,
                        Msg::DuplicateFact {
                            unit: unit.clone(),
                            fact: fact.clone(),
                            previous: format!("{}:{}", prev.location.file.name, lc.line),
                        },
                    )
                    .at(file, span_of(i))
                    .unit(&unit),
                );
                continue;
            }
            facts.insert(
                fact.clone(),
                Fact {
                    value,
                    location: Location::new(file, span_of(i)),
                },
            );
        }
        if facts.is_empty() {
            data.facts.remove(&unit);
        }
        for split in row_sums::SPLITS {
            let column = |fact: &str| header.iter().position(|h| h == fact);
            let value = |fact: &str| {
                let i = column(fact)?;
                row_values.iter().find(|(c, _)| *c == i).map(|v| v.1)
            };
            if let Some((whole, parts)) = split.violated(value) {
                let at = column(split.whole()).unwrap_or(0);
                let cell = format!("{}{line}", column_letters(at));
                diags.push(
                    Diagnostic::new(
                        Code::ImportRowSum,
                        Msg::Import(split.message(cell, whole, &parts)),
                    )
                    .at(file, span_of(at))
                    .hint(Msg::DatasetRowSumHint)
                    .unit(&unit),
                );
            }
        }
    }
}

/// The optional column naming the period a row covers.
pub const PERIOD: &str = "period";

/// Official data the criteria read and the datasets do not have (W0609): a
/// fact no dataset has a column for (the file is missing or empty) is said
/// once, at the first criterion that reads it; a unit without a figure for
/// facts that a dataset does have is said once per unit, at its entry in
/// units.toml. Such a unit's computed criteria score 0, so `lock` treats
/// these warnings as errors.
pub fn check_coverage(
    year: i64,
    units: &[Unit],
    schemes: &[Scheme],
    data: &Dataset,
    diags: &mut Diagnostics,
) {
    // Per scheme: each fact read from the data, with the first leaf reading it.
    let read: Vec<Vec<(&str, &Criterion)>> = schemes
        .iter()
        .map(|s| {
            let mut facts: Vec<(&str, &Criterion)> = Vec::new();
            for (_, leaf) in s.leaves() {
                for i in leaf.inputs.iter().filter(|i| i.source == InputSource::Data) {
                    if !facts.iter().any(|(f, _)| *f == i.name) {
                        facts.push((&i.name, leaf));
                    }
                }
            }
            facts
        })
        .collect();
    // Facts without any column: fact → (first leaf, every leaf code, units).
    let mut absent: Vec<(&str, &Criterion, Vec<String>, usize)> = Vec::new();
    for u in units {
        let Some(facts) = u.scheme.map(|s| &read[s]) else {
            continue;
        };
        let own = data.facts.get(&u.code);
        let mut missing: Vec<String> = Vec::new();
        for &(fact, leaf) in facts {
            if own.is_some_and(|f| f.get(fact).is_some()) {
                continue;
            }
            if data.columns.contains_key(fact) {
                missing.push(fact.to_string());
                continue;
            }
            let at = match absent.iter().position(|a| a.0 == fact) {
                Some(at) => at,
                None => {
                    absent.push((fact, leaf, Vec::new(), 0));
                    absent.len() - 1
                }
            };
            absent[at].3 += 1;
            let readers = &mut absent[at].2;
            for (_, c) in schemes[u.scheme.unwrap_or_default()].leaves() {
                if c.inputs.iter().any(|i| i.name == fact) && !readers.contains(&c.code) {
                    readers.push(c.code.clone());
                }
            }
        }
        if missing.is_empty() {
            continue;
        }
        let mut files: Vec<String> = missing
            .iter()
            .flat_map(|f| data.columns[f.as_str()].iter().cloned())
            .collect();
        files.sort();
        files.dedup();
        diags.push(
            Diagnostic::new(
                Code::MissingData,
                Msg::NoDataForUnit {
                    unit: u.code.clone(),
                    facts: missing,
                    files,
                },
            )
            .at_location(Some(&u.location))
            .hint(Msg::MissingDataHint { year })
            .unit(&u.code),
        );
    }
    for (fact, leaf, criteria, count) in absent {
        let import = [Kind::Dossiers, Kind::Survey, Kind::Reports]
            .into_iter()
            .find(|k| k.facts().contains(&fact))
            .map(|k| k.stem().to_string());
        diags.push(
            Diagnostic::new(
                Code::MissingData,
                Msg::NoDataset {
                    year,
                    fact: fact.to_string(),
                    criteria,
                    units: count,
                },
            )
            .at_location(Some(&leaf.location))
            .hint(Msg::NoDatasetHint {
                year,
                fact: fact.to_string(),
                import,
            }),
        );
    }
}

/// Plain decimals only: a dot for decimals, no thousands separators, no `%`.
fn plain_decimal(s: &str) -> Option<rust_decimal::Decimal> {
    let ok = s
        .chars()
        .enumerate()
        .all(|(i, c)| c.is_ascii_digit() || c == '.' || (i == 0 && c == '-'))
        && s.matches('.').count() <= 1;
    if ok { num::parse_decimal(s) } else { None }
}

/// The 1-based line a CSV record starts on. The csv reader ends a record at
/// the `\r` of a `\r\n` and counts the line at the `\n`, so its own line number
/// (and the record's byte offset) can still point at the line before: the
/// record starts at the first byte after its offset that ends no line.
pub(crate) fn record_line(file: &SourceFile, position: &csv::Position) -> usize {
    let bytes = file.text.as_bytes();
    let mut at = usize::try_from(position.byte()).map_or(bytes.len(), |b| b.min(bytes.len()));
    while bytes.get(at).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
        at += 1;
    }
    file.line_col(at).line
}

/// Byte spans of the fields on a 1-based line (quotes respected).
pub(crate) fn field_spans(file: &SourceFile, line: usize, delimiter: char) -> Vec<Span> {
    let start = file.line_start(line);
    let text = file.line_text(line);
    let mut spans = Vec::new();
    let mut field_start = 0;
    let mut quoted = false;
    for (i, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            c if c == delimiter && !quoted => {
                spans.push(start + field_start..start + i);
                field_start = i + 1;
            }
            _ => {}
        }
    }
    spans.push(start + field_start..start + text.len());
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_decimals_only() {
        assert_eq!(plain_decimal("87.35"), Some(rust_decimal::dec!(87.35)));
        assert_eq!(plain_decimal("5418"), Some(rust_decimal::dec!(5418)));
        assert_eq!(plain_decimal("95,21"), None);
        assert_eq!(plain_decimal("5.418.2"), None);
        assert_eq!(plain_decimal("12%"), None);
    }
}
