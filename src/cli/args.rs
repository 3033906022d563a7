//! The command line's arguments (clap), and which format an output is written in.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::i18n::{Lang, Say};

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
        /// Only the errors (the last line still counts the warnings).
        #[arg(long)]
        errors_only: bool,
        /// Only the problems of the criteria (criteria/YEAR), none of the units'.
        #[arg(long, conflicts_with = "unit")]
        criteria: bool,
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
    Show {
        year: i64,
        unit: String,
        /// Default: from the extension of --output, else text.
        #[arg(long, value_enum)]
        format: Option<PageFormat>,
        /// Write to this file (atomically) instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// How one criterion of a unit got its points.
    Explain {
        year: i64,
        unit: String,
        code: String,
        /// Default: from the extension of --output, else text.
        #[arg(long, value_enum)]
        format: Option<PageFormat>,
        /// Write to this file (atomically) instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
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
        #[arg(required_unless_present = "all")]
        unit: Option<String>,
        /// Every unit of the year: one workbook per unit into the folder
        /// --output names (xlsx only; with --for appraisal, the units with
        /// a self-assessment).
        #[arg(long, conflicts_with = "unit", requires = "output")]
        all: bool,
        /// A self-assessment file (toml), or an Excel workbook to fill (xlsx).
        /// Default: from the extension of --output, else toml.
        #[arg(long, value_enum)]
        format: Option<TemplateFormat>,
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Overwrite an existing output file (a filled self-assessment is lost).
        #[arg(long)]
        force: bool,
        /// Whose form: the unit's self-assessment (default) or the council's
        /// appraisal workbook (xlsx only).
        #[arg(long = "for", value_enum, default_value_t = TemplateFor::SelfAssessment)]
        for_: TemplateFor,
        /// With --for appraisal: the round (default: the one after the
        /// appraisal file's last).
        #[arg(long, requires = "for_", value_parser = clap::value_parser!(u32).range(1..))]
        round: Option<u32>,
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
        #[arg(required_unless_present = "all")]
        unit: Option<String>,
        /// Every published unit's letter, one file per unit in the folder
        /// --output names.
        #[arg(long, conflicts_with = "unit", requires = "output")]
        all: bool,
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
        /// Only items of these kinds (`gap`, `na-claim`…; comma-separated).
        #[arg(long, value_delimiter = ',')]
        kind: Vec<String>,
        /// Only the units of this block.
        #[arg(long)]
        block: Option<String>,
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
    /// Import a vendor export or report table (CSV, XLSX) into the year's
    /// datasets (scores/YEAR/data/), or a unit's filled workbook (`import self`).
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    Import {
        #[command(subcommand)]
        answers: Option<ImportAnswers>,
        /// What the file holds.
        #[arg(value_enum, required = true)]
        kind: Option<crate::import::Kind>,
        #[arg(required = true)]
        year: Option<i64>,
        /// The CSV or spreadsheet file.
        #[arg(required = true)]
        file: Option<PathBuf>,
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
    /// The web application for the season (docs/serve.md): units fill in
    /// their self-assessment in a browser.
    #[cfg(feature = "serve")]
    Serve {
        /// The address and port to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: std::net::SocketAddr,
        /// The reverse proxy in front of the server: requests from this
        /// address are taken to come from the last address it adds to
        /// X-Forwarded-For (for the login lockout and the audit log).
        #[arg(long, value_name = "ADDR")]
        trusted_proxy: Option<std::net::IpAddr>,
    },
    /// The web application's accounts (kept in .chiso/server.db).
    #[cfg(feature = "serve")]
    User {
        #[command(subcommand)]
        action: crate::server::command::UserAction,
    },
    /// The web application's audit log (.chiso/server.db): every record, then
    /// whether its chain of hashes holds (exit 1 when it does not).
    #[cfg(feature = "serve")]
    Audit,
}

/// `chiso import self`: answers from a workbook.
#[derive(Subcommand, Debug)]
pub enum ImportAnswers {
    /// A unit's self-assessment workbook (made by `template --format xlsx`)
    /// into scores/YEAR/self/UNIT.toml, keeping the file's comments and order.
    #[command(name = "self")]
    SelfAssessment {
        year: i64,
        unit: String,
        /// The filled workbook (.xlsx, or .ods).
        file: PathBuf,
        /// Show what would change, criterion by criterion; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// The council's appraisal workbook (made by `template --for appraisal
    /// --format xlsx`) into scores/YEAR/appraisal/UNIT.toml: the adjustments
    /// of its round replaced, the file's comments and other rounds kept.
    Appraisal {
        year: i64,
        unit: String,
        /// The filled workbook (.xlsx, or .ods).
        file: PathBuf,
        /// Show what would change, criterion by criterion; write nothing.
        #[arg(long)]
        dry_run: bool,
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
    /// CSV for people opening it in Excel on Vietnamese Windows.
    CsvExcel,
    Md,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ScoreFormat {
    Table,
    Json,
    Csv,
    /// CSV for people opening it in Excel on Vietnamese Windows.
    CsvExcel,
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
            ScoreFormat::Csv | ScoreFormat::CsvExcel => FileKind::Csv,
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
            ExportFormat::Csv | ExportFormat::CsvExcel => FileKind::Csv,
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

/// The formats of `show` and `explain`: the text, or a page to print.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum PageFormat {
    Text,
    Html,
    Md,
    Xlsx,
}

impl OutputFormat for PageFormat {
    const DEFAULT: Self = PageFormat::Text;
    fn kind(self) -> FileKind {
        match self {
            PageFormat::Text => FileKind::Txt,
            PageFormat::Html => FileKind::Html,
            PageFormat::Md => FileKind::Md,
            PageFormat::Xlsx => FileKind::Xlsx,
        }
    }
}

/// Whose form `template` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TemplateFor {
    #[value(name = "self")]
    SelfAssessment,
    Appraisal,
}

/// The formats of `template`: a self-assessment file, or a workbook to fill.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum TemplateFormat {
    Toml,
    Xlsx,
}

impl OutputFormat for TemplateFormat {
    const DEFAULT: Self = TemplateFormat::Toml;
    fn kind(self) -> FileKind {
        match self {
            TemplateFormat::Toml => FileKind::Toml,
            TemplateFormat::Xlsx => FileKind::Xlsx,
        }
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
