//! Regulation tests (`criteria/<year>/tests/*.toml`): cases of a synthetic
//! unit's answers and the results the year's criteria must give them.
//! Answers and adjustments are read by the self-assessment and appraisal
//! readers, so a case is written exactly like those files.

use std::path::Path;
use std::sync::Arc;

use toml::de::DeValue;

use crate::diagnostic::{Code, Diagnostic, Diagnostics, Location};
use crate::i18n::{Msg, TestMsg, ValueType};
use crate::load::toml::{self as t, Fields, Table};
use crate::load::{Criteria, answers, criteria_dir, list_inputs, read};
use crate::model::{
    Expectation, Expected, Fact, FactKind, Facts, InputSource, Scheme, TestCase, Unit,
};
use crate::source::SourceFile;

const FILE_KEYS: &[&str] = &["case"];
const CASE_KEYS: &[&str] = &[
    "name",
    "block",
    "extra",
    "subordinates",
    "note",
    "answers",
    "adjust",
    "data",
    "expect",
];
const EXPECT_KEYS: &[&str] = &[
    "points",
    "total",
    "index",
    "rating",
    "applicable_max",
    "subordinate_ranks",
];

/// The folder of a year's regulation tests.
pub fn tests_dir(root: &Path, year: i64) -> std::path::PathBuf {
    criteria_dir(root, year).join("tests")
}

/// Every case of every test file of the year, in file order.
pub fn load_all(
    root: &Path,
    year: i64,
    criteria: &mut Criteria,
    diags: &mut Diagnostics,
) -> Vec<TestCase> {
    let files = list_inputs(root, &tests_dir(root, year), "toml", diags);
    if files.is_empty() {
        diags.push(
            Diagnostic::new(Code::NoTestFiles, Msg::Test(TestMsg::NoTestFiles(year)))
                .hint(Msg::Test(TestMsg::NoTestFilesHint(year))),
        );
    }
    let mut cases = Vec::new();
    for path in files {
        if let Some(file) = read(root, &path, diags) {
            cases.extend(load(&file, criteria, diags));
        }
    }
    cases
}

/// The cases of one test file. A case with an error is returned with
/// `invalid` set: it is reported, never run.
pub fn load(
    file: &Arc<SourceFile>,
    criteria: &mut Criteria,
    diags: &mut Diagnostics,
) -> Vec<TestCase> {
    let Some(doc) = t::parse(file, diags) else {
        return Vec::new();
    };
    let anchor = 0..0;
    let top = Table::new(file, &doc, &anchor);
    top.check_keys(FILE_KEYS, diags);
    let tables = top.tables("case", diags);
    if tables.is_empty() && top.get("case").is_none() {
        diags.push(
            Diagnostic::new(Code::TestNoCases, Msg::Test(TestMsg::NoCases))
                .at(file, 0..0)
                .hint(Msg::Test(TestMsg::NoCasesHint)),
        );
    }
    let stem = Path::new(&file.name)
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut cases: Vec<TestCase> = Vec::new();
    let mut subordinate_refs: Vec<Vec<(String, std::ops::Range<usize>)>> = Vec::new();
    let mut case_diags: Vec<Diagnostics> = Vec::new();
    for (k, (tbl, span)) in tables.into_iter().enumerate() {
        let header = answers::header_span(file, &span);
        let c = Table::new(file, tbl, &header);
        let mut local = Diagnostics::default();
        let Some(case) = read_case(&c, &format!("{stem}#{}", k + 1), criteria, &mut local) else {
            diags.extend(local.items);
            continue;
        };
        if let Some(prev) = cases.iter().find(|x| x.name == case.name) {
            let line = file.line_col(prev.unit.location.span.start).line;
            local.push(
                Diagnostic::new(
                    Code::TestDuplicateCase,
                    Msg::Test(TestMsg::DuplicateCase {
                        name: case.name.clone(),
                        line,
                    }),
                )
                .at(file, case.unit.location.span.clone()),
            );
        }
        subordinate_refs.push(subordinates(&c, &mut local));
        cases.push(case);
        case_diags.push(local);
    }
    for (i, refs) in subordinate_refs.into_iter().enumerate() {
        for (name, span) in refs {
            if name == cases[i].name {
                case_diags[i].push(
                    Diagnostic::new(
                        Code::TestSubordinate,
                        Msg::Test(TestMsg::OwnSubordinate(name.clone())),
                    )
                    .at(file, span),
                );
            } else if cases.iter().any(|x| x.name == name) {
                cases[i].subordinates.push(name);
            } else {
                case_diags[i].push(
                    Diagnostic::new(
                        Code::TestSubordinate,
                        Msg::Test(TestMsg::UnknownCase(name.clone())),
                    )
                    .at(file, span)
                    .hint_opt(
                        t::closest(&name, cases.iter().map(|x| x.name.as_str()))
                            .map(|c| Msg::DidYouMean(c.to_string())),
                    ),
                );
            }
        }
    }
    // Ranks are expected of the case's own subordinates only.
    for (case, local) in cases.iter().zip(case_diags.iter_mut()) {
        for (name, x) in &case.expect.subordinate_ranks {
            if !case.subordinates.contains(name) {
                local.push(
                    Diagnostic::new(
                        Code::TestSubordinate,
                        Msg::Test(TestMsg::UnknownCase(name.clone())),
                    )
                    .at_location(Some(&x.location))
                    .hint_opt(
                        t::closest(name, case.subordinates.iter().map(String::as_str))
                            .map(|c| Msg::DidYouMean(c.to_string())),
                    ),
                );
            }
        }
    }
    for (case, local) in cases.iter_mut().zip(case_diags) {
        case.invalid = local.has_errors();
        diags.extend(local.items);
    }
    cases
}

