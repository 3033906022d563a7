//! The validated model of one year: regulation, criteria trees (schemes),
//! units, self-assessments, appraisals and datasets. Everything here has been
//! checked by the loaders; evaluation never re-validates.

use std::path::PathBuf;
use std::sync::Arc;

/// The maps a run looks codes up in per answer (criterion codes, unit codes):
/// a fast hash, as their keys come from the province's own files.
pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

use rust_decimal::Decimal;

use crate::diagnostic::{Diagnostics, Location};
use crate::expr::Expression;
use crate::source::SourceFile;

#[derive(Debug)]
pub struct Regulation {
    pub id: String,
    pub title: String,
    pub authority: Option<String>,
    pub legal_basis: Option<String>,
    pub year: i64,
    /// Manually entered points must be multiples of this.
    pub step: Decimal,
    pub points_decimals: u32,
    pub index_decimals: u32,
    pub evidence_policy: EvidencePolicy,
    pub blocks: Vec<Block>,
    /// Highest `min` first.
    pub ratings: Vec<RatingLevel>,
    /// What a run of ratings means for a unit's head (listed by `history` and `export`).
    pub consequences: Vec<Consequence>,
    /// Datasets (file stems, e.g. `reports`) whose figure for the year is the
    /// sum of their periods; any other dataset's is its row for the year.
    pub sum_periods: Vec<String>,
    /// A unit whose applicable max is below this share (%) of its max gets a
    /// warning: its index rests on too few criteria (`min_applicable_percent`).
    pub min_applicable_percent: Option<Decimal>,
    /// How a merged unit's predecessors count for consequences (`merged_predecessors`).
    pub merged_predecessors: MergedPredecessors,
    /// The public key (64 hexadecimal digits) a lock of the year must be signed with.
    pub lock_public_key: Option<String>,
    /// The formal parts of the council's letters (`[letter]`).
    pub letter: LetterSettings,
    pub file: Arc<SourceFile>,
}

/// The formal parts of the council's letters (`chiso notify`) that differ
/// from province to province (`[letter]` in the regulation). What is not
/// given is printed as a placeholder to fill in by hand.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LetterSettings {
    /// The body that issues the letters (cơ quan ban hành), under the
    /// regulation's `authority`.
    pub issuer: Option<String>,
    /// The symbol after the letter's number: `Số: …/TB-HĐTĐ` (ký hiệu).
    pub symbol: Option<String>,
    /// The place name before the date (địa danh): `Khánh Hòa, ngày …`.
    pub place: Option<String>,
    /// The signature block, one line each: the authority to sign and the
    /// signer's title (`TM. HỘI ĐỒNG THẨM ĐỊNH`, `CHỦ TỊCH`).
    pub signer: Vec<String>,
    /// Who else receives the letter (nơi nhận), after the unit itself.
    pub recipients: Vec<String>,
}

/// What happens to self-assessed points claimed without the required evidence
/// and without an explanation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EvidencePolicy {
    /// A warning; the points stand until the council adjusts them.
    #[default]
    Warn,
    /// A warning, and the final points are zero unless the council decides otherwise.
    Zero,
}

impl Regulation {
    pub fn block(&self, id: &str) -> Option<&Block> {
        self.blocks.iter().find(|b| b.id == id)
    }

    /// The first rating whose `min` is at most the (rounded) index.
    pub fn rating_for(&self, index: Decimal) -> Option<&RatingLevel> {
        self.ratings.iter().find(|r| r.min <= index)
    }
}

#[derive(Debug, Clone)]
pub struct Block {
    pub id: String,
    pub name: String,
    pub appendix: String,
    /// The province publishes the block's results (`published`): its units
    /// count in the province's summary. A block assessed by the districts
    /// (the communes) is not published by the province.
    pub published: bool,
    /// Where the block's units are ranked (`ranked_within`).
    pub ranked_within: RankedWithin,
    pub location: Location,
}

