//! Source files as read from the workspace: NFC-normalised text plus the
//! line index that turns byte offsets into line/column positions.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// A byte range inside a [`SourceFile`].
pub type Span = Range<usize>;

pub struct SourceFile {
    /// Path relative to the workspace root, with `/` separators; used in diagnostics.
    pub name: String,
    pub text: String,
    /// A spreadsheet's sheet rendered as text (row N on line N, cells
    /// tab-separated from column A): positions are cells (`Sheet!F12`).
    pub sheet: bool,
    /// Built on first use: most files of a run never need a position.
    line_starts: OnceLock<Vec<usize>>,
}

/// Names the file only: models and diagnostics hold many references to it.
/// Text saved as UTF-16 with a byte-order mark (what Windows tools call
/// "Unicode"), decoded; `None` for text without that mark.
pub fn utf16_with_bom(bytes: &[u8]) -> Option<Result<String, std::string::FromUtf16Error>> {
    let from: fn([u8; 2]) -> u16 = match bytes {
        [0xFF, 0xFE, ..] => u16::from_le_bytes,
        [0xFE, 0xFF, ..] => u16::from_be_bytes,
        _ => return None,
    };
    let units: Vec<u16> = bytes[2..]
        .chunks_exact(2)
        .map(|c| from([c[0], c[1]]))
        .collect();
    Some(String::from_utf16(&units))
}

impl std::fmt::Debug for SourceFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SourceFile")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// A position in a file, 1-based, column counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, raw: &str) -> Arc<SourceFile> {
        let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
        SourceFile::from_nfc(name.into(), nfc(raw))
    }

    /// Like [`SourceFile::new`], without copying text that needs no change.
    pub fn from_string(name: impl Into<String>, raw: String) -> Arc<SourceFile> {
        let text = match raw.strip_prefix('\u{feff}') {
            Some(rest) => nfc(rest),
            None if is_nfc(&raw) => raw,
            None => nfc(&raw),
        };
        SourceFile::from_nfc(name.into(), text)
    }

    fn from_nfc(name: String, text: String) -> Arc<SourceFile> {
        Arc::new(SourceFile {
            name,
            text,
            sheet: false,
            line_starts: OnceLock::new(),
        })
    }

    /// A sheet rendered as text (see [`SourceFile::sheet`]), named `file.xlsx[Sheet]`.
    pub fn sheet(name: impl Into<String>, text: &str) -> Arc<SourceFile> {
        Arc::new(SourceFile {
            name: name.into(),
            text: nfc(text),
            sheet: true,
            line_starts: OnceLock::new(),
        })
    }

    /// Reads a file, naming it relative to `root`.
    pub fn read(root: &Path, path: &Path) -> std::io::Result<Arc<SourceFile>> {
        let bytes = read_bytes(root, path)?;
        // Notepad's "Unicode" (UTF-16): read as `import` reads such tables.
        if let Some(text) = utf16_with_bom(&bytes) {
            let text = text.map_err(|_| {
                let at = LineCol { line: 1, column: 1 };
                std::io::Error::new(std::io::ErrorKind::InvalidData, NotUtf8(at))
            })?;
            return Ok(SourceFile::from_string(relative_name(root, path), text));
        }
        // Vietnamese text is mostly multi-byte, where the standard check is
        // slow; the vectorised one is as strict, and the standard one, run
        // only on failure, says where the file is broken.
        if simdutf8::basic::from_utf8(&bytes).is_err() {
            let valid = std::str::from_utf8(&bytes)
                .err()
                .map_or(bytes.len(), |e| e.valid_up_to());
            // Everything before the bad byte is text, positioned as diagnostics
            // position text (only its positions are used, so it is not normalised).
            let before = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
            let at = SourceFile::from_nfc(String::new(), before.to_string()).line_col(valid);
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                NotUtf8(at),
            ));
        }
        // SAFETY: `bytes` was just checked to be UTF-8 (simdutf8; checking it
        // twice costs a measurable share of reading 15,000 answer files).
        #[allow(unsafe_code)]
        let raw = unsafe { String::from_utf8_unchecked(bytes) };
        Ok(SourceFile::from_string(relative_name(root, path), raw))
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            starts.extend(self.text.match_indices('\n').map(|(i, _)| i + 1));
            starts
        })
    }

    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = offset.min(self.text.len());
        let line_starts = self.line_starts();
        let line = line_starts.partition_point(|&s| s <= offset) - 1;
        let start = line_starts[line];
        let column = self.text[start..floor_char_boundary(&self.text, offset)]
            .chars()
            .count()
            + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self.line_starts()[line - 1];
        let end = self
            .line_starts()
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// Byte offset of the start of a 1-based line.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts()
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len())
    }
}

