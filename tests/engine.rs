//! Hand-computed cases for docs/format.md, Computation: every method, rounding edges, N/A,
//! bonus/deduction, facts precedence, ranking, subordinates.

use crate::common;

use chiso::diagnostic::Code;
use chiso::results::Decision;
use common::{Ws, d, simple};

#[test]
fn fixture_unit_a_matches_the_hand_computation() {
    let (ws, r) = Ws::fixture().score();
    let a = r.unit("A").unwrap();
    let scheme = ws.scheme_of(ws.unit("A").unwrap()).unwrap();
    let leaf = |code: &str| &a.nodes[scheme.by_code[code]];
    // manual, accepted in round 2 after round 1 lowered it
    assert_eq!(leaf("1.1").self_.points, d("1.75"));
    assert_eq!(leaf("1.1").final_.points, d("1.75"));
    assert_eq!(leaf("1.1").decision, Decision::Accepted { round: 2 });
    // yes_no
    assert_eq!(leaf("1.2").final_.points, d("1"));
    // choice, adjusted in round 1
    assert_eq!(
        (leaf("1.3").self_.points, leaf("1.3").final_.points),
        (d("1"), d("0"))
    );
    // bands: self-reported 0 late → band ≤ 0; official 1/63 = 1.59% → band < 3
    assert_eq!(
        (leaf("1.4").self_.points, leaf("1.4").final_.points),
        (d("2"), d("1"))
    );
    // formula: 3 × 87.5 / 100 = 2.625 → 2.63 (half away from zero, not banker's 2.62)
    assert_eq!(leaf("1.5").final_.points, d("2.63"));
    // N/A leaves the applicable max: 20 − 4
    assert!(leaf("2.1").self_.na && leaf("2.1").final_.na);
    assert_eq!(a.applicable_max, d("16"));
    // subordinates: S1 Tốt, S2 Khá (final 70), S3 Trung bình → 6 × 2 / 3
    assert_eq!(leaf("2.2").final_.points, d("4"));
    // bonus: 1 + 1 capped at 1; deduction: 2 late reports × 0.25
    assert_eq!((a.final_.bonus, a.final_.deduction), (d("1"), d("0.5")));
    // self: 12.38 + 1 − 0.5 = 12.88 → 80.50; final: 10.38 + 1 − 0.5 = 10.88 → 68.00
    assert_eq!(a.self_.total, d("12.88"));
    assert_eq!(a.self_.index, Some(d("80.5")));
    assert_eq!(a.self_.rating.as_deref(), Some("Khá"));
    assert_eq!(a.final_.total, d("10.88"));
    assert_eq!(a.final_.index, Some(d("68")));
    assert_eq!(a.final_.rating.as_deref(), Some("Trung bình"));
}

#[test]
fn fixture_communes_and_ranks() {
    let (_, r) = Ws::fixture().score();
    let s2 = r.unit("S2").unwrap();
    assert_eq!(s2.final_.index, Some(d("70")));
    assert_eq!(
        s2.final_.rating.as_deref(),
        Some("Khá"),
        "index exactly at the Khá threshold"
    );
    let order: Vec<(&str, Option<u32>)> =
        r.units.iter().map(|u| (u.code.as_str(), u.rank)).collect();
    assert_eq!(
        order,
        [
            ("A", Some(1)),
            ("B", Some(2)),
            ("S1", Some(1)),
            ("S2", Some(2)),
            ("S3", Some(3))
        ]
    );
}

#[test]
fn unanswered_and_missing_inputs_score_zero_with_warnings() {
    let (_, r) = Ws::without_data_for_b().score();
    let b = r.unit("B").unwrap();
    assert_eq!(b.final_.total, d("0"));
    // no subordinates → 2.2 is N/A (20 − 6)
    assert_eq!(b.applicable_max, d("14"));
    let codes: Vec<Code> = b.diagnostics.iter().map(|x| x.code).collect();
    // B has no self-assessment: its leaves are not listed one by one (W0607 says it).
    assert!(!codes.contains(&Code::Unanswered));
    assert!(codes.contains(&Code::MissingInput));
}

