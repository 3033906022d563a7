//! Results of an evaluation: what renderers read. Nothing here is computed by
//! renderers; the JSON form (docs/json.md) is built here too, so every output
//! format shows the same numbers.

use rust_decimal::Decimal;
use serde::Serialize;

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
    /// One per node of the unit's scheme, same order; with
    /// [`crate::eval::Options::areas_only`], one per area (`Scheme::roots`). See [`UnitResult::area`].
    pub nodes: Vec<NodeResult>,
    pub diagnostics: Vec<Diagnostic>,
}

impl UnitResult {
    /// The result of the unit's `k`-th area (node `scheme.roots[k]`), whether
    /// all nodes or only the areas were kept.
    pub fn area(&self, scheme: &crate::model::Scheme, k: usize) -> &NodeResult {
        if self.nodes.len() == scheme.nodes.len() {
            &self.nodes[scheme.roots[k]]
        } else {
            &self.nodes[k]
        }
    }
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
    /// A computed leaf the unit did not answer: its facts come from the datasets.
    FromData,
    /// A criterion the appraisal council scores (`assessed_by = "council"`),
    /// which it has not adjusted: no points.
    Council,
    SelfAnswer,
    /// The unit's answer, with official data in place of some of its own figures.
    OfficialData,
    Adjusted {
        round: u32,
    },
    Accepted {
        round: u32,
    },
    /// `accept = false` in `round`: the unit's explanation was not accepted,
    /// and the decision of round `kept` stands.
    NotAccepted {
        round: u32,
        kept: u32,
    },
    /// Points claimed without the required evidence, zeroed by the
    /// regulation's evidence policy.
    NoEvidence,
}

#[derive(Debug, Default)]
pub struct NodeResult {
    pub self_: NodeSide,
    pub final_: NodeSide,
    pub decision: Decision,
    /// The unit explained itself after round 1 and no later round has decided.
    pub awaiting_decision: bool,
    /// The reason of the deciding adjustment.
    pub reason: Option<String>,
    pub trace: Option<Box<LeafTrace>>,
}

impl NodeResult {
    /// What the appraisal changed: final points less self-assessed points.
    pub fn difference(&self) -> Decimal {
        self.final_.points - self.self_.points
    }
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
    /// A formula's intermediate `value` (e.g. the rate it compares with a target).
    pub rate: Option<Decimal>,
    pub band: Option<usize>,
    pub clamped: bool,
    pub na: bool,
    pub points: Decimal,
    pub error: Option<ExprFailure>,
    /// The error-level cross-check the facts failed (the side then scores 0).
    pub failed_check: Option<crate::i18n::Msg>,
}

#[derive(Debug)]
pub struct LeafTrace {
    pub self_: SideTrace,
    pub final_: SideTrace,
    pub evidence: Vec<String>,
    /// Evidence files attached to the entry.
    pub attachments: Vec<crate::model::Attachment>,
    pub note: Option<String>,
    pub explanation: Option<String>,
    pub adjustments: Vec<Adjustment>,
}

#[derive(Debug, Default)]
pub struct Summary {
    /// The units the province publishes (those of published blocks).
    pub units: usize,
    /// Rating label → count over the published units, in scale order.
    pub by_rating: Vec<(String, usize)>,
    pub blocks: Vec<BlockSummary>,
}

#[derive(Debug)]
pub struct BlockSummary {
    pub block: String,
    pub name: String,
    /// Counted in the province's summary (`published` in the regulation).
    pub published: bool,
    pub units: usize,
    pub average_index: Option<Decimal>,
    pub by_rating: Vec<(String, usize)>,
    /// For a block ranked within the parent: one group per parent, in parent
    /// code order (the communes of each district); empty otherwise.
    pub groups: Vec<GroupSummary>,
}