/// Where a block's units are ranked against each other.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RankedWithin {
    /// Province-wide, within the block.
    #[default]
    Block,
    /// Within the block, among the units of the same parent (the communes of a
    /// district are ranked by their district).
    Parent,
}

impl RankedWithin {
    pub fn as_str(self) -> &'static str {
        match self {
            RankedWithin::Block => "block",
            RankedWithin::Parent => "parent",
        }
    }
}

#[derive(Debug, Clone)]
pub struct RatingLevel {
    pub label: String,
    pub min: Decimal,
}

/// How the ratings of a unit formed by merging several count toward a
/// consequence (`merged_predecessors` in the regulation).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum MergedPredecessors {
    /// A run through any one predecessor counts.
    #[default]
    Any,
    /// The run must hold through every predecessor.
    All,
    /// Only the first predecessor listed in `previous` (list the largest first).
    First,
    /// A merged unit's record starts at the merger.
    None,
}

impl MergedPredecessors {
    pub const ALL: [MergedPredecessors; 4] = [
        MergedPredecessors::Any,
        MergedPredecessors::All,
        MergedPredecessors::First,
        MergedPredecessors::None,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MergedPredecessors::Any => "any",
            MergedPredecessors::All => "all",
            MergedPredecessors::First => "first",
            MergedPredecessors::None => "none",
        }
    }
}

/// A consequence of ratings (e.g. Trung bình three years running puts the head's
/// position under review): it applies to a unit rated one of `ratings` in each of
/// `years` consecutive years, following the unit through its predecessors.
#[derive(Debug, Clone)]
pub struct Consequence {
    pub label: String,
    pub ratings: Vec<String>,
    pub years: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Ordinary,
    Bonus,
    Deduction,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Ordinary => "ordinary",
            Kind::Bonus => "bonus",
            Kind::Deduction => "deduction",
        }
    }
}

/// Who scores a criterion (`assessed_by`): the unit in its self-assessment, or
/// the appraisal council alone (deductions it finds, items it verifies). The
/// unit does not answer a council criterion; it may explain itself on one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AssessedBy {
    #[default]
    Unit,
    Council,
}

impl AssessedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            AssessedBy::Unit => "unit",
            AssessedBy::Council => "council",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputSource {
    /// The unit reports it.
    Reported,
    /// An authoritative dataset provides it.
    Data,
    /// Read through the subordinate functions; documentation only.
    Subordinates,
}

impl InputSource {
    pub fn as_str(self) -> &'static str {
        match self {
            InputSource::Reported => "self",
            InputSource::Data => "data",
            InputSource::Subordinates => "subordinates",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Input {
    pub name: String,
    pub label: String,
    pub source: InputSource,
    /// What kind of number the fact is (`type` in the appendix).
    pub kind: FactKind,
}

pub use crate::facts::{FactKind, KindProblem, Period, YearFigure, thousands_reading};

#[derive(Debug, Clone)]
pub struct ChoiceOption {
    pub label: String,
    pub points: Decimal,
}

/// One band of a `bands` leaf: every present bound must hold.
#[derive(Debug, Clone, Default)]
pub struct Band {
    pub gt: Option<Decimal>,
    pub gte: Option<Decimal>,
    pub lt: Option<Decimal>,
    pub lte: Option<Decimal>,
    pub points: Decimal,
}

impl Band {
    pub fn matches(&self, v: Decimal) -> bool {
        self.gt.is_none_or(|b| v > b)
            && self.gte.is_none_or(|b| v >= b)
            && self.lt.is_none_or(|b| v < b)
            && self.lte.is_none_or(|b| v <= b)
    }
}

#[derive(Debug, Clone)]
pub enum Method {
    Manual,
    YesNo,
    Choice(Vec<ChoiceOption>),
    Bands {
        value: Option<Arc<Expression>>,
        bands: Vec<Band>,
    },
    Formula {
        formula: Arc<Expression>,
        /// `value`: an intermediate figure (e.g. the rate of online dossiers)
        /// computed first, shown by `explain` and read by the formula as `value`.
        value: Option<Arc<Expression>>,
    },
}

impl Method {
    pub fn name(&self) -> &'static str {
        match self {
            Method::Manual => "manual",
            Method::YesNo => "yes_no",
            Method::Choice(_) => "choice",
            Method::Bands { .. } => "bands",
            Method::Formula { .. } => "formula",
        }
    }
    /// Bands and formulas compute their points from facts.
    pub fn is_computed(&self) -> bool {
        matches!(self, Method::Bands { .. } | Method::Formula { .. })
    }
}

/// Whether a violated cross-check is an error or a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CheckLevel {
    #[default]
    Error,
    Warning,
}