#[test]
fn rating_thresholds_use_the_rounded_index() {
    let ws = simple(&[
        ("A", "84.995", "0", "0", "0"),
        ("B", "84.994", "0", "0", "0"),
        ("C", "70", "0", "0", "0"),
        ("D", "69.999", "0", "0", "0"),
        ("E", "50", "0", "0", "0"),
        ("F", "49.99", "0", "0", "0"),
        ("G", "85", "0", "0", "0"),
    ]);
    let (_, r) = ws.score();
    let get = |c: &str| {
        let u = r.unit(c).unwrap();
        (u.final_.index.unwrap(), u.final_.rating.clone().unwrap())
    };
    assert_eq!(get("A"), (d("85.00"), "Tốt".to_string()));
    assert_eq!(get("B"), (d("84.99"), "Khá".to_string()));
    assert_eq!(get("C"), (d("70"), "Khá".to_string()));
    assert_eq!(
        get("D"),
        (d("70.00"), "Khá".to_string()),
        "69.999 rounds to 70.00"
    );
    assert_eq!(get("E"), (d("50"), "Trung bình".to_string()));
    assert_eq!(get("F"), (d("49.99"), "Yếu".to_string()));
    assert_eq!(get("G"), (d("85"), "Tốt".to_string()));
}

#[test]
fn bonus_above_the_maximum_is_clamped_to_100() {
    let (_, r) = simple(&[("A", "100", "1.5", "0", "0")]).score();
    let a = r.unit("A").unwrap();
    assert_eq!(a.final_.total, d("101.5"));
    assert_eq!(a.final_.index, Some(d("100")));
}

#[test]
fn deductions_are_capped_per_area_and_formula_results_clamped() {
    // 10.1: 10 × 0.25 = 2.5 → clamped to 1 (warning); 10.2: 0.5; area 10 cap 1
    let (_, r) = simple(&[("A", "90", "0", "10", "1")]).score();
    let a = r.unit("A").unwrap();
    assert_eq!(a.final_.deduction, d("1"));
    assert_eq!(a.final_.total, d("89"));
    assert!(
        a.diagnostics
            .iter()
            .any(|x| x.code == Code::Clamped && x.criterion.as_deref() == Some("10.1"))
    );
}

#[test]
fn equal_indices_share_a_rank_and_the_next_rank_skips() {
    let (_, r) = simple(&[
        ("D", "70", "0", "0", "0"),
        ("B", "80", "0", "0", "0"),
        ("A", "80", "0", "0", "0"),
        ("C", "90", "0", "0", "0"),
    ])
    .score();
    let order: Vec<(&str, Option<u32>)> =
        r.units.iter().map(|u| (u.code.as_str(), u.rank)).collect();
    assert_eq!(
        order,
        [
            ("C", Some(1)),
            ("A", Some(2)),
            ("B", Some(2)),
            ("D", Some(4))
        ]
    );
}

#[test]
fn final_facts_prefer_appraisal_then_data_then_self() {
    // self says 0 late, data says 1 of 63 (1.59% → 1 point), appraisal says 3 (4.76% → 0)
    let ws = Ws::fixture().write(
        "scores/2024/appraisal/A.toml",
        "unit = \"A\"\n[[adjust]]\ncode = \"1.4\"\nround = 1\nfacts = { tre_han = 3 }\nreason = \"Theo phần mềm một cửa\"\n",
    );
    let (w, r) = ws.score();
    let a = r.unit("A").unwrap();
    let i = w.scheme_of(w.unit("A").unwrap()).unwrap().by_code["1.4"];
    assert_eq!(a.nodes[i].self_.points, d("2"));
    assert_eq!(a.nodes[i].final_.points, d("0"));
    // without the adjustment the official data wins over the unit's own figure
    let (w, r) = Ws::fixture().remove("scores/2024/appraisal/A.toml").score();
    let i = w.scheme_of(w.unit("A").unwrap()).unwrap().by_code["1.4"];
    assert_eq!(r.unit("A").unwrap().nodes[i].final_.points, d("1"));
}

