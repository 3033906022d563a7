//! Evaluation (docs/format.md, Computation): validated model → results. Units are scored
//! subordinates first, each level of the parent forest in parallel.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use rust_decimal::Decimal;

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::expr::{ExprFailure, Outcome, SubordinateSummary};
use crate::hierarchy::levels;
use crate::i18n::Msg;
use crate::model::{
    Adjustment, AnswerValue, Appraisal, AssessedBy, CheckLevel, Criterion, EvidencePolicy, Fact,
    FactKind, Facts, Input, InputSource, Kind, Method, RankedWithin, Regulation, Ruling, Scheme,
    SelfAssessment, SelfEntry, Unit, Workspace,
};
use crate::num;
use crate::results::{
    Decision, FactOrigin, FactTrace, LeafTrace, NodeResult, NodeSide, Results, Side, SideTrace,
    Summary, UnitResult,
};

/// Options of one evaluation run.
#[derive(Debug, Default, Clone)]
pub struct Options {
    /// Keep per-leaf traces for these units (for `explain`, `show` and the
    /// failing cases of `chiso test`).
    pub trace_units: HashSet<String>,
    /// Keep only the areas' (top-level nodes') results, all that score tables
    /// and the JSON show: a national run then holds a tenth of the results.
    pub areas_only: bool,
}

/// Where the units' answers come from while they are scored.
pub trait AnswerSource: Sync {
    fn with_answers<R>(
        &self,
        unit: &Unit,
        score: impl FnOnce(Option<&SelfAssessment>, Option<&Appraisal>) -> R,
    ) -> R;
}

/// A workspace loaded whole.
impl AnswerSource for Workspace {
    fn with_answers<R>(
        &self,
        unit: &Unit,
        score: impl FnOnce(Option<&SelfAssessment>, Option<&Appraisal>) -> R,
    ) -> R {
        score(
            self.self_assessments.get(&unit.code),
            self.appraisals.get(&unit.code),
        )
    }
}

pub fn evaluate(ws: &Workspace, options: &Options) -> Option<Results> {
    evaluate_with(ws, options, ws)
}

/// Scores a workspace whose units' answers come from `answers` (see
/// `pipeline::load_and_evaluate`, which reads them while scoring).
pub fn evaluate_with(
    ws: &Workspace,
    options: &Options,
    answers: &impl AnswerSource,
) -> Option<Results> {
    let reg = ws.regulation.as_ref()?;
    let mut results: Vec<Option<UnitResult>> = (0..ws.units.len()).map(|_| None).collect();
    let children: HashMap<&str, Vec<usize>> =
        ws.units
            .iter()
            .enumerate()
            .fold(HashMap::new(), |mut m, (i, u)| {
                if let Some(p) = &u.parent {
                    m.entry(p.as_str()).or_default().push(i);
                }
                m
            });
    for level in levels(&ws.units) {
        // `map`, not `filter_map`: a collection of known length is filled in
        // place, where a filtered one is gathered in pieces and copied.
        let done: Vec<Option<UnitResult>> = level
            .par_iter()
            .map(|&i| {
                let unit = &ws.units[i];
                let scheme = ws.scheme_of(unit)?;
                let listed = children
                    .get(unit.code.as_str())
                    .map(Vec::as_slice)
                    .unwrap_or(&[]);
                let own_data = ws.data.facts.get(&unit.code);
                // Without listed subordinates, their results may be stated as data.
                let stated = listed.is_empty()
                    && own_data.is_some_and(|d| d.contains_key(crate::model::STATED_COUNT));
                let subs = if stated {
                    stated_summary(reg, own_data)
                } else {
                    summarize(ws, reg, listed, &results)
                };
                let no_subordinates = listed.is_empty() && !stated;
                let trace = options.trace_units.contains(&unit.code);
                Some(answers.with_answers(unit, |own, appraisal| {
                    let unit_answers = UnitAnswers { own, appraisal };
                    crate::expr::with_summary(&subs, || {
                        let mut result = evaluate_unit(
                            ws,
                            reg,
                            unit,
                            scheme,
                            unit_answers,
                            trace,
                            options.areas_only,
                        );
                        if no_subordinates {
                            warn_no_subordinates(unit, scheme, &mut result);
                        }
                        result
                    })
                }))
            })
            .collect();
        for (&i, r) in level.iter().zip(done) {
            results[i] = r;
        }
    }
    // Sized up front: a flattened iterator has no length, and a national
    // run's results would be copied each time a growing vector doubled.
    let mut units: Vec<UnitResult> = Vec::with_capacity(results.len());
    units.extend(results.into_iter().flatten());
    rank(reg, &mut units);
    let block_order: HashMap<&str, usize> = reg
        .blocks
        .iter()
        .enumerate()
        .map(|(i, b)| (b.id.as_str(), i))
        .collect();
    let groups: Vec<&str> = units.iter().map(|u| ranking_group(reg, u)).collect();
    // Keys are gathered and sorted, then the results permuted in place:
    // results are large, and a sort comparing them in place would chase two
    // pointers per comparison (a national run's results do not fit in the cache).
    // Unit codes are unique, so the order is total and an unstable sort is exact.
    // Units ranked within their parent are listed parent by parent.
    let mut order: Vec<(usize, &str, u32, &str, usize)> = units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let rank = u.rank.unwrap_or(u32::MAX);
            (
                block_order[u.block.as_str()],
                groups[i],
                rank,
                u.code.as_str(),
                i,
            )
        })
        .collect();
    order.sort_unstable();
    let order: Vec<usize> = order.into_iter().map(|(.., i)| i).collect();
    permute(&mut units, &order);
    let summary = Summary::build(reg, &units);
    Some(Results {
        year: ws.year,
        regulation: reg.id.clone(),
        ratings: reg.ratings.iter().map(|r| r.label.clone()).collect(),
        index_decimals: reg.index_decimals,
        points_decimals: reg.points_decimals,
        units,
        summary,
    })
}

