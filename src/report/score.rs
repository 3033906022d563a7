//! `chiso score`: rankings by block as a table, JSON (docs/json.md), CSV or Markdown.

use rust_decimal::Decimal;

use crate::i18n::{Label, Lang};
use crate::model::Workspace;
use crate::num;
use crate::results::{BlockSummary, GroupSummary, Results, UnitResult};

/// An index with fixed decimals, `—` when there is none.
pub(crate) fn index(d: Option<Decimal>, decimals: u32, lang: Lang) -> String {
    d.map(|d| num::fmt_fixed(d, decimals, lang))
        .unwrap_or_else(|| "—".into())
}

fn points(d: Decimal, r: &Results, lang: Lang) -> String {
    num::fmt_fixed(d, r.points_decimals, lang)
}

/// Columns of [`headers`] holding numbers (right-aligned).
const NUMERIC: &[usize] = &[0, 3, 4, 5, 6, 7, 8, 9];

fn headers(lang: Lang) -> Vec<String> {
    [
        Label::Rank,
        Label::Code,
        Label::Unit,
        Label::SelfTotal,
        Label::SelfIndex,
        Label::FinalPoints,
        Label::Bonus,
        Label::Deduction,
        Label::FinalTotal,
        Label::Index,
        Label::Rating,
    ]
    .iter()
    .map(|l| l.text(lang).to_string())
    .collect()
}

fn row(u: &UnitResult, r: &Results, lang: Lang) -> Vec<String> {
    vec![
        u.rank.map(|r| r.to_string()).unwrap_or_else(|| "—".into()),
        u.code.clone(),
        u.name.clone(),
        points(u.self_.total, r, lang),
        index(u.self_.index, r.index_decimals, lang),
        points(u.final_.points, r, lang),
        points(u.final_.bonus, r, lang),
        points(u.final_.deduction, r, lang),
        points(u.final_.total, r, lang),
        index(u.final_.index, r.index_decimals, lang),
        u.final_.rating.clone().unwrap_or_default(),
    ]
}

fn block_title(r: &Results, b: &BlockSummary, lang: Lang) -> String {
    let mut t = format!(
        "{} — {} {}, {} {}",
        b.name,
        b.units,
        Label::Units.text(lang),
        Label::AverageIndex.text(lang),
        index(b.average_index, r.index_decimals, lang)
    );
    if !b.published {
        t += &format!(" ({})", Label::NotPublished.text(lang));
    }
    t
}

