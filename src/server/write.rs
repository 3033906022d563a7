//! The write path of the unit officer's form: one criterion's entry, or the
//! submission, written into the unit's self-assessment file, then recorded
//! in the audit log.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

use super::auth::User;
use super::db::{AuditRecord, Db, hex};
use super::pages::CardValues;
use super::view::UnitView;
use crate::i18n::{Lang, Web, WebSay};
use crate::model::{Criterion, Method, thousands_reading};

/// Whether the unit's self-assessment may be written now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Openness {
    Open,
    Submitted,
    Closed,
    NotOpen,
}

/// The one place the season's schedule is asked whether a unit may still
/// write its self-assessment.
pub fn openness(view: &UnitView, _now: std::time::SystemTime) -> Openness {
    if view.submitted().is_some() {
        return Openness::Submitted;
    }
    Openness::Open
}

/// The answer a criterion's form gives.
#[derive(Debug, Clone, PartialEq)]
pub enum FormAnswer {
    Unanswered,
    Points(Decimal),
    Yes(bool),
    /// The option's label, as the file writes it.
    Choice(String),
    NotApplicable,
}

/// A criterion's form, read and checked for what a form can check (numbers
/// are numbers, an option exists); the rest is the loader's job.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryForm {
    pub answer: FormAnswer,
    pub facts: Vec<(String, Decimal)>,
    pub evidence: Vec<String>,
    pub note: Option<String>,
}

/// A number as people type it: `0,5` or `0.5`; `1.000` (a thousands
/// separator, or a decimal point?) is refused rather than guessed.
fn number(field: &str, text: &str) -> Result<Option<Decimal>, WebSay> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let refuse = || WebSay::NotANumber {
        field: field.to_string(),
        text: t.to_string(),
    };
    if thousands_reading(t).is_some() && t.contains(['.', ',']) && !t.starts_with("0") {
        return Err(refuse());
    }
    Decimal::from_str(&t.replace(',', "."))
        .ok()
        .filter(|d| d.abs() <= crate::num::LIMIT)
        .map(Some)
        .ok_or_else(refuse)
}

/// Reads a criterion's posted fields.
pub fn read_form(
    c: &Criterion,
    fields: &[(String, String)],
    lang: Lang,
) -> (CardValues, Result<EntryForm, Vec<String>>) {
    let get = |k: &str| {
        fields
            .iter()
            .rev()
            .find(|(n, _)| n == k)
            .map_or("", |(_, v)| v.as_str())
    };
    let mut problems = Vec::new();
    let kps = fields.iter().any(|(n, v)| n == "tra_loi" && v == "kps");
    let mut values = CardValues {
        answer: get("tra_loi").to_string(),
        facts: Vec::new(),
        evidence: get("tai_lieu").to_string(),
        note: get("ghi_chu").to_string(),
    };
    let answer = if kps {
        values.answer = "kps".into();
        FormAnswer::NotApplicable
    } else {
        match &c.method {
            Some(Method::Manual) | None => {
                values.answer = get("diem").to_string();
                match number(Web::Points.text(lang), get("diem")) {
                    Ok(Some(p)) => FormAnswer::Points(p),
                    Ok(None) => FormAnswer::Unanswered,
                    Err(e) => {
                        problems.push(e.text(lang));
                        FormAnswer::Unanswered
                    }
                }
            }
            Some(Method::YesNo) => match get("tra_loi") {
                "co" => FormAnswer::Yes(true),
                "khong" => FormAnswer::Yes(false),
                _ => FormAnswer::Unanswered,
            },
            Some(Method::Choice(options)) => match get("tra_loi").parse::<usize>() {
                Ok(i) if i < options.len() => FormAnswer::Choice(options[i].label.clone()),
                _ => FormAnswer::Unanswered,
            },
            Some(Method::Bands { .. } | Method::Formula(_)) => FormAnswer::Unanswered,
        }
    };
    let mut facts = Vec::new();
    if answer != FormAnswer::NotApplicable {
        for input in c.fact_inputs() {
            let text = get(&format!("so_lieu.{}", input.name));
            if !text.trim().is_empty() {
                values.facts.push((input.name.clone(), text.to_string()));
            }
            match number(&input.label, text) {
                Ok(Some(v)) => facts.push((input.name.clone(), v)),
                Ok(None) => {}
                Err(e) => problems.push(e.text(lang)),
            }
        }
    }
    let evidence = values
        .evidence
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    let note = Some(values.note.trim().to_string()).filter(|n| !n.is_empty());
    let form = if problems.is_empty() {
        Ok(EntryForm {
            answer,
            facts,
            evidence,
            note,
        })
    } else {
        Err(problems)
    };
    (values, form)
}

/// Who asked, for the audit log.
pub struct Actor<'a> {
    pub user: &'a User,
    pub address: &'a str,
}