fn summarize(
    ws: &Workspace,
    reg: &Regulation,
    subordinates: &[usize],
    results: &[Option<UnitResult>],
) -> SubordinateSummary {
    let mut s = SubordinateSummary::default();
    let mut sum = Decimal::ZERO;
    let mut with_index = 0i64;
    // Fact → (sum, subordinates with the figure), for `sub_avg("fact")`.
    let mut facts: HashMap<&str, (Decimal, i64)> = HashMap::new();
    for &i in subordinates {
        let Some(r) = results[i].as_ref() else {
            continue;
        };
        s.count += 1;
        if let Some(label) = &r.final_.rating {
            *s.rated.entry(label.clone()).or_default() += 1;
        }
        if let Some(ix) = r.final_.index {
            sum += ix;
            with_index += 1;
        }
        for (name, f) in ws.data.facts.get(&ws.units[i].code).into_iter().flatten() {
            let e = facts.entry(name.as_str()).or_default();
            e.0 += f.value;
            e.1 += 1;
        }
    }
    if with_index > 0 {
        s.avg_index = num::round(sum / Decimal::from(with_index), reg.index_decimals);
    }
    s.avg_facts = facts
        .into_iter()
        .map(|(name, (sum, n))| {
            let mean = num::round(sum / Decimal::from(n), reg.index_decimals);
            (name.to_string(), mean)
        })
        .collect();
    s
}

/// A stated number of subordinates: a count, whole and not negative by the
/// dataset's type check (`model::stated_subordinate_input`).
fn stated_count(d: Decimal) -> i64 {
    rust_decimal::prelude::ToPrimitive::to_i64(&d.trunc()).unwrap_or(0)
}

/// The subordinates' results as a unit's dataset states them.
fn stated_summary(reg: &Regulation, data: Option<&Facts>) -> SubordinateSummary {
    let mut s = SubordinateSummary::default();
    for (name, f) in data.into_iter().flatten() {
        if name == crate::model::STATED_COUNT {
            s.count = stated_count(f.value);
        } else if name == "sub_avg_index" {
            s.avg_index = num::round(f.value, reg.index_decimals);
        } else if let Some(label) = name.strip_prefix("sub_rated:") {
            s.rated.insert(label.to_string(), stated_count(f.value));
        } else if let Some(fact) = name.strip_prefix("sub_avg:") {
            s.avg_facts.insert(fact.to_string(), f.value);
        }
    }
    s
}

/// W0616: a unit whose criteria read subordinates, with none listed and none
/// stated in the data (its joint-responsibility criteria become not applicable).
fn warn_no_subordinates(unit: &Unit, scheme: &Scheme, result: &mut UnitResult) {
    let codes: Vec<String> = scheme
        .leaves()
        .filter(|(_, c)| {
            c.inputs
                .iter()
                .any(|i| i.source == InputSource::Subordinates)
        })
        .map(|(_, c)| c.code.clone())
        .collect();
    if !codes.is_empty() {
        result.diagnostics.push(
            Diagnostic::new(Code::NoSubordinates, Msg::NoSubordinates(codes))
                .unit(&unit.code)
                .at_location(Some(&unit.location))
                .hint(Msg::NoSubordinatesHint),
        );
    }
}

