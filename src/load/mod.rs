//! Loading a year of a workspace: files → validated [`Workspace`].
//!
//! Loading never stops at the first problem: every file is read, every
//! problem becomes a diagnostic, and whatever is valid is kept so that results
//! can still be computed.

pub mod answers;
pub mod appendix;
pub mod attachments;
pub mod cases;
pub mod dataset;
pub mod fast;
pub mod regulation;
pub mod schedule;
pub mod toml;
pub mod units;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use crate::diagnostic::{Code, Diagnostic, Diagnostics, Location};
use crate::i18n::Msg;
use crate::model::{Appraisal, HashMap, Regulation, Scheme, SelfAssessment, Workspace};
use crate::source::{SourceFile, relative_name};
use appendix::AppendixFile;

/// A failure that is not about the content of the files (exit code 2).
#[derive(Debug)]
pub enum LoadFailure {
    NoSuchYear { year: i64, available: Vec<String> },
}

/// The lock of a year's official results, in `scores/<year>/` (see `lock`).
pub const LOCK_FILE: &str = "results.lock.toml";

pub fn criteria_dir(root: &Path, year: i64) -> PathBuf {
    root.join("criteria").join(year.to_string())
}

pub fn scores_dir(root: &Path, year: i64) -> PathBuf {
    root.join("scores").join(year.to_string())
}

/// Entries with the given extension directly in `dir`, sorted by name; none
/// when the folder does not exist. Every entry so named is listed, whatever
/// it is: a folder, FIFO or dangling link where an input should be is then
/// refused by name when it is read, not silently skipped.
pub fn list_files(dir: &Path, ext: &str) -> std::io::Result<Vec<PathBuf>> {
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => return absent_folder(e).map(|()| Vec::new()),
    };
    let mut files: Vec<(std::ffi::OsString, PathBuf)> = Vec::new();
    for entry in rd {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == ext) {
            files.push((path.file_name().unwrap_or_default().to_owned(), path));
        }
    }
    // By name, which in one folder is path order, without comparing paths
    // component by component.
    files.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok(files.into_iter().map(|(_, p)| p).collect())
}

/// A folder that does not exist has nothing in it (a year without appraisals
/// yet); one that cannot be listed (no permission, not a folder) is an error:
/// its files would otherwise be skipped without a word.
fn absent_folder(e: std::io::Error) -> std::io::Result<()> {
    match e.kind() {
        std::io::ErrorKind::NotFound => Ok(()),
        _ => Err(e),
    }
}

/// [`list_files`] of a folder of the workspace, an unlistable folder being a
/// diagnostic that names it.
pub(crate) fn list_inputs(
    root: &Path,
    dir: &Path,
    ext: &str,
    diags: &mut Diagnostics,
) -> Vec<PathBuf> {
    list_files(dir, ext).unwrap_or_else(|e| {
        diags.push(cannot_read(root, dir, &e));
        Vec::new()
    })
}

/// Every file `load_workspace` reads for a year (those that exist), sorted:
/// the criteria, the unit list, the answers and the datasets. Locking hashes
/// them. A folder that cannot be listed is an error that names it.
pub fn input_files(root: &Path, year: i64) -> Result<Vec<PathBuf>, Box<Diagnostic>> {
    let scores = scores_dir(root, year);
    let list =
        |dir: &Path, ext| list_files(dir, ext).map_err(|e| Box::new(cannot_read(root, dir, &e)));
    let mut files = list(&criteria_dir(root, year), "toml")?;
    let units = scores.join("units.toml");
    if std::fs::symlink_metadata(&units).is_ok() {
        files.push(units);
    }
    files.extend(list(&scores.join("self"), "toml")?);
    files.extend(list(&scores.join("appraisal"), "toml")?);
    files.extend(list(&scores.join("data"), "csv")?);
    files.extend(evidence_files(root, &scores.join("evidence"))?);
    Ok(files)
}

