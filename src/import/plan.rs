//! Comparing an import with the dataset on disk, and the file that would replace it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::{Imported, ImportedUnit};
use crate::load::dataset::PERIOD;
use crate::load::scores_dir;
use crate::model::{Period, Unit};
use crate::num;
use crate::source::{SourceFile, relative_name};

/// One difference between the dataset on disk and the import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Added(String),
    /// A unit's first row for a period other than the year.
    AddedPeriod {
        unit: String,
        period: String,
    },
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

/// The existing canonical dataset: header and rows by unit and period, values
/// as written.
struct Existing {
    /// The fact columns (without `unit` and `period`).
    header: Vec<String>,
    /// The file has a `period` column.
    by_period: bool,
    /// Unit, period as written (`nam` when empty), fact values.
    rows: Vec<(String, String, Vec<String>)>,
}

fn parse_existing(text: &str) -> Option<Existing> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
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
    let period_col = header.iter().position(|h| h == PERIOD);
    let rows = records
        .filter(|r| !r.iter().all(|f| f.trim().is_empty()))
        .map(|r| {
            let fields: Vec<String> = r.iter().map(|f| f.trim().to_string()).collect();
            let unit = fields.first().cloned().unwrap_or_default();
            let period = match period_col.and_then(|c| fields.get(c)) {
                Some(p) if !p.is_empty() => p.clone(),
                _ => Period::Year.name().to_string(),
            };
            let values = fields
                .into_iter()
                .enumerate()
                .filter(|(i, _)| *i != 0 && Some(*i) != period_col)
                .map(|(_, v)| v)
                .collect();
            (unit, period, values)
        })
        .collect();
    Some(Existing {
        header: header
            .into_iter()
            .enumerate()
            .filter(|(i, _)| *i != 0 && Some(*i) != period_col)
            .map(|(_, h)| h)
            .collect(),
        by_period: period_col.is_some(),
        rows,
    })
}

/// A row's values by fact, as written.
type Values<'a> = HashMap<&'a str, &'a str>;

fn same_value(a: &str, b: &str) -> bool {
    match (num::parse_decimal(a), num::parse_decimal(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// Compares the import with `scores/<year>/data/<kind>.csv` and builds the new file.
/// Units come in `units` (units.toml) order. Facts the import has no column for keep
/// their existing values, and so do units the import does not mention, unless `replace`.
/// `Err` (with the dataset's name) when the dataset exists but cannot be read, or
/// cannot be written (a link that leads outside the workspace): its figures would
/// otherwise be lost, or the file outside overwritten.
pub fn plan(
    root: &Path,
    year: i64,
    units: &[Unit],
    imported: &Imported,
    replace: bool,
) -> Result<Plan, (String, std::io::Error)> {
    let path = scores_dir(root, year)
        .join("data")
        .join(format!("{}.csv", imported.kind.stem()));
    let name = relative_name(root, &path);
    let failed = |e| (name.clone(), e);
    crate::source::check_writable(root, &path).map_err(failed)?;
    let current = match SourceFile::read(root, &path) {
        Ok(file) => Some(file),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(failed(e)),
    };
    Ok(Plan {
        name: name.clone(),
        path,
        ..plan_over(
            current.as_ref().map(|f| f.text.as_str()),
            units,
            imported,
            replace,
        )
    })
}

/// [`plan`] over the current dataset's text (`None`: no file yet); the plan's
/// path and name are left empty. The import replaces the rows of its period
/// only (`imported.period`): a quarter never overwrites the year's row.
pub fn plan_over(
    current: Option<&str>,
    units: &[Unit],
    imported: &Imported,
    replace: bool,
) -> Plan {
    let period = imported.period.name();
    let existing = current.and_then(parse_existing);
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
    // Rows by unit, then period.
    let mut old: HashMap<&str, Vec<(&str, Values<'_>)>> = HashMap::new();
    if let Some(e) = &existing {
        for (u, p, vals) in &e.rows {
            let values = e
                .header
                .iter()
                .map(String::as_str)
                .zip(vals.iter().map(String::as_str))
                .collect();
            old.entry(u.as_str())
                .or_default()
                .push((p.as_str(), values));
        }
    }
    let new: HashMap<&str, &ImportedUnit> = imported
        .units
        .iter()
        .map(|u| (u.code.as_str(), u))
        .collect();
    let kept: Vec<String> = columns
        .iter()
        .filter(|c| !imported.columns.contains(&c.as_str()))
        .filter(|c| {
            old.values().flatten().any(|(p, vals)| {
                *p == period && vals.get(c.as_str()).is_some_and(|v| !v.is_empty())
            })
        })
        .cloned()
        .collect();

    let mut order: Vec<&str> = units.iter().map(|u| u.code.as_str()).collect();
    if let Some(e) = &existing {
        for (u, _, _) in &e.rows {
            if !order.contains(&u.as_str()) {
                order.push(u);
            }
        }
    }
    let by_period =
        existing.as_ref().is_some_and(|e| e.by_period) || imported.period != Period::Year;
    let mut content = if by_period {
        format!("unit,{PERIOD},{}\n", columns.join(","))
    } else {
        format!("unit,{}\n", columns.join(","))
    };
    let mut changes = Vec::new();
    let mut written = 0;
    let rank = |p: &str| Period::parse(p).map_or(usize::MAX, |p| p as usize);
    for code in order {
        let rows = old.get(code).map(Vec::as_slice).unwrap_or_default();
        let mut periods: Vec<&str> = rows.iter().map(|(p, _)| *p).collect();
        if new.contains_key(code) && !periods.contains(&period) {
            periods.push(period);
        }
        periods.sort_by_key(|p| rank(p));
        periods.dedup();
        let mut unit_written = false;
        for p in periods {
            let before = rows.iter().find(|(q, _)| *q == p).map(|(_, v)| v);
            let label = if p == Period::Year.name() {
                code.to_string()
            } else {
                format!("{code} [{p}]")
            };
            let row: Vec<String> = match (new.get(code).filter(|_| p == period), before) {
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
                (None, Some(b)) if !replace || p != period => columns
                    .iter()
                    .map(|c| b.get(c.as_str()).map(|v| v.to_string()).unwrap_or_default())
                    .collect(),
                (None, Some(_)) => {
                    changes.push(Change::Removed(label));
                    continue;
                }
                (None, None) => continue,
            };
            match before {
                None if p == Period::Year.name() => changes.push(Change::Added(label.clone())),
                None => changes.push(Change::AddedPeriod {
                    unit: code.to_string(),
                    period: p.to_string(),
                }),
                Some(b) => {
                    for (c, v) in columns.iter().zip(&row) {
                        let o = b.get(c.as_str()).copied().unwrap_or("");
                        if !same_value(o, v) {
                            changes.push(Change::Changed {
                                unit: label.clone(),
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
            unit_written = true;
            content += &if by_period {
                format!("{code},{p},{}\n", row.join(","))
            } else {
                format!("{code},{}\n", row.join(","))
            };
        }
        written += usize::from(unit_written);
    }
    Plan {
        path: PathBuf::new(),
        name: String::new(),
        existed: existing.is_some(),
        content,
        changes,
        units: written,
        kept,
    }
}
