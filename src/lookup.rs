//! Forgiving look-ups of what a user types on the command line: a unit, a
//! block, a criterion. What is written exactly is found; failing that, what
//! is equal ignoring case and diacritics (`stp`, `Sở Tư pháp`, `so tu phap`)
//! when exactly one thing is; otherwise the message names the closest
//! candidates (or, for a block, every block), never a silent guess.

use crate::i18n::{Lang, Say};
use crate::import::names::{self, Matcher};
use crate::load::toml::closest;
use crate::model::{Block, Regulation, Scheme, Unit, Workspace};
use crate::review::Finding;
use crate::text::fold;

/// A unit by its code or its name.
pub fn unit<'w>(ws: &'w Workspace, given: &str) -> Result<&'w Unit, Say> {
    let given = given.trim();
    if let Some(u) = ws.unit(given) {
        return Ok(u);
    }
    let folded = fold(given);
    let by_code: Vec<&Unit> = ws
        .units
        .iter()
        .filter(|u| fold(&u.code) == folded)
        .collect();
    if let [u] = by_code[..] {
        return Ok(u);
    }
    let matcher = Matcher::new(&ws.units);
    let candidates = match matcher.by_name(given) {
        names::Match::Unit(u) if by_code.is_empty() => return Ok(u),
        names::Match::Unit(u) => vec![u],
        names::Match::Ambiguous(found) => found,
        names::Match::None(_) => Vec::new(),
    };
    let mut candidates: Vec<&Unit> = by_code.into_iter().chain(candidates).collect();
    candidates.dedup_by(|a, b| a.code == b.code);
    if candidates.is_empty()
        && let Some(code) = closest(given, ws.units.iter().map(|u| u.code.as_str()))
    {
        candidates.extend(ws.unit(code));
    }
    Err(Say::UnknownUnit {
        given: given.to_string(),
        candidates: candidates
            .iter()
            .map(|u| format!("{} ({})", u.code, u.name))
            .collect(),
    })
}

/// A block of the regulation by its id or its name.
pub fn block<'r>(reg: &'r Regulation, given: &str) -> Result<&'r Block, Say> {
    let given = given.trim();
    if let Some(b) = reg.block(given) {
        return Ok(b);
    }
    let folded = fold(given);
    let found: Vec<&Block> = reg
        .blocks
        .iter()
        .filter(|b| fold(&b.id) == folded || fold(&b.name) == folded)
        .collect();
    if let [b] = found[..] {
        return Ok(b);
    }
    Err(Say::UnknownBlock {
        given: given.to_string(),
        closest: closest(given, reg.blocks.iter().map(|b| b.id.as_str())).map(str::to_string),
        blocks: reg
            .blocks
            .iter()
            .map(|b| format!("{} ({})", b.id, b.name))
            .collect(),
    })
}

/// A kind of item of the council's worklist (`review --kind`) by its name
/// in the JSON (`na-claim`) or as the worklist shows it, in either language
/// (`đề nghị không phát sinh`); a wrong one lists every kind.
pub fn finding(given: &str) -> Result<Finding, Say> {
    let given = given.trim();
    let folded = fold(given);
    let names = |f: Finding| {
        [Lang::Vi, Lang::En].map(|lang| fold(crate::i18n::finding_name(f.slug(), lang)))
    };
    let found = Finding::ALL
        .into_iter()
        .find(|&f| fold(f.slug()) == folded || names(f).contains(&folded));
    found.ok_or_else(|| Say::UnknownFinding {
        given: given.to_string(),
        closest: closest(given, Finding::ALL.map(Finding::slug)).map(str::to_string),
        kinds: Finding::ALL.map(Finding::slug).to_vec(),
    })
}

/// A criterion of a unit's criteria tree by its code (`3.3.1`, ` 3.3.1.`).
pub fn criterion<'s>(scheme: &'s Scheme, unit: &Unit, given: &str) -> Result<&'s str, Say> {
    let given = given.trim();
    let tidy = given.trim_end_matches('.');
    for code in [given, tidy] {
        if let Some(c) = scheme.get(code) {
            return Ok(c.code.as_str());
        }
    }
    let folded = fold(tidy);
    let found: Vec<&str> = scheme
        .nodes
        .iter()
        .map(|c| c.code.as_str())
        .filter(|c| fold(c) == folded)
        .collect();
    if let [c] = found[..] {
        return Ok(c);
    }
    // `3.3.9`: the criteria of `3.3`, else the closest code.
    let siblings: Vec<String> = tidy
        .rsplit_once('.')
        .and_then(|(parent, _)| scheme.get(parent))
        .map(|p| {
            p.children
                .iter()
                .map(|&i| scheme.nodes[i].code.clone())
                .collect()
        })
        .unwrap_or_default();
    let candidates = if siblings.is_empty() {
        closest(tidy, scheme.nodes.iter().map(|c| c.code.as_str()))
            .map(|c| vec![c.to_string()])
            .unwrap_or_default()
    } else {
        siblings
    };
    Err(Say::UnknownCriterion {
        unit: unit.code.clone(),
        given: given.to_string(),
        candidates,
    })
}