/// Every file of each unit's evidence folder (`evidence/<UNIT>/*`), sorted:
/// attachments are sealed with the answers that name them.
fn evidence_files(root: &Path, dir: &Path) -> Result<Vec<PathBuf>, Box<Diagnostic>> {
    let entries = |dir: &Path| -> Result<Vec<PathBuf>, Box<Diagnostic>> {
        let rd = match std::fs::read_dir(dir) {
            Ok(rd) => rd,
            Err(e) => {
                return absent_folder(e)
                    .map(|()| Vec::new())
                    .map_err(|e| Box::new(cannot_read(root, dir, &e)));
            }
        };
        let mut paths = rd
            .map(|e| e.map(|e| e.path()))
            .collect::<std::io::Result<Vec<PathBuf>>>()
            .map_err(|e| Box::new(cannot_read(root, dir, &e)))?;
        paths.sort();
        Ok(paths)
    };
    let mut files = Vec::new();
    for unit in entries(dir)? {
        if unit.is_dir() {
            files.extend(entries(&unit)?);
        }
    }
    Ok(files)
}

/// What an input file of the workspace is, for the writers that may replace one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// Anything under `criteria/`.
    Criteria,
    /// `scores/<year>/units.toml`.
    Units,
    /// `scores/<year>/self/*.toml`.
    SelfAssessment,
    /// `scores/<year>/appraisal/*.toml`.
    Appraisal,
    /// `scores/<year>/data/*.csv`.
    Dataset,
    /// `scores/<year>/results.lock.toml`.
    Lock,
    /// `scores/<year>/workflow.toml`, the season's schedule.
    Schedule,
    /// `scores/<year>/evidence/<UNIT>/*`, evidence attachments.
    Evidence,
}

/// The kind of workspace input `path` is, or would be once written (the files
/// [`input_files`] lists for any year, the regulation tests and the lock), and
/// its name in the workspace. `path` and `root` are compared once links and
/// `..` are resolved (the folder holding `path` must exist).
pub fn input_kind(root: &Path, path: &Path) -> Option<(InputKind, String)> {
    let root = std::fs::canonicalize(root).ok()?;
    let path = match std::fs::canonicalize(path) {
        Ok(p) => p,
        Err(_) => {
            let dir = match path.parent() {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => Path::new("."),
            };
            std::fs::canonicalize(dir).ok()?.join(path.file_name()?)
        }
    };
    let rel = path.strip_prefix(&root).ok()?;
    let name = relative_name(&root, &path);
    let parts: Vec<&str> = rel.iter().map(|p| p.to_str().unwrap_or("")).collect();
    let ext = |name: &str, e: &str| Path::new(name).extension().is_some_and(|x| x == e);
    let kind = match parts.as_slice() {
        ["criteria", _, ..] => InputKind::Criteria,
        ["scores", _, "units.toml"] => InputKind::Units,
        ["scores", _, LOCK_FILE] => InputKind::Lock,
        ["scores", _, crate::season::FILE_NAME] => InputKind::Schedule,
        ["scores", _, "evidence", _, _] => InputKind::Evidence,
        ["scores", _, "self", f] if ext(f, "toml") => InputKind::SelfAssessment,
        ["scores", _, "appraisal", f] if ext(f, "toml") => InputKind::Appraisal,
        ["scores", _, "data", f] if ext(f, "csv") => InputKind::Dataset,
        _ => return None,
    };
    Some((kind, name))
}

/// Years that have a criteria folder.
pub fn available_years(root: &Path) -> Vec<String> {
    let mut years: Vec<String> = std::fs::read_dir(root.join("criteria"))
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().to_string())
                .collect()
        })
        .unwrap_or_default();
    years.sort();
    years
}

pub(crate) fn read(root: &Path, path: &Path, diags: &mut Diagnostics) -> Option<Arc<SourceFile>> {
    match SourceFile::read(root, path) {
        Ok(f) => Some(f),
        Err(e) => {
            diags.push(cannot_read(root, path, &e));
            None
        }
    }
}

