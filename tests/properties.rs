//! Invariants over generated answers on the fixture's appendix (every method):
//! leaf points within [0, max], index within [0, 100], ranking is a
//! competition ranking (a permutation where equal indices share a rank), and
//! results do not depend on the order units are listed in.

use crate::common;

use std::collections::HashMap;

use common::Ws;
use proptest::prelude::*;
use rust_decimal::Decimal;

#[derive(Debug, Clone)]
struct Answers {
    plan: u8,      // 0..=8 quarter points of 1.1
    reports: bool, // 1.2
    choice: usize, // 1.3
    late: u16,
    resolved: u16,
    satisfaction: u16, // hundredths of a percent, up to 100%
    na: bool,          // 2.1 not applicable, else points
    legal: u8,         // 0..=16 quarter points of 2.1
    bonus: (u8, bool),
    late_reports: u8,
    adjust_plan: Option<u8>,
}

fn answers() -> impl Strategy<Value = Answers> {
    (
        (
            0u8..=8,
            any::<bool>(),
            0usize..3,
            0u16..50,
            0u16..200,
            0u16..=10_000,
        ),
        (
            any::<bool>(),
            0u8..=16,
            (0u8..=4, any::<bool>()),
            0u8..12,
            proptest::option::of(0u8..=8),
        ),
    )
        .prop_map(
            |(
                (plan, reports, choice, late, resolved, satisfaction),
                (na, legal, bonus, late_reports, adjust_plan),
            )| Answers {
                plan,
                reports,
                choice,
                late: late.min(resolved),
                resolved,
                satisfaction,
                na,
                legal,
                bonus,
                late_reports,
                adjust_plan,
            },
        )
}

const OPTIONS: [&str; 3] = ["Đúng hạn", "Trễ hạn", "Không ban hành"];

fn quarter(n: u8) -> Decimal {
    Decimal::from(n) / Decimal::from(4)
}

