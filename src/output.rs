//! Writing outputs: atomically (a temporary file renamed over the target),
//! never over an input of the workspace unless the command's job is to write
//! that kind of input, and standard output when no file is named.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::load::InputKind;

/// Where a command writes: standard output, or a file of the workspace's
/// filesystem that must not be one of its inputs unless the command's job is
/// to write that kind of input (`import` a dataset, `lock` the lock file).
#[derive(Debug, Clone, Copy)]
pub struct Destination<'a> {
    /// The file; standard output when `None`.
    pub path: Option<&'a Path>,
    /// The workspace whose inputs are protected.
    pub root: &'a Path,
    /// The inputs this write may replace; none for reports.
    pub may_replace: &'a [InputKind],
}

impl<'a> Destination<'a> {
    /// A report (score table, export, notice…): replaces no input.
    pub fn report(path: Option<&'a Path>, root: &'a Path) -> Self {
        Destination {
            path,
            root,
            may_replace: &[],
        }
    }
}

/// Why a write did not happen.
#[derive(Debug)]
pub enum WriteError {
    Io(std::io::Error),
    /// The file is (or would become) an input of the workspace: its name,
    /// relative to the workspace.
    Input(String),
}

impl From<std::io::Error> for WriteError {
    fn from(e: std::io::Error) -> Self {
        WriteError::Io(e)
    }
}

/// Creates the missing folders of an output file's path when they fall inside
/// the workspace (`template 2026 STP -o scores/2026/self/STP.toml` right after
/// `new-year`); a path that leaves the workspace, also through a link, is left
/// to fail as written. Returns the first folder created.
pub fn create_missing_folders(path: &Path, root: &Path) -> std::io::Result<Option<PathBuf>> {
    let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) else {
        return Ok(None);
    };
    if parent.exists() {
        return Ok(None);
    }
    let Some(existing) = parent
        .ancestors()
        .skip(1)
        .find(|a| a.as_os_str().is_empty() || a.exists())
    else {
        return Ok(None);
    };
    let existing_dir = if existing.as_os_str().is_empty() {
        Path::new(".")
    } else {
        existing
    };
    let missing = parent.strip_prefix(existing).unwrap_or(parent);
    let inside = std::fs::canonicalize(existing_dir)?.starts_with(std::fs::canonicalize(root)?);
    let plain = missing
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    if !inside || !plain {
        return Ok(None);
    }
    std::fs::create_dir_all(parent)?;
    Ok(missing
        .components()
        .next()
        .map(|first| existing.join(first)))
}

/// Writes `content` atomically (temporary file in the same folder, then rename),
/// or to standard output.
pub fn write_output(to: Destination, content: &str) -> Result<(), WriteError> {
    write_bytes(to, content.as_bytes())
}

/// [`write_output`] for binary content (spreadsheets).
pub fn write_bytes(to: Destination, content: &[u8]) -> Result<(), WriteError> {
    write_with(to, |out| out.write_all(content))
}

/// [`write_output`] for content produced piece by piece by `write` (a national
/// run's JSON), buffered and never held in memory as a whole.
pub fn write_with(
    to: Destination,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    match to.path {
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            write(&mut out)?;
            Ok(out.flush()?)
        }
        Some(path) => {
            // Something that is not a file (a terminal, `/dev/stdout`, a FIFO)
            // is written to as it is: it cannot be replaced, and a partial
            // write there loses nothing.
            if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
                let mut out =
                    std::io::BufWriter::new(std::fs::OpenOptions::new().write(true).open(path)?);
                write(&mut out)?;
                return Ok(out.flush()?);
            }
            // A link to a file: the file is replaced, the link kept.
            let target = std::fs::symlink_metadata(path)
                .is_ok_and(|m| m.file_type().is_symlink())
                .then(|| std::fs::canonicalize(path).ok())
                .flatten();
            let path = target.as_deref().unwrap_or(path);
            // An output named after an input (`score -o scores/2024/units.toml`)
            // would replace the year's data with a report, or be read as data.
            if let Some((kind, name)) = crate::load::input_kind(to.root, path)
                && !to.may_replace.contains(&kind)
            {
                return Err(WriteError::Input(name));
            }
            let dir = match path.parent() {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => Path::new("."),
            };
            // Named after the output (`.ket-qua.json.a1B2c3.tmp`): a run killed
            // before the rename leaves a file that says what it was.
            let prefix = format!(
                ".{}.",
                path.file_name().unwrap_or_default().to_string_lossy()
            );
            let mut builder = tempfile::Builder::new();
            builder.prefix(&prefix).suffix(".tmp");
            // Readable like any file the user creates (not the temporary file's
            // private mode); a replaced file keeps its own permissions.
            #[cfg(unix)]
            builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
            let tmp = builder.tempfile_in(dir)?;
            if let Ok(old) = std::fs::metadata(path) {
                tmp.as_file().set_permissions(old.permissions())?;
            }
            let mut out = std::io::BufWriter::with_capacity(1 << 16, tmp);
            write(&mut out)?;
            let tmp = out.into_inner().map_err(|e| e.into_error())?;
            tmp.as_file().sync_all()?;
            tmp.persist(path).map_err(|e| e.error)?;
            Ok(())
        }
    }
}
