//! Entry points for fuzzing (`fuzz/`) and its regression tests: one function
//! per file kind, taking the file's text. Each loads the text as that kind of
//! file into a small in-memory year (the other files are the built-in ones
//! below), then scores the year and renders every criterion's trace, so that
//! whatever loads is also evaluated. The tables `chiso import` reads are taken
//! as bytes (CSV in any accepted encoding, XLSX). None of them may panic, hang
//! or allocate without bound, whatever the input.

use std::path::PathBuf;
use std::sync::Arc;

use rust_decimal::Decimal;

use crate::diagnostic::Diagnostics;
use crate::eval::{self, Options};
use crate::expr::Expression;
use crate::i18n::Lang;
use crate::load::{answers, appendix, dataset, regulation, units};
use crate::model::{HashMap, Workspace};
use crate::source::SourceFile;

const REGULATION: &str = r#"
id = "fuzz"
title = "Quy chế"
year = 2024
[[block]]
id = "so"
name = "Khối sở"
appendix = "pa"
[[block]]
id = "xa"
name = "Khối xã"
appendix = "pa"
[[rating]]
label = "Tốt"
min = 85
[[rating]]
label = "Yếu"
min = 0
"#;

const APPENDIX: &str = r#"
id = "pa"
title = "Phụ lục"
total = 10
[c."1"]
title = "Lĩnh vực"
max = 10
[c."1.1"]
title = "Chấm tay"
max = 2
evidence = "Quyết định"
na_allowed = true
[c."1.2"]
title = "Có/không"
max = 1
method = "yes_no"
[c."1.3"]
title = "Lựa chọn"
max = 2
method = "choice"
options = [{ label = "Đúng hạn", points = 2 }, { label = "Trễ hạn", points = 1 }]
[c."1.4"]
title = "Khoảng"
max = 2
method = "bands"
inputs = { tre_han = { label = "Trễ hạn", source = "data" }, da_giai_quyet = "Đã giải quyết" }
value = "if da_giai_quyet == 0 { na() } else { tre_han * 100 / da_giai_quyet }"
bands = [{ lte = 0, points = 2 }, { lt = 3, points = 1 }, { gte = 3, points = 0 }]
[c."1.5"]
title = "Công thức"
max = 3
method = "formula"
inputs = { hai_long = { label = "Hài lòng", source = "data" } }
formula = "max * hai_long / 100"
[c."9"]
title = "Thưởng"
kind = "bonus"
max = 1
[c."9.1"]
title = "Liên đới"
max = 1
method = "formula"
inputs = { xa = { label = "Xã", source = "subordinates" } }
formula = "if sub_count() == 0 { na() } else { max * sub_rated(\"Tốt\") / sub_count() }"
[c."10"]
title = "Trừ"
kind = "deduction"
max = 1
[c."10.1"]
title = "Báo cáo trễ"
max = 1
method = "formula"
inputs = { bao_cao_tre = "Số báo cáo trễ" }
formula = "min(max, bao_cao_tre * 0.25)"
"#;

const UNITS: &str = r#"
[[unit]]
code = "A"
name = "Sở A"
block = "so"
[[unit]]
code = "S"
name = "Xã S"
block = "xa"
parent = "A"
"#;

const SELF: &str = r#"
unit = "A"
[c."1.1"]
points = 1.75
evidence = ["QĐ 1"]
[c."1.2"]
yes = true
[c."1.3"]
choice = "Trễ hạn"
[c."1.4"]
facts = { tre_han = 0, da_giai_quyet = 40 }
[c."10.1"]
facts = { bao_cao_tre = 2 }
"#;

const APPRAISAL: &str = r#"
unit = "A"
[[adjust]]
code = "1.1"
round = 1
points = 1.5
reason = "Thiếu"
[[adjust]]
code = "1.4"
round = 1
facts = { tre_han = 3 }
reason = "Một cửa"
"#;

const DATA: &str = "unit,tre_han,hai_long\nA,1,87.5\nS,0,90\n";

