//! One self-assessment entry (`[c."<code>"]` of `scores/<year>/self/<UNIT>.toml`)
//! changed in place: the one write path of the server's form and of any
//! command that edits answers.
//!
//! [`set_entry`] takes an advisory lock shared by every writer of the file,
//! checks that the entry is still the one the caller saw (by its hash, so that
//! two officers editing different criteria never conflict), edits only that
//! entry with `toml_edit` (comments, order and layout of everything else stay
//! byte for byte), loads the result with the normal loader and writes it
//! atomically only if that adds no error.

use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use sha2::{Digest, Sha256};
use toml_edit::{Array, DocumentMut, Item, Key, TableLike, Value};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{self, InputKind, LoadFailure};
use crate::model::Workspace;
use crate::source::{SourceFile, relative_name};

/// The answer of an entry, as a form gives it.
#[derive(Debug, Clone, PartialEq)]
pub enum AnswerEdit {
    Points(Decimal),
    Yes(bool),
    /// An option's label.
    Choice(String),
    /// `na = true`: the criterion does not apply to the unit.
    NotApplicable,
    /// No answer: every answer key is removed.
    Clear,
}

/// The changes to one entry. A field left `None` keeps what the file has;
/// an empty list or blank text removes the key. (More fields may be added:
/// build it with `..Default::default()`.)
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EntryEdit {
    /// Replaces the entry's answer key (`points`, `yes`, `choice`, `na`).
    pub answer: Option<AnswerEdit>,
    /// The facts of a computed criterion, replacing the entry's `facts`.
    pub facts: Option<Vec<(String, Decimal)>>,
    pub evidence: Option<Vec<String>>,
    pub note: Option<String>,
    /// The unit's explanation (giải trình) after an appraisal round.
    pub explanation: Option<String>,
    /// Evidence files (as [`crate::evidence::store`] describes them),
    /// replacing the entry's `attachments`.
    pub attachments: Option<Vec<crate::model::Attachment>>,
    /// Refuse the edit when the file says it was submitted (`submitted`),
    /// judged under the lock: a unit's own answers close when it submits, its
    /// explanation after a round does not.
    pub only_before_submission: bool,
    /// Evidence files added to the entry's `attachments` (after any
    /// replacement); one already listed under the same `file` stays as it is.
    /// The list is edited in the file, so an attachment the loader refused
    /// is kept, not dropped.
    pub attach: Vec<crate::model::Attachment>,
    /// The stored names (`file`) of attachments removed from the entry.
    pub detach: Vec<String>,
}

/// What a successful [`set_entry`] did, for the caller's page and audit log.
#[derive(Debug, Clone)]
pub struct EditOutcome {
    /// The file, relative to the workspace (`scores/2025/self/SNV.toml`).
    pub file: String,
    /// The entry's hash now: what the next edit of it must expect.
    pub entry_hash: String,
    /// The entry before and after, as [`entry_text`] writes it (empty: no entry).
    pub before: String,
    pub after: String,
    /// SHA-256 of the file's bytes before (`None`: there was no file) and after.
    pub file_sha256_before: Option<String>,
    pub file_sha256_after: String,
    /// False when the edit left the file as it was (nothing was written).
    pub changed: bool,
    /// The file's warnings after the edit (an edit that adds an error is refused).
    pub diagnostics: Vec<Diagnostic>,
}

/// Why [`set_entry`] wrote nothing.
#[derive(Debug)]
pub enum EditError {
    NoSuchYear(i64),
    UnknownUnit(String),
    /// The unit's criteria tree could not be built (`chiso check` says why).
    NoCriteria(String),
    /// The entry changed since the caller read it: its hash then and now, and
    /// the entry as it is now ([`entry_text`]).
    Conflict {
        expected: String,
        current: String,
        current_entry: String,
    },
    /// The file as it stands cannot be edited (a TOML syntax error, not UTF-8,
    /// a link leading outside the workspace).
    Unreadable(Box<Diagnostic>),
    /// The edited file would have these errors, which it did not have before.
    Invalid(Vec<Diagnostic>),
    /// Locking or writing failed.
    Io(PathBuf, std::io::Error),
    /// The self-assessment was submitted (an edit asked for
    /// [`EntryEdit::only_before_submission`]).
    Submitted,
}

