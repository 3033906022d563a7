//! The write path of the unit officer's form: one criterion's entry, or the
//! submission, written into the unit's self-assessment file, then recorded
//! in the audit log.

use std::path::Path;
use std::str::FromStr;

use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

use super::auth::User;
use super::db::{AuditRecord, Db};
use super::pages::{CardNote, CardValues};
use super::view::UnitView;
use crate::answers::edit::{self, AnswerEdit, EditError, EntryEdit};
use crate::i18n::{Lang, Web, WebSay};
use crate::model::{Criterion, Method, thousands_reading};
use crate::season::{self, LocalTime, Phase};
use crate::sign::hex;

/// Whether the unit's self-assessment may be written now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Openness {
    /// Open, until `closes` when the year has a schedule.
    Open {
        closes: Option<LocalTime>,
    },
    Submitted,
    Closed,
    NotOpen {
        opens: LocalTime,
    },
}

impl Openness {
    pub fn is_open(&self) -> bool {
        matches!(self, Openness::Open { .. })
    }
}

/// The one place the season's schedule (`scores/<year>/workflow.toml`) is
/// asked whether a unit may still write its self-assessment: not once it
/// has submitted, nor outside its window (its extension included). A year
/// without a schedule stays open until the unit submits.
pub fn openness(view: &UnitView, now: std::time::SystemTime) -> Openness {
    if view.submitted().is_some() {
        return Openness::Submitted;
    }
    let Some(schedule) = &view.ws().schedule else {
        return Openness::Open { closes: None };
    };
    match season::phase(schedule, view.code(), now) {
        Phase::SelfAssessment { closes, .. } => Openness::Open {
            closes: Some(closes),
        },
        Phase::NotOpen { opens } => Openness::NotOpen { opens },
        _ => Openness::Closed,
    }
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
        ..Default::default()
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
            Some(Method::Choice(options)) => match get("tra_loi") {
                "" => FormAnswer::Unanswered,
                label => match options.iter().find(|o| o.label == label) {
                    Some(o) => FormAnswer::Choice(o.label.clone()),
                    None => {
                        problems.push(WebSay::UnknownOption(label.to_string()).text(lang));
                        FormAnswer::Unanswered
                    }
                },
            },
            Some(Method::Bands { .. } | Method::Formula { .. }) => FormAnswer::Unanswered,
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

/// The current server time, RFC 3339 in UTC.
pub fn server_time() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

/// Today's date in Vietnam, `YYYY-MM-DD`.
pub fn today_in_vietnam() -> String {
    LocalTime::now().civil().date().to_string()
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
    hash_before: Option<String>,
    hash_after: Option<String>,
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
        hash_before,
        hash_after,
    })
}

/// The hash of every answerable entry of the unit in the file the view was
/// loaded from (not read again: a write in between would pair the page's old
/// values with the new hashes): what each card gives back with its save, so a
/// save from a stale page is caught.
pub fn entry_hashes(view: &UnitView) -> std::collections::HashMap<String, String> {
    let text = view
        .ws()
        .self_assessments
        .get(view.code())
        .map(|sa| sa.file.text.as_str());
    edit::entry_hashes(text, view.answerable().map(|(_, c)| c.code.as_str()))
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
    /// The saved file would not load cleanly: chiso's diagnostics, rendered.
    Invalid(Vec<String>),
    /// The self-assessment was submitted meanwhile (by another officer, or
    /// with the command line): the form is closed.
    Submitted,
    Failed,
}

impl EntryForm {
    /// The edit of the entry: every key the form shows is set (or removed
    /// when empty); others (`explanation`, attachments) stay.
    fn edit(&self) -> EntryEdit {
        EntryEdit {
            answer: Some(match &self.answer {
                FormAnswer::Unanswered => AnswerEdit::Clear,
                FormAnswer::Points(p) => AnswerEdit::Points(*p),
                FormAnswer::Yes(y) => AnswerEdit::Yes(*y),
                FormAnswer::Choice(label) => AnswerEdit::Choice(label.clone()),
                FormAnswer::NotApplicable => AnswerEdit::NotApplicable,
            }),
            facts: Some(self.facts.clone()),
            evidence: Some(self.evidence.clone()),
            note: Some(self.note.clone().unwrap_or_default()),
            only_before_submission: true,
            ..Default::default()
        }
    }

    /// The entry as this form would write it (numbers as the file writes
    /// them), to show beside the current one in a conflict.
    fn text(&self) -> String {
        let mut out = Vec::new();
        match &self.answer {
            FormAnswer::Unanswered => {}
            FormAnswer::Points(p) => out.push(format!("points = {}", p.normalize())),
            FormAnswer::Yes(y) => out.push(format!("yes = {y}")),
            FormAnswer::Choice(label) => out.push(format!("choice = {label:?}")),
            FormAnswer::NotApplicable => out.push("na = true".into()),
        }
        for (name, v) in &self.facts {
            out.push(format!("facts.{name} = {}", v.normalize()));
        }
        for e in &self.evidence {
            out.push(format!("evidence: {e}"));
        }
        if let Some(n) = &self.note {
            out.push(format!("note = {n:?}"));
        }
        out.join("\n")
    }
}

