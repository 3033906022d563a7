//! Several years side by side: units followed across years (by code, and
//! through `previous` for merged or renamed units), the change from the previous
//! year, and the consequences of runs of ratings. Renderers print what is
//! computed here.

use std::path::Path;

use rust_decimal::Decimal;

use crate::eval::{self, Options};
use crate::load;
use crate::model::{Consequence, MergedPredecessors, Workspace};
use crate::results::{Results, UnitResult};

/// One evaluated year.
pub struct Year {
    pub ws: Workspace,
    pub results: Results,
}

impl Year {
    /// Errors of loading and evaluation.
    pub fn errors(&self) -> usize {
        self.ws
            .diagnostics
            .items
            .iter()
            .chain(self.results.units.iter().flat_map(|u| u.diagnostics.iter()))
            .filter(|d| d.is_error())
            .count()
    }

    pub fn block_name<'a>(&'a self, block: &'a str) -> &'a str {
        self.ws
            .regulation
            .as_ref()
            .and_then(|r| r.block(block))
            .map(|b| b.name.as_str())
            .unwrap_or(block)
    }

    /// How many units share the unit's block (for "rank 3 of 21").
    pub fn block_size(&self, block: &str) -> usize {
        self.results
            .units
            .iter()
            .filter(|u| u.block == block)
            .count()
    }
}

/// Evaluated years, oldest first.
#[derive(Default)]
pub struct Timeline {
    pub years: Vec<Year>,
}

/// A unit's standing in an earlier year.
#[derive(Debug, Clone, PartialEq)]
pub struct Standing {
    pub year: i64,
    pub code: String,
    pub name: String,
    pub index: Option<Decimal>,
    pub rating: Option<String>,
    pub rank: Option<u32>,
}

impl Standing {
    fn of(year: i64, u: &UnitResult) -> Standing {
        Standing {
            year,
            code: u.code.clone(),
            name: u.name.clone(),
            index: u.final_.index,
            rating: u.final_.rating.clone(),
            rank: u.rank,
        }
    }
}

/// A unit compared with the previous year.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// The previous year is not in the workspace (or could not be evaluated).
    NoPreviousYear,
    /// No unit of the previous year is continued by this one.
    New,
    /// The unit's own code last year, or a single renamed predecessor; `merged`
    /// are other predecessors it absorbed.
    Continued {
        before: Standing,
        /// Final index now minus final index then.
        index: Option<Decimal>,
        merged: Vec<Standing>,
    },
    /// Several predecessors merged into a unit with a new code: no single
    /// number to compare.
    Merged(Vec<Standing>),
}

/// One consequence that applies to one unit: the run of years that triggers it,
/// latest first.
#[derive(Debug, Clone, PartialEq)]
pub struct ConsequenceMatch {
    pub label: String,
    pub code: String,
    pub name: String,
    pub block: String,
    pub run: Vec<Standing>,
}

/// A unit in one year, with its change from the year before.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryRow {
    pub year: i64,
    pub code: String,
    pub name: String,
    pub block: String,
    pub block_name: String,
    pub index: Option<Decimal>,
    pub rating: Option<String>,
    pub rank: Option<u32>,
    pub of: usize,
    pub change: Change,
}

pub struct History {
    pub from: i64,
    pub to: i64,
    /// How merged units' predecessors counted for the consequences (the
    /// regulation of year `to`).
    pub merged_predecessors: MergedPredecessors,
    pub rows: Vec<HistoryRow>,
    /// The consequences that apply in the last year of the range.
    pub consequences: Vec<ConsequenceMatch>,
}

impl Timeline {
    /// Loads and evaluates every year of `years` that the workspace has.
    /// Years that cannot be evaluated are left out.
    pub fn load(root: &Path, years: impl IntoIterator<Item = i64>) -> Timeline {
        let mut wanted: Vec<i64> = years.into_iter().collect();
        wanted.sort_unstable();
        wanted.dedup();
        let years = wanted
            .into_iter()
            .filter_map(|y| {
                let ws = load::load_workspace(root, y).ok()?;
                let results = eval::evaluate(&ws, &Options::default())?;
                Some(Year { ws, results })
            })
            .collect();
        Timeline { years }
    }

    /// Years of the workspace (numeric folder names under `criteria/`).
    pub fn available(root: &Path) -> Vec<i64> {
        load::available_years(root)
            .iter()
            .filter_map(|y| y.parse().ok())
            .collect()
    }

