//! `import`: official figures from a table (CSV, XLSX) into a year's dataset.

use std::path::Path;

use super::{Error, ExitStatus, Problem, Result};
use crate::diagnostic::Diagnostic;
use crate::i18n::{ImportMsg, Say};
use crate::import::{self, ImportFailure, Kind, Plan};
use crate::load::InputKind;
use crate::model::Period;
use crate::output::{self, Destination};

pub struct ImportOptions {
    pub accept_warnings: bool,
    pub dry_run: bool,
    pub replace: bool,
    /// `None`: not given (the year, unless the table's title names a period).
    pub period: Option<Period>,
}

/// What became of the dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportDecision {
    /// The dataset already holds these figures.
    Unchanged,
    /// Warnings not accepted: nothing written.
    BlockedByWarnings,
    DryRun,
    Written,
}

/// What the table held and what was done with it.
pub struct ImportReport {
    /// In the table's order.
    pub diagnostics: Vec<Diagnostic>,
    pub units: usize,
    pub warnings: usize,
    pub plan: Plan,
    pub decision: ImportDecision,
}

impl ImportReport {
    pub fn status(&self) -> ExitStatus {
        match self.decision {
            ImportDecision::BlockedByWarnings => ExitStatus::Failure,
            _ => ExitStatus::Success,
        }
    }
}

/// `chiso import`: reads `file`, plans the dataset's changes and writes them
/// (only without errors, and without warnings unless accepted).
pub fn import(
    root: &Path,
    year: i64,
    kind: Kind,
    file: &Path,
    options: &ImportOptions,
) -> Result<ImportReport> {
    let ws = super::load(root, year)?;
    let cannot_read =
        |file, error| Error::usage(Say::Import(ImportMsg::CannotRead { file, error }));
    let mut imported = match import::read(root, file, kind, &ws.units) {
        Ok(i) => i,
        Err(ImportFailure::Io { file, error }) => return Err(cannot_read(file, error)),
    };
    let mut diagnostics = imported.diagnostics.items.clone();
    match options.period {
        Some(p) => imported.period = p,
        None => diagnostics.extend(import::unstated_period(&imported)),
    }
    diagnostics.sort_by_key(|d| {
        d.location
            .as_ref()
            .map(|l| l.span.start)
            .unwrap_or_default()
    });
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.len() - errors;
    if errors > 0 {
        return Err(Error {
            status: ExitStatus::Failure,
            diagnostics: Vec::new(),
            details: diagnostics,
            problem: Some(Problem::Refused(Box::new(Say::Import(
                ImportMsg::BlockedByErrors { errors, warnings },
            )))),
        });
    }
    let plan = import::plan(root, ws.year, &ws.units, &imported, options.replace).map_err(
        |(file, e)| {
            let mut e = cannot_read(file, (&e).into());
            e.details = diagnostics.clone();
            e
        },
    )?;
    let decision = if plan.is_noop() {
        ImportDecision::Unchanged
    } else if warnings > 0 && !options.accept_warnings {
        ImportDecision::BlockedByWarnings
    } else if options.dry_run {
        ImportDecision::DryRun
    } else {
        write(root, &plan)?;
        ImportDecision::Written
    };
    Ok(ImportReport {
        diagnostics,
        units: imported.units.len(),
        warnings,
        plan,
        decision,
    })
}

fn write(root: &Path, plan: &Plan) -> Result<()> {
    let failed = |e| Error {
        status: ExitStatus::Error,
        diagnostics: Vec::new(),
        details: Vec::new(),
        problem: Some(Problem::Write(e, plan.name.clone())),
    };
    if let Some(dir) = plan.path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| failed(e.into()))?;
    }
    let to = Destination {
        path: Some(&plan.path),
        root,
        may_replace: &[InputKind::Dataset],
    };
    output::write_output(to, &plan.content).map_err(failed)
}