/// The self-assessment file of a unit.
pub fn self_path(root: &Path, year: i64, unit: &str) -> PathBuf {
    load::scores_dir(root, year)
        .join("self")
        .join(format!("{unit}.toml"))
}

/// The hash of a unit's entry for `code` as the file stands: what a form
/// shows with the entry, and gives back to [`set_entry`].
pub fn entry_hash(root: &Path, year: i64, unit: &str, code: &str) -> Result<String, EditError> {
    current_entry(root, year, unit, code).map(|text| hash(&text))
}

/// A unit's entry for `code` as the file stands, as [`entry_text`] writes
/// it (empty: no entry).
pub fn current_entry(root: &Path, year: i64, unit: &str, code: &str) -> Result<String, EditError> {
    let path = self_path(root, year, unit);
    let current = read_current(root, &path)?;
    Ok(match &current {
        Some((_, doc)) => entry_of(doc, code).map(entry_text).unwrap_or_default(),
        None => String::new(),
    })
}

/// The hash of an entry's text ([`entry_text`]); an absent entry's text is
/// empty. Hashed in NFC, as the loader reads text: a page built from the
/// loaded file and a save reading the raw file agree on a file typed in NFD.
pub fn hash(entry_text: &str) -> String {
    crate::sign::hex(&Sha256::digest(crate::source::nfc(entry_text).as_bytes()))
}

/// The hash of each criterion's entry in a self-assessment's text (`None`:
/// no file), from one parse: what a form shows with the entries it was
/// built from, and gives back to [`set_entry`].
pub fn entry_hashes<'c>(
    text: Option<&str>,
    codes: impl IntoIterator<Item = &'c str>,
) -> std::collections::HashMap<String, String> {
    let doc = text.and_then(|t| t.parse::<DocumentMut>().ok());
    codes
        .into_iter()
        .map(|code| {
            let text = doc
                .as_ref()
                .and_then(|d| entry_of(d, code))
                .map(entry_text)
                .unwrap_or_default();
            (code.to_string(), hash(&text))
        })
        .collect()
}

/// Changes one entry of a unit's self-assessment, if it is still the entry
/// whose hash is `expected_entry_hash` (see [`entry_hash`]); a missing file
/// or entry is created. The file is written atomically, and only when the
/// result adds no error to those it had.
pub fn set_entry(
    root: &Path,
    year: i64,
    unit: &str,
    code: &str,
    edit: &EntryEdit,
    expected_entry_hash: &str,
) -> Result<EditOutcome, EditError> {
    set_entry_recorded(
        root,
        year,
        unit,
        code,
        edit,
        expected_entry_hash,
        |_| Ok(()),
    )
}

/// [`set_entry`], with `record` called under the same lock once a changed
/// file is written: an audit log gets its records in the order of the
/// writes, and a change it cannot record is undone (the file put back as it
/// was, the error returned) rather than kept unrecorded.
pub fn set_entry_recorded(
    root: &Path,
    year: i64,
    unit: &str,
    code: &str,
    edit: &EntryEdit,
    expected_entry_hash: &str,
    record: impl FnOnce(&EditOutcome) -> std::io::Result<()>,
) -> Result<EditOutcome, EditError> {
    let (ws, _files) = load::load_workspace_unread(root, year).map_err(|e| match e {
        LoadFailure::NoSuchYear { year, .. } => EditError::NoSuchYear(year),
    })?;
    set_entry_in(&ws, unit, code, edit, expected_entry_hash, record)
}

