//! `chiso notify`: the round's letter to a unit, as Markdown or as one
//! standalone, printable HTML file, with the formal parts of a Vietnamese
//! administrative letter: the issuing body and the letter's number, the
//! national title and motto, place and date, the addressee, the recipients
//! and the signature block.

use rust_decimal::Decimal;

use crate::i18n::{Label, Lang, LetterText, Say};
use crate::model::Ruling;
use crate::notice::Notice;
use crate::num;

/// The letter's content, shared by both formats.
struct Letter {
    authority: String,
    /// The issuing body (cơ quan ban hành), in capitals.
    issuer: String,
    /// `Số: …/TB-HĐTĐ`.
    number: String,
    place_date: String,
    title: String,
    subtitle: String,
    to: String,
    intro: String,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    totals_header: Vec<String>,
    totals: Vec<Vec<String>>,
    closing: String,
    deadline: Option<String>,
    /// After the final round: its title, header and rows.
    final_list: Option<(String, Vec<String>, Vec<Vec<String>>)>,
    /// Nơi nhận, each ending with `;` and the last with `.`.
    recipients: Vec<String>,
    /// The signature block's lines (authority to sign, title).
    signer: Vec<String>,
}

const FINAL_NUMERIC: &[usize] = &[0, 3, 4];

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
    let final_list = n.final_list.as_ref().map(|f| {
        let title = LetterText::FinalList {
            round: n.round,
            block: f.block_name.clone(),
            group: f.group.clone(),
        }
        .text(lang);
        let header = [
            Label::Rank,
            Label::Code,
            Label::Unit,
            Label::Total,
            Label::Index,
            Label::Rating,
        ]
        .iter()
        .map(|l| l.text(lang).to_string())
        .collect();
        let rows = f
            .units
            .iter()
            .map(|u| {
                vec![
                    u.rank.map_or_else(|| "—".into(), |r| r.to_string()),
                    u.code.clone(),
                    u.name.clone(),
                    fixed(u.total, n.points_decimals),
                    index(u.index),
                    u.rating.clone().unwrap_or_default(),
                ]
            })
            .collect();
        (title, header, rows)
    });
    let mut recipients = vec![LetterText::AsAbove.text(lang)];
    if n.letter.recipients.is_empty() {
        recipients.push(LetterText::Archive.text(lang));
    } else {
        recipients.extend(n.letter.recipients.iter().cloned());
    }
    let last = recipients.len() - 1;
    let recipients = recipients
        .into_iter()
        .enumerate()
        .map(|(i, r)| format!("{r}{}", if i == last { "." } else { ";" }))
        .collect();
    let signer = if n.letter.signer.is_empty() {
        LetterText::DefaultSigner
            .text(lang)
            .lines()
            .map(str::to_string)
            .collect()
    } else {
        n.letter.signer.clone()
    };
    Letter {
        authority: n.authority.clone().unwrap_or_default().to_uppercase(),
        issuer: n
            .letter
            .issuer
            .clone()
            .unwrap_or_else(|| Label::Council.text(lang).to_string())
            .to_uppercase(),
        number: LetterText::Number {
            symbol: n.letter.symbol.clone(),
        }
        .text(lang),
        place_date: LetterText::PlaceDate {
            place: n.letter.place.clone(),
            date: n.dated,
        }
        .text(lang),
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
        deadline: n.explanation.map(|w| {
            LetterText::Deadline {
                round: n.round,
                opens: w.opens,
                closes: w.closes,
                extended: w.extended,
            }
            .text(lang)
        }),
        final_list,
        recipients,
        signer,
    }
}

