//! `chiso review`: the council's worklist as a table, Markdown or JSON.

use serde::Serialize;

use crate::i18n::{Label, Lang, Say, finding_name};
use crate::num;
use crate::results::Num;
use crate::review::{Finding, Item, Worklist};

const NUMERIC: &[usize] = &[0, 1, 5, 6, 7];

fn headers(lang: Lang) -> Vec<String> {
    [
        Label::Number,
        Label::Impact,
        Label::Finding,
        Label::Unit,
        Label::Criterion,
        Label::Max,
        Label::SelfScore,
        Label::FinalScore,
        Label::Details,
    ]
    .iter()
    .map(|l| l.text(lang).to_string())
    .collect()
}

fn detail(item: &Item, lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(m) = &item.message {
        parts.push(m.text(lang));
    }
    if let Some(d) = &item.detail {
        parts.push(d.clone());
    }
    if !item.peers.is_empty() {
        let peers: Vec<String> = item
            .peers
            .iter()
            .map(|p| format!("{} {}", p.unit, num::fmt(p.final_points, lang)))
            .collect();
        parts.push(format!(
            "{}: {}",
            Label::SameAnswer.text(lang),
            peers.join(", ")
        ));
    }
    parts.join(" · ")
}

fn rows(w: &Worklist, lang: Lang) -> Vec<Vec<String>> {
    w.items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            vec![
                (i + 1).to_string(),
                num::fmt_fixed(it.impact, w.index_decimals, lang),
                finding_name(it.finding.slug(), lang).to_string(),
                it.unit.clone(),
                format!("{} {}", it.criterion, it.title),
                num::fmt(it.max, lang),
                num::fmt(it.self_points, lang),
                num::fmt(it.final_points, lang),
                detail(it, lang),
            ]
        })
        .collect()
}

fn summary(items: &[Item], lang: Lang) -> String {
    let counts: Vec<String> = Finding::ALL
        .iter()
        .map(|f| (f, items.iter().filter(|i| i.finding == *f).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(f, n)| format!("{} {n}", finding_name(f.slug(), lang)))
        .collect();
    format!(
        "{}{}{}\n",
        Say::ReviewCount(items.len()).text(lang),
        if counts.is_empty() { "" } else { ": " },
        counts.join(", ")
    )
}

fn title(w: &Worklist, lang: Lang) -> String {
    Say::ReviewTitle {
        year: w.year,
        unit: w.unit.clone(),
        block: w.block.clone(),
    }
    .text(lang)
}

pub fn table(w: &Worklist, lang: Lang) -> String {
    let mut out = format!("{}\n{}", title(w, lang), summary(&w.items, lang));
    if w.items.is_empty() {
        return out;
    }
    let mut t = super::new_table(headers(lang));
    t.set_content_arrangement(comfy_table::ContentArrangement::DynamicFullWidth)
        .set_width(160);
    for r in rows(w, lang) {
        t.add_row(r);
    }
    super::right_align(&mut t, NUMERIC);
    out += &t.to_string();
    out += "\n";
    out += Label::ImpactLegend.text(lang);
    out += "\n";
    out
}

pub fn markdown(w: &Worklist, lang: Lang) -> String {
    let e = super::escape_markdown;
    let mut out = format!(
        "# {}\n\n{}\n",
        e(&title(w, lang)),
        e(&summary(&w.items, lang))
    );
    if !w.items.is_empty() {
        out += &super::markdown_table(&headers(lang), &rows(w, lang), NUMERIC);
        out += &format!("\n{}\n", Label::ImpactLegend.text(lang));
    }
    out
}

#[derive(Serialize)]
struct JsonPeer<'a> {
    unit: &'a str,
    #[serde(rename = "final")]
    final_points: Num,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    finding: &'static str,
    impact: Num,
    unit: &'a str,
    unit_name: &'a str,
    criterion: &'a str,
    title: &'a str,
    max: Num,
    #[serde(rename = "self")]
    self_points: Num,
    #[serde(rename = "final")]
    final_points: Num,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    peers: Vec<JsonPeer<'a>>,
}

#[derive(Serialize)]
struct JsonReview<'a> {
    year: i64,
    unit: Option<&'a str>,
    items: Vec<JsonItem<'a>>,
}

pub fn json(w: &Worklist, lang: Lang) -> String {
    let doc = JsonReview {
        year: w.year,
        unit: w.unit.as_deref(),
        items: w
            .items
            .iter()
            .map(|it| JsonItem {
                finding: it.finding.slug(),
                impact: Num(it.impact),
                unit: &it.unit,
                unit_name: &it.unit_name,
                criterion: &it.criterion,
                title: &it.title,
                max: Num(it.max),
                self_points: Num(it.self_points),
                final_points: Num(it.final_points),
                message: it.message.as_ref().map(|m| m.text(lang)),
                detail: it.detail.as_deref(),
                peers: it
                    .peers
                    .iter()
                    .map(|p| JsonPeer {
                        unit: &p.unit,
                        final_points: Num(p.final_points),
                        reason: p.reason.as_deref(),
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&doc).unwrap_or_default();
    out.push('\n');
    out
}
