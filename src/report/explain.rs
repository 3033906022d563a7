//! `chiso explain`: how one criterion of one unit got its points.

use rust_decimal::Decimal;

use crate::i18n::{EvidenceMsg, Label, Lang, Msg, method_name};
use crate::model::{
    AnswerValue, Band, Criterion, Dataset, FactKind, InputSource, Method, Ruling, Scheme,
};
use crate::num;
use crate::results::{Decision, FactOrigin, LeafTrace, Results, SideTrace, UnitResult};

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

fn side_lines(c: &Criterion, s: &SideTrace, title: Label, lang: Lang) -> String {
    let mut out = format!(
        "{}: {}\n",
        title.text(lang),
        decision_text(s.decision, lang)
    );
    if let Some(a) = &s.answer {
        out += &format!("    {}\n", answer_text(c, a, lang));
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
        out += &format!("    {} = {value}  ({}; {origin})\n", f.name, f.label);
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
        out += &format!("    {}\n", Msg::RateAndTarget { rate, target }.text(lang));
    }
    if let Some(v) = s.value {
        out += &format!("    {} {}\n", Label::Value.text(lang), shown(v, lang));
    }
    if let Some(Method::Bands { bands, .. }) = &c.method
        && s.value.is_some()
    {
        match s.band {
            Some(i) => {
                out += &format!(
                    "    {} {}: {}\n",
                    Label::Band.text(lang),
                    i + 1,
                    band_text(&bands[i], lang)
                )
            }
            None => out += &format!("    {}\n", Label::NoBandMatched.text(lang)),
        }
    }
    if let (Some(Method::Formula { .. }), Some(v)) = (&c.method, s.value)
        && v != s.points
        && !s.clamped
    {
        out += &format!(
            "    {} → {}\n",
            Label::Rounded.text(lang),
            num::fmt(s.points, lang)
        );
    }
    if s.clamped {
        out += &format!("    {}\n", Label::Clamped.text(lang));
    }
    if let Some(e) = &s.error {
        out += &format!(
            "    {}\n",
            crate::i18n::Msg::ExpressionRuntime(e.clone()).text(lang)
        );
    }
    if let Some(check) = &s.failed_check {
        out += &format!("    {}\n", check.text(lang));
    }
    let points = if s.na {
        Label::NotApplicable.text(lang).to_string()
    } else {
        num::fmt(s.points, lang)
    };
    out += &format!("    → {}: {points}\n", Label::Points.text(lang));
    out
}

fn header(c: &Criterion, u: &UnitResult, lang: Lang) -> String {
    // An area (a criterion without a parent) is named as the regulation names it.
    let kind = if c.parent.is_none() {
        Label::Area
    } else {
        Label::Criterion
    };
    let mut out = format!("{} {} — {}\n", kind.text(lang), c.code, c.title);
    out += &format!(
        "{}: {} — {} · {}: {}\n",
        Label::Unit.text(lang),
        u.code,
        u.name,
        Label::Appendices.text(lang),
        c.appendix
    );
    out += &format!("{}: {}", Label::Max.text(lang), num::fmt(c.max, lang));
    if let Some(m) = &c.method {
        out += &format!(
            " · {}: {}",
            Label::Method.text(lang),
            method_name(m.name(), lang)
        );
    }
    out += "\n";
    if let Some(r) = &c.reference {
        out += &format!("{}: {r}\n", Label::Reference.text(lang));
    }
    out
}