/// `text` cut to at most `columns` display columns, the cut marked with "…":
/// what a diagnostic quotes of a long line, what a table shows of a long title.
pub fn shorten(text: &str, columns: usize) -> std::borrow::Cow<'_, str> {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    // No character is wider than its bytes: most text is decided here.
    if text.len() <= columns || text.width() <= columns {
        return text.into();
    }
    let mut width = 0;
    let mut end = 0;
    for (at, c) in text.char_indices() {
        width += c.width().unwrap_or(0);
        // One column is kept for the mark.
        if width + 1 > columns {
            break;
        }
        end = at + c.len_utf8();
    }
    format!("{}…", &text[..end]).into()
}

/// The most bytes read from one file: any text input of the workspace
/// (criteria, unit list, answers, datasets, lock) or a table given to
/// `import`. Far above any real file (a national unit list is a few MB), low
/// enough that a hostile file cannot exhaust memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Why a path was refused before or while it was read: the payload of the
/// [`std::io::Error`], said in the user's language by [`IoFailure`].
#[derive(Debug)]
pub struct Refused(pub IoFailure);

impl std::fmt::Display for Refused {
    // Users see the catalog's words (IoFailure::from finds this payload).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "refused: {:?}", self.0)
    }
}

impl std::error::Error for Refused {}

fn refused(why: IoFailure) -> std::io::Error {
    std::io::Error::other(Refused(why))
}

/// A file's bytes, read only if it is a regular file of at most
/// [`MAX_FILE_BYTES`] and, when `path` is inside the workspace `root`, only
/// if neither it nor its folder is a link that leads outside the workspace.
/// A FIFO is opened without waiting for a writer, so that it is refused
/// rather than blocking; a link to a device (`/dev/zero`) is refused before
/// a byte is read.
pub fn read_bytes(root: &Path, path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let (file, len) = open_input(root, path)?;
    if len > MAX_FILE_BYTES {
        return Err(too_large());
    }
    // The size is a hint: a file that grows while it is read stops at the bound.
    let mut bytes = Vec::with_capacity(len as usize);
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

fn too_large() -> std::io::Error {
    refused(IoFailure::TooLarge {
        limit_mib: MAX_FILE_BYTES >> 20,
    })
}

/// Opens `path` to read (see [`read_bytes`]): a regular file, inside the
/// workspace when its path says it is; with its size (one `fstat` says both).
fn open_input(root: &Path, path: &Path) -> std::io::Result<(std::fs::File, u64)> {
    let inside = path.starts_with(root);
    if inside {
        workspace_folder(root, path)?;
    }
    let file = match open_no_follow(path) {
        // The path is itself a link: followed only to a file of the workspace.
        Err(e) if is_link(&e) => {
            if inside && !within(root, &std::fs::canonicalize(path)?) {
                return Err(refused(IoFailure::OutsideWorkspace));
            }
            open_nonblocking(path, false)?
        }
        other => other?,
    };
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(refused(IoFailure::IsAFolder));
    }
    if !meta.is_file() {
        return Err(refused(IoFailure::NotAFile));
    }
    Ok((file, meta.len()))
}