/// Puts `items[order[k]]` at position `k`, in place: each cycle of the
/// permutation is followed once, by swaps, and no second copy of a national
/// run's results is made.
fn permute<T>(items: &mut [T], order: &[usize]) {
    let mut placed = vec![false; items.len()];
    for start in 0..items.len() {
        let mut k = start;
        while !placed[k] {
            placed[k] = true;
            let from = order[k];
            if from == start {
                break;
            }
            items.swap(k, from);
            k = from;
        }
    }
}

/// The group a unit is ranked in within its block: its parent's code when the
/// block is ranked within the parent (`ranked_within = "parent"`), else "".
pub fn ranking_group<'u>(reg: &Regulation, u: &'u UnitResult) -> &'u str {
    match reg.block(&u.block).map(|b| b.ranked_within) {
        Some(RankedWithin::Parent) => u.parent.as_deref().unwrap_or(""),
        _ => "",
    }
}

/// Competition ranking by final index within each block, or within
/// each parent of a block ranked within the parent.
fn rank(reg: &Regulation, units: &mut [UnitResult]) {
    // Per (block, group): (index, code, position), sorted on the keys alone
    // (see `evaluate_with`).
    type Ranked<'a> = Vec<(Decimal, &'a str, usize)>;
    let mut by_block: HashMap<(&str, &str), Ranked<'_>> = HashMap::new();
    for (i, u) in units.iter().enumerate() {
        if let Some(ix) = u.final_.index {
            by_block
                .entry((u.block.as_str(), ranking_group(reg, u)))
                .or_default()
                .push((ix, u.code.as_str(), i));
        }
    }
    let mut ranks: Vec<(usize, u32)> = Vec::with_capacity(units.len());
    for mut ranked in by_block.into_values() {
        // Highest index first; equal indices by code.
        ranked.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        let mut prev: Option<(Decimal, u32)> = None;
        for (pos, &(ix, _, i)) in ranked.iter().enumerate() {
            let r = match prev {
                Some((p, r)) if p == ix => r,
                _ => pos as u32 + 1,
            };
            ranks.push((i, r));
            prev = Some((ix, r));
        }
    }
    for (i, r) in ranks {
        units[i].rank = Some(r);
    }
}

/// Everything one side (self or final) of a leaf is computed from.
struct SideInput<'a> {
    answer: Option<&'a AnswerValue>,
    facts: Vec<SideFact<'a>>,
    decision: Decision,
}

impl SideInput<'_> {
    /// The same answer and the same fact values (origins may differ).
    fn same_values(&self, other: &SideInput<'_>) -> bool {
        self.answer == other.answer
            && self.facts.len() == other.facts.len()
            && self
                .facts
                .iter()
                .zip(&other.facts)
                .all(|(a, b)| a.value == b.value)
    }
}

/// One input of a computed leaf, as one side sees it.
#[derive(Clone, Copy)]
struct SideFact<'a> {
    input: &'a Input,
    value: Option<Decimal>,
    origin: FactOrigin,
    /// The unit's own figure and the dataset's, looked up once for both sides.
    own: Option<&'a Fact>,
    official: Option<&'a Fact>,
    /// Where the value used is written (for cross-checks).
    at: Option<&'a Location>,
}

/// A unit's self-assessment and appraisal, if any.
#[derive(Clone, Copy)]
struct UnitAnswers<'a> {
    own: Option<&'a SelfAssessment>,
    appraisal: Option<&'a Appraisal>,
}

