//! `chiso show`: a unit's score sheet, criterion by criterion (as text here,
//! as a printable page through `print`).

use comfy_table::{ColumnConstraint, ContentArrangement, Width};
use rust_decimal::Decimal;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::i18n::{Label, Lang, Msg, Say, SeasonMsg};
use crate::model::{Scheme, Workspace};
use crate::num;
use crate::results::{Decision, NodeSide, Results, UnitResult};

use super::print::{Page, Part, Row, Signature, Table, Value};

fn cell(side: &NodeSide, leaf_unanswered: bool, lang: Lang) -> Value {
    if side.na {
        Value::text(Label::NotApplicable.text(lang))
    } else if leaf_unanswered {
        Value::text("—")
    } else {
        Value::number(side.points)
    }
}

/// The score sheet as text: box-drawing tables.
/// `phase`: where the unit stands in the season, shown under its name.
pub fn render(
    ws: &Workspace,
    r: &Results,
    u: &UnitResult,
    scheme: &Scheme,
    phase: Option<crate::season::Phase>,
    lang: Lang,
) -> String {
    let page = page(ws, r, u, scheme, phase, lang);
    let mut out = format!("{}\n", page.title);
    for m in &page.meta {
        out += m;
        out += "\n";
    }
    out += "\n";
    for part in &page.parts {
        match part {
            Part::Table(table) => {
                out += &text_table(table, lang).to_string();
                out += "\n";
            }
            Part::Note(note) => {
                out += note;
                out += "\n\n";
            }
            Part::Line { text, .. } => {
                out += text;
                out += "\n";
            }
        }
    }
    out
}

/// A table of the sheet in the house style; the criteria table (the one with
/// indented titles) wraps its titles and fits the width.
fn text_table(table: &Table, lang: Lang) -> comfy_table::Table {
    let mut t = super::new_table(table.header.clone());
    let titles: Vec<String> = table
        .rows
        .iter()
        .map(|row| match (table.indented, &row.cells[..]) {
            (Some(i), cells) => indented(&cells[i].shown(lang), row.depth),
            _ => String::new(),
        })
        .collect();
    if let Some(i) = table.indented {
        t.set_content_arrangement(ContentArrangement::DynamicFullWidth)
            .set_width(160);
        let title_width = titles
            .iter()
            .flat_map(|t| t.lines())
            .map(UnicodeWidthStr::width)
            .max()
            .unwrap_or(0);
        if let Some(column) = t.column_mut(i) {
            // Titles are wrapped here, so that every line keeps its depth; the
            // width includes the padding.
            column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(
                title_width.min(TITLE_WIDTH) as u16 + 2,
            )));
        }
    }
    for (row, title) in table.rows.iter().zip(titles) {
        let cells: Vec<String> = row
            .cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if table.indented == Some(i) {
                    title.clone()
                } else {
                    c.shown(lang)
                }
            })
            .collect();
        t.add_row(cells);
    }
    super::right_align(&mut t, &table.numeric);
    t
}

