//! `criteria/<year>/regulation.toml`: blocks, rating scale, rounding, step.

use std::sync::Arc;

use rust_decimal::Decimal;

use crate::diagnostic::{Code, Diagnostic, Diagnostics, Location};
use crate::i18n::Msg;
use crate::load::toml::{self as t, Fields, Table};
use crate::model::{
    Block, Consequence, EvidencePolicy, LetterSettings, MergedPredecessors, RankedWithin,
    RatingLevel, Regulation,
};
use crate::source::SourceFile;

const KEYS: &[&str] = &[
    "id",
    "title",
    "authority",
    "legal_basis",
    "year",
    "step",
    "points_decimals",
    "index_decimals",
    "block",
    "rating",
    "evidence_policy",
    "consequence",
    "sum_periods",
    "lock_public_key",
    "min_applicable_percent",
    "merged_predecessors",
    "letter",
];

pub fn load(file: &Arc<SourceFile>, year: i64, diags: &mut Diagnostics) -> Option<Regulation> {
    let doc = t::parse(file, diags)?;
    let top_span = 0..0;
    let top = Table::new(file, &doc, &top_span);
    top.check_keys(KEYS, diags);

    let id = top
        .required_string("id", diags)
        .map(|s| s.0)
        .unwrap_or_default();
    let title = top
        .required_string("title", diags)
        .map(|s| s.0)
        .unwrap_or_default();
    let authority = top.text("authority", diags);
    let legal_basis = top.text("legal_basis", diags);
    let declared_year = top.decimal("year", diags);
    if let Some((y, span)) = &declared_year
        && *y != Decimal::from(year)
    {
        diags.push(
            Diagnostic::new(
                Code::InvalidValue,
                Msg::YearMismatch {
                    declared: *y,
                    folder: year,
                },
            )
            .at(file, span.clone()),
        );
    }
    let step = match top.decimal("step", diags) {
        Some((s, span)) if s < Decimal::ZERO => {
            diags.push(
                Diagnostic::new(Code::InvalidNumber, Msg::NegativeNumber("step".into()))
                    .at(file, span),
            );
            Decimal::ZERO
        }
        Some((s, _)) => s,
        None => Decimal::new(25, 2),
    };
    let decimals = |key: &str, diags: &mut Diagnostics| match top.count(key, diags) {
        Some((n, span)) if n > 10 => {
            diags.push(
                Diagnostic::new(Code::InvalidNumber, Msg::TooManyDecimals(key.to_string()))
                    .at(file, span),
            );
            2
        }
        Some((n, _)) => n,
        None => 2,
    };
    let points_decimals = decimals("points_decimals", diags);
    let index_decimals = decimals("index_decimals", diags);

    let evidence_policy = top
        .string("evidence_policy", diags)
        .and_then(|(p, span)| match p.as_str() {
            "warn" => Some(EvidencePolicy::Warn),
            "zero" => Some(EvidencePolicy::Zero),
            _ => {
                diags.push(
                    Diagnostic::new(Code::InvalidValue, Msg::UnknownEvidencePolicy(p.clone()))
                        .at(file, span)
                        .hint_opt(
                            t::closest(&p, ["warn", "zero"]).map(|s| Msg::DidYouMean(s.into())),
                        ),
                );
                None
            }
        })
        .unwrap_or_default();

    let lock_public_key = top
        .string("lock_public_key", diags)
        .and_then(|(key, span)| match crate::sign::parse_public(&key) {
            Some(k) => Some(crate::sign::public_hex(&k)),
            None => {
                diags.push(
                    Diagnostic::new(Code::InvalidValue, Msg::InvalidPublicKey(key))
                        .at(file, span)
                        .hint(Msg::PublicKeyHint),
                );
                None
            }
        });

    let min_applicable_percent = match top.decimal("min_applicable_percent", diags) {
        Some((p, span)) if p < Decimal::ZERO || p > Decimal::ONE_HUNDRED => {
            diags.push(
                Diagnostic::new(
                    Code::InvalidNumber,
                    Msg::PercentOutOfRange("min_applicable_percent".into()),
                )
                .at(file, span),
            );
            None
        }
        Some((p, _)) => Some(p),
        None => None,
    };
    let merged_predecessors = top
        .string("merged_predecessors", diags)
        .and_then(|(m, span)| {
            let found = MergedPredecessors::ALL
                .into_iter()
                .find(|x| x.as_str() == m);
            if found.is_none() {
                diags.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        Msg::UnknownMergedPredecessors(m.clone()),
                    )
                    .at(file, span)
                    .hint_opt(
                        t::closest(&m, MergedPredecessors::ALL.map(|x| x.as_str()))
                            .map(|s| Msg::DidYouMean(s.into())),
                    ),
                );
            }
            found
        })
        .unwrap_or_default();
    let blocks = read_blocks(file, &top, diags);
    let ratings = read_ratings(file, &top, diags);
    let consequences = read_consequences(file, &top, &ratings, diags);
    let letter = read_letter(file, &top, diags);
    let sum_periods = top
        .str_items("sum_periods", diags)
        .into_iter()
        .map(|(stem, _)| stem.to_string())
        .collect();

    Some(Regulation {
        id,
        title,
        authority,
        legal_basis,
        year,
        step,
        points_decimals,
        index_decimals,
        evidence_policy,
        blocks,
        ratings,
        consequences,
        sum_periods,
        min_applicable_percent,
        merged_predecessors,
        lock_public_key,
        letter,
        file: Arc::clone(file),
    })
}

