//! The council's worklist and what Sở Nội vụ publishes: the year's export,
//! a unit's history, the criteria's changes between years, next year's files.

use std::path::{Path, PathBuf};

use super::{Error, ExitStatus, Problem, Result};
use crate::compare::CriteriaDiff;
use crate::diagnostic::Diagnostic;
use crate::eval::{self, Options};
use crate::i18n::Say;
use crate::review::Worklist;
use crate::timeline::{History, Timeline, Year};

/// What `review` lists: everything, or one unit's items, some kinds of item,
/// one block's units, as typed on the command line.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReviewFilter<'a> {
    pub unit: Option<&'a str>,
    /// Kinds of item (`gap`, `na-claim`…, or their names); all when empty.
    pub kinds: &'a [String],
    pub block: Option<&'a str>,
}

/// `chiso review`: what the council should look at (restricted by `filter`),
/// with the year's diagnostics.
pub fn review(root: &Path, year: i64, filter: ReviewFilter) -> Result<(Worklist, Vec<Diagnostic>)> {
    let ws = super::load(root, year)?;
    let unit = filter.unit.map(|u| super::unit_code(&ws, u)).transpose()?;
    let findings = filter
        .kinds
        .iter()
        .map(|k| crate::lookup::finding(k))
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(Error::usage)?;
    let Some(results) = eval::evaluate(&ws, &Options::default()) else {
        return Err(Error::bad_input(super::all_diagnostics(&ws, None)));
    };
    let diagnostics = super::all_diagnostics(&ws, Some(&results));
    let reg = ws.regulation.as_ref().expect("evaluated");
    let block = match filter
        .block
        .map(|b| crate::lookup::block(reg, b))
        .transpose()
    {
        Ok(b) => b,
        Err(say) => return Err(Error::usage(say).after(diagnostics)),
    };
    let mut worklist = crate::review::review(&ws, &results, unit.as_deref());
    worklist.retain(&ws, &findings, block);
    Ok((worklist, diagnostics))
}

/// A year and the years around it, as published; `notes` name the other
/// years whose files have errors.
pub struct Exported {
    pub timeline: Timeline,
    pub year: i64,
    pub diagnostics: Vec<Diagnostic>,
    pub notes: Vec<YearNote>,
}

impl Exported {
    pub fn status(&self) -> ExitStatus {
        ExitStatus::of(&self.diagnostics)
    }

    pub fn publication(&self) -> crate::timeline::Publication<'_> {
        self.timeline
            .publication(self.year)
            .expect("checked when exported")
    }
}

/// A year of a timeline that is not what it should be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearNote {
    NotEvaluated(i64),
    HasErrors { year: i64, errors: usize },
}

/// `chiso export`: the year's results with the years around it.
pub fn export(root: &Path, year: i64) -> Result<Exported> {
    let ws = super::load(root, year)?;
    let Some(results) = eval::evaluate(&ws, &Options::default()) else {
        return Err(Error::bad_input(super::all_diagnostics(&ws, None)));
    };
    let diagnostics = super::all_diagnostics(&ws, Some(&results));
    let timeline = Timeline::around(root, year, Year { ws, results });
    let notes = timeline
        .years
        .iter()
        .filter(|y| y.results.year != year && y.errors() > 0)
        .map(|y| YearNote::HasErrors {
            year: y.results.year,
            errors: y.errors(),
        })
        .collect();
    if timeline.publication(year).is_none() {
        return Err(Error::usage(Say::NotEvaluated(year.to_string())).after(diagnostics));
    }
    Ok(Exported {
        timeline,
        year,
        diagnostics,
        notes,
    })
}

/// Units' results over years, with what the table needs to be read.
pub struct HistoryReport {
    pub history: History,
    /// The consequence labels and index decimals of the last year shown.
    pub labels: Vec<String>,
    pub decimals: u32,
    /// Years up to `to` that could not be evaluated or have errors.
    pub notes: Vec<YearNote>,
}

impl HistoryReport {
    pub fn status(&self) -> ExitStatus {
        if self.notes.is_empty() {
            ExitStatus::Success
        } else {
            ExitStatus::Failure
        }
    }
}

/// `chiso history`: every unit's (or one unit's) results from `from` to `to`
/// (the first and last years with criteria when not given).
pub fn history(
    root: &Path,
    unit: Option<&str>,
    from: Option<i64>,
    to: Option<i64>,
) -> Result<HistoryReport> {
    let available = Timeline::available(root);
    let (Some(&first), Some(&last)) = (available.first(), available.last()) else {
        return Err(Error::usage(Say::NoSuchYear {
            year: to.or(from).unwrap_or_default(),
            available: Vec::new(),
        }));
    };
    let (from, to) = (from.unwrap_or(first), to.unwrap_or(last));
    if !available.iter().any(|y| (from..=to).contains(y)) {
        return Err(Error::usage(Say::NoYearInRange {
            from,
            to,
            available: available.iter().map(|y| y.to_string()).collect(),
        }));
    }
    let shown = || available.iter().copied().filter(|y| *y <= to);
    let timeline = Timeline::load(root, shown());
    let notes = shown()
        .filter_map(|y| match timeline.year(y) {
            None => Some(YearNote::NotEvaluated(y)),
            Some(year) if year.errors() > 0 => Some(YearNote::HasErrors {
                year: y,
                errors: year.errors(),
            }),
            Some(_) => None,
        })
        .collect();
    let history = timeline.history(unit, from, to);
    if let Some(code) = unit
        && history.rows.is_empty()
    {
        return Err(Error::usage(Say::NoSuchUnit(code.to_string())));
    }
    let (labels, decimals) = timeline
        .year(to)
        .or(timeline.years.last())
        .map(|y| {
            (
                crate::timeline::consequence_labels(&y.ws),
                y.results.index_decimals,
            )
        })
        .unwrap_or((Vec::new(), 2));
    Ok(HistoryReport {
        history,
        labels,
        decimals,
        notes,
    })
}

/// `chiso diff`: how the criteria of `to` differ from those of `from`.
pub fn diff(root: &Path, from: i64, to: i64) -> Result<CriteriaDiff> {
    let a = super::load(root, from);
    let b = super::load(root, to);
    Ok(crate::compare::diff(&a?, &b?))
}

/// `chiso new-year`: the files written for `to` from `from`.
pub struct NewYear {
    pub files: Vec<PathBuf>,
}

/// `chiso new-year`: carries the criteria (and the units when asked) over.
pub fn new_year(root: &Path, from: i64, to: i64, units: bool) -> Result<NewYear> {
    use crate::newyear::NewYearError;
    crate::newyear::carry_over(root, from, to, units)
        .map(|files| NewYear { files })
        .map_err(|e| Error {
            status: match e {
                NewYearError::Toml(..) => ExitStatus::Failure,
                _ => ExitStatus::Error,
            },
            diagnostics: Vec::new(),
            details: Vec::new(),
            problem: Some(Problem::NewYear(e)),
        })
}