fn evaluate_unit(
    ws: &Workspace,
    reg: &Regulation,
    unit: &Unit,
    scheme: &Scheme,
    answers: UnitAnswers<'_>,
    trace: bool,
    areas_only: bool,
) -> UnitResult {
    let UnitAnswers { own, appraisal } = answers;
    let data = ws.data.facts.get(&unit.code);
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let mut nodes: Vec<NodeResult> = Vec::with_capacity(scheme.nodes.len());
    // Answers by node, placed once rather than searched for per leaf.
    let mut entries: Vec<Option<&SelfEntry>> = vec![None; scheme.nodes.len()];
    for e in own.iter().flat_map(|s| s.entries.iter()) {
        entries[e.node] = Some(e);
    }
    let mut winners: Vec<Option<&Adjustment>> = vec![None; scheme.nodes.len()];
    for a in appraisal.iter().flat_map(|a| &a.adjustments) {
        winners[a.node] = winning(winners[a.node], a);
    }

    for (i, leaf) in scheme.nodes.iter().enumerate() {
        if !leaf.is_leaf() {
            nodes.push(NodeResult::default());
            continue;
        }
        let entry = entries[i];
        let winner = winners[i];
        // A rejection (`accept = false`) keeps an earlier round's answer.
        let kept = winner
            .filter(|w| w.ruling == Ruling::Reject)
            .and_then(|w| appraisal.and_then(|a| a.kept_by(w)));
        let self_in = self_side(leaf, entry, data);
        // Only an adjustment or the dataset makes the final side differ from
        // the self side: most leaves need no copy of it (a trace shows both).
        let final_in =
            (trace || winner.is_some() || self_in.facts.iter().any(|f| f.official.is_some()))
                .then(|| final_side(&self_in, winner, kept));
        // Every warning of this leaf names the leaf, and leaf codes are unique in
        // a tree: repeats are looked for among this leaf's few warnings only, so
        // a tree of many leaves costs time in proportion to its leaves.
        let leaf_start = diagnostics.len();
        let mut warn = |d: Diagnostic| {
            // Without a self-assessment every leaf is unanswered: the unit's one
            // missing-self-assessment warning says so (a new year would list
            // thousands of these).
            if own.is_none() && d.code == Code::Unanswered {
                return;
            }
            // The unit does not answer what the council scores: nothing is
            // missing on its side until the council decides.
            let unanswered = matches!(d.code, Code::Unanswered | Code::MissingInput);
            if unanswered && leaf.assessed_by == AssessedBy::Council {
                return;
            }
            // An answer or fact with an error was reported where it is written.
            if unanswered && entry.is_some_and(|e| e.rejected) {
                return;
            }
            let mut d = d.unit(&unit.code).criterion(&leaf.code);
            if unanswered && d.location.is_none() {
                d.location = entry.map(|e| e.location.clone());
            }
            if !diagnostics[leaf_start..]
                .iter()
                .any(|x| x.code == d.code && x.message == d.message)
            {
                diagnostics.push(d);
            }
        };
        check_inputs(&self_in, &mut warn);
        // Scoring is a function of the answer and the fact values: when the
        // final side has the same ones (most leaves), its points are the self
        // side's, and so would be its warnings (kept once anyway).
        let same_inputs = !trace && final_in.as_ref().is_none_or(|f| self_in.same_values(f));
        let final_decision = final_in.as_ref().map_or(self_in.decision, |f| f.decision);
        let s = score_leaf(reg, leaf, self_in, trace, &mut warn);
        let mut f = match final_in {
            Some(final_in) if !same_inputs => score_leaf(reg, leaf, final_in, trace, &mut warn),
            _ => SideTrace {
                decision: final_decision,
                ..s.clone()
            },
        };
        // Evidence backs a claim, not a deduction the unit reports against
        // itself (zeroing that would spare it the deduction). What the council
        // scores has no unit answer (refused on load).
        if leaf.evidence.is_some()
            && leaf.kind != Kind::Deduction
            && s.points > Decimal::ZERO
            && !leaf.method.as_ref().is_some_and(Method::is_computed)
            && entry.is_some_and(|e| {
                e.evidence.is_empty() && e.attachments.is_empty() && e.explanation.is_none()
            })
        {
            // The council's decision, if any, overrides the policy.
            let zeroed = reg.evidence_policy == EvidencePolicy::Zero
                && matches!(f.decision, Decision::SelfAnswer | Decision::OfficialData);
            warn(
                Diagnostic::new(
                    Code::MissingEvidence,
                    Msg::MissingEvidence(leaf.evidence.clone().unwrap_or_default()),
                )
                .at_location(entry.map(|e| &e.location))
                .hint(if zeroed {
                    Msg::EvidencePolicyZeroed
                } else {
                    Msg::MissingEvidenceHint
                }),
            );
            if zeroed {
                f.points = Decimal::ZERO;
                f.decision = Decision::NoEvidence;
            }
        }
        let decision = f.decision;
        // An explanation the council has not yet answered in a later round.
        let awaiting_decision = entry.is_some_and(|e| e.explanation.is_some())
            && winner.is_some_and(|w| w.ruling == Ruling::Adjust && w.round <= 1);
        let node = NodeResult {
            self_: NodeSide {
                points: s.points,
                applicable_max: if s.na { Decimal::ZERO } else { leaf.max },
                na: s.na,
            },
            final_: NodeSide {
                points: f.points,
                applicable_max: if f.na { Decimal::ZERO } else { leaf.max },
                na: f.na,
            },
            decision,
            awaiting_decision,
            reason: winner.map(|w| w.reason.clone()),
            trace: trace.then(|| {
                Box::new(LeafTrace {
                    self_: s,
                    final_: f,
                    evidence: entry
                        .map(|e| e.evidence.iter().map(|x| x.to_string()).collect())
                        .unwrap_or_default(),
                    attachments: entry
                        .map(|e| e.attachments.iter().map(|(a, _)| a.clone()).collect())
                        .unwrap_or_default(),
                    note: entry.and_then(|e| e.note.as_deref().map(str::to_string)),
                    explanation: entry.and_then(|e| e.explanation.as_deref().map(str::to_string)),
                    adjustments: appraisal
                        .map(|a| a.for_code(&leaf.code).cloned().collect())
                        .unwrap_or_default(),
                })
            }),
        };
        nodes.push(node);
    }

    // Sums, children before parents: nodes are in pre-order, so walk backwards.
    for i in (0..scheme.nodes.len()).rev() {
        let c = &scheme.nodes[i];
        if c.is_leaf() {
            continue;
        }
        let (mut sp, mut sa, mut fp, mut fa) =
            (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
        for &ch in &c.children {
            sp += nodes[ch].self_.points;
            sa += nodes[ch].self_.applicable_max;
            fp += nodes[ch].final_.points;
            fa += nodes[ch].final_.applicable_max;
        }
        if c.kind != Kind::Ordinary {
            // Bonus and deduction nodes cap their children's sum.
            sp = sp.min(c.max);
            fp = fp.min(c.max);
            sa = sa.min(c.max);
            fa = fa.min(c.max);
        }
        nodes[i].self_ = NodeSide {
            points: sp,
            applicable_max: sa,
            na: sa.is_zero() && !c.max.is_zero(),
        };
        nodes[i].final_ = NodeSide {
            points: fp,
            applicable_max: fa,
            na: fa.is_zero() && !c.max.is_zero(),
        };
    }

    let self_ = side(reg, scheme, &nodes, |n| &n.self_);
    let final_ = side(reg, scheme, &nodes, |n| &n.final_);
    if let Some(threshold) = reg.min_applicable_percent
        && final_.index.is_some()
        && final_.applicable_max * Decimal::ONE_HUNDRED < threshold * scheme.max
    {
        diagnostics.push(
            Diagnostic::new(
                Code::LowApplicableMax,
                Msg::LowApplicableMax {
                    applicable: final_.applicable_max,
                    max: scheme.max,
                    threshold,
                },
            )
            .unit(&unit.code)
            .at_location(Some(&unit.location))
            .hint(Msg::LowApplicableMaxHint),
        );
    }
    for (s, which) in [(&self_, Msg::SideSelf), (&final_, Msg::SideFinal)] {
        if s.index.is_none() {
            diagnostics.push(
                Diagnostic::new(
                    Code::ZeroApplicableMax,
                    Msg::ZeroApplicableMax(Box::new(which)),
                )
                .unit(&unit.code)
                .at_location(Some(&unit.location)),
            );
        }
    }
    if areas_only {
        nodes = scheme
            .roots
            .iter()
            .map(|&r| std::mem::take(&mut nodes[r]))
            .collect();
    }
    UnitResult {
        code: unit.code.clone(),
        name: unit.name.clone(),
        block: unit.block.clone(),
        parent: unit.parent.clone(),
        appendices: scheme.appendices.clone(),
        max: scheme.max,
        applicable_max: final_.applicable_max,
        self_,
        final_,
        rank: None,
        nodes,
        diagnostics,
    }
}

fn side(
    reg: &Regulation,
    scheme: &Scheme,
    nodes: &[NodeResult],
    pick: impl Fn(&NodeResult) -> &NodeSide,
) -> Side {
    let mut s = Side::default();
    for &r in &scheme.roots {
        let n = pick(&nodes[r]);
        match scheme.nodes[r].kind {
            Kind::Ordinary => {
                s.points += n.points;
                s.applicable_max += n.applicable_max;
            }
            Kind::Bonus => s.bonus += n.points,
            Kind::Deduction => s.deduction += n.points,
        }
    }
    s.total = s.points + s.bonus - s.deduction;
    if !s.applicable_max.is_zero() {
        // Out of range only for absurd maxima; the clamp below bounds it anyway.
        let raw = s
            .total
            .checked_div(s.applicable_max)
            .and_then(|q| q.checked_mul(Decimal::ONE_HUNDRED))
            .unwrap_or(if s.total.is_sign_negative() {
                Decimal::ZERO
            } else {
                Decimal::ONE_HUNDRED
            });
        let index = num::round(
            num::clamp(raw, Decimal::ZERO, Decimal::ONE_HUNDRED),
            reg.index_decimals,
        );
        s.rating = reg.rating_for(index).map(|r| r.label.clone());
        s.index = Some(index);
    }
    s
}

/// The adjustment that decides a leaf: the highest round (docs/format.md, Appraisal).
fn winning<'a>(so_far: Option<&'a Adjustment>, next: &'a Adjustment) -> Option<&'a Adjustment> {
    match so_far {
        Some(a) if a.round > next.round => Some(a),
        _ => Some(next),
    }
}

fn self_side<'a>(
    leaf: &'a Criterion,
    entry: Option<&'a SelfEntry>,
    data: Option<&'a Facts>,
) -> SideInput<'a> {
    let facts = leaf
        .fact_inputs()
        .map(|i| {
            let own = entry.and_then(|e| e.facts.get(&i.name));
            let official = data.and_then(|d| d.get(&i.name));
            let (value, origin) = match (own, official) {
                (Some(f), _) => (Some(f.value), FactOrigin::SelfReported),
                (None, Some(f)) => (Some(f.value), FactOrigin::Data),
                (None, None) => (None, FactOrigin::Missing),
            };
            SideFact {
                input: i,
                value,
                origin,
                own,
                official,
                at: own.or(official).map(|f| &f.location),
            }
        })
        .collect();
    SideInput {
        answer: entry.and_then(|e| e.answer.as_ref()).map(|a| &a.value),
        facts,
        decision: match entry {
            // The unit's entry holds at most an explanation (answers are refused on load).
            _ if leaf.assessed_by == AssessedBy::Council => Decision::Council,
            Some(_) => Decision::SelfAnswer,
            None if leaf.method.as_ref().is_some_and(Method::is_computed) => Decision::FromData,
            None => Decision::Unanswered,
        },
    }
}