/// A relation a leaf's facts must satisfy (`checks` of a node, or a
/// `[[check]]` of its appendix), compiled once like a formula.
#[derive(Debug, Clone)]
pub struct Check {
    pub rule: Arc<Expression>,
    pub level: CheckLevel,
    /// The facts the rule reads, in order of first appearance.
    pub facts: Vec<String>,
}

/// A node of a criteria tree: area, criterion or sub-criterion.
#[derive(Debug, Clone)]
pub struct Criterion {
    pub code: String,
    pub title: String,
    pub max: Decimal,
    pub kind: Kind,
    /// Present on leaves only.
    pub method: Option<Method>,
    pub inputs: Vec<Input>,
    /// Relations the leaf's facts must satisfy: its own and its appendices'.
    pub checks: Vec<Check>,
    /// What the bands' value is (`value_type`): a percentage above 100 is a warning.
    pub value_kind: FactKind,
    /// The input holding the unit's own target (`target`), which `explain`
    /// shows next to the rate.
    pub target: Option<String>,
    pub evidence: Option<String>,
    pub guide: Option<String>,
    pub reference: Option<String>,
    pub na_allowed: bool,
    /// Own `assessed_by`, or the nearest ancestor's; the unit by default.
    pub assessed_by: AssessedBy,
    /// The effective step for manual points (own, an ancestor's, or the regulation's).
    pub step: Decimal,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    pub depth: usize,
    /// Which appendix file defined it (an overlay for replaced or added nodes).
    pub appendix: String,
    pub location: Location,
}

impl Criterion {
    pub fn is_leaf(&self) -> bool {
        self.children.is_empty()
    }
    /// Inputs that are variables of the leaf's expressions.
    pub fn fact_inputs(&self) -> impl Iterator<Item = &Input> {
        self.inputs
            .iter()
            .filter(|i| i.source != InputSource::Subordinates)
    }
}

/// A merged criteria tree: a block's appendix plus a unit's overlays.
#[derive(Debug)]
pub struct Scheme {
    /// Appendix ids, base first.
    pub appendices: Vec<String>,
    pub title: String,
    /// Natural code order, which is also pre-order (parents before children).
    pub nodes: Vec<Criterion>,
    pub by_code: HashMap<String, usize>,
    pub roots: Vec<usize>,
    /// Sum of the ordinary top-level maxima.
    pub max: Decimal,
}

impl Scheme {
    pub fn get(&self, code: &str) -> Option<&Criterion> {
        self.by_code.get(code).map(|&i| &self.nodes[i])
    }
    pub fn leaves(&self) -> impl Iterator<Item = (usize, &Criterion)> {
        self.nodes.iter().enumerate().filter(|(_, c)| c.is_leaf())
    }
}

#[derive(Debug, Clone)]
pub struct Unit {
    pub code: String,
    pub name: String,
    pub block: String,
    pub extra: Vec<String>,
    pub parent: Option<String>,
    /// Units of the previous year this unit continues (merged or renamed units); a
    /// unit whose code existed the previous year also continues itself.
    pub previous: Vec<Predecessor>,
    /// Index into [`Workspace::schemes`]; `None` when the unit's criteria could not be built.
    pub scheme: Option<usize>,
    pub location: Location,
}

