//! `chiso diff`: what changed in the criteria between two years, as text,
//! Markdown (for the explanatory note of the new regulation) or JSON.

use rust_decimal::Decimal;

use crate::compare::{AppendixDiff, CriteriaDiff, FieldChange, Presence, Value};
use crate::i18n::{Label, Lang, Publish};
use crate::num;

fn value(v: &Value, lang: Lang) -> String {
    match v {
        Value::Absent => "—".into(),
        Value::Number(d) => num::fmt(*d, lang),
        Value::Text(t) => format!("\"{t}\""),
        Value::Flag(b) => if *b { Label::Yes } else { Label::No }.text(lang).into(),
        Value::Bands(bands) => bands
            .iter()
            .map(|b| {
                let mut cond = Vec::new();
                for (op, d) in [("> ", b.gt), ("≥ ", b.gte), ("< ", b.lt), ("≤ ", b.lte)] {
                    if let Some(d) = d {
                        cond.push(format!("{op}{}", num::fmt(d, lang)));
                    }
                }
                format!("{}: {}", cond.join(", "), num::fmt(b.points, lang))
            })
            .collect::<Vec<_>>()
            .join("; "),
        Value::Options(o) => o
            .iter()
            .map(|(l, p)| format!("{l}: {}", num::fmt(*p, lang)))
            .collect::<Vec<_>>()
            .join("; "),
        Value::List(l) => l.join(", "),
    }
}

/// One field change: "field: before → after".
fn field_change(c: &FieldChange, lang: Lang) -> String {
    format!(
        "{}: {} → {}",
        Publish::field(c.field.key(), lang),
        value(&c.before, lang),
        value(&c.after, lang)
    )
}

fn field_lines(changes: &[FieldChange], indent: &str, lang: Lang) -> String {
    changes
        .iter()
        .map(|c| format!("{indent}{}\n", field_change(c, lang)))
        .collect()
}

/// A criterion's maximum, as the notes on added and removed criteria give it.
fn max_note(d: Decimal, lang: Lang) -> String {
    format!(
        "{} {}",
        Label::Max.text(lang).to_lowercase(),
        num::fmt(d, lang)
    )
}

/// "Appendix pl1 — title", and whether it was added or removed.
fn appendix_heading(a: &AppendixDiff, lang: Lang) -> String {
    let mut out = format!("{} {} — {}", Publish::Appendix.text(lang), a.id, a.title);
    let note = presence_note(
        a.presence,
        Publish::AppendixAdded,
        Publish::AppendixRemoved,
        lang,
    );
    if !note.is_empty() {
        out += &format!(" ({note})");
    }
    out
}

fn appendix(a: &AppendixDiff, lang: Lang) -> String {
    let mut out = appendix_heading(a, lang);
    out += "\n";
    out += &field_lines(&a.changes, "  ~ ", lang);
    for n in &a.removed {
        out += &format!("  − {} {} ({})\n", n.code, n.title, max_note(n.max, lang));
    }
    for n in &a.added {
        out += &format!("  + {} {} ({})\n", n.code, n.title, max_note(n.max, lang));
    }
    for m in &a.moved {
        out += &format!("  → {} ⇒ {} {}\n", m.from, m.to, m.title);
        out += &field_lines(&m.changes, "      ", lang);
    }
    for c in &a.changed {
        out += &format!("  ~ {} {}\n", c.code, c.title);
        out += &field_lines(&c.changes, "      ", lang);
    }
    out
}

