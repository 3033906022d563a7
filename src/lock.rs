//! Locked results (`chiso lock`, `chiso verify`): the final results of a year
//! with a SHA-256 of every input file and of the results, so that a published
//! year cannot be changed quietly.
//!
//! The lock seals itself: `[seal]` holds the SHA-256 of every field as
//! written and `content_sha256` the SHA-256 of the seal, so that a field
//! edited by hand is named by `verify`. Anyone who can edit files can
//! recompute both; a signature (Ed25519 over the seal, see [`crate::sign`])
//! is what only the key's holder can make.

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

pub const FILE_NAME: &str = load::LOCK_FILE;

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
    /// SHA-256 of the seal's canonical bytes ([`Lock::sealed_bytes`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_sha256: Option<String>,
    /// The public key whose private key signed the lock (`lock --sign`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_by: Option<String>,
    /// Ed25519 signature of the seal's canonical bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
    /// Field (`year`, …, `inputs`, `unit.<code>`) → SHA-256 of its value as
    /// written (canonical JSON).
    #[serde(default)]
    pub seal: BTreeMap<String, String>,
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

fn sha256(bytes: &[u8]) -> String {
    crate::sign::hex(&Sha256::digest(bytes))
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
        forced: Option<Forced>,
        key: Option<&ed25519_dalek::SigningKey>,
    ) -> Lock {
        let mut lock = Lock {
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
            content_sha256: None,
            signed_by: None,
            signature: None,
            seal: BTreeMap::new(),
            forced,
            inputs,
            units,
        };
        match key {
            Some(key) => lock.sign(key),
            None => lock.seal(),
        }
        lock
    }

    /// Every sealed field and the SHA-256 of its value as it reads now.
    fn fields(&self) -> BTreeMap<String, String> {
        fn digest(value: &impl Serialize) -> String {
            sha256(&serde_json::to_vec(value).unwrap_or_default())
        }
        let mut fields = BTreeMap::new();
        let mut put = |field: &str, d: String| {
            fields.insert(field.to_string(), d);
        };
        put("year", digest(&self.year));
        put("regulation", digest(&self.regulation));
        put("locked_at", digest(&self.locked_at));
        put("chiso_version", digest(&self.chiso_version));
        put("results_sha256", digest(&self.results_sha256));
        if let Some(s) = &self.supersedes {
            put("supersedes", digest(s));
        }
        if let Some(k) = &self.signed_by {
            put("signed_by", digest(k));
        }
        if let Some(f) = &self.forced {
            put("forced", digest(f));
        }
        put("inputs", digest(&self.inputs));
        for u in &self.units {
            put(&format!("unit.{}", u.code), digest(u));
        }
        fields
    }

    /// What `content_sha256` is over and the signature signs.
    pub fn sealed_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(&self.seal).unwrap_or_default()
    }

    /// Seals the lock as it reads now.
    pub fn seal(&mut self) {
        self.seal = self.fields();
        self.content_sha256 = Some(sha256(&self.sealed_bytes()));
    }

    /// Seals and signs the lock with `key`.
    pub fn sign(&mut self, key: &ed25519_dalek::SigningKey) {
        self.signed_by = Some(crate::sign::public_hex(&key.verifying_key()));
        self.seal();
        self.signature = Some(crate::sign::sign(key, &self.sealed_bytes()));
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
    /// The position of a field's value in the lock file (of a unit's record
    /// with `unit`), or of its seal entry when the field is missing.
    pub fn field_span(&self, unit: Option<&str>, field: &str) -> std::ops::Range<usize> {
        use toml::de::{DeTable, DeValue};
        let Ok(doc) = DeTable::parse(&self.file.text) else {
            return 0..0;
        };
        let doc = doc.get_ref();
        fn table_of<'a, 'i>(v: &'a DeValue<'i>) -> Option<&'a DeTable<'i>> {
            match v {
                DeValue::Table(t) => Some(t),
                _ => None,
            }
        }
        let record = unit.and_then(|code| match doc.get("unit").map(|v| v.get_ref()) {
            Some(DeValue::Array(units)) => units.iter().find_map(|u| {
                let t = table_of(u.get_ref())?;
                match t.get("code").map(|c| c.get_ref()) {
                    Some(DeValue::String(c)) if c == code => Some((t, u.span())),
                    _ => None,
                }
            }),
            _ => None,
        });
        let seal_entry = || {
            let key = match unit {
                Some(code) => format!("unit.{code}"),
                None => field.to_string(),
            };
            doc.get("seal")
                .and_then(|s| table_of(s.get_ref()))
                .and_then(|s| s.get(key.as_str()).map(|v| v.span()))
        };
        match (unit, record) {
            (Some(_), Some((t, span))) => t.get(field).map(|v| v.span()).unwrap_or(span),
            (Some(_), None) => seal_entry().unwrap_or(0..0),
            (None, _) => doc
                .get(field)
                .map(|v| v.span())
                .or_else(seal_entry)
                .unwrap_or(0..0),
        }
    }

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

/// A field of the lock as written and as recomputed now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// The unit whose record holds the field.
    pub unit: Option<String>,
    /// The field's name in the lock file (`locked_at`, `total`, …).
    pub field: String,
    /// As written in the lock file (`None`: missing).
    pub written: Option<String>,
    /// As recomputed (`None`: cannot be recomputed, or gone).
    pub now: Option<String>,
}