/// [`set_entry_recorded`] in a workspace already loaded for the year (its
/// unit list and criteria; a server that keeps the year while its files stay
/// the same). The answer file itself is read under the lock, as always.
pub fn set_entry_in(
    ws: &Workspace,
    unit: &str,
    code: &str,
    edit: &EntryEdit,
    expected_entry_hash: &str,
    record: impl FnOnce(&EditOutcome) -> std::io::Result<()>,
) -> Result<EditOutcome, EditError> {
    let (root, year) = (ws.root.as_path(), ws.year);
    let (unit, code) = (crate::source::nfc(unit), crate::source::nfc(code.trim()));
    let (unit, code) = (unit.as_str(), code.as_str());
    let u = ws
        .unit(unit)
        .ok_or_else(|| EditError::UnknownUnit(unit.to_string()))?;
    let scheme = ws
        .scheme_of(u)
        .ok_or_else(|| EditError::NoCriteria(unit.to_string()))?;
    // The unit's code is a valid file name: the unit list refuses separators and dots.
    let path = self_path(root, year, &u.code);
    let name = relative_name(root, &path);

    let _lock = lock(root, year, &u.code)?;
    let current = read_current(root, &path)?;
    let (old_text, mut doc) = match current {
        Some((text, doc)) => (Some(text), doc),
        None => (None, new_document(&u.code)),
    };
    if edit.only_before_submission && doc.contains_key("submitted") {
        return Err(EditError::Submitted);
    }
    let before = entry_of(&doc, code).map(entry_text).unwrap_or_default();
    let current_hash = hash(&before);
    if current_hash != expected_entry_hash {
        return Err(EditError::Conflict {
            expected: expected_entry_hash.to_string(),
            current: current_hash,
            current_entry: before,
        });
    }
    apply(entry_mut(&mut doc, code), edit);
    let after = entry_of(&doc, code).map(entry_text).unwrap_or_default();
    let new_text = doc.to_string();

    // The file as loading reads it, before and after: only new errors refuse.
    let check = |text: &str| {
        let mut d = Diagnostics::default();
        let file = SourceFile::new(name.clone(), text);
        if let Some(sa) = load::answers::load_self(&file, &u.code, Some(scheme), &mut d) {
            load::attachments::check(root, year, &sa, &mut d);
        }
        d.items
    };
    let old_errors: Vec<(&str, String)> = old_text
        .as_deref()
        .map(|t| {
            check(t)
                .iter()
                .filter(|d| d.is_error())
                .map(|d| (d.code.id(), d.message.text(crate::i18n::Lang::En)))
                .collect()
        })
        .unwrap_or_default();
    let (errors, warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
        check(&new_text).into_iter().partition(|d| d.is_error());
    let new_errors: Vec<Diagnostic> = errors
        .into_iter()
        .filter(|d| {
            let key = (d.code.id(), d.message.text(crate::i18n::Lang::En));
            !old_errors.contains(&key)
        })
        .collect();
    if !new_errors.is_empty() {
        return Err(EditError::Invalid(new_errors));
    }

    let file_sha256_before = old_text.as_deref().map(|t| sha256(t.as_bytes()));
    let changed = old_text.as_deref() != Some(new_text.as_str());
    let outcome = EditOutcome {
        file: name,
        entry_hash: hash(&after),
        before,
        after,
        file_sha256_before,
        file_sha256_after: sha256(new_text.as_bytes()),
        changed,
        diagnostics: warnings,
    };
    if changed {
        write(root, &path, &new_text)?;
        if let Err(e) = record(&outcome) {
            match &old_text {
                Some(old) => write(root, &path, old)?,
                None => std::fs::remove_file(&path).map_err(|e| EditError::Io(path.clone(), e))?,
            }
            return Err(EditError::Io(path, e));
        }
    }
    Ok(outcome)
}

fn sha256(bytes: &[u8]) -> String {
    crate::sign::hex(&Sha256::digest(bytes))
}

/// An exclusive advisory lock on a unit's answers of a year, held until the
/// returned file is dropped. Every writer of the file takes it (threads of
/// one process too: each opens the lock file anew), so that no edit is lost
/// between reading the file and replacing it. The lock file lives in the
/// workspace's `.chiso/locks/`, not beside the answers (which are replaced
/// by renaming, and whose folder is read as input).
pub fn lock(root: &Path, year: i64, unit: &str) -> Result<std::fs::File, EditError> {
    let dir = root.join(".chiso").join("locks");
    let path = dir.join(format!("self-{year}-{unit}.lock"));
    let io = |e| EditError::Io(path.clone(), e);
    std::fs::create_dir_all(&dir).map_err(io)?;
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(io)?;
    fs4::FileExt::lock(&file).map_err(io)?;
    Ok(file)
}

/// The file's text and document, or `None` when there is no file.
fn read_current(root: &Path, path: &Path) -> Result<Option<(String, DocumentMut)>, EditError> {
    let unreadable =
        |e: &std::io::Error| EditError::Unreadable(Box::new(load::cannot_read(root, path, e)));
    if std::fs::symlink_metadata(path).is_err() {
        return Ok(None);
    }
    let bytes = crate::source::read_bytes(root, path).map_err(|e| unreadable(&e))?;
    let text = String::from_utf8(bytes)
        .map_err(|e| unreadable(&std::io::Error::new(std::io::ErrorKind::InvalidData, e)))?;
    let doc = text.parse::<DocumentMut>().map_err(|_| {
        // The loader's own reading says where and why.
        let mut d = Diagnostics::default();
        let file = SourceFile::new(relative_name(root, path), &text);
        load::toml::parse(&file, &mut d);
        match d.items.into_iter().next() {
            Some(first) => EditError::Unreadable(Box::new(first)),
            None => unreadable(&std::io::Error::from(std::io::ErrorKind::InvalidData)),
        }
    })?;
    Ok(Some((text, doc)))
}

fn new_document(unit: &str) -> DocumentMut {
    let mut doc = DocumentMut::new();
    doc.insert("unit", toml_edit::value(unit));
    doc
}

/// The entry of `code` (keys are trimmed, as the loader trims them).
fn entry_of<'d>(doc: &'d DocumentMut, code: &str) -> Option<&'d dyn TableLike> {
    let c = doc.get("c")?.as_table_like()?;
    let (_, item) = c.iter().find(|(k, _)| k.trim() == code)?;
    item.as_table_like()
}