#[test]
fn self_facts_fall_back_to_the_dataset() {
    let ws = Ws::fixture().edit(
        "scores/2024/self/A.toml",
        "facts = { tre_han = 0 }",
        "note = \"theo dữ liệu\"",
    );
    let (w, r) = ws.score();
    let i = w.scheme_of(w.unit("A").unwrap()).unwrap().by_code["1.4"];
    assert_eq!(r.unit("A").unwrap().nodes[i].self_.points, d("1"));
}

#[test]
fn subordinate_average_index() {
    let ws = Ws::fixture().edit(
        "criteria/2024/pa.toml",
        "formula = \"if sub_count() == 0 { na() } else { max * (sub_rated(\\\"Tốt\\\") + sub_rated(\\\"Khá\\\")) / sub_count() }\"",
        "formula = \"if sub_count() == 0 { na() } else { max * sub_avg_index() / 100 }\"",
    );
    let (w, r) = ws.score();
    let i = w.scheme_of(w.unit("A").unwrap()).unwrap().by_code["2.2"];
    // (90 + 70 + 65) / 3 = 75 → 6 × 0.75
    assert_eq!(r.unit("A").unwrap().nodes[i].final_.points, d("4.5"));
}

/// Without subordinates the average is 0 (docs/format.md): a formula that
/// does not test `sub_count()` first scores 0, not N/A.
#[test]
fn subordinate_average_index_without_subordinates_is_zero() {
    let ws = Ws::fixture().edit(
        "criteria/2024/pa.toml",
        "formula = \"if sub_count() == 0 { na() } else { max * (sub_rated(\\\"Tốt\\\") + sub_rated(\\\"Khá\\\")) / sub_count() }\"",
        "formula = \"max * sub_avg_index() / 100\"",
    );
    let (w, r) = ws.score();
    for unit in ["A", "B"] {
        let i = w.scheme_of(w.unit(unit).unwrap()).unwrap().by_code["2.2"];
        let node = &r.unit(unit).unwrap().nodes[i];
        let expected = if unit == "A" { d("4.5") } else { d("0") };
        assert_eq!(
            (node.final_.points, node.final_.na),
            (expected, false),
            "{unit}"
        );
    }
}

#[test]
fn a_parent_cycle_is_an_error_and_scoring_still_finishes() {
    let ws = Ws::fixture().edit(
        "scores/2024/units.toml",
        "code = \"A\"\nname = \"Sở A\"\nblock = \"so\"",
        "code = \"A\"\nname = \"Sở A\"\nblock = \"so\"\nparent = \"S1\"",
    );
    let diags = ws.diagnostics();
    assert!(diags.iter().any(|x| x.code == Code::ParentCycle));
    let (_, r) = ws.score();
    assert_eq!(r.units.len(), 5);
}

#[test]
fn overlay_adds_replaces_and_removes() {
    let ws = Ws::fixture()
        .write(
            "criteria/2024/pax.toml",
            r#"id = "pax"
title = "Phụ lục A bổ sung"
extends = "pa"
total = 20

[c."1.2"]
removed = true

[c."1.6"]
title = "Tiêu chí đặc thù"
max = 1
method = "yes_no"

[c."2.1"]
title = "Văn bản QPPL (thay thế)"
max = 4
method = "yes_no"
"#,
        )
        .edit(
            "scores/2024/units.toml",
            "name = \"Sở B\"\nblock = \"so\"",
            "name = \"Sở B\"\nblock = \"so\"\nextra = [\"pax\"]",
        )
        .write(
            "scores/2024/self/B.toml",
            "unit = \"B\"\n[c.\"1.6\"]\nyes = true\n[c.\"2.1\"]\nyes = true\n",
        );
    let (w, r) = ws.score();
    let scheme = w.scheme_of(w.unit("B").unwrap()).unwrap();
    assert_eq!(scheme.appendices, ["pa", "pax"]);
    assert!(scheme.get("1.2").is_none());
    assert_eq!(scheme.get("2.1").unwrap().title, "Văn bản QPPL (thay thế)");
    let b = r.unit("B").unwrap();
    assert_eq!(b.final_.points, d("5"));
    assert!(
        !w.diagnostics.has_errors(),
        "{:?}",
        w.diagnostics
            .items
            .iter()
            .map(|x| x.render(chiso::i18n::Lang::En))
            .collect::<Vec<_>>()
    );
}