fn rating_counts(c: &[(String, usize)]) -> String {
    c.iter()
        .map(|(k, v)| format!("{k}: {v}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The title of a ranking: the block's, or the block's and its parent's for a
/// group of a block ranked within the parent.
pub(super) fn ranking_title(
    r: &Results,
    b: &BlockSummary,
    g: Option<&GroupSummary>,
    lang: Lang,
) -> String {
    let Some(g) = g else {
        return block_title(r, b, lang);
    };
    let parent = parent_of(g, lang);
    format!(
        "{} — {} {parent} — {} {}, {} {}",
        b.name,
        Label::RankedBy.text(lang),
        g.units,
        Label::Units.text(lang),
        Label::AverageIndex.text(lang),
        index(g.average_index, r.index_decimals, lang)
    )
}

/// The parent a group is ranked within, by name where it has one.
pub(super) fn parent_of(g: &GroupSummary, lang: Lang) -> String {
    match (&g.parent_name, g.parent.as_str()) {
        (Some(name), _) => name.clone(),
        (None, "") => Label::NoParent.text(lang).to_string(),
        (None, code) => code.to_string(),
    }
}

/// "Toàn tỉnh (44 đơn vị được công bố)" and "Tốt: 24 · …": the published units only.
fn province_line(r: &Results, lang: Lang) -> (String, String) {
    let mut label = Label::AllUnits.text(lang).to_string();
    if r.summary.blocks.iter().any(|b| !b.published) {
        label += &format!(
            " ({} {})",
            r.summary.units,
            Label::PublishedUnits.text(lang)
        );
    }
    (label, rating_counts(&r.summary.by_rating))
}

pub fn table(r: &Results, lang: Lang) -> String {
    let mut out = String::new();
    for g in r.rankings() {
        out += &ranking_title(r, g.block, g.group, lang);
        out += "\n";
        if g.units.is_empty() {
            out += &format!("{}\n\n", rating_counts(g.by_rating()));
            continue;
        }
        let mut t = super::new_table(headers(lang));
        for (_, u) in &g.units {
            t.add_row(row(u, r, lang));
        }
        super::right_align(&mut t, NUMERIC);
        out += &format!("{t}\n{}\n\n", rating_counts(g.by_rating()));
    }
    if r.summary.blocks.len() > 1 {
        let (label, counts) = province_line(r, lang);
        out += &format!("{label}: {counts}\n");
    }
    out
}

/// Markdown: a table per block (or per parent), the workspace's text escaped.
pub fn markdown(r: &Results, lang: Lang) -> String {
    let mut out = String::new();
    let e = super::escape_markdown;
    for g in r.rankings() {
        out += &format!("## {}\n\n", e(&ranking_title(r, g.block, g.group, lang)));
        if !g.units.is_empty() {
            let rows: Vec<Vec<String>> = g.units.iter().map(|(_, u)| row(u, r, lang)).collect();
            out += &super::markdown_table(&headers(lang), &rows, NUMERIC);
            out += "\n";
        }
        out += &format!("{}\n\n", e(&rating_counts(g.by_rating())));
    }
    if r.summary.blocks.len() > 1 {
        let (label, counts) = province_line(r, lang);
        out += &format!("**{}**: {}\n", e(&label), e(&counts));
    }
    out
}

/// Machine-readable: stable English column names, plain decimal numbers.
/// The machine-readable CSV: English column names, decimal points, `,`.
pub fn csv(r: &Results) -> String {
    csv_with(r, b',', &CSV_COLUMNS, |d| d.normalize().to_string())
}

/// The columns of [`csv`].
pub const CSV_COLUMNS: [&str; 18] = [
    "block",
    "rank",
    "code",
    "name",
    "max",
    "applicable_max",
    "self_points",
    "self_bonus",
    "self_deduction",
    "self_total",
    "self_index",
    "self_rating",
    "final_points",
    "final_bonus",
    "final_deduction",
    "final_total",
    "final_index",
    "final_rating",
];

/// The same table for Excel on a Vietnamese Windows (`--format csv-excel`):
/// a BOM (else Excel reads the accents as another code page), column names
/// in the user's language, decimal commas and `;` between fields (what
/// Excel expects where `,` is the decimal separator).
pub fn csv_excel(r: &Results, lang: Lang) -> String {
    let columns = CSV_COLUMNS.map(|c| crate::i18n::csv_column(c, lang));
    let body = csv_with(r, b';', &columns, |d| {
        d.normalize().to_string().replace('.', ",")
    });
    format!("\u{feff}{body}")
}

fn csv_with(r: &Results, delimiter: u8, columns: &[&str], n: impl Fn(Decimal) -> String) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    let _ = w.write_record(columns);
    let n = &n;
    let o = |d: Option<Decimal>| d.map(n).unwrap_or_default();
    for u in &r.units {
        let _ = w.write_record([
            u.block.clone(),
            u.rank.map(|r| r.to_string()).unwrap_or_default(),
            u.code.clone(),
            u.name.clone(),
            n(u.max),
            n(u.applicable_max),
            n(u.self_.points),
            n(u.self_.bonus),
            n(u.self_.deduction),
            n(u.self_.total),
            o(u.self_.index),
            u.self_.rating.clone().unwrap_or_default(),
            n(u.final_.points),
            n(u.final_.bonus),
            n(u.final_.deduction),
            n(u.final_.total),
            o(u.final_.index),
            u.final_.rating.clone().unwrap_or_default(),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

pub fn json(ws: &Workspace, r: &Results, lang: Lang) -> String {
    r.to_json(lang, |code| ws.unit(code).and_then(|u| ws.scheme_of(u)))
}

/// [`json`], written to `out` as it is produced.
pub fn write_json(
    ws: &Workspace,
    r: &Results,
    lang: Lang,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    r.write_json(
        lang,
        |code| ws.unit(code).and_then(|u| ws.scheme_of(u)),
        out,
    )
}