/// Refuses a path of the workspace whose folder leads outside it (a linked
/// `self/` folder, say) when it is read or written.
pub fn workspace_folder(root: &Path, path: &Path) -> std::io::Result<()> {
    let Some(folder) = path.parent() else {
        return Ok(());
    };
    // A folder that does not exist has nothing in it to read.
    match canonical(folder) {
        Some(real) if !within(root, &real) => Err(refused(IoFailure::OutsideWorkspace)),
        _ => Ok(()),
    }
}

/// A path of the workspace that may be written: its folder, and the file if
/// it is a link, stay inside the workspace.
pub fn check_writable(root: &Path, path: &Path) -> std::io::Result<()> {
    if !path.starts_with(root) {
        return Ok(());
    }
    workspace_folder(root, path)?;
    let linked = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if linked
        && std::fs::canonicalize(path)
            .map(|real| !within(root, &real))
            .unwrap_or(true)
    {
        return Err(refused(IoFailure::OutsideWorkspace));
    }
    Ok(())
}

/// Is a real (canonical) path inside the workspace?
fn within(root: &Path, real: &Path) -> bool {
    // A root that cannot be resolved cannot be escaped from either: reading
    // in it fails anyway.
    canonical(root).is_none_or(|r| real.starts_with(r))
}

/// Folders resolved once per run: a year's files share a handful of folders.
fn canonical(folder: &Path) -> Option<PathBuf> {
    use std::collections::HashMap;
    use std::sync::Mutex;
    static RESOLVED: OnceLock<Mutex<HashMap<PathBuf, Option<PathBuf>>>> = OnceLock::new();
    let cache = RESOLVED.get_or_init(Default::default);
    if let Some(known) = cache.lock().ok()?.get(folder) {
        return known.clone();
    }
    let real = std::fs::canonicalize(folder).ok();
    cache
        .lock()
        .ok()?
        .insert(folder.to_path_buf(), real.clone());
    real
}

/// Opens without following a final link, and without waiting for a FIFO's writer.
fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    open_nonblocking(path, true)
}

#[cfg(unix)]
fn open_nonblocking(path: &Path, no_follow: bool) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    let flags = libc::O_NONBLOCK | if no_follow { libc::O_NOFOLLOW } else { 0 };
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(flags)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path, no_follow: bool) -> std::io::Result<std::fs::File> {
    if no_follow && std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(std::io::Error::other(LINK));
    }
    std::fs::File::open(path)
}

#[cfg(not(unix))]
const LINK: &str = "a link";

/// Did opening without following links fail because the path is a link?
fn is_link(e: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        e.raw_os_error() == Some(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        e.get_ref().is_some_and(|x| x.to_string() == LINK)
    }
}

/// Normalises text to Unicode NFC, so decomposed Vietnamese ("Unicode tổ hợp")
/// compares equal to precomposed text.
pub fn nfc(s: &str) -> String {
    if is_nfc(s) {
        s.to_string()
    } else {
        s.nfc().collect()
    }
}

/// The NFC quick check, run only on the stretches of text that need it:
/// ASCII and the precomposed Latin letters Vietnamese is written with
/// (U+0080–U+02FF, U+1E00–U+1EFF) are NFC and never combine with what
/// precedes them (canonical combining class 0), so the check restarts after
/// each of them, and typical files are checked at close to memory speed.
fn is_nfc(s: &str) -> bool {
    let bytes = s.as_bytes();
    let quick = |from: usize, to: usize| is_nfc_quick(s[from..to].chars()) == IsNormalized::Yes;
    // Start of the current stretch of characters that need the check.
    let mut pending: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (len, plain) = match b {
            0..0x80 => {
                if let Some(from) = pending.take()
                    && !quick(from, i)
                {
                    return false;
                }
                i = ascii_end(bytes, i);
                continue;
            }
            // Two bytes: U+0080–U+07FF; lead bytes below 0xCC are below U+0300.
            0xC0..0xE0 => (2, b < 0xCC),
            // Three bytes: U+1E00–U+1EFF is E1 B8..BB.
            0xE0..0xF0 => (
                3,
                b == 0xE1 && matches!(bytes.get(i + 1), Some(0xB8..=0xBB)),
            ),
            _ => (4, false),
        };
        if plain {
            if let Some(from) = pending.take()
                && !quick(from, i)
            {
                return false;
            }
        } else if pending.is_none() {
            pending = Some(i);
        }
        i += len;
    }
    pending.is_none_or(|from| quick(from, bytes.len()))
}