#[test]
fn decomposed_unicode_matches_precomposed_labels() {
    // "Trễ hạn" typed with combining marks (Unicode tổ hợp)
    let decomposed = "Tre\u{0302}\u{0303} ha\u{0323}n";
    let ws = Ws::fixture().edit(
        "scores/2024/self/A.toml",
        "choice = \"Trễ hạn\"",
        &format!("choice = \"{decomposed}\""),
    );
    let (w, r) = ws.score();
    let i = w.scheme_of(w.unit("A").unwrap()).unwrap().by_code["1.3"];
    assert_eq!(r.unit("A").unwrap().nodes[i].self_.points, d("1"));
}

#[test]
fn absurd_numbers_are_diagnostics_not_panics() {
    let ws = Ws::fixture()
        .edit(
            "criteria/2024/regulation.toml",
            "step = 0.25",
            "step = 0.0000000000000000000000000001",
        )
        .edit(
            "scores/2024/self/A.toml",
            "points = 1.75",
            "points = 1.7500000000000000000000000001",
        )
        .write(
            "scores/2024/data/huge.csv",
            "unit,bao_cao_thieu\nA,79228162514264337593543950335\n",
        );
    let diags = ws.diagnostics();
    assert!(diags.iter().any(|x| x.code == Code::InvalidNumber));
    let (_, r) = ws.score();
    assert!(r.unit("A").unwrap().final_.index.is_some());
}

#[test]
fn evidence_policy_zero_zeroes_unproven_claims_until_the_council_decides() {
    let ws = Ws::unproven_claim_under_zero_policy();
    let (ws, r) = ws.score();
    let a = r.unit("A").unwrap();
    let scheme = ws.scheme_of(ws.unit("A").unwrap()).unwrap();
    let leaf = &a.nodes[scheme.by_code["1.1"]];
    assert_eq!(
        leaf.self_.points,
        d("1.75"),
        "the claim stays on the self side"
    );
    assert_eq!(leaf.final_.points, d("0"));
    assert_eq!(leaf.decision, Decision::NoEvidence);
    // The fixture's final total 10.88 (with 1.1 at 1.75) loses 1.75.
    assert_eq!(a.final_.total, d("9.13"));
    assert!(
        a.diagnostics
            .iter()
            .any(|x| x.code == Code::MissingEvidence && x.criterion.as_deref() == Some("1.1"))
    );
}

#[test]
fn evidence_policy_warn_keeps_the_points_and_the_council_overrides_zero() {
    let base = Ws::fixture().edit(
        "scores/2024/self/A.toml",
        "explanation = \"Đã bổ sung quyết định\"\n",
        "",
    );
    // warn (the default): the claim stands, round 2 accepted it
    let (ws, r) = base.score();
    let a = r.unit("A").unwrap();
    let i = ws.scheme_of(ws.unit("A").unwrap()).unwrap().by_code["1.1"];
    assert_eq!(a.nodes[i].final_.points, d("1.75"));
    // zero, but the council decided (round 2 accept): the decision wins
    let (ws, r) = base
        .edit(
            "criteria/2024/regulation.toml",
            "index_decimals = 2",
            "index_decimals = 2\nevidence_policy = \"zero\"",
        )
        .score();
    let a = r.unit("A").unwrap();
    let i = ws.scheme_of(ws.unit("A").unwrap()).unwrap().by_code["1.1"];
    assert_eq!(a.nodes[i].final_.points, d("1.75"));
    assert_eq!(a.nodes[i].decision, Decision::Accepted { round: 2 });
}

