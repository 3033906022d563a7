//! Diagnostics: stable codes, positions in files, and their renderings
//! (rustc-style text snippets and JSON).

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::i18n::{Lang, Msg};
use crate::source::{SourceFile, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

macro_rules! codes {
    ($($name:ident = $id:literal, $slug:literal, $sev:ident;)*) => {
        /// Every diagnostic chiso can emit. Ids and slugs are stable: scripts and
        /// documentation refer to them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code { $($name,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$name,)*];
            pub fn id(self) -> &'static str { match self { $(Code::$name => $id,)* } }
            pub fn slug(self) -> &'static str { match self { $(Code::$name => $slug,)* } }
            pub fn severity(self) -> Severity { match self { $(Code::$name => Severity::$sev,)* } }
        }
    };
}

codes! {
    Io = "E0101", "io", Error;
    TomlSyntax = "E0102", "toml-syntax", Error;
    UnknownKey = "E0103", "unknown-key", Error;
    WrongType = "E0104", "wrong-type", Error;
    MissingKey = "E0105", "missing-key", Error;
    InvalidNumber = "E0106", "invalid-number", Error;
    InvalidValue = "E0107", "invalid-value", Error;
    Duplicate = "E0108", "duplicate", Error;
    MisnamedAnswerFile = "E0109", "misnamed-answer-file", Error;
    SumMismatch = "E0201", "sum-mismatch", Error;
    TotalMismatch = "E0202", "total-mismatch", Error;
    NotMultipleOfStep = "E0203", "step", Error;
    MissingParent = "E0204", "missing-parent", Error;
    InvalidCode = "E0205", "invalid-code", Error;
    KindMisplaced = "E0206", "kind", Error;
    MethodOnBranch = "E0207", "method-on-branch", Error;
    MethodConfig = "E0208", "method-config", Error;
    Expression = "E0209", "expression", Error;
    UnknownAppendix = "E0210", "unknown-appendix", Error;
    Overlay = "E0211", "overlay", Error;
    OutOfRange = "E0212", "out-of-range", Error;
    Rating = "E0213", "rating-scale", Error;
    TargetNotInput = "E0214", "target", Error;
    UnknownBlock = "E0301", "unknown-block", Error;
    UnknownUnit = "E0302", "unknown-unit", Error;
    ParentCycle = "E0303", "parent-cycle", Error;
    UnknownCriterion = "E0304", "unknown-criterion", Error;
    AnswerMismatch = "E0305", "answer-mismatch", Error;
    UnknownOption = "E0306", "unknown-option", Error;
    NaNotAllowed = "E0307", "na-not-allowed", Error;
    MissingReason = "E0308", "missing-reason", Error;
    DuplicateRound = "E0309", "duplicate-round", Error;
    UnitMismatch = "E0310", "unit-mismatch", Error;
    UnknownFact = "E0311", "unknown-fact", Error;
    CouncilCriterion = "E0312", "council-criterion", Error;
    NotOfKind = "E0314", "fact-type", Error;
    AttachmentMissing = "E0315", "attachment-missing", Error;
    AttachmentName = "E0316", "attachment-name", Error;
    AttachmentSha256 = "E0317", "attachment-sha256", Error;
    AttachmentSize = "E0318", "attachment-size", Error;
    AttachmentType = "E0319", "attachment-type", Error;
    LookAlikeUnitCode = "W0351", "look-alike-unit-code", Warning;
    NothingToKeep = "E0313", "nothing-to-keep", Error;
    Dataset = "E0401", "dataset", Error;
    DuplicateFact = "E0402", "duplicate-fact", Error;
    ZeroApplicableMax = "E0501", "zero-applicable-max", Error;
    Evaluation = "E0502", "evaluation", Error;
    LockFile = "E0503", "lock-file", Error;
    LockEdited = "E0504", "lock-edited", Error;
    LockSignature = "E0505", "lock-signature", Error;
    Unanswered = "W0601", "unanswered", Warning;
    MissingInput = "W0602", "missing-input", Warning;
    Discrepancy = "W0603", "discrepancy", Warning;
    NoBand = "W0604", "no-band", Warning;
    Clamped = "W0605", "clamped", Warning;
    MissingEvidence = "W0606", "missing-evidence", Warning;
    MissingSelfAssessment = "W0607", "missing-self-assessment", Warning;
    LockedInputChanged = "W0608", "locked-input-changed", Warning;
    CheckFailed = "E0506", "check-failed", Error;
    CheckWarning = "W0610", "check-warning", Warning;
    RateAbove100 = "W0611", "rate-above-100", Warning;
    LowApplicableMax = "W0615", "low-applicable-max", Warning;
    NoSubordinates = "W0616", "no-subordinates", Warning;
    MissingData = "W0609", "missing-data", Warning;
    ImportRead = "E0701", "import-read", Error;
    ImportHeader = "E0702", "import-header", Error;
    ImportNumber = "E0703", "import-number", Error;
    ImportUnknownUnit = "E0704", "import-unknown-unit", Error;
    ImportAmbiguousUnit = "E0705", "import-ambiguous-unit", Error;
    ImportDuplicateUnit = "E0706", "import-duplicate-unit", Error;
    ImportNoUnits = "E0707", "import-no-units", Error;
    ImportQuote = "E0708", "import-quote", Error;
    ImportColumns = "E0709", "import-columns", Error;
    ImportPeriod = "E0710", "import-period", Error;
    ImportRowSum = "W0751", "import-row-sum", Warning;
    ImportRate = "W0752", "import-rate", Warning;
    ImportTotal = "W0753", "import-total", Warning;
    ImportEmptyRow = "W0754", "import-empty-row", Warning;
    WorkbookRead = "E0711", "workbook-read", Error;
    WorkbookYear = "E0712", "workbook-year", Error;
    WorkbookUnit = "E0713", "workbook-unit", Error;
    WorkbookCriteria = "E0714", "workbook-criteria", Error;
    WorkbookStructure = "E0715", "workbook-structure", Error;
    WorkbookNumber = "E0716", "workbook-number", Error;
    WorkbookLabel = "E0717", "workbook-label", Error;
    WorkbookExisting = "E0718", "workbook-existing", Error;
    WorkbookNoReason = "E0719", "workbook-no-reason", Error;
    WorkbookRound = "E0720", "workbook-round", Error;
    ConsequenceRating = "E0801", "consequence-rating", Error;
    ConsequenceYears = "E0802", "consequence-years", Error;
    Predecessor = "E0803", "predecessor", Error;
    UnknownPredecessor = "W0851", "unknown-predecessor", Warning;
    TestNoCases = "E0901", "test-no-cases", Error;
    TestDuplicateCase = "E0902", "test-duplicate-case", Error;
    TestSubordinate = "E0903", "test-subordinate", Error;
    TestDataFact = "E0904", "test-data-fact", Error;
    TestRating = "E0905", "test-rating", Error;
    TestNothingExpected = "W0951", "test-nothing-expected", Warning;
    NoTestFiles = "W0952", "no-test-files", Warning;
    ScheduleTime = "E1001", "schedule-time", Error;
    ScheduleOrder = "E1002", "schedule-order", Error;
    ExtensionUnit = "E1003", "extension-unit", Error;
    ExtensionWindow = "E1004", "extension-window", Error;
    ExtensionNotLater = "W1051", "extension-not-later", Warning;
    ScheduleYear = "W1052", "schedule-year", Warning;
}

