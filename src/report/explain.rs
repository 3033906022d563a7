//! `chiso explain`: how one criterion of one unit got its points.

use rust_decimal::Decimal;

use crate::i18n::{EvidenceMsg, Label, Lang, Msg, method_name};
use crate::model::{
    AnswerValue, Band, Criterion, Dataset, FactKind, InputSource, Method, Ruling, Scheme,
};
use crate::num;
use crate::results::{Decision, FactOrigin, LeafTrace, Results, SideTrace, UnitResult};

use super::print::{Page, Part, Row, Table, Value};
use super::sheet::signed;

/// `= value`, or `≈ value` rounded to 4 decimals when longer.
fn shown(d: Decimal, lang: Lang) -> String {
    let r = num::round(d, 4);
    if r == d {
        format!("= {}", num::fmt(d, lang))
    } else {
        format!("≈ {}", num::fmt(r, lang))
    }
}

fn band_text(b: &Band, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(v) = b.gt {
        parts.push(format!("> {}", num::fmt(v, lang)));
    }
    if let Some(v) = b.gte {
        parts.push(format!("≥ {}", num::fmt(v, lang)));
    }
    if let Some(v) = b.lt {
        parts.push(format!("< {}", num::fmt(v, lang)));
    }
    if let Some(v) = b.lte {
        parts.push(format!("≤ {}", num::fmt(v, lang)));
    }
    if parts.is_empty() {
        parts.push("*".into());
    }
    format!("{} → {}", parts.join(", "), num::fmt(b.points, lang))
}

fn answer_text(c: &Criterion, a: &AnswerValue, lang: Lang) -> String {
    match (a, c.method.as_ref()) {
        (AnswerValue::Points(p), _) => format!("points = {}", num::fmt(*p, lang)),
        (AnswerValue::Yes(y), _) => format!(
            "yes = {y} ({})",
            if *y {
                Label::Yes.text(lang)
            } else {
                Label::No.text(lang)
            }
        ),
        (AnswerValue::Choice(i), Some(Method::Choice(o))) => {
            format!("choice = \"{}\"", o[*i].label)
        }
        (AnswerValue::Choice(i), _) => format!("choice #{i}"),
        (AnswerValue::NotApplicable, _) => {
            format!("na = true ({})", Label::NotApplicable.text(lang))
        }
    }
}

fn decision_text(d: Decision, lang: Lang) -> String {
    match d {
        Decision::Unanswered => Label::Unanswered.text(lang).to_string(),
        Decision::FromData => Label::ComputedFromData.text(lang).to_string(),
        Decision::Council => Label::CouncilPending.text(lang).to_string(),
        Decision::SelfAnswer => Label::SelfAnswer.text(lang).to_string(),
        Decision::OfficialData => Label::OfficialDataUsed.text(lang).to_string(),
        Decision::Adjusted { round } => format!(
            "{} {} {round}",
            Label::FromAppraisal.text(lang),
            Label::Round.text(lang).to_lowercase()
        ),
        Decision::Accepted { round } => format!(
            "{} ({} {round})",
            Label::Accepted.text(lang),
            Label::Round.text(lang).to_lowercase()
        ),
        Decision::NotAccepted { round, kept } => format!(
            "{} ({} {round}): {}",
            Label::NotAccepted.text(lang),
            Label::Round.text(lang).to_lowercase(),
            Label::DecisionKept
                .text(lang)
                .replace("{round}", &kept.to_string())
        ),
        Decision::NoEvidence => Label::NoEvidenceZeroed.text(lang).to_string(),
    }
}