/// The units of a block that one parent ranks (`ranked_within = "parent"`).
#[derive(Debug)]
pub struct GroupSummary {
    /// The parent's code ("" for units without a parent).
    pub parent: String,
    /// The parent's name, when it is among the results.
    pub parent_name: Option<String>,
    pub units: usize,
    pub average_index: Option<Decimal>,
    pub by_rating: Vec<(String, usize)>,
}

impl Summary {
    pub fn build(reg: &Regulation, units: &[UnitResult]) -> Summary {
        let count = |us: &[&UnitResult]| {
            let mut counts: Vec<(String, usize)> =
                reg.ratings.iter().map(|r| (r.label.clone(), 0)).collect();
            for u in us {
                if let Some(r) = &u.final_.rating
                    && let Some(c) = counts.iter_mut().find(|c| &c.0 == r)
                {
                    c.1 += 1;
                }
            }
            counts
        };
        let average = |us: &[&UnitResult]| {
            let indices: Vec<Decimal> = us.iter().filter_map(|u| u.final_.index).collect();
            (!indices.is_empty()).then(|| {
                num::round(
                    indices.iter().sum::<Decimal>() / Decimal::from(indices.len()),
                    reg.index_decimals,
                )
            })
        };
        let blocks = reg
            .blocks
            .iter()
            .map(|b| {
                let members: Vec<&UnitResult> = units.iter().filter(|u| u.block == b.id).collect();
                let mut groups = Vec::new();
                if b.ranked_within == crate::model::RankedWithin::Parent {
                    let mut parents: Vec<&str> = members
                        .iter()
                        .map(|u| u.parent.as_deref().unwrap_or(""))
                        .collect();
                    parents.sort_unstable();
                    parents.dedup();
                    for p in parents {
                        let of: Vec<&UnitResult> = members
                            .iter()
                            .copied()
                            .filter(|u| u.parent.as_deref().unwrap_or("") == p)
                            .collect();
                        groups.push(GroupSummary {
                            parent: p.to_string(),
                            parent_name: units.iter().find(|u| u.code == p).map(|u| u.name.clone()),
                            units: of.len(),
                            average_index: average(&of),
                            by_rating: count(&of),
                        });
                    }
                }
                BlockSummary {
                    block: b.id.clone(),
                    name: b.name.clone(),
                    published: b.published,
                    units: members.len(),
                    average_index: average(&members),
                    by_rating: count(&members),
                    groups,
                }
            })
            .collect();
        let published: Vec<&UnitResult> = units
            .iter()
            .filter(|u| reg.block(&u.block).is_none_or(|b| b.published))
            .collect();
        Summary {
            units: published.len(),
            by_rating: count(&published),
            blocks,
        }
    }
}

/// A decimal serialised as an exact JSON number, without trailing zeros.
#[derive(Debug, Clone, Copy)]
pub struct Num(pub Decimal);

impl Serialize for Num {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let n = self.0.normalize();
        // Whole numbers (most points and maxima) are written as integers, the
        // same digits without formatting and parsing a string.
        if n.scale() == 0
            && let Some(i) = rust_decimal::prelude::ToPrimitive::to_i64(&n)
        {
            return s.serialize_i64(i);
        }
        let text = n.to_string();
        match text.parse::<serde_json::Number>() {
            Ok(n) => n.serialize(s),
            Err(_) => s.serialize_str(&text),
        }
    }
}

/// Rating label → count, as a JSON object in scale order.
struct Counts<'a>(&'a [(String, usize)]);

impl Serialize for Counts<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

#[derive(Serialize)]
struct JsonSide<'a> {
    points: Num,
    bonus: Num,
    deduction: Num,
    total: Num,
    index: Option<Num>,
    rating: Option<&'a str>,
}

impl<'a> From<&'a Side> for JsonSide<'a> {
    fn from(s: &'a Side) -> Self {
        JsonSide {
            points: Num(s.points),
            bonus: Num(s.bonus),
            deduction: Num(s.deduction),
            total: Num(s.total),
            index: s.index.map(Num),
            rating: s.rating.as_deref(),
        }
    }
}