pub fn self_file(root: &Path, year: i64, unit: &str) -> PathBuf {
    crate::load::scores_dir(root, year)
        .join("self")
        .join(format!("{unit}.toml"))
}

/// The current server time, RFC 3339 in UTC.
pub fn server_time() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

/// Today's date in Vietnam (UTC+7 all year: no daylight saving), `YYYY-MM-DD`.
pub fn today_in_vietnam() -> String {
    let local = std::time::SystemTime::now() + std::time::Duration::from_secs(7 * 3600);
    humantime::format_rfc3339_seconds(local).to_string()[..10].to_string()
}

fn file_hash(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Records a write in the audit log.
#[allow(clippy::too_many_arguments)]
pub fn record(
    db: &Db,
    root: &Path,
    actor: &Actor,
    action: &str,
    file: &Path,
    criterion: Option<&str>,
    old: Option<String>,
    new: Option<String>,
    before: Option<&[u8]>,
    after: Option<&[u8]>,
) -> rusqlite::Result<()> {
    db.audit(&AuditRecord {
        at: server_time(),
        user: actor.user.name.clone(),
        role: actor.user.role.as_str().to_string(),
        address: actor.address.to_string(),
        action: action.to_string(),
        file: crate::source::relative_name(root, file),
        criterion: criterion.map(str::to_string),
        old,
        new,
        hash_before: before.map(file_hash),
        hash_after: after.map(file_hash),
    })
}

// --- Until the library's one-entry writer is in -----------------------------

/// The hash of a criterion's entry as the page was rendered, so a save from a
/// stale page is caught.
pub fn entry_hash(view: &UnitView, node: usize) -> String {
    let code = &view.scheme().nodes[node].code;
    let text = std::fs::read_to_string(self_file(&view.ws().root, view.year(), view.code()))
        .unwrap_or_default();
    entry_text(&text, code).map_or_else(String::new, |t| file_hash(t.as_bytes()))
}

fn entry_text(file: &str, code: &str) -> Option<String> {
    let doc = toml_edit::DocumentMut::from_str(file).ok()?;
    Some(doc.get("c")?.get(code)?.to_string())
}

/// Why a save wrote nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveRefusal {
    /// The entry changed since the page was rendered: its text now, and what
    /// this save would have written.
    Conflict {
        current: String,
        yours: String,
    },
    /// The saved file would not load cleanly for this criterion: chiso's
    /// diagnostics, rendered.
    Invalid(Vec<String>),
    Failed,
}

/// Writes in this process one at a time (the file's advisory lock keeps
/// other processes out).
static WRITES: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The keys of an entry the form sets.
const FORM_KEYS: [&str; 7] = ["points", "yes", "choice", "facts", "na", "evidence", "note"];

fn decimal_value(d: Decimal) -> toml_edit::Value {
    // Written as its exact text: chiso reads numbers from their text.
    d.normalize()
        .to_string()
        .parse()
        .expect("a decimal is a TOML number")
}

/// The entry's keys as the form gives them: a key kept keeps its place and
/// comments, a key the form no longer gives goes, others (`explanation`,
/// `attachments`) stay.
fn set_form(table: &mut toml_edit::Table, form: &EntryForm) {
    let mut wanted: Vec<(&str, toml_edit::Value)> = Vec::new();
    match &form.answer {
        FormAnswer::Unanswered => {}
        FormAnswer::Points(p) => wanted.push(("points", decimal_value(*p))),
        FormAnswer::Yes(y) => wanted.push(("yes", (*y).into())),
        FormAnswer::Choice(label) => wanted.push(("choice", label.as_str().into())),
        FormAnswer::NotApplicable => wanted.push(("na", true.into())),
    }
    if !form.facts.is_empty() {
        let mut facts = toml_edit::InlineTable::new();
        for (name, v) in &form.facts {
            facts.insert(name, decimal_value(*v));
        }
        wanted.push(("facts", facts.into()));
    }
    if !form.evidence.is_empty() {
        let list: toml_edit::Array = form.evidence.iter().map(String::as_str).collect();
        wanted.push(("evidence", list.into()));
    }
    if let Some(n) = &form.note {
        wanted.push(("note", n.as_str().into()));
    }
    for key in FORM_KEYS {
        match wanted.iter().find(|(k, _)| *k == key) {
            Some((_, v)) => {
                let same = table
                    .get(key)
                    .and_then(|i| i.as_value())
                    .is_some_and(|old| old.to_string().trim() == v.to_string().trim());
                if !same {
                    table.insert(key, toml_edit::value(v.clone()));
                }
            }
            None => {
                table.remove(key);
            }
        }
    }
}

fn new_file(unit: &str) -> toml_edit::DocumentMut {
    let mut doc = toml_edit::DocumentMut::new();
    doc.insert("unit", toml_edit::value(unit));
    doc
}

