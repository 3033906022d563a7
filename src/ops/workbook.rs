//! `import self`: a unit's filled self-assessment workbook into its answer file.

use std::path::Path;

use super::{Error, ExitStatus, Problem, Result};
use crate::diagnostic::Diagnostic;
use crate::i18n::{ImportMsg, Say, WorkbookMsg};
use crate::load::InputKind;
use crate::output::{self, Destination};

/// What the workbook changed in the answer file.
pub struct SelfImported {
    /// The workbook's diagnostics (at its cells) and those the answer file
    /// already had elsewhere, in order.
    pub diagnostics: Vec<Diagnostic>,
    /// Criterion by criterion: the code and its `key: before → after` lines.
    pub changes: Vec<(String, Vec<String>)>,
    /// The answer file, relative to the workspace.
    pub name: String,
    /// `false` for a dry run.
    pub written: bool,
}

impl SelfImported {
    pub fn status(&self) -> ExitStatus {
        ExitStatus::of(&self.diagnostics)
    }
}

/// `chiso import self`: reads `file` as `unit`'s workbook for `year` and,
/// unless `dry_run`, writes the merged answer file atomically. A workbook
/// with any error is refused whole: nothing is written.
pub fn import_self(
    root: &Path,
    year: i64,
    unit: &str,
    file: &Path,
    dry_run: bool,
) -> Result<SelfImported> {
    let tree = super::template(root, year, unit, None, false)?;
    let run = crate::excel::import_self(root, &tree.ws, tree.unit(), tree.scheme(), file);
    write_import(root, run, InputKind::SelfAssessment, dry_run)
}

/// `chiso import appraisal`: reads `file` as `unit`'s appraisal workbook for
/// `year` and, unless `dry_run`, writes the merged appraisal file atomically,
/// with the guarantees of [`import_self`].
pub fn import_appraisal(
    root: &Path,
    year: i64,
    unit: &str,
    file: &Path,
    dry_run: bool,
) -> Result<SelfImported> {
    let tree = super::template(root, year, unit, None, false)?;
    let run = crate::excel::import_appraisal(root, &tree.ws, tree.unit(), tree.scheme(), file);
    write_import(root, run, InputKind::Appraisal, dry_run)
}

/// A read workbook's file written (unless `dry_run` or refused).
fn write_import(
    root: &Path,
    run: std::result::Result<crate::excel::ImportSelf, (String, std::io::Error)>,
    kind: InputKind,
    dry_run: bool,
) -> Result<SelfImported> {
    let run = run.map_err(|(file, e)| {
        Error::usage(Say::Import(ImportMsg::CannotRead {
            file,
            error: (&e).into(),
        }))
    })?;
    let mut diagnostics = run.import.diagnostics;
    diagnostics.sort();
    let Some(text) = run.import.text else {
        return Err(Error {
            status: ExitStatus::Failure,
            diagnostics: Vec::new(),
            details: diagnostics.items,
            problem: Some(Problem::Refused(Box::new(Say::Workbook(
                WorkbookMsg::Refused,
            )))),
        });
    };
    if !dry_run {
        let failed = |e| Error {
            status: ExitStatus::Error,
            diagnostics: Vec::new(),
            details: Vec::new(),
            problem: Some(Problem::Write(e, run.name.clone())),
        };
        if let Some(dir) = run.target.parent() {
            std::fs::create_dir_all(dir).map_err(|e| failed(e.into()))?;
        }
        let to = Destination {
            path: Some(&run.target),
            root,
            may_replace: &[kind],
        };
        output::write_output(to, &text).map_err(failed)?;
    }
    Ok(SelfImported {
        diagnostics: diagnostics.items,
        changes: run.import.changes,
        name: run.name,
        written: !dry_run,
    })
}
