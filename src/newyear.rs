//! `chiso new-year`: next year's criteria start as a copy of last year's files,
//! with only the regulation's `year` (and the year inside its `id`) changed in
//! place, so every comment and the layout stay and `chiso diff` afterwards shows
//! exactly what the administrator edited.

use std::path::{Path, PathBuf};

use toml_edit::DocumentMut;

use crate::load::{InputKind, criteria_dir, scores_dir};

#[derive(Debug)]
pub enum NewYearError {
    NoSource(PathBuf),
    TargetExists(PathBuf),
    Io(PathBuf, std::io::Error),
    /// A file of the year that cannot be read (E0101).
    Read(PathBuf, std::io::Error),
    Toml(PathBuf, String),
    /// A file to write that resolves to another input of the workspace (its name).
    Input(String),
}

/// Replaces a value, keeping the comments and spacing around it.
fn set_value(doc: &mut DocumentMut, key: &str, new: toml_edit::Value) {
    if let Some(v) = doc.get_mut(key).and_then(|i| i.as_value_mut()) {
        let decor = v.decor().clone();
        *v = new;
        *v.decor_mut() = decor;
    }
}

fn parse(path: &Path, text: &str) -> Result<DocumentMut, NewYearError> {
    text.parse::<DocumentMut>()
        .map_err(|e| NewYearError::Toml(path.to_path_buf(), e.to_string()))
}

/// The regulation with `year = to` and the year in `id` replaced.
pub fn regulation(path: &Path, text: &str, from: i64, to: i64) -> Result<String, NewYearError> {
    let mut doc = parse(path, text)?;
    if doc.get("year").is_some_and(|y| y.is_integer()) {
        set_value(&mut doc, "year", to.into());
    }
    if let Some(id) = doc.get("id").and_then(|i| i.as_str()) {
        let id = id.replace(&from.to_string(), &to.to_string());
        set_value(&mut doc, "id", id.into());
    }
    Ok(doc.to_string())
}

/// The unit list without `previous`: next year every unit continues itself.
pub fn units(path: &Path, text: &str) -> Result<String, NewYearError> {
    let mut doc = parse(path, text)?;
    if let Some(units) = doc.get_mut("unit").and_then(|u| u.as_array_of_tables_mut()) {
        for u in units.iter_mut() {
            u.remove("previous");
        }
    }
    Ok(doc.to_string())
}

fn io<T>(path: &Path, r: std::io::Result<T>) -> Result<T, NewYearError> {
    r.map_err(|e| NewYearError::Io(path.to_path_buf(), e))
}

/// The entries of `dir` other than folders, sorted: a FIFO or a dangling
/// link among them is refused by [`read_bytes`], not skipped.
fn files_in(dir: &Path) -> Result<Vec<PathBuf>, NewYearError> {
    let mut files: Vec<PathBuf> = io(dir, std::fs::read_dir(dir))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| !p.is_dir())
        .collect();
    files.sort();
    Ok(files)
}

/// A file of the workspace, read as every input is (regular, bounded, not
/// through a link leading outside the workspace).
fn read_bytes(root: &Path, path: &Path) -> Result<Vec<u8>, NewYearError> {
    crate::source::read_bytes(root, path).map_err(|e| NewYearError::Read(path.to_path_buf(), e))
}

/// A text file as written (the copy keeps its bytes apart from the edits).
fn read(root: &Path, path: &Path) -> Result<String, NewYearError> {
    String::from_utf8(read_bytes(root, path)?).map_err(|e| {
        NewYearError::Read(
            path.to_path_buf(),
            std::io::Error::new(std::io::ErrorKind::InvalidData, e),
        )
    })
}

/// Copies `criteria/<from>` with its regulation tests (and with `with_units`, `scores/<from>/units.toml`)
/// to year `to`. Nothing is written when a target already exists. Returns the
/// files written.
pub fn carry_over(
    root: &Path,
    from: i64,
    to: i64,
    with_units: bool,
) -> Result<Vec<PathBuf>, NewYearError> {
    let (src, dst) = (criteria_dir(root, from), criteria_dir(root, to));
    if !src.is_dir() {
        return Err(NewYearError::NoSource(src));
    }
    if dst.exists() {
        return Err(NewYearError::TargetExists(dst));
    }
    let units_src = scores_dir(root, from).join("units.toml");
    let units_dst = scores_dir(root, to).join("units.toml");
    if with_units {
        if !units_src.is_file() {
            return Err(NewYearError::NoSource(units_src));
        }
        if units_dst.exists() {
            return Err(NewYearError::TargetExists(units_dst));
        }
    }
    // Everything is read and transformed before anything is written.
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for path in files_in(&src)? {
        let Some(name) = path.file_name() else {
            continue;
        };
        let content = if name == "regulation.toml" {
            regulation(&path, &read(root, &path)?, from, to)?.into_bytes()
        } else {
            read_bytes(root, &path)?
        };
        files.push((dst.join(name), content));
    }
    // The regulation tests come along: after the administrator's edits,
    // `chiso test` shows which of last year's expectations no longer hold.
    let tests = src.join("tests");
    if tests.is_dir() {
        for path in files_in(&tests)? {
            if let Some(name) = path.file_name() {
                let content = read_bytes(root, &path)?;
                files.push((dst.join("tests").join(name), content));
            }
        }
    }
    if with_units {
        files.push((
            units_dst,
            units(&units_src, &read(root, &units_src)?)?.into_bytes(),
        ));
    }
    let mut written = Vec::new();
    for (path, content) in files {
        if let Some(dir) = path.parent() {
            io(dir, std::fs::create_dir_all(dir))?;
        }
        // New criteria and units are this command's job; a link among them
        // that leads to another input of the workspace is not followed there.
        let to = crate::output::Destination {
            path: Some(&path),
            root,
            may_replace: &[InputKind::Criteria, InputKind::Units],
        };
        match crate::output::write_bytes(to, &content) {
            Ok(()) => {}
            Err(crate::output::WriteError::Io(e)) => return Err(NewYearError::Io(path, e)),
            Err(crate::output::WriteError::Input(name)) => return Err(NewYearError::Input(name)),
        }
        written.push(path);
    }
    Ok(written)
}