/// Display columns of a quoted line; a longer one is cut, keeping this
/// many characters before the marked text.
const QUOTE_COLUMNS: usize = 100;
const QUOTE_BEFORE: usize = 20;

pub use crate::source::Location;

/// The cell of an offset in a sheet rendered as text ([`SourceFile::sheet`]),
/// `F12`: its row is the line, its column the number of tabs before it.
fn cell_at(file: &SourceFile, offset: usize) -> String {
    let line = file.line_col(offset).line;
    let start = file.line_start(line);
    let before = file
        .text
        .get(start..offset.min(file.text.len()))
        .unwrap_or("");
    let col = before.matches('\t').count();
    format!("{}{line}", crate::text::column_letters(col))
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub code: Code,
    pub message: Msg,
    pub location: Option<Location>,
    /// Shown under the caret.
    pub label: Option<Msg>,
    /// Shown as `= gợi ý:` / `= help:` after the snippet.
    pub hint: Option<Msg>,
    pub unit: Option<String>,
    pub criterion: Option<String>,
    /// How many other units the same diagnostic was found in ([`fold_units`]).
    pub other_units: usize,
}

impl Diagnostic {
    pub fn new(code: Code, message: Msg) -> Diagnostic {
        Diagnostic {
            code,
            message,
            location: None,
            label: None,
            hint: None,
            unit: None,
            criterion: None,
            other_units: 0,
        }
    }
    pub fn at(mut self, file: &Arc<SourceFile>, span: Span) -> Self {
        self.location = Some(Location::new(file, span));
        self
    }
    pub fn at_location(mut self, location: Option<&Location>) -> Self {
        self.location = location.cloned();
        self
    }
    pub fn label(mut self, label: Msg) -> Self {
        self.label = Some(label);
        self
    }
    pub fn hint(mut self, hint: Msg) -> Self {
        self.hint = Some(hint);
        self
    }
    pub fn hint_opt(mut self, hint: Option<Msg>) -> Self {
        self.hint = hint;
        self
    }
    pub fn unit(mut self, unit: &str) -> Self {
        self.unit = Some(unit.to_string());
        self
    }
    pub fn criterion(mut self, code: &str) -> Self {
        self.criterion = Some(code.to_string());
        self
    }
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }
    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }

    /// Sort key: file, then position, so output is stable.
    fn sort_key(&self) -> (&str, usize, &'static str) {
        match &self.location {
            Some(l) => (l.file.name.as_str(), l.span.start, self.code.id()),
            None => ("", 0, self.code.id()),
        }
    }

    /// rustc-style rendering with the quoted line and a caret under the span.
    pub fn render(&self, lang: Lang) -> String {
        let level = match self.severity() {
            Severity::Error => Msg::LevelError,
            Severity::Warning => Msg::LevelWarning,
        }
        .text(lang);
        let mut out = format!("{level}[{}]: {}\n", self.code.id(), self.message.text(lang));
        if let Some(loc) = self.location.as_ref().filter(|l| l.file.sheet) {
            out += &self.render_cell(loc, lang);
        } else if let Some(loc) = &self.location {
            let file = &loc.file;
            let start = file.line_col(loc.span.start);
            let line_no = start.line.to_string();
            let pad = " ".repeat(line_no.len());
            out += &format!("{pad}--> {}:{}:{}\n", file.name, start.line, start.column);
            let line = file.line_text(start.line);
            let line_start = file.line_start(start.line);
            let line_end = line_start + line.len();
            let at = loc.span.start.clamp(line_start, line_end);
            // A long line (a formula of megabytes) is quoted from a little
            // before the marked text, and cut.
            let from = if line.width() > QUOTE_COLUMNS {
                file.text[line_start..at]
                    .char_indices()
                    .rev()
                    .take(QUOTE_BEFORE)
                    .last()
                    .map_or(at, |(i, _)| line_start + i)
            } else {
                line_start
            };
            let lead = if from > line_start { "…" } else { "" };
            let quoted = crate::source::shorten(&file.text[from..line_end], QUOTE_COLUMNS);
            let shown_end = match &quoted {
                std::borrow::Cow::Owned(cut) => from + cut.len() - '…'.len_utf8(),
                std::borrow::Cow::Borrowed(_) => line_end,
            };
            out += &format!("{pad} |\n{line_no} | {lead}{quoted}\n");
            let before = &file.text[from..at];
            let end = loc.span.end.min(shown_end).max(at);
            let marked = &file.text[at..end];
            let width = UnicodeWidthStr::width(marked).max(1);
            let mut caret = format!(
                "{pad} | {}{}",
                " ".repeat(lead.width() + UnicodeWidthStr::width(before)),
                "^".repeat(width)
            );
            if let Some(label) = &self.label {
                caret += " ";
                caret += &label.text(lang);
            }
            out += caret.trim_end();
            out += "\n";
            if let Some(hint) = &self.hint {
                out += &format!(
                    "{pad} = {}: {}\n",
                    Msg::LevelHint.text(lang),
                    hint.text(lang)
                );
            }
            if let Some(units) = self.in_units() {
                out += &format!("{pad} = {}\n", units.text(lang));
            }
        } else {
            let context: Vec<&str> = [self.unit.as_deref(), self.criterion.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            if !context.is_empty() {
                out += &format!("  --> {}\n", context.join(" › "));
            }
            if let Some(hint) = &self.hint {
                out += &format!("  = {}: {}\n", Msg::LevelHint.text(lang), hint.text(lang));
            }
            if let Some(units) = self.in_units() {
                out += &format!("  = {}\n", units.text(lang));
            }
        }
        out
    }

    /// A position in a sheet: the cell and the criterion in place of line and
    /// column, the cell's text quoted alone (the row's other cells are not the
    /// user's input).
    fn render_cell(&self, loc: &Location, lang: Lang) -> String {
        let file = &loc.file;
        let row = file.line_col(loc.span.start).line.to_string();
        let pad = " ".repeat(row.len());
        let criterion = self
            .criterion
            .as_deref()
            .map(|c| format!(" › {c}"))
            .unwrap_or_default();
        let mut out = format!(
            "{pad}--> {}!{}{criterion}\n",
            file.name,
            cell_at(file, loc.span.start)
        );
        let text = &file.text[loc.span.clone()];
        let quoted = crate::source::shorten(text, QUOTE_COLUMNS);
        out += &format!("{pad} |\n{row} | {quoted}\n");
        let mut caret = format!("{pad} | {}", "^".repeat(quoted.width().max(1)));
        if let Some(label) = &self.label {
            caret += " ";
            caret += &label.text(lang);
        }
        out += &caret;
        out += "\n";
        if let Some(hint) = &self.hint {
            out += &format!(
                "{pad} = {}: {}\n",
                Msg::LevelHint.text(lang),
                hint.text(lang)
            );
        }
        out
    }

    /// "unit X and N other units", for a diagnostic folded by [`fold_units`].
    fn in_units(&self) -> Option<Msg> {
        let unit = self.unit.clone()?;
        (self.other_units > 0).then_some(Msg::InUnits {
            unit,
            others: self.other_units,
        })
    }

    pub fn to_json(&self, lang: Lang) -> JsonDiagnostic {
        let (file, line, column) = match &self.location {
            // A sheet's position is its cell (`cell`), not a line and column of text.
            Some(l) if l.file.sheet => (Some(l.file.name.clone()), None, None),
            Some(l) => {
                let lc = l.file.line_col(l.span.start);
                (Some(l.file.name.clone()), Some(lc.line), Some(lc.column))
            }
            None => (None, None, None),
        };
        JsonDiagnostic {
            severity: self.severity(),
            code: self.code.slug(),
            id: self.code.id(),
            unit: self.unit.clone(),
            criterion: self.criterion.clone(),
            message: self.message.text(lang),
            hint: self.hint.as_ref().map(|h| h.text(lang)),
            other_units: self.other_units,
            cell: self
                .location
                .as_ref()
                .filter(|l| l.file.sheet)
                .map(|l| cell_at(&l.file, l.span.start)),
            file,
            line,
            column,
        }
    }
}

