//! Appendix files (`criteria/<year>/<id>.toml`) and the criteria trees built
//! from them: a block's appendix, optionally with overlays (`extends`).

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::sync::Arc;

use rust_decimal::Decimal;
use toml::de::DeValue;

use crate::diagnostic::{Code, Diagnostic, Diagnostics, Location};
use crate::expr::{ExprFailure, Expression};
use crate::i18n::{Msg, ValueType};
use crate::load::toml::{self as t, Fields, Table};
use crate::model::{
    AssessedBy, Band, Check, CheckLevel, ChoiceOption, Criterion, FactKind, HashMap, Input,
    InputSource, Kind, Method, Scheme,
};
use crate::source::{SourceFile, Span};

const FILE_KEYS: &[&str] = &["id", "title", "total", "extends", "check", "c"];
const NODE_KEYS: &[&str] = &[
    "title",
    "max",
    "kind",
    "method",
    "options",
    "bands",
    "inputs",
    "value",
    "formula",
    "evidence",
    "guide",
    "reference",
    "na_allowed",
    "step",
    "assessed_by",
    "removed",
    "checks",
    "value_type",
    "target",
];

/// One appendix file as written, before merging.
#[derive(Debug)]
pub struct AppendixFile {
    pub id: String,
    pub title: String,
    pub total: Option<(Decimal, Span)>,
    pub extends: Option<(String, Span)>,
    /// `[[check]]`: relations for every leaf that has all their facts.
    pub checks: Vec<Check>,
    pub nodes: Vec<RawNode>,
    pub file: Arc<SourceFile>,
}

#[derive(Debug, Clone)]
pub struct RawNode {
    pub code: String,
    pub location: Location,
    /// `None` when the node is `removed = true`.
    pub def: Option<NodeDef>,
}

#[derive(Debug, Clone)]
pub struct NodeDef {
    pub title: String,
    pub max: Decimal,
    pub max_span: Span,
    pub kind: Option<(Kind, Span)>,
    pub method: Option<(Method, Span)>,
    pub inputs: Vec<Input>,
    pub checks: Vec<Check>,
    pub value_kind: FactKind,
    pub target: Option<String>,
    pub evidence: Option<String>,
    pub guide: Option<String>,
    pub reference: Option<String>,
    pub na_allowed: bool,
    pub step: Option<Decimal>,
    pub assessed_by: Option<AssessedBy>,
}

/// Natural order of codes: `1.2` < `1.10`, numbers before words.
pub fn compare_codes(a: &str, b: &str) -> Ordering {
    let mut x = a.split('.');
    let mut y = b.split('.');
    loop {
        match (x.next(), y.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(p), Some(q)) => {
                let o = match (p.parse::<u64>(), q.parse::<u64>()) {
                    (Ok(m), Ok(n)) => m.cmp(&n).then(p.len().cmp(&q.len())),
                    (Ok(_), Err(_)) => Ordering::Less,
                    (Err(_), Ok(_)) => Ordering::Greater,
                    (Err(_), Err(_)) => p.cmp(q),
                };
                if o != Ordering::Equal {
                    return o;
                }
            }
        }
    }
}

pub fn parent_code(code: &str) -> Option<&str> {
    code.rsplit_once('.').map(|(p, _)| p)
}

fn valid_code(code: &str) -> bool {
    !code.is_empty()
        && code
            .split('.')
            .all(|s| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric()))
}