/// The final side starts from the self side (docs/format.md, Computation 1–2). `kept` is the
/// earlier adjustment a rejecting winner keeps.
fn final_side<'a>(
    self_side: &SideInput<'a>,
    winner: Option<&'a Adjustment>,
    kept: Option<&'a Adjustment>,
) -> SideInput<'a> {
    let mut side = SideInput {
        answer: self_side.answer,
        facts: self_side.facts.clone(),
        decision: self_side.decision,
    };
    // The adjustment whose answer and facts apply, if any.
    let mut adjusted = None;
    if let Some(a) = winner {
        match a.ruling {
            Ruling::Accept => side.decision = Decision::Accepted { round: a.round },
            Ruling::Adjust => {
                side.decision = Decision::Adjusted { round: a.round };
                adjusted = Some(a);
            }
            Ruling::Reject => {
                side.decision = Decision::NotAccepted {
                    round: a.round,
                    kept: kept.map_or(0, |k| k.round),
                };
                adjusted = kept.filter(|k| k.ruling == Ruling::Adjust);
            }
        }
    }
    if let Some(answer) = adjusted.and_then(|a| a.answer.as_ref()) {
        side.answer = Some(&answer.value);
    }
    // Final facts: appraisal over dataset over self (docs/format.md, Computation 1).
    for f in &mut side.facts {
        let name = f.input.name.as_str();
        if let Some((v, round)) = adjusted.and_then(|a| a.facts.get(name).map(|v| (v, a.round))) {
            f.value = Some(v.value);
            f.origin = FactOrigin::Appraisal { round };
            f.at = Some(&v.location);
        } else if let Some(v) = f.official {
            f.at = Some(&v.location);
            if f.origin == FactOrigin::SelfReported
                && f.value != Some(v.value)
                && side.decision == Decision::SelfAnswer
            {
                side.decision = Decision::OfficialData;
            }
            f.value = Some(v.value);
            f.origin = FactOrigin::Data;
        }
    }
    side
}

