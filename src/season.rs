//! The season's schedule (`scores/<year>/workflow.toml`, lịch đánh giá): when
//! the units' self-assessment opens and closes, when each appraisal round's
//! results are released and the explanation window (giải trình) that follows
//! it, when the results are published, and the deadlines extended for single
//! units. [`phase`] says where a unit stands at a given moment, which is what
//! decides whether it may still write its self-assessment or its explanation.
//!
//! Times are written as Vietnam's local time without an offset
//! (`2025-11-14T17:00`). Vietnam keeps UTC+07:00 all year (no daylight saving
//! time), so they are converted with that fixed offset rather than with a
//! time-zone database, which could be missing or out of date on a server.

use std::time::SystemTime;

/// In `scores/<year>/`; read by `load::schedule`.
pub const FILE_NAME: &str = "workflow.toml";

/// Vietnam's offset from UTC, the same all year.
pub(crate) const VIETNAM: jiff::tz::Offset = jiff::tz::Offset::constant(7);

/// A moment written as Vietnam's local time (to the minute, or to the second
/// when the file says so).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalTime(pub(crate) jiff::civil::DateTime);

impl LocalTime {
    /// The local time in Vietnam at an instant.
    pub fn at(instant: SystemTime) -> LocalTime {
        let ts =
            jiff::Timestamp::try_from(instant).unwrap_or(if instant < SystemTime::UNIX_EPOCH {
                jiff::Timestamp::MIN
            } else {
                jiff::Timestamp::MAX
            });
        LocalTime(VIETNAM.to_datetime(ts))
    }

    /// The local time of the current instant.
    pub fn now() -> LocalTime {
        LocalTime::at(SystemTime::now())
    }

    /// The instant this local time is.
    pub fn instant(self) -> SystemTime {
        // Every civil time of years 1–9999 has an instant at a fixed offset
        // of seven hours except at the very ends of the range.
        VIETNAM
            .to_timestamp(self.0)
            .map(SystemTime::from)
            .unwrap_or(SystemTime::UNIX_EPOCH)
    }

    /// A local time as the schedule writes it (`2025-11-14T17:00`).
    pub fn parse(text: &str) -> Option<LocalTime> {
        text.trim()
            .parse::<jiff::civil::DateTime>()
            .ok()
            .map(LocalTime)
    }

    pub fn civil(self) -> jiff::civil::DateTime {
        self.0
    }

    /// `14/11/2025 17:00`, as Vietnamese documents write it.
    pub fn text(self) -> String {
        self.0.strftime("%d/%m/%Y %H:%M").to_string()
    }

    /// `2025-11-14T17:00`, as the schedule file writes it.
    pub(crate) fn toml(self) -> String {
        self.0.strftime("%Y-%m-%dT%H:%M").to_string()
    }

    pub(crate) fn year(self) -> i64 {
        i64::from(self.0.year())
    }
}

/// A window during which units may write: from `opens` (included) to
/// `closes` (excluded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    pub opens: LocalTime,
    pub closes: LocalTime,
}

/// An appraisal round (vòng thẩm định), numbered from 1 in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Round {
    pub number: u32,
    /// When the round's results (the council's letters) are released to the units.
    pub results: LocalTime,
    /// When units may explain themselves on the round's adjustments.
    pub explanation: Option<Window>,
}

/// What an extension moves: the self-assessment's close, or a round's
/// explanation window's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extended {
    SelfAssessment,
    Explanation { round: u32 },
}

/// A later close for one unit (gia hạn), with its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extension {
    pub unit: String,
    pub window: Extended,
    pub closes: LocalTime,
    pub reason: String,
}

/// A year's schedule, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    pub self_assessment: Window,
    pub rounds: Vec<Round>,
    pub publication: Option<LocalTime>,
    pub extensions: Vec<Extension>,
}

