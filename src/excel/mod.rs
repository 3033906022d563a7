//! The self-assessment as an Excel workbook: `chiso template --format xlsx`
//! writes one per unit from its merged criteria tree ([`write`]), and
//! `chiso import self` reads it back into the unit's answer file ([`read`]).
//!
//! Both sides derive the rows from the same criteria tree ([`lines`]), so a
//! row's meaning never depends on what the sheet says about itself; the sheet's
//! hidden key column only proves that its rows are still where they were
//! written. The layout is a contract documented in docs/format.md.

pub mod appraisal;
pub mod read;
pub mod write;

use sha2::{Digest, Sha256};

use crate::model::{AssessedBy, Criterion, Method, Scheme};

pub use read::{SelfImport, read_self_assessment_workbook};
pub use write::self_assessment_workbook;

/// The sheet the unit fills.
pub const ANSWER_SHEET: &str = "Tự đánh giá";
/// The instructions.
pub const GUIDE_SHEET: &str = "Hướng dẫn";
/// The hidden sheet that identifies the form (keys in column A, values in B)
/// and holds the lists of choice labels.
pub const META_SHEET: &str = "chiso";
/// `format` of the hidden sheet: the layout's version.
pub const FORMAT: &str = "chiso-self-assessment-1";

/// 0-based row of the answer sheet's column titles; criteria start below it.
pub const HEADER_ROW: u32 = 3;
pub const FIRST_ROW: u32 = HEADER_ROW + 1;
/// The `submitted` date: row 2, column C.
pub const SUBMITTED: (u32, u16) = (1, col::TITLE);

/// Columns of the answer sheet (0-based).
pub mod col {
    /// Hidden: the row's key (`1.2.3`, or `1.2.3/fact` for a fact's row).
    pub const KEY: u16 = 0;
    pub const CODE: u16 = 1;
    pub const TITLE: u16 = 2;
    pub const MAX: u16 = 3;
    pub const METHOD: u16 = 4;
    pub const ANSWER: u16 = 5;
    pub const NA: u16 = 6;
    pub const POINTS: u16 = 7;
    pub const OFFICIAL: u16 = 8;
    pub const EVIDENCE: u16 = 9;
    pub const NOTE: u16 = 10;
    pub const EXPLANATION: u16 = 11;
    pub const GUIDE: u16 = 12;
    pub const REQUIRED: u16 = 13;
    pub const REFERENCE: u16 = 14;
    pub const COUNT: u16 = 15;
}

/// One row of the answer sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    /// An area or criterion with children: a header with its subtotal.
    Group(usize),
    /// A leaf ([`Scheme::nodes`] index).
    Leaf(usize),
    /// A fact of a computed leaf: the leaf and the fact's position among
    /// [`Criterion::fact_inputs`].
    Fact(usize, usize),
}

/// The answer sheet's rows from [`FIRST_ROW`], in tree order: fact rows
/// under the computed leaves the unit answers.
pub fn lines(scheme: &Scheme) -> Vec<Line> {
    lines_with_facts(scheme, answered_by_unit)
}

/// Every node's row in tree order, and under each computed leaf that
/// `with_facts` selects one row per fact input.
pub(crate) fn lines_with_facts(
    scheme: &Scheme,
    with_facts: impl Fn(&Criterion) -> bool,
) -> Vec<Line> {
    let mut out = Vec::with_capacity(scheme.nodes.len() * 2);
    for (i, c) in scheme.nodes.iter().enumerate() {
        if !c.is_leaf() {
            out.push(Line::Group(i));
            continue;
        }
        out.push(Line::Leaf(i));
        if with_facts(c) && c.method.as_ref().is_some_and(Method::is_computed) {
            out.extend((0..c.fact_inputs().count()).map(|k| Line::Fact(i, k)));
        }
    }
    out
}

