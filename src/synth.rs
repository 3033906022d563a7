//! Synthetic workspaces for benchmarks and stress tests: copies a year's
//! criteria and generates any number of units with valid, varied answers.

use std::fmt::Write as _;
use std::path::Path;

use crate::load;
use crate::model::{AssessedBy, InputSource, Method};

/// A small deterministic generator (xorshift), so runs are reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        if e.path().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()))?;
        } else {
            std::fs::copy(e.path(), to.join(e.file_name()))?;
        }
    }
    Ok(())
}

/// A regulation of one block, `so`, on appendix `pa`.
const ONE_BLOCK: &str = "id = \"r\"\ntitle = \"Quy chế\"\n\n\
    [[block]]\nid = \"so\"\nname = \"Khối sở\"\nappendix = \"pa\"\n\n\
    [[rating]]\nlabel = \"Tốt\"\nmin = 85\n[[rating]]\nlabel = \"Khá\"\nmin = 70\n\
    [[rating]]\nlabel = \"Trung bình\"\nmin = 50\n[[rating]]\nlabel = \"Yếu\"\nmin = 0\n";

/// Writes the regulation, appendix `pa` and unit list of a one-block workspace.
fn one_block(target: &Path, year: i64, appendix: &str, units: &str) -> std::io::Result<()> {
    let criteria = load::criteria_dir(target, year);
    let scores = load::scores_dir(target, year);
    std::fs::create_dir_all(&criteria)?;
    std::fs::create_dir_all(&scores)?;
    std::fs::write(
        criteria.join("regulation.toml"),
        format!("year = {year}\n{ONE_BLOCK}"),
    )?;
    std::fs::write(criteria.join("pa.toml"), appendix)?;
    std::fs::write(scores.join("units.toml"), units)
}

/// A hostile size: one unit, `A`, on a tree whose bonus area has `leaves`
/// yes/no criteria, answering only area 1, so that every bonus leaf warns
/// "unanswered" (a unit's warnings once cost time quadratic in them).
pub fn many_leaves(target: &Path, year: i64, leaves: usize) -> std::io::Result<()> {
    let mut appendix = String::from(
        "id = \"pa\"\ntitle = \"Nhiều tiêu chí\"\ntotal = 100\n\n\
         [c.\"1\"]\ntitle = \"Điểm\"\nmax = 100\nmethod = \"yes_no\"\n\n\
         [c.\"9\"]\ntitle = \"Thưởng\"\nkind = \"bonus\"\nmax = 2\n",
    );
    for i in 1..=leaves {
        let _ = write!(
            appendix,
            "\n[c.\"9.{i}\"]\ntitle = \"Sáng kiến {i}\"\nmax = 0.25\nmethod = \"yes_no\"\n"
        );
    }
    one_block(
        target,
        year,
        &appendix,
        "[[unit]]\ncode = \"A\"\nname = \"Sở A\"\nblock = \"so\"\n",
    )?;
    let answers = load::scores_dir(target, year).join("self");
    std::fs::create_dir_all(&answers)?;
    std::fs::write(
        answers.join("A.toml"),
        "unit = \"A\"\n[c.\"1\"]\nyes = true\n",
    )
}

/// A hostile size: `units` units `U0`, `U1`, … in one chain, each the
/// parent of the one before (walking parents once cost time cubic in it).
pub fn chain(target: &Path, year: i64, units: usize) -> std::io::Result<()> {
    let mut list = String::new();
    for i in 0..units {
        let _ = writeln!(
            list,
            "[[unit]]\ncode = \"U{i}\"\nname = \"Đơn vị {i}\"\nblock = \"so\""
        );
        if i + 1 < units {
            let _ = writeln!(list, "parent = \"U{}\"", i + 1);
        }
        list.push('\n');
    }
    one_block(
        target,
        year,
        "id = \"pa\"\ntitle = \"Một tiêu chí\"\ntotal = 100\n\n\
         [c.\"1\"]\ntitle = \"Điểm\"\nmax = 100\nmethod = \"yes_no\"\n",
        &list,
    )
}

