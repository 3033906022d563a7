//! The workbooks: `template --format xlsx` (one unit's, or the whole year's
//! into a folder) and `import self` / `import appraisal` (a filled workbook
//! into the unit's answer or appraisal file).

use std::path::{Path, PathBuf};

use super::{Error, ExitStatus, Problem, Result};
use crate::diagnostic::Diagnostic;
use crate::i18n::{ImportMsg, Lang, Say, WorkbookMsg};
use crate::load::InputKind;
use crate::output::{self, Destination, WriteError};

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

/// Whose workbook `template --format xlsx` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// The unit's self-assessment.
    SelfAssessment,
    /// The council's appraisal sheet of a round (default: the unit's next,
    /// see [`crate::excel::appraisal::default_round`]).
    Appraisal(Option<u32>),
}

fn cannot_build(e: rust_xlsxwriter::XlsxError) -> Error {
    Error {
        status: ExitStatus::Error,
        diagnostics: Vec::new(),
        details: Vec::new(),
        problem: Some(Problem::CannotBuild(e.to_string())),
    }
}

/// A round `--round` names that no workbook may be made for (a usage error:
/// its import would be refused, E0720).
fn check_round(ws: &crate::model::Workspace, form: Form) -> Result<()> {
    if let Form::Appraisal(Some(round)) = form
        && let Some(refusal) = crate::excel::appraisal::Rounds::of(ws).refusal(round)
    {
        return Err(Error::usage(Say::Workbook(refusal)));
    }
    Ok(())
}

/// `chiso template --format xlsx`: the unit's workbook of `form`.
pub fn unit_workbook(tree: &super::UnitTree, form: Form, lang: Lang) -> Result<Vec<u8>> {
    check_round(&tree.ws, form)?;
    let built = match form {
        Form::SelfAssessment => crate::excel::template(&tree.ws, tree.unit(), tree.scheme(), lang),
        Form::Appraisal(round) => {
            crate::excel::appraisal_template(&tree.ws, tree.unit(), tree.scheme(), round, lang)
        }
    };
    built.map_err(cannot_build)
}

/// What `template --all` wrote.
pub struct YearWorkbooks {
    /// The workbooks, in the order of the year's units.
    pub files: Vec<PathBuf>,
    /// The first folder created for them, when the folder was new.
    pub created: Option<PathBuf>,
}

/// The workbook of `unit` for `year` in a folder of the whole year's:
/// `mau-<UNIT>-<year>.xlsx`, or `tham-dinh-<UNIT>-<year>.xlsx` for the council.
pub fn workbook_name(form: Form, unit: &str, year: i64) -> String {
    match form {
        Form::SelfAssessment => format!("mau-{unit}-{year}.xlsx"),
        Form::Appraisal(_) => format!("tham-dinh-{unit}-{year}.xlsx"),
    }
}

/// `chiso template <year> --all -o <folder>`: one workbook of `form` per unit
/// of the year (for the council, per unit with a self-assessment) into
/// `folder`, created when it is missing and inside the workspace. Nothing is
/// written when a workbook would replace a file without `force`; each
/// workbook is written atomically.
pub fn year_workbooks(
    root: &Path,
    year: i64,
    folder: &Path,
    form: Form,
    force: bool,
    lang: Lang,
) -> Result<YearWorkbooks> {
    if folder.exists() && !folder.is_dir() {
        return Err(Error::usage(Say::NotAFolder(folder.display().to_string())));
    }
    let ws = super::load(root, year)?;
    check_round(&ws, form)?;
    let units: Vec<&crate::model::Unit> = ws
        .units
        .iter()
        .filter(|u| ws.scheme_of(u).is_some())
        .filter(|u| form == Form::SelfAssessment || ws.self_assessments.contains_key(&u.code))
        .collect();
    let files: Vec<PathBuf> = units
        .iter()
        .map(|u| folder.join(workbook_name(form, &u.code, year)))
        .collect();
    // A workbook written over a filled one would lose its answers.
    if !force && let Some(existing) = files.iter().find(|f| f.exists()) {
        return Err(Error::usage(Say::WouldOverwrite(
            existing.display().to_string(),
        )));
    }
    let failed = |e: WriteError, file: &Path| Error {
        status: ExitStatus::Error,
        diagnostics: Vec::new(),
        details: Vec::new(),
        problem: Some(Problem::Write(e, file.display().to_string())),
    };
    let probe = folder.join(".chiso");
    let created =
        output::create_missing_folders(&probe, root).map_err(|e| failed(e.into(), folder))?;
    // The self points the council's sheets show: the year scored once.
    let results = match form {
        Form::Appraisal(_) => crate::eval::evaluate(&ws, &crate::eval::Options::default()),
        Form::SelfAssessment => None,
    };
    for (u, file) in units.iter().zip(&files) {
        let scheme = ws.scheme_of(u).expect("filtered above");
        let bytes = match form {
            Form::SelfAssessment => crate::excel::template(&ws, u, scheme, lang),
            Form::Appraisal(round) => {
                crate::excel::appraisal_template_with(&ws, results.as_ref(), u, scheme, round, lang)
            }
        }
        .map_err(cannot_build)?;
        output::write_bytes(Destination::report(Some(file), root), &bytes)
            .map_err(|e| failed(e, file))?;
    }
    Ok(YearWorkbooks { files, created })
}