/// The diagnostic for a file of the workspace that could not be read.
pub(crate) fn cannot_read(root: &Path, path: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::new(
        Code::Io,
        Msg::CannotRead {
            file: relative_name(root, path),
            error: e.into(),
        },
    )
}

/// A year's criteria: the regulation and the appendices, from which the
/// criteria tree of any block (with overlays) is built on demand.
pub struct Criteria {
    pub regulation: Option<Regulation>,
    appendices: Vec<AppendixFile>,
    step: rust_decimal::Decimal,
    pub schemes: Vec<Scheme>,
    scheme_index: HashMap<Vec<String>, usize>,
}

impl Criteria {
    fn appendix(&self, id: &str) -> Option<&AppendixFile> {
        self.appendices.iter().find(|a| a.id == id)
    }

    /// The merged tree of a base appendix and overlays, built once per combination.
    fn scheme_for(&mut self, ids: Vec<String>, diags: &mut Diagnostics) -> Option<usize> {
        if let Some(&i) = self.scheme_index.get(&ids) {
            return Some(i);
        }
        let base = self.appendix(&ids[0])?;
        let overlays: Vec<&AppendixFile> =
            ids[1..].iter().filter_map(|id| self.appendix(id)).collect();
        let scheme = appendix::build_scheme(base, &overlays, self.step, diags);
        self.schemes.push(scheme);
        self.scheme_index.insert(ids, self.schemes.len() - 1);
        Some(self.schemes.len() - 1)
    }

    /// The tree of a block's appendix with the given overlays (docs/format.md, Overlays: `extra`),
    /// or diagnostics (located at `location`) when an overlay does not fit.
    pub fn scheme_of_block(
        &mut self,
        block: &str,
        extra: &[String],
        location: Option<&Location>,
        unit: &str,
        diags: &mut Diagnostics,
    ) -> Option<usize> {
        let appendix = self.regulation.as_ref()?.block(block)?.appendix.clone();
        let base = self.appendix(&appendix).filter(|b| b.extends.is_none())?;
        let mut ids = vec![base.id.clone()];
        let mut ok = true;
        for x in extra {
            match self.appendix(x) {
                Some(o) if o.extends.as_ref().is_some_and(|(b, _)| b == &base.id) => {
                    ids.push(x.clone())
                }
                Some(_) => {
                    ok = false;
                    diags.push(
                        Diagnostic::new(
                            Code::Overlay,
                            Msg::OverlayNotForBlock {
                                overlay: x.clone(),
                                appendix: base.id.clone(),
                            },
                        )
                        .at_location(location)
                        .unit(unit),
                    );
                }
                None => {
                    ok = false;
                    diags.push(
                        Diagnostic::new(Code::UnknownAppendix, Msg::UnknownAppendix(x.clone()))
                            .at_location(location)
                            .unit(unit),
                    );
                }
            }
        }
        if ok {
            self.scheme_for(ids, diags)
        } else {
            None
        }
    }
}

/// Reads and validates `criteria/<year>`: the regulation and every appendix.
pub fn load_criteria(
    root: &Path,
    year: i64,
    diags: &mut Diagnostics,
) -> Result<Criteria, LoadFailure> {
    let criteria = criteria_dir(root, year);
    if !criteria.is_dir() {
        return Err(LoadFailure::NoSuchYear {
            year,
            available: available_years(root),
        });
    }
    let regulation = read(root, &criteria.join("regulation.toml"), diags);
    let appendices = list_inputs(root, &criteria, "toml", diags)
        .into_iter()
        .filter(|p| p.file_name().is_none_or(|n| n != "regulation.toml"))
        .filter_map(|p| read(root, &p, diags))
        .collect();
    Ok(criteria_from(year, regulation, appendices, diags))
}

