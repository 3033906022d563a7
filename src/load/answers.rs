//! Self-assessments (`scores/<year>/self/<UNIT>.toml`) and appraisal
//! adjustments (`scores/<year>/appraisal/<UNIT>.toml`), checked against the
//! unit's criteria tree.

use std::sync::Arc;

use rust_decimal::Decimal;

use crate::diagnostic::{Code, Diagnostic, Diagnostics, Location};
use crate::i18n::{EvidenceMsg, Msg};
use crate::load::fast;
use crate::load::toml::{self as t, Fields, General, Table, Tables};
use crate::model::{
    Adjustment, Answer, AnswerValue, Appraisal, AssessedBy, ChoiceOption, Criterion, Entries, Fact,
    Facts, Input, KindProblem, Method, Ruling, Scheme, SelfAssessment, SelfEntry,
};
use crate::num;
use crate::source::{SourceFile, Span};

const SELF_KEYS: &[&str] = &["unit", "submitted", "c"];
const ENTRY_KEYS: &[&str] = &[
    "points",
    "yes",
    "choice",
    "facts",
    "na",
    "evidence",
    "attachments",
    "note",
    "explanation",
];
const ATTACHMENT_KEYS: &[&str] = &["file", "title", "sha256", "size"];
const APPRAISAL_KEYS: &[&str] = &["unit", "adjust"];
const ADJUST_KEYS: &[&str] = &[
    "code", "round", "points", "yes", "choice", "facts", "na", "accept", "reason", "by",
    "evidence", "note",
];

/// Which reader reads an answer file's TOML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// The fast reader when it accepts the file, else the general one.
    Fast,
    /// Always the general reader.
    General,
}

/// Reads the `unit` key and checks it against the file's name.
fn check_unit(top: &impl Fields, expected: &str, diags: &mut Diagnostics) {
    if let Some((unit, span)) = top.required_string("unit", diags)
        && unit != expected
    {
        diags.push(
            Diagnostic::new(
                Code::UnitMismatch,
                Msg::UnitMismatch {
                    found: unit,
                    expected: expected.to_string(),
                },
            )
            .at(top.file(), span)
            .unit(expected),
        );
    }
}

pub fn load_self(
    file: &Arc<SourceFile>,
    unit: &str,
    scheme: Option<&Scheme>,
    diags: &mut Diagnostics,
) -> Option<SelfAssessment> {
    load_self_with(Reader::Fast, file, unit, scheme, diags)
}

pub fn load_self_with(
    reader: Reader,
    file: &Arc<SourceFile>,
    unit: &str,
    scheme: Option<&Scheme>,
    diags: &mut Diagnostics,
) -> Option<SelfAssessment> {
    naming_unit(unit, diags, |diags| {
        fast::read_top!(reader, file, diags, |top| {
            self_from(top, file, unit, scheme, diags)
        })
    })
}

/// Runs `read` on diagnostics of its own, then gives them the answer file's
/// unit where they name none (so `check --unit` and unit commands count them).
fn naming_unit<T>(
    unit: &str,
    diags: &mut Diagnostics,
    read: impl FnOnce(&mut Diagnostics) -> T,
) -> T {
    let mut local = Diagnostics::default();
    let result = read(&mut local);
    diags.extend(
        local
            .items
            .into_iter()
            .map(|d| if d.unit.is_none() { d.unit(unit) } else { d }),
    );
    result
}

fn self_from(
    top: impl Tables,
    file: &Arc<SourceFile>,
    unit: &str,
    scheme: Option<&Scheme>,
    diags: &mut Diagnostics,
) -> SelfAssessment {
    top.check_keys(SELF_KEYS, diags);
    check_unit(&top, unit, diags);
    let submitted = top.date("submitted", diags);
    let entries = entries_from(&top, "c", scheme, diags);
    SelfAssessment {
        unit: unit.to_string(),
        submitted,
        entries,
        file: Arc::clone(file),
    }
}