pub fn text(d: &CriteriaDiff, lang: Lang) -> String {
    let mut out = format!("{}\n", Publish::diff_title(d.from, d.to, lang));
    if d.is_empty() {
        out += Publish::NoDifference.text(lang);
        out += "\n";
        return out;
    }
    if !d.settings.is_empty() {
        out += &format!("\n{}:\n", Publish::Settings.text(lang));
        out += &field_lines(&d.settings, "  ~ ", lang);
    }
    if !d.blocks.is_empty() {
        out += &format!("\n{}:\n", Publish::Blocks.text(lang));
        for b in &d.blocks {
            let (mark, note) = match b.presence {
                Presence::Added => ("+", Publish::BlockAdded.text(lang)),
                Presence::Removed => ("−", Publish::BlockRemoved.text(lang)),
                Presence::Kept => ("~", ""),
            };
            out += &format!(
                "  {mark} {} {} ({} {})",
                b.id,
                b.name,
                Publish::Appendix.text(lang),
                b.appendix
            );
            if !note.is_empty() {
                out += &format!(": {note}");
            }
            out += "\n";
            out += &field_lines(&b.changes, "      ", lang);
        }
    }
    for (title, list) in [
        (Publish::Ratings, &d.ratings),
        (Publish::Consequences, &d.consequences),
    ] {
        if list.is_empty() {
            continue;
        }
        out += &format!("\n{}:\n", title.text(lang));
        for r in list {
            let mark = match r.presence {
                Presence::Added => "+",
                Presence::Removed => "−",
                Presence::Kept => "~",
            };
            out += &format!("  {mark} {}\n", r.label);
            out += &field_lines(&r.changes, "      ", lang);
        }
    }
    for a in &d.appendices {
        out += "\n";
        out += &appendix(a, lang);
    }
    out
}

/// Field changes in one Markdown cell, one per line.
fn change_cell(changes: &[FieldChange], lang: Lang) -> String {
    changes
        .iter()
        .map(|c| field_change(c, lang))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A note (added, removed, …) and the field changes, in one Markdown cell.
fn note_and_changes(note: &str, changes: &[FieldChange], lang: Lang) -> String {
    [note.to_string(), change_cell(changes, lang)]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn presence_note(p: Presence, added: Publish, removed: Publish, lang: Lang) -> &'static str {
    match p {
        Presence::Added => added.text(lang),
        Presence::Removed => removed.text(lang),
        Presence::Kept => "",
    }
}

/// The diff as Markdown tables, ready for the explanatory note (tờ trình).
pub fn markdown(d: &CriteriaDiff, lang: Lang) -> String {
    use super::markdown_table;
    let h = |p: Publish| p.text(lang).to_string();
    let mut out = format!("# {}\n\n", Publish::diff_title(d.from, d.to, lang));
    if d.is_empty() {
        out += Publish::NoDifference.text(lang);
        out += "\n";
        return out;
    }
    if !d.settings.is_empty() {
        out += &format!("## {}\n\n", Publish::Settings.text(lang));
        let rows: Vec<Vec<String>> = d
            .settings
            .iter()
            .map(|c| {
                vec![
                    Publish::field(c.field.key(), lang).to_string(),
                    value(&c.before, lang),
                    value(&c.after, lang),
                ]
            })
            .collect();
        out += &markdown_table(
            &[h(Publish::Item), h(Publish::Before), h(Publish::After)],
            &rows,
            &[],
        );
        out += "\n";
    }
    if !d.blocks.is_empty() {
        out += &format!("## {}\n\n", Publish::Blocks.text(lang));
        let rows: Vec<Vec<String>> = d
            .blocks
            .iter()
            .map(|b| {
                let note =
                    presence_note(b.presence, Publish::BlockAdded, Publish::BlockRemoved, lang);
                vec![
                    b.id.clone(),
                    b.name.clone(),
                    b.appendix.clone(),
                    note_and_changes(note, &b.changes, lang),
                ]
            })
            .collect();
        let header = [
            Label::Code.text(lang).to_string(),
            h(Publish::Block),
            h(Publish::Appendix),
            h(Publish::Changes),
        ];
        out += &markdown_table(&header, &rows, &[]);
        out += "\n";
    }
    for (title, list) in [
        (Publish::Ratings, &d.ratings),
        (Publish::Consequences, &d.consequences),
    ] {
        if list.is_empty() {
            continue;
        }
        out += &format!("## {}\n\n", title.text(lang));
        let rows: Vec<Vec<String>> = list
            .iter()
            .map(|r| {
                let note = presence_note(
                    r.presence,
                    Publish::CriterionAdded,
                    Publish::CriterionRemoved,
                    lang,
                );
                vec![r.label.clone(), note_and_changes(note, &r.changes, lang)]
            })
            .collect();
        out += &markdown_table(&[h(Publish::Item), h(Publish::Changes)], &rows, &[]);
        out += "\n";
    }
    for a in &d.appendices {
        out += &format!(
            "## {}\n\n",
            super::escape_markdown(&appendix_heading(a, lang))
        );
        for c in &a.changes {
            out += &format!(
                "- {}\n",
                super::escape_markdown(&change_cell(std::slice::from_ref(c), lang))
            );
        }
        if !a.changes.is_empty() {
            out += "\n";
        }
        let mut rows: Vec<Vec<String>> = Vec::new();
        for (nodes, what) in [
            (&a.removed, Publish::CriterionRemoved),
            (&a.added, Publish::CriterionAdded),
        ] {
            for n in nodes {
                let note = format!("{} ({})", what.text(lang), max_note(n.max, lang));
                rows.push(vec![n.code.clone(), n.title.clone(), note]);
            }
        }
        for m in &a.moved {
            let note = format!("{} {} → {}", Publish::CodeChanged.text(lang), m.from, m.to);
            rows.push(vec![
                m.to.clone(),
                m.title.clone(),
                note_and_changes(&note, &m.changes, lang),
            ]);
        }
        for c in &a.changed {
            rows.push(vec![
                c.code.clone(),
                c.title.clone(),
                change_cell(&c.changes, lang),
            ]);
        }
        if !rows.is_empty() {
            let header = [
                Label::Code.text(lang).to_string(),
                Label::Criterion.text(lang).to_string(),
                h(Publish::Changes),
            ];
            out += &markdown_table(&header, &rows, &[]);
            out += "\n";
        }
    }
    out
}

fn presence(p: Presence) -> &'static str {
    match p {
        Presence::Added => "added",
        Presence::Removed => "removed",
        Presence::Kept => "changed",
    }
}

