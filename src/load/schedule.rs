//! Reading and validating the season's schedule (`scores/<year>/workflow.toml`);
//! the schedule itself and the phases it gives are in `season`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use toml::de::{DeTable, DeValue};
use toml::value::Datetime;

use super::toml::{self as t, Fields, Table};
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::i18n::{Msg, SeasonMsg};
use crate::model::Unit;
use crate::season::*;
use crate::source::{SourceFile, Span};

/// `scores/<year>/workflow.toml`.
pub fn path(root: &Path, year: i64) -> PathBuf {
    super::scores_dir(root, year).join(FILE_NAME)
}

/// Reads and validates `scores/<year>/workflow.toml` when it exists (the file
/// is optional: a year without it has no schedule). `units` are the year's
/// units, which extensions must name.
pub fn load(root: &Path, year: i64, units: &[Unit], diags: &mut Diagnostics) -> Option<Schedule> {
    let path = path(root, year);
    // Any entry so named is read (a folder or FIFO is refused by name).
    std::fs::symlink_metadata(&path).ok()?;
    let file = super::read(root, &path, diags)?;
    from_file(&file, year, units, diags)
}

const TOP_KEYS: &[&str] = &["publication", "self_assessment", "round", "extension"];
const WINDOW_KEYS: &[&str] = &["opens", "closes"];
const ROUND_KEYS: &[&str] = &["results", "explanation_opens", "explanation_closes"];
const EXTENSION_KEYS: &[&str] = &["unit", "closes", "explanation_round", "reason"];

/// Validates a schedule file; `None` when its required times are missing or
/// unreadable (every problem is a diagnostic).
pub fn from_file(
    file: &Arc<SourceFile>,
    year: i64,
    units: &[Unit],
    diags: &mut Diagnostics,
) -> Option<Schedule> {
    let top = parse(file, diags)?;
    let start = 0..0;
    let top = Table::new(file, &top, &start);
    top.check_keys(TOP_KEYS, diags);
    let mut reader = Reader {
        file,
        year,
        chain: Vec::new(),
    };

    let sa = match top.table("self_assessment", diags) {
        Some((tbl, span)) => {
            let anchor = header(file, &span);
            let tbl = Table::new(file, tbl, &anchor);
            tbl.check_keys(WINDOW_KEYS, diags);
            let opens = reader.time(&tbl, "opens", Moment::SelfOpens, diags);
            let closes = reader.time(&tbl, "closes", Moment::SelfCloses, diags);
            opens.zip(closes)
        }
        None => {
            if top.get("self_assessment").is_none() {
                diags.push(
                    Diagnostic::new(Code::MissingKey, Msg::MissingKey("self_assessment".into()))
                        .at(file, 0..0)
                        .hint(Msg::Season(SeasonMsg::SelfAssessmentHint)),
                );
            }
            None
        }
    };

    let mut rounds = Vec::new();
    for (i, (tbl, span)) in top.tables("round", diags).into_iter().enumerate() {
        let number = i as u32 + 1;
        let anchor = header(file, &span);
        let tbl = Table::new(file, tbl, &anchor);
        tbl.check_keys(ROUND_KEYS, diags);
        let results = reader.time(&tbl, "results", Moment::Results(number), diags);
        let explanation = match (
            tbl.get("explanation_opens").is_some(),
            tbl.get("explanation_closes").is_some(),
        ) {
            (false, false) => None,
            _ => {
                let o = reader.time(
                    &tbl,
                    "explanation_opens",
                    Moment::ExplanationOpens(number),
                    diags,
                );
                let c = reader.time(
                    &tbl,
                    "explanation_closes",
                    Moment::ExplanationCloses(number),
                    diags,
                );
                o.zip(c).map(|(opens, closes)| Window { opens, closes })
            }
        };
        // A round whose results cannot be read is dropped: the rounds after
        // it keep their numbers.
        if let Some(results) = results {
            rounds.push(Round {
                number,
                results,
                explanation,
            });
        }
    }

    let publication = if top.get("publication").is_some() {
        reader.time(&top, "publication", Moment::Publication, diags)
    } else {
        None
    };
    reader.check_order(diags);

    let (opens, closes) = sa?;
    let schedule = Schedule {
        self_assessment: Window { opens, closes },
        rounds,
        publication,
        extensions: Vec::new(),
    };
    let extensions = extensions(&top, &mut reader, &schedule, units, diags);
    Some(Schedule {
        extensions,
        ..schedule
    })
}