/// The entry of `code`, created (as a `[c."<code>"]` table) when missing.
fn entry_mut<'d>(doc: &'d mut DocumentMut, code: &str) -> &'d mut dyn TableLike {
    if doc.get("c").and_then(Item::as_table_like).is_none() {
        let mut c = toml_edit::Table::new();
        c.set_implicit(true);
        doc.insert("c", Item::Table(c));
    }
    let inline = doc["c"].is_inline_table();
    let c = doc["c"].as_table_like_mut().expect("made a table above");
    let key = c
        .iter()
        .find(|(k, _)| k.trim() == code)
        .filter(|(_, item)| item.is_table_like())
        .map(|(k, _)| k.to_string());
    let key = match key {
        Some(k) => k,
        None => {
            // `[c."1.1"]`, or `"1.1" = {}` inside an inline `c = { … }`.
            let entry = if inline {
                Item::Value(Value::InlineTable(toml_edit::InlineTable::new()))
            } else {
                // After a blank line, like the entries a template writes.
                let mut t = toml_edit::Table::new();
                t.decor_mut().set_prefix("\n");
                Item::Table(t)
            };
            c.insert(code, entry);
            code.to_string()
        }
    };
    c.get_mut(&key)
        .and_then(Item::as_table_like_mut)
        .expect("found or inserted above")
}

const ANSWER_KEYS: [&str; 4] = ["points", "yes", "choice", "na"];

/// Applies the changes, each key in place (its position, spacing and comment
/// kept) when it exists.
fn apply(entry: &mut dyn TableLike, edit: &EntryEdit) {
    if let Some(answer) = &edit.answer {
        let new = match answer {
            AnswerEdit::Points(p) => Some(("points", number(*p))),
            AnswerEdit::Yes(b) => Some(("yes", Value::from(*b))),
            AnswerEdit::Choice(label) => Some(("choice", text(label))),
            AnswerEdit::NotApplicable => Some(("na", Value::from(true))),
            AnswerEdit::Clear => None,
        };
        set_answer(entry, new);
    }
    if let Some(facts) = &edit.facts {
        set_facts(entry, facts);
    }
    if let Some(evidence) = &edit.evidence {
        let items: Vec<String> = evidence
            .iter()
            .map(|e| crate::source::nfc(e.trim()))
            .filter(|e| !e.is_empty())
            .collect();
        let was_text = entry.get("evidence").is_some_and(|i| i.is_str());
        let value = match items.as_slice() {
            [] => None,
            [one] if was_text => Some(text(one)),
            _ => Some(Value::Array(
                items.iter().map(String::as_str).collect::<Array>(),
            )),
        };
        set(entry, "evidence", value);
    }
    if let Some(attachments) = &edit.attachments {
        let value = (!attachments.is_empty()).then(|| {
            let tables = attachments.iter().map(attachment_table);
            Value::Array(tables.collect::<Array>())
        });
        set(entry, "attachments", value);
    }
    if !edit.attach.is_empty() || !edit.detach.is_empty() {
        edit_attachments(entry, &edit.attach, &edit.detach);
    }
    for (key, value) in [("note", &edit.note), ("explanation", &edit.explanation)] {
        if let Some(v) = value {
            let v = v.trim();
            set(entry, key, (!v.is_empty()).then(|| text(v)));
        }
    }
}