/// The answers of a table keyed by criterion code (`[case.answers."1.1.1"]`
/// in a regulation test case).
pub fn read_entries(
    parent: &Table<'_, '_>,
    key: &str,
    scheme: Option<&Scheme>,
    diags: &mut Diagnostics,
) -> Entries {
    entries_from(&General::of(parent), key, scheme, diags)
}

/// The answers of a table keyed by criterion code (`[c."1.1.1"]` in a
/// self-assessment).
fn entries_from(
    parent: &impl Tables,
    key: &str,
    scheme: Option<&Scheme>,
    diags: &mut Diagnostics,
) -> Entries {
    let file = parent.file();
    let tables = parent.keyed_tables(key, diags);
    let mut entries = Vec::with_capacity(tables.len());
    for (code, span, entry) in tables {
        entry.check_keys(ENTRY_KEYS, diags);
        let Some((node, leaf)) = leaf_for(scheme, code, file, &span, diags) else {
            continue;
        };
        let before = diags.items.len();
        let (answer, facts) = if leaf.assessed_by == AssessedBy::Council {
            refuse_council_answer(&entry, leaf, diags);
            (None, Facts::new())
        } else {
            read_answer(&entry, leaf, diags)
        };
        let rejected = diags.items[before..].iter().any(Diagnostic::is_error);
        entries.push(SelfEntry {
            node,
            answer,
            facts,
            evidence: entry
                .str_items("evidence", diags)
                .iter()
                .map(|&(s, _)| Box::from(s))
                .collect(),
            attachments: read_attachments(&entry, diags),
            note: entry.text("note", diags).map(String::into_boxed_str),
            explanation: entry.text("explanation", diags).map(String::into_boxed_str),
            rejected,
            location: Location::new(file, span),
        });
    }
    Entries::from_entries(entries)
}

/// `attachments = [{ file, title, sha256, size }]`, each well formed and
/// naming a plain file name (the files themselves are checked by
/// [`super::attachments`]). A malformed one is reported and left out.
fn read_attachments(
    entry: &impl Tables,
    diags: &mut Diagnostics,
) -> Box<[(crate::model::Attachment, Location)]> {
    if entry.span_of("attachments").is_none() {
        return Box::new([]);
    }
    let file = entry.file();
    let mut out = Vec::new();
    for (a, span) in entry.tables("attachments", diags) {
        let a = a.anchored(span.clone());
        a.check_keys(ATTACHMENT_KEYS, diags);
        let name = a.required_string("file", diags);
        let sha256 = a.required_string("sha256", diags);
        let size = a.count("size", diags);
        if size.is_none() && a.span_of("size").is_none() {
            a.missing("size", diags);
        }
        let title = a.text("title", diags);
        let (Some((name, name_span)), Some((sha256, sha_span)), Some((size, _))) =
            (name, sha256, size)
        else {
            continue;
        };
        if !super::attachments::plain_name(&name) {
            diags.push(
                Diagnostic::new(
                    Code::AttachmentName,
                    Msg::Evidence(EvidenceMsg::NotPlainName(name)),
                )
                .at(file, name_span),
            );
            continue;
        }
        if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
            diags.push(
                Diagnostic::new(
                    Code::AttachmentSha256,
                    Msg::Evidence(EvidenceMsg::NotSha256(sha256)),
                )
                .at(file, sha_span),
            );
            continue;
        }
        let attachment = crate::model::Attachment {
            title: title.unwrap_or_else(|| name.clone()),
            file: name,
            sha256: sha256.to_ascii_lowercase(),
            size: u64::from(size),
        };
        out.push((attachment, Location::new(file, span)));
    }
    out.into_boxed_slice()
}