    /// `year` and the earlier years its comparisons and consequences read.
    pub fn around(root: &Path, year: i64, current: Year) -> Timeline {
        let lookback = current
            .ws
            .regulation
            .as_ref()
            .map(|r| r.consequences.iter().map(|c| c.years).max().unwrap_or(1))
            .unwrap_or(1)
            .max(2);
        let earlier = Timeline::available(root)
            .into_iter()
            .filter(|y| *y < year && *y > year - i64::from(lookback));
        let mut t = Timeline::load(root, earlier);
        t.years.push(current);
        t
    }

    pub fn year(&self, year: i64) -> Option<&Year> {
        self.years.iter().find(|y| y.results.year == year)
    }

    /// The units of `year - 1` that unit `code` of `year` continues: itself
    /// when its code existed, then its declared predecessors.
    pub fn predecessors(&self, year: i64, code: &str) -> Vec<&UnitResult> {
        let (Some(now), Some(before)) = (self.year(year), self.year(year - 1)) else {
            return Vec::new();
        };
        let declared = now
            .ws
            .unit(code)
            .map(|u| u.previous.iter().map(|p| p.code.as_str()).collect())
            .unwrap_or_else(Vec::new);
        std::iter::once(code)
            .chain(declared)
            .filter_map(|c| before.results.unit(c))
            .collect()
    }

    /// The units of `year + 1` that continue unit `code` of `year`.
    fn successors(&self, year: i64, code: &str) -> Vec<&UnitResult> {
        let Some(next) = self.year(year + 1) else {
            return Vec::new();
        };
        next.results
            .units
            .iter()
            .filter(|u| {
                self.predecessors(year + 1, &u.code)
                    .iter()
                    .any(|p| p.code == code)
            })
            .collect()
    }

    pub fn change(&self, year: i64, u: &UnitResult) -> Change {
        if self.year(year - 1).is_none() {
            return Change::NoPreviousYear;
        }
        let before = self.predecessors(year, &u.code);
        let kept = before.first().is_some_and(|p| p.code == u.code);
        match before.as_slice() {
            [] => Change::New,
            [p, rest @ ..] if kept || rest.is_empty() => Change::Continued {
                before: Standing::of(year - 1, p),
                index: u.final_.index.zip(p.final_.index).map(|(a, b)| a - b),
                merged: rest.iter().map(|p| Standing::of(year - 1, p)).collect(),
            },
            many => Change::Merged(many.iter().map(|p| Standing::of(year - 1, p)).collect()),
        }
    }

