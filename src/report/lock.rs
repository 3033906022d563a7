//! `chiso verify` (and a refused `chiso lock`): what differs from the lock.

use crate::i18n::{Label, Lang};
use crate::lock::{LockedUnit, Verification};

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
