//! The command line: parses arguments, calls the library operation of the
//! command (`ops`), renders its outcome and maps it to an exit status.

mod args;
mod council;
mod print;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub use args::*;
pub use print::count_by_code;
use print::{Context, summarise, then, write};

use crate::i18n::{Label, Publish, Say};
use crate::load::InputKind;
use crate::ops::{self, ExitStatus};
use crate::output::Destination;
use crate::report;

pub fn run(mut cli: Cli) -> ExitCode {
    cli.root = match &cli.root_arg {
        Some(root) => root.clone(),
        None => find_workspace(&std::env::current_dir().unwrap_or_default())
            .unwrap_or_else(|| PathBuf::from(".")),
    };
    dispatch(&cli).into()
}

/// The nearest of `start` and its ancestors that holds a `criteria/` folder,
/// so a command works from any folder inside the workspace (say `scores/2025/self`).
pub fn find_workspace(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join("criteria").is_dir())
        .map(Path::to_path_buf)
}

/// The year a command is about, for the warnings line of its failure.
fn year_of(command: &Command) -> i64 {
    match command {
        Command::Check { year, .. }
        | Command::Score { year, .. }
        | Command::Show { year, .. }
        | Command::Explain { year, .. }
        | Command::Export { year, .. }
        | Command::Template { year, .. }
        | Command::Lock { year, .. }
        | Command::Verify { year, .. }
        | Command::Notify { year, .. }
        | Command::Review { year, .. }
        | Command::Test { year, .. } => *year,
        Command::Import {
            answers:
                Some(
                    ImportAnswers::SelfAssessment { year, .. }
                    | ImportAnswers::Appraisal { year, .. },
                ),
            ..
        } => *year,
        Command::Import { year, .. } => year.unwrap_or_default(),
        Command::Diff { to, .. } | Command::NewYear { to, .. } => *to,
        Command::History { to, from, .. } => to.or(*from).unwrap_or_default(),
        Command::Key { .. } => 0,
        #[cfg(feature = "serve")]
        Command::Serve { .. } | Command::User { .. } | Command::Audit => 0,
    }
}

fn dispatch(cli: &Cli) -> ExitStatus {
    let cx = Context {
        root: &cli.root,
        lang: cli.lang,
    };
    let done = match &cli.command {
        Command::Check {
            year,
            unit,
            format,
            errors_only,
            criteria,
        } => check(
            cx,
            *year,
            unit.as_deref(),
            *format,
            CheckShown {
                errors_only: *errors_only,
                criteria: *criteria,
            },
        ),
        Command::Score {
            year,
            block,
            format,
            output,
        } => score(cx, *year, block.as_deref(), *format, output.as_deref()),
        Command::Show {
            year,
            unit,
            format,
            output,
        } => show(cx, *year, unit, None, *format, output.as_deref()),
        Command::Explain {
            year,
            unit,
            code,
            format,
            output,
        } => show(cx, *year, unit, Some(code), *format, output.as_deref()),
        Command::Lock {
            year,
            force,
            reason,
            sign,
        } => lock(
            cx,
            &ops::LockRequest {
                year: *year,
                force: *force,
                reason: reason.as_deref(),
                sign: sign.as_deref(),
                lang: cx.lang,
            },
        ),
        Command::Verify { year, public_key } => verify(cx, *year, public_key.as_deref()),
        Command::Key {
            action: KeyAction::New { output },
        } => ops::new_key(cx.root, output).map(|line| {
            eprintln!(
                "{}",
                Say::KeyWritten(output.display().to_string()).text(cx.lang)
            );
            then(write(cx, None, &line), ExitStatus::Success)
        }),
        Command::Notify {
            year,
            unit,
            all,
            round,
            format,
            output,
        } => council::notify(
            cx,
            *year,
            unit.as_deref(),
            *all,
            *round,
            *format,
            output.as_deref(),
        ),
        Command::Review {
            year,
            unit,
            kind,
            block,
            format,
            output,
        } => {
            let filter = ops::ReviewFilter {
                unit: unit.as_deref(),
                kinds: kind,
                block: block.as_deref(),
            };
            council::review(cx, *year, filter, *format, output.as_deref())
        }
        Command::Test { year, format } => test(cx, *year, *format),
        #[cfg(feature = "serve")]
        Command::Serve {
            listen,
            trusted_proxy,
        } => Ok(crate::server::command::serve(
            cx.root,
            *listen,
            *trusted_proxy,
            cx.lang,
        )),
        #[cfg(feature = "serve")]
        Command::User { action } => Ok(crate::server::command::user(cx.root, action, cx.lang)),
        #[cfg(feature = "serve")]
        Command::Audit => Ok(crate::server::command::audit(cx.root, cx.lang)),
        publishing => publish(cx, publishing),
    };
    done.unwrap_or_else(|e| print::error(e, year_of(&cli.command), cx))
}