fn attachment_table(a: &crate::model::Attachment) -> toml_edit::InlineTable {
    let mut t = toml_edit::InlineTable::new();
    t.insert("file", text(&a.file));
    t.insert("title", text(&a.title));
    t.insert("sha256", text(&a.sha256));
    t.insert("size", number(Decimal::from(a.size)));
    t
}

/// The `file` an attachment (an inline table or a table) names.
fn attached_file(t: &dyn TableLike) -> Option<&str> {
    t.get("file").and_then(Item::as_str)
}

/// Adds and removes attachments in the entry's own list, whether it is
/// written `attachments = [{ … }]` or as `[[c."…".attachments]]` tables;
/// every other attachment stays as written. A new list is one attachment a
/// line; an emptied list is removed.
fn edit_attachments(
    entry: &mut dyn TableLike,
    attach: &[crate::model::Attachment],
    detach: &[String],
) {
    let gone = |t: &dyn TableLike| attached_file(t).is_some_and(|f| detach.iter().any(|d| d == f));
    if entry.get("attachments").is_none() {
        entry.insert("attachments", Item::Value(Value::Array(Array::new())));
    }
    let item = entry.get_mut("attachments").expect("inserted above");
    let empty = match item {
        Item::ArrayOfTables(tables) => {
            tables.retain(|t| !gone(t));
            for a in attach {
                if !tables
                    .iter()
                    .any(|t| attached_file(t) == Some(a.file.as_str()))
                {
                    tables.push(attachment_table(a).into_table());
                }
            }
            tables.is_empty()
        }
        Item::Value(Value::Array(array)) => {
            array.retain(|v| !v.as_inline_table().is_some_and(|t| gone(t)));
            for a in attach {
                let listed = array.iter().any(|v| {
                    v.as_inline_table().and_then(|t| attached_file(t)) == Some(a.file.as_str())
                });
                if !listed {
                    let mut v = Value::InlineTable(attachment_table(a));
                    v.decor_mut().set_prefix("\n  ");
                    array.push_formatted(v);
                    array.set_trailing_comma(true);
                    array.set_trailing("\n");
                }
            }
            array.is_empty()
        }
        // Not a list: the loader reports it; an edit does not guess.
        _ => false,
    };
    if empty {
        entry.remove("attachments");
    }
}

fn text(s: &str) -> Value {
    Value::from(crate::source::nfc(s))
}

/// A decimal as TOML writes it: an integer when whole, else with a point;
/// exactly as the decimal is written (never through a float).
fn number(d: Decimal) -> Value {
    let text = d.to_string();
    // A whole number beyond TOML's 64-bit integers is written as a float
    // (the loader reads its text exactly); anything else TOML refuses stays
    // text, which the loader then refuses.
    text.parse::<Value>()
        .or_else(|_| format!("{text}.0").parse::<Value>())
        .unwrap_or_else(|_| Value::from(text))
}

/// Sets a key's value in place (keeping its spacing and comment), appends
/// it, or removes it (`None`).
fn set(entry: &mut dyn TableLike, key: &str, value: Option<Value>) {
    let Some(mut value) = value else {
        entry.remove(key);
        return;
    };
    match entry.get_mut(key) {
        Some(item) => {
            if let Some(old) = item.as_value() {
                *value.decor_mut() = old.decor().clone();
            }
            *item = Item::Value(value);
        }
        None => {
            entry.insert(key, Item::Value(value));
        }
    }
}