#[derive(Debug, Clone)]
pub struct Predecessor {
    pub code: String,
    pub location: Location,
}

/// An answer to one leaf (docs/format.md, Self-assessment), without facts.
#[derive(Debug, Clone, PartialEq)]
pub enum AnswerValue {
    Points(Decimal),
    Yes(bool),
    /// Index into the leaf's options.
    Choice(usize),
    NotApplicable,
}

#[derive(Debug, Clone)]
pub struct Answer {
    pub value: AnswerValue,
    pub location: Location,
}

#[derive(Debug, Clone)]
pub struct Fact {
    pub value: Decimal,
    pub location: Location,
}

pub type Facts = SortedMap<Fact>;

#[derive(Debug, Clone)]
pub struct SelfEntry {
    /// The leaf's position in the unit's scheme ([`Scheme::nodes`]).
    pub node: usize,
    pub answer: Option<Answer>,
    pub facts: Facts,
    // Boxed text, without spare capacity: a national run holds millions of entries.
    pub evidence: Box<[Box<str>]>,
    /// Evidence files (`attachments`), each where the entry lists it.
    pub attachments: Box<[(Attachment, Location)]>,
    pub note: Option<Box<str>>,
    pub explanation: Option<Box<str>>,
    /// The answer or a fact had an error (already reported): the leaf is not
    /// reported again as unanswered or missing a fact.
    pub rejected: bool,
    pub location: Location,
}

/// An evidence file attached to a self-assessment entry: stored as `file` in
/// `scores/<year>/evidence/<UNIT>/`, with the unit's title for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The stored file's name (`<sha256>.<ext>`), never a path.
    pub file: String,
    pub title: String,
    /// SHA-256 of the bytes, 64 lowercase hexadecimal digits.
    pub sha256: String,
    pub size: u64,
}

/// A unit's answers, at most one per leaf, in the order of the scheme's
/// nodes: placed by position, with no code to copy, compare or look up.
#[derive(Debug, Clone, Default)]
pub struct Entries(Vec<SelfEntry>);

impl Entries {
    /// From entries in any order; of two for the same leaf, the later one stays.
    pub fn from_entries(mut entries: Vec<SelfEntry>) -> Entries {
        // Stable, and cheap on the usual input: files list leaves in order.
        entries.sort_by_key(|e| e.node);
        // `dedup_by` keeps the first of equal nodes: give it the later entry.
        entries.dedup_by(|later, kept| {
            let same = later.node == kept.node;
            if same {
                std::mem::swap(later, kept);
            }
            same
        });
        Entries(entries)
    }

    /// The answer to the leaf at `node` ([`Scheme::nodes`]).
    pub fn get(&self, node: usize) -> Option<&SelfEntry> {
        let i = self.0.binary_search_by_key(&node, |e| e.node).ok()?;
        Some(&self.0[i])
    }

    pub fn iter(&self) -> impl Iterator<Item = &SelfEntry> {
        self.0.iter()
    }
}

#[derive(Debug, Clone)]
pub struct SelfAssessment {
    pub unit: String,
    pub submitted: Option<String>,
    pub entries: Entries,
    pub file: Arc<SourceFile>,
}

#[derive(Debug, Clone)]
pub struct Adjustment {
    pub code: String,
    /// The leaf's position in the unit's scheme ([`Scheme::nodes`]).
    pub node: usize,
    pub round: u32,
    pub answer: Option<Answer>,
    pub facts: Facts,
    pub ruling: Ruling,
    pub reason: String,
    pub by: Option<String>,
    pub location: Location,
}

/// What an adjustment decides (docs/format.md, Appraisal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ruling {
    /// Its answer or facts replace the unit's.
    Adjust,
    /// `accept = true`: the unit's explanation is accepted, its own answer stands.
    Accept,
    /// `accept = false` without an answer: the unit's explanation is not
    /// accepted, and the previous round's decision stands.
    Reject,
}