/// The file's TOML. A date the calendar does not have (`2025-02-30`) is a
/// syntax error to TOML; it is reported as the bad time it is.
fn parse<'i>(file: &'i Arc<SourceFile>, diags: &mut Diagnostics) -> Option<DeTable<'i>> {
    let mut local = Diagnostics::default();
    let parsed = t::parse(file, &mut local);
    diags.extend(local.items.into_iter().map(|mut d| {
        let line = d
            .location
            .as_ref()
            .map(|l| file.line_text(file.line_col(l.span.start).line))
            .unwrap_or_default();
        let value = line.split_once('=').map_or("", |(_, v)| v);
        if d.code == Code::TomlSyntax && looks_like_date(value) {
            d.code = Code::ScheduleTime;
            d.hint = Some(Msg::Season(SeasonMsg::LocalTimeHint(None)));
        }
        d
    }));
    parsed
}

/// Text that starts like a date (`2025-`).
fn looks_like_date(text: &str) -> bool {
    let b = text.trim().as_bytes();
    b.len() >= 5 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'-'
}

/// The first line of a table (its `[header]`).
fn header(file: &SourceFile, span: &Span) -> Span {
    super::answers::header_span(file, span)
}

struct Reader<'f> {
    file: &'f Arc<SourceFile>,
    year: i64,
    /// The moments read, in the order the season must follow.
    chain: Vec<(Moment, LocalTime, Span)>,
}

impl Reader<'_> {
    /// A required time of a table, recorded in the season's order.
    fn time(
        &mut self,
        tbl: &Table<'_, '_>,
        key: &str,
        moment: Moment,
        diags: &mut Diagnostics,
    ) -> Option<LocalTime> {
        let Some(v) = tbl.get(key) else {
            tbl.missing(key, diags);
            return None;
        };
        let (at, span) = self.local_time(key, v, diags)?;
        self.chain.push((moment, at, span));
        Some(at)
    }

    /// A value that must be a local date and time, checked to fall within
    /// the season's two years.
    fn local_time(
        &self,
        key: &str,
        v: &t::Value<'_>,
        diags: &mut Diagnostics,
    ) -> Option<(LocalTime, Span)> {
        let span = v.span();
        let written = self.file.text[span.clone()].to_string();
        let at = match v.get_ref() {
            DeValue::Datetime(d) => local(d),
            DeValue::String(s) => Err(vietnamese_date(s, key)),
            _ => Err(None),
        };
        match at {
            Ok(at) => {
                if at.year() < self.year || at.year() > self.year + 1 {
                    diags.push(
                        Diagnostic::new(
                            Code::ScheduleYear,
                            Msg::Season(SeasonMsg::OutsideSeason {
                                at: at.text(),
                                year: self.year,
                            }),
                        )
                        .at(self.file, span.clone()),
                    );
                }
                Some((at, span))
            }
            Err(suggestion) => {
                diags.push(
                    Diagnostic::new(
                        Code::ScheduleTime,
                        Msg::Season(SeasonMsg::NotLocalTime {
                            key: key.to_string(),
                            written,
                        }),
                    )
                    .at(self.file, span)
                    .hint(Msg::Season(SeasonMsg::LocalTimeHint(suggestion.or_else(
                        || match v.get_ref() {
                            DeValue::Datetime(d) => date_only(d, key),
                            _ => None,
                        },
                    )))),
                );
                None
            }
        }
    }

    /// Each moment must come after the latest one before it in the season
    /// (strictly for a window's close after its opening).
    fn check_order(&self, diags: &mut Diagnostics) {
        let mut latest: Option<&(Moment, LocalTime, Span)> = None;
        for m in &self.chain {
            if let Some(l) = latest {
                let strict = matches!(
                    (l.0, m.0),
                    (Moment::SelfOpens, Moment::SelfCloses)
                        | (Moment::ExplanationOpens(_), Moment::ExplanationCloses(_))
                );
                let wrong = if strict { m.1 <= l.1 } else { m.1 < l.1 };
                if wrong {
                    diags.push(
                        Diagnostic::new(
                            Code::ScheduleOrder,
                            Msg::Season(SeasonMsg::OutOfOrder {
                                moment: m.0,
                                at: m.1.text(),
                                after: l.0,
                                after_at: l.1.text(),
                            }),
                        )
                        .at(self.file, m.2.clone())
                        .hint(Msg::Season(SeasonMsg::OrderHint)),
                    );
                    continue;
                }
            }
            latest = Some(m);
        }
    }
}

