//! `scores/<year>/units.toml`: the units evaluated in a year.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::diagnostic::{Code, Diagnostic, Diagnostics, Location};
use crate::i18n::Msg;
use crate::load::answers::Reader;
use crate::load::fast;
use crate::load::toml::{self as t, Fields, Tables, closest};
use crate::model::{Predecessor, Regulation, Unit};
use crate::source::{SourceFile, Span};

pub fn load(
    file: &Arc<SourceFile>,
    regulation: Option<&Regulation>,
    diags: &mut Diagnostics,
) -> Vec<Unit> {
    load_with(Reader::Fast, file, regulation, diags)
}

pub fn load_with(
    reader: Reader,
    file: &Arc<SourceFile>,
    regulation: Option<&Regulation>,
    diags: &mut Diagnostics,
) -> Vec<Unit> {
    // A national list is long: the answer files' fast reader reads it when it
    // accepts the file (it leaves anything unusual to the general reader).
    fast::read_top!(reader, file, diags, |top| units_from(
        top, regulation, diags
    ))
    .unwrap_or_default()
}

fn units_from(
    top: impl Tables,
    regulation: Option<&Regulation>,
    diags: &mut Diagnostics,
) -> Vec<Unit> {
    let file = top.file();
    top.check_keys(&["unit"], diags);
    let mut units: Vec<Unit> = Vec::new();
    let mut codes: HashSet<String> = HashSet::new();
    let mut parent_spans: Vec<(usize, Span)> = Vec::new();
    for (u, span) in top.tables("unit", diags) {
        u.check_keys(
            &["code", "name", "block", "extra", "parent", "previous"],
            diags,
        );
        let Some((code, code_span)) = u.required_string("code", diags) else {
            continue;
        };
        let code = code.trim().to_string();
        if code.is_empty()
            || code.contains(['/', '\\', '.'])
            || code.chars().any(char::is_whitespace)
        {
            diags.push(
                Diagnostic::new(Code::InvalidValue, Msg::InvalidUnitCode(code.clone()))
                    .at(file, code_span),
            );
            continue;
        }
        if codes.contains(&code) {
            diags.push(
                Diagnostic::new(Code::Duplicate, Msg::DuplicateUnit(code.clone()))
                    .at(file, code_span),
            );
            continue;
        }
        let name = u
            .required_string("name", diags)
            .map(|s| s.0.trim().to_string())
            .unwrap_or_else(|| code.clone());
        let Some((block, block_span)) = u.required_string("block", diags) else {
            continue;
        };
        if let Some(reg) = regulation
            && reg.block(&block).is_none()
        {
            diags.push(
                Diagnostic::new(Code::UnknownBlock, Msg::UnknownBlock(block.clone()))
                    .at(file, block_span)
                    .hint(
                        match t::closest(&block, reg.blocks.iter().map(|b| b.id.as_str())) {
                            Some(c) => Msg::DidYouMean(c.to_string()),
                            None => {
                                Msg::KnownBlocks(reg.blocks.iter().map(|b| b.id.clone()).collect())
                            }
                        },
                    )
                    .unit(&code),
            );
            continue;
        }
        codes.insert(code.clone());
        let extra = u.strings("extra", diags);
        let parent = u.string("parent", diags).map(|(p, span)| {
            parent_spans.push((units.len(), span));
            p.trim().to_string()
        });
        let previous = predecessors(&u, &code, diags);
        units.push(Unit {
            code,
            name,
            block,
            extra,
            parent,
            previous,
            scheme: None,
            location: Location::new(file, span),
        });
    }
    check_parents(&units, file, &parent_spans, diags);
    units
}