/// The commands that read or write files other than the year's scores:
/// import, export, history, diff, new-year, template.
fn publish(cx: Context, command: &Command) -> Done {
    match command {
        Command::Import {
            answers:
                Some(ImportAnswers::SelfAssessment {
                    year,
                    unit,
                    file,
                    dry_run,
                }),
            ..
        } => import_workbook(cx, ops::import_self(cx.root, *year, unit, file, *dry_run)),
        Command::Import {
            answers:
                Some(ImportAnswers::Appraisal {
                    year,
                    unit,
                    file,
                    dry_run,
                }),
            ..
        } => import_workbook(
            cx,
            ops::import_appraisal(cx.root, *year, unit, file, *dry_run),
        ),
        Command::Import {
            kind: Some(kind),
            year: Some(year),
            file: Some(file),
            answers: None,
            accept_warnings,
            dry_run,
            replace,
            period,
        } => {
            let options = ops::ImportOptions {
                accept_warnings: *accept_warnings,
                dry_run: *dry_run,
                replace: *replace,
                period: period.as_deref().and_then(crate::model::Period::parse),
            };
            import(cx, *year, *kind, file, &options)
        }
        Command::Export {
            year,
            format,
            output,
        } => export(cx, *year, *format, output.as_deref()),
        Command::History {
            unit,
            from,
            to,
            format,
        } => history(cx, unit.as_deref(), *from, *to, *format),
        Command::Diff { from, to, format } => ops::diff(cx.root, *from, *to).map(|d| {
            let text = match format {
                DiffFormat::Text => report::diff::text(&d, cx.lang),
                DiffFormat::Md => report::diff::markdown(&d, cx.lang),
                DiffFormat::Json => report::diff::json(&d),
            };
            then(write(cx, None, &text), ExitStatus::Success)
        }),
        Command::NewYear { from, to, units } => {
            ops::new_year(cx.root, *from, *to, *units).map(|done| {
                for f in &done.files {
                    let name = crate::source::relative_name(cx.root, f);
                    eprintln!("{}", Say::Written(name).text(cx.lang));
                }
                let line = Publish::new_year_done(*from, *to, done.files.len(), cx.lang);
                then(write(cx, None, &format!("{line}\n")), ExitStatus::Success)
            })
        }
        Command::Template {
            year,
            unit,
            all,
            format,
            output,
            force,
            for_,
            round,
        } => {
            let form = (*for_ == TemplateFor::Appraisal).then_some(*round);
            match unit {
                Some(unit) if !*all => {
                    template(cx, *year, unit, *format, output.as_deref(), *force, form)
                }
                _ => year_templates(cx, *year, *format, output.as_deref(), *force, form),
            }
        }
        _ => unreachable!("dispatched above"),
    }
}

type Done = Result<ExitStatus, ops::Error>;

/// The format an output is written in, or the usage error of a contradiction.
fn format_of<F: OutputFormat>(given: Option<F>, output: Option<&Path>) -> Result<F, ops::Error> {
    output_format(given, output).map_err(ops::Error::usage)
}

/// What `check` shows of the year's problems.
struct CheckShown {
    /// `--errors-only`: the warnings are counted, not shown.
    errors_only: bool,
    /// `--criteria`: only the criteria's own problems.
    criteria: bool,
}

fn check(
    cx: Context,
    year: i64,
    unit: Option<&str>,
    format: DiagnosticFormat,
    shown: CheckShown,
) -> Done {
    let mut checked = ops::check(cx.root, year, unit)?;
    if shown.criteria {
        checked.diagnostics.retain(report::about_criteria);
    }
    let diags = &checked.diagnostics;
    let text = match format {
        DiagnosticFormat::Text if diags.is_empty() => {
            format!("{}\n", Label::NoProblems.text(cx.lang))
        }
        DiagnosticFormat::Text => report::diagnostics_text(diags, shown.errors_only, cx.lang),
        DiagnosticFormat::Json => report::diagnostics_json(diags, cx.lang),
    };
    // `check --unit STP` is a unit's check of its own file: without the file
    // there is nothing it checked.
    let no_file = unit.is_some()
        && diags
            .iter()
            .any(|d| d.code == crate::diagnostic::Code::MissingSelfAssessment);
    let status = if no_file {
        ExitStatus::Failure
    } else {
        checked.status()
    };
    Ok(then(write(cx, None, &text), status))
}

