//! `chiso test`: each case ok or failed; for a failure, what differs and how
//! the engine got its value (the explain trace, or the score sheet for totals).

use crate::i18n::{Label, Lang, TestSay};
use crate::model::Scheme;
use crate::num;
use crate::results::UnitResult;
use crate::rules::{Checked, Mismatch, Outcome, Status, Suite, Value};

fn value_text(v: &Value, lang: Lang) -> String {
    match v {
        Value::Number(d) => num::fmt(*d, lang),
        Value::Text(t) => t.clone(),
        Value::Nothing => "—".into(),
    }
}

fn checked_text(c: &Checked, lang: Lang) -> String {
    match c {
        Checked::Points(code) => code.clone(),
        Checked::Total => Label::Total.text(lang).to_lowercase(),
        Checked::Index => Label::Index.text(lang).to_lowercase(),
        Checked::Rating => Label::Rating.text(lang).to_lowercase(),
        Checked::ApplicableMax => Label::ApplicableMax.text(lang).to_lowercase(),
    }
}

fn indent(text: &str, by: &str) -> String {
    text.lines()
        .map(|l| {
            if l.is_empty() {
                format!("{}\n", by.trim_end())
            } else {
                format!("{by}{l}\n")
            }
        })
        .collect()
}

fn mismatch_line(m: &Mismatch, lang: Lang) -> String {
    let at = m.location.file.line_col(m.location.span.start);
    format!(
        "    {}: {} {} · {} {}  ({}:{}:{})\n",
        checked_text(&m.checked, lang),
        TestSay::Expected.text(lang),
        value_text(&m.expected, lang),
        TestSay::Actual.text(lang),
        value_text(&m.actual, lang),
        m.location.file.name,
        at.line,
        at.column,
    )
}

pub fn text(suite: &Suite, outcomes: &[Outcome], lang: Lang) -> String {
    let ws = &suite.workspace;
    let mut out = String::new();
    let mut current_file: Option<&str> = None;
    let (mut passed, mut failed, mut invalid) = (0, 0, 0);
    for o in outcomes {
        let case = &suite.cases[o.case];
        if current_file != Some(case.file.name.as_str()) {
            current_file = Some(case.file.name.as_str());
            out += &format!("{}\n", case.file.name);
        }
        let label = match &o.status {
            Status::Passed => {
                passed += 1;
                TestSay::Ok
            }
            Status::Failed(..) => {
                failed += 1;
                TestSay::Failed
            }
            Status::Invalid => {
                invalid += 1;
                TestSay::Invalid
            }
        };
        out += &format!("  {:<10} {}\n", label.text(lang), case.name);
        let Status::Failed(mismatches, results) = &o.status else {
            continue;
        };
        for m in mismatches {
            out += &mismatch_line(m, lang);
        }
        let (Some(u), Some(scheme)) = (results.unit(&case.unit.code), ws.scheme_of(&case.unit))
        else {
            continue;
        };
        let mut shown_totals = false;
        for m in mismatches {
            let trace = match &m.checked {
                Checked::Points(code) => super::explain::render(results, u, scheme, code, lang),
                _ if !shown_totals => {
                    shown_totals = true;
                    Some(totals(u, scheme, lang))
                }
                _ => None,
            };
            if let Some(t) = trace {
                out += "\n";
                out += &indent(&t, "      │ ");
            }
        }
        out += "\n";
    }
    out += &TestSay::Summary {
        passed,
        failed,
        invalid,
    }
    .text(lang);
    out += "\n";
    out
}

/// How the final total and index came about: each top-level node, then the sums.
fn totals(u: &UnitResult, scheme: &Scheme, lang: Lang) -> String {
    let mut out = String::new();
    for &i in &scheme.roots {
        let (c, n) = (&scheme.nodes[i], &u.nodes[i]);
        out += &format!(
            "{:<6} {:>8} / {:<8} {}\n",
            c.code,
            num::fmt(n.final_.points, lang),
            num::fmt(n.final_.applicable_max, lang),
            c.title
        );
    }
    let f = &u.final_;
    let rows = [
        (Label::Points, num::fmt(f.points, lang)),
        (Label::Bonus, num::fmt(f.bonus, lang)),
        (Label::Deduction, num::fmt(f.deduction, lang)),
        (Label::Total, num::fmt(f.total, lang)),
        (Label::ApplicableMax, num::fmt(f.applicable_max, lang)),
        (
            Label::Index,
            f.index
                .map(|x| num::fmt(x, lang))
                .unwrap_or_else(|| "—".into()),
        ),
        (
            Label::Rating,
            f.rating.clone().unwrap_or_else(|| "—".into()),
        ),
    ];
    for (label, value) in rows {
        out += &format!("{}: {value}\n", label.text(lang));
    }
    out
}