/// Where the key a signed lock must carry comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySource {
    /// `lock_public_key` in the regulation.
    Regulation,
    /// `verify --public-key`.
    CommandLine,
}

/// The key a lock must be signed with, when the regulation or the command names one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedKey {
    pub hex: String,
    pub source: KeySource,
}

/// What the lock's signature proves.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum SignatureCheck {
    /// Not signed, and no key required.
    #[default]
    Unsigned,
    /// Signed, and the signature matches the seal: by the required key, or
    /// (no key required) by the key the lock names, which proves nothing about who.
    Valid {
        key: String,
        /// Where the required key was named; `None`: no key was required.
        source: Option<KeySource>,
    },
    /// A key is required and the lock is not signed.
    Missing { key: TrustedKey },
    /// Signed by another key than the required one.
    OtherKey {
        signed_by: Option<String>,
        key: TrustedKey,
    },
    /// The signature does not match the seal: changed after signing.
    Invalid { key: String },
}

impl SignatureCheck {
    pub fn is_ok(&self) -> bool {
        matches!(
            self,
            SignatureCheck::Unsigned | SignatureCheck::Valid { .. }
        )
    }
}

/// What differs between a lock and the workspace today.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Verification {
    pub changed: Vec<String>,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// Units whose record is as locked and whose result differs now.
    pub units: Vec<UnitChange>,
    /// Fields changed in the lock file after it was written (they do not match
    /// the seal): never shown as locked values.
    pub edited: Vec<FieldChange>,
    /// Fields as sealed that do not match what they are recomputed from.
    pub fields: Vec<FieldChange>,
    /// The lock was written by another chiso version (not a difference by itself).
    pub other_version: Option<String>,
    pub signature: SignatureCheck,
}

impl Verification {
    pub fn is_clean(&self) -> bool {
        self.inputs_unchanged()
            && self.units.is_empty()
            && self.edited.is_empty()
            && self.fields.is_empty()
            && self.signature.is_ok()
    }

