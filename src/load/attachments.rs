//! The files a self-assessment's `attachments` name, checked against the
//! unit's evidence folder (`scores/<year>/evidence/<UNIT>/`): there, within
//! the workspace, of the size and SHA-256 written, and of an accepted type by
//! their bytes. Each file is read once per process while its size and
//! modification time stay the same (a server reloads the year often).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::SystemTime;

use sha2::{Digest, Sha256};

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::i18n::{EvidenceMsg, Msg};
use crate::model::{Attachment, SelfAssessment};
use crate::source::relative_name;

/// The largest evidence file accepted: scanned decisions and reports are a
/// few MB; a slide deck with photos may reach ten.
pub const MAX_BYTES: u64 = 20 * 1024 * 1024;

/// `scores/<year>/evidence/<UNIT>`.
pub fn evidence_dir(root: &Path, year: i64, unit: &str) -> PathBuf {
    super::scores_dir(root, year).join("evidence").join(unit)
}

/// A name that stays in its folder: no separator, no `..`, no control
/// character (NUL included), not empty.
pub fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\'])
        && !name.chars().any(char::is_control)
}

/// Reports every attachment of the self-assessment whose file is missing,
/// unreadable, of another size or SHA-256, or not an accepted type.
pub fn check(root: &Path, year: i64, sa: &SelfAssessment, diags: &mut Diagnostics) {
    for entry in sa.entries.iter() {
        for (a, at) in entry.attachments.iter() {
            if let Some(d) = problem(root, year, &sa.unit, a) {
                diags.push(d.at_location(Some(at)).unit(&sa.unit));
            }
        }
    }
}

/// What a stored file was found to be: its SHA-256, and whether its bytes
/// are an accepted type.
#[derive(Clone)]
struct Seen {
    len: u64,
    modified: Option<SystemTime>,
    sha256: String,
    accepted: bool,
}

fn seen() -> &'static Mutex<HashMap<PathBuf, Seen>> {
    static SEEN: OnceLock<Mutex<HashMap<PathBuf, Seen>>> = OnceLock::new();
    SEEN.get_or_init(Default::default)
}

fn problem(root: &Path, year: i64, unit: &str, a: &Attachment) -> Option<Diagnostic> {
    let path = evidence_dir(root, year, unit).join(&a.file);
    let file = relative_name(root, &path);
    let missing = |e: &std::io::Error| {
        Diagnostic::new(
            Code::AttachmentMissing,
            Msg::Evidence(EvidenceMsg::Missing {
                file: file.clone(),
                error: e.into(),
            }),
        )
        .hint(Msg::Evidence(EvidenceMsg::AttachAgainHint))
    };
    let meta = match std::fs::metadata(&path) {
        Ok(m) => m,
        Err(e) => return Some(missing(&e)),
    };
    if meta.is_file() && meta.len() != a.size {
        return Some(Diagnostic::new(
            Code::AttachmentSize,
            Msg::Evidence(EvidenceMsg::Size {
                file,
                expected: a.size,
                found: meta.len(),
            }),
        ));
    }
    if meta.len() > MAX_BYTES {
        return Some(Diagnostic::new(
            Code::AttachmentType,
            Msg::Evidence(EvidenceMsg::TooLarge {
                file,
                limit_mib: MAX_BYTES >> 20,
            }),
        ));
    }
    let modified = meta.modified().ok();
    let known = seen()
        .lock()
        .ok()
        .and_then(|m| m.get(&path).cloned())
        .filter(|s| s.len == meta.len() && s.modified == modified && modified.is_some());
    let found = match known {
        Some(s) => s,
        None => {
            // Read as every input is: a regular file within the workspace.
            let bytes = match crate::source::read_bytes(root, &path) {
                Ok(b) => b,
                Err(e) => return Some(missing(&e)),
            };
            let s = Seen {
                len: bytes.len() as u64,
                modified,
                sha256: crate::sign::hex(&Sha256::digest(&bytes)),
                accepted: crate::filetype::sniff(&bytes, &a.file).is_some(),
            };
            if let Ok(mut m) = seen().lock() {
                m.insert(path.clone(), s.clone());
            }
            s
        }
    };
    if found.sha256 != a.sha256 {
        return Some(
            Diagnostic::new(
                Code::AttachmentSha256,
                Msg::Evidence(EvidenceMsg::Sha256 {
                    file,
                    expected: a.sha256.clone(),
                    found: found.sha256,
                }),
            )
            .hint(Msg::Evidence(EvidenceMsg::AttachAgainHint)),
        );
    }
    if !found.accepted {
        return Some(Diagnostic::new(
            Code::AttachmentType,
            Msg::Evidence(EvidenceMsg::Type { file }),
        ));
    }
    None
}
