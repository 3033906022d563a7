//! `chiso history`: a unit's (or every unit's) index, rating and rank per year,
//! and the consequences that apply. Also the wording of changes and runs of
//! ratings that the exports share.

use rust_decimal::Decimal;

use crate::i18n::{Label, Lang, Msg, Publish};
use crate::num;
use crate::timeline::{Change, ConsequenceMatch, History, Standing};

use super::score::index;

/// How a unit relates to last year's units, in words (empty when it simply continues).
pub fn change_note(change: &Change, code: &str, lang: Lang) -> String {
    match change {
        Change::NoPreviousYear => String::new(),
        Change::New => Publish::NewUnit.text(lang).to_string(),
        Change::Continued { before, merged, .. } => {
            let mut parts = Vec::new();
            if before.code != code {
                parts.push(format!("{} {}", Publish::Formerly.text(lang), before.code));
            }
            if !merged.is_empty() {
                parts.push(format!(
                    "{} {}",
                    Publish::MergedWith.text(lang),
                    codes(merged)
                ));
            }
            parts.join("; ")
        }
        Change::Merged(all) => format!("{} {}", Publish::MergedFrom.text(lang), codes(all)),
    }
}

fn codes(all: &[Standing]) -> String {
    all.iter()
        .map(|s| s.code.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The single predecessor's standing, when there is one.
pub fn before(change: &Change) -> Option<&Standing> {
    match change {
        Change::Continued { before, .. } => Some(before),
        _ => None,
    }
}

pub fn index_change(change: &Change) -> Option<Decimal> {
    match change {
        Change::Continued { index, .. } => *index,
        _ => None,
    }
}

/// The change column of text outputs: `+1,23`, or a note.
pub fn change_cell(change: &Change, code: &str, decimals: u32, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(d) = index_change(change) {
        parts.push(num::fmt_signed(d, decimals, lang));
    }
    let note = change_note(change, code, lang);
    if !note.is_empty() {
        parts.push(note);
    }
    parts.join(" · ")
}

/// `SN-BQLDA 2025: Trung bình ← SN-BQLGT 2024: Trung bình ← …`
pub fn run_text(run: &[Standing]) -> String {
    run.iter()
        .map(|s| {
            format!(
                "{} {}: {}",
                s.code,
                s.year,
                s.rating.as_deref().unwrap_or("—")
            )
        })
        .collect::<Vec<_>>()
        .join(" ← ")
}

/// Consequences grouped by label, as plain lines.
pub fn consequences_text(matches: &[ConsequenceMatch], labels: &[String], lang: Lang) -> String {
    let mut out = String::new();
    for label in labels {
        out += &format!("{label}:\n");
        let hits: Vec<&ConsequenceMatch> = matches.iter().filter(|m| &m.label == label).collect();
        if hits.is_empty() {
            out += &format!("  ({})\n", Publish::NoConsequence.text(lang));
        }
        for m in hits {
            out += &format!("  - {} {} — {}\n", m.code, m.name, run_text(&m.run));
        }
    }
    out
}

pub fn table(h: &History, labels: &[String], decimals: u32, lang: Lang) -> String {
    let mut out = format!("{} {}–{}\n", Publish::History.text(lang), h.from, h.to);
    let mut t = super::new_table(
        [
            Publish::Year.text(lang),
            Label::Code.text(lang),
            Label::Unit.text(lang),
            Publish::Block.text(lang),
            Label::Index.text(lang),
            Label::Rating.text(lang),
            Label::Rank.text(lang),
            Publish::Change.text(lang),
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
    );
    for r in &h.rows {
        t.add_row(vec![
            r.year.to_string(),
            r.code.clone(),
            r.name.clone(),
            r.block_name.clone(),
            index(r.index, decimals, lang),
            r.rating.clone().unwrap_or_default(),
            r.rank
                .map(|k| format!("{k}/{}", r.of))
                .unwrap_or_else(|| "—".into()),
            change_cell(&r.change, &r.code, decimals, lang),
        ]);
    }
    super::right_align(&mut t, &[0, 4, 6]);
    out += &format!("{t}\n");
    if !labels.is_empty() {
        out += &format!("\n{} ({}):\n", Publish::Consequences.text(lang), h.to);
        out += &format!(
            "{}\n",
            Msg::MergedPredecessorsUsed(h.merged_predecessors.as_str()).text(lang)
        );
        out += &consequences_text(&h.consequences, labels, lang);
    }
    out
}

/// Stable JSON: English keys, exact numbers.
pub fn json(h: &History) -> String {
    use crate::results::Num;
    let standing = |s: &Standing| {
        serde_json::json!({
            "year": s.year, "code": s.code, "index": s.index.map(Num),
            "rating": s.rating, "rank": s.rank,
        })
    };
    let rows: Vec<_> = h
        .rows
        .iter()
        .map(|r| {
            let (kind, previous): (&str, Vec<_>) = match &r.change {
                Change::NoPreviousYear => ("no-previous-year", vec![]),
                Change::New => ("new", vec![]),
                Change::Continued { before, merged, .. } => (
                    "continued",
                    std::iter::once(before).chain(merged).map(standing).collect(),
                ),
                Change::Merged(all) => ("merged", all.iter().map(standing).collect()),
            };
            serde_json::json!({
                "year": r.year, "code": r.code, "name": r.name, "block": r.block,
                "index": r.index.map(Num), "rating": r.rating, "rank": r.rank, "of": r.of,
                "change": { "kind": kind, "index": index_change(&r.change).map(Num), "previous": previous },
            })
        })
        .collect();
    let consequences: Vec<_> = h
        .consequences
        .iter()
        .map(|m| {
            serde_json::json!({
                "label": m.label, "code": m.code, "name": m.name, "block": m.block,
                "run": m.run.iter().map(standing).collect::<Vec<_>>(),
            })
        })
        .collect();
    let v = serde_json::json!({
        "from": h.from, "to": h.to, "rows": rows, "consequences": consequences,
        "merged_predecessors": h.merged_predecessors.as_str(),
    });
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}

/// `export --format md`: the title, the rankings and summary of `score --format md`,
/// and the consequences.
pub fn export_markdown(p: &crate::timeline::Publication<'_>, lang: Lang) -> String {
    let r = &p.year.results;
    let mut out = format!("# {}\n\n", Publish::title(r.year, lang));
    out += &super::score::markdown(r, lang);
    if !p.consequence_labels.is_empty() {
        out += &format!("\n## {}\n\n", Publish::Consequences.text(lang));
        let e = super::escape_markdown;
        for label in &p.consequence_labels {
            out += &format!("**{}**\n\n", e(label));
            let hits = p.consequences_of(label);
            if hits.is_empty() {
                out += &format!("- _{}_\n", Publish::NoConsequence.text(lang));
            }
            for m in hits {
                out += &format!(
                    "- {} {} — {}\n",
                    e(&m.code),
                    e(&m.name),
                    e(&run_text(&m.run))
                );
            }
            out += "\n";
        }
    }
    out
}