/// `[letter]`: the formal parts of the council's letters.
fn read_letter(
    file: &Arc<SourceFile>,
    top: &Table<'_, '_>,
    diags: &mut Diagnostics,
) -> LetterSettings {
    let Some((tbl, span)) = top.table("letter", diags) else {
        return LetterSettings::default();
    };
    let l = Table::new(file, tbl, &span);
    l.check_keys(
        &["issuer", "symbol", "place", "signer", "recipients"],
        diags,
    );
    let lines = |key: &str, diags: &mut Diagnostics| -> Vec<String> {
        l.str_items(key, diags)
            .into_iter()
            .map(|(s, _)| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    };
    LetterSettings {
        issuer: l.text("issuer", diags),
        symbol: l.text("symbol", diags),
        place: l.text("place", diags),
        signer: lines("signer", diags),
        recipients: lines("recipients", diags),
    }
}

fn read_blocks(file: &Arc<SourceFile>, top: &Table<'_, '_>, diags: &mut Diagnostics) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    for (tbl, span) in top.tables("block", diags) {
        let b = Table::new(file, tbl, &span);
        b.check_keys(
            &["id", "name", "appendix", "published", "ranked_within"],
            diags,
        );
        let (Some((id, id_span)), name, Some((appendix, _))) = (
            b.required_string("id", diags),
            b.required_string("name", diags),
            b.required_string("appendix", diags),
        ) else {
            continue;
        };
        if blocks.iter().any(|x| x.id == id) {
            diags.push(
                Diagnostic::new(Code::Duplicate, Msg::DuplicateBlock(id.clone()))
                    .at(file, id_span.clone()),
            );
            continue;
        }
        let published = b.bool("published", diags).is_none_or(|p| p.0);
        let ranked_within = b
            .string("ranked_within", diags)
            .and_then(|(w, span)| match w.as_str() {
                "block" => Some(RankedWithin::Block),
                "parent" => Some(RankedWithin::Parent),
                _ => {
                    diags.push(
                        Diagnostic::new(Code::InvalidValue, Msg::UnknownRankedWithin(w.clone()))
                            .at(file, span)
                            .hint_opt(
                                t::closest(&w, ["block", "parent"])
                                    .map(|s| Msg::DidYouMean(s.into())),
                            ),
                    );
                    None
                }
            })
            .unwrap_or_default();
        blocks.push(Block {
            id,
            name: name.map(|n| n.0).unwrap_or_default(),
            appendix,
            published,
            ranked_within,
            location: Location::new(file, id_span),
        });
    }
    if blocks.is_empty() {
        diags.push(Diagnostic::new(Code::MissingKey, Msg::NoBlocks).at(file, 0..0));
    }
    blocks
}

