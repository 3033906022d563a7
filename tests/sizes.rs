//! Hostile sizes cost time in proportion to the input: each workspace here
//! took minutes before its quadratic (or worse) step was made linear, and
//! takes about a second now. No timing is asserted: a return of the old
//! cost shows as a suite that does not finish.

use crate::common;

use chiso::diagnostic::Code;
use chiso::load::units::levels;
use common::Ws;

fn many_leaves(leaves: usize) -> Ws {
    let dir = tempfile::tempdir().unwrap();
    chiso::synth::many_leaves(dir.path(), 2024, leaves).unwrap();
    Ws { dir }
}

#[test]
fn a_tree_of_sixty_thousand_leaves_warns_once_per_leaf() {
    let leaves = 60_000;
    let ws = many_leaves(leaves);
    let (loaded, r) = ws.score();
    assert!(
        !loaded.diagnostics.has_errors(),
        "{:?}",
        loaded.diagnostics.items.first().map(|d| &d.message)
    );
    let unit = r.unit("A").unwrap();
    let unanswered: Vec<&str> = unit
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::Unanswered)
        .filter_map(|d| d.criterion.as_deref())
        .collect();
    // One warning per unanswered leaf, in the tree's order.
    assert_eq!(unanswered.len(), leaves);
    assert_eq!(unanswered[0], "9.1");
    assert_eq!(unanswered[leaves - 1], format!("9.{leaves}"));
    assert_eq!(unit.final_.index, Some(common::d("100")));
}

fn chain(units: usize) -> Ws {
    let dir = tempfile::tempdir().unwrap();
    chiso::synth::chain(dir.path(), 2024, units).unwrap();
    Ws { dir }
}

#[test]
fn a_chain_of_five_thousand_units_is_scored_bottom_up() {
    let units = 5_000;
    let ws = chain(units);
    let loaded = ws.load();
    assert!(!loaded.diagnostics.has_errors());
    // One unit per level, the bottom of the chain first.
    let levels = levels(&loaded.units);
    assert_eq!(levels.len(), units);
    assert_eq!(loaded.units[levels[0][0]].code, "U0");
    assert_eq!(
        loaded.units[levels[units - 1][0]].code,
        format!("U{}", units - 1)
    );
    let (_, r) = ws.score();
    assert_eq!(r.units.len(), units);
}

#[test]
fn a_chain_closed_into_a_cycle_is_reported_for_each_member() {
    // U0 → U1 → U2 → U0, with U3 below U0 and U4 on its own.
    let ws = chain(3).edit(
        "scores/2024/units.toml",
        "code = \"U2\"\nname = \"Đơn vị 2\"\nblock = \"so\"\n",
        "code = \"U2\"\nname = \"Đơn vị 2\"\nblock = \"so\"\nparent = \"U0\"\n\n\
             [[unit]]\ncode = \"U3\"\nname = \"Đơn vị 3\"\nblock = \"so\"\nparent = \"U0\"\n\n\
             [[unit]]\ncode = \"U4\"\nname = \"Đơn vị 4\"\nblock = \"so\"\n",
    );
    let loaded = ws.load();
    let cycles: Vec<(String, String)> = loaded
        .diagnostics
        .items
        .iter()
        .filter(|d| d.code == Code::ParentCycle)
        .map(|d| {
            (
                d.unit.clone().unwrap(),
                d.message.text(chiso::i18n::Lang::En),
            )
        })
        .collect();
    assert_eq!(
        cycles,
        [
            ("U0".into(), "parent cycle: U0 → U1 → U2 → U0".into()),
            ("U1".into(), "parent cycle: U1 → U2 → U0 → U1".into()),
            ("U2".into(), "parent cycle: U2 → U0 → U1 → U2".into()),
        ]
    );
    // The cycle's members are treated as having no parent: U3 is scored before U0.
    let levels = levels(&loaded.units);
    let level_of = |code: &str| {
        levels
            .iter()
            .position(|l| l.iter().any(|&i| loaded.units[i].code == code))
            .unwrap()
    };
    assert_eq!(
        ["U0", "U1", "U2", "U3", "U4"].map(level_of),
        [1, 0, 0, 0, 0]
    );
    let (_, r) = ws.score();
    assert_eq!(r.units.len(), 5);
}