/// Data inputs reported by the unit that contradict the official dataset.
fn check_inputs(self_side: &SideInput<'_>, warn: &mut impl FnMut(Diagnostic)) {
    for f in &self_side.facts {
        let i = f.input;
        if i.source == InputSource::Data
            && let (Some(own), Some(official)) = (f.own, f.official)
            && own.value != official.value
        {
            warn(
                Diagnostic::new(
                    Code::Discrepancy,
                    Msg::Discrepancy {
                        fact: i.name.clone(),
                        reported: own.value,
                        official: official.value,
                    },
                )
                .at_location(Some(&own.location))
                .hint(Msg::DiscrepancyHint(official.location.file.name.clone())),
            );
        }
    }
}

/// Scores one side of a leaf; the trace names its facts only when `trace` is set.
fn score_leaf(
    reg: &Regulation,
    leaf: &Criterion,
    input: SideInput<'_>,
    trace: bool,
    warn: &mut impl FnMut(Diagnostic),
) -> SideTrace {
    let method = leaf.method.as_ref().expect("leaves have methods");
    let mut t = SideTrace {
        decision: input.decision,
        answer: input.answer.cloned(),
        facts: if trace {
            input
                .facts
                .iter()
                .map(|f| FactTrace {
                    name: f.input.name.clone(),
                    label: f.input.label.clone(),
                    value: f.value,
                    origin: f.origin,
                })
                .collect()
        } else {
            Vec::new()
        },
        ..Default::default()
    };
    if let Some(AnswerValue::NotApplicable) = input.answer {
        t.na = true;
        return t;
    }
    match method {
        Method::Manual | Method::YesNo | Method::Choice(_) => {
            t.points = match (method, input.answer) {
                (Method::Manual, Some(AnswerValue::Points(p))) => *p,
                (Method::YesNo, Some(AnswerValue::Yes(y))) => {
                    if *y {
                        leaf.max
                    } else {
                        Decimal::ZERO
                    }
                }
                (Method::Choice(options), Some(AnswerValue::Choice(i))) => options[*i].points,
                _ => {
                    warn(Diagnostic::new(
                        Code::Unanswered,
                        Msg::Unanswered(leaf.title.clone()),
                    ));
                    Decimal::ZERO
                }
            };
        }
        Method::Bands { value, bands } => {
            let Some(vars) = fact_values(leaf, &input.facts, warn) else {
                return t;
            };
            let v = match value {
                Some(e) => match e.evaluate(&vars) {
                    Ok(Outcome::Number(v)) => v,
                    Ok(Outcome::NotApplicable) => {
                        t.na = true;
                        return t;
                    }
                    Err(err) => return failed(t, err.failure, &err.location, warn),
                },
                None => vars
                    .iter()
                    .find(|(n, _)| *n != "max")
                    .map(|v| v.1)
                    .unwrap_or_default(),
            };
            // Checks apply to the figures of an applicable leaf.
            if !run_checks(leaf, &input.facts, &vars, &mut t, warn) {
                return t;
            }
            t.value = Some(v);
            if leaf.value_kind == FactKind::Percent && v > Decimal::ONE_HUNDRED {
                warn(
                    Diagnostic::new(
                        Code::RateAbove100,
                        Msg::RateAbove100 {
                            value: num::round(v, 2),
                            values: vars
                                .iter()
                                .filter(|(n, _)| *n != "max")
                                .map(|(n, v)| (n.to_string(), *v))
                                .collect(),
                        },
                    )
                    .at_location(value.as_ref().map(|e| &e.location))
                    .hint(Msg::RateAbove100Hint),
                );
            }
            match bands.iter().position(|b| b.matches(v)) {
                Some(i) => {
                    t.band = Some(i);
                    t.points = bands[i].points;
                }
                None => warn(
                    Diagnostic::new(Code::NoBand, Msg::NoBand(v))
                        .at_location(value.as_ref().map(|e| &e.location)),
                ),
            }
        }
        Method::Formula { formula: e, value } => {
            let Some(mut vars) = fact_values(leaf, &input.facts, warn) else {
                return t;
            };
            if let Some(value) = value {
                match value.evaluate(&vars) {
                    Ok(Outcome::Number(v)) => {
                        t.rate = Some(v);
                        vars.push(("value", v));
                    }
                    Ok(Outcome::NotApplicable) => {
                        t.na = true;
                        return t;
                    }
                    Err(err) => return failed(t, err.failure, &err.location, warn),
                }
            }
            match e.evaluate(&vars) {
                Ok(Outcome::Number(v)) => {
                    if !run_checks(leaf, &input.facts, &vars, &mut t, warn) {
                        return t;
                    }
                    t.value = Some(v);
                    let rounded = num::round(v, reg.points_decimals);
                    let clamped = num::clamp(rounded, Decimal::ZERO, leaf.max);
                    if clamped != rounded {
                        t.clamped = true;
                        warn(
                            Diagnostic::new(
                                Code::Clamped,
                                Msg::Clamped {
                                    value: rounded,
                                    max: leaf.max,
                                },
                            )
                            .at_location(Some(&e.location)),
                        );
                    }
                    t.points = clamped;
                }
                Ok(Outcome::NotApplicable) => t.na = true,
                Err(err) => return failed(t, err.failure, &err.location, warn),
            }
        }
    }
    t
}