pub fn markdown(n: &Notice, lang: Lang) -> String {
    let l = letter(n, lang);
    let e = super::escape_markdown;
    let mut out = String::new();
    if !l.authority.is_empty() {
        out += &format!("{}  \n", e(&l.authority));
    }
    out += &format!("**{}**  \n{}\n\n", e(&l.issuer), e(&l.number));
    out += &format!(
        "**{}**  \n**{}**\n\n*{}*\n\n",
        Label::Nation.text(lang),
        Label::Motto.text(lang),
        e(&l.place_date)
    );
    out += &format!("# {}\n\n**{}**\n\n", e(&l.title), e(&l.subtitle));
    out += &format!("{}\n\n{}\n\n", e(&l.to), e(&l.intro));
    if !l.rows.is_empty() {
        out += &super::markdown_table(&l.header, &l.rows, NUMERIC);
        out += "\n";
    }
    out += &super::markdown_table(&l.totals_header, &l.totals, &[1, 2]);
    out += &format!("\n{}\n", e(&l.closing));
    if let Some(deadline) = &l.deadline {
        out += &format!("\n**{}**\n", e(deadline));
    }
    if let Some((title, header, rows)) = &l.final_list {
        out += &format!("\n## {}\n\n", e(title));
        out += &super::markdown_table(header, rows, FINAL_NUMERIC);
    }
    out += &format!("\n***{}***\n\n", LetterText::Recipients.text(lang));
    for r in &l.recipients {
        out += &format!("- {}\n", e(r));
    }
    out += "\n";
    let signer: Vec<String> = l.signer.iter().map(|s| format!("**{}**", e(s))).collect();
    out += &signer.join("  \n");
    out += &format!(
        "\n\n*{}*\n\n{}\n",
        LetterText::SignHere.text(lang),
        LetterText::NamePlaceholder.text(lang)
    );
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
@page { size: A4; margin: 20mm 15mm 20mm 30mm; }
body { font-family: 'Times New Roman', Times, serif; font-size: 13pt; line-height: 1.4;
       max-width: 180mm; margin: 0 auto; padding: 10mm 0; color: #000; }
header, footer { display: flex; justify-content: space-between; gap: 8mm; }
header > div { text-align: center; }
header .issuer { flex: 0 0 40%; }
header .issuer b, header .motto b { display: block; }
header .motto span { display: inline-block; font-weight: bold; border-bottom: 1px solid #000; }
header .rule { width: 30%; margin: 1mm auto 2mm; border-top: 1px solid #000; }
header .date { font-style: italic; margin-top: 3mm; }
h1 { text-align: center; font-size: 14pt; margin: 8mm 0 0; }
h2 { font-size: 13pt; margin: 6mm 0 0; }
.subtitle { text-align: center; font-weight: bold; margin: 0 0 6mm; }
.to { text-align: center; margin-bottom: 4mm; }
.deadline { font-weight: bold; }
table { width: 100%; border-collapse: collapse; margin: 4mm 0; font-size: 11pt; }
th, td { border: 1px solid #000; padding: 1mm 1.5mm; vertical-align: top; }
th { background: #eee; }
td.num, th.num { text-align: right; white-space: nowrap; }
tr { page-break-inside: avoid; }
table.totals { width: 60%; }
footer { margin-top: 8mm; page-break-inside: avoid; }
footer .recipients { font-size: 11pt; }
footer .recipients p { margin: 0; }
footer .recipients .heading { font-size: 12pt; font-weight: bold; font-style: italic; }
footer .signature { text-align: center; flex: 0 0 45%; }
footer .signature b { display: block; }
footer .signature .sign { font-style: italic; margin-bottom: 20mm; }
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
        "<header><div class=\"issuer\">{}<b>{}</b><div class=\"rule\"></div>{}</div>\
         <div class=\"motto\"><b>{}</b><span>{}</span><p class=\"date\">{}</p></div></header>\n",
        if l.authority.is_empty() {
            String::new()
        } else {
            format!("{}<br>", e(&l.authority))
        },
        e(&l.issuer),
        e(&l.number),
        e(Label::Nation.text(lang)),
        e(Label::Motto.text(lang)),
        e(&l.place_date),
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
    out += &format!("<p>{}</p>\n", e(&l.closing));
    if let Some(deadline) = &l.deadline {
        out += &format!("<p class=\"deadline\">{}</p>\n", e(deadline));
    }
    if let Some((title, header, rows)) = &l.final_list {
        out += &format!("<h2>{}</h2>\n", e(title));
        out += &html_table(header, rows, FINAL_NUMERIC);
    }
    out += &format!(
        "<footer><div class=\"recipients\"><p class=\"heading\">{}</p>\n",
        e(&LetterText::Recipients.text(lang))
    );
    for r in &l.recipients {
        out += &format!("<p>- {}</p>\n", e(r));
    }
    out += "</div><div class=\"signature\">";
    for s in &l.signer {
        out += &format!("<b>{}</b>", e(s));
    }
    out += &format!(
        "<p class=\"sign\">{}</p><p>{}</p></div></footer>\n</body>\n</html>\n",
        e(&LetterText::SignHere.text(lang)),
        e(&LetterText::NamePlaceholder.text(lang))
    );
    out
}