fn workspace(units: &[Answers], order: &[usize]) -> Ws {
    let mut ws = Ws::fixture();
    let mut list = String::new();
    let mut dossiers = String::from("unit,tre_han,da_giai_quyet\n");
    let mut survey = String::from("unit,hai_long,bao_cao_tre\n");
    for &i in order {
        let a = &units[i];
        let code = format!("U{i:02}");
        list += &format!("[[unit]]\ncode = \"{code}\"\nname = \"Đơn vị {i}\"\nblock = \"so\"\n\n");
        let legal = if a.na {
            "na = true".to_string()
        } else {
            format!("points = {}", quarter(a.legal))
        };
        ws = ws.write(
            &format!("scores/2024/self/{code}.toml"),
            &format!(
                "unit = \"{code}\"\n[c.\"1.1\"]\npoints = {}\nevidence = [\"QĐ 1\"]\n[c.\"1.2\"]\nyes = {}\n[c.\"1.3\"]\nchoice = \"{}\"\n[c.\"2.1\"]\n{legal}\n[c.\"9.1\"]\npoints = {}\n[c.\"9.2\"]\nyes = {}\n",
                quarter(a.plan),
                a.reports,
                OPTIONS[a.choice],
                quarter(a.bonus.0),
                a.bonus.1
            ),
        );
        if let Some(p) = a.adjust_plan {
            ws = ws.write(
                &format!("scores/2024/appraisal/{code}.toml"),
                &format!("unit = \"{code}\"\n[[adjust]]\ncode = \"1.1\"\nround = 1\npoints = {}\nreason = \"r\"\n", quarter(p)),
            );
        }
        dossiers += &format!("{code},{},{}\n", a.late, a.resolved);
        survey += &format!(
            "{code},{},{}\n",
            Decimal::new(a.satisfaction as i64, 2),
            a.late_reports
        );
    }
    for f in [
        "self/A.toml",
        "self/S1.toml",
        "self/S2.toml",
        "self/S3.toml",
        "appraisal/A.toml",
        "appraisal/S2.toml",
    ] {
        ws = ws.remove(&format!("scores/2024/{f}"));
    }
    ws.write("scores/2024/units.toml", &list)
        .write("scores/2024/data/dossiers.csv", &dossiers)
        .write("scores/2024/data/survey.csv", &survey)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold(units in proptest::collection::vec(answers(), 1..8), seed in any::<u64>()) {
        let order: Vec<usize> = (0..units.len()).collect();
        let ws = workspace(&units, &order);
        let (w, r) = ws.score();
        prop_assert!(!w.diagnostics.has_errors());
        prop_assert_eq!(r.units.len(), units.len());
        for u in &r.units {
            let scheme = w.scheme_of(w.unit(&u.code).unwrap()).unwrap();
            for (i, c) in scheme.nodes.iter().enumerate() {
                for side in [&u.nodes[i].self_, &u.nodes[i].final_] {
                    prop_assert!(side.points >= Decimal::ZERO && side.points <= c.max, "{} {}: {}", u.code, c.code, side.points);
                }
            }
            for side in [&u.self_, &u.final_] {
                let ix = side.index.unwrap();
                prop_assert!(ix >= Decimal::ZERO && ix <= Decimal::ONE_HUNDRED);
            }
        }
        // competition ranking: rank = 1 + number of strictly better units
        let indices: Vec<Decimal> = r.units.iter().map(|u| u.final_.index.unwrap()).collect();
        for u in &r.units {
            let better = indices.iter().filter(|&&x| x > u.final_.index.unwrap()).count() as u32;
            prop_assert_eq!(u.rank, Some(better + 1));
        }
        // listed by rank, ties by code
        for w2 in r.units.windows(2) {
            prop_assert!((w2[0].rank, &w2[0].code) < (w2[1].rank, &w2[1].code));
        }

        // the same answers listed in another order give the same results
        let mut shuffled = order.clone();
        let n = shuffled.len();
        for i in 0..n {
            let j = (seed as usize).wrapping_add(i * 7919) % n;
            shuffled.swap(i, j);
        }
        let (_, r2) = workspace(&units, &shuffled).score();
        type Key = HashMap<String, (Option<Decimal>, Option<Decimal>, Option<u32>)>;
        let key = |r: &chiso::results::Results| -> Key {
            r.units.iter().map(|u| (u.code.clone(), (u.self_.index, u.final_.index, u.rank))).collect()
        };
        prop_assert_eq!(key(&r), key(&r2));
        let codes = |r: &chiso::results::Results| r.units.iter().map(|u| u.code.clone()).collect::<Vec<_>>();
        prop_assert_eq!(codes(&r), codes(&r2));
    }
}

// ---------------------------------------------------------------------------
// Generated regulations: a block's appendix (and maybe an overlay) with a random
// tree of every method, answered by random units, loaded through the real
// loader. Recomputing after reordering units, nodes or files gives identical
// results; scaling every weight by 2 leaves indices unchanged; adding a leaf
// every unit declares not applicable leaves indices unchanged.

#[derive(Debug, Clone)]
struct LeafSpec {
    /// Quarter points, 1..=8.
    max_q: u8,
    /// 0 manual, 1 yes_no, 2 choice, 3 bands, 4 formula (data), 5 formula that may be N/A.
    method: u8,
    na_allowed: bool,
}

#[derive(Debug, Clone)]
struct RegSpec {
    /// Areas; an area's groups of one leaf are leaves, larger groups sub-criteria.
    areas: Vec<Vec<Vec<LeafSpec>>>,
    bonus: Vec<LeafSpec>,
    deduction: Vec<LeafSpec>,
    /// An overlay adding an area, listed by the units whose `extra` flag is set.
    overlay: Option<Vec<Vec<LeafSpec>>>,
}

#[derive(Debug, Clone)]
struct UnitSpec {
    /// One byte per leaf (cycled): how the unit answers it.
    answers: Vec<u8>,
    extra: bool,
    /// Adjust the first answered manual leaf to this many quarters.
    adjust: Option<u8>,
}