    /// The change of every unit of `year`, in the order of its results.
    pub fn changes(&self, year: i64) -> Vec<Change> {
        self.year(year)
            .map(|y| {
                y.results
                    .units
                    .iter()
                    .map(|u| self.change(year, u))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A run of `years` consecutive years ending with unit `code` in `year`,
    /// each rated one of `ratings`, through the predecessors `merged` lets
    /// count where several units merged (any line, every line, the first
    /// listed, or none); a single predecessor (a rename) always counts.
    fn run(
        &self,
        year: i64,
        code: &str,
        c: &Consequence,
        years: u32,
        merged: MergedPredecessors,
    ) -> Option<Vec<Standing>> {
        let u = self.year(year)?.results.unit(code)?;
        let rating = u.final_.rating.as_ref()?;
        if !c.ratings.contains(rating) {
            return None;
        }
        let here = Standing::of(year, u);
        if years <= 1 {
            return Some(vec![here]);
        }
        let mut before = self.predecessors(year, code);
        let earlier = |p: &&UnitResult| self.run(year - 1, &p.code, c, years - 1, merged);
        let mut rest = if before.len() > 1 {
            match merged {
                MergedPredecessors::Any => before.iter().find_map(earlier)?,
                // Every line must have the run; the first one is shown.
                MergedPredecessors::All => {
                    let runs: Option<Vec<Vec<Standing>>> = before.iter().map(earlier).collect();
                    runs?.into_iter().next()?
                }
                MergedPredecessors::First => {
                    before.truncate(1);
                    before.iter().find_map(earlier)?
                }
                MergedPredecessors::None => return None,
            }
        } else {
            before.iter().find_map(earlier)?
        };
        rest.insert(0, here);
        Some(rest)
    }

    /// The consequences of `year`'s regulation, and the units they apply to
    /// (by consequence, then in the order of the results).
    pub fn consequences(&self, year: i64) -> Vec<ConsequenceMatch> {
        let Some(y) = self.year(year) else {
            return Vec::new();
        };
        let Some(reg) = y.ws.regulation.as_ref() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for c in &reg.consequences {
            for u in &y.results.units {
                if let Some(run) = self.run(year, &u.code, c, c.years, reg.merged_predecessors) {
                    out.push(ConsequenceMatch {
                        label: c.label.clone(),
                        code: u.code.clone(),
                        name: u.name.clone(),
                        block: u.block.clone(),
                        run,
                    });
                }
            }
        }
        out
    }

    fn row(&self, y: &Year, u: &UnitResult) -> HistoryRow {
        HistoryRow {
            year: y.results.year,
            code: u.code.clone(),
            name: u.name.clone(),
            block: u.block.clone(),
            block_name: y.block_name(&u.block).to_string(),
            index: u.final_.index,
            rating: u.final_.rating.clone(),
            rank: u.rank,
            of: y.block_size(&u.block),
            change: self.change(y.results.year, u),
        }
    }

    /// Every unit (or one unit with its predecessors and successors) in each
    /// year of `from..=to`, oldest year first.
    pub fn history(&self, unit: Option<&str>, from: i64, to: i64) -> History {
        let in_range = |y: &&Year| (from..=to).contains(&y.results.year);
        let mut keep: Option<std::collections::HashSet<(i64, String)>> = None;
        if let Some(code) = unit {
            let mut set = std::collections::HashSet::new();
            for y in &self.years {
                if y.results.unit(code).is_some() {
                    set.insert((y.results.year, code.to_string()));
                }
            }
            let start: Vec<(i64, String)> = set.iter().cloned().collect();
            // Backwards through predecessors, forwards through successors.
            let mut stack = start.clone();
            while let Some((year, c)) = stack.pop() {
                for p in self.predecessors(year, &c) {
                    if set.insert((year - 1, p.code.clone())) {
                        stack.push((year - 1, p.code.clone()));
                    }
                }
            }
            let mut stack = start;
            while let Some((year, c)) = stack.pop() {
                for s in self.successors(year, &c) {
                    if set.insert((year + 1, s.code.clone())) {
                        stack.push((year + 1, s.code.clone()));
                    }
                }
            }
            keep = Some(set);
        }
        let rows = self
            .years
            .iter()
            .filter(in_range)
            .flat_map(|y| {
                y.results
                    .units
                    .iter()
                    .filter(|u| {
                        keep.as_ref()
                            .is_none_or(|k| k.contains(&(y.results.year, u.code.clone())))
                    })
                    .map(move |u| (y, u))
            })
            .map(|(y, u)| self.row(y, u))
            .collect();
        let consequences = self
            .consequences(to)
            .into_iter()
            .filter(|m| {
                keep.as_ref()
                    .is_none_or(|k| k.contains(&(to, m.code.clone())))
            })
            .collect();
        History {
            from,
            to,
            merged_predecessors: self
                .year(to)
                .and_then(|y| y.ws.regulation.as_ref())
                .map(|r| r.merged_predecessors)
                .unwrap_or_default(),
            rows,
            consequences,
        }
    }
}

/// What a year's published results show besides the results themselves.
pub struct Publication<'a> {
    pub year: &'a Year,
    /// One per unit, in the order of the results.
    pub changes: Vec<Change>,
    pub consequences: Vec<ConsequenceMatch>,
    /// The labels of the year's consequences, in regulation order.
    pub consequence_labels: Vec<String>,
}

impl Publication<'_> {
    /// The units the consequence `label` applies to.
    pub fn consequences_of(&self, label: &str) -> Vec<&ConsequenceMatch> {
        self.consequences
            .iter()
            .filter(|m| m.label == label)
            .collect()
    }
}

impl Timeline {
    pub fn publication(&self, year: i64) -> Option<Publication<'_>> {
        let y = self.year(year)?;
        Some(Publication {
            year: y,
            changes: self.changes(year),
            consequences: self.consequences(year),
            consequence_labels: consequence_labels(&y.ws),
        })
    }
}

pub fn consequence_labels(ws: &Workspace) -> Vec<String> {
    ws.regulation
        .as_ref()
        .map(|r| r.consequences.iter().map(|c| c.label.clone()).collect())
        .unwrap_or_default()
}