/// `previous = ["X-OLD1", "X-OLD2"]` (or one code): the units of the previous
/// year this one continues.
fn predecessors(u: &impl Fields, code: &str, diags: &mut Diagnostics) -> Vec<Predecessor> {
    let mut out: Vec<Predecessor> = Vec::new();
    for (p, span) in u.string_items("previous", diags) {
        let p = p.trim();
        let msg = if p == code {
            Some(Msg::PredecessorIsSelf(code.to_string()))
        } else if out.iter().any(|x| x.code == p) {
            Some(Msg::PredecessorTwice(p.to_string()))
        } else {
            None
        };
        if let Some(msg) = msg {
            diags.push(
                Diagnostic::new(Code::Predecessor, msg)
                    .at(u.file(), span)
                    .unit(code),
            );
            continue;
        }
        out.push(Predecessor {
            code: p.to_string(),
            location: Location::new(u.file(), span),
        });
    }
    out
}

/// Parents must exist, and parent links must not form a cycle (SPEC §7.8).
/// An unknown parent is reported at its value (`parent_spans`: unit position,
/// span of its `parent`).
fn check_parents(
    units: &[Unit],
    file: &Arc<SourceFile>,
    parent_spans: &[(usize, Span)],
    diags: &mut Diagnostics,
) {
    let by_code: HashMap<&str, &Unit> = units.iter().map(|u| (u.code.as_str(), u)).collect();
    for (i, u) in units.iter().enumerate() {
        let Some(p) = &u.parent else { continue };
        if !by_code.contains_key(p.as_str()) {
            let at = parent_spans
                .iter()
                .find(|(at, _)| *at == i)
                .map(|(_, span)| Location::new(file, span.clone()))
                .unwrap_or_else(|| u.location.clone());
            diags.push(
                Diagnostic::new(Code::UnknownUnit, Msg::UnknownParent(p.clone()))
                    .at_location(Some(&at))
                    .hint_opt(
                        closest(p, by_code.keys().copied()).map(|c| Msg::DidYouMean(c.into())),
                    )
                    .unit(&u.code),
            );
        }
    }
    for u in units {
        let mut seen = vec![u.code.as_str()];
        let mut cur = u;
        while let Some(p) = cur.parent.as_deref() {
            if p == u.code {
                diags.push(
                    Diagnostic::new(
                        Code::ParentCycle,
                        Msg::ParentCycle(seen.iter().map(|s| s.to_string()).collect()),
                    )
                    .at_location(Some(&u.location))
                    .unit(&u.code),
                );
                break;
            }
            if seen.contains(&p) {
                break; // a cycle further up, reported for its own members
            }
            seen.push(p);
            match by_code.get(p) {
                Some(next) => cur = next,
                None => break,
            }
        }
    }
}

/// Units in an order where every subordinate comes before its parent, grouped
/// in levels that can be evaluated in parallel. Units in a parent cycle are
/// treated as having no parent (the cycle is reported by [`load`]).
pub fn levels(units: &[Unit]) -> Vec<Vec<usize>> {
    let index: std::collections::HashMap<&str, usize> = units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.code.as_str(), i))
        .collect();
    let parent_of = |i: usize| {
        units[i]
            .parent
            .as_deref()
            .and_then(|p| index.get(p).copied())
    };
    let in_cycle = |i: usize| {
        let mut cur = i;
        for _ in 0..units.len() {
            match parent_of(cur) {
                Some(p) if p == i => return true,
                Some(p) => cur = p,
                None => return false,
            }
        }
        true
    };
    // height = longest chain of subordinates below a unit
    let mut height = vec![0usize; units.len()];
    for i in 0..units.len() {
        if in_cycle(i) {
            continue;
        }
        let mut cur = i;
        let mut h = 0;
        while let Some(p) = parent_of(cur) {
            if in_cycle(p) {
                break;
            }
            h += 1;
            height[p] = height[p].max(h);
            cur = p;
        }
    }
    let top = height.iter().copied().max().unwrap_or(0);
    let mut levels = vec![Vec::new(); top + 1];
    for (i, h) in height.into_iter().enumerate() {
        levels[h].push(i);
    }
    levels
}