/// A TOML date-time as a local time, or why not (with the local time to
/// write instead, when there is one).
fn local(d: &Datetime) -> Result<LocalTime, Option<String>> {
    let (Some(date), Some(time)) = (d.date, d.time) else {
        return Err(None);
    };
    let civil = jiff::civil::DateTime::new(
        date.year as i16,
        date.month as i8,
        date.day as i8,
        time.hour as i8,
        time.minute as i8,
        time.second.unwrap_or(0) as i8,
        time.nanosecond.unwrap_or(0) as i32,
    )
    .map_err(|_| None)?;
    match d.offset {
        None => Ok(LocalTime(civil)),
        // The same instant in Vietnam's time.
        Some(offset) => {
            let minutes = match offset {
                toml::value::Offset::Z => 0,
                toml::value::Offset::Custom { minutes } => minutes,
            };
            let suggestion = jiff::tz::Offset::from_seconds(i32::from(minutes) * 60)
                .ok()
                .and_then(|o| o.to_timestamp(civil).ok())
                .map(|ts| LocalTime(VIETNAM.to_datetime(ts)).toml());
            Err(suggestion)
        }
    }
}

/// A date without a time: the date with the end of the working day for a
/// close, its start for anything else.
fn date_only(d: &Datetime, key: &str) -> Option<String> {
    let date = d.date.filter(|_| d.time.is_none())?;
    let time = if key.ends_with("closes") {
        "17:00"
    } else {
        "07:30"
    };
    Some(format!("{date}T{time}"))
}

/// A string written the Vietnamese way (`14/11/2025 17:00`, `14/11/2025`)
/// as the local time to write instead.
fn vietnamese_date(s: &str, key: &str) -> Option<String> {
    let mut parts = s.split_whitespace();
    let date = parts.next()?;
    let time = parts.next();
    if parts.next().is_some() {
        return None;
    }
    let mut dmy = date.split(['/', '-', '.']);
    let (d, m, y) = (dmy.next()?, dmy.next()?, dmy.next()?);
    if dmy.next().is_some() {
        return None;
    }
    let num = |s: &str| s.parse::<i16>().ok();
    let date = jiff::civil::Date::new(num(y)?, num(m)? as i8, num(d)? as i8).ok()?;
    let time = match time {
        Some(t) => {
            let (h, mi) = t.split_once([':', 'h', 'g'])?;
            jiff::civil::Time::new(num(h)? as i8, num(mi)? as i8, 0, 0).ok()?
        }
        None if key.ends_with("closes") => jiff::civil::time(17, 0, 0, 0),
        None => jiff::civil::time(7, 30, 0, 0),
    };
    Some(LocalTime(date.to_datetime(time)).toml())
}

