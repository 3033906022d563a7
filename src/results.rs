//! Results of an evaluation: what renderers read. Nothing here is computed by
//! renderers; the JSON form (SPEC §9) is built here too, so every output
//! format shows the same numbers.

use rust_decimal::Decimal;
use serde_json::{Map, Value, json};

use crate::diagnostic::Diagnostic;
use crate::expr::ExprFailure;
use crate::i18n::Lang;
use crate::model::{Adjustment, AnswerValue, Regulation};
use crate::num;

#[derive(Debug)]
pub struct Results {
    pub year: i64,
    pub regulation: String,
    /// Rating labels, highest first.
    pub ratings: Vec<String>,
    pub index_decimals: u32,
    pub points_decimals: u32,
    /// By block (regulation order), then rank, then code.
    pub units: Vec<UnitResult>,
    pub summary: Summary,
}

#[derive(Debug, Default, Clone, PartialEq)]
pub struct Side {
    pub points: Decimal,
    pub bonus: Decimal,
    pub deduction: Decimal,
    pub total: Decimal,
    pub applicable_max: Decimal,
    /// `None` when the applicable max is zero.
    pub index: Option<Decimal>,
    pub rating: Option<String>,
}

#[derive(Debug)]
pub struct UnitResult {
    pub code: String,
    pub name: String,
    pub block: String,
    pub parent: Option<String>,
    pub appendices: Vec<String>,
    pub max: Decimal,
    pub applicable_max: Decimal,
    pub self_: Side,
    pub final_: Side,
    pub rank: Option<u32>,
    /// One per node of the unit's scheme, same order.
    pub nodes: Vec<NodeResult>,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct NodeSide {
    pub points: Decimal,
    pub applicable_max: Decimal,
    pub na: bool,
}

/// What decided a leaf's final answer.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    #[default]
    Unanswered,
    SelfAnswer,
    Adjusted {
        round: u32,
    },
    Accepted {
        round: u32,
    },
}

impl Decision {
    pub fn round(self) -> Option<u32> {
        match self {
            Decision::Adjusted { round } | Decision::Accepted { round } => Some(round),
            _ => None,
        }
    }
}