/// Validates a year's criteria from its files: the regulation (when it could be
/// read) and every appendix file.
pub fn criteria_from(
    year: i64,
    regulation: Option<Arc<SourceFile>>,
    appendix_files: Vec<Arc<SourceFile>>,
    diags: &mut Diagnostics,
) -> Criteria {
    let regulation = regulation.and_then(|f| regulation::load(&f, year, diags));
    let step = regulation
        .as_ref()
        .map(|r| r.step)
        .unwrap_or(rust_decimal::Decimal::new(25, 2));

    // Appendices, by id.
    let mut appendices: Vec<AppendixFile> = Vec::new();
    for file in appendix_files {
        let Some(a) = appendix::load(&file, diags) else {
            continue;
        };
        let stem = Path::new(&file.name)
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        if a.id != stem {
            diags.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    Msg::AppendixIdMismatch {
                        id: a.id.clone(),
                        file: stem,
                    },
                )
                .at(&file, 0..0),
            );
        }
        if appendices.iter().any(|x| x.id == a.id) {
            diags.push(
                Diagnostic::new(Code::Duplicate, Msg::DuplicateAppendix(a.id.clone()))
                    .at(&file, 0..0),
            );
            continue;
        }
        appendices.push(a);
    }
    let by_id: HashMap<&str, &AppendixFile> =
        appendices.iter().map(|a| (a.id.as_str(), a)).collect();
    for a in &appendices {
        if let Some((base, span)) = &a.extends {
            match by_id.get(base.as_str()) {
                None => diags.push(
                    Diagnostic::new(Code::UnknownAppendix, Msg::UnknownAppendix(base.clone()))
                        .at(&a.file, span.clone())
                        .hint_opt(
                            toml::closest(base, by_id.keys().copied())
                                .map(|c| Msg::DidYouMean(c.into())),
                        ),
                ),
                Some(b) if b.extends.is_some() => diags.push(
                    Diagnostic::new(Code::Overlay, Msg::OverlayOfOverlay(base.clone()))
                        .at(&a.file, span.clone()),
                ),
                _ => {}
            }
        }
    }
    if let Some(reg) = &regulation {
        for b in &reg.blocks {
            if !by_id.contains_key(b.appendix.as_str()) {
                diags.push(
                    Diagnostic::new(
                        Code::UnknownAppendix,
                        Msg::UnknownAppendix(b.appendix.clone()),
                    )
                    .at_location(Some(&b.location))
                    .hint(Msg::AppendixFileHint(format!(
                        "criteria/{year}/{}.toml",
                        b.appendix
                    ))),
                );
            } else if by_id[b.appendix.as_str()].extends.is_some() {
                diags.push(
                    Diagnostic::new(Code::Overlay, Msg::BlockUsesOverlay(b.appendix.clone()))
                        .at_location(Some(&b.location)),
                );
            }
        }
    }
    // Every appendix alone (or on its base) is built, so that all are validated.
    let combinations: Vec<Vec<String>> = appendices
        .iter()
        .filter_map(|a| match &a.extends {
            None => Some(vec![a.id.clone()]),
            Some((base, _))
                if by_id
                    .get(base.as_str())
                    .is_some_and(|b| b.extends.is_none()) =>
            {
                Some(vec![base.clone(), a.id.clone()])
            }
            Some(_) => None,
        })
        .collect();
    let mut c = Criteria {
        regulation,
        appendices,
        step,
        schemes: Vec::new(),
        scheme_index: HashMap::default(),
    };
    for ids in combinations {
        c.scheme_for(ids, diags);
    }
    c
}

pub fn load_workspace(root: &Path, year: i64) -> Result<Workspace, LoadFailure> {
    let (mut ws, files) = load_workspace_unread(root, year)?;
    // Answers, read in parallel: they are independent files.
    let self_assessments = files.self_files.read_all(&files.root, &ws, self_of);
    let appraisals = files
        .appraisal_files
        .read_all(&files.root, &ws, appraisal_of);
    ws.self_assessments = self_assessments;
    ws.appraisals = appraisals;
    files.finish(&mut ws);
    Ok(ws)
}