fn score(
    cx: Context,
    year: i64,
    block: Option<&str>,
    format: Option<ScoreFormat>,
    output: Option<&Path>,
) -> Done {
    let format = format_of(format, output)?;
    let scored = ops::score(cx.root, year, block)?;
    let status = summarise(&scored.diagnostics, year, cx.lang);
    let (ws, results) = (&scored.ws, &scored.results);
    let written = match format {
        // Streamed to its destination: a national run's JSON is never held whole.
        ScoreFormat::Json => print::write_streamed(cx, output, |out| {
            report::score::write_json(ws, results, cx.lang, out)
        }),
        ScoreFormat::Table => write(cx, output, &report::score::table(results, cx.lang)),
        ScoreFormat::Csv => write(cx, output, &report::score::csv(results)),
        ScoreFormat::CsvExcel => write(cx, output, &report::score::csv_excel(results, cx.lang)),
        ScoreFormat::Md => write(cx, output, &report::score::markdown(results, cx.lang)),
    };
    // The process ends here; freeing a national run's model and results
    // allocation by allocation would cost a tenth of the run.
    std::mem::forget(scored);
    Ok(then(written, status))
}

/// `show` (no criterion) and `explain` (a criterion): as text, or as a
/// page to print (HTML, Markdown, XLSX).
fn show(
    cx: Context,
    year: i64,
    unit: &str,
    criterion: Option<&str>,
    format: Option<PageFormat>,
    output: Option<&Path>,
) -> Done {
    use std::io::IsTerminal;
    let format = format_of(format, output)?;
    if matches!(format, PageFormat::Xlsx) && output.is_none() && std::io::stdout().is_terminal() {
        print::error_line(&Publish::xlsx_needs_output(cx.lang), cx.lang);
        return Ok(ExitStatus::Error);
    }
    let (scored, code) = match criterion {
        Some(c) => {
            let (scored, code) = ops::explain(cx.root, year, unit, c)?;
            (scored, Some(code))
        }
        None => (ops::show(cx.root, year, unit)?, None),
    };
    let status = summarise(&scored.diagnostics, year, cx.lang);
    let (r, u, scheme, lang) = (&scored.results, scored.result(), scored.scheme(), cx.lang);
    let content: Vec<u8> = if let PageFormat::Text = format {
        match &code {
            Some(code) => report::explain::render(r, u, scheme, &scored.ws.data, code, lang)
                .expect("the criterion is in the unit's tree"),
            None => report::sheet::render(&scored.ws, r, u, scheme, scored.phase, lang),
        }
        .into_bytes()
    } else {
        let page = match &code {
            Some(code) => report::explain::page(r, u, scheme, &scored.ws.data, code, lang)
                .expect("the criterion is in the unit's tree"),
            None => report::sheet::page(&scored.ws, r, u, scheme, scored.phase, lang),
        };
        match format {
            PageFormat::Html => report::print::html(&page, lang).into_bytes(),
            PageFormat::Md => report::print::markdown(&page, lang).into_bytes(),
            _ => report::print::xlsx(&page).map_err(|e| ops::Error {
                status: ExitStatus::Error,
                diagnostics: Vec::new(),
                details: Vec::new(),
                problem: Some(ops::Problem::CannotBuild(e.to_string())),
            })?,
        }
    };
    let written = print::write_streamed(cx, output, |out| out.write_all(&content));
    Ok(then(written, status))
}

fn lock(cx: Context, request: &ops::LockRequest) -> Done {
    let done = ops::lock(cx.root, request)?;
    summarise(&done.diagnostics, request.year, cx.lang);
    print::in_full(&done.blocking_warnings, cx.lang);
    match done.locked {
        ops::Locked::Already { locked_at } => {
            let say = Say::AlreadyLocked {
                year: request.year,
                locked_at,
            };
            eprintln!("{}", say.text(cx.lang));
        }
        ops::Locked::Written { path, lock } => {
            let say = Say::Locked {
                file: crate::source::relative_name(cx.root, &path),
                inputs: lock.inputs.len(),
                units: lock.units.len(),
                sha: lock.results_sha256.clone(),
            };
            eprintln!("{}", say.text(cx.lang));
        }
    }
    Ok(ExitStatus::Success)
}

fn verify(cx: Context, year: i64, public_key: Option<&str>) -> Done {
    let v = ops::verify(cx.root, year, public_key)?;
    summarise(&v.diagnostics, year, cx.lang);
    print::in_full(&v.lock_errors, cx.lang);
    let mut text = report::lock::verification(&v.verification, cx.lang);
    text += &v.verdict.text(cx.lang);
    text += "\n";
    Ok(then(write(cx, None, &text), v.status()))
}

