//! Evidence attachments (tài liệu kiểm chứng): files a unit attaches to a
//! self-assessment entry, stored by content under
//! `scores/<year>/evidence/<UNIT>/<sha256>.<ext>` and referenced from the
//! entry as `attachments = [{ file, title, sha256, size }]`.
//!
//! A file is accepted by what its bytes are, never by its name: PDF, Office
//! documents (OOXML and OpenDocument zip containers, legacy OLE), PNG and
//! JPEG, up to [`MAX_BYTES`]. The name it was uploaded under is only its
//! title; the stored name is its SHA-256 and the extension of its type.
//! Loading checks each attachment against its file (`load::attachments`).

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::load;

pub use crate::filetype::{FileType, sniff};
pub use crate::load::attachments::{MAX_BYTES, evidence_dir as dir, plain_name};
pub use crate::model::Attachment;

/// The longest title kept, in characters.
pub const MAX_TITLE_CHARS: usize = 200;

/// Why an upload was not stored.
#[derive(Debug)]
pub enum EvidenceError {
    NoSuchYear(i64),
    UnknownUnit(String),
    Empty,
    TooLarge {
        size: u64,
        limit: u64,
    },
    /// The bytes are none of the accepted types.
    NotAllowed,
    Io(PathBuf, std::io::Error),
}

/// The title an uploaded name gives: the name without control characters
/// (NUL, line breaks) and surrounding space, in NFC, at most
/// [`MAX_TITLE_CHARS`] characters; never a path.
pub fn title(original_name: &str) -> String {
    let clean: String = original_name
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let clean = crate::source::nfc(clean.trim());
    if clean.chars().count() <= MAX_TITLE_CHARS {
        return clean;
    }
    let mut cut: String = clean.chars().take(MAX_TITLE_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// Why an uploaded file's name is refused before anything is stored. A
/// browser sends a file's own name, never a folder: a name with a path, a
/// control character or an unreadable length comes from something else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadName {
    /// No name at all (no file was chosen).
    Empty,
    /// A separator (`/`, `\`) or a `..` part: a path, not a name.
    Path,
    /// NUL, a line break or another control character.
    Control,
    /// Longer than [`MAX_TITLE_CHARS`] characters.
    TooLong,
}

/// Checks the name a file was uploaded under: a plain name of at most
/// [`MAX_TITLE_CHARS`] characters. ([`store`] also takes any name safely,
/// as a title; a front end that receives names from people refuses these
/// instead, so that what the unit sees is what it sent.)
pub fn check_upload_name(name: &str) -> Result<(), BadName> {
    if name.trim().is_empty() {
        return Err(BadName::Empty);
    }
    if name.chars().any(char::is_control) {
        return Err(BadName::Control);
    }
    if name.contains(['/', '\\']) || name.trim() == "." || name.trim() == ".." {
        return Err(BadName::Path);
    }
    if name.chars().count() > MAX_TITLE_CHARS {
        return Err(BadName::TooLong);
    }
    Ok(())
}

fn sha256(bytes: &[u8]) -> String {
    crate::sign::hex(&Sha256::digest(bytes))
}

/// Stores an upload of `unit` for `year`: checked (size, type by its bytes),
/// written atomically under its SHA-256 (an identical file already there is
/// kept as it is), and described for the entry's `attachments`.
pub fn store(
    root: &Path,
    year: i64,
    unit: &str,
    original_name: &str,
    bytes: &[u8],
) -> Result<Attachment, EvidenceError> {
    let units_path = load::scores_dir(root, year).join("units.toml");
    if !load::criteria_dir(root, year).is_dir() {
        return Err(EvidenceError::NoSuchYear(year));
    }
    let unit = crate::source::nfc(unit);
    let mut ignored = crate::diagnostic::Diagnostics::default();
    let known = load::read(root, &units_path, &mut ignored)
        .map(|f| load::units::load(&f, None, &mut ignored))
        .unwrap_or_default();
    // Known units' codes have no separator or dot: they are safe folder names.
    if !known.iter().any(|u| u.code == unit) {
        return Err(EvidenceError::UnknownUnit(unit));
    }
    let size = bytes.len() as u64;
    if size == 0 {
        return Err(EvidenceError::Empty);
    }
    if size > MAX_BYTES {
        return Err(EvidenceError::TooLarge {
            size,
            limit: MAX_BYTES,
        });
    }
    let kind = sniff(bytes, original_name).ok_or(EvidenceError::NotAllowed)?;
    let sha256 = sha256(bytes);
    let file = format!("{sha256}.{}", kind.extension());
    let dir = dir(root, year, &unit);
    let path = dir.join(&file);
    let io = |e| EvidenceError::Io(path.clone(), e);
    let same = crate::source::read_bytes(root, &path).is_ok_and(|old| old == bytes);
    if !same {
        std::fs::create_dir_all(&dir).map_err(io)?;
        crate::source::check_writable(root, &path).map_err(io)?;
        let to = crate::output::Destination {
            path: Some(&path),
            root,
            may_replace: &[load::InputKind::Evidence],
        };
        crate::output::write_bytes(to, bytes).map_err(|e| match e {
            crate::output::WriteError::Io(e) => io(e),
            crate::output::WriteError::Input(name) => io(std::io::Error::other(name)),
        })?;
    }
    Ok(Attachment {
        file,
        title: title(original_name),
        sha256,
        size,
    })
}

/// The stored file of an attachment of `unit`, when its name is a plain
/// file name (no folder, no `..`, no NUL): never a path out of the folder.
pub fn path_of(root: &Path, year: i64, unit: &str, file: &str) -> Option<PathBuf> {
    plain_name(file).then(|| dir(root, year, unit).join(file))
}