#[derive(Debug, Default)]
pub struct NodeResult {
    pub self_: NodeSide,
    pub final_: NodeSide,
    pub decision: Decision,
    /// The reason of the deciding adjustment.
    pub reason: Option<String>,
    pub trace: Option<Box<LeafTrace>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactOrigin {
    SelfReported,
    Data,
    Appraisal { round: u32 },
    Missing,
}

#[derive(Debug, Clone)]
pub struct FactTrace {
    pub name: String,
    pub label: String,
    pub value: Option<Decimal>,
    pub origin: FactOrigin,
}

/// How one side of a leaf got its points.
#[derive(Debug, Default, Clone)]
pub struct SideTrace {
    pub decision: Decision,
    pub answer: Option<AnswerValue>,
    pub facts: Vec<FactTrace>,
    /// The bands' tested value, or the formula's raw result.
    pub value: Option<Decimal>,
    pub band: Option<usize>,
    pub clamped: bool,
    pub na: bool,
    pub points: Decimal,
    pub error: Option<ExprFailure>,
}

#[derive(Debug)]
pub struct LeafTrace {
    pub self_: SideTrace,
    pub final_: SideTrace,
    pub evidence: Vec<String>,
    pub note: Option<String>,
    pub explanation: Option<String>,
    pub adjustments: Vec<Adjustment>,
}

#[derive(Debug, Default)]
pub struct Summary {
    /// Rating label → count, in scale order.
    pub by_rating: Vec<(String, usize)>,
    pub blocks: Vec<BlockSummary>,
}

#[derive(Debug)]
pub struct BlockSummary {
    pub block: String,
    pub name: String,
    pub units: usize,
    pub average_index: Option<Decimal>,
    pub by_rating: Vec<(String, usize)>,
}

impl Summary {
    pub fn build(reg: &Regulation, units: &[UnitResult]) -> Summary {
        let count = |us: &mut dyn Iterator<Item = &UnitResult>| {
            let mut counts: Vec<(String, usize)> = reg.ratings.iter().map(|r| (r.label.clone(), 0)).collect();
            for u in us {
                if let Some(r) = &u.final_.rating
                    && let Some(c) = counts.iter_mut().find(|c| &c.0 == r)
                {
                    c.1 += 1;
                }
            }
            counts
        };
        let blocks = reg
            .blocks
            .iter()
            .map(|b| {
                let members: Vec<&UnitResult> = units.iter().filter(|u| u.block == b.id).collect();
                let indices: Vec<Decimal> = members.iter().filter_map(|u| u.final_.index).collect();
                let average_index = (!indices.is_empty()).then(|| {
                    num::round(indices.iter().sum::<Decimal>() / Decimal::from(indices.len()), reg.index_decimals)
                });
                BlockSummary {
                    block: b.id.clone(),
                    name: b.name.clone(),
                    units: members.len(),
                    average_index,
                    by_rating: count(&mut members.iter().copied()),
                }
            })
            .collect();
        Summary { by_rating: count(&mut units.iter()), blocks }
    }
}

/// A decimal as an exact JSON number, without trailing zeros.
pub fn number(d: Decimal) -> Value {
    let s = d.normalize().to_string();
    serde_json::from_str(&s).unwrap_or(Value::String(s))
}

fn opt_number(d: Option<Decimal>) -> Value {
    d.map(number).unwrap_or(Value::Null)
}

fn counts(c: &[(String, usize)]) -> Value {
    Value::Object(c.iter().map(|(k, v)| (k.clone(), json!(v))).collect::<Map<_, _>>())
}

impl Side {
    fn to_json(&self) -> Value {
        json!({
            "points": number(self.points),
            "bonus": number(self.bonus),
            "deduction": number(self.deduction),
            "total": number(self.total),
            "index": opt_number(self.index),
            "rating": self.rating,
        })
    }
}

impl Results {
    /// Keeps one block (ranks are per block, so they stay as they are).
    pub fn retain_block(&mut self, reg: &Regulation, block: &str) {
        self.units.retain(|u| u.block == block);
        self.summary = Summary::build(reg, &self.units);
        self.summary.blocks.retain(|b| b.block == block);
    }

    pub fn unit(&self, code: &str) -> Option<&UnitResult> {
        self.units.iter().find(|u| u.code == code)
    }

    /// The stable JSON of SPEC §9. `scheme_of` gives each unit's criteria tree
    /// (for area titles).
    pub fn to_json<'s>(&self, lang: Lang, scheme_of: impl Fn(&str) -> Option<&'s crate::model::Scheme>) -> Value {
        let units: Vec<Value> = self
            .units
            .iter()
            .map(|u| {
                let areas: Vec<Value> = scheme_of(&u.code)
                    .map(|s| {
                        s.roots
                            .iter()
                            .map(|&r| {
                                let c = &s.nodes[r];
                                let n = &u.nodes[r];
                                let mut a = json!({
                                    "code": c.code,
                                    "title": c.title,
                                    "max": number(c.max),
                                    "applicable_max": number(n.final_.applicable_max),
                                    "self": number(n.self_.points),
                                    "final": number(n.final_.points),
                                });
                                if c.kind != crate::model::Kind::Ordinary {
                                    a["kind"] = json!(c.kind.as_str());
                                }
                                a
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                json!({
                    "code": u.code,
                    "name": u.name,
                    "block": u.block,
                    "appendices": u.appendices,
                    "max": number(u.max),
                    "applicable_max": number(u.applicable_max),
                    "self": u.self_.to_json(),
                    "final": u.final_.to_json(),
                    "rank": u.rank,
                    "areas": areas,
                    "diagnostics": u.diagnostics.iter().map(|d| d.to_json(lang)).collect::<Vec<_>>(),
                })
            })
            .collect();
        let blocks: Vec<Value> = self
            .summary
            .blocks
            .iter()
            .map(|b| {
                json!({
                    "block": b.block,
                    "units": b.units,
                    "average_index": opt_number(b.average_index),
                    "by_rating": counts(&b.by_rating),
                })
            })
            .collect();
        json!({
            "year": self.year,
            "regulation": self.regulation,
            "units": units,
            "summary": { "by_rating": counts(&self.summary.by_rating), "blocks": blocks },
        })
    }
}
