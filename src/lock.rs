//! Locked results (`chiso lock`, `chiso verify`): the final results of a year
//! with a SHA-256 of every input file and of the results, so that a published
//! year cannot be changed quietly.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::diagnostic::{Code, Diagnostic};
use crate::i18n::{Lang, Msg};
use crate::load;
use crate::model::Workspace;
use crate::num;
use crate::results::Results;
use crate::source::{SourceFile, relative_name};

pub const FILE_NAME: &str = "results.lock.toml";

pub fn path(root: &Path, year: i64) -> PathBuf {
    load::scores_dir(root, year).join(FILE_NAME)
}

/// `scores/<year>/results.lock.toml`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Lock {
    pub year: i64,
    pub regulation: String,
    pub locked_at: String,
    pub chiso_version: String,
    /// Over every unit's fingerprint, in result order.
    pub results_sha256: String,
    /// The results hash of the lock this one replaced (`lock --force`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supersedes: Option<String>,
    /// Set when the year was locked despite problems (`lock --force --reason`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forced: Option<Forced>,
    /// Repository-relative path → SHA-256 of the file's bytes.
    pub inputs: BTreeMap<String, String>,
    #[serde(rename = "unit", default)]
    pub units: Vec<LockedUnit>,
}

/// Why a year was locked despite problems that refuse a lock (see [`blocks`]).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Forced {
    /// `--reason`, as given.
    pub reason: String,
    /// The problems overridden: each one's code and message.
    pub problems: Vec<String>,
}

/// One unit's final result as locked.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct LockedUnit {
    pub code: String,
    pub block: String,
    pub total: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank: Option<u32>,
    /// Over the unit's result and every criterion's final points.
    pub sha256: String,
}

fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// SHA-256 of every input file of the year (see [`load::input_files`]), read
/// as loading reads them; a file that cannot be read is an error naming it.
pub fn hash_inputs(root: &Path, year: i64) -> Result<BTreeMap<String, String>, Box<Diagnostic>> {
    load::input_files(root, year)?
        .par_iter()
        .map(|p| {
            let bytes = crate::source::read_bytes(root, p)
                .map_err(|e| Box::new(load::cannot_read(root, p, &e)))?;
            Ok((relative_name(root, p), sha256(&bytes)))
        })
        .collect()
}

/// Does a diagnostic refuse a lock (unless forced with a reason)? Errors, and
/// official data the criteria read that is missing (W0609: a warning while
/// the season is open, since its criteria score 0).
pub fn blocks(d: &Diagnostic) -> bool {
    d.is_error() || d.code == Code::MissingData
}

/// The final results as they are locked: one fingerprint per unit.
pub fn fingerprint(ws: &Workspace, results: &Results) -> Vec<LockedUnit> {
    let p = |d| num::fmt_fixed(d, results.points_decimals, Lang::En);
    results
        .units
        .iter()
        .map(|u| {
            let index = u
                .final_
                .index
                .map(|i| num::fmt_fixed(i, results.index_decimals, Lang::En));
            let mut text = format!(
                "{}\n{}\n{}\n{}\n{}\n{}\n",
                u.code,
                u.block,
                p(u.final_.total),
                index.as_deref().unwrap_or("-"),
                u.final_.rating.as_deref().unwrap_or("-"),
                u.rank.map(|r| r.to_string()).unwrap_or_default(),
            );
            if let Some(scheme) = ws.unit(&u.code).and_then(|x| ws.scheme_of(x)) {
                for (c, n) in scheme.nodes.iter().zip(&u.nodes) {
                    let na = if n.final_.na { " na" } else { "" };
                    let _ = writeln!(text, "{} {}{na}", c.code, p(n.final_.points));
                }
            }
            LockedUnit {
                code: u.code.clone(),
                block: u.block.clone(),
                total: p(u.final_.total),
                index,
                rating: u.final_.rating.clone(),
                rank: u.rank,
                sha256: sha256(text.as_bytes()),
            }
        })
        .collect()
}

pub fn results_hash(units: &[LockedUnit]) -> String {
    let all: String = units
        .iter()
        .map(|u| format!("{} {}\n", u.code, u.sha256))
        .collect();
    sha256(all.as_bytes())
}

impl Lock {
    pub fn new(
        ws: &Workspace,
        inputs: BTreeMap<String, String>,
        units: Vec<LockedUnit>,
        supersedes: Option<String>,
    ) -> Lock {
        Lock {
            year: ws.year,
            regulation: ws
                .regulation
                .as_ref()
                .map(|r| r.id.clone())
                .unwrap_or_default(),
            locked_at: humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string(),
            chiso_version: env!("CARGO_PKG_VERSION").to_string(),
            results_sha256: results_hash(&units),
            supersedes,
            forced: None,
            inputs,
            units,
        }
    }

