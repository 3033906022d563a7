//! `chiso notify`: the round's letter to a unit, as Markdown or as one
//! standalone, printable HTML file.

use rust_decimal::Decimal;

use crate::i18n::{Label, Lang, Say};
use crate::model::Ruling;
use crate::notice::Notice;
use crate::num;

/// The letter's content, shared by both formats.
struct Letter {
    authority: String,
    title: String,
    subtitle: String,
    to: String,
    intro: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    totals_header: Vec<String>,
    totals: Vec<Vec<String>>,
    closing: String,
}

const NUMERIC: &[usize] = &[0, 3, 4, 5, 6];

fn letter(n: &Notice, lang: Lang) -> Letter {
    let p = |d: Decimal| num::fmt(d, lang);
    let rows = n
        .items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            let diff = it.appraised_points - it.self_points;
            let mut reason = it.reason.clone().unwrap_or_default();
            match it.ruling {
                Ruling::Accept => reason = format!("{} — {reason}", Label::Accepted.text(lang)),
                Ruling::Reject => reason = format!("{} — {reason}", Label::NotAccepted.text(lang)),
                Ruling::Adjust => {}
            }
            if let Some(by) = &it.by {
                reason = format!("{reason} ({by})");
            }
            vec![
                (i + 1).to_string(),
                it.code.clone(),
                it.title.clone(),
                p(it.max),
                p(it.self_points),
                p(it.appraised_points),
                if diff.is_zero() {
                    String::new()
                } else {
                    super::sheet::signed(diff, lang)
                },
                reason,
            ]
        })
        .collect();
    let fixed = |d: Decimal, decimals| num::fmt_fixed(d, decimals, lang);
    let index = |d: Option<Decimal>| {
        d.map(|d| fixed(d, n.index_decimals))
            .unwrap_or_else(|| "—".into())
    };
    let (s, a) = (&n.self_, &n.appraised);
    Letter {
        authority: n.authority.clone().unwrap_or_default().to_uppercase(),
        title: Say::NoticeTitle.text(lang),
        subtitle: Say::NoticeSubtitle {
            round: n.round,
            year: n.year,
        }
        .text(lang),
        to: format!("{}: {}", Label::To.text(lang), n.unit_name),
        intro: Say::NoticeIntro {
            legal_basis: n.legal_basis.clone(),
            round: n.round,
            year: n.year,
            unit: format!("{} ({})", n.unit_name, n.unit),
            block: n.block_name.clone(),
            count: n.items.len(),
        }
        .text(lang),
        header: [
            Label::Number,
            Label::Code,
            Label::Criterion,
            Label::Max,
            Label::SelfScore,
            Label::FinalScore,
            Label::Difference,
            Label::Reason,
        ]
        .iter()
        .map(|l| l.text(lang).to_string())
        .collect(),
        rows,
        totals_header: vec![
            String::new(),
            Label::SelfScore.text(lang).into(),
            Label::AfterRound
                .text(lang)
                .replace("{round}", &n.round.to_string()),
        ],
        totals: vec![
            vec![
                Label::Total.text(lang).into(),
                fixed(s.total, n.points_decimals),
                fixed(a.total, n.points_decimals),
            ],
            vec![
                Label::Index.text(lang).into(),
                index(s.index),
                index(a.index),
            ],
            vec![
                Label::Rating.text(lang).into(),
                s.rating.clone().unwrap_or_default(),
                a.rating.clone().unwrap_or_default(),
            ],
        ],
        closing: Say::NoticeClosing {
            round: n.round,
            year: n.year,
            unit: n.unit.clone(),
        }
        .text(lang),
    }
}

pub fn markdown(n: &Notice, lang: Lang) -> String {
    let l = letter(n, lang);
    let e = super::escape_markdown;
    let mut out = String::new();
    if !l.authority.is_empty() {
        out += &format!("**{}**  \n", e(&l.authority));
    }
    out += &format!("**{}**\n\n", Label::Council.text(lang));
    out += &format!("# {}\n\n**{}**\n\n", e(&l.title), e(&l.subtitle));
    out += &format!("{}\n\n{}\n\n", e(&l.to), e(&l.intro));
    if !l.rows.is_empty() {
        out += &super::markdown_table(&l.header, &l.rows, NUMERIC);
        out += "\n";
    }
    out += &super::markdown_table(&l.totals_header, &l.totals, &[1, 2]);
    out += &format!("\n{}\n", e(&l.closing));
    out
}

fn html_table(header: &[String], rows: &[Vec<String>], numeric: &[usize]) -> String {
    let cell = |tag: &str, i: usize, text: &str| {
        let class = if numeric.contains(&i) {
            " class=\"num\""
        } else {
            ""
        };
        format!("<{tag}{class}>{}</{tag}>", super::escape_html(text))
    };
    let mut out = String::from("<table>\n<thead><tr>");
    for (i, h) in header.iter().enumerate() {
        out += &cell("th", i, h);
    }
    out += "</tr></thead>\n<tbody>\n";
    for r in rows {
        out += "<tr>";
        for (i, c) in r.iter().enumerate() {
            out += &cell("td", i, c);
        }
        out += "</tr>\n";
    }
    out += "</tbody>\n</table>\n";
    out
}

const STYLE: &str = "\
@page { size: A4; margin: 20mm 15mm 20mm 25mm; }
body { font-family: 'Times New Roman', Times, serif; font-size: 13pt; line-height: 1.4;
       max-width: 180mm; margin: 0 auto; padding: 10mm 0; color: #000; }
header { display: flex; justify-content: space-between; text-align: center; font-weight: bold; }
header .motto { font-weight: bold; }
header .motto span { display: block; font-weight: bold; text-decoration: underline; }
h1 { text-align: center; font-size: 15pt; margin: 8mm 0 0; }
.subtitle { text-align: center; font-weight: bold; margin: 0 0 6mm; }
.to { text-align: center; margin-bottom: 4mm; }
table { width: 100%; border-collapse: collapse; margin: 4mm 0; font-size: 11pt; }
th, td { border: 1px solid #000; padding: 1mm 1.5mm; vertical-align: top; }
th { background: #eee; }
td.num, th.num { text-align: right; white-space: nowrap; }
tr { page-break-inside: avoid; }
table.totals { width: 60%; }
@media print { th { background: none; } }
";

pub fn html(n: &Notice, lang: Lang) -> String {
    let l = letter(n, lang);
    let e = super::escape_html;
    let lang_code = match lang {
        Lang::Vi => "vi",
        Lang::En => "en",
    };
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang_code}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{} — {}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        e(&l.subtitle),
        e(&n.unit_name)
    );
    out += &format!(
        "<header><div>{}<br>{}</div><div class=\"motto\">{}<span>{}</span></div></header>\n",
        e(&l.authority),
        e(Label::Council.text(lang)),
        e(Label::Nation.text(lang)),
        e(Label::Motto.text(lang)),
    );
    out += &format!(
        "<h1>{}</h1>\n<p class=\"subtitle\">{}</p>\n<p class=\"to\">{}</p>\n<p>{}</p>\n",
        e(&l.title),
        e(&l.subtitle),
        e(&l.to),
        e(&l.intro)
    );
    if !l.rows.is_empty() {
        out += &html_table(&l.header, &l.rows, NUMERIC);
    }
    out += &html_table(&l.totals_header, &l.totals, &[1, 2]).replacen(
        "<table>",
        "<table class=\"totals\">",
        1,
    );
    out += &format!("<p>{}</p>\n</body>\n</html>\n", e(&l.closing));
    out
}