pub fn load(file: &Arc<SourceFile>, diags: &mut Diagnostics) -> Option<AppendixFile> {
    let doc = t::parse(file, diags)?;
    let anchor = 0..0;
    let top = Table::new(file, &doc, &anchor);
    top.check_keys(FILE_KEYS, diags);
    let (id, _) = top.required_string("id", diags)?;
    let title = top.string("title", diags).map(|s| s.0).unwrap_or_default();
    let total = top.decimal("total", diags);
    let extends = top.string("extends", diags);
    if total.is_none() && extends.is_none() && top.get("total").is_none() {
        top.missing("total", diags);
    }
    let mut nodes = Vec::new();
    if top.get("c").is_none() {
        top.missing("c", diags);
    }
    for (code, span, tbl) in top.keyed_tables("c", diags) {
        let code = code.to_string();
        let location = Location::new(file, span.clone());
        if !valid_code(&code) {
            diags.push(
                Diagnostic::new(Code::InvalidCode, Msg::InvalidCode(code.clone())).at(file, span),
            );
            continue;
        }
        let node = Table::new(file, tbl, &span);
        node.check_keys(NODE_KEYS, diags);
        if node.bool("removed", diags).is_some_and(|r| r.0) {
            if extends.is_none() {
                diags.push(
                    Diagnostic::new(Code::Overlay, Msg::RemovedOutsideOverlay(code.clone()))
                        .at(file, span),
                );
            }
            nodes.push(RawNode {
                code,
                location,
                def: None,
            });
            continue;
        }
        if let Some(def) = read_node(&node, &code, diags) {
            nodes.push(RawNode {
                code,
                location,
                def: Some(def),
            });
        }
    }
    // Compiled against every fact of the file's criteria; each applies to the
    // leaves that have all the facts it reads.
    let facts: Vec<Input> = nodes
        .iter()
        .filter_map(|n| n.def.as_ref())
        .flat_map(|d| d.inputs.iter().cloned())
        .fold(Vec::new(), |mut all, i| {
            if !all.iter().any(|x: &Input| x.name == i.name) {
                all.push(i);
            }
            all
        });
    let mut checks = Vec::new();
    for (tbl, span) in top.tables("check", diags) {
        let t = Table::new(file, tbl, &span);
        if let Some(check) = read_check(&t, &facts, diags) {
            checks.push(check);
        }
    }
    Some(AppendixFile {
        id,
        title,
        total,
        extends,
        checks,
        nodes,
        file: Arc::clone(file),
    })
}

fn read_node(node: &Table<'_, '_>, code: &str, diags: &mut Diagnostics) -> Option<NodeDef> {
    let file = node.file;
    let title = node
        .required_string("title", diags)
        .map(|s| s.0)
        .unwrap_or_default();
    let (max, max_span) = node.required_decimal("max", diags)?;
    if max < Decimal::ZERO {
        diags.push(
            Diagnostic::new(Code::InvalidNumber, Msg::NegativeNumber("max".into()))
                .at(file, max_span.clone()),
        );
        return None;
    }
    let kind = node
        .string("kind", diags)
        .and_then(|(k, span)| match k.as_str() {
            "bonus" => Some((Kind::Bonus, span)),
            "deduction" => Some((Kind::Deduction, span)),
            "ordinary" => Some((Kind::Ordinary, span)),
            _ => {
                diags.push(
                    Diagnostic::new(Code::InvalidValue, Msg::UnknownKind(k.clone()))
                        .at(file, span)
                        .hint_opt(
                            t::closest(&k, ["bonus", "deduction"])
                                .map(|s| Msg::DidYouMean(s.into())),
                        ),
                );
                None
            }
        });
    let step_override = node.decimal("step", diags).map(|s| s.0);
    let assessed_by = node
        .string("assessed_by", diags)
        .and_then(|(a, span)| match a.as_str() {
            "unit" => Some(AssessedBy::Unit),
            "council" => Some(AssessedBy::Council),
            _ => {
                diags.push(
                    Diagnostic::new(Code::InvalidValue, Msg::UnknownAssessedBy(a.clone()))
                        .at(file, span)
                        .hint_opt(
                            t::closest(&a, ["unit", "council"]).map(|s| Msg::DidYouMean(s.into())),
                        ),
                );
                None
            }
        });
    let inputs = read_inputs(node, diags);
    let method = read_method(node, code, max, &inputs, diags);
    let checks = read_checks(node, &inputs, diags);
    let value_kind = match node.string("value_type", diags) {
        None => FactKind::Number,
        Some((s, span)) => fact_kind(file, &s, span, diags),
    };
    // `target`: the input holding the unit's own target, shown by `explain`
    // next to the rate (a computed leaf only).
    let target = node.string("target", diags).and_then(|(name, span)| {
        let computed = method.as_ref().is_some_and(|m| m.0.is_computed());
        if computed
            && inputs
                .iter()
                .any(|i| i.name == name && i.source != InputSource::Subordinates)
        {
            return Some(name);
        }
        diags.push(
            Diagnostic::new(Code::TargetNotInput, Msg::TargetNotInput(name))
                .at(file, span)
                .criterion(code)
                .hint(Msg::TargetNotInputHint),
        );
        None
    });
    let na_allowed = node.bool("na_allowed", diags).is_some_and(|b| b.0);
    if na_allowed
        && let Some((m, span)) = &method
        && m.is_computed()
    {
        diags.push(
            Diagnostic::new(Code::MethodConfig, Msg::NaAllowedOnComputed).at(file, span.clone()),
        );
    }
    Some(NodeDef {
        title,
        max,
        max_span,
        kind,
        method,
        inputs,
        checks,
        value_kind,
        target,
        evidence: node.text("evidence", diags),
        guide: node.text("guide", diags),
        reference: node.text("reference", diags),
        na_allowed,
        step: step_override,
        assessed_by,
    })
}