fn leaf_spec(methods: u8) -> impl Strategy<Value = LeafSpec> {
    (1u8..=8, 0..methods, any::<bool>()).prop_map(|(max_q, method, na_allowed)| LeafSpec {
        max_q,
        method,
        na_allowed,
    })
}

fn area_spec() -> impl Strategy<Value = Vec<Vec<LeafSpec>>> {
    proptest::collection::vec(proptest::collection::vec(leaf_spec(6), 1..=3), 1..=3)
}

fn reg_spec() -> impl Strategy<Value = RegSpec> {
    (
        proptest::collection::vec(area_spec(), 1..=3),
        proptest::collection::vec(leaf_spec(2), 0..=2),
        proptest::collection::vec(leaf_spec(2), 0..=2),
        proptest::option::of(area_spec()),
    )
        .prop_map(|(areas, bonus, deduction, overlay)| RegSpec {
            areas,
            bonus,
            deduction,
            overlay,
        })
}

fn unit_spec() -> impl Strategy<Value = UnitSpec> {
    (
        proptest::collection::vec(any::<u8>(), 8..24),
        any::<bool>(),
        proptest::option::of(0u8..=8),
    )
        .prop_map(|(answers, extra, adjust)| UnitSpec {
            answers,
            extra,
            adjust,
        })
}

/// How a generated workspace is written.
#[derive(Clone, Copy, Default)]
struct Variant {
    /// Every weight (maxima, option and band points, manual answers) times this.
    scale: i64,
    /// Units, nodes, answers and dataset rows in reverse order; file names swapped.
    reversed: bool,
    /// A not-applicable leaf added to the first area, declared N/A by every unit.
    na_leaf: bool,
}

/// Only answered leaves may be declared not applicable; computed ones use `na()`.
fn na_allowed(l: &LeafSpec) -> bool {
    l.na_allowed && l.method <= 2
}

struct GenLeaf {
    code: String,
    spec: LeafSpec,
    kind: &'static str,
}

