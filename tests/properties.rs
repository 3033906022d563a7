//! Invariants over generated answers on the fixture's appendix (every method):
//! leaf points within [0, max], index within [0, 100], ranking is a
//! competition ranking (a permutation where equal indices share a rank), and
//! results do not depend on the order units are listed in.

mod common;

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