/// A year's workspace without its answers: every answer file is listed, and
/// read when [`AnswerFiles`] is asked for it. `score` and `check` read a unit's
/// files while scoring it and drop them after, so that a national run never
/// holds every answer at once. The workspace's diagnostics are complete once
/// [`AnswerFiles::finish`] has run.
#[must_use = "the workspace's diagnostics are complete only after AnswerFiles::finish"]
pub fn load_workspace_unread(
    root: &Path,
    year: i64,
) -> Result<(Workspace, AnswerFiles), LoadFailure> {
    let scores = scores_dir(root, year);
    let mut before = Diagnostics::default();
    let mut criteria = load_criteria(root, year, &mut before)?;

    // Units.
    // The unit list is read while the answer folders are listed and the
    // datasets read: a national run's lists are long.
    let units_path = scores.join("units.toml");
    let mut data_read = Diagnostics::default();
    let mut listing = Diagnostics::default();
    let (listed_units, (self_listed, appraisal_listed, data_files)) = rayon::join(
        || match read(root, &units_path, &mut before) {
            Some(f) => units::load_listed(
                answers::Reader::Fast,
                &f,
                criteria.regulation.as_ref(),
                &mut before,
            ),
            None => units::Listed::default(),
        },
        || {
            let data_files: Vec<Arc<SourceFile>> =
                list_inputs(root, &scores.join("data"), "csv", &mut data_read)
                    .iter()
                    .filter_map(|p| read(root, p, &mut data_read))
                    .collect();
            (
                listed(root, &scores.join("self"), &mut listing),
                listed(root, &scores.join("appraisal"), &mut listing),
                data_files,
            )
        },
    );
    let units::Listed {
        mut units,
        rejected,
    } = listed_units;
    for u in &mut units {
        u.scheme =
            criteria.scheme_of_block(&u.block, &u.extra, Some(&u.location), &u.code, &mut before);
    }
    let Criteria {
        regulation,
        schemes,
        ..
    } = criteria;

    check_predecessors(root, year, &units, &mut before);
    let schedule = schedule::load(root, year, &units, &mut before);

    let unit_index: HashMap<String, usize> = units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.code.clone(), i))
        .collect();
    // The datasets are read while the answer files are indexed: a national
    // run's datasets have a row per unit.
    let unit_codes: foldhash::HashSet<&str> = unit_index.keys().map(String::as_str).collect();
    let mut data_diags = Diagnostics::default();
    let (data, (self_files, appraisal_files, mut after)) = rayon::join(
        || {
            let typed = dataset::typed_inputs(&schemes);
            let sum_periods = regulation.as_ref().map_or(&[][..], |r| &r.sum_periods[..]);
            dataset::load(
                data_files,
                &unit_codes,
                &typed,
                sum_periods,
                &mut data_diags,
            )
        },
        || {
            // Units of a self folder that cannot be listed are not "missing"
            // their self-assessment: the folder's error says why.
            let after = match &self_listed {
                Some(files) => missing_self_assessments(root, year, &units, files),
                None => Diagnostics::default(),
            };
            let self_files = Listing::new(
                root,
                self_listed.unwrap_or_default(),
                &unit_index,
                &rejected,
            );
            let appraisal_files = Listing::new(
                root,
                appraisal_listed.unwrap_or_default(),
                &unit_index,
                &rejected,
            );
            (self_files, appraisal_files, after)
        },
    );
    dataset::check_coverage(year, &units, &schemes, &data, &mut after);
    after.extend(listing.items);
    after.extend(data_read.items);
    // The rows of a unit rejected for an error of its own are not "no such unit".
    data_diags
        .items
        .retain(|d| !matches!(&d.message, Msg::UnknownUnit(u) if rejected.contains(u)));
    after.extend(data_diags.items);

    let ws = Workspace {
        root: root.to_path_buf(),
        year,
        regulation,
        schemes,
        units,
        unit_index,
        self_assessments: HashMap::default(),
        appraisals: HashMap::default(),
        data,
        schedule,
        diagnostics: Diagnostics::default(),
    };
    let files = AnswerFiles {
        root: root.to_path_buf(),
        self_files,
        appraisal_files,
        before,
        after,
    };
    Ok((ws, files))
}