/// The `[[extension]]` tables: each for a known unit and a window the
/// schedule has, once per unit and window, later than the general close.
fn extensions(
    top: &Table<'_, '_>,
    reader: &mut Reader<'_>,
    schedule: &Schedule,
    units: &[Unit],
    diags: &mut Diagnostics,
) -> Vec<Extension> {
    let file = top.file;
    let mut out: Vec<(Extension, Span)> = Vec::new();
    for (tbl, span) in top.tables("extension", diags) {
        let anchor = header(file, &span);
        let tbl = Table::new(file, tbl, &anchor);
        tbl.check_keys(EXTENSION_KEYS, diags);
        let unit = Fields::required_string(&tbl, "unit", diags);
        let closes = match tbl.get("closes") {
            Some(v) => reader.local_time("closes", v, diags),
            None => {
                tbl.missing("closes", diags);
                None
            }
        };
        let reason = Fields::text(&tbl, "reason", diags);
        // Absent or blank (a value of another type has its own error).
        if reason.is_none()
            && tbl
                .get("reason")
                .is_none_or(|v| matches!(v.get_ref(), DeValue::String(_)))
        {
            diags.push(
                Diagnostic::new(Code::MissingKey, Msg::MissingKey("reason".into()))
                    .at(file, tbl.span_of("reason").unwrap_or(anchor.clone()))
                    .hint(Msg::Season(SeasonMsg::ReasonHint)),
            );
        }
        let round = match tbl.get("explanation_round") {
            Some(_) => match Fields::count(&tbl, "explanation_round", diags) {
                Some((r, s)) => Some((r, s)),
                None => continue,
            },
            None => None,
        };
        let Some((unit, unit_span)) = unit else {
            continue;
        };
        let unit = unit.trim().to_string();
        if !units.iter().any(|u| u.code == unit) {
            diags.push(
                Diagnostic::new(
                    Code::ExtensionUnit,
                    Msg::Season(SeasonMsg::UnknownUnit {
                        unit: unit.clone(),
                        year: reader.year,
                    }),
                )
                .at(file, unit_span)
                .hint_opt(
                    t::closest(&unit, units.iter().map(|u| u.code.as_str()))
                        .map(|c| Msg::DidYouMean(c.to_string())),
                ),
            );
            continue;
        }
        let (window, normal) = match round {
            None => (Extended::SelfAssessment, schedule.self_assessment.closes),
            Some((round, round_span)) => {
                match schedule
                    .rounds
                    .iter()
                    .find(|r| r.number == round)
                    .and_then(|r| r.explanation.as_ref())
                {
                    Some(w) => (Extended::Explanation { round }, w.closes),
                    None => {
                        diags.push(
                            Diagnostic::new(
                                Code::ExtensionWindow,
                                Msg::Season(SeasonMsg::NoExplanationWindow(round)),
                            )
                            .at(file, round_span),
                        );
                        continue;
                    }
                }
            }
        };
        let (Some((closes, closes_span)), Some(reason)) = (closes, reason) else {
            continue;
        };
        if let Some((_, first)) = out
            .iter()
            .find(|(e, _)| e.unit == unit && e.window == window)
        {
            let line = file.line_col(first.start).line;
            diags.push(
                Diagnostic::new(
                    Code::Duplicate,
                    Msg::Season(SeasonMsg::DuplicateExtension { unit, line }),
                )
                .at(file, anchor.clone()),
            );
            continue;
        }
        if closes <= normal {
            diags.push(
                Diagnostic::new(
                    Code::ExtensionNotLater,
                    Msg::Season(SeasonMsg::NotLater {
                        unit: unit.clone(),
                        closes: closes.text(),
                        normal: normal.text(),
                    }),
                )
                .at(file, closes_span),
            );
        }
        out.push((
            Extension {
                unit,
                window,
                closes,
                reason,
            },
            anchor,
        ));
    }
    out.into_iter().map(|(e, _)| e).collect()
}