/// A criterion the council scores has no answer from the unit (a deduction it
/// suggested to itself would count): the first answer key is an error, and the
/// entry keeps only its evidence, note and explanation.
fn refuse_council_answer(entry: &impl Fields, leaf: &Criterion, diags: &mut Diagnostics) {
    let answered = ["points", "yes", "choice", "na", "facts"]
        .into_iter()
        .filter_map(|k| Some((k, entry.span_of(k)?)))
        .min_by_key(|(_, span)| span.start);
    if let Some((key, span)) = answered {
        diags.push(
            Diagnostic::new(
                Code::CouncilCriterion,
                Msg::CouncilCriterion {
                    code: leaf.code.clone(),
                    key: key.to_string(),
                },
            )
            .at(entry.file(), span)
            .hint(Msg::CouncilCriterionHint)
            .criterion(&leaf.code),
        );
    }
}

/// The option a label means when typed without diacritics or in another case,
/// else every option: options differ in a word ("đến hết ngày" / "sau ngày"), so
/// the closest label by spelling may mean the opposite.
fn option_hint(wanted: &str, options: &[ChoiceOption]) -> Msg {
    let folded = crate::text::fold(wanted);
    let mut same = options
        .iter()
        .filter(|o| crate::text::fold(&o.label) == folded);
    match (same.next(), same.next()) {
        (Some(o), None) => Msg::DidYouMean(o.label.clone()),
        _ => Msg::ValidOptions(options.iter().map(|o| o.label.clone()).collect()),
    }
}

/// The leaf a code names in the unit's tree, or a diagnostic.
fn leaf_for<'s>(
    scheme: Option<&'s Scheme>,
    code: &str,
    file: &Arc<SourceFile>,
    span: &Span,
    diags: &mut Diagnostics,
) -> Option<(usize, &'s Criterion)> {
    let scheme = scheme?;
    match scheme.by_code.get(code).map(|&i| (i, &scheme.nodes[i])) {
        Some((i, c)) if c.is_leaf() => Some((i, c)),
        Some((_, c)) => {
            // Codes only: the same hint serves self-assessments, appraisals and test cases.
            let children = c
                .children
                .iter()
                .map(|&i| scheme.nodes[i].code.clone())
                .collect();
            diags.push(
                Diagnostic::new(
                    Code::UnknownCriterion,
                    Msg::AnswerOnBranch(code.to_string()),
                )
                .at(file, span.clone())
                .hint(Msg::AnswerTheLeaves(children))
                .criterion(code),
            );
            None
        }
        None => {
            diags.push(
                Diagnostic::new(
                    Code::UnknownCriterion,
                    Msg::UnknownCriterion(code.to_string()),
                )
                .at(file, span.clone())
                .hint_opt(
                    t::closest(code, scheme.leaves().map(|(_, c)| c.code.as_str()))
                        .map(|c| Msg::DidYouMean(c.into())),
                )
                .criterion(code),
            );
            None
        }
    }
}