/// The texts of one in-memory year.
struct Year<'t> {
    regulation: &'t str,
    appendix: &'t str,
    units: &'t str,
    own: &'t str,
    appraisal: &'t str,
    data: &'t str,
}

const BUILT_IN: Year<'static> = Year {
    regulation: REGULATION,
    appendix: APPENDIX,
    units: UNITS,
    own: SELF,
    appraisal: APPRAISAL,
    data: DATA,
};

fn file(name: &str, text: &str) -> Arc<SourceFile> {
    SourceFile::new(name, text)
}

/// Loads, scores and renders a year; diagnostics are rendered too.
fn run(y: Year<'_>) {
    let mut d = Diagnostics::default();
    let reg = regulation::load(
        &file("criteria/2024/regulation.toml", y.regulation),
        2024,
        &mut d,
    );
    let step = reg.as_ref().map(|r| r.step).unwrap_or(Decimal::new(25, 2));
    let schemes: Vec<_> = appendix::load(&file("criteria/2024/pa.toml", y.appendix), &mut d)
        .map(|a| appendix::build_scheme(&a, &[], step, &mut d))
        .into_iter()
        .collect();
    let mut unit_list = units::load(
        &file("scores/2024/units.toml", y.units),
        reg.as_ref(),
        &mut d,
    );
    // As when a workspace loads: a unit of a known block gets the tree, errors or not.
    for u in &mut unit_list {
        if !schemes.is_empty() && reg.as_ref().is_some_and(|r| r.block(&u.block).is_some()) {
            u.scheme = Some(0);
        }
    }
    let _ = units::levels(&unit_list);
    let codes: foldhash::HashSet<&str> = unit_list.iter().map(|u| u.code.as_str()).collect();
    let scheme = schemes.first();
    let own = answers::load_self(&file("scores/2024/self/A.toml", y.own), "A", scheme, &mut d);
    let appraisal = answers::load_appraisal(
        &file("scores/2024/appraisal/A.toml", y.appraisal),
        "A",
        scheme,
        &mut d,
    );
    let typed = dataset::typed_inputs(&schemes);
    let data = dataset::load(
        vec![file("scores/2024/data/d.csv", y.data)],
        &codes,
        &typed,
        &[],
        &mut d,
    );
    let unit_index: HashMap<String, usize> = unit_list
        .iter()
        .enumerate()
        .map(|(i, u)| (u.code.clone(), i))
        .collect();
    let ws = Workspace {
        root: PathBuf::new(),
        year: 2024,
        regulation: reg,
        schemes,
        units: unit_list,
        unit_index,
        self_assessments: own.map(|s| ("A".to_string(), s)).into_iter().collect(),
        appraisals: appraisal
            .map(|a| ("A".to_string(), a))
            .into_iter()
            .collect(),
        data,
        schedule: None,
        diagnostics: d,
    };
    for diag in &ws.diagnostics.items {
        let _ = diag.render(Lang::Vi);
    }
    let Some(results) = eval::evaluate(
        &ws,
        &Options {
            trace_units: ["A".to_string()].into(),
            ..Options::default()
        },
    ) else {
        return;
    };
    let _ = crate::report::score::json(&ws, &results, Lang::En);
    let _ = crate::report::score::table(&results, Lang::Vi);
    if let (Some(u), Some(scheme)) = (
        results.unit("A"),
        ws.unit("A").and_then(|u| ws.scheme_of(u)),
    ) {
        for c in &scheme.nodes {
            let _ =
                crate::report::explain::render(&results, u, scheme, &ws.data, &c.code, Lang::Vi);
        }
        let _ = crate::report::sheet::render(&ws, &results, u, scheme, None, Lang::En);
    }
    for u in &results.units {
        for diag in &u.diagnostics {
            let _ = diag.render(Lang::En);
        }
    }
}

pub fn regulation(text: &str) {
    run(Year {
        regulation: text,
        ..BUILT_IN
    });
}

pub fn appendix(text: &str) {
    run(Year {
        appendix: text,
        ..BUILT_IN
    });
}

