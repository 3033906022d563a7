//! What the command line shows on standard error, and how it writes outputs.

use std::path::Path;

use crate::diagnostic::{Diagnostic, Severity};
use crate::i18n::{Lang, Msg, Publish, Say};
use crate::ops::{Error, ExitStatus, Problem};
use crate::output::{self, Destination, WriteError};
use crate::report;

/// Where a command runs: the workspace and the language it speaks.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub root: &'a Path,
    pub lang: Lang,
}

/// An error line: "lỗi: …" (exit 2).
pub fn fail(message: Say, lang: Lang) -> ExitStatus {
    error_line(&message.text(lang), lang);
    ExitStatus::Error
}

pub fn error_line(text: &str, lang: Lang) {
    eprintln!("{}: {text}", Msg::LevelError.text(lang));
}

pub use crate::report::count_by_code;

/// For commands other than `check`: errors in full, warnings counted.
pub fn summarise(diags: &[Diagnostic], year: i64, lang: Lang) -> ExitStatus {
    let diags = crate::diagnostic::fold_units(diags);
    let errors: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
    for d in &errors {
        eprint!("{}", d.render(lang));
    }
    let warnings = diags
        .iter()
        .filter(|d| d.severity() == Severity::Warning)
        .count();
    if !errors.is_empty() {
        eprintln!(
            "{}",
            Say::Summary {
                errors: errors.len(),
                warnings
            }
            .text(lang)
        );
    } else if warnings > 0 {
        let by_code = count_by_code(diags.iter().filter(|d| !d.is_error()));
        let hidden = Say::WarningsHidden {
            warnings,
            year,
            by_code,
        };
        eprintln!("{}", hidden.text(lang));
    }
    ExitStatus::of(&diags)
}

/// Diagnostics shown one by one, in full.
pub fn in_full(diags: &[Diagnostic], lang: Lang) {
    for d in diags {
        eprint!("{}", d.render(lang));
    }
}

/// Shows why an operation failed (of `year`, for the warnings line); its status.
pub fn error(e: Error, year: i64, cx: Context) -> ExitStatus {
    summarise(&e.diagnostics, year, cx.lang);
    in_full(&e.details, cx.lang);
    if let Some(problem) = e.problem {
        self::problem(problem, cx);
    }
    e.status
}

fn problem(problem: Problem, cx: Context) {
    let lang = cx.lang;
    match problem {
        Problem::Say(say) => {
            fail(*say, lang);
        }
        Problem::Refused(say) => eprintln!("{}", say.text(lang)),
        Problem::Diagnostic(d) => eprint!("{}", d.render(lang)),
        Problem::Key(e) => {
            fail(key_failure(e), lang);
        }
        Problem::NewYear(e) => new_year_failure(e, cx),
        Problem::CannotBuild(e) => error_line(&Publish::cannot_build(&e, lang), lang),
        Problem::Write(e, file) => {
            write_failure(e, file, lang);
        }
        Problem::LockExists {
            verification,
            year,
            locked_at,
        } => {
            eprint!("{}", report::lock::verification(&verification, lang));
            eprintln!("{}", Say::LockExists { year, locked_at }.text(lang));
        }
    }
}

fn key_failure(e: crate::sign::KeyError) -> Say {
    use crate::sign::KeyError;
    let shown = |p: &Path| p.display().to_string();
    match e {
        KeyError::InsideWorkspace(p) => Say::KeyInsideWorkspace(shown(&p)),
        KeyError::Exists(p) => Say::KeyExists(shown(&p)),
        KeyError::NotAKey(p) => Say::NotAKey(shown(&p)),
        KeyError::Unreadable(p, e) => Say::CannotReadKey {
            file: shown(&p),
            error: (&e).into(),
        },
        KeyError::Io(p, e) => Say::CannotWrite {
            file: shown(&p),
            error: (&e).into(),
        },
    }
}

fn new_year_failure(e: crate::newyear::NewYearError, cx: Context) {
    use crate::newyear::NewYearError;
    let lang = cx.lang;
    let rel = |p: &Path| crate::source::relative_name(cx.root, p);
    let text = match e {
        NewYearError::NoSource(p) => Publish::new_year_no_source(&rel(&p), lang),
        NewYearError::TargetExists(p) => Publish::new_year_exists(&rel(&p), lang),
        NewYearError::Toml(p, e) => Publish::new_year_toml(&rel(&p), &e, lang),
        NewYearError::Io(p, e) => {
            let say = Say::CannotWrite {
                file: rel(&p),
                error: (&e).into(),
            };
            say.text(lang)
        }
        NewYearError::Input(name) => Say::OutputIsInput(name).text(lang),
        NewYearError::Read(p, e) => {
            return eprint!("{}", crate::load::cannot_read(cx.root, &p, &e).render(lang));
        }
    };
    error_line(&text, lang);
}

/// A write that did not happen (exit 2).
fn write_failure(e: WriteError, file: String, lang: Lang) -> ExitStatus {
    match e {
        WriteError::Input(name) => fail(Say::OutputIsInput(name), lang),
        WriteError::Io(e) => fail(
            Say::CannotWrite {
                file,
                error: (&e).into(),
            },
            lang,
        ),
    }
}

/// Writes a report to `path` (standard output when `None`).
pub fn write(cx: Context, path: Option<&Path>, content: &str) -> Result<(), ExitStatus> {
    write_streamed(cx, path, |out| out.write_all(content.as_bytes()))
}

/// [`write`] for output produced piece by piece.
pub fn write_streamed(
    cx: Context,
    path: Option<&Path>,
    content: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), ExitStatus> {
    write_to(cx, Destination::report(path, cx.root), content)
}

/// Writes a report, or an input for the commands whose job that is; a
/// refusal or failure is reported (exit 2).
pub fn write_to(
    cx: Context,
    to: Destination,
    content: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), ExitStatus> {
    write_quietly(cx, to, content)?;
    if let Some(p) = to.path {
        eprintln!("{}", Say::Written(p.display().to_string()).text(cx.lang));
    }
    Ok(())
}

/// [`write_to`] without saying what was written (`notify --all` says it
/// once for all its files).
pub fn write_quietly(
    cx: Context,
    to: Destination,
    content: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), ExitStatus> {
    let lang = cx.lang;
    let path = to.path;
    if let Some(p) = path.filter(|p| p.is_dir()) {
        return Err(fail(Say::OutputIsFolder(p.display().to_string()), lang));
    }
    if let Some(p) = path {
        match output::create_missing_folders(p, to.root) {
            Ok(Some(dir)) => {
                eprintln!(
                    "{}",
                    Say::FolderCreated(dir.display().to_string()).text(lang)
                );
            }
            Ok(None) => {}
            Err(e) => return Err(write_failure(e.into(), p.display().to_string(), lang)),
        }
    }
    match output::write_with(to, content) {
        // A pager or `head` that has read enough is not a failure: the
        // command's own status (errors in the input) still counts.
        Err(WriteError::Io(e)) if path.is_none() && e.kind() == std::io::ErrorKind::BrokenPipe => {
            return Ok(());
        }
        Err(e) => {
            let file = path.map_or_else(
                || Say::StandardOutput.text(lang),
                |p| p.display().to_string(),
            );
            return Err(write_failure(e, file, lang));
        }
        Ok(()) => {}
    }
    Ok(())
}

/// The status of a command that wrote its output (or failed to).
pub fn then(written: Result<(), ExitStatus>, status: ExitStatus) -> ExitStatus {
    match written {
        Ok(()) => status,
        Err(failed) => failed,
    }
}
