//! `lock`, `verify` and `key new`: sealing a year's official results and
//! checking a seal.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{Error, ExitStatus, Problem, Result};
use crate::diagnostic::Diagnostic;
use crate::eval::{self, Options};
use crate::i18n::{Lang, Say};
use crate::load::InputKind;
use crate::lock::{self, Lock, LockFile, TrustedKey, Verification};
use crate::model::Workspace;
use crate::output::{self, Destination};

/// `check` on a locked year: inputs changed since the lock are warnings.
pub fn lock_warnings(root: &Path, year: i64) -> Vec<Diagnostic> {
    match lock::read(root, year) {
        Ok(None) => Vec::new(),
        Err(d) => vec![*d],
        Ok(Some(l)) => match lock::hash_inputs(root, year) {
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
    inputs: BTreeMap<String, String>,
    /// All the year's diagnostics, shown before the lock's own outcome.
    diagnostics: Vec<Diagnostic>,
    /// What refuses a lock unless forced with a reason (see [`lock::blocks`]).
    blocking: Vec<Diagnostic>,
}

impl LockState {
    /// Errors in the inputs: the results are not what a lock can record.
    fn has_errors(&self) -> bool {
        self.blocking.iter().any(Diagnostic::is_error)
    }

    /// The workspace as a lock of `year` is compared with.
    fn current<'a>(&'a self, year: i64, key: Option<&'a TrustedKey>) -> lock::Current<'a> {
        lock::Current {
            year,
            regulation: self.ws.regulation.as_ref().map(|r| r.id.as_str()),
            inputs: &self.inputs,
            units: self.units.as_deref(),
            key,
        }
    }
}

fn lock_state(root: &Path, year: i64) -> Result<LockState> {
    let ws = super::load(root, year)?;
    let results = eval::evaluate(&ws, &Options::default());
    let diagnostics = super::all_diagnostics(&ws, results.as_ref());
    let blocking = diagnostics
        .iter()
        .filter(|d| lock::blocks(d))
        .cloned()
        .collect();
    let units = results.map(|r| lock::fingerprint(&ws, &r));
    let inputs = lock::hash_inputs(root, year).map_err(|d| Error {
        status: ExitStatus::Error,
        diagnostics: diagnostics.clone(),
        details: Vec::new(),
        problem: Some(Problem::Diagnostic(d)),
    })?;
    Ok(LockState {
        ws,
        units,
        inputs,
        diagnostics,
        blocking,
    })
}

fn read_lock(root: &Path, year: i64) -> Result<Option<LockFile>> {
    lock::read(root, year).map_err(|d| Error {
        status: ExitStatus::Failure,
        diagnostics: Vec::new(),
        details: Vec::new(),
        problem: Some(Problem::Diagnostic(d)),
    })
}

fn key_error(e: crate::sign::KeyError) -> Error {
    Error {
        status: ExitStatus::Error,
        diagnostics: Vec::new(),
        details: Vec::new(),
        problem: Some(Problem::Key(e)),
    }
}

/// `chiso key new -o KEYFILE`: writes a new private key; returns the line
/// naming its public key, for the regulation.
pub fn new_key(root: &Path, path: &Path) -> Result<String> {
    let key = crate::sign::generate();
    crate::sign::write_new(root, path, &key).map_err(key_error)?;
    Ok(format!(
        "lock_public_key = \"{}\"\n",
        crate::sign::public_hex(&key.verifying_key())
    ))
}

pub struct LockRequest<'a> {
    pub year: i64,
    pub force: bool,
    pub reason: Option<&'a str>,
    pub sign: Option<&'a Path>,
    /// The language the lock file's comments and forced problems are written in.
    pub lang: Lang,
}

/// What `lock` did.
pub enum Locked {
    /// The existing lock already records the year as it is.
    Already {
        locked_at: String,
    },
    Written {
        path: PathBuf,
        lock: Box<Lock>,
    },
}

/// The outcome of `lock`, with the year's diagnostics and the missing
/// official data a forced lock went over.
pub struct LockOutcome {
    pub diagnostics: Vec<Diagnostic>,
    /// Warnings that block a lock (missing official data), shown in full.
    pub blocking_warnings: Vec<Diagnostic>,
    pub locked: Locked,
}

/// `chiso lock`: seals the year's final results and inputs.
pub fn lock(root: &Path, request: &LockRequest) -> Result<LockOutcome> {
    let year = request.year;
    let key = request
        .sign
        .map(|p| crate::sign::read(root, p))
        .transpose()
        .map_err(key_error)?;
    let existing = read_lock(root, year)?;
    let state = lock_state(root, year)?;
    let diagnostics = state.diagnostics.clone();
    // Refusals are told as a sentence of their own, after what refuses.
    let refused = |say: Say, details: Vec<Diagnostic>| Error {
        status: ExitStatus::Failure,
        diagnostics: diagnostics.clone(),
        details,
        problem: Some(Problem::Refused(Box::new(say))),
    };
    let Some(units) = state.units.clone() else {
        return Err(refused(Say::LockRefused { year }, Vec::new()));
    };
    // Missing official data is only a warning for `check`: shown here in full.
    let blocking_warnings: Vec<Diagnostic> = state
        .blocking
        .iter()
        .filter(|d| !d.is_error())
        .cloned()
        .collect();
    let outcome = |locked| LockOutcome {
        diagnostics: diagnostics.clone(),
        blocking_warnings: blocking_warnings.clone(),
        locked,
    };
    let reason = request.reason.map(str::trim).filter(|r| !r.is_empty());
    let forced = match (state.blocking.is_empty(), reason) {
        (true, _) => None,
        (false, Some(reason)) => Some(lock::Forced {
            reason: reason.to_string(),
            problems: state
                .blocking
                .iter()
                .map(|d| format!("{} {}", d.code.id(), d.message.text(request.lang)))
                .collect(),
        }),
        (false, None) => {
            let say = Say::LockBlocked {
                year,
                errors: state.blocking.iter().filter(|d| d.is_error()).count(),
                missing_data: blocking_warnings.len(),
            };
            return Err(refused(say, blocking_warnings));
        }
    };
    let supersedes = match existing {
        None => None,
        Some(old) => match over(old, &state, key.as_ref(), request) {
            Ok(Existing::Keep { locked_at }) => {
                return Ok(outcome(Locked::Already { locked_at }));
            }
            Ok(Existing::Resign(signed)) => {
                return write_lock(root, year, *signed, request.lang).map(outcome);
            }
            Ok(Existing::Supersede(sha)) => Some(sha),
            Err(mut e) => {
                e.diagnostics = diagnostics;
                e.details.splice(0..0, blocking_warnings);
                return Err(e);
            }
        },
    };
    let lock = Lock::new(
        &state.ws,
        state.inputs,
        units,
        supersedes,
        forced,
        key.as_ref(),
    );
    write_lock(root, year, lock, request.lang).map(outcome)
}

/// What becomes of the year's existing lock.
enum Existing {
    /// It records the year as it is.
    Keep { locked_at: String },
    /// It records the year as it is, and is signed now.
    Resign(Box<Lock>),
    /// The year changed and `--force` replaces it: the old results' hash.
    Supersede(String),
}

/// Decides over the existing lock; a refusal comes back without the year's
/// diagnostics, which the caller adds.
fn over(
    old: LockFile,
    state: &LockState,
    key: Option<&ed25519_dalek::SigningKey>,
    request: &LockRequest,
) -> Result<Existing> {
    let year = request.year;
    let v = lock::verify(&old.lock, &state.current(year, None));
    let resign = key.is_some_and(|k| {
        old.lock.signed_by.as_deref() != Some(crate::sign::public_hex(&k.verifying_key()).as_str())
    });
    if v.is_clean() && !resign {
        let locked_at = old.lock.locked_at;
        return Ok(Existing::Keep { locked_at });
    }
    if v.is_clean() {
        // The same lock, signed: what it records does not change. Another
        // signer's signature is replaced only on purpose.
        if let Some(by) = old.lock.signed_by.as_ref().filter(|_| !request.force) {
            let say = Say::LockSignedByOther {
                year,
                key: by.clone(),
            };
            return Err(Error {
                status: ExitStatus::Failure,
                diagnostics: Vec::new(),
                details: Vec::new(),
                problem: Some(Problem::Refused(Box::new(say))),
            });
        }
        let mut signed = old.lock;
        if let Some(k) = key {
            signed.sign(k);
        }
        return Ok(Existing::Resign(Box::new(signed)));
    }
    if !request.force {
        return Err(Error {
            status: ExitStatus::Failure,
            diagnostics: Vec::new(),
            details: lock::lock_diagnostics(&old, &v),
            problem: Some(Problem::LockExists {
                verification: Box::new(v),
                locked_at: old.lock.locked_at,
                year,
            }),
        });
    }
    Ok(Existing::Supersede(old.lock.results_sha256))
}

fn write_lock(root: &Path, year: i64, lock: Lock, lang: Lang) -> Result<Locked> {
    let path = lock::path(root, year);
    let to = Destination {
        path: Some(&path),
        root,
        may_replace: &[InputKind::Lock],
    };
    output::write_output(to, &lock.to_toml(lang)).map_err(|e| Error {
        status: ExitStatus::Error,
        diagnostics: Vec::new(),
        details: Vec::new(),
        problem: Some(Problem::Write(e, path.display().to_string())),
    })?;
    Ok(Locked::Written {
        path,
        lock: Box::new(lock),
    })
}

/// What `verify` found.
pub struct Verified {
    pub diagnostics: Vec<Diagnostic>,
    /// Problems of the lock file itself (edited fields, a bad signature).
    pub lock_errors: Vec<Diagnostic>,
    pub verification: Verification,
    pub verdict: Say,
    /// The inputs have errors the lock was not forced over: results not compared.
    pub unverifiable: bool,
}

impl Verified {
    pub fn status(&self) -> ExitStatus {
        if self.verification.is_clean() && !self.unverifiable {
            ExitStatus::Success
        } else {
            ExitStatus::Failure
        }
    }
}

/// `chiso verify`: compares the year's lock with the workspace as it is.
pub fn verify(root: &Path, year: i64, public_key: Option<&str>) -> Result<Verified> {
    let given = match public_key {
        None => None,
        Some(text) => match crate::sign::parse_public(text) {
            Some(k) => Some(TrustedKey {
                hex: crate::sign::public_hex(&k),
                source: lock::KeySource::CommandLine,
            }),
            None => return Err(Error::usage(Say::BadPublicKey(text.to_string()))),
        },
    };
    let Some(existing) = read_lock(root, year)? else {
        return Err(Error::usage(Say::NotLocked { year }));
    };
    let state = lock_state(root, year)?;
    let key = given.or_else(|| {
        let reg = state.ws.regulation.as_ref()?;
        Some(TrustedKey {
            hex: reg.lock_public_key.clone()?,
            source: lock::KeySource::Regulation,
        })
    });
    let l = &existing.lock;
    // A lock forced over errors is compared with the results as they are;
    // otherwise results computed from inputs with errors are not compared.
    let unverifiable = state.units.is_none() || (state.has_errors() && l.forced.is_none());
    let mut now = state.current(year, key.as_ref());
    if unverifiable {
        now.units = None;
    }
    let verification = lock::verify(l, &now);
    let lock_errors = lock::lock_diagnostics(&existing, &verification);
    let verdict = if unverifiable {
        // The results cannot be recomputed: no unit is claimed to have changed.
        Say::VerifyInputErrors { year }
    } else if !lock_errors.is_empty() {
        Say::LockNotTrusted {
            year,
            errors: lock_errors.len(),
        }
    } else if verification.is_clean() {
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
    Ok(Verified {
        diagnostics: state.diagnostics,
        lock_errors,
        verification,
        verdict,
        unverifiable,
    })
}
