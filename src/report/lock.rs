//! `chiso verify` (and a refused `chiso lock`): what differs from the lock.

use crate::i18n::{Label, Lang, Say};
use crate::lock::{KeySource, LockedUnit, SignatureCheck, Verification};

pub fn verification(v: &Verification, lang: Lang) -> String {
    let mut out = String::new();
    for (label, files) in [
        (Label::ChangedFiles, &v.changed),
        (Label::AddedFiles, &v.added),
        (Label::RemovedFiles, &v.removed),
    ] {
        if files.is_empty() {
            continue;
        }
        out += &format!("{}:\n", label.text(lang));
        for f in files {
            out += &format!("  {f}\n");
        }
    }
    // Fields of an intact lock that do not match the workspace (edited
    // fields are errors on their own and never shown as locked).
    if !v.fields.is_empty() {
        out += &format!("{}:\n", Label::LockFields.text(lang));
        for f in &v.fields {
            out += &format!(
                "  {}: {} → {}\n",
                f.field,
                f.written.as_deref().unwrap_or("—"),
                f.now.as_deref().unwrap_or("—")
            );
        }
    }
    if let Some(written) = &v.other_version {
        out += &Say::LockOtherVersion {
            written: written.clone(),
        }
        .text(lang);
        out += "\n";
    }
    if let SignatureCheck::Valid { key, source } = &v.signature {
        out += &Say::LockSigned {
            key: key.clone(),
            trusted: source.is_some(),
            from_regulation: *source == Some(KeySource::Regulation),
        }
        .text(lang);
        out += "\n";
    }
    if !v.units.is_empty() {
        out += &format!("{}:\n", Label::ChangedResults.text(lang));
        let mut t = super::new_table(
            [Label::Code, Label::Locked, Label::Now]
                .iter()
                .map(|l| l.text(lang).to_string())
                .collect(),
        );
        // The lock keeps numbers as exact text (its digits are kept); the
        // decimal separator is the language's, as everywhere else.
        let number = |text: &str| match lang {
            Lang::Vi => text.replace('.', ","),
            Lang::En => text.to_string(),
        };
        let cell = |u: &Option<LockedUnit>| match u {
            None => "—".to_string(),
            Some(u) => format!(
                "{} · {} · {} · {}",
                number(&u.total),
                u.index.as_deref().map(number).as_deref().unwrap_or("—"),
                u.rating.as_deref().unwrap_or("—"),
                u.rank.map(|r| r.to_string()).unwrap_or_default()
            ),
        };
        for c in &v.units {
            t.add_row(vec![c.code.clone(), cell(&c.locked), cell(&c.now)]);
        }
        out += &t.to_string();
        out += "\n";
    }
    out
}
