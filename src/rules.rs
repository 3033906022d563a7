//! Regulation tests (`chiso test <year>`): every case becomes a synthetic unit
//! of one in-memory workspace built from the year's validated criteria; the
//! workspace is evaluated by [`eval::evaluate`] like any other, and each case's
//! final results are compared with what it expects.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::diagnostic::{Diagnostics, Location};
use crate::eval::{self, Options};
use crate::load::{self, LoadFailure, cases};
use crate::model::{
    Appraisal, Dataset, HashMap, Scheme, SelfAssessment, TestCase, Unit, Workspace,
};
use crate::results::{Results, Summary, UnitResult};

/// The year's cases and the workspace their units are scored in.
pub struct Suite {
    pub cases: Vec<TestCase>,
    /// One unit per runnable case (plus copies of the cases used as subordinates);
    /// its diagnostics are those of the criteria and the test files.
    pub workspace: Workspace,
}

pub fn load_suite(root: &Path, year: i64) -> Result<Suite, LoadFailure> {
    let mut diags = Diagnostics::default();
    let mut criteria = load::load_criteria(root, year, &mut diags)?;
    let cases = cases::load_all(root, year, &mut criteria, &mut diags);
    Ok(suite(root, year, criteria, cases, diags))
}

/// The workspace of loaded cases: one unit per runnable case.
pub fn suite(
    root: &Path,
    year: i64,
    criteria: load::Criteria,
    mut cases: Vec<TestCase>,
    mut diags: Diagnostics,
) -> Suite {
    for c in &mut cases {
        c.invalid |= c.unit.scheme.is_none();
    }
    let mut units: Vec<Unit> = Vec::new();
    let mut self_assessments = HashMap::default();
    let mut appraisals = HashMap::default();
    let mut data = Dataset::default();
    let mut add = |unit: Unit, case: &TestCase| {
        self_assessments.insert(
            unit.code.clone(),
            SelfAssessment {
                unit: unit.code.clone(),
                submitted: None,
                entries: case.answers.clone(),
                file: Arc::clone(&case.file),
            },
        );
        appraisals.insert(
            unit.code.clone(),
            Appraisal {
                unit: unit.code.clone(),
                adjustments: case.adjustments.clone(),
                file: Arc::clone(&case.file),
            },
        );
        data.facts.insert(unit.code.clone(), case.data.clone());
        units.push(unit);
    };
    for case in cases.iter().filter(|c| !c.invalid) {
        add(case.unit.clone(), case);
        for name in &case.subordinates {
            let Some(sub) = cases
                .iter()
                .find(|s| &s.name == name && Arc::ptr_eq(&s.file, &case.file) && !s.invalid)
            else {
                continue;
            };
            // Each parent gets its own copy: a unit has one parent.
            let unit = Unit {
                code: format!("{}/{}", case.unit.code, sub.unit.code),
                parent: Some(case.unit.code.clone()),
                ..sub.unit.clone()
            };
            add(unit, sub);
        }
    }
    diags.sort();
    diags.dedup();
    let unit_index = units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.code.clone(), i))
        .collect();
    let load::Criteria {
        regulation,
        schemes,
        ..
    } = criteria;
    Suite {
        cases,
        workspace: Workspace {
            root: root.to_path_buf(),
            year,
            regulation,
            schemes,
            units,
            unit_index,
            self_assessments,
            appraisals,
            data,
            schedule: None,
            diagnostics: diags,
        },
    }
}

/// What a case checks.
#[derive(Debug, Clone, PartialEq)]
pub enum Checked {
    Points(String),
    Total,
    Index,
    Rating,
    ApplicableMax,
    /// The rank of a subordinate (by case name) among the case's subordinates.
    SubordinateRank(String),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Number(Decimal),
    Text(String),
    /// No index or rating (applicable max of 0).
    Nothing,
}

#[derive(Debug, Clone)]
pub struct Mismatch {
    pub checked: Checked,
    pub expected: Value,
    pub actual: Value,
    /// Where the expectation is written.
    pub location: Location,
}

#[derive(Debug)]
pub enum Status {
    Passed,
    /// The mismatches, and the traced results of the case's unit and of its
    /// subordinates (all that the report shows of it).
    Failed(Vec<Mismatch>, Box<Results>),
    /// The case (or the criteria it needs) has errors; it was not run.
    Invalid,
}

#[derive(Debug)]
pub struct Outcome {
    /// Index into [`Suite::cases`].
    pub case: usize,
    pub status: Status,
}