/// Reads the answer keys of a self entry or an adjustment and checks them
/// against the leaf's method. An answer with an error is dropped (unanswered).
fn read_answer(
    entry: &impl Fields,
    leaf: &Criterion,
    diags: &mut Diagnostics,
) -> (Option<Answer>, Facts) {
    let file = entry.file();
    let method = leaf.method.as_ref().expect("leaves have methods");
    // Each answer key looked up once; most entries have exactly one.
    let keys = ["points", "yes", "choice", "na"].map(|k| (k, entry.span_of(k)));
    let present = || keys.iter().filter_map(|(k, s)| Some((*k, s.as_ref()?)));
    let expected = match method {
        Method::Manual => "points",
        Method::YesNo => "yes",
        Method::Choice(_) => "choice",
        Method::Bands { .. } | Method::Formula { .. } => "facts",
    };
    let facts = read_facts(entry, leaf, diags);
    if let Some((_, second)) = present().nth(1) {
        diags.push(
            Diagnostic::new(
                Code::AnswerMismatch,
                Msg::SeveralAnswers(present().map(|(k, _)| k.to_string()).collect()),
            )
            .at(file, second.clone())
            .criterion(&leaf.code),
        );
        return (None, facts);
    }
    let Some((key, span)) = present().next() else {
        return (None, facts);
    };
    let span = span.clone();
    let location = Location::new(file, span.clone());
    if key == "na" {
        let Some((na, _)) = entry.bool("na", diags) else {
            return (None, facts);
        };
        if !na {
            return (None, facts);
        }
        if !leaf.na_allowed {
            diags.push(
                Diagnostic::new(Code::NaNotAllowed, Msg::NaNotAllowed(leaf.code.clone()))
                    .at(file, span)
                    .hint(Msg::NaNotAllowedHint)
                    .criterion(&leaf.code),
            );
            return (None, facts);
        }
        return (
            Some(Answer {
                value: AnswerValue::NotApplicable,
                location,
            }),
            facts,
        );
    }
    if key != expected {
        diags.push(
            Diagnostic::new(
                Code::AnswerMismatch,
                Msg::AnswerMismatch {
                    key: key.to_string(),
                    method: method.name(),
                    expected,
                },
            )
            .at(file, span)
            .criterion(&leaf.code),
        );
        return (None, facts);
    }
    let value = match method {
        Method::Manual => {
            let Some((p, _)) = entry.decimal("points", diags) else {
                return (None, facts);
            };
            if p < Decimal::ZERO || p > leaf.max {
                diags.push(
                    Diagnostic::new(
                        Code::OutOfRange,
                        Msg::PointsOutOfRange {
                            points: p,
                            max: leaf.max,
                        },
                    )
                    .at(file, span)
                    .criterion(&leaf.code),
                );
                return (None, facts);
            }
            if !num::is_multiple(p, leaf.step) {
                let (lo, hi) = num::nearest_multiples(p, leaf.step);
                diags.push(
                    Diagnostic::new(
                        Code::NotMultipleOfStep,
                        Msg::NotMultipleOfStep {
                            points: p,
                            step: leaf.step,
                        },
                    )
                    .at(file, span)
                    .label(Msg::NearestValid(lo, hi))
                    .criterion(&leaf.code),
                );
                return (None, facts);
            }
            AnswerValue::Points(p)
        }
        Method::YesNo => match entry.bool("yes", diags) {
            Some((b, _)) => AnswerValue::Yes(b),
            None => return (None, facts),
        },
        Method::Choice(options) => {
            let Some((label, _)) = entry.str("choice", diags) else {
                return (None, facts);
            };
            let wanted = label.trim();
            match options.iter().position(|o| o.label == wanted) {
                Some(i) => AnswerValue::Choice(i),
                None => {
                    diags.push(
                        Diagnostic::new(Code::UnknownOption, Msg::UnknownOption(label.to_string()))
                            .at(file, span)
                            .hint(option_hint(wanted, options))
                            .criterion(&leaf.code),
                    );
                    return (None, facts);
                }
            }
        }
        Method::Bands { .. } | Method::Formula { .. } => {
            unreachable!("computed leaves expect facts, handled above")
        }
    };
    (Some(Answer { value, location }), facts)
}

fn read_facts(entry: &impl Fields, leaf: &Criterion, diags: &mut Diagnostics) -> Facts {
    let file = entry.file();
    let numbers = entry.numbers("facts", diags);
    let mut facts = Facts::with_capacity(numbers.len());
    for fact in numbers {
        let name = &fact.name;
        let Some(input) = leaf.fact_inputs().find(|i| &i.name == name) else {
            let names: Vec<&str> = leaf.fact_inputs().map(|i| i.name.as_str()).collect();
            diags.push(
                Diagnostic::new(
                    Code::UnknownFact,
                    Msg::UnknownFact {
                        fact: name.clone(),
                        code: leaf.code.clone(),
                    },
                )
                .at(file, fact.name_span.clone())
                .hint(match t::closest(name, names.iter().copied()) {
                    Some(c) => Msg::DidYouMean(c.to_string()),
                    None => Msg::ExpectedFacts(names.iter().map(|s| s.to_string()).collect()),
                })
                .criterion(&leaf.code),
            );
            continue;
        };
        if let Some((d, span)) = fact.decimal(file, diags) {
            let written = &file.text[span.clone()];
            if let Err(problem) = input.kind.check(d, written) {
                diags.push(
                    not_of_kind(input, written, None, problem)
                        .at(file, span)
                        .criterion(&leaf.code),
                );
                continue;
            }
            facts.insert(
                fact.name,
                Fact {
                    value: d,
                    location: Location::new(file, span),
                },
            );
        }
    }
    facts
}