/// Leaves with codes, in natural order, and the tree's nodes as TOML tables.
fn tree(
    areas: &[(String, &'static str, Vec<Vec<LeafSpec>>)],
    v: Variant,
) -> (Vec<GenLeaf>, Vec<String>) {
    let q = |n: i64| Decimal::new(n * 25 * v.scale, 2);
    let mut leaves = Vec::new();
    let mut nodes = Vec::new();
    for (area, kind, groups) in areas {
        let mut area_q = 0i64;
        let mut children = Vec::new();
        for (g, group) in groups.iter().enumerate() {
            let code = format!("{area}.{}", g + 1);
            if group.len() == 1 {
                area_q += group[0].max_q as i64;
                leaves.push(GenLeaf {
                    code,
                    spec: group[0].clone(),
                    kind,
                });
            } else {
                let sum: i64 = group.iter().map(|l| l.max_q as i64).sum();
                area_q += sum;
                children.push(format!(
                    "[c.\"{code}\"]\ntitle = \"Nhóm {code}\"\nmax = {}\n",
                    q(sum)
                ));
                for (k, l) in group.iter().enumerate() {
                    leaves.push(GenLeaf {
                        code: format!("{code}.{}", k + 1),
                        spec: l.clone(),
                        kind,
                    });
                }
            }
        }
        if v.na_leaf && area == "1" {
            area_q += 4;
        }
        // Bonus and deduction areas cap their leaves' sum at half of it.
        let max_q = if *kind == "ordinary" {
            area_q
        } else {
            (area_q / 2).max(1)
        };
        let kind_line = if *kind == "ordinary" {
            String::new()
        } else {
            format!("kind = \"{kind}\"\n")
        };
        nodes.push(format!(
            "[c.\"{area}\"]\ntitle = \"Lĩnh vực {area}\"\n{kind_line}max = {}\n",
            q(max_q)
        ));
        nodes.extend(children);
    }
    for l in &leaves {
        let m = q(l.spec.max_q as i64);
        let half = q(l.spec.max_q as i64 / 2);
        let fact = format!("y_{}", l.code.replace('.', "_"));
        let body = match l.spec.method {
            0 => "method = \"manual\"\n".to_string(),
            1 => "method = \"yes_no\"\n".to_string(),
            2 => format!(
                "method = \"choice\"\noptions = [{{ label = \"Đạt\", points = {m} }}, {{ label = \"Một phần\", points = {half} }}, {{ label = \"Không\", points = 0 }}]\n"
            ),
            3 => format!(
                "method = \"bands\"\ninputs = {{ x = \"Tỷ lệ\" }}\nbands = [{{ gte = 80, points = {m} }}, {{ gte = 50, lt = 80, points = {half} }}, {{ lt = 50, points = 0 }}]\n"
            ),
            4 => format!(
                "method = \"formula\"\ninputs = {{ {fact} = {{ label = \"Số liệu\", source = \"data\" }} }}\nformula = \"max * {fact} / 100\"\n"
            ),
            _ => format!(
                "method = \"formula\"\ninputs = {{ {fact} = {{ label = \"Số liệu\", source = \"data\" }} }}\nformula = \"if {fact} == 0 {{ na() }} else {{ max * {fact} / 100 }}\"\n"
            ),
        };
        let na = if na_allowed(&l.spec) {
            "na_allowed = true\n"
        } else {
            ""
        };
        nodes.push(format!(
            "[c.\"{}\"]\ntitle = \"Tiêu chí {}\"\nmax = {m}\n{body}{na}",
            l.code, l.code
        ));
    }
    if v.na_leaf {
        nodes.push(format!(
            "[c.\"1.9\"]\ntitle = \"Không phát sinh\"\nmax = {}\nna_allowed = true\n",
            q(4)
        ));
    }
    (leaves, nodes)
}

/// The answer of one unit to one leaf, as a self-assessment entry body, or `None`.
fn answer(l: &GenLeaf, byte: u8, v: Variant) -> Option<String> {
    let q = |n: i64| Decimal::new(n * 25 * v.scale, 2);
    if byte.is_multiple_of(6) {
        return None;
    }
    if byte % 6 == 1 && na_allowed(&l.spec) {
        return Some("na = true".into());
    }
    let b = byte / 6;
    Some(match l.spec.method {
        0 => format!("points = {}", q((b % (l.spec.max_q + 1)) as i64)),
        1 => format!("yes = {}", b.is_multiple_of(2)),
        2 => format!(
            "choice = \"{}\"",
            ["Đạt", "Một phần", "Không"][(b % 3) as usize]
        ),
        3 => format!("facts = {{ x = {} }}", b % 101),
        _ => return None, // formulas read the dataset
    })
}

/// Writes the generated year; file and entry orders follow `v.reversed`.
fn generated(spec: &RegSpec, units: &[UnitSpec], v: Variant) -> Ws {
    let (base_id, overlay_id) = if v.reversed {
        ("pb", "pa")
    } else {
        ("pa", "pb")
    };
    let mut areas: Vec<(String, &'static str, Vec<Vec<LeafSpec>>)> = spec
        .areas
        .iter()
        .enumerate()
        .map(|(i, a)| ((i + 1).to_string(), "ordinary", a.clone()))
        .collect();
    if !spec.bonus.is_empty() {
        areas.push((
            "8".into(),
            "bonus",
            spec.bonus.iter().map(|l| vec![l.clone()]).collect(),
        ));
    }
    if !spec.deduction.is_empty() {
        areas.push((
            "9".into(),
            "deduction",
            spec.deduction.iter().map(|l| vec![l.clone()]).collect(),
        ));
    }
    let (mut leaves, mut nodes) = tree(&areas, v);
    let area_max = |leaves: &[GenLeaf], prefix: &str| -> i64 {
        leaves
            .iter()
            .filter(|l| l.kind == "ordinary" && l.code.split('.').next() == Some(prefix))
            .map(|l| l.spec.max_q as i64)
            .sum()
    };
    let mut total_q: i64 = (1..=spec.areas.len())
        .map(|a| area_max(&leaves, &a.to_string()))
        .sum();
    if v.na_leaf {
        total_q += 4;
    }
    let q = |n: i64| Decimal::new(n * 25 * v.scale, 2);
    if v.reversed {
        nodes.reverse();
    }
    let mut ws = Ws::empty()
        .write(
            "criteria/2024/regulation.toml",
            &format!(
                "id = \"g\"\ntitle = \"Quy chế sinh ngẫu nhiên\"\nyear = 2024\nstep = 0.25\npoints_decimals = 4\nindex_decimals = 2\n\n\
                 [[block]]\nid = \"so\"\nname = \"Khối sở\"\nappendix = \"{base_id}\"\n\n\
                 [[rating]]\nlabel = \"Tốt\"\nmin = 85\n[[rating]]\nlabel = \"Khá\"\nmin = 70\n[[rating]]\nlabel = \"Yếu\"\nmin = 0\n"
            ),
        )
        .write(
            &format!("criteria/2024/{base_id}.toml"),
            &format!(
                "id = \"{base_id}\"\ntitle = \"Phụ lục sinh ngẫu nhiên\"\ntotal = {}\n\n{}",
                q(total_q),
                nodes.join("\n")
            ),
        );
    if let Some(extra_area) = &spec.overlay {
        let (extra_leaves, mut extra_nodes) = tree(
            &[("7".into(), "ordinary", extra_area.clone())],
            Variant {
                na_leaf: false,
                ..v
            },
        );
        let extra_q: i64 = extra_leaves.iter().map(|l| l.spec.max_q as i64).sum();
        if v.reversed {
            extra_nodes.reverse();
        }
        ws = ws.write(
            &format!("criteria/2024/{overlay_id}.toml"),
            &format!(
                "id = \"{overlay_id}\"\ntitle = \"Phụ lục bổ sung\"\nextends = \"{base_id}\"\ntotal = {}\n\n{}",
                q(total_q + extra_q),
                extra_nodes.join("\n")
            ),
        );
        leaves.extend(extra_leaves);
    }
    let mut order: Vec<usize> = (0..units.len()).collect();
    if v.reversed {
        order.reverse();
    }
    let facts: Vec<&GenLeaf> = leaves.iter().filter(|l| l.spec.method >= 4).collect();
    // Dataset facts in two files, each holding half of the columns.
    let (first, second) = facts.split_at(facts.len() / 2);
    let mut csv = [
        format!(
            "unit{}\n",
            first
                .iter()
                .map(|l| format!(",y_{}", l.code.replace('.', "_")))
                .collect::<String>()
        ),
        format!(
            "unit{}\n",
            second
                .iter()
                .map(|l| format!(",y_{}", l.code.replace('.', "_")))
                .collect::<String>()
        ),
    ];
    let mut list = String::new();
    for &i in &order {
        let u = &units[i];
        let code = format!("U{i}");
        let extra = if u.extra && spec.overlay.is_some() {
            format!("extra = [\"{overlay_id}\"]\n")
        } else {
            String::new()
        };
        list += &format!(
            "[[unit]]\ncode = \"{code}\"\nname = \"Đơn vị {i}\"\nblock = \"so\"\n{extra}\n"
        );
        let mine: Vec<&GenLeaf> = leaves
            .iter()
            .filter(|l| !l.code.starts_with("7.") || !extra.is_empty())
            .collect();
        let mut entries: Vec<String> = mine
            .iter()
            .enumerate()
            .filter_map(|(k, l)| {
                answer(l, u.answers[k % u.answers.len()], v)
                    .map(|a| format!("[c.\"{}\"]\n{a}\nevidence = [\"VB\"]\n", l.code))
            })
            .collect();
        if v.na_leaf {
            entries.push("[c.\"1.9\"]\nna = true\n".into());
        }
        if v.reversed {
            entries.reverse();
        }
        ws = ws.write(
            &format!("scores/2024/self/{code}.toml"),
            &format!("unit = \"{code}\"\n\n{}", entries.join("\n")),
        );
        if let (Some(p), Some(l)) = (u.adjust, mine.iter().find(|l| l.spec.method == 0)) {
            let p = q((p % (l.spec.max_q + 1)) as i64);
            ws = ws.write(
                &format!("scores/2024/appraisal/{code}.toml"),
                &format!("unit = \"{code}\"\n[[adjust]]\ncode = \"{}\"\nround = 1\npoints = {p}\nreason = \"Điều chỉnh\"\n", l.code),
            );
        }
        for (part, leaves) in [first, second].iter().enumerate() {
            csv[part] += &format!(
                "{code}{}\n",
                leaves
                    .iter()
                    .enumerate()
                    .map(|(k, _)| format!(",{}", u.answers[(k + part * 7) % u.answers.len()] % 101))
                    .collect::<String>()
            );
        }
    }
    if v.reversed {
        csv.reverse();
    }
    let mut ws = ws.write("scores/2024/units.toml", &list);
    for (k, text) in csv.iter().enumerate() {
        if text.lines().next().is_some_and(|h| h != "unit") {
            ws = ws.write(&format!("scores/2024/data/{}.csv", k + 1), text);
        }
    }
    ws
}

/// Per unit: self and final (total, index, rating), applicable max, rank, and
/// final points of every node by code.
type Summary = std::collections::BTreeMap<
    String,
    (
        [(Decimal, Option<Decimal>, Option<String>); 2],
        Decimal,
        Option<u32>,
        std::collections::BTreeMap<String, Decimal>,
    ),
>;

fn summary(ws: &Ws) -> Summary {
    let (w, r) = ws.score();
    let errors: Vec<String> = w
        .diagnostics
        .items
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.render(chiso::i18n::Lang::En))
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    r.units
        .iter()
        .map(|u| {
            let scheme = w.scheme_of(w.unit(&u.code).unwrap()).unwrap();
            let nodes = scheme
                .nodes
                .iter()
                .zip(&u.nodes)
                .map(|(c, n)| (c.code.clone(), n.final_.points))
                .collect();
            let side = |s: &chiso::results::Side| (s.total, s.index, s.rating.clone());
            (
                u.code.clone(),
                (
                    [side(&u.self_), side(&u.final_)],
                    u.final_.applicable_max,
                    u.rank,
                    nodes,
                ),
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn generated_regulations_are_invariant(
        spec in reg_spec(),
        units in proptest::collection::vec(unit_spec(), 1..=4),
    ) {
        let plain = Variant { scale: 1, ..Variant::default() };
        let base = summary(&generated(&spec, &units, plain));
        prop_assert_eq!(base.len(), units.len());

        // Reordering units, nodes, answers, dataset rows and files changes nothing.
        let reordered = summary(&generated(&spec, &units, Variant { reversed: true, ..plain }));
        prop_assert_eq!(&base, &reordered);

        // Twice every weight: totals and points double, indices and ratings stay.
        let doubled = summary(&generated(&spec, &units, Variant { scale: 2, ..plain }));
        for (code, (sides, app, rank, nodes)) in &base {
            let (sides2, app2, rank2, nodes2) = &doubled[code];
            prop_assert_eq!(*app2, app * Decimal::TWO);
            prop_assert_eq!(rank2, rank);
            for (s, s2) in sides.iter().zip(sides2) {
                prop_assert_eq!(s2.0, s.0 * Decimal::TWO);
                prop_assert_eq!(&s2.1, &s.1, "{} index", code);
                prop_assert_eq!(&s2.2, &s.2);
            }
            for (c, p) in nodes {
                prop_assert_eq!(nodes2[c], p * Decimal::TWO, "{} {}", code, c);
            }
        }

        // A leaf every unit declares not applicable changes no index.
        let with_na = summary(&generated(&spec, &units, Variant { na_leaf: true, ..plain }));
        for (code, (sides, app, rank, _)) in &base {
            let (sides2, app2, rank2, nodes2) = &with_na[code];
            prop_assert_eq!(app2, app);
            prop_assert_eq!(rank2, rank);
            prop_assert_eq!(sides2, sides);
            prop_assert_eq!(nodes2["1.9"], Decimal::ZERO);
        }
    }
}