    pub fn to_toml(&self, lang: Lang) -> String {
        let mut out = String::new();
        for line in crate::i18n::Label::LockHeader.text(lang).lines() {
            out += "# ";
            out += line;
            out += "\n";
        }
        out += "\n";
        out += &toml::to_string(self).unwrap_or_default();
        out
    }
}

/// The lock file as read, with the file for positions.
pub struct LockFile {
    pub lock: Lock,
    pub file: Arc<SourceFile>,
}

impl LockFile {
    /// The position of an input's entry, for diagnostics.
    pub fn entry_span(&self, input: &str) -> std::ops::Range<usize> {
        let needle = format!("\"{input}\"");
        match self.file.text.find(&needle) {
            Some(i) => i..i + needle.len(),
            None => 0..0,
        }
    }
}

/// Reads the year's lock: `Ok(None)` when the year is not locked.
pub fn read(root: &Path, year: i64) -> Result<Option<LockFile>, Box<Diagnostic>> {
    let p = path(root, year);
    if !p.is_file() {
        return Ok(None);
    }
    let file = SourceFile::read(root, &p).map_err(|e| Box::new(load::cannot_read(root, &p, &e)))?;
    match toml::from_str::<Lock>(&file.text) {
        Ok(lock) => Ok(Some(LockFile { lock, file })),
        Err(e) => Err(Box::new(
            Diagnostic::new(
                Code::LockFile,
                Msg::LockFileInvalid(e.message().to_string()),
            )
            .at(&file, e.span().unwrap_or(0..0))
            .hint(Msg::LockFileHint { year }),
        )),
    }
}

/// A unit whose result differs from the lock (or that appeared or vanished).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitChange {
    pub code: String,
    pub locked: Option<LockedUnit>,
    pub now: Option<LockedUnit>,
}

/// What differs between a lock and the workspace today.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Verification {
    pub changed: Vec<String>,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub units: Vec<UnitChange>,
}

impl Verification {
    pub fn is_clean(&self) -> bool {
        self.changed.is_empty()
            && self.added.is_empty()
            && self.removed.is_empty()
            && self.units.is_empty()
    }
}

/// Input files that changed, appeared or vanished since the lock.
pub fn compare_inputs(lock: &Lock, now: &BTreeMap<String, String>) -> Verification {
    let mut v = Verification::default();
    for (name, hash) in now {
        match lock.inputs.get(name) {
            Some(h) if h == hash => {}
            Some(_) => v.changed.push(name.clone()),
            None => v.added.push(name.clone()),
        }
    }
    v.removed = lock
        .inputs
        .keys()
        .filter(|k| !now.contains_key(*k))
        .cloned()
        .collect();
    v
}

/// Inputs and results compared with the lock.
pub fn verify(
    lock: &Lock,
    inputs: &BTreeMap<String, String>,
    units: &[LockedUnit],
) -> Verification {
    let mut v = compare_inputs(lock, inputs);
    let locked: BTreeMap<&str, &LockedUnit> =
        lock.units.iter().map(|u| (u.code.as_str(), u)).collect();
    let now: BTreeMap<&str, &LockedUnit> = units.iter().map(|u| (u.code.as_str(), u)).collect();
    let codes: std::collections::BTreeSet<&str> =
        locked.keys().chain(now.keys()).copied().collect();
    for code in codes {
        let (a, b) = (locked.get(code), now.get(code));
        if a.map(|u| &u.sha256) != b.map(|u| &u.sha256) {
            v.units.push(UnitChange {
                code: code.to_string(),
                locked: a.map(|u| (*u).clone()),
                now: b.map(|u| (*u).clone()),
            });
        }
    }
    v
}

/// `check`'s warnings for inputs of a locked year that changed since.
pub fn check_diagnostics(lock: &LockFile, inputs: &BTreeMap<String, String>) -> Vec<Diagnostic> {
    let v = compare_inputs(&lock.lock, inputs);
    let at = |name: &str, msg: Msg| {
        Diagnostic::new(Code::LockedInputChanged, msg)
            .at(&lock.file, lock.entry_span(name))
            .hint(Msg::VerifyHint {
                year: lock.lock.year,
            })
    };
    let when = &lock.lock.locked_at;
    v.changed
        .iter()
        .map(|f| {
            at(
                f,
                Msg::LockedInputChanged {
                    file: f.clone(),
                    locked_at: when.clone(),
                },
            )
        })
        .chain(v.added.iter().map(|f| {
            Diagnostic::new(
                Code::LockedInputChanged,
                Msg::LockedInputAdded {
                    file: f.clone(),
                    locked_at: when.clone(),
                },
            )
            .at(&lock.file, 0..0)
            .hint(Msg::VerifyHint {
                year: lock.lock.year,
            })
        }))
        .chain(v.removed.iter().map(|f| {
            at(
                f,
                Msg::LockedInputRemoved {
                    file: f.clone(),
                    locked_at: when.clone(),
                },
            )
        }))
        .collect()
}