/// Saves one criterion's entry from the form ([`write_entry`], action `luu`).
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
    write_entry(
        state,
        actor,
        "luu",
        year,
        unit,
        code,
        &form.edit(),
        &form.text(),
        base,
        lang,
    )
}

/// Writes one criterion's entry through the library's one write path
/// ([`edit::set_entry`]: the file's advisory lock, the entry's hash checked
/// against `base`, only that entry edited, the result loaded before it is
/// written atomically), then records it in the audit log as `action`. Every
/// write of an entry goes through here: a save, an evidence file added or
/// removed, an explanation. `yours` is what the write would have made of the
/// entry, shown beside the current one in a conflict.
#[allow(clippy::too_many_arguments)]
pub fn write_entry(
    state: &super::AppState,
    actor: &Actor,
    action: &str,
    year: i64,
    unit: &str,
    code: &str,
    edit: &EntryEdit,
    yours: &str,
    base: &str,
    lang: Lang,
) -> Result<(), SaveRefusal> {
    let root = &state.root;
    // Recorded under the write's lock: the audit chain follows the order of
    // the writes, and a write that cannot be recorded is undone.
    let audit = |outcome: &edit::EditOutcome| {
        record(
            &state.db,
            root,
            actor,
            action,
            &edit::self_path(root, year, unit),
            Some(code),
            Some(outcome.before.clone()),
            Some(outcome.after.clone()),
            outcome.file_sha256_before.clone(),
            Some(outcome.file_sha256_after.clone()),
        )
        .map_err(std::io::Error::other)
    };
    // The criteria and unit list as the request found them (kept while
    // their files stay the same); the answer file is read under the lock.
    let written = match state.years.get(root, year) {
        Ok(scored) => edit::set_entry_in(&scored.ws, unit, code, edit, base, audit),
        Err(_) => edit::set_entry_recorded(root, year, unit, code, edit, base, audit),
    };
    match written {
        Ok(outcome) => {
            if outcome.changed {
                state.years.invalidate(year);
            }
            Ok(())
        }
        Err(EditError::Conflict { current_entry, .. }) => Err(SaveRefusal::Conflict {
            current: current_entry,
            yours: yours.to_string(),
        }),
        Err(EditError::Invalid(problems)) => Err(SaveRefusal::Invalid(
            problems.iter().map(|d| d.render(lang)).collect(),
        )),
        Err(EditError::Unreadable(d)) => Err(SaveRefusal::Invalid(vec![d.render(lang)])),
        Err(EditError::Submitted) => Err(SaveRefusal::Submitted),
        Err(_) => Err(SaveRefusal::Failed),
    }
}

impl SaveRefusal {
    /// The answer's status and what the card says.
    pub fn card_note(self, lang: Lang) -> (axum::http::StatusCode, CardNote) {
        use axum::http::StatusCode;
        match self {
            SaveRefusal::Conflict { current, yours } => {
                (StatusCode::CONFLICT, CardNote::Conflict { current, yours })
            }
            SaveRefusal::Invalid(problems) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                CardNote::NotSaved(problems),
            ),
            SaveRefusal::Submitted => (
                StatusCode::FORBIDDEN,
                CardNote::NotSaved(vec![Web::AlreadySubmitted.text(lang).into()]),
            ),
            SaveRefusal::Failed => (
                StatusCode::INTERNAL_SERVER_ERROR,
                CardNote::NotSaved(vec![Web::ServerError.text(lang).into()]),
            ),
        }
    }
}

fn new_file(unit: &str) -> toml_edit::DocumentMut {
    let mut doc = toml_edit::DocumentMut::new();
    doc.insert("unit", toml_edit::value(unit));
    doc
}

/// Marks the self-assessment submitted today (Vietnam's date).
pub fn submit(
    state: &super::AppState,
    actor: &Actor,
    year: i64,
    unit: &str,
) -> Result<(), SaveRefusal> {
    let root = &state.root;
    // The lock every writer of the unit's answers takes: a save cannot
    // slip between reading the file and replacing it.
    let _lock = edit::lock(root, year, unit).map_err(|_| SaveRefusal::Failed)?;
    let path = edit::self_path(root, year, unit);
    let before = std::fs::read(&path).ok();
    let mut doc = match &before {
        Some(b) => std::str::from_utf8(b)
            .ok()
            .and_then(|t| toml_edit::DocumentMut::from_str(t).ok())
            .ok_or(SaveRefusal::Failed)?,
        None => new_file(unit),
    };
    // Judged under the lock: two submits (or a submit from the command line)
    // cannot both write their date.
    if doc.contains_key("submitted") {
        return Err(SaveRefusal::Submitted);
    }
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
    state.years.invalidate(year);
    record(
        &state.db,
        root,
        actor,
        "nop",
        &path,
        None,
        old,
        Some(today.to_string()),
        before.as_deref().map(file_hash),
        Some(file_hash(after.as_bytes())),
    )
    .map_err(|_| SaveRefusal::Failed)
}