fn side_lines(out: &mut Trace, c: &Criterion, s: &SideTrace, title: Label, lang: Lang) {
    out.line(
        0,
        format!("{}: {}", title.text(lang), decision_text(s.decision, lang)),
    );
    if let Some(a) = &s.answer {
        out.line(1, answer_text(c, a, lang));
    }
    for f in &s.facts {
        let origin = match f.origin {
            FactOrigin::SelfReported => Label::FromSelf.text(lang).to_string(),
            FactOrigin::Data => Label::FromData.text(lang).to_string(),
            FactOrigin::Appraisal { round } => format!(
                "{} {} {round}",
                Label::FromAppraisal.text(lang),
                Label::Round.text(lang).to_lowercase()
            ),
            FactOrigin::Missing => Label::Missing.text(lang).to_string(),
        };
        let value = f
            .value
            .map(|v| num::fmt(v, lang))
            .unwrap_or_else(|| "—".into());
        out.line(1, format!("{} = {value}  ({}; {origin})", f.name, f.label));
    }
    if let Some(rate) = s.rate {
        // "Tỷ lệ 58,10% / chỉ tiêu 45%": the rate and the unit's own target.
        let percent = if c.value_kind == FactKind::Percent {
            "%"
        } else {
            ""
        };
        let target = c
            .target
            .as_ref()
            .and_then(|t| s.facts.iter().find(|f| &f.name == t))
            .and_then(|f| f.value)
            .map(|v| format!("{}{percent}", num::fmt(v, lang)));
        let rate = format!("{}{percent}", num::fmt_fixed(num::round(rate, 2), 2, lang));
        out.line(1, Msg::RateAndTarget { rate, target }.text(lang));
    }
    if let Some(v) = s.value {
        out.line(1, format!("{} {}", Label::Value.text(lang), shown(v, lang)));
    }
    if let Some(Method::Bands { bands, .. }) = &c.method
        && s.value.is_some()
    {
        match s.band {
            Some(i) => out.line(
                1,
                format!(
                    "{} {}: {}",
                    Label::Band.text(lang),
                    i + 1,
                    band_text(&bands[i], lang)
                ),
            ),
            None => out.line(1, Label::NoBandMatched.text(lang)),
        }
    }
    if let (Some(Method::Formula { .. }), Some(v)) = (&c.method, s.value)
        && v != s.points
        && !s.clamped
    {
        out.line(
            1,
            format!(
                "{} → {}",
                Label::Rounded.text(lang),
                num::fmt(s.points, lang)
            ),
        );
    }
    if s.clamped {
        out.line(1, Label::Clamped.text(lang));
    }
    if let Some(e) = &s.error {
        out.line(1, crate::i18n::Msg::ExpressionRuntime(e.clone()).text(lang));
    }
    if let Some(check) = &s.failed_check {
        out.line(1, check.text(lang));
    }
    let points = if s.na {
        Label::NotApplicable.text(lang).to_string()
    } else {
        num::fmt(s.points, lang)
    };
    out.line(1, format!("→ {}: {points}", Label::Points.text(lang)));
}

/// The explanation, piece by piece: its text form and its printable page are
/// both read from these.
#[derive(Default)]
struct Trace {
    /// "Tiêu chí 1.4 — …"
    title: String,
    /// The lines under the title: unit, appendix, max, method, reference.
    about: Vec<String>,
    pieces: Vec<Piece>,
}

enum Piece {
    /// A line, indented by `indent` levels (four spaces each in text).
    Line(usize, String),
    Blank,
    /// A table: its lines in the text form, and its cells.
    Table(Vec<String>, Table),
}

impl Trace {
    fn line(&mut self, indent: usize, text: impl Into<String>) {
        self.pieces.push(Piece::Line(indent, text.into()));
    }
    fn blank(&mut self) {
        self.pieces.push(Piece::Blank);
    }

    fn text(&self) -> String {
        let mut out = format!("{}\n", self.title);
        for line in &self.about {
            out += line;
            out += "\n";
        }
        for piece in &self.pieces {
            match piece {
                Piece::Line(indent, text) => {
                    out += &format!("{}{text}\n", "    ".repeat(*indent));
                }
                Piece::Blank => out += "\n",
                Piece::Table(lines, _) => {
                    for line in lines {
                        out += line;
                        out += "\n";
                    }
                }
            }
        }
        out
    }

    fn page(self) -> Page {
        let parts = self
            .pieces
            .into_iter()
            .filter_map(|piece| match piece {
                Piece::Line(indent, text) => Some(Part::Line { indent, text }),
                Piece::Blank => None,
                Piece::Table(_, table) => Some(Part::Table(table)),
            })
            .collect();
        Page {
            title: self.title,
            meta: self.about,
            parts,
            signature: None,
        }
    }
}

fn header(c: &Criterion, u: &UnitResult, lang: Lang) -> Trace {
    // An area (a criterion without a parent) is named as the regulation names it.
    let kind = if c.parent.is_none() {
        Label::Area
    } else {
        Label::Criterion
    };
    let title = format!("{} {} — {}", kind.text(lang), c.code, c.title);
    let mut about = vec![format!(
        "{}: {} — {} · {}: {}",
        Label::Unit.text(lang),
        u.code,
        u.name,
        Label::Appendices.text(lang),
        c.appendix
    )];
    let mut max = format!("{}: {}", Label::Max.text(lang), num::fmt(c.max, lang));
    if let Some(m) = &c.method {
        max += &format!(
            " · {}: {}",
            Label::Method.text(lang),
            method_name(m.name(), lang)
        );
    }
    about.push(max);
    if let Some(r) = &c.reference {
        about.push(format!("{}: {r}", Label::Reference.text(lang)));
    }
    Trace {
        title,
        about,
        pieces: Vec::new(),
    }
}