/// `import`: the table's diagnostics on stderr, the dataset's changes on
/// stdout, then what was done.
fn import(
    cx: Context,
    year: i64,
    kind: crate::import::Kind,
    file: &Path,
    options: &ops::ImportOptions,
) -> Done {
    use crate::i18n::ImportMsg;
    let lang = cx.lang;
    let done = ops::import(cx.root, year, kind, file, options)?;
    print::in_full(&done.diagnostics, lang);
    let imported = ImportMsg::Imported {
        units: done.units,
        warnings: done.warnings,
    };
    eprintln!("{}", Say::Import(imported).text(lang));
    let plan = &done.plan;
    let changes = match done.decision {
        ops::ImportDecision::Unchanged => {
            let unchanged = Say::Import(ImportMsg::Unchanged(plan.name.clone())).text(lang);
            format!("{unchanged}\n")
        }
        _ => report::import::changes(plan, lang),
    };
    if let Err(failed) = write(cx, None, &changes) {
        return Ok(failed);
    }
    let after = match done.decision {
        ops::ImportDecision::Unchanged => return Ok(ExitStatus::Success),
        ops::ImportDecision::BlockedByWarnings => ImportMsg::BlockedByWarnings(done.warnings),
        ops::ImportDecision::DryRun => ImportMsg::DryRun,
        ops::ImportDecision::Written => {
            eprintln!("{}", Say::Written(plan.name.clone()).text(lang));
            return Ok(ExitStatus::Success);
        }
    };
    eprintln!("{}", Say::Import(after).text(lang));
    Ok(done.status())
}

fn export(cx: Context, year: i64, format: Option<ExportFormat>, output: Option<&Path>) -> Done {
    use std::io::IsTerminal;
    let format = format_of(format, output)?;
    if matches!(format, ExportFormat::Xlsx) && output.is_none() && std::io::stdout().is_terminal() {
        print::error_line(&Publish::xlsx_needs_output(cx.lang), cx.lang);
        return Ok(ExitStatus::Error);
    }
    let exported = ops::export(cx.root, year)?;
    let status = summarise(&exported.diagnostics, year, cx.lang);
    for note in &exported.notes {
        let ops::YearNote::HasErrors { year, errors } = *note else {
            continue;
        };
        let warning = crate::i18n::Msg::LevelWarning.text(cx.lang);
        eprintln!(
            "{warning}: {}",
            Publish::year_has_errors(year, errors, cx.lang)
        );
    }
    let p = exported.publication();
    let content: Vec<u8> = match format {
        ExportFormat::Xlsx => report::xlsx::render(&p, cx.lang).map_err(|e| ops::Error {
            status: ExitStatus::Error,
            diagnostics: Vec::new(),
            details: Vec::new(),
            problem: Some(ops::Problem::CannotBuild(e.to_string())),
        })?,
        ExportFormat::Html => report::html::render(&p, cx.lang).into_bytes(),
        ExportFormat::Csv => report::score::csv(&p.year.results).into_bytes(),
        ExportFormat::CsvExcel => report::score::csv_excel(&p.year.results, cx.lang).into_bytes(),
        ExportFormat::Md => report::history::export_markdown(&p, cx.lang).into_bytes(),
    };
    Ok(then(
        print::write_streamed(cx, output, |out| out.write_all(&content)),
        status,
    ))
}

fn history(
    cx: Context,
    unit: Option<&str>,
    from: Option<i64>,
    to: Option<i64>,
    format: DiagnosticFormat,
) -> Done {
    let h = ops::history(cx.root, unit, from, to)?;
    for note in &h.notes {
        let text = match *note {
            ops::YearNote::NotEvaluated(y) => Publish::year_not_evaluated(y, cx.lang),
            ops::YearNote::HasErrors { year, errors } => {
                Publish::year_has_errors(year, errors, cx.lang)
            }
        };
        eprintln!("{}: {text}", crate::i18n::Msg::LevelError.text(cx.lang));
    }
    let text = match format {
        DiagnosticFormat::Text => {
            report::history::table(&h.history, &h.labels, h.decimals, cx.lang)
        }
        DiagnosticFormat::Json => report::history::json(&h.history),
    };
    Ok(then(write(cx, None, &text), h.status()))
}