fn read_case(
    c: &Table<'_, '_>,
    code: &str,
    criteria: &mut Criteria,
    diags: &mut Diagnostics,
) -> Option<TestCase> {
    let file = c.file;
    c.check_keys(CASE_KEYS, diags);
    let name = c
        .required_string("name", diags)
        .map(|(s, _)| s.trim().to_string())?;
    let (block, block_span) = c.required_string("block", diags)?;
    let block = block.trim().to_string();
    let reg = criteria.regulation.as_ref()?;
    if reg.block(&block).is_none() {
        diags.push(
            Diagnostic::new(Code::UnknownBlock, Msg::UnknownBlock(block.clone()))
                .at(file, block_span)
                .hint(
                    match t::closest(&block, reg.blocks.iter().map(|b| b.id.as_str())) {
                        Some(b) => Msg::DidYouMean(b.to_string()),
                        None => Msg::KnownBlocks(reg.blocks.iter().map(|b| b.id.clone()).collect()),
                    },
                ),
        );
        return None;
    }
    let extra = c.strings("extra", diags);
    let location = Location::new(file, c.anchor.clone());
    let scheme = criteria.scheme_of_block(&block, &extra, Some(&location), code, diags);
    let scheme_ref = scheme.map(|i| &criteria.schemes[i]);
    let answers = answers::read_entries(c, "answers", scheme_ref, diags);
    let adjustments = answers::read_adjustments(c, scheme_ref, diags);
    let data = scheme_ref
        .map(|s| data_facts(c, s, diags))
        .unwrap_or_default();
    let expect = expectation(c, scheme_ref, criteria, &name, diags);
    Some(TestCase {
        unit: Unit {
            code: code.to_string(),
            name: name.clone(),
            block,
            extra,
            parent: None,
            previous: Vec::new(),
            scheme,
            location,
        },
        name,
        answers,
        adjustments,
        data,
        subordinates: Vec::new(),
        expect,
        file: Arc::clone(file),
        invalid: false,
    })
}

/// `subordinates = ["case name", ...]`: names with their spans.
fn subordinates(
    c: &Table<'_, '_>,
    diags: &mut Diagnostics,
) -> Vec<(String, std::ops::Range<usize>)> {
    let Some((arr, _)) = c.array("subordinates", diags) else {
        return Vec::new();
    };
    arr.iter()
        .filter_map(|item| match item.get_ref() {
            DeValue::String(s) => Some((s.trim().to_string(), item.span())),
            other => {
                diags.push(
                    Diagnostic::new(
                        Code::WrongType,
                        Msg::WrongType {
                            key: "subordinates".into(),
                            expected: ValueType::String,
                            found: t::value_type(other),
                        },
                    )
                    .at(c.file, item.span()),
                );
                None
            }
        })
        .collect()
}

/// `[case.data]`: facts the unit's datasets would give, each an input of the unit's criteria.
fn data_facts(c: &Table<'_, '_>, scheme: &Scheme, diags: &mut Diagnostics) -> Facts {
    let mut facts = Facts::new();
    let Some((tbl, _)) = c.table("data", diags) else {
        return facts;
    };
    let mut names: Vec<&str> = scheme
        .leaves()
        .flat_map(|(_, l)| l.fact_inputs().map(|i| i.name.as_str()))
        .collect();
    names.sort_unstable();
    names.dedup();
    // A unit whose criteria read subordinates may state their results as data.
    let reads_subordinates = scheme.leaves().any(|(_, l)| {
        l.inputs
            .iter()
            .any(|i| i.source == InputSource::Subordinates)
    });
    for (key, value) in tbl.iter() {
        let name = crate::source::nfc(key.get_ref().trim());
        let stated = reads_subordinates && crate::model::states_subordinates(&name);
        if !names.contains(&name.as_str()) && !stated {
            diags.push(
                Diagnostic::new(
                    Code::TestDataFact,
                    Msg::Test(TestMsg::UnknownDataFact(name.clone())),
                )
                .at(c.file, key.span())
                .hint(match t::closest(&name, names.iter().copied()) {
                    Some(n) => Msg::DidYouMean(n.to_string()),
                    None => Msg::Test(TestMsg::DataFactHint(
                        names.iter().map(|s| s.to_string()).collect(),
                    )),
                }),
            );
            continue;
        }
        if let Some((d, span)) = t::decimal_value(c.file, &name, value, diags) {
            // Typed as a dataset column feeding the input would be.
            let typed = scheme
                .leaves()
                .flat_map(|(_, l)| l.fact_inputs())
                .find(|i| i.name == name && i.kind != FactKind::Number);
            if let Some(input) = typed
                && let Err(problem) = input.kind.check(d, &c.file.text[span.clone()])
            {
                let written = &c.file.text[span.clone()];
                diags.push(answers::not_of_kind(input, written, None, problem).at(c.file, span));
                continue;
            }
            facts.insert(
                name,
                Fact {
                    value: d,
                    location: Location::new(c.file, span),
                },
            );
        }
    }
    facts
}