/// A fact whose value is not of its input's kind (E0314), with the hint that
/// fits: the number a thousands separator meant, or how to write the kind.
pub(crate) fn not_of_kind(
    input: &Input,
    written: &str,
    row: Option<(usize, String)>,
    problem: KindProblem,
) -> Diagnostic {
    let hint = match problem {
        KindProblem::NotACount {
            thousands: Some(meant),
        } => Msg::ThousandsHint {
            written: written.trim().to_string(),
            meant,
        },
        _ => Msg::KindHint(input.kind),
    };
    Diagnostic::new(
        Code::NotOfKind,
        Msg::NotOfKind {
            fact: input.name.clone(),
            kind: input.kind,
            written: written.trim().to_string(),
            row,
        },
    )
    .hint(hint)
}

pub fn load_appraisal(
    file: &Arc<SourceFile>,
    unit: &str,
    scheme: Option<&Scheme>,
    diags: &mut Diagnostics,
) -> Option<Appraisal> {
    load_appraisal_with(Reader::Fast, file, unit, scheme, diags)
}

pub fn load_appraisal_with(
    reader: Reader,
    file: &Arc<SourceFile>,
    unit: &str,
    scheme: Option<&Scheme>,
    diags: &mut Diagnostics,
) -> Option<Appraisal> {
    naming_unit(unit, diags, |diags| {
        fast::read_top!(reader, file, diags, |top| {
            appraisal_from(top, file, unit, scheme, diags)
        })
    })
}

fn appraisal_from(
    top: impl Tables,
    file: &Arc<SourceFile>,
    unit: &str,
    scheme: Option<&Scheme>,
    diags: &mut Diagnostics,
) -> Appraisal {
    top.check_keys(APPRAISAL_KEYS, diags);
    check_unit(&top, unit, diags);
    Appraisal {
        unit: unit.to_string(),
        adjustments: adjustments_from(&top, scheme, diags),
        file: Arc::clone(file),
    }
}

/// The `[[case.adjust]]` entries of a regulation test case.
pub fn read_adjustments(
    parent: &Table<'_, '_>,
    scheme: Option<&Scheme>,
    diags: &mut Diagnostics,
) -> Vec<Adjustment> {
    adjustments_from(&General::of(parent), scheme, diags)
}

