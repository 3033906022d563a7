//! `chiso export --format html`: one standalone, printable page (A4) with the
//! summary, inline SVG charts, the consequences, the rankings and every unit's
//! score sheet. No scripts, no network, no external assets.

use std::fmt::Write;

use rust_decimal::Decimal;

use crate::i18n::{Label, Lang, Publish};
use crate::num;
use crate::results::{Decision, NodeSide, UnitResult};
use crate::timeline::Publication;

use super::escape_html;
use super::score::index as fixed;

const STYLE: &str = r#"
@page { size: A4; margin: 14mm 12mm 16mm 12mm; }
* { box-sizing: border-box; }
body { font-family: "Segoe UI", "Noto Sans", "DejaVu Sans", Arial, sans-serif; font-size: 10pt;
  color: #1b1f24; margin: 0 auto; max-width: 1100px; padding: 16px; line-height: 1.35; }
h1 { font-size: 17pt; margin: 0 0 4px; }
h2 { font-size: 13pt; margin: 22px 0 8px; border-bottom: 2px solid #1f4e79; padding-bottom: 3px; color: #1f4e79; }
h3 { font-size: 11pt; margin: 16px 0 6px; }
p.meta { margin: 0 0 2px; color: #444; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 10px; }
th, td { border: 1px solid #9aa5b1; padding: 3px 5px; vertical-align: top; }
th { background: #ddebf7; font-weight: 600; text-align: center; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
table.rank td:nth-child(2), table.sheet td:first-child { white-space: nowrap; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.branch td { font-weight: 600; background: #f4f6f8; }
tr.total td { font-weight: 600; }
.up { color: #0a6b2d; } .down { color: #a11d1d; }
.note { color: #555; font-size: 9pt; }
.chart { width: 100%; height: auto; display: block; margin: 4px 0 12px; }
.legend span { display: inline-block; margin-right: 14px; }
.legend i { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: middle; }
section.unit { break-before: page; }
ul.run { margin: 2px 0 8px; padding-left: 20px; }
@media print { body { max-width: none; padding: 0; font-size: 9pt; } h2 { break-after: avoid; } }
"#;

/// Bar colours by rating position (best first); later ratings reuse the last.
const COLOURS: &[&str] = &["#2e7d32", "#1f77b4", "#e6a100", "#c62828", "#6d4c41"];

fn colour(r: &[String], rating: Option<&str>) -> &'static str {
    rating
        .and_then(|x| r.iter().position(|l| l == x))
        .map(|i| COLOURS[i.min(COLOURS.len() - 1)])
        .unwrap_or("#9e9e9e")
}

fn row(out: &mut String, class: &str, cells: &[(bool, String)]) {
    if class.is_empty() {
        out.push_str("<tr>");
    } else {
        let _ = write!(out, "<tr class=\"{class}\">");
    }
    for (numeric, c) in cells {
        if *numeric {
            let _ = write!(out, "<td class=\"n\">{c}</td>");
        } else {
            let _ = write!(out, "<td>{c}</td>");
        }
    }
    out.push_str("</tr>\n");
}

fn head(out: &mut String, labels: &[&str]) {
    out.push_str("<thead><tr>");
    for l in labels {
        let _ = write!(out, "<th>{}</th>", escape_html(l));
    }
    out.push_str("</tr></thead>\n");
}

pub fn render(p: &Publication<'_>, lang: Lang) -> String {
    let y = p.year;
    let r = &y.results;
    let title = Publish::title(r.year, lang);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        match lang {
            Lang::Vi => "vi",
            Lang::En => "en",
        },
        escape_html(&title)
    );
    let _ = writeln!(out, "<h1>{}</h1>", escape_html(&title));
    if let Some(reg) = &y.ws.regulation {
        let _ = writeln!(out, "<p class=\"meta\">{}</p>", escape_html(&reg.title));
        if let Some(a) = &reg.authority {
            let _ = writeln!(out, "<p class=\"meta\">{}</p>", escape_html(a));
        }
    }
    summary(&mut out, p, lang);
    consequences(&mut out, p, lang);
    // A block ranked within the parent is its heading, then a table per parent:
    // one table would show rank 1 once per parent.
    for g in r.rankings() {
        let ranking_of = format!("{} — {}", Publish::Ranking.text(lang), g.block.name);
        match g.group {
            None if !g.block.groups.is_empty() => {
                let _ = writeln!(out, "<h2>{}</h2>", escape_html(&ranking_of));
            }
            None => ranking(&mut out, p, "h2", &ranking_of, &g.units, lang),
            Some(group) => {
                let title = super::score::ranking_title(r, g.block, Some(group), lang);
                ranking(&mut out, p, "h3", &title, &g.units, lang);
            }
        }
    }
    for u in &r.units {
        unit_sheet(&mut out, p, u, lang);
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn summary(out: &mut String, p: &Publication<'_>, lang: Lang) {
    let r = &p.year.results;
    let _ = writeln!(out, "<h2>{}</h2>", escape_html(Publish::Summary.text(lang)));
    out.push_str("<table>\n");
    let mut labels = vec![Publish::Block.text(lang), Publish::UnitCount.text(lang)];
    labels.extend(r.ratings.iter().map(String::as_str));
    labels.push(Publish::AverageIndex.text(lang));
    head(out, &labels);
    out.push_str("<tbody>\n");
    for b in &r.summary.blocks {
        let mut cells = vec![(false, escape_html(&b.name)), (true, b.units.to_string())];
        cells.extend(b.by_rating.iter().map(|(_, n)| (true, n.to_string())));
        cells.push((true, fixed(b.average_index, r.index_decimals, lang)));
        row(out, "", &cells);
    }
    let mut cells = vec![
        (false, escape_html(Publish::AllUnits.text(lang))),
        (true, r.summary.units.to_string()),
    ];
    cells.extend(
        r.summary
            .by_rating
            .iter()
            .map(|(_, n)| (true, n.to_string())),
    );
    cells.push((true, String::new()));
    row(out, "total", &cells);
    out.push_str("</tbody>\n</table>\n");
    let _ = writeln!(
        out,
        "<h3>{}</h3>",
        escape_html(Publish::IndexByBlock.text(lang))
    );
    index_chart(out, p, lang);
    let _ = writeln!(
        out,
        "<h3>{}</h3>",
        escape_html(Publish::RatingDistribution.text(lang))
    );
    distribution_chart(out, p);
}

/// Horizontal bars of final indices, one group per block, with the rating thresholds.
fn index_chart(out: &mut String, p: &Publication<'_>, lang: Lang) {
    let r = &p.year.results;
    let (label_w, plot_w, bar_h, gap, group_gap) = (230.0, 420.0, 14.0, 4.0, 26.0);
    let width = label_w + plot_w + 60.0;
    let mut body = String::new();
    let mut yy = 16.0;
    for (b, members) in r.by_block() {
        let members: Vec<&UnitResult> = members.into_iter().map(|(_, u)| u).collect();
        let _ = writeln!(
            body,
            "<text x=\"0\" y=\"{:.1}\" font-weight=\"600\" font-size=\"12\">{} ({})</text>",
            yy + 10.0,
            escape_html(&b.name),
            fixed(b.average_index, r.index_decimals, lang)
        );
        yy += 18.0;
        for u in members {
            let v = u
                .final_
                .index
                .map(num::to_f64)
                .unwrap_or(0.0)
                .clamp(0.0, 100.0);
            let w = plot_w * v / 100.0;
            let name: String = if u.name.chars().count() > 38 {
                u.name.chars().take(37).collect::<String>() + "…"
            } else {
                u.name.clone()
            };
            let _ = writeln!(
                body,
                "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"10\">{}</text>\
                 <rect x=\"{label_w:.1}\" y=\"{yy:.1}\" width=\"{w:.1}\" height=\"{bar_h:.1}\" fill=\"{}\"><title>{} {}</title></rect>\
                 <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\">{}</text>",
                label_w - 6.0,
                yy + bar_h - 3.0,
                escape_html(&name),
                colour(&r.ratings, u.final_.rating.as_deref()),
                escape_html(&u.code),
                fixed(u.final_.index, r.index_decimals, lang),
                label_w + w + 4.0,
                yy + bar_h - 3.0,
                fixed(u.final_.index, r.index_decimals, lang),
            );
            yy += bar_h + gap;
        }
        yy += group_gap - gap;
    }
    let height = yy;
    let mut lines = String::new();
    if let Some(reg) = &p.year.ws.regulation {
        for level in &reg.ratings {
            let x = label_w + plot_w * num::to_f64(level.min).clamp(0.0, 100.0) / 100.0;
            let _ = writeln!(
                lines,
                "<line x1=\"{x:.1}\" y1=\"6\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"#777\" stroke-dasharray=\"3 3\"/>\
                 <text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"9\" fill=\"#555\">{} ≥ {}</text>",
                height - 12.0,
                height - 2.0,
                escape_html(&level.label),
                num::fmt(level.min, lang)
            );
        }
    }
    let _ = writeln!(
        out,
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width:.0} {height:.0}\" role=\"img\" font-family=\"sans-serif\">\n{lines}{body}</svg>"
    );
    legend(out, &r.ratings);
}

fn legend(out: &mut String, ratings: &[String]) {
    out.push_str("<p class=\"legend\">");
    for l in ratings {
        let _ = write!(
            out,
            "<span><i style=\"background:{}\"></i>{}</span>",
            colour(ratings, Some(l)),
            escape_html(l)
        );
    }
    out.push_str("</p>\n");
}

/// One stacked bar per block: how many units got each rating.
fn distribution_chart(out: &mut String, p: &Publication<'_>) {
    let r = &p.year.results;
    let (label_w, plot_w, bar_h, gap) = (230.0, 420.0, 18.0, 8.0);
    let blocks: Vec<_> = r.summary.blocks.iter().filter(|b| b.units > 0).collect();
    let height = blocks.len() as f64 * (bar_h + gap) + 8.0;
    let mut body = String::new();
    for (i, b) in blocks.iter().enumerate() {
        let yy = 4.0 + i as f64 * (bar_h + gap);
        let _ = write!(
            body,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" font-size=\"10\">{}</text>",
            label_w - 6.0,
            yy + bar_h - 5.0,
            escape_html(&b.name)
        );
        let mut x = label_w;
        for (label, n) in &b.by_rating {
            if *n == 0 {
                continue;
            }
            let w = plot_w * *n as f64 / b.units as f64;
            let _ = write!(
                body,
                "<rect x=\"{x:.1}\" y=\"{yy:.1}\" width=\"{w:.1}\" height=\"{bar_h:.1}\" fill=\"{}\"><title>{}: {n}</title></rect>\
                 <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"10\" fill=\"#fff\">{n}</text>",
                colour(&r.ratings, Some(label)),
                escape_html(label),
                x + w / 2.0,
                yy + bar_h - 5.0
            );
            x += w;
        }
        body.push('\n');
    }
    let _ = writeln!(
        out,
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {:.0} {height:.0}\" role=\"img\" font-family=\"sans-serif\">\n{body}</svg>",
        label_w + plot_w + 20.0
    );
    legend(out, &r.ratings);
}

fn consequences(out: &mut String, p: &Publication<'_>, lang: Lang) {
    if p.consequence_labels.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<h2>{}</h2>",
        escape_html(Publish::Consequences.text(lang))
    );
    for label in &p.consequence_labels {
        let _ = writeln!(out, "<h3>{}</h3>", escape_html(label));
        let hits = p.consequences_of(label);
        out.push_str("<ul class=\"run\">\n");
        if hits.is_empty() {
            let _ = writeln!(
                out,
                "<li class=\"note\">{}</li>",
                escape_html(Publish::NoConsequence.text(lang))
            );
        }
        for m in hits {
            let _ = writeln!(
                out,
                "<li><b>{}</b> {} — <span class=\"note\">{}</span></li>",
                escape_html(&m.code),
                escape_html(&m.name),
                escape_html(&super::history::run_text(&m.run))
            );
        }
        out.push_str("</ul>\n");
    }
}

fn ranking(
    out: &mut String,
    p: &Publication<'_>,
    heading: &str,
    title: &str,
    members: &[(usize, &UnitResult)],
    lang: Lang,
) {
    let r = &p.year.results;
    let _ = writeln!(out, "<{heading}>{}</{heading}>", escape_html(title));
    out.push_str("<table class=\"rank\">\n");
    head(
        out,
        &[
            Label::Rank.text(lang),
            Label::Code.text(lang),
            Label::Unit.text(lang),
            Label::SelfTotal.text(lang),
            Label::FinalTotal.text(lang),
            Label::Index.text(lang),
            Label::Rating.text(lang),
            Publish::Change.text(lang),
        ],
    );
    out.push_str("<tbody>\n");
    for (i, u) in members {
        let change = &p.changes[*i];
        let delta = super::history::index_change(change);
        let mut change_html = match delta {
            Some(d) => format!(
                "<span class=\"{}\">{}</span>",
                if d.is_sign_negative() && !d.is_zero() {
                    "down"
                } else {
                    "up"
                },
                num::fmt_signed(d, r.index_decimals, lang)
            ),
            None => String::new(),
        };
        if let Some(b) = super::history::before(change)
            && let Some(rating) = &b.rating
        {
            let _ = write!(
                change_html,
                " <span class=\"note\">({})</span>",
                escape_html(rating)
            );
        }
        let note = super::history::change_note(change, &u.code, lang);
        if !note.is_empty() {
            let _ = write!(
                change_html,
                " <span class=\"note\">{}</span>",
                escape_html(&note)
            );
        }
        row(
            out,
            "",
            &[
                (
                    true,
                    u.rank.map(|k| k.to_string()).unwrap_or_else(|| "—".into()),
                ),
                (false, escape_html(&u.code)),
                (false, escape_html(&u.name)),
                (true, num::fmt_fixed(u.self_.total, r.points_decimals, lang)),
                (
                    true,
                    num::fmt_fixed(u.final_.total, r.points_decimals, lang),
                ),
                (true, fixed(u.final_.index, r.index_decimals, lang)),
                (false, escape_html(u.final_.rating.as_deref().unwrap_or(""))),
                (false, change_html),
            ],
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

fn side(s: &NodeSide, blank: bool, lang: Lang) -> String {
    if s.na {
        Label::NotApplicable.text(lang).to_string()
    } else if blank {
        "—".into()
    } else {
        num::fmt(s.points, lang)
    }
}

fn unit_sheet(out: &mut String, p: &Publication<'_>, u: &UnitResult, lang: Lang) {
    let y = p.year;
    let r = &y.results;
    let _ = writeln!(
        out,
        "<section class=\"unit\">\n<h2>{} ({})</h2>\n<p class=\"meta\">{} · {} · {}: {} · {}: {}</p>",
        escape_html(&u.name),
        escape_html(&u.code),
        escape_html(y.block_name(&u.block)),
        r.year,
        escape_html(Label::Index.text(lang)),
        fixed(u.final_.index, r.index_decimals, lang),
        escape_html(Label::Rating.text(lang)),
        escape_html(u.final_.rating.as_deref().unwrap_or("—")),
    );
    out.push_str("<table class=\"sheet\">\n");
    head(
        out,
        &[
            Label::Code.text(lang),
            Label::Criterion.text(lang),
            Label::Max.text(lang),
            Label::SelfScore.text(lang),
            Label::FinalScore.text(lang),
            Publish::Reason.text(lang),
        ],
    );
    out.push_str("<tbody>\n");
    if let Some(scheme) = y.ws.unit(&u.code).and_then(|x| y.ws.scheme_of(x)) {
        for (i, c) in scheme.nodes.iter().enumerate() {
            let n = &u.nodes[i];
            let unanswered = c.is_leaf() && n.decision == Decision::Unanswered;
            row(
                out,
                if c.is_leaf() { "" } else { "branch" },
                &[
                    (false, escape_html(&c.code)),
                    (
                        false,
                        format!(
                            "<span style=\"padding-left:{}em\">{}</span>",
                            c.depth,
                            escape_html(&c.title)
                        ),
                    ),
                    (true, num::fmt(c.max, lang)),
                    (true, side(&n.self_, unanswered, lang)),
                    (true, side(&n.final_, false, lang)),
                    (false, escape_html(n.reason.as_deref().unwrap_or(""))),
                ],
            );
        }
    }
    let p2 = |d: Decimal| num::fmt_fixed(d, r.points_decimals, lang);
    for (label, a, b) in [
        (Label::Points, p2(u.self_.points), p2(u.final_.points)),
        (Label::Bonus, p2(u.self_.bonus), p2(u.final_.bonus)),
        (
            Label::Deduction,
            p2(u.self_.deduction),
            p2(u.final_.deduction),
        ),
        (Label::Total, p2(u.self_.total), p2(u.final_.total)),
        (
            Label::ApplicableMax,
            p2(u.self_.applicable_max),
            p2(u.final_.applicable_max),
        ),
        (
            Label::Index,
            fixed(u.self_.index, r.index_decimals, lang),
            fixed(u.final_.index, r.index_decimals, lang),
        ),
    ] {
        row(
            out,
            "total",
            &[
                (false, String::new()),
                (false, escape_html(label.text(lang))),
                (false, String::new()),
                (true, a),
                (true, b),
                (false, String::new()),
            ],
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}