fn expectation(
    c: &Table<'_, '_>,
    scheme: Option<&Scheme>,
    criteria: &Criteria,
    name: &str,
    diags: &mut Diagnostics,
) -> Expectation {
    let file = c.file;
    let mut expect = Expectation::default();
    // Keys written under [case.expect] that were refused have their own errors.
    let mut written = false;
    if let Some((tbl, span)) = c.table("expect", diags) {
        written = !tbl.is_empty();
        let e = Table::new(file, tbl, &span);
        e.check_keys(EXPECT_KEYS, diags);
        let number = |key: &str, diags: &mut Diagnostics| {
            e.decimal(key, diags).map(|(value, span)| Expected {
                value,
                location: Location::new(file, span),
            })
        };
        expect.total = number("total", diags);
        expect.index = number("index", diags);
        expect.applicable_max = number("applicable_max", diags);
        if let Some((label, span)) = e.string("rating", diags) {
            let ratings = criteria
                .regulation
                .as_ref()
                .map(|r| {
                    r.ratings
                        .iter()
                        .map(|x| x.label.as_str())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default();
            let label = crate::source::nfc(label.trim());
            if ratings.contains(&label.as_str()) {
                expect.rating = Some(Expected {
                    value: label,
                    location: Location::new(file, span),
                });
            } else {
                diags.push(
                    Diagnostic::new(
                        Code::TestRating,
                        Msg::Test(TestMsg::UnknownRating(label.clone())),
                    )
                    .at(file, span)
                    .hint(match t::closest(&label, ratings.iter().copied()) {
                        Some(r) => Msg::DidYouMean(r.to_string()),
                        None => Msg::Test(TestMsg::ValidRatings(
                            ratings.iter().map(|s| s.to_string()).collect(),
                        )),
                    }),
                );
            }
        }
        if let Some((ranks, _)) = e.table("subordinate_ranks", diags) {
            for (key, value) in ranks.iter() {
                let name = crate::source::nfc(key.get_ref().trim());
                let Some((d, span)) = t::decimal_value(file, &name, value, diags) else {
                    continue;
                };
                match rust_decimal::prelude::ToPrimitive::to_u32(&d)
                    .filter(|r| *r >= 1 && rust_decimal::Decimal::from(*r) == d)
                {
                    Some(rank) => expect.subordinate_ranks.push((
                        name,
                        Expected {
                            value: rank,
                            location: Location::new(file, span),
                        },
                    )),
                    None => diags.push(
                        Diagnostic::new(Code::InvalidNumber, Msg::NotARank(d)).at(file, span),
                    ),
                }
            }
        }
        if let Some((points, _)) = e.table("points", diags) {
            for (key, value) in points.iter() {
                let code = key.get_ref().trim().to_string();
                if let Some(s) = scheme
                    && s.get(&code).is_none()
                {
                    diags.push(
                        Diagnostic::new(
                            Code::UnknownCriterion,
                            Msg::UnknownCriterion(code.clone()),
                        )
                        .at(file, key.span())
                        .hint_opt(
                            t::closest(&code, s.nodes.iter().map(|n| n.code.as_str()))
                                .map(|c| Msg::DidYouMean(c.into())),
                        )
                        .criterion(&code),
                    );
                    continue;
                }
                if let Some((d, span)) = t::decimal_value(file, &code, value, diags) {
                    expect.points.push((
                        code,
                        Expected {
                            value: d,
                            location: Location::new(file, span),
                        },
                    ));
                }
            }
        }
    }
    if expect.is_empty() && !written {
        diags.push(
            Diagnostic::new(
                Code::TestNothingExpected,
                Msg::Test(TestMsg::NothingExpected(name.to_string())),
            )
            .at(file, c.anchor.clone())
            .hint(Msg::Test(TestMsg::NothingExpectedHint)),
        );
    }
    expect
}