/// The score sheet: the unit and where it stands, every criterion (code,
/// title, max, self, final, difference, deciding round, notes), the totals,
/// the index, the rating and the rank; the same for every format.
pub fn page(
    ws: &Workspace,
    r: &Results,
    u: &UnitResult,
    scheme: &Scheme,
    phase: Option<crate::season::Phase>,
    lang: Lang,
) -> Page {
    let reg = ws.regulation.as_ref();
    let block_name = reg
        .and_then(|g| g.block(&u.block))
        .map(|b| b.name.as_str())
        .unwrap_or(&u.block);
    let title = format!("{} ({}) — {} {}", u.name, u.code, block_name, r.year);
    let mut meta = vec![format!(
        "{}: {} · {}",
        Label::Appendices.text(lang),
        u.appendices.join(" + "),
        scheme.title
    )];
    if let Some(p) = &u.parent {
        meta.push(format!("{}: {p}", Label::Parent.text(lang)));
    }
    if let Some(phase) = phase {
        meta.push(Msg::Season(SeasonMsg::Phase(phase)).text(lang));
    }

    let header = [
        Label::Code,
        Label::Criterion,
        Label::Max,
        Label::SelfScore,
        Label::FinalScore,
        Label::Difference,
        Label::Round,
        Label::Notes,
    ]
    .iter()
    .map(|l| l.text(lang).to_string())
    .collect();
    let mut rows = Vec::new();
    for (i, c) in scheme.nodes.iter().enumerate() {
        let n = &u.nodes[i];
        let unanswered = c.is_leaf() && n.decision == Decision::Unanswered;
        let diff = n.difference();
        let mut notes: Vec<String> = Vec::new();
        if let Some(reason) = &n.reason {
            notes.push(reason.clone());
        }
        for d in u
            .diagnostics
            .iter()
            .filter(|d| d.criterion.as_deref() == Some(c.code.as_str()))
        {
            notes.push(format!("[{}] {}", d.code.id(), d.message.text(lang)));
        }
        let mut round = match n.decision {
            Decision::Adjusted { round } => round.to_string(),
            Decision::Accepted { round } => format!("{round} ✓"),
            Decision::NotAccepted { round, .. } => format!("{round} ✗"),
            Decision::OfficialData => Label::DataShort.text(lang).to_string(),
            Decision::NoEvidence => Label::NoEvidenceShort.text(lang).to_string(),
            _ => String::new(),
        };
        if n.awaiting_decision {
            round = format!("{round} ({})", Label::AwaitingShort.text(lang));
        }
        rows.push(Row {
            cells: vec![
                Value::text(&c.code),
                Value::text(&c.title),
                Value::number(c.max),
                cell(&n.self_, unanswered, lang),
                cell(&n.final_, false, lang),
                if diff.is_zero() {
                    Value::text("")
                } else {
                    Value::Number {
                        value: diff,
                        decimals: None,
                        signed: true,
                    }
                },
                Value::Text(round),
                Value::Text(notes.join("; ")),
            ],
            depth: c.depth,
            strong: !c.is_leaf(),
        });
    }
    let criteria = Table {
        header,
        rows,
        numeric: vec![2, 3, 4, 5],
        indented: Some(1),
    };

    let p = |d: Decimal| Value::fixed(d, r.points_decimals);
    let ix = |d: Option<Decimal>| {
        d.map(|d| Value::fixed(d, r.index_decimals))
            .unwrap_or_else(|| Value::text("—"))
    };
    let (s, f) = (&u.self_, &u.final_);
    let total = |label: Label, a: Value, b: Value, strong: bool| Row {
        cells: vec![Value::text(label.text(lang)), a, b],
        depth: 0,
        strong,
    };
    let rating = |x: &Option<String>| Value::text(x.clone().unwrap_or_default());
    let totals = Table {
        header: vec![
            String::new(),
            Label::SelfScore.text(lang).into(),
            Label::FinalScore.text(lang).into(),
        ],
        rows: vec![
            total(Label::Points, p(s.points), p(f.points), false),
            total(Label::Bonus, p(s.bonus), p(f.bonus), false),
            total(Label::Deduction, p(s.deduction), p(f.deduction), false),
            total(Label::Total, p(s.total), p(f.total), true),
            total(
                Label::ApplicableMax,
                p(s.applicable_max),
                p(f.applicable_max),
                false,
            ),
            total(Label::Index, ix(s.index), ix(f.index), true),
            total(Label::Rating, rating(&s.rating), rating(&f.rating), true),
        ],
        numeric: vec![1, 2],
        indented: None,
    };
    let of = r
        .summary
        .blocks
        .iter()
        .find(|b| b.block == u.block)
        .map_or(0, |b| b.units);
    let mut parts = vec![
        Part::Table(criteria),
        Part::Note(Label::RoundLegend.text(lang).to_string()),
        Part::Table(totals),
        Part::Line {
            indent: 0,
            text: format!(
                "{}: {}",
                Label::Rank.text(lang),
                Say::RankInBlock { rank: u.rank, of }.text(lang)
            ),
        },
    ];
    for d in u.diagnostics.iter().filter(|d| d.criterion.is_none()) {
        parts.push(Part::Line {
            indent: 0,
            text: format!("[{}] {}", d.code.id(), d.message.text(lang)),
        });
    }
    Page {
        title,
        meta,
        parts,
        signature: Some(Signature {
            preparer: Label::Preparer.text(lang).to_string(),
            place_date: Label::PlaceDate.text(lang).to_string(),
            head: Label::UnitHead.text(lang).to_string(),
            preparer_signs: Label::SignName.text(lang).to_string(),
            head_signs: Label::SignAndSeal.text(lang).to_string(),
        }),
    }
}