/// Runs every case: one evaluation of the whole suite, then, when cases fail,
/// one more with the failing cases' units traced. Only the failing cases'
/// own results are kept: memory and time grow with the suite, not with the
/// suite times its failures.
pub fn run(suite: &Suite) -> Vec<Outcome> {
    let ws = &suite.workspace;
    let mismatches: Vec<Option<Vec<Mismatch>>> = {
        let results = eval::evaluate(ws, &Options::default());
        suite
            .cases
            .iter()
            .map(|case| {
                let unit = results.as_ref().and_then(|r| r.unit(&case.unit.code));
                match (unit, ws.scheme_of(&case.unit), results.as_ref()) {
                    _ if case.invalid => None,
                    (Some(u), Some(scheme), Some(all)) => {
                        let mut m = compare(case, scheme, u);
                        m.extend(compare_ranks(suite, case, all));
                        Some(m)
                    }
                    _ => None,
                }
            })
            .collect()
    };
    let failing: HashSet<String> = suite
        .cases
        .iter()
        .zip(&mismatches)
        .filter(|(_, m)| m.as_ref().is_some_and(|m| !m.is_empty()))
        .map(|(case, _)| case.unit.code.clone())
        .collect();
    let mut traced = if failing.is_empty() {
        HashMap::default()
    } else {
        let options = Options {
            trace_units: failing,
            ..Options::default()
        };
        eval::evaluate(ws, &options)
            .map(|r| by_failing_case(r, &options.trace_units))
            .unwrap_or_default()
    };
    mismatches
        .into_iter()
        .enumerate()
        .map(|(i, m)| {
            let status = match m {
                None => Status::Invalid,
                Some(m) if m.is_empty() => Status::Passed,
                Some(m) => match traced.remove(&suite.cases[i].unit.code) {
                    Some(r) => Status::Failed(m, Box::new(r)),
                    None => Status::Invalid,
                },
            };
            Outcome { case: i, status }
        })
        .collect()
}

/// The results of each failing case's unit with its subordinates' (in result
/// order), each as results of their own; every other unit's are dropped.
fn by_failing_case(results: Results, failing: &HashSet<String>) -> HashMap<String, Results> {
    let Results {
        year,
        regulation,
        ratings,
        index_decimals,
        points_decimals,
        units,
        ..
    } = results;
    let mut by_case: HashMap<String, Vec<UnitResult>> = HashMap::default();
    for u in units {
        let owner = if failing.contains(&u.code) {
            u.code.clone()
        } else {
            match u.parent.as_ref().filter(|p| failing.contains(*p)) {
                Some(p) => p.clone(),
                None => continue,
            }
        };
        by_case.entry(owner).or_default().push(u);
    }
    by_case
        .into_iter()
        .map(|(code, units)| {
            let r = Results {
                year,
                regulation: regulation.clone(),
                ratings: ratings.clone(),
                index_decimals,
                points_decimals,
                units,
                summary: Summary::default(),
            };
            (code, r)
        })
        .collect()
}

/// The ranks the case expects of its subordinates (their copies under it).
fn compare_ranks(suite: &Suite, case: &TestCase, all: &Results) -> Vec<Mismatch> {
    let mut out = Vec::new();
    for (name, x) in &case.expect.subordinate_ranks {
        let sub = suite
            .cases
            .iter()
            .find(|s| &s.name == name && Arc::ptr_eq(&s.file, &case.file));
        let actual = sub
            .and_then(|s| all.unit(&format!("{}/{}", case.unit.code, s.unit.code)))
            .and_then(|u| u.rank);
        let actual = actual.map_or(Value::Nothing, |r| Value::Number(r.into()));
        let expected = Value::Number(x.value.into());
        if actual != expected {
            out.push(Mismatch {
                checked: Checked::SubordinateRank(name.clone()),
                expected,
                actual,
                location: x.location.clone(),
            });
        }
    }
    out
}

fn compare(case: &TestCase, scheme: &Scheme, u: &UnitResult) -> Vec<Mismatch> {
    let e = &case.expect;
    let mut out = Vec::new();
    let mut check = |checked: Checked, expected: Value, actual: Value, location: &Location| {
        if expected != actual {
            out.push(Mismatch {
                checked,
                expected,
                actual,
                location: location.clone(),
            });
        }
    };
    let number = |d: Option<Decimal>| d.map(Value::Number).unwrap_or(Value::Nothing);
    for (code, x) in &e.points {
        // Codes were checked against the unit's tree when the case loaded.
        let actual = scheme
            .by_code
            .get(code)
            .and_then(|&i| u.nodes.get(i))
            .map(|n| n.final_.points);
        check(
            Checked::Points(code.clone()),
            Value::Number(x.value),
            number(actual),
            &x.location,
        );
    }
    if let Some(x) = &e.total {
        check(
            Checked::Total,
            Value::Number(x.value),
            Value::Number(u.final_.total),
            &x.location,
        );
    }
    if let Some(x) = &e.applicable_max {
        check(
            Checked::ApplicableMax,
            Value::Number(x.value),
            Value::Number(u.final_.applicable_max),
            &x.location,
        );
    }
    if let Some(x) = &e.index {
        check(
            Checked::Index,
            Value::Number(x.value),
            number(u.final_.index),
            &x.location,
        );
    }
    if let Some(x) = &e.rating {
        check(
            Checked::Rating,
            Value::Text(x.value.clone()),
            u.final_
                .rating
                .clone()
                .map(Value::Text)
                .unwrap_or(Value::Nothing),
            &x.location,
        );
    }
    out
}