fn read_inputs(node: &Table<'_, '_>, diags: &mut Diagnostics) -> Vec<Input> {
    let file = node.file;
    let Some((tbl, _)) = node.table("inputs", diags) else {
        return Vec::new();
    };
    let mut inputs = Vec::new();
    for (key, value) in tbl.iter() {
        let name = key.get_ref().to_string();
        if !is_identifier(&name) || crate::expr::function(&name).is_some() || name == "max" {
            diags.push(
                Diagnostic::new(Code::InvalidValue, Msg::InvalidInputName(name.clone()))
                    .at(file, key.span()),
            );
            continue;
        }
        let (label, source, kind) = match value.get_ref() {
            DeValue::String(s) => (s.to_string(), InputSource::Reported, FactKind::Number),
            DeValue::Table(t) => {
                let span = key.span();
                let it = Table::new(file, t, &span);
                it.check_keys(&["label", "source", "type"], diags);
                let label = it
                    .string("label", diags)
                    .map(|s| s.0)
                    .unwrap_or_else(|| name.clone());
                let source = match it.string("source", diags) {
                    None => InputSource::Reported,
                    Some((s, span)) => match s.as_str() {
                        "self" => InputSource::Reported,
                        "data" => InputSource::Data,
                        "subordinates" => InputSource::Subordinates,
                        _ => {
                            diags.push(
                                Diagnostic::new(Code::InvalidValue, Msg::UnknownSource(s.clone()))
                                    .at(file, span)
                                    .hint_opt(
                                        t::closest(&s, ["self", "data", "subordinates"])
                                            .map(|c| Msg::DidYouMean(c.into())),
                                    ),
                            );
                            InputSource::Reported
                        }
                    },
                };
                let kind = match it.string("type", diags) {
                    None => FactKind::Number,
                    Some((s, span)) => fact_kind(file, &s, span, diags),
                };
                (label, source, kind)
            }
            other => {
                diags.push(
                    Diagnostic::new(
                        Code::WrongType,
                        Msg::WrongType {
                            key: name.clone(),
                            expected: ValueType::Table,
                            found: t::value_type(other),
                        },
                    )
                    .at(file, value.span()),
                );
                continue;
            }
        };
        inputs.push(Input {
            name,
            label,
            source,
            kind,
        });
    }
    inputs
}

/// `type` of an input, `value_type` of a leaf.
fn fact_kind(file: &Arc<SourceFile>, s: &str, span: Span, diags: &mut Diagnostics) -> FactKind {
    FactKind::parse(s).unwrap_or_else(|| {
        diags.push(
            Diagnostic::new(Code::InvalidValue, Msg::UnknownFactKind(s.to_string()))
                .at(file, span)
                .hint_opt(
                    t::closest(s, ["count", "percent", "number"])
                        .map(|c| Msg::DidYouMean(c.into())),
                ),
        );
        FactKind::Number
    })
}