pub fn signed(d: Decimal, lang: Lang) -> String {
    if d > Decimal::ZERO {
        format!("+{}", num::fmt(d, lang))
    } else {
        format!("−{}", num::fmt(-d, lang))
    }
}

/// Display columns of the criterion titles in `show`.
const TITLE_WIDTH: usize = 48;

/// Lines of a title in `show`: a longer title is cut (the criteria file and
/// `explain` have it whole).
const TITLE_LINES: usize = 6;

/// A title wrapped to [`TITLE_WIDTH`], every line indented by its depth in the
/// tree (with no-break spaces, which the table keeps).
fn indented(title: &str, depth: usize) -> String {
    let depth = depth.min(8);
    let indent = "\u{a0}\u{a0}".repeat(depth);
    let room = TITLE_WIDTH.saturating_sub(2 * depth).max(12);
    let title = crate::source::shorten(title, TITLE_LINES * room * 3 / 4);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in title.split_whitespace() {
        if !line.is_empty() && line.width() + 1 + word.width() > room {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        // A word longer than a line is cut into lines.
        let mut rest = word;
        while line.width() + rest.width() > room {
            let fits = rest
                .char_indices()
                .scan(line.width(), |w, (at, c)| {
                    *w += c.width().unwrap_or(0);
                    (*w <= room).then_some(at + c.len_utf8())
                })
                .last()
                .unwrap_or(0);
            line.push_str(&rest[..fits]);
            lines.push(std::mem::take(&mut line));
            rest = &rest[fits..];
        }
        line.push_str(rest);
    }
    lines.push(line);
    lines
        .iter()
        .map(|l| format!("{indent}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::indented;

    #[test]
    fn wrapped_titles_keep_their_depth() {
        let t = indented(
            "Tỷ lệ phòng, đơn vị trực thuộc được kiểm tra CCHC trong năm của cơ quan",
            2,
        );
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(
            lines
                .iter()
                .all(|l| l.starts_with("\u{a0}\u{a0}\u{a0}\u{a0}T")
                    || l.starts_with("\u{a0}\u{a0}\u{a0}\u{a0}") && !l[8..].starts_with(' '))
        );
        assert_eq!(indented("Ngắn", 0), "Ngắn");
    }

    #[test]
    fn a_title_of_one_long_word_is_cut_into_lines_and_shortened() {
        use unicode_width::UnicodeWidthStr;
        let t = indented(&"Đ".repeat(65_530), 2);
        let lines: Vec<&str> = t.lines().collect();
        // 44 columns a line after the indent, 198 columns in all with the mark.
        assert_eq!(lines.len(), 5);
        assert!(lines.iter().all(|l| l.width() <= super::TITLE_WIDTH));
        assert_eq!(
            lines[0],
            format!("\u{a0}\u{a0}\u{a0}\u{a0}{}", "Đ".repeat(44))
        );
        assert_eq!(
            lines[4],
            format!("\u{a0}\u{a0}\u{a0}\u{a0}{}…", "Đ".repeat(21))
        );
    }
}