/// The `[[adjust]]` entries of an appraisal.
fn adjustments_from(
    parent: &impl Tables,
    scheme: Option<&Scheme>,
    diags: &mut Diagnostics,
) -> Vec<Adjustment> {
    let file = parent.file();
    let mut adjustments: Vec<Adjustment> = Vec::new();
    for (adj, span) in parent.tables("adjust", diags) {
        // Point at the `[[adjust]]` header line rather than the whole table.
        let header = header_span(file, &span);
        let adj = adj.anchored(header.clone());
        adj.check_keys(ADJUST_KEYS, diags);
        let Some((code, code_span)) = adj.required_string("code", diags) else {
            continue;
        };
        let code = code.trim().to_string();
        let round = match adj.count("round", diags) {
            Some((r, _)) if r >= 1 => r,
            Some((_, rspan)) => {
                diags.push(
                    Diagnostic::new(Code::InvalidNumber, Msg::RoundFromOne)
                        .at(file, rspan)
                        .criterion(&code),
                );
                continue;
            }
            None => {
                if adj.span_of("round").is_none() {
                    adj.missing("round", diags);
                }
                continue;
            }
        };
        let reason = adj
            .string("reason", diags)
            .map(|s| s.0.trim().to_string())
            .unwrap_or_default();
        if reason.is_empty() {
            diags.push(
                Diagnostic::new(Code::MissingReason, Msg::MissingReason(code.clone()))
                    .at(file, adj.span_of("reason").unwrap_or(header.clone()))
                    .hint(Msg::MissingReasonHint)
                    .criterion(&code),
            );
        }
        let Some((node, leaf)) = leaf_for(scheme, &code, file, &code_span, diags) else {
            continue;
        };
        if let Some(prev) = adjustments
            .iter()
            .find(|a| a.code == code && a.round == round)
        {
            let line = prev.location.file.line_col(prev.location.span.start).line;
            diags.push(
                Diagnostic::new(
                    Code::DuplicateRound,
                    Msg::DuplicateRound {
                        code: code.clone(),
                        round,
                        line,
                    },
                )
                .at(file, header.clone())
                .criterion(&code),
            );
            continue;
        }
        // `accept` of the wrong type is reported by `bool`; the adjustment is dropped.
        let accept = match adj.span_of("accept") {
            Some(_) => match adj.bool("accept", diags) {
                Some((a, _)) => Some(a),
                None => continue,
            },
            None => None,
        };
        let answered = ["points", "yes", "choice", "na", "facts"]
            .iter()
            .any(|k| adj.span_of(k).is_some());
        if accept.is_none() && !answered {
            diags.push(
                Diagnostic::new(Code::AnswerMismatch, Msg::EmptyAdjustment(code.clone()))
                    .at(file, header.clone())
                    .criterion(&code),
            );
            continue;
        }
        let (answer, facts) = read_answer(&adj, leaf, diags);
        let ruling = match accept {
            Some(true) if answer.is_some() || !facts.is_empty() => {
                diags.push(
                    Diagnostic::new(Code::AnswerMismatch, Msg::AcceptWithAnswer(code.clone()))
                        .at(file, adj.span_of("accept").unwrap_or(header.clone()))
                        .criterion(&code),
                );
                continue;
            }
            Some(true) => Ruling::Accept,
            // With an answer, `accept = false` only says what the answer says.
            Some(false) if !answered => Ruling::Reject,
            _ => Ruling::Adjust,
        };
        if reason.is_empty() {
            continue;
        }
        adjustments.push(Adjustment {
            code,
            node,
            round,
            answer,
            facts,
            ruling,
            reason,
            by: adj.text("by", diags),
            location: Location::new(file, header),
        });
    }
    // A rejection keeps an earlier round's decision: there must be one, in
    // whatever order the file lists the rounds.
    let orphans: Vec<usize> = (0..adjustments.len())
        .filter(|&i| {
            let r = &adjustments[i];
            r.ruling == Ruling::Reject
                && !adjustments
                    .iter()
                    .any(|a| a.node == r.node && a.round < r.round)
        })
        .collect();
    for i in orphans.into_iter().rev() {
        let r = adjustments.remove(i);
        diags.push(
            Diagnostic::new(
                Code::NothingToKeep,
                Msg::NothingToKeep {
                    code: r.code.clone(),
                    round: r.round,
                },
            )
            .at_location(Some(&r.location))
            .hint(Msg::NothingToKeepHint)
            .criterion(&r.code),
        );
    }
    adjustments
}

/// The span of the first line of an array-of-tables entry (its `[[adjust]]` header).
pub(crate) fn header_span(file: &SourceFile, span: &Span) -> Span {
    let text = &file.text[span.clone()];
    let end = text.find('\n').map(|i| span.start + i).unwrap_or(span.end);
    span.start..end
}