#[derive(Debug, Clone)]
pub struct Appraisal {
    pub unit: String,
    pub adjustments: Vec<Adjustment>,
    pub file: Arc<SourceFile>,
}

impl Appraisal {
    /// All adjustments of a leaf, by round.
    pub fn for_code<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Adjustment> {
        self.adjustments.iter().filter(move |a| a.code == code)
    }

    /// The adjustment whose answer applies when `rejecting` (`accept = false`)
    /// keeps the previous round's decision: the latest earlier round of the
    /// same leaf that is not itself a rejection.
    pub fn kept_by<'a>(&'a self, rejecting: &Adjustment) -> Option<&'a Adjustment> {
        let mut round = rejecting.round;
        loop {
            let earlier = self
                .adjustments
                .iter()
                .filter(|a| a.node == rejecting.node && a.round < round)
                .max_by_key(|a| a.round)?;
            if earlier.ruling != Ruling::Reject {
                return Some(earlier);
            }
            round = earlier.round;
        }
    }
}

/// Facts from the authoritative datasets, by unit then fact name: the figure
/// the criteria read for the year.
#[derive(Debug, Default)]
pub struct Dataset {
    pub facts: HashMap<String, Facts>,
    pub files: Vec<Arc<SourceFile>>,
    /// Fact → the files with a column for it.
    pub columns: HashMap<String, Vec<String>>,
    /// By unit, then fact: how the year's figure was made from rows of other
    /// periods than the year (only for facts that have such rows).
    pub periods: HashMap<String, HashMap<String, YearFigure>>,
}

/// The dataset fact stating how many subordinates a unit has when they are not
/// listed in units.toml; `sub_avg_index`, `sub_rated:<rating>` and
/// `sub_avg:<fact>` state their results.
pub const STATED_COUNT: &str = "sub_count";

/// Whether a dataset fact states subordinates' results (`sub_count`,
/// `sub_avg_index`, `sub_rated:<rating>`, `sub_avg:<fact>`).
pub fn states_subordinates(fact: &str) -> bool {
    fact == STATED_COUNT
        || fact == "sub_avg_index"
        || fact.starts_with("sub_rated:")
        || fact.starts_with("sub_avg:")
}

/// The kind of number a stated subordinate fact is: how many (`sub_count`,
/// `sub_rated:<rating>`) is a count, their mean index a percentage; typed so a
/// fraction of a unit is refused on load rather than cut when scoring.
pub fn stated_subordinate_input(fact: &str) -> Option<Input> {
    let kind = if fact == STATED_COUNT || fact.starts_with("sub_rated:") {
        FactKind::Count
    } else if fact == "sub_avg_index" {
        FactKind::Percent
    } else {
        return None;
    };
    Some(Input {
        name: fact.to_string(),
        label: fact.to_string(),
        source: InputSource::Data,
        kind,
    })
}

/// Everything loaded for one year.
#[derive(Debug)]
pub struct Workspace {
    pub root: PathBuf,
    pub year: i64,
    pub regulation: Option<Regulation>,
    pub schemes: Vec<Scheme>,
    pub units: Vec<Unit>,
    /// Unit code → index into `units`.
    pub unit_index: HashMap<String, usize>,
    pub self_assessments: HashMap<String, SelfAssessment>,
    pub appraisals: HashMap<String, Appraisal>,
    pub data: Dataset,
    /// The season's schedule (`workflow.toml`), when the year has one.
    pub schedule: Option<crate::season::Schedule>,
    pub diagnostics: Diagnostics,
}