/// What the hidden key column holds for a row.
pub fn key(scheme: &Scheme, line: Line) -> String {
    match line {
        Line::Group(i) | Line::Leaf(i) => scheme.nodes[i].code.clone(),
        Line::Fact(i, k) => {
            let c = &scheme.nodes[i];
            let name = c.fact_inputs().nth(k).map_or("", |f| f.name.as_str());
            format!("{}/{name}", c.code)
        }
    }
}

/// Whether the unit answers a leaf: everything but what the council scores.
/// Bonus criteria and self-reported deductions are the unit's to answer, as
/// in its answer file.
pub fn answered_by_unit(c: &Criterion) -> bool {
    c.is_leaf() && c.assessed_by != AssessedBy::Council
}

/// What of a node the workbook depends on: its place, kind, maximum and how
/// it is answered. Titles and guidance may change without making a filled
/// workbook wrong.
fn describe(scheme: &Scheme, c: &Criterion) -> String {
    let parent = c.parent.map_or("", |p| scheme.nodes[p].code.as_str());
    let mut d = format!(
        "{}|{parent}|{:?}|{}|{}|{}|{}",
        c.code,
        c.kind,
        c.max.normalize(),
        c.assessed_by.as_str(),
        c.na_allowed,
        c.step.normalize()
    );
    if let Some(m) = &c.method {
        d += "|";
        d += m.name();
        if let Method::Choice(options) = m {
            for o in options {
                d += &format!("|{}={}", o.label, o.points.normalize());
            }
        }
        for f in c.fact_inputs() {
            d += &format!("|{}:{}:{}", f.name, f.kind.as_str(), f.source.as_str());
        }
    }
    d
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The criteria's fingerprint: a SHA-256 over every node's description, and
/// each node's own (shortened), by code, so that a mismatch can say which
/// criteria differ.
pub fn fingerprint(scheme: &Scheme) -> (String, Vec<(String, String)>) {
    let mut all = Sha256::new();
    let mut per_node = Vec::with_capacity(scheme.nodes.len());
    for c in &scheme.nodes {
        let d = describe(scheme, c);
        all.update(d.as_bytes());
        all.update(b"\n");
        per_node.push((c.code.clone(), hex(&Sha256::digest(d.as_bytes())[..8])));
    }
    (hex(&all.finalize()), per_node)
}

/// Keys of the hidden sheet.
pub mod meta {
    pub const FORMAT: &str = "format";
    pub const YEAR: &str = "year";
    pub const UNIT: &str = "unit";
    pub const APPENDICES: &str = "appendices";
    pub const FINGERPRINT: &str = "fingerprint";
    pub const LANG: &str = "lang";
    /// Prefix of a node's row: `criterion:1.2.3`, its fingerprint in B and,
    /// for a choice leaf, its option labels from column C.
    pub const CRITERION: &str = "criterion:";
}

/// The unit's answer file: `scores/<year>/self/<UNIT>.toml`.
pub fn self_path(root: &std::path::Path, year: i64, unit: &str) -> std::path::PathBuf {
    root.join("scores")
        .join(year.to_string())
        .join("self")
        .join(format!("{unit}.toml"))
}

/// `chiso template --format xlsx`: the unit's workbook, pre-filled from its
/// answer file as loaded.
pub fn template(
    ws: &crate::model::Workspace,
    unit: &crate::model::Unit,
    scheme: &Scheme,
    lang: crate::i18n::Lang,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let existing = ws
        .self_assessments
        .get(&unit.code)
        .map(|s| s.file.text.as_str());
    self_assessment_workbook(ws, unit, scheme, existing, lang)
}

/// `chiso template --for appraisal --format xlsx`: the council's workbook of
/// `round` (default: [`appraisal::default_round`]), pre-filled from the
/// adjustments of that round in the file as loaded.
pub fn appraisal_template(
    ws: &crate::model::Workspace,
    unit: &crate::model::Unit,
    scheme: &Scheme,
    round: Option<u32>,
    lang: crate::i18n::Lang,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let results = crate::eval::evaluate(ws, &crate::eval::Options::default());
    appraisal_template_with(ws, results.as_ref(), unit, scheme, round, lang)
}

/// [`appraisal_template`] with the year's evaluation made once (for every
/// unit of the year).
pub fn appraisal_template_with(
    ws: &crate::model::Workspace,
    results: Option<&crate::results::Results>,
    unit: &crate::model::Unit,
    scheme: &Scheme,
    round: Option<u32>,
    lang: crate::i18n::Lang,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let existing = appraisal_text(ws, unit);
    let round = round.unwrap_or_else(|| appraisal::default_round(existing, ws.schedule.as_ref()));
    appraisal::appraisal_workbook(ws, results, unit, scheme, existing, round, lang)
}

/// The unit's appraisal file as loaded.
pub fn appraisal_text<'w>(
    ws: &'w crate::model::Workspace,
    unit: &crate::model::Unit,
) -> Option<&'w str> {
    ws.appraisals.get(&unit.code).map(|a| a.file.text.as_str())
}