/// Where a unit stands in the season at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// The self-assessment has not opened yet.
    NotOpen { opens: LocalTime },
    /// The unit may write its self-assessment until `closes` (its own
    /// extension's close when `extended`).
    SelfAssessment { closes: LocalTime, extended: bool },
    /// The self-assessment is closed; the council appraises round `round`,
    /// whose results are due at `results` (`None`: no round is scheduled).
    Appraisal {
        round: u32,
        results: Option<LocalTime>,
    },
    /// Round `round`'s results are released and no window is open for the
    /// unit: before its explanation window, or after the last round.
    Results { round: u32 },
    /// The unit may explain itself on round `round`'s adjustments until `closes`.
    Explanation {
        round: u32,
        closes: LocalTime,
        extended: bool,
    },
    /// The results are published: the season is over.
    Published { at: LocalTime },
}

impl Phase {
    pub fn may_write_self_assessment(self) -> bool {
        matches!(self, Phase::SelfAssessment { .. })
    }

    pub fn may_write_explanation(self) -> bool {
        matches!(self, Phase::Explanation { .. })
    }

    /// When the window open for the unit closes.
    pub fn deadline(self) -> Option<LocalTime> {
        match self {
            Phase::SelfAssessment { closes, .. } | Phase::Explanation { closes, .. } => {
                Some(closes)
            }
            _ => None,
        }
    }
}

impl Schedule {
    /// The unit's extension of a window, if it has one.
    pub fn extension(&self, unit: &str, window: Extended) -> Option<&Extension> {
        self.extensions
            .iter()
            .find(|e| e.unit == unit && e.window == window)
    }

    /// The close of a window for a unit (its extension's when later), and
    /// whether it is extended.
    pub fn closes_for(&self, unit: &str, window: Extended, normal: LocalTime) -> (LocalTime, bool) {
        match self.extension(unit, window) {
            Some(e) if e.closes > normal => (e.closes, true),
            _ => (normal, false),
        }
    }
}

/// Where `unit` stands at `now`, its extensions included.
pub fn phase(schedule: &Schedule, unit: &str, now: SystemTime) -> Phase {
    phase_at(schedule, unit, LocalTime::at(now))
}

/// [`phase`] at a local time.
pub fn phase_at(schedule: &Schedule, unit: &str, now: LocalTime) -> Phase {
    if let Some(at) = schedule.publication
        && now >= at
    {
        return Phase::Published { at };
    }
    let sa = &schedule.self_assessment;
    if now < sa.opens {
        return Phase::NotOpen { opens: sa.opens };
    }
    let (closes, extended) = schedule.closes_for(unit, Extended::SelfAssessment, sa.closes);
    if now < closes {
        return Phase::SelfAssessment { closes, extended };
    }
    let mut released = None;
    for r in &schedule.rounds {
        if now < r.results {
            return Phase::Appraisal {
                round: r.number,
                results: Some(r.results),
            };
        }
        released = Some(r.number);
        if let Some(w) = &r.explanation {
            let window = Extended::Explanation { round: r.number };
            let (closes, extended) = schedule.closes_for(unit, window, w.closes);
            if now < w.opens {
                return Phase::Results { round: r.number };
            }
            if now < closes {
                return Phase::Explanation {
                    round: r.number,
                    closes,
                    extended,
                };
            }
        }
    }
    match released {
        Some(round) => Phase::Results { round },
        None => Phase::Appraisal {
            round: 1,
            results: None,
        },
    }
}

/// May `unit` write its self-assessment at `now`?
pub fn may_write_self_assessment(schedule: &Schedule, unit: &str, now: SystemTime) -> bool {
    phase(schedule, unit, now).may_write_self_assessment()
}

/// May `unit` write its explanation (giải trình) at `now`?
pub fn may_write_explanation(schedule: &Schedule, unit: &str, now: SystemTime) -> bool {
    phase(schedule, unit, now).may_write_explanation()
}

/// A moment of the season, as the order diagnostics name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    SelfOpens,
    SelfCloses,
    Results(u32),
    ExplanationOpens(u32),
    ExplanationCloses(u32),
    Publication,
}