#[test]
fn an_explanation_without_a_later_round_is_awaiting_a_decision() {
    let (ws, r) = Ws::fixture().score();
    let a = r.unit("A").unwrap();
    let i = ws.scheme_of(ws.unit("A").unwrap()).unwrap().by_code["1.1"];
    assert!(!a.nodes[i].awaiting_decision, "round 2 accepted it");
    // Without the round-2 decision, A's explanation of 1.1 waits.
    let (ws, r) = Ws::fixture()
        .edit(
            "scores/2024/appraisal/A.toml",
            "[[adjust]]\ncode = \"1.1\"\nround = 2\naccept = true\nreason = \"Đơn vị đã giải trình\"",
            "",
        )
        .score();
    let a = r.unit("A").unwrap();
    let scheme = ws.scheme_of(ws.unit("A").unwrap()).unwrap();
    let n = &a.nodes[scheme.by_code["1.1"]];
    assert!(n.awaiting_decision);
    assert_eq!(n.decision, Decision::Adjusted { round: 1 });
    assert_eq!(n.final_.points, d("1.5"));
    // 1.3 was adjusted in round 1 too, but A did not explain it.
    assert!(!a.nodes[scheme.by_code["1.3"]].awaiting_decision);
}

#[test]
fn keeping_only_the_areas_gives_the_same_units_and_areas() {
    use chiso::eval::{Options, evaluate};
    let ws = Ws::fixture().load();
    let all = evaluate(&ws, &Options::default()).unwrap();
    let areas = evaluate(
        &ws,
        &Options {
            areas_only: true,
            ..Options::default()
        },
    )
    .unwrap();
    assert_eq!(all.units.len(), areas.units.len());
    for (a, b) in all.units.iter().zip(&areas.units) {
        let scheme = ws.scheme_of(ws.unit(&a.code).unwrap()).unwrap();
        assert_eq!(
            (&a.code, &a.self_, &a.final_, a.rank),
            (&b.code, &b.self_, &b.final_, b.rank)
        );
        assert_eq!(a.nodes.len(), scheme.nodes.len());
        assert_eq!(b.nodes.len(), scheme.roots.len());
        for (k, &r) in scheme.roots.iter().enumerate() {
            let (x, y) = (a.area(scheme, k), b.area(scheme, k));
            assert_eq!(x.self_, a.nodes[r].self_);
            assert_eq!(
                (x.self_, x.final_, x.decision),
                (y.self_, y.final_, y.decision)
            );
        }
    }
    assert!(
        all.units
            .iter()
            .zip(&areas.units)
            .any(|(a, b)| b.nodes.len() < a.nodes.len())
    );
    assert_eq!(
        chiso::report::score::json(&ws, &all, chiso::i18n::Lang::En),
        chiso::report::score::json(&ws, &areas, chiso::i18n::Lang::En)
    );
}

/// `score` and `check` read each unit's answer files while scoring it; the
/// results and every diagnostic (order included) must be those of loading the
/// whole workspace first, however the workspace is broken.
#[test]
fn reading_answers_while_scoring_changes_nothing() {
    let cases: Vec<(&str, Ws)> = vec![
        ("as is", Ws::fixture()),
        (
            "a self file that does not parse",
            Ws::fixture().write(
                "scores/2024/self/S1.toml",
                "unit = \"S1\"\n[c.\"1.1\"\npoints = 1\n",
            ),
        ),
        (
            "answer files of unknown units",
            Ws::fixture()
                .write("scores/2024/self/ZZ.toml", "unit = \"ZZ\"\n")
                .write("scores/2024/appraisal/Y.toml", "unit = \"Y\"\n"),
        ),
        (
            "a unit of an unknown block",
            Ws::fixture().edit(
                "scores/2024/units.toml",
                "block = \"so\"",
                "block = \"nope\"",
            ),
        ),
        (
            "a parent cycle",
            Ws::fixture().edit(
                "scores/2024/units.toml",
                "name = \"Sở A\"",
                "name = \"Sở A\"\nparent = \"S1\"",
            ),
        ),
        (
            "a folder named like an answer file, a missing self-assessment",
            Ws::fixture()
                .remove("scores/2024/self/S3.toml")
                .write("scores/2024/self/S3.toml/x", ""),
        ),
        (
            "an appraisal file with errors",
            Ws::fixture().write(
                "scores/2024/appraisal/S1.toml",
                "unit = \"S1\"\n[[adjustment]]\ncode = \"9.9\"\npoints = 1\n",
            ),
        ),
    ];
    let options = chiso::eval::Options {
        areas_only: true,
        ..Default::default()
    };
    let render = |ws: &chiso::model::Workspace, r: &Option<chiso::results::Results>| {
        let mut text: Vec<String> = ws
            .diagnostics
            .items
            .iter()
            .map(|d| d.render(chiso::i18n::Lang::En))
            .collect();
        if let Some(r) = r {
            text.extend(
                r.units
                    .iter()
                    .flat_map(|u| &u.diagnostics)
                    .map(|d| d.render(chiso::i18n::Lang::En)),
            );
            let mut json = Vec::new();
            chiso::report::score::write_json(ws, r, chiso::i18n::Lang::En, &mut json).unwrap();
            text.push(String::from_utf8(json).unwrap());
        }
        text
    };
    let mut as_is: Option<Vec<String>> = None;
    for (what, ws) in cases {
        let whole = ws.load();
        let whole_results = chiso::eval::evaluate(&whole, &options);
        let (read, read_results) =
            chiso::pipeline::load_and_evaluate(ws.root(), 2024, &options).expect("year exists");
        assert!(read.self_assessments.is_empty() && read.appraisals.is_empty());
        let (a, b) = (render(&whole, &whole_results), render(&read, &read_results));
        assert_eq!(a, b, "{what}");
        match &as_is {
            None => as_is = Some(a),
            Some(fine) => assert_ne!(fine, &a, "{what}: breaks nothing"),
        }
    }
}