/// Saves one criterion's entry from the form, if its entry is still the
/// one the page showed (`base`, [`entry_hash`]).
#[allow(clippy::too_many_arguments)]
pub fn save_entry(
    state: &super::AppState,
    actor: &Actor,
    year: i64,
    unit: &str,
    code: &str,
    form: &EntryForm,
    base: &str,
    lang: Lang,
) -> Result<(), SaveRefusal> {
    let _one_at_a_time = WRITES.lock().unwrap_or_else(|p| p.into_inner());
    let root = &state.root;
    let path = self_file(root, year, unit);
    let before = std::fs::read(&path).ok();
    let mut doc = match &before {
        Some(b) => std::str::from_utf8(b)
            .ok()
            .and_then(|t| toml_edit::DocumentMut::from_str(t).ok())
            .ok_or(SaveRefusal::Failed)?,
        None => new_file(unit),
    };
    let current = doc
        .get("c")
        .and_then(|c| c.get(code))
        .map(|e| e.to_string());
    let current_hash = current
        .as_deref()
        .map_or_else(String::new, |t| file_hash(t.as_bytes()));
    let entries = doc
        .entry("c")
        .or_insert_with(|| {
            let mut t = toml_edit::Table::new();
            t.set_implicit(true);
            toml_edit::Item::Table(t)
        })
        .as_table_mut()
        .ok_or(SaveRefusal::Failed)?;
    let entry = entries
        .entry(code)
        .or_insert_with(|| toml_edit::Item::Table(toml_edit::Table::new()))
        .as_table_mut()
        .ok_or(SaveRefusal::Failed)?;
    set_form(entry, form);
    let yours = entry.to_string();
    if current_hash != base {
        return Err(SaveRefusal::Conflict {
            current: current.unwrap_or_default(),
            yours,
        });
    }
    let after = doc.to_string();
    let write = |bytes: &[u8]| {
        crate::output::write_bytes(
            crate::output::Destination {
                path: Some(&path),
                root,
                may_replace: &[crate::load::InputKind::SelfAssessment],
            },
            bytes,
        )
        .map_err(|_| SaveRefusal::Failed)
    };
    write(after.as_bytes())?;
    // The written file, read back by the normal loader: a criterion that
    // does not load cleanly is put back as it was.
    let view = UnitView::load(root, year, unit).map_err(|_| SaveRefusal::Failed);
    let problems: Vec<String> = match &view {
        Ok(v) => v
            .diagnostics_of(code)
            .into_iter()
            .filter(|d| d.is_error())
            .map(|d| d.render(lang))
            .collect(),
        Err(_) => vec![],
    };
    if view.is_err() || !problems.is_empty() {
        match &before {
            Some(b) => write(b)?,
            None => std::fs::remove_file(&path).map_err(|_| SaveRefusal::Failed)?,
        }
        return Err(if problems.is_empty() {
            SaveRefusal::Failed
        } else {
            SaveRefusal::Invalid(problems)
        });
    }
    record(
        &state.db,
        root,
        actor,
        "luu",
        &path,
        Some(code),
        current,
        Some(yours),
        before.as_deref(),
        Some(after.as_bytes()),
    )
    .map_err(|_| SaveRefusal::Failed)
}

/// Marks the self-assessment submitted today (Vietnam's date).
pub fn submit(
    state: &super::AppState,
    actor: &Actor,
    year: i64,
    unit: &str,
) -> Result<(), SaveRefusal> {
    let _one_at_a_time = WRITES.lock().unwrap_or_else(|p| p.into_inner());
    let root = &state.root;
    let path = self_file(root, year, unit);
    let before = std::fs::read(&path).ok();
    let mut doc = match &before {
        Some(b) => std::str::from_utf8(b)
            .ok()
            .and_then(|t| toml_edit::DocumentMut::from_str(t).ok())
            .ok_or(SaveRefusal::Failed)?,
        None => new_file(unit),
    };
    let today: toml_edit::Value = today_in_vietnam()
        .parse()
        .map_err(|_| SaveRefusal::Failed)?;
    let old = doc.get("submitted").map(|v| v.to_string());
    doc.insert("submitted", toml_edit::value(today.clone()));
    let after = doc.to_string();
    crate::output::write_bytes(
        crate::output::Destination {
            path: Some(&path),
            root,
            may_replace: &[crate::load::InputKind::SelfAssessment],
        },
        after.as_bytes(),
    )
    .map_err(|_| SaveRefusal::Failed)?;
    record(
        &state.db,
        root,
        actor,
        "nop",
        &path,
        None,
        old,
        Some(today.to_string()),
        before.as_deref(),
        Some(after.as_bytes()),
    )
    .map_err(|_| SaveRefusal::Failed)
}