    pub fn inputs_unchanged(&self) -> bool {
        self.changed.is_empty() && self.added.is_empty() && self.removed.is_empty()
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

/// The workspace as a lock is compared with.
pub struct Current<'a> {
    /// The year of the folder the lock is in.
    pub year: i64,
    /// The regulation's id (`None`: the regulation does not load).
    pub regulation: Option<&'a str>,
    pub inputs: &'a BTreeMap<String, String>,
    /// The results recomputed (`None` when they cannot be: inputs with errors).
    pub units: Option<&'a [LockedUnit]>,
    /// The key the lock must be signed with, if any.
    pub key: Option<&'a TrustedKey>,
}

/// A unit's recorded fields, by name, as text.
fn unit_fields(u: &LockedUnit) -> [(&'static str, Option<String>); 6] {
    [
        ("block", Some(u.block.clone())),
        ("total", Some(u.total.clone())),
        ("index", u.index.clone()),
        ("rating", u.rating.clone()),
        ("rank", u.rank.map(|r| r.to_string())),
        ("sha256", Some(u.sha256.clone())),
    ]
}

/// Inputs, results, every recorded field and the signature compared with the
/// lock: a field that no longer matches the seal is reported as edited (with
/// the recomputed value where there is one), never as a locked value.
pub fn verify(lock: &Lock, now: &Current<'_>) -> Verification {
    let mut v = compare_inputs(lock, now.inputs);
    let version = env!("CARGO_PKG_VERSION");
    let recorded_results = results_hash(&lock.units);
    // The header fields, as written and as recomputed (when they can be).
    let header: [(&str, Option<String>, Option<String>); 7] = [
        (
            "year",
            Some(lock.year.to_string()),
            Some(now.year.to_string()),
        ),
        (
            "regulation",
            Some(lock.regulation.clone()),
            now.regulation.map(str::to_string),
        ),
        (
            "chiso_version",
            Some(lock.chiso_version.clone()),
            Some(version.to_string()),
        ),
        ("locked_at", Some(lock.locked_at.clone()), None),
        (
            "results_sha256",
            Some(lock.results_sha256.clone()),
            Some(recorded_results.clone()),
        ),
        ("supersedes", lock.supersedes.clone(), None),
        ("signed_by", lock.signed_by.clone(), None),
    ];
    let current = lock.fields();
    let sealed = |field: &str| current.get(field) == lock.seal.get(field);
    let seal_holds = !lock.seal.is_empty()
        && lock.content_sha256.as_deref() == Some(sha256(&lock.sealed_bytes()).as_str());
    if lock.seal.is_empty() || lock.content_sha256.is_none() {
        // Not sealed at all: nothing in it can be told apart from an edit.
        v.edited.push(FieldChange {
            unit: None,
            field: "content_sha256".into(),
            written: lock.content_sha256.clone(),
            now: None,
        });
    } else if lock.content_sha256.as_deref() != Some(sha256(&lock.sealed_bytes()).as_str()) {
        v.edited.push(FieldChange {
            unit: None,
            field: "content_sha256".into(),
            written: lock.content_sha256.clone(),
            now: Some(sha256(&lock.sealed_bytes())),
        });
    }
    let seal_checked = !lock.seal.is_empty();
    // Without a seal that holds, or with a signature that fails, nothing in the
    // lock can be trusted: what differs from the recomputation is reported as
    // edited, not as locked.
    v.signature = check_signature(lock, now.key);
    let forged = !seal_holds
        || matches!(
            v.signature,
            SignatureCheck::Invalid { .. } | SignatureCheck::OtherKey { .. }
        );
    for (field, written, recomputed) in header {
        if seal_checked && !sealed(field) {
            v.edited.push(FieldChange {
                unit: None,
                field: field.into(),
                written,
                now: recomputed,
            });
            continue;
        }
        let differs = match field {
            // Another version wrote it: said, but results decide.
            "chiso_version" => {
                if written.as_deref() != Some(version) {
                    v.other_version = written.clone();
                }
                false
            }
            "locked_at" => !locked_at_is_past(&lock.locked_at),
            "supersedes" => written.as_deref() == Some(lock.results_sha256.as_str()),
            "signed_by" => false,
            _ => recomputed.is_some() && written != recomputed,
        };
        if differs {
            let change = FieldChange {
                unit: None,
                field: field.into(),
                written,
                now: recomputed,
            };
            if forged {
                v.edited.push(change);
            } else {
                v.fields.push(change);
            }
        }
    }
    if seal_checked && !sealed("inputs") {
        v.edited.push(FieldChange {
            unit: None,
            field: "inputs".into(),
            written: None,
            now: None,
        });
    }
    let locked: BTreeMap<&str, &LockedUnit> =
        lock.units.iter().map(|u| (u.code.as_str(), u)).collect();
    let recomputed: BTreeMap<&str, &LockedUnit> = now
        .units
        .unwrap_or_default()
        .iter()
        .map(|u| (u.code.as_str(), u))
        .collect();
    // Units sealed but gone from the file.
    for field in lock.seal.keys().filter(|f| !current.contains_key(*f)) {
        if let Some(code) = field.strip_prefix("unit.") {
            v.edited.push(FieldChange {
                unit: Some(code.to_string()),
                field: "unit".into(),
                written: None,
                now: recomputed.get(code).map(|u| u.total.clone()),
            });
        }
    }
    let codes: std::collections::BTreeSet<&str> =
        locked.keys().chain(recomputed.keys()).copied().collect();
    for code in codes {
        let (a, b) = (locked.get(code).copied(), recomputed.get(code).copied());
        let intact = !seal_checked || sealed(&format!("unit.{code}"));
        if let Some(a) = a
            && (!intact || (forged && Some(a) != b))
        {
            // Name the fields that differ from the recomputation; a record
            // that differs from its seal only (say, rewritten to the same
            // values in another form) is named as a whole.
            let now_fields = b.map(unit_fields);
            let mut named = false;
            for (i, (field, written)) in unit_fields(a).into_iter().enumerate() {
                let recomputed = now_fields.as_ref().and_then(|f| f[i].1.clone());
                if written != recomputed {
                    named = true;
                    v.edited.push(FieldChange {
                        unit: Some(code.to_string()),
                        field: field.into(),
                        written,
                        now: recomputed,
                    });
                }
            }
            if !named && !intact {
                v.edited.push(FieldChange {
                    unit: Some(code.to_string()),
                    field: "record".into(),
                    written: None,
                    now: None,
                });
            }
            continue;
        }
        // Without results (inputs with errors) no unit can be compared.
        if a != b && now.units.is_some() {
            v.units.push(UnitChange {
                code: code.to_string(),
                locked: a.cloned(),
                now: b.cloned(),
            });
        }
    }
    v
}

/// `locked_at` is a time (RFC 3339) that is not in the future.
fn locked_at_is_past(text: &str) -> bool {
    humantime::parse_rfc3339(text).is_ok_and(|t| t <= std::time::SystemTime::now())
}

fn check_signature(lock: &Lock, required: Option<&TrustedKey>) -> SignatureCheck {
    let message = lock.sealed_bytes();
    let valid = |key: &str| {
        crate::sign::parse_public(key).is_some_and(|k| {
            lock.signature
                .as_deref()
                .is_some_and(|s| crate::sign::verify(&k, &message, s))
        })
    };
    match (required, &lock.signature) {
        (None, None) => SignatureCheck::Unsigned,
        (Some(key), None) => SignatureCheck::Missing { key: key.clone() },
        (Some(key), Some(_)) if valid(&key.hex) => SignatureCheck::Valid {
            key: key.hex.clone(),
            source: Some(key.source),
        },
        (Some(key), Some(_)) if lock.signed_by.as_deref() != Some(key.hex.as_str()) => {
            SignatureCheck::OtherKey {
                signed_by: lock.signed_by.clone(),
                key: key.clone(),
            }
        }
        (Some(key), Some(_)) => SignatureCheck::Invalid {
            key: key.hex.clone(),
        },
        (None, Some(_)) => {
            let key = lock.signed_by.clone().unwrap_or_default();
            if valid(&key) {
                SignatureCheck::Valid { key, source: None }
            } else {
                SignatureCheck::Invalid { key }
            }
        }
    }
}

/// `verify`'s errors about the lock file itself: fields edited after it was
/// written (E0504), each at its place in the file, and a signature that is
/// missing, by another key or broken (E0505).
pub fn lock_diagnostics(lock: &LockFile, v: &Verification) -> Vec<Diagnostic> {
    let year = lock.lock.year;
    let mut out: Vec<Diagnostic> = v
        .edited
        .iter()
        .map(|e| {
            let message = match (&e.unit, e.field.as_str()) {
                (None, "content_sha256") if e.now.is_none() => Msg::LockNotSealed,
                (unit, field) => Msg::LockFieldEdited {
                    unit: unit.clone(),
                    field: field.to_string(),
                    written: e.written.clone(),
                    now: e.now.clone(),
                },
            };
            let span = match e.field.as_str() {
                "unit" | "record" => lock.field_span(e.unit.as_deref(), "code"),
                field => lock.field_span(e.unit.as_deref(), field),
            };
            let mut d = Diagnostic::new(Code::LockEdited, message)
                .at(&lock.file, span)
                .hint(Msg::LockEditedHint { year });
            if let Some(code) = &e.unit {
                d = d.unit(code);
            }
            d
        })
        .collect();
    let signature = |message: Msg| {
        Diagnostic::new(Code::LockSignature, message)
            .at(&lock.file, lock.field_span(None, "signature"))
            .hint(Msg::LockSignHint { year })
    };
    match &v.signature {
        SignatureCheck::Unsigned | SignatureCheck::Valid { .. } => {}
        SignatureCheck::Missing { key } => out.push(signature(Msg::LockUnsigned {
            key: key.hex.clone(),
            from_regulation: key.source == KeySource::Regulation,
        })),
        SignatureCheck::OtherKey { signed_by, key } => out.push(signature(Msg::LockOtherKey {
            signed_by: signed_by.clone(),
            key: key.hex.clone(),
            from_regulation: key.source == KeySource::Regulation,
        })),
        SignatureCheck::Invalid { key } => {
            out.push(signature(Msg::LockBadSignature { key: key.clone() }))
        }
    }
    out
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