/// Replaces the answer key: in place when it is the same key, else at the
/// place of the first answer key (first in the entry when there was none),
/// with that key's spacing and comment.
fn set_answer(entry: &mut dyn TableLike, new: Option<(&str, Value)>) {
    let first = entry.iter().position(|(k, _)| ANSWER_KEYS.contains(&k));
    if let Some((key, value)) = &new
        && entry.contains_key(key)
    {
        for other in ANSWER_KEYS.into_iter().filter(|k| k != key) {
            entry.remove(other);
        }
        set(entry, key, Some(value.clone()));
        return;
    }
    // Rebuilt in order, every other key with its own formatting.
    let pairs: Vec<(Key, Item)> = entry
        .iter()
        .filter_map(|(k, _)| entry.get_key_value(k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    entry.clear();
    let at = first.unwrap_or(0);
    let mut placed = new.is_none();
    let put = |entry: &mut dyn TableLike, like: Option<&(Key, Item)>| {
        if let Some((key, value)) = &new {
            let mut k = Key::new(*key);
            let mut v = value.clone();
            if let Some((old_key, old_item)) = like {
                *k.leaf_decor_mut() = old_key.leaf_decor().clone();
                if let Some(old) = old_item.as_value() {
                    *v.decor_mut() = old.decor().clone();
                }
            }
            entry.entry_format(&k).or_insert(Item::Value(v));
        }
    };
    for (i, pair) in pairs.iter().enumerate() {
        if i == at && !placed {
            put(entry, ANSWER_KEYS.contains(&pair.0.get()).then_some(pair));
            placed = true;
        }
        if ANSWER_KEYS.contains(&pair.0.get()) {
            continue;
        }
        entry.entry_format(&pair.0).or_insert(pair.1.clone());
    }
    if !placed {
        put(entry, None);
    }
}

/// Replaces the facts: each existing fact's value in place, missing ones
/// appended, others removed; no facts removes the key.
fn set_facts(entry: &mut dyn TableLike, facts: &[(String, Decimal)]) {
    if facts.is_empty() {
        entry.remove("facts");
        return;
    }
    let table = match entry.get_mut("facts").and_then(Item::as_table_like_mut) {
        Some(t) => t,
        None => {
            entry.insert(
                "facts",
                Item::Value(Value::InlineTable(toml_edit::InlineTable::new())),
            );
            entry
                .get_mut("facts")
                .and_then(Item::as_table_like_mut)
                .expect("inserted above")
        }
    };
    let gone: Vec<String> = table
        .iter()
        .map(|(k, _)| k.to_string())
        .filter(|k| !facts.iter().any(|(name, _)| name == k))
        .collect();
    for k in gone {
        table.remove(&k);
    }
    for (name, value) in facts {
        set(table, name, Some(number(*value)));
    }
}

/// An entry as text for hashing and showing: `key = value` lines in file
/// order, values as written, without comments or spacing (which an edit of
/// another entry may move).
pub fn entry_text(entry: &dyn TableLike) -> String {
    let mut out = String::new();
    for (k, item) in entry.iter() {
        out.push_str(k);
        out.push_str(" = ");
        item_text(item, &mut out);
        out.push('\n');
    }
    out
}

fn item_text(item: &Item, out: &mut String) {
    match item {
        Item::None => {}
        Item::Value(v) => value_text(v, out),
        Item::Table(t) => table_text(t, out),
        Item::ArrayOfTables(a) => {
            out.push('[');
            for (i, t) in a.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                table_text(t, out);
            }
            out.push(']');
        }
    }
}

fn table_text(t: &dyn TableLike, out: &mut String) {
    out.push('{');
    for (i, (k, item)) in t.iter().enumerate() {
        out.push_str(if i > 0 { ", " } else { " " });
        out.push_str(k);
        out.push_str(" = ");
        item_text(item, out);
    }
    out.push_str(" }");
}

fn value_text(v: &Value, out: &mut String) {
    match v {
        Value::String(f) => out.push_str(&f.display_repr()),
        Value::Integer(f) => out.push_str(&f.display_repr()),
        Value::Float(f) => out.push_str(&f.display_repr()),
        Value::Boolean(f) => out.push_str(&f.display_repr()),
        Value::Datetime(f) => out.push_str(&f.display_repr()),
        Value::Array(a) => {
            out.push('[');
            for (i, v) in a.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                value_text(v, out);
            }
            out.push(']');
        }
        Value::InlineTable(t) => table_text(t, out),
    }
}

/// Writes the file atomically, its folder made if needed; never through a
/// link leading outside the workspace.
fn write(root: &Path, path: &Path, text: &str) -> Result<(), EditError> {
    let io = |e| EditError::Io(path.to_path_buf(), e);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    crate::source::check_writable(root, path).map_err(io)?;
    let to = crate::output::Destination {
        path: Some(path),
        root,
        may_replace: &[InputKind::SelfAssessment],
    };
    crate::output::write_bytes(to, text.as_bytes()).map_err(|e| match e {
        crate::output::WriteError::Io(e) => io(e),
        crate::output::WriteError::Input(name) => io(std::io::Error::other(name)),
    })
}
