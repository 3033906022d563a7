//! The council's worklist (`chiso review`): everything a council member must
//! look at, with how much each item can move the unit's index.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::diagnostic::Code;
use crate::i18n::Msg;
use crate::load::appendix::compare_codes;
use crate::model::{AnswerValue, Block, Criterion, Kind, Scheme, Workspace};
use crate::num;
use crate::results::{Decision, Results, UnitResult};

/// What needs looking at. The order is the tie-break between equal impacts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Finding {
    /// A unit explained itself after round 1 and no round has decided since.
    AwaitingDecision,
    /// The same answer was appraised differently in different units.
    Inconsistent,
    /// Figures reported by the unit that contradict the official data.
    Discrepancy,
    /// Points claimed without the required evidence.
    MissingEvidence,
    /// "Không phát sinh" claimed: the leaf leaves the applicable max.
    NotApplicableClaim,
    Unanswered,
    /// An adjusted leaf: self and final points differ.
    Gap,
}

impl Finding {
    pub const ALL: [Finding; 7] = [
        Finding::AwaitingDecision,
        Finding::Inconsistent,
        Finding::Discrepancy,
        Finding::MissingEvidence,
        Finding::NotApplicableClaim,
        Finding::Unanswered,
        Finding::Gap,
    ];

    /// Stable, for JSON and scripts.
    pub fn slug(self) -> &'static str {
        match self {
            Finding::AwaitingDecision => "awaiting-decision",
            Finding::Inconsistent => "inconsistent",
            Finding::Discrepancy => "discrepancy",
            Finding::MissingEvidence => "missing-evidence",
            Finding::NotApplicableClaim => "na-claim",
            Finding::Unanswered => "unanswered",
            Finding::Gap => "gap",
        }
    }
}

/// One unit's part in an [`Finding::Inconsistent`] item.
#[derive(Debug, Clone, PartialEq)]
pub struct Peer {
    pub unit: String,
    pub final_points: Decimal,
    pub reason: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Item {
    pub finding: Finding,
    pub unit: String,
    pub unit_name: String,
    pub criterion: String,
    pub title: String,
    pub max: Decimal,
    pub self_points: Decimal,
    pub final_points: Decimal,
    /// Index points the item can move (rounded like the index).
    pub impact: Decimal,
    /// What the council reads: the unit's explanation, the appraisal's reason,
    /// the required evidence, the contradicting figures.
    pub detail: Option<String>,
    /// A finding of the evaluation, in the message catalog.
    pub message: Option<Msg>,
    /// For inconsistent decisions: every unit with the same answer.
    pub peers: Vec<Peer>,
}

impl Item {
    fn new(finding: Finding, u: &UnitResult, leaf: &Criterion, i: usize, impact: Decimal) -> Item {
        let n = &u.nodes[i];
        Item {
            finding,
            unit: u.code.clone(),
            unit_name: u.name.clone(),
            criterion: leaf.code.clone(),
            title: leaf.title.clone(),
            max: leaf.max,
            self_points: n.self_.points,
            final_points: n.final_.points,
            impact,
            detail: None,
            message: None,
            peers: Vec::new(),
        }
    }
}

/// Index points that `points` of a unit with this final side are worth.
fn worth(points: Decimal, u: &UnitResult) -> Decimal {
    let a = u.final_.applicable_max;
    if a.is_zero() {
        return Decimal::ZERO;
    }
    points
        .abs()
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|x| x.checked_div(a))
        .unwrap_or(Decimal::ONE_HUNDRED)
        .min(Decimal::ONE_HUNDRED)
}

/// How much the index falls if a N/A claim of `max` is refused and scored 0:
/// index × max / (applicable max + max).
fn na_worth(max: Decimal, u: &UnitResult) -> Decimal {
    let a = u.final_.applicable_max;
    let index = u.final_.index.unwrap_or_default();
    (index * max)
        .checked_div(a + max)
        .unwrap_or_default()
        .min(Decimal::ONE_HUNDRED)
}

fn root_kind(scheme: &Scheme, mut i: usize) -> Kind {
    while let Some(p) = scheme.nodes[i].parent {
        i = p;
    }
    scheme.nodes[i].kind
}

/// The council's worklist for a year, or for one unit.
#[derive(Debug, Clone)]
pub struct Worklist {
    pub year: i64,
    pub unit: Option<String>,
    /// The block the worklist is restricted to (its name), if any.
    pub block: Option<String>,
    /// Impacts are index points, rounded like the index.
    pub index_decimals: u32,
    /// Most important first.
    pub items: Vec<Item>,
}

pub fn review(ws: &Workspace, results: &Results, only: Option<&str>) -> Worklist {
    Worklist {
        year: results.year,
        unit: only.map(str::to_string),
        block: None,
        index_decimals: results.index_decimals,
        items: items(ws, results, only),
    }
}

impl Worklist {
    /// Keeps the items of these findings (every finding when empty) and,
    /// with `block`, of the units of that block (the title names it).
    pub fn retain(&mut self, ws: &Workspace, findings: &[Finding], block: Option<&Block>) {
        self.items.retain(|item| {
            (findings.is_empty() || findings.contains(&item.finding))
                && block.is_none_or(|b| ws.unit(&item.unit).is_some_and(|u| u.block == b.id))
        });
        if let Some(b) = block {
            self.block = Some(b.name.clone());
        }
    }
}

