//! The commands as library operations: typed arguments in, a typed outcome
//! out (results, diagnostics, what was written). Nothing here prints or exits;
//! the command line (`cli`) and any other front end render the outcome and
//! map it to an [`ExitStatus`].
//!
//! An operation fails with one [`Error`] type: the diagnostics that explain it
//! (shown first), what went wrong, and the exit status it means.

mod check;
mod publish;
mod seal;
mod table;
mod unit;
mod workbook;

use std::path::Path;

pub use check::{Checked, Tested, check, test};
pub use publish::{
    Exported, HistoryReport, NewYear, ReviewFilter, YearNote, diff, export, history, new_year,
    review,
};
pub use seal::{LockOutcome, LockRequest, Locked, Verified, lock, lock_warnings, new_key, verify};
pub use table::{ImportDecision, ImportOptions, ImportReport, import};
pub use unit::{
    Noticed, NoticedAll, Scored, UnitScored, UnitTree, YearScored, explain, notify, notify_all,
    score, show, show_year, template,
};
pub use workbook::{
    Form, SelfImported, YearWorkbooks, import_appraisal, import_self, unit_workbook, workbook_name,
    year_workbooks,
};

use crate::diagnostic::Diagnostic;
use crate::eval::Options;
use crate::i18n::Say;
use crate::load::{self, LoadFailure};
use crate::model::Workspace;
use crate::results::Results;

/// How a command ended, as the process reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExitStatus {
    /// Done; warnings may have been shown.
    Success,
    /// The inputs have errors (a diagnostic says which): exit 1.
    Failure,
    /// A usage or I/O problem: exit 2.
    Error,
}

impl ExitStatus {
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Error => 2,
        }
    }

    /// Failure when any of `diagnostics` is an error.
    pub fn of(diagnostics: &[Diagnostic]) -> Self {
        if diagnostics.iter().any(Diagnostic::is_error) {
            ExitStatus::Failure
        } else {
            ExitStatus::Success
        }
    }
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(s: ExitStatus) -> Self {
        std::process::ExitCode::from(s.code())
    }
}

/// What stopped an operation.
#[derive(Debug)]
pub enum Problem {
    /// Told in one message.
    Say(Box<Say>),
    /// Told by a diagnostic (a file that cannot be read, a lock that cannot be parsed).
    Diagnostic(Box<Diagnostic>),
    Key(crate::sign::KeyError),
    NewYear(crate::newyear::NewYearError),
    /// A spreadsheet that could not be built.
    CannotBuild(String),
    /// A write that did not happen: why, and the file.
    Write(crate::output::WriteError, String),
    /// A refusal told as a sentence of its own (not as an error line).
    Refused(Box<Say>),
    /// `lock` over a lock whose year has changed since, without `--force`.
    LockExists {
        verification: Box<crate::lock::Verification>,
        year: i64,
        locked_at: String,
    },
}

/// Why an operation has no outcome.
#[derive(Debug)]
pub struct Error {
    pub status: ExitStatus,
    /// The year's diagnostics as far as they were found, shown before the
    /// problem as for any command (errors in full, warnings counted).
    pub diagnostics: Vec<Diagnostic>,
    /// Diagnostics about the problem itself, shown in full after them.
    pub details: Vec<Diagnostic>,
    /// `None` when the diagnostics say it all.
    pub problem: Option<Problem>,
}

impl Error {
    /// A usage or I/O problem (exit 2).
    pub fn usage(say: Say) -> Self {
        Error {
            status: ExitStatus::Error,
            diagnostics: Vec::new(),
            details: Vec::new(),
            problem: Some(Problem::Say(Box::new(say))),
        }
    }

    /// Inputs with errors: nothing to show but their diagnostics (exit 1).
    pub fn bad_input(diagnostics: Vec<Diagnostic>) -> Self {
        Error {
            status: ExitStatus::Failure,
            diagnostics,
            details: Vec::new(),
            problem: None,
        }
    }

    /// The same problem, after `diagnostics` are shown.
    pub fn after(mut self, diagnostics: Vec<Diagnostic>) -> Self {
        self.diagnostics = diagnostics;
        self
    }
}

impl From<LoadFailure> for Error {
    fn from(failure: LoadFailure) -> Self {
        match failure {
            LoadFailure::NoSuchYear { year, available } if available.is_empty() => {
                Error::usage(Say::NoWorkspace { year })
            }
            LoadFailure::NoSuchYear { year, available } => {
                Error::usage(Say::NoSuchYear { year, available })
            }
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;

fn load(root: &Path, year: i64) -> Result<Workspace> {
    Ok(load::load_workspace(root, year)?)
}

/// Loads and scores a year, each unit's answers read while it is scored
/// (for operations that need no answer once scored).
fn load_and_evaluate(
    root: &Path,
    year: i64,
    options: &Options,
) -> Result<(Workspace, Option<Results>)> {
    Ok(crate::pipeline::load_and_evaluate(root, year, options)?)
}

/// All diagnostics of a run: loading, then evaluation.
pub fn all_diagnostics(ws: &Workspace, results: Option<&Results>) -> Vec<Diagnostic> {
    let mut all = ws.diagnostics.items.clone();
    if let Some(r) = results {
        all.extend(r.units.iter().flat_map(|u| u.diagnostics.iter().cloned()));
    }
    all
}

/// A unit's own diagnostics, and those of the year that are no unit's.
pub fn concerns(d: &Diagnostic, unit: &str) -> bool {
    d.unit.as_deref().is_none_or(|u| u == unit)
}

/// The code of the unit the user named (see [`crate::lookup::unit`]), or
/// why there is none.
fn unit_code(ws: &Workspace, unit: &str) -> Result<String> {
    crate::lookup::unit(ws, unit)
        .map(|u| u.code.clone())
        .map_err(Error::usage)
}