/// The end of the run of ASCII bytes starting at `from`, eight bytes at a time.
fn ascii_end(bytes: &[u8], from: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut i = from;
    while let Some(word) = bytes.get(i..i + 8) {
        let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        if word & HIGH != 0 {
            // The first byte with its high bit set (little-endian: lowest first).
            return i + (word & HIGH).trailing_zeros() as usize / 8;
        }
        i += 8;
    }
    i + bytes[i..]
        .iter()
        .position(|b| !b.is_ascii())
        .unwrap_or(bytes.len() - i)
}

pub fn relative_name(root: &Path, path: &Path) -> String {
    let rel: PathBuf = path
        .strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf());
    rel.to_string_lossy().replace('\\', "/")
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Where a diagnostic points: a file and a byte range in it.
#[derive(Debug, Clone)]
pub struct Location {
    pub file: Arc<SourceFile>,
    pub span: Span,
}

impl Location {
    pub fn new(file: &Arc<SourceFile>, span: Span) -> Location {
        Location {
            file: Arc::clone(file),
            span,
        }
    }
}

/// Why a file could not be read or written: the common system errors by
/// kind (the catalog says them in the user's language); others keep the
/// system's text, which is in English.
#[derive(Debug, Clone, PartialEq)]
pub enum IoFailure {
    NotFound,
    PermissionDenied,
    AlreadyExists,
    IsAFolder,
    NotAFolder,
    DiskFull,
    ReadOnly,
    /// Text that is not UTF-8: where the first bad byte is (1-based line and
    /// column in characters).
    NotUtf8 {
        line: usize,
        column: usize,
    },
    /// A FIFO, device or socket: only regular files are read.
    NotAFile,
    /// Larger than the bound on what one file may hold.
    TooLarge {
        limit_mib: u64,
    },
    /// A link (or a linked folder) of the workspace that leads outside it.
    OutsideWorkspace,
    Other(String),
}

/// The payload of an I/O error for text that is not UTF-8: where the first
/// bad byte is, so that [`IoFailure`] can say it in the user's language.
#[derive(Debug)]
pub struct NotUtf8(pub LineCol);

impl std::fmt::Display for NotUtf8 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "not UTF-8 at line {}, column {}",
            self.0.line, self.0.column
        )
    }
}

impl std::error::Error for NotUtf8 {}