fn json_value(v: &Value) -> serde_json::Value {
    use crate::results::Num;
    use serde_json::json;
    match v {
        Value::Absent => serde_json::Value::Null,
        Value::Number(d) => json!(Num(*d)),
        Value::Text(t) => json!(t),
        Value::Flag(b) => json!(b),
        Value::Bands(b) => json!(
            b.iter()
                .map(|b| json!({
                    "gt": b.gt.map(Num), "gte": b.gte.map(Num), "lt": b.lt.map(Num),
                    "lte": b.lte.map(Num), "points": Num(b.points),
                }))
                .collect::<Vec<_>>()
        ),
        Value::Options(o) => json!(
            o.iter()
                .map(|(l, p)| json!({ "label": l, "points": Num(*p) }))
                .collect::<Vec<_>>()
        ),
        Value::List(l) => json!(l),
    }
}

fn json_changes(c: &[FieldChange]) -> serde_json::Value {
    serde_json::Value::Array(
        c.iter()
            .map(|c| {
                serde_json::json!({
                    "field": c.field.key(),
                    "before": json_value(&c.before),
                    "after": json_value(&c.after),
                })
            })
            .collect(),
    )
}

/// Stable JSON: English keys, exact numbers.
pub fn json(d: &CriteriaDiff) -> String {
    use crate::results::Num;
    use serde_json::json;
    let node =
        |n: &crate::compare::Node| json!({ "code": n.code, "title": n.title, "max": Num(n.max) });
    let labelled = |r: &crate::compare::LabelledDiff| json!({ "label": r.label, "status": presence(r.presence), "changes": json_changes(&r.changes) });
    let v = json!({
        "from": d.from,
        "to": d.to,
        "blocks": d.blocks.iter().map(|b| json!({
            "id": b.id, "name": b.name, "appendix": b.appendix,
            "status": presence(b.presence), "changes": json_changes(&b.changes),
        })).collect::<Vec<_>>(),
        "settings": json_changes(&d.settings),
        "ratings": d.ratings.iter().map(labelled).collect::<Vec<_>>(),
        "consequences": d.consequences.iter().map(labelled).collect::<Vec<_>>(),
        "appendices": d.appendices.iter().map(|a| json!({
            "id": a.id, "title": a.title, "status": presence(a.presence),
            "changes": json_changes(&a.changes),
            "added": a.added.iter().map(node).collect::<Vec<_>>(),
            "removed": a.removed.iter().map(node).collect::<Vec<_>>(),
            "moved": a.moved.iter().map(|m| json!({
                "from": m.from, "to": m.to, "title": m.title, "changes": json_changes(&m.changes),
            })).collect::<Vec<_>>(),
            "changed": a.changed.iter().map(|c| json!({
                "code": c.code, "title": c.title, "changes": json_changes(&c.changes),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}
