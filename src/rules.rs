//! Regulation tests (`chiso test <year>`): every case becomes a synthetic unit
//! of one in-memory workspace built from the year's validated criteria; the
//! workspace is evaluated by [`eval::evaluate`] like any other, and each case's
//! final results are compared with what it expects.

use std::path::Path;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::diagnostic::{Diagnostics, Location};
use crate::eval::{self, Options};
use crate::load::{self, LoadFailure, cases};
use crate::model::{
    Appraisal, Dataset, HashMap, Scheme, SelfAssessment, TestCase, Unit, Workspace,
};
use crate::results::{Results, UnitResult};

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
    /// The mismatches, and the results of a traced evaluation of the case's unit.
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

/// Runs every case: one evaluation of the whole suite, and one traced
/// evaluation per failing case.
pub fn run(suite: &Suite) -> Vec<Outcome> {
    let results = eval::evaluate(&suite.workspace, &Options::default());
    suite
        .cases
        .iter()
        .enumerate()
        .map(|(i, case)| {
            let unit = results.as_ref().and_then(|r| r.unit(&case.unit.code));
            let scheme = suite.workspace.scheme_of(&case.unit);
            let status = match (unit, scheme) {
                _ if case.invalid => Status::Invalid,
                (Some(u), Some(scheme)) => {
                    let mismatches = compare(case, scheme, u);
                    if mismatches.is_empty() {
                        Status::Passed
                    } else {
                        match eval::evaluate(
                            &suite.workspace,
                            &Options {
                                trace_unit: Some(case.unit.code.clone()),
                                ..Options::default()
                            },
                        ) {
                            Some(traced) => Status::Failed(mismatches, Box::new(traced)),
                            None => Status::Invalid,
                        }
                    }
                }
                _ => Status::Invalid,
            };
            Outcome { case: i, status }
        })
        .collect()
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