/// Writes a workspace for `year` into `target`: the criteria of `source`, and
/// `units` units spread over the regulation's blocks, each with a
/// self-assessment, about half with an appraisal (as in a real year: roughly
/// 1.5 answer files per unit), and dataset rows.
pub fn generate(
    source: &Path,
    year: i64,
    target: &Path,
    units: usize,
    seed: u64,
) -> std::io::Result<()> {
    let criteria = load::criteria_dir(target, year);
    copy_dir(&load::criteria_dir(source, year), &criteria)?;
    let scores = load::scores_dir(target, year);
    std::fs::create_dir_all(scores.join("self"))?;
    std::fs::create_dir_all(scores.join("appraisal"))?;
    std::fs::create_dir_all(scores.join("data"))?;

    // Blocks and their schemes come from the loaded criteria.
    std::fs::write(scores.join("units.toml"), "")?;
    let ws =
        load::load_workspace(target, year).map_err(|e| std::io::Error::other(format!("{e:?}")))?;
    let reg = ws
        .regulation
        .as_ref()
        .ok_or_else(|| std::io::Error::other("regulation does not load"))?;
    let blocks: Vec<&str> = reg.blocks.iter().map(|b| b.id.as_str()).collect();
    let mut list = String::new();
    for i in 0..units {
        let block = blocks[i % blocks.len()];
        let _ = write!(
            list,
            "[[unit]]\ncode = \"U{i:06}\"\nname = \"Đơn vị tổng hợp {i}\"\nblock = \"{block}\"\n\n"
        );
    }
    std::fs::write(scores.join("units.toml"), list)?;
    let ws =
        load::load_workspace(target, year).map_err(|e| std::io::Error::other(format!("{e:?}")))?;

    let mut rng = Rng(seed | 1);
    let mut data_facts: Vec<String> = Vec::new();
    for s in &ws.schemes {
        for (_, c) in s.leaves() {
            for i in c.inputs.iter().filter(|i| i.source == InputSource::Data) {
                if !data_facts.contains(&i.name) {
                    data_facts.push(i.name.clone());
                }
            }
        }
    }
    let mut csv = format!("unit,{}\n", data_facts.join(","));
    for u in &ws.units {
        let Some(scheme) = ws.scheme_of(u) else {
            continue;
        };
        let mut own = format!("unit = \"{}\"\nsubmitted = {year}-12-20\n", u.code);
        let mut appraisal = format!("unit = \"{}\"\n", u.code);
        let adjust = rng.below(2) == 0;
        for (_, c) in scheme.leaves() {
            let method = c.method.as_ref().expect("leaf");
            let answer = match method {
                Method::Manual => {
                    let quarters = (c.max / c.step.max(rust_decimal::Decimal::new(25, 2))).trunc();
                    let q = u64::try_from(quarters.mantissa()).unwrap_or(0);
                    let k = q.saturating_sub(rng.below(3).min(q));
                    format!(
                        "points = {}",
                        (c.step * rust_decimal::Decimal::from(k))
                            .min(c.max)
                            .normalize()
                    )
                }
                Method::YesNo => format!("yes = {}", rng.below(6) != 0),
                Method::Choice(o) => format!(
                    "choice = \"{}\"",
                    o[rng.below(o.len().min(2) as u64) as usize].label
                ),
                Method::Bands { .. } | Method::Formula { .. } => {
                    let reported: Vec<&str> = c
                        .inputs
                        .iter()
                        .filter(|i| i.source == InputSource::Reported)
                        .map(|i| i.name.as_str())
                        .collect();
                    let values = consistent_facts(c, &reported, &mut rng);
                    let facts: Vec<String> = reported
                        .iter()
                        .zip(&values)
                        .map(|(name, v)| format!("{name} = {v}"))
                        .collect();
                    if facts.is_empty() {
                        String::new()
                    } else {
                        format!("facts = {{ {} }}", facts.join(", "))
                    }
                }
            };
            // What the council scores is no unit's to answer.
            if answer.is_empty() || c.assessed_by == AssessedBy::Council {
                continue;
            }
            let _ = write!(own, "\n[c.\"{}\"]\n{answer}\n", c.code);
            if c.evidence.is_some() {
                let _ = writeln!(
                    own,
                    "evidence = [\"Quyết định số {}/QĐ ngày 15/01/{year}\"]",
                    rng.below(500) + 1
                );
            }
            if adjust && matches!(method, Method::YesNo) && rng.below(4) == 0 {
                let _ = write!(
                    appraisal,
                    "\n[[adjust]]\ncode = \"{}\"\nround = 1\nyes = false\nreason = \"Chưa đủ tài liệu kiểm chứng\"\n",
                    c.code
                );
            }
        }
        std::fs::write(scores.join("self").join(format!("{}.toml", u.code)), own)?;
        if adjust {
            std::fs::write(
                scores.join("appraisal").join(format!("{}.toml", u.code)),
                appraisal,
            )?;
        }
        let volume = 50 + rng.below(2000);
        let values: Vec<String> = data_facts
            .iter()
            .map(|f| match f.as_str() {
                "hai_long" => format!("{}.{}", 75 + rng.below(25), rng.below(100)),
                "tre_han" | "bao_cao_tre" | "bao_cao_thieu" => rng.below(4).to_string(),
                // The whole the other counts are parts of (the criteria check it).
                "tiep_nhan" => (volume + rng.below(100)).to_string(),
                _ if is_percent(&ws.schemes, f) => within_checks(scheme, f)
                    .unwrap_or_else(|| format!("{}.{}", 60 + rng.below(40), rng.below(100))),
                _ => volume.to_string(),
            })
            .collect();
        let _ = writeln!(csv, "{},{}", u.code, values.join(","));
    }
    std::fs::write(scores.join("data").join("synthetic.csv"), csv)
}

