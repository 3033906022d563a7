//! `chiso test`: each case ok or failed; for a failure, what differs and how
//! the engine got its value (the explain trace, or the score sheet for totals).

use serde_json::json;

use crate::i18n::{Label, Lang, TestSay};
use crate::model::Scheme;
use crate::num;
use crate::results::{Num, UnitResult};
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
        Checked::SubordinateRank(name) => {
            format!("{} {name}", Label::Rank.text(lang).to_lowercase())
        }
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
                // A case's figures are its own, not a dataset's by period.
                Checked::Points(code) => {
                    let no_periods = crate::model::Dataset::default();
                    super::explain::render(results, u, scheme, &no_periods, code, lang)
                }
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

fn value_json(v: &Value) -> serde_json::Value {
    match v {
        Value::Number(d) => serde_json::to_value(Num(*d)).unwrap_or_default(),
        Value::Text(t) => json!(t),
        Value::Nothing => serde_json::Value::Null,
    }
}

/// The same report for scripts: every case with its status and mismatches,
/// and the diagnostics of the criteria and test files.
pub fn json(suite: &Suite, outcomes: &[Outcome], lang: Lang) -> String {
    let mut counts = [0usize; 3];
    let cases: Vec<serde_json::Value> = outcomes
        .iter()
        .map(|o| {
            let case = &suite.cases[o.case];
            let (status, mismatches) = match &o.status {
                Status::Passed => ("passed", &[][..]),
                Status::Failed(m, _) => ("failed", &m[..]),
                Status::Invalid => ("invalid", &[][..]),
            };
            counts[match status {
                "passed" => 0,
                "failed" => 1,
                _ => 2,
            }] += 1;
            let at = case
                .unit
                .location
                .file
                .line_col(case.unit.location.span.start);
            json!({
                "file": case.file.name,
                "line": at.line,
                "name": case.name,
                "status": status,
                "mismatches": mismatches.iter().map(|m| {
                    let lc = m.location.file.line_col(m.location.span.start);
                    let (check, criterion) = match &m.checked {
                        Checked::Points(code) => ("points", Some(code.as_str())),
                        Checked::Total => ("total", None),
                        Checked::Index => ("index", None),
                        Checked::Rating => ("rating", None),
                        Checked::ApplicableMax => ("applicable_max", None),
                        Checked::SubordinateRank(name) => ("subordinate_rank", Some(name.as_str())),
                    };
                    json!({
                        "check": check,
                        "criterion": criterion,
                        "expected": value_json(&m.expected),
                        "actual": value_json(&m.actual),
                        "line": lc.line,
                        "column": lc.column,
                    })
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    let v = json!({
        "year": suite.workspace.year,
        "passed": counts[0],
        "failed": counts[1],
        "invalid": counts[2],
        "cases": cases,
        "diagnostics": suite
            .workspace
            .diagnostics
            .items
            .iter()
            .map(|d| d.to_json(lang))
            .collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
}
