//! `chiso show`: a unit's score sheet, criterion by criterion.

use comfy_table::{ColumnConstraint, ContentArrangement, Width};
use rust_decimal::Decimal;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::i18n::{Label, Lang, Msg, Say, SeasonMsg};
use crate::model::{Scheme, Workspace};
use crate::num;
use crate::results::{Decision, NodeSide, Results, UnitResult};

fn cell(side: &NodeSide, leaf_unanswered: bool, lang: Lang) -> String {
    if side.na {
        Label::NotApplicable.text(lang).to_string()
    } else if leaf_unanswered {
        "—".to_string()
    } else {
        num::fmt(side.points, lang)
    }
}

/// `phase`: where the unit stands in the season, shown under its name.
pub fn render(
    ws: &Workspace,
    r: &Results,
    u: &UnitResult,
    scheme: &Scheme,
    phase: Option<crate::season::Phase>,
    lang: Lang,
) -> String {
    let reg = ws.regulation.as_ref();
    let block_name = reg
        .and_then(|g| g.block(&u.block))
        .map(|b| b.name.as_str())
        .unwrap_or(&u.block);
    let mut out = format!("{} ({}) — {} {}\n", u.name, u.code, block_name, r.year);
    out += &format!(
        "{}: {} · {}\n",
        Label::Appendices.text(lang),
        u.appendices.join(" + "),
        scheme.title
    );
    if let Some(p) = &u.parent {
        out += &format!("{}: {p}\n", Label::Parent.text(lang));
    }
    if let Some(phase) = phase {
        out += &Msg::Season(SeasonMsg::Phase(phase)).text(lang);
        out += "\n";
    }
    out += "\n";

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
    let mut t = super::new_table(header);
    t.set_content_arrangement(ContentArrangement::DynamicFullWidth)
        .set_width(160);
    let titles: Vec<String> = scheme
        .nodes
        .iter()
        .map(|c| indented(&c.title, c.depth))
        .collect();
    let title_width = titles
        .iter()
        .flat_map(|t| t.lines())
        .map(UnicodeWidthStr::width)
        .max()
        .unwrap_or(0);
    if let Some(column) = t.column_mut(1) {
        // Titles are wrapped here, so that every line keeps its depth; the
        // width includes the padding.
        column.set_constraint(ColumnConstraint::Absolute(Width::Fixed(
            title_width.min(TITLE_WIDTH) as u16 + 2,
        )));
    }
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
        t.add_row(vec![
            c.code.clone(),
            titles[i].clone(),
            num::fmt(c.max, lang),
            cell(&n.self_, unanswered, lang),
            cell(&n.final_, false, lang),
            if diff.is_zero() {
                String::new()
            } else {
                signed(diff, lang)
            },
            round,
            notes.join("; "),
        ]);
    }
    super::right_align(&mut t, &[2, 3, 4, 5]);
    out += &t.to_string();
    out += "\n";
    out += Label::RoundLegend.text(lang);
    out += "\n\n";

    let mut totals = super::new_table(vec![
        String::new(),
        Label::SelfScore.text(lang).into(),
        Label::FinalScore.text(lang).into(),
    ]);
    let p = |d: Decimal| num::fmt_fixed(d, r.points_decimals, lang);
    let ix = |d: Option<Decimal>| {
        d.map(|d| num::fmt_fixed(d, r.index_decimals, lang))
            .unwrap_or_else(|| "—".into())
    };
    let (s, f) = (&u.self_, &u.final_);
    totals.add_row(vec![
        Label::Points.text(lang).into(),
        p(s.points),
        p(f.points),
    ]);
    totals.add_row(vec![Label::Bonus.text(lang).into(), p(s.bonus), p(f.bonus)]);
    totals.add_row(vec![
        Label::Deduction.text(lang).into(),
        p(s.deduction),
        p(f.deduction),
    ]);
    totals.add_row(vec![Label::Total.text(lang).into(), p(s.total), p(f.total)]);
    totals.add_row(vec![
        Label::ApplicableMax.text(lang).into(),
        p(s.applicable_max),
        p(f.applicable_max),
    ]);
    totals.add_row(vec![
        Label::Index.text(lang).into(),
        ix(s.index),
        ix(f.index),
    ]);
    totals.add_row(vec![
        Label::Rating.text(lang).into(),
        s.rating.clone().unwrap_or_default(),
        f.rating.clone().unwrap_or_default(),
    ]);
    super::right_align(&mut totals, &[1, 2]);
    out += &totals.to_string();
    out += "\n";
    let of = r
        .summary
        .blocks
        .iter()
        .find(|b| b.block == u.block)
        .map_or(0, |b| b.units);
    out += &format!(
        "{}: {}\n",
        Label::Rank.text(lang),
        Say::RankInBlock { rank: u.rank, of }.text(lang)
    );
    let general: Vec<_> = u
        .diagnostics
        .iter()
        .filter(|d| d.criterion.is_none())
        .collect();
    for d in general {
        out += &format!("[{}] {}\n", d.code.id(), d.message.text(lang));
    }
    out
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
