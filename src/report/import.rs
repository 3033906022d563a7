//! What an import would change, as the command prints it before writing.

use crate::i18n::{ImportMsg, Lang};
use crate::import::{Change, Plan};

/// Kept columns, then each change (or the new file's size), one line each.
pub fn changes(plan: &Plan, lang: Lang) -> String {
    let mut lines: Vec<ImportMsg> = Vec::new();
    if !plan.kept.is_empty() {
        lines.push(ImportMsg::Kept(plan.kept.clone()));
    }
    if plan.existed {
        lines.push(ImportMsg::ChangesIn(plan.name.clone()));
        lines.extend(plan.changes.iter().map(|c| match c {
            Change::Added(u) => ImportMsg::Added(u.clone()),
            Change::AddedPeriod { unit, period } => ImportMsg::AddedPeriod {
                unit: unit.clone(),
                period: period.clone(),
            },
            Change::Removed(u) => ImportMsg::Removed(u.clone()),
            Change::Changed {
                unit,
                fact,
                old,
                new,
            } => ImportMsg::Changed {
                unit: unit.clone(),
                fact: fact.clone(),
                old: old.clone(),
                new: new.clone(),
            },
        }));
    } else {
        lines.push(ImportMsg::NewFile {
            file: plan.name.clone(),
            units: plan.units,
        });
    }
    lines.iter().map(|m| m.text(lang) + "\n").collect()
}
