//! `check` and `test`: what is wrong with a year's files, and whether the
//! regulation's own test cases pass.

use std::path::Path;

use super::{Error, ExitStatus, Result};
use crate::diagnostic::Diagnostic;
use crate::eval::Options;
use crate::rules::{self, Outcome, Suite};

/// A year's diagnostics, units folded, in the order they are shown.
#[derive(Debug)]
pub struct Checked {
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn status(&self) -> ExitStatus {
        ExitStatus::of(&self.diagnostics)
    }
}

/// `chiso check`: everything the year's files get wrong (only what concerns
/// `unit` when given, with the year's problems that concern every unit).
pub fn check(root: &Path, year: i64, unit: Option<&str>) -> Result<Checked> {
    // Only the diagnostics are shown.
    let options = Options {
        areas_only: true,
        ..Options::default()
    };
    let (ws, results) = super::load_and_evaluate(root, year, &options)?;
    let mut diagnostics = super::all_diagnostics(&ws, results.as_ref());
    diagnostics.extend(super::lock_warnings(root, year));
    if let Some(unit) = unit {
        let code = super::unit_code(&ws, unit)?;
        diagnostics.retain(|d| super::concerns(d, &code));
    }
    Ok(Checked {
        diagnostics: crate::diagnostic::fold_units(&diagnostics),
    })
}

/// The regulation's test cases of a year and how each went.
pub struct Tested {
    pub suite: Suite,
    pub outcomes: Vec<Outcome>,
}

impl Tested {
    /// Failure when a case fails or the files have errors.
    pub fn status(&self) -> ExitStatus {
        let all_pass = self
            .outcomes
            .iter()
            .all(|o| matches!(o.status, rules::Status::Passed));
        if all_pass && !self.suite.workspace.diagnostics.has_errors() {
            ExitStatus::Success
        } else {
            ExitStatus::Failure
        }
    }
}

/// `chiso test`: runs the year's regulation tests.
pub fn test(root: &Path, year: i64) -> Result<Tested> {
    let suite = rules::load_suite(root, year).map_err(
        |crate::load::LoadFailure::NoSuchYear { year, available }| {
            Error::usage(crate::i18n::Say::NoSuchYear { year, available })
        },
    )?;
    let outcomes = rules::run(&suite);
    Ok(Tested { suite, outcomes })
}