/// `checks` of a node: rules (strings, errors when violated) or tables
/// `{ rule = "...", level = "warning" }`.
fn read_checks(node: &Table<'_, '_>, inputs: &[Input], diags: &mut Diagnostics) -> Vec<Check> {
    let file = node.file;
    let Some((items, _)) = node.array("checks", diags) else {
        return Vec::new();
    };
    let mut checks = Vec::new();
    for item in items.iter() {
        let span = item.span();
        let check = match item.get_ref() {
            DeValue::String(rule) => {
                compile(file, rule, span, inputs, &[], diags).map(|rule| Check {
                    facts: rule.variables(),
                    rule,
                    level: CheckLevel::Error,
                })
            }
            DeValue::Table(tbl) => read_check(&Table::new(file, tbl, &span), inputs, diags),
            other => {
                diags.push(
                    Diagnostic::new(
                        Code::WrongType,
                        Msg::WrongType {
                            key: "checks".into(),
                            expected: ValueType::String,
                            found: t::value_type(other),
                        },
                    )
                    .at(file, span),
                );
                None
            }
        };
        checks.extend(check);
    }
    checks
}

/// A check written as a table: `rule` and optionally `level`.
fn read_check(tbl: &Table<'_, '_>, inputs: &[Input], diags: &mut Diagnostics) -> Option<Check> {
    tbl.check_keys(&["rule", "level"], diags);
    let level = match tbl.string("level", diags) {
        None => CheckLevel::Error,
        Some((l, span)) => match l.as_str() {
            "error" => CheckLevel::Error,
            "warning" => CheckLevel::Warning,
            _ => {
                diags.push(
                    Diagnostic::new(Code::InvalidValue, Msg::UnknownCheckLevel(l.clone()))
                        .at(tbl.file, span)
                        .hint_opt(
                            t::closest(&l, ["error", "warning"]).map(|c| Msg::DidYouMean(c.into())),
                        ),
                );
                CheckLevel::Error
            }
        },
    };
    let (text, span) = tbl.required_string("rule", diags)?;
    let rule = compile(tbl.file, &text, span, inputs, &[], diags)?;
    Some(Check {
        facts: rule.variables(),
        rule,
        level,
    })
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn read_method(
    node: &Table<'_, '_>,
    code: &str,
    max: Decimal,
    inputs: &[Input],
    diags: &mut Diagnostics,
) -> Option<(Method, Span)> {
    let file = node.file;
    let (name, span) = node.string("method", diags)?;
    let in_range = |points: Decimal, span: Span, diags: &mut Diagnostics| {
        if points < Decimal::ZERO || points > max {
            diags.push(
                Diagnostic::new(Code::OutOfRange, Msg::PointsOutOfRange { points, max })
                    .at(file, span),
            );
        }
    };
    let method = match name.as_str() {
        "manual" => Method::Manual,
        "yes_no" => Method::YesNo,
        "choice" => {
            let mut options: Vec<ChoiceOption> = Vec::new();
            for (tbl, ospan) in node.tables("options", diags) {
                let o = Table::new(file, tbl, &ospan);
                o.check_keys(&["label", "points"], diags);
                let (Some((label, lspan)), Some((points, pspan))) = (
                    o.required_string("label", diags),
                    o.required_decimal("points", diags),
                ) else {
                    continue;
                };
                in_range(points, pspan, diags);
                if options.iter().any(|x| x.label == label) {
                    diags.push(
                        Diagnostic::new(Code::Duplicate, Msg::DuplicateOption(label.clone()))
                            .at(file, lspan),
                    );
                    continue;
                }
                options.push(ChoiceOption { label, points });
            }
            if options.is_empty() {
                diags.push(
                    Diagnostic::new(Code::MethodConfig, Msg::ChoiceWithoutOptions)
                        .at(file, span.clone()),
                );
            }
            Method::Choice(options)
        }
        "bands" => {
            let mut bands = Vec::new();
            for (tbl, bspan) in node.tables("bands", diags) {
                let b = Table::new(file, tbl, &bspan);
                b.check_keys(&["gt", "gte", "lt", "lte", "points"], diags);
                let Some((points, pspan)) = b.required_decimal("points", diags) else {
                    continue;
                };
                in_range(points, pspan, diags);
                bands.push(Band {
                    gt: b.decimal("gt", diags).map(|v| v.0),
                    gte: b.decimal("gte", diags).map(|v| v.0),
                    lt: b.decimal("lt", diags).map(|v| v.0),
                    lte: b.decimal("lte", diags).map(|v| v.0),
                    points,
                });
            }
            if bands.is_empty() {
                diags.push(
                    Diagnostic::new(Code::MethodConfig, Msg::BandsWithoutBands)
                        .at(file, span.clone()),
                );
            }
            let facts: Vec<&Input> = inputs
                .iter()
                .filter(|i| i.source != InputSource::Subordinates)
                .collect();
            let value = match node.string("value", diags) {
                Some((text, vspan)) => Some(compile(file, &text, vspan, inputs, &[], diags)?),
                None if facts.len() == 1 => None,
                None => {
                    diags.push(
                        Diagnostic::new(Code::MethodConfig, Msg::BandsNeedValue(facts.len()))
                            .at(file, span.clone()),
                    );
                    return None;
                }
            };
            Method::Bands { value, bands }
        }
        "formula" => {
            let Some((text, fspan)) = node.string("formula", diags) else {
                if node.get("formula").is_none() {
                    node.missing("formula", diags);
                }
                return None;
            };
            // `value`, when given, is computed first and read by the formula as `value`.
            let value = match node.string("value", diags) {
                Some((vtext, vspan)) => Some(compile(file, &vtext, vspan, inputs, &[], diags)?),
                None => None,
            };
            let extra: &[&str] = if value.is_some() { &["value"] } else { &[] };
            if value.is_some()
                && let Some(i) = inputs.iter().find(|i| i.name == "value")
            {
                diags.push(
                    Diagnostic::new(Code::InvalidValue, Msg::InvalidInputName(i.name.clone()))
                        .at(file, span.clone())
                        .criterion(code),
                );
                return None;
            }
            Method::Formula {
                formula: compile(file, &text, fspan, inputs, extra, diags)?,
                value,
            }
        }
        _ => {
            diags.push(
                Diagnostic::new(Code::InvalidValue, Msg::UnknownMethod(name.clone()))
                    .at(file, span)
                    .hint_opt(
                        t::closest(&name, ["manual", "yes_no", "choice", "bands", "formula"])
                            .map(|c| Msg::DidYouMean(c.into())),
                    ),
            );
            return None;
        }
    };
    // Keys that belong to another method are almost always a mistake.
    let stray: &[&str] = match method {
        Method::Manual | Method::YesNo => &["options", "bands", "value", "formula"],
        Method::Choice(_) => &["bands", "value", "formula"],
        Method::Bands { .. } => &["options", "formula"],
        Method::Formula { .. } => &["options", "bands"],
    };
    for key in stray {
        if let Some(v) = node.get(key) {
            diags.push(
                Diagnostic::new(
                    Code::MethodConfig,
                    Msg::KeyNotForMethod {
                        key: key.to_string(),
                        method: method.name(),
                    },
                )
                .at(file, v.span())
                .criterion(code),
            );
        }
    }
    Some((method, span))
}

fn compile(
    file: &Arc<SourceFile>,
    text: &str,
    span: Span,
    inputs: &[Input],
    extra: &[&str],
    diags: &mut Diagnostics,
) -> Option<Arc<Expression>> {
    let mut vars: Vec<&str> = inputs
        .iter()
        .filter(|i| i.source != InputSource::Subordinates)
        .map(|i| i.name.as_str())
        .collect();
    vars.push("max");
    vars.extend_from_slice(extra);
    match Expression::compile(text, &vars, file, span) {
        Ok(e) => Some(Arc::new(e)),
        Err(e) => {
            let hint = match &e.failure {
                ExprFailure::NonAsciiName { ascii, .. } => Msg::ExpressionAsciiName(ascii.clone()),
                _ => Msg::ExpressionVariables(vars.iter().map(|s| s.to_string()).collect()),
            };
            diags.push(
                Diagnostic::new(Code::Expression, Msg::ExpressionCompile(e.failure))
                    .at_location(Some(&e.location))
                    .hint(hint),
            );
            None
        }
    }
}

/// Builds the criteria tree of `base` with `overlays` applied in order, and
/// checks it (docs/format.md, Appendix). Diagnostics may repeat across schemes sharing files;
/// the caller de-duplicates.
pub fn build_scheme(
    base: &AppendixFile,
    overlays: &[&AppendixFile],
    regulation_step: Decimal,
    diags: &mut Diagnostics,
) -> Scheme {
    // code → (definition, appendix id, location)
    let mut merged: BTreeMap<String, (NodeDef, String, Location)> = BTreeMap::new();
    for n in &base.nodes {
        if let Some(def) = &n.def {
            if merged.contains_key(&n.code) {
                diags.push(
                    Diagnostic::new(Code::Duplicate, Msg::DuplicateCode(n.code.clone()))
                        .at_location(Some(&n.location)),
                );
                continue;
            }
            merged.insert(
                n.code.clone(),
                (def.clone(), base.id.clone(), n.location.clone()),
            );
        }
    }
    for overlay in overlays {
        for n in &overlay.nodes {
            match &n.def {
                None => {
                    if !merged.contains_key(&n.code) {
                        diags.push(
                            Diagnostic::new(
                                Code::Overlay,
                                Msg::RemovedUnknown {
                                    code: n.code.clone(),
                                    base: base.id.clone(),
                                },
                            )
                            .at_location(Some(&n.location)),
                        );
                    }
                    let prefix = format!("{}.", n.code);
                    merged.retain(|c, _| c != &n.code && !c.starts_with(&prefix));
                }
                Some(def) => {
                    merged.insert(
                        n.code.clone(),
                        (def.clone(), overlay.id.clone(), n.location.clone()),
                    );
                }
            }
        }
    }

    let mut codes: Vec<String> = merged.keys().cloned().collect();
    codes.sort_by(|a, b| compare_codes(a, b));
    let by_code: HashMap<String, usize> = codes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.clone(), i))
        .collect();
    let mut nodes: Vec<Criterion> = Vec::with_capacity(codes.len());
    let mut roots = Vec::new();
    let mut max_spans: Vec<(Arc<SourceFile>, Span)> = Vec::with_capacity(codes.len());
    for (i, code) in codes.iter().enumerate() {
        let (def, appendix, location) = merged.remove(code).expect("code from keys");
        let parent = match parent_code(code) {
            None => None,
            Some(p) => match by_code.get(p) {
                Some(&pi) => Some(pi),
                None => {
                    diags.push(
                        Diagnostic::new(
                            Code::MissingParent,
                            Msg::MissingParent {
                                code: code.clone(),
                                parent: p.to_string(),
                            },
                        )
                        .at_location(Some(&location)),
                    );
                    None
                }
            },
        };
        let inherited_kind = parent.map(|p| nodes[p].kind);
        let kind = match (inherited_kind, &def.kind) {
            (None, Some((k, _))) => *k,
            (None, None) => Kind::Ordinary,
            (Some(k), None) => k,
            (Some(k), Some((own, span))) => {
                if *own != k {
                    diags.push(
                        Diagnostic::new(Code::KindMisplaced, Msg::KindNotTopLevel(code.clone()))
                            .at(&location.file, span.clone()),
                    );
                }
                k
            }
        };
        let step = def
            .step
            .or_else(|| parent.map(|p| nodes[p].step))
            .unwrap_or(regulation_step);
        let assessed_by = def
            .assessed_by
            .or_else(|| parent.map(|p| nodes[p].assessed_by))
            .unwrap_or_default();
        let depth = parent.map(|p| nodes[p].depth + 1).unwrap_or(0);
        if let Some(p) = parent {
            nodes[p].children.push(i);
        } else {
            roots.push(i);
        }
        max_spans.push((Arc::clone(&location.file), def.max_span.clone()));
        nodes.push(Criterion {
            code: code.clone(),
            title: def.title,
            max: def.max,
            kind,
            method: def.method.map(|m| m.0),
            inputs: def.inputs,
            checks: def.checks,
            value_kind: def.value_kind,
            target: def.target,
            evidence: def.evidence,
            guide: def.guide,
            reference: def.reference,
            na_allowed: def.na_allowed,
            assessed_by,
            step,
            parent,
            children: Vec::new(),
            depth,
            appendix,
            location,
        });
    }

    let file_checks: Vec<&Check> = std::iter::once(base)
        .chain(overlays.iter().copied())
        .flat_map(|a| &a.checks)
        .collect();
    for i in 0..nodes.len() {
        let node = &nodes[i];
        if node.is_leaf() {
            // The appendices' checks, on each leaf that has every fact they read.
            let applies = |c: &Check| {
                c.facts.iter().any(|f| f != "max")
                    && c.facts
                        .iter()
                        .all(|f| f == "max" || node.fact_inputs().any(|i| &i.name == f))
            };
            let more: Vec<Check> = file_checks
                .iter()
                .filter(|c| applies(c))
                .map(|&c| c.clone())
                .collect();
            nodes[i].checks.extend(more);
            if nodes[i].method.is_none() {
                nodes[i].method = Some(Method::Manual);
            }
            continue;
        }
        let sum: Decimal = node.children.iter().map(|&c| nodes[c].max).sum();
        let (file, span) = &max_spans[i];
        if node.kind == Kind::Ordinary && sum != node.max {
            diags.push(
                Diagnostic::new(
                    Code::SumMismatch,
                    Msg::SumMismatch {
                        code: node.code.clone(),
                        max: node.max,
                        sum,
                    },
                )
                .at(file, span.clone())
                .label(Msg::ChildrenSum(sum)),
            );
        }
        if node.method.is_some() {
            diags.push(
                Diagnostic::new(Code::MethodOnBranch, Msg::MethodOnBranch(node.code.clone()))
                    .at_location(Some(&node.location)),
            );
            nodes[i].method = None;
        }
    }

    let max: Decimal = roots
        .iter()
        .filter(|&&r| nodes[r].kind == Kind::Ordinary)
        .map(|&r| nodes[r].max)
        .sum();
    let declared = overlays
        .iter()
        .rev()
        .find_map(|o| o.total.clone().map(|t| (t, &o.file)))
        .or_else(|| base.total.clone().map(|t| (t, &base.file)));
    // Overlays that keep the base's `total` but change its areas: the mistake
    // (a missing `total`) is in the last overlay.
    let base_sum: Decimal = base
        .nodes
        .iter()
        .filter(|n| parent_code(&n.code).is_none())
        .filter_map(|n| n.def.as_ref())
        .filter(|d| d.kind.as_ref().is_none_or(|k| k.0 == Kind::Ordinary))
        .map(|d| d.max)
        .sum();
    let silent_overlay = overlays.last().filter(|_| {
        overlays.iter().all(|o| o.total.is_none())
            && base.total.as_ref().is_some_and(|t| t.0 == base_sum)
    });
    if let Some(((total, span), file)) = declared
        && total != max
    {
        let d = Diagnostic::new(Code::TotalMismatch, Msg::TotalMismatch { total, sum: max });
        diags.push(match silent_overlay {
            Some(o) => d
                .at(&o.file, o.extends.as_ref().map_or(0..0, |e| e.1.clone()))
                .hint(Msg::OverlayTotalHint(max)),
            None => d.at(file, span).label(Msg::ChildrenSum(max)),
        });
    }

    let mut appendices = vec![base.id.clone()];
    appendices.extend(overlays.iter().map(|o| o.id.clone()));
    let title = overlays
        .last()
        .map(|o| o.title.clone())
        .unwrap_or_else(|| base.title.clone());
    Scheme {
        appendices,
        title,
        nodes,
        by_code,
        roots,
        max,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_code_order() {
        let mut v = vec!["1.10", "1.9", "2", "1", "1.2.1", "10", "1.2"];
        v.sort_by(|a, b| compare_codes(a, b));
        assert_eq!(v, ["1", "1.2", "1.2.1", "1.9", "1.10", "2", "10"]);
    }
}