/// "No self-assessment" for each unit without a file. Every entry of the
/// folder counts: one that exists but cannot be read has its own error, and
/// this one (with its hint to write a template) would invite overwriting it.
/// A file named as Windows tools name it (`STP.toml.txt` from Notepad,
/// `STP.TOML`, `stp.toml`) is reported with the rename to make, never as a
/// missing self-assessment (whose hint, a template, would overwrite its work).
fn missing_self_assessments(
    root: &Path,
    year: i64,
    units: &[crate::model::Unit],
    self_files: &[(String, PathBuf)],
) -> Diagnostics {
    let present: foldhash::HashSet<&str> = self_files.iter().map(|(c, _)| c.as_str()).collect();
    let mut missing = Diagnostics::default();
    let mut others: Option<Vec<String>> = None;
    for u in units.iter().filter(|u| !present.contains(u.code.as_str())) {
        // Listed only when some unit lacks its file (rare in a national run).
        let others = others.get_or_insert_with(|| {
            let dir = scores_dir(root, year).join("self");
            let mut names: Vec<String> = std::fs::read_dir(dir)
                .map(|rd| {
                    rd.filter_map(|e| e.ok())
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            names.sort();
            names
        });
        if let Some(name) = others.iter().find(|n| misnamed_answer_file(n, &u.code)) {
            missing.push(
                Diagnostic::new(
                    Code::MisnamedAnswerFile,
                    Msg::MisnamedAnswerFile {
                        file: format!("scores/{year}/self/{name}"),
                        wanted: format!("{}.toml", u.code),
                    },
                )
                .hint(Msg::RenameHint {
                    from: name.clone(),
                    to: format!("{}.toml", u.code),
                })
                .unit(&u.code),
            );
            continue;
        }
        missing.push(
            Diagnostic::new(
                Code::MissingSelfAssessment,
                Msg::MissingSelfAssessment(format!("scores/{year}/self/{}.toml", u.code)),
            )
            .hint(Msg::TemplateHint {
                year,
                unit: u.code.clone(),
            })
            .unit(&u.code),
        );
    }
    missing
}

/// Whether `name` is `CODE.toml` as Windows tools misname it: another case,
/// or a `.txt` added or put in place of `.toml`.
fn misnamed_answer_file(name: &str, code: &str) -> bool {
    let wanted = format!("{code}.toml");
    if name == wanted {
        return false;
    }
    let lower = name.to_lowercase();
    let code = code.to_lowercase();
    lower
        .strip_prefix(&code)
        .is_some_and(|rest| matches!(rest, ".toml" | ".toml.txt" | ".txt" | ".toml.toml"))
}

/// Predecessors must be units of the previous year, when that year's unit list exists.
fn check_predecessors(
    root: &Path,
    year: i64,
    units: &[crate::model::Unit],
    diags: &mut Diagnostics,
) {
    if units.iter().all(|u| u.previous.is_empty()) {
        return;
    }
    let path = scores_dir(root, year - 1).join("units.toml");
    if !path.is_file() {
        return;
    }
    let mut ignored = Diagnostics::default();
    let Some(file) = read(root, &path, &mut ignored) else {
        return;
    };
    let earlier = units::load(&file, None, &mut ignored);
    for u in units {
        for p in &u.previous {
            if earlier.iter().any(|e| e.code == p.code) {
                continue;
            }
            diags.push(
                Diagnostic::new(
                    Code::UnknownPredecessor,
                    Msg::UnknownPredecessor {
                        code: p.code.clone(),
                        year: year - 1,
                    },
                )
                .at_location(Some(&p.location))
                .unit(&u.code)
                .hint_opt(
                    toml::closest(&p.code, earlier.iter().map(|e| e.code.as_str()))
                        .map(|c| Msg::DidYouMean(c.into())),
                ),
            );
        }
    }
}

/// The answer files of a year, listed when the workspace is loaded and read
/// on demand, each once; and the workspace's other diagnostics, kept in the
/// order a complete load reports them.
pub struct AnswerFiles {
    root: PathBuf,
    self_files: Listing,
    appraisal_files: Listing,
    /// Criteria, units and predecessors.
    before: Diagnostics,
    /// Missing self-assessments and datasets.
    after: Diagnostics,
}

type Parse<T> =
    fn(&Workspace, &Arc<SourceFile>, &str, Option<&Scheme>, &mut Diagnostics) -> Option<T>;

/// A self-assessment, its attachments checked against the unit's evidence folder.
fn self_of(
    ws: &Workspace,
    file: &Arc<SourceFile>,
    unit: &str,
    scheme: Option<&Scheme>,
    diags: &mut Diagnostics,
) -> Option<SelfAssessment> {
    let sa = answers::load_self(file, unit, scheme, diags)?;
    attachments::check(&ws.root, ws.year, &sa, diags);
    Some(sa)
}

fn appraisal_of(
    _: &Workspace,
    file: &Arc<SourceFile>,
    unit: &str,
    scheme: Option<&Scheme>,
    diags: &mut Diagnostics,
) -> Option<Appraisal> {
    answers::load_appraisal(file, unit, scheme, diags)
}

impl AnswerFiles {
    pub fn read_self(&self, ws: &Workspace, unit: &str) -> Option<SelfAssessment> {
        self.self_files.read(&self.root, ws, unit, self_of)
    }

    pub fn read_appraisal(&self, ws: &Workspace, unit: &str) -> Option<Appraisal> {
        self.appraisal_files
            .read(&self.root, ws, unit, appraisal_of)
    }

    /// Reads the files nobody asked for (units that could not be scored still
    /// get their files checked) and gives the workspace all its diagnostics.
    pub fn finish(self, ws: &mut Workspace) {
        self.self_files.read_rest(&self.root, ws, self_of);
        self.appraisal_files.read_rest(&self.root, ws, appraisal_of);
        let mut diags = self.before;
        for listing in [self.self_files, self.appraisal_files] {
            for d in listing.diagnostics {
                diags.extend(d.into_inner().unwrap_or_default().items);
            }
        }
        diags.extend(self.after.items);
        diags.sort();
        diags.dedup();
        ws.diagnostics = diags;
    }
}

/// The TOML files of a folder with the unit code each is named after (NFC);
/// `None` when the folder cannot be listed (a diagnostic says why).
fn listed(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Option<Vec<(String, PathBuf)>> {
    let files = list_files(dir, "toml")
        .inspect_err(|e| diags.push(cannot_read(root, dir, e)))
        .ok()?;
    let files = files
        .into_iter()
        .map(|p| {
            (
                p.file_stem()
                    .map(|s| crate::source::nfc(&s.to_string_lossy()))
                    .unwrap_or_default(),
                p,
            )
        })
        .collect();
    Some(files)
}

/// The answer files of one kind (`self/` or `appraisal/`), one per unit, in
/// file-name order, each with the diagnostics of reading it (set once read).
struct Listing {
    files: Vec<(String, PathBuf)>,
    /// Unit code → position, for the files of known units.
    index: HashMap<String, usize>,
    diagnostics: Vec<OnceLock<Diagnostics>>,
}

impl Listing {
    /// `rejected`: units declared but left out for an error of their own,
    /// whose files are not read and not reported as no unit's.
    fn new(
        root: &Path,
        files: Vec<(String, PathBuf)>,
        unit_index: &HashMap<String, usize>,
        rejected: &std::collections::HashSet<String>,
    ) -> Listing {
        let diagnostics: Vec<OnceLock<Diagnostics>> =
            files.iter().map(|_| OnceLock::new()).collect();
        let mut index: HashMap<String, usize> =
            HashMap::with_capacity_and_hasher(files.len(), Default::default());
        for (i, (code, path)) in files.iter().enumerate() {
            let mut d = Diagnostics::default();
            if let Some(&first) = index.get(code) {
                d.push(
                    Diagnostic::new(
                        Code::Duplicate,
                        Msg::DuplicateAnswerFile {
                            unit: code.clone(),
                            file: relative_name(root, path),
                            other: relative_name(root, &files[first].1),
                        },
                    )
                    .unit(code),
                );
                let _ = diagnostics[i].set(d);
                continue;
            }
            if unit_index.contains_key(code) {
                index.insert(code.clone(), i);
                continue;
            }
            if rejected.contains(code) {
                let _ = diagnostics[i].set(d);
                continue;
            }
            d.push(
                Diagnostic::new(
                    Code::UnknownUnit,
                    Msg::AnswerFileForUnknownUnit {
                        unit: code.clone(),
                        file: relative_name(root, path),
                    },
                )
                .hint_opt(
                    toml::closest(code, unit_index.keys().map(String::as_str))
                        .map(|c| Msg::DidYouMean(c.into())),
                ),
            );
            let _ = diagnostics[i].set(d);
        }
        Listing {
            files,
            index,
            diagnostics,
        }
    }

    /// The unit's file, parsed; `None` without a file, or when it was read before.
    fn read<T>(&self, root: &Path, ws: &Workspace, unit: &str, parse: Parse<T>) -> Option<T> {
        self.read_at(root, ws, *self.index.get(unit)?, parse)
    }

    fn read_at<T>(&self, root: &Path, ws: &Workspace, at: usize, parse: Parse<T>) -> Option<T> {
        // Each unit is scored once: a second read would be scored as "no answers".
        debug_assert!(self.diagnostics[at].get().is_none(), "read twice");
        let (code, path) = &self.files[at];
        let mut d = Diagnostics::default();
        let scheme = ws.unit(code).and_then(|u| ws.scheme_of(u));
        let parsed = read(root, path, &mut d).and_then(|f| parse(ws, &f, code, scheme, &mut d));
        // Read once: a second read would repeat the file's diagnostics.
        self.diagnostics[at].set(d).ok()?;
        parsed
    }

    /// Every file of a known unit, read in parallel (they are independent).
    fn read_all<T: Send>(
        &self,
        root: &Path,
        ws: &Workspace,
        parse: Parse<T>,
    ) -> HashMap<String, T> {
        let read: Vec<Option<(String, T)>> = self
            .index
            .values()
            .copied()
            .collect::<Vec<usize>>()
            .into_par_iter()
            .map(|at| {
                self.read_at(root, ws, at, parse)
                    .map(|a| (self.files[at].0.clone(), a))
            })
            .collect();
        // Sized once: a national run's map would otherwise be rebuilt a dozen times as it grows.
        let mut map = HashMap::with_capacity_and_hasher(read.len(), Default::default());
        map.extend(read.into_iter().flatten());
        map
    }

    fn read_rest<T>(&self, root: &Path, ws: &Workspace, parse: Parse<T>) {
        let rest: Vec<usize> = self
            .index
            .values()
            .copied()
            .filter(|&at| self.diagnostics[at].get().is_none())
            .collect();
        rest.into_par_iter().for_each(|at| {
            self.read_at(root, ws, at, parse);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    /// A folder that does not exist holds nothing; one that cannot be listed
    /// (here: no permission, which a test running as root cannot provoke on
    /// disk) is an error that names it, in both languages.
    #[test]
    fn unlistable_folders_are_errors() {
        use std::io::{Error, ErrorKind};
        assert!(absent_folder(Error::from(ErrorKind::NotFound)).is_ok());
        let denied = absent_folder(Error::from(ErrorKind::PermissionDenied)).unwrap_err();
        let root = Path::new("/ws");
        let d = cannot_read(root, &root.join("scores/2024/self"), &denied);
        assert_eq!(d.code, Code::Io);
        assert_eq!(
            d.message.text(Lang::En),
            "cannot read scores/2024/self: permission denied"
        );
        assert!(
            d.message
                .text(Lang::Vi)
                .contains("scores/2024/self: không có quyền truy cập"),
            "{}",
            d.message.text(Lang::Vi)
        );
    }
}
