//! Loading a year of a workspace: files → validated [`Workspace`].
//!
//! Loading never stops at the first problem: every file is read, every
//! problem becomes a diagnostic, and whatever is valid is kept so that results
//! can still be computed.

pub mod answers;
pub mod appendix;
pub mod cases;
pub mod dataset;
pub mod fast;
pub mod fuzz;
pub mod regulation;
pub mod toml;
pub mod units;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::{Code, Diagnostic, Diagnostics, Location};
use crate::i18n::Msg;
use crate::model::{Regulation, Scheme, Workspace};
use crate::source::{SourceFile, relative_name};
use appendix::AppendixFile;

/// A failure that is not about the content of the files (exit code 2).
#[derive(Debug)]
pub enum LoadFailure {
    NoSuchYear { year: i64, available: Vec<String> },
}

pub fn criteria_dir(root: &Path, year: i64) -> PathBuf {
    root.join("criteria").join(year.to_string())
}

pub fn scores_dir(root: &Path, year: i64) -> PathBuf {
    root.join("scores").join(year.to_string())
}

/// Files with the given extension directly in `dir`, sorted by name.
pub fn list_files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = rd
        .filter_map(Result::ok)
        .filter(|e| {
            // The folder listing already says what most entries are: no `stat` per file.
            match e.file_type() {
                Ok(t) if t.is_file() => true,
                Ok(t) if t.is_symlink() => e.path().is_file(),
                _ => false,
            }
        })
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    files
}

/// Every file `load_workspace` reads for a year (those that exist), sorted:
/// the criteria, the unit list, the answers and the datasets. Locking hashes them.
pub fn input_files(root: &Path, year: i64) -> Vec<PathBuf> {
    let scores = scores_dir(root, year);
    let mut files = list_files(&criteria_dir(root, year), "toml");
    files.extend(Some(scores.join("units.toml")).filter(|p| p.is_file()));
    files.extend(list_files(&scores.join("self"), "toml"));
    files.extend(list_files(&scores.join("appraisal"), "toml"));
    files.extend(list_files(&scores.join("data"), "csv"));
    files
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
            diags.push(Diagnostic::new(
                Code::Io,
                Msg::CannotRead {
                    file: relative_name(root, path),
                    error: e.to_string(),
                },
            ));
            None
        }
    }
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

    /// The tree of a block's appendix with the given overlays (SPEC §4 `extra`),
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
    let appendices = list_files(&criteria, "toml")
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
        scheme_index: HashMap::new(),
    };
    for ids in combinations {
        c.scheme_for(ids, diags);
    }
    c
}

pub fn load_workspace(root: &Path, year: i64) -> Result<Workspace, LoadFailure> {
    let scores = scores_dir(root, year);
    let mut diags = Diagnostics::default();
    let mut criteria = load_criteria(root, year, &mut diags)?;

    // Units.
    let units_path = scores.join("units.toml");
    let mut units = match read(root, &units_path, &mut diags) {
        Some(f) => units::load(&f, criteria.regulation.as_ref(), &mut diags),
        None => Vec::new(),
    };
    for u in &mut units {
        u.scheme =
            criteria.scheme_of_block(&u.block, &u.extra, Some(&u.location), &u.code, &mut diags);
    }
    let Criteria {
        regulation,
        schemes,
        ..
    } = criteria;

    check_predecessors(root, year, &units, &mut diags);

    // Answers, read in parallel: they are independent files.
    let unit_codes: HashSet<&str> = units.iter().map(|u| u.code.as_str()).collect();
    let unit_index: HashMap<String, usize> = units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.code.clone(), i))
        .collect();
    let scheme_of = |code: &str| {
        unit_index
            .get(code)
            .and_then(|&i| units[i].scheme)
            .map(|i| &schemes[i])
    };
    let answers_of = AnswerFiles {
        root,
        scores: &scores,
        unit_codes: &unit_codes,
        scheme_of: &scheme_of,
    };
    // Sized once: a national run's maps would otherwise be rebuilt a dozen times as they grow.
    let mut self_assessments = HashMap::with_capacity(units.len());
    for (a, d) in answers_of.read("self", answers::load_self) {
        diags.extend(d.items);
        self_assessments.extend(a);
    }
    let mut appraisals = HashMap::with_capacity(units.len());
    for (a, d) in answers_of.read("appraisal", answers::load_appraisal) {
        diags.extend(d.items);
        appraisals.extend(a);
    }
    for u in &units {
        // A file that exists but could not be read has its own error; "no
        // self-assessment" (with its hint to write a template) would invite
        // overwriting it.
        let file = scores.join("self").join(format!("{}.toml", u.code));
        if !self_assessments.contains_key(&u.code) && !file.exists() {
            diags.push(
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
    }

    let data_files: Vec<Arc<SourceFile>> = list_files(&scores.join("data"), "csv")
        .iter()
        .filter_map(|p| read(root, p, &mut diags))
        .collect();
    let data = dataset::load(data_files, &unit_codes, &mut diags);

    diags.sort();
    diags.dedup();
    Ok(Workspace {
        root: root.to_path_buf(),
        year,
        regulation,
        schemes,
        units,
        unit_index,
        self_assessments,
        appraisals,
        data,
        diagnostics: diags,
    })
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

/// The answer files of one kind (`self/` or `appraisal/`), one per unit.
struct AnswerFiles<'a> {
    root: &'a Path,
    scores: &'a Path,
    unit_codes: &'a HashSet<&'a str>,
    scheme_of: &'a (dyn Fn(&str) -> Option<&'a Scheme> + Sync),
}

type Parse<T> = fn(&Arc<SourceFile>, &str, Option<&Scheme>, &mut Diagnostics) -> Option<T>;

impl AnswerFiles<'_> {
    /// Reads every file in parallel (they are independent): unit code and
    /// parsed answers, with each file's diagnostics.
    fn read<T: Send>(&self, dir: &str, parse: Parse<T>) -> Vec<(Option<(String, T)>, Diagnostics)> {
        let files: Vec<(String, PathBuf)> = list_files(&self.scores.join(dir), "toml")
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
        files
            .into_par_iter()
            .map(|(code, path)| {
                let mut d = Diagnostics::default();
                if !self.unit_codes.contains(code.as_str()) {
                    d.push(
                        Diagnostic::new(
                            Code::UnknownUnit,
                            Msg::AnswerFileForUnknownUnit {
                                unit: code.clone(),
                                file: relative_name(self.root, &path),
                            },
                        )
                        .hint_opt(
                            toml::closest(&code, self.unit_codes.iter().copied())
                                .map(|c| Msg::DidYouMean(c.into())),
                        ),
                    );
                    return (None, d);
                }
                let a = read(self.root, &path, &mut d)
                    .and_then(|f| parse(&f, &code, (self.scheme_of)(&code), &mut d));
                (a.map(|a| (code, a)), d)
            })
            .collect()
    }
}