/// The JSON shape of a diagnostic (docs/json.md, `diagnostics[]`).
#[derive(Debug, Serialize)]
pub struct JsonDiagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub criterion: Option<String>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// How many other units the same diagnostic was found in.
    #[serde(skip_serializing_if = "is_zero")]
    pub other_units: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// In a spreadsheet: the cell (`F12`), in place of line and column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Diagnostics with the runtime failures of one expression kept once (the
/// first unit's), counting the other units it failed in: a formula that fails
/// for every unit would otherwise be quoted once per unit. Their messages may
/// differ in the values (`Division by zero: 150 / 0`); `explain` shows each
/// unit's.
pub fn fold_units(diags: &[Diagnostic]) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::with_capacity(diags.len());
    // (file, span) → the diagnostic kept for the expression there.
    let mut kept: HashMap<(&str, usize, usize), usize> = HashMap::new();
    for d in diags {
        if d.code == Code::Evaluation
            && d.unit.is_some()
            && let Some(l) = &d.location
        {
            match kept.entry((l.file.name.as_str(), l.span.start, l.span.end)) {
                std::collections::hash_map::Entry::Occupied(k) => {
                    out[*k.get()].other_units += 1;
                    continue;
                }
                std::collections::hash_map::Entry::Vacant(k) => {
                    k.insert(out.len());
                }
            }
        }
        out.push(d.clone());
    }
    out
}

/// Diagnostics collected while loading or evaluating.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }
    pub fn sort(&mut self) {
        // Borrowed keys: a national run sorts tens of thousands of diagnostics.
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }
    /// Drops repeats (files shared by several criteria trees are checked once per tree).
    pub fn dedup(&mut self) {
        self.items.dedup_by(|a, b| {
            a.code == b.code
                && a.message == b.message
                && a.unit == b.unit
                && a.criterion == b.criterion
                && match (&a.location, &b.location) {
                    (Some(x), Some(y)) => x.file.name == y.file.name && x.span == y.span,
                    (None, None) => true,
                    _ => false,
                }
        });
    }
}
