//! The units' parent links: the cycles they form, and the order in which
//! subordinates are scored before their parents. Part of the model layer,
//! used by loading (to report cycles) and evaluation (to order the work).

use crate::model::{HashMap, Unit};

/// The parent links of a unit list by position, and the cycles they form.
/// Found in one walk over the list (each unit is visited once): a national
/// list, or a hostile chain of thousands of units, costs time in proportion
/// to its length.
pub(crate) struct ParentLinks {
    /// Each unit's parent, `None` when it has none or it is not listed.
    pub parent: Vec<Option<usize>>,
    /// Each cycle once, from the unit first met in it, following parents.
    pub cycles: Vec<Vec<usize>>,
}

impl ParentLinks {
    pub fn of(units: &[Unit]) -> ParentLinks {
        let index: HashMap<&str, usize> = units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.code.as_str(), i))
            .collect();
        let parent: Vec<Option<usize>> = units
            .iter()
            .map(|u| u.parent.as_deref().and_then(|p| index.get(p).copied()))
            .collect();
        #[derive(Clone, Copy)]
        enum Seen {
            Not,
            /// On the chain being walked, at this position of it.
            OnChain(usize),
            Done,
        }
        let mut seen = vec![Seen::Not; units.len()];
        let mut cycles = Vec::new();
        let mut chain: Vec<usize> = Vec::new();
        for start in 0..units.len() {
            let mut cur = Some(start);
            while let Some(i) = cur {
                match seen[i] {
                    Seen::Not => {
                        seen[i] = Seen::OnChain(chain.len());
                        chain.push(i);
                        cur = parent[i];
                    }
                    Seen::OnChain(at) => {
                        cycles.push(chain[at..].to_vec());
                        break;
                    }
                    Seen::Done => break,
                }
            }
            for &i in &chain {
                seen[i] = Seen::Done;
            }
            chain.clear();
        }
        ParentLinks { parent, cycles }
    }
}

/// Units in an order where every subordinate comes before its parent, grouped
/// in levels that can be evaluated in parallel. Units in a parent cycle are
/// treated as having no parent (loading reports the cycle).
pub fn levels(units: &[Unit]) -> Vec<Vec<usize>> {
    let ParentLinks { mut parent, cycles } = ParentLinks::of(units);
    for &i in cycles.iter().flatten() {
        parent[i] = None;
    }
    // Height = the longest chain of subordinates below a unit: a unit's is
    // final once all its subordinates' are, so units are taken from the
    // bottom up, each once.
    let mut waiting = vec![0usize; units.len()];
    for &p in parent.iter().flatten() {
        waiting[p] += 1;
    }
    let mut ready: Vec<usize> = (0..units.len()).filter(|&i| waiting[i] == 0).collect();
    let mut height = vec![0usize; units.len()];
    while let Some(i) = ready.pop() {
        if let Some(p) = parent[i] {
            height[p] = height[p].max(height[i] + 1);
            waiting[p] -= 1;
            if waiting[p] == 0 {
                ready.push(p);
            }
        }
    }
    let top = height.iter().copied().max().unwrap_or(0);
    let mut levels = vec![Vec::new(); top + 1];
    for (i, h) in height.into_iter().enumerate() {
        levels[h].push(i);
    }
    levels
}