impl Workspace {
    pub fn unit(&self, code: &str) -> Option<&Unit> {
        self.unit_index.get(code).map(|&i| &self.units[i])
    }
    pub fn scheme_of(&self, unit: &Unit) -> Option<&Scheme> {
        unit.scheme.map(|i| &self.schemes[i])
    }
    /// The workspace as it stood after an appraisal round: later rounds' adjustments dropped.
    pub fn as_of_round(&mut self, round: u32) {
        for a in self.appraisals.values_mut() {
            a.adjustments.retain(|x| x.round <= round);
        }
    }
}

/// A map keyed by text (fact names), iterated in key order:
/// a sorted vector, which for the small maps of answer files takes a fraction
/// of a B-tree's memory and allocations (a national run holds millions of them).
#[derive(Clone)]
pub struct SortedMap<V> {
    items: Vec<(String, V)>,
}

impl<V> Default for SortedMap<V> {
    fn default() -> Self {
        SortedMap { items: Vec::new() }
    }
}

impl<V> SortedMap<V> {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_capacity(n: usize) -> Self {
        SortedMap {
            items: Vec::with_capacity(n),
        }
    }

    fn position(&self, key: &str) -> Result<usize, usize> {
        self.items.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    pub fn get(&self, key: &str) -> Option<&V> {
        // Most maps (an answer's facts, a unit's dataset figures) have a few
        // keys: comparing for equality, which checks lengths first, beats
        // ordering comparisons for them.
        if self.items.len() <= 8 {
            return self.items.iter().find(|(k, _)| k == key).map(|(_, v)| v);
        }
        self.position(key).ok().map(|i| &self.items[i].1)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_ok()
    }

    /// Inserts or replaces; returns the replaced value.
    pub fn insert(&mut self, key: String, value: V) -> Option<V> {
        match self.position(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.items[i].1, value)),
            Err(i) => {
                self.items.insert(i, (key, value));
                None
            }
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.items.iter().map(|(k, v)| (k, v))
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.items.iter().map(|(k, _)| k)
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl<'a, V> IntoIterator for &'a SortedMap<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, V)>,
        fn(&'a (String, V)) -> (&'a String, &'a V),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter().map(|(k, v)| (k, v))
    }
}

impl<V> std::ops::Index<&str> for SortedMap<V> {
    type Output = V;
    /// Panics when the key is missing, as a `BTreeMap` does.
    fn index(&self, key: &str) -> &V {
        self.get(key).expect("key in SortedMap")
    }
}

impl<V: std::fmt::Debug> std::fmt::Debug for SortedMap<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// One case of a regulation test (`criteria/<year>/tests/*.toml`): a synthetic
/// unit with its answers, and the results the regulation must give it.
#[derive(Debug, Clone)]
pub struct TestCase {
    pub name: String,
    /// The synthetic unit; its `scheme` is set when its criteria could be built.
    pub unit: Unit,
    pub answers: Entries,
    pub adjustments: Vec<Adjustment>,
    /// Facts of the unit's authoritative datasets.
    pub data: Facts,
    /// Other cases of the same file scored as this unit's subordinates.
    pub subordinates: Vec<String>,
    pub expect: Expectation,
    pub file: Arc<SourceFile>,
    /// The case has errors: it is reported, never run.
    pub invalid: bool,
}

/// A value a test case expects, with where it is written.
#[derive(Debug, Clone)]
pub struct Expected<T> {
    pub value: T,
    pub location: Location,
}

/// Final results a test case expects; every part is optional.
#[derive(Debug, Clone, Default)]
pub struct Expectation {
    /// Final points of criteria (any node), in file order.
    pub points: Vec<(String, Expected<Decimal>)>,
    pub total: Option<Expected<Decimal>>,
    pub index: Option<Expected<Decimal>>,
    pub rating: Option<Expected<String>>,
    pub applicable_max: Option<Expected<Decimal>>,
    /// Ranks of the case's subordinates among themselves (a block ranked
    /// within the parent), by subordinate case name, in file order.
    pub subordinate_ranks: Vec<(String, Expected<u32>)>,
}