/// Every expression of the sample regulations takes the direct evaluation
/// path (rhai stays the compiler and the fallback for errors).
#[test]
fn sample_expressions_are_evaluated_directly() {
    use chiso::model::Method;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for year in [2023, 2024, 2025] {
        let ws = chiso::load::load_workspace(root, year).unwrap();
        let mut count = 0;
        for node in ws.schemes.iter().flat_map(|s| &s.nodes) {
            let exprs: Vec<&chiso::expr::Expression> = match &node.method {
                Some(Method::Formula { formula, value }) => {
                    value.iter().chain([formula]).map(|e| &**e).collect()
                }
                Some(Method::Bands { value: Some(e), .. }) => vec![&**e],
                _ => continue,
            };
            for expr in exprs {
                assert!(expr.is_direct(), "{year} {}: {}", node.code, expr.text);
                count += 1;
            }
        }
        assert!(count > 20, "{year}: {count} expressions");
    }
}

/// A deduction the unit reports against itself needs no evidence: no W0606,
/// and `evidence_policy = "zero"` does not spare the unit the deduction (it
/// zeroed the final points, so an unproven confession deducted nothing).
#[test]
fn a_deduction_is_never_zeroed_for_missing_evidence() {
    let ws = Ws::unproven_claim_under_zero_policy().edit(
        "criteria/2024/pa.toml",
        "method = \"formula\"\ninputs = { bao_cao_tre = { label = \"Số báo cáo trễ\", source = \"data\" } }\nformula = \"bao_cao_tre * 0.25\"",
        "evidence = \"Văn bản phê bình\"",
    );
    let own = std::fs::read_to_string(ws.path("scores/2024/self/A.toml")).unwrap();
    let ws = ws.write(
        "scores/2024/self/A.toml",
        &format!("{own}\n[c.\"10.1\"]\npoints = 0.5\n"),
    );
    let on_10_1: Vec<_> = ws
        .diagnostics()
        .into_iter()
        .filter(|x| x.criterion.as_deref() == Some("10.1"))
        .map(|x| x.code)
        .collect();
    assert!(on_10_1.is_empty(), "{on_10_1:?}");
    let (ws_model, r) = ws.score();
    let a = r.unit("A").unwrap();
    let scheme = ws_model.scheme_of(ws_model.unit("A").unwrap()).unwrap();
    let leaf = &a.nodes[scheme.by_code["10.1"]];
    assert_eq!(leaf.self_.points, d("0.5"));
    assert_eq!(leaf.final_.points, d("0.5"));
    assert_eq!(a.final_.deduction, d("0.5"));
}