fn items(ws: &Workspace, results: &Results, only: Option<&str>) -> Vec<Item> {
    let decimals = results.index_decimals;
    let mut items = Vec::new();
    for u in &results.units {
        if only.is_some_and(|o| o != u.code) {
            continue;
        }
        let Some(scheme) = ws.unit(&u.code).and_then(|x| ws.scheme_of(x)) else {
            continue;
        };
        let entries = ws.self_assessments.get(&u.code).map(|s| &s.entries);
        for (i, leaf) in scheme.leaves() {
            let n = &u.nodes[i];
            let entry = entries.and_then(|e| e.get(i));
            let item = |finding, impact: Decimal, detail: Option<String>| Item {
                detail,
                ..Item::new(finding, u, leaf, i, num::round(impact, decimals))
            };
            let gap = worth(n.final_.points - n.self_.points, u);
            let diagnostic = |code: Code| {
                u.diagnostics
                    .iter()
                    .find(|d| d.code == code && d.criterion.as_deref() == Some(&leaf.code))
            };
            if n.decision == Decision::Unanswered {
                items.push(item(Finding::Unanswered, worth(leaf.max, u), None));
            }
            if diagnostic(Code::MissingEvidence).is_some() {
                items.push(item(
                    Finding::MissingEvidence,
                    worth(n.self_.points, u),
                    leaf.evidence.clone(),
                ));
            }
            if entry.is_some_and(|e| {
                matches!(
                    e.answer.as_ref().map(|a| &a.value),
                    Some(AnswerValue::NotApplicable)
                )
            }) {
                let impact = if root_kind(scheme, i) == Kind::Ordinary {
                    na_worth(leaf.max, u)
                } else {
                    Decimal::ZERO
                };
                items.push(item(
                    Finding::NotApplicableClaim,
                    impact,
                    entry.and_then(|e| e.note.as_deref().map(str::to_string)),
                ));
            }
            if let Some(d) = diagnostic(Code::Discrepancy) {
                items.push(Item {
                    message: Some(d.message.clone()),
                    ..item(Finding::Discrepancy, gap, None)
                });
            }
            if n.awaiting_decision {
                items.push(item(
                    Finding::AwaitingDecision,
                    gap,
                    entry.and_then(|e| e.explanation.as_deref().map(str::to_string)),
                ));
            } else if matches!(
                n.decision,
                Decision::Adjusted { .. } | Decision::NotAccepted { .. }
            ) && !gap.is_zero()
            {
                items.push(item(Finding::Gap, gap, n.reason.clone()));
            }
        }
    }
    items.extend(inconsistent(ws, results, only));
    items.sort_by(|a, b| {
        b.impact
            .cmp(&a.impact)
            .then(a.finding.cmp(&b.finding))
            .then_with(|| a.unit.cmp(&b.unit))
            .then_with(|| compare_codes(&a.criterion, &b.criterion))
    });
    items
}

/// The same self answer on the same criterion, adjusted to different final
/// points in different units.
fn inconsistent(ws: &Workspace, results: &Results, only: Option<&str>) -> Vec<Item> {
    // (appendix, criterion, answer): codes mean different things in different appendices.
    type Key = (String, String, String);
    let mut groups: BTreeMap<Key, Vec<(&UnitResult, &Criterion, usize)>> = BTreeMap::new();
    for u in &results.units {
        let Some(scheme) = ws.unit(&u.code).and_then(|x| ws.scheme_of(x)) else {
            continue;
        };
        let Some(own) = ws.self_assessments.get(&u.code) else {
            continue;
        };
        for (i, leaf) in scheme.leaves() {
            let Some(answer) = own.entries.get(i).and_then(|e| e.answer.as_ref()) else {
                continue;
            };
            let key = match &answer.value {
                AnswerValue::Points(p) => format!("points {}", p.normalize()),
                AnswerValue::Yes(y) => format!("yes {y}"),
                AnswerValue::Choice(c) => format!("choice {c}"),
                AnswerValue::NotApplicable => "na".to_string(),
            };
            groups
                .entry((leaf.appendix.clone(), leaf.code.clone(), key))
                .or_default()
                .push((u, leaf, i));
        }
    }
    let mut items = Vec::new();
    for mut members in groups.into_values() {
        // Only the council's own decisions are compared: a claim left as it
        // was is not a decision on the same situation.
        members.retain(|(u, _, i)| matches!(u.nodes[*i].decision, Decision::Adjusted { .. }));
        let points: Vec<Decimal> = members
            .iter()
            .map(|(u, _, i)| u.nodes[*i].final_.points)
            .collect();
        let (Some(lo), Some(hi)) = (points.iter().min(), points.iter().max()) else {
            continue;
        };
        if lo == hi {
            continue;
        }
        if only.is_some_and(|o| !members.iter().any(|(u, _, _)| u.code == o)) {
            continue;
        }
        let mut peers: Vec<Peer> = members
            .iter()
            .map(|(u, _, i)| Peer {
                unit: u.code.clone(),
                final_points: u.nodes[*i].final_.points,
                reason: u.nodes[*i].reason.clone(),
            })
            .collect();
        peers.sort_by(|a, b| {
            a.final_points
                .cmp(&b.final_points)
                .then_with(|| a.unit.cmp(&b.unit))
        });
        // The item belongs to the unit whose index the spread moves most.
        let Some((u, leaf, i)) = members
            .iter()
            .max_by(|a, b| {
                worth(hi - lo, a.0)
                    .cmp(&worth(hi - lo, b.0))
                    .then_with(|| b.0.code.cmp(&a.0.code))
            })
            .copied()
        else {
            continue;
        };
        items.push(Item {
            peers,
            ..Item::new(
                Finding::Inconsistent,
                u,
                leaf,
                i,
                num::round(worth(hi - lo, u), results.index_decimals),
            )
        });
    }
    items
}