impl From<&std::io::Error> for IoFailure {
    fn from(e: &std::io::Error) -> IoFailure {
        use std::io::ErrorKind as K;
        if let Some(at) = e
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<NotUtf8>())
        {
            return IoFailure::NotUtf8 {
                line: at.0.line,
                column: at.0.column,
            };
        }
        if let Some(why) = e
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<Refused>())
        {
            return why.0.clone();
        }
        match e.kind() {
            K::NotFound => IoFailure::NotFound,
            K::PermissionDenied => IoFailure::PermissionDenied,
            K::AlreadyExists => IoFailure::AlreadyExists,
            K::IsADirectory => IoFailure::IsAFolder,
            K::NotADirectory => IoFailure::NotAFolder,
            K::StorageFull => IoFailure::DiskFull,
            K::ReadOnlyFilesystem => IoFailure::ReadOnly,
            _ => IoFailure::Other(e.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_and_lines() {
        let f = SourceFile::new("a.toml", "x = 1\ntên = \"Sở\"\n");
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        let off = f.text.find('"').unwrap();
        assert_eq!(f.line_col(off), LineCol { line: 2, column: 7 });
        assert_eq!(f.line_text(2), "tên = \"Sở\"");
    }

    /// Files below, at and above the first read's 16 KiB come back whole;
    /// bytes that are not UTF-8 are an error that says where.
    #[test]
    fn files_of_any_size_are_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        for len in [0, 10, 16 * 1024 - 1, 16 * 1024, 16 * 1024 + 1, 100_000] {
            // Two-byte letters, and one ASCII byte for odd sizes: exactly `len` bytes.
            let text = format!("{}{}", "đ".repeat(len / 2), "x".repeat(len % 2));
            let path = dir.path().join(format!("{len}.toml"));
            std::fs::write(&path, &text).unwrap();
            let file = SourceFile::read(dir.path(), &path).unwrap();
            assert_eq!(file.text, text, "{len} bytes");
            assert_eq!(file.name, format!("{len}.toml"));
        }
        let path = dir.path().join("bad.toml");
        std::fs::write(
            &path,
            [&b"ok = 1\n"[..], "đ = ".as_bytes(), b"\xff"].concat(),
        )
        .unwrap();
        let e = SourceFile::read(dir.path(), &path).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::InvalidData);
        // The fifth character of line 2 (after the two-byte `đ`).
        assert_eq!(
            IoFailure::from(&e),
            super::IoFailure::NotUtf8 { line: 2, column: 5 }
        );
    }

    #[test]
    fn the_quick_check_sees_combining_marks_after_ascii() {
        for (text, normal) in [
            ("Sở Nội vụ", true),
            ("So\u{031b}\u{0309} x", false),
            ("a\u{0301}", false),
            ("ệ\u{0301}", true),
            ("e\u{0302}\u{0323}", false),
            ("plain", true),
            ("", true),
        ] {
            // The same answer as the quick check on the whole text.
            assert_eq!(
                is_nfc(text),
                is_nfc_quick(text.chars()) == IsNormalized::Yes,
                "{text:?}"
            );
            assert_eq!(nfc(text) == text, normal, "{text:?}");
            let f = SourceFile::from_string("a.toml", format!("\u{feff}{text}"));
            assert_eq!(f.text, nfc(text));
        }
    }

    #[test]
    fn letters_skipped_by_the_quick_check_are_nfc_starters() {
        use unicode_normalization::char::canonical_combining_class;
        for c in ('\u{80}'..'\u{300}').chain('\u{1E00}'..='\u{1EFF}') {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
        }
    }

    #[test]
    fn the_quick_check_agrees_on_mixed_text() {
        // Every string of up to three pieces from a Vietnamese-like alphabet.
        let pieces = [
            "a", "ế", "Ở", "\u{0301}", "\u{0323}", "\u{031b}", "ệ", "\u{00c5}", "\u{212b}",
            "\u{0344}", " ", "\u{1100}", "\u{1161}", "ǘ", "\u{1e9b}",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let text = format!("{a}{b}{c}");
                    assert_eq!(
                        is_nfc(&text),
                        is_nfc_quick(text.chars()) == IsNormalized::Yes,
                        "{text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn ascii_runs_end_at_the_first_other_byte() {
        let text = "abcdefghijklmnopqrstuvwxyzé0123456789ệ";
        for from in 0..text.len() {
            let expected = text.as_bytes()[from..]
                .iter()
                .position(|b| !b.is_ascii())
                .map_or(text.len(), |p| from + p);
            assert_eq!(ascii_end(text.as_bytes(), from), expected, "{from}");
        }
    }

    #[test]
    fn decomposed_text_is_normalised_and_bom_dropped() {
        let f = SourceFile::new("a.toml", "\u{feff}name = \"So\u{031b}\u{0309}\"");
        assert_eq!(f.text, "name = \"Sở\"");
    }
}