/// Whether a scheme reads `fact` as a percentage (a dataset column is typed
/// by any criterion that reads it).
fn is_percent(schemes: &[crate::model::Scheme], fact: &str) -> bool {
    schemes
        .iter()
        .flat_map(|s| s.leaves())
        .flat_map(|(_, c)| c.fact_inputs())
        .any(|i| i.name == fact && i.kind == crate::model::FactKind::Percent)
}

/// A whole percentage that the scheme's checks reading only `fact` accept
/// (e.g. a per-unit target within its block's band), when there are such checks.
fn within_checks(scheme: &crate::model::Scheme, fact: &str) -> Option<String> {
    let checks: Vec<&crate::model::Check> = scheme
        .leaves()
        .flat_map(|(_, c)| &c.checks)
        .filter(|c| c.facts.len() == 1 && c.facts[0] == fact)
        .collect();
    if checks.is_empty() {
        return None;
    }
    (0..=100).find_map(|v| {
        let vars = [(fact, rust_decimal::Decimal::from(v))];
        checks
            .iter()
            .all(|c| matches!(c.rule.evaluate_condition(&vars), Ok(Some(true))))
            .then(|| v.to_string())
    })
}

/// Random figures for a leaf's reported facts that satisfy its cross-checks
/// (facts from datasets read as 1): a few draws, then equal figures, which
/// satisfy every `part <= whole`.
fn consistent_facts(leaf: &crate::model::Criterion, names: &[&str], rng: &mut Rng) -> Vec<u64> {
    let holds = |values: &[u64]| {
        let mut vars: Vec<(&str, rust_decimal::Decimal)> = leaf
            .fact_inputs()
            .map(|i| {
                let v = names
                    .iter()
                    .position(|n| *n == i.name)
                    .map_or(1, |k| values[k]);
                (i.name.as_str(), rust_decimal::Decimal::from(v))
            })
            .collect();
        vars.push(("max", leaf.max));
        leaf.checks
            .iter()
            .all(|c| !matches!(c.rule.evaluate_condition(&vars), Ok(Some(false))))
    };
    for _ in 0..8 {
        let values: Vec<u64> = names.iter().map(|_| 1 + rng.below(20)).collect();
        if holds(&values) {
            return values;
        }
    }
    let v = 1 + rng.below(20);
    vec![v; names.len()]
}