/// The leaf's cross-checks on one side's facts. Each violation is reported
/// at the first fact the check reads; an error-level one (or a check that
/// cannot be evaluated) scores the side 0: then `false`.
fn run_checks(
    leaf: &Criterion,
    facts: &[SideFact<'_>],
    vars: &[(&str, Decimal)],
    t: &mut SideTrace,
    warn: &mut impl FnMut(Diagnostic),
) -> bool {
    for check in &leaf.checks {
        match check.rule.evaluate_condition(vars) {
            Ok(Some(true) | None) => {}
            Ok(Some(false)) => {
                let message = Msg::CheckFailed {
                    rule: check.rule.text.clone(),
                    values: check
                        .facts
                        .iter()
                        .filter_map(|f| vars.iter().find(|v| v.0 == f))
                        .map(|(n, v)| (n.to_string(), *v))
                        .collect(),
                };
                let at = check
                    .facts
                    .iter()
                    .find_map(|f| facts.iter().find(|x| &x.input.name == f)?.at);
                let code = match check.level {
                    CheckLevel::Error => Code::CheckFailed,
                    CheckLevel::Warning => Code::CheckWarning,
                };
                warn(
                    Diagnostic::new(code, message.clone())
                        .at_location(at.or(Some(&check.rule.location)))
                        .hint(Msg::CheckHint),
                );
                if check.level == CheckLevel::Error {
                    t.failed_check = Some(message);
                    return false;
                }
            }
            Err(err) => {
                *t = failed(std::mem::take(t), err.failure, &err.location, warn);
                return false;
            }
        }
    }
    true
}

fn failed(
    mut t: SideTrace,
    failure: ExprFailure,
    location: &crate::diagnostic::Location,
    warn: &mut impl FnMut(Diagnostic),
) -> SideTrace {
    warn(
        Diagnostic::new(Code::Evaluation, Msg::ExpressionRuntime(failure.clone()))
            .at_location(Some(location)),
    );
    t.error = Some(failure);
    t
}

/// The variables of a computed leaf, or `None` (with a warning) when a fact is missing.
fn fact_values<'f>(
    leaf: &Criterion,
    facts: &[SideFact<'f>],
    warn: &mut impl FnMut(Diagnostic),
) -> Option<Vec<(&'f str, Decimal)>> {
    let missing: Vec<String> = facts
        .iter()
        .filter(|f| f.value.is_none())
        .map(|f| f.input.name.clone())
        .collect();
    if !missing.is_empty() {
        warn(
            Diagnostic::new(Code::MissingInput, Msg::MissingInput(missing))
                .hint(Msg::MissingInputHint),
        );
        return None;
    }
    let mut vars: Vec<(&str, Decimal)> = facts
        .iter()
        .map(|f| (f.input.name.as_str(), f.value.unwrap_or_default()))
        .collect();
    vars.push(("max", leaf.max));
    Some(vars)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// In place, `permute` gives what picking `items[order[k]]` for each `k` gives.
        #[test]
        fn permute_places_each_item_once(order in (0usize..40).prop_flat_map(|n| {
            Just((0..n).collect::<Vec<usize>>()).prop_shuffle()
        })) {
            let items: Vec<String> = (0..order.len()).map(|i| format!("u{i}")).collect();
            let expected: Vec<String> = order.iter().map(|&i| items[i].clone()).collect();
            let mut permuted = items;
            super::permute(&mut permuted, &order);
            prop_assert_eq!(permuted, expected);
        }
    }
}
