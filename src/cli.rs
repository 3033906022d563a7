//! The command line: argument parsing and dispatch. Each command loads the
//! year, evaluates, and hands results to a renderer.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::diagnostic::{Diagnostic, Severity};
use crate::eval::{self, Options};
use crate::i18n::{Lang, Say};
use crate::load::{self, LoadFailure};
use crate::lock;
use crate::model::Workspace;
use crate::report;
use crate::results::Results;
use crate::timeline::{Timeline, Year};

#[derive(Parser, Debug)]
#[command(
    name = "chiso",
    version,
    about = "Chấm điểm Chỉ số cải cách hành chính (PAR Index)"
)]
pub struct Cli {
    /// Workspace folder (holds criteria/ and scores/). Without it, the
    /// nearest folder upwards from the current one that has criteria/.
    #[arg(long = "root", id = "root", global = true)]
    pub root_arg: Option<PathBuf>,
    /// The workspace in use: `--root`, or the one found upwards.
    #[arg(skip)]
    pub root: PathBuf,
    /// Language of messages and tables.
    #[arg(long, global = true, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum KeyAction {
    /// Make an Ed25519 key pair: the private key is written to KEYFILE
    /// (outside the workspace, readable by its owner only), the public key
    /// printed as the line to put in the regulation.
    New {
        #[arg(long, short, value_name = "KEYFILE")]
        output: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Validate a year: criteria, units, answers and datasets.
    Check {
        year: i64,
        /// Only what concerns this unit: its own files and results, and the
        /// problems of the year that concern every unit.
        #[arg(long)]
        unit: Option<String>,
        #[arg(long, value_enum, default_value_t = DiagnosticFormat::Text)]
        format: DiagnosticFormat,
    },
    /// Compute points, indices, ratings and rankings.
    Score {
        year: i64,
        /// Only this block.
        #[arg(long)]
        block: Option<String>,
        /// Default: from the extension of --output, else table.
        #[arg(long, value_enum)]
        format: Option<ScoreFormat>,
        /// Write to this file (atomically) instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// A unit's score sheet: every criterion with max, self, final and reasons.
    Show { year: i64, unit: String },
    /// How one criterion of a unit got its points.
    Explain {
        year: i64,
        unit: String,
        code: String,
    },
    /// Publishable results: summary, rankings with the change from last year,
    /// consequences of the ratings, and every unit's score sheet.
    Export {
        year: i64,
        /// Default: from the extension of --output, else html.
        #[arg(long, value_enum)]
        format: Option<ExportFormat>,
        /// Write to this file (atomically) instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Index, rating, rank and block per year for one unit (followed through
    /// renames and mergers) or for all units, with the consequences that apply.
    History {
        unit: Option<String>,
        /// First year shown (default: the earliest year of the workspace).
        #[arg(long)]
        from: Option<i64>,
        /// Last year shown (default: the latest year of the workspace).
        #[arg(long)]
        to: Option<i64>,
        #[arg(long, value_enum, default_value_t = DiagnosticFormat::Text)]
        format: DiagnosticFormat,
    },
    /// What changed in the criteria between two years: blocks, rating scale,
    /// criteria added, removed, moved or changed, totals.
    Diff {
        from: i64,
        to: i64,
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
    },
    /// Starts next year's criteria from last year's files: copies
    /// criteria/FROM to criteria/TO with the regulation's year and id
    /// updated in place (comments and layout kept).
    NewYear {
        from: i64,
        to: i64,
        /// Also copy scores/FROM/units.toml (without `previous`).
        #[arg(long)]
        units: bool,
    },
    /// A self-assessment skeleton for a unit.
    Template {
        year: i64,
        unit: String,
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Overwrite an existing output file (a filled self-assessment is lost).
        #[arg(long)]
        force: bool,
    },
    /// Record the final results and a SHA-256 of every input file in
    /// scores/YEAR/results.lock.toml.
    Lock {
        year: i64,
        /// Replace an existing lock whose inputs or results have changed.
        #[arg(long)]
        force: bool,
        /// With --force: lock although `check` reports errors or official data
        /// is missing (W0609); the reason and the problems are recorded in the lock.
        #[arg(long, requires = "force")]
        reason: Option<String>,
        /// Sign the lock with this private key (made by `chiso key new`, kept
        /// outside the workspace).
        #[arg(long, value_name = "KEYFILE")]
        sign: Option<PathBuf>,
    },
    /// Recompute a locked year and report every input, result and field of
    /// the lock that changed, and whether its signature holds.
    Verify {
        year: i64,
        /// The public key the lock must be signed with (64 hexadecimal
        /// digits), instead of the regulation's `lock_public_key`.
        #[arg(long, value_name = "HEX")]
        public_key: Option<String>,
    },
    /// Signing keys for locked results.
    Key {
        #[command(subcommand)]
        action: KeyAction,
    },
    /// The council's letter to a unit after an appraisal round: every
    /// criterion the round decided, self vs appraised points, and reasons.
    Notify {
        year: i64,
        unit: String,
        /// The appraisal round.
        #[arg(long, default_value_t = 1)]
        round: u32,
        /// Default: from the extension of --output, else md.
        #[arg(long, value_enum)]
        format: Option<NoticeFormat>,
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// The council's worklist: everything to look at, by how much it can
    /// move the index.
    Review {
        year: i64,
        /// Only this unit.
        unit: Option<String>,
        /// Default: from the extension of --output, else table.
        #[arg(long, value_enum)]
        format: Option<ReviewFormat>,
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Run the regulation's test cases (criteria/YEAR/tests/*.toml).
    Test {
        year: i64,
        #[arg(long, value_enum, default_value_t = DiagnosticFormat::Text)]
        format: DiagnosticFormat,
    },
    /// Import a vendor export or report table (CSV, XLSX) into the year's datasets (scores/YEAR/data/).
    Import {
        /// What the file holds.
        #[arg(value_enum)]
        kind: crate::import::Kind,
        year: i64,
        /// The CSV or spreadsheet file.
        file: PathBuf,
        /// Write even though some rows do not add up (the numbers are kept as written).
        #[arg(long)]
        accept_warnings: bool,
        /// Show what would change; write nothing.
        #[arg(long)]
        dry_run: bool,
        /// The file replaces the whole dataset: units it does not mention are removed
        /// (by default they are kept).
        #[arg(long)]
        replace: bool,
        /// The period the figures cover: nam (the year, the default), 6t (the first
        /// six months), q1, q2, q3, q4. Rows of other periods are kept.
        #[arg(long, value_parser = clap::builder::PossibleValuesParser::new(["nam", "6t", "q1", "q2", "q3", "q4"]))]
        period: Option<String>,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum DiagnosticFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum DiffFormat {
    Text,
    /// Markdown tables, for the explanatory note of the new regulation.
    Md,
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum NoticeFormat {
    Md,
    Html,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ReviewFormat {
    Table,
    Json,
    Md,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ExportFormat {
    Xlsx,
    Html,
    Csv,
    Md,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ScoreFormat {
    Table,
    Json,
    Csv,
    Md,
}

/// The kinds of file the commands write, each known by one extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// Plain text: the box-drawing tables.
    Txt,
    Json,
    Csv,
    Md,
    Html,
    Xlsx,
    /// A self-assessment (`template`).
    Toml,
}

impl FileKind {
    const ALL: [FileKind; 7] = [
        FileKind::Txt,
        FileKind::Json,
        FileKind::Csv,
        FileKind::Md,
        FileKind::Html,
        FileKind::Xlsx,
        FileKind::Toml,
    ];

    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Txt => "txt",
            FileKind::Json => "json",
            FileKind::Csv => "csv",
            FileKind::Md => "md",
            FileKind::Html => "html",
            FileKind::Xlsx => "xlsx",
            FileKind::Toml => "toml",
        }
    }
}

/// A command's `--format` values and the kind of file each writes.
pub trait OutputFormat: ValueEnum + Copy {
    /// What the command writes without `--format` and without an extension to go by.
    const DEFAULT: Self;
    fn kind(self) -> FileKind;
}

impl OutputFormat for ScoreFormat {
    const DEFAULT: Self = ScoreFormat::Table;
    fn kind(self) -> FileKind {
        match self {
            ScoreFormat::Table => FileKind::Txt,
            ScoreFormat::Json => FileKind::Json,
            ScoreFormat::Csv => FileKind::Csv,
            ScoreFormat::Md => FileKind::Md,
        }
    }
}

impl OutputFormat for ExportFormat {
    const DEFAULT: Self = ExportFormat::Html;
    fn kind(self) -> FileKind {
        match self {
            ExportFormat::Xlsx => FileKind::Xlsx,
            ExportFormat::Html => FileKind::Html,
            ExportFormat::Csv => FileKind::Csv,
            ExportFormat::Md => FileKind::Md,
        }
    }
}

impl OutputFormat for NoticeFormat {
    const DEFAULT: Self = NoticeFormat::Md;
    fn kind(self) -> FileKind {
        match self {
            NoticeFormat::Md => FileKind::Md,
            NoticeFormat::Html => FileKind::Html,
        }
    }
}

impl OutputFormat for ReviewFormat {
    const DEFAULT: Self = ReviewFormat::Table;
    fn kind(self) -> FileKind {
        match self {
            ReviewFormat::Table => FileKind::Txt,
            ReviewFormat::Json => FileKind::Json,
            ReviewFormat::Md => FileKind::Md,
        }
    }
}

/// The one format of `template`: a self-assessment.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum TemplateFormat {
    Toml,
}

impl OutputFormat for TemplateFormat {
    const DEFAULT: Self = TemplateFormat::Toml;
    fn kind(self) -> FileKind {
        FileKind::Toml
    }
}

/// How `--format` spells a value.
fn format_name<F: ValueEnum>(f: F) -> String {
    f.to_possible_value()
        .map(|v| v.get_name().to_string())
        .unwrap_or_default()
}

/// What a command writes, from `--format` and the extension of `--output`:
/// the extension decides when `--format` is not given; an extension that
/// contradicts `--format`, or names a kind of file the command does not
/// write, is refused (never a file whose content is not what its name says).
/// A file without an extension gets `--format` or the command's default.
pub fn output_format<F: OutputFormat>(
    given: Option<F>,
    output: Option<&std::path::Path>,
) -> Result<F, Say> {
    let extension = output
        .and_then(|p| p.extension())
        .map(|e| e.to_string_lossy().to_lowercase());
    let Some((file, extension)) = output.zip(extension) else {
        return Ok(given.unwrap_or(F::DEFAULT));
    };
    let file = file.display().to_string();
    let named = FileKind::ALL
        .into_iter()
        .find(|k| k.extension() == extension)
        .and_then(|k| F::value_variants().iter().find(|f| f.kind() == k));
    match (given, named) {
        (None, Some(&f)) => Ok(f),
        (Some(g), Some(&f)) if g.kind() == f.kind() => Ok(g),
        (Some(g), Some(_)) => {
            let suggested = std::path::Path::new(&file)
                .with_extension(g.kind().extension())
                .display()
                .to_string();
            Err(Say::OutputContradictsFormat {
                file,
                extension,
                format: format_name(g),
                suggested,
            })
        }
        (_, None) => Err(Say::OutputKindNotWritten {
            file,
            extension,
            writes: F::value_variants()
                .iter()
                .map(|&f| {
                    let name = format_name(f);
                    let ext = f.kind().extension();
                    if name == ext {
                        format!(".{ext}")
                    } else {
                        format!(".{ext} ({name})")
                    }
                })
                .collect(),
        }),
    }
}

const OK: u8 = 0;
const BAD_INPUT: u8 = 1;
const USAGE: u8 = 2;

pub fn run(mut cli: Cli) -> ExitCode {
    cli.root = match &cli.root_arg {
        Some(root) => root.clone(),
        None => find_workspace(&std::env::current_dir().unwrap_or_default())
            .unwrap_or_else(|| PathBuf::from(".")),
    };
    ExitCode::from(dispatch(&cli))
}

/// The nearest of `start` and its ancestors that holds a `criteria/` folder,
/// so a command works from any folder inside the workspace (say `scores/2025/self`).
pub fn find_workspace(start: &std::path::Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join("criteria").is_dir())
        .map(std::path::Path::to_path_buf)
}

fn fail(message: Say, lang: Lang) -> u8 {
    eprintln!(
        "{}: {}",
        crate::i18n::Msg::LevelError.text(lang),
        message.text(lang)
    );
    USAGE
}

fn load(cli: &Cli, year: i64) -> Result<Workspace, u8> {
    load::load_workspace(&cli.root, year).map_err(|e| load_failure(e, cli.lang))
}

/// Loads and scores a year, each unit's answers read while it is scored
/// (for commands that need no answer once scored).
fn load_and_evaluate(
    cli: &Cli,
    year: i64,
    options: &Options,
) -> Result<(Workspace, Option<Results>), u8> {
    eval::load_and_evaluate(&cli.root, year, options).map_err(|e| load_failure(e, cli.lang))
}

fn load_failure(failure: LoadFailure, lang: Lang) -> u8 {
    match failure {
        LoadFailure::NoSuchYear { year, available } if available.is_empty() => {
            fail(Say::NoWorkspace { year }, lang)
        }
        LoadFailure::NoSuchYear { year, available } => {
            fail(Say::NoSuchYear { year, available }, lang)
        }
    }
}

/// All diagnostics of a run: loading, then evaluation.
fn all_diagnostics(ws: &Workspace, results: Option<&Results>) -> Vec<Diagnostic> {
    let mut all = ws.diagnostics.items.clone();
    if let Some(r) = results {
        all.extend(r.units.iter().flat_map(|u| u.diagnostics.iter().cloned()));
    }
    all
}

/// A unit's own diagnostics, and those of the year that are no unit's.
fn concerns(d: &Diagnostic, unit: &str) -> bool {
    d.unit.as_deref().is_none_or(|u| u == unit)
}

/// How many diagnostics of each code, most frequent first (then by code).
fn count_by_code<'a>(diags: impl Iterator<Item = &'a Diagnostic>) -> Vec<(&'static str, usize)> {
    let mut counts: std::collections::BTreeMap<&'static str, usize> = Default::default();
    for d in diags {
        *counts.entry(d.code.id()).or_default() += 1;
    }
    let mut counts: Vec<_> = counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    counts
}

/// For commands other than `check`: errors in full on stderr, warnings counted.
fn report_to_stderr(diags: &[Diagnostic], year: i64, lang: Lang) -> u8 {
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
        eprintln!(
            "{}",
            Say::WarningsHidden {
                warnings,
                year,
                by_code: count_by_code(diags.iter().filter(|d| !d.is_error())),
            }
            .text(lang)
        );
    }
    if errors.is_empty() { OK } else { BAD_INPUT }
}

fn write(cli: &Cli, path: Option<&std::path::Path>, content: &str) -> Result<(), u8> {
    write_streamed(cli, path, |out| out.write_all(content.as_bytes()))
}

/// [`write`] for output produced piece by piece.
fn write_streamed(
    cli: &Cli,
    path: Option<&std::path::Path>,
    content: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), u8> {
    write_to(cli, report::Destination::report(path, &cli.root), content)
}

/// A write that did not happen (exit 2).
fn write_failure(e: report::WriteError, file: String, lang: Lang) -> u8 {
    match e {
        report::WriteError::Input(name) => fail(Say::OutputIsInput(name), lang),
        report::WriteError::Io(e) => fail(
            Say::CannotWrite {
                file,
                error: (&e).into(),
            },
            lang,
        ),
    }
}

/// Writes a report, or an input for the commands whose job that is; a
/// refusal or failure is reported (exit 2).
fn write_to(
    cli: &Cli,
    to: report::Destination,
    content: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), u8> {
    let lang = cli.lang;
    let path = to.path;
    if let Some(p) = path.filter(|p| p.is_dir()) {
        return Err(fail(Say::OutputIsFolder(p.display().to_string()), lang));
    }
    match report::write_with(to, content) {
        // A pager or `head` that has read enough is not a failure: the
        // command's own status (errors in the input) still counts.
        Err(report::WriteError::Io(e))
            if path.is_none() && e.kind() == std::io::ErrorKind::BrokenPipe =>
        {
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
    if let Some(p) = path {
        eprintln!("{}", Say::Written(p.display().to_string()).text(lang));
    }
    Ok(())
}

fn dispatch(cli: &Cli) -> u8 {
    let lang = cli.lang;
    match &cli.command {
        Command::Check { year, unit, format } => {
            // Only the diagnostics are shown.
            let options = Options {
                areas_only: true,
                ..Options::default()
            };
            let (ws, results) = match load_and_evaluate(cli, *year, &options) {
                Ok(loaded) => loaded,
                Err(code) => return code,
            };
            let mut diags = all_diagnostics(&ws, results.as_ref());
            diags.extend(lock_warnings(cli, *year));
            if let Some(unit) = unit {
                let Some(u) = ws.unit(unit) else {
                    return fail(Say::NoSuchUnit(unit.clone()), lang);
                };
                diags.retain(|d| concerns(d, &u.code));
            }
            let diags = crate::diagnostic::fold_units(&diags);
            let text = match format {
                DiagnosticFormat::Text => {
                    if diags.is_empty() {
                        format!("{}\n", crate::i18n::Label::NoProblems.text(lang))
                    } else {
                        report::diagnostics_text(&diags, lang)
                    }
                }
                DiagnosticFormat::Json => report::diagnostics_json(&diags, lang),
            };
            if let Err(code) = write(cli, None, &text) {
                return code;
            }
            if diags.iter().any(Diagnostic::is_error) {
                BAD_INPUT
            } else {
                OK
            }
        }
        Command::Score {
            year,
            block,
            format,
            output,
        } => {
            let format = match output_format(*format, output.as_deref()) {
                Ok(f) => f,
                Err(m) => return fail(m, lang),
            };
            // Score tables and the JSON show units and their areas only.
            let options = Options {
                areas_only: true,
                ..Options::default()
            };
            let (ws, results) = match load_and_evaluate(cli, *year, &options) {
                Ok(loaded) => loaded,
                Err(code) => return code,
            };
            let Some(mut results) = results else {
                return report_to_stderr(&all_diagnostics(&ws, None), *year, lang).max(BAD_INPUT);
            };
            let status = report_to_stderr(&all_diagnostics(&ws, Some(&results)), *year, lang);
            if let Some(b) = block {
                let reg = ws.regulation.as_ref().expect("evaluated");
                if reg.block(b).is_none() {
                    return fail(Say::NoSuchBlock(b.clone()), lang);
                }
                results.retain_block(reg, b);
            }
            let text = match format {
                ScoreFormat::Table => report::score::table(&results, lang),
                // Streamed to its destination: a national run's JSON is never held whole.
                ScoreFormat::Json => String::new(),
                ScoreFormat::Csv => report::score::csv(&results),
                ScoreFormat::Md => report::score::markdown(&results, lang),
            };
            let written = match format {
                ScoreFormat::Json => write_streamed(cli, output.as_deref(), |out| {
                    report::score::write_json(&ws, &results, lang, out)
                }),
                _ => write(cli, output.as_deref(), &text),
            };
            // The process ends here; freeing a national run's model and results
            // allocation by allocation would cost a tenth of the run.
            std::mem::forget((ws, results, text));
            match written {
                Ok(()) => status,
                Err(code) => code,
            }
        }
        Command::Show { year, unit } | Command::Explain { year, unit, .. } => {
            let ws = match load(cli, *year) {
                Ok(ws) => ws,
                Err(code) => return code,
            };
            let Some(u) = ws.unit(unit) else {
                report_to_stderr(&ws.diagnostics.items, *year, lang);
                return fail(Say::NoSuchUnit(unit.clone()), lang);
            };
            let options = Options {
                trace_units: [u.code.clone()].into(),
                ..Options::default()
            };
            let results = eval::evaluate(&ws, &options);
            let (Some(results), Some(scheme)) = (results, ws.scheme_of(u)) else {
                report_to_stderr(&all_diagnostics(&ws, None), *year, lang);
                return fail(Say::NotEvaluated(unit.clone()), lang);
            };
            let Some(ur) = results.unit(&u.code) else {
                return fail(Say::NotEvaluated(unit.clone()), lang);
            };
            let own: Vec<Diagnostic> = all_diagnostics(&ws, Some(&results))
                .into_iter()
                .filter(|d| concerns(d, &u.code))
                .collect();
            let status = report_to_stderr(&own, *year, lang);
            let text = match &cli.command {
                Command::Explain { code, .. } => {
                    match report::explain::render(&results, ur, scheme, &ws.data, code.trim(), lang)
                    {
                        Some(t) => t,
                        None => {
                            return fail(
                                Say::NoSuchCriterion {
                                    unit: unit.clone(),
                                    code: code.clone(),
                                },
                                lang,
                            );
                        }
                    }
                }
                _ => report::sheet::render(&ws, &results, ur, scheme, lang),
            };
            match write(cli, None, &text) {
                Ok(()) => status,
                Err(code) => code,
            }
        }
        Command::Lock {
            year,
            force,
            reason,
            sign,
        } => lock_year(cli, *year, *force, reason.as_deref(), sign.as_deref()),
        Command::Verify { year, public_key } => verify_year(cli, *year, public_key.as_deref()),
        Command::Key {
            action: KeyAction::New { output },
        } => new_key(cli, output),
        Command::Notify {
            year,
            unit,
            round,
            format,
            output,
        } => {
            let format = match output_format(*format, output.as_deref()) {
                Ok(f) => f,
                Err(m) => return fail(m, lang),
            };
            if *round == 0 {
                return fail(Say::NoRound(*round), lang);
            }
            let mut ws = match load(cli, *year) {
                Ok(ws) => ws,
                Err(code) => return code,
            };
            let Some(code) = ws.unit(unit).map(|u| u.code.clone()) else {
                return fail(Say::NoSuchUnit(unit.clone()), lang);
            };
            ws.as_of_round(*round);
            let results = eval::evaluate(&ws, &Options::default());
            let status = report_to_stderr(&all_diagnostics(&ws, results.as_ref()), *year, lang);
            let Some(n) = results
                .as_ref()
                .and_then(|r| crate::notice::notice(&ws, r, &code, *round))
            else {
                return fail(Say::NotEvaluated(code), lang);
            };
            let text = match format {
                NoticeFormat::Md => report::notice::markdown(&n, lang),
                NoticeFormat::Html => report::notice::html(&n, lang),
            };
            match write(cli, output.as_deref(), &text) {
                Ok(()) => status,
                Err(code) => code,
            }
        }
        Command::Review {
            year,
            unit,
            format,
            output,
        } => {
            let format = match output_format(*format, output.as_deref()) {
                Ok(f) => f,
                Err(m) => return fail(m, lang),
            };
            let ws = match load(cli, *year) {
                Ok(ws) => ws,
                Err(code) => return code,
            };
            let unit = match unit {
                Some(u) => match ws.unit(u) {
                    Some(x) => Some(x.code.clone()),
                    None => return fail(Say::NoSuchUnit(u.clone()), lang),
                },
                None => None,
            };
            let Some(results) = eval::evaluate(&ws, &Options::default()) else {
                return report_to_stderr(&all_diagnostics(&ws, None), *year, lang).max(BAD_INPUT);
            };
            let status = report_to_stderr(&all_diagnostics(&ws, Some(&results)), *year, lang);
            let worklist = crate::review::review(&ws, &results, unit.as_deref());
            let text = match format {
                ReviewFormat::Table => report::review::table(&worklist, lang),
                ReviewFormat::Md => report::review::markdown(&worklist, lang),
                ReviewFormat::Json => report::review::json(&worklist, lang),
            };
            match write(cli, output.as_deref(), &text) {
                Ok(()) => status,
                Err(code) => code,
            }
        }
        Command::Import {
            kind,
            year,
            file,
            accept_warnings,
            dry_run,
            replace,
            period,
        } => {
            let ws = match load(cli, *year) {
                Ok(ws) => ws,
                Err(code) => return code,
            };
            let options = ImportOptions {
                accept_warnings: *accept_warnings,
                dry_run: *dry_run,
                replace: *replace,
                period: period.as_deref().and_then(crate::model::Period::parse),
            };
            import(cli, &ws, *kind, file, options)
        }
        Command::Export {
            year,
            format,
            output,
        } => match output_format(*format, output.as_deref()) {
            Ok(format) => export(cli, *year, format, output.as_deref()),
            Err(m) => fail(m, lang),
        },
        Command::History {
            unit,
            from,
            to,
            format,
        } => history(cli, unit.as_deref(), *from, *to, *format),
        Command::Diff { from, to, format } => {
            let (a, b) = match (load(cli, *from), load(cli, *to)) {
                (Ok(a), Ok(b)) => (a, b),
                (Err(code), _) | (_, Err(code)) => return code,
            };
            let d = crate::compare::diff(&a, &b);
            let text = match format {
                DiffFormat::Text => report::diff::text(&d, lang),
                DiffFormat::Md => report::diff::markdown(&d, lang),
                DiffFormat::Json => report::diff::json(&d),
            };
            match write(cli, None, &text) {
                Ok(()) => OK,
                Err(code) => code,
            }
        }
        Command::NewYear { from, to, units } => {
            use crate::i18n::Publish;
            use crate::newyear::NewYearError;
            let rel = |p: &std::path::Path| crate::source::relative_name(&cli.root, p);
            let (message, code) = match crate::newyear::carry_over(&cli.root, *from, *to, *units) {
                Ok(files) => {
                    for f in &files {
                        eprintln!("{}", Say::Written(rel(f)).text(lang));
                    }
                    let done = Publish::new_year_done(*from, *to, files.len(), lang);
                    return match write(cli, None, &format!("{done}\n")) {
                        Ok(()) => OK,
                        Err(code) => code,
                    };
                }
                Err(NewYearError::NoSource(p)) => {
                    (Publish::new_year_no_source(&rel(&p), lang), USAGE)
                }
                Err(NewYearError::TargetExists(p)) => {
                    (Publish::new_year_exists(&rel(&p), lang), USAGE)
                }
                Err(NewYearError::Toml(p, e)) => {
                    (Publish::new_year_toml(&rel(&p), &e, lang), BAD_INPUT)
                }
                Err(NewYearError::Input(name)) => return fail(Say::OutputIsInput(name), lang),
                Err(NewYearError::Read(p, e)) => {
                    eprint!(
                        "{}",
                        crate::load::cannot_read(&cli.root, &p, &e).render(lang)
                    );
                    return USAGE;
                }
                Err(NewYearError::Io(p, e)) => {
                    return fail(
                        Say::CannotWrite {
                            file: rel(&p),
                            error: (&e).into(),
                        },
                        lang,
                    );
                }
            };
            eprintln!("{}: {message}", crate::i18n::Msg::LevelError.text(lang));
            code
        }
        Command::Template {
            year,
            unit,
            output,
            force,
        } => {
            if let Err(m) = output_format::<TemplateFormat>(None, output.as_deref()) {
                return fail(m, lang);
            }
            // A template written over a filled self-assessment would lose its answers.
            if let Some(path) = output
                && path.is_file()
                && !force
            {
                return fail(Say::WouldOverwrite(path.display().to_string()), lang);
            }
            let ws = match load(cli, *year) {
                Ok(ws) => ws,
                Err(code) => return code,
            };
            let Some(u) = ws.unit(unit) else {
                return fail(Say::NoSuchUnit(unit.clone()), lang);
            };
            let Some(scheme) = ws.scheme_of(u) else {
                report_to_stderr(&ws.diagnostics.items, *year, lang);
                return fail(Say::NotEvaluated(unit.clone()), lang);
            };
            let text = report::template::render(*year, u, scheme, lang);
            // A template is a self-assessment to fill in: it may start one.
            let to = report::Destination {
                path: output.as_deref(),
                root: &cli.root,
                may_replace: &[load::InputKind::SelfAssessment],
            };
            match write_to(cli, to, |out| out.write_all(text.as_bytes())) {
                Ok(()) => OK,
                Err(code) => code,
            }
        }
        Command::Test { year, format } => run_tests(cli, *year, *format),
    }
}

/// `chiso test`: diagnostics of the criteria and test files on stderr, then
/// each case's outcome; exit 1 when a case fails or cannot run.
fn run_tests(cli: &Cli, year: i64, format: DiagnosticFormat) -> u8 {
    let lang = cli.lang;
    let suite = match crate::rules::load_suite(&cli.root, year) {
        Ok(s) => s,
        Err(LoadFailure::NoSuchYear { year, available }) => {
            return fail(Say::NoSuchYear { year, available }, lang);
        }
    };
    let outcomes = crate::rules::run(&suite);
    let text = match format {
        DiagnosticFormat::Text => {
            for d in &suite.workspace.diagnostics.items {
                eprint!("{}", d.render(lang));
            }
            report::test::text(&suite, &outcomes, lang)
        }
        DiagnosticFormat::Json => report::test::json(&suite, &outcomes, lang),
    };
    if let Err(code) = write(cli, None, &text) {
        return code;
    }
    let all_pass = outcomes
        .iter()
        .all(|o| matches!(o.status, crate::rules::Status::Passed));
    if all_pass && !suite.workspace.diagnostics.has_errors() {
        OK
    } else {
        BAD_INPUT
    }
}

/// `check` on a locked year: inputs changed since the lock are warnings.
fn lock_warnings(cli: &Cli, year: i64) -> Vec<Diagnostic> {
    match lock::read(&cli.root, year) {
        Ok(None) => Vec::new(),
        Err(d) => vec![*d],
        Ok(Some(l)) => match lock::hash_inputs(&cli.root, year) {
            Ok(inputs) => lock::check_diagnostics(&l, &inputs),
            Err(_) => Vec::new(), // unreadable inputs are already reported by loading
        },
    }
}

/// A year's final results and input hashes, as a lock records them.
struct LockState {
    ws: Workspace,
    /// `None` when the results cannot be computed.
    units: Option<Vec<lock::LockedUnit>>,
    inputs: std::collections::BTreeMap<String, String>,
    /// What refuses a lock unless forced with a reason (see [`lock::blocks`]).
    blocking: Vec<Diagnostic>,
}

impl LockState {
    /// Errors in the inputs: the results are not what a lock can record.
    fn has_errors(&self) -> bool {
        self.blocking.iter().any(Diagnostic::is_error)
    }
}

/// The year's final results (none when they cannot be computed), input
/// hashes, and what would refuse a lock; errors are reported on stderr.
fn lock_state(cli: &Cli, year: i64) -> Result<LockState, u8> {
    let lang = cli.lang;
    let ws = load(cli, year)?;
    let results = eval::evaluate(&ws, &Options::default());
    let diagnostics = all_diagnostics(&ws, results.as_ref());
    report_to_stderr(&diagnostics, year, lang);
    let blocking = diagnostics.into_iter().filter(lock::blocks).collect();
    let units = results.map(|r| lock::fingerprint(&ws, &r));
    let inputs = lock::hash_inputs(&cli.root, year).map_err(|d| {
        eprint!("{}", d.render(lang));
        USAGE
    })?;
    Ok(LockState {
        ws,
        units,
        inputs,
        blocking,
    })
}

/// The workspace as a lock of `year` is compared with.
fn current<'a>(
    year: i64,
    state: &'a LockState,
    key: Option<&'a lock::TrustedKey>,
) -> lock::Current<'a> {
    lock::Current {
        year,
        regulation: state.ws.regulation.as_ref().map(|r| r.id.as_str()),
        inputs: &state.inputs,
        units: state.units.as_deref(),
        key,
    }
}

fn read_lock(cli: &Cli, year: i64) -> Result<Option<lock::LockFile>, u8> {
    lock::read(&cli.root, year).map_err(|d| {
        eprint!("{}", d.render(cli.lang));
        BAD_INPUT
    })
}

/// A private key for `lock --sign`, or the exit code of why it cannot be used.
fn read_key(cli: &Cli, path: &std::path::Path) -> Result<ed25519_dalek::SigningKey, u8> {
    crate::sign::read(&cli.root, path).map_err(|e| key_failure(e, cli.lang))
}

fn key_failure(e: crate::sign::KeyError, lang: Lang) -> u8 {
    use crate::sign::KeyError;
    let shown = |p: &std::path::Path| p.display().to_string();
    match e {
        KeyError::InsideWorkspace(p) => fail(Say::KeyInsideWorkspace(shown(&p)), lang),
        KeyError::Exists(p) => fail(Say::KeyExists(shown(&p)), lang),
        KeyError::NotAKey(p) => fail(Say::NotAKey(shown(&p)), lang),
        KeyError::Unreadable(p, e) => fail(
            Say::CannotReadKey {
                file: shown(&p),
                error: (&e).into(),
            },
            lang,
        ),
        KeyError::Io(p, e) => fail(
            Say::CannotWrite {
                file: shown(&p),
                error: (&e).into(),
            },
            lang,
        ),
    }
}

/// `chiso key new -o KEYFILE`.
fn new_key(cli: &Cli, path: &std::path::Path) -> u8 {
    let lang = cli.lang;
    let key = crate::sign::generate();
    if let Err(e) = crate::sign::write_new(&cli.root, path, &key) {
        return key_failure(e, lang);
    }
    eprintln!("{}", Say::KeyWritten(path.display().to_string()).text(lang));
    let line = format!(
        "lock_public_key = \"{}\"\n",
        crate::sign::public_hex(&key.verifying_key())
    );
    match write(cli, None, &line) {
        Ok(()) => OK,
        Err(code) => code,
    }
}

fn lock_year(
    cli: &Cli,
    year: i64,
    force: bool,
    reason: Option<&str>,
    sign: Option<&std::path::Path>,
) -> u8 {
    let lang = cli.lang;
    let key = match sign.map(|p| read_key(cli, p)).transpose() {
        Ok(k) => k,
        Err(code) => return code,
    };
    let existing = match read_lock(cli, year) {
        Ok(l) => l,
        Err(code) => return code,
    };
    let state = match lock_state(cli, year) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let Some(units) = state.units.clone() else {
        eprintln!("{}", Say::LockRefused { year }.text(lang));
        return BAD_INPUT;
    };
    // Missing official data is only a warning for `check`: shown here in full.
    for d in state.blocking.iter().filter(|d| !d.is_error()) {
        eprint!("{}", d.render(lang));
    }
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    let forced = match (state.blocking.is_empty(), reason) {
        (true, _) => None,
        (false, Some(reason)) => Some(lock::Forced {
            reason: reason.to_string(),
            problems: state
                .blocking
                .iter()
                .map(|d| format!("{} {}", d.code.id(), d.message.text(lang)))
                .collect(),
        }),
        (false, None) => {
            eprintln!(
                "{}",
                Say::LockBlocked {
                    year,
                    errors: state.blocking.iter().filter(|d| d.is_error()).count(),
                    missing_data: state.blocking.iter().filter(|d| !d.is_error()).count(),
                }
                .text(lang)
            );
            return BAD_INPUT;
        }
    };
    let mut supersedes = None;
    if let Some(old) = existing {
        let v = lock::verify(&old.lock, &current(year, &state, None));
        let resign = key.as_ref().is_some_and(|k| {
            old.lock.signed_by.as_deref()
                != Some(crate::sign::public_hex(&k.verifying_key()).as_str())
        });
        if v.is_clean() && !resign {
            eprintln!(
                "{}",
                Say::AlreadyLocked {
                    year,
                    locked_at: old.lock.locked_at
                }
                .text(lang)
            );
            return OK;
        }
        if v.is_clean() {
            // The same lock, signed: what it records does not change. Another
            // signer's signature is replaced only on purpose.
            if let Some(by) = old.lock.signed_by.as_ref().filter(|_| !force) {
                eprintln!(
                    "{}",
                    Say::LockSignedByOther {
                        year,
                        key: by.clone()
                    }
                    .text(lang)
                );
                return BAD_INPUT;
            }
            let mut signed = old.lock;
            if let Some(k) = &key {
                signed.sign(k);
            }
            return write_lock(cli, year, &signed);
        }
        if !force {
            for d in lock::lock_diagnostics(&old, &v) {
                eprint!("{}", d.render(lang));
            }
            eprint!("{}", report::lock::verification(&v, lang));
            eprintln!(
                "{}",
                Say::LockExists {
                    year,
                    locked_at: old.lock.locked_at
                }
                .text(lang)
            );
            return BAD_INPUT;
        }
        supersedes = Some(old.lock.results_sha256);
    }
    let lock = lock::Lock::new(
        &state.ws,
        state.inputs,
        units,
        supersedes,
        forced,
        key.as_ref(),
    );
    write_lock(cli, year, &lock)
}

fn write_lock(cli: &Cli, year: i64, lock: &lock::Lock) -> u8 {
    let lang = cli.lang;
    let path = lock::path(&cli.root, year);
    let to = report::Destination {
        path: Some(&path),
        root: &cli.root,
        may_replace: &[load::InputKind::Lock],
    };
    if let Err(e) = report::write_output(to, &lock.to_toml(lang)) {
        return write_failure(e, path.display().to_string(), lang);
    }
    eprintln!(
        "{}",
        Say::Locked {
            file: crate::source::relative_name(&cli.root, &path),
            inputs: lock.inputs.len(),
            units: lock.units.len(),
            sha: lock.results_sha256.clone(),
        }
        .text(lang)
    );
    OK
}

fn verify_year(cli: &Cli, year: i64, public_key: Option<&str>) -> u8 {
    let lang = cli.lang;
    let given = match public_key {
        None => None,
        Some(text) => match crate::sign::parse_public(text) {
            Some(k) => Some(lock::TrustedKey {
                hex: crate::sign::public_hex(&k),
                source: lock::KeySource::CommandLine,
            }),
            None => return fail(Say::BadPublicKey(text.to_string()), lang),
        },
    };
    let existing = match read_lock(cli, year) {
        Ok(Some(l)) => l,
        Ok(None) => return fail(Say::NotLocked { year }, lang),
        Err(code) => return code,
    };
    let state = match lock_state(cli, year) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let key = given.or_else(|| {
        let reg = state.ws.regulation.as_ref()?;
        Some(lock::TrustedKey {
            hex: reg.lock_public_key.clone()?,
            source: lock::KeySource::Regulation,
        })
    });
    let l = &existing.lock;
    // A lock forced over errors is compared with the results as they are;
    // otherwise results computed from inputs with errors are not compared.
    let unverifiable = state.units.is_none() || (state.has_errors() && l.forced.is_none());
    let mut now = current(year, &state, key.as_ref());
    if unverifiable {
        now.units = None;
    }
    let v = lock::verify(l, &now);
    let lock_errors = lock::lock_diagnostics(&existing, &v);
    for d in &lock_errors {
        eprint!("{}", d.render(lang));
    }
    let mut text = report::lock::verification(&v, lang);
    let verdict = if unverifiable {
        // The results cannot be recomputed: no unit is claimed to have changed.
        Say::VerifyInputErrors { year }
    } else if !lock_errors.is_empty() {
        Say::LockNotTrusted {
            year,
            errors: lock_errors.len(),
        }
    } else if v.is_clean() {
        Say::Verified {
            year,
            locked_at: l.locked_at.clone(),
            inputs: l.inputs.len(),
            units: l.units.len(),
        }
    } else {
        Say::NotVerified {
            year,
            locked_at: l.locked_at.clone(),
        }
    };
    text += &verdict.text(lang);
    text += "\n";
    if let Err(code) = write(cli, None, &text) {
        return code;
    }
    if v.is_clean() && !unverifiable {
        OK
    } else {
        BAD_INPUT
    }
}

struct ImportOptions {
    accept_warnings: bool,
    dry_run: bool,
    replace: bool,
    /// `None`: not given (the year, unless the table's title names a period).
    period: Option<crate::model::Period>,
}

/// `chiso import`: diagnostics on stderr, the changes on stdout, then the write
/// (only without errors, and without warnings unless accepted).
fn import(
    cli: &Cli,
    ws: &Workspace,
    kind: crate::import::Kind,
    file: &std::path::Path,
    options: ImportOptions,
) -> u8 {
    use crate::i18n::ImportMsg;
    use crate::import::{self, ImportFailure};
    let lang = cli.lang;
    let mut imported = match import::read(&cli.root, file, kind, &ws.units) {
        Ok(i) => i,
        Err(ImportFailure::Io { file, error }) => {
            return fail(Say::Import(ImportMsg::CannotRead { file, error }), lang);
        }
    };
    let mut diags = imported.diagnostics.items.clone();
    match options.period {
        Some(p) => imported.period = p,
        None => diags.extend(import::unstated_period(&imported)),
    }
    diags.sort_by_key(|d| {
        d.location
            .as_ref()
            .map(|l| l.span.start)
            .unwrap_or_default()
    });
    for d in &diags {
        eprint!("{}", d.render(lang));
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    if errors > 0 {
        eprintln!(
            "{}",
            Say::Import(ImportMsg::BlockedByErrors { errors, warnings }).text(lang)
        );
        return BAD_INPUT;
    }
    eprintln!(
        "{}",
        Say::Import(ImportMsg::Imported {
            units: imported.units.len(),
            warnings
        })
        .text(lang)
    );
    let plan = match import::plan(&cli.root, ws.year, &ws.units, &imported, options.replace) {
        Ok(plan) => plan,
        Err((file, e)) => {
            return fail(
                Say::Import(ImportMsg::CannotRead {
                    file,
                    error: (&e).into(),
                }),
                lang,
            );
        }
    };
    if plan.is_noop() {
        let unchanged = Say::Import(ImportMsg::Unchanged(plan.name.clone())).text(lang);
        return match write(cli, None, &format!("{unchanged}\n")) {
            Ok(()) => OK,
            Err(code) => code,
        };
    }
    if let Err(code) = write(cli, None, &report::import::changes(&plan, lang)) {
        return code;
    }
    if warnings > 0 && !options.accept_warnings {
        eprintln!(
            "{}",
            Say::Import(ImportMsg::BlockedByWarnings(warnings)).text(lang)
        );
        return BAD_INPUT;
    }
    if options.dry_run {
        eprintln!("{}", Say::Import(ImportMsg::DryRun).text(lang));
        return OK;
    }
    if let Some(dir) = plan.path.parent()
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        return fail(
            Say::CannotWrite {
                file: plan.name.clone(),
                error: (&e).into(),
            },
            lang,
        );
    }
    let to = report::Destination {
        path: Some(&plan.path),
        root: &cli.root,
        may_replace: &[load::InputKind::Dataset],
    };
    match report::write_output(to, &plan.content) {
        Ok(()) => {
            eprintln!("{}", Say::Written(plan.name.clone()).text(lang));
            OK
        }
        Err(e) => write_failure(e, plan.name, lang),
    }
}

fn export(cli: &Cli, year: i64, format: ExportFormat, output: Option<&std::path::Path>) -> u8 {
    use std::io::IsTerminal;
    let lang = cli.lang;
    if matches!(format, ExportFormat::Xlsx) && output.is_none() && std::io::stdout().is_terminal() {
        eprintln!(
            "{}: {}",
            crate::i18n::Msg::LevelError.text(lang),
            crate::i18n::Publish::xlsx_needs_output(lang)
        );
        return USAGE;
    }
    let ws = match load(cli, year) {
        Ok(ws) => ws,
        Err(code) => return code,
    };
    let Some(results) = eval::evaluate(&ws, &Options::default()) else {
        return report_to_stderr(&all_diagnostics(&ws, None), year, lang).max(BAD_INPUT);
    };
    let status = report_to_stderr(&all_diagnostics(&ws, Some(&results)), year, lang);
    let timeline = Timeline::around(&cli.root, year, Year { ws, results });
    for y in timeline.years.iter().filter(|y| y.results.year != year) {
        if y.errors() > 0 {
            eprintln!(
                "{}: {}",
                crate::i18n::Msg::LevelWarning.text(lang),
                crate::i18n::Publish::year_has_errors(y.results.year, y.errors(), lang)
            );
        }
    }
    let Some(p) = timeline.publication(year) else {
        return fail(Say::NotEvaluated(year.to_string()), lang);
    };
    let content: Vec<u8> = match format {
        ExportFormat::Xlsx => match report::xlsx::render(&p, lang) {
            Ok(bytes) => bytes,
            Err(e) => {
                eprintln!(
                    "{}: {}",
                    crate::i18n::Msg::LevelError.text(lang),
                    crate::i18n::Publish::cannot_build(&e.to_string(), lang)
                );
                return USAGE;
            }
        },
        ExportFormat::Html => report::html::render(&p, lang).into_bytes(),
        ExportFormat::Csv => report::score::csv(&p.year.results).into_bytes(),
        ExportFormat::Md => report::history::export_markdown(&p, lang).into_bytes(),
    };
    match write_streamed(cli, output, |out| out.write_all(&content)) {
        Ok(()) => status,
        Err(code) => code,
    }
}

fn history(
    cli: &Cli,
    unit: Option<&str>,
    from: Option<i64>,
    to: Option<i64>,
    format: DiagnosticFormat,
) -> u8 {
    let lang = cli.lang;
    let available = Timeline::available(&cli.root);
    let (Some(&first), Some(&last)) = (available.first(), available.last()) else {
        return fail(
            Say::NoSuchYear {
                year: to.or(from).unwrap_or_default(),
                available: Vec::new(),
            },
            lang,
        );
    };
    let (from, to) = (from.unwrap_or(first), to.unwrap_or(last));
    if !available.iter().any(|y| (from..=to).contains(y)) {
        return fail(
            Say::NoYearInRange {
                from,
                to,
                available: available.iter().map(|y| y.to_string()).collect(),
            },
            lang,
        );
    }
    let timeline = Timeline::load(&cli.root, available.iter().copied().filter(|y| *y <= to));
    let mut status = OK;
    for y in available.iter().copied().filter(|y| *y <= to) {
        let note = match timeline.year(y) {
            None => Some(crate::i18n::Publish::year_not_evaluated(y, lang)),
            Some(year) if year.errors() > 0 => Some(crate::i18n::Publish::year_has_errors(
                y,
                year.errors(),
                lang,
            )),
            Some(_) => None,
        };
        if let Some(note) = note {
            eprintln!("{}: {note}", crate::i18n::Msg::LevelError.text(lang));
            status = BAD_INPUT;
        }
    }
    let h = timeline.history(unit, from, to);
    if let Some(code) = unit
        && h.rows.is_empty()
    {
        return fail(Say::NoSuchUnit(code.to_string()), lang);
    }
    let text = match format {
        DiagnosticFormat::Text => {
            let (labels, decimals) = timeline
                .year(to)
                .or(timeline.years.last())
                .map(|y| {
                    (
                        crate::timeline::consequence_labels(&y.ws),
                        y.results.index_decimals,
                    )
                })
                .unwrap_or((Vec::new(), 2));
            report::history::table(&h, &labels, decimals, lang)
        }
        DiagnosticFormat::Json => report::history::json(&h),
    };
    match write(cli, None, &text) {
        Ok(()) => status,
        Err(code) => code,
    }
}