pub fn units(text: &str) {
    run(Year {
        units: text,
        ..BUILT_IN
    });
}

pub fn self_assessment(text: &str) {
    run(Year {
        own: text,
        ..BUILT_IN
    });
}

pub fn appraisal(text: &str) {
    run(Year {
        appraisal: text,
        ..BUILT_IN
    });
}

pub fn dataset(text: &str) {
    run(Year {
        data: text,
        ..BUILT_IN
    });
}

/// A regulation test file (`criteria/<year>/tests/*.toml`), run on the built-in criteria.
pub fn test_cases(text: &str) {
    let mut d = Diagnostics::default();
    let mut criteria = crate::load::criteria_from(
        2024,
        Some(file("criteria/2024/regulation.toml", REGULATION)),
        vec![file("criteria/2024/pa.toml", APPENDIX)],
        &mut d,
    );
    let cases = crate::load::cases::load(
        &file("criteria/2024/tests/t.toml", text),
        &mut criteria,
        &mut d,
    );
    let suite = crate::rules::suite(std::path::Path::new(""), 2024, criteria, cases, d);
    for diag in &suite.workspace.diagnostics.items {
        let _ = diag.render(Lang::En);
    }
    let outcomes = crate::rules::run(&suite);
    let _ = crate::report::test::text(&suite, &outcomes, Lang::Vi);
}

/// `text` is the body of a TOML basic string holding an expression over the
/// variables `x` and `y` (and `max`): compiled as an appendix does, then
/// evaluated with a few values.
pub fn expression(text: &str) {
    // Spans are offsets in the file's (NFC-normalised) text, as when an appendix loads.
    let f = file("criteria/2024/pa.toml", &format!("formula = \"{text}\"\n"));
    let span = 10..f.text.len() - 1;
    let Ok(v) = toml::de::DeValue::parse(&f.text[span.clone()]) else {
        return;
    };
    let Some(decoded) = v.get_ref().as_str() else {
        return;
    };
    match Expression::compile(decoded, &["x", "y", "max"], &f, span) {
        Ok(e) => {
            for (x, y) in [
                (Decimal::ZERO, Decimal::ONE),
                (Decimal::new(-5, 1), Decimal::ZERO),
                (Decimal::MAX, Decimal::MIN),
                (Decimal::new(1, 28), Decimal::new(1_000_000_000_000, 0)),
            ] {
                let summary = crate::expr::SubordinateSummary {
                    count: 3,
                    rated: [("Tốt".to_string(), 2)].into_iter().collect(),
                    avg_index: Decimal::new(8512, 2),
                    avg_facts: Default::default(),
                };
                let _ = crate::expr::with_summary(&summary, || {
                    e.evaluate(&[("x", x), ("y", y), ("max", Decimal::TEN)])
                });
            }
        }
        Err(err) => {
            let _ = crate::diagnostic::Diagnostic::new(
                crate::diagnostic::Code::Expression,
                crate::i18n::Msg::ExpressionCompile(err.failure),
            )
            .at_location(Some(&err.location))
            .render(Lang::En);
        }
    }
}

/// The sample year's units (their names are the ones the seed tables use) and
/// datasets, that imports are matched to and compared with.
fn import_units() -> &'static [crate::model::Unit] {
    static UNITS: std::sync::LazyLock<Vec<crate::model::Unit>> = std::sync::LazyLock::new(|| {
        let text = include_str!("../scores/2024/units.toml");
        units::load(
            &file("scores/2024/units.toml", text),
            None,
            &mut Diagnostics::default(),
        )
    });
    &UNITS
}

fn current_dataset(kind: crate::import::Kind) -> &'static str {
    use crate::import::Kind;
    match kind {
        Kind::Dossiers => include_str!("../scores/2024/data/dossiers.csv"),
        Kind::Survey => include_str!("../scores/2024/data/survey.csv"),
        Kind::Reports => include_str!("../scores/2024/data/reports.csv"),
    }
}