fn read_ratings(
    file: &Arc<SourceFile>,
    top: &Table<'_, '_>,
    diags: &mut Diagnostics,
) -> Vec<RatingLevel> {
    let mut ratings: Vec<RatingLevel> = Vec::new();
    for (tbl, span) in top.tables("rating", diags) {
        let r = Table::new(file, tbl, &span);
        r.check_keys(&["label", "min"], diags);
        let (Some((label, label_span)), Some((min, min_span))) = (
            r.required_string("label", diags),
            r.required_decimal("min", diags),
        ) else {
            continue;
        };
        if ratings.iter().any(|x| x.label == label) {
            diags.push(
                Diagnostic::new(Code::Duplicate, Msg::DuplicateRating(label.clone()))
                    .at(file, label_span),
            );
            continue;
        }
        if let Some(prev) = ratings.last()
            && min >= prev.min
        {
            diags.push(
                Diagnostic::new(
                    Code::Rating,
                    Msg::RatingOrder {
                        label: label.clone(),
                        previous: prev.label.clone(),
                    },
                )
                .at(file, min_span.clone()),
            );
        }
        ratings.push(RatingLevel { label, min });
    }
    if ratings.is_empty() {
        diags.push(Diagnostic::new(Code::Rating, Msg::NoRatings).at(file, 0..0));
    } else if ratings.last().is_some_and(|r| r.min > Decimal::ZERO) {
        diags.push(
            Diagnostic::new(Code::Rating, Msg::RatingNoFloor)
                .at(file, 0..0)
                .hint(Msg::RatingNoFloorHint),
        );
    }
    ratings.sort_by_key(|r| std::cmp::Reverse(r.min));
    ratings
}

/// `[[consequence]]`: a label, the ratings that count and the number of
/// consecutive years (default 1).
fn read_consequences(
    file: &Arc<SourceFile>,
    top: &Table<'_, '_>,
    scale: &[RatingLevel],
    diags: &mut Diagnostics,
) -> Vec<Consequence> {
    let mut out = Vec::new();
    for (tbl, span) in top.tables("consequence", diags) {
        let c = Table::new(file, tbl, &span);
        c.check_keys(&["label", "ratings", "years"], diags);
        let label = c.required_string("label", diags);
        let years = match c.count("years", diags) {
            Some((0, span)) => {
                diags.push(
                    Diagnostic::new(Code::ConsequenceYears, Msg::ConsequenceYears).at(file, span),
                );
                None
            }
            Some((n, _)) => Some(n),
            None if c.get("years").is_some() => None,
            None => Some(1),
        };
        let mut ratings = Vec::new();
        match c.array("ratings", diags) {
            None if c.get("ratings").is_none() => c.missing("ratings", diags),
            None => {}
            Some((items, span)) => {
                if items.is_empty() {
                    diags.push(
                        Diagnostic::new(Code::ConsequenceRating, Msg::ConsequenceNoRatings)
                            .at(file, span)
                            .hint(Msg::KnownRatings(
                                scale.iter().map(|x| x.label.clone()).collect(),
                            )),
                    );
                }
                for item in items.iter() {
                    let Some(r) = item.get_ref().as_str() else {
                        diags.push(
                            Diagnostic::new(
                                Code::WrongType,
                                Msg::WrongType {
                                    key: "ratings".into(),
                                    expected: crate::i18n::ValueType::String,
                                    found: t::value_type(item.get_ref()),
                                },
                            )
                            .at(file, item.span()),
                        );
                        continue;
                    };
                    if !scale.is_empty() && !scale.iter().any(|x| x.label == r) {
                        let known = scale.iter().map(|x| x.label.as_str());
                        diags.push(
                            Diagnostic::new(
                                Code::ConsequenceRating,
                                Msg::ConsequenceRating(r.to_string()),
                            )
                            .at(file, item.span())
                            .hint(match t::closest(r, known) {
                                Some(k) => Msg::DidYouMean(k.to_string()),
                                None => Msg::KnownRatings(
                                    scale.iter().map(|x| x.label.clone()).collect(),
                                ),
                            }),
                        );
                        continue;
                    }
                    ratings.push(r.to_string());
                }
            }
        }
        if let (Some((label, _)), Some(years)) = (label, years) {
            out.push(Consequence {
                label,
                ratings,
                years,
            });
        }
    }
    out
}