#[derive(Serialize)]
struct JsonArea<'a> {
    code: &'a str,
    title: &'a str,
    max: Num,
    applicable_max: Num,
    #[serde(rename = "self")]
    self_: Num,
    #[serde(rename = "final")]
    final_: Num,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'static str>,
}

#[derive(Serialize)]
struct JsonUnit<'a> {
    code: &'a str,
    name: &'a str,
    block: &'a str,
    appendices: &'a [String],
    max: Num,
    applicable_max: Num,
    #[serde(rename = "self")]
    self_: JsonSide<'a>,
    #[serde(rename = "final")]
    final_: JsonSide<'a>,
    rank: Option<u32>,
    areas: Vec<JsonArea<'a>>,
    diagnostics: Vec<crate::diagnostic::JsonDiagnostic>,
}

#[derive(Serialize)]
struct JsonBlock<'a> {
    block: &'a str,
    published: bool,
    units: usize,
    average_index: Option<Num>,
    by_rating: Counts<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    groups: Vec<JsonGroup<'a>>,
}

#[derive(Serialize)]
struct JsonGroup<'a> {
    parent: &'a str,
    units: usize,
    average_index: Option<Num>,
    by_rating: Counts<'a>,
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    units: usize,
    by_rating: Counts<'a>,
    blocks: Vec<JsonBlock<'a>>,
}