/// How `code` of unit `u` got its points, as text.
pub fn render(
    r: &Results,
    u: &UnitResult,
    scheme: &Scheme,
    data: &Dataset,
    code: &str,
    lang: Lang,
) -> Option<String> {
    trace(r, u, scheme, data, code, lang).map(|t| t.text())
}

/// [`render`] as a printable page (`explain --format html|md|xlsx`).
pub fn page(
    r: &Results,
    u: &UnitResult,
    scheme: &Scheme,
    data: &Dataset,
    code: &str,
    lang: Lang,
) -> Option<Page> {
    trace(r, u, scheme, data, code, lang).map(Trace::page)
}

/// The points of one side: "KPS" when not applicable.
fn side_points(side: &crate::results::NodeSide, lang: Lang) -> Value {
    if side.na {
        Value::text(Label::NotApplicable.text(lang))
    } else {
        Value::number(side.points)
    }
}

fn trace(
    r: &Results,
    u: &UnitResult,
    scheme: &Scheme,
    data: &Dataset,
    code: &str,
    lang: Lang,
) -> Option<Trace> {
    let i = *scheme.by_code.get(code)?;
    let c = &scheme.nodes[i];
    let n = &u.nodes[i];
    let mut out = header(c, u, lang);
    if !c.is_leaf() {
        out.blank();
        out.line(0, format!("{}:", Label::Children.text(lang)));
        let header = vec![
            Label::Code.text(lang).to_string(),
            Label::Max.text(lang).to_string(),
            Label::SelfScore.text(lang).to_string(),
            Label::FinalScore.text(lang).to_string(),
            Label::Criterion.text(lang).to_string(),
        ];
        let rows: Vec<Row> = c
            .children
            .iter()
            .map(|&ch| {
                let (cc, cn) = (&scheme.nodes[ch], &u.nodes[ch]);
                Row {
                    cells: vec![
                        Value::text(&cc.code),
                        Value::number(cc.max),
                        Value::number(cn.self_.points),
                        Value::number(cn.final_.points),
                        Value::text(&cc.title),
                    ],
                    depth: 0,
                    strong: false,
                }
            })
            .collect();
        // The cells as the text form shows them, under its header.
        let shown = rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.shown(lang)).collect::<Vec<_>>());
        let lines = std::iter::once(header.clone())
            .chain(shown)
            .map(|c| {
                format!(
                    "  {:<8} {:>6} {:>9} {:>9}  {}",
                    c[0], c[1], c[2], c[3], c[4]
                )
            })
            .collect();
        let table = Table {
            header,
            rows,
            numeric: vec![1, 2, 3],
            indented: None,
        };
        out.pieces.push(Piece::Table(lines, table));
        out.blank();
        out.line(
            0,
            format!(
                "{}: {} {} · {} {} · {} {}",
                Label::Result.text(lang),
                Label::SelfScore.text(lang).to_lowercase(),
                num::fmt(n.self_.points, lang),
                Label::FinalScore.text(lang).to_lowercase(),
                num::fmt(n.final_.points, lang),
                Label::ApplicableMax.text(lang).to_lowercase(),
                num::fmt(n.final_.applicable_max, lang),
            ),
        );
        return Some(out);
    }
    let trace: &LeafTrace = n.trace.as_deref()?;
    match c.method.as_ref() {
        Some(Method::Choice(options)) => {
            out.line(0, format!("{}:", Label::Options.text(lang)));
            for o in options {
                out.line(1, format!("\"{}\" → {}", o.label, num::fmt(o.points, lang)));
            }
        }
        Some(Method::Bands { value, bands }) => {
            if let Some(e) = value {
                out.line(0, format!("{}: {}", Label::Expression.text(lang), e.text));
            }
            for (k, b) in bands.iter().enumerate() {
                out.line(
                    1,
                    format!(
                        "{} {}: {}",
                        Label::Band.text(lang),
                        k + 1,
                        band_text(b, lang)
                    ),
                );
            }
        }
        Some(Method::Formula { formula, value }) => {
            if let Some(v) = value {
                out.line(
                    0,
                    format!("{}: value = {}", Label::Expression.text(lang), v.text),
                );
            }
            out.line(
                0,
                format!("{}: {}", Label::Expression.text(lang), formula.text),
            );
        }
        _ => {}
    }
    if c.inputs
        .iter()
        .any(|i| i.source == InputSource::Subordinates)
    {
        let subs: Vec<&UnitResult> = r
            .units
            .iter()
            .filter(|x| x.parent.as_deref() == Some(u.code.as_str()))
            .collect();
        out.line(
            0,
            format!("{} ({}):", Label::Subordinates.text(lang), subs.len()),
        );
        let rows: Vec<Row> = subs
            .iter()
            .map(|s| Row {
                cells: vec![
                    Value::text(&s.code),
                    s.final_
                        .index
                        .map(|i| Value::fixed(i, r.index_decimals))
                        .unwrap_or_else(|| Value::text("—")),
                    Value::text(s.final_.rating.as_deref().unwrap_or("—")),
                    Value::text(&s.name),
                ],
                depth: 0,
                strong: false,
            })
            .collect();
        let lines = rows
            .iter()
            .map(|row| {
                let c: Vec<String> = row.cells.iter().map(|c| c.shown(lang)).collect();
                format!("    {:<14} {:>6}  {:<11} {}", c[0], c[1], c[2], c[3])
            })
            .collect();
        let table = Table {
            header: [Label::Code, Label::Index, Label::Rating, Label::Unit]
                .iter()
                .map(|l| l.text(lang).to_string())
                .collect(),
            rows,
            numeric: vec![1],
            indented: None,
        };
        out.pieces.push(Piece::Table(lines, table));
    }
    out.blank();
    side_lines(&mut out, c, &trace.self_, Label::SelfScore, lang);
    side_lines(&mut out, c, &trace.final_, Label::FinalScore, lang);
    // Which rows by period the year's figures come from.
    let by_period: Vec<String> = c
        .inputs
        .iter()
        .filter_map(|i| {
            let figure = data.periods.get(&u.code)?.get(&i.name)?;
            let msg = Msg::PeriodsRead {
                fact: i.name.clone(),
                figure: figure.clone(),
            };
            Some(msg.text(lang))
        })
        .collect();
    if !by_period.is_empty() {
        out.line(0, format!("{}:", Label::DataPeriods.text(lang)));
        for line in by_period {
            out.line(1, line);
        }
    }
    if !trace.adjustments.is_empty() {
        out.blank();
        out.line(0, format!("{}:", Label::Adjustments.text(lang)));
        let mut adj = trace.adjustments.clone();
        adj.sort_by_key(|a| a.round);
        for a in adj {
            let what = if a.ruling == Ruling::Accept {
                Label::Accepted.text(lang).to_string()
            } else if a.ruling == Ruling::Reject {
                Label::NotAccepted.text(lang).to_string()
            } else {
                let mut parts: Vec<String> = a
                    .answer
                    .iter()
                    .map(|x| answer_text(c, &x.value, lang))
                    .collect();
                parts.extend(
                    a.facts
                        .iter()
                        .map(|(k, f)| format!("{k} = {}", num::fmt(f.value, lang))),
                );
                parts.join(", ")
            };
            let by = a.by.as_ref().map(|b| format!(" ({b})")).unwrap_or_default();
            out.line(
                1,
                format!(
                    "{} {}{by}: {what} — \"{}\"",
                    Label::Round.text(lang),
                    a.round,
                    a.reason
                ),
            );
        }
    }
    if let Some(e) = &c.evidence {
        out.blank();
        out.line(0, format!("{}: {e}", Label::Evidence.text(lang)));
    }
    if !trace.evidence.is_empty() {
        out.line(0, format!("{}:", Label::EvidenceGiven.text(lang)));
        for e in &trace.evidence {
            out.line(1, format!("- {e}"));
        }
    }
    if !trace.attachments.is_empty() {
        let heading = Msg::Evidence(EvidenceMsg::Attachments).text(lang);
        out.line(0, format!("{heading}:"));
        for a in &trace.attachments {
            let listed = EvidenceMsg::Listed {
                title: a.title.clone(),
                file: a.file.clone(),
                size: a.size,
            };
            out.line(1, format!("- {}", Msg::Evidence(listed).text(lang)));
        }
    }
    if let Some(note) = &trace.note {
        out.line(0, format!("{}: {note}", Label::Note.text(lang)));
    }
    if let Some(x) = &trace.explanation {
        out.line(0, format!("{}: {x}", Label::Explanation.text(lang)));
    }
    let diff = n.difference();
    out.blank();
    out.line(
        0,
        format!(
            "{}: {} {} · {} {}{}",
            Label::Result.text(lang),
            Label::SelfScore.text(lang).to_lowercase(),
            side_points(&n.self_, lang).shown(lang),
            Label::FinalScore.text(lang).to_lowercase(),
            side_points(&n.final_, lang).shown(lang),
            if diff.is_zero() {
                String::new()
            } else {
                format!(
                    " ({} {})",
                    Label::Difference.text(lang).to_lowercase(),
                    signed(diff, lang)
                )
            },
        ),
    );
    for d in u
        .diagnostics
        .iter()
        .filter(|d| d.criterion.as_deref() == Some(code))
    {
        out.line(0, format!("[{}] {}", d.code.id(), d.message.text(lang)));
    }
    Some(out)
}