impl Expectation {
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
            && self.total.is_none()
            && self.index.is_none()
            && self.rating.is_none()
            && self.applicable_max.is_none()
            && self.subordinate_ranks.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators_are_recognised() {
        assert_eq!(thousands_reading("1.036").as_deref(), Some("1036"));
        assert_eq!(thousands_reading("1,236").as_deref(), Some("1236"));
        assert_eq!(
            thousands_reading("145.153.000").as_deref(),
            Some("145153000")
        );
        assert_eq!(thousands_reading("1.5"), None);
        assert_eq!(thousands_reading("1036"), None);
        assert_eq!(thousands_reading("1234.567"), None);
        assert_eq!(thousands_reading("12.3456"), None);
    }

    #[test]
    fn fact_kinds_check_their_values() {
        use rust_decimal::dec;
        let count = FactKind::Count;
        assert_eq!(count.check(dec!(36), "36"), Ok(()));
        assert_eq!(
            count.check(dec!(1.036), "1.036"),
            Err(KindProblem::NotACount {
                thousands: Some("1036".into())
            })
        );
        assert_eq!(
            count.check(dec!(1.000), "1.000"),
            Err(KindProblem::NotACount {
                thousands: Some("1000".into())
            })
        );
        assert_eq!(
            count.check(dec!(2.5), "2.5"),
            Err(KindProblem::NotACount { thousands: None })
        );
        assert_eq!(
            count.check(dec!(-1), "-1"),
            Err(KindProblem::NotACount { thousands: None })
        );
        assert_eq!(
            FactKind::Percent.check(dec!(100.5), "100.5"),
            Err(KindProblem::NotAPercent)
        );
        assert_eq!(FactKind::Percent.check(dec!(95.21), "95.21"), Ok(()));
        assert_eq!(FactKind::Number.check(dec!(1.036), "1.036"), Ok(()));
    }

    #[test]
    fn sorted_map_keeps_key_order() {
        let mut m = SortedMap::new();
        for (k, v) in [("1.10", 1), ("1.2", 2), ("0", 4)] {
            assert_eq!(m.insert(k.into(), v), None);
        }
        assert_eq!(
            m.iter().map(|(k, v)| (k.as_str(), *v)).collect::<Vec<_>>(),
            [("0", 4), ("1.10", 1), ("1.2", 2)]
        );
        assert_eq!(m.insert("1.2".into(), 5), Some(2));
        assert_eq!(m.insert("1.15".into(), 6), None);
        assert_eq!(m.get("1.15"), Some(&6));
        assert_eq!(m.get("9"), None);
        assert_eq!(m.len(), 4);
    }

    #[test]
    fn entries_keep_node_order_and_the_later_duplicate() {
        let file = SourceFile::from_string("self/A.toml", String::new());
        let entry = |node: usize, points: i64| SelfEntry {
            node,
            answer: Some(Answer {
                value: AnswerValue::Points(points.into()),
                location: Location::new(&file, 0..0),
            }),
            facts: Facts::new(),
            evidence: Box::new([]),
            attachments: Box::new([]),
            note: None,
            explanation: None,
            rejected: false,
            location: Location::new(&file, 0..0),
        };
        let entries =
            Entries::from_entries(vec![entry(7, 1), entry(2, 2), entry(7, 3), entry(0, 4)]);
        let points = |e: &SelfEntry| match e.answer.as_ref().map(|a| &a.value) {
            Some(AnswerValue::Points(p)) => *p,
            _ => unreachable!(),
        };
        assert_eq!(
            entries
                .iter()
                .map(|e| (e.node, points(e)))
                .collect::<Vec<_>>(),
            [(0, 4.into()), (2, 2.into()), (7, 3.into())]
        );
        assert_eq!(entries.get(2).map(points), Some(2.into()));
        assert!(entries.get(1).is_none() && entries.get(8).is_none());
        assert_eq!(entries.iter().count(), 3);
    }
}