/// One unit's JSON object.
fn json_unit<'a>(
    u: &'a UnitResult,
    scheme: Option<&'a crate::model::Scheme>,
    lang: Lang,
) -> JsonUnit<'a> {
    let areas = scheme
        .map(|s| {
            s.roots
                .iter()
                .enumerate()
                .map(|(k, &r)| {
                    let c = &s.nodes[r];
                    let n = u.area(s, k);
                    JsonArea {
                        code: &c.code,
                        title: &c.title,
                        max: Num(c.max),
                        applicable_max: Num(n.final_.applicable_max),
                        self_: Num(n.self_.points),
                        final_: Num(n.final_.points),
                        kind: (c.kind != crate::model::Kind::Ordinary).then(|| c.kind.as_str()),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    JsonUnit {
        code: &u.code,
        name: &u.name,
        block: &u.block,
        appendices: &u.appendices,
        max: Num(u.max),
        applicable_max: Num(u.applicable_max),
        self_: (&u.self_).into(),
        final_: (&u.final_).into(),
        rank: u.rank,
        areas,
        diagnostics: u.diagnostics.iter().map(|d| d.to_json(lang)).collect(),
    }
}

/// `value` pretty-printed as serde_json does, as if nested `depth` levels deep.
fn pretty_at(value: &impl Serialize, depth: usize, out: &mut Vec<u8>) -> std::io::Result<()> {
    let mut json = serde_json::Serializer::with_formatter(out, Indented::at(depth));
    value.serialize(&mut json).map_err(std::io::Error::from)
}

/// serde_json's pretty layout (two spaces a level), starting `level` levels
/// deep, so a unit is written in place inside the document being assembled.
struct Indented {
    level: usize,
    has_value: bool,
}

impl Indented {
    fn at(level: usize) -> Indented {
        Indented {
            level,
            has_value: false,
        }
    }

    fn line<W: ?Sized + std::io::Write>(&self, w: &mut W, start: &[u8]) -> std::io::Result<()> {
        w.write_all(start)?;
        for _ in 0..self.level {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    fn open<W: ?Sized + std::io::Write>(&mut self, w: &mut W, b: &[u8]) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(b)
    }

    fn close<W: ?Sized + std::io::Write>(&mut self, w: &mut W, b: &[u8]) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            self.line(w, b"\n")?;
        }
        w.write_all(b)
    }
}

impl serde_json::ser::Formatter for Indented {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.line(w, if first { b"\n" } else { b",\n" })
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.open(w, b"{")
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.line(w, if first { b"\n" } else { b",\n" })
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// One ranking of the results: a block, or one parent's units of a block
/// ranked within the parent (then preceded by the block's own ranking, with
/// no units, for the block's line).
pub struct Ranking<'r> {
    pub block: &'r BlockSummary,
    /// The parent's group, for a block ranked within the parent.
    pub group: Option<&'r GroupSummary>,
    /// In rank order, with their positions in `units`.
    pub units: Vec<(usize, &'r UnitResult)>,
}

impl Ranking<'_> {
    /// The rating counts of what the ranking shows.
    pub fn by_rating(&self) -> &[(String, usize)] {
        self.group.map_or(&self.block.by_rating, |g| &g.by_rating)
    }
}

impl Results {
    /// The blocks that have units, in regulation order, with their units in
    /// rank order and their positions in `units`.
    pub fn by_block(&self) -> Vec<(&BlockSummary, Vec<(usize, &UnitResult)>)> {
        self.summary
            .blocks
            .iter()
            .map(|b| {
                let members: Vec<(usize, &UnitResult)> = self
                    .units
                    .iter()
                    .enumerate()
                    .filter(|(_, u)| u.block == b.block)
                    .collect();
                (b, members)
            })
            .filter(|(_, members)| !members.is_empty())
            .collect()
    }

    /// The rankings in regulation order: [`Results::by_block`], where a block
    /// ranked within the parent is the block's line followed by one ranking per
    /// parent.
    pub fn rankings(&self) -> Vec<Ranking<'_>> {
        let mut out = Vec::new();
        for (block, members) in self.by_block() {
            if block.groups.is_empty() {
                out.push(Ranking {
                    block,
                    group: None,
                    units: members,
                });
                continue;
            }
            out.push(Ranking {
                block,
                group: None,
                units: Vec::new(),
            });
            for group in &block.groups {
                let units = members
                    .iter()
                    .filter(|(_, u)| u.parent.as_deref().unwrap_or("") == group.parent)
                    .copied()
                    .collect();
                out.push(Ranking {
                    block,
                    group: Some(group),
                    units,
                });
            }
        }
        out
    }

    /// Keeps one block (ranks are per block, so they stay as they are).
    pub fn retain_block(&mut self, reg: &Regulation, block: &str) {
        // Block summaries from every unit (a group names its parent, of another block).
        let mut blocks = std::mem::take(&mut self.summary.blocks);
        blocks.retain(|b| b.block == block);
        self.units.retain(|u| u.block == block);
        self.summary = Summary::build(reg, &self.units);
        self.summary.blocks = blocks;
    }

    pub fn unit(&self, code: &str) -> Option<&UnitResult> {
        self.units.iter().find(|u| u.code == code)
    }

    /// The stable JSON of docs/json.md, pretty-printed. `scheme_of` gives each
    /// unit's criteria tree (for area titles).
    pub fn to_json<'s>(
        &self,
        lang: Lang,
        scheme_of: impl Fn(&str) -> Option<&'s crate::model::Scheme> + Sync,
    ) -> String {
        // Sized for a typical unit (about 3 kB), so a national run's output is
        // not copied over and over as the buffer grows.
        let mut out = Vec::with_capacity(4096 + 3072 * self.units.len());
        if self.write_json(lang, scheme_of, &mut out).is_err() {
            out.clear();
            out.push(b'\n');
        }
        String::from_utf8(out).unwrap_or_default()
    }

    /// [`Results::to_json`] written to `out` as it is produced: a national
    /// run's JSON (hundreds of megabytes) is never held in memory. Units are
    /// rendered in parallel, a window at a time, and written in order.
    pub fn write_json<'s>(
        &self,
        lang: Lang,
        scheme_of: impl Fn(&str) -> Option<&'s crate::model::Scheme> + Sync,
        mut out: impl std::io::Write,
    ) -> std::io::Result<()> {
        use rayon::prelude::*;
        // Units per rendered piece, and per window written before the next is rendered.
        const PIECE: usize = 64;
        const WINDOW: usize = 512;
        let mut head = b"{\n  \"year\": ".to_vec();
        serde_json::to_writer(&mut head, &self.year)?;
        head.extend_from_slice(b",\n  \"regulation\": ");
        serde_json::to_writer(&mut head, &self.regulation)?;
        head.extend_from_slice(b",\n  \"units\": [");
        out.write_all(&head)?;
        for (w, window) in self.units.chunks(WINDOW).enumerate() {
            let pieces: Vec<std::io::Result<Vec<u8>>> = window
                .par_chunks(PIECE)
                .enumerate()
                .map(|(p, piece)| {
                    let mut buf = Vec::with_capacity(3200 * piece.len());
                    for (k, u) in piece.iter().enumerate() {
                        let first = w == 0 && p == 0 && k == 0;
                        buf.extend_from_slice(if first { b"\n    " } else { b",\n    " });
                        pretty_at(&json_unit(u, scheme_of(&u.code), lang), 2, &mut buf)?;
                    }
                    Ok(buf)
                })
                .collect();
            for piece in pieces {
                out.write_all(&piece?)?;
            }
        }
        let blocks = self
            .summary
            .blocks
            .iter()
            .map(|b| JsonBlock {
                block: &b.block,
                published: b.published,
                units: b.units,
                average_index: b.average_index.map(Num),
                by_rating: Counts(&b.by_rating),
                groups: b
                    .groups
                    .iter()
                    .map(|g| JsonGroup {
                        parent: &g.parent,
                        units: g.units,
                        average_index: g.average_index.map(Num),
                        by_rating: Counts(&g.by_rating),
                    })
                    .collect(),
            })
            .collect();
        let summary = JsonSummary {
            units: self.summary.units,
            by_rating: Counts(&self.summary.by_rating),
            blocks,
        };
        let mut tail = if self.units.is_empty() {
            b"],\n  \"summary\": ".to_vec()
        } else {
            b"\n  ],\n  \"summary\": ".to_vec()
        };
        pretty_at(&summary, 1, &mut tail)?;
        tail.extend_from_slice(b"\n}\n");
        out.write_all(&tail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-assembled frame around the units matches serde_json's layout.
    #[test]
    fn json_without_units_is_what_serde_json_writes() {
        let results = Results {
            year: 2024,
            regulation: "a \"quoted\" id".into(),
            ratings: vec!["Tốt".into()],
            index_decimals: 2,
            points_decimals: 2,
            units: Vec::new(),
            summary: Summary {
                units: 0,
                by_rating: vec![("Tốt".into(), 0)],
                blocks: Vec::new(),
            },
        };
        let expected = serde_json::to_string_pretty(&serde_json::json!({
            "year": 2024,
            "regulation": "a \"quoted\" id",
            "units": [],
            "summary": { "units": 0, "by_rating": { "Tốt": 0 }, "blocks": [] },
        }))
        .unwrap();
        assert_eq!(results.to_json(Lang::Vi, |_| None), expected + "\n");
    }

    /// A value written `depth` levels deep is serde_json's pretty output with
    /// every line after the first indented by as many levels.
    #[test]
    fn nested_values_keep_serde_json_layout() {
        let value = serde_json::json!({
            "a": [1, {"b": [], "c": {}}, [[]], "line\nbreak"],
            "d": {"e": {"f": null}},
            "g": [],
        });
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        for depth in 0..4 {
            let mut out = Vec::new();
            pretty_at(&value, depth, &mut out).unwrap();
            let expected = pretty.replace('\n', &format!("\n{}", "  ".repeat(depth)));
            assert_eq!(String::from_utf8(out).unwrap(), expected, "depth {depth}");
        }
    }
}