pub fn render(
    r: &Results,
    u: &UnitResult,
    scheme: &Scheme,
    data: &Dataset,
    code: &str,
    lang: Lang,
) -> Option<String> {
    let i = *scheme.by_code.get(code)?;
    let c = &scheme.nodes[i];
    let n = &u.nodes[i];
    let mut out = header(c, u, lang);
    if !c.is_leaf() {
        out += &format!("\n{}:\n", Label::Children.text(lang));
        out += &format!(
            "  {:<8} {:>6} {:>9} {:>9}  {}\n",
            Label::Code.text(lang),
            Label::Max.text(lang),
            Label::SelfScore.text(lang),
            Label::FinalScore.text(lang),
            Label::Criterion.text(lang)
        );
        for &ch in &c.children {
            let cc = &scheme.nodes[ch];
            let cn = &u.nodes[ch];
            out += &format!(
                "  {:<8} {:>6} {:>9} {:>9}  {}\n",
                cc.code,
                num::fmt(cc.max, lang),
                num::fmt(cn.self_.points, lang),
                num::fmt(cn.final_.points, lang),
                cc.title
            );
        }
        out += &format!(
            "\n{}: {} {} · {} {} · {} {}\n",
            Label::Result.text(lang),
            Label::SelfScore.text(lang).to_lowercase(),
            num::fmt(n.self_.points, lang),
            Label::FinalScore.text(lang).to_lowercase(),
            num::fmt(n.final_.points, lang),
            Label::ApplicableMax.text(lang).to_lowercase(),
            num::fmt(n.final_.applicable_max, lang),
        );
        return Some(out);
    }
    let trace: &LeafTrace = n.trace.as_deref()?;
    match c.method.as_ref() {
        Some(Method::Choice(options)) => {
            out += &format!("{}:\n", Label::Options.text(lang));
            for o in options {
                out += &format!("    \"{}\" → {}\n", o.label, num::fmt(o.points, lang));
            }
        }
        Some(Method::Bands { value, bands }) => {
            if let Some(e) = value {
                out += &format!("{}: {}\n", Label::Expression.text(lang), e.text);
            }
            for (k, b) in bands.iter().enumerate() {
                out += &format!(
                    "    {} {}: {}\n",
                    Label::Band.text(lang),
                    k + 1,
                    band_text(b, lang)
                );
            }
        }
        Some(Method::Formula { formula, value }) => {
            if let Some(v) = value {
                out += &format!("{}: value = {}\n", Label::Expression.text(lang), v.text);
            }
            out += &format!("{}: {}\n", Label::Expression.text(lang), formula.text)
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
        out += &format!("{} ({}):\n", Label::Subordinates.text(lang), subs.len());
        for s in subs {
            let ix = s
                .final_
                .index
                .map(|i| num::fmt_fixed(i, r.index_decimals, lang))
                .unwrap_or_else(|| "—".into());
            out += &format!(
                "    {:<14} {:>6}  {:<11} {}\n",
                s.code,
                ix,
                s.final_.rating.as_deref().unwrap_or("—"),
                s.name
            );
        }
    }
    out += "\n";
    out += &side_lines(c, &trace.self_, Label::SelfScore, lang);
    out += &side_lines(c, &trace.final_, Label::FinalScore, lang);
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
            Some(format!("    {}\n", msg.text(lang)))
        })
        .collect();
    if !by_period.is_empty() {
        out += &format!("{}:\n{}", Label::DataPeriods.text(lang), by_period.concat());
    }
    if !trace.adjustments.is_empty() {
        out += &format!("\n{}:\n", Label::Adjustments.text(lang));
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
            out += &format!(
                "    {} {}{by}: {what} — \"{}\"\n",
                Label::Round.text(lang),
                a.round,
                a.reason
            );
        }
    }
    if let Some(e) = &c.evidence {
        out += &format!("\n{}: {e}\n", Label::Evidence.text(lang));
    }
    if !trace.evidence.is_empty() {
        out += &format!("{}:\n", Label::EvidenceGiven.text(lang));
        for e in &trace.evidence {
            out += &format!("    - {e}\n");
        }
    }
    if !trace.attachments.is_empty() {
        let heading = Msg::Evidence(EvidenceMsg::Attachments).text(lang);
        out += &format!("{heading}:\n");
        for a in &trace.attachments {
            let listed = EvidenceMsg::Listed {
                title: a.title.clone(),
                file: a.file.clone(),
                size: a.size,
            };
            out += &format!("    - {}\n", Msg::Evidence(listed).text(lang));
        }
    }
    if let Some(note) = &trace.note {
        out += &format!("{}: {note}\n", Label::Note.text(lang));
    }
    if let Some(x) = &trace.explanation {
        out += &format!("{}: {x}\n", Label::Explanation.text(lang));
    }
    let diff = n.difference();
    out += &format!(
        "\n{}: {} {} · {} {}{}\n",
        Label::Result.text(lang),
        Label::SelfScore.text(lang).to_lowercase(),
        if n.self_.na {
            Label::NotApplicable.text(lang).to_string()
        } else {
            num::fmt(n.self_.points, lang)
        },
        Label::FinalScore.text(lang).to_lowercase(),
        if n.final_.na {
            Label::NotApplicable.text(lang).to_string()
        } else {
            num::fmt(n.final_.points, lang)
        },
        if diff.is_zero() {
            String::new()
        } else {
            format!(
                " ({} {})",
                Label::Difference.text(lang).to_lowercase(),
                signed(diff, lang)
            )
        },
    );
    for d in u
        .diagnostics
        .iter()
        .filter(|d| d.criterion.as_deref() == Some(code))
    {
        out += &format!("[{}] {}\n", d.code.id(), d.message.text(lang));
    }
    Some(out)
}
