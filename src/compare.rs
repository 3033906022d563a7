//! What changed in the criteria between two years: blocks, rating scale, and
//! per appendix the criteria added, removed, moved (same title, new code) and
//! changed (title, max, kind, method, options, bands, expressions, inputs,
//! required evidence); the regulation's settings and consequences.
//! Renderers (`report::diff`) print the result.

use rust_decimal::Decimal;

use crate::model::{Band, Criterion, EvidencePolicy, Kind, Method, Regulation, Scheme, Workspace};

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Absent,
    Number(Decimal),
    Text(String),
    Flag(bool),
    /// `(bounds, points)` of each band, bounds as `(gt, gte, lt, lte)`.
    Bands(Vec<BandValue>),
    /// `(label, points)` of each option.
    Options(Vec<(String, Decimal)>),
    List(Vec<String>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct BandValue {
    pub gt: Option<Decimal>,
    pub gte: Option<Decimal>,
    pub lt: Option<Decimal>,
    pub lte: Option<Decimal>,
    pub points: Decimal,
}

impl From<&Band> for BandValue {
    fn from(b: &Band) -> Self {
        BandValue {
            gt: b.gt.map(|d| d.normalize()),
            gte: b.gte.map(|d| d.normalize()),
            lt: b.lt.map(|d| d.normalize()),
            lte: b.lte.map(|d| d.normalize()),
            points: b.points.normalize(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Name,
    Appendix,
    Max,
    Kind,
    Method,
    Options,
    Bands,
    Value,
    Formula,
    Inputs,
    NaAllowed,
    Total,
    Min,
    Evidence,
    AssessedBy,
    Step,
    PointsDecimals,
    IndexDecimals,
    EvidencePolicy,
    Ratings,
    Years,
}

impl Field {
    pub fn key(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Name => "name",
            Field::Appendix => "appendix",
            Field::Max => "max",
            Field::Kind => "kind",
            Field::Method => "method",
            Field::Options => "options",
            Field::Bands => "bands",
            Field::Value => "value",
            Field::Formula => "formula",
            Field::Inputs => "inputs",
            Field::NaAllowed => "na_allowed",
            Field::Total => "total",
            Field::Min => "min",
            Field::Evidence => "evidence",
            Field::AssessedBy => "assessed_by",
            Field::Step => "step",
            Field::PointsDecimals => "points_decimals",
            Field::IndexDecimals => "index_decimals",
            Field::EvidencePolicy => "evidence_policy",
            Field::Ratings => "ratings",
            Field::Years => "years",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub field: Field,
    pub before: Value,
    pub after: Value,
}

/// A criterion present in one year only.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub code: String,
    pub title: String,
    pub max: Decimal,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Moved {
    pub from: String,
    pub to: String,
    pub title: String,
    pub changes: Vec<FieldChange>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Changed {
    pub code: String,
    pub title: String,
    pub changes: Vec<FieldChange>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    Added,
    Removed,
    Kept,
}

/// One appendix (or an overlay on its base), compared.
#[derive(Debug, Clone, PartialEq)]
pub struct AppendixDiff {
    /// `pl1`, or `pl1+pl1a` for an overlay on its base (only the overlay's own
    /// criteria are compared there).
    pub id: String,
    pub title: String,
    pub presence: Presence,
    /// Title and total of the appendix, when they changed.
    pub changes: Vec<FieldChange>,
    pub added: Vec<Node>,
    pub removed: Vec<Node>,
    pub moved: Vec<Moved>,
    pub changed: Vec<Changed>,
}

impl AppendixDiff {
    pub fn is_empty(&self) -> bool {
        self.presence == Presence::Kept
            && self.changes.is_empty()
            && self.added.is_empty()
            && self.removed.is_empty()
            && self.moved.is_empty()
            && self.changed.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct BlockDiff {
    pub id: String,
    pub name: String,
    pub appendix: String,
    pub presence: Presence,
    pub changes: Vec<FieldChange>,
}

/// A rating level or a consequence, known by its label.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledDiff {
    pub label: String,
    pub presence: Presence,
    pub changes: Vec<FieldChange>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CriteriaDiff {
    pub from: i64,
    pub to: i64,
    /// Step, decimals and evidence policy of the regulation.
    pub settings: Vec<FieldChange>,
    pub blocks: Vec<BlockDiff>,
    pub ratings: Vec<LabelledDiff>,
    pub consequences: Vec<LabelledDiff>,
    pub appendices: Vec<AppendixDiff>,
}

impl CriteriaDiff {
    pub fn is_empty(&self) -> bool {
        self.settings.is_empty()
            && self.blocks.is_empty()
            && self.ratings.is_empty()
            && self.consequences.is_empty()
            && self.appendices.is_empty()
    }
}

fn change(field: Field, before: Value, after: Value, out: &mut Vec<FieldChange>) {
    if before != after {
        out.push(FieldChange {
            field,
            before,
            after,
        });
    }
}

fn kind(k: Kind) -> Value {
    Value::Text(k.as_str().into())
}

fn method_parts(c: &Criterion) -> [(Field, Value); 5] {
    let mut options = Value::Absent;
    let mut bands = Value::Absent;
    let mut value = Value::Absent;
    let mut formula = Value::Absent;
    match &c.method {
        Some(Method::Choice(o)) => {
            options = Value::Options(
                o.iter()
                    .map(|o| (o.label.clone(), o.points.normalize()))
                    .collect(),
            )
        }
        Some(Method::Bands { value: v, bands: b }) => {
            bands = Value::Bands(b.iter().map(BandValue::from).collect());
            if let Some(v) = v {
                value = Value::Text(v.text.trim().to_string());
            }
        }
        Some(Method::Formula { formula: f, .. }) => {
            formula = Value::Text(f.text.trim().to_string())
        }
        _ => {}
    }
    let method = c
        .method
        .as_ref()
        .map(|m| Value::Text(m.name().into()))
        .unwrap_or(Value::Absent);
    [
        (Field::Method, method),
        (Field::Options, options),
        (Field::Bands, bands),
        (Field::Value, value),
        (Field::Formula, formula),
    ]
}

/// Field by field, title first.
fn criterion_changes(
    a: &Criterion,
    b: &Criterion,
    with_title: bool,
    years: (i64, i64),
) -> Vec<FieldChange> {
    let mut out = Vec::new();
    if with_title {
        change(
            Field::Title,
            Value::Text(a.title.clone()),
            Value::Text(b.title.clone()),
            &mut out,
        );
    }
    change(
        Field::Max,
        Value::Number(a.max.normalize()),
        Value::Number(b.max.normalize()),
        &mut out,
    );
    change(Field::Kind, kind(a.kind), kind(b.kind), &mut out);
    out.extend(field_changes(
        method_parts(a).to_vec(),
        method_parts(b).to_vec(),
    ));
    let inputs = |c: &Criterion| {
        Value::List(
            c.inputs
                .iter()
                .map(|i| match i.kind {
                    crate::model::FactKind::Number => format!("{} ({})", i.name, i.source.as_str()),
                    // A new type changes what a unit may write: the diff shows it.
                    kind => format!("{} ({}, {})", i.name, i.source.as_str(), kind.as_str()),
                })
                .collect(),
        )
    };
    change(Field::Inputs, inputs(a), inputs(b), &mut out);
    change(
        Field::NaAllowed,
        Value::Flag(a.na_allowed),
        Value::Flag(b.na_allowed),
        &mut out,
    );
    change(
        Field::AssessedBy,
        Value::Text(a.assessed_by.as_str().into()),
        Value::Text(b.assessed_by.as_str().into()),
        &mut out,
    );
    // Evidence texts name the year ("Báo cáo CCHC năm 2024"): a change that only
    // moves those years along is routine, and listing it would bury the real ones.
    // A text kept as it was (right after `new-year`) is no change either.
    let (before, after) = (
        a.evidence.as_deref().map(str::trim),
        b.evidence.as_deref().map(str::trim),
    );
    let moved_on = before.map(|t| shift_years(t, years.1 - years.0));
    if before != after && moved_on.as_deref() != after {
        out.push(FieldChange {
            field: Field::Evidence,
            before: optional_text(&a.evidence),
            after: optional_text(&b.evidence),
        });
    }
    out
}

/// The text with every year in it (four digits standing alone, 1900–2199)
/// moved by `by`: "năm 2023 so với năm 2022" → "năm 2024 so với năm 2023";
/// a number such as 12023 is not a year.
fn shift_years(text: &str, by: i64) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let run = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if run == 0 {
            let len = text[i..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&text[i..i + len]);
            i += len;
            continue;
        }
        let digits = &text[i..i + run];
        match digits.parse::<i64>() {
            Ok(year) if run == 4 && (1900..2200).contains(&year) => {
                out.push_str(&(year + by).to_string())
            }
            _ => out.push_str(digits),
        }
        i += run;
    }
    out
}

fn optional_text(t: &Option<String>) -> Value {
    t.as_ref()
        .map_or(Value::Absent, |t| Value::Text(t.trim().to_string()))
}

fn settings(a: &Regulation, b: &Regulation) -> Vec<FieldChange> {
    let policy = |p: EvidencePolicy| {
        Value::Text(
            match p {
                EvidencePolicy::Warn => "warn",
                EvidencePolicy::Zero => "zero",
            }
            .into(),
        )
    };
    let parts = |r: &Regulation| {
        vec![
            (Field::Step, Value::Number(r.step.normalize())),
            (
                Field::PointsDecimals,
                Value::Number(r.points_decimals.into()),
            ),
            (Field::IndexDecimals, Value::Number(r.index_decimals.into())),
            (Field::EvidencePolicy, policy(r.evidence_policy)),
        ]
    };
    field_changes(parts(a), parts(b))
}

/// The fields that differ, of two lists of the same fields in the same order.
fn field_changes(before: Vec<(Field, Value)>, after: Vec<(Field, Value)>) -> Vec<FieldChange> {
    let mut out = Vec::new();
    for ((field, x), (_, y)) in before.into_iter().zip(after) {
        change(field, x, y, &mut out);
    }
    out
}

/// Items known by their label (rating levels, consequences), compared field by
/// field; a new item lists its fields as added.
fn labelled<T>(
    a: &[T],
    b: &[T],
    label: impl Fn(&T) -> &str,
    parts: impl Fn(&T) -> Vec<(Field, Value)>,
) -> Vec<LabelledDiff> {
    let mut out = Vec::new();
    for x in a {
        match b.iter().find(|y| label(y) == label(x)) {
            None => out.push(LabelledDiff {
                label: label(x).to_string(),
                presence: Presence::Removed,
                changes: Vec::new(),
            }),
            Some(y) => {
                let changes = field_changes(parts(x), parts(y));
                if !changes.is_empty() {
                    out.push(LabelledDiff {
                        label: label(x).to_string(),
                        presence: Presence::Kept,
                        changes,
                    });
                }
            }
        }
    }
    for y in b {
        if !a.iter().any(|x| label(x) == label(y)) {
            out.push(LabelledDiff {
                label: label(y).to_string(),
                presence: Presence::Added,
                changes: parts(y)
                    .into_iter()
                    .map(|(field, after)| FieldChange {
                        field,
                        before: Value::Absent,
                        after,
                    })
                    .collect(),
            });
        }
    }
    out
}

fn node(c: &Criterion) -> Node {
    Node {
        code: c.code.clone(),
        title: c.title.clone(),
        max: c.max,
    }
}

/// Compares two criteria trees; `own` limits the comparison to the nodes an
/// overlay defines (on either side).
fn compare_schemes(
    id: String,
    a: &Scheme,
    b: &Scheme,
    own: Option<&str>,
    years: (i64, i64),
) -> AppendixDiff {
    let counts = |c: &Criterion| own.is_none_or(|o| c.appendix == o);
    let mut d = AppendixDiff {
        id,
        title: b.title.clone(),
        presence: Presence::Kept,
        changes: Vec::new(),
        added: Vec::new(),
        removed: Vec::new(),
        moved: Vec::new(),
        changed: Vec::new(),
    };
    change(
        Field::Title,
        Value::Text(a.title.clone()),
        Value::Text(b.title.clone()),
        &mut d.changes,
    );
    change(
        Field::Total,
        Value::Number(a.max.normalize()),
        Value::Number(b.max.normalize()),
        &mut d.changes,
    );
    let mut removed: Vec<&Criterion> = a
        .nodes
        .iter()
        .filter(|c| counts(c) && b.get(&c.code).is_none())
        .collect();
    let mut added: Vec<&Criterion> = b
        .nodes
        .iter()
        .filter(|c| counts(c) && a.get(&c.code).is_none())
        .collect();
    // A criterion under a new code with the same title has moved.
    removed.retain(
        |r| match added.iter().position(|x| x.title.trim() == r.title.trim()) {
            Some(i) => {
                let x = added.remove(i);
                d.moved.push(Moved {
                    from: r.code.clone(),
                    to: x.code.clone(),
                    title: x.title.clone(),
                    changes: criterion_changes(r, x, false, years),
                });
                false
            }
            None => true,
        },
    );
    d.removed = removed.into_iter().map(node).collect();
    d.added = added.into_iter().map(node).collect();
    for c in &b.nodes {
        let Some(old) = a.get(&c.code) else { continue };
        if !counts(c) && !counts(old) {
            continue;
        }
        let changes = criterion_changes(old, c, true, years);
        if !changes.is_empty() {
            d.changed.push(Changed {
                code: c.code.clone(),
                title: c.title.clone(),
                changes,
            });
        }
    }
    d
}

/// Appendix combinations of a year: each base alone and each overlay on its base.
fn schemes(ws: &Workspace) -> Vec<(String, &Scheme)> {
    ws.schemes
        .iter()
        .filter(|s| s.appendices.len() <= 2)
        .map(|s| (s.appendices.join("+"), s))
        .collect()
}

pub fn diff(a: &Workspace, b: &Workspace) -> CriteriaDiff {
    let mut blocks = Vec::new();
    if let (Some(ra), Some(rb)) = (&a.regulation, &b.regulation) {
        for x in &ra.blocks {
            match rb.block(&x.id) {
                None => blocks.push(BlockDiff {
                    id: x.id.clone(),
                    name: x.name.clone(),
                    appendix: x.appendix.clone(),
                    presence: Presence::Removed,
                    changes: Vec::new(),
                }),
                Some(y) => {
                    let mut changes = Vec::new();
                    change(
                        Field::Name,
                        Value::Text(x.name.clone()),
                        Value::Text(y.name.clone()),
                        &mut changes,
                    );
                    change(
                        Field::Appendix,
                        Value::Text(x.appendix.clone()),
                        Value::Text(y.appendix.clone()),
                        &mut changes,
                    );
                    if !changes.is_empty() {
                        blocks.push(BlockDiff {
                            id: y.id.clone(),
                            name: y.name.clone(),
                            appendix: y.appendix.clone(),
                            presence: Presence::Kept,
                            changes,
                        });
                    }
                }
            }
        }
        for y in rb.blocks.iter().filter(|y| ra.block(&y.id).is_none()) {
            blocks.push(BlockDiff {
                id: y.id.clone(),
                name: y.name.clone(),
                appendix: y.appendix.clone(),
                presence: Presence::Added,
                changes: Vec::new(),
            });
        }
    }
    let (sa, sb) = (schemes(a), schemes(b));
    let mut appendices = Vec::new();
    for (id, x) in &sa {
        let own = (x.appendices.len() == 2).then(|| x.appendices[1].as_str());
        match sb.iter().find(|(j, _)| j == id) {
            None => appendices.push(AppendixDiff {
                id: id.clone(),
                title: x.title.clone(),
                presence: Presence::Removed,
                changes: Vec::new(),
                added: Vec::new(),
                removed: Vec::new(),
                moved: Vec::new(),
                changed: Vec::new(),
            }),
            Some((_, y)) => {
                let d = compare_schemes(id.clone(), x, y, own, (a.year, b.year));
                if !d.is_empty() {
                    appendices.push(d);
                }
            }
        }
    }
    for (id, y) in &sb {
        if !sa.iter().any(|(i, _)| i == id) {
            let own = (y.appendices.len() == 2).then(|| y.appendices[1].as_str());
            appendices.push(AppendixDiff {
                id: id.clone(),
                title: y.title.clone(),
                presence: Presence::Added,
                changes: Vec::new(),
                added: y
                    .nodes
                    .iter()
                    .filter(|c| own.is_none_or(|o| c.appendix == o) && c.parent.is_none())
                    .map(node)
                    .collect(),
                removed: Vec::new(),
                moved: Vec::new(),
                changed: Vec::new(),
            });
        }
    }
    let (settings, ratings, consequences) = match (&a.regulation, &b.regulation) {
        (Some(ra), Some(rb)) => (
            settings(ra, rb),
            labelled(
                &ra.ratings,
                &rb.ratings,
                |r| &r.label,
                |r| vec![(Field::Min, Value::Number(r.min.normalize()))],
            ),
            labelled(
                &ra.consequences,
                &rb.consequences,
                |c| &c.label,
                |c| {
                    vec![
                        (Field::Ratings, Value::List(c.ratings.clone())),
                        (Field::Years, Value::Number(c.years.into())),
                    ]
                },
            ),
        ),
        _ => (Vec::new(), Vec::new(), Vec::new()),
    };
    CriteriaDiff {
        from: a.year,
        to: b.year,
        settings,
        blocks,
        ratings,
        consequences,
        appendices,
    }
}

#[cfg(test)]
mod tests {
    use super::shift_years;

    #[test]
    fn only_years_move() {
        assert_eq!(
            shift_years("Báo cáo năm 2023 so với năm 2022", 1),
            "Báo cáo năm 2024 so với năm 2023"
        );
        assert_eq!(shift_years("Công văn 12023/UBND", 1), "Công văn 12023/UBND");
        assert_eq!(
            shift_years("QĐ 2023/QĐ-UBND ngày 1/2/2023", 2),
            "QĐ 2025/QĐ-UBND ngày 1/2/2025"
        );
        assert_eq!(shift_years("1500 hồ sơ, 2023", 1), "1500 hồ sơ, 2024");
    }
}
