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
    load_listed(reader, file, regulation, diags).units
}

/// The units of a list, and the codes of those it declares but that could
/// not be kept (their own error says why).
#[derive(Default)]
pub struct Listed {
    pub units: Vec<Unit>,
    /// Declared units left out for an error of their own (an unknown or
    /// missing block): their answer files and dataset rows are theirs, and
    /// are not reported again as belonging to no unit.
    pub rejected: HashSet<String>,
}

pub fn load_listed(
    reader: Reader,
    file: &Arc<SourceFile>,
    regulation: Option<&Regulation>,
    diags: &mut Diagnostics,
) -> Listed {
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
) -> Listed {
    let file = top.file();
    top.check_keys(&["unit"], diags);
    let mut units: Vec<Unit> = Vec::new();
    let mut codes: HashSet<String> = HashSet::new();
    let mut parent_spans: Vec<(usize, Span)> = Vec::new();
    let mut rejected: HashSet<String> = HashSet::new();
    let mut look_alikes = LookAlikes::default();
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
        if let Some(c) = code.chars().find(|&c| invisible(c)) {
            diags.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    Msg::UnitCodeInvisible {
                        code: code.escape_debug().to_string(),
                        char: format!("U+{:04X}", u32::from(c)),
                    },
                )
                .at(file, code_span),
            );
            rejected.insert(code);
            continue;
        }
        look_alikes.check(&code, file, &code_span, diags);
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
            rejected.insert(code);
            continue;
        };
        if let Some(reg) = regulation
            && reg.block(&block).is_none()
        {
            // A regulation without blocks has its own error, the one cause
            // of every unit's block being unknown.
            if reg.blocks.is_empty() {
                rejected.insert(code);
                continue;
            }
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
            rejected.insert(code);
            continue;
        }
        codes.insert(code.clone());
        let extra = overlays(&u, &code, diags);
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
    // A code declared again after its unit was rejected is that unit's.
    rejected.retain(|c| !codes.contains(c));
    check_parents(&units, file, &parent_spans, &rejected, diags);
    Listed { units, rejected }
}

/// A control or invisible (default-ignorable: zero-width, direction
/// marks) character, which no unit code may hold: two codes that look the
/// same would name different units.
fn invisible(c: char) -> bool {
    use unicode_security::GeneralSecurityProfile;
    use unicode_security::general_security_profile::IdentifierType;
    c.is_control() || c.identifier_type() == Some(IdentifierType::Default_Ignorable)
}

/// Unit codes that could be read as another: letters of several scripts in
/// one code (a Greek `Ν` among Latin letters), or a code that looks like
/// another unit's (UTS #39 skeletons).
#[derive(Default)]
struct LookAlikes {
    /// Skeleton → the first code with it.
    seen: HashMap<String, String>,
}

impl LookAlikes {
    fn check(&mut self, code: &str, file: &Arc<SourceFile>, span: &Span, diags: &mut Diagnostics) {
        use unicode_security::MixedScript;
        if !code.is_single_script() {
            diags.push(
                Diagnostic::new(
                    Code::LookAlikeUnitCode,
                    Msg::UnitCodeMixedScripts {
                        code: code.to_string(),
                        scripts: scripts(code),
                    },
                )
                .at(file, span.clone())
                .hint(Msg::UnitCodeLookAlikeHint)
                .unit(code),
            );
        }
        let skeleton: String = unicode_security::skeleton(code).collect();
        match self.seen.get(&skeleton) {
            Some(other) if other != code => diags.push(
                Diagnostic::new(
                    Code::LookAlikeUnitCode,
                    Msg::UnitCodeConfusable {
                        code: code.to_string(),
                        other: other.clone(),
                    },
                )
                .at(file, span.clone())
                .hint(Msg::UnitCodeLookAlikeHint)
                .unit(code),
            ),
            Some(_) => {}
            None => {
                self.seen.insert(skeleton, code.to_string());
            }
        }
    }
}

/// The scripts of a code's letters, in order of first use (digits and
/// punctuation belong to none).
fn scripts(code: &str) -> Vec<String> {
    use unicode_script::{Script, UnicodeScript};
    let mut out: Vec<String> = Vec::new();
    for c in code.chars() {
        let s = c.script();
        if matches!(s, Script::Common | Script::Inherited | Script::Unknown) {
            continue;
        }
        let name = s.full_name().to_string();
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// `extra = ["pl1a"]`: the overlays applied to the unit's tree, each once.
fn overlays(u: &impl Fields, code: &str, diags: &mut Diagnostics) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (x, span) in u.string_items("extra", diags) {
        if out.contains(&x) {
            // Applied twice, an overlay would remove its own removals again.
            diags.push(
                Diagnostic::new(Code::Duplicate, Msg::OverlayListedTwice(x))
                    .at(u.file(), span)
                    .unit(code),
            );
            continue;
        }
        out.push(x);
    }
    out
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

/// Parents must exist, and parent links must not form a cycle (docs/format.md, Units).
/// An unknown parent is reported at its value (`parent_spans`: unit position,
/// span of its `parent`); a rejected one (`rejected`) has its own error.
fn check_parents(
    units: &[Unit],
    file: &Arc<SourceFile>,
    parent_spans: &[(usize, Span)],
    rejected: &HashSet<String>,
    diags: &mut Diagnostics,
) {
    let links = ParentLinks::of(units);
    let mut parent_at: Vec<Option<&Span>> = vec![None; units.len()];
    for (at, span) in parent_spans {
        parent_at[*at] = Some(span);
    }
    let codes = || units.iter().map(|u| u.code.as_str());
    for (i, u) in units.iter().enumerate() {
        let Some(p) = &u.parent else { continue };
        if links.parent[i].is_none() && !rejected.contains(p) {
            let at = parent_at[i]
                .map(|span| Location::new(file, span.clone()))
                .unwrap_or_else(|| u.location.clone());
            diags.push(
                Diagnostic::new(Code::UnknownUnit, Msg::UnknownParent(p.clone()))
                    .at_location(Some(&at))
                    .hint_opt(closest(p, codes()).map(|c| Msg::DidYouMean(c.into())))
                    .unit(&u.code),
            );
        }
    }
    // Each member of a cycle is told the cycle from itself upwards; a unit
    // below a cycle is not in it, and the cycle is reported for its members.
    let mut member: Vec<Option<(usize, usize)>> = vec![None; units.len()];
    for (c, cycle) in links.cycles.iter().enumerate() {
        for (at, &i) in cycle.iter().enumerate() {
            member[i] = Some((c, at));
        }
    }
    for (u, m) in units.iter().zip(member) {
        let Some((c, at)) = m else { continue };
        let cycle = &links.cycles[c];
        let codes = cycle[at..]
            .iter()
            .chain(&cycle[..at])
            .map(|&i| units[i].code.clone())
            .collect();
        diags.push(
            Diagnostic::new(Code::ParentCycle, Msg::ParentCycle(codes))
                .at_location(Some(&u.location))
                .unit(&u.code),
        );
    }
}

use crate::hierarchy::ParentLinks;
pub use crate::hierarchy::levels;