/// `chiso import self` / `import appraisal`: a workbook read into the unit's
/// answer or appraisal file, which is not written here.
pub struct ImportSelf {
    /// The answer file, and its name in messages.
    pub target: std::path::PathBuf,
    pub name: String,
    pub import: SelfImport,
}

/// Reads `file` (within the workspace's bounds) as `unit`'s workbook for the
/// year of `ws`; `Err` names the file that could not be read.
pub fn import_self(
    root: &std::path::Path,
    ws: &crate::model::Workspace,
    unit: &crate::model::Unit,
    scheme: &Scheme,
    file: &std::path::Path,
) -> Result<ImportSelf, (String, std::io::Error)> {
    let target = self_path(root, ws.year, &unit.code);
    import_into(
        root,
        target,
        file,
        |workbook, bytes, format, existing, name| {
            read_self_assessment_workbook(
                workbook, bytes, format, ws.year, unit, scheme, existing, name,
            )
        },
    )
}

/// `chiso import appraisal`: `file` read as `unit`'s appraisal workbook into
/// its appraisal file, which is not written here.
pub fn import_appraisal(
    root: &std::path::Path,
    ws: &crate::model::Workspace,
    unit: &crate::model::Unit,
    scheme: &Scheme,
    file: &std::path::Path,
) -> Result<ImportSelf, (String, std::io::Error)> {
    let target = appraisal::appraisal_path(root, ws.year, &unit.code);
    import_into(
        root,
        target,
        file,
        |workbook, bytes, format, existing, name| {
            appraisal::read_appraisal_workbook(
                workbook,
                bytes,
                format,
                ws.year,
                unit,
                scheme,
                appraisal::Rounds::of(ws),
                existing,
                name,
            )
        },
    )
}

/// A workbook `file` read by `read` into the file `target` (as it is on
/// disk, when there is one): both read within the workspace's bounds.
fn import_into(
    root: &std::path::Path,
    target: std::path::PathBuf,
    file: &std::path::Path,
    read: impl FnOnce(
        &str,
        Vec<u8>,
        crate::import::table::Format,
        Option<&crate::source::SourceFile>,
        &str,
    ) -> SelfImport,
) -> Result<ImportSelf, (String, std::io::Error)> {
    use crate::source::{SourceFile, read_bytes, relative_name};
    let workbook = relative_name(root, file);
    let bytes = read_bytes(root, file).map_err(|e| (workbook.clone(), e))?;
    let name = relative_name(root, &target);
    let existing = match SourceFile::read(root, &target) {
        Ok(f) => Some(f),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err((name, e)),
    };
    let import = read(
        &workbook,
        bytes,
        crate::import::table::Format::of(file),
        existing.as_deref(),
        &name,
    );
    Ok(ImportSelf {
        target,
        name,
        import,
    })
}