/// A file given to `chiso import`, read as a table of every kind, each planned
/// over the sample year's dataset; diagnostics and changes are rendered.
fn import(name: &str, bytes: &[u8], format: crate::import::Format) {
    use crate::import::{self, Kind};
    let Ok(tables) = import::table::parse(name, bytes.to_vec(), format) else {
        return;
    };
    let units = import_units();
    for kind in [Kind::Dossiers, Kind::Survey, Kind::Reports] {
        let imported = import::read_tables(&tables, kind, units, Diagnostics::default());
        for diag in &imported.diagnostics.items {
            let _ = diag.render(Lang::Vi);
        }
        let plan = import::plan_over(Some(current_dataset(kind)), units, &imported, false);
        let _ = crate::report::import::changes(&plan, Lang::En);
    }
}

/// A CSV or tab-separated table for `chiso import` (UTF-8 or UTF-16 with a BOM).
pub fn import_csv(bytes: &[u8]) {
    import("t.csv", bytes, crate::import::Format::Text);
}

/// An XLSX workbook for `chiso import`.
pub fn import_xlsx(bytes: &[u8]) {
    import("t.xlsx", bytes, crate::import::Format::Xlsx);
}

#[cfg(test)]
mod tests {
    /// The built-in year loads without errors and scores, so that fuzzing
    /// one file kind reaches evaluation.
    #[test]
    fn built_in_year_is_clean() {
        let mut d = super::Diagnostics::default();
        let reg = super::regulation::load(&super::file("r.toml", super::REGULATION), 2024, &mut d);
        assert!(reg.is_some());
        let a = super::appendix::load(&super::file("pa.toml", super::APPENDIX), &mut d).unwrap();
        let s = super::appendix::build_scheme(&a, &[], reg.unwrap().step, &mut d);
        let own =
            super::answers::load_self(&super::file("A.toml", super::SELF), "A", Some(&s), &mut d);
        assert!(own.is_some());
        let errors: Vec<String> = d
            .items
            .iter()
            .filter(|x| x.is_error())
            .map(|x| x.render(super::Lang::En))
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
        super::self_assessment(super::SELF);
        super::expression("if x > 0 { na() } else { max * y / 100 }");
    }
}

/// Replays the fuzzers' seed corpora and every input that once crashed a
/// fuzz target (`fuzz/regressions/<target>/`) through the same entry points,
/// so that CI keeps them fixed without fuzzing.
#[cfg(test)]
mod regressions {
    use std::path::Path;

    fn replay(target: &str, entry: impl Fn(&[u8])) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
        let mut n = 0;
        for dir in ["corpus", "regressions"] {
            let Ok(rd) = std::fs::read_dir(root.join(dir).join(target)) else {
                continue;
            };
            let mut files: Vec<_> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
            files.sort();
            for f in files {
                entry(&std::fs::read(&f).unwrap());
                n += 1;
            }
        }
        assert!(n > 0, "no input for {target}");
    }

    /// A target of text files: as the fuzz targets, it only sees UTF-8, since
    /// loading rejects anything else.
    fn text(entry: fn(&str)) -> impl Fn(&[u8]) {
        move |bytes| {
            if let Ok(text) = std::str::from_utf8(bytes) {
                entry(text);
            }
        }
    }

    #[test]
    fn regulation() {
        replay("regulation", text(super::regulation));
    }

    #[test]
    fn appendix() {
        replay("appendix", text(super::appendix));
    }

    #[test]
    fn units() {
        replay("units", text(super::units));
    }

    #[test]
    fn self_assessment() {
        replay("self", text(super::self_assessment));
    }

    #[test]
    fn appraisal() {
        replay("appraisal", text(super::appraisal));
    }

    #[test]
    fn dataset() {
        replay("dataset", text(super::dataset));
    }

    #[test]
    fn expression() {
        replay("expression", text(super::expression));
    }

    #[test]
    fn test_cases() {
        replay("cases", text(super::test_cases));
    }

    #[test]
    fn import_csv() {
        replay("import_csv", super::import_csv);
    }

    #[test]
    fn import_xlsx() {
        replay("import_xlsx", super::import_xlsx);
    }
}