fn template(
    cx: Context,
    year: i64,
    unit: &str,
    format: Option<TemplateFormat>,
    output: Option<&Path>,
    force: bool,
    appraisal: Option<Option<u32>>,
) -> Done {
    use std::io::IsTerminal;
    // The appraisal form is a workbook only.
    let format = match appraisal {
        Some(_) => format_of(format.or(Some(TemplateFormat::Xlsx)), output)?,
        None => format_of(format, output)?,
    };
    if appraisal.is_some() && matches!(format, TemplateFormat::Toml) {
        print::error_line(&Publish::appraisal_is_a_workbook(cx.lang), cx.lang);
        return Ok(ExitStatus::Error);
    }
    if matches!(format, TemplateFormat::Xlsx) && output.is_none() && std::io::stdout().is_terminal()
    {
        print::error_line(&Publish::xlsx_needs_output(cx.lang), cx.lang);
        return Ok(ExitStatus::Error);
    }
    let tree = ops::template(cx.root, year, unit, output, force)?;
    if let TemplateFormat::Xlsx = format {
        let form = appraisal.map_or(ops::Form::SelfAssessment, ops::Form::Appraisal);
        let bytes = ops::unit_workbook(&tree, form, cx.lang)?;
        let written = print::write_streamed(cx, output, |out| out.write_all(&bytes));
        return Ok(then(written, ExitStatus::Success));
    }
    let text = report::template::render(year, tree.unit(), tree.scheme(), cx.lang);
    // A template is a self-assessment to fill in: it may start one.
    let to = Destination {
        path: output,
        root: cx.root,
        may_replace: &[InputKind::SelfAssessment],
    };
    let written = print::write_to(cx, to, |out| out.write_all(text.as_bytes()));
    Ok(then(written, ExitStatus::Success))
}

/// `template <year> --all -o <folder>`: every unit's workbook into the
/// folder, each named on stderr, then how many.
fn year_templates(
    cx: Context,
    year: i64,
    format: Option<TemplateFormat>,
    folder: Option<&Path>,
    force: bool,
    appraisal: Option<Option<u32>>,
) -> Done {
    // One file per unit: workbooks only.
    if matches!(format, Some(TemplateFormat::Toml)) {
        print::error_line(&Publish::all_is_workbooks(cx.lang), cx.lang);
        return Ok(ExitStatus::Error);
    }
    let folder = folder.expect("clap requires --output with --all");
    let form = appraisal.map_or(ops::Form::SelfAssessment, ops::Form::Appraisal);
    let done = ops::year_workbooks(cx.root, year, folder, form, force, cx.lang)?;
    if let Some(dir) = &done.created {
        eprintln!(
            "{}",
            Say::FolderCreated(dir.display().to_string()).text(cx.lang)
        );
    }
    for f in &done.files {
        eprintln!("{}", Say::Written(f.display().to_string()).text(cx.lang));
    }
    let line = Say::Workbook(crate::i18n::WorkbookMsg::YearWritten {
        count: done.files.len(),
        folder: folder.display().to_string(),
    });
    Ok(then(
        write(cx, None, &format!("{}\n", line.text(cx.lang))),
        ExitStatus::Success,
    ))
}

/// `import self` / `import appraisal`: the workbook's diagnostics on stderr,
/// the changes criterion by criterion on stdout, then what was done.
fn import_workbook(cx: Context, done: Result<ops::SelfImported, ops::Error>) -> Done {
    use crate::i18n::{ImportMsg, WorkbookMsg};
    let lang = cx.lang;
    let done = done?;
    print::in_full(&done.diagnostics, lang);
    let mut listing = String::new();
    for (code, changes) in &done.changes {
        for change in changes {
            listing += &format!("{code}  {change}\n");
        }
    }
    let total = match done.changes.len() {
        0 => WorkbookMsg::NoChange,
        n => WorkbookMsg::Changes(n),
    };
    listing += &format!("{}\n", Say::Workbook(total).text(lang));
    if let Err(failed) = write(cx, None, &listing) {
        return Ok(failed);
    }
    if done.written {
        eprintln!("{}", Say::Written(done.name.clone()).text(lang));
    } else {
        eprintln!("{}", Say::Import(ImportMsg::DryRun).text(lang));
    }
    Ok(done.status())
}

/// `test`: the criteria's and test files' diagnostics on stderr, then each
/// case's outcome.
fn test(cx: Context, year: i64, format: DiagnosticFormat) -> Done {
    let tested = ops::test(cx.root, year)?;
    let text = match format {
        DiagnosticFormat::Text => {
            print::in_full(&tested.suite.workspace.diagnostics.items, cx.lang);
            report::test::text(&tested.suite, &tested.outcomes, cx.lang)
        }
        DiagnosticFormat::Json => report::test::json(&tested.suite, &tested.outcomes, cx.lang),
    };
    Ok(then(write(cx, None, &text), tested.status()))
}
